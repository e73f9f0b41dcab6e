"""Snakemake job: results/scheme_comparison.tsv, each original row under every scheme."""

import sys
from collections.abc import Mapping
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import load_npz
from izhikevich.tabular import table, write_table
from izhikevich.validation import scheme_table


def main(
    runs: list[list[str]], schemes: list[str], expectations: Mapping, outputs, log: str
) -> None:
    """Spike count and class per scheme; lists the schemes that change them."""
    by_id: dict[str, dict] = {}
    for row_id, scheme, path in runs:
        arrays = load_npz(path)
        arrays.update(expectations.get(row_id, {}))
        by_id.setdefault(row_id, {})[scheme] = arrays
    columns, rows = scheme_table(by_id, schemes)
    changes = [
        f"{scheme} changes the spike count of "
        + ", ".join(r["id"] for r in rows if scheme in r["count_differs"])
        for scheme in schemes[1:]
    ]
    summary = f"{len(rows)} original rows under {', '.join(schemes)}; " + "; ".join(changes)
    write_table(
        table(columns, rows), outputs.tsv, outputs.html, "Update schemes compared", summary
    )
    with open(log, "w") as handle:
        handle.write(summary + "\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        snakemake.params.runs,
        list(snakemake.params.schemes),
        snakemake.params.table,
        snakemake.output,
        snakemake.log[0],
    )
