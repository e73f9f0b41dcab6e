"""The behaviour classifier out of sample.

1. Synthetic spike trains and traces generated from the definitions in the text of
   Izhikevich (2004), "Which Model to Use for Cortical Spiking Neurons?" (Fig. 1), with
   their parameters drawn by hypothesis (a property that must hold for every train of the
   kind), none copied from a shipped run;
2. both sides of every threshold of ``izhikevich.behaviour``, just above and just below;
3. the shipped original rows re-simulated with small changes of a, b, c, d and of the input
   (figure1.m's loop, which equals the pipeline bit for bit): wherever the spike train keeps
   its shape, the class must be kept;
4. the README's table of margins, recomputed from the shipped rows.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from izhikevich import behaviour as B
from izhikevich.margins import margin_table, markdown

from conftest import ROOT, classify, make_run
from oracles import published as P
from oracles.published_parameters import PUBLISHED

DT = 0.25
#: Derandomized: the same examples on every run (CI), 60 per property.
FAST = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


ON = 20.0


def step(t):
    return 10.0 if t > ON else 0.0


def until(end: float, start: float, intervals) -> np.ndarray:
    """Spike times from ``start`` by the (cycled) intervals, up to ``end``."""
    times, t, k = [], start, 0
    intervals = list(intervals)
    while t <= end:
        times.append(t)
        t += intervals[k % len(intervals)]
        k += 1
    return np.array(times)


# ------------------------------------------------------------------ 1. from the definitions

latency = st.floats(0.5, 15.0)


@FAST
@given(period=st.floats(2.0, 60.0), delay=latency, jitter=st.floats(0.0, 0.05))
def test_tonic_spiking_is_a_train_while_the_input_is_on(period, delay, jitter):
    """(A) "while the input is on, the neuron continues to fire a train of spikes"."""
    end = ON + delay + 6 * period + 40
    signs = np.resize([1, -1], 200)
    spikes = until(end - period / 2, ON + delay, period * (1 + jitter * signs))
    assert classify(make_run(step, spikes, end=end)) == "tonic spiking"


@FAST
@given(delay=st.floats(0.5, 60.0), end=st.floats(150.0, 400.0))
def test_phasic_spiking_is_one_spike_at_onset(delay, end):
    """(B) "fire only a single spike at the onset of the input, and remain quiescent"."""
    assert classify(make_run(step, [ON + delay], end=end)) == "phasic spiking"


bursts_ = dict(
    size=st.integers(2, 6),
    intra=st.floats(1.5, 9.0),
    gap_factor=st.floats(2.5, 12.0),
    delay=latency,
)


def burst_train(start, size, intra, gap, end):
    one = [intra] * (size - 1) + [gap]
    return until(end, start, one)


@FAST
@given(**bursts_)
def test_tonic_bursting_is_periodic_bursts(size, intra, gap_factor, delay):
    """(C) "fire periodic bursts of spikes when stimulated"."""
    gap = max(gap_factor * intra, 12.0)
    period = (size - 1) * intra + gap
    end = ON + delay + 5 * period
    spikes = burst_train(ON + delay, size, intra, gap, end - gap / 2)
    assert classify(make_run(step, spikes, end=end)) == "tonic bursting"


@FAST
@given(**bursts_, tail=st.floats(60.0, 300.0))
def test_phasic_bursting_is_one_burst_at_onset(size, intra, gap_factor, delay, tail):
    """(D) "fire a single burst at the onset of stimulation" and stay quiet."""
    spikes = ON + delay + intra * np.arange(size)
    assert classify(make_run(step, spikes, end=float(spikes[-1]) + tail)) == "phasic bursting"


@FAST
@given(**bursts_, period=st.floats(12.0, 50.0), pause_factor=st.floats(1.05, 3.0))
def test_mixed_mode_is_a_burst_then_tonic_spiking(
    size, intra, gap_factor, delay, period, pause_factor
):
    """(E) "fire a phasic burst at the onset of stimulation and then switch to the tonic
    spiking mode": the pause after the burst is not shorter than the tonic period."""
    pause = max(pause_factor * period, gap_factor * intra, 12.0)
    burst = ON + delay + intra * np.arange(size)
    end = float(burst[-1]) + pause + 5 * period + period / 2
    tonic = until(end - period / 2, float(burst[-1]) + pause, [period])
    spikes = np.concatenate([burst, tonic])
    assert classify(make_run(step, spikes, end=end)) == "mixed mode"


