"""Snakemake job: the phase planes of one figure's original panels, from NPZ files."""

import sys
from pathlib import Path

# The workflow's own package first (see plot_montage.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import load_npz
from izhikevich.phase_planes import plot_phase_planes


def main(inputs: list[str], figure: str, outputs: list[str], log: str) -> None:
    """Load the original runs of ``figure`` and draw their phase planes (pdf and png)."""
    runs = [load_npz(path) for path in inputs]
    plot_phase_planes(runs, figure, outputs)
    with open(log, "w") as handle:
        handle.write(f"{figure} phase planes: {len(runs)} panels -> {', '.join(outputs)}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        list(snakemake.input.npz),
        snakemake.wildcards.figure,
        list(snakemake.output),
        snakemake.log[0],
    )
