"""Snakemake job: the f-I curve of one row of params/fI_curves.tsv -> results/fI/{id}.npz."""

import sys
import time
from pathlib import Path

# The workflow's own package first (see simulate_neuron.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# No matplotlib in simulation jobs (see simulate_neuron.py).
sys.modules.setdefault("pylab", None)
import brian2  # noqa: E402, F401 (imported here so that the logged time is the simulation's)

from izhikevich.fi_curves import CurveSettings, compute_curve  # noqa: E402
from izhikevich.guards import row_errors  # noqa: E402
from izhikevich.io import failure_logged, save_npz, with_provenance  # noqa: E402


def main(settings_row: dict, neuron_row: dict, output: str, log: str) -> None:
    """Compute the curve; its NPZ holds the curve, the settings, the neuron row as simulated
    (input ``0`` plus I_dc, the curve's duration) and provenance."""
    settings = CurveSettings.from_row(settings_row)
    spec = settings.spec(neuron_row)
    start = time.perf_counter()
    curve = compute_curve(settings, neuron_row)
    seconds = time.perf_counter() - start
    simulated = {**neuron_row, "current": spec.current, "duration_ms": spec.duration_ms}
    arrays = {
        **curve.arrays(),
        **{f"fI_{k}": v for k, v in settings_row.items() if k != "id"},
        "lowest_rate_hz": settings.lowest_rate_hz,
        "u0": spec.u_init,
    }
    save_npz(output, with_provenance(arrays, simulated, scheme=spec.scheme))
    with open(log, "w") as handle:
        handle.write(
            f"{settings.id}: {len(curve.I_dc)} inputs ({settings.refine_rounds} refinements), "
            f"rheobase {curve.rheobase:.6g}, onset {curve.onset_hz:.4g} Hz, {seconds:.2f} s\n"
        )


if __name__ == "__main__" and "snakemake" in globals():
    settings_row = dict(snakemake.params.settings)
    neuron_row = dict(snakemake.params.row)
    with failure_logged(snakemake.log[0], settings_row["id"]), row_errors(neuron_row, "neuron"):
        main(settings_row, neuron_row, snakemake.output[0], snakemake.log[0])
