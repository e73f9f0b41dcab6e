"""Figure content: the montages and 2003 Fig. 3 as matplotlib objects, before saving.

Each panel slot must hold the run its title names (its plotted v equals that run's v),
panels must follow the papers' order with the papers' captions (taken from the oracle,
tests/oracles/published_parameters.py, not from the table), every panel must draw its
input, and the network raster must hold every spike, inhibitory neurons above the line.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from izhikevich.network import NetworkSpec, simulate_network
from izhikevich.plotting import montage_figure, network_fig3_figure

from oracles.published_parameters import CAPTION_WORDS, PAPER_ORDER

FIGURES = [(f, v) for f in PAPER_ORDER for v in ("original", "adjusted")]


def runs_of(simulated, figure: str, variant: str) -> list[dict]:
    return [r for r in simulated.values() if r["figure"] == figure and r["variant"] == variant]


def time_axes(run) -> list[np.ndarray]:
    """Every time axis the run's arrays carry with one sample per v sample."""
    n = len(run["v"])
    return [np.asarray(x) for k, x in run.items() if k.startswith("t") and np.ndim(x) == 1
            and len(x) == n]  # fmt: skip


def panel_of(title: str, figure: str) -> str:
    """The panel letter or type a caption names: "(A) tonic spiking", "chattering (CH)"."""
    found = re.fullmatch(r"\((\w+)\) .+", title) or re.fullmatch(r".+ \((\w+)\)", title)
    assert found, f"caption {title!r} names no panel"
    return found.group(1)


def panels(fig) -> list:
    """The axes that carry a caption, in reading order (row by row, left to right)."""
    axes = [ax for ax in fig.axes if ax.get_title(loc="left")]
    return sorted(axes, key=lambda ax: (-round(ax.get_position().y0, 3), ax.get_position().x0))


def trace_line(ax, run):
    """The Line2D that draws the run's v (clipped only outside the panel's range) against
    one of the run's time axes."""
    v = np.asarray(run["v"], dtype=float)
    low, high = ax.get_ylim()
    for line in ax.get_lines():
        x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if len(y) != len(v) or not any(np.array_equal(x, t) for t in time_axes(run)):
            continue
        inside = (v >= -90) & (v <= 30)  # the papers' axis
        if np.array_equal(y[inside], v[inside]) and np.all((y >= low) & (y <= high)):
            return line
    return None


def input_line(ax, run, trace):
    """A Line2D, other than the trace, that follows the input: below the trace's range,
    over the same time axis, moving up where I rises and down where it falls."""
    current = np.asarray(run["I"], dtype=float)
    change = np.sign(current - current[0])
    for line in ax.get_lines():
        if line is trace:
            continue
        x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if len(y) != len(current) or not np.array_equal(x, trace.get_xdata()):
            continue
        moved = change != 0
        if moved.any() and np.array_equal(np.sign(y[moved] - y[0]), change[moved]):
            if y.max() <= -70:  # drawn under the trace, around -90 mV
                return line
    return None


@pytest.fixture(scope="module")
def montages(simulated):
    import matplotlib.pyplot as plt

    figures = {(f, v): montage_figure(runs_of(simulated, f, v), f, v) for f, v in FIGURES}
    yield figures
    for fig in figures.values():
        plt.close(fig)


@pytest.mark.parametrize(("figure", "variant"), FIGURES)
def test_panels_follow_the_papers_order_and_captions(montages, figure, variant):
    fig = montages[(figure, variant)]
    titles = [ax.get_title(loc="left") for ax in panels(fig)]
    order = [panel_of(title, figure) for title in titles]
    expected = list(PAPER_ORDER[figure])
    if variant == "adjusted" and figure == "izhikevich2004_fig1":
        expected.append("U")  # the seed's chaos run, after the paper's panels
    if figure == "izhikevich2003_fig2":  # "thalamo-cortical ... (TC)" names both TC cells
        order = [
            "TCburst" if o == "TC" and "rebound" in t else o
            for o, t in zip(order, titles, strict=True)
        ]
    assert order == expected
    for panel, title in zip(order, titles, strict=True):
        for word in CAPTION_WORDS.get((figure, panel), []):
            assert word.lower() in title.lower(), (panel, title)


@pytest.mark.parametrize(("figure", "variant"), FIGURES)
def test_each_slot_draws_the_run_its_caption_names_and_its_input(
    montages, simulated, figure, variant
):
    fig = montages[(figure, variant)]
    by_panel = {str(r["panel"]): r for r in runs_of(simulated, figure, variant)}
    slots = panels(fig)
    assert len(slots) == len(by_panel)
    for ax in slots:
        title = ax.get_title(loc="left")
        panel = panel_of(title, figure)
        if panel == "TC" and "rebound" in title:
            panel = "TCburst"
        run = by_panel[panel]
        trace = trace_line(ax, run)
        assert trace is not None, f"slot {title!r} does not draw v of {run['id']}"
        # the other runs of the figure are not the one in this slot
        for other in by_panel.values():
            if other is not run and len(other["v"]) == len(run["v"]):
                assert not np.array_equal(trace.get_ydata(), other["v"]), (title, other["id"])
        assert input_line(ax, run, trace) is not None, f"slot {title!r} draws no input"


