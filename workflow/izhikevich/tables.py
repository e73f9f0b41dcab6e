"""Parameter tables: read with pandas, validate with JSON schemas, refuse bad rows early.

Every problem is reported at once, each with the table, the row id (and line) and the
column, before any simulation runs; nothing here writes results. Table text is never
evaluated by Python: pandas splits the cells, numbers are read exactly as Python reads
them (``float``), input expressions are parsed by Brian2. Tables as spreadsheets save them
read the same as plain ones: a UTF-8 byte-order mark, CRLF line endings, empty trailing
cells left out. Row ids name files (``results/neurons/{id}.npz``), so an id that cannot be
a file name on common filesystems is refused too.

A loaded table is a ``pandas.DataFrame`` indexed by row id (the ``id`` column stays), rows
in file order, empty cells missing (NaN), schema defaults filled in; ``rows(table)`` gives
each row as a dict of Python values, as the jobs get it.

Validation (JSON schema, Brian2 parsing) costs a second or two; a digest of each table
that passed, with the schema, the code that checked it and its libraries' versions, is
remembered in a cache file, so runs over unchanged tables skip it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import guards
from .io import atomic_write

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
Check = Callable[[Mapping], Iterable[tuple[str, str]]]

#: Longest file name on common filesystems (ext4, XFS, APFS, NTFS: 255 bytes).
MAX_FILE_NAME = 255
#: The longest file name a job makes from a row id: the temporary file of an atomic write
#: of its NPZ, ``.{id}.npz.{pid}.tmp`` (pid up to 7 digits, Linux's largest pid_max).
LONGEST_NAME = ".{id}.npz.4194304.tmp"
MAX_ID_LENGTH = MAX_FILE_NAME - len(LONGEST_NAME.format(id=""))
#: Names Windows reserves for devices, with or without an extension ("CON", "nul.x").
RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in "123456789"
}


class TableError(ValueError):
    """A parameter table that must not be run; the message lists every problem."""

    def __init__(self, path: str | os.PathLike, problems: Iterable[str]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{path}: {len(self.problems)} problem(s)\n{lines}")


def load_schema(name: str) -> dict:
    """The JSON schema ``workflow/schemas/{name}.schema.yaml``, with the enums the scheme
    registry defines (``izhikevich.schemes.schema_enums``) filled in."""
    from .schemes import complete_schema

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there
    with open(SCHEMA_DIR / f"{name}.schema.yaml") as handle:
        return complete_schema(name, yaml.load(handle, Loader=loader))


def where(row_id: str, line: int | str, column: str) -> str:
    """How problems name a cell: row id, line in the file, column."""
    return f"row {row_id!r} (line {line}), column {column!r}"


def cell(table: pd.DataFrame, row_id: str, column: str) -> str:
    """``where`` for a row of a loaded table (its lines are kept in ``table.attrs``)."""
    return where(row_id, table.attrs.get("lines", {}).get(row_id, "?"), column)


# ------------------------------------------------------------------------ reading


def read_cells(path: str | os.PathLike) -> tuple[pd.DataFrame, list[str]]:
    """The cells of a TSV as stripped text (pandas), one row per non-blank line.

    The index is the line number in the file; a UTF-8 byte-order mark is dropped and CRLF
    read as LF. Returns the cells and the problems found (a line with more cells than the
    header has columns); missing trailing cells are empty.
    """
    text = Path(path).read_text(encoding="utf-8-sig")  # newline=None: CRLF/CR -> LF
    if not text.strip():
        raise TableError(path, ["the table is empty (no header)"])
    width = 1 + max(line.count("\t") for line in text.split("\n"))
    cells = pd.read_csv(
        io.StringIO(text),
        sep="\t",
        header=None,
        names=range(width),
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
    )
    cells.index += 1  # line numbers
    cells = cells.apply(lambda column: column.str.strip())
    cells = cells[(cells != "").any(axis=1)]
    header = list(cells.iloc[0])
    while header and header[-1] == "":
        header.pop()
    body = cells.iloc[1:]
    problems = []
    extra = body.iloc[:, len(header) :]
    too_long = (extra != "").any(axis=1)
    for line, row in extra[too_long].iterrows():
        used = len(header) + int(np.flatnonzero(row.to_numpy() != "")[-1]) + 1
        problems.append(f"line {line}: {used} cells for {len(header)} columns (a tab too many?)")
    body = body[~too_long]
    nameless = [n + 1 for n, name in enumerate(header) if name == ""]
    twice = sorted({name for name in header if header.count(name) > 1 and name})
    problems += [f"column {n} of the header has no name" for n in nameless]
    problems += [f"column {name!r} appears more than once in the header" for name in twice]
    if problems and (nameless or twice):
        raise TableError(path, problems)
    body = body.iloc[:, : len(header)].set_axis(header, axis=1)
    return body, problems


def _numbers(text: pd.Series, integer: bool) -> pd.Series:
    """Cells of a number column: finite numbers parsed (as Python's ``float`` does, to the
    last bit; integers as ``int``); any other text is kept for the schema to refuse."""
    finite = np.isfinite(pd.to_numeric(text.where(text != ""), errors="coerce"))
    values = text.astype(object)
    numbers = text[finite].astype(float)
    if integer:
        numbers = numbers.map(lambda x: int(x) if x.is_integer() else x).astype(object)
    values[finite] = numbers
    return values


def _typed(cells: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Text cells with the number and integer columns of ``schema`` parsed."""
    typed = cells.astype(object)
    for column, spec in schema["properties"].items():
        if column in typed and spec.get("type") in ("number", "integer"):
            typed[column] = _numbers(cells[column], spec["type"] == "integer")
    return typed


