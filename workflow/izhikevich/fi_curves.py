"""f-I curves: the steady firing rate of a neuron row against a constant input, with its
rheobase and onset frequency (Izhikevich 2004, Fig. 1 G and H: Class 1 and Class 2
excitability; the 2003 Fig. 2 types).

A curve is one row of params/fI_curves.tsv (``CurveSettings``) applied to one row of
params/neurons.tsv: the row's parameters, equation, update scheme, step, v0 and u0, its
input replaced by a constant I_dc held from t = 0 to ``duration_ms``. Every input value is
one neuron of a single Brian2 group (``schemes.simulate_population``, the same update code
as the single-row jobs).

Steady rate: the spikes from ``settle_ms`` to the end of the run are the analysis window
(before it: the transient, e.g. the first spikes, the adaptation of u, a rebound). With
n >= ``min_spikes`` spikes t_1 < ... < t_n in it, still firing at its end (no silence
after t_n longer than twice the longest interval in the window: a transient train that
stops inside the window is not steady firing, as 2004 Fig. 1 H shows just above its
rheobase), the rate is (n - 1) / (t_n - t_1), the inverse of their mean interspike
interval (bursters: the mean over whole bursts and pauses); otherwise 0. The lowest rate
a curve can show is thus (min_spikes - 1) / (duration_ms - settle_ms).

Rheobase: the smallest input of the curve with a non-zero steady rate. A grid of ``points``
inputs from ``I_min`` to ``I_max`` brackets it (the last silent input below the first
firing one); ``refine_rounds`` rounds of ``refine_points`` inputs equally spaced inside the
bracket narrow it, each by a factor ``refine_points + 1``. The onset frequency is the
steady rate at the rheobase.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .model import NeuronSpec

#: The input of an f-I run: nothing but I_dc (``simulate_population`` adds it).
DC_ONLY = "0"


@dataclass(frozen=True)
class CurveSettings:
    """One row of params/fI_curves.tsv (``id``: the row of params/neurons.tsv)."""

    id: str
    I_min: float
    I_max: float
    points: int
    duration_ms: float
    settle_ms: float
    min_spikes: int = 3
    refine_rounds: int = 2
    refine_points: int = 20

    @classmethod
    def from_row(cls, row: Mapping) -> CurveSettings:
        """The columns of a params/fI_curves.tsv row (other columns ignored)."""
        names = {f.name: f.type for f in dataclasses.fields(cls)}
        values = {k: row[k] for k in names if k in row}
        for key in ("points", "min_spikes", "refine_rounds", "refine_points"):
            if key in values:
                values[key] = int(values[key])
        for key in ("I_min", "I_max", "duration_ms", "settle_ms"):
            values[key] = float(values[key])
        return cls(**values)

    def spec(self, neuron_row: Mapping) -> NeuronSpec:
        """The neuron row's run with a constant input (I_dc per point) over ``duration_ms``."""
        spec = NeuronSpec.from_row(neuron_row)
        return dataclasses.replace(spec, current=DC_ONLY, duration_ms=self.duration_ms)

    @property
    def lowest_rate_hz(self) -> float:
        """The lowest non-zero steady rate this window can measure."""
        return 1000.0 * (self.min_spikes - 1) / (self.duration_ms - self.settle_ms)


def steady_rate(
    spike_times_ms: np.ndarray, settle_ms: float, end_ms: float, min_spikes: int
) -> float:
    """Steady firing rate (Hz): (n - 1) / (t_n - t_1) over the n spikes in
    [settle_ms, end_ms]; 0 if n < ``min_spikes`` or the train stopped (end_ms - t_n more
    than twice the longest interval in the window; see the module docstring)."""
    times = np.sort(np.asarray(spike_times_ms, dtype=float))
    window = times[(times >= settle_ms) & (times <= end_ms)]
    if len(window) < max(min_spikes, 2):
        return 0.0
    if end_ms - window[-1] > 2 * np.max(np.diff(window)):
        return 0.0
    return 1000.0 * (len(window) - 1) / (window[-1] - window[0])


@dataclass
class Curve:
    """A computed f-I curve: every simulated input (ascending), its steady rate and spike
    count in the window, the round that simulated it (0: the grid), and the rheobase."""

    I_dc: np.ndarray
    rate_hz: np.ndarray
    n_spikes: np.ndarray
    round: np.ndarray
    #: the smallest firing input (NaN if none fires or the first grid input already fires)
    rheobase: float
    #: the largest silent input below it (the rheobase lies in (silent_below, rheobase])
    silent_below: float
    onset_hz: float

    def arrays(self) -> dict[str, object]:
        """The curve under the NPZ keys of results/fI/{id}.npz."""
        return {k: v for k, v in vars(self).items()}


