"""Guard rails for rows that pass the table checks but cannot give a sound run (issue 11).

Three guards, one per way a well-formed row can still go wrong:

* **Cost before any job.** Every job's cost (steps, recorded samples, synapses, peak
  memory, wall time) is estimated from its scheme's resource model (the ``resource_model``
  each scheme declares in ``izhikevich.schemes``); ``izhikevich.tables.check_budget``
  refuses, before Snakemake schedules anything, every row over the per-job budget,
  naming the row, the estimate, the budget and the column to change. The budget defaults
  to half of this machine's memory and 120 minutes, and is raised in config/config.yaml or
  with
  ``snakemake --config budget_mem_mb=64000 budget_runtime_min=600``.
* **Non-finite state.** :func:`check_finite` scans what a run recorded (and the final
  state) for the first inf/NaN in v, u or I; the model raises :class:`NonFiniteError`
  with the time and the variable, so the job fails and writes no NPZ.
* **Errors inside Brian2 or NumPy.** :func:`row_errors` turns any error of a simulation
  job into :class:`RowError`, the project's message naming the row (and the column
  where a table value is the cause), with the original error attached as its cause;
  Brian2's "please report this bug" banner is not printed.

Nothing here imports Brian2: the cost check runs on every ``snakemake`` start.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

MB = 1e6


# --------------------------------------------------------------------------- cost model


@dataclass(frozen=True)
class ResourceModel:
    """What one run of an update scheme costs, per unit of work (measured; see README,
    "Budgets"). Memory is the peak resident set of the job's process; time is wall time on
    one busy core of the 2-core development machine, rounded up.

    Single neuron: ``base + steps * bytes_per_step`` (the recorded t, v, u, I, the
    monitor's growth slack and the NPZ arrays). Network: ``base + N^2 * bytes_per_synapse``
    (weights), ``+ fired * N * bytes_per_event`` (per-step temporaries of the synaptic input
    for the neurons firing in one step) ``+ spikes * bytes_per_spike`` (spike monitor and
    result arrays).
    """

    base_mb: float = 140.0
    bytes_per_step: float = 0.0
    bytes_per_synapse: float = 0.0
    bytes_per_event: float = 0.0
    bytes_per_spike: float = 56.0
    seconds_fixed: float = 3.0
    seconds_per_step: float = 0.0
    seconds_per_synapse: float = 0.0
    seconds_per_event: float = 0.0


#: Single-neuron schemes: ~80 bytes and ~170 us per step measured (400,001 steps, 2 cores
#: shared with other jobs); the model allows 100 bytes and 250 us. (The network schemes'
#: models are declared with them in ``izhikevich.schemes``.)
NEURON_RESOURCE_MODEL = ResourceModel(bytes_per_step=100.0, seconds_per_step=250e-6)
#: Firing assumed by the network estimates (upper bounds of what was measured): in net.m's
#: regime (<= 1,000 neurons, or weights x 1000/N) at most a quarter of the neurons fire in
#: one step and none faster than 100 Hz on average; with net.m's weights unchanged above
#: 1,000 neurons the network runs away (2,500 neurons ~140 Hz, 10,000 ~956 Hz at 1 ms
#: steps), so every neuron is assumed to fire at every step.
SYNCHRONOUS_FRACTION = 0.25
MAX_RATE_HZ = 100.0


@dataclass(frozen=True)
class Cost:
    """The estimated cost of one simulation job."""

    steps: int
    samples: int  # recorded numbers: trace samples (and, for networks, spikes)
    synapses: int
    memory_mb: float
    runtime_s: float

    @property
    def runtime_min(self) -> float:
        return self.runtime_s / 60

    def describe(self) -> str:
        return (
            f"{self.steps:,} steps, {self.samples:,} recorded samples, "
            f"{self.synapses:,} synapses, ~{_mb(self.memory_mb)} of memory, "
            f"~{_minutes(self.runtime_min)} of wall time"
        )


def neuron_cost(spec) -> Cost:
    """Cost of one single-neuron run (``izhikevich.model.NeuronSpec``), from the resource
    model its scheme declares."""
    from .schemes import neuron_scheme

    model = neuron_scheme(spec.scheme).resource_model
    steps = spec.n_steps
    return Cost(
        steps=steps,
        samples=4 * steps,  # t, v, u, I
        synapses=0,
        memory_mb=model.base_mb + steps * model.bytes_per_step / MB,
        runtime_s=model.seconds_fixed + steps * model.seconds_per_step,
    )


def runaway(spec) -> bool:
    """True when net.m's unscaled weights drive a network of more than 1,000 neurons into
    firing at (almost) every step (README, "The network")."""
    return spec.weight_scaling == "none" and spec.N > 1000


def network_cost(spec) -> Cost:
    """Cost of one network run (``izhikevich.network.NetworkSpec``): an upper bound that
    scales as N^2 (weights, synaptic work) and as N x steps (spikes)."""
    model = spec.scheme_entry.resource_model
    N, steps = spec.N, spec.n_steps
    fired_per_step = N if runaway(spec) else math.ceil(SYNCHRONOUS_FRACTION * N)
    spike_probability = 1.0 if runaway(spec) else min(1.0, MAX_RATE_HZ * spec.dt_ms / 1000)
    spikes = math.ceil(N * steps * spike_probability)
    synapses = N * N
    memory = (
        model.base_mb * MB
        + synapses * model.bytes_per_synapse
        + fired_per_step * N * model.bytes_per_event
        + spikes * model.bytes_per_spike
    )
    runtime = (
        model.seconds_fixed
        + steps * model.seconds_per_step
        + synapses * model.seconds_per_synapse
        + spikes * N * model.seconds_per_event
    )
    return Cost(
        steps=steps,
        samples=2 * steps + 2 * spikes,  # neuron 0's v and I; spike times and indices
        synapses=synapses,
        memory_mb=memory / MB,
        runtime_s=runtime,
    )


# --------------------------------------------------------------------------- budgets


def machine_memory_mb() -> float:
    """Memory this process may use (MB): physical memory, or a smaller cgroup limit."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for limit in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(limit) as handle:
                text = handle.read().strip()
        except OSError:
            continue
        if text.isdigit():
            total = min(total, int(text))
    return total / MB


#: Default budget of one job: this fraction of the machine's memory, and this wall time.
DEFAULT_MEMORY_FRACTION = 0.5
DEFAULT_RUNTIME_MIN = 120.0


@dataclass(frozen=True)
class Budget:
    """What one simulation job may use (config ``budget_mem_mb``, ``budget_runtime_min``)."""

    memory_mb: float
    runtime_min: float

    @classmethod
    def from_config(cls, config: Mapping) -> Budget:
        """The budget of config/config.yaml (``auto``: the defaults of this machine)."""
        memory = config.get("budget_mem_mb", "auto")
        runtime = config.get("budget_runtime_min", "auto")
        return cls(
            memory_mb=(
                DEFAULT_MEMORY_FRACTION * machine_memory_mb()
                if memory in (None, "auto")
                else _positive("budget_mem_mb", memory)
            ),
            runtime_min=(
                DEFAULT_RUNTIME_MIN
                if runtime in (None, "auto")
                else _positive("budget_runtime_min", runtime)
            ),
        )

    def over(self, cost: Cost) -> list[str]:
        """What of ``cost`` exceeds this budget, with the config key that raises it."""
        out = []
        if cost.memory_mb > self.memory_mb:
            out.append(
                f"memory ~{_mb(cost.memory_mb)} > budget {_mb(self.memory_mb)} (budget_mem_mb)"
            )
        if cost.runtime_min > self.runtime_min:
            out.append(
                f"wall time ~{_minutes(cost.runtime_min)} > budget "
                f"{_minutes(self.runtime_min)} (budget_runtime_min)"
            )
        return out


def _positive(key: str, value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if not number > 0 or not math.isfinite(number):
        raise ValueError(f"config {key}: {value!r} is not a positive number (or 'auto')")
    return number


def _mb(value: float) -> str:
    return f"{value / 1000:,.1f} GB" if value >= 10_000 else f"{value:,.0f} MB"


def _minutes(value: float) -> str:
    return f"{value / 60:,.1f} h" if value >= 120 else f"{value:,.1f} min"


def neuron_column(spec) -> str:
    """The column to change for a single neuron over budget: the step if it is finer than
    any published program's (0.1 ms), else the duration."""
    return "dt_ms" if spec.dt_ms < 0.1 else "duration_ms"


def network_column(spec, cost: Cost) -> str:
    """The column to change for a network over budget: its size when the N^2 terms
    dominate, else its duration."""
    model = spec.scheme_entry.resource_model
    weights = cost.synapses * (model.bytes_per_synapse + model.bytes_per_event) / MB
    if weights >= 0.5 * (cost.memory_mb - model.base_mb):
        return "Ne" if spec.Ne >= spec.Ni else "Ni"
    return "duration_ms"


# --------------------------------------------------------------------------- non-finite runs


class NonFiniteError(ArithmeticError):
    """A run whose state left the floating-point range (inf or NaN)."""

    def __init__(self, variable: str, t_ms: float, value: float, neuron: int | None = None):
        self.variable, self.t_ms, self.value, self.neuron = variable, t_ms, value, neuron
        who = "" if neuron is None else f" of neuron {neuron}"
        super().__init__(f"{variable}{who} is {value} at t = {t_ms:g} ms (first non-finite value)")


def first_nonfinite(
    series: Mapping[str, tuple[np.ndarray, np.ndarray]],
) -> tuple[float, str, float, int | None] | None:
    """(time, variable, value, neuron) of the earliest non-finite sample of ``series``
    (name -> (times in ms, samples): 1-d, or 2-d as [neuron, sample]); at equal times the
    first name given wins. None when everything is finite."""
    best = None
    for name, (times, values) in series.items():
        values = np.asarray(values, dtype=float)
        bad = ~np.isfinite(values)
        if not bad.any():
            continue
        rows = bad.reshape(-1, bad.shape[-1])
        first = np.where(rows.any(axis=1), rows.argmax(axis=1), rows.shape[1])
        neuron = int(first.argmin())
        sample = int(first[neuron])
        value = float(values.reshape(rows.shape)[neuron, sample])
        time = float(np.asarray(times)[sample])
        found = (time, name, value, neuron if rows.shape[0] > 1 else None)
        if best is None or found[0] < best[0]:
            best = found
    return best


def check_finite(
    series: Mapping[str, tuple[np.ndarray, np.ndarray]],
    final: Mapping[str, np.ndarray] | None = None,
    t_end_ms: float = math.nan,
) -> None:
    """Raise :class:`NonFiniteError` for the earliest non-finite value of the recorded
    ``series`` (see :func:`first_nonfinite`), else of the state ``final`` at ``t_end_ms``
    (name -> one value per neuron: the state of neurons not recorded along the run)."""
    found = first_nonfinite(series)
    if found is None and final:
        end = np.array([t_end_ms])
        found = first_nonfinite(
            {
                f"{name} (final state)": (end, np.asarray(values, dtype=float).reshape(-1, 1))
                for name, values in final.items()
            }
        )
    if found is not None:
        t, name, value, neuron = found
        raise NonFiniteError(name, t, value, neuron)


@contextmanager
def quiet_floating_point() -> Iterator[None]:
    """NumPy floating-point warnings off (an overflow would print one warning per code line
    and step kind, or raise under ``-W error``); :func:`check_finite` reports instead."""
    with np.errstate(all="ignore"):
        yield


# --------------------------------------------------------------------------- job errors


class RowError(RuntimeError):
    """A simulation job failed; the message names the row (and the column when a table
    value is the cause); the original error is ``__cause__``."""


#: Columns of each table that set the size of a run (named when memory runs out).
SIZE_COLUMNS = {
    "neuron": ("duration_ms", "dt_ms"),
    "network": ("Ne", "Ni"),
    "sweep": ("points_per_job",),
}


def _cause_column(err: BaseException, kind: str) -> tuple[str, str] | None:
    """(column, why) when ``err`` points at a table value."""
    if isinstance(err, NonFiniteError):
        if kind == "neuron":
            return (
                "current" if err.variable.startswith("I") else "a, b, c, d, v0, u0, current",
                "parameters or input that drive the state out of range",
            )
        if kind == "sweep":  # a point of a parameter-atlas map (its index in the map)
            return ("x_min, x_max, y_min, y_max", "a point of the map whose state leaves it")
        return ("Ne, Ni, weight_scaling", "network size and weights")
    if isinstance(err, MemoryError):
        return (", ".join(SIZE_COLUMNS[kind]), "the run does not fit in memory")
    text = str(err)
    # Brian2 names the line of generated code that failed; the input is the line "I = ..."
    if kind == "neuron" and "\nI = " in text:
        return ("current", "the input expression failed while the run evaluated it")
    return None


@contextmanager
def row_errors(row: Mapping, kind: str) -> Iterator[None]:
    """Run a simulation job for ``row`` (``kind``: ``neuron``, ``network`` or ``sweep``);
    any error is re-raised as :class:`RowError` naming the row (``raise ... from err``).

    Brian2 replaces ``sys.excepthook`` by one that prints "please report this issue"
    for every uncaught error; Python's own hook is put back, so the job's error output is
    this message and the original traceback.
    """
    sys.excepthook = sys.__excepthook__
    row_id = row.get("id", "?")
    try:
        yield
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as err:
        sys.excepthook = sys.__excepthook__
        raise RowError(row_message(row_id, kind, err)) from err


def row_message(row_id: str, kind: str, err: BaseException) -> str:
    """The project's message for ``err`` raised while simulating a row."""
    where = f"{kind} row {row_id!r}"
    if isinstance(err, NonFiniteError):
        what = f"the run left the floating-point range: {err}; no result is written"
    else:
        root = err
        while root.__cause__ is not None:
            root = root.__cause__
        what = f"the simulation failed with {type(root).__name__}: {_first_line(root)}"
        line = _failed_code_line(err)
        if line:
            what += f" (in Brian2's generated code: `{line}`)"
    cause = _cause_column(err, kind)
    if cause is None:
        return f"{where}: {what}"
    column, why = cause
    return f"{where}, column {column}: {what}; {why}"


def _failed_code_line(err: BaseException) -> str | None:
    """The line of generated code Brian2 names in its error message, if any."""
    lines = str(err).splitlines()
    for n, text in enumerate(lines[:-1]):
        if "raised in the following line" in text:
            return lines[n + 1].strip()
    return None


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else repr(err)
