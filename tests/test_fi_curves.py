"""f-I curves (issue 13, part 3): the steady rate, the table checks, Class 1 and Class 2
onsets of 2004 Fig. 1 G and H on curves computed here, and the figure and tables drawn
from them.

What the papers say (Izhikevich 2004, Fig. 1 G, H): Class 1 neurons fire "low-frequency
spikes when the input is weak (but superthreshold)", the frequency spanning "from 2 Hz to
200 Hz" and growing with the input: the onset is arbitrarily low; Class 2 neurons "cannot
fire low-frequency spike trains. That is, they are either quiescent or fire a train of
spikes with a certain relatively large frequency, say 40 Hz". "Low" and "relatively
large" are split here at the geometric mean of the text's two numbers, sqrt(2 x 40) Hz.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from izhikevich import guards, tables
from izhikevich.fi_curves import (
    CurveSettings,
    compute_curve,
    compute_curves,
    rheobase_bracket,
    steady_rate,
)
from izhikevich.model import NeuronSpec, simulate_neuron

from conftest import ROOT, write_tsv

#: The text's low end of Class 1 firing and its example of a Class 2 onset (Hz).
CLASS1_LOW_HZ, CLASS2_EXAMPLE_HZ = 2.0, 40.0
LOW_HIGH_SPLIT_HZ = math.sqrt(CLASS1_LOW_HZ * CLASS2_EXAMPLE_HZ)


# --------------------------------------------------------------------------- steady rate


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    period=st.floats(2.0, 900.0),
    phase=st.floats(0.0, 1.0),
    transient=st.lists(st.floats(0.0, 499.0), max_size=10),
)
def test_steady_rate_of_a_periodic_train_after_any_transient(period, phase, transient):
    """A periodic train that runs to the end of the window has rate 1000/period, whatever
    fired before the window; with fewer than min_spikes spikes in the window, 0."""
    settle, end = 500.0, 2000.0
    train = np.arange(settle + phase * period, end + 1e-9, period)
    spikes = np.concatenate([transient, train])
    rate = steady_rate(spikes, settle, end, 3)
    if len(train) >= 3:
        assert rate == pytest.approx(1000.0 / period, rel=1e-9)
    else:
        assert rate == 0.0


def test_a_train_that_stops_inside_the_window_is_not_steady():
    train = np.arange(500.0, 800.0, 45.0)  # fires at ~22 Hz, then stops at 800 ms
    assert steady_rate(train, 500.0, 2000.0, 3) == 0.0
    assert steady_rate(train, 500.0, 800.0, 3) == pytest.approx(1000 / 45.0)


def test_rheobase_bracket():
    inputs = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    assert rheobase_bracket(inputs, np.array([0, 0, 5.0, 0, 7.0])) == (1.0, 2.0)
    low, high = rheobase_bracket(inputs, np.array([3.0, 4, 5, 6, 7]))
    assert np.isnan(low) and high == 0.0
    low, high = rheobase_bracket(inputs, np.zeros(5))
    assert np.isnan(low) and np.isnan(high)


# --------------------------------------------------------------------------- the table

GOOD = {
    "id": "fig1_G_original", "I_min": "0", "I_max": "20", "points": "81",
    "duration_ms": "2000", "settle_ms": "500",
}  # fmt: skip
COLUMNS = [*GOOD, "min_spikes"]


@pytest.mark.parametrize(
    ("edit", "column", "words"),
    [
        ({"id": "fig1_Z_original"}, "id", "no row 'fig1_Z_original'"),
        ({"I_max": "-1"}, "I_max", "not above I_min"),
        ({"I_max": "0"}, "I_max", "not above I_min"),
        ({"settle_ms": "2000"}, "settle_ms", "no window"),
        ({"duration_ms": "2000.1"}, "duration_ms", "whole number"),
        ({"points": "2"}, "points", "minimum"),
        ({"points": "many"}, "points", "not of type"),
        ({"min_spikes": "1"}, "min_spikes", "minimum"),
    ],
)
def test_bad_fI_rows_are_refused_with_row_and_column(tmp_path, neuron_table, edit, column, words):
    rows = [{**GOOD, **edit}, {**GOOD, "id": "fig1_H_original"}]
    path = write_tsv(tmp_path / "fI.tsv", rows, COLUMNS)
    with pytest.raises(tables.TableError) as err:
        tables.load_fI_curves(path, neuron_table)
    row = edit.get("id", GOOD["id"])
    assert f"row {row!r} (line 2), column {column!r}" in str(err.value)
    assert words in str(err.value)
    assert len(err.value.problems) == 1  # the good row is not blamed


def test_every_problem_is_listed_at_once(tmp_path, neuron_table):
    rows = [{**GOOD, "I_max": "-1"}, {**GOOD, "id": "nope", "settle_ms": "5000"}]
    with pytest.raises(tables.TableError) as err:
        tables.load_fI_curves(write_tsv(tmp_path / "fI.tsv", rows, COLUMNS), neuron_table)
    assert len(err.value.problems) == 3


def test_a_row_whose_scheme_cannot_run_a_population_is_refused(tmp_path, neuron_table):
    rows = [{**GOOD, "id": "fig1_G_adjusted"}, {**GOOD, "id": "fig1_H_original"}]
    with pytest.raises(tables.TableError) as err:
        tables.load_fI_curves(write_tsv(tmp_path / "fI.tsv", rows, COLUMNS), neuron_table)
    assert "row 'fig1_G_adjusted' (line 2), column 'id'" in str(err.value)
    assert "cannot run a population" in str(err.value) and len(err.value.problems) == 1


def test_a_curve_over_the_budget_is_refused_before_any_job(tmp_path, neuron_table):
    """A well-formed row too long for the per-job budget (config budget_runtime_min) is
    stopped at the table check, row and column named; the row within it is not blamed."""
    good = {**GOOD, "id": "fig1_H_original"}
    rows = [{**GOOD, "duration_ms": "20000000"}, good]
    path = write_tsv(tmp_path / "fI.tsv", rows, COLUMNS)
    budget = guards.Budget(memory_mb=1e9, runtime_min=10)
    with pytest.raises(tables.TableError) as err:
        tables.load_fI_curves(path, neuron_table, budget)
    assert "row 'fig1_G_original' (line 2), column 'duration_ms'" in str(err.value)
    assert "budget_runtime_min" in str(err.value) and len(err.value.problems) == 1
    # the same row passes with the budget raised, and without a budget (no estimate)
    tables.load_fI_curves(path, neuron_table, guards.Budget(memory_mb=1e9, runtime_min=1e9))
    tables.load_fI_curves(path, neuron_table)


def test_the_one_job_of_all_curves_is_held_to_the_budget(tmp_path, neuron_table):
    neuron_rows = tables.rows(neuron_table)
    rows = [{**GOOD, "id": i} for i in ("fig1_G_original", "fig1_H_original", "fig1_A_original")]
    path = write_tsv(tmp_path / "fI.tsv", rows, COLUMNS)
    table = tables.rows(tables.load_fI_curves(path, neuron_table))
    alone = max(tables.fI_job_cost({k: r}, neuron_rows).runtime_min for k, r in table.items())
    together = tables.fI_job_cost(table, neuron_rows).runtime_min
    assert together > alone  # every curve's inputs are simulated by the one job
    budget = guards.Budget(memory_mb=1e9, runtime_min=(alone + together) / 2)
    with pytest.raises(tables.TableError) as err:
        tables.load_fI_curves(path, neuron_table, budget)
    assert "row 'fig1_G_original' (line 2), column 'id'" in str(err.value)
    assert "all 3 curves" in str(err.value)


@given(
    points=st.integers(3, 400),
    duration=st.integers(2, 4000).map(lambda k: k * 0.5),
    more=st.integers(1, 400),
)
@settings(max_examples=30, deadline=None)
def test_the_job_estimate_grows_with_inputs_and_duration(neuron_rows, points, duration, more):
    def cost(n, ms):
        row = CurveSettings("fig1_G_original", 0, 20, n, ms, ms / 2)
        return tables.fI_job_cost({row.id: dataclasses.asdict(row)}, neuron_rows)

    base, wider, longer = (
        cost(points, duration),
        cost(points + more, duration),
        cost(points, duration * 2),
    )
    assert wider.memory_mb > base.memory_mb and wider.runtime_s > base.runtime_s
    assert longer.runtime_s > base.runtime_s and longer.memory_mb >= base.memory_mb


def test_the_shipped_table_is_valid(neuron_table):
    table = tables.load_fI_curves(ROOT / "params" / "fI_curves.tsv", neuron_table)
    assert {"fig1_G_original", "fig1_H_original"} <= set(table.index)
    types = neuron_table.query("figure == 'izhikevich2003_fig2' and variant == 'original'")
    assert set(types.index) - {"fig2_TCburst_original"} <= set(table.index)


# --------------------------------------------------------------------------- the onsets


@pytest.fixture(scope="module")
def all_curves(neuron_table, neuron_rows):
    """Every curve of the shipped table (params/fI_curves.tsv), computed here."""
    settings_rows = tables.rows(
        tables.load_fI_curves(ROOT / "params" / "fI_curves.tsv", neuron_table)
    )
    settings = {k: CurveSettings.from_row(row) for k, row in settings_rows.items()}
    computed = compute_curves([(s, neuron_rows[k]) for k, s in settings.items()])
    return {k: (settings[k], c) for k, c in zip(settings, computed, strict=True)}


@pytest.fixture(scope="module")
def curves(all_curves):
    """2004 Fig. 1 G and H."""
    return {k: all_curves[k] for k in ("fig1_G_original", "fig1_H_original")}


def class1_problems(settings: CurveSettings, curve) -> list[str]:
    """Class 1 (2004 Fig. 1 G): fires at an arbitrarily low rate near the rheobase (here:
    within 2x of the lowest rate the window measures, and below the low/high split), and
    the rate grows with the input (never falls above the rheobase; 10x at the top)."""
    problems = []
    if not np.isfinite(curve.rheobase):
        return ["no rheobase inside the grid"]
    if not curve.onset_hz < LOW_HIGH_SPLIT_HZ:
        problems.append(f"onset {curve.onset_hz:.3g} Hz is not low")
    if not curve.onset_hz <= 2 * settings.lowest_rate_hz:
        problems.append(f"onset {curve.onset_hz:.3g} Hz is well above what the window measures")
    firing = curve.rate_hz[curve.I_dc >= curve.rheobase]
    if np.any(np.diff(firing) < 0) or np.any(firing == 0):
        problems.append("the rate does not grow with the input")
    if not firing[-1] >= 10 * curve.onset_hz:
        problems.append(f"rate at the top {firing[-1]:.3g} Hz is not 10x the onset")
    return problems


def class2_problems(settings: CurveSettings, curve) -> list[str]:
    """Class 2 (2004 Fig. 1 H): quiescent or firing at a relatively large rate: every
    steady rate is above the low/high split and 10x what the window can measure."""
    if not np.isfinite(curve.rheobase):
        return ["no rheobase inside the grid"]
    firing = curve.rate_hz[curve.rate_hz > 0]
    problems = []
    if not firing.min() >= LOW_HIGH_SPLIT_HZ:
        problems.append(f"fires at {firing.min():.3g} Hz: a low rate")
    if not curve.onset_hz >= 10 * settings.lowest_rate_hz:
        problems.append(f"onset {curve.onset_hz:.3g} Hz is near the window's lowest rate")
    return problems


def test_class_1_starts_low_and_speeds_up(curves):
    assert class1_problems(*curves["fig1_G_original"]) == []


def test_class_2_starts_at_a_relatively_large_rate(curves):
    assert class2_problems(*curves["fig1_H_original"]) == []


def test_the_checks_tell_the_classes_apart(curves):
    """Each check fails on the other class's curve: they are not always true."""
    assert class1_problems(*curves["fig1_H_original"]) != []
    assert class2_problems(*curves["fig1_G_original"]) != []


