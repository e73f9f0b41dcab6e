"""Tables and figure of the f-I curves (``izhikevich.fi_curves``), from their NPZ files
only (results/fI/{id}.npz; never simulates).

- results/atlas/fI_curves.tsv: every simulated input of every curve (steady rate, spikes
  in the window, refinement round);
- results/atlas/fI_summary.tsv: one line per curve: rheobase (and the silent input below
  it), onset frequency, the lowest rate the window can measure, the rate at the top of the
  grid;
- results/figures/fI_curves.{pdf,png}: the 2003 Fig. 2 types, 2004 Fig. 1 G and H, and
  the onset: rate against the input above the rheobase, on a log scale.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .plotting import PANEL_ORDER, order_panels, panel_title, save_figure

CURVE_COLUMNS = ["id", "figure", "panel", "name", "I_dc", "rate_hz", "n_spikes", "round"]
#: Panel (c) shows each curve up to this far above its last silent input.
ONSET_SPAN = 1.0
SUMMARY_COLUMNS = [
    "id", "figure", "panel", "name", "equation", "a", "b", "c", "d", "v0", "dt_ms",
    "I_min", "I_max", "inputs", "duration_ms", "settle_ms", "min_spikes", "lowest_rate_hz",
    "silent_below", "rheobase", "onset_hz", "rate_at_I_max_hz",
]  # fmt: skip


def ordered(curves: Sequence[Mapping]) -> list[Mapping]:
    """Curves by figure (2003 Fig. 2, then 2004 Fig. 1, then others), in the paper's order."""
    figures = list(PANEL_ORDER)[::-1]
    out = []
    for figure in figures + sorted({str(c["figure"]) for c in curves} - set(figures)):
        mine = {str(c["panel"]): c for c in curves if str(c["figure"]) == figure}
        out += [mine[p] for p in order_panels(figure, list(mine))]
    return out


def curve_table(curves: Sequence[Mapping]) -> pd.DataFrame:
    """Every simulated input of every curve, ascending input."""
    rows = []
    for c in ordered(curves):
        for k in range(len(c["I_dc"])):
            rows.append(
                {
                    **{key: c[key] for key in ("id", "figure", "panel", "name")},
                    "I_dc": float(c["I_dc"][k]),
                    "rate_hz": float(c["rate_hz"][k]),
                    "n_spikes": int(c["n_spikes"][k]),
                    "round": int(c["round"][k]),
                }
            )
    return pd.DataFrame(rows, columns=CURVE_COLUMNS)


