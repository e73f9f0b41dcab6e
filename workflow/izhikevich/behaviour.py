"""The behaviours the papers name, as checks on a simulated trace.

Each check reads one run (the arrays of its NPZ: ``t_ms``, ``v``, ``I``,
``spike_times_ms``, ``scheme``, ``dt_ms``) and answers ``(ok, reason)``. Input epochs
are found from the recorded input itself, so the same check serves the published
protocols and the seed notebook's stretched ones. Times are model milliseconds: the
seed notebook's scheme advances tau*tau ms per step of tau "ms", so its times are
multiplied by tau (see ``model_time_scale``).

Definitions follow Izhikevich (2004), Fig. 1 captions and text, and (2003), Fig. 2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

Verdict = tuple[bool, str]

#: Spikes closer than this (model ms) belong to one burst (2004 Fig. 1 C, D: intra-burst
#: intervals of a few ms against tens of ms between bursts).
BURST_ISI_MS = 10.0


def model_time_scale(scheme: str, dt_ms: float) -> float:
    """Model ms per recorded ms: tau for the seed notebook's scheme (time stretched 1/tau)."""
    return float(dt_ms) if scheme == "notebook" else 1.0


@dataclass
class Run:
    """A run in model time: samples, input, spikes and input epochs."""

    t: np.ndarray
    v: np.ndarray
    I: np.ndarray  # noqa: E741
    spikes: np.ndarray

    @classmethod
    def from_arrays(cls, arrays: Mapping) -> Run:
        """Build from NPZ arrays (``t_ms``, ``v``, ``I``, ``spike_times_ms``, ...)."""
        scale = model_time_scale(str(arrays.get("scheme", "")), float(arrays.get("dt_ms", 1)))
        return cls(
            t=np.asarray(arrays["t_ms"], dtype=float) * scale,
            v=np.asarray(arrays["v"], dtype=float),
            I=np.asarray(arrays["I"], dtype=float),
            spikes=np.asarray(arrays["spike_times_ms"], dtype=float) * scale,
        )

    @property
    def end(self) -> float:
        return float(self.t[-1])

    def count(self, start: float = -np.inf, stop: float = np.inf) -> int:
        """Spikes with start <= t < stop."""
        return int(np.count_nonzero((self.spikes >= start) & (self.spikes < stop)))

    def onset(self) -> float:
        """First time the input leaves its initial value (inf if it never does)."""
        moved = np.flatnonzero(self.I != self.I[0])
        return float(self.t[moved[0]]) if moved.size else np.inf

    def pulses(self, sign: int = 0) -> list[tuple[float, float]]:
        """(start, end) of the excursions of I away from its final (resting) value.

        ``sign`` +1: only excursions above it, -1: below it, 0: both.
        """
        delta = self.I - self.I[-1]
        mask = delta > 0 if sign > 0 else delta < 0 if sign < 0 else delta != 0
        edges = np.diff(np.r_[0, mask.astype(np.int8), 0])
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        return [
            (float(self.t[s]), float(self.t[e - 1])) for s, e in zip(starts, ends, strict=True)
        ]


def isis(spikes: np.ndarray) -> np.ndarray:
    """Inter-spike intervals."""
    return np.diff(np.asarray(spikes, dtype=float))


def bursts(spikes: np.ndarray, max_isi: float = BURST_ISI_MS) -> list[np.ndarray]:
    """Groups of spikes whose consecutive intervals are all <= ``max_isi``."""
    spikes = np.asarray(spikes, dtype=float)
    if spikes.size == 0:
        return []
    breaks = np.flatnonzero(isis(spikes) > max_isi) + 1
    return np.split(spikes, breaks)


def local_maxima(v: np.ndarray) -> np.ndarray:
    """Indices of strict local maxima of a sampled trace."""
    v = np.asarray(v)
    return np.flatnonzero((v[1:-1] > v[:-2]) & (v[1:-1] >= v[2:])) + 1


def damped_ringing(v: np.ndarray) -> bool:
    """Damped oscillation: two peaks of decreasing height with a trough below both between."""
    v = np.asarray(v)
    peaks = local_maxima(v)
    if len(peaks) < 2:
        return False
    trough = v[peaks[0] : peaks[1] + 1].min()
    return bool(v[peaks[0]] > v[peaks[1]] > trough)


