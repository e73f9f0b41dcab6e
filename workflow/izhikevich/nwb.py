"""Runs as Neurodata Without Borders (NWB) files, written from their NPZ with pynwb.

One NWB file per run (one row of params/neurons.tsv or params/network.tsv):

- a single neuron (Izhikevich 2003 Fig. 2, 2004 Fig. 1): ``acquisition/v`` and
  ``acquisition/u`` and ``stimulus/I`` (one sample per step, regular sampling:
  ``starting_time`` and ``rate``), and a units table of one unit with its spike times;
- a network (2003 Fig. 3, net.m): a units table with every neuron's spike times, its type
  (``cell_type``: excitatory or inhibitory, excitatory first as in net.m) and its a, b, c,
  d; and neuron 0's ``v`` and ``I`` in ``acquisition``;
- always: the row's columns, the update scheme, the seed and the provenance (versions, git
  commit) as a one-row table ``processing/misc/parameters``, and the same as JSON in
  ``notes`` (row) and ``source_script`` (provenance).

Units. The papers' variables are dimensionless with v read as mV and t as ms (2003, eqs.
1-3). NWB stores SI: v has ``unit="volts"``, ``conversion=1e-3`` (data stay in mV);
u and I enter v' = dv/dt, so they are mV/ms, which is V/s (``unit="volts/second"``,
``conversion=1``); times are seconds (NPZ ms / 1000).

A simulation has no recording session: ``session_start_time`` and ``file_create_date``
are fixed (:data:`SESSION_START`) and the identifier is derived from the NPZ's content, so
the same NPZ gives the same NWB file, byte for byte.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

import numpy as np

from .io import atomic_write

#: Fixed start time of every file (simulations have no session; fixed for reproducibility).
SESSION_START = datetime(2000, 1, 1, tzinfo=UTC)
#: The two papers (DOIs).
PUBLICATIONS = {
    "izhikevich2003": "doi:10.1109/TNN.2003.820440",
    "izhikevich2004": "doi:10.1109/TNN.2004.832719",
}
#: The same metadata as JSON (kept in ``notes`` and ``source_script``, not in the table).
_JSON_KEYS = {"row_json", "provenance_json"}
_PROVENANCE_KEYS = ("python_version", "brian2_version", "numpy_version", "codegen_target")
#: NPZ keys renamed in the parameter table (``id`` and ``name`` are attributes of a table).
_RENAMED = {"id": "run_id", "name": "run_name"}
_NAMESPACE = uuid.UUID("6f1c3f3e-7a0e-4c55-9d1b-2a1b3c4d5e6f")
_V_DESCRIPTION = "membrane potential v (the papers' v, read as mV; 30 at spike steps)"
_U_DESCRIPTION = "recovery variable u (enters v' = dv/dt, so mV/ms = V/s)"
_I_DESCRIPTION = "input I (enters v' = dv/dt, so mV/ms = V/s), one sample per step"


def _metadata(arrays: Mapping) -> dict[str, object]:
    """The row's columns, the scheme, the seed and the provenance: every scalar of an NPZ."""
    meta = {
        key: value
        for key, value in arrays.items()
        if key not in _JSON_KEYS and not isinstance(value, np.ndarray)
    }
    meta.setdefault("seed", "none (deterministic)")
    return dict(sorted(meta.items()))


def _identifier(arrays: Mapping) -> str:
    """A UUID derived from the run's row and provenance (same NPZ -> same identifier)."""
    key = f"{arrays.get('row_json', '')}|{arrays.get('provenance_json', '')}"
    return str(uuid.uuid5(_NAMESPACE, key))


def _step_ms(t_ms: np.ndarray, dt_ms: float) -> float:
    """The model time between samples (every NPZ holds model time; a scheme's step dt_ms
    may advance more or less of it, as the seed notebook's does)."""
    return float(t_ms[1] - t_ms[0]) if len(t_ms) > 1 else float(dt_ms)


