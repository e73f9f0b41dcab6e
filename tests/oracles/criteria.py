"""Test oracle: does a run show the behaviour its panel names? Criteria from the papers' text.

Only the tests use this file. Each criterion is a direct reading of Izhikevich (2004),
Fig. 1 text (and 2003, Fig. 2 text for the types), applied to spike times and v in model
time and to the input's structure as the reference gives it (pulses, pairs, ramps, where
the inhibition is), found from the recorded input's edges. It shares no code and no
threshold with ``izhikevich.behaviour`` (the one number both use, 40 Hz for Class 2, is
the paper's). It decides the panel's own behaviour only: True or False.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from izhikevich.behaviour import Run  # model-time conversion only


class Trace:
    """Spikes, v and the input's edges of one run, in model ms."""

    def __init__(self, arrays: Mapping):
        r = Run.from_arrays(arrays)
        self.t, self.v, self.I, self.spikes, self.end = r.t, r.v, r.I, r.spikes, r.end
        step = np.diff(self.I)
        self.rises = self.t[1:][step > 0]
        self.falls = self.t[1:][step < 0]

    def count(self, start=-np.inf, stop=np.inf) -> int:
        return int(np.count_nonzero((self.spikes >= start) & (self.spikes < stop)))

    def after(self, start: float) -> np.ndarray:
        return self.spikes[self.spikes >= start]

    def onset(self) -> float:
        moved = np.flatnonzero(self.I != self.I[0])
        return float(self.t[moved[0]]) if moved.size else np.inf


def _continues(spikes: np.ndarray, end: float) -> bool:
    """Firing lasts until the end: the silence at the end is no longer than 1.5 x the
    longest interval of the train."""
    return len(spikes) >= 3 and end - spikes[-1] <= 1.5 * np.diff(spikes).max()


def _clusters(spikes: np.ndarray) -> list[np.ndarray]:
    """Split a train where an interval is 3x longer than the shortest interval next to it:
    groups of closely spaced spikes (bursts) apart from the rest."""
    if len(spikes) < 2:
        return [spikes]
    isi = np.diff(spikes)
    cuts = []
    for k, x in enumerate(isi):
        neighbours = [isi[j] for j in (k - 1, k + 1) if 0 <= j < len(isi)]
        if neighbours and x >= 3 * min(neighbours):
            cuts.append(k + 1)
    return np.split(spikes, cuts)


def tonic_spiking(r: Trace) -> bool:
    """(A) "continues to fire a train of spikes" while the input is on: after the first
    interval (A and 2003 RS start with a doublet) no interval is 3x another (no bursts),
    and no marked adaptation."""
    s = r.after(r.onset())
    later = np.diff(s)[1:]
    regular = len(later) >= 1 and later.max() < 3 * later.min()  # no burst-pause structure
    return _continues(s, r.end) and regular and not adaptation(r)


def phasic_spiking(r: Trace) -> bool:
    """(B) "a single spike at the onset of the input", then quiescent."""
    return r.count(r.onset()) == 1 and r.count(stop=r.onset()) == 0


def tonic_bursting(r: Trace) -> bool:
    """(C) "periodic bursts of spikes": 2+ groups of 2+ close spikes, until the end."""
    s = r.after(r.onset())
    groups = _clusters(s)
    return len(groups) >= 2 and all(len(g) >= 2 for g in groups[:-1]) and _continues(s, r.end)


def phasic_bursting(r: Trace) -> bool:
    """(D) "a single burst at the onset of stimulation": one group, then silence for at
    least half of the stimulation."""
    s = r.after(r.onset())
    return len(s) >= 2 and len(_clusters(s)) == 1 and r.end - s[-1] >= (r.end - r.onset()) / 2


def mixed_mode(r: Trace) -> bool:
    """(E) "a phasic burst at the onset ... and then switch to the tonic spiking mode"."""
    s = r.after(r.onset())
    groups = _clusters(s)
    if len(groups) < 2 or len(groups[0]) < 2:
        return False
    tonic = np.concatenate(groups[1:])
    if any(len(g) > 1 for g in groups[1:]) and len(groups) > 2:
        return False
    pause = tonic[0] - groups[0][-1]
    later = np.diff(tonic)
    return len(tonic) >= 2 and _continues(s, r.end) and pause >= later.min()