def test_a_swapped_or_missing_panel_is_caught(simulated):
    """The checks above fail on a montage whose runs are mislabelled or lack an input."""
    import matplotlib.pyplot as plt

    runs = runs_of(simulated, "izhikevich2004_fig1", "original")
    by_panel = {r["panel"]: r for r in runs}
    swapped = [dict(r) for r in runs]
    a, b = (next(r for r in swapped if r["panel"] == p) for p in "AB")
    for key in ("panel", "name"):
        a[key], b[key] = b[key], a[key]
    fig = montage_figure(swapped, "izhikevich2004_fig1", "original")
    slot_a = next(ax for ax in panels(fig) if panel_of(ax.get_title(loc="left"), "") == "A")
    assert trace_line(slot_a, by_panel["A"]) is None
    plt.close(fig)
    flat = [dict(r, I=np.zeros_like(r["I"])) if r["panel"] == "C" else r for r in runs]
    fig = montage_figure(flat, "izhikevich2004_fig1", "original")
    slot_c = next(ax for ax in panels(fig) if panel_of(ax.get_title(loc="left"), "") == "C")
    assert input_line(slot_c, by_panel["C"], trace_line(slot_c, by_panel["C"])) is None
    plt.close(fig)


# --------------------------------------------------------------------------- network


@pytest.fixture(scope="module")
def network_run():
    spec = NetworkSpec(Ne=80, Ni=20, duration_ms=300.0, seed=4)
    result = simulate_network(spec)
    return {**result.arrays(spec), "scheme": spec.scheme}


def raster_points(fig, n_spikes: int):
    """(times, rows) of the raster's marker line (the Line2D with one point per spike)."""
    for ax in fig.axes:
        for line in ax.get_lines():
            if line.get_linestyle() in ("None", "") and len(line.get_xdata()) == n_spikes:
                return ax, np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    raise AssertionError("no raster with one marker per spike")


def check_fig3(fig, run) -> None:
    """2003 Fig. 3 of ``run``: the raster holds every spike, inhibitory neurons (net.m's
    b = 0.25 - 0.05 r > 0.2) above the line at Ne, over neuron 0's v cut at 30 mV."""
    ax, x, y = raster_points(fig, len(run["spike_times_ms"]))
    plotted = sorted(zip(x.tolist(), y.tolist(), strict=True))
    spikes = sorted(
        zip(run["spike_times_ms"].tolist(), run["spike_indices"].tolist(), strict=True)
    )
    assert plotted == spikes
    ne = run["Ne"]
    lines = [ln for ln in ax.get_lines() if len(set(np.asarray(ln.get_ydata()))) == 1
             and len(ln.get_ydata()) == 2]  # fmt: skip
    assert [float(ln.get_ydata()[0]) for ln in lines] == [ne]
    inhibitory = run["b"][y.astype(int)] > 0.2
    assert inhibitory.any() and (~inhibitory).any()
    assert np.all((y >= ne) == inhibitory)
    v_axes = [a for a in fig.axes if a is not ax]
    drawn = [ln for a in v_axes for ln in a.get_lines() if len(ln.get_ydata()) == len(run["v"])]
    assert any(np.array_equal(ln.get_ydata(), np.minimum(run["v"], 30.0)) for ln in drawn)


def test_raster_holds_every_spike_with_inhibitory_neurons_above_the_line(network_run):
    import matplotlib.pyplot as plt

    fig = network_fig3_figure(network_run)
    check_fig3(fig, network_run)
    plt.close(fig)


# --------------------------------------------------------------------------- phase planes
# Each original panel's (v, u) trajectory over its nullclines (issue 13, part 3). The
# right-hand sides below are written from the papers (2003 eqs. 1-2; 2004 figure1.m for
# G, L and R), not taken from izhikevich.model, and the parameters from the oracle.


def v_dot(p, v, u, current):
    """v' of panel ``p`` (2004 Fig. 1 G and L: 0.04v^2 + 4.1v + 108, figure1.m)."""
    if p.equation == "class1":
        return 0.04 * v**2 + 4.1 * v + 108 - u + current
    return 0.04 * v**2 + 5 * v + 140 - u + current


def u_dot(p, v, u):
    """u' of panel ``p`` (2004 Fig. 1 R: u' = a b (v + 65), no -u term, figure1.m)."""
    if p.equation == "accommodation":
        return p.a * p.b * (v + 65) + 0 * u
    return p.a * (p.b * v - u)


def protocol_levels(current) -> np.ndarray:
    """The input values a protocol takes: every distinct value of steps and pulses (at most
    6 here); a ramp's four equally spaced levels from its lowest to its highest value."""
    values = np.unique(current)
    return values if len(values) <= 6 else np.linspace(values[0], values[-1], 4)


def gid_lines(ax, prefix: str) -> list:
    return [ln for ln in ax.get_lines() if str(ln.get_gid() or "").startswith(prefix)]


