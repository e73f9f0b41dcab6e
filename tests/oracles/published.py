"""Test oracle: a line-by-line transcription of Izhikevich's published programs.

Only the tests use this file. It follows figure1.m (2004 Fig. 1, and the same loop for the
2003 Fig. 2 types) literally, in plain Python doubles, with each panel's input written as
the published program writes it (../shared/reference/izhikevich-protocols.md), so the Brian2
implementation in ``izhikevich.model`` is checked against an independent encoding rather
than against itself.
"""

from __future__ import annotations

import math

import numpy as np


def _pulses(starts, width, amp):
    return lambda t: amp if any(s < t < s + width for s in starts) else 0.0


# panel -> (input I(t) in ms as figure1.m computes it, v' constants (p, q), u-equation)
INPUTS = {
    "A": lambda t: 14.0 if t > 100 / 10 else 0.0,
    "B": lambda t: 0.5 if t > 20 else 0.0,
    "C": lambda t: 15.0 if t > 22 else 0.0,
    "D": lambda t: 0.6 if t > 20 else 0.0,
    "E": lambda t: 10.0 if t > 160 / 10 else 0.0,
    "F": lambda t: 30.0 if t > 85 / 10 else 0.0,
    "G": lambda t: 0.075 * (t - 30) if t > 30 else 0.0,
    "H": lambda t: -0.5 + (0.015 * (t - 30)) if t > 30 else -0.5,
    "I": lambda t: 7.04 if 100 / 10 < t < 100 / 10 + 3 else 0.0,
    "J": lambda t: 2.0 if 200 / 10 < t < 200 / 10 + 5 else 0.0,
    "K": _pulses((40, 60, 280, 320), 4, 0.65),
    "L": _pulses((100 / 11, 100 / 11 + 5, 70, 80), 2, 9.0),
    "M": lambda t: -15.0 if 20 < t < 25 else 0.0,
    "N": lambda t: -15.0 if 20 < t < 25 else 0.0,
    "O": lambda t: 1.0 if (10 < t < 15 or 80 < t < 85) else -6.0 if 70 < t < 75 else 0.0,
    "P": lambda t: 1.24 if (300 / 8 < t < 300 / 8 + 5 or 216 < t < 216 + 5) else 0.24,
    "Q": lambda t: 20.0 if abs(t - 10) < 1 else 0.0,
    "R": lambda t: (
        t / 25 if t < 200 else 0.0 if t < 300 else (t - 300) / 12.5 * 4 if t < 312.5 else 0.0
    ),
    "S": lambda t: 80.0 if (t < 50 or t > 250) else 75.0,
    "T": lambda t: 80.0 if (t < 50 or t > 250) else 75.0,
    "RS": lambda t: 14.0 if t > 15 else 0.0,
    "IB": lambda t: 11.0 if t > 15 else 0.0,
    "CH": lambda t: 10.0 if t > 15 else 0.0,
    "FS": lambda t: 10.0 if t > 15 else 0.0,
    "LTS": lambda t: 10.0 if t > 25 else 0.0,
    "TC": lambda t: 1.5 if t > 30 else 0.0,
    "TCburst": lambda t: -25.0 if t <= 45 else 0.0,
    "RZ": lambda t: -2.0 if t <= 10 else (10.0 if 60 < t < 65 else -0.5),
}
CLASS1 = {"G", "L"}  # 0.04v^2 + 4.1v + 108
ACCOMMODATION = {"R"}  # u = u + tau*a*(b*(V+65))


def figure1_loop(panel, a, b, c, d, v0, tau, T, u0=None):
    """Run the published loop; return (v trace, u trace, I, spike times) per step."""
    equation = (
        "class1" if panel in CLASS1 else "accommodation" if panel in ACCOMMODATION else "standard"
    )
    return figure1_run(INPUTS[panel], equation, a, b, c, d, v0, tau, T, u0)


def power(x: float, y: float) -> float:
    """figure1.m's ``V^2``: Octave and MATLAB compute a scalar power with C's pow(), which
    is ``math.pow`` (not always equal to x*x in the last bit); pow() overflows to inf,
    where ``math.pow`` raises."""
    try:
        return math.pow(x, y)
    except OverflowError:
        return math.inf


def figure1_run(current, equation, a, b, c, d, v0, tau, T, u0=None, peaks=None):
    """figure1.m's loop with any input ``current(t)`` (t in ms) and equation variant
    (``standard``; ``class1``: 4.1 v + 108, panels G and L; ``accommodation``: panel R's
    u-equation); return (v trace, u trace, I, spike times) per step. ``peaks``, if a list,
    receives V of every spike before its reset (the trace records 30)."""
    p, q = (4.1, 108) if equation == "class1" else (5, 140)
    V = v0
    u = b * v0 if u0 is None else u0
    VV, uu, II, spikes = [], [], [], []
    for k in range(int(round(T / tau)) + 1):  # tspan = 0:tau:T
        t = k * tau
        I = current(t)  # noqa: E741
        V = V + tau * (0.04 * power(V, 2) + p * V + q - u + I)
        if equation == "accommodation":
            u = u + tau * a * (b * (V + 65))
        else:
            u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30.0)
            if peaks is not None:
                peaks.append(V)
            V = c
            u = u + d
            spikes.append(t)
        else:
            VV.append(V)
        uu.append(u)
        II.append(I)
    return np.array(VV), np.array(uu), np.array(II), np.array(spikes)
