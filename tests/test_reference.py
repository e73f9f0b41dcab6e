"""The reference integrator (``izhikevich.reference``, scheme ``reference``) against solutions
known in closed form, computed here independently of it.

* Subthreshold relaxation with u frozen (a = 0): v' = 0.04 (v - r1)(v - r2) is a Riccati
  equation with the exact solution below; with a > 0 the state relaxes to the fixed point
  (the lower root of 0.04 v^2 + (5 - b) v + 140 + I = 0, u = b v).
* A constant-input interspike interval with u frozen (a = 0, d = 0): the time from c to 30
  is the quadrature of dv / (0.04 v^2 + p v + q - u + I), in closed form an arctan
  (Izhikevich 2003 eq. 1; class 1 variant p, q = 4.1, 108 of 2004 Fig. 1 G, L).
* The threshold crossing inside a step (Hermite interpolation reproduces cubics exactly).
* Fourth order also with an input that jumps between grid points (steps onto breakpoints).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from izhikevich import reference
from izhikevich.guards import NonFiniteError
from izhikevich.model import NeuronSpec, simulate_neuron

#: v' = 0.04 v^2 + p v + q - u + I of each equation variant (2003 eq. 1; 2004 figure1.m G, L)
QUADRATIC = {"standard": (5.0, 140.0), "class1": (4.1, 108.0)}


def spec(**kw) -> NeuronSpec:
    base = dict(
        a=0.0, b=0.0, c=-65.0, d=0.0, v0=-70.0, u0=0.0, dt_ms=0.01, duration_ms=50.0,
        current="0", scheme="reference",
    )  # fmt: skip
    return NeuronSpec(**{**base, **kw})


def interspike_interval(p: float, q: float, drive: float, c: float) -> float:
    """Time from v = c to v = 30 of v' = 0.04 v^2 + p v + q + drive (no real root):
    with w = v + p/0.08 and k^2 = (q + drive)/0.04 - (p/0.08)^2,
    t = (arctan(w(30)/k) - arctan(w(c)/k)) / (0.04 k)."""
    shift = p / 0.08
    k = math.sqrt((q + drive) / 0.04 - shift**2)
    return (math.atan((30 + shift) / k) - math.atan((c + shift) / k)) / (0.04 * k)


def riccati(t: np.ndarray, v0: float, r1: float, r2: float) -> np.ndarray:
    """Solution of v' = 0.04 (v - r1)(v - r2), v(0) = v0, r1 < v0 < r2."""
    ratio = (v0 - r2) / (v0 - r1) * np.exp(0.04 * (r2 - r1) * t)
    return (r2 - r1 * ratio) / (1 - ratio)


@settings(max_examples=5, deadline=None, derandomize=True)
@given(
    equation=st.sampled_from(sorted(QUADRATIC)),
    drive=st.floats(-30.0, -5.0),
    start=st.floats(0.05, 0.95),
)
def test_subthreshold_relaxation_follows_the_exact_solution(equation, drive, start):
    p, q = QUADRATIC[equation]
    # u frozen at 0: v' = 0.04 v^2 + p v + q + drive, roots r1 < r2 (real when drive <= 0)
    disc = p**2 - 4 * 0.04 * (q + drive)
    r1, r2 = (-p - math.sqrt(disc)) / 0.08, (-p + math.sqrt(disc)) / 0.08
    v0 = r1 + start * (r2 - r1)  # between the roots: relaxes to the stable r1
    run = simulate_neuron(spec(equation=equation, v0=v0, current=f"{drive!r}", duration_ms=40.0))
    exact = riccati(run.t_ms, v0, r1, r2)
    assert run.spike_times_ms.size == 0
    assert np.max(np.abs(run.v - exact)) < 1e-6  # mV; forward Euler at 0.01 ms: ~1e-2
    assert np.all(run.u == 0.0)


