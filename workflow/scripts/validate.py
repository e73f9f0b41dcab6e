"""Snakemake job: results/validation.tsv (and its report page) from every row's NPZ."""

import sys
from collections.abc import Mapping
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import load_npz
from izhikevich.tabular import table, write_table
from izhikevich.validation import validation_table


def main(inputs: list[str], expectations: Mapping, tsv: str, html: str, log: str) -> None:
    """Measure, classify and compare every run with the class its row expects."""
    runs = []
    for path in inputs:
        arrays = load_npz(path)
        arrays.update(expectations.get(arrays["id"], {}))
        runs.append(arrays)
    columns, rows = validation_table(runs)
    failed = [r["id"] for r in rows if r["result"] != "pass"]
    summary = f"{len(rows) - len(failed)} of {len(rows)} runs pass"
    summary += f"; fail: {', '.join(failed)}" if failed else ""
    write_table(table(columns, rows), tsv, html, "Behaviour check of every run", summary)
    with open(log, "w") as handle:
        handle.write(summary + "\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        list(snakemake.input.npz),
        snakemake.params.table,
        snakemake.output.tsv,
        snakemake.output.html,
        snakemake.log[0],
    )
