"""Snakemake job: simulate one row of params/network.tsv -> results/network/{id}.npz, or
at another step (the step-size study, params/numerics_network.tsv, params ``dt_ms``) ->
results/numerics/network/{id}/dt{step}ms.npz."""

import dataclasses
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
from izhikevich.network import NetworkSpec, simulate_network  # noqa: E402


def main(row: dict, output: str, log: str, dt_ms: float | None = None) -> None:
    """Simulate ``row`` (at step ``dt_ms`` if given) and write its NPZ (spikes, parameters,
    traces, row, provenance)."""
    spec = NetworkSpec.from_row(row)
    if dt_ms is not None:
        spec = dataclasses.replace(spec, step_ms=dt_ms)
    start = time.perf_counter()
    result = simulate_network(spec)
    seconds = time.perf_counter() - start
    arrays = result.arrays(spec)
    save_npz(output, with_provenance(arrays, row, scheme=spec.scheme))
    rate = len(result.spike_times_ms) / spec.N / (spec.duration_ms / 1000)
    with open(log, "w") as handle:
        handle.write(
            f"{row['id']}: scheme {spec.scheme}, {spec.Ne}+{spec.Ni} neurons, seed {spec.seed}, "
            f"weights x{spec.weight_factor:g}, {spec.n_steps} steps of {spec.dt_ms:g} ms: "
            f"{len(result.spike_times_ms)} spikes ({rate:.2f} Hz per neuron), "
            f"simulated in {seconds:.2f} s\n"
        )


if __name__ == "__main__" and "snakemake" in globals():
    row = dict(snakemake.params.row)
    # any error of the run (non-finite state, Brian2, NumPy) names the row; no NPZ is written
    with failure_logged(snakemake.log[0], row["id"]), row_errors(row, "network"):
        step = getattr(snakemake.params, "dt_ms", None)
        main(row, snakemake.output[0], snakemake.log[0], None if step is None else float(step))
