"""Snakemake job: results/runtimes.tsv, per-job runtimes from the benchmark: files."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.tabular import table, write_table
from izhikevich.validation import runtimes_table


def main(benchmarks: dict[str, str], tsv: str, html: str, log: str) -> None:
    """Wall time, peak memory and CPU time of every simulation job."""
    columns, rows = runtimes_table(benchmarks)
    total = sum(r["seconds"] for r in rows if r["seconds"] == r["seconds"])
    summary = f"{len(rows)} jobs, {total:.1f} s in total (benchmark: files of the last run)"
    write_table(table(columns, rows), tsv, html, "Runtimes of the simulation jobs", summary)
    with open(log, "w") as handle:
        handle.write(summary + "\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        dict(zip(snakemake.params.jobs, snakemake.input.benchmarks, strict=True)),
        snakemake.output.tsv,
        snakemake.output.html,
        snakemake.log[0],
    )