def _timing(t_ms: np.ndarray) -> dict[str, object]:
    """``starting_time``/``rate`` (s, Hz) if the samples are evenly spaced, else timestamps."""
    t_ms = np.asarray(t_ms, dtype=float)
    if len(t_ms) >= 2:
        step = (t_ms[-1] - t_ms[0]) / (len(t_ms) - 1)
        regular = t_ms[0] + step * np.arange(len(t_ms))
        if step > 0 and np.allclose(t_ms, regular, rtol=0, atol=1e-9 * step):
            return {"starting_time": float(t_ms[0]) / 1000, "rate": 1000 / float(step)}
    return {"timestamps": t_ms / 1000}


def _series(name: str, data, unit: str, conversion: float, description: str, timing):
    from pynwb import TimeSeries

    return TimeSeries(
        name=name,
        data=np.asarray(data, dtype=float),
        unit=unit,
        conversion=conversion,
        description=description,
        **timing,
    )


def _nwbfile(arrays: Mapping, description: str):
    from pynwb import NWBFile
    from pynwb.file import Subject

    meta = _metadata(arrays)
    figure = str(meta.get("figure", "izhikevich2003_fig3"))
    paper = figure.split("_")[0]
    prov = {k: meta[k] for k in (*_PROVENANCE_KEYS, "git_commit", "scheme") if k in meta}
    nwbfile = NWBFile(
        session_description=description,
        identifier=_identifier(arrays),
        session_start_time=SESSION_START,
        file_create_date=SESSION_START,
        experiment_description=(
            f"Simulation of the Izhikevich model, run {meta.get('id')} "
            f"(update scheme {meta.get('scheme')}), izhikevich-figures workflow"
        ),
        related_publications=[PUBLICATIONS.get(paper, PUBLICATIONS["izhikevich2003"])],
        keywords=["Izhikevich model", "simulation", "Brian2", str(meta.get("scheme"))],
        notes=str(arrays.get("row_json", json.dumps({}))),
        source_script=json.dumps(prov, sort_keys=True),
        source_script_file_name="workflow/scripts/write_nwb.py",
        data_collection=(
            f"Brian2 {meta.get('brian2_version')} ({meta.get('codegen_target')} target), "
            f"NumPy {meta.get('numpy_version')}, Python {meta.get('python_version')}, "
            f"git commit {meta.get('git_commit')}"
        ),
    )
    nwbfile.subject = Subject(
        subject_id=f"model_{meta.get('run_id', meta.get('id'))}",
        description=(
            "a simulated Izhikevich model, no animal: no species; sex unknown (U); "
            "date_of_birth = session start, the model exists from t = 0 of the run"
        ),
        sex="U",
        date_of_birth=SESSION_START,
    )
    module = nwbfile.create_processing_module(
        name="misc", description="parameters and provenance of the simulated run"
    )
    module.add(_parameter_table(meta))
    return nwbfile


def _parameter_table(meta: Mapping[str, object]):
    from hdmf.common import DynamicTable

    table = DynamicTable(
        name="parameters",
        description="the run's table row, update scheme, seed and provenance (one row)",
    )
    row = {}
    for key, value in meta.items():
        column = _RENAMED.get(key, key)
        table.add_column(name=column, description=f"{key} of the run (NPZ key {key!r})")
        row[column] = value if isinstance(value, (int, float)) else str(value)
    table.add_row(**row)
    return table


def neuron_nwbfile(arrays: Mapping):
    """An NWBFile of one single-neuron run (the arrays of ``results/neurons/{id}.npz``)."""
    from pynwb.misc import Units

    timing = _timing(arrays["t_ms"])
    nwbfile = _nwbfile(
        arrays, f"Izhikevich single neuron {arrays.get('id')}: {arrays.get('name', '')}"
    )
    nwbfile.add_acquisition(_series("v", arrays["v"], "volts", 1e-3, _V_DESCRIPTION, timing))
    nwbfile.add_acquisition(_series("u", arrays["u"], "volts/second", 1.0, _U_DESCRIPTION, timing))
    nwbfile.add_stimulus(_series("I", arrays["I"], "volts/second", 1.0, _I_DESCRIPTION, timing))
    nwbfile.units = Units(
        name="units",
        description="the simulated neuron (spike times: steps where v reached the peak)",
        resolution=_step_ms(arrays["t_ms"], arrays["dt_ms"]) / 1000,
    )
    for name in "abcd":
        nwbfile.add_unit_column(name=name, description=f"model parameter {name}")
    nwbfile.add_unit(
        spike_times=np.asarray(arrays["spike_times_ms"], dtype=float) / 1000,
        **{name: float(arrays[name]) for name in "abcd"},
    )
    return nwbfile


