"""The behaviour classifier on synthetic spike trains and traces with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from izhikevich import behaviour as B
from izhikevich.schemes import NEURON_SCHEMES

from conftest import classify, make_run

DT = 0.25


def step(t, on=20.0, amp=10.0, base=0.0):
    return amp if t > on else base


def train(start, intervals):
    return np.cumsum([start, *intervals])


# --------------------------------------------------------------------------- protocols


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (lambda t: step(t), "step"),
        (lambda t: step(t, amp=0.0, base=-25.0), "release"),
        (lambda t: 0.1 * (t - 30) if t > 30 else 0.0, "ramp"),
        # the seed notebook sets I every 1 ms: a staircase, held until the end
        (lambda t: 0.1 * (math.floor(t) - 30) if t > 30 else 0.0, "ramp"),
        (lambda t: t / 25 if t < 200 else (t - 250) / 2 if 250 <= t < 260 else 0.0, "ramps"),
        (lambda t: 5.0 if 20 < t < 25 else 0.0, "pulse"),
        (lambda t: 1.0 if 40 < t < 45 or 200 < t < 205 else 0.0, "two pulses"),
        (lambda t: 1.0 if any(s < t < s + 2 for s in (10, 15, 70, 80)) else 0.0, "pulse pairs"),
        (
            lambda t: 1.0 if 10 < t < 15 or 80 < t < 85 else -6.0 if 60 < t < 65 else 0.0,
            "pulse-inhibition-pulse",
        ),
        (lambda t: 75.0 if 50 <= t <= 250 else 80.0, "inhibition"),
        (lambda t: -2.0 if t <= 10 else 10.0 if 60 < t < 65 else -0.5, "release and pulse"),
        (lambda t: 5.0 if t < 100 else 0.0, "other"),
    ],
)
def test_protocol_read_from_the_input(current, expected):
    assert B.protocol(B.epochs(make_run(current))) == expected


def test_ramp_epochs_span_the_ramp():
    eps = B.epochs(make_run(lambda t: 0.1 * (t - 30) if t > 30 else 0.0))
    assert [e.kind for e in eps] == ["level", "ramp"]
    assert eps[1].start == pytest.approx(30.25)
    assert eps[1].slope == pytest.approx(0.1, rel=1e-3)


@given(
    t=st.lists(st.floats(0, 1e3), min_size=2, max_size=20).map(sorted),
    scheme=st.sampled_from(sorted(NEURON_SCHEMES)) | st.text(max_size=12),
    dt=st.floats(0.01, 1.0),
)
def test_runs_are_read_in_the_npz_time_whatever_the_scheme(t, scheme, dt):
    """NPZ files hold model time for every scheme: reading one never rescales it."""
    t = np.asarray(t)
    arrays = {"t_ms": t, "v": np.zeros(t.size), "I": np.zeros(t.size)}
    arrays.update(spike_times_ms=t[::2], scheme=scheme, dt_ms=dt)
    run = B.Run.from_arrays(arrays)
    assert np.array_equal(run.t, t) and np.array_equal(run.spikes, t[::2])


# --------------------------------------------------------------------------- step responses


@pytest.mark.parametrize(
    ("spikes", "expected"),
    [
        (train(25, [20] * 12), "tonic spiking"),
        # an initial doublet, then a steady period (2004 Fig. 1 A): still tonic
        (train(25, [4, 15] + [27] * 9), "tonic spiking"),
        ([60.0], "phasic spiking"),
        (train(25, [3, 3.5, 4, 5, 6]), "phasic bursting"),
        (np.concatenate([train(25 + 40 * k, [2, 2, 2]) for k in range(7)]), "tonic bursting"),
        (np.concatenate([train(25, [2.5, 4]), train(70, [30] * 7)]), "mixed mode"),
        (train(25, [2, 3, 5, 9, 16, 28, 45, 70]), "spike frequency adaptation"),
        ([], "quiescent"),
    ],
)
def test_step_responses(spikes, expected):
    assert classify(make_run(step, spikes)) == expected


def test_irregular_firing_is_chaos():
    rng = np.random.default_rng(1)
    spikes = train(25, rng.uniform(3, 25, size=20))
    assert classify(make_run(step, spikes, end=float(spikes[-1]) + 5)) == "chaos"


def test_burst_then_steady_slower_firing_is_adaptation_not_mixed_mode():
    """2004 Fig. 1 F: the gap after the first spikes is shorter than the later period."""
    spikes = train(10, [2, 2.75, 4.75, 22.75, 29, 30])
    run = make_run(lambda t: step(t, on=8.5, amp=30), spikes, end=120)
    assert classify(run) == "spike frequency adaptation"


@pytest.mark.parametrize(
    ("spikes", "expected"),
    [([60.0], "rebound spike"), (train(50, [5, 5.5, 7, 10.5]), "rebound burst")],
)
def test_release_from_hyperpolarisation(spikes, expected):
    run = make_run(lambda t: -25.0 if t <= 45 else 0.0, spikes, end=150)
    assert classify(run) == expected


# --------------------------------------------------------------------------- ramps


def ramp(t):
    return 0.075 * (t - 30) if t > 30 else 0.0


def test_class_1_starts_slow_and_speeds_up():
    assert classify(make_run(ramp, train(80, [40, 30, 22, 17, 14, 12]))) == "Class 1 excitable"


def test_class_2_starts_at_40_hz_or_more():
    assert classify(make_run(ramp, train(100, [20, 18, 16, 15, 14]))) == "Class 2 excitable"


def test_class_boundary_is_the_papers_40_hz():
    below = make_run(ramp, train(100, [1000 / 39, 20, 12, 10]))
    above = make_run(ramp, train(100, [1000 / 41, 20, 12, 10]))
    assert (classify(below), classify(above)) == ("Class 1 excitable", "Class 2 excitable")


def two_ramps(t):
    return t / 25 if t < 200 else (t - 300) / 12.5 * 4 if 300 <= t < 312.5 else 0.0


def test_accommodation_ignores_the_slow_ramp():
    assert classify(make_run(two_ramps, [311.0], end=400)) == "accommodation"


def test_spikes_on_the_slow_ramp_are_not_accommodation():
    assert classify(make_run(two_ramps, [150.0, 190.0], end=400)) != "accommodation"


# --------------------------------------------------------------------------- pulses


def pulse(t):
    return 5.0 if 20 < t < 25 else 0.0


def damped(freq_hz, tau_ms, start, amp=3.0, rest=-62.0):
    def v(t):
        x = np.clip(t - start, 0, None)
        return rest + amp * np.exp(-x / tau_ms) * np.cos(2 * np.pi * freq_hz * x / 1000)

    return v


def test_oscillation_frequency_and_decay_are_measured():
    t = np.arange(0, 300, DT)
    osc = B.oscillation(t, damped(20.0, 40.0, 0.0)(t))
    assert osc.present
    assert osc.freq_hz == pytest.approx(20.0, rel=0.02)
    # successive swings shrink by exp(-half period / tau)
    assert osc.decay == pytest.approx(math.exp(-25 / 40), rel=0.05)


def test_relaxation_without_oscillation_turns_at_most_once():
    """Two real exponentials (an overshoot) turn once: not a damped oscillation."""
    t = np.arange(0, 300, DT)
    v = -62 + 6 * np.exp(-t / 30) - 8 * np.exp(-t / 10)
    assert not B.oscillation(t, v).present


def test_damped_ringing_after_a_pulse_is_subthreshold_oscillation():
    run = make_run(pulse, [], v=damped(15.0, 50.0, 25.0), end=250)
    assert classify(run) == "subthreshold oscillations"


def test_spike_long_after_the_pulse_is_latency():
    assert classify(make_run(pulse, [38.0])) == "spike latency"


def test_hump_after_the_spike_is_dap():
    def v(t):
        hump = 15 * np.exp(-(((t - 29) / 2) ** 2))
        return np.where(t > 26, -70 + hump - 10 * np.exp(-np.clip(t - 26, 0, None) / 2), -70.0)

    run = make_run(pulse, [26.0], v=v, end=100)
    assert classify(run) == "depolarizing after-potential"


def pairs(t):
    return 1.0 if any(s < t < s + 2 for s in (10, 15, 70, 80)) else 0.0


@pytest.mark.parametrize(
    ("spikes", "expected"), [([20.0], "integrator"), ([85.0], "resonator"), ([], "quiescent")]
)
def test_pulse_pairs(spikes, expected):
    assert classify(make_run(pairs, spikes, end=100)) == expected


def bistable_input(t):
    return 1.24 if 37.5 < t < 42.5 or 216 < t < 221 else 0.24


def test_firing_switched_on_and_off_is_bistability():
    spikes = train(45, [40] * 4)
    assert classify(make_run(bistable_input, spikes)) == "bistability"


def test_firing_that_outlasts_the_off_pulse_is_not_bistability():
    spikes = train(45, [40] * 6)
    assert classify(make_run(bistable_input, spikes)) == "tonic spiking"


def pip(t):
    return 1.0 if 10 < t < 15 or 80 < t < 85 else -6.0 if 70 < t < 75 else 0.0


def test_threshold_variability():
    assert classify(make_run(pip, [82.0], end=100)) == "threshold variability"
    assert classify(make_run(pip, [12.0, 82.0], end=100)) == "unclassified"


def inhibition(t):
    return 75.0 if 50 <= t <= 250 else 80.0


@pytest.mark.parametrize(
    ("spikes", "expected"),
    [
        (train(90, [70, 70]), "inhibition-induced spiking"),
        (
            np.concatenate([train(85, [2, 2, 2.5]), train(190, [2.5, 3])]),
            "inhibition-induced bursting",
        ),
    ],
)
def test_spiking_only_during_inhibition(spikes, expected):
    assert classify(make_run(inhibition, spikes, end=350)) == expected


def test_firing_that_goes_on_after_inhibition_is_not_inhibition_induced():
    """2004 Fig. 1 T under plain Euler: fires without stopping."""
    spikes = train(85, [1.5] * 170)
    assert "inhibition-induced" not in classify(make_run(inhibition, spikes, end=350))


def test_rebound_after_an_inhibitory_pulse():
    current = lambda t: -15.0 if 20 < t < 25 else 0.0  # noqa: E731
    assert classify(make_run(current, [68.0], end=200)) == "rebound spike"
    burst = train(68, [3, 3.2, 3.6, 4])
    assert classify(make_run(current, burst, end=200)) == "rebound burst"


def rz_input(t):
    return -2.0 if t <= 10 else 10.0 if 60 < t < 65 else -0.5


def test_resonator_type_needs_ringing_before_the_pulse():
    ringing = make_run(rz_input, [62.0], v=damped(30.0, 15.0, 10.0), end=100)
    flat = make_run(rz_input, [62.0], end=100)
    assert classify(ringing) == "subthreshold oscillations"
    assert classify(flat) == "unclassified"


# --------------------------------------------------------------------------- check()


def test_check_compares_with_the_expected_class():
    t = np.arange(0, 100.25, 0.25)
    arrays = {
        "t_ms": t,
        "v": np.full_like(t, -65.0),
        "I": np.where(t > 10, 14.0, 0.0),
        "spike_times_ms": train(13, [15] * 5),
        "scheme": "izhikevich",
        "dt_ms": 0.25,
        "figure": "izhikevich2004_fig1",
        "panel": "A",
        "name": "tonic spiking",
    }
    assert B.check(arrays)[0]
    assert not B.check(arrays, "phasic spiking")[0]
    assert not B.check({**arrays, "expected": "tonic bursting"})[0]
    with pytest.raises(ValueError, match="unknown behaviour"):
        B.check(arrays, "swimming")


def test_schema_lists_the_classes(root):
    from izhikevich import tables

    schema = tables.load_schema("neurons")
    assert tuple(schema["properties"]["expected"]["enum"]) == B.CLASSES
