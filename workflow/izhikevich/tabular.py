"""Result tables: the one writer of every TSV and HTML table of the pipeline (pandas).

Every table (results/validation.tsv, scheme_comparison.tsv, runtimes.tsv, provenance.tsv,
network/summary*.tsv and their report pages) is a ``pandas.DataFrame`` written here, so
all share one format: numbers to 6 significant digits (``%.6g``), missing values ``NA``,
lists joined by ``;``, pairs by ``->``, booleans ``yes``/``no``; the HTML page shows the
same text as the TSV. Files are byte-reproducible (no dates) and written atomically.
"""

from __future__ import annotations

import html
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .io import atomic_write

FLOAT_FORMAT = "%.6g"
MISSING = "NA"


def format_cell(value: object) -> str:
    """A cell as text: numbers ``%.6g``, NaN/None ``NA``, lists ``;``, pairs ``->``."""
    if value is None or value is pd.NA:
        return MISSING
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return MISSING if math.isnan(value) else FLOAT_FORMAT % value
    if isinstance(value, tuple):
        return "->".join(format_cell(v) for v in value)
    if isinstance(value, list | np.ndarray):
        return ";".join(format_cell(v) for v in value)
    return str(value)


def table(columns: Sequence[str], rows: Iterable[Mapping]) -> pd.DataFrame:
    """A DataFrame of ``rows`` (dicts) with ``columns`` in this order (absent cells missing)."""
    return pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=list(columns))


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell formatted as ``format_cell`` does (what the TSV and HTML files show)."""
    return frame.map(format_cell)


def write_tsv(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write ``frame`` as a tab-separated table with a header line."""
    text = as_text(frame).to_csv(sep="\t", index=False, lineterminator="\n", na_rep=MISSING)
    with atomic_write(path) as tmp:
        tmp.write_text(text)


_STYLE = """
body { font: 13px/1.35 system-ui, sans-serif; margin: 12px; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
td { max-width: 30em; }
th { background: #f0f0f0; position: sticky; top: 0; }
td.pass { background: #d9f2d9; } td.fail { background: #f8d0d0; }
"""


def write_html(frame: pd.DataFrame, path: str | os.PathLike, title: str, intro: str = "") -> None:
    """A self-contained HTML page of ``frame`` (a Snakemake report page), cells as in the
    TSV; ``pass``/``fail`` cells are coloured."""
    body = as_text(frame).to_html(index=False, border=0, na_rep=MISSING, escape=True)
    body = re.sub(r"<td>(pass|fail)</td>", r'<td class="\1">\1</td>', body)
    page = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{html.escape(intro)}</p>" if intro else "",
        body,
        "</body></html>\n",
    ]
    with atomic_write(path) as tmp:
        tmp.write_text("\n".join(line for line in page if line))


def write_table(
    frame: pd.DataFrame,
    tsv: str | os.PathLike,
    html_path: str | os.PathLike | None = None,
    title: str = "",
    intro: str = "",
) -> None:
    """The TSV of ``frame`` and, with ``html_path``, its report page."""
    write_tsv(frame, tsv)
    if html_path is not None:
        write_html(frame, html_path, title, intro)


def read_tsv(path: str | os.PathLike) -> pd.DataFrame:
    """A table written by ``write_tsv``, every cell as its text (``NA`` stays ``NA``)."""
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
