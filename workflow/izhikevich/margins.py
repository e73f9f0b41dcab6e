"""How far each run is from changing class: the classifier's thresholds against the runs.

For every threshold of ``izhikevich.behaviour`` and every run whose class it decides, the
measured value is set against the threshold; ``margin_table`` keeps, per threshold, the
run nearest to it on each side (relative distance value/threshold - 1). The README's table
"Classifier margins" is this table for the shipped rows (tests/test_margins.py recomputes
it), printed by::

    python -m izhikevich.margins results/neurons/*.npz
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping

import numpy as np

from . import behaviour as B

#: threshold name -> (value, description); "value >= threshold" is the side named first.
THRESHOLDS = {
    "BURST_ISI_MS": (B.BURST_ISI_MS, "interval nearest the burst limit (ms): <= is in a burst"),
    "BURST_SEPARATION": (B.BURST_SEPARATION, "interval after a burst / longest inside it"),
    "mixed mode pause": (1.0, "pause after the first burst / later interval"),
    "ADAPT_RATIO": (B.ADAPT_RATIO, "last / first interval (adaptation needs >=)"),
    "ADAPT_LENGTHENING": (B.ADAPT_LENGTHENING, "successive lengthening intervals"),
    "CHAOS_CV": (B.CHAOS_CV, "CV of the later intervals (chaos needs >=)"),
    "CLASS2_ONSET_HZ": (B.CLASS2_ONSET_HZ, "first rate on the ramp (Hz; Class 2 needs >=)"),
    "CLASS1_RISE": (B.CLASS1_RISE, "final / first rate on the ramp (Class 1 needs >=)"),
    "LATENCY_MIN_PULSES": (B.LATENCY_MIN_PULSES, "delay after the pulse / pulse duration"),
    "OSC_MIN_SWING_MV": (B.OSC_MIN_SWING_MV, "largest swing of the damped oscillation (mV)"),
    "ADP_MIN_MV": (B.ADP_MIN_MV, "after-depolarisation above rest (mV)"),
    "GRACE_MS": (
        B.GRACE_MS,
        "last spike after an inhibition that made the neuron fire (ms; <= counts as during)",
    ),
}


def _finite(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def decisive_values(arrays: Mapping) -> dict[str, float]:
    """The values a run's classification compares with each threshold it meets."""
    r = B.Run.from_arrays(arrays)
    f = B.measure(r)
    cls, _ = B.classify(f)
    spiking = cls in ("spike frequency adaptation", "chaos", "tonic spiking")
    proto = f["protocol"]
    out: dict[str, float] = {}
    onset = B.epochs(r)[1].start if len(B.epochs(r)) > 1 else r.end
    intervals = B.isis(r.between(onset))
    if proto in ("step", "release", "inhibition") and intervals.size:
        out["BURST_ISI_MS"] = float(
            intervals[np.argmin(np.abs(np.log(intervals / B.BURST_ISI_MS)))]
        )
        if _finite(f["burst_separation"]) and f["sustained"]:
            out["BURST_SEPARATION"] = float(f["burst_separation"])
        sizes = list(f["burst_sizes"])
        if len(sizes) >= 3 and sizes[0] >= 2 and all(s == 1 for s in sizes[1:]):
            out["mixed mode pause"] = float(f["pause_ms"]) / float(f["tonic_isi_ms"])
        if spiking and f["sustained"] and intervals.size >= 2:
            out["ADAPT_RATIO"] = float(f["adaptation"])
            out["ADAPT_LENGTHENING"] = float(f["lengthening"])
        if cls in ("chaos", "tonic spiking") and _finite(f["late_isi_cv"]):
            out["CHAOS_CV"] = float(f["late_isi_cv"])
    if proto == "ramp" and _finite(f["onset_rate_hz"]):
        out["CLASS2_ONSET_HZ"] = float(f["onset_rate_hz"])
        out["CLASS1_RISE"] = float(f["final_rate_hz"]) / float(f["onset_rate_hz"])
    if proto == "pulse" and f["n_spikes"] == 1:
        out["ADP_MIN_MV"] = float(f["adp_mv"])
        if cls != "depolarizing after-potential":
            out["LATENCY_MIN_PULSES"] = float(f["latency_ms"]) / float(f["pulse_ms"])
    if proto in ("pulse", "release and pulse") and _finite(f["osc_swing_mv"]):
        out["OSC_MIN_SWING_MV"] = float(f["osc_swing_mv"])
    if proto == "inhibition":
        eps = B.epochs(r)
        low = [e for e in eps[1:-1] if e.level != eps[-1].level][0]
        if r.count(low.start, low.stop):  # the grace applies to firing during inhibition
            out["GRACE_MS"] = float(r.spikes[-1] - low.stop)
    return out


def margin_table(runs: Iterable[Mapping]) -> list[dict]:
    """Per threshold: the run nearest to it from above (>=) and from below, with the value
    and its relative distance value/threshold - 1."""
    values: dict[str, list[tuple[float, str]]] = {name: [] for name in THRESHOLDS}
    for arrays in runs:
        for name, value in decisive_values(arrays).items():
            values[name].append((value, str(arrays["id"])))
    rows = []
    for name, (threshold, meaning) in THRESHOLDS.items():
        above = [(v, i) for v, i in values[name] if v >= threshold]
        below = [(v, i) for v, i in values[name] if v < threshold]
        row = {
            "threshold": name,
            "value": threshold,
            "meaning": meaning,
            "runs": len(values[name]),
        }
        for side, items, pick in (("above", above, min), ("below", below, max)):
            if items:
                v, i = pick(items)
                row[side] = (i, v, v / threshold - 1)
        rows.append(row)
    return rows


def markdown(rows: list[dict]) -> str:
    """The README's margins table."""
    lines = [
        "| threshold | value | measured | runs | nearest at or above | nearest below |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        cells = []
        for side in ("above", "below"):
            if side in row:
                run_id, v, rel = row[side]
                cells.append(f"`{run_id}` {v:.3g} ({rel:+.0%})")
            else:
                cells.append("none")
        lines.append(
            f"| `{row['threshold']}` | {row['value']:g} | {row['meaning']} | {row['runs']} | "
            f"{cells[0]} | {cells[1]} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    from .io import load_npz

    print(markdown(margin_table(load_npz(path) for path in sys.argv[1:])))
