"""Snakemake job: results/figures/validation.{pdf,png} from results/validation.tsv."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.tabular import read_tsv
from izhikevich.validation_plots import plot_validation


def main(table: str, outputs: list[str], log: str) -> None:
    """Draw pass/fail of every panel and variant."""
    rows = read_tsv(table).to_dict("records")
    plot_validation(rows, outputs)
    with open(log, "w") as handle:
        handle.write(f"{len(rows)} runs -> {', '.join(outputs)}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input.table, list(snakemake.output), snakemake.log[0])
