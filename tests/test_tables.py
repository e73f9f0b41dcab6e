"""Bad tables are refused before any job runs, naming the row and the column."""

from __future__ import annotations

import shutil

import pytest

from izhikevich.tables import TableError, load_neurons

from conftest import write_tsv

GOOD = {
    "id": "x1",
    "figure": "izhikevich2004_fig1",
    "panel": "A",
    "name": "tonic spiking",
    "variant": "original",
    "scheme": "izhikevich",
    "a": "0.02",
    "b": "0.2",
    "c": "-65",
    "d": "6",
    "v0": "-70",
    "dt_ms": "0.25",
    "duration_ms": "100",
    "current": "14*int(t > 10*ms)",
}


def write(path, rows, columns=None):
    return write_tsv(path, rows, columns or list(GOOD))


def second(**changes):
    row = dict(GOOD, id="x2", panel="B", name="phasic spiking")
    row.update(changes)
    return row


def refused(tmp_path, rows, columns=None) -> str:
    with pytest.raises(TableError) as err:
        load_neurons(write(tmp_path / "t.tsv", rows, columns))
    return str(err.value)


def test_good_table_loads(tmp_path):
    table = load_neurons(write(tmp_path / "t.tsv", [GOOD, second()]))
    assert table.ids() == ["x1", "x2"]
    assert table["x1"]["dt_ms"] == 0.25 and table["x1"]["equation"] == "standard"


def test_missing_column(tmp_path):
    columns = [c for c in GOOD if c != "dt_ms"]
    assert "missing column 'dt_ms'" in refused(tmp_path, [GOOD], columns)


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("a", "0.02x", "not of type 'number'"),
        ("dt_ms", "0", "less than or equal to the minimum"),
        ("dt_ms", "-0.25", "less than or equal to the minimum"),
        ("duration_ms", "100.1", "not a whole number of steps"),
        ("current", "14*int(t > 10*ms", "cannot parse"),
        ("current", "14*int(t > 10)", "units"),
        ("current", "14*q", "unknown symbol"),
        ("scheme", "rk4", "is not one of"),
        ("v0", "", "required property"),
    ],
)
def test_bad_cell_names_row_and_column(tmp_path, column, value, message):
    text = refused(tmp_path, [GOOD, second(**{column: value})])
    assert f"row 'x2' (line 3), column '{column}'" in text
    assert message in text
    assert "'x1'" not in text  # the good row is not blamed


def test_duplicate_id(tmp_path):
    text = refused(tmp_path, [GOOD, dict(GOOD, panel="B")])
    assert "row 'x1' (line 3), column 'id': duplicate id (first on line 2)" in text


def test_duplicate_panel(tmp_path):
    text = refused(tmp_path, [GOOD, second(panel="A")])
    assert "row 'x2' (line 3), column 'panel'" in text


def test_every_problem_is_reported(tmp_path):
    text = refused(tmp_path, [GOOD, second(a="x", dt_ms="0")])
    assert "column 'a'" in text and "column 'dt_ms'" in text


def test_the_shipped_table_is_valid(root, tmp_path):
    table = load_neurons(shutil.copy(root / "params" / "neurons.tsv", tmp_path / "n.tsv"))
    assert len(table) >= 57