def summary_table(curves: Sequence[Mapping]) -> pd.DataFrame:
    """One line per curve (see the module docstring)."""
    rows = []
    for c in ordered(curves):
        top = int(np.argmax(c["I_dc"]))
        rows.append(
            {
                **{key: c[key] for key in SUMMARY_COLUMNS if key in c},
                "I_min": c["fI_I_min"],
                "I_max": c["fI_I_max"],
                "inputs": len(c["I_dc"]),
                "settle_ms": c["fI_settle_ms"],
                "min_spikes": c["fI_min_spikes"],
                "rate_at_I_max_hz": float(c["rate_hz"][top]),
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def label(curve: Mapping) -> str:
    return panel_title(str(curve["panel"]), str(curve["name"]), str(curve["figure"]))


def fI_figure(curves: Sequence[Mapping]):
    """The f-I curves as a matplotlib Figure (not saved): (a) the 2003 Fig. 2 types,
    (b) 2004 Fig. 1 G and H (and any other curve), each over its grid with its rheobase
    marked; (c) the onset: rate against I - rheobase (log scale) near the rheobase."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curves = ordered(curves)
    groups = {
        "(a) Izhikevich (2003) Fig. 2 types": [
            c for c in curves if c["figure"] == "izhikevich2003_fig2"
        ],
        "(b) Izhikevich (2004) Fig. 1": [
            c for c in curves if c["figure"] != "izhikevich2003_fig2"
        ],
    }
    fig, axes = plt.subplots(1, 3, figsize=(15.0, 4.2))
    colours = plt.colormaps["tab10"]
    style = {str(c["id"]): colours(k % 10) for k, c in enumerate(curves)}
    for ax, (title, members) in zip(axes[:2], groups.items(), strict=True):
        for c in members:
            colour = style[str(c["id"])]
            ax.plot(c["I_dc"], c["rate_hz"], color=colour, lw=1.0, label=label(c), gid=c["id"])
            if np.isfinite(c["rheobase"]):
                ax.plot([c["rheobase"]], [c["onset_hz"]], "o", color=colour, ms=3.5)
        ax.set_title(title, fontsize=9, loc="left")
        ax.set_xlabel("constant input I")
        ax.set_ylabel("steady firing rate (Hz)")
        if members:
            ax.legend(fontsize=6, frameon=False, loc="upper left")
    ax = axes[2]
    drawn = False
    for c in curves:
        if not np.isfinite(c["rheobase"]):
            continue
        above = c["I_dc"] >= c["rheobase"]
        x = c["I_dc"][above] - c["silent_below"]
        near = x <= ONSET_SPAN
        near[0] = True  # the rheobase itself, however coarse the grid
        above[above] = near
        x = x[near]
        drawn = True
        ax.plot(x, c["rate_hz"][above], ".-", color=style[str(c["id"])], lw=0.8, ms=2,
                label=f"{label(c)}: {c['onset_hz']:.3g} Hz")  # fmt: skip
    floors = sorted({float(c["lowest_rate_hz"]) for c in curves})
    for floor in floors:
        ax.axhline(floor, color="0.5", lw=0.6, ls=":")
    if drawn:
        ax.set_xscale("log")
        ax.set_yscale("log")
    else:
        ax.text(0.5, 0.5, "no rheobase inside the grids", ha="center", transform=ax.transAxes)
    ax.set_title(
        f"(c) onset: up to {ONSET_SPAN:g} above the last silent input", fontsize=9, loc="left"
    )
    ax.set_xlabel("I - (last silent input below the rheobase)")
    ax.set_ylabel("steady firing rate (Hz)")
    if drawn:
        ax.legend(fontsize=6, frameon=False, loc="upper left", bbox_to_anchor=(1.02, 1.0),
              title="onset frequency", title_fontsize=6.5)  # fmt: skip
    settle = sorted({float(c["fI_settle_ms"]) for c in curves})
    duration = sorted({float(c["duration_ms"]) for c in curves})
    fig.suptitle(
        "f-I curves: steady firing rate against a constant input (published parameters and "
        f"update; rate from the spikes after {', '.join(f'{s:g}' for s in settle)} ms of "
        f"{', '.join(f'{d:g}' for d in duration)} ms; dotted: lowest measurable rate)",
        fontsize=8.5,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    return fig


def plot_fI(curves: Sequence[Mapping], outputs: Sequence[str | os.PathLike]) -> None:
    """``fI_figure`` saved to each of ``outputs`` (pdf, png)."""
    import matplotlib.pyplot as plt

    fig = fI_figure(curves)
    save_figure(fig, outputs)
    plt.close(fig)


def readme_table(curves: Sequence[Mapping]) -> str:
    """The README's table of the f-I curves (between ``<!-- fI-summary -->`` markers):
    rheobase with its bracket, onset frequency, the window's lowest rate, the top rate."""
    lines = [
        "| row | equation | I grid | rheobase (last silent input) | onset (Hz) "
        "| lowest measurable (Hz) | rate at I_max (Hz) |",
        "|---|---|---|---|---|---|---|",
    ]
    for line in summary_table(curves).to_dict("records"):
        lines.append(
            f"| `{line['id']}` | {line['equation']} | {line['I_min']:g} to {line['I_max']:g}, "
            f"{line['inputs']} inputs | {line['rheobase']:.5g} ({line['silent_below']:.5g}) "
            f"| {line['onset_hz']:.3g} | {line['lowest_rate_hz']:.3g} "
            f"| {line['rate_at_I_max_hz']:.4g} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    from .io import load_npz

    print(readme_table([load_npz(path) for path in sys.argv[1:]]))