def test_relaxation_reaches_the_fixed_point_with_u_moving():
    # 2003 Fig. 2 FS's a, b without input: rest at the lower root of
    # 0.04 v^2 + (5 - b) v + 140 = 0, i.e. -70 mV, u = b v = -14
    b = 0.2
    rest = (-(5 - b) - math.sqrt((5 - b) ** 2 - 4 * 0.04 * 140)) / 0.08
    run = simulate_neuron(spec(a=0.1, b=b, v0=-60.0, u0=None, duration_ms=300.0, dt_ms=0.1))
    assert run.spike_times_ms.size == 0
    assert run.v[-1] == pytest.approx(rest, abs=1e-4)
    assert run.u[-1] == pytest.approx(b * rest, abs=1e-4)
    assert abs(run.v[0] - rest) > 5  # it did move


@settings(max_examples=6, deadline=None, derandomize=True)
@given(
    equation=st.sampled_from(sorted(QUADRATIC)),
    drive=st.floats(5.0, 40.0),
    c=st.floats(-75.0, -40.0),
    u=st.floats(-20.0, 5.0),
)
def test_constant_input_interspike_interval_is_the_quadrature(equation, drive, c, u):
    p, q = QUADRATIC[equation]
    # tonic firing needs no real root: q - u + I > 0.04 (p/0.08)^2
    current = drive + u + 0.04 * (p / 0.08) ** 2 - q
    isi = interspike_interval(p, q, current - u, c)
    step = isi / 400
    run = simulate_neuron(
        spec(equation=equation, c=c, v0=c, u0=u, current=f"{current!r}", duration_ms=1400 * step,
             dt_ms=step, a=0.0)
    )  # fmt: skip
    n = np.arange(1, run.spike_times_ms.size + 1)
    assert run.spike_times_ms.size == 3
    np.testing.assert_allclose(run.spike_times_ms, n * isi, rtol=0, atol=1e-7 * max(1, isi))


def test_spike_times_are_located_inside_the_step_not_at_its_end():
    # a coarse reference step: the located spike is still where the quadrature puts it,
    # far closer than the step (an end-of-step cut would be off by up to 0.1 ms)
    isi = interspike_interval(5.0, 140.0, 20.0, -65.0)
    run = simulate_neuron(spec(current="20", c=-65.0, v0=-65.0, dt_ms=0.1, duration_ms=20.0))
    first = run.spike_times_ms[0]
    assert first == pytest.approx(isi, abs=1e-4)
    assert np.min(np.abs(run.t_ms - first)) > 1e-3  # not on a sample
    # after the reset at the located time the next interval is the same
    assert np.diff(run.spike_times_ms) == pytest.approx(isi, abs=1e-4)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(
    roots=st.lists(st.floats(-3.0, 3.0), min_size=3, max_size=3),
    scale=st.floats(0.5, 50.0),
    h=st.floats(0.01, 1.0),
)
def test_the_crossing_of_a_cubic_is_found_exactly(roots, scale, h):
    """Cubic Hermite interpolation reproduces a cubic: the first crossing of 30 in (0, h] is
    the cubic's smallest root of p(s) = 30 there (numpy.roots, independent)."""
    coefficients = scale * np.poly(roots)  # p(x) - 30 in x = s/h, shifted below

    def p(x):
        return np.polyval(coefficients, x) + 30.0

    dp = np.polyder(coefficients)
    v0, v1 = p(0.0), p(1.0)
    f0, f1 = np.polyval(dp, 0.0) / h, np.polyval(dp, 1.0) / h
    found = reference.hermite_crossing(v0, v1, f0, f1, h)
    if v0 >= 30:
        return  # crossings are looked for from below
    if min(abs(x - y) for i, x in enumerate(roots) for y in roots[i + 1 :]) < 1e-6:
        return  # a multiple root (tangency or inflection on 30): numpy.roots cannot place it
    crossings = sorted(
        r.real for r in np.roots(coefficients) if abs(r.imag) < 1e-9 and 0 < r.real <= 1
    )
    # tangencies (double roots) are a measure-zero case the bisection may or may not see
    transversal = [x for x in crossings if abs(np.polyval(dp, x)) > 1e-6 * scale]
    if not crossings:
        assert found is None
    elif transversal and transversal[0] == crossings[0]:
        assert found is not None and found / h == pytest.approx(crossings[0], abs=1e-9)