def _records(cells: pd.DataFrame, typed: pd.DataFrame) -> Iterator[tuple[int, dict]]:
    """(line, the row's non-empty cells) for each row, columns in file order."""
    filled = (cells != "").to_numpy()
    for (line, values), mask in zip(typed.iterrows(), filled, strict=True):
        yield line, {c: v for c, v, keep in zip(typed.columns, values, mask, strict=True) if keep}


def read_table(
    path: str | os.PathLike, schema: dict, validate: bool = True
) -> tuple[pd.DataFrame, dict[str, int], list[str]]:
    """Read a TSV; with ``validate``, check every row against the JSON ``schema``.

    Returns the table (see the module docstring), each id's line, and every problem found
    (row, line and column named); raises TableError only when no row can be read at all.
    """
    cells, problems = read_cells(path)
    missing = [c for c in schema.get("required", []) if c not in cells.columns]
    if missing:
        raise TableError(path, [f"missing column {c!r}" for c in missing])
    if cells.empty:
        raise TableError(path, ["the table has no rows"])
    typed = _typed(cells, schema)
    validator = _validator(schema) if validate else None
    records, lines = [], {}
    for line, record in _records(cells, typed):
        row_id = str(record.get("id", f"line{line}"))
        if row_id in lines:
            problems.append(
                f"{where(row_id, line, 'id')}: duplicate id (first on line {lines[row_id]})"
            )
            continue
        lines[row_id] = line
        errors = validator.iter_errors(record) if validator else ()
        found = [
            f"{where(row_id, line, _error_column(error))}: {error.message}"
            for error in sorted(errors, key=lambda e: list(e.path))
        ]
        problems += found
        if not found:
            records.append(record)
    defaults = {c: s["default"] for c, s in schema["properties"].items() if "default" in s}
    columns = list(cells.columns) + [c for c in defaults if c not in cells.columns]
    table = pd.DataFrame.from_records(records, columns=columns)
    for column, default in defaults.items():
        table[column] = table[column].where(table[column].notna(), default)
    table.index = pd.Index(table["id"].tolist() if len(table) else [], dtype=object)
    table.attrs.update(path=str(path), lines=lines)
    return table, lines, problems


def _validator(schema: dict):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema)


def _error_column(error) -> str:
    if error.path:
        return str(error.path[0])
    if error.validator == "required":  # "'a' is a required property"
        return error.message.split("'")[1]
    return "?"


def _native(value: object) -> object:
    return value.item() if isinstance(value, np.generic) else value


def rows(table: pd.DataFrame) -> dict[str, dict]:
    """Row id -> the row's cells (missing ones left out) as Python numbers and text."""
    return {
        row_id: {k: _native(v) for k, v in values.items() if not _missing(v)}
        for row_id, values in zip(table.index, table.to_dict("records"), strict=True)
    }


def row(table: pd.DataFrame, row_id: str) -> dict:
    """One row of ``table`` as ``rows`` gives it."""
    values = table.loc[row_id]
    return {k: _native(v) for k, v in values.items() if not _missing(_native(v))}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# ------------------------------------------------------------------------ checks


