"""Snakemake job: results/provenance.tsv, the provenance stored in every result NPZ."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import load_npz
from izhikevich.tabular import table, write_table
from izhikevich.validation import provenance_table


def main(inputs: list[str], tsv: str, html: str, log: str) -> None:
    """Package versions, git commit, row and seed of each NPZ."""
    runs = {path: load_npz(path) for path in inputs}
    columns, rows = provenance_table(runs)
    commits = sorted({str(r["git_commit"]) for r in rows})
    summary = f"{len(rows)} result files; git commit(s): {', '.join(commits)}"
    write_table(table(columns, rows), tsv, html, "Provenance of the results", summary)
    with open(log, "w") as handle:
        handle.write(summary + "\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(list(snakemake.input.npz), snakemake.output.tsv, snakemake.output.html, snakemake.log[0])
