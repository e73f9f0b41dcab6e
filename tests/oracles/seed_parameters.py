"""Test oracle: the seed notebook's own calls of its single-neuron functions.

Only the tests use this file. Each entry is a cell of the seed notebook
(../shared/seeds/izhikevich-brian2-notebook.md) copied as written: which function it
calls (``model``, ``model2``, ``model3``, ``model4``) and its keyword arguments, over the
functions' own defaults. Nothing here is read from params/neurons.tsv, so the adjusted rows
of the table are checked against the notebook, not against themselves.
"""

# ruff: noqa: E501 (the seed's calls, one per line as the notebook writes them)
from __future__ import annotations

from collections.abc import Iterable, Mapping

#: Defaults of the seed's model(), model2(), model3(), model4() (all the same).
DEFAULTS = dict(a=0.02, b=0.2, c=-65, d=2, fI="int(t>100*ms)*10", V=-65, tau=0.25, duration=1000)
#: What each function integrates: (v', u' without the tau factor, freeze of the first tenth,
#: u at the start; None = b*V).
FUNCTIONS = {
    "model": ("0.04*v**2+5*v+140-u+I", "a*(b*v-u)", True, None),
    "model2": ("0.04*v**2+4.1*v+108-u+I", "a*(b*v-u)", True, None),  # "(G)", "(L)"
    "model3": ("0.04*v**2+5*v+140-u+I", "a*(b*v-u)", False, -16.0),  # "(R)": u=-16, no freeze
    "model4": ("0.04*v**2+5*v+140-u+I", "a*(b*v-u)", True, None),  # "(T)": plots differ only
}
#: Table equation name of each function's v' and u'.
EQUATION = {"model": "standard", "model2": "class1", "model3": "standard", "model4": "standard"}

#: (figure, panel) -> (function, keyword arguments) of the seed's "Adjusted parameters" cell
#: (2004 Fig. 1; (Q) is the second cell the seed labels "Original parameters", U its chaos
#: run) and of its "Neuron Types" cells (2003 Fig. 2).
SEED_CALLS: dict[tuple[str, str], tuple[str, dict]] = {
    ("izhikevich2004_fig1", "A"): ("model", dict(d=6, fI="int(t>40*ms)*14", V=-70, tau=0.25, duration=400)),
    ("izhikevich2004_fig1", "B"): ("model", dict(b=0.25, d=6, fI="int(t>100*ms)*0.5", V=-64, tau=0.25, duration=1000)),
    ("izhikevich2004_fig1", "C"): ("model", dict(c=-50, fI="int(t>80*ms)*15", V=-70, tau=0.25, duration=800)),
    ("izhikevich2004_fig1", "D"): ("model", dict(b=0.25, c=-55, d=0.05, fI="int(t>100*ms)*0.6", V=-64, tau=0.2, duration=1000)),
    ("izhikevich2004_fig1", "E"): ("model", dict(c=-55, d=4, fI="int(t>60*ms)*10", V=-70, tau=0.25, duration=600)),
    ("izhikevich2004_fig1", "F"): ("model", dict(a=0.01, d=8, fI="int(t>30*ms)*30", V=-70, tau=0.25, duration=300)),
    ("izhikevich2004_fig1", "G"): ("model2", dict(b=-0.1, c=-55, d=6, fI="int(t>50*ms)*0.075*(t/ms-50)", V=-60, tau=0.25, duration=500)),
    ("izhikevich2004_fig1", "H"): ("model", dict(a=0.2, b=0.26, d=0, fI="int(t>50*ms)*(-0.5+0.015*(t/ms-50))", V=-64, tau=0.25, duration=500)),
    ("izhikevich2004_fig1", "I"): ("model", dict(d=6, fI="int(t>50*ms and t<65*ms)*7.04", V=-70, tau=0.2, duration=500)),
    ("izhikevich2004_fig1", "J"): ("model", dict(a=0.05, b=0.26, c=-60, d=0, fI="int(t>60*ms and t<75*ms)*2", V=-62, tau=0.25, duration=600)),
    ("izhikevich2004_fig1", "K"): ("model", dict(a=0.1, b=0.26, c=-60, d=-1, fI="int(t>80*ms and t<88*ms or t>120*ms and t<128*ms or t>540*ms and t<558*ms or t>640*ms and t<658*ms)*0.65", V=-62, tau=0.25, duration=800)),
    ("izhikevich2004_fig1", "L"): ("model2", dict(b=-0.1, c=-55, d=6, fI="int(t>36*ms and t<48*ms or t>56*ms and t<64*ms or t>280*ms and t<288*ms or t>320*ms and t<328*ms)*9", V=-60, tau=0.25, duration=400)),
    ("izhikevich2004_fig1", "M"): ("model", dict(a=0.03, b=0.25, c=-60, d=4, fI="int(t>80*ms and t<110*ms)*-15", V=-64, tau=0.2, duration=800)),
    ("izhikevich2004_fig1", "N"): ("model", dict(a=0.03, b=0.25, c=-52, d=0, fI="int(t>80*ms and t<110*ms)*-15", V=-64, tau=0.2, duration=800)),
    ("izhikevich2004_fig1", "O"): ("model", dict(a=0.03, b=0.25, c=-60, d=4, fI="int(t>20*ms and t<30*ms or t>140*ms and t<170*ms)*1 + int(t>100*ms and t<130*ms)*-6", V=-64, tau=0.25, duration=200)),
    ("izhikevich2004_fig1", "P"): ("model", dict(a=0.1, b=0.26, c=-60, d=0, fI="int(t>74*ms and t<84*ms or t>464*ms and t<476*ms)*1.24 + int(t<=74*ms or t>=84*ms and t<=464*ms or t>=476*ms)*0.24", V=-61, tau=0.25, duration=700)),
    ("izhikevich2004_fig1", "Q"): ("model", dict(a=1, c=-60, d=-20, fI="int(t>15*ms and t<26*ms)*20", V=-70, tau=0.1, duration=150)),
    ("izhikevich2004_fig1", "R"): ("model3", dict(b=0.2, c=-55, d=4, fI="int(t<200*ms)*t/ms/25 + int(t>=300*ms and t<312.5*ms)*((t/ms-300)/12.5*4)", V=-65, tau=0.5, duration=400)),
    ("izhikevich2004_fig1", "S"): ("model", dict(a=-0.02, b=-1, c=-60, d=8, fI="int(t<100*ms or t>400*ms)*80 + int(t>=100*ms and t<=400*ms)*75", V=-63.8, tau=0.5, duration=600)),
    ("izhikevich2004_fig1", "T"): ("model4", dict(a=-0.026, b=-1, c=-45, d=-2, fI="int(t<100*ms or t>500*ms)*80 + int(t>=100*ms and t<=500*ms)*75", V=-63.8, tau=0.5, duration=700)),
    ("izhikevich2004_fig1", "U"): ("model", dict(a=0.2, b=2, c=-56, d=-16, fI="int(t>100*ms)*-99 + int(t<=100*ms)*-109", tau=0.2, duration=1000)),
    ("izhikevich2003_fig2", "RS"): ("model", dict(d=8)),
    ("izhikevich2003_fig2", "IB"): ("model", dict(c=-55, d=4)),
    ("izhikevich2003_fig2", "CH"): ("model", dict(c=-50)),
    ("izhikevich2003_fig2", "FS"): ("model", dict(a=0.1)),
    ("izhikevich2003_fig2", "LTS"): ("model", dict(b=0.25)),
    ("izhikevich2003_fig2", "TC"): ("model", dict(fI="int(t>100*ms)*5", V=-63)),
    ("izhikevich2003_fig2", "TCburst"): ("model", dict(b=0.25, d=0.05, fI="int(t<=100*ms)*-10", V=-87)),
    ("izhikevich2003_fig2", "RZ"): ("model", dict(a=0.1, b=0.26, fI="int(t>100*ms)*-0.1 + int(t<=100*ms)*-1 + int(t>300*ms and t<350*ms)*5")),
}  # fmt: skip


