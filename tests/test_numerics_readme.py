"""The README's findings of the step-size study (issue 14), both blocks recomputed whole.

`snakemake numerics` takes about 20 minutes, so CI does not run it; this file recomputes
every row of params/numerics_neurons.tsv in the test session instead, along the jobs' own
code path: the reference runs through the `numerics_run` job's script
(workflow/scripts/simulate_neuron.py, the `reference` scheme at h and h/2), the runs of the
published update at tau/k through figure1.m's loop (tests/oracles/published.py: the
Brian2 runs equal it bit for bit, tests/test_numerics.py end to end and the sample below),
written as the job writes its NPZ; then the table job's script
(workflow/scripts/numerics_single_neuron.py) and `numerics.findings_table`. The README's
block between the `numerics-neurons` markers must be exactly that table: a number edited
by hand, or a change of a parameter, an input, a scheme or the classifier that changes a
line, fails here.

The network block (`numerics-network`) likewise: every run of params/numerics_network.tsv,
net.m's rows at every step through the NumPy port of net.m (tests/oracles/net_m.py, bit
for bit the Brian2 runs: tests/test_numerics_network.py), the other schemes' rows through
the network job's script; then the table job's statistics and ``readme_block``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType, SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from izhikevich import numerics, tables
from izhikevich.guards import Budget
from izhikevich.io import load_npz, save_npz, with_provenance
from izhikevich.model import NeuronSpec, simulate_neuron
from izhikevich.numerics_network import by_step, readme_block, run_table, study_specs
from izhikevich.tabular import read_tsv, write_tsv

from conftest import ROOT
from oracles.net_m import net_m_numpy
from oracles.published import figure1_loop

STUDY = ROOT / "params" / "numerics_neurons.tsv"
#: What the rules keep out of a job's row (workflow/rules/common.smk EXPECTATION_COLUMNS).
EXPECTATION_COLUMNS = ("expected", "note")


def job_script(name: str) -> ModuleType:
    """A job script of workflow/scripts, imported (its ``main`` is what the job runs)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "workflow" / "scripts" / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def published_run(row: dict, path: Path) -> None:
    """The NPZ of a run at tau/k as simulate_neuron.py writes it, from figure1.m's loop."""
    spec = NeuronSpec.from_row(row)
    v, u, current, spikes = figure1_loop(
        row["panel"], row["a"], row["b"], row["c"], row["d"], row["v0"], row["dt_ms"],
        row["duration_ms"], row.get("u0"),
    )  # fmt: skip
    arrays = {
        "t_ms": np.arange(v.size) * spec.dt_ms,
        "v": v,
        "u": u,
        "I": current,
        "spike_times_ms": spikes,
        "u0": spec.u_init,
    }
    save_npz(path, with_provenance(arrays, row, scheme=spec.scheme))


@pytest.fixture(scope="module")
def study(neuron_table):
    return tables.rows(tables.load_numerics_neurons(STUDY, neuron_table))


@pytest.fixture(scope="module")
def recomputed(tmp_path_factory, study, neuron_rows):
    """results/numerics/single_neuron.tsv of the whole shipped study, made here."""
    work = tmp_path_factory.mktemp("numerics_readme")
    simulate = job_script("simulate_neuron.py")
    runs = []
    for row_id, study_row in study.items():
        neuron = {k: v for k, v in neuron_rows[row_id].items() if k not in EXPECTATION_COLUMNS}
        for run in numerics.run_names(study_row):
            row = numerics.run_row(neuron, study_row, run)
            path = work / row_id / f"{run}.npz"
            path.parent.mkdir(exist_ok=True)
            if run.startswith("k"):
                published_run(row, path)
            else:
                simulate.main(row, str(path), str(work / row_id / f"{run}.log"))
            runs.append([row_id, run, str(path)])
    expectations = {
        row_id: {k: row[k] for k in EXPECTATION_COLUMNS if k in row}
        for row_id, row in neuron_rows.items()
    }
    outputs = SimpleNamespace(tsv=str(work / "single_neuron.tsv"), html=str(work / "t.html"))
    job_script("numerics_single_neuron.py").main(
        runs, study, expectations, outputs, str(work / "table.log")
    )
    return read_tsv(outputs.tsv).to_dict("records")