def test_input_jumps_between_samples_keep_fourth_order():
    """A jump at t = 10.0033 ms (between grid points) and a kink (a ramp from 30 ms):
    the integration steps onto both, so halving h divides the error by ~16."""
    current = "14*int(t > 10.0033*ms) + 0.2*(t/ms - 30)*int(t > 30*ms)"
    base = dict(a=0.02, b=0.2, c=-65.0, d=6.0, v0=-70.0, u0=None, current=current)
    runs = [simulate_neuron(spec(**base, duration_ms=60.0, dt_ms=h)) for h in (0.1, 0.05, 0.025)]
    counts = {r.spike_times_ms.size for r in runs}
    assert len(counts) == 1 and counts.pop() >= 4
    e1 = np.max(np.abs(runs[0].spike_times_ms - runs[2].spike_times_ms))
    e2 = np.max(np.abs(runs[1].spike_times_ms - runs[2].spike_times_ms))
    assert e1 / e2 > 10  # (1 - 1/16) / (1/16 - 1/16^2) ... ~ 17 for 4th order; ~3 for 1st
    breaks = reference.Input.from_current(current).breakpoints(60.0, 0.01)
    np.testing.assert_allclose(breaks, [10.0033, 30.0], rtol=0, atol=1e-12)


def test_input_is_sampled_as_the_published_programs_sample_it():
    run = simulate_neuron(spec(current="20*int(abs(t - 10*ms) < 1*ms)", dt_ms=0.1))
    on = run.t_ms[run.I == 20]
    assert on[0] == pytest.approx(9.1) and on[-1] == pytest.approx(10.9)


def test_a_runaway_state_is_reported_at_its_first_non_finite_time():
    # u' = a (b v - u) with a = -10: u grows like exp(10 t) and leaves the float range
    with pytest.raises(NonFiniteError, match=r"(u|v) is .* at t = "):
        simulate_neuron(spec(a=-10.0, b=0.2, v0=-70.0, u0=-14.1, duration_ms=100.0, dt_ms=0.01))


def test_a_run_stops_at_the_spike_limit(monkeypatch):
    monkeypatch.setattr(reference, "MAX_SPIKES", 5)
    run = simulate_neuron(spec(current="40", v0=-65.0, duration_ms=100.0, dt_ms=0.05))
    assert run.spike_times_ms.size == 5
    assert run.stopped_ms == run.spike_times_ms[-1]
    assert np.all(np.isnan(run.v[run.t_ms > run.stopped_ms]))


@pytest.mark.parametrize(
    "current, message",
    [
        ("floor(t/ms)", "function 'floor'"),
        ("int(t/ms)", "int\\(\\) of a number"),
        ("rand()", "function 'rand'"),
        ("t[0]", "Subscript"),
    ],
)
def test_inputs_the_reference_cannot_integrate_are_refused(current, message):
    with pytest.raises(reference.ReferenceInputError, match=message):
        reference.Input.from_current(current)


def test_the_reset_adds_d_at_the_located_time():
    """u frozen between spikes (a = 0), u += d at each spike: the n-th interval is the
    quadrature with u = u0 + (n - 1) d, from c (2003 eq. 3)."""
    c, u0, d, current = -65.0, 0.0, 2.0, 30.0
    run = simulate_neuron(spec(current=f"{current}", c=c, v0=c, u0=u0, d=d, duration_ms=12.0))
    expected = np.cumsum(
        [interspike_interval(5.0, 140.0, current - (u0 + n * d), c) for n in range(4)]
    )
    assert run.spike_times_ms.size >= 4
    np.testing.assert_allclose(run.spike_times_ms[:4], expected, rtol=0, atol=1e-7)
