"""Snakemake job: results/numerics/single_neuron.tsv, the step-size study of single neurons."""

import sys
from collections.abc import Mapping
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import load_npz
from izhikevich.numerics import COLUMNS, study_rows
from izhikevich.tabular import table, write_table


def main(runs: list[list[str]], study: Mapping, expectations: Mapping, outputs, log: str) -> None:
    """Spike count, class, first spike and error against the reference of every run; the
    verdict of every row."""
    by_id: dict[str, dict] = {}
    for row_id, run, path in runs:
        by_id.setdefault(row_id, {})[run] = load_npz(path)
    lines = []
    for row_id, arrays in by_id.items():
        lines += study_rows(study[row_id], arrays, expectations.get(row_id, {}))
    verdicts = {}
    for line in lines:
        verdicts.setdefault(line["verdict"], set()).add(line["id"])
    summary = f"{len(by_id)} rows: " + "; ".join(f"{v}: {len(ids)}" for v, ids in verdicts.items())
    write_table(
        table(COLUMNS, lines),
        outputs.tsv,
        outputs.html,
        "Single neurons against the step",
        summary,
    )
    with open(log, "w") as handle:
        handle.write(summary + "\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        snakemake.params.runs,
        snakemake.params.study,
        snakemake.params.table,
        snakemake.output,
        snakemake.log[0],
    )
