"""Figures of the step-size study, drawn from results/numerics/single_neuron.tsv only.

``plot_steps``: results/figures/numerics_steps.{pdf,png}, every panel (rows) under the
published update at tau, tau/2, ..., and in the reference (columns): spike count and class
written in, green where the class is the one the panel names, red where not, framed where
the spike count differs from the reference's. ``plot_convergence``:
results/figures/numerics_convergence.{pdf,png}, the spike-time error against the step on
log axes, one panel per row, with the observed order of convergence.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence

from .plotting import FIGURE_TITLES, order_panels, panel_title, save_figure
from .validation_plots import FAIL, PASS, ROW_INCHES, _cell, _figures, _grid

#: Cell colour of a row whose reference did not converge (no verdict).
UNSETTLED = "#f6e3a6"
SHORT_VERDICTS = {
    "belongs to the model": "model",
    "belongs to the model, lost at some steps": "model (lost at some steps)",
    "holds in the reference but not at the published step": "reference only",
    "belongs to the step": "step",
    "holds neither at the published step nor in the reference": "neither",
    "reference not converged": "reference not converged",
}


def _number(text: str) -> float:
    return math.nan if text in ("NA", "") else float(text)


def _by_row(lines: Sequence[Mapping[str, str]]) -> dict[str, list[Mapping[str, str]]]:
    out: dict[str, list[Mapping[str, str]]] = {}
    for line in lines:
        out.setdefault(line["id"], []).append(line)
    return out


def _runs(group: Sequence[Mapping[str, str]]) -> list[Mapping[str, str]]:
    """The refined runs by divisor, then the reference."""
    refined = sorted(
        (x for x in group if x["run"].startswith("k")), key=lambda x: int(x["divisor"])
    )
    return refined + [x for x in group if x["run"] == "reference"]


def _column_label(line: Mapping[str, str]) -> str:
    if line["run"] == "reference":
        return f"reference\n(h = {_number(line['dt_ms']):g})"
    k = int(line["divisor"])
    return "tau" if k == 1 else f"tau/{k}"


def plot_steps(lines: Sequence[Mapping[str, str]], outputs: Sequence[str | os.PathLike]) -> None:
    """Panels x steps: spike count and class per run (see the module docstring)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = _by_row(lines)
    firsts = [group[0] for group in rows.values()]
    figures = _figures(firsts)
    panels = {
        f: order_panels(f, [r["panel"] for r in firsts if r["figure"] == f]) for f in figures
    }
    n_rows = max(len(p) for p in panels.values())
    columns = [_column_label(x) for x in _runs(next(iter(rows.values())))]
    width = (3.0 + 0.9 * len(columns)) * len(figures)
    fig, axes = plt.subplots(
        1, len(figures), figsize=(width, n_rows * ROW_INCHES * 1.3 + 1.6), squeeze=False
    )
    for ax, figure in zip(axes[0], figures, strict=True):
        groups = {g[0]["panel"]: g for g in rows.values() if g[0]["figure"] == figure}
        labels = [
            f"{panel_title(p, groups[p][0]['name'], figure)}\n"
            f"[{SHORT_VERDICTS.get(groups[p][0]['verdict'], groups[p][0]['verdict'])}]"
            for p in panels[figure]
        ]
        _grid(ax, labels, columns, n_rows)
        ax.set_xlim(0, len(columns) + 2.2)
        ax.set_title(FIGURE_TITLES.get(figure, figure), fontsize=8, loc="left")
        for i, panel in enumerate(panels[figure]):
            runs = _runs(groups[panel])
            reference = runs[-1]["n_spikes"]
            settled = runs[0]["reference_converged"] == "yes"
            for j, line in enumerate(runs):
                count = line["n_spikes"]
                text = f"{count}\n{line['class']}"
                color = PASS if line["holds"] == "yes" else FAIL
                if line["run"] == "reference" and not settled:
                    color = UNSETTLED
                _cell(ax, i, j, text, color, bold=count != reference)
    fig.suptitle(
        "Published update at tau/k and the reference solution (RK4, spikes located within the "
        "step): spike count and class\n(green: the class the panel names; red: another; "
        "framed: spike count differs from the reference; yellow: reference not converged; "
        "[verdict])",
        fontsize=8,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    save_figure(fig, outputs)
    plt.close(fig)


def plot_convergence(
    lines: Sequence[Mapping[str, str]], outputs: Sequence[str | os.PathLike]
) -> None:
    """Spike-time error against the step, log axes, one panel per row, observed order."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = _by_row(lines)
    ordered = []
    for figure in _figures([g[0] for g in rows.values()]):
        groups = {g[0]["panel"]: g for g in rows.values() if g[0]["figure"] == figure}
        ordered += [groups[p] for p in order_panels(figure, list(groups))]
    n_cols = 7
    n_rows = math.ceil(len(ordered) / n_cols)
    fig, axes = plt.subplots(
        n_rows, n_cols, figsize=(2.0 * n_cols, 1.7 * n_rows + 0.8), squeeze=False
    )
    for ax in axes.flat[len(ordered) :]:
        ax.set_axis_off()
    for ax, group in zip(axes.flat, ordered, strict=False):
        first = group[0]
        refined = _runs(group)[:-1]
        steps = [_number(x["dt_ms"]) for x in refined]
        errors = [_number(x["spike_time_error_ms"]) for x in refined]
        same = [x["count_minus_reference"] == "0" for x in refined]
        for s, e, ok in zip(steps, errors, same, strict=True):
            if math.isfinite(e) and e > 0:
                ax.loglog(
                    s, e, "o", ms=3.5, color="#1f5fa8" if ok else "#c0392b",
                    mfc="#1f5fa8" if ok else "none",
                )  # fmt: skip
        finite = [(s, e) for s, e, ok in zip(steps, errors, same, strict=True) if ok and e > 0]
        if finite:
            s0, e0 = finite[-1]
            ax.loglog([s0, steps[0]], [e0, e0 * steps[0] / s0], "--", lw=0.7, color="0.5")
        order = first["order"]
        settled = first["reference_converged"] == "yes"
        title = panel_title(first["panel"], first["name"], first["figure"])
        ax.set_title(
            f"{title}\norder {order}" + ("" if settled else " (reference not converged)"),
            fontsize=6.5,
        )
        ax.tick_params(labelsize=5.5)
    fig.supxlabel("step (ms)", fontsize=8)
    fig.supylabel("largest spike-time difference to the reference (ms)", fontsize=8)
    fig.suptitle(
        "Published update at tau/k against the reference: spike-time error vs step "
        "(filled: same spike count, paired; open red: counts differ, nearest-spike distance; "
        "dashed: slope 1)",
        fontsize=8,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    save_figure(fig, outputs)
    plt.close(fig)
