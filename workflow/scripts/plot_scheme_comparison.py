"""Snakemake job: results/figures/scheme_comparison.{pdf,png} from its TSV."""

from izhikevich.tabular import read_tsv
from izhikevich.validation_plots import plot_scheme_comparison


def main(table: str, schemes: list[str], outputs: list[str], log: str) -> None:
    """Draw spike count and class of every original panel under each scheme."""
    rows = read_tsv(table).to_dict("records")
    plot_scheme_comparison(rows, schemes, outputs)
    with open(log, "w") as handle:
        handle.write(f"{len(rows)} panels x {len(schemes)} schemes -> {', '.join(outputs)}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        snakemake.input.table,
        list(snakemake.params.schemes),
        list(snakemake.output),
        snakemake.log[0],
    )
