"""The network step-size study (issue 14, part 2): net.m's scheme at finer steps against
net.m itself (h = 1 ms, bit for bit) and against an independent NumPy oracle written from
the README's statement of what happens within the ms (tests/oracles/net_m.py), the study
table refused row by row, and Snakemake end to end on a tiny table."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from izhikevich import tables
from izhikevich.guards import Budget
from izhikevich.io import load_npz
from izhikevich.network import NetworkSpec, net_m_parameters, simulate_network
from izhikevich.network_stats import rhythm_statistics, run_statistics
from izhikevich.numerics_network import (
    STUDY_STATISTICS,
    by_step,
    parse_steps,
    run_table,
)
from izhikevich.numerics_network import readme_block as readme_block_of
from izhikevich.tabular import read_tsv, write_tsv

from conftest import ROOT
from oracles.net_m import net_m_numpy

TESTS = Path(__file__).resolve().parent
TINY_NETWORK = TESTS / "data" / "network_tiny.tsv"
TINY_STUDY = TESTS / "data" / "numerics_network_tiny.tsv"


def fields(result) -> dict:
    names = ("spike_times_ms", "spike_indices", "a", "b", "c", "d", "t_ms", "v", "I")
    return {name: getattr(result, name) for name in names}


def thalamic(seed: int, n: int, ms: int) -> np.ndarray:
    """N(0,1) of each neuron and ms: Brian2's stream after seed(seed), one draw per ms."""
    stream = np.random.RandomState(seed)
    return np.array([stream.randn(n) for _ in range(ms)])


# --------------------------------------------------------------------------- h = 1 ms


def test_a_step_of_1_ms_is_net_m_bit_for_bit():
    """step_ms = 1 runs today's net.m scheme: every array equal to the default run, and
    seed 1 of net.m's own network fires the NumPy port's spikes (tests/oracles/net_m.py at
    its default step, the port the pipeline was checked against before the step existed)."""
    small = NetworkSpec(Ne=80, Ni=20, duration_ms=200.0, seed=5)
    default, one = (
        simulate_network(small),
        simulate_network(dataclasses.replace(small, step_ms=1.0)),
    )
    for name, array in fields(default).items():
        assert np.array_equal(array, fields(one)[name]), name
    spec = NetworkSpec(Ne=800, Ni=200, duration_ms=1000.0, seed=1, step_ms=1.0)
    result = simulate_network(spec)
    times, indices, v0, i0 = net_m_numpy(800, 200, 1000, 1, 1.0, trace=True)
    assert len(times) > 1000
    assert np.array_equal(result.spike_times_ms, times)
    assert np.array_equal(result.spike_indices, indices)
    assert np.array_equal(result.v, v0) and np.array_equal(result.I, i0)  # every bit of neuron 0


# --------------------------------------------------------------------------- sub-steps


def test_half_ms_steps_equal_the_oracle_bit_for_bit():
    """net.m's own network (800 + 200) at h = 0.5 ms against the NumPy oracle, written from
    the README's statement (noise per ms, reset at the step, weights / h for one step, two
    half steps of h/2, u over h): every spike, same time and neuron."""
    spec = NetworkSpec(Ne=800, Ni=200, duration_ms=300.0, seed=1, step_ms=0.5)
    result = simulate_network(spec)
    times, indices, v0, i0 = net_m_numpy(800, 200, 300, 1, 1.0, dt_ms=0.5, trace=True)
    assert len(times) > 1000
    assert np.any(times != np.round(times))  # spikes between the whole ms
    assert np.array_equal(result.spike_indices, indices)
    assert np.array_equal(result.spike_times_ms, times)
    assert np.array_equal(result.v, v0) and np.array_equal(result.I, i0)


