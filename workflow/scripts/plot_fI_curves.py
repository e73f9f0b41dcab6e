"""Snakemake job: results/figures/fI_curves.{pdf,png} from the f-I NPZ files."""

import sys
from pathlib import Path

# The workflow's own package first (see plot_montage.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.fi_report import plot_fI
from izhikevich.io import load_npz


def main(inputs: list[str], outputs: list[str], log: str) -> None:
    """Draw every f-I curve (pdf and png)."""
    curves = [load_npz(path) for path in inputs]
    plot_fI(curves, outputs)
    with open(log, "w") as handle:
        handle.write(f"{len(curves)} f-I curves -> {', '.join(outputs)}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(list(snakemake.input.npz), list(snakemake.output), snakemake.log[0])
