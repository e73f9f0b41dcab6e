"""Guard rails (issue 11): cost budgets before any job, non-finite runs fail with time and
variable, Brian2/NumPy errors named by row, keep-going with one bad row among good ones."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import workflow_runs as wr

from izhikevich import guards, network, tables
from izhikevich.model import NeuronSpec, simulate_neuron
from izhikevich.network import NetworkSpec, simulate_network

from conftest import write_tsv

ROOT = Path(__file__).resolve().parents[1]
BASE = dict(a=0.02, b=0.2, c=-65.0, d=6.0, v0=-70.0, dt_ms=0.25, duration_ms=40.0)


def neuron_rows(**edits: dict) -> list[dict]:
    """fig1_A_original and fig1_B_original as text cells, with per-id edits (new ids copy A)."""
    rows = {row["id"]: row for row in wr.table_rows(["fig1_A_original", "fig1_B_original"])}
    for row_id, edit in edits.items():
        if row_id in rows:
            rows[row_id] = {**rows[row_id], **edit}
        else:
            rows[row_id] = {**rows["fig1_A_original"], "id": row_id, "panel": f"X{len(rows)}"}
            rows[row_id].update(edit)
    return list(rows.values())


def network_table(tmp_path: Path, rows: list[dict]) -> pd.DataFrame:
    columns = ["id", "scheme", "Ne", "Ni", "duration_ms", "seed", "weight_scaling"]
    return tables.load_network(write_tsv(tmp_path / "network.tsv", rows, columns))


# --------------------------------------------------------------------------- budgets


def test_budget_refuses_rows_naming_estimate_budget_and_column(tmp_path):
    rows = neuron_rows(
        # dt = 2^-14 ms: 32,768,001 steps
        tiny_step={"dt_ms": "0.00006103515625", "duration_ms": "2000"},
        long_run={"dt_ms": "0.25", "duration_ms": "100000000"},  # 4 x 10^8 steps
    )
    neurons = tables.load_neurons(wr.write_table(tmp_path / "neurons.tsv", rows))
    network = network_table(
        tmp_path,
        [
            dict(id="small", scheme="izhikevich", Ne=80, Ni=20, duration_ms=100, seed=1),
            dict(id="huge", scheme="izhikevich", Ne=80000, Ni=20000, duration_ms=100, seed=1),
        ],
    )
    budget = guards.Budget(memory_mb=8000, runtime_min=120)
    with pytest.raises(tables.TableError) as refused:
        tables.check_budget(neurons, network, budget)
    problems = refused.value.problems
    assert len(problems) == 2, problems
    tiny, long = problems
    tiny_cost = guards.neuron_cost(NeuronSpec.from_row(tables.row(neurons, "tiny_step")))
    assert tiny_cost.steps == 2000 * 2**14 + 1
    assert "row 'tiny_step' (line 4), column 'dt_ms'" in tiny
    assert f"{tiny_cost.steps:,} steps" in tiny and "budget 2.0 h" in tiny
    assert "budget_runtime_min" in tiny
    long_cost = guards.neuron_cost(NeuronSpec.from_row(tables.row(neurons, "long_run")))
    assert long_cost.memory_mb > 8000  # 4e8 steps of 100 bytes
    assert "column 'duration_ms'" in long and "budget 8,000 MB (budget_mem_mb)" in long

    # the network table is checked once the neuron table passes
    with pytest.raises(tables.TableError) as refused:
        tables.check_budget(tables.load_neurons(ROOT / "params" / "neurons.tsv"), network, budget)
    (huge,) = refused.value.problems
    huge_cost = guards.network_cost(NetworkSpec.from_row(tables.row(network, "huge")))
    assert huge_cost.synapses == 10**10 and huge_cost.memory_mb > 4e4  # 4 bytes per synapse
    assert "row 'huge' (line 3), column 'Ne'" in huge and "10,000,000,000 synapses" in huge
    assert "weight_scaling" in huge  # net.m's weights at 100,000 neurons run away

    # a budget raised above the estimates lets every row through
    raised = guards.Budget(memory_mb=2 * huge_cost.memory_mb, runtime_min=10**6)
    tables.check_budget(neurons, network, raised)


def test_scheme_comparison_runs_are_budgeted():
    # an original row under the notebook scheme (T/tau steps) whose comparison run under
    # the published update has one step more (t = 0..T)
    row = {**BASE, "id": "r", "variant": "original", "scheme": "notebook", "current": "14"}
    own = guards.neuron_cost(NeuronSpec.from_row(row))
    budget = guards.Budget(memory_mb=1e9, runtime_min=own.runtime_min)
    table = pd.DataFrame([row], index=["r"])
    table.attrs.update(path="t.tsv", lines={"r": 2})
    empty = pd.DataFrame()
    tables.check_budget(table, empty, budget, ["notebook"])  # the row's own run fits exactly
    with pytest.raises(tables.TableError) as refused:
        tables.check_budget(table, empty, budget, ["notebook", "izhikevich"])
    (problem,) = refused.value.problems
    assert "row 'r' (line 2), column 'duration_ms': run under scheme izhikevich" in problem
    assert f"{own.steps + 1:,} steps" in problem


def test_budget_from_config():
    default = guards.Budget.from_config({"budget_mem_mb": "auto", "budget_runtime_min": "auto"})
    assert default.memory_mb == pytest.approx(0.5 * guards.machine_memory_mb())
    assert default.runtime_min == guards.DEFAULT_RUNTIME_MIN
    assert guards.Budget.from_config({}) == default
    raised = guards.Budget.from_config({"budget_mem_mb": 64000, "budget_runtime_min": "600"})
    assert (raised.memory_mb, raised.runtime_min) == (64000.0, 600.0)
    for bad in (0, -5, "lots", float("nan")):
        with pytest.raises(ValueError, match="budget_mem_mb"):
            guards.Budget.from_config({"budget_mem_mb": bad})


def test_snakemake_refuses_an_over_budget_row_before_any_job(tmp_path):
    rows = neuron_rows(tiny_step={"dt_ms": "0.00006103515625", "duration_ms": "2000"})
    workdir = wr.make_workdir(tmp_path / "run", rows)
    run = wr.run(workdir, "--cores", "1", "results/neurons/fig1_A_original.npz")
    assert run.returncode != 0
    assert "row 'tiny_step' (line 4), column 'dt_ms'" in run.output, wr.tail(run.output)
    assert "32,768,001 steps" in run.output
    assert not (workdir / "results").exists()  # refused before any job: nothing ran
    # raised on the command line (a cluster), the same row passes the check (dry run)
    # (wr.command ends with --config: the budget values join it)
    cmd = wr.command(workdir, "-n") + ["budget_runtime_min=100000", "budget_mem_mb=1e6"]
    dry = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert dry.returncode == 0, dry.stdout[-3000:] + dry.stderr[-3000:]


_PEAK = """
import json, sys, tempfile
from izhikevich.simjob import import_brian2
import_brian2()
from izhikevich.io import save_npz, with_provenance
from izhikevich.network import NetworkSpec, simulate_network
row = json.loads(sys.argv[1])
spec = NetworkSpec.from_row(row)
result = simulate_network(spec)
with tempfile.TemporaryDirectory() as tmp:
    save_npz(tmp + "/run.npz", with_provenance(result.arrays(spec), row))
