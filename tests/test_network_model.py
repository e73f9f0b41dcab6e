"""The network of 2003 Fig. 3 (net.m) and its schemes, against hand computation, a NumPy port
of net.m, the seeds' own programs and the behaviour the paper shows."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import numpy as np
import pytest

from izhikevich.network import NetworkSpec, net_m_parameters, simulate_network
from izhikevich.network_stats import (
    ALPHA_BAND_HZ,
    peak_frequency,
    population_counts,
    run_statistics,
    spectrum,
)

from conftest import ROOT
from oracles.net_m import net_m_numpy
from oracles.seed_network import brian2_example, notebook_simulation

NET_M = NetworkSpec(Ne=800, Ni=200, duration_ms=1000.0, seed=1)


def as_run(spec: NetworkSpec, result) -> dict:
    return {
        "spike_times_ms": result.spike_times_ms,
        "spike_indices": result.spike_indices,
        "Ne": spec.Ne,
        "Ni": spec.Ni,
        "duration_ms": spec.duration_ms,
        "t_ms": result.t_ms,
    }


@pytest.fixture(scope="module")
def net_m():
    """net.m's own network (800 + 200, 1000 ms), seed 1."""
    return simulate_network(NET_M)


def noise(seed: int, n: int, steps: int) -> np.ndarray:
    """The thalamic draws of each step: N(0,1) from Brian2's stream after seed(seed)."""
    stream = np.random.RandomState(seed)
    return np.array([stream.randn(n) for _ in range(steps)])


def test_first_step_by_hand():
    # net.m, t = 1: nobody fires (v0 = -65); I = sigma*randn; v += 0.5*f twice; u with new v
    spec = NetworkSpec(Ne=2, Ni=1, duration_ms=2.0, seed=7)
    result = simulate_network(spec)
    p = net_m_parameters(spec)
    x = noise(7, 3, 1)[0]
    current = np.array([5.0, 5.0, 2.0]) * x
    v, u = np.full(3, -65.0), p["b"] * -65.0
    v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + current)
    v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + current)
    assert result.t_ms.tolist() == [1.0, 2.0]  # net.m's t = 1..T
    assert result.v[0] == -65.0  # v at the start of t = 1
    assert result.I[0] == current[0]
    assert result.v[1] == v[0]  # v at the start of t = 2 = after step 1
    assert len(result.spike_times_ms) == 0


def test_parameters_follow_net_m():
    spec = NetworkSpec(Ne=300, Ni=100, duration_ms=1.0, seed=3)
    p = net_m_parameters(spec)
    re = (p["c"][:300] + 65) / 15  # c = -65 + 15 r^2 and d = 8 - 6 r^2 share one r
    assert np.allclose(p["d"][:300], 8 - 6 * re)
    assert np.all(p["a"][:300] == 0.02) and np.all(p["b"][:300] == 0.2)
    ri = (p["a"][300:] - 0.02) / 0.08  # a = 0.02 + 0.08 r and b = 0.25 - 0.05 r share one r
    assert np.allclose(p["b"][300:], 0.25 - 0.05 * ri)
    assert np.all(p["c"][300:] == -65) and np.all(p["d"][300:] == 2)
    w = p["weights"]
    assert w.shape == (400, 400) and w.dtype == np.float32  # [pre, post], self-connections
    assert 0 <= w[:300].min() and w[:300].max() < 0.5  # from excitatory: 0.5 U[0,1)
    assert -1 < w[300:].min() and w[300:].max() <= 0  # from inhibitory: -U[0,1)


def test_spikes_are_whole_ms_where_v_reaches_30_at_the_start_of_the_step(net_m):
    assert np.all(net_m.spike_times_ms == np.round(net_m.spike_times_ms))
    own = net_m.spike_times_ms[net_m.spike_indices == 0]
    assert len(own) > 2
    assert own.tolist() == net_m.t_ms[net_m.v >= 30].tolist()


def test_input_is_fresh_noise_plus_this_steps_spikes_only(net_m):
    # I(t) of neuron 0 = 5*randn + the weights onto it from the neurons that fired at t
    p = net_m_parameters(NET_M)
    steps = len(net_m.t_ms)
    thalamic = 5.0 * noise(NET_M.seed, NET_M.N, steps)[:, 0]
    onto_0 = p["weights"][net_m.spike_indices, 0].astype(np.float64)
    synaptic = np.bincount(net_m.spike_times_ms.astype(int) - 1, onto_0, minlength=steps)
    assert np.array_equal(net_m.I, thalamic + synaptic)  # exact: float32 weights, double sums


