"""The parameter atlas (2003 Fig. 2's planes): the sweeps table, the published types on the
maps, and a small sweep end to end through Snakemake.

- Bad rows of params/sweeps.tsv are refused before any job, with row and column named.
- Every published 2003 type sits on an (a, b) and a (c, d) map of the shipped table, and
  at its point the map's class is the class of its own row (what results/validation.tsv
  gives it): checked on each shipped map at a reduced grid, through the chunk code.
- A sweep of a few points runs through Snakemake into chunks, a map table and the figure;
  a second run does nothing; its points equal single rows.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from izhikevich import atlas, atlas_chunks, behaviour, guards, tables
from izhikevich.io import load_npz
from izhikevich.model import NeuronSpec, simulate_neuron
from izhikevich.tabular import read_tsv

from conftest import ROOT

SWEEPS = ROOT / "params" / "sweeps.tsv"
TYPES = ("RS", "IB", "CH", "FS", "LTS", "TC", "RZ")


def sweep_rows(path: Path = SWEEPS) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def write_sweeps(path: Path, rows: list[dict]) -> Path:
    columns = list(sweep_rows()[0])
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


BUDGET = guards.Budget(memory_mb=4000.0, runtime_min=120.0)


@pytest.fixture(scope="module")
def shipped(neuron_table) -> dict[str, dict]:
    """The rows of params/sweeps.tsv, validated."""
    return tables.rows(tables.load_sweeps(SWEEPS, neuron_table, BUDGET))


# --------------------------------------------------------------------------- bad rows


@pytest.mark.parametrize(
    ("edit", "column", "words"),
    [
        ({"x_min": "0.2"}, "x_max", "reversed range"),  # 0.2 > x_max = 0.15
        ({"y_min": "0.3"}, "y_max", "empty range"),
        ({"x": "e"}, "x", "'e' is not one of"),  # unknown parameter
        ({"x_n": "0"}, "x_n", "less than the minimum"),  # zero points
        ({"y": "a", "b": "0.2"}, "y", "sweeps 'a' twice"),
        ({"c": ""}, "c", "give its value"),
        ({"a": "0.02"}, "a", "is swept"),
        ({"protocol": "fig2_XX_original"}, "protocol", "is not a row of"),
        ({"points_per_job": "1000000", "x_n": "1000", "y_n": "1000"}, "points_per_job",
         "budget_mem_mb"),  # a chunk over the memory budget
    ],
)  # fmt: skip
def test_a_bad_sweep_row_is_refused_with_row_and_column(tmp_path, neuron_table, edit, column,
                                                         words):  # fmt: skip
    rows = sweep_rows()
    rows[0].update(edit)
    path = write_sweeps(tmp_path / "sweeps.tsv", rows)
    with pytest.raises(tables.TableError) as err:
        tables.load_sweeps(path, neuron_table, BUDGET)
    message = str(err.value)
    assert f"row {rows[0]['id']!r} (line 2), column {column!r}" in message, message
    assert words in message, message
    assert len(err.value.problems) == 1, message


def test_the_shipped_sweeps_pass(shipped):
    assert list(shipped) == [row["id"] for row in sweep_rows()]


def test_bad_sweeps_stop_snakemake_before_any_job(tmp_path, snakemake_exe):
    """Through Snakemake: the error names row and column; nothing runs, nothing is written."""
    rows = sweep_rows()
    rows[1]["x_max"] = rows[1]["x_min"]
    write_sweeps(tmp_path / "bad.tsv", rows)
    proc = subprocess.run(
        [snakemake_exe, "--snakefile", str(ROOT / "Snakefile"), "--directory", str(tmp_path),
         "--cores", "1", "--config", f"sweeps={tmp_path / 'bad.tsv'}"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode != 0
    assert f"row {rows[1]['id']!r} (line 3), column 'x_max'" in proc.stdout + proc.stderr
    assert not (tmp_path / "results").exists() and not (tmp_path / "logs").exists()


# --------------------------------------------------------------------------- published types


def test_every_published_type_is_on_an_ab_and_a_cd_map(neuron_rows, shipped):
    on = {("a", "b"): set(), ("c", "d"): set()}
    for row in shipped.values():
        sweep = atlas.Sweep.from_row(row)
        marks = atlas.types_on(sweep, neuron_rows[row["protocol"]], neuron_rows)
        on[(sweep.x, sweep.y)] |= set(marks)
    assert on[("a", "b")] >= set(TYPES) and on[("c", "d")] >= set(TYPES), on


@functools.cache
def _own_class(row_json: str) -> str:
    row = json.loads(row_json)
    return behaviour.assess({**row, **simulate_neuron(NeuronSpec.from_row(row)).arrays()})[1]


def own_class(row: dict) -> str:
    """The class of a row's own run, as results/validation.tsv computes it."""
    return _own_class(json.dumps(row, sort_keys=True))