# VmHWM: the peak of this process image (ru_maxrss is kept across exec: it would include the
# test process's own memory at the fork)
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"peak_mb": peak_kb * 1024 / 1e6, "spikes": len(result.spike_times_ms)}))
"""


def measured_peak(row: dict) -> dict:
    """Peak resident memory (MB) of a fresh process running one network job's work."""
    proc = subprocess.run(
        ["nice", sys.executable, "-c", _PEAK, json.dumps(row)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT / "workflow",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize(
    "scheme, scaling, sizes, duration",
    [
        ("izhikevich", "1000/N", (2000, 6000), 100),  # the shipped large networks' regime
        ("izhikevich", "none", (1500, 4000), 40),  # runaway: every neuron fires every step
        ("brian2_example", "none", (500, 1000), 100),  # Brian2 Synapses
    ],
)
def test_network_memory_estimate_is_an_honest_upper_bound(scheme, scaling, sizes, duration):
    """The estimate is above the measured peak, by at most a third plus 40 MB, at two sizes,
    and its growth between them (the N^2 law that carries it to 10,000+ neurons) is within
    25 % of the measured growth."""
    peaks, estimates = [], []
    for n in sizes:
        row = dict(
            id=f"m{n}", scheme=scheme, Ne=n * 4 // 5, Ni=n - n * 4 // 5, duration_ms=duration,
            seed=1, weight_scaling=scaling,
        )  # fmt: skip
        peak = measured_peak(row)["peak_mb"]
        estimate = guards.network_cost(NetworkSpec.from_row(row)).memory_mb
        assert peak <= estimate <= 1.33 * peak + 40, (n, peak, estimate)
        peaks.append(peak)
        estimates.append(estimate)
    growth = (estimates[1] - estimates[0]) / (peaks[1] - peaks[0])
    assert 0.75 <= growth <= 1.33, (peaks, estimates)


# --------------------------------------------------------------------------- non-finite runs


def first_step_after(t0: float, tau: float) -> float:
    """The first sample time k*tau > t0 (where a step input switches on)."""
    return next(k * tau for k in range(10**6) if k * tau > t0)


@pytest.mark.parametrize("scheme", ["izhikevich", "euler", "notebook"])
def test_input_out_of_range_fails_at_its_first_time(scheme):
    spec = NeuronSpec(**BASE, current="int(t > 10*ms) * 1e300 * exp(t/ms)", scheme=scheme)
    with pytest.raises(guards.NonFiniteError) as failed:
        simulate_neuron(spec)
    # exp(t/ms) * 1e300 overflows once t > ln(1.8e8) = 19.0 ms
    expected = first_step_after(np.log(np.finfo(float).max / 1e300), spec.dt_ms)
    if scheme == "notebook":  # its input is set every 1 ms (the seed's network_operation)
        # of its clock, which runs 1/tau times faster than model time (times are model ms)
        expected = first_step_after(np.log(np.finfo(float).max / 1e300), 1.0) * spec.dt_ms
    assert failed.value.variable == "I"
    assert failed.value.t_ms == pytest.approx(expected)
    assert np.isinf(failed.value.value)


@pytest.mark.parametrize("scheme", ["izhikevich", "euler", "notebook"])
def test_v_overflow_hidden_by_the_reset_is_reported(scheme):
    # v0 = -1e200: the first step makes v = +inf, which crosses the threshold and is reset
    # to c; with a = 0, u never sees it (plain Euler: u uses the old v), so only v at the
    # spike shows it
    spec = NeuronSpec(**{**BASE, "a": 0.0, "v0": -1e200}, current="0", scheme=scheme)
    with pytest.raises(guards.NonFiniteError) as failed:
        simulate_neuron(spec)
    assert failed.value.variable.startswith("v (at a spike")
    assert failed.value.t_ms == 0.0 and failed.value.value == np.inf


def test_non_finite_check_is_not_hidden_by_warning_settings():
    spec = NeuronSpec(**BASE, current="int(t > 10*ms) * 1e308 * 10")
    old = np.seterr(all="raise")  # a caller that turns floating-point warnings into errors
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # NumPy floating-point warnings
            with pytest.raises(guards.NonFiniteError) as failed:
                simulate_neuron(spec)
    finally:
        np.seterr(**old)
    assert failed.value.variable == "I"
    assert failed.value.t_ms == first_step_after(10, spec.dt_ms)
    old = np.seterr(all="ignore")  # and one that silences them
    try:
        with pytest.raises(guards.NonFiniteError):
            simulate_neuron(spec)
    finally:
        np.seterr(**old)


def test_network_non_finite_recorded_neuron_and_final_state(monkeypatch):
    spec = NetworkSpec(Ne=40, Ni=10, duration_ms=30, seed=1)
    assert len(simulate_network(spec).spike_times_ms) > 0  # finite as published
    original = network.network_parameters

    def with_a(value, neuron):
        def parameters(spec, draws):
            params = original(spec, draws)
            params["a"][neuron] = value
            return params

        return parameters

    # neuron 7 (not recorded) with a = 1e308: u overflows within a few steps, then v
    # found in the final state, then timed by a second run that records the bad neurons
    monkeypatch.setattr(network, "network_parameters", with_a(1e308, 7))
    with pytest.raises(guards.NonFiniteError) as failed:
        simulate_network(spec)
    first = failed.value.t_ms
    assert failed.value.neuron == 7 and 1 < first < spec.duration_ms
    assert "final state" not in failed.value.variable
    # the first non-finite time: a run that ends one step earlier is finite throughout
    simulate_network(dataclasses.replace(spec, duration_ms=first - spec.dt_ms))
    with pytest.raises(guards.NonFiniteError) as failed:
        simulate_network(dataclasses.replace(spec, duration_ms=first))
    assert failed.value.neuron == 7 and failed.value.t_ms == first
    # neuron 0 is recorded: its first non-finite v is reported at its step (net.m's clock)
    monkeypatch.setattr(network, "network_parameters", with_a(1e308, 0))
    with pytest.raises(guards.NonFiniteError) as failed:
        simulate_network(spec)
    assert failed.value.variable.startswith("v of recorded neuron 0")
    assert failed.value.t_ms < spec.duration_ms


def test_first_nonfinite_picks_the_earliest():
    t = np.arange(5.0)
    found = guards.first_nonfinite(
        {
            "I": (t, [0, 0, 0, np.inf, 0]),
            "v": (t, [0, 0, np.nan, 0, 0]),
            "w": (t, np.array([[0, 0, 0, 0, 0], [0, np.inf, 0, 0, 0]])),
        }
    )
    assert found == (1.0, "w", np.inf, 1)
    assert guards.first_nonfinite({"v": (t, np.zeros(5))}) is None


# --------------------------------------------------------------------------- errors


def test_brian2_error_is_named_by_row_and_column():
    row = {**BASE, "id": "overflowing", "current": "int(t > 10*ms) * 10**400"}
    with pytest.raises(guards.RowError) as failed:
        with guards.row_errors(row, "neuron"):
            simulate_neuron(NeuronSpec.from_row({**row, "scheme": "izhikevich"}))
    message = str(failed.value)
    assert message.startswith("neuron row 'overflowing', column current:")
    assert "OverflowError" in message and "10 ** 400" in message
    cause = failed.value.__cause__
    assert type(cause).__name__ == "BrianObjectException"
    assert isinstance(cause.__cause__, OverflowError)
    assert sys.excepthook is sys.__excepthook__  # no "please report this bug" banner


def test_numpy_memory_error_names_the_size_columns():
    row = dict(id="galaxy", scheme="izhikevich", Ne=800000, Ni=200000, duration_ms=10, seed=1)
    with pytest.raises(guards.RowError) as failed:
        with guards.row_errors(row, "network"):
            simulate_network(NetworkSpec.from_row(row))
    assert str(failed.value).startswith("network row 'galaxy', column Ne, Ni:")
    assert isinstance(failed.value.__cause__, MemoryError)


def test_notebook_shows_why_a_run_failed_instead_of_a_traceback(neuron_table):
    from izhikevich import explore

    settings = explore.preset(neuron_table, "fig1_A_original")
    arrays, failure = explore.simulate_or_failure(settings)
    assert failure is None and len(arrays["v"]) > 0
    settings["current"] = "int(t > 10*ms) * 1e308 * 10"
    arrays, failure = explore.simulate_or_failure(settings)
    assert arrays is None
    assert "column current: the run left the floating-point range: I is inf at t = 10.25 ms" in (
        failure
    )


# --------------------------------------------------------------------------- keep-going


@pytest.mark.slow
def test_bad_rows_fail_alone_and_the_run_fails(tmp_path):
    """One good row already made, one good row added with two bad ones (non-finite state,
    a Brian2 error): the good rows' results are made or kept, the bad ones fail with the
    project's message and leave no NPZ, and snakemake's exit status says it failed."""
    short = {"duration_ms": "40"}
    good = neuron_rows(fig1_A_original=dict(short))[:1]
    workdir = wr.make_workdir(tmp_path / "run", good)
    first = wr.run(workdir, "--cores", "2", "results/neurons/fig1_A_original.npz")
    assert first.returncode == 0, wr.tail(first.output)
    kept = workdir / "results/neurons/fig1_A_original.npz"
    before = (kept.read_bytes(), kept.stat().st_mtime_ns)

    rows = neuron_rows(
        fig1_A_original=dict(short),
        fig1_B_original=dict(short),
        bad_nonfinite={**short, "current": "int(t > 10*ms) * 1e308 * 10"},
        bad_brian2={**short, "current": "int(t > 10*ms) * 10**400"},
    )
    wr.write_table(workdir / "neurons.tsv", rows)
    run = wr.run(workdir, "--cores", "2", *[f"results/neurons/{r['id']}.npz" for r in rows])
    assert run.returncode != 0
    assert (kept.read_bytes(), kept.stat().st_mtime_ns) == before  # untouched, not rerun
    assert (workdir / "results/neurons/fig1_B_original.npz").exists()  # keep-going
    for bad in ("bad_nonfinite", "bad_brian2"):
        assert not (workdir / f"results/neurons/{bad}.npz").exists()
    out = run.output
    assert "RowError: neuron row 'bad_nonfinite', column current: the run left the " in out
    assert "I is inf at t = 10.25 ms" in out
    assert "RowError: neuron row 'bad_brian2', column current:" in out
    assert "please report this issue" not in out, wr.tail(out)
    log = (workdir / "logs/neurons/bad_brian2.log").read_text()
    assert "OverflowError" in log and "RowError" in log
