"""The exploration notebook: executed headless, and the functions behind its widgets."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from izhikevich import explore, tables
from izhikevich.io import load_npz
from izhikevich.tables import load_neurons

NOTEBOOK = Path(__file__).resolve().parents[1] / "workflow" / "notebooks" / "explore.ipynb"


@pytest.fixture
def table_copy(root, tmp_path):
    return Path(shutil.copy(root / "params" / "neurons.tsv", tmp_path / "neurons.tsv"))


@pytest.fixture
def network_copy(root, tmp_path):
    return Path(shutil.copy(root / "params" / "network.tsv", tmp_path / "network.tsv"))


def test_notebook_runs_headless_and_draws(tmp_path, table_copy, network_copy):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # point the notebook at copies of the tables, so nothing writes to the repository
    for cell in nb.cells:
        cell.source = cell.source.replace(
            "TABLE_PATH = explore.NEURONS", f"TABLE_PATH = {str(table_copy)!r}"
        ).replace("NETWORK_PATH = explore.NETWORK", f"NETWORK_PATH = {str(network_copy)!r}")
    NotebookClient(nb, timeout=300, kernel_name="python3").execute(cwd=str(tmp_path))
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    widget_views = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widget_views) == 2  # the single-neuron and the network controls
    assert table_copy.read_bytes() == (NOTEBOOK.parents[2] / "params" / "neurons.tsv").read_bytes()


def test_preset_reproduces_the_npz_of_its_row(root, tmp_path, snakemake_exe, neuron_table):
    row_id = "fig1_N_original"
    proc = subprocess.run(
        [snakemake_exe, "--snakefile", str(root / "Snakefile"), "--directory", str(tmp_path),
         "--cores", "1", f"results/neurons/{row_id}.npz",
         "--config", f"neurons={root / 'params' / 'neurons.tsv'}"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    npz = load_npz(tmp_path / "results" / "neurons" / f"{row_id}.npz")
    arrays = explore.simulate(explore.preset(neuron_table, row_id))
    for key in ("t_ms", "v", "u", "I", "spike_times_ms"):
        assert np.array_equal(arrays[key], npz[key]), key
    assert "classified 'rebound burst'" in explore.describe(arrays)
    assert explore.describe(arrays).endswith("as expected")


def test_save_writes_a_row_that_validates(table_copy, neuron_table):
    settings = explore.preset(neuron_table, "fig1_A_original")
    settings.update(id="A_stronger", panel="A2", current="20*int(t > 10*ms)", d=4.0)
    assert explore.append_row(settings, table_copy) == []
    table = load_neurons(table_copy)
    assert table.loc["A_stronger", "current"] == "20*int(t > 10*ms)"
    assert table.loc["A_stronger", "d"] == 4.0
    assert len(table) == len(neuron_table) + 1


@pytest.mark.parametrize(
    "change, column",
    [
        ({"current": "20*int(t > 10*ms"}, "current"),
        ({"current": "20*int(t > 10)"}, "current"),
        ({"dt_ms": 0.0}, "dt_ms"),
        ({"dt_ms": -0.1}, "dt_ms"),
        ({"duration_ms": 100.1}, "duration_ms"),
        ({"id": "fig1_B_original"}, "id"),
    ],
)
def test_invalid_settings_write_nothing(table_copy, neuron_table, change, column):
    before = table_copy.read_bytes()
    settings = explore.preset(neuron_table, "fig1_A_original")
    settings.update(id="new_row", panel="A2")
    settings.update(change)
    problems = explore.append_row(settings, table_copy)
    assert problems and any(f"column '{column}'" in p for p in problems)
    assert table_copy.read_bytes() == before


def test_slider_ranges_cover_every_row(neuron_table):
    ranges = explore.slider_ranges(neuron_table)
    for row in tables.rows(neuron_table).values():
        for column, (low, high, _) in ranges.items():
            assert low <= row[column] <= high
    assert ranges["a"][0] == -0.03 and ranges["duration_ms"][1] == 2000  # the seed's


def test_network_preset_reproduces_the_npz_of_its_row(root, tmp_path, snakemake_exe):
    tiny = root / "tests" / "data" / "network_tiny.tsv"
    proc = subprocess.run(
        [snakemake_exe, "--snakefile", str(root / "Snakefile"), "--directory", str(tmp_path),
         "--cores", "1", "results/network/tiny_s1.npz", "--config", f"network={tiny}",
         f"neurons={root / 'params' / 'neurons.tsv'}"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    npz = load_npz(tmp_path / "results" / "network" / "tiny_s1.npz")
    arrays = explore.simulate_network_settings(
        explore.preset(explore.load_network_table(tiny), "tiny_s1")
    )
    for key in ("spike_times_ms", "spike_indices", "t_ms", "v", "I"):
        assert np.array_equal(arrays[key], npz[key]), key
    assert f"{len(npz['spike_times_ms'])} spikes" in explore.describe_network(arrays)


def test_network_save_validates(network_copy):
    table = explore.load_network_table(network_copy)
    settings = dict(explore.preset(table, table.index[0]), id="seed_42", seed=42)
    assert explore.append_row(settings, network_copy, explore.tables.load_network) == []
    assert explore.load_network_table(network_copy).loc["seed_42", "seed"] == 42
    before = network_copy.read_bytes()
    for bad, column in (({"Ne": -1}, "Ne"), ({"Ne": 0, "Ni": 0}, "Ne"), ({"seed": 1.5}, "seed")):
        problems = explore.append_row(
            {**settings, "id": "bad", "seed": 7, **bad}, network_copy, explore.tables.load_network
        )
        assert any(f"column '{column}'" in p for p in problems), problems
    assert network_copy.read_bytes() == before
