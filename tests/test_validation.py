"""Every simulated row measured and classified: originals pass, adjusted rows truthfully."""

from __future__ import annotations

import numpy as np
import pytest

from izhikevich import behaviour as B
from izhikevich.model import NeuronSpec, simulate_neuron
from izhikevich.schemes import comparison_row
from izhikevich.validation import scheme_table, validation_table

from oracles import criteria as C
from oracles.published_parameters import PUBLISHED


def originals(simulated) -> dict:
    return {k: a for k, a in simulated.items() if a["variant"] == "original"}


def features(arrays) -> dict:
    return B.measure(B.Run.from_arrays(arrays))


def test_every_original_row_shows_the_behaviour_its_panel_names(simulated):
    failures = {}
    for row_id, arrays in originals(simulated).items():
        ok, why = B.check(arrays)
        if not ok:
            failures[row_id] = why
    assert not failures
    assert len(originals(simulated)) == 28


def test_validation_table_has_one_truthful_line_per_row(simulated, neuron_rows):
    columns, rows = validation_table(simulated.values())
    assert [r["id"] for r in rows] == list(neuron_rows)
    assert {"class", "expected", "result", "evidence", *B.FEATURE_COLUMNS} <= set(columns)
    for row in rows:
        assert row["expected"] == neuron_rows[row["id"]]["expected"]
        assert row["result"] == ("pass" if row["class"] == row["expected"] else "fail")


# --- adjusted rows: what the seed notebook's runs show, measured --------------------------


def test_adjusted_T_fires_on_after_the_inhibition(simulated):
    """2004 Fig. 1 T should burst only while inhibited; the seed's run never stops."""
    f = features(simulated["fig1_T_adjusted"])
    assert f["inhibition_spikes"] > 0 and f["rebound_spikes"] > 0
    assert not B.check(simulated["fig1_T_adjusted"])[0]


def test_adjusted_G_ramp_is_four_times_steeper_in_model_time(simulated):
    """The seed's ramp 0.075/ms of its clock is 0.3/ms of model time at tau = 0.25, so
    the neuron starts at the high rate of a class 2 neuron (2004 Fig. 1 G vs H)."""
    slopes = {
        v: B.epochs(B.Run.from_arrays(simulated[f"fig1_G_{v}"]))[-1].slope
        for v in ("original", "adjusted")
    }
    assert slopes["adjusted"] / slopes["original"] == pytest.approx(4, rel=0.02)
    onset = features(simulated["fig1_G_adjusted"])["onset_rate_hz"]
    assert onset >= B.CLASS2_ONSET_HZ > features(simulated["fig1_G_original"])["onset_rate_hz"]
    assert not B.check(simulated["fig1_G_adjusted"])[0]


def test_adjusted_R_fires_on_the_slow_ramp(simulated):
    """The seed's model3 uses the standard u equation (b = 0.2): no accommodation."""
    slow, fast = features(simulated["fig1_R_adjusted"])["pair_spikes"]
    assert slow > 0
    assert not B.check(simulated["fig1_R_adjusted"])[0]


def test_adjusted_RZ_rings_like_the_published_resonator(simulated):
    """The seed calls its resonator "not working as intended"; measured, its v still
    shows a damped oscillation near the published frequency before the pulse."""
    published, seed = (features(simulated[f"fig2_RZ_{v}"]) for v in ("original", "adjusted"))
    assert seed["osc_swing_mv"] >= B.OSC_MIN_SWING_MV
    assert seed["osc_freq_hz"] == pytest.approx(published["osc_freq_hz"], rel=0.3)
    assert "not working" in simulated["fig2_RZ_adjusted"]["note"]


def test_adjusted_D_is_one_transient_burst(simulated):
    """The seed's phasic burst ends with an interval above the 10 ms burst limit, then
    stays silent for the rest of the step: still one burst at onset."""
    f = features(simulated["fig1_D_adjusted"])
    assert f["isi_last_ms"] > B.BURST_ISI_MS and not f["sustained"]
    assert B.check(simulated["fig1_D_adjusted"])[0]


# --- update schemes ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def schemes(simulated):
    """Every original row under the published update, plain Euler and the seed's scheme."""
    runs = {}
    for row_id, arrays in originals(simulated).items():
        runs[row_id] = {"izhikevich": arrays}
        row = {k: arrays[k] for k in arrays if k not in ("t_ms", "v", "u", "I")}
        for scheme in ("euler", "notebook"):
            variant = comparison_row(row, scheme)
            trace = simulate_neuron(NeuronSpec.from_row(variant))
            runs[row_id][scheme] = {**variant, **trace.arrays()}
    return runs


def test_plain_euler_changes_the_published_spike_counts(schemes):
    """Reference: plain Euler changes the spike count of 2004 Fig. 1 C, D, H, N, P, Q, S, T."""
    _, rows = scheme_table(schemes, ["izhikevich", "euler", "notebook"])
    changed = {r["panel"] for r in rows if r["figure"] == "izhikevich2004_fig1"}
    changed = {p for p in changed if "euler" in _row(rows, p)["count_differs"]}
    assert changed == set("CDHNPQST")