@FAST
@given(first=st.floats(11.0, 30.0), growth=st.floats(1.15, 1.6), n=st.integers(6, 10))
def test_adaptation_is_a_frequency_that_decreases(first, growth, n):
    """(F) "the frequency of tonic spiking decreases with time": intervals lengthen."""
    intervals = first * growth ** np.arange(n)
    if intervals[-1] / intervals[0] < B.ADAPT_RATIO:
        intervals = first * np.geomspace(1, 4, n)  # 4x slower at the end
    spikes = np.cumsum([ON + 2, *intervals])
    run = make_run(step, spikes, end=float(spikes[-1]) + intervals[-1] / 2)
    assert classify(run) == "spike frequency adaptation"


ramp = lambda t: 0.05 * (t - 30) if t > 30 else 0.0  # noqa: E731


@FAST
@given(onset_hz=st.floats(2.0, 35.0), rise=st.floats(2.5, 8.0), n=st.integers(4, 12))
def test_class_1_fires_at_low_rates_that_grow_with_the_input(onset_hz, rise, n):
    """(G) class 1: "the frequency ... may span the range from 2 Hz to 200 Hz"."""
    rates = onset_hz * np.geomspace(1, rise, n)
    spikes = np.cumsum([60.0, *(1000 / rates)])
    assert classify(make_run(ramp, spikes, end=float(spikes[-1]) + 5)) == "Class 1 excitable"


@FAST
@given(onset_hz=st.floats(42.0, 150.0), n=st.integers(3, 12), rise=st.floats(1.0, 1.5))
def test_class_2_starts_at_a_relatively_large_frequency(onset_hz, n, rise):
    """(H) class 2: "either quiescent or fire a train of spikes with a certain relatively
    large frequency, say 40 Hz"."""
    rates = onset_hz * np.geomspace(1, rise, n)
    spikes = np.cumsum([100.0, *(1000 / rates)])
    assert classify(make_run(ramp, spikes, end=float(spikes[-1]) + 5)) == "Class 2 excitable"


def pulse_at(start, width, amp=5.0):
    return lambda t: amp if start < t < start + width else 0.0


@FAST
@given(steps=st.integers(4, 40), delay_factor=st.floats(1.2, 20.0))
def test_spike_latency_is_a_spike_well_after_a_brief_pulse(steps, delay_factor):
    """(I) "the spike may occur with a delay depending on the strength of the input".
    (The pulse lasts a whole number of samples, so the sampled input is the pulse.)"""
    width = steps * DT
    spike = 20 + width + delay_factor * width
    run = make_run(pulse_at(20, width), [spike], end=spike + 80)
    assert classify(run) == "spike latency"


def ringing(freq_hz, tau_ms, start, amp):
    def v(t):
        x = np.clip(t - start, 0, None)
        return -62 + amp * np.exp(-x / tau_ms) * np.sin(2 * np.pi * freq_hz * x / 1000)

    return v


@FAST
@given(freq=st.floats(5.0, 60.0), periods=st.floats(1.0, 5.0), amp=st.floats(2.0, 8.0))
def test_damped_ringing_after_a_pulse_is_subthreshold_oscillation(freq, periods, amp):
    """(J) damped oscillations of v after a brief pulse (one spike or none); decaying with
    a time constant of at least a period and a visible (2-8 mV) amplitude."""
    tau = periods * 1000 / freq
    run = make_run(pulse_at(20, 5), [], v=ringing(freq, tau, 25, amp), end=400)
    assert classify(run) == "subthreshold oscillations"


@FAST
@given(
    fired=st.sampled_from(["short", "long"]),
    short=st.floats(2.0, 8.0),
    long_=st.floats(15.0, 40.0),
)
def test_resonator_answers_its_resonant_pair_and_integrator_the_closest(fired, short, long_):
    """(K) a resonator fires to the pair whose interval matches its oscillation, not the
    closest one; (L) an integrator fires to the closest pair (coincidence)."""
    starts = (50, 50 + short, 250, 250 + long_)
    current = lambda t: 1.0 if any(s < t < s + 1 for s in starts) else 0.0  # noqa: E731
    spike = 50 + short + 3 if fired == "short" else 250 + long_ + 3
    expected = "integrator" if fired == "short" else "resonator"
    assert classify(make_run(current, [spike], end=400)) == expected


@FAST
@given(delay=st.floats(2.0, 60.0), size=st.integers(2, 5), intra=st.floats(1.5, 8.0))
def test_rebound_after_release_from_inhibition(delay, size, intra):
    """(M, N) "when a neuron receives and then is released from an inhibitory input, it
    may fire a post-inhibitory (rebound) spike" or burst."""
    current = lambda t: -15.0 if 20 < t < 25 else 0.0  # noqa: E731
    assert classify(make_run(current, [25 + delay], end=300)) == "rebound spike"
    burst = 25 + delay + intra * np.arange(size)
    assert classify(make_run(current, burst, end=300)) == "rebound burst"


