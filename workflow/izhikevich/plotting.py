"""Paper-style montages of single-neuron runs. Reads NPZ results only (never simulates).

Layouts follow the papers: 2004 Fig. 1 is a 5 x 4 grid of panels A-T, each the membrane
potential on a -90..30 mV axis without axes, the input drawn as a schematic line near
-90 mV under it (figure1.m); 2003 Fig. 2 shows the neuron types.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np

from .io import atomic_path

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


def draw_panel(ax, run: Mapping, figure: str) -> None:
    """One panel: v (clipped to the axis), input schematic, title; no axes (as published)."""
    t, v, current = run["t_ms"], run["v"], run["I"]
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
    save_figure(fig, outputs)
    plt.close(fig)


def save_figure(fig, outputs: Sequence[str | os.PathLike]) -> None:
    """Save reproducibly (no dates in the files) and atomically to pdf/png paths."""
    for path in outputs:
        path = str(path)
        fmt = path.rsplit(".", 1)[-1]
        metadata = {"CreationDate": None} if fmt == "pdf" else {"Software": None}
        tmp = atomic_path(path)
        try:
            fig.savefig(tmp, format=fmt, dpi=PNG_DPI, metadata=metadata)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
