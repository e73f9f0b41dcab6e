"""Paper-style montages of single-neuron runs. Reads NPZ results only (never simulates).

Layouts follow the papers: 2004 Fig. 1 is a 5 x 4 grid of panels A-T, each the membrane
potential on a -90..30 mV axis without axes, the input drawn as a schematic line near
-90 mV under it (figure1.m); 2003 Fig. 2 shows the neuron types.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np

from .io import atomic_write

#: Paper order of the panels; rows of other panels are appended after them.
PANEL_ORDER = {
    "izhikevich2004_fig1": list("ABCDEFGHIJKLMNOPQRST") + ["U"],
    "izhikevich2003_fig2": ["RS", "IB", "CH", "FS", "LTS", "TC", "TCburst", "RZ"],
}
FIGURE_TITLES = {
    "izhikevich2004_fig1": "Izhikevich (2004) Fig. 1: neurocomputational features",
    "izhikevich2003_fig2": "Izhikevich (2003) Fig. 2: neuron types",
}
GRID_COLUMNS = {"izhikevich2004_fig1": 4, "izhikevich2003_fig2": 2}
#: 2004 Fig. 1 R draws the input as 1.5*I - 90 (figure1.m); other panels a 10 mV schematic.
INPUT_MV_PER_UNIT = {"R": 1.5}
#: 2004 Fig. 1 K draws its 4 ms pulses as 8 ms bars (figure1.m), so they can be seen.
PULSE_BAR_MS = {"K": 8.0}
#: 2004 Fig. 1 J adds a 20x magnified copy of the tail around -10 mV (figure1.m, from
#: sample 220 of 800, i.e. 27.5 % of the run).
MAGNIFIED_TAIL = {"J": (0.275, 20.0, -10.0)}
V_LIMITS = (-100.0, 35.0)
#: Room under the -90..30 mV axis for the scale bar.
BAR_Y = -110.0
PNG_DPI = 200


def panel_title(panel: str, name: str, figure: str) -> str:
    """The paper's caption of a panel: "(A) tonic spiking" or "regular spiking (RS)"."""
    if figure == "izhikevich2003_fig2":
        return f"{name} ({panel.replace('burst', '')})"
    return f"({panel}) {name}"


def order_panels(figure: str, panels: Sequence[str]) -> list[str]:
    """``panels`` in the paper's order, unknown ones after, in given order."""
    known = PANEL_ORDER.get(figure, [])
    ranked = [p for p in known if p in panels]
    return ranked + [p for p in panels if p not in known]


def input_schematic(panel: str, t_ms: np.ndarray, current: np.ndarray) -> np.ndarray:
    """The input line drawn under a trace, in mV: -90 at rest, +-10 mV at full step."""
    current = np.asarray(current, dtype=float)
    if panel in INPUT_MV_PER_UNIT:
        return -90.0 + INPUT_MV_PER_UNIT[panel] * current
    change = current - current[0]
    span = np.max(np.abs(change))
    line = -90.0 + (10.0 * change / span if span > 0 else change)
    if panel in PULSE_BAR_MS:
        line = _widen_pulses(t_ms, line, PULSE_BAR_MS[panel])
    return line


def _widen_pulses(t_ms: np.ndarray, line: np.ndarray, width_ms: float) -> np.ndarray:
    out = line.copy()
    up = line > line[0]
    onsets = np.flatnonzero(up & ~np.r_[False, up[:-1]])
    for k in onsets:
        out[(t_ms >= t_ms[k]) & (t_ms < t_ms[k] + width_ms)] = line[k]
    return out


def drawn_time(run: Mapping) -> np.ndarray:
    """The time axis a panel is drawn on: the scheme's own clock where the run keeps one
    (``t_scheme_ms``: the seed notebook's, so its panels look as the seed drew them), else
    model time."""
    return run["t_scheme_ms"] if "t_scheme_ms" in run else run["t_ms"]