@FAST
@given(period=st.floats(15.0, 60.0), delay=st.floats(1.0, 10.0), size=st.integers(2, 5))
def test_firing_only_while_inhibited(period, delay, size):
    """(S, T) "quiescent when there is no input, but fires when hyperpolarized"; in bursts
    for (T)."""
    current = lambda t: 75.0 if 50 <= t <= 250 else 80.0  # noqa: E731
    spikes = until(250 - period, 50 + delay, [period])
    assert classify(make_run(current, spikes, end=350)) == "inhibition-induced spiking"
    bursts = np.concatenate([s + 2.0 * np.arange(size) for s in spikes])
    assert classify(make_run(current, bursts, end=350)) == "inhibition-induced bursting"


# ------------------------------------------------------------------ 2. both sides


def regular(isi, n=12, start=ON + 3):
    return start + isi * np.arange(n)


def bursts_of(intra, gap, n_bursts=6, size=3, start=ON + 3):
    return np.concatenate(
        [start + k * ((size - 1) * intra + gap) + intra * np.arange(size) for k in range(n_bursts)]
    )


def near(threshold: float, side: int, rel: float = 0.03) -> float:
    return threshold * (1 + side * rel)


def ended(spikes, pad=3.0):
    return float(np.max(spikes)) + pad


BOTH_SIDES = {
    # intervals inside a burst at most BURST_ISI_MS; a longer one makes single spikes
    "BURST_ISI_MS": lambda s: (
        bursts_of(near(B.BURST_ISI_MS, s), 40.0),
        "tonic bursting" if s < 0 else None,
    ),
    # the interval after a burst at least BURST_SEPARATION x the longest inside it
    "BURST_SEPARATION": lambda s: (
        bursts_of(8.0, near(B.BURST_SEPARATION * 8.0, s)),
        "tonic bursting" if s > 0 else None,
    ),
    # mixed mode: pause after the burst not shorter than the tonic period
    "mixed mode pause": lambda s: (
        np.concatenate([ON + 3 + 3 * np.arange(3), ON + 9 + near(30.0, s) + 30.0 * np.arange(6)]),
        "mixed mode" if s > 0 else "tonic spiking",
    ),
    # adaptation: last / first interval at least ADAPT_RATIO (5 lengthenings)
    "ADAPT_RATIO": lambda s: (
        np.cumsum([ON + 3, *(12.0 * np.geomspace(1, near(B.ADAPT_RATIO, s), 6))]),
        "spike frequency adaptation" if s > 0 else "tonic spiking",
    ),
    # chaos: CV of the later intervals at least CHAOS_CV
    "CHAOS_CV": lambda s: (
        np.cumsum([ON + 3, *(20.0 * (1 + near(B.CHAOS_CV, s) * np.resize([1, -1], 16)))]),
        "chaos" if s > 0 else "tonic spiking",
    ),
}


@pytest.mark.parametrize("threshold", sorted(BOTH_SIDES))
def test_step_thresholds_from_both_sides(threshold):
    """3 % on either side of the threshold; None: anything but the other side's class."""
    classes = {}
    for side in (-1, 1):
        spikes, expected = BOTH_SIDES[threshold](side)
        classes[side] = classify(make_run(step, spikes, end=ended(spikes)))
        if expected is not None:
            assert classes[side] == expected, (threshold, side)
    assert classes[-1] != classes[1], threshold


def test_adapt_lengthening_from_both_sides():
    """3 successive lengthenings make adaptation; 2 (then steady) do not."""
    three = np.cumsum([ON + 3, 12, 20, 33, 55, 55, 55])
    two = np.cumsum([ON + 3, 12, 24, 48, 48, 48, 48])
    assert classify(make_run(step, three, end=ended(three))) == "spike frequency adaptation"
    assert classify(make_run(step, two, end=ended(two))) == "tonic spiking"


def test_class_thresholds_from_both_sides():
    for side in (-1, 1):
        onset = near(B.CLASS2_ONSET_HZ, side)
        spikes = np.cumsum([100.0, *(1000 / (onset * np.geomspace(1, 1.2, 5)))])
        expected = "Class 2 excitable" if side > 0 else "unclassified"
        assert classify(make_run(ramp, spikes, end=ended(spikes))) == expected
        rise = near(B.CLASS1_RISE, side)
        spikes = np.cumsum([80.0, *(1000 / (20 * np.geomspace(1, rise, 6)))])
        expected = "Class 1 excitable" if side > 0 else "unclassified"
        assert classify(make_run(ramp, spikes, end=ended(spikes))) == expected