def _row(rows, panel):
    return next(r for r in rows if r["panel"] == panel and r["figure"] == "izhikevich2004_fig1")


def test_T_bursts_only_with_the_published_update(schemes):
    """Reference: the published T bursts; under plain Euler it fires without stopping."""
    _, rows = scheme_table(schemes, ["izhikevich", "euler", "notebook"])
    t = _row(rows, "T")
    assert t["izhikevich_class"] == "inhibition-induced bursting"
    assert t["euler_class"] != "inhibition-induced bursting"
    assert features(schemes["fig1_T_original"]["euler"])["rebound_spikes"] > 0


def test_notebook_variant_of_R_keeps_the_published_equation_without_the_freeze(neuron_rows):
    r = comparison_row(neuron_rows["fig1_R_original"], "notebook")
    assert (r["scheme"], r["gate"], r["equation"]) == ("notebook", "none", "accommodation")
    a = comparison_row(neuron_rows["fig1_A_original"], "notebook")
    assert a["gate"] == "first_tenth"
    assert comparison_row(neuron_rows["fig1_A_original"], "euler")["gate"] == "none"
    with pytest.raises(ValueError, match="only original rows"):
        comparison_row(neuron_rows["fig1_A_adjusted"], "euler")


# --- every outcome against the papers' criteria (tests/oracles/criteria.py) ---------------

SCHEMES = ["izhikevich", "euler", "notebook"]
#: Adjusted rows that do not show their named behaviour, and what the seed's run shows
#: instead (README, "Adjusted rows that do not show their named behaviour"); every other
#: adjusted row shows it.
ADJUSTED_FAILURES = {
    # the seed's ramp is 4x steeper in model time: firing starts at 40 Hz or more
    "fig1_G_adjusted": lambda r: 1000 / np.diff(r.after(r.onset()))[0] >= 40,
    # standard u equation: spikes on the slow ramp, none on the fast one
    "fig1_R_adjusted": lambda r: r.count(stop=r.falls[0]) > 0 and r.count(r.falls[0]) == 0,
    # fires on after the inhibition ends, until the end of the run
    "fig1_T_adjusted": lambda r: r.count(r.rises[-1] + 10) > 0 and r.end - r.spikes[-1] < 5,
}


def test_every_adjusted_rows_outcome_by_the_papers_criterion(simulated):
    adjusted = {k: a for k, a in simulated.items() if a["variant"] == "adjusted"}
    assert len(adjusted) == 29
    for row_id, arrays in adjusted.items():
        name = C.named(arrays["figure"], arrays["panel"], arrays["name"])
        passes = row_id not in ADJUSTED_FAILURES
        assert B.check(arrays, name)[0] == passes, row_id
        assert C.shows(name, arrays, arrays["panel"]) == passes, row_id
        if not passes:
            assert ADJUSTED_FAILURES[row_id](C.Trace(arrays)), row_id


def test_the_seeds_chaos_run_fires_irregularly(simulated):
    """The seed titles its run U "Chaos": firing that goes on without repeating any cycle
    of 1-4 intervals (criterion of tests/oracles/criteria.py), and the classifier agrees."""
    u = simulated["fig1_U_adjusted"]
    assert C.shows("chaos", u)
    assert B.check(u, "chaos")[0]


#: Cells whose class (not the panel's) the criteria cannot confirm: the seed's scheme covers
#: only tau of the published time, so F and CH end 9 and 12 ms after one burst ("phasic
#: bursting" by the classifier; the criteria ask for silence over half the stimulation);
#: T fires without stopping (asserted below with the criterion of the failure).
UNCONFIRMED = {("fig1_F_original", "notebook"), ("fig2_CH_original", "notebook")}
UNCONFIRMED |= {("fig1_T_original", "euler"), ("fig1_T_original", "notebook")}


def test_every_scheme_comparison_cell_by_the_papers_criterion(schemes):
    """Each cell's class (results/scheme_comparison.tsv) against the papers' criterion: the
    panel's behaviour exactly when the criterion sees it; another named class only where
    its criterion holds too; quiescent only without spikes after the input changed."""
    _, rows = scheme_table(schemes, SCHEMES)
    assert len(rows) == 28
    for row in rows:
        p = PUBLISHED[(row["figure"], row["panel"])]
        name = C.named(p.figure, p.panel, p.name)
        for scheme in SCHEMES:
            arrays, cls = schemes[row["id"]][scheme], row[f"{scheme}_class"]
            cell = (row["id"], scheme, cls)
            assert (cls == name) == C.shows(name, arrays, p.panel), cell
            if cls in C.CRITERIA and cls != name and (row["id"], scheme) not in UNCONFIRMED:
                assert C.shows(cls, arrays), cell
            if cls == "quiescent":
                trace = C.Trace(arrays)
                assert trace.count(trace.onset()) == 0, cell
    t = {s: C.Trace(schemes["fig1_T_original"][s]) for s in SCHEMES}
    for scheme in ("euler", "notebook"):  # reference: T fires without stopping
        assert ADJUSTED_FAILURES["fig1_T_adjusted"](t[scheme]), scheme
    assert not ADJUSTED_FAILURES["fig1_T_adjusted"](t["izhikevich"])