def test_the_rheobase_is_bracketed_finely(curves):
    for s, curve in curves.values():
        step = (s.I_max - s.I_min) / (s.points - 1)
        width = curve.rheobase - curve.silent_below
        assert 0 < width <= step / (s.refine_points + 1) ** s.refine_rounds * (1 + 1e-9)
        below = curve.I_dc < curve.rheobase
        assert np.all(curve.rate_hz[below] == 0)


def test_a_curve_computed_alone_equals_the_same_curve_among_others(curves, neuron_rows):
    """compute_curves runs the rows of the table together (one population per round and
    equation); H alone gives the same arrays, bit for bit."""
    s, together = curves["fig1_H_original"]
    alone = compute_curve(s, neuron_rows["fig1_H_original"])
    for key, value in alone.arrays().items():
        assert np.array_equal(value, together.arrays()[key]), key


def test_a_point_of_a_curve_is_the_single_row_run_with_that_input(curves, neuron_rows):
    """The onset point of G, recomputed as a single-neuron run of the row with the input
    ``0 + I_dc`` (simulate_neuron), has the same steady rate, bit for bit."""
    s, curve = curves["fig1_G_original"]
    spec = s.spec(neuron_rows["fig1_G_original"])
    single = dataclasses.replace(spec, current=f"({spec.current}) + {curve.rheobase!r}")
    assert (
        isinstance(single, NeuronSpec) and single.dt_ms == neuron_rows["fig1_G_original"]["dt_ms"]
    )
    trace = simulate_neuron(single)
    rate = steady_rate(trace.spike_times_ms, s.settle_ms, s.duration_ms, s.min_spikes)
    assert rate == curve.onset_hz