def test_pulse_thresholds_from_both_sides():
    for side in (-1, 1):
        # latency: the delay after a 4 ms pulse against one pulse duration
        spike = 24 + near(B.LATENCY_MIN_PULSES * 4.0, side, 0.1)
        run = make_run(pulse_at(20, 4), [spike], end=200)
        assert classify(run) == ("spike latency" if side > 0 else "unclassified")
        # oscillation: the largest swing against OSC_MIN_SWING_MV (swing = 2 x amplitude)
        amp = near(B.OSC_MIN_SWING_MV, side, 0.1) / 2 / math.exp(-1 / 4 / 0.03 / 100)
        run = make_run(pulse_at(20, 5), [], v=ringing(30.0, 100.0, 25.0, amp), end=300)
        assert classify(run) == ("subthreshold oscillations" if side > 0 else "quiescent")
        # after-depolarisation: a hump after the spike against ADP_MIN_MV above rest
        height = near(B.ADP_MIN_MV, side, 0.1)

        def v(t, height=height):
            return np.where(t > 22, -70 + height * np.exp(-(((t - 26) / 1.5) ** 2)), -70.0)

        run = make_run(pulse_at(20, 2), [22.0], v=v, end=100)
        expected = "depolarizing after-potential" if side > 0 else "unclassified"
        assert classify(run) == expected


def test_grace_after_inhibition_from_both_sides():
    current = lambda t: 75.0 if 50 <= t <= 250 else 80.0  # noqa: E731
    for side in (-1, 1):
        spikes = np.r_[120.0, 180.0, 250 + near(B.GRACE_MS, side, 0.1)]
        cls = classify(make_run(current, spikes, end=350))
        assert (cls == "inhibition-induced spiking") == (side < 0), cls


# ------------------------------------------------------------------ 3. perturbed shipped runs


def perturbed(p, factors) -> B.Run:
    """figure1.m's loop on the published panel with a, b, c, d and I(t) scaled."""
    fa, fb, fc, fd, fi = factors
    published_input = P.INPUTS[p.panel]
    P.INPUTS[p.panel] = lambda t: fi * published_input(t)
    try:
        v, _, current, spikes = P.figure1_loop(
            p.panel, p.a * fa, p.b * fb, p.c * fc, p.d * fd, p.v0, p.tau, p.T, p.u0
        )
    finally:
        P.INPUTS[p.panel] = published_input
    return B.Run(t=np.arange(len(v)) * p.tau, v=v, I=current, spikes=spikes)


def same_shape(shipped: B.Run, other: B.Run, tol: float = 0.25) -> bool:
    """Same number of spikes in every input epoch, every spike's delay from the start of
    its epoch and every interval within ``tol`` of the shipped run's."""
    eps = B.epochs(shipped)
    starts = [e.start for e in eps]

    def delays(r):
        k = np.searchsorted(starts, r.spikes, side="right") - 1
        return np.bincount(k, minlength=len(eps)), r.spikes - np.asarray(starts)[k]

    (n0, d0), (n1, d1) = delays(shipped), delays(other)
    if not np.array_equal(n0, n1):
        return False
    i0, i1 = np.diff(shipped.spikes), np.diff(other.spikes)
    return bool(np.all(np.abs(d1 - d0) <= tol * d0) and np.all(np.abs(i1 - i0) <= tol * i0))


#: Relative size of the changes of a, b, c, d and of the input amplitude.
PERTURBATION = 0.05


@pytest.mark.parametrize("key", list(PUBLISHED), ids=["_".join(k) for k in PUBLISHED])
@settings(
    max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(changes=st.lists(st.floats(-PERTURBATION, PERTURBATION), min_size=5, max_size=5))
def test_a_perturbed_shipped_run_of_the_same_shape_keeps_its_class(key, changes):
    p = PUBLISHED[key]
    shipped = perturbed(p, (1, 1, 1, 1, 1))
    other = perturbed(p, 1 + np.asarray(changes))
    if same_shape(shipped, other):
        assert classify(other) == classify(shipped), (key, changes)


def test_perturbations_of_the_shipped_runs_mostly_keep_their_shape():
    """The property above is not vacuous: most +-1 % changes keep the spike train's shape."""
    rng = np.random.default_rng(2004)
    kept = [
        same_shape(perturbed(p, (1,) * 5), perturbed(p, 1 + rng.uniform(-0.01, 0.01, 5)))
        for p in PUBLISHED.values()
        for _ in range(3)
    ]
    assert np.mean(kept) > 0.6


# ------------------------------------------------------------------ 4. README margins


def test_readme_margins_are_the_shipped_runs_margins(simulated):
    text = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- margins -->\n(.*?)\n<!-- /margins -->", text, re.S)
    assert block, "README has no margins table"
    assert block.group(1).strip() == markdown(margin_table(simulated.values())).strip()