def test_equals_the_numpy_port_of_net_m_bit_for_bit(net_m):
    times, indices = net_m_numpy(800, 200, 1000, 1, 1.0)
    assert np.array_equal(net_m.spike_times_ms, times)
    assert np.array_equal(net_m.spike_indices, indices)


def test_weight_scaling_1000_over_n_is_net_m_at_1000_neurons(net_m):
    scaled = simulate_network(dataclasses.replace(NET_M, weight_scaling="1000/N"))
    assert np.array_equal(scaled.spike_times_ms, net_m.spike_times_ms)
    assert np.array_equal(scaled.spike_indices, net_m.spike_indices)


#: Seeds of the NumPy port of net.m whose spread of rates the network tests use (seed 1,
#: the one the Brian2 tests run, is not among them).
SPREAD_SEEDS = range(2, 22)


def rates_hz(times: np.ndarray, indices: np.ndarray, ne: int, ni: int, duration_ms: float):
    """Mean rate (Hz) of the excitatory and of the inhibitory neurons."""
    e = np.count_nonzero(indices < ne) / ne / duration_ms * 1000
    return e, np.count_nonzero(indices >= ne) / ni / duration_ms * 1000


@pytest.fixture(scope="module")
def port_spread():
    """Mean and sd (over SPREAD_SEEDS) of the E and I rates of the NumPy port of net.m
    (800 + 200 neurons) for 1000 ms and 200 ms, computed in this session."""
    spread = {}
    for duration in (1000, 200):
        rates = [
            rates_hz(*net_m_numpy(800, 200, duration, seed, 1.0), 800, 200, duration)
            for seed in SPREAD_SEEDS
        ]
        spread[duration] = np.mean(rates, axis=0), np.std(rates, axis=0, ddof=1)
    return spread


def within_3_sd(rates, spread) -> bool:
    mean, sd = spread
    return bool(np.all(np.abs(np.asarray(rates) - mean) <= 3 * sd))


def test_rates_within_the_ports_spread_and_an_alpha_rhythm(net_m, port_spread):
    # 2003 Fig. 3: a few Hz per neuron, population rhythm in the alpha band. The rates must
    # lie within mean +- 3 sd of net.m's (NumPy port) over 20 other seeds.
    stats = run_statistics(as_run(NET_M, net_m))
    assert within_3_sd((stats["rate_e_hz"], stats["rate_i_hz"]), port_spread[1000])
    counts = population_counts(net_m.spike_times_ms, net_m.t_ms[0], NET_M.duration_ms)
    freqs, power = spectrum(counts)
    slow = peak_frequency(freqs, power, (2.0, 20.0))
    assert 6 <= slow <= 14
    alpha = power[(freqs >= ALPHA_BAND_HZ[0]) & (freqs <= ALPHA_BAND_HZ[1])].sum()
    white = 6 / 500  # 6 of the 500 positive frequencies
    assert alpha > 5 * white


def test_2500_neurons_equal_the_numpy_port_and_scaled_weights_keep_net_ms_rates(port_spread):
    """2,000 + 500 neurons, 200 ms: Brian2 fires the NumPy port's spikes, bit for bit, with
    net.m's weights and with weights x 1000/N; only the scaled network fires within the
    spread of net.m's own 1000-neuron network."""
    spec = NetworkSpec(Ne=2000, Ni=500, duration_ms=200.0, seed=1)
    for scaling, factor in (("none", 1.0), ("1000/N", 1000 / 2500)):
        scaled = dataclasses.replace(spec, weight_scaling=scaling)
        result = simulate_network(scaled)
        times, indices = net_m_numpy(2000, 500, 200, 1, factor)
        assert np.array_equal(result.spike_times_ms, times), scaling
        assert np.array_equal(result.spike_indices, indices), scaling
        rates = rates_hz(times, indices, 2000, 500, 200)
        assert within_3_sd(rates, port_spread[200]) == (scaling == "1000/N"), (scaling, rates)


def test_same_seed_same_spikes_other_seed_other_network_and_noise():
    spec = NetworkSpec(Ne=160, Ni=40, duration_ms=300.0, seed=11)
    first, again = simulate_network(spec), simulate_network(spec)
    for name in ("spike_times_ms", "spike_indices", "a", "b", "c", "d", "v", "I"):
        assert np.array_equal(getattr(first, name), getattr(again, name)), name
    other = simulate_network(dataclasses.replace(spec, seed=12))
    assert not np.array_equal(first.c, other.c)  # another network
    assert first.I[0] != other.I[0]  # another noise (nobody fires at t = 1)
    assert not np.array_equal(first.spike_indices, other.spike_indices)


