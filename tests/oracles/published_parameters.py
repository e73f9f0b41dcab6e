"""Test oracle: the published parameters of every panel, copied from the papers.

Only the tests use this file. The numbers are written from
../shared/reference/izhikevich-protocols.md (Izhikevich 2004, Fig. 1 and figure1.m;
Izhikevich 2003, Fig. 2), never from params/neurons.tsv, so a typo in the table cannot
appear on both sides of a check. The inputs I(t) of the panels are in ``published.py``
(``INPUTS``), written from the same reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Published:
    """One panel as the paper's program runs it."""

    figure: str
    panel: str
    name: str  # the paper's caption of the panel
    a: float
    b: float
    c: float
    d: float
    v0: float
    tau: float  # step (ms)
    T: float  # duration (ms); the loop runs t = 0, tau, ..., T
    equation: str = "standard"  # "class1": 0.04v^2+4.1v+108; "accommodation": u' = ab(v+65)
    u0: float | None = None  # None: b*v0

    @property
    def u_init(self) -> float:
        return self.b * self.v0 if self.u0 is None else self.u0


FIG1 = "izhikevich2004_fig1"
FIG2 = "izhikevich2003_fig2"


def _fig1(panel, name, a, b, c, d, v0, tau, T, **kw) -> Published:
    return Published(FIG1, panel, name, a, b, c, d, v0, tau, T, **kw)


def _fig2(panel, name, a, b, c, d, v0, T) -> Published:
    return Published(FIG2, panel, name, a, b, c, d, v0, 0.25, T)


#: 2004 Fig. 1, panels A-T in the paper's order (5 x 4 grid, row by row).
FIG1_PANELS = (
    _fig1("A", "tonic spiking", 0.02, 0.2, -65, 6, -70, 0.25, 100),
    _fig1("B", "phasic spiking", 0.02, 0.25, -65, 6, -64, 0.25, 200),
    _fig1("C", "tonic bursting", 0.02, 0.2, -50, 2, -70, 0.25, 220),
    _fig1("D", "phasic bursting", 0.02, 0.25, -55, 0.05, -64, 0.2, 200),
    _fig1("E", "mixed mode", 0.02, 0.2, -55, 4, -70, 0.25, 160),
    _fig1("F", "spike frequency adaptation", 0.01, 0.2, -65, 8, -70, 0.25, 85),
    _fig1("G", "Class 1 excitable", 0.02, -0.1, -55, 6, -60, 0.25, 300, equation="class1"),
    _fig1("H", "Class 2 excitable", 0.2, 0.26, -65, 0, -64, 0.25, 300),
    _fig1("I", "spike latency", 0.02, 0.2, -65, 6, -70, 0.2, 100),
    _fig1("J", "subthreshold oscillations", 0.05, 0.26, -60, 0, -62, 0.25, 200),
    _fig1("K", "resonator", 0.1, 0.26, -60, -1, -62, 0.25, 400),
    _fig1("L", "integrator", 0.02, -0.1, -55, 6, -60, 0.25, 100, equation="class1"),
    _fig1("M", "rebound spike", 0.03, 0.25, -60, 4, -64, 0.2, 200),
    _fig1("N", "rebound burst", 0.03, 0.25, -52, 0, -64, 0.2, 200),
    _fig1("O", "threshold variability", 0.03, 0.25, -60, 4, -64, 0.25, 100),
    _fig1("P", "bistability", 0.1, 0.26, -60, 0, -61, 0.25, 300),
    _fig1("Q", "depolarizing after-potential", 1, 0.2, -60, -21, -70, 0.1, 50),
    _fig1("R", "accommodation", 0.02, 1, -55, 4, -65, 0.5, 400, equation="accommodation", u0=-16),
    _fig1("S", "inhibition-induced spiking", -0.02, -1, -60, 8, -63.8, 0.5, 350),
    _fig1("T", "inhibition-induced bursting", -0.026, -1, -45, -2, -63.8, 0.5, 350),
)

#: 2003 Fig. 2, the neuron types in the paper's order (tau = 0.25 ms).
FIG2_TYPES = (
    _fig2("RS", "regular spiking", 0.02, 0.2, -65, 8, -63, 150),
    _fig2("IB", "intrinsically bursting", 0.02, 0.2, -55, 4, -70, 150),
    _fig2("CH", "chattering", 0.02, 0.2, -50, 2, -70, 150),
    _fig2("FS", "fast spiking", 0.1, 0.2, -65, 2, -70, 150),
    _fig2("LTS", "low-threshold spiking", 0.02, 0.25, -65, 2, -63, 250),
    _fig2("TC", "thalamo-cortical", 0.02, 0.25, -65, 0.05, -63, 150),
    _fig2("TCburst", "thalamo-cortical", 0.02, 0.25, -65, 0.05, -87, 150),
    _fig2("RZ", "resonator", 0.1, 0.26, -65, 2, -70, 100),
)

#: (figure, panel) -> its published parameters.
PUBLISHED: dict[tuple[str, str], Published] = {
    (p.figure, p.panel): p for p in (*FIG1_PANELS, *FIG2_TYPES)
}
#: Panel order of each figure, as the papers lay them out.
PAPER_ORDER = {FIG1: [p.panel for p in FIG1_PANELS], FIG2: [p.panel for p in FIG2_TYPES]}

#: Words the caption of a panel must contain (2004: the feature; 2003: the type, and for
#: the hyperpolarised thalamo-cortical cell the rebound burst the paper shows).
CAPTION_WORDS = {(p.figure, p.panel): [p.name] for p in (*FIG1_PANELS, *FIG2_TYPES)}
CAPTION_WORDS[(FIG2, "TCburst")] = ["thalamo-cortical", "rebound burst"]


def _same(table_value: object, value: float | None) -> bool:
    text = "" if table_value is None else str(table_value).strip()
    if value is None:
        return text == "" or text.lower() == "nan"
    try:
        number = float(text)
    except ValueError:
        return False
    return number == value


def differences(rows: Iterable[Mapping]) -> list[str]:
    """Where the ``original`` rows of a neuron table differ from the published numbers.

    One message per cell ("row 'fig1_K_original', column 'd': table -0.9, published -1"),
    plus a message for each published panel without exactly one original row.
    """
    problems, seen = [], {}
    for row in rows:
        if row.get("variant") != "original":
            continue
        key = (str(row["figure"]), str(row["panel"]))
        seen[key] = seen.get(key, 0) + 1
        p = PUBLISHED.get(key)
        if p is None:
            problems.append(f"row {row['id']!r}: no published panel {key}")
            continue
        cells = {
            "a": p.a, "b": p.b, "c": p.c, "d": p.d, "v0": p.v0, "u0": p.u0,
            "dt_ms": p.tau, "duration_ms": p.T,
        }  # fmt: skip
        for column, value in cells.items():
            if not _same(row.get(column), value):
                problems.append(
                    f"row {row['id']!r}, column {column!r}: table {row.get(column)!r}, "
                    f"published {value!r}"
                )
        for column, value in (("equation", p.equation), ("scheme", "izhikevich")):
            if str(row.get(column) or "standard") != value:
                problems.append(
                    f"row {row['id']!r}, column {column!r}: table {row.get(column)!r}, "
                    f"published {value!r}"
                )
        if str(row.get("gate") or "none") != "none":
            problems.append(f"row {row['id']!r}, column 'gate': the published loop has none")
    for key in PUBLISHED:
        if seen.get(key, 0) != 1:
            problems.append(f"published panel {key}: {seen.get(key, 0)} original rows")
    return problems
