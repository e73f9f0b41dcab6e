"""Snakemake job: one chunk of a parameter-atlas map -> results/atlas/{map}/chunk{k}.npz."""

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

from izhikevich.atlas_chunks import simulate_chunk  # noqa: E402
from izhikevich.guards import row_errors  # noqa: E402
from izhikevich.io import failure_logged, save_npz, with_provenance  # noqa: E402


def main(sweep: dict, protocol: dict, marks: dict, chunk: int, output: str, log: str) -> None:
    """Simulate and classify the chunk's points; write its NPZ."""
    start = time.perf_counter()
    arrays = simulate_chunk(sweep, protocol, marks, chunk)
    seconds = time.perf_counter() - start
    row = {**sweep, "chunk": chunk, "protocol_row": protocol["id"]}
    save_npz(output, with_provenance(arrays, row, scheme=sweep["scheme"]))
    n = arrays["point"].size
    with open(log, "w") as handle:
        handle.write(
            f"{sweep['id']} chunk {chunk}: {n} points, protocol {arrays['protocol_name']!r} "
            f"(v recorded: {bool(arrays['records_v'])}), {arrays['spike_times_ms'].size} "
            f"spikes, simulated and classified in {seconds:.2f} s "
            f"({1e6 * seconds / max(n, 1):.1f} us per point)\n"
        )


if __name__ == "__main__" and "snakemake" in globals():
    sweep = dict(snakemake.params.sweep)
    with failure_logged(snakemake.log[0], sweep["id"]), row_errors(sweep, "sweep"):
        main(
            sweep,
            dict(snakemake.params.protocol),
            dict(snakemake.params.marks),
            int(snakemake.wildcards.chunk),
            snakemake.output[0],
            snakemake.log[0],
        )