@pytest.mark.parametrize("map_id", [row["id"] for row in sweep_rows()])
def test_published_types_have_their_own_class_on_the_map(neuron_rows, shipped, map_id):
    """Each shipped map, its grid cut to 2 x 2 points (the types' points are the same
    extra points as at full size), through the chunk code: every type on it gets the class
    of its own row."""
    small = {**shipped[map_id], "x_n": 2, "y_n": 2, "points_per_job": 4}
    sweep = atlas.Sweep.from_row(small)
    protocol = neuron_rows[small["protocol"]]
    marks = atlas.types_on(sweep, protocol, neuron_rows)
    assert marks  # every shipped map carries the type it is named after
    arrays = atlas_chunks.simulate_chunk(small, protocol, marks, 0)
    frame = atlas.map_table(small, marks, [arrays])
    for _, point in frame[frame["type"].notna()].iterrows():
        expected = own_class(neuron_rows[f"fig2_{point['type']}_original"])
        assert point["class"] == expected, (map_id, point["type"])


# --------------------------------------------------------------------------- end to end

#: A small sweep: two maps (3 x 2 and 2 x 2 points, chunks of 2 and 4), the RS step.
SMALL = [
    dict(id="ab_small", x="a", x_min="0.02", x_max="0.1", x_n="3", y="b", y_min="0.2",
         y_max="0.25", y_n="2", a="", b="", c="-65", d="8", protocol="fig2_RS_original",
         scheme="izhikevich", points_per_job="2", note=""),
    dict(id="cd_small", x="c", x_min="-65", x_max="-50", x_n="2", y="d", y_min="2",
         y_max="8", y_n="2", a="0.02", b="0.2", c="", d="", protocol="fig2_RS_original",
         scheme="izhikevich", points_per_job="4", note=""),
]  # fmt: skip


def small_neurons(path: Path) -> Path:
    with open(ROOT / "params" / "neurons.tsv", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        rows = [r for r in reader if r["id"] == "fig2_RS_original"]
        columns = reader.fieldnames
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.slow
def test_a_small_sweep_end_to_end_and_a_second_run_does_nothing(tmp_path, snakemake_exe,
                                                                neuron_rows):  # fmt: skip
    write_sweeps(tmp_path / "sweeps.tsv", SMALL)
    small_neurons(tmp_path / "neurons.tsv")
    targets = ["results/atlas/ab_small.tsv", "results/atlas/cd_small.tsv",
               "results/figures/izhikevich2003_fig2_planes.png"]  # fmt: skip
    cmd = [
        snakemake_exe, "--snakefile", str(ROOT / "Snakefile"), "--directory", str(tmp_path),
        "--cores", "2", *targets, "--config", f"neurons={tmp_path / 'neurons.tsv'}",
        f"network={ROOT / 'tests' / 'data' / 'network_tiny.tsv'}",
        f"sweeps={tmp_path / 'sweeps.tsv'}", "fI_curves=none",
    ]  # fmt: skip
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    chunks = sorted(p.name for p in (tmp_path / "results" / "atlas" / "ab_small").glob("*.npz"))
    assert chunks == ["chunk0.npz", "chunk1.npz", "chunk2.npz"]  # 6 points, 2 per job
    ab = read_tsv(tmp_path / "results" / "atlas" / "ab_small.tsv")
    assert list(ab.columns) == list(atlas.MAP_COLUMNS)
    assert len(ab) == 6 + 1  # the grid and RS (c = -65, d = 8, its input)
    rs = ab[ab["type"] == "RS"].iloc[0]
    assert rs["class"] == own_class(neuron_rows["fig2_RS_original"])
    # a point of the map: its spikes are the single row's with its parameters
    spec = NeuronSpec.from_row(neuron_rows["fig2_RS_original"])
    chunk = load_npz(tmp_path / "results" / "atlas" / "ab_small" / "chunk1.npz")
    k = 1  # the chunk's second point, map point 3: a = 0.02, b = 0.25
    one = simulate_neuron(
        dataclasses.replace(spec, a=float(chunk["a"][k]), b=float(chunk["b"][k]))
    )
    offsets = chunk["spike_offsets"]
    assert np.array_equal(chunk["spike_times_ms"][offsets[k] : offsets[k + 1]], one.spike_times_ms)
    assert int(ab.loc[ab["point"] == str(chunk["point"][k]), "n_spikes"].iloc[0]) == len(
        one.spike_times_ms
    )
    assert (tmp_path / "results" / "figures" / "izhikevich2003_fig2_planes.png").stat().st_size
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Nothing to be done" in second.stdout + second.stderr
