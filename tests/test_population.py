"""Populations (``schemes.simulate_population``): n points of a row as one Brian2 group give,
point for point, the numbers of single-row runs, bit for bit; the fast exact V^2 that
makes them cheap equals C's pow() on every input.

A population runs the single row's builder with n neurons and per-neuron a, b, c, d (and
``I_dc`` added to the row's input), so each point must equal ``simulate_neuron`` of the spec
with that point's values: every spike time, and v and u of recorded points at every step.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from izhikevich import model, schemes
from izhikevich.guards import NonFiniteError
from izhikevich.model import NeuronSpec, simulate_neuron

#: The 2003 Fig. 2 types (published rows) whose points are checked.
TYPES_2003 = ("RS", "IB", "CH", "FS", "LTS", "TC", "TCburst", "RZ")


def single(spec: NeuronSpec, values: dict, k: int):
    """``simulate_neuron`` of ``spec`` with point k's values (I_dc as part of the input)."""
    changes = {name: float(values[name][k]) for name in "abcd" if name in values}
    if "v0" in values:
        changes["v0"] = float(values["v0"][k])
    if "u0" in values:
        changes["u0"] = float(values["u0"][k])
    if "I_dc" in values:
        changes["current"] = f"({spec.current}) + {float(values['I_dc'][k])!r}"
    return simulate_neuron(dataclasses.replace(spec, **changes))


def assert_points_equal(spec: NeuronSpec, values: dict, points, record) -> None:
    run = schemes.simulate_population(spec, values, record=record)
    for k in points:
        one = single(spec, values, k)
        assert np.array_equal(run.spikes(k), one.spike_times_ms), k
        assert np.array_equal(run.I + run.I_dc[k], one.I), k
        assert np.array_equal(run.t_ms, one.t_ms)
        if k in list(record):
            row = list(record).index(k)
            assert np.array_equal(run.v[row], one.v), k
            assert np.array_equal(run.u[row], one.u), k
    trains = run.spike_trains()
    assert all(np.array_equal(trains[k], run.spikes(k)) for k in points)


@pytest.mark.parametrize("panel", TYPES_2003)
def test_published_types_points_equal_their_single_rows(neuron_rows, panel):
    """Each published 2003 type's own point, among 200 other points of its (a, b) plane
    and its (c, d) plane, under its own protocol: equal to its single row."""
    row = neuron_rows[f"fig2_{panel}_original"]
    spec = NeuronSpec.from_row(row)
    rng = np.random.default_rng(sum(map(ord, panel)))
    n = 200
    values = {
        "a": rng.uniform(0.0, 0.12, n),
        "b": rng.uniform(0.1, 0.3, n),
        "c": rng.uniform(-70.0, -45.0, n),
        "d": rng.uniform(0.0, 10.0, n),
    }
    k = 117  # the type's point, somewhere inside the group
    for name in "abcd":
        values[name][k] = row[name]
    assert_points_equal(spec, values, points=[k, 3, 199], record=[k, 3])
    # and the single row of the table itself
    run = schemes.simulate_population(spec, values, record=[k])
    table_run = simulate_neuron(spec)
    assert np.array_equal(run.spikes(k), table_run.spike_times_ms)
    assert np.array_equal(run.v[0], table_run.v)


def number(low: float, high: float):
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


@st.composite
def populations(draw):
    """A protocol (step, pulse or ramp input, any equation) and 1-6 random points."""
    n = draw(st.integers(1, 6))
    tau = draw(st.sampled_from((0.1, 0.25, 0.5, 1.0)))
    steps = draw(st.integers(20, 120))
    t1 = draw(number(0, steps * tau))
    current = draw(
        st.sampled_from(
            (
                f"{draw(number(-20, 40))!r}*int(t > {t1!r}*ms)",
                f"{draw(number(-5, 5))!r} + 0.05*(t/ms - {t1!r})*int(t > {t1!r}*ms)",
                f"{draw(number(0, 30))!r}*int(t > {t1!r}*ms and t < ({t1!r} + 3)*ms)",
            )
        )
    )
    spec = NeuronSpec(
        a=0.02, b=0.2, c=-65.0, d=8.0, v0=-70.0, dt_ms=tau, duration_ms=steps * tau,
        current=current, equation=draw(st.sampled_from(("standard", "class1", "accommodation"))),
    )  # fmt: skip
    keys = draw(st.sets(st.sampled_from(schemes.POPULATION_KEYS), min_size=1))
    ranges = dict(
        a=(-0.05, 1.0), b=(-1.0, 1.0), c=(-75.0, -40.0), d=(-10.0, 10.0),
        v0=(-80.0, -40.0), u0=(-20.0, 20.0), I_dc=(-10.0, 40.0),
    )  # fmt: skip
    values = {
        key: np.array(draw(st.lists(number(*ranges[key]), min_size=n, max_size=n))) for key in keys
    }
    record = draw(st.lists(st.integers(0, n - 1), unique=True, max_size=n))
    return spec, values, record


