"""Snakemake job: the paper-style montage of one figure and variant, from NPZ files."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import load_npz
from izhikevich.plotting import plot_montage


def main(inputs: list[str], figure: str, variant: str, outputs: list[str], log: str) -> None:
    """Load the runs of ``figure``/``variant`` and draw them (pdf and png)."""
    runs = [load_npz(path) for path in inputs]
    plot_montage(runs, figure, variant, outputs)
    with open(log, "w") as handle:
        handle.write(f"{figure} {variant}: {len(runs)} panels -> {', '.join(outputs)}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        list(snakemake.input.npz),
        snakemake.wildcards.figure,
        snakemake.wildcards.variant,
        list(snakemake.output),
        snakemake.log[0],
    )
