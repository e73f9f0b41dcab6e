"""Snakemake job: results/figures/scheme_comparison.{pdf,png} from its TSV."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