# --------------------------------------------------------------------------- checks


def tonic_spiking(r: Run) -> Verdict:
    """(A) tonic spiking: spikes all through the step, none before it."""
    on = r.onset()
    after = r.spikes[r.spikes >= on]
    if r.count(stop=on):
        return False, f"{r.count(stop=on)} spikes before the step at {on:g} ms"
    if after.size < 3:
        return False, f"only {after.size} spikes during the step"
    gap = r.end - after[-1]
    period = float(np.median(isis(after[-3:])))
    if gap > 2 * period:
        return False, f"stops {gap:.1f} ms before the end (period {period:.1f} ms)"
    return True, f"{after.size} spikes until the end of the step"


def phasic_spiking(r: Run) -> Verdict:
    """(B) phasic spiking: a single spike at the onset of the step."""
    on = r.onset()
    if r.count() != 1 or r.count(start=on) != 1:
        return False, f"{r.count()} spikes (one at onset expected)"
    return True, f"one spike {r.spikes[0] - on:.1f} ms after onset"


def tonic_bursting(r: Run) -> Verdict:
    """(C) tonic bursting: bursts of spikes repeated through the step."""
    on = r.onset()
    groups = [b for b in bursts(r.spikes[r.spikes >= on]) if b.size >= 2]
    if r.count(stop=on):
        return False, "spikes before the step"
    if len(groups) < 3:
        return False, f"{len(groups)} bursts of 2+ spikes (3+ expected)"
    if r.end - groups[-1][0] > 0.4 * (r.end - on):
        return False, "bursting stops before the end of the step"
    return True, f"{len(groups)} bursts of {[int(b.size) for b in groups]} spikes"


def phasic_bursting(r: Run) -> Verdict:
    """(D) phasic bursting: one burst at the onset of the step, then silence."""
    on = r.onset()
    groups = bursts(r.spikes)
    if r.count(stop=on) or len(groups) != 1 or groups[0].size < 3:
        return False, f"bursts of {[int(b.size) for b in groups]} spikes (one of 3+ expected)"
    return True, f"one burst of {groups[0].size} spikes"


def mixed_mode(r: Run) -> Verdict:
    """(E) mixed mode: a phasic burst at onset, then tonic single spikes."""
    groups = bursts(r.spikes[r.spikes >= r.onset()])
    if len(groups) < 3 or groups[0].size < 2 or any(b.size != 1 for b in groups[1:]):
        return False, f"groups of {[int(b.size) for b in groups]} spikes (burst, then singles)"
    return True, f"burst of {groups[0].size}, then {len(groups) - 1} single spikes"


def spike_frequency_adaptation(r: Run) -> Verdict:
    """(F) spike frequency adaptation: intervals lengthen during the step."""
    intervals = isis(r.spikes[r.spikes >= r.onset()])
    if intervals.size < 3:
        return False, f"{intervals.size + 1} spikes"
    ratio = intervals[-1] / intervals[0]
    if ratio < 3:
        return False, f"last/first interval {ratio:.1f} (3+ expected)"
    return True, f"intervals grow {ratio:.1f}x"


def class_1_excitable(r: Run) -> Verdict:
    """(G) Class 1: the rate rises from low values with the input ramp."""
    intervals = isis(r.spikes)
    if intervals.size < 3:
        return False, f"{r.count()} spikes on the ramp"
    first_rate, last_rate = 1000 / intervals[0], 1000 / intervals[-1]
    if first_rate > 30 or last_rate < 2 * first_rate:
        return False, f"rate {first_rate:.0f} -> {last_rate:.0f} Hz (low onset, rising)"
    return True, f"rate rises {first_rate:.0f} -> {last_rate:.0f} Hz"


def class_2_excitable(r: Run) -> Verdict:
    """(H) Class 2: firing starts abruptly at a relatively high rate (40 Hz and up)."""
    intervals = isis(r.spikes)
    if intervals.size < 3:
        return False, f"{r.count()} spikes on the ramp"
    first_rate = 1000 / intervals[0]
    if first_rate < 35:
        return False, f"onset rate {first_rate:.0f} Hz (35+ expected)"
    return True, f"onset rate {first_rate:.0f} Hz"