def adaptation(r: Trace) -> bool:
    """(F) "the frequency of tonic spiking decreases with time": the rate keeps falling, at
    least three intervals in a row each 20 % longer than the one before (a doublet then a
    steady period, as in A, is one or two), to at least three times the first interval
    (the paper's F goes from about 2 to about 30 ms)."""
    isi = np.diff(r.after(r.onset()))
    longer = isi[1:] >= 1.2 * isi[:-1]
    run = np.max(np.diff(np.flatnonzero(np.r_[True, ~longer, True])) - 1) if len(isi) else 0
    return (
        len(isi) >= 3
        and run >= 3
        and isi[-1] >= 3 * isi[0]
        and _continues(r.after(r.onset()), r.end)
    )


def _rates_on_ramp(r: Trace) -> np.ndarray:
    return 1000 / np.diff(r.after(r.onset()))


def class_1(r: Trace) -> bool:
    """(G) fires at a low rate at first, which grows with the input (2 Hz to 200 Hz)."""
    rates = _rates_on_ramp(r)
    return len(rates) >= 3 and rates[0] < 40 and rates[-1] >= 1.5 * rates[0]


def class_2(r: Trace) -> bool:
    """(H) "quiescent or fire a train of spikes with a ... relatively large frequency, say
    40 Hz": the first rate on the ramp is already 40 Hz or more."""
    rates = _rates_on_ramp(r)
    return len(rates) >= 2 and rates[0] >= 40


def spike_latency(r: Trace) -> bool:
    """(I) one spike, fired with a delay: after the brief pulse has ended."""
    return len(r.spikes) == 1 and r.spikes[0] > r.falls[0]


def _rings(r: Trace, start: float, stop: float = np.inf) -> bool:
    """v turns at least twice after ``start`` (a peak and a trough: a relaxation without
    oscillation, two real eigenvalues, turns at most once), by more than 0.5 mV."""
    window = (r.t > start) & (r.t < stop)
    v = r.v[window]
    if len(v) < 5:
        return False
    peaks = np.flatnonzero((v[1:-1] > v[:-2]) & (v[1:-1] >= v[2:])) + 1
    troughs = np.flatnonzero((v[1:-1] < v[:-2]) & (v[1:-1] <= v[2:])) + 1
    turns = np.sort(np.r_[peaks, troughs])
    return len(turns) >= 2 and np.abs(np.diff(v[turns])).max() > 0.5


def subthreshold_oscillations(r: Trace) -> bool:
    """(J) after a brief pulse, damped oscillations of v (at most one spike first)."""
    start = max(r.falls[0], r.spikes[-1] if len(r.spikes) else -np.inf) + 5
    return len(r.spikes) <= 1 and _rings(r, start)


def _pairs(r: Trace) -> tuple[list[float], list[int]]:
    on = r.rises
    gaps = [on[1] - on[0], on[3] - on[2]]
    return gaps, [r.count(on[0], on[2]), r.count(on[2])]


def resonator(r: Trace) -> bool:
    """(K) fires to the pair of pulses whose interval is resonant, not to the closer pair."""
    gaps, counts = _pairs(r)
    closer = int(np.argmin(gaps))
    return counts[closer] == 0 and counts[1 - closer] > 0


def integrator(r: Trace) -> bool:
    """(L) "the higher the frequency the more likely they fire": the closer pair only."""
    gaps, counts = _pairs(r)
    closer = int(np.argmin(gaps))
    return counts[closer] > 0 and counts[1 - closer] == 0


def rebound_spike(r: Trace) -> bool:
    """(M) after release from inhibition, one (rebound) spike; none before."""
    release = r.rises[0]
    return r.count(stop=release) == 0 and r.count(release) == 1


def _ends(burst: np.ndarray, end: float) -> bool:
    """A burst ends: the silence after it is at least 3x its longest interval."""
    return end - burst[-1] >= 3 * np.diff(burst).max()


def rebound_burst(r: Trace) -> bool:
    """(N) after release from inhibition, a burst (that ends); none before."""
    release = r.rises[0]
    s = r.after(release)
    return (
        r.count(stop=release) == 0 and len(s) >= 2 and len(_clusters(s)) == 1 and _ends(s, r.end)
    )


def threshold_variability(r: Trace) -> bool:
    """(O) no spike to a lone weak pulse, a spike to the same pulse after inhibition."""
    lone, inhibition_end, late = r.rises[0], r.rises[1], r.rises[2]
    return r.count(lone, inhibition_end) == 0 and r.count(late) > 0


def bistability(r: Trace) -> bool:
    """(P) a pulse switches on tonic spiking, a second pulse switches it off."""
    first, second = r.rises[0], r.rises[1]
    between = r.spikes[(r.spikes >= first) & (r.spikes < second)]
    off = r.falls[1] + 10  # a spike in flight when the pulse ends
    return r.count(stop=first) == 0 and len(between) >= 2 and r.count(off) == 0


