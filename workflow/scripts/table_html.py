"""Snakemake job: a TSV table as a page of the Snakemake report."""

from izhikevich.tabular import read_tsv, write_html


def main(table: str, output: str, title: str, log: str) -> None:
    """Render ``table`` (all columns, in file order) as a self-contained HTML page."""
    frame = read_tsv(table)
    write_html(frame, output, title, intro=f"{len(frame)} rows of {table}")
    with open(log, "w") as handle:
        handle.write(f"{table}: {len(frame)} rows -> {output}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input.table, snakemake.output[0], snakemake.input.table, snakemake.log[0])