# --------------------------------------------------------------------------- outputs


def npz_like(s: CurveSettings, curve, row: dict) -> dict:
    """What results/fI/{id}.npz holds for a curve (fI_curve.py)."""
    return {
        **row, **curve.arrays(), "duration_ms": s.duration_ms, "lowest_rate_hz": s.lowest_rate_hz,
        **{f"fI_{k}": v for k, v in dataclasses.asdict(s).items() if k != "id"},
    }  # fmt: skip


def test_figure_and_tables_show_the_computed_curves(curves, neuron_rows):
    import matplotlib.pyplot as plt

    from izhikevich.fi_report import curve_table, fI_figure, summary_table

    runs = [npz_like(s, c, neuron_rows[k]) for k, (s, c) in curves.items()]
    fig = fI_figure(runs)
    for run in runs:
        lines = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid() == run["id"]]
        assert len(lines) == 1, run["id"]
        assert np.array_equal(lines[0].get_xdata(), run["I_dc"])
        assert np.array_equal(lines[0].get_ydata(), run["rate_hz"])
        dots = [ln for ln in lines[0].axes.get_lines() if len(ln.get_xdata()) == 1]
        assert any(
            ln.get_xdata()[0] == run["rheobase"] and ln.get_ydata()[0] == run["onset_hz"]
            for ln in dots
        )
    plt.close(fig)
    summary = summary_table(runs).set_index("id")
    points = curve_table(runs)
    for run in runs:
        line = summary.loc[run["id"]]
        assert (line["rheobase"], line["onset_hz"]) == (run["rheobase"], run["onset_hz"])
        assert line["silent_below"] == run["silent_below"]
        mine = points[points["id"] == run["id"]]
        assert np.array_equal(mine["I_dc"], run["I_dc"])
        assert np.array_equal(mine["rate_hz"], run["rate_hz"])


