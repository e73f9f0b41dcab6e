"""One writer for every result table: one number and missing-value format, TSV = HTML."""

from __future__ import annotations

import html
import math
import re
from html.parser import HTMLParser

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from izhikevich.tabular import MISSING, format_cell, read_tsv, table, write_html, write_tsv


def test_cells_are_formatted_one_way():
    cells = [1 / 3, float("nan"), None, [1, 2.5], True, np.bool_(False), (0.0, 8.0), 7]
    assert [format_cell(x) for x in cells] == [
        "0.333333",
        MISSING,
        MISSING,
        "1;2.5",
        "yes",
        "no",
        "0->8",
        "7",
    ]


class Cells(HTMLParser):
    """The text of every <th> and <td> of an HTML page, row by row."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.inside = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.rows[-1][-1] = (self.rows[-1][-1] + data).strip()


finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
cells = st.one_of(finite, st.just(math.nan), st.integers(-(10**9), 10**9), st.none())


@settings(deadline=None)  # file writes: slow on a busy machine
@given(values=st.lists(st.tuples(cells, cells, st.text("ab <&>\"'", max_size=5)), max_size=6))
def test_tsv_and_html_show_the_same_text(tmp_path_factory, values):
    """Whatever the cells, the TSV and the HTML page hold the same text, and numbers in
    the TSV read back to within the 6 significant digits written."""
    folder = tmp_path_factory.mktemp("t")
    rows = [{"x": x, "y": y, "name": name or "-", "result": "pass"} for x, y, name in values]
    frame = table(["x", "y", "name", "result"], rows)
    write_tsv(frame, folder / "t.tsv")
    write_html(frame, folder / "t.html", "title <T>", intro="intro & more")
    tsv = read_tsv(folder / "t.tsv")
    parser = Cells()
    page = (folder / "t.html").read_text()
    parser.feed(page)
    assert parser.rows[0] == list(frame.columns)
    # the same text (HTML does not keep spaces around a cell's text)
    assert parser.rows[1:] == [[cell.strip() for cell in row] for row in tsv.values.tolist()]
    assert "<h1>title &lt;T&gt;</h1>" in page and html.escape("intro & more") in page
    assert page.count('<td class="pass">pass</td>') == len(rows)
    for row, text in zip(rows, tsv.to_dict("records"), strict=True):
        for column in ("x", "y"):
            value = row[column]
            if value is None or (isinstance(value, float) and math.isnan(value)):
                assert text[column] == MISSING
            else:
                assert float(text[column]) == pytest.approx(value, rel=1e-5, abs=0)


def test_every_table_of_the_pipeline_goes_through_the_one_writer(root):
    """No other place writes a table (to_csv/to_html/csv.writer) or renames a file."""
    writers = re.compile(r"\.to_csv\(|\.to_html\(|csv\.writer\(|csv\.DictWriter\(|os\.replace\(")
    found = {
        path.relative_to(root).as_posix()
        for path in (root / "workflow").rglob("*.py")
        if writers.search(path.read_text())
    }
    # tabular: the table writer; io: atomic_write; explore: formats one row to append
    assert found <= {
        "workflow/izhikevich/tabular.py",
        "workflow/izhikevich/io.py",
        "workflow/izhikevich/explore.py",
    }