@settings(max_examples=6, deadline=None, derandomize=True)
@given(
    k=st.sampled_from([2, 4, 5, 10]),
    ne=st.integers(20, 60),
    ni=st.integers(5, 20),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_refined_step_equals_the_oracle(k, ne, ni, seed):
    """Property: for any network and any h = 1/k ms, Brian2 fires the oracle's spikes."""
    spec = NetworkSpec(Ne=ne, Ni=ni, duration_ms=60.0, seed=seed, step_ms=1 / k)
    result = simulate_network(spec)
    times, indices = net_m_numpy(ne, ni, 60, seed, 1.0, dt_ms=1 / k)
    assert np.array_equal(result.spike_indices, indices)
    assert np.allclose(result.spike_times_ms, times, rtol=0, atol=1e-9)


def test_within_the_ms_noise_is_held_and_a_spike_gives_weights_over_h_for_one_step():
    """Neuron 0's input at each step of h = 0.25 ms: the thalamic draw of its ms (the same
    numbers as the 1 ms run draws, held for the 4 steps) plus the weights from the neurons
    that fired at that step, divided by h: net.m's charge, within one step."""
    h, k = 0.25, 4
    spec = NetworkSpec(Ne=160, Ni=40, duration_ms=200.0, seed=9, step_ms=h)
    result = simulate_network(spec)
    weights = net_m_parameters(spec)["weights"]
    steps = np.round((result.spike_times_ms - 1.0) / h).astype(int)
    assert np.allclose(steps * h + 1.0, result.spike_times_ms, rtol=0, atol=1e-9)  # h grid
    synaptic = np.bincount(steps, weights[result.spike_indices, 0].astype(float), len(result.I))
    noise = np.repeat(5.0 * thalamic(9, spec.N, 200)[:, 0], k)
    assert np.any(synaptic != 0)
    assert np.array_equal(result.I, noise + synaptic / h)
    # neuron 0 fires exactly at the steps whose v (at the start of the step) reached 30
    own = result.spike_times_ms[result.spike_indices == 0]
    assert own.tolist() == result.t_ms[result.v >= 30].tolist()


def test_first_two_quarter_steps_by_hand():
    """h = 0.25: nobody fires at first; each step v += 0.125 f twice, u += 0.25 a (b v - u)."""
    spec = NetworkSpec(Ne=2, Ni=1, duration_ms=1.0, seed=7, step_ms=0.25)
    result = simulate_network(spec)
    p = net_m_parameters(spec)
    current = np.array([5.0, 5.0, 2.0]) * thalamic(7, 3, 1)[0]
    v, u = np.full(3, -65.0), p["b"] * -65.0
    expected_v = []
    for _ in range(4):
        expected_v.append(v[0])
        for _ in range(2):
            v = v + 0.125 * (0.04 * v**2 + 5 * v + 140 - u + current)
        u = u + 0.25 * (p["a"] * (p["b"] * v - u))
    assert result.t_ms.tolist() == [1.0, 1.25, 1.5, 1.75]
    assert result.v.tolist() == expected_v
    assert result.I.tolist() == [current[0]] * 4


@pytest.mark.parametrize(
    "scheme, step, message",
    [
        ("izhikevich", 0.3, "whole number of steps"),
        ("izhikevich", 2.0, "h <= 1 ms"),
        ("izhikevich", 0.0, "positive"),
        ("notebook", 0.05, "only at its own 0.1 ms step"),
        ("brian2_example", 0.5, "only at its own 1 ms step"),
    ],
)
def test_steps_a_scheme_cannot_take_are_refused(scheme, step, message):
    spec = NetworkSpec(Ne=8, Ni=2, duration_ms=10.0, seed=1, scheme=scheme, step_ms=step)
    with pytest.raises(ValueError, match=message):
        spec.check()
    with pytest.raises(ValueError, match=message):
        simulate_network(spec)


def test_other_schemes_at_their_own_step_are_their_runs():
    spec = NetworkSpec(Ne=40, Ni=10, duration_ms=50.0, seed=3, scheme="brian2_example")
    own = simulate_network(dataclasses.replace(spec, step_ms=1.0))
    for name, array in fields(simulate_network(spec)).items():
        assert np.array_equal(array, fields(own)[name]), name


# --------------------------------------------------------------------------- the table


def network_table(tmp_path):
    return tables.load_network(TINY_NETWORK)


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "study.tsv"
    path.write_text(text)
    return path


def test_the_shipped_study_is_valid():
    network = tables.load_network(ROOT / "params" / "network.tsv")
    study = tables.load_numerics_network(
        ROOT / "params" / "numerics_network.tsv", network, Budget(memory_mb=12000, runtime_min=120)
    )
    steps = {row_id: parse_steps(row["steps_ms"]) for row_id, row in tables.rows(study).items()}
    assert {1.0, 0.5, 0.25, 0.1} <= set(steps["netm_s1"])
    seeds = {network.loc[i, "seed"] for i in steps if network.loc[i, "scheme"] == "izhikevich"}
    assert len(seeds) >= 5


def test_bad_rows_are_refused_with_row_and_column_named(tmp_path):
    network = network_table(tmp_path)
    text = (
        "id\tsteps_ms\n"
        "tiny_s1\t1;0.5\n"  # good
        "nowhere\t1\n"  # line 3: not a network row
        "tiny_s2\t1;0.3\n"  # line 4: 1 ms is not a whole number of 0.3 ms steps
        "tiny_notebook\t0.05\n"  # line 5: notebook runs only at 0.1
        "tiny_example\t1;1.0\n"  # line 6: the same step twice
        "tiny_s1\t0.5\n"  # line 7: duplicate id
    )
    with pytest.raises(tables.TableError) as err:
        tables.load_numerics_network(write(tmp_path, text), network, Budget(12000, 120))
    message = str(err.value)
    assert "row 'nowhere' (line 3), column 'id'" in message
    assert "row 'tiny_s2' (line 4), column 'steps_ms'" in message and "0.3" in message
    assert "row 'tiny_notebook' (line 5), column 'steps_ms'" in message
    assert "row 'tiny_example' (line 6), column 'steps_ms'" in message and "twice" in message
    assert "row 'tiny_s1' (line 7), column 'id'" in message
    assert "row 'tiny_s1' (line 2)" not in message


@pytest.mark.parametrize("cell", ["1;abc", "eval(1)", "1;;0.5", "-0.5", ""])
def test_step_cells_that_are_not_steps_are_refused(tmp_path, cell):
    network = network_table(tmp_path)
    path = write(tmp_path, f"id\tsteps_ms\ntiny_s1\t{cell}\n")
    with pytest.raises(tables.TableError, match=r"row 'tiny_s1' \(line 2\), column 'steps_ms'"):
        tables.load_numerics_network(path, network, Budget(12000, 120))


def test_a_run_over_the_budget_is_refused(tmp_path):
    network = network_table(tmp_path)
    path = write(tmp_path, "id\tsteps_ms\ntiny_s1\t1;0.001\n")
    with pytest.raises(tables.TableError) as err:
        tables.load_numerics_network(path, network, Budget(memory_mb=12000, runtime_min=0.1))
    message = str(err.value)
    assert "row 'tiny_s1' (line 2), column 'steps_ms'" in message
    assert "run at 0.001 ms" in message and "200,000 steps" in message
    assert "run at 1 ms" not in message  # the 1 ms run fits


# --------------------------------------------------------------------------- statistics


def test_study_tables_are_network_stats_per_run_and_seed_means_per_step():
    specs = [NetworkSpec(Ne=80, Ni=20, duration_ms=200.0, seed=s, step_ms=h)
             for s in (1, 2) for h in (1.0, 0.5)]  # fmt: skip
    runs = []
    for spec in specs:
        run = {**simulate_network(spec).arrays(spec), "id": f"s{spec.seed}"}
        runs.append({**run, "scheme": spec.scheme, "weight_scaling": spec.weight_scaling})
    per_run = run_table(runs)
    assert per_run["dt_ms"].tolist() == [1.0, 0.5, 1.0, 0.5]
    for line, run in zip(per_run.to_dict("records"), runs, strict=True):
        expected = {**run_statistics(run), **rhythm_statistics(run)}
        assert {k: line[k] for k in expected} == pytest.approx(expected, nan_ok=True)
    grouped = by_step(per_run)
    assert grouped["dt_ms"].tolist() == [1.0, 0.5] and grouped["n_seeds"].tolist() == [2, 2]
    for stat in STUDY_STATISTICS:
        for _, line in grouped.iterrows():
            values = per_run.loc[per_run["dt_ms"] == line["dt_ms"], stat].astype(float)
            assert line[f"{stat}_mean"] == pytest.approx(values.mean())
            assert line[f"{stat}_sd"] == pytest.approx(values.std(ddof=1))


# --------------------------------------------------------------------------- README


def readme_block() -> list[str]:
    text = (ROOT / "README.md").read_text()
    found = re.search(r"<!-- numerics-network -->\n(.*?)\n<!-- /numerics-network -->", text, re.S)
    assert found, "README has no numerics-network block"
    return found.group(1).splitlines()


def test_readme_findings_equal_the_studys_output_files():
    """The README's table is what ``python -m izhikevich.numerics_network`` prints from
    results/numerics/ (skipped where the study has not been run, e.g. a fresh clone)."""
    folder = ROOT / "results" / "numerics"
    if not (folder / "network.tsv").exists():
        pytest.skip("results/numerics/network.tsv not made here (snakemake numerics)")
    block = readme_block_of(
        read_tsv(folder / "network.tsv"), read_tsv(folder / "network_runs.tsv")
    )
    assert readme_block() == block.splitlines()


# --------------------------------------------------------------------------- Snakemake


def snakemake(workdir, *args, check=True):
    exe = shutil.which("snakemake", path=str(Path(sys.executable).parent))
    cmd = [exe, *args, "--snakefile", str(ROOT / "Snakefile"), "--directory", str(workdir)]
    cmd += ["--cores", "2", "--config", f"neurons={ROOT / 'params' / 'neurons.tsv'}"]
    cmd += [f"network={TINY_NETWORK}", f"numerics_network={workdir / 'study.tsv'}"]
    cmd += ["numerics_neurons=none"]  # the single-neuron part: tests/test_numerics.py
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def study_run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("numerics_network")
    shutil.copy(TINY_STUDY, workdir / "study.tsv")
    snakemake(workdir, "numerics")
    return workdir


@pytest.mark.slow
def test_end_to_end_one_job_per_row_and_step_then_nothing_to_do(study_run):
    workdir = study_run
    study = pd.read_csv(TINY_STUDY, sep="\t", dtype=str)
    network = tables.rows(tables.load_network(TINY_NETWORK))
    per_run = read_tsv(workdir / "results/numerics/network_runs.tsv")
    expected = [(i, h) for i, cell in zip(study["id"], study["steps_ms"], strict=True)
                for h in parse_steps(cell)]  # fmt: skip
    assert list(zip(per_run["id"], per_run["dt_ms"].astype(float), strict=True)) == expected
    own_steps = set()
    for row_id, h in expected:
        spec = dataclasses.replace(NetworkSpec.from_row(network[row_id]), step_ms=h)
        own = h == spec.scheme_entry.dt_ms
        if own:
            own_steps.add((row_id, h))
        path = f"results/network/{row_id}.npz" if own else (
            f"results/numerics/network/{row_id}/dt{h:g}ms.npz"
        )  # fmt: skip
        run = load_npz(workdir / path)
        assert run["dt_ms"] == h and run["id"] == row_id
        if not own:  # the job computed what this process computes for the row and step
            here = simulate_network(spec)
            assert np.array_equal(run["spike_times_ms"], here.spike_times_ms)
            assert np.array_equal(run["spike_indices"], here.spike_indices)
    # the table's means and sds are the study's statistics of the runs it names
    paths = [workdir / ("results/network/" + f"{i}.npz" if (i, h) in own_steps else
             f"results/numerics/network/{i}/dt{h:g}ms.npz") for i, h in expected]  # fmt: skip
    write_tsv(by_step(run_table(load_npz(p) for p in paths)), workdir / "again.tsv")
    assert read_tsv(workdir / "again.tsv").equals(
        read_tsv(workdir / "results/numerics/network.tsv")
    )
    for name in ("pdf", "png"):
        assert (workdir / f"results/figures/numerics_network.{name}").stat().st_size > 1000
    assert (workdir / "results/report/tables/numerics_network.html").exists()
    dry = snakemake(workdir, "numerics", "-n")
    assert "Nothing to be done" in dry.stdout + dry.stderr


@pytest.mark.slow
def test_a_bad_study_table_is_refused_before_any_job_and_keeps_results(study_run):
    workdir = study_run
    results = sorted((workdir / "results").rglob("*.*"))
    before = {p: p.read_bytes() for p in results}
    good = (workdir / "study.tsv").read_text()
    (workdir / "study.tsv").write_text(good.replace("\t1;0.5", "\t1;0.3", 1))
    try:
        proc = snakemake(workdir, "numerics", check=False)
    finally:
        (workdir / "study.tsv").write_text(good)
    assert proc.returncode != 0
    assert "row 'tiny_s1' (line 2), column 'steps_ms'" in proc.stdout + proc.stderr
    assert {p: p.read_bytes() for p in sorted((workdir / "results").rglob("*.*"))} == before