def dap(r: Trace) -> bool:
    """(Q) one spike followed by a prolonged depolarized after-potential: v rises again
    after the reset, above its resting value, before it decays."""
    if len(r.spikes) != 1:
        return False
    after = (r.t > r.spikes[0]) & (r.t <= r.spikes[0] + 10)
    v = r.v[after]
    peaks = np.flatnonzero((v[1:-1] > v[:-2]) & (v[1:-1] >= v[2:]))
    return len(peaks) > 0 and v[peaks[0] + 1] > r.v[-1] + 1


def accommodation(r: Trace) -> bool:
    """(R) no spike to a slowly increasing input, a spike to a steep one."""
    steep = r.t[1:][np.diff(r.I) > 0]
    steep_start = steep[np.flatnonzero(np.diff(steep) > 5)[0] + 1]  # where the 2nd ramp starts
    return r.count(stop=steep_start) == 0 and r.count(steep_start) > 0


def _inhibited(r: Trace) -> tuple[float, float]:
    return r.falls[0], r.rises[-1]


def inhibition_induced_spiking(r: Trace) -> bool:
    """(S) quiescent without inhibition, fires while inhibited (and stops after it)."""
    start, stop = _inhibited(r)
    during = r.spikes[(r.spikes >= start) & (r.spikes < stop + 10)]
    return r.count(stop=start) == 0 and len(during) >= 2 and r.count(stop + 10) == 0


def inhibition_induced_bursting(r: Trace) -> bool:
    """(T) as (S), in bursts."""
    start, stop = _inhibited(r)
    during = r.spikes[(r.spikes >= start) & (r.spikes < stop + 10)]
    groups = _clusters(during)
    return inhibition_induced_spiking(r) and len(groups) >= 1 and any(len(g) >= 2 for g in groups)


def resonator_type(r: Trace) -> bool:
    """2003 RZ: released from hyperpolarisation, v rings (before the depolarising pulse)."""
    release, pulse = r.rises[0], r.rises[1]
    return r.count(release, pulse) == 0 and _rings(r, release + 5, pulse)


def chaos(r: Trace) -> bool:
    """The seed's (U) "Chaos": firing that goes on but never repeats. After the input
    change, the later half of the intervals follows no cycle of 1-4 intervals (some interval
    differs by more than 1 ms from the one p places later, for every p)."""
    s = r.after(r.onset())
    isi = np.diff(s)
    late = isi[len(isi) // 2 :]
    if len(late) < 8 or not _continues(s, r.end):
        return False
    return all(np.abs(late[p:] - late[:-p]).max() > 1.0 for p in range(1, 5))


#: Behaviour name -> criterion.
CRITERIA: dict[str, Callable[[Trace], bool]] = {
    "tonic spiking": tonic_spiking,
    "phasic spiking": phasic_spiking,
    "tonic bursting": tonic_bursting,
    "phasic bursting": phasic_bursting,
    "mixed mode": mixed_mode,
    "spike frequency adaptation": adaptation,
    "Class 1 excitable": class_1,
    "Class 2 excitable": class_2,
    "spike latency": spike_latency,
    "subthreshold oscillations": subthreshold_oscillations,
    "resonator": resonator,
    "integrator": integrator,
    "rebound spike": rebound_spike,
    "rebound burst": rebound_burst,
    "threshold variability": threshold_variability,
    "bistability": bistability,
    "depolarizing after-potential": dap,
    "accommodation": accommodation,
    "inhibition-induced spiking": inhibition_induced_spiking,
    "inhibition-induced bursting": inhibition_induced_bursting,
    "chaos": chaos,
}

#: 2003 Fig. 2 type -> the behaviour its text names for that figure's protocol (README,
#: "Classifier margins and the expected labels").
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


def named(figure: str, panel: str, name: str) -> str:
    """The behaviour a panel names (2003 types: the behaviour of their text)."""
    return TYPE_BEHAVIOUR[panel] if figure == "izhikevich2003_fig2" else name


def shows(behaviour: str, arrays: Mapping, panel: str | None = None) -> bool:
    """Does the run show ``behaviour`` by the papers' criterion? (RZ: the 2003 protocol.)"""
    trace = Trace(arrays)
    if panel == "RZ" and behaviour == "subthreshold oscillations":
        return resonator_type(trace)
    return CRITERIA[behaviour](trace)
