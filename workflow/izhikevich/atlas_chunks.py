"""The parameter atlas's chunk jobs: their cost, and a chunk of a map simulated and classified.

Kept apart from ``izhikevich.atlas`` (sweeps, grids, the map table), so that the jobs
that assemble and draw the maps do not depend on the simulation code: editing a scheme
reruns the chunks, and the maps and figure only through them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence

import numpy as np

from .atlas import FEATURES, Sweep, chunk_slice, points
from .guards import MB, Cost, ResourceModel

#: Memory and time of a chunk job (measured on the 2-core machine, see README "The
#: parameter atlas"): per point the group's state and the step's NumPy temporaries, per
#: recorded sample (v of every point, only for protocols whose class reads v) the
#: monitor's storage, per spike the monitor and result arrays; time per point and step.
POPULATION_RESOURCE_MODEL = ResourceModel(
    base_mb=160.0,
    bytes_per_step=8.0 * 3,  # per recorded sample: v, its monitor copy, growth slack
    bytes_per_event=600.0,  # per point
    bytes_per_spike=80.0,
    seconds_fixed=5.0,
    seconds_per_step=0.4e-6,  # per point and step
)
#: Spikes per point and ms assumed by the memory estimate (an upper bound: 2003 Fig. 2 FS
#: fires at ~100 Hz, chattering bursts reach ~300 Hz within a burst).
MAX_SPIKES_PER_MS = 0.5


def chunk_cost(points: int, n_steps: int, record_v: bool) -> Cost:
    """Memory and wall time of one chunk job of ``points`` points and ``n_steps`` steps
    (``record_v``: v of every point recorded, for protocols whose class reads v)."""
    model = POPULATION_RESOURCE_MODEL
    samples = points * n_steps if record_v else 0
    spikes = math.ceil(points * n_steps * MAX_SPIKES_PER_MS * 0.25)  # tau >= 0.25 ms typical
    spikes = min(spikes, points * n_steps)
    memory = (
        model.base_mb * MB
        + points * model.bytes_per_event
        + samples * model.bytes_per_step
        + spikes * model.bytes_per_spike
    )
    runtime = model.seconds_fixed + points * n_steps * model.seconds_per_step
    return Cost(
        steps=n_steps,
        samples=samples + 2 * spikes,
        synapses=0,
        memory_mb=memory / MB,
        runtime_s=runtime,
    )


def protocol_spec(sweep: Sweep, protocol_row: Mapping):
    """The ``NeuronSpec`` of the map: the protocol row's run, the map's fixed parameters
    and scheme (the swept ones are set per point)."""
    from .model import NeuronSpec

    spec = NeuronSpec.from_row({**protocol_row, "scheme": sweep.scheme})
    return dataclasses.replace(spec, **sweep.fixed)


def reads_v(protocol_name: str) -> bool:
    """Does the classifier read v for this protocol (``behaviour.V_PROTOCOLS``)?"""
    from .behaviour import V_PROTOCOLS

    return protocol_name in V_PROTOCOLS


def classify_points(
    t_ms: np.ndarray,
    inputs: Sequence[np.ndarray] | np.ndarray,
    trains: Sequence[np.ndarray],
    v: np.ndarray | None,
) -> dict[str, np.ndarray]:
    """Class and features of every point, by the project's classifier
    (``behaviour.measure`` and ``behaviour.classify``) on each point's run.

    ``inputs``: the input of every point (one array for all, or one per point); ``v``:
    (points, samples) or None when the protocol's class does not read v (then points with
    the same input and spike train have the same features, computed once)."""
    from .behaviour import CLASSES, Run, classify, measure
    from .protocol import epochs

    n = len(trains)
    shared_input = isinstance(inputs, np.ndarray) and inputs.ndim == 1
    out = {
        "class": np.zeros(n, dtype=np.int16),
        "n_spikes": np.zeros(n, dtype=np.int64),
        "rate_hz": np.full(n, np.nan),
        "latency_ms": np.full(n, np.nan),
    }
    cache: dict[bytes, tuple] = {}
    shared_epochs = epochs(Run(t_ms, None, inputs, np.empty(0))) if shared_input else None
    for k, spikes in enumerate(trains):
        current = inputs if shared_input else inputs[k]
        key = None
        if v is None:
            key = spikes.tobytes() + (b"" if shared_input else b"|" + current.tobytes())
            if key in cache:
                found = cache[key]
                for name, value in zip(("class", *FEATURES), found, strict=True):
                    out[name][k] = value
                continue
        run = Run(t=t_ms, v=None if v is None else v[k], I=current, spikes=spikes)
        features = measure(run, shared_epochs)
        cls, _ = classify(features)
        onset = _onset(t_ms, current)
        window = float(t_ms[-1]) - onset
        after = int(np.count_nonzero(spikes >= onset))
        found = (
            CLASSES.index(cls),
            int(spikes.size),
            1000.0 * after / window if window > 0 else math.nan,
            float(features["latency_ms"]) if features["latency_ms"] is not None else math.nan,
        )
        for name, value in zip(("class", *FEATURES), found, strict=True):
            out[name][k] = value
        if key is not None:
            cache[key] = found
    return out


def _onset(t_ms: np.ndarray, current: np.ndarray) -> float:
    """First time the input leaves its initial value (the start when it never does)."""
    moved = np.flatnonzero(current != current[0])
    return float(t_ms[moved[0]]) if moved.size else float(t_ms[0])


def simulate_chunk(
    sweep_row: Mapping, protocol_row: Mapping, marks: Mapping[str, Mapping[str, float]], chunk: int
) -> dict[str, np.ndarray]:
    """Simulate and classify one chunk of a map: the arrays of its NPZ.

    One ``schemes.simulate_population`` of the chunk's points (the map's swept parameters
    per point); v is recorded only when the protocol's class reads it (``reads_v``).
    Arrays: ``point`` (index in the map), a, b, c, d, ``class`` (index into
    ``class_names``), ``n_spikes``, ``rate_hz``, ``latency_ms``, and the spike times of
    every point (``spike_times_ms``, point k's from ``spike_offsets[k]`` to
    ``spike_offsets[k + 1]``), ``protocol_name``, ``t_end_ms``."""
    from .behaviour import CLASSES
    from .protocol import Run, epochs, protocol
    from .schemes import simulate_population

    sweep = Sweep.from_row(sweep_row)
    spec = protocol_spec(sweep, protocol_row)
    where = chunk_slice(sweep, len(marks), chunk)
    values = {p: v[where] for p, v in points(sweep, marks).items()}
    swept = {p: values[p] for p in (sweep.x, sweep.y)}
    n = values["a"].size
    run = simulate_population(spec, swept)
    # the protocol (hence whether the class reads v) from the input, which every point
    # shares; only then is v needed: the same points again, v recorded (a row gives the
    # same bits on every run)
    name = protocol(epochs(Run(run.t_ms, None, run.I, run.spike_time_ms)))
    record_v = reads_v(name)
    if record_v:
        run = simulate_population(spec, swept, record=np.arange(n))
    trains = run.spike_trains()
    features = classify_points(run.t_ms, run.I, trains, run.v if record_v else None)
    offsets = np.zeros(n + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([t.size for t in trains])
    return {
        "point": np.arange(where.start, where.start + n, dtype=np.int64),
        **values,
        **features,
        "class_names": np.array(CLASSES),
        "spike_offsets": offsets,
        "spike_times_ms": np.concatenate(trains) if trains else np.empty(0),
        "protocol_name": name,
        "records_v": record_v,
        "t_end_ms": float(run.t_ms[-1]),
    }
