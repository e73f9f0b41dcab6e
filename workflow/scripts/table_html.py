"""Snakemake job: a TSV table as a page of the Snakemake report."""

from izhikevich.validation import read_tsv, write_html


def main(table: str, output: str, title: str, log: str) -> None:
    """Render ``table`` (all columns, in file order) as a self-contained HTML page."""
    rows = read_tsv(table)
    columns = list(rows[0]) if rows else []
    write_html(output, title, columns, rows, intro=f"{len(rows)} rows of {table}")
    with open(log, "w") as handle:
        handle.write(f"{table}: {len(rows)} rows -> {output}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input[0], snakemake.output[0], snakemake.input[0], snakemake.log[0])