@example(
    case=(
        NeuronSpec(0.02, 0.2, -65.0, 8.0, -70.0, 0.25, 40.0, "10*int(t > 5*ms)"),
        {"a": np.array([0.02, 0.1]), "I_dc": np.array([0.0, 4.5])},
        [1],
    )
)
@settings(
    max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(populations())
def test_every_point_equals_its_single_row(case):
    spec, values, record = case
    n = len(next(iter(values.values())))
    try:
        assert_points_equal(spec, values, points=range(n), record=record)
    except NonFiniteError as err:
        # then the single row of that point fails the same way
        with pytest.raises(NonFiniteError) as single_err:
            single(spec, values, err.neuron)
        assert (single_err.value.t_ms, single_err.value.variable.split(" ")[0]) == (
            err.t_ms,
            err.variable.split(" ")[0],
        )


def test_a_point_that_leaves_the_floating_point_range_is_named():
    spec = NeuronSpec(0.02, 0.2, -65.0, 8.0, -70.0, 1.0, 20.0, "10*int(t > 2*ms)")
    with pytest.raises(NonFiniteError) as err:
        schemes.simulate_population(spec, {"I_dc": np.array([0.0, 0.0, -1e308, 0.0])})
    assert err.value.neuron == 2
    with pytest.raises(NonFiniteError) as one:
        simulate_neuron(dataclasses.replace(spec, current=f"({spec.current}) + -1e308"))
    assert one.value.t_ms == err.value.t_ms


def test_bad_overrides_and_schemes_are_refused():
    spec = NeuronSpec(0.02, 0.2, -65.0, 8.0, -70.0, 0.25, 10.0, "10")
    with pytest.raises(ValueError, match="unknown override"):
        schemes.simulate_population(spec, {"tau": np.ones(2)})
    with pytest.raises(ValueError, match="different lengths"):
        schemes.simulate_population(spec, {"a": np.ones(2), "b": np.ones(3)})
    with pytest.raises(ValueError, match="record"):
        schemes.simulate_population(spec, {"a": np.ones(2)}, record=[2])
    notebook = dataclasses.replace(spec, scheme="notebook")
    with pytest.raises(ValueError, match="cannot run a population"):
        schemes.simulate_population(notebook, {"a": np.ones(2)})


# --------------------------------------------------------------------------- V^2 = pow()


LIBM_POW = np.frompyfunc(model._libm_pow(), 2, 1)


def libm_square(x: np.ndarray) -> np.ndarray:
    return LIBM_POW(x, 2.0).astype(np.float64)


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return np.array_equal(np.asarray(a).view(np.int64), np.asarray(b).view(np.int64))


@example(xs=[0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, 2.0**-480, 2.0**500, 1e154,
             1.5e154, 2.0**512, -2.0**-537, 1.0 + 2.0**-52, -63.0] * 5)  # fmt: skip
@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=64, max_size=200))
def test_fast_square_is_libm_pow_for_any_double(xs):
    x = np.array(xs, dtype=np.float64)
    assert x.size >= model._FAST_MIN_SIZE  # the fast route is the one under test
    assert same_bits(model.c_pow(x, 2.0), libm_square(x))


def test_fast_square_is_libm_pow_on_200000_membrane_potentials():
    """200,000 values of v (uniform in -80..40 mV and around the spike cut): every one
    equal to libm's pow(), including the ~1 in 1,200 where pow() is not x*x; and libm is
    called for few of them."""
    rng = np.random.default_rng(2003)
    x = np.concatenate([rng.uniform(-80, 40, 150_000), rng.normal(30, 5, 50_000)])
    pow_values = libm_square(x)
    assert np.count_nonzero(pow_values != x * x) > 50  # the cases that matter are there
    assert same_bits(model.c_pow(x, 2.0), pow_values)
    calls = []
    original = model._POW
    model._POW = lambda a, b: calls.append(len(a)) or original(a, b)
    try:
        model.c_pow(x, 2.0)
    finally:
        model._POW = original
    assert sum(calls) < 0.15 * x.size
