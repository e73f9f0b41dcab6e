"""Snakemake job: results/numerics/network_runs.tsv (one line per run of the network
step-size study) and results/numerics/network.tsv (mean and sd across seeds per step)."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import load_npz
from izhikevich.numerics_network import by_step, run_table
from izhikevich.tabular import write_table, write_tsv


def main(inputs: list[str], runs: str, table: str, html: str, log: str) -> None:
    """Statistics of every run, then per configuration and step across seeds."""
    per_run = run_table(load_npz(path) for path in inputs)
    write_tsv(per_run, runs)
    grouped = by_step(per_run)
    write_table(
        grouped,
        table,
        html,
        title="Network statistics against the step (2003 Fig. 3)",
        intro=f"mean and sd across seeds of {len(per_run)} runs ({runs})",
    )
    with open(log, "w") as handle:
        handle.write(f"{len(per_run)} runs, {len(grouped)} configurations x steps\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(
        list(snakemake.input.npz),
        snakemake.output.runs,
        snakemake.output.table,
        snakemake.output.html,
        snakemake.log[0],
    )
