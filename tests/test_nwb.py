"""NWB files (izhikevich.nwb, rules nwb_neurons / nwb_network) read back with pynwb and
compared with the NPZ they were written from; nwbinspector finds no critical issue."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from izhikevich import nwb
from izhikevich.io import load_npz, save_npz, with_provenance
from izhikevich.tables import load_network
from izhikevich.tables import row as table_row

ROOT = Path(__file__).resolve().parents[1]
#: One row per single-neuron scheme: the published update, and the seed's (adjusted).
NEURON_ROWS = ["fig1_B_original", "fig1_B_adjusted"]
TINY_NETWORK = ROOT / "tests" / "data" / "network_tiny.tsv"


def script(name: str):
    """A workflow script as a module (its main() is what the rule runs)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "workflow" / "scripts" / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def runs(tmp_path_factory, neuron_table):
    """NPZ of two single-neuron rows and two tiny networks, as the simulation rules write
    them, and their NWB files as rule nwb_neurons / nwb_network write them."""
    tmp = tmp_path_factory.mktemp("nwb")
    simulate_neuron, simulate_network = script("simulate_neuron.py"), script("simulate_network.py")
    write = script("write_nwb.py")
    out = {"neuron": [], "network": []}
    for row_id in NEURON_ROWS:
        npz = tmp / f"{row_id}.npz"
        simulate_neuron.main(table_row(neuron_table, row_id), str(npz), str(tmp / "sim.log"))
        out["neuron"].append(npz)
    network = load_network(TINY_NETWORK)
    for row_id in ("tiny_s1", "tiny_example"):
        npz = tmp / f"{row_id}.npz"
        simulate_network.main(table_row(network, row_id), str(npz), str(tmp / "sim.log"))
        out["network"].append(npz)
    files = {}
    for kind, npzs in out.items():
        targets = [p.with_suffix(".nwb") for p in npzs]
        write.main([str(p) for p in npzs], [str(p) for p in targets], kind, str(tmp / "nwb.log"))
        files.update({p: t for p, t in zip(npzs, targets, strict=True)})
    return files


def times_ms(series) -> np.ndarray:
    """Sample times of a TimeSeries in ms (from rate or timestamps)."""
    if series.timestamps is not None:
        return np.asarray(series.timestamps[:]) * 1000
    n = len(series.data)
    return (series.starting_time + np.arange(n) / series.rate) * 1000


def check_metadata(nwbfile, arrays: dict) -> None:
    """The parameter table holds every scalar of the NPZ (row, scheme, seed, provenance)."""
    table = nwbfile.processing["misc"]["parameters"].to_dataframe().iloc[0].to_dict()
    scalars = {
        k: v
        for k, v in arrays.items()
        if not isinstance(v, np.ndarray) and k not in ("row_json", "provenance_json")
    }
    renamed = {"id": "run_id", "name": "run_name"}
    for key, value in scalars.items():
        cell = table[renamed.get(key, key)]
        assert cell == value or str(cell) == str(value), (key, cell, value)
    for key in ("scheme", "seed", "git_commit", "brian2_version", "numpy_version"):
        assert renamed.get(key, key) in table
    assert json.loads(nwbfile.notes) == json.loads(arrays["row_json"])
    provenance = json.loads(nwbfile.source_script)
    assert provenance["brian2_version"] == arrays["brian2_version"]
    assert provenance["git_commit"] == arrays["git_commit"]
    assert nwbfile.identifier == nwb._identifier(arrays)


def test_single_neuron_traces_spikes_and_metadata_equal_the_npz(runs):
    for npz, path in runs.items():
        arrays = load_npz(npz)
        if "Ne" in arrays:
            continue
        with nwb.read_nwb(path) as io:
            f = io.read()
            v, u, current = f.acquisition["v"], f.acquisition["u"], f.stimulus["I"]
            for series, key in ((v, "v"), (u, "u"), (current, "I")):
                np.testing.assert_array_equal(series.data[:], arrays[key])
                np.testing.assert_allclose(times_ms(series), arrays["t_ms"], rtol=1e-12)
                step_ms = arrays["t_ms"][1] - arrays["t_ms"][0]  # model time, any scheme
                assert series.rate == pytest.approx(1000 / step_ms, rel=1e-12)
            assert (v.unit, v.conversion) == ("volts", 1e-3)  # mV in SI
            assert (u.unit, u.conversion) == ("volts/second", 1.0)  # mV/ms = V/s
            assert len(f.units) == 1
            np.testing.assert_array_equal(
                f.units["spike_times"][0], arrays["spike_times_ms"] / 1000
            )
            assert [f.units[p][0] for p in "abcd"] == [arrays[p] for p in "abcd"]
            assert f.units.resolution == pytest.approx(step_ms / 1000, rel=1e-12)
            check_metadata(f, arrays)


def test_network_units_table_holds_every_neuron_labelled_with_its_parameters(runs):
    for npz, path in runs.items():
        arrays = load_npz(npz)
        if "Ne" not in arrays:
            continue
        n_exc, n = arrays["Ne"], arrays["Ne"] + arrays["Ni"]
        with nwb.read_nwb(path) as io:
            f = io.read()
            units = f.units.to_dataframe()
            assert list(units.index) == list(range(n))
            assert list(units["cell_type"]) == ["excitatory"] * n_exc + ["inhibitory"] * (
                n - n_exc
            )
            for p in "abcd":
                np.testing.assert_array_equal(units[p].to_numpy(), arrays[p])
            for i in range(n):
                own = arrays["spike_times_ms"][arrays["spike_indices"] == i] / 1000
                np.testing.assert_array_equal(units["spike_times"][i], own)
            assert sum(len(s) for s in units["spike_times"]) == len(arrays["spike_times_ms"])
            for key in ("v", "I"):  # neuron 0's traces
                np.testing.assert_array_equal(f.acquisition[key].data[:], arrays[key])
                np.testing.assert_allclose(
                    times_ms(f.acquisition[key]), arrays["t_ms"], rtol=1e-12
                )
            check_metadata(f, arrays)
            assert f.processing["misc"]["parameters"]["seed"][0] == arrays["seed"]


