"""Phase planes of single-neuron runs: each run's (v, u) trajectory over the nullclines of
its own equations, laid out like the montages (2004 Fig. 1 A-T, 2003 Fig. 2 types).

The nullclines are derived from ``izhikevich.equations.EQUATIONS`` (``model.EQUATIONS``),
the one place the equations live (the ``class1`` variant of 2004 Fig. 1 G and L; the
``accommodation`` variant of R, whose u' = a b (v + 65) has the vertical nullcline
v = -65): the right-hand sides are evaluated, not rewritten here. Both are affine in u,
so v' = 0 and u' = 0 are solved for u exactly; a right-hand side that does not depend on
u is zero on vertical lines, at its roots in v. Reads NPZ results only (never simulates).
"""

from __future__ import annotations

import ast
import operator
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .equations import EQUATIONS
from .plotting import FIGURE_TITLES, GRID_COLUMNS, order_panels, panel_title, save_figure

#: A protocol with at most this many distinct input values (steps, pulses, pulse pairs)
#: gets one v-nullcline per value; a ramp (2004 Fig. 1 G, H, R) takes hundreds, and gets
#: ``RAMP_LEVELS`` equally spaced from its lowest to its highest value.
MAX_LEVELS = 6
RAMP_LEVELS = 4
#: Points of the v grid on which the nullclines are drawn.
GRID_POINTS = 801
#: gid prefixes of the drawn lines (tests and readers find them by these).
TRAJECTORY_GID = "trajectory"
V_NULLCLINE_GID = "v-nullcline"
U_NULLCLINE_GID = "u-nullcline"

_BINARY: dict[type, Callable] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_UNARY: dict[type, Callable] = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def evaluate(expression: str, names: Mapping[str, object]) -> np.ndarray:
    """The arithmetic ``expression`` (numbers, names, + - * / **, parentheses: the form of
    ``EQUATIONS``) on NumPy values; anything else is refused (no ``eval``)."""

    def value(node: ast.AST):
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in names:
                raise ValueError(f"{expression!r}: no value for {node.id!r}")
            return names[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](value(node.operand))
        raise ValueError(f"{expression!r}: {ast.dump(node)} is not plain arithmetic")

    return np.asarray(value(ast.parse(expression, mode="eval")), dtype=float)


@dataclass(frozen=True)
class Nullcline:
    """Points (v, u) where one right-hand side is zero: a curve u(v) on the v grid, or a
    vertical line (``vertical``) at a root in v when the right-hand side ignores u."""

    v: np.ndarray
    u: np.ndarray
    vertical: bool = False


def nullclines(
    expression: str, params: Mapping[str, float], v: np.ndarray, u_span: tuple[float, float]
) -> list[Nullcline]:
    """Where ``expression`` (a right-hand side of ``EQUATIONS``, affine in u) is zero, for
    v on the grid ``v``: u = -f(v, 0) / (f(v, 1) - f(v, 0)); if f does not depend on u,
    vertical lines over ``u_span`` at the roots of f in v (sign changes on the grid, then
    the secant, exact for the linear accommodation equation)."""
    v = np.asarray(v, dtype=float)
    at = [
        evaluate(expression, {**params, "v": v, "u": float(u)}) * np.ones_like(v) for u in range(3)
    ]
    slope = at[1] - at[0]
    if not np.allclose(at[2] - at[1], slope, rtol=1e-12, atol=1e-12):
        raise ValueError(f"{expression!r} is not affine in u")
    if np.all(slope == 0):
        f = at[0]
        roots = []
        for k in np.flatnonzero((f[:-1] == 0) | (np.sign(f[:-1]) * np.sign(f[1:]) < 0)):
            v0, v1, f0, f1 = v[k], v[k + 1], f[k], f[k + 1]
            roots.append(v0 if f0 == 0 else v0 - f0 * (v1 - v0) / (f1 - f0))
        return [Nullcline(np.array([r, r]), np.array(u_span, dtype=float), True) for r in roots]
    return [Nullcline(v, -at[0] / slope)]


def input_levels(current: np.ndarray) -> np.ndarray:
    """The input values the protocol takes: its distinct values (at most ``MAX_LEVELS``:
    steps, pulses), else (a ramp) ``RAMP_LEVELS`` from its lowest to its highest value."""
    values = np.unique(np.asarray(current, dtype=float))
    if len(values) <= MAX_LEVELS:
        return values
    return np.linspace(values[0], values[-1], RAMP_LEVELS)