def spike_latency(r: Run) -> Verdict:
    """(I) spike latency: one spike, with a delay after a brief pulse has ended."""
    pulses = r.pulses(+1)
    if r.count() != 1 or not pulses:
        return False, f"{r.count()} spikes"
    delay = r.spikes[0] - pulses[0][1]
    if delay < 5:
        return False, f"spike {delay:.1f} ms after the pulse ends (5+ expected)"
    return True, f"spike {delay:.1f} ms after the pulse ends"


def subthreshold_oscillations(r: Run) -> Verdict:
    """(J) subthreshold oscillations: after the pulse response, damped ringing of v."""
    if r.count() > 1:
        return False, f"{r.count()} spikes"
    start = (r.spikes[-1] if r.count() else r.pulses()[0][1]) + 5
    tail = r.t > start
    if not damped_ringing(r.v[tail]):
        return False, "no damped oscillation after the response"
    return True, "damped oscillation of v after the pulse"


def _pairs(r: Run) -> list[tuple[float, float, float]]:
    pulses = r.pulses(+1)
    if len(pulses) != 4:
        return []
    return [(pulses[i][0], pulses[i + 1][0] - pulses[i][0], pulses[i + 1][1]) for i in (0, 2)]


def _responding_pair(r: Run, pairs) -> list[int]:
    answered = []
    for k, (start, _, _) in enumerate(pairs):
        stop = pairs[k + 1][0] if k + 1 < len(pairs) else np.inf
        if r.count(start, stop):
            answered.append(k)
    return answered


def resonator(r: Run) -> Verdict:
    """(K) resonator: spikes to a pulse pair at the resonant (longer) interval only."""
    pairs = _pairs(r)
    if not pairs:
        return False, "input is not two pulse pairs"
    answered = _responding_pair(r, pairs)
    slow = int(np.argmax([p[1] for p in pairs]))
    if answered != [slow]:
        return False, f"responds to pairs {answered} (only pair {slow} expected)"
    return True, f"responds only to the pair {pairs[slow][1]:g} ms apart"


def integrator(r: Run) -> Verdict:
    """(L) integrator: spikes to closely spaced pulses (coincidence), not distant ones."""
    pairs = _pairs(r)
    if not pairs:
        return False, "input is not two pulse pairs"
    answered = _responding_pair(r, pairs)
    fast = int(np.argmin([p[1] for p in pairs]))
    if answered != [fast]:
        return False, f"responds to pairs {answered} (only pair {fast} expected)"
    return True, f"responds only to the pair {pairs[fast][1]:g} ms apart"


def rebound_spike(r: Run) -> Verdict:
    """(M) rebound spike: one spike after an inhibitory pulse, none before its end."""
    pulses = r.pulses(-1)
    if not pulses:
        return False, "no inhibitory pulse"
    end = pulses[0][1]
    if r.count(stop=end) or r.count(start=end) != 1:
        return False, f"{r.count(stop=end)} spikes before, {r.count(start=end)} after release"
    return True, f"rebound spike {r.spikes[0] - end:.1f} ms after release"


def rebound_burst(r: Run) -> Verdict:
    """(N) rebound burst: a burst after an inhibitory pulse, nothing before its end."""
    pulses = r.pulses(-1)
    if not pulses:
        return False, "no inhibitory pulse"
    end = pulses[0][1]
    groups = bursts(r.spikes[r.spikes >= end])
    if r.count(stop=end) or not groups or groups[0].size < 3:
        return False, f"groups {[int(b.size) for b in groups]} after release (a burst of 3+)"
    return True, f"rebound burst of {groups[0].size} spikes"


def threshold_variability(r: Run) -> Verdict:
    """(O) threshold variability: the same pulse fires only after an inhibitory one."""
    ups, downs = r.pulses(+1), r.pulses(-1)
    if len(ups) != 2 or len(downs) != 1:
        return False, "input is not pulse, inhibition, pulse"
    first = r.count(ups[0][0], downs[0][0])
    second = r.count(start=ups[1][0])
    if first or not second:
        return False, f"{first} spikes to the first pulse, {second} to the second"
    return True, "no spike to the lone pulse, a spike after inhibition"


