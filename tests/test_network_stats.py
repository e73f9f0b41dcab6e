"""Network statistics on synthetic spike trains whose answers are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from izhikevich.network_stats import (
    STATISTICS,
    by_configuration,
    cv_isi,
    population_counts,
    run_statistics,
    summary_table,
)


def rhythmic_run(ne=80, ni=20, duration=1000.0, period=100.0, t0=0.0):
    """Every excitatory neuron fires once per ``period`` ms (all within 3 ms of the cycle's
    start); inhibitory neurons never fire."""
    times, index = [], []
    for neuron in range(ne):
        for start in np.arange(0, duration, period):
            times.append(t0 + start + neuron % 3)
            index.append(neuron)
    order = np.lexsort((index, times))
    return {
        "id": "synthetic",
        "scheme": "izhikevich",
        "Ne": ne,
        "Ni": ni,
        "duration_ms": duration,
        "weight_scaling": "none",
        "seed": 1,
        "t_ms": t0 + np.arange(int(duration)),
        "spike_times_ms": np.asarray(times, dtype=float)[order],
        "spike_indices": np.asarray(index)[order],
    }


def test_rates_silence_and_alpha_rhythm():
    stats = run_statistics(rhythmic_run())
    assert stats["total_spikes"] == 80 * 10
    assert stats["rate_e_hz"] == pytest.approx(10.0)  # once per 100 ms
    assert stats["rate_i_hz"] == 0.0
    assert stats["silent_neurons"] == 20
    assert stats["mean_cv_isi"] == pytest.approx(0.0)  # perfectly regular
    assert stats["dominant_hz"] == 10.0


def modulated_run(components: dict[float, float], n=100, base=10.0, duration=1000.0) -> dict:
    """A population whose 1 ms count is base + sum(amplitude * cos(2 pi f t)), rounded,
    the spikes dealt to the neurons in turn."""
    t = np.arange(int(duration))
    counts = base + sum(a * np.cos(2 * np.pi * f * t / 1000) for f, a in components.items())
    counts = np.round(counts).astype(int)
    times = np.repeat(t.astype(float), counts)
    run = rhythmic_run(ne=n, ni=0, duration=duration)
    run.update(spike_times_ms=times, spike_indices=np.arange(len(times)) % n)
    return run


def test_dominant_frequency_and_gamma_peak():
    stats = run_statistics(modulated_run({10.0: 6.0, 40.0: 3.0}))
    assert stats["dominant_hz"] == 10.0
    assert stats["gamma_peak_hz"] == 40.0
    assert stats["rate_e_hz"] == pytest.approx(100.0, rel=0.01)  # 10 per ms over 100
    gamma = run_statistics(modulated_run({10.0: 2.0, 40.0: 6.0, 70.0: 3.0}))
    assert gamma["dominant_hz"] == 40.0 and gamma["gamma_peak_hz"] == 40.0
    slow = run_statistics(modulated_run({3.0: 6.0, 60.0: 2.0}))
    assert slow["dominant_hz"] == 3.0 and slow["gamma_peak_hz"] == 60.0


def test_the_first_step_sets_the_bins():
    # net.m counts t = 1..T: shifting every time and the axis by 1 ms changes nothing
    assert run_statistics(rhythmic_run(t0=1.0)) == run_statistics(rhythmic_run())
    counts = population_counts(np.array([1.0, 1.0, 2.0, 1000.0]), 1.0, 1000.0)
    assert counts[:2].tolist() == [2, 1] and counts[-1] == 1 and counts.sum() == 4


def test_cv_of_isi():
    # neuron 0: ISIs 10, 30 -> mean 20, sd 10 -> CV 0.5; neuron 1: two spikes only -> NaN
    times = np.array([0.0, 10.0, 40.0, 5.0, 9.0])
    index = np.array([0, 0, 0, 1, 1])
    cvs = cv_isi(times, index, 3)
    assert cvs[0] == pytest.approx(0.5)
    assert np.isnan(cvs[1]) and np.isnan(cvs[2])


def test_empty_population_has_no_rate():
    run = rhythmic_run(ne=50, ni=0)
    stats = run_statistics(run)
    assert np.isnan(stats["rate_i_hz"]) and stats["rate_e_hz"] == pytest.approx(10.0)


def test_summary_and_across_seed_statistics():
    runs = []
    for seed, period in ((1, 100.0), (2, 50.0), (3, 100.0)):
        run = rhythmic_run(period=period)
        run.update(id=f"r{seed}", seed=seed)
        runs.append(run)
    other = rhythmic_run()
    other.update(id="big", Ne=80, Ni=20, scheme="notebook")
    summary = summary_table(runs + [other])
    assert summary["id"].tolist() == ["r1", "r2", "r3", "big"]
    assert list(summary.columns[-len(STATISTICS) :]) == STATISTICS
    grouped = by_configuration(summary)
    rates = grouped[(grouped.scheme == "izhikevich") & (grouped.statistic == "rate_e_hz")]
    assert rates["mean"].item() == pytest.approx((10 + 20 + 10) / 3)
    assert rates["sd"].item() == pytest.approx(np.std([10, 20, 10], ddof=1))
    assert rates["n"].item() == 3
    single = grouped[(grouped.scheme == "notebook") & (grouped.statistic == "rate_e_hz")]
    assert single["n"].item() == 1 and np.isnan(single["sd"].item())
    # configurations in table order, statistics in summary order
    assert grouped["scheme"].tolist() == ["izhikevich"] * 7 + ["notebook"] * 7
    assert grouped["statistic"].tolist()[:7] == STATISTICS
