"""Snakemake job: results/figures/numerics_network.{pdf,png}, each statistic of the network
against the step (results/numerics/network*.tsv; spectra from the runs' NPZ files)."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import load_npz
from izhikevich.numerics_network_plots import plot_numerics_network
from izhikevich.tabular import read_tsv


def main(runs: str, table: str, npz: list[str], outputs: list[str], log: str) -> None:
    """Draw the figure (pdf and png)."""
    plot_numerics_network(read_tsv(runs), read_tsv(table), [load_npz(p) for p in npz], outputs)
    with open(log, "w") as handle:
        handle.write(f"{len(npz)} runs -> {', '.join(outputs)}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        snakemake.input.runs,
        snakemake.input.table,
        list(snakemake.input.npz),
        [snakemake.output.pdf, snakemake.output.png],
        snakemake.log[0],
    )
