"""params/neurons.tsv against the papers and the seed notebook, through oracles that have
their own copy of every parameter and input (tests/oracles/), so that a typo in the table
cannot appear on both sides of a check."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from izhikevich.model import NeuronSpec, simulate_neuron

from conftest import ROOT
from oracles import published_parameters as published
from oracles import seed_parameters as seed
from oracles.published import figure1_loop
from oracles.seed_notebook import model as seed_model

TABLE = ROOT / "params" / "neurons.tsv"


def table_rows(path=TABLE) -> list[dict]:
    """The table's rows as text cells, as written in the file."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def mutated(tmp_path, row_id: str, column: str, value: str):
    """A copy of params/neurons.tsv with one cell changed; returns its rows."""
    rows = table_rows()
    target = next(r for r in rows if r["id"] == row_id)
    target[column] = value
    path = tmp_path / "neurons.tsv"
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return table_rows(path)


def test_original_rows_hold_the_published_parameters():
    assert published.differences(table_rows()) == []


def test_adjusted_rows_hold_the_seed_notebooks_calls():
    assert seed.differences(table_rows()) == []


@pytest.mark.parametrize(
    ("row_id", "column", "value", "oracle"),
    [
        ("fig1_K_original", "d", "-0.9", published),  # the typo of the issue
        ("fig1_R_original", "u0", "", published),
        ("fig2_LTS_original", "duration_ms", "150", published),
        ("fig1_G_original", "equation", "standard", published),
        ("fig1_K_adjusted", "d", "-0.9", seed),
        ("fig1_R_adjusted", "gate", "first_tenth", seed),
        ("fig2_TC_adjusted", "current", "int(t>100*ms)*4", seed),
    ],
)
def test_one_changed_cell_is_caught_with_row_and_column(tmp_path, row_id, column, value, oracle):
    problems = oracle.differences(mutated(tmp_path, row_id, column, value))
    assert len(problems) == 1
    assert f"row {row_id!r}, column {column!r}" in problems[0]


def test_every_published_panel_and_seed_call_has_one_row(tmp_path):
    rows = [r for r in table_rows() if r["id"] != "fig1_P_original"]
    assert published.differences(rows) == [
        "published panel ('izhikevich2004_fig1', 'P'): 0 original rows"
    ]
    rows = [r for r in table_rows() if r["id"] != "fig1_U_adjusted"]
    assert seed.differences(rows) == ["seed call ('izhikevich2004_fig1', 'U'): 0 adjusted rows"]


def published_run(p: published.Published):
    """figure1.m's loop on the oracle's own parameters and input."""
    return figure1_loop(p.panel, p.a, p.b, p.c, p.d, p.v0, p.tau, p.T, p.u0)


def test_every_original_row_equals_figure1m_on_the_published_parameters(simulated, neuron_rows):
    """Bit for bit: each original row's NPZ arrays against the transcription of figure1.m,
    run on the oracle's parameters and inputs (not the row's)."""
    originals = {
        (r["figure"], r["panel"]): r["id"]
        for r in neuron_rows.values()
        if r["variant"] == "original"
    }
    assert set(originals) == set(published.PUBLISHED)
    for key, p in published.PUBLISHED.items():
        run = simulated[originals[key]]
        v, u, current, spikes = published_run(p)
        assert np.array_equal(run["I"], current), key
        assert np.array_equal(run["v"], v), key
        assert np.array_equal(run["u"], u), key
        assert np.array_equal(run["spike_times_ms"], spikes), key


def test_a_wrong_d_in_panel_K_changes_the_run(neuron_rows):
    """The simulation side of the typo: panel K's row with d = -0.9 no longer equals the
    published program (so the bit-for-bit check above would fail)."""
    row = dict(neuron_rows["fig1_K_original"], d=-0.9)
    wrong = simulate_neuron(NeuronSpec.from_row(row))
    v, _, _, _ = published_run(published.PUBLISHED[("izhikevich2004_fig1", "K")])
    assert not np.array_equal(wrong.v, v)


#: Adjusted rows run through the seed's own code (each costs a Brian2 run with a Python
#: network_operation every ms; one per seed function and the rows the README discusses).
SEED_RUNS = [
    ("izhikevich2004_fig1", "A"),
    ("izhikevich2004_fig1", "D"),
    ("izhikevich2004_fig1", "G"),
    ("izhikevich2004_fig1", "Q"),
    ("izhikevich2004_fig1", "R"),
    ("izhikevich2004_fig1", "T"),
    ("izhikevich2004_fig1", "U"),
    ("izhikevich2003_fig2", "RZ"),
]


@pytest.mark.parametrize("key", SEED_RUNS, ids=["_".join(k) for k in SEED_RUNS])
def test_adjusted_row_equals_the_seed_notebooks_call(simulated, neuron_rows, key):
    """Bit for bit: the adjusted row's arrays against the seed's model() run on the
    seed's own arguments (tests/oracles/seed_parameters.py), not on the row."""
    adjusted = {
        (r["figure"], r["panel"]): r["id"]
        for r in neuron_rows.values()
        if r["variant"] == "adjusted"
    }
    row_id = adjusted[key]
    s = seed.call(key)
    v, u, current = seed_model(
        s["a"], s["b"], s["c"], s["d"], s["fI"], s["V"], s["tau"], s["duration"],
        s["v_rhs"], s["u_rhs"], freeze=s["freeze"], u0=s["u0"],
    )  # fmt: skip
    run = simulated[row_id]
    assert np.array_equal(run["I"], current)
    assert np.array_equal(run["v"], v)
    assert np.array_equal(run["u"], u)
