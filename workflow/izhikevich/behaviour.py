"""Which behaviour does a run show? Measured features and a classifier.

Izhikevich (2004, "Which Model to Use...", Fig. 1) tells twenty neurocomputational
features apart by the response to a stimulation protocol: a step, a ramp, brief pulses,
pulse pairs, inhibition. This module

1. reads the protocol from the recorded input (``izhikevich.protocol``: ``epochs``,
   ``protocol``), so the same code serves the published protocols and the seed notebook's;
2. measures the features the paper uses (``measure``): spikes per input epoch,
   first-spike latency after an input change, inter-spike intervals (adaptation, CV),
   bursts, damped subthreshold oscillation (swing, frequency, decay), responses to pulse
   pairs, rebound after inhibition, persistent firing between pulses, after-
   depolarisation, spiking during inhibition;
3. assigns a class from those features alone (``classify``), never from the row's name.

Classes are the 2004 features (Fig. 1 A-T), the seed notebook's ``chaos`` (U), and
``quiescent`` / ``unclassified`` when no named pattern fits. The 2003 Fig. 2 types are
named by the 2004 feature the papers give them (``expected`` column of
params/neurons.tsv). Times are model milliseconds, as every NPZ holds them, whichever
update scheme made the run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .protocol import Epoch, Run, epochs, excursions, protocol

Verdict = tuple[bool, str]

# Thresholds (model ms, mV, Hz). Where the paper gives a number it is cited.
#: Spikes closer than this belong to one burst (2004 Fig. 1 C, D: intra-burst intervals
#: of a few ms against tens of ms between bursts).
BURST_ISI_MS = 10.0
#: Subthreshold v is read this long after a spike or an input change.
SETTLE_MS = 5.0
#: A group of spikes is a burst only if the interval after it is at least this many times
#: the longest interval inside it (2004 Fig. 1 C, E: intra-burst intervals of a few ms,
#: then a pause of tens of ms). A regular or smoothly adapting train has ratios near 1-1.5
#: (2003 Fig. 2 LTS: 8.75 -> 13.25 ms), so intervals that merely straddle BURST_ISI_MS
#: (2003 Fig. 2 FS fires at ~100 Hz, intervals 9-10 ms) do not make bursts.
BURST_SEPARATION = 2.0
#: Spike latency (2004 Fig. 1 I): "for a relatively weak but superthreshold input, the delay
#: ... can be quite large": the spike comes after the pulse has ended, by at least the
#: pulse's own duration (a spike of a strong input comes during the pulse).
LATENCY_MIN_PULSES = 1.0
#: Damped oscillation: a peak and a trough of v (only an oscillating, i.e. complex-
#: eigenvalue, linearisation has two extrema in a relaxation) this far apart.
OSC_MIN_SWING_MV = 0.5
#: After-depolarisation (2004 Fig. 1 Q): a hump at least this high above rest, within
#: ``ADP_WINDOW_MS`` of the spike.
ADP_MIN_MV = 2.0
ADP_WINDOW_MS = 10.0
#: Class 2 excitability (2004 Fig. 1 H): firing starts at "a relatively large frequency,
#: say 40 Hz"; class 1 (G) starts lower and speeds up with the input.
CLASS2_ONSET_HZ = 40.0
CLASS1_RISE = 2.0
#: Spike frequency adaptation (2004 Fig. 1 F): intervals lengthen (each by 10 % or more)
#: over at least 3 successive intervals, and the last is 3x the first. A regular
#: spiker (A) reaches its steady period after one or two intervals.
ADAPT_LENGTHENING = 3
ADAPT_RATIO = 3.0
#: Chaos (seed notebook U): irregular steady firing, CV of the later intervals above 0.3.
CHAOS_CV = 0.3
#: Spikes this soon after inhibition ends still count as spikes during it if it had made
#: the neuron fire (2004 Fig. 1 S, T), and after the switching-off pulse of bistability (P).
GRACE_MS = 10.0

FEATURES_2004 = (
    "tonic spiking",
    "phasic spiking",
    "tonic bursting",
    "phasic bursting",
    "mixed mode",
    "spike frequency adaptation",
    "Class 1 excitable",
    "Class 2 excitable",
    "spike latency",
    "subthreshold oscillations",
    "resonator",
    "integrator",
    "rebound spike",
    "rebound burst",
    "threshold variability",
    "bistability",
    "depolarizing after-potential",
    "accommodation",
    "inhibition-induced spiking",
    "inhibition-induced bursting",
)
#: Every class ``classify`` can assign (the ``expected`` column takes one of them).
CLASSES = (*FEATURES_2004, "chaos", "quiescent", "unclassified")
#: Protocols whose class reads v (damped oscillation, after-depolarisation: the rules of
#: "pulse" and "release and pulse"); every other protocol is classified from the input and
#: the spikes alone, so a run may leave v out (``Run.v = None``; the parameter atlas).
V_PROTOCOLS = frozenset({"pulse", "release and pulse"})


# --------------------------------------------------------------------------- spike trains


def isis(spikes: np.ndarray) -> np.ndarray:
    """Inter-spike intervals."""
    return np.diff(np.asarray(spikes, dtype=float))


def bursts(spikes: np.ndarray, max_isi: float = BURST_ISI_MS) -> list[np.ndarray]:
    """Groups of spikes whose consecutive intervals are all <= ``max_isi`` (singles too)."""
    spikes = np.asarray(spikes, dtype=float)
    if spikes.size == 0:
        return []
    breaks = np.flatnonzero(isis(spikes) > max_isi) + 1
    return np.split(spikes, breaks)


def burst_separation(groups: list[np.ndarray]) -> float:
    """Smallest ratio, over the groups of 2+ spikes followed by another spike, of the
    interval after the group to the longest interval inside it (NaN if there is none)."""
    ratios = [
        (float(nxt[0] - group[-1]) / float(isis(group).max()))
        for group, nxt in zip(groups[:-1], groups[1:], strict=True)
        if group.size >= 2
    ]
    return min(ratios) if ratios else math.nan


def lengthening(intervals: np.ndarray, factor: float = 1.1) -> int:
    """How many successive intervals, from the first, are each ``factor`` x the previous."""
    n = 0
    for previous, current in zip(intervals[:-1], intervals[1:], strict=True):
        if current < factor * previous:
            break
        n += 1
    return n


def sustained(spikes: np.ndarray, stop: float) -> bool:
    """Firing goes on until ``stop``: 3+ spikes, the last one closer to ``stop`` than
    twice the longest interval of the train (for bursters: the period of the bursts)."""
    if len(spikes) < 3:
        return False
    return stop - float(spikes[-1]) <= 2 * float(isis(spikes).max())


# --------------------------------------------------------------------------- traces


def local_maxima(v: np.ndarray) -> np.ndarray:
    """Indices of strict local maxima of a sampled trace."""
    v = np.asarray(v)
    return np.flatnonzero((v[1:-1] > v[:-2]) & (v[1:-1] >= v[2:])) + 1


def extrema(v: np.ndarray) -> np.ndarray:
    """Indices where v turns (maxima and minima alternate); flat stretches are skipped."""
    v = np.asarray(v, dtype=float)
    steps = np.diff(v)
    moving = np.flatnonzero(steps != 0)
    if moving.size < 2:
        return np.array([], dtype=int)
    signs = np.sign(steps[moving])
    turns = np.flatnonzero(signs[1:] != signs[:-1])
    return moving[turns] + 1


@dataclass(frozen=True)
class Oscillation:
    """Largest peak-trough swing (mV), frequency (Hz), decay of the second swing."""

    swing: float
    freq_hz: float
    decay: float

    @property
    def present(self) -> bool:
        return self.swing >= OSC_MIN_SWING_MV


def oscillation(t: np.ndarray, v: np.ndarray) -> Oscillation:
    """Damped ringing of a subthreshold stretch of v (no spikes in it).

    A relaxation of a non-oscillating (real-eigenvalue) linearisation turns at most once;
    a peak *and* a trough inside the window mean a damped oscillation. Swings are the
    differences between successive turning points; frequency from the first two.
    """
    turns = extrema(v)
    if turns.size < 2:
        return Oscillation(0.0, math.nan, math.nan)
    swings = np.abs(np.diff(v[turns]))
    half_period = float(t[turns[1]] - t[turns[0]])
    decay = float(swings[1] / swings[0]) if swings.size >= 2 and swings[0] > 0 else math.nan
    return Oscillation(float(swings.max()), 1000 / (2 * half_period), decay)


def after_depolarisation(r: Run, spike: float) -> float:
    """Height (mV, above the final v) of the first hump of v within 10 ms after a spike."""
    window = (r.t > spike) & (r.t <= spike + ADP_WINDOW_MS)
    v = r.v[window]
    peaks = local_maxima(v)
    if not peaks.size:
        return 0.0
    return float(v[peaks[0]] - r.v[-1])


# --------------------------------------------------------------------------- features


#: Columns of results/validation.tsv written from ``measure``, in order.
FEATURE_COLUMNS = (
    "protocol",
    "input_levels",
    "epoch_spikes",
    "n_spikes",
    "latency_ms",
    "isi_first_ms",
    "isi_last_ms",
    "adaptation",
    "lengthening",
    "isi_cv",
    "late_isi_cv",
    "burst_sizes",
    "n_bursts",
    "burst_separation",
    "pause_ms",
    "tonic_isi_ms",
    "sustained",
    "onset_rate_hz",
    "final_rate_hz",
    "osc_swing_mv",
    "osc_freq_hz",
    "osc_decay",
    "pulse_ms",
    "adp_mv",
    "pair_intervals_ms",
    "pair_spikes",
    "before_spikes",
    "inhibition_spikes",
    "rebound_spikes",
    "persistent_spikes",
    "after_spikes",
)


def measure(r: Run, eps: list[Epoch] | None = None) -> dict:
    """The features of one run (see FEATURE_COLUMNS); NaN / None where not applicable.
    ``eps``: ``epochs(r)``, when the caller already has them (runs sharing one input)."""
    eps = epochs(r) if eps is None else eps
    proto = protocol(eps)
    if r.v is None and proto in V_PROTOCOLS:
        raise ValueError(f"the {proto!r} protocol is classified on v; the run has no v")
    onset = eps[1].start if len(eps) > 1 else r.end
    response = r.between(onset)
    intervals = isis(response)
    groups = bursts(response)
    f: dict = dict.fromkeys(FEATURE_COLUMNS)
    f.update(
        protocol=proto,
        input_levels=[e.level if e.kind == "level" else (e.level, e.final) for e in eps],
        epoch_spikes=[r.count(e.start, e.stop if e is not eps[-1] else np.inf) for e in eps],
        n_spikes=int(r.spikes.size),
        latency_ms=_latency(r, eps),
        isi_first_ms=float(intervals[0]) if intervals.size else math.nan,
        isi_last_ms=float(intervals[-1]) if intervals.size else math.nan,
        adaptation=float(intervals[-1] / intervals[0]) if intervals.size >= 2 else math.nan,
        lengthening=lengthening(intervals),
        isi_cv=_cv(intervals),
        late_isi_cv=_cv(intervals[len(intervals) // 2 :]) if intervals.size >= 6 else math.nan,
        burst_sizes=[int(g.size) for g in groups],
        n_bursts=sum(1 for g in groups if g.size >= 2),
        sustained=sustained(response, r.end),
        before_spikes=r.count(stop=onset),
        burst_separation=burst_separation(groups),
    )
    if len(groups) >= 2 and groups[0].size >= 2:
        # mixed mode (2004 Fig. 1 E): the pause after the first burst against the period
        # of the spikes after it
        f["pause_ms"] = float(groups[1][0] - groups[0][-1])
        later = isis(np.concatenate(groups[1:]))
        f["tonic_isi_ms"] = float(np.median(later)) if later.size else math.nan
    if r.spikes.size and r.v is not None:
        f["adp_mv"] = after_depolarisation(r, float(r.spikes[-1]))
    _MEASURES.get(proto, lambda *_: None)(r, eps, f)
    return f


def _latency(r: Run, eps: list[Epoch]) -> float:
    """First spike after the first input change, from the last change before it."""
    if len(eps) < 2:
        return math.nan
    later = r.between(eps[1].start)
    if not later.size:
        return math.nan
    last_change = max(e.start for e in eps[1:] if e.start <= later[0])
    return float(later[0] - last_change)


def _cv(intervals: np.ndarray) -> float:
    return float(np.std(intervals) / np.mean(intervals)) if intervals.size >= 2 else math.nan


def _subthreshold(r: Run, start: float, stop: float, f: dict) -> None:
    """Oscillation features of v over [start, stop), after the last spike in it settled."""
    inside = r.between(start, stop)
    if inside.size:
        start = float(inside[-1])
    window = (r.t >= start + SETTLE_MS) & (r.t < stop)
    osc = oscillation(r.t[window], r.v[window])
    f.update(osc_swing_mv=osc.swing, osc_freq_hz=osc.freq_hz, osc_decay=osc.decay)


def _measure_ramp(r: Run, eps: list[Epoch], f: dict) -> None:
    on_ramp = isis(r.between(eps[-1].start))
    if on_ramp.size:
        f["onset_rate_hz"] = 1000 / float(on_ramp[0])
        f["final_rate_hz"] = 1000 / float(on_ramp[-1])


def _measure_ramps(r: Run, eps: list[Epoch], f: dict) -> None:
    slow, fast = sorted((e for e in eps if e.kind == "ramp"), key=lambda e: e.slope)
    first, second = sorted((slow, fast), key=lambda e: e.start)
    f["pair_spikes"] = [r.count(slow.start, second.start if slow is first else np.inf)]
    f["pair_spikes"].append(r.count(fast.start, second.start if fast is first else np.inf))


def _measure_pulse(r: Run, eps: list[Epoch], f: dict) -> None:
    pulse = excursions(eps)[0]
    _subthreshold(r, pulse.stop, np.inf, f)
    after = r.between(pulse.stop)
    f["latency_ms"] = float(after[0] - pulse.stop) if after.size else math.nan
    f["pulse_ms"] = pulse.stop - pulse.start


def _measure_pairs(r: Run, eps: list[Epoch], f: dict) -> None:
    p = excursions(eps)
    f["pair_intervals_ms"] = [p[1].start - p[0].start, p[3].start - p[2].start]
    f["pair_spikes"] = [r.count(p[0].start, p[2].start), r.count(p[2].start)]


def _measure_two_pulses(r: Run, eps: list[Epoch], f: dict) -> None:
    on, off = excursions(eps)
    f["before_spikes"] = r.count(stop=on.start)
    f["persistent_spikes"] = r.count(on.start, off.start)
    f["after_spikes"] = r.count(off.stop + GRACE_MS)
    between = r.between(on.start, off.start)
    f["sustained"] = sustained(between, off.start)


def _measure_pulse_inhibition_pulse(r: Run, eps: list[Epoch], f: dict) -> None:
    first, low, second = excursions(eps)
    f["before_spikes"] = r.count(first.start, low.start)  # to the lone pulse
    f["inhibition_spikes"] = r.count(low.start, second.start)
    f["after_spikes"] = r.count(second.start)  # to the pulse after inhibition


def _measure_inhibition(r: Run, eps: list[Epoch], f: dict) -> None:
    (low,) = excursions(eps)
    f["before_spikes"] = r.count(stop=low.start)
    # spikes just after the inhibition continue firing that started during it (S, T); if
    # none came during it, every spike after the release is a rebound (M, N)
    end = low.stop + GRACE_MS if r.count(low.start, low.stop) else low.stop
    f["inhibition_spikes"] = r.count(low.start, end)
    f["rebound_spikes"] = r.count(end)


def _measure_release(r: Run, eps: list[Epoch], f: dict) -> None:
    f["rebound_spikes"] = r.count(eps[1].start)


def _measure_release_pulse(r: Run, eps: list[Epoch], f: dict) -> None:
    (pulse,) = excursions(eps)
    f["before_spikes"] = r.count(eps[1].start, pulse.start)
    f["after_spikes"] = r.count(pulse.start)
    _subthreshold(r, eps[1].start, pulse.start, f)


_MEASURES = {
    "ramp": _measure_ramp,
    "ramps": _measure_ramps,
    "pulse": _measure_pulse,
    "pulse pairs": _measure_pairs,
    "two pulses": _measure_two_pulses,
    "pulse-inhibition-pulse": _measure_pulse_inhibition_pulse,
    "inhibition": _measure_inhibition,
    "release": _measure_release,
    "release and pulse": _measure_release_pulse,
}


# --------------------------------------------------------------------------- classifier


def classify(f: Mapping) -> tuple[str, str]:
    """(class, evidence) from the features of ``measure`` alone."""
    rule = _RULES.get(str(f["protocol"]))
    if rule is None:
        return "unclassified", f"no rule for the {f['protocol']!r} protocol"
    return rule(f)


def _n(value) -> float:
    """A feature as a number (None -> NaN)."""
    return math.nan if value is None else float(value)


def _pattern(f: Mapping, rebound: bool = False) -> tuple[str, str]:
    """Firing after an input change (2004 Fig. 1 A-F, M, N; 2003 Fig. 2 types)."""
    sizes = list(f["burst_sizes"])
    n = sum(sizes)
    if n == 0:
        return "quiescent", "no spike after the input change"
    first_isi = _n(f["isi_first_ms"])
    if not f["sustained"]:
        if n == 1:
            return ("rebound spike" if rebound else "phasic spiking"), "a single spike"
        if first_isi <= BURST_ISI_MS:
            kind = "rebound burst" if rebound else "phasic bursting"
            return kind, f"one transient burst of {n} spikes (groups {sizes}), then silence"
        return (
            "unclassified",
            f"{n} spikes that stop, not a burst (first interval {first_isi:.1f} ms)",
        )
    separated = _n(f["burst_separation"]) >= BURST_SEPARATION
    if f["n_bursts"] >= 2 and all(s >= 2 for s in sizes[:-1]) and separated:
        return "tonic bursting", f"bursts of {sizes} spikes until the end"
    ratio, runs = _n(f["adaptation"]), int(f["lengthening"])
    if len(sizes) >= 3 and sizes[0] >= 2 and all(s == 1 for s in sizes[1:]) and separated:
        pause, tonic = _n(f["pause_ms"]), _n(f["tonic_isi_ms"])
        if pause >= tonic:
            return (
                "mixed mode",
                f"burst of {sizes[0]}, pause {pause:.1f} ms, "
                f"then single spikes every {tonic:.1f} ms",
            )
    if runs >= ADAPT_LENGTHENING and ratio >= ADAPT_RATIO:
        return (
            "spike frequency adaptation",
            f"intervals lengthen {runs} times, {ratio:.1f}x overall",
        )
    if _n(f["late_isi_cv"]) >= CHAOS_CV:
        return "chaos", f"irregular firing (CV of the later intervals {_n(f['late_isi_cv']):.2f})"
    return (
        "tonic spiking",
        f"{n} spikes until the end (intervals {first_isi:.1f} -> {_n(f['isi_last_ms']):.1f} ms)",
    )


def _rule_step(f: Mapping) -> tuple[str, str]:
    return _pattern(f)


def _rule_release(f: Mapping) -> tuple[str, str]:
    return _pattern(f, rebound=True)


def _rule_ramp(f: Mapping) -> tuple[str, str]:
    onset, final = _n(f["onset_rate_hz"]), _n(f["final_rate_hz"])
    if math.isnan(onset):
        return (
            "quiescent" if f["n_spikes"] == 0 else "unclassified"
        ), f"{f['n_spikes']} spikes on the ramp"
    rates = f"rate {onset:.0f} -> {final:.0f} Hz"
    if onset >= CLASS2_ONSET_HZ:
        return "Class 2 excitable", f"{rates}: starts at {CLASS2_ONSET_HZ:g} Hz or more"
    if final >= CLASS1_RISE * onset:
        return "Class 1 excitable", f"{rates}: starts low and rises with the input"
    return "unclassified", f"{rates}: neither a low, rising onset nor a high one"


def _rule_ramps(f: Mapping) -> tuple[str, str]:
    slow, fast = f["pair_spikes"]
    evidence = f"{slow} spikes on the slow ramp, {fast} on the fast one"
    if slow == 0 and fast > 0:
        return "accommodation", evidence
    return ("quiescent" if slow + fast == 0 else "unclassified"), evidence


def _rule_pulse(f: Mapping) -> tuple[str, str]:
    n, latency = f["n_spikes"], _n(f["latency_ms"])
    if n <= 1 and _n(f["osc_swing_mv"]) >= OSC_MIN_SWING_MV:
        return "subthreshold oscillations", _osc_evidence(f)
    if n == 1 and _n(f["adp_mv"]) >= ADP_MIN_MV:
        return (
            "depolarizing after-potential",
            f"hump {_n(f['adp_mv']):.1f} mV above rest after the spike",
        )
    if n == 1 and latency >= LATENCY_MIN_PULSES * _n(f["pulse_ms"]):
        return (
            "spike latency",
            f"one spike {latency:.1f} ms after the {_n(f['pulse_ms']):.1f} ms pulse ended",
        )
    if n == 0:
        return "quiescent", "no spike, no ringing"
    return "unclassified", f"{n} spikes to one pulse"


def _osc_evidence(f: Mapping) -> str:
    text = (
        f"damped oscillation: swing {_n(f['osc_swing_mv']):.2f} mV, {_n(f['osc_freq_hz']):.0f} Hz"
    )
    decay = _n(f["osc_decay"])
    return text if math.isnan(decay) else f"{text}, next swing x{decay:.2f}"


def _rule_pairs(f: Mapping) -> tuple[str, str]:
    intervals, counts = list(f["pair_intervals_ms"]), list(f["pair_spikes"])
    answered = [k for k, c in enumerate(counts) if c]
    evidence = ", ".join(
        f"{c} spikes to the pair {i:g} ms apart" for i, c in zip(intervals, counts, strict=True)
    )
    if not answered:
        return "quiescent", evidence
    if len(answered) > 1:
        return "unclassified", evidence
    shortest = int(np.argmin(intervals))
    return ("integrator" if answered == [shortest] else "resonator"), evidence


def _rule_two_pulses(f: Mapping) -> tuple[str, str]:
    before, between, after = f["before_spikes"], f["persistent_spikes"], f["after_spikes"]
    evidence = f"{before} spikes before, {between} between, {after} after the pulses"
    if before == 0 and between >= 2 and f["sustained"] and after == 0:
        return "bistability", evidence
    if between >= 2 and after > 0:
        return "tonic spiking", evidence + " (the second pulse does not stop it)"
    return ("quiescent" if f["n_spikes"] == 0 else "unclassified"), evidence


def _rule_pulse_inhibition_pulse(f: Mapping) -> tuple[str, str]:
    lone, after = f["before_spikes"], f["after_spikes"]
    evidence = f"{lone} spikes to the lone pulse, {after} to the pulse after inhibition"
    if lone == 0 and after > 0:
        return "threshold variability", evidence
    return ("quiescent" if f["n_spikes"] == 0 else "unclassified"), evidence


def _rule_inhibition(f: Mapping) -> tuple[str, str]:
    before, during, after = f["before_spikes"], f["inhibition_spikes"], f["rebound_spikes"]
    evidence = f"{before} spikes before, {during} during, {after} after inhibition"
    if before == 0 and after == 0 and during >= 2:
        if f["n_bursts"]:
            return "inhibition-induced bursting", f"{evidence}; groups {list(f['burst_sizes'])}"
        return "inhibition-induced spiking", evidence
    if before == 0 and during == 0 and after > 0:
        kind, why = _pattern(f, rebound=True)
        return kind, f"{evidence}; {why}"
    if before == 0 and during == 0 and after == 0:
        return "quiescent", evidence
    kind, why = _pattern(f)
    return kind, f"{evidence}: the firing does not follow the inhibition; {why}"


def _rule_release_pulse(f: Mapping) -> tuple[str, str]:
    before, to_pulse = f["before_spikes"], f["after_spikes"]
    if before == 0 and _n(f["osc_swing_mv"]) >= OSC_MIN_SWING_MV:
        return "subthreshold oscillations", f"{_osc_evidence(f)}; {to_pulse} spikes to the pulse"
    evidence = f"no damped oscillation before the pulse (swing {_n(f['osc_swing_mv']):.2f} mV)"
    return (
        "quiescent" if f["n_spikes"] == 0 else "unclassified"
    ), f"{evidence}; {before} + {to_pulse} spikes"


_RULES = {
    "step": _rule_step,
    "release": _rule_release,
    "ramp": _rule_ramp,
    "ramps": _rule_ramps,
    "pulse": _rule_pulse,
    "pulse pairs": _rule_pairs,
    "two pulses": _rule_two_pulses,
    "pulse-inhibition-pulse": _rule_pulse_inhibition_pulse,
    "inhibition": _rule_inhibition,
    "release and pulse": _rule_release_pulse,
}


# --------------------------------------------------------------------------- checks


#: 2003 Fig. 2 type -> the 2004 feature the papers give it (Izhikevich 2004, text of
#: Fig. 1 A, C, E, N, J; 2003, Fig. 2 caption). Used when a row has no ``expected``.
TYPE_BEHAVIOUR = {
    "RS": "tonic spiking",
    "IB": "mixed mode",
    "CH": "tonic bursting",
    "FS": "tonic spiking",
    "LTS": "spike frequency adaptation",
    "TC": "tonic spiking",
    "TCburst": "rebound burst",
    "RZ": "subthreshold oscillations",
}


def named_behaviour(arrays: Mapping) -> str:
    """The class a run should show: its ``expected`` column, else its panel's name."""
    expected = arrays.get("expected")
    if expected:
        return str(expected)
    if arrays.get("figure") == "izhikevich2003_fig2":
        return TYPE_BEHAVIOUR[str(arrays["panel"])]
    return str(arrays["name"])


def assess(arrays: Mapping) -> tuple[dict, str, str]:
    """(features, class, evidence) of one run (NPZ arrays)."""
    features = measure(Run.from_arrays(arrays))
    cls, evidence = classify(features)
    return features, cls, evidence


def check(arrays: Mapping, behaviour: str | None = None) -> Verdict:
    """Does the run show ``behaviour`` (default: the one its row expects)?"""
    behaviour = behaviour or named_behaviour(arrays)
    if behaviour not in CLASSES:
        raise ValueError(f"unknown behaviour {behaviour!r}; expected one of {CLASSES}")
    _, cls, evidence = assess(arrays)
    return cls == behaviour, f"{cls}: {evidence}"
