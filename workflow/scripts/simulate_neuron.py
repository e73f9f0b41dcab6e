"""Snakemake job: simulate one row of params/neurons.tsv -> results/neurons/{id}.npz."""

import sys
import time
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Brian2 without matplotlib (izhikevich.simjob), imported here so that the logged time is
# the simulation's.
from izhikevich.simjob import import_brian2  # noqa: E402

import_brian2()

from izhikevich.guards import row_errors  # noqa: E402
from izhikevich.io import failure_logged, save_npz, with_provenance  # noqa: E402
from izhikevich.model import NeuronSpec, simulate_neuron  # noqa: E402


def main(row: dict, output: str, log: str) -> None:
    """Simulate ``row`` and write its NPZ (trace, spikes, row columns, provenance)."""
    spec = NeuronSpec.from_row(row)
    start = time.perf_counter()
    trace = simulate_neuron(spec)
    seconds = time.perf_counter() - start
    arrays = {**trace.arrays(), "u0": spec.u_init}
    save_npz(output, with_provenance(arrays, row, scheme=spec.scheme))
    with open(log, "w") as handle:
        handle.write(
            f"{row['id']}: scheme {spec.scheme}, {len(trace.t_ms)} steps of {spec.dt_ms} ms, "
            f"{len(trace.spike_times_ms)} spikes, simulated in {seconds:.3f} s\n"
        )


if __name__ == "__main__" and "snakemake" in globals():
    row = dict(snakemake.params.row)
    # any error of the run (non-finite state, Brian2, NumPy) names the row; no NPZ is written
    with failure_logged(snakemake.log[0], row["id"]), row_errors(row, "neuron"):
        main(row, snakemake.output[0], snakemake.log[0])