def network_nwbfile(arrays: Mapping):
    """An NWBFile of one network run (the arrays of ``results/network/{id}.npz``)."""
    from hdmf.common import VectorData, VectorIndex
    from pynwb.misc import Units

    n_exc, n_inh = int(arrays["Ne"]), int(arrays["Ni"])
    n = n_exc + n_inh
    timing = _timing(arrays["t_ms"])
    nwbfile = _nwbfile(
        arrays, f"Izhikevich (2003) Fig. 3 network {arrays.get('id')}: {n_exc}+{n_inh} neurons"
    )
    nwbfile.add_acquisition(
        _series("v", arrays["v"], "volts", 1e-3, f"neuron 0: {_V_DESCRIPTION}", timing)
    )
    nwbfile.add_acquisition(
        _series(
            "I",
            arrays["I"],
            "volts/second",
            1.0,
            "neuron 0: total input I (thalamic noise plus synaptic input), mV/ms = V/s",
            timing,
        )
    )
    # spike times per neuron, as a ragged column (neuron order = NPZ index, excitatory first)
    index = np.asarray(arrays["spike_indices"], dtype=np.int64)
    times = np.asarray(arrays["spike_times_ms"], dtype=float) / 1000
    order = np.argsort(index, kind="stable")
    counts = np.bincount(index, minlength=n)
    spike_times = VectorData(name="spike_times", description="spike times (s)", data=times[order])
    columns = [
        spike_times,
        VectorIndex(name="spike_times_index", data=np.cumsum(counts), target=spike_times),
        VectorData(
            name="cell_type",
            description="excitatory (index < Ne) or inhibitory, as in net.m",
            data=["excitatory"] * n_exc + ["inhibitory"] * n_inh,
        ),
    ]
    for name in "abcd":
        columns.append(
            VectorData(
                name=name,
                description=f"model parameter {name} of the neuron (net.m's draw)",
                data=np.asarray(arrays[name], dtype=float),
            )
        )
    nwbfile.units = Units(
        name="units",
        description=f"every neuron of the network: {n_exc} excitatory, then {n_inh} inhibitory",
        id=np.arange(n),
        columns=columns,
        resolution=float(arrays["dt_ms"]) / 1000,
    )
    return nwbfile


def _fix_object_ids(nwbfile) -> None:
    """Replace hdmf's random object ids (uuid4) by ids derived from the file identifier
    and each object's place in the file, so that the same run gives the same bytes."""
    namespace = uuid.UUID(nwbfile.identifier)
    for number, child in enumerate(nwbfile.all_children()):
        key = f"{number}:{type(child).__name__}:{child.name}"
        # hdmf keeps the id in a private attribute and offers no setter
        child._AbstractContainer__object_id = str(uuid.uuid5(namespace, key))


def write_nwb(nwbfile, path: str | os.PathLike) -> None:
    """Write ``nwbfile`` to ``path`` atomically (temporary file, then rename); the same
    content gives the same bytes (object ids derived from the file's identifier)."""
    from pynwb import NWBHDF5IO

    _fix_object_ids(nwbfile)
    with atomic_write(path, suffix=".tmp.nwb") as tmp, NWBHDF5IO(str(tmp), "w") as io:
        io.write(nwbfile)


def read_nwb(path: str | os.PathLike):
    """Open an NWB file read-only: ``with read_nwb(path) as io: nwbfile = io.read()``."""
    from pynwb import NWBHDF5IO

    return NWBHDF5IO(str(path), "r")
