"""The update schemes of izhikevich.model against hand computation and the published code."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from izhikevich.model import (
    CurrentError,
    NeuronSpec,
    check_current,
    current_in_ms,
    simulate_neuron,
)

#: Reference, "Single neurons": plain forward Euler changes the spike counts of these panels.
EULER_CHANGES = set("CDHNPQST")


def spec(**kw) -> NeuronSpec:
    base = dict(a=0.02, b=0.2, c=-65.0, d=8.0, v0=-65.0, u0=-13.0, dt_ms=0.5)
    base.update(duration_ms=0.5, current="10")
    base.update(kw)
    return NeuronSpec(**base)


def test_one_published_step_by_hand():
    # v1 = -65 + 0.5*(0.04*65^2 - 5*65 + 140 + 13 + 10) = -65 + 0.5*7 = -61.5
    # u1 = -13 + 0.5*0.02*(0.2*v1 - (-13)) with the NEW v1 = -12.993
    trace = simulate_neuron(spec())
    assert trace.t_ms.tolist() == [0.0, 0.5]  # t = 0..T inclusive
    assert trace.v[0] == pytest.approx(-61.5, abs=1e-12)
    assert trace.u[0] == pytest.approx(-13 + 0.01 * (0.2 * -61.5 + 13), abs=1e-12)
    assert trace.I[0] == 10.0


def test_one_euler_step_uses_the_old_v():
    trace = simulate_neuron(spec(scheme="euler"))
    assert trace.v[0] == pytest.approx(-61.5, abs=1e-9)
    assert trace.u[0] == pytest.approx(-13 + 0.01 * (0.2 * -65 + 13), abs=1e-12)


def test_spike_step_records_30_then_resets():
    # v0 = -40, I = 100: v1 = -40 + 0.5*(64 - 200 + 140 + 8 + 100) = 16; v2 > 30
    trace = simulate_neuron(spec(v0=-40.0, u0=-8.0, current="100", duration_ms=1.0))
    v1 = -40 + 0.5 * (0.04 * 1600 - 200 + 140 + 8 + 100)
    assert trace.v[0] == pytest.approx(v1)
    assert trace.v[1] == 30.0  # the published trace draws 30 at the spike step
    assert trace.spike_times_ms.tolist() == [0.5]
    u1 = -8 + 0.5 * 0.02 * (0.2 * v1 + 8)
    v2 = v1 + 0.5 * (0.04 * v1**2 + 5 * v1 + 140 - u1 + 100)
    u2 = u1 + 0.5 * 0.02 * (0.2 * v2 - u1)
    assert trace.u[1] == pytest.approx(u2 + 8.0)  # u + d after the reset
    assert trace.v[2] < 0  # next step starts from c = -65


def test_input_is_sampled_at_the_start_of_the_step():
    trace = simulate_neuron(spec(current="14*int(t > 1*ms)", duration_ms=3.0, dt_ms=0.25))
    assert trace.I[trace.t_ms <= 1.0].max() == 0  # t > 1 is strict: t = 1 gets no input
    assert np.all(trace.I[trace.t_ms > 1.0] == 14)


def test_input_boundaries_are_decided_in_milliseconds():
    # 2004 Fig. 1 Q: abs(t - 10) < 1 at tau = 0.1; in SI seconds t = 9 ms would count
    trace = simulate_neuron(
        spec(current="20*int(abs(t - 10*ms) < 1*ms)", dt_ms=0.1, duration_ms=12.0)
    )
    on = trace.t_ms[trace.I > 0]
    assert on[0] == pytest.approx(9.1) and on[-1] == pytest.approx(10.9)
    assert current_in_ms("t > 1.5*second") == "t_ms > 1.5*1000"


def original_rows(rows):
    return [row for row in rows.values() if row["variant"] == "original"]


def test_plain_euler_changes_the_panels_the_reference_names(neuron_rows, simulated):
    changed = set()
    for row in original_rows(neuron_rows):
        if row["figure"] != "izhikevich2004_fig1":
            continue
        euler = simulate_neuron(dataclasses.replace(NeuronSpec.from_row(row), scheme="euler"))
        if len(euler.spike_times_ms) != len(simulated[row["id"]]["spike_times_ms"]):
            changed.add(row["panel"])
        if row["panel"] == "T":  # published T bursts during inhibition and stops after it
            published = simulated[row["id"]]["spike_times_ms"]
            assert published.max() < 260 and euler.spike_times_ms.max() > 340
    assert changed == EULER_CHANGES


@pytest.mark.parametrize(
    "expr", ["14*int(t > 10*ms)", "abs(t - 10*ms)/ms", "exp(-t/(5*ms))", "t/second"]
)
def test_valid_currents(expr):
    check_current(expr)


@pytest.mark.parametrize(
    "expr, message",
    [
        ("14*int(t > 10*ms", "cannot parse"),
        ("14*int(t > 10)", "units"),
        ("14*t", "units"),
        ("14*int(t > 10*ms) + x", "unknown symbol"),
        ("v + 1", "unknown symbol"),
        ("5*mV", "not a time unit"),
        ("__import__('os')", "unknown symbol"),
        ("", "empty"),
    ],
)
def test_invalid_currents(expr, message):
    with pytest.raises(CurrentError, match=message):
        check_current(expr)
