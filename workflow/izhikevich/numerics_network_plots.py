"""The figure of the network step-size study (results/figures/numerics_network.{pdf,png}).

One panel per statistic of ``izhikevich.numerics_network.SHOWN`` against the step h (log
axis, finest step right): each seed of a refined configuration (net.m's network) as a grey
dot, their mean ± sd as a line with error bars, and the runs of the other schemes at their
own step (the seed notebook's at 0.1 ms, Brian2's example at 1 ms) as single markers; a last
panel shows the mean spectrum of the population count at each step.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np

from .plotting import save_figure

#: Axis labels of the statistics.
LABELS = {
    "rate_e_hz": "E rate (Hz)",
    "rate_i_hz": "I rate (Hz)",
    "dominant_hz": "dominant frequency (Hz)",
    "gamma_peak_hz": "gamma peak, 20-100 Hz (Hz)",
    "slow_peak_hz": "slow peak, 2-20 Hz (Hz)",
    "alpha_power": "power share in 8-13 Hz",
    "gamma_power": "power share in 20-100 Hz",
}
_MARKERS = ("s", "D", "^", "v", "P", "X")


def numerics_network_figure(runs, table, npz: Sequence[Mapping]):
    """The figure (matplotlib) from network_runs.tsv and network.tsv (text cells, as
    ``tabular.read_tsv`` gives them) and the runs' NPZ contents (for the spectra)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .network_stats import CONFIGURATION, configuration_label, population_counts, spectrum
    from .numerics_network import SHOWN, step_label
    from .tabular import format_cell

    def number(column):
        return column.replace("NA", "nan").astype(float)

    keys = table[CONFIGURATION].astype(str).agg("|".join, axis=1)
    run_keys = runs[CONFIGURATION].astype(str).agg("|".join, axis=1)
    configs = list(dict.fromkeys(keys))
    refined = [k for k in configs if (keys == k).sum() > 1]
    single = [k for k in configs if k not in refined]
    labels = {k: configuration_label(table[keys == k].iloc[0]) for k in configs}
    steps = sorted({float(x) for x in table["dt_ms"]}, reverse=True)

    n_panels = len(SHOWN) + 1
    ncols = 4
    nrows = -(-n_panels // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(12.0, 3.0 * nrows + 0.6), squeeze=False)
    flat = axes.ravel()
    for ax, stat in zip(flat, SHOWN, strict=False):
        for n, key in enumerate(refined):
            color = f"C{n}"
            members = runs[run_keys == key]
            ax.plot(
                number(members["dt_ms"]), number(members[stat]), "o", color="0.55", ms=3,
                zorder=1, label="a seed" if n == 0 else None,
            )  # fmt: skip
            lines = table[keys == key]
            ax.errorbar(
                number(lines["dt_ms"]), number(lines[f"{stat}_mean"]),
                yerr=np.nan_to_num(number(lines[f"{stat}_sd"])), color=color, marker="o",
                capsize=3, lw=1.2, zorder=2, label=f"{labels[key]}: mean ± sd over seeds",
            )  # fmt: skip
        for n, key in enumerate(single):
            line = table[keys == key].iloc[0]
            ax.plot(
                float(line["dt_ms"]), float(line[f"{stat}_mean"]), _MARKERS[n % len(_MARKERS)],
                color=f"C{len(refined) + n}", ms=7, mfc="none", mew=1.5, zorder=3,
                label=f"{labels[key]} (own step, seed {line['seeds']})",
            )  # fmt: skip
        ax.set_xscale("log")
        ax.set_xticks(steps)
        ax.set_xticklabels([step_label(s) for s in steps])
        ax.minorticks_off()
        ax.invert_xaxis()
        ax.set_xlabel("step h (ms)", fontsize=8)
        ax.set_title(LABELS.get(stat, stat), fontsize=9)
        ax.tick_params(labelsize=7)
    # the mean spectrum of each refined configuration at each step
    ax = flat[len(SHOWN)]
    if refined:
        key = refined[0]
        for n, step in enumerate(steps):
            spectra = []
            for run in npz:
                same = "|".join(format_cell(run[c]) for c in CONFIGURATION) == key
                if same and np.isclose(float(run["dt_ms"]), step):
                    counts = population_counts(
                        run["spike_times_ms"], float(run["t_ms"][0]), float(run["duration_ms"])
                    )
                    freqs, power = spectrum(counts)
                    spectra.append(power)
            if spectra:
                shade = plt.cm.viridis(n / max(1, len(steps) - 1))
                ax.plot(
                    freqs, np.mean(spectra, axis=0), color=shade, lw=1.0,
                    label=f"h = {step_label(step)} ms ({len(spectra)} seeds)",
                )  # fmt: skip
        ax.axvspan(8, 13, color="tab:orange", alpha=0.2, lw=0)
        ax.set_xlim(0, 100)
        ax.set_xlabel("frequency (Hz)", fontsize=8)
        ax.set_title(f"mean spectrum, {labels[key]}", fontsize=9)
        ax.legend(fontsize=6, frameon=False)
        ax.tick_params(labelsize=7)
    for ax in flat[n_panels:]:
        ax.set_axis_off()
    handles, names = flat[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=2, fontsize=7, frameon=False)
    fig.suptitle(
        "Izhikevich (2003) Fig. 3 network against the step h: net.m's update with h-ms steps "
        "(noise still drawn per ms), other schemes at their own step",
        fontsize=9,
    )
    fig.tight_layout(rect=(0, 0.07, 1, 0.96))
    return fig


def plot_numerics_network(
    runs, table, npz: Sequence[Mapping], outputs: Sequence[str | os.PathLike]
):
    """Draw the figure and save it to each of ``outputs`` (pdf, png)."""
    import matplotlib.pyplot as plt

    fig = numerics_network_figure(runs, table, npz)
    save_figure(fig, outputs)
    plt.close(fig)