def draw_panel(ax, run: Mapping, figure: str) -> None:
    """One panel: v (clipped to the axis), input schematic, title; no axes (as published)."""
    t, v, current = drawn_time(run), run["v"], run["I"]
    panel = str(run["panel"])
    ax.plot(t, np.clip(v, *V_LIMITS), color="black", lw=0.7)
    ax.plot(t, np.clip(input_schematic(panel, t, current), *V_LIMITS), color="black", lw=0.7)
    if panel in MAGNIFIED_TAIL:
        start, gain, centre = MAGNIFIED_TAIL[panel]
        tail = t >= start * t[-1]
        ax.plot(t[tail], centre + gain * (v[tail] - v[tail].mean()), color="0.35", lw=0.5)
    ax.set_xlim(t[0], t[-1])
    ax.set_ylim(BAR_Y - 3, V_LIMITS[1])
    ax.set_axis_off()
    ax.set_title(panel_title(panel, str(run["name"]), figure), fontsize=8, loc="left", pad=2)
    _scale_bar(ax, t)


def _scale_bar(ax, t: np.ndarray) -> None:
    span = t[-1] - t[0]
    for bar in (100, 50, 20, 10, 5):
        if bar <= span / 4:
            break
    x1 = t[-1]
    ax.plot([x1 - bar, x1], [BAR_Y] * 2, color="black", lw=1.2, clip_on=False)
    ax.text(x1 - bar - span / 50, BAR_Y, f"{bar:g} ms", ha="right", va="center", fontsize=5)


def plot_montage(
    runs: Sequence[Mapping], figure: str, variant: str, outputs: Sequence[str | os.PathLike]
) -> None:
    """Grid of panels from loaded NPZ runs; saved to each of ``outputs`` (pdf, png)."""
    import matplotlib.pyplot as plt

    fig = montage_figure(runs, figure, variant)
    save_figure(fig, outputs)
    plt.close(fig)


def montage_figure(runs: Sequence[Mapping], figure: str, variant: str):
    """The montage of ``figure``/``variant`` as a matplotlib Figure (not saved): panels in
    the paper's order, row by row, one run per panel."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_panel = {str(r["panel"]): r for r in runs}
    panels = order_panels(figure, list(by_panel))
    ncols = GRID_COLUMNS.get(figure, 4)
    nrows = -(-len(panels) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(2.3 * ncols, 1.45 * nrows + 0.5), squeeze=False
    )
    for ax in axes.flat:
        ax.set_axis_off()
    for ax, panel in zip(axes.flat, panels, strict=False):
        draw_panel(ax, by_panel[panel], figure)
    schemes = sorted({str(r["scheme"]) for r in runs})
    fig.suptitle(
        f"{FIGURE_TITLES.get(figure, figure)}\n"
        f"({variant} parameters; scheme {', '.join(schemes)})",
        fontsize=9,
    )
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()), h_pad=0.6, w_pad=0.6)
    return fig


def save_figure(fig, outputs: Sequence[str | os.PathLike]) -> None:
    """Save reproducibly (no dates in the files) and atomically to pdf/png paths."""
    for path in outputs:
        path = str(path)
        fmt = path.rsplit(".", 1)[-1]
        metadata = {"CreationDate": None} if fmt == "pdf" else {"Software": None}
        with atomic_write(path) as tmp:
            fig.savefig(tmp, format=fmt, dpi=PNG_DPI, metadata=metadata)


# =============================================================================================
# Network (2003 Fig. 3)
# =============================================================================================

#: 2003 Fig. 3 draws v of one neuron with its spikes cut at 30 mV.
NETWORK_V_CLIP = 30.0
STAT_LABELS = {
    "rate_e_hz": ("E rate", "Hz"),
    "rate_i_hz": ("I rate", "Hz"),
    "dominant_hz": ("dominant", "Hz"),
    "gamma_peak_hz": ("gamma peak", "Hz"),
    "mean_cv_isi": ("CV of ISI", ""),
    "silent_neurons": ("silent", "neurons"),
    "total_spikes": ("spikes", ""),
}


def plot_network_fig3(run: Mapping, outputs: Sequence[str | os.PathLike]) -> None:
    """2003 Fig. 3 from one NPZ, saved to each of ``outputs`` (pdf, png)."""
    import matplotlib.pyplot as plt

    fig = network_fig3_figure(run)
    save_figure(fig, outputs)
    plt.close(fig)


def network_fig3_figure(run: Mapping):
    """2003 Fig. 3 from one NPZ as a matplotlib Figure (not saved): raster (excitatory
    below, inhibitory above, a line at Ne) over the membrane potential of neuron 0 cut at
    30 mV, on a shared time axis."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ne, ni = int(run["Ne"]), int(run["Ni"])
    duration = float(run["duration_ms"])
    fig, (ax, ax_v) = plt.subplots(
        2, 1, sharex=True, figsize=(7.0, 5.6), gridspec_kw={"height_ratios": (3, 1)}
    )
    draw_raster(ax, run)
    ax_v.plot(run["t_ms"], np.minimum(run["v"], NETWORK_V_CLIP), color="black", lw=0.6)
    ax_v.set_ylabel("$v_1(t)$ (mV)")
    ax_v.set_xlabel("time (ms)")
    ax_v.set_xlim(0, duration)
    ax_v.set_ylim(-90, 40)
    fig.suptitle(
        f"Izhikevich (2003) Fig. 3: {ne} excitatory + {ni} inhibitory neurons "
        f"(scheme {run['scheme']}, seed {int(run['seed'])})",
        fontsize=9,
    )
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / fig.get_figheight()))
    return fig