SMALL = [
    NetworkSpec(Ne=80, Ni=20, duration_ms=200.0, seed=5, scheme="izhikevich"),
    NetworkSpec(Ne=40, Ni=10, duration_ms=100.0, seed=5, scheme="notebook"),
    NetworkSpec(Ne=40, Ni=10, duration_ms=100.0, seed=5, scheme="brian2_example"),
]


def fingerprint(result) -> str:
    import hashlib

    sha = hashlib.sha256()
    for name in ("spike_times_ms", "spike_indices", "a", "b", "c", "d", "t_ms", "v", "I"):
        sha.update(np.ascontiguousarray(getattr(result, name)).tobytes())
    return sha.hexdigest()


def test_a_fresh_process_gives_the_same_bits():
    # what one Snakemake job computes alone equals what this process computes while it holds
    # other Brian2 objects under Brian2's automatic names (which would otherwise shift the
    # names, hence the order, of the schemes' objects) and after other simulations
    import brian2

    group = brian2.NeuronGroup(2, "v : 1", threshold="v > 1")
    alive = [group, group[:1], group[1:], group.run_regularly("v = 0")]
    alive.append(brian2.Synapses(group, group, "w : 1", on_pre="v += w"))
    here = [fingerprint(simulate_network(spec)) for spec in SMALL]
    assert [obj.name for obj in alive[:3]] == [
        "neurongroup", "neurongroup_subgroup", "neurongroup_subgroup_1"
    ]  # fmt: skip
    code = (
        "import json, sys, dataclasses\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from test_network_model import SMALL, fingerprint\n"
        "from izhikevich.network import simulate_network\n"
        "print(json.dumps([fingerprint(simulate_network(s)) for s in SMALL]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "tests")],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == here


def test_notebook_scheme_equals_the_seed_notebooks_simulation():
    # 400 + 100 neurons: enough spikes that E and I input reach neuron 0 in one step, so
    # the order of the four pathways' additions shows in the last bits of I
    spec = NetworkSpec(Ne=400, Ni=100, duration_ms=200.0, seed=3, scheme="notebook")
    result = simulate_network(spec)
    et, ei, it, ii, v, current = notebook_simulation(400, 100, 1, 200, random_seed=3)
    times, index = np.r_[et, it], np.r_[ei, ii + 400]
    order = np.lexsort((index, np.round(times * 10)))
    assert len(times) > 10
    assert np.allclose(result.spike_times_ms, times[order], rtol=0, atol=1e-9)
    assert np.array_equal(result.spike_indices, index[order])
    assert np.array_equal(result.v, v) and np.array_equal(result.I, current)


def test_brian2_example_scheme_equals_the_example():
    spec = NetworkSpec(Ne=40, Ni=10, duration_ms=200.0, seed=3, scheme="brian2_example")
    result = simulate_network(spec)
    times, index, v = brian2_example(40, 10, 200, random_seed=3)
    assert len(times) > 10
    assert np.array_equal(result.spike_times_ms, times)
    assert np.array_equal(result.spike_indices, index)
    assert np.array_equal(result.v, v)


@pytest.mark.parametrize("scheme", ["izhikevich", "notebook", "brian2_example"])
@pytest.mark.parametrize("ne, ni", [(0, 60), (60, 0)])
def test_purely_excitatory_or_inhibitory_networks_run(scheme, ne, ni):
    spec = NetworkSpec(Ne=ne, Ni=ni, duration_ms=100.0, seed=2, scheme=scheme)
    result = simulate_network(spec)
    assert len(result.a) == 60 and len(result.v) == spec.n_steps
    if len(result.spike_indices):
        assert 0 <= result.spike_indices.min() and result.spike_indices.max() < 60
    if ne == 0:  # inhibitory: c = -65, d = 2
        assert np.all(result.c == -65) and np.all(result.d == 2)
    else:  # excitatory: a = 0.02, b = 0.2
        assert np.all(result.a == 0.02) and np.all(result.b == 0.2)
    assert np.isfinite(result.v).all()
    if scheme == "izhikevich":  # synaptic input onto neuron 0 = I - thalamic noise
        sigma = 5.0 if ne else 2.0
        synaptic = result.I - sigma * noise(spec.seed, 60, spec.n_steps)[:, 0]
        assert np.all(synaptic >= 0) if ne else np.all(synaptic <= 0)
        assert np.any(synaptic != 0)