def test_the_readme_quotes_the_computed_curves(all_curves, neuron_rows):
    """README's f-I table (``python -m izhikevich.fi_report``) and the numbers its text
    quotes for G and H are those of the curves computed here."""
    from izhikevich.fi_report import readme_table

    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- fI-summary -->\n")[1].split("\n<!-- /fI-summary -->")[0]
    runs = [npz_like(s, c, neuron_rows[k]) for k, (s, c) in all_curves.items()]
    assert block == readme_table(runs)
    (_, g), (_, h) = all_curves["fig1_G_original"], all_curves["fig1_H_original"]
    text = " ".join(readme.split())
    assert f"G starts at {g.onset_hz:.3g} Hz" in text
    assert (
        f"to {g.rate_hz[-1]:.3g} Hz at I = {g.I_dc[-1]:g} ({g.rate_hz[-1] / g.onset_hz:.0f}x"
        in text
    )
    assert f"H jumps from 0 to {h.onset_hz:.3g} Hz" in text
    assert f"none of its steady rates is below {h.rate_hz[h.rate_hz > 0].min():.4g} Hz" in text


def test_coarse_and_silent_curves_are_drawn():
    """A curve bracketed only by its grid (rheobase far above the last silent input) and
    one that never fires inside its grid still give a figure."""
    import matplotlib.pyplot as plt

    from izhikevich.fi_report import fI_figure

    def run(row_id, rates, rheobase, silent_below):
        return {
            "id": row_id, "figure": "izhikevich2004_fig1", "panel": row_id, "name": row_id,
            "I_dc": np.array([0.0, 4.0, 8.0]), "rate_hz": np.array(rates), "round": np.zeros(3),
            "n_spikes": np.zeros(3), "rheobase": rheobase, "silent_below": silent_below,
            "onset_hz": rates[-1] if rheobase == rheobase else np.nan, "lowest_rate_hz": 1.0,
            "fI_settle_ms": 50.0, "duration_ms": 200.0,
        }  # fmt: skip

    for curves in (
        [run("A", [0.0, 0.0, 20.0], 8.0, 4.0)],
        [run("B", [0.0, 0.0, 0.0], np.nan, np.nan)],
    ):
        plt.close(fI_figure(curves))