def draw_raster(ax, run: Mapping) -> None:
    """Spike raster: excitatory neurons below, inhibitory above, a line at Ne (2003 Fig. 3)."""
    ne, ni = int(run["Ne"]), int(run["Ni"])
    duration = float(run["duration_ms"])
    ax.plot(run["spike_times_ms"], run["spike_indices"], ".", color="black", ms=1.2, mew=0)
    if ne and ni:
        ax.axhline(ne, color="black", lw=0.8)
    ax.set_ylim(0, ne + ni)
    ax.set_xlim(0, duration)
    ax.set_ylabel("neuron number")
    for label, low, high in (("excitatory", 0, ne), ("inhibitory", ne, ne + ni)):
        if high > low:
            ax.text(
                duration / 2, (low + high) / 2, label, ha="center", va="center", fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )  # fmt: skip


def draw_population_rate(ax, run: Mapping) -> None:
    """Population rate (spikes per neuron per second, 1 ms bins) over the run."""
    rate = _population_rate(run)
    ax.plot(float(run["t_ms"][0]) + np.arange(len(rate)), rate, color="black", lw=0.5)
    ax.set_ylabel("rate (Hz/neuron)")
    ax.set_xlabel("time (ms)")


def plot_network_seeds(
    runs: Sequence[Mapping], by_configuration, outputs: Sequence[str | os.PathLike]
) -> None:
    """Every run side by side, one row per configuration (scheme, size, ...): the population
    rate of each seed, their spectra, and the cross-seed statistics (summary_by_scheme.tsv,
    a pandas DataFrame) as text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .network_stats import CONFIGURATION, configuration_label

    configs = by_configuration[CONFIGURATION].drop_duplicates().to_dict("records")
    nrows = len(configs)
    fig, axes = plt.subplots(
        nrows,
        3,
        figsize=(11.0, 1.9 * nrows + 0.7),
        squeeze=False,
        gridspec_kw={"width_ratios": (2.4, 1.3, 1.2)},
    )
    for row, config in enumerate(configs):
        ax_rate, ax_spec, ax_text = axes[row]
        members = [r for r in runs if _configuration(r) == _configuration(config)]
        members.sort(key=lambda r: int(r["seed"]))
        rates = [_population_rate(run) for run in members]
        _draw_rates(ax_rate, members, rates, float(config["duration_ms"]))
        ax_rate.set_title(configuration_label(config), fontsize=8, loc="left")
        _draw_spectra(ax_spec, rates)
        same = np.logical_and.reduce(
            [by_configuration[c].astype(str) == str(config[c]) for c in CONFIGURATION]
        )
        ax_text.set_axis_off()
        ax_text.text(
            0, 1, _stats_text(by_configuration[same]), va="top", fontsize=7, family="monospace"
        )
    axes[-1, 0].set_xlabel("time (ms)", fontsize=7)
    axes[-1, 1].set_xlabel("frequency (Hz)", fontsize=7)
    fig.suptitle(
        "Izhikevich (2003) Fig. 3 network across seeds and schemes: population rate "
        "(1 ms bins), its spectrum, statistics (mean ± sd over seeds)",
        fontsize=9,
    )
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / fig.get_figheight()), h_pad=0.8)
    save_figure(fig, outputs)
    plt.close(fig)


def _configuration(run: Mapping) -> tuple:
    from .network_stats import CONFIGURATION

    text = ("scheme", "weight_scaling")
    return tuple(str(run[c]) if c in text else float(run[c]) for c in CONFIGURATION)


def _population_rate(run: Mapping) -> np.ndarray:
    """Spikes per neuron per second in 1 ms bins over the run."""
    from .network_stats import population_counts

    n = int(run["Ne"]) + int(run["Ni"])
    t0, duration = float(run["t_ms"][0]), float(run["duration_ms"])
    return population_counts(run["spike_times_ms"], t0, duration) / n * 1000.0


def _draw_rates(ax, members: Sequence[Mapping], rates: Sequence[np.ndarray], duration: float):
    """One trace per seed, stacked, all on one scale (printed on the axis)."""
    top = max((float(r.max()) for r in rates), default=0.0) or 1.0
    step = 1.05 * top
    for k, rate in enumerate(rates):
        ax.plot(np.arange(len(rate)), rate + k * step, color="black", lw=0.4)
    ax.set_yticks([k * step for k in range(len(members))])
    ax.set_yticklabels([f"seed {int(r['seed'])}" for r in members], fontsize=6)
    ax.set_xlim(0, duration)
    ax.set_ylim(0, max(len(members), 1) * step)
    ax.tick_params(labelsize=6)
    ax.text(
        1.0, 1.0, f"trace height {top:.0f} Hz/neuron", transform=ax.transAxes,
        ha="right", va="bottom", fontsize=6,
    )  # fmt: skip


def _draw_spectra(ax, rates: Sequence[np.ndarray]) -> None:
    """Normalised spectra: seeds grey, their mean black, the alpha band shaded."""
    from .network_stats import ALPHA_BAND_HZ, spectrum

    spectra = []
    for rate in rates:
        freqs, power = spectrum(rate)
        spectra.append(power)
        ax.plot(freqs, power, color="0.6", lw=0.5)
    if spectra:
        ax.plot(freqs, np.mean(spectra, axis=0), color="black", lw=1.0)
    ax.axvspan(*ALPHA_BAND_HZ, color="tab:orange", alpha=0.25, lw=0, label="alpha 8-13 Hz")
    ax.set_xlim(0, 100)
    ax.set_yticks([])
    ax.tick_params(labelsize=6)
    ax.legend(fontsize=6, frameon=False, loc="upper right")


#: Statistics counted in whole numbers (no decimals on the figure).
COUNT_STATISTICS = {"total_spikes", "silent_neurons"}


def _stats_text(stats) -> str:
    """Lines "E rate      7.62 ± 0.03 Hz" for each statistic, then "n = 5 seeds"."""
    lines, n = [], 0
    for line in stats.to_dict("records"):
        label, unit = STAT_LABELS.get(line["statistic"], (line["statistic"], ""))
        mean, sd, n = line["mean"], line["sd"], max(n, int(line["n"]))
        digits = ".0f" if line["statistic"] in COUNT_STATISTICS else ".3g"
        text = "n/a" if not np.isfinite(mean) else format(mean, digits)
        if np.isfinite(sd):
            text += " ± " + format(sd, ".0f" if line["statistic"] in COUNT_STATISTICS else ".2g")
        lines.append(f"{label:<11}{text} {unit}".rstrip())
    lines.append(f"n = {n} seed{'s' if n != 1 else ''}")
    return "\n".join(lines)
