"""Parameter tables: read, validate against their JSON schemas, refuse bad rows early.

Every problem is reported with the table, the row id (and line) and the column, before
any simulation runs; nothing here writes results. Table text is never evaluated by
Python: numbers are parsed with ``float``/``int``, input expressions are parsed by Brian2.

Validation (JSON schema, Brian2 parsing) costs a second or two; a digest of each table
that passed is remembered in a cache file, so runs over unchanged tables skip it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
Check = Callable[[Mapping], Iterable[tuple[str, str]]]


class TableError(ValueError):
    """A parameter table that must not be run; the message lists every problem."""

    def __init__(self, path: str | os.PathLike, problems: Iterable[str]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{path}: {len(self.problems)} problem(s)\n{lines}")


@dataclass
class Table:
    """Rows of a parameter table by id, in file order, with their line numbers."""

    path: str
    columns: list[str]
    rows: dict[str, dict] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def __iter__(self) -> Iterator[dict]:
        return iter(self.rows.values())

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, row_id: str) -> dict:
        return self.rows[row_id]

    def ids(self) -> list[str]:
        """Row ids in file order."""
        return list(self.rows)

    def select(self, **equal: object) -> list[dict]:
        """Rows whose columns equal the given values, in file order."""
        return [r for r in self if all(r.get(k) == v for k, v in equal.items())]

    def where(self, row_id: str, column: str) -> str:
        """How problems name a cell: row id, line in the file, column."""
        return f"row {row_id!r} (line {self.lines.get(row_id, '?')}), column {column!r}"


def load_schema(name: str) -> dict:
    """The JSON schema ``workflow/schemas/{name}.schema.yaml``, with the enums the scheme
    registry defines (``izhikevich.schemes.schema_enums``) filled in."""
    from .schemes import complete_schema

    with open(SCHEMA_DIR / f"{name}.schema.yaml") as handle:
        return complete_schema(name, yaml.safe_load(handle))


def read_table(path: str | os.PathLike, schema: dict, validate: bool = True) -> Table:
    """Read a TSV; with ``validate``, check every row against the JSON ``schema``.

    Columns the schema types as numbers/integers are parsed (empty cells are missing
    values); schema defaults fill missing optional cells. Raises TableError naming the
    row and column of every problem found.
    """
    path = str(path)
    with open(path, newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        lines = [(n, cells) for n, cells in enumerate(reader, start=1) if any(cells)]
    if not lines:
        raise TableError(path, ["the table is empty (no header)"])
    header = [c.strip() for c in lines[0][1]]
    props = schema["properties"]
    missing = [c for c in schema.get("required", []) if c not in header]
    if missing:
        raise TableError(path, [f"missing column {c!r}" for c in missing])
    if len(lines) == 1:
        raise TableError(path, ["the table has no rows"])

    table = Table(path, header)
    problems: list[str] = []
    first_line: dict[str, int] = {}
    records: list[tuple[str, dict]] = []
    for number, cells in lines[1:]:
        if len(cells) != len(header):
            problems.append(
                f"line {number}: {len(cells)} cells for {len(header)} columns "
                "(a tab too many or too few?)"
            )
            continue
        record = {}
        for column, text in zip(header, cells, strict=True):
            text = text.strip()
            if text == "":
                continue
            kind = props.get(column, {}).get("type")
            record[column] = _number(text, kind) if kind in ("number", "integer") else text
        row_id = str(record.get("id", f"line{number}"))
        if row_id in first_line:
            problems.append(
                f"row {row_id!r} (line {number}), column 'id': duplicate id "
                f"(first on line {first_line[row_id]})"
            )
            continue
        first_line[row_id] = number
        table.lines[row_id] = number
        records.append((row_id, record))

    if validate:
        validator = _validator(schema)
        for row_id, record in records:
            for error in sorted(validator.iter_errors(record), key=lambda e: list(e.path)):
                problems.append(f"{table.where(row_id, _error_column(error))}: {error.message}")
    if problems:
        raise TableError(path, problems)
    for row_id, record in records:
        for column, spec in props.items():
            if "default" in spec:
                record.setdefault(column, spec["default"])
        table.rows[row_id] = record
    return table


def _number(text: str, kind: str) -> float | int | str:
    try:
        value = float(text)
    except ValueError:
        return text  # the schema reports it: "'x' is not of type 'number'"
    if not math.isfinite(value):
        return text
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            return value  # 2.5 -> "2.5 is not of type 'integer'"
    return value


def _validator(schema: dict):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema)


def _error_column(error) -> str:
    if error.path:
        return str(error.path[0])
    if error.validator == "required":  # "'a' is a required property"
        return error.message.split("'")[1]
    return "?"


def check_rows(table: Table, checks: Iterable[Check]) -> None:
    """Apply row checks ``check(row) -> [(column, message), ...]``; raise TableError."""
    problems = [
        f"{table.where(row_id, column)}: {message}"
        for row_id, row in table.rows.items()
        for check in checks
        for column, message in check(row)
    ]
    if problems:
        raise TableError(table.path, problems)


def check_unique(table: Table, columns: tuple[str, ...], blame: str) -> None:
    """Refuse two rows with the same values in ``columns`` (named in column ``blame``)."""
    seen: dict[tuple, str] = {}
    problems = []
    for row_id, row in table.rows.items():
        key = tuple(row.get(c) for c in columns)
        if key in seen:
            problems.append(
                f"{table.where(row_id, blame)}: same {'/'.join(columns)} as row {seen[key]!r}"
            )
        seen.setdefault(key, row_id)
    if problems:
        raise TableError(table.path, problems)


def _digest(path: str, schema_name: str) -> str:
    from importlib.metadata import version

    sha = hashlib.sha256()
    here = Path(__file__).parent
    code = [here / name for name in ("tables.py", "schemes.py", "model.py", "network.py")]
    for part in (path, SCHEMA_DIR / f"{schema_name}.schema.yaml", *code):
        sha.update(Path(part).read_bytes())
    sha.update(json.dumps(load_schema(schema_name), sort_keys=True).encode())
    sha.update(version("brian2").encode())
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
    os.makedirs(os.path.dirname(os.path.abspath(cache)), exist_ok=True)
    tmp = f"{cache}.{os.getpid()}.tmp"
    with open(tmp, "w") as handle:
        json.dump(known, handle)
    os.replace(tmp, cache)


def load_validated(
    path: str | os.PathLike,
    schema_name: str,
    checks: Iterable[Check],
    expensive: Callable[[Table], None] | None = None,
    cache: str | os.PathLike | None = None,
) -> Table:
    """Read a table; validate it unless ``cache`` says this exact content already passed."""
    schema = load_schema(schema_name)
    digest = _digest(str(path), schema_name)
    if _cached(cache, digest):
        return read_table(path, schema, validate=False)
    table = read_table(path, schema)
    check_rows(table, checks)
    if expensive is not None:
        expensive(table)
    _remember(cache, digest)
    return table


# --------------------------------------------------------------------------- neurons


def load_neurons(path: str | os.PathLike, cache: str | os.PathLike | None = None) -> Table:
    """Read and validate params/neurons.tsv (schema, steps, schemes, panels, inputs)."""

    def expensive(table: Table) -> None:
        check_unique(table, ("figure", "variant", "panel"), "panel")
        check_currents(table)

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


def check_currents(table: Table) -> None:
    """Have Brian2 parse every ``current``; unknown names, syntax, units -> TableError."""
    from .model import CurrentError, check_current

    problems = []
    for row_id, row in table.rows.items():
        try:
            check_current(row["current"])
        except CurrentError as err:
            problems.append(f"{table.where(row_id, 'current')}: {err}")
    if problems:
        raise TableError(table.path, problems)


# --------------------------------------------------------------------------- network


def load_network(path: str | os.PathLike, cache: str | os.PathLike | None = None) -> Table:
    """Read and validate params/network.tsv (schema, size, steps, one row per seed)."""

    def expensive(table: Table) -> None:
        check_unique(table, NETWORK_CONFIGURATION + ("seed",), "seed")

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


def network_fig3_id(table: Table) -> str:
    """The row drawn as 2003 Fig. 3: net.m's network (scheme izhikevich, 800 + 200 neurons,
    unscaled weights) with the smallest seed; else the first izhikevich row; else the first."""
    published = [
        row
        for row in table.select(scheme="izhikevich", Ne=800, Ni=200)
        if row.get("weight_scaling", "none") == "none"
    ]
    if published:
        return min(published, key=lambda row: row["seed"])["id"]
    rows = table.select(scheme="izhikevich") or list(table)
    return rows[0]["id"]