def parameters(run: Mapping) -> dict[str, float]:
    """The names the right-hand sides use besides v, u and I: a, b (c, d act at resets)."""
    return {name: float(run[name]) for name in ("a", "b", "c", "d")}


def plane_limits(run: Mapping) -> tuple[tuple[float, float], tuple[float, float]]:
    """The view: v from below the trajectory's lowest value to just above the 30 mV cut,
    u over the trajectory's range with a margin."""
    v, u = np.asarray(run["v"], dtype=float), np.asarray(run["u"], dtype=float)
    v_low = min(float(v.min()), -70.0)
    u_low, u_high = float(u.min()), float(u.max())
    pad = max(0.25 * (u_high - u_low), 2.0)
    return (v_low - 5.0, 35.0), (u_low - pad, u_high + pad)


def draw_phase_plane(ax, run: Mapping, figure: str) -> None:
    """One panel: v-nullclines at each input level (colour from low to high), the
    u-nullcline (dashed), the (v, u) trajectory (black), the paper's caption."""
    import matplotlib as mpl

    v_rhs, u_rhs = EQUATIONS[str(run["equation"])]
    (v_low, v_high), u_span = plane_limits(run)
    grid = np.linspace(v_low, v_high, GRID_POINTS)
    params = parameters(run)
    levels = input_levels(run["I"])
    colours = mpl.colormaps["viridis"](np.linspace(0.0, 0.85, len(levels)))
    for level, colour in zip(levels, colours, strict=True):
        for line in nullclines(v_rhs, {**params, "I": float(level)}, grid, u_span):
            ax.plot(
                line.v, line.u, color=colour, lw=0.8, gid=f"{V_NULLCLINE_GID} I={float(level)!r}"
            )
    for line in nullclines(u_rhs, {**params, "I": 0.0}, grid, u_span):
        ax.plot(line.v, line.u, color="0.45", lw=0.8, ls="--", gid=U_NULLCLINE_GID)
    ax.plot(run["v"], run["u"], color="black", lw=0.5, gid=TRAJECTORY_GID)
    ax.set_xlim(v_low, v_high)
    ax.set_ylim(*u_span)
    ax.tick_params(labelsize=5, length=2, pad=1)
    ax.set_title(
        panel_title(str(run["panel"]), str(run["name"]), figure), fontsize=8, loc="left", pad=2
    )
    for k, (level, colour) in enumerate(zip(levels, colours, strict=True)):
        ax.text(
            0.98, 0.97 - 0.075 * k, f"I = {level:.3g}", transform=ax.transAxes,
            ha="right", va="top", fontsize=5, color=colour,
        )  # fmt: skip


def phase_plane_figure(runs: Sequence[Mapping], figure: str):
    """The phase planes of ``figure`` as a matplotlib Figure (not saved): one panel per
    run, in the paper's order and grid, as ``plotting.montage_figure`` lays out traces."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_panel = {str(r["panel"]): r for r in runs}
    panels = order_panels(figure, list(by_panel))
    ncols = GRID_COLUMNS.get(figure, 4)
    nrows = -(-len(panels) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.6 * ncols, 2.1 * nrows + 0.6), squeeze=False)
    for ax in axes.flat[len(panels) :]:
        ax.set_axis_off()
    for ax, panel in zip(axes.flat, panels, strict=False):
        draw_phase_plane(ax, by_panel[panel], figure)
    for ax in axes[-1]:
        ax.set_xlabel("v (mV)", fontsize=6)
    for ax in axes[:, 0]:
        ax.set_ylabel("u", fontsize=6)
    schemes = sorted({str(r["scheme"]) for r in runs})
    fig.suptitle(
        f"{FIGURE_TITLES.get(figure, figure)}: phase planes\n(v, u) trajectory (black) over the "
        f"v-nullclines at the input levels (colour, low to high) and the u-nullcline (dashed); "
        f"scheme {', '.join(schemes)}",
        fontsize=8,
    )
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.45 / fig.get_figheight()), h_pad=0.8, w_pad=0.6)
    return fig


def plot_phase_planes(
    runs: Sequence[Mapping], figure: str, outputs: Sequence[str | os.PathLike]
) -> None:
    """``phase_plane_figure`` saved to each of ``outputs`` (pdf, png)."""
    import matplotlib.pyplot as plt

    fig = phase_plane_figure(runs, figure)
    save_figure(fig, outputs)
    plt.close(fig)