def test_nwbinspector_reports_no_critical_issue(runs):
    from nwbinspector import Importance, inspect_nwbfile

    for path in runs.values():
        messages = list(inspect_nwbfile(nwbfile_path=str(path)))
        critical = [m for m in messages if m.importance == Importance.CRITICAL]
        assert not critical, [(m.check_function_name, m.message) for m in critical]


def test_the_same_npz_gives_the_same_nwb_bytes(runs, tmp_path):
    for npz, path in runs.items():
        arrays = load_npz(npz)
        build = nwb.network_nwbfile if "Ne" in arrays else nwb.neuron_nwbfile
        again = tmp_path / path.name
        nwb.write_nwb(build(arrays), again)
        assert (
            hashlib.sha256(again.read_bytes()).digest()
            == hashlib.sha256(path.read_bytes()).digest()
        ), path.name


@st.composite
def network_runs(draw):
    """Synthetic network NPZ arrays: any sizes, any spikes (unsorted, repeated times)."""
    n_exc = draw(st.integers(0, 6))
    n_inh = draw(st.integers(0 if n_exc else 1, 6))
    n = n_exc + n_inh
    steps = draw(st.integers(2, 50))
    n_spikes = draw(st.integers(0, 40))
    index = draw(st.lists(st.integers(0, n - 1), min_size=n_spikes, max_size=n_spikes))
    step = draw(st.lists(st.integers(0, steps - 1), min_size=n_spikes, max_size=n_spikes))
    dt = draw(st.sampled_from([0.1, 0.25, 0.5, 1.0]))
    params = {
        p: np.asarray(draw(st.lists(st.floats(-70, 10), min_size=n, max_size=n))) for p in "abcd"
    }
    row = {"id": "synthetic", "scheme": "izhikevich", "Ne": n_exc, "Ni": n_inh, "seed": 7}
    arrays = {
        "spike_indices": np.asarray(index, dtype=np.int64),
        "spike_times_ms": np.asarray(step, dtype=float) * dt,
        "t_ms": np.arange(steps) * dt,
        "v": np.asarray(draw(st.lists(st.floats(-90, 30), min_size=steps, max_size=steps))),
        "I": np.zeros(steps),
        "dt_ms": dt,
        "duration_ms": (steps - 1) * dt,
        "weight_factor": 1.0,
        **params,
    }
    return with_provenance(arrays, row, scheme="izhikevich")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arrays=network_runs())
def test_any_network_run_round_trips_through_nwb(arrays, tmp_path_factory):
    """Property: per neuron, the NWB spike train is the NPZ's spikes of that index, in
    order; excitatory first; sizes, parameters and neuron 0's v survive."""
    tmp = tmp_path_factory.mktemp("prop")
    save_npz(tmp / "run.npz", arrays)
    arrays = load_npz(tmp / "run.npz")
    nwb.write_nwb(nwb.network_nwbfile(arrays), tmp / "run.nwb")
    with nwb.read_nwb(tmp / "run.nwb") as io:
        units = io.read().units.to_dataframe()
        n = arrays["Ne"] + arrays["Ni"]
        assert len(units) == n
        for i in range(n):
            own = arrays["spike_times_ms"][arrays["spike_indices"] == i] / 1000
            np.testing.assert_array_equal(units["spike_times"][i], own)
        assert (units["cell_type"] == "excitatory").sum() == arrays["Ne"]
        for p in "abcd":
            np.testing.assert_array_equal(units[p].to_numpy(), arrays[p])


@given(
    t_ms=st.lists(st.floats(0, 1e4, allow_nan=False), min_size=2, max_size=30, unique=True).map(
        sorted
    )
)
@settings(max_examples=50, deadline=None)
def test_sample_times_are_kept_for_any_time_axis(t_ms):
    """Property: regular axes become starting_time + rate, others timestamps; either way
    the times come back (s -> ms) to within rounding."""
    t_ms = np.asarray(t_ms)
    timing = nwb._timing(t_ms)
    if "rate" in timing:
        back = (timing["starting_time"] + np.arange(len(t_ms)) / timing["rate"]) * 1000
    else:
        back = timing["timestamps"] * 1000
    np.testing.assert_allclose(back, t_ms, rtol=1e-9, atol=1e-9)


def test_the_default_target_has_one_nwb_file_per_row(root, snakemake_exe, tmp_path):
    """Rules nwb_neurons and nwb_network are part of `snakemake` (dry run)."""
    proc = subprocess.run(
        [snakemake_exe, "--snakefile", str(root / "Snakefile"), "--directory", str(tmp_path)]
        + ["--summary"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    listed = {line.split("\t")[0] for line in proc.stdout.splitlines()}
    rows = list(load_network(root / "params" / "network.tsv").index)
    neurons = [line.split("\t")[0] for line in (root / "params" / "neurons.tsv").open()][1:]
    expected = {f"results/nwb/neurons/{i}.nwb" for i in neurons}
    expected |= {f"results/nwb/network/{i}.nwb" for i in rows}
    assert expected <= listed