def phase_plane_problems(ax, run, figure: str, others) -> list[str]:
    """What is wrong with one phase-plane slot for ``run`` (empty: nothing)."""
    from oracles.published_parameters import PUBLISHED

    p = PUBLISHED[(figure, str(run["panel"]))]
    v, u = np.asarray(run["v"], float), np.asarray(run["u"], float)
    problems = []
    drawn = [(np.asarray(ln.get_xdata(), float), np.asarray(ln.get_ydata(), float))
             for ln in gid_lines(ax, "trajectory")]  # fmt: skip
    if not any(np.array_equal(x, v) and np.array_equal(y, u) for x, y in drawn):
        problems.append("the trajectory is not (v, u) of the run")
    for other in others:
        if other is not run and any(np.array_equal(x, other["v"]) for x, _ in drawn):
            problems.append(f"draws the trajectory of {other['id']}")
    levels = []
    for line in gid_lines(ax, "v-nullcline"):
        level = float(line.get_gid().split("I=")[1])
        levels.append(level)
        x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if not (x.min() <= v.min() and x.max() >= 30):
            problems.append(f"v-nullcline at I={level} does not span the trajectory")
        if np.max(np.abs(v_dot(p, x, y, level))) > 1e-9 * (1 + np.max(np.abs(y))):
            problems.append(f"v' != 0 on the v-nullcline at I={level}")
    expected = protocol_levels(np.asarray(run["I"], float))
    if sorted(set(levels)) != sorted(expected.tolist()):
        problems.append(f"v-nullclines at {sorted(set(levels))}, protocol levels {expected}")
    u_lines = gid_lines(ax, "u-nullcline")
    if not u_lines:
        problems.append("no u-nullcline")
    for line in u_lines:
        x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if np.max(np.abs(u_dot(p, x, y))) > 1e-12 * (1 + np.max(np.abs(y))):
            problems.append("u' != 0 on the u-nullcline")
    return problems


@pytest.fixture(scope="module")
def phase_planes(simulated):
    import matplotlib.pyplot as plt

    from izhikevich.phase_planes import phase_plane_figure

    figures = {f: phase_plane_figure(runs_of(simulated, f, "original"), f) for f in PAPER_ORDER}
    yield figures
    for fig in figures.values():
        plt.close(fig)


@pytest.mark.parametrize("figure", list(PAPER_ORDER))
def test_phase_planes_follow_the_papers_order_and_captions(phase_planes, figure):
    titles = [ax.get_title(loc="left") for ax in panels(phase_planes[figure])]
    order = [panel_of(title, figure) for title in titles]
    if figure == "izhikevich2003_fig2":
        order = [
            "TCburst" if o == "TC" and "rebound" in t else o
            for o, t in zip(order, titles, strict=True)
        ]
    assert order == list(PAPER_ORDER[figure])
    for panel, title in zip(order, titles, strict=True):
        for word in CAPTION_WORDS.get((figure, panel), []):
            assert word.lower() in title.lower(), (panel, title)


@pytest.mark.parametrize("figure", list(PAPER_ORDER))
def test_each_phase_plane_draws_its_run_over_its_own_nullclines(phase_planes, simulated, figure):
    runs = runs_of(simulated, figure, "original")
    by_panel = {str(r["panel"]): r for r in runs}
    slots = panels(phase_planes[figure])
    assert len(slots) == len(by_panel)
    for ax in slots:
        title = ax.get_title(loc="left")
        panel = panel_of(title, figure)
        panel = "TCburst" if panel == "TC" and "rebound" in title else panel
        assert phase_plane_problems(ax, by_panel[panel], figure, runs) == [], title
    if figure == "izhikevich2004_fig1":  # the variants' own nullclines are drawn
        r_slot = next(ax for ax in slots if panel_of(ax.get_title(loc="left"), "") == "R")
        (u_line,) = gid_lines(r_slot, "u-nullcline")
        assert set(np.asarray(u_line.get_xdata())) == {-65.0}


def test_a_phase_plane_of_the_wrong_equation_or_run_is_caught(simulated):
    """The checks above fail when G is drawn with the standard equation, R with the
    standard u equation, or two panels' runs are swapped."""
    import matplotlib.pyplot as plt

    from izhikevich.phase_planes import phase_plane_figure

    figure = "izhikevich2004_fig1"
    runs = runs_of(simulated, figure, "original")
    wrong = [dict(r, equation="standard") if r["panel"] in "GR" else r for r in runs]
    a, b = (next(i for i, r in enumerate(wrong) if r["panel"] == p) for p in "AB")
    wrong[a], wrong[b] = (
        dict(wrong[b], panel="A", name=wrong[a]["name"]),
        dict(wrong[a], panel="B", name=wrong[b]["name"]),
    )
    fig = phase_plane_figure(wrong, figure)
    caught = {}
    for ax in panels(fig):
        panel = panel_of(ax.get_title(loc="left"), figure)
        run = next(r for r in runs if r["panel"] == panel)
        caught[panel] = phase_plane_problems(ax, run, figure, runs)
    plt.close(fig)
    assert any("v' != 0" in p for p in caught["G"])
    assert any("u' != 0" in p for p in caught["R"])
    assert any("trajectory" in p for p in caught["A"])
    assert not caught["C"]
