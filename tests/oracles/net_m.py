"""Test oracle and benchmark baseline: net.m (Izhikevich 2003, Fig. 3) ported to NumPy.

The only NumPy port of net.m in the project: tests/test_network_model.py checks the
pipeline's ``izhikevich`` network scheme against it spike for spike, and
benchmarks/network.py times the Brian2 scheme against it. It draws its random numbers as
``izhikevich.network`` documents (``default_rng(seed)``: r_e, r_i, float32 weights
[pre, post]; noise ``RandomState(seed).randn(N)`` per step), so both must fire the same
spikes.
"""

from __future__ import annotations

import numpy as np


def net_m_numpy(
    Ne: int,  # noqa: N803
    Ni: int,  # noqa: N803
    duration_ms: int,
    seed: int,
    factor: float,
    dt_ms: float = 1.0,
    trace: bool = False,
):
    """net.m in NumPy (Izhikevich 2003, Fig. 3): returns (spike times, 0-based indices).

    ``dt_ms = 1``: net.m itself, spike times t = 1..T. A finer step h (1 ms a whole number
    k of steps), written here from the README's statement, not from the pipeline's code:
    the thalamic noise is drawn once per ms and held for its k steps; in each step the
    neurons with v >= 30 fire at t + j h (j = 0..k-1) and are reset, their weights / h are
    added to the noise for that step only, then v += (h/2) f twice and u += h a (b v - u).
    With ``trace``, also neuron 0's v at the start of each step and its input I of the step.
    """
    k = round(1 / dt_ms)
    assert abs(k * dt_ms - 1) < 1e-12, "1 ms must be a whole number of steps"
    N = Ne + Ni
    rng = np.random.default_rng(seed)
    re, ri = rng.random(Ne), rng.random(Ni)
    a = np.r_[0.02 * np.ones(Ne), 0.02 + 0.08 * ri]
    b = np.r_[0.2 * np.ones(Ne), 0.25 - 0.05 * ri]
    c = np.r_[-65 + 15 * re**2, -65 * np.ones(Ni)]
    d = np.r_[8 - 6 * re**2, 2 * np.ones(Ni)]
    S = np.empty((N, N), dtype=np.float32)  # S[pre, post] (net.m: S(post, pre))
    rng.random(out=S, dtype=np.float32)
    S[:Ne] *= np.float32(0.5 * factor)
    S[Ne:] *= np.float32(-factor)
    sigma = np.r_[5 * np.ones(Ne), 2 * np.ones(Ni)]
    noise = np.random.RandomState(seed)
    v = -65 * np.ones(N)
    u = b * v
    times, indices, v0, i0 = [], [], [], []
    for t in range(1, duration_ms + 1):
        thalamic = sigma * noise.randn(N)  # once per ms
        for j in range(k):
            v0.append(v[0])
            fired = np.flatnonzero(v >= 30)
            times.append(np.full(fired.size, t + j * dt_ms))
            indices.append(fired)
            v[fired] = c[fired]
            u[fired] = u[fired] + d[fired]
            I = thalamic + np.add.reduce(S[fired], axis=0, dtype=np.float64) / dt_ms  # noqa: E741
            i0.append(I[0])
            v = v + (0.5 * dt_ms) * (0.04 * v**2 + 5 * v + 140 - u + I)
            v = v + (0.5 * dt_ms) * (0.04 * v**2 + 5 * v + 140 - u + I)
            u = u + dt_ms * (a * (b * v - u))
    if trace:
        return np.concatenate(times), np.concatenate(indices), np.array(v0), np.array(i0)
    return np.concatenate(times), np.concatenate(indices)
