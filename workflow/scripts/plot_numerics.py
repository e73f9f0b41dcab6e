"""Snakemake job: the step-size study's figures, from results/numerics/single_neuron.tsv."""

import sys
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.numerics_plots import plot_convergence, plot_steps
from izhikevich.tabular import read_tsv


def main(table: str, output, log: str) -> None:
    """Panels x steps grid and the convergence plot."""
    lines = read_tsv(table).to_dict("records")
    plot_steps(lines, [output.steps_pdf, output.steps_png])
    plot_convergence(lines, [output.convergence_pdf, output.convergence_png])
    with open(log, "w") as handle:
        handle.write(f"{len(lines)} runs -> {', '.join(output)}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input.table, snakemake.output, snakemake.log[0])