def call(key: tuple[str, str]) -> dict:
    """The seed's call for (figure, panel) with the defaults filled in, plus what its
    function integrates: a, b, c, d, fI, V, tau, duration, v_rhs, u_rhs, freeze, u0, equation."""
    function, kwargs = SEED_CALLS[key]
    v_rhs, u_rhs, freeze, u0 = FUNCTIONS[function]
    args = {**DEFAULTS, **kwargs}
    return dict(args, v_rhs=v_rhs, u_rhs=u_rhs, freeze=freeze, u0=u0, equation=EQUATION[function])


def differences(rows: Iterable[Mapping]) -> list[str]:
    """Where the ``adjusted`` rows of a neuron table differ from the seed notebook's calls."""
    problems, seen = [], {}
    for row in rows:
        if row.get("variant") != "adjusted":
            continue
        key = (str(row["figure"]), str(row["panel"]))
        seen[key] = seen.get(key, 0) + 1
        if key not in SEED_CALLS:
            problems.append(f"row {row['id']!r}: the seed notebook has no call for {key}")
            continue
        seed = call(key)
        u0 = seed["u0"]
        cells = {
            "a": seed["a"], "b": seed["b"], "c": seed["c"], "d": seed["d"], "v0": seed["V"],
            "dt_ms": seed["tau"], "duration_ms": seed["duration"],
        }  # fmt: skip
        for column, value in cells.items():
            if float(row[column]) != float(value):
                problems.append(
                    f"row {row['id']!r}, column {column!r}: table {row[column]!r}, seed {value!r}"
                )
        text = str(row.get("u0") or "").strip()
        if (u0 is None) != (text in ("", "nan")) or (u0 is not None and float(text) != u0):
            problems.append(f"row {row['id']!r}, column 'u0': table {text!r}, seed {u0!r}")
        expected = {
            "scheme": "notebook",
            "equation": seed["equation"],
            "gate": "first_tenth" if seed["freeze"] else "none",
        }
        for column, value in expected.items():
            if str(row.get(column)) != value:
                problems.append(
                    f"row {row['id']!r}, column {column!r}: table {row.get(column)!r}, "
                    f"seed {value!r}"
                )
        if "".join(str(row["current"]).split()) != "".join(seed["fI"].split()):
            problems.append(
                f"row {row['id']!r}, column 'current': table {row['current']!r}, "
                f"seed {seed['fI']!r}"
            )
    for key in SEED_CALLS:
        if seen.get(key, 0) != 1:
            problems.append(f"seed call {key}: {seen.get(key, 0)} adjusted rows")
    return problems
