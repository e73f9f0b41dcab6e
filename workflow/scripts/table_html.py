"""Snakemake job: a TSV table as a page of the Snakemake report."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.tabular import read_tsv, write_html


def main(table: str, output: str, title: str, log: str) -> None:
    """Render ``table`` (all columns, in file order) as a self-contained HTML page."""
    frame = read_tsv(table)
    write_html(frame, output, title, intro=f"{len(frame)} rows of {table}")
    with open(log, "w") as handle:
        handle.write(f"{table}: {len(frame)} rows -> {output}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input.table, snakemake.output[0], snakemake.input.table, snakemake.log[0])