def rheobase_bracket(I_dc: np.ndarray, rate_hz: np.ndarray) -> tuple[float, float]:
    """(largest silent input below the first firing one, first firing input) of a curve
    sorted by input; NaN where there is no such input (nothing fires: both NaN; the lowest
    input fires: the first NaN)."""
    firing = np.flatnonzero(rate_hz > 0)
    if not len(firing):
        return np.nan, np.nan
    k = int(firing[0])
    return (float(I_dc[k - 1]) if k > 0 else np.nan), float(I_dc[k])


def compute_curve(settings: CurveSettings, neuron_row: Mapping) -> Curve:
    """Simulate the grid, then refine the rheobase bracket (module docstring); each round
    is one Brian2 group of all its inputs (``schemes.simulate_population``)."""
    return compute_curves([(settings, neuron_row)])[0]


#: The spec fields a population shares; a, b, c, d, v0 and u0 may differ per point.
_SHARED = ("dt_ms", "duration_ms", "current", "scheme", "equation", "gate")


@dataclass
class _Work:
    settings: CurveSettings
    spec: NeuronSpec
    inputs: np.ndarray
    rate: np.ndarray
    count: np.ndarray
    rounds: np.ndarray

    def add(self, inputs: np.ndarray, rate: np.ndarray, count: np.ndarray, r: int) -> None:
        order = np.argsort(np.concatenate([self.inputs, inputs]), kind="stable")
        self.inputs = np.concatenate([self.inputs, inputs])[order]
        self.rate = np.concatenate([self.rate, rate])[order]
        self.count = np.concatenate([self.count, count])[order]
        self.rounds = np.concatenate([self.rounds, np.full(len(inputs), r)])[order]


def compute_curves(jobs: Sequence[tuple[CurveSettings, Mapping]]) -> list[Curve]:
    """``compute_curve`` of several (settings, neuron row) at once: in each round, the
    inputs of every curve whose spec shares the scheme, equation, step, duration, input and
    gate run as one population (per-point a, b, c, d, v0, u0 and I_dc). A point gives the
    same numbers in any population (``simulate_population``), so each curve equals its
    own ``compute_curve``."""
    from .schemes import simulate_population

    work = [
        _Work(
            s, s.spec(row), np.empty(0), np.empty(0), np.empty(0, np.int64), np.empty(0, np.int64)
        )
        for s, row in jobs
    ]
    pending = {
        k: np.linspace(w.settings.I_min, w.settings.I_max, w.settings.points)
        for k, w in enumerate(work)
    }
    r = 0
    while pending:
        groups: dict[tuple, list[int]] = {}
        for k in pending:
            groups.setdefault(tuple(getattr(work[k].spec, f) for f in _SHARED), []).append(k)
        for members in groups.values():
            spec = work[members[0]].spec
            sizes = [len(pending[k]) for k in members]
            overrides = {
                name: np.concatenate(
                    [
                        np.full(n, float(value(work[k].spec)))
                        for k, n in zip(members, sizes, strict=True)
                    ]
                )
                for name, value in _PER_POINT.items()
            }
            overrides["I_dc"] = np.concatenate([pending[k] for k in members])
            run = simulate_population(spec, overrides)
            trains = run.spike_trains()
            start = 0
            for k, n in zip(members, sizes, strict=True):
                s = work[k].settings
                mine = trains[start : start + n]
                start += n
                rate = np.array(
                    [steady_rate(t, s.settle_ms, s.duration_ms, s.min_spikes) for t in mine]
                )
                count = np.array(
                    [np.count_nonzero(t >= s.settle_ms) for t in mine], dtype=np.int64
                )
                work[k].add(pending[k], rate, count, r)
        r += 1
        nxt = {}
        for k, w in enumerate(work):
            if r > w.settings.refine_rounds:
                continue
            low, high = rheobase_bracket(w.inputs, w.rate)
            if not np.isnan(low):
                nxt[k] = np.linspace(low, high, w.settings.refine_points + 2)[1:-1]
        pending = nxt
    out = []
    for w in work:
        low, high = rheobase_bracket(w.inputs, w.rate)
        rheobase = high if not np.isnan(low) else np.nan
        onset = float(w.rate[w.inputs == rheobase][0]) if not np.isnan(rheobase) else np.nan
        out.append(Curve(w.inputs, w.rate, w.count, w.rounds, rheobase, low, onset))
    return out


#: Per-point values of a population (the rest of the spec is shared).
_PER_POINT = {
    "a": lambda spec: spec.a,
    "b": lambda spec: spec.b,
    "c": lambda spec: spec.c,
    "d": lambda spec: spec.d,
    "v0": lambda spec: spec.v0,
    "u0": lambda spec: spec.u_init,
}