def _check_rows(table: pd.DataFrame, lines: Mapping, checks: Iterable[Check]) -> list[str]:
    """Problems found by row checks ``check(row) -> [(column, message), ...]``."""
    checks = list(checks)
    return [
        f"{where(row_id, lines[row_id], column)}: {message}"
        for row_id, row in rows(table).items()
        for check in checks
        for column, message in check(row)
    ]


def _check_unique(
    table: pd.DataFrame, lines: Mapping, columns: tuple[str, ...], blame: str
) -> list[str]:
    """Two rows with the same values in ``columns`` (the second named in column ``blame``)."""
    if table.empty:
        return []
    key = table[list(columns)].astype(str).agg("\x1f".join, axis=1)
    first = key.groupby(key, sort=False).transform(lambda k: k.index[0])
    return [
        f"{where(row_id, lines[row_id], blame)}: same {'/'.join(columns)} as row {other!r}"
        for row_id, other in first[key.duplicated()].items()
    ]


def check_file_names(table: pd.DataFrame, lines: Mapping) -> list[str]:
    """Ids that cannot name a file on common filesystems (the schema's pattern already
    allows only letters, digits, ``_``, ``.`` and ``-``): too long, a Windows device name,
    a final dot, or the same as another id but for upper/lower case (macOS, Windows)."""
    problems = []
    for row_id in table.index:
        cell = where(row_id, lines[row_id], "id")
        if len(row_id.encode()) > MAX_ID_LENGTH:
            problems.append(
                f"{cell}: {len(row_id)} characters, at most {MAX_ID_LENGTH}: ids name files "
                f"({LONGEST_NAME}), and file names have at most {MAX_FILE_NAME} bytes"
            )
        if row_id.split(".")[0].upper() in RESERVED_NAMES:
            problems.append(f"{cell}: {row_id.split('.')[0]} is a device name on Windows")
        if row_id.endswith("."):
            problems.append(f"{cell}: ends with '.', which Windows drops from file names")
    folded = pd.Series(table.index, index=table.index).str.lower()
    first = folded.groupby(folded, sort=False).transform(lambda k: k.index[0])
    for row_id, other in first[folded.duplicated()].items():
        problems.append(
            f"{where(row_id, lines[row_id], 'id')}: the same file name as row {other!r} on "
            "filesystems that ignore case (macOS, Windows)"
        )
    return problems


# ------------------------------------------------------------------------ cache


def _digest(path: str | os.PathLike, schema_name: str, schema: dict) -> str:
    """Table, schema, the code that validates (this module and every package module it
    imports) and the versions of the libraries that parse."""
    from importlib.metadata import version

    from .codedeps import script_modules

    sha = hashlib.sha256()
    code = [Path(__file__), *script_modules(__file__, module=__name__)]
    for part in (path, SCHEMA_DIR / f"{schema_name}.schema.yaml", *code):
        sha.update(Path(part).read_bytes())
    sha.update(json.dumps(schema, sort_keys=True).encode())
    for package in ("brian2", "pandas", "jsonschema"):
        sha.update(version(package).encode())
    return sha.hexdigest()


def _cached(cache: str | os.PathLike | None, digest: str) -> bool:
    if cache is None or not os.path.exists(cache):
        return False
    try:
        with open(cache) as handle:
            return digest in json.load(handle)
    except (OSError, ValueError):
        return False


def _remember(cache: str | os.PathLike | None, digest: str) -> None:
    if cache is None:
        return
    known: list[str] = []
    if os.path.exists(cache):
        try:
            with open(cache) as handle:
                known = list(json.load(handle))
        except (OSError, ValueError):
            known = []
    known = [k for k in known if k != digest][-50:] + [digest]
    with atomic_write(cache) as tmp:
        tmp.write_text(json.dumps(known))