def bistability(r: Run) -> Verdict:
    """(P) bistability: a pulse switches tonic firing on, a second one switches it off."""
    pulses = r.pulses(+1)
    if len(pulses) != 2:
        return False, f"{len(pulses)} pulses (2 expected)"
    (on, _), (off, off_end) = pulses
    between = r.count(on, off)
    if r.count(stop=on) or between < 2 or r.count(start=off_end + 10):
        return False, (
            f"{r.count(stop=on)} before, {between} between, "
            f"{r.count(start=off_end + 10)} after the pulses"
        )
    return True, f"{between} spikes between the pulses, silent before and after"


def depolarizing_after_potential(r: Run) -> Verdict:
    """(Q) DAP: after the spike, v rises again (after-depolarisation) before resting."""
    if r.count() != 1:
        return False, f"{r.count()} spikes"
    after = r.t > r.spikes[0]
    v = r.v[after]
    peaks = local_maxima(v)
    rest = r.v[-1]
    if not peaks.size or v[peaks[0]] - rest < 2 or v[peaks[0]] - v[: peaks[0]].min() < 1:
        return False, "no after-depolarisation following the spike"
    return True, f"after-depolarisation {v[peaks[0]] - rest:.1f} mV above rest"


def accommodation(r: Run) -> Verdict:
    """(R) accommodation: no spike to a slow ramp, a spike to a fast one."""
    pulses = r.pulses(+1)
    if len(pulses) != 2:
        return False, f"{len(pulses)} input ramps (2 expected)"
    slow, fast = pulses
    during_slow = r.count(slow[0], fast[0])
    after_fast = r.count(start=fast[0])
    if during_slow or not after_fast:
        return False, f"{during_slow} spikes on the slow ramp, {after_fast} on the fast"
    return True, "silent on the slow ramp, spikes on the fast one"


def _inhibition(r: Run) -> tuple[float, float] | None:
    lows = r.pulses(-1)
    return lows[0] if len(lows) == 1 else None


def inhibition_induced_spiking(r: Run) -> Verdict:
    """(S) inhibition-induced spiking: tonic spikes only while the input is lowered."""
    low = _inhibition(r)
    if low is None:
        return False, "input is not a single inhibitory epoch"
    inside, outside = r.count(low[0], low[1] + 10), r.count(stop=low[0]) + r.count(low[1] + 10)
    groups = bursts(r.spikes)
    if inside < 2 or outside or any(b.size > 1 for b in groups):
        return False, f"{inside} spikes during, {outside} outside inhibition"
    return True, f"{inside} single spikes during inhibition only"


def inhibition_induced_bursting(r: Run) -> Verdict:
    """(T) inhibition-induced bursting: bursts only while the input is lowered."""
    low = _inhibition(r)
    if low is None:
        return False, "input is not a single inhibitory epoch"
    inside, outside = r.count(low[0], low[1] + 10), r.count(stop=low[0]) + r.count(low[1] + 10)
    groups = [b for b in bursts(r.spikes) if b.size >= 2]
    if len(groups) < 2 or outside:
        return False, f"{len(groups)} bursts, {inside} spikes during, {outside} outside"
    return True, f"{len(groups)} bursts during inhibition only"


def regular_spiking(r: Run) -> Verdict:
    """RS (2003 Fig. 2): tonic spiking with adaptation (first interval the shortest)."""
    ok, why = tonic_spiking(r)
    intervals = isis(r.spikes)
    if ok and intervals.size >= 2 and intervals[0] >= intervals[1:].min():
        return False, "no adaptation: the first interval is not the shortest"
    return ok, why


def fast_spiking(r: Run) -> Verdict:
    """FS (2003 Fig. 2): high-frequency tonic spiking with little adaptation."""
    ok, why = tonic_spiking(r)
    intervals = isis(r.spikes)
    if not ok:
        return ok, why
    rate = 1000 / np.median(intervals)
    if rate < 80 or intervals[-1] > 2 * intervals[1]:
        return False, f"{rate:.0f} Hz, intervals {intervals[1]:.1f} -> {intervals[-1]:.1f} ms"
    return True, f"{rate:.0f} Hz with little adaptation"


def low_threshold_spiking(r: Run) -> Verdict:
    """LTS (2003 Fig. 2): high-frequency train with strong adaptation, tonic afterwards."""
    ok, why = tonic_spiking(r)
    if not ok:
        return ok, why
    adapt = spike_frequency_adaptation(r)
    return adapt if not adapt[0] else (True, f"{why}; {adapt[1]}")


