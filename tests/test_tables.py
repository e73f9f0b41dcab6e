"""Bad tables are refused before any job runs, naming the row and the column."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from izhikevich.tables import (
    LONGEST_NAME,
    MAX_FILE_NAME,
    MAX_ID_LENGTH,
    TableError,
    load_neurons,
    load_schema,
    read_table,
    rows,
)

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
    assert list(table.index) == ["x1", "x2"]
    assert table.loc["x1", "dt_ms"] == 0.25 and table.loc["x1", "equation"] == "standard"
    row = rows(table)["x1"]
    assert row["a"] == 0.02 and "u0" not in row and "note" not in row  # empty: left out
    assert [type(row[k]) for k in ("a", "c", "current")] == [float, float, str]


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


# ---- tables as other tools save them (issue 11, item 4) --------------------------------


def saved_as(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def plain_text(rows) -> str:
    return "".join(
        "\t".join(row.get(c, "") for c in GOOD) + "\n"
        for row in [dict(zip(GOOD, GOOD, strict=True)), *rows]
    )


@pytest.mark.parametrize(
    "variant",
    ["bom", "crlf", "bom+crlf", "trailing cells left out", "blank lines"],
)
def test_tables_saved_by_other_tools_read_as_the_plain_one(tmp_path, variant):
    rows = [GOOD, second(), second(id="x3", panel="C", current="7")]
    text = plain_text(rows)
    plain = load_neurons(saved_as(tmp_path, "plain.tsv", text))
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    if variant == "trailing cells left out":  # a spreadsheet drops empty last cells
        text = text.replace("\n", "\tnote\n", 1).replace("\n", "\t\n")
        plain = load_neurons(saved_as(tmp_path, "plain.tsv", text.replace("\t\n", "\t\t\n")))
    if variant == "blank lines":
        text = text.replace("\n", "\n\n")
    other = load_neurons(
        saved_as(tmp_path, "other.tsv", text, "utf-8-sig" if "bom" in variant else "utf-8")
    )
    pd.testing.assert_frame_equal(other, plain)
    assert rows_of(other) == rows_of(plain)


def rows_of(table):
    return {k: repr(v) for k, v in rows(table).items()}


@pytest.mark.parametrize(
    "encoding, newline", [("utf-8-sig", "\n"), ("utf-8", "\r\n"), ("utf-8-sig", "\r\n")]
)
def test_a_bad_cell_in_a_bom_or_crlf_table_is_named_on_its_line(tmp_path, encoding, newline):
    text = plain_text([GOOD, second(dt_ms="-1")]).replace("\n", newline)
    with pytest.raises(TableError) as err:
        load_neurons(saved_as(tmp_path, "t.tsv", text, encoding))
    assert "row 'x2' (line 3), column 'dt_ms'" in str(err.value)
    assert "missing column" not in str(err.value)


def test_a_line_with_too_many_cells_is_named_with_the_other_problems(tmp_path):
    text = (
        plain_text([GOOD, second(a="x")])
        + "\t".join(second(id="x3", panel="C").values())
        + "\textra\n"
    )
    with pytest.raises(TableError) as err:
        load_neurons(saved_as(tmp_path, "t.tsv", text))
    assert "line 4: 15 cells for 14 columns" in str(err.value)
    assert "row 'x2' (line 3), column 'a'" in str(err.value)


finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(a=finite, text=st.sampled_from(["{!r}", "{:.17g}", "{:.3e}", "{:g}"]))
def test_numbers_are_read_exactly_as_python_reads_them(tmp_path_factory, a, text):
    # (pandas' own fast parser is off by one bit for some 17-digit numbers)
    cell = text.format(a)
    assume(math.isfinite(float(cell)))
    path = write(tmp_path_factory.mktemp("n") / "t.tsv", [dict(GOOD, a=cell)])
    table, _, problems = read_table(path, load_schema("neurons"))
    assert problems == [] and rows(table)["x1"]["a"] == float(cell)


# ---- ids name files ------------------------------------------------------------------


def test_the_longest_id_allowed_makes_file_names_this_filesystem_accepts(tmp_path):
    row_id = "x" * MAX_ID_LENGTH
    table = load_neurons(write(tmp_path / "t.tsv", [dict(GOOD, id=row_id)]))
    assert list(table.index) == [row_id]
    longest = LONGEST_NAME.format(id=row_id)
    assert len(longest) == MAX_FILE_NAME
    (tmp_path / longest).write_text("")  # the atomic writer's temporary NPZ name
    text = refused(tmp_path, [dict(GOOD, id=row_id + "x")])
    assert f"row '{row_id}x' (line 2), column 'id': {MAX_ID_LENGTH + 1} characters" in text


@pytest.mark.parametrize(
    "row_id, message",
    [
        ("CON", "device name on Windows"),
        ("nul.x", "device name on Windows"),
        ("Com1", "device name on Windows"),
        ("fig1.", "ends with '.'"),
        ("a/b", "does not match"),
        ("a b", "does not match"),
        ("fig:1", "does not match"),
        ("ä1", "does not match"),
        (".hidden", "does not match"),
    ],
)
def test_an_id_that_cannot_be_a_file_name_is_refused(tmp_path, row_id, message):
    text = refused(tmp_path, [GOOD, second(id=row_id)])
    assert f"row {row_id!r} (line 3), column 'id'" in text and message in text
    assert "'x1'" not in text


def test_ids_that_differ_only_in_case_are_refused(tmp_path):
    text = refused(tmp_path, [GOOD, second(id="X1")])
    assert "row 'X1' (line 3), column 'id': the same file name as row 'x1'" in text


def test_every_kind_of_problem_is_reported_at_once(tmp_path):
    bad = [
        GOOD,
        second(a="x"),  # schema
        second(id="CON", panel="C"),  # file name
        second(id="x4", panel="D", duration_ms="100.1"),  # steps
        second(id="x5", panel="E", current="14*q"),  # Brian2
    ]
    text = refused(tmp_path, bad)
    assert "4 problem(s)" in text
    assert "'x2' (line 3), column 'a'" in text and "'CON' (line 4), column 'id'" in text
    assert "'x4' (line 5), column 'duration_ms'" in text
    assert "'x5' (line 6), column 'current'" in text


def test_a_table_whose_only_row_is_bad_is_refused_cleanly(tmp_path):
    assert "row 'x1' (line 2), column 'a'" in refused(tmp_path, [dict(GOOD, a="x")])
