"""Statistics of network runs (Izhikevich 2003, Fig. 3): rates, ISI variability, rhythm.

The paper's raster of the 1000-neuron network shows a few Hz per neuron and a population
rhythm in the alpha band (about 10 Hz) with gamma-range (about 40 Hz) episodes. These
functions measure that from spike times only (NPZ arrays), one run at a time
(``run_statistics``), and across the seeds of a configuration (``by_configuration``, pandas).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

#: Bins of the population count (ms), as the issue asks: 1 ms (net.m's step).
BIN_MS = 1.0
#: Band searched for the dominant frequency of the population count, and the gamma band.
DOMINANT_BAND_HZ = (2.0, 100.0)
GAMMA_BAND_HZ = (20.0, 100.0)
#: The alpha band of the EEG, for figures and tests (8-13 Hz).
ALPHA_BAND_HZ = (8.0, 13.0)
#: Band of the slow population rhythm (2003 Fig. 3: about 10 Hz), for ``rhythm_statistics``.
SLOW_BAND_HZ = (2.0, 20.0)
#: Rhythm measures of one run (``rhythm_statistics``; the step-size study, issue 14).
RHYTHM_STATISTICS = ["slow_peak_hz", "alpha_power", "gamma_power"]
#: Columns of a network run that make its configuration (rows differing only by seed).
CONFIGURATION = ["scheme", "Ne", "Ni", "duration_ms", "weight_scaling"]
#: Statistics of one run, in the order of summary.tsv.
STATISTICS = [
    "total_spikes",
    "rate_e_hz",
    "rate_i_hz",
    "silent_neurons",
    "mean_cv_isi",
    "dominant_hz",
    "gamma_peak_hz",
]


def population_counts(
    spike_times_ms: np.ndarray, t0_ms: float, duration_ms: float, bin_ms: float = BIN_MS
) -> np.ndarray:
    """Spikes per ``bin_ms`` bin over [t0, t0 + duration) (t0: the run's first step)."""
    n_bins = int(round(duration_ms / bin_ms))
    bins = np.floor((np.asarray(spike_times_ms, dtype=float) - t0_ms) / bin_ms + 1e-9)
    bins = np.clip(bins.astype(np.int64), 0, n_bins - 1)
    return np.bincount(bins, minlength=n_bins).astype(float)


def spectrum(counts: np.ndarray, bin_ms: float = BIN_MS) -> tuple[np.ndarray, np.ndarray]:
    """Power spectrum (Hann-windowed periodogram) of a population count, mean removed.

    Returns (frequencies in Hz, power normalised to sum 1 over the positive frequencies).
    """
    counts = np.asarray(counts, dtype=float)
    x = (counts - counts.mean()) * np.hanning(len(counts))
    power = np.abs(np.fft.rfft(x)) ** 2
    freqs = np.fft.rfftfreq(len(counts), d=bin_ms / 1000.0)
    power[0] = 0.0
    total = power.sum()
    return freqs, power / total if total > 0 else power


def peak_frequency(freqs: np.ndarray, power: np.ndarray, band: tuple[float, float]) -> float:
    """Frequency (Hz) of the largest power within ``band`` (inclusive); NaN if none."""
    inside = (freqs >= band[0]) & (freqs <= band[1])
    if not inside.any() or not np.any(power[inside] > 0):
        return float("nan")
    return float(freqs[inside][np.argmax(power[inside])])


def cv_isi(spike_times_ms: np.ndarray, spike_indices: np.ndarray, n: int) -> np.ndarray:
    """Coefficient of variation (sd/mean, population sd) of each neuron's inter-spike
    intervals; NaN for neurons with fewer than 3 spikes (2 intervals)."""
    order = np.lexsort((spike_times_ms, spike_indices))
    times = np.asarray(spike_times_ms, dtype=float)[order]
    index = np.asarray(spike_indices, dtype=np.int64)[order]
    out = np.full(n, np.nan)
    starts = np.searchsorted(index, np.arange(n + 1))
    for neuron in np.flatnonzero(np.diff(starts) >= 3):
        isi = np.diff(times[starts[neuron] : starts[neuron + 1]])
        out[neuron] = isi.std() / isi.mean()
    return out


def run_statistics(run: Mapping) -> dict[str, float]:
    """The statistics of summary.tsv for one run (arrays as in its NPZ).

    Needs ``spike_times_ms``, ``spike_indices`` (0-based, excitatory first), ``Ne``, ``Ni``,
    ``duration_ms`` and ``t_ms`` (its first sample is the run's first step).
    """
    ne, ni = int(run["Ne"]), int(run["Ni"])
    n = ne + ni
    duration = float(run["duration_ms"])
    times = np.asarray(run["spike_times_ms"], dtype=float)
    index = np.asarray(run["spike_indices"], dtype=np.int64)
    per_neuron = np.bincount(index, minlength=n)
    seconds = duration / 1000.0
    freqs, power = spectrum(population_counts(times, float(run["t_ms"][0]), duration))
    cvs = cv_isi(times, index, n)
    return {
        "total_spikes": int(len(times)),
        "rate_e_hz": per_neuron[:ne].sum() / (ne * seconds) if ne else float("nan"),
        "rate_i_hz": per_neuron[ne:].sum() / (ni * seconds) if ni else float("nan"),
        "silent_neurons": int(np.sum(per_neuron == 0)),
        "mean_cv_isi": float(np.nanmean(cvs)) if np.isfinite(cvs).any() else float("nan"),
        "dominant_hz": peak_frequency(freqs, power, DOMINANT_BAND_HZ),
        "gamma_peak_hz": peak_frequency(freqs, power, GAMMA_BAND_HZ),
    }


def rhythm_statistics(run: Mapping) -> dict[str, float]:
    """How strong the alpha and the gamma rhythm of one run are (arrays as for
    ``run_statistics``): the peak frequency in ``SLOW_BAND_HZ`` and the fractions of the
    spectrum's power in ``ALPHA_BAND_HZ`` and in ``GAMMA_BAND_HZ`` (of the 1 ms population
    count, bands inclusive)."""
    freqs, power = spectrum(
        population_counts(run["spike_times_ms"], float(run["t_ms"][0]), float(run["duration_ms"]))
    )

    def share(band: tuple[float, float]) -> float:
        return float(power[(freqs >= band[0]) & (freqs <= band[1])].sum())

    return {
        "slow_peak_hz": peak_frequency(freqs, power, SLOW_BAND_HZ),
        "alpha_power": share(ALPHA_BAND_HZ),
        "gamma_power": share(GAMMA_BAND_HZ),
    }


def summary_table(runs: Iterable[Mapping]):
    """summary.tsv: one line per run (id, configuration, seed, statistics), pandas."""
    import pandas as pd

    lines = []
    for run in runs:
        line = {"id": str(run["id"])}
        line.update({c: run[c] for c in CONFIGURATION})
        line["seed"] = int(run["seed"])
        line.update(run_statistics(run))
        lines.append(line)
    return pd.DataFrame(lines, columns=["id", *CONFIGURATION, "seed", *STATISTICS])


def by_configuration(summary):
    """summary_by_scheme.tsv: mean, sd (n - 1) and n across the seeds of each configuration
    (scheme, Ne, Ni, duration, weight scaling), one line per configuration and statistic,
    configurations in the order they first appear."""
    import pandas as pd

    long = summary.melt(
        id_vars=["id", *CONFIGURATION, "seed"], value_vars=STATISTICS, var_name="statistic"
    )
    long["value"] = long["value"].astype(float)
    grouped = long.groupby([*CONFIGURATION, "statistic"], sort=False)["value"]
    table = grouped.agg(mean="mean", sd="std", n="count").reset_index()
    order = {s: k for k, s in enumerate(STATISTICS)}
    configs = summary[CONFIGURATION].drop_duplicates().reset_index(drop=True)
    configs["_config"] = range(len(configs))
    table = table.merge(configs, on=CONFIGURATION)
    table["_stat"] = table["statistic"].map(order)
    table = table.sort_values(["_config", "_stat"]).drop(columns=["_config", "_stat"])
    return pd.DataFrame(table).reset_index(drop=True)


def configuration_label(config: Mapping) -> str:
    """A short label: "izhikevich, 800+200, 1000 ms" (+ ", weights x1000/N")."""
    label = f"{config['scheme']}, {int(config['Ne'])}+{int(config['Ni'])}"
    label += f", {float(config['duration_ms']):g} ms"
    if config.get("weight_scaling", "none") != "none":
        label += f", weights x{config['weight_scaling']}"
    return label
