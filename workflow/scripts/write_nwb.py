"""Snakemake job: every NPZ of one table -> one NWB file each (results/nwb/...).

NWB writing is kept out of the simulation jobs (pynwb adds ~1 s to a job's start-up);
one job per table writes all its files (~0.15 s each).
"""

import sys
import time
from pathlib import Path

# The workflow's own package first: Snakemake appends the workflow's path to sys.path, so
# an installed izhikevich (of another checkout or version) would otherwise win in this job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.io import failure_logged, load_npz
from izhikevich.nwb import network_nwbfile, neuron_nwbfile, write_nwb

BUILDERS = {"neuron": neuron_nwbfile, "network": network_nwbfile}


def main(npz: list[str], nwb: list[str], kind: str, log: str) -> None:
    """Write ``nwb[i]`` from ``npz[i]`` (``kind``: neuron or network)."""
    build = BUILDERS[kind]
    start = time.perf_counter()
    for source, target in zip(npz, nwb, strict=True):
        write_nwb(build(load_npz(source)), target)
    with open(log, "w") as handle:
        handle.write(
            f"{len(nwb)} {kind} NWB files written in {time.perf_counter() - start:.2f} s\n"
        )


if __name__ == "__main__" and "snakemake" in globals():
    with failure_logged(snakemake.log[0], f"NWB of the {snakemake.params.kind} runs"):
        main(
            list(snakemake.input.npz),
            list(snakemake.output),
            snakemake.params.kind,
            snakemake.log[0],
        )
