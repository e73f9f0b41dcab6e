"""Snakemake job: 2003 Fig. 3 and the seeds figure, from the network NPZ files and summary."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import load_npz
from izhikevich.plotting import plot_network_fig3, plot_network_seeds


def main(fig3: str, npz: list[str], by_scheme: str, outputs: dict, log: str) -> None:
    """Draw izhikevich2003_fig3 (one run) and network_seeds (every run), pdf and png."""
    import pandas as pd

    plot_network_fig3(load_npz(fig3), [outputs["fig3_pdf"], outputs["fig3_png"]])
    runs = [load_npz(path) for path in npz]
    table = pd.read_csv(by_scheme, sep="\t", keep_default_na=False, na_values=["NA"])
    plot_network_seeds(runs, table, [outputs["seeds_pdf"], outputs["seeds_png"]])
    with open(log, "w") as handle:
        handle.write(f"Fig. 3 from {fig3}; seeds figure from {len(runs)} runs\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        snakemake.input.fig3,
        list(snakemake.input.npz),
        snakemake.input.by_scheme,
        dict(snakemake.output),
        snakemake.log[0],
    )
