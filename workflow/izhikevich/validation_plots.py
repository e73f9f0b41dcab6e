"""Figures of the checks, drawn from their TSV tables only (never from simulations).

``plot_validation``: results/figures/validation.{pdf,png}, pass/fail of every panel and
variant, the class assigned written in each cell. ``plot_scheme_comparison``:
results/figures/scheme_comparison.{pdf,png}, spike count and class of every original
panel under each update scheme.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from .plotting import FIGURE_TITLES, order_panels, panel_title, save_figure

PASS, FAIL, MISSING = "#bfe8bf", "#f4b6b6", "#eeeeee"
FIGURES = ("izhikevich2004_fig1", "izhikevich2003_fig2")
ROW_INCHES = 0.26


def _figures(rows: Sequence[Mapping]) -> list[str]:
    present = {r["figure"] for r in rows}
    return [f for f in FIGURES if f in present] + sorted(present - set(FIGURES))


def _grid(ax, labels: Sequence[str], columns: Sequence[str], n_rows: int) -> None:
    ax.set_xlim(0, len(columns) + 1.6)
    ax.set_ylim(n_rows, -1)
    ax.set_axis_off()
    for j, column in enumerate(columns):
        ax.text(j + 2.1, -0.5, column, ha="center", va="center", fontsize=7, weight="bold")
    for i, label in enumerate(labels):
        ax.text(0.02, i + 0.5, label, ha="left", va="center", fontsize=6.5)


def _cell(ax, i: int, j: int, text: str, color: str, bold: bool = False) -> None:
    from matplotlib.patches import Rectangle

    ax.add_patch(
        Rectangle(
            (j + 1.62, i + 0.06),
            0.96,
            0.88,
            facecolor=color,
            edgecolor="black" if bold else "white",
            lw=1.2 if bold else 0.5,
        )
    )
    ax.text(j + 2.1, i + 0.5, text, ha="center", va="center", fontsize=5.5)


def plot_validation(rows: Sequence[Mapping], outputs: Sequence[str | os.PathLike]) -> None:
    """Pass (green) / fail (red) per panel and variant; cells name the class assigned."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figures = _figures(rows)
    variants = [v for v in ("original", "adjusted") if any(r["variant"] == v for r in rows)]
    panels = {
        f: order_panels(f, list(dict.fromkeys(r["panel"] for r in rows if r["figure"] == f)))
        for f in figures
    }
    height = max(len(p) for p in panels.values()) * ROW_INCHES + 1.2
    width = max(7.0, 5.2 * len(figures))
    fig, axes = plt.subplots(1, len(figures), figsize=(width, height), squeeze=False)
    for ax, figure in zip(axes[0], figures, strict=True):
        by_key = {(r["panel"], r["variant"]): r for r in rows if r["figure"] == figure}
        names = {r["panel"]: r["name"] for r in rows if r["figure"] == figure}
        labels = [panel_title(p, names[p], figure) for p in panels[figure]]
        _grid(ax, labels, variants, max(len(p) for p in panels.values()))
        ax.set_title(FIGURE_TITLES.get(figure, figure), fontsize=8, loc="left")
        for i, panel in enumerate(panels[figure]):
            for j, variant in enumerate(variants):
                row = by_key.get((panel, variant))
                if row is None:
                    _cell(ax, i, j, "-", MISSING)
                    continue
                text = row["class"]
                if row["result"] != "pass":
                    text = f"{text}\n(expected: {row['expected']})"
                if row.get("note"):
                    text += " *"
                _cell(ax, i, j, text, PASS if row["result"] == "pass" else FAIL)
    passed = sum(r["result"] == "pass" for r in rows)
    fig.suptitle(
        f"Behaviour check: {passed} of {len(rows)} runs show the class their panel names\n"
        "(green pass, red fail; each cell: the class assigned from the measured features; "
        "* the row has a note, e.g. a remark of the seed notebook: see results/validation.tsv)",
        fontsize=8,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    save_figure(fig, outputs)
    plt.close(fig)


def plot_scheme_comparison(
    rows: Sequence[Mapping], schemes: Sequence[str], outputs: Sequence[str | os.PathLike]
) -> None:
    """Spike count and class of each original panel per scheme; framed: count differs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figures = _figures(rows)
    panels = {f: order_panels(f, [r["panel"] for r in rows if r["figure"] == f]) for f in figures}
    height = max(len(p) for p in panels.values()) * ROW_INCHES + 1.4
    width = max(7.0, (2.0 + 1.5 * len(schemes)) * len(figures))
    fig, axes = plt.subplots(1, len(figures), figsize=(width, height), squeeze=False)
    for ax, figure in zip(axes[0], figures, strict=True):
        by_panel = {r["panel"]: r for r in rows if r["figure"] == figure}
        labels = [panel_title(p, by_panel[p]["name"], figure) for p in panels[figure]]
        _grid(ax, labels, schemes, max(len(p) for p in panels.values()))
        ax.set_title(FIGURE_TITLES.get(figure, figure), fontsize=8, loc="left")
        for i, panel in enumerate(panels[figure]):
            row = by_panel[panel]
            reference = str(row[f"{schemes[0]}_spikes"])
            for j, scheme in enumerate(schemes):
                count = str(row[f"{scheme}_spikes"])
                ok = row[f"{scheme}_result"] == "pass"
                text = f"{count} spike{'' if count == '1' else 's'}\n{row[f'{scheme}_class']}"
                _cell(ax, i, j, text, PASS if ok else FAIL, bold=count != reference)
    fig.suptitle(
        "Same parameters, different update order: spike count and class per scheme\n"
        f"({schemes[0]} = published update; framed: the spike count differs from it; "
        "green: the class the panel names)",
        fontsize=8,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    save_figure(fig, outputs)
    plt.close(fig)
