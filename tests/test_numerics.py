"""The step-size study of single neurons (issue 14): its table, measures, verdicts, README.

End to end: ``snakemake numerics`` on two panels (tests/data/numerics_two.tsv: the shipped
settings of 2004 Fig. 1 F and 2003 Fig. 2 RZ) in a scratch directory; the runs at tau/k are
figure1.m's loop at tau/k (the oracle transcription), the table's lines for the two panels
are the README's, and a second run does nothing.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from izhikevich import numerics, tables
from izhikevich.guards import Budget
from izhikevich.io import load_npz
from izhikevich.tabular import read_tsv

from conftest import ROOT
from oracles.published import figure1_loop

SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
TWO = ROOT / "tests" / "data" / "numerics_two.tsv"
#: The single-neuron study's outputs (the network part of target numerics has its own test).
TARGETS = [
    "results/numerics/single_neuron.tsv",
    "results/report/tables/numerics_single_neuron.html",
    *(f"results/figures/numerics_{name}.{ext}" for name in ("steps", "convergence")
      for ext in ("pdf", "png")),
]  # fmt: skip
HEADER = "id\tdivisors\treference\treference_dt_ms\ttolerance_ms\n"


# --------------------------------------------------------------------------- the table


def study_table(tmp_path, *lines: str):
    path = tmp_path / "numerics.tsv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines))
    return path


@pytest.mark.parametrize(
    "line, column, message",
    [
        ("fig1_Z_original\t1;2\treference\t0.01\t1e-4", "id", "no such row"),
        ("fig1_A_adjusted\t1;2\treference\t0.01\t1e-4", "id", "scheme notebook"),
        ("fig1_A_original\t2;4\treference\t0.01\t1e-4", "divisors", "starting with 1"),
        ("fig1_A_original\t1;4;2\treference\t0.01\t1e-4", "divisors", "increasing"),
        ("fig1_A_original\t1;x\treference\t0.01\t1e-4", "divisors", "does not match"),
        ("fig1_A_original\t1;2\tizhikevich\t0.01\t1e-4", "reference", "expected a scheme"),
        ("fig1_A_original\t1;2\treference\t0.03\t1e-4", "reference_dt_ms", "whole number"),
        ("fig1_A_original\t1;2\treference\t0.01\t0", "tolerance_ms", "less than or equal"),
        ("fig1_A_original\t1;2\treference\t1e-7\t1e-4", "reference_dt_ms", "budget"),
    ],
)
def test_bad_rows_are_refused_with_row_and_column(neuron_table, tmp_path, line, column, message):
    path = study_table(tmp_path, line)
    with pytest.raises(tables.TableError) as err:
        tables.load_numerics_neurons(path, neuron_table, Budget(memory_mb=4000, runtime_min=60))
    text = str(err.value)
    row_id = line.split("\t")[0]
    assert f"row {row_id!r} (line 2), column {column!r}" in text, text
    assert re.search(message, text), text


def test_the_shipped_table_covers_every_original_row(neuron_table):
    study = tables.load_numerics_neurons(ROOT / "params" / "numerics_neurons.tsv", neuron_table)
    originals = neuron_table.index[neuron_table["variant"] == "original"]
    assert list(study.index) == list(originals)
    for row in tables.rows(study).values():
        assert numerics.divisors(row)[-1] >= 64 and numerics.divisors(row)[0] == 1


def test_a_run_at_tau_over_k_is_the_published_row_with_that_step_only(neuron_rows):
    row = neuron_rows["fig1_Q_original"]
    study = {"divisors": "1;2;64", "reference": "reference", "reference_dt_ms": 0.01}
    for run in numerics.run_names(study):
        made = numerics.run_row(row, study, run)
        changed = {k for k in made if made[k] != row.get(k)}
        if run.startswith("k"):
            assert changed == {"dt_ms", "divisor"} - ({"dt_ms"} if run == "k1" else set())
            assert made["dt_ms"] == row["dt_ms"] / int(run[1:])
        else:
            assert changed <= {"scheme", "dt_ms", "gate", "divisor"}
            assert made["scheme"] == "reference"


# --------------------------------------------------------------------------- measures


times = st.lists(st.floats(0, 1000, allow_nan=False), max_size=12).map(sorted)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(a=times, b=times)
def test_spike_time_error_is_a_distance(a, b):
    error, kind = numerics.spike_time_error(np.array(a), np.array(b))
    back, _ = numerics.spike_time_error(np.array(b), np.array(a))
    if len(a) == len(b):
        assert kind == "paired"
        assert error == (max(abs(x - y) for x, y in zip(a, b, strict=True)) if a else 0.0)
    elif not a or not b:
        assert math.isnan(error)
    else:
        assert kind == "nearest"
        # every spike of either train lies within the error of one of the other, and one
        # lies exactly that far
        assert all(min(abs(x - y) for y in b) <= error for x in a)
        assert all(min(abs(x - y) for x in a) <= error for y in b)
        assert any(min(abs(x - y) for y in b) == error for x in a) or any(
            min(abs(x - y) for x in a) == error for y in b
        )
    assert error == back or (math.isnan(error) and math.isnan(back))


def test_spike_time_error_leaves_out_spikes_after_a_stopped_reference():
    error, kind = numerics.spike_time_error([1.0, 2.0, 50.0], [1.5, 2.0, 3.0], until=2.5)
    assert (error, kind) == (0.5, "paired")


@settings(max_examples=50, deadline=None, derandomize=True)
@given(order=st.floats(0.2, 5.0), scale=st.floats(1e-3, 1e3), n=st.integers(2, 7))
def test_observed_order_recovers_a_power_law(order, scale, n):
    steps = [0.25 / 2**k for k in range(n)]
    errors = [scale * s**order for s in steps]
    assert numerics.observed_order(steps, errors) == pytest.approx(order, rel=1e-6)


def test_observed_order_needs_two_positive_errors():
    assert math.isnan(numerics.observed_order([0.1, 0.05], [0.0, 1e-3]))


def test_verdicts():
    every, coarse_only, fine_only = {1: True, 2: True}, {1: True, 2: False}, {1: False, 2: True}
    assert numerics.verdict(every, True, True) == "belongs to the model"
    assert numerics.verdict(coarse_only, True, True) == "belongs to the model, lost at some steps"
    assert numerics.verdict(fine_only, True, True) == (
        "holds in the reference but not at the published step"
    )
    assert numerics.verdict(coarse_only, False, True) == "belongs to the step"
    assert numerics.verdict(fine_only, False, True) == (
        "holds neither at the published step nor in the reference"
    )
    assert numerics.verdict(every, True, False) == "reference not converged"


def test_reference_check_reports_runaways_and_count_changes():
    a = {"spike_times_ms": np.array([1.0, 2.0]), "dt_ms": 0.01, "stopped_ms": math.nan}
    b = {"spike_times_ms": np.array([1.0, 2.00001]), "dt_ms": 0.005, "stopped_ms": math.nan}
    ok, change, _ = numerics.reference_check(a, b, 1e-4)
    assert ok and change == pytest.approx(1e-5)
    assert not numerics.reference_check(a, b, 1e-6)[0]
    c = {**b, "spike_times_ms": np.array([1.0])}
    assert not numerics.reference_check(a, c, 1e-4)[0]
    d = {**b, "stopped_ms": 2.0}
    ok, _, evidence = numerics.reference_check(a, d, 1e-4)
    assert not ok and "stopped at 2 spikes at t = 2 ms" in evidence


# --------------------------------------------------------------------------- end to end


def readme_lines(panels: list[str]) -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = text.split("<!-- numerics-neurons -->")[1].split("<!-- /numerics-neurons -->")[0]
    return [line for line in block.splitlines() if any(f"| {p} |" in line for p in panels)]


@pytest.fixture(scope="module")
def two_panels(tmp_path_factory):
    """``snakemake numerics`` for two panels in a scratch directory (the shipped settings)."""
    work = tmp_path_factory.mktemp("numerics")
    table = work / "numerics.tsv"
    shutil.copy(TWO, table)
    command = [
        SNAKEMAKE, "--snakefile", str(ROOT / "Snakefile"), "--directory", str(work),
        "--cores", "2", *TARGETS, "--config", f"numerics_neurons={table}",
    ]  # fmt: skip
    first = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    again = subprocess.run([*command[:-2], "-n", *command[-2:]], capture_output=True, text=True)
    return work, first, again


@pytest.mark.slow
def test_two_panels_end_to_end(two_panels, neuron_rows):
    work, _, again = two_panels
    lines = read_tsv(work / "results/numerics/single_neuron.tsv").to_dict("records")
    study = tables.rows(
        tables.load_numerics_neurons(TWO, tables.load_neurons(ROOT / "params/neurons.tsv"))
    )
    assert [x["id"] for x in lines] == [i for i in study for _ in numerics.run_names(study[i])]
    for row_id, row in study.items():
        neuron = neuron_rows[row_id]
        for k in numerics.divisors(row):
            # the run at tau/k is figure1.m's loop at tau/k, nothing else
            run = load_npz(work / f"results/numerics/neurons/{row_id}/k{k}.npz")
            v, u, current, spikes = figure1_loop(
                neuron["panel"], neuron["a"], neuron["b"], neuron["c"], neuron["d"],
                neuron["v0"], neuron["dt_ms"] / k, neuron["duration_ms"], neuron.get("u0"),
            )  # fmt: skip
            assert np.array_equal(run["v"], v) and np.array_equal(run["I"], current), (row_id, k)
            assert np.array_equal(run["spike_times_ms"], spikes)
        mine = [x for x in lines if x["id"] == row_id]
        reference = load_npz(work / f"results/numerics/neurons/{row_id}/reference.npz")
        assert reference["scheme"] == "reference" and reference["dt_ms"] == row["reference_dt_ms"]
        for x in mine:
            assert int(x["n_spikes"]) == len(
                load_npz(work / f"results/numerics/neurons/{row_id}/{x['run']}.npz")[
                    "spike_times_ms"
                ]
            )
        assert {x["verdict"] for x in mine} <= set(numerics.VERDICTS)
    # the README's lines for these panels are the ones this run gives
    findings = numerics.findings_table(lines).splitlines()
    panels = ["2004 Fig. 1 F", "2003 Fig. 2 RZ"]
    ours = [line for line in findings if any(f"| {p} |" in line for p in panels)]
    assert len(ours) == 2 and ours == readme_lines(panels)
    for name in ("numerics_steps", "numerics_convergence"):
        assert (work / f"results/figures/{name}.png").stat().st_size > 10_000
    # a second run does nothing
    assert again.returncode == 0 and "Nothing to be done" in again.stdout + again.stderr


def test_readme_findings_are_the_study_outputs():
    """The README's findings table is generated from results/numerics/single_neuron.tsv
    (``numerics.findings_table``): checked against Snakemake's own outputs where the study
    has been run (CI recomputes the whole table: tests/test_numerics_readme.py)."""
    path = ROOT / "results" / "numerics" / "single_neuron.tsv"
    if not path.exists():
        pytest.skip("run `snakemake numerics` first")
    text = (ROOT / "README.md").read_text()
    block = text.split("<!-- numerics-neurons -->\n")[1].split("\n<!-- /numerics-neurons -->")[0]
    assert block == numerics.findings_table(read_tsv(path).to_dict("records"))