def load_validated(
    path: str | os.PathLike,
    schema_name: str,
    checks: Iterable[Check],
    expensive: Callable[[pd.DataFrame, Mapping], list[str]] | None = None,
    cache: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Read a table; validate it unless ``cache`` says this exact content already passed.

    Every problem (cells, rows, ids, ``expensive`` table-wide checks) is collected first,
    then raised together as one TableError.
    """
    schema = load_schema(schema_name)
    digest = _digest(path, schema_name, schema)
    if _cached(cache, digest):
        return read_table(path, schema, validate=False)[0]
    table, lines, problems = read_table(path, schema)
    problems += check_file_names(table, lines)
    problems += _check_rows(table, lines, checks)
    if expensive is not None:
        problems += expensive(table, lines)
    if problems:
        raise TableError(path, problems)
    _remember(cache, digest)
    return table


# --------------------------------------------------------------------------- neurons


def load_neurons(path: str | os.PathLike, cache: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read and validate params/neurons.tsv (schema, steps, schemes, panels, inputs)."""

    def expensive(table: pd.DataFrame, lines: Mapping) -> list[str]:
        return _check_unique(table, lines, ("figure", "variant", "panel"), "panel") + (
            check_currents(table, lines)
        )

    return load_validated(path, "neurons", [_check_steps, _check_scheme], expensive, cache)


def _check_steps(row: Mapping):
    from .model import is_multiple

    if not is_multiple(row["duration_ms"], row["dt_ms"]):
        yield (
            "duration_ms",
            f"{row['duration_ms']:g} ms is not a whole number of steps of "
            f"dt_ms = {row['dt_ms']:g} ms",
        )


def _check_scheme(row: Mapping):
    from .schemes import neuron_scheme

    scheme = neuron_scheme(row["scheme"])
    yield from scheme.problems(row.get("equation", "standard"), row.get("gate", "none"))


def check_currents(table: pd.DataFrame, lines: Mapping) -> list[str]:
    """Have Brian2 parse every ``current``: unknown names, syntax, units."""
    from .model import CurrentError, check_current

    problems = []
    for row_id, current in table["current"].items():
        try:
            check_current(current)
        except CurrentError as err:
            problems.append(f"{where(row_id, lines[row_id], 'current')}: {err}")
    return problems


# --------------------------------------------------------------------------- network


def load_network(path: str | os.PathLike, cache: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read and validate params/network.tsv (schema, size, steps, one row per seed)."""

    def expensive(table: pd.DataFrame, lines: Mapping) -> list[str]:
        return _check_unique(table, lines, NETWORK_CONFIGURATION + ("seed",), "seed")

    checks = [_check_network_size, _check_network_steps]
    return load_validated(path, "network", checks, expensive, cache)


#: Columns that make a network configuration; rows that differ only in ``seed`` are its seeds.
NETWORK_CONFIGURATION = ("scheme", "Ne", "Ni", "duration_ms", "weight_scaling")


def _check_network_size(row: Mapping):
    if row["Ne"] + row["Ni"] == 0:
        yield ("Ne", "Ne = Ni = 0: the network has no neurons (one of Ne, Ni may be 0)")


def _check_network_steps(row: Mapping):
    from .model import is_multiple
    from .schemes import network_scheme

    dt = network_scheme(row["scheme"]).dt_ms
    if not is_multiple(row["duration_ms"], dt):
        yield (
            "duration_ms",
            f"{row['duration_ms']:g} ms is not a whole number of the {row['scheme']} "
            f"scheme's {dt:g} ms steps",
        )


def check_budget(neurons, network, budget: guards.Budget, schemes: Iterable[str] = ()) -> None:
    """Refuse (:class:`TableError`) every job of the tables over ``budget``.

    ``neurons``, ``network``: validated tables (``tables.load_neurons``/``load_network``);
    ``schemes``: the update schemes every original row is also run under (config
    ``scheme_comparison``).
    """
    from .model import NeuronSpec
    from .network import NetworkSpec
    from .schemes import comparison_row

    raise_hint = (
        "raise the budget in config/config.yaml or with "
        "`snakemake --config budget_mem_mb=... budget_runtime_min=...`, or change column "
    )
    for table, kind in ((neurons, "neuron"), (network, "network")):
        problems = []
        for row in rows(table).values():
            if kind == "neuron":
                jobs = [(row, "")]
                if row.get("variant") == "original":
                    jobs += [
                        (comparison_row(row, s), f" under scheme {s} (scheme comparison)")
                        for s in schemes
                        if s != row["scheme"]
                    ]
                for job, label in jobs:
                    spec = NeuronSpec.from_row(job)
                    cost = guards.neuron_cost(spec)
                    column = guards.neuron_column(spec)
                    over = budget.over(cost)
                    if over:
                        problems.append(
                            f"{cell(table, row['id'], column)}: run{label} estimated at "
                            f"{cost.describe()}: {'; '.join(over)}. To run it, "
                            f"{raise_hint}{column!r}"
                        )
                        break
            else:
                spec = NetworkSpec.from_row(row)
                cost = guards.network_cost(spec)
                over = budget.over(cost)
                if over:
                    column = guards.network_column(spec, cost)
                    hint = (
                        " (weights x 1000/N, column 'weight_scaling', keep it in net.m's regime)"
                        if guards.runaway(spec)
                        else ""
                    )
                    problems.append(
                        f"{cell(table, row['id'], column)}: run estimated at {cost.describe()}"
                        f": {'; '.join(over)}. To run it, {raise_hint}{column!r}{hint}"
                    )
        if problems:
            raise TableError(table.attrs.get("path", "table"), problems)


def load_numerics_network(
    path: str | os.PathLike, network: pd.DataFrame, budget: guards.Budget
) -> pd.DataFrame:
    """Read and validate params/numerics_network.tsv, the network step-size study (issue 14):
    schema, each id a row of ``network`` (a validated network table), each step one its
    scheme runs (``NetworkScheme.step_problem``: net.m's any h <= 1 ms with 1 ms a whole
    number of steps, the others their own), the duration a whole number of steps, and
    every run within ``budget`` (its scheme's resource model at that step). Every problem
    at once, row, line and column named; not cached (it depends on the network table)."""
    from .network import NetworkSpec
    from .numerics_network import parse_steps, step_problems

    network_rows = rows(network)

    def check(row: Mapping):
        problems = step_problems(row, network_rows)
        yield from problems
        if problems:
            return
        spec = NetworkSpec.from_row(network_rows[row["id"]])
        for step in parse_steps(row["steps_ms"]):
            cost = guards.network_cost(NetworkSpec(**{**vars(spec), "step_ms": step}))
            over = budget.over(cost)
            if over:
                yield (
                    "steps_ms",
                    f"run at {step:g} ms estimated at {cost.describe()}: {'; '.join(over)}. "
                    "To run it, raise the budget (config budget_mem_mb, budget_runtime_min) "
                    "or use a coarser step",
                )

    return load_validated(path, "numerics_network", [check])


# --------------------------------------------------------------------------- sweeps

#: Published types a map may carry besides its grid (2003 Fig. 2 has eight rows).
MAX_TYPES_PER_MAP = 8


def load_sweeps(
    path: str | os.PathLike,
    neurons: pd.DataFrame,
    budget: guards.Budget,
    cache: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Read and validate params/sweeps.tsv (the parameter atlas): schema, the two swept
    parameters and their ranges, the fixed ones, the protocol row (an id of ``neurons``, a
    validated params/neurons.tsv) and every chunk's cost against ``budget``; every problem
    named by row and column, before any job."""
    table = load_validated(path, "sweeps", [_check_sweep_axes], None, cache)
    lines = table.attrs.get("lines", {})
    problems = []
    for sweep_row in rows(table).values():
        problems += [
            f"{where(sweep_row['id'], lines.get(sweep_row['id'], '?'), column)}: {message}"
            for column, message in _check_sweep_protocol(sweep_row, neurons, budget)
        ]
    if problems:
        raise TableError(path, problems)
    return table


def no_sweeps() -> pd.DataFrame:
    """An empty sweeps table (config ``sweeps: none``: no maps)."""
    columns = list(load_schema("sweeps")["properties"])
    table = pd.DataFrame(columns=columns)
    table.index = pd.Index([], dtype=object)
    table.attrs.update(path="none", lines={})
    return table


def _check_sweep_axes(row: Mapping):
    from .atlas import PARAMETERS

    x, y = row["x"], row["y"]
    if x == y:
        yield ("y", f"sweeps {y!r} twice: x and y must be two different parameters")
    for axis in ("x", "y"):
        low, high = row[f"{axis}_min"], row[f"{axis}_max"]
        if not low < high:
            what = "an empty range" if low == high else "a reversed range"
            yield (
                f"{axis}_max",
                f"{axis}_min = {low:g} to {axis}_max = {high:g} is {what}: "
                f"{axis}_max must be greater than {axis}_min",
            )
    for p in PARAMETERS:
        if p in (x, y) and p in row:
            yield (p, f"{p} is swept (column {'x' if p == x else 'y'}); leave {p} empty")
        elif p not in (x, y) and p not in row:
            yield (p, f"{p} is not swept: give its value")


def _check_sweep_protocol(sweep_row: Mapping, neurons: pd.DataFrame, budget: guards.Budget):
    from .atlas import Sweep
    from .atlas_chunks import chunk_cost
    from .model import NeuronSpec
    from .schemes import neuron_scheme

    protocol = sweep_row["protocol"]
    if protocol not in neurons.index:
        yield (
            "protocol",
            f"{protocol!r} is not a row of {neurons.attrs.get('path', 'params/neurons.tsv')}",
        )
        return
    protocol_row = {**row(neurons, protocol), "scheme": sweep_row["scheme"]}
    spec = NeuronSpec.from_row(protocol_row)
    problems = neuron_scheme(spec.scheme).problems(spec.equation, "none")
    for column, message in problems:
        yield ("protocol", f"row {protocol!r}, column {column}: {message}")
    if problems:
        return
    sweep = Sweep.from_row(sweep_row)
    # a chunk's share of the grid, plus the published types on the map (the last chunk)
    points = min(sweep.points_per_job, sweep.n_grid) + MAX_TYPES_PER_MAP
    cost = chunk_cost(points, spec.n_steps, record_v=True)
    over = budget.over(cost)
    if over:
        yield (
            "points_per_job",
            f"a chunk of {points:,} points estimated at {cost.describe()}: "
            f"{'; '.join(over)}. Lower points_per_job, or raise the budget in "
            "config/config.yaml or with `snakemake --config budget_mem_mb=...`",
        )


def network_fig3_id(table: pd.DataFrame) -> str:
    """The row drawn as 2003 Fig. 3: net.m's network (scheme izhikevich, 800 + 200 neurons,
    unscaled weights) with the smallest seed; else the first izhikevich row; else the first."""
    izhikevich = table[table["scheme"] == "izhikevich"]
    published = izhikevich.query("Ne == 800 and Ni == 200 and weight_scaling == 'none'")
    if len(published):
        return str(published["seed"].idxmin())
    return str((izhikevich if len(izhikevich) else table).index[0])


# --------------------------------------------------------------------------- f-I curves


def load_fI_curves(
    path: str | os.PathLike, neurons: pd.DataFrame, budget: guards.Budget | None = None
) -> pd.DataFrame:
    """Read and validate params/fI_curves.tsv against the validated neuron table: each id
    a row of it whose scheme runs populations, I_min < I_max, the window inside the run,
    whole steps of the row's dt; each curve, and the one job that computes them all
    (``fI_job_cost``), within ``budget``. Cheap (no Brian2 parsing), so always checked:
    the neuron table is part of the check."""
    from .schemes import neuron_scheme

    neuron_rows = rows(neurons)
    source = neurons.attrs.get("path", "the neuron table")

    def check(row: Mapping):
        from .model import is_multiple

        neuron = neuron_rows.get(row["id"])
        if neuron is None:
            yield (
                "id",
                f"no row {row['id']!r} in {source}: an f-I curve is of a row of the neuron "
                "table (config fI_curves names this table; '' for no f-I curves)",
            )
        elif not neuron_scheme(neuron["scheme"]).population:
            yield (
                "id",
                f"row {row['id']!r} of {source} runs scheme {neuron['scheme']!r}, which "
                "cannot run a population (one Brian2 group of all the curve's inputs)",
            )
        elif not is_multiple(row["duration_ms"], neuron["dt_ms"]):
            yield (
                "duration_ms",
                f"{row['duration_ms']:g} ms is not a whole number of the row's steps "
                f"(dt_ms = {neuron['dt_ms']:g} ms)",
            )
        elif budget is not None:
            over = budget.over(fI_job_cost({row["id"]: row}, neuron_rows))
            if over:
                yield (
                    "duration_ms",
                    f"this curve alone is estimated at {'; '.join(over)}: shorten "
                    "duration_ms or use fewer points, or raise the budget in "
                    "config/config.yaml or with `snakemake --config budget_mem_mb=... "
                    "budget_runtime_min=...`",
                )
        if not row["I_min"] < row["I_max"]:
            yield ("I_max", f"I_max = {row['I_max']:g} is not above I_min = {row['I_min']:g}")
        if not row["settle_ms"] < row["duration_ms"]:
            yield (
                "settle_ms",
                f"settle_ms = {row['settle_ms']:g} leaves no window before duration_ms = "
                f"{row['duration_ms']:g}",
            )

    table = load_validated(path, "fI_curves", [check])
    if budget is not None and len(table) > 1:
        over = budget.over(fI_job_cost(rows(table), neuron_rows))
        if over:
            first = table.index[0]
            raise TableError(
                path,
                [
                    f"{where(first, table.attrs['lines'][first], 'id')}: the one job that "
                    f"computes all {len(table)} curves is estimated at {'; '.join(over)} "
                    "(each curve alone is within it): split the table (config fI_curves), "
                    "or raise the budget",
                ],
            )
    return table


def fI_job_cost(fI_rows: Mapping[str, Mapping], neuron_rows: Mapping[str, Mapping]):
    """Memory and wall time (``guards.Cost``) of the job computing the curves of ``fI_rows``
    (``izhikevich.fi_curves.compute_curves``), from the population resource model of the
    atlas's chunks (v not recorded): memory of the largest population, the first round of
    every curve at once; wall time of every input of every round."""
    from .atlas_chunks import chunk_cost
    from .fi_curves import CurveSettings

    first, steps, runtime = 0, 0, 0.0
    for row_id, fI_row in fI_rows.items():
        settings = CurveSettings.from_row(fI_row)
        n_steps = settings.spec(neuron_rows[row_id]).n_steps
        inputs = settings.points + settings.refine_rounds * settings.refine_points
        first, steps = first + settings.points, max(steps, n_steps)
        runtime += chunk_cost(inputs, n_steps, record_v=False).runtime_s
    cost = chunk_cost(first, steps, record_v=False)
    return dataclasses.replace(cost, runtime_s=max(cost.runtime_s, runtime))


# --------------------------------------------------------------------------- step-size study


def load_numerics_neurons(
    path: str | os.PathLike,
    neurons: pd.DataFrame,
    budget: guards.Budget | None = None,
    cache: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Read and validate params/numerics_neurons.tsv (issue 14): each row names a row of
    the validated ``neurons`` table run under the published update; divisors increasing
    from 1, each a whole number of steps; a reference scheme that locates spikes within the
    step, its step a whole number of steps of T; every run within ``budget``."""
    table = load_validated(path, "numerics_neurons", [_check_study_row], None, cache)
    lines = table.attrs["lines"]
    problems = []
    for row_id, row in rows(table).items():
        if row_id not in neurons.index:
            problems.append(f"{where(row_id, lines[row_id], 'id')}: no such row in neurons table")
            continue
        problems += [
            f"{where(row_id, lines[row_id], column)}: {message}"
            for column, message in _study_runs(row, rows(neurons.loc[[row_id]])[row_id], budget)
        ]
    if problems:
        raise TableError(path, problems)
    return table


def _check_study_row(row: Mapping):
    from .schemes import NEURON_SCHEMES

    ks = [int(k) for k in str(row["divisors"]).split(";")]
    if ks[0] != 1 or any(b <= a for a, b in zip(ks, ks[1:], strict=False)):
        yield ("divisors", f"{row['divisors']}: increasing, starting with 1 (the published step)")
    scheme = NEURON_SCHEMES.get(row["reference"])
    if scheme is None or not scheme.located_spikes:
        located = [name for name, s in NEURON_SCHEMES.items() if s.located_spikes]
        yield ("reference", f"{row['reference']!r}: expected a scheme among {located}")


def _study_runs(row: Mapping, neuron: Mapping, budget: guards.Budget | None):
    """(column, message) for a study row whose runs cannot be made from its neurons row."""
    from .model import NeuronSpec, is_multiple
    from .numerics import run_names, run_row
    from .reference import Input, ReferenceInputError

    if neuron["scheme"] != "izhikevich":
        yield (
            "id",
            f"row {neuron['id']} runs scheme {neuron['scheme']}; the study refines "
            "the published update (izhikevich)",
        )
        return
    try:
        Input.from_current(neuron["current"])
    except ReferenceInputError as err:
        yield (
            "id",
            "its input (neurons table, column 'current') cannot be integrated by the "
            f"reference: {err}",
        )
    for run in run_names(row):
        spec = NeuronSpec.from_row(run_row(neuron, row, run))
        column = "divisors" if run.startswith("k") else "reference_dt_ms"
        if not is_multiple(spec.duration_ms, spec.dt_ms):
            yield (
                column,
                f"{run}: T = {spec.duration_ms:g} ms is not a whole number of "
                f"steps of {spec.dt_ms:g} ms",
            )
            continue
        over = budget.over(guards.neuron_cost(spec)) if budget is not None else []
        if over:
            yield (
                column,
                f"{run} estimated at {guards.neuron_cost(spec).describe()}: {'; '.join(over)}",
            )