def rebound_burst_type(r: Run) -> Verdict:
    """TC, hyperpolarised (2003 Fig. 2): held down from the start, a burst on release."""
    if r.I[0] >= 0:
        return False, "the input does not start hyperpolarising"
    release = r.onset()
    groups = bursts(r.spikes[r.spikes >= release])
    if r.count(stop=release) or not groups or groups[0].size < 3:
        return False, f"groups {[int(b.size) for b in groups]} after release (a burst of 3+)"
    return True, f"rebound burst of {groups[0].size} spikes"


def resonator_type(r: Run) -> Verdict:
    """RZ (2003 Fig. 2): damped subthreshold oscillation; spikes only to the brief pulse."""
    pulses = r.pulses(+1)
    if not pulses:
        return False, "no depolarising pulse"
    last_pulse = pulses[-1]
    between = (r.t >= r.onset()) & (r.t < last_pulse[0])
    if r.count(stop=last_pulse[0]):
        return False, "spikes before the pulse"
    if not r.count(last_pulse[0], last_pulse[1] + 20):
        return False, "no spike to the pulse"
    if not damped_ringing(r.v[between]):
        return False, "no damped subthreshold oscillation before the pulse"
    return True, "damped oscillation, spikes to the pulse"


def chaos(r: Run) -> Verdict:
    """(U, seed notebook only) chaos: irregular spiking (interval CV above 0.3)."""
    intervals = isis(r.spikes[r.spikes >= r.onset()])
    if intervals.size < 5:
        return False, f"{intervals.size + 1} spikes"
    cv = float(np.std(intervals) / np.mean(intervals))
    return (cv > 0.3, f"interval CV {cv:.2f}")


CHECKS: dict[str, Callable[[Run], Verdict]] = {
    "tonic spiking": tonic_spiking,
    "phasic spiking": phasic_spiking,
    "tonic bursting": tonic_bursting,
    "phasic bursting": phasic_bursting,
    "mixed mode": mixed_mode,
    "spike frequency adaptation": spike_frequency_adaptation,
    "Class 1 excitable": class_1_excitable,
    "Class 2 excitable": class_2_excitable,
    "spike latency": spike_latency,
    "subthreshold oscillations": subthreshold_oscillations,
    "resonator": resonator,
    "integrator": integrator,
    "rebound spike": rebound_spike,
    "rebound burst": rebound_burst,
    "threshold variability": threshold_variability,
    "bistability": bistability,
    "depolarizing after-potential": depolarizing_after_potential,
    "accommodation": accommodation,
    "inhibition-induced spiking": inhibition_induced_spiking,
    "inhibition-induced bursting": inhibition_induced_bursting,
    "chaos": chaos,
    "regular spiking": regular_spiking,
    "intrinsically bursting": mixed_mode,
    "chattering": tonic_bursting,
    "fast spiking": fast_spiking,
    "low-threshold spiking": low_threshold_spiking,
    "thalamo-cortical": tonic_spiking,
    "thalamo-cortical, rebound burst": rebound_burst_type,
    "resonator type": resonator_type,
}
#: 2003 Fig. 2 panel -> the behaviour the paper names for it.
TYPE_BEHAVIOUR = {
    "RS": "regular spiking",
    "IB": "intrinsically bursting",
    "CH": "chattering",
    "FS": "fast spiking",
    "LTS": "low-threshold spiking",
    "TC": "thalamo-cortical",
    "TCburst": "thalamo-cortical, rebound burst",
    "RZ": "resonator type",
}


def named_behaviour(arrays: Mapping) -> str:
    """The behaviour a run's panel is named for (its ``name``; 2003 types by panel)."""
    if arrays.get("figure") == "izhikevich2003_fig2":
        return TYPE_BEHAVIOUR[str(arrays["panel"])]
    return str(arrays["name"])


def check(arrays: Mapping, behaviour: str | None = None) -> Verdict:
    """Does the run show ``behaviour`` (default: the one its panel is named for)?"""
    behaviour = behaviour or named_behaviour(arrays)
    return CHECKS[behaviour](Run.from_arrays(arrays))
