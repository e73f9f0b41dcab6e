"""Snakemake job: results/network/summary.tsv and summary_by_scheme.tsv from the NPZ files."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import load_npz
from izhikevich.network_stats import by_configuration, summary_table
from izhikevich.tabular import write_tsv


def main(inputs: list[str], summary: str, by_scheme: str, log: str) -> None:
    """One line per run (statistics), then mean/sd/n across seeds per configuration."""
    table = summary_table(load_npz(path) for path in inputs)
    write_tsv(table, summary)
    grouped = by_configuration(table)
    write_tsv(grouped, by_scheme)
    with open(log, "w") as handle:
        handle.write(f"{len(table)} runs, {len(grouped)} configuration statistics\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        list(snakemake.input.npz),
        snakemake.output.summary,
        snakemake.output.by_scheme,
        snakemake.log[0],
    )
