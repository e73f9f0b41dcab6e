"""params/network.tsv: bad rows are refused before any job runs, naming row and column."""

from __future__ import annotations

import pytest

from izhikevich.tables import TableError, load_network, network_fig3_id, rows

from conftest import write_tsv

GOOD = {
    "id": "n1",
    "scheme": "izhikevich",
    "Ne": "800",
    "Ni": "200",
    "duration_ms": "1000",
    "seed": "1",
    "weight_scaling": "none",
}


def write(path, rows, columns=None):
    return write_tsv(path, rows, columns or list(GOOD))


def second(**changes):
    row = dict(GOOD, id="n2", seed="2")
    row.update(changes)
    return row


def refused(tmp_path, rows, columns=None) -> str:
    with pytest.raises(TableError) as err:
        load_network(write(tmp_path / "t.tsv", rows, columns))
    return str(err.value)


def test_the_shipped_table_loads(root):
    table = load_network(root / "params" / "network.tsv")
    assert set(table["scheme"]) == {"izhikevich", "notebook", "brian2_example"}
    published = table.query(
        "scheme == 'izhikevich' and Ne == 800 and Ni == 200 and weight_scaling == 'none'"
    )
    assert published["seed"].nunique() >= 5
    scaled = table[table["weight_scaling"] == "1000/N"]
    assert {2500, 5000, 10000} <= set(scaled["Ne"] + scaled["Ni"])
    assert network_fig3_id(table) == published.sort_values("seed").index[0]


def test_good_table_loads_with_defaults(tmp_path):
    row = {k: v for k, v in GOOD.items() if k != "weight_scaling"}
    table = load_network(
        write(tmp_path / "t.tsv", [row], [c for c in GOOD if c != "weight_scaling"])
    )
    assert rows(table)["n1"] == {
        "id": "n1",
        "scheme": "izhikevich",
        "Ne": 800,
        "Ni": 200,
        "duration_ms": 1000.0,
        "seed": 1,
        "weight_scaling": "none",  # the schema's default, last as the column is absent
    }
    assert [type(v) for v in rows(table)["n1"].values()] == [str, str, int, int, float, int, str]


@pytest.mark.parametrize(
    "changes, column, message",
    [
        ({"Ne": "-1"}, "Ne", "minimum"),
        ({"Ni": "-5"}, "Ni", "minimum"),
        ({"Ne": "2.5"}, "Ne", "not of type 'integer'"),
        ({"Ni": "many"}, "Ni", "not of type 'integer'"),
        ({"Ne": "0", "Ni": "0"}, "Ne", "no neurons"),
        ({"seed": "1.5"}, "seed", "not of type 'integer'"),
        ({"seed": "abc"}, "seed", "not of type 'integer'"),
        ({"seed": "-3"}, "seed", "minimum"),
        ({"duration_ms": "1000.5"}, "duration_ms", "whole number"),
        ({"scheme": "notebook", "duration_ms": "100.05"}, "duration_ms", "whole number"),
        ({"duration_ms": "0"}, "duration_ms", "less than or equal to the minimum"),
        ({"scheme": "euler"}, "scheme", "is not one of"),
        ({"weight_scaling": "sqrt"}, "weight_scaling", "is not one of"),
    ],
)
def test_bad_cell_is_refused_naming_row_and_column(tmp_path, changes, column, message):
    text = refused(tmp_path, [GOOD, second(**changes)])
    assert f"row 'n2' (line 3), column '{column}'" in text
    assert message in text


def test_notebook_duration_on_its_own_step_is_fine(tmp_path):
    table = load_network(
        write(tmp_path / "t.tsv", [second(scheme="notebook", duration_ms="100.1")])
    )
    assert table.loc["n2", "duration_ms"] == 100.1


def test_one_population_may_be_empty(tmp_path):
    table = load_network(
        write(tmp_path / "t.tsv", [GOOD, second(Ne="0"), second(id="n3", Ni="0")])
    )
    assert list(table.index) == ["n1", "n2", "n3"]


def test_duplicate_id(tmp_path):
    text = refused(tmp_path, [GOOD, dict(GOOD, seed="7")])
    assert "row 'n1' (line 3), column 'id': duplicate id (first on line 2)" in text


def test_the_same_run_twice_is_refused(tmp_path):
    # two rows with the same configuration and seed would count one run twice across seeds
    text = refused(tmp_path, [GOOD, second(seed="1")])
    assert "row 'n2' (line 3), column 'seed'" in text and "as row 'n1'" in text


def test_missing_column(tmp_path):
    assert "missing column 'seed'" in refused(tmp_path, [GOOD], [c for c in GOOD if c != "seed"])


def test_every_problem_is_listed(tmp_path):
    text = refused(tmp_path, [GOOD, second(Ne="-1", seed="x"), second(id="n3", scheme="?")])
    assert "3 problem(s)" in text
