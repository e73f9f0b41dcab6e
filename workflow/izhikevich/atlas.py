"""The parameter atlas: 2003 Fig. 2's (a, b) and (c, d) planes computed by simulation.

Izhikevich (2003, "Simple Model of Spiking Neurons", Fig. 2) places the neuron types in two
parameter planes, (a, b) and (c, d), as a sketch. Here every point of a plane is simulated
under the published update and classified by the project's classifier
(``izhikevich.behaviour``). One row of params/sweeps.tsv is one map: two swept parameters
(ranges, resolutions), the values of the other two, a protocol (a row of
params/neurons.tsv whose input, step, duration, v0, u0 and equation it reuses) and the
number of points per job. A map is cut into chunks, each chunk simulated as one Brian2
NeuronGroup (``schemes.simulate_population``), classified point by point and saved as NPZ;
``map_table`` assembles the chunks into one table per map.

Published types on a map: a 2003 Fig. 2 type (original row) is *on* a map when it is the
same run but for the two swept parameters: its other two parameters equal the map's fixed
values and its input, step, duration, v0, u0 and equation equal the protocol's. Its exact
point is simulated with the map (appended after the grid points, column ``type``), so its
class on the map can be compared with its own row's class (results/validation.tsv). Types
whose other parameters or input differ are drawn where the paper's sketch puts them, as
hollow markers, and not compared.

Nothing here imports Brian2 or the simulation code: the jobs that assemble and draw the
maps depend on this module, not on the schemes (the chunks: ``izhikevich.atlas_chunks``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: Parameters a map may sweep or fix (per-neuron parameters of the published model).
PARAMETERS = ("a", "b", "c", "d")
#: Columns of params/neurons.tsv a map reuses from its protocol row (the run but a, b, c, d).
PROTOCOL_COLUMNS = ("current", "dt_ms", "duration_ms", "v0", "u0", "equation")
#: Figure and variant of the published types marked on the maps (2003 Fig. 2).
TYPES_FIGURE = ("izhikevich2003_fig2", "original")


@dataclass(frozen=True)
class Sweep:
    """One map (a row of params/sweeps.tsv)."""

    id: str
    x: str
    x_min: float
    x_max: float
    x_n: int
    y: str
    y_min: float
    y_max: float
    y_n: int
    fixed: Mapping[str, float]
    protocol: str
    scheme: str
    points_per_job: int

    @classmethod
    def from_row(cls, row: Mapping) -> Sweep:
        fixed = {p: float(row[p]) for p in PARAMETERS if p not in (row["x"], row["y"])}
        return cls(
            id=str(row["id"]),
            x=str(row["x"]),
            x_min=float(row["x_min"]),
            x_max=float(row["x_max"]),
            x_n=int(row["x_n"]),
            y=str(row["y"]),
            y_min=float(row["y_min"]),
            y_max=float(row["y_max"]),
            y_n=int(row["y_n"]),
            fixed=fixed,
            protocol=str(row["protocol"]),
            scheme=str(row.get("scheme", "izhikevich")),
            points_per_job=int(row["points_per_job"]),
        )

    @property
    def x_values(self) -> np.ndarray:
        return np.linspace(self.x_min, self.x_max, self.x_n)

    @property
    def y_values(self) -> np.ndarray:
        return np.linspace(self.y_min, self.y_max, self.y_n)

    @property
    def n_grid(self) -> int:
        return self.x_n * self.y_n


def grid(sweep: Sweep) -> dict[str, np.ndarray]:
    """a, b, c, d of every grid point; point k = i_y * x_n + i_x (x varies fastest)."""
    xx, yy = np.meshgrid(sweep.x_values, sweep.y_values)
    n = sweep.n_grid
    values = {p: np.full(n, value) for p, value in sweep.fixed.items()}
    values[sweep.x] = xx.reshape(-1)
    values[sweep.y] = yy.reshape(-1)
    return {p: values[p] for p in PARAMETERS}


def same_protocol(row: Mapping, protocol_row: Mapping) -> bool:
    """Do two rows of params/neurons.tsv run the same input, step, duration, v0, u0 and
    equation (everything but a, b, c, d)?"""
    return all(
        _value(row.get(c)) == _value(protocol_row.get(c))
        for c in PROTOCOL_COLUMNS
        if c != "equation"
    ) and (row.get("equation") or "standard") == (protocol_row.get("equation") or "standard")


def _value(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return value


def types_on(sweep: Sweep, protocol_row: Mapping, neuron_rows: Mapping[str, Mapping]) -> dict:
    """Published 2003 types on this map (see the module docstring): panel -> its a, b, c, d.
    Only types inside the map's ranges and run by the map's scheme."""
    out = {}
    for row in neuron_rows.values():
        if (row.get("figure"), row.get("variant")) != TYPES_FIGURE:
            continue
        if row.get("scheme") != sweep.scheme or not same_protocol(row, protocol_row):
            continue
        if any(float(row[p]) != v for p, v in sweep.fixed.items()):
            continue
        inside = all(
            low <= float(row[p]) <= high
            for p, low, high in (
                (sweep.x, sweep.x_min, sweep.x_max),
                (sweep.y, sweep.y_min, sweep.y_max),
            )
        )
        if inside:
            out[str(row["panel"])] = {p: float(row[p]) for p in PARAMETERS}
    return out


def sketch_positions(sweep: Sweep, neuron_rows: Mapping[str, Mapping]) -> dict:
    """Where the paper's sketch puts every 2003 type on this map's plane: panel -> (x, y)
    (its own swept parameters, whatever its other parameters and input)."""
    out: dict[str, tuple[float, float]] = {}
    for row in neuron_rows.values():
        if (row.get("figure"), row.get("variant")) == TYPES_FIGURE:
            out.setdefault(str(row["panel"]), (float(row[sweep.x]), float(row[sweep.y])))
    return out


def points(sweep: Sweep, marks: Mapping[str, Mapping[str, float]]) -> dict[str, np.ndarray]:
    """Every point of the map: the grid, then the published types on it (``types_on``)."""
    values = grid(sweep)
    for p in PARAMETERS:
        extra = [m[p] for m in marks.values()]
        values[p] = np.concatenate([values[p], np.asarray(extra, dtype=float)])
    return values


def n_chunks(sweep: Sweep) -> int:
    """Jobs of a map: ceil(grid points / points_per_job)."""
    return max(1, math.ceil(sweep.n_grid / sweep.points_per_job))


def chunk_slice(sweep: Sweep, n_marks: int, chunk: int) -> slice:
    """The points of job ``chunk`` (indices into ``points``): its share of the grid; the
    last job also runs the published types on the map (at most a few points)."""
    chunks = n_chunks(sweep)
    if not 0 <= chunk < chunks:
        raise ValueError(f"sweep {sweep.id!r}: no chunk {chunk} (it has {chunks})")
    start = chunk * sweep.points_per_job
    stop = sweep.n_grid + n_marks if chunk == chunks - 1 else start + sweep.points_per_job
    return slice(start, stop)


# --------------------------------------------------------------------------- features

#: Per-point columns of a chunk and of the map table, besides the parameters.
FEATURES = ("n_spikes", "rate_hz", "latency_ms")


# --------------------------------------------------------------------------- the map table

#: Columns of results/atlas/{map}.tsv.
MAP_COLUMNS = (
    "point",
    "type",
    "a",
    "b",
    "c",
    "d",
    "class",
    "n_spikes",
    "rate_hz",
    "latency_ms",
)


def map_table(
    sweep_row: Mapping, marks: Mapping[str, Mapping[str, float]], chunks: Sequence[Mapping]
):
    """The table of a map (``MAP_COLUMNS``, one line per point, grid then types) from the
    arrays of its chunks in order."""
    import pandas as pd

    sweep = Sweep.from_row(sweep_row)
    names = list(marks)
    parts = []
    for arrays in chunks:
        classes = np.asarray(arrays["class_names"])[np.asarray(arrays["class"])]
        point = np.asarray(arrays["point"])
        kind = [names[k - sweep.n_grid] if k >= sweep.n_grid else None for k in point]
        part = {"point": point, "type": kind, "class": classes}
        part.update({c: np.asarray(arrays[c]) for c in (*PARAMETERS, *FEATURES)})
        parts.append(pd.DataFrame(part))
    frame = pd.concat(parts, ignore_index=True)[list(MAP_COLUMNS)]
    expected = np.arange(sweep.n_grid + len(marks))
    if not np.array_equal(frame["point"].to_numpy(), expected):
        raise ValueError(f"sweep {sweep.id!r}: the chunks do not hold every point once, in order")
    return frame


#: Columns of results/atlas_types.tsv.
TYPES_COLUMNS = ("map", "type", "a", "b", "c", "d", "class", "validation_class", "result")


def types_table(maps: Mapping[str, object], validation) -> object:
    """Every published type on every map: its class there against its own row's class
    in results/validation.tsv (``validation``: that table, as text)."""
    import pandas as pd

    own = {
        str(r["panel"]): str(r["class"])
        for _, r in validation.iterrows()
        if (r["figure"], r["variant"]) == TYPES_FIGURE
    }
    lines = []
    for map_id, frame in maps.items():
        for _, point in frame[frame["type"].notna() & (frame["type"] != "NA")].iterrows():
            expected = own.get(str(point["type"]), "NA")
            lines.append(
                {
                    "map": map_id,
                    "type": point["type"],
                    **{p: point[p] for p in PARAMETERS},
                    "class": point["class"],
                    "validation_class": expected,
                    "result": "pass" if point["class"] == expected else "fail",
                }
            )
    return pd.DataFrame(lines, columns=list(TYPES_COLUMNS))
