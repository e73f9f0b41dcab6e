"""Snakemake job: every f-I curve of params/fI_curves.tsv -> results/fI/{id}.npz."""

import sys
import time
from pathlib import Path

# The workflow's own package first (see simulate_neuron.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Brian2 without matplotlib (izhikevich.simjob), imported here so that the logged time is
# the simulation's.
from izhikevich.simjob import import_brian2  # noqa: E402

import_brian2()

from izhikevich.fi_curves import CurveSettings, compute_curves  # noqa: E402
from izhikevich.guards import row_errors  # noqa: E402
from izhikevich.io import failure_logged, save_npz, with_provenance  # noqa: E402


def main(settings_rows: dict, neuron_rows: dict, outputs: list[str], log: str) -> None:
    """Compute the curves; each NPZ holds its curve, the settings (``fI_*``), the neuron
    row as simulated (input ``0`` plus I_dc, the curve's duration) and provenance."""
    ids = list(settings_rows)
    settings = {k: CurveSettings.from_row(settings_rows[k]) for k in ids}
    start = time.perf_counter()
    with row_errors({"id": ", ".join(ids)}, "f-I curves of neuron"):
        curves = compute_curves([(settings[k], neuron_rows[k]) for k in ids])
    seconds = time.perf_counter() - start
    lines = []
    for k, curve, output in zip(ids, curves, outputs, strict=True):
        spec = settings[k].spec(neuron_rows[k])
        simulated = {**neuron_rows[k], "current": spec.current, "duration_ms": spec.duration_ms}
        arrays = {
            **curve.arrays(),
            **{f"fI_{key}": v for key, v in settings_rows[k].items() if key != "id"},
            "lowest_rate_hz": settings[k].lowest_rate_hz,
            "u0": spec.u_init,
        }
        save_npz(output, with_provenance(arrays, simulated, scheme=spec.scheme))
        lines.append(
            f"{k}: {len(curve.I_dc)} inputs, rheobase {curve.rheobase:.6g}, "
            f"onset {curve.onset_hz:.4g} Hz\n"
        )
    with open(log, "w") as handle:
        handle.writelines(lines + [f"{len(ids)} curves in {seconds:.2f} s\n"])


if __name__ == "__main__" and "snakemake" in globals():
    with failure_logged(snakemake.log[0], "f-I curves"):
        main(
            dict(snakemake.params.settings),
            dict(snakemake.params.rows),
            list(snakemake.output.npz),
            snakemake.log[0],
        )