def readme(marker: str) -> str:
    """The README's generated block between ``<!-- marker -->`` and ``<!-- /marker -->``."""
    text = (ROOT / "README.md").read_text()
    return text.split(f"<!-- {marker} -->\n")[1].split(f"\n<!-- /{marker} -->")[0]


@pytest.mark.slow
def test_readme_findings_are_the_whole_study_recomputed(recomputed, study):
    assert {line["id"] for line in recomputed} == set(study)
    assert readme("numerics-neurons") == numerics.findings_table(recomputed)


@pytest.mark.slow
@pytest.mark.parametrize("k", [1, 2])
def test_the_loop_stands_for_brian2_on_every_row(study, neuron_rows, k):
    """The runs above come from figure1.m's loop; at tau and tau/2 every row's Brian2 run
    (the `numerics_run` job's simulation) equals it (all steps: the two end-to-end panels)."""
    for row_id, study_row in study.items():
        neuron = {k: v for k, v in neuron_rows[row_id].items() if k not in EXPECTATION_COLUMNS}
        row = numerics.run_row(neuron, study_row, f"k{k}")
        trace = simulate_neuron(NeuronSpec.from_row(row))
        v, u, current, spikes = figure1_loop(
            row["panel"], row["a"], row["b"], row["c"], row["d"], row["v0"], row["dt_ms"],
            row["duration_ms"], row.get("u0"),
        )  # fmt: skip
        assert np.array_equal(trace.v, v) and np.array_equal(trace.u, u), (row_id, k)
        assert np.array_equal(trace.I, current) and np.array_equal(trace.spike_times_ms, spikes)
        assert np.array_equal(trace.t_ms, np.arange(v.size) * row["dt_ms"]), (row_id, k)


@pytest.fixture(scope="module")
def network_tables(tmp_path_factory):
    """results/numerics/network_runs.tsv and network.tsv of the shipped study, made here."""
    work = tmp_path_factory.mktemp("numerics_network_readme")
    network = tables.load_network(ROOT / "params" / "network.tsv")
    network_rows = tables.rows(network)
    study = tables.load_numerics_network(
        ROOT / "params" / "numerics_network.tsv", network, Budget(1e9, 1e9)
    )
    simulate = job_script("simulate_network.py")
    runs = []
    for row_id, step, spec in study_specs(tables.rows(study), network_rows):
        row = network_rows[row_id]
        if spec.scheme == "izhikevich":  # net.m, at any step: the oracle
            times, indices = net_m_numpy(
                spec.Ne, spec.Ni, int(spec.duration_ms), spec.seed, spec.weight_factor, step
            )
            run = {**row, "spike_times_ms": times, "spike_indices": indices, "dt_ms": step}
            run.update(duration_ms=float(spec.duration_ms), t_ms=np.array([1.0]))
        else:  # the other schemes at their own step: the job
            path = work / f"{row_id}.npz"
            simulate.main(row, str(path), str(work / f"{row_id}.log"))
            run = load_npz(path)
        runs.append(run)
    per_run = run_table(runs)
    write_tsv(per_run, work / "network_runs.tsv")
    write_tsv(by_step(per_run), work / "network.tsv")
    return read_tsv(work / "network.tsv"), read_tsv(work / "network_runs.tsv")


@pytest.mark.slow
def test_readme_network_findings_are_the_whole_study_recomputed(network_tables):
    table, runs = network_tables
    study = pd.read_csv(ROOT / "params" / "numerics_network.tsv", sep="\t", dtype=str)
    assert len(runs) == sum(len(cell.split(";")) for cell in study["steps_ms"])
    assert readme("numerics-network") == readme_block(table, runs)
