"""Snakemake job: results/figures/validation.{pdf,png} from results/validation.tsv."""

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
