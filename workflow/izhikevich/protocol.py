"""A run in model time, and the stimulation protocol its recorded input follows.

Izhikevich (2004, "Which Model to Use...", Fig. 1) stimulates with steps, ramps, brief
pulses, pulse pairs and inhibition. ``epochs`` cuts a recorded input into constant levels
and ramps; ``protocol`` names the protocol those epochs follow. Both read the input as
recorded, in model time, so they serve the published protocols and the seed notebook's
(whose input is a staircase that changes every 1 ms of its clock) alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

#: Input changes closer than this are one ramp (ramps change I every step or, in the
#: seed notebook, every 1 ms of its clock = tau model ms; the briefest pulse, 2004
#: Fig. 1 L and Q, lasts 2 ms).
RAMP_GAP_MS = 1.0


@dataclass(frozen=True)
class Epoch:
    """A stretch of the input: a constant ``level`` or a ``ramp`` from level to final."""

    start: float
    stop: float
    level: float
    final: float
    kind: str  # "level" or "ramp"

    @property
    def slope(self) -> float:
        """dI/dt of a ramp (per model ms); 0 for a level."""
        return (
            (self.final - self.level) / (self.stop - self.start) if self.stop > self.start else 0.0
        )


@dataclass
class Run:
    """A run in model time: samples, input, spikes."""

    t: np.ndarray
    v: np.ndarray | None  # None: not recorded (protocols classified on spikes alone)
    I: np.ndarray  # noqa: E741
    spikes: np.ndarray

    @classmethod
    def from_arrays(cls, arrays: Mapping) -> Run:
        """Build from NPZ arrays (``t_ms``, ``v``, ``I``, ``spike_times_ms``, ...)."""
        return cls(
            t=np.asarray(arrays["t_ms"], dtype=float),
            v=np.asarray(arrays["v"], dtype=float),
            I=np.asarray(arrays["I"], dtype=float),
            spikes=np.asarray(arrays["spike_times_ms"], dtype=float),
        )

    @property
    def end(self) -> float:
        return float(self.t[-1])

    def count(self, start: float = -np.inf, stop: float = np.inf) -> int:
        """Spikes with start <= t < stop."""
        return int(np.count_nonzero((self.spikes >= start) & (self.spikes < stop)))

    def between(self, start: float = -np.inf, stop: float = np.inf) -> np.ndarray:
        """Spike times with start <= t < stop."""
        return self.spikes[(self.spikes >= start) & (self.spikes < stop)]

    def onset(self) -> float:
        """First time the input leaves its initial value (inf if it never does)."""
        moved = np.flatnonzero(self.I != self.I[0])
        return float(self.t[moved[0]]) if moved.size else np.inf


def epochs(r: Run) -> list[Epoch]:
    """The input as constant levels and ramps (changes closer than 1 ms form a ramp)."""
    changes = np.flatnonzero(np.diff(r.I) != 0) + 1
    n = len(r.I)
    # group successive changes of the same sign that are close together into ramps
    groups: list[list[int]] = []
    for k in changes:
        if groups:
            last = groups[-1]
            same_sign = np.sign(r.I[k] - r.I[k - 1]) == np.sign(r.I[last[-1]] - r.I[last[-1] - 1])
            if r.t[k] - r.t[last[-1]] <= RAMP_GAP_MS and same_sign:
                last.append(int(k))
                continue
        groups.append([int(k)])
    bounds: list[tuple[int, str]] = [(0, "level")]
    for group in groups:
        if len(group) >= 3:
            start = group[0] - 1 if r.t[group[0]] - r.t[bounds[-1][0]] <= RAMP_GAP_MS else group[0]
            if start == bounds[-1][0]:
                bounds[-1] = (start, "ramp")
            else:
                bounds.append((start, "ramp"))
            if group[-1] + 1 < n:
                bounds.append((group[-1] + 1, "level"))
        else:
            for k in group:
                bounds.append((k, "level"))
    out: list[Epoch] = []
    for (i, kind), (j, _) in zip(bounds, [*bounds[1:], (n, "")], strict=True):
        stop = float(r.t[j]) if j < n else r.end
        epoch = Epoch(float(r.t[i]), stop, float(r.I[i]), float(r.I[j - 1]), kind)
        # the seed notebook holds the last value of a ramp until its next 1 ms update
        if (
            out
            and out[-1].kind == "ramp"
            and kind == "level"
            and stop - epoch.start <= RAMP_GAP_MS
        ):
            epoch = Epoch(out[-1].start, stop, out[-1].level, epoch.final, "ramp")
            out.pop()
        out.append(epoch)
    return out


def protocol(eps: list[Epoch]) -> str:
    """Name of the stimulation protocol an input follows (2004 Fig. 1, 2003 Fig. 2)."""
    ramps = [e for e in eps if e.kind == "ramp"]
    if ramps:
        if len(ramps) == 1 and ramps[0].slope > 0 and ramps[0] is eps[-1]:
            return "ramp"
        if len(ramps) == 2 and all(e.slope > 0 for e in ramps):
            return "ramps"
        return "other"
    levels = [e.level for e in eps]
    if len(levels) == 2:
        if levels[1] > levels[0]:
            return "step" if levels[1] > 0 else "release"
        return "other"
    if len(levels) < 3:
        return "other"
    base = levels[-1]
    signs = "".join("+" if x > base else "-" for x in levels[1:-1] if x != base)
    if levels[0] == base:
        return {
            "+": "pulse",
            "++": "two pulses",
            "++++": "pulse pairs",
            "+-+": "pulse-inhibition-pulse",
            "-": "inhibition",
        }.get(signs, "other")
    if levels[0] < base and signs == "+":
        return "release and pulse"
    return "other"


def excursions(eps: list[Epoch]) -> list[Epoch]:
    """The epochs between the first and the last whose level differs from the final one."""
    base = eps[-1].level
    return [e for e in eps[1:-1] if e.level != base]
