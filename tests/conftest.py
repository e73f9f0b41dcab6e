"""Shared fixtures: the repository, its tables, and simulations of the table rows."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from izhikevich import tables  # noqa: E402
from izhikevich.model import NeuronSpec, simulate_neuron  # noqa: E402

#: Set by .ci/run: tests that need a system service (Chromium, Slurm) fail instead of
#: skipping when it is missing.
REQUIRE_SYSTEM = os.environ.get("IZH_REQUIRE_SYSTEM") == "1"


def write_tsv(path, rows, columns):
    """Write dict rows as a tab-separated table (cells the columns do not name are dropped)."""
    import csv

    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def make_run(current, spikes=(), v=None, end: float = 300.0, dt: float = 0.25):
    """A synthetic run in model time for the classifier: ``current(t)`` sampled on 0..end,
    the spikes and v given (v at rest, -65 mV, when not)."""
    from izhikevich import behaviour

    t = np.arange(0, end + dt / 2, dt)
    I = np.array([current(x) for x in t], dtype=float)  # noqa: E741
    v = np.full_like(t, -65.0) if v is None else v(t)
    return behaviour.Run(t=t, v=v, I=I, spikes=np.asarray(spikes, dtype=float))


def classify(run) -> str:
    """The class the project's classifier gives a run."""
    from izhikevich import behaviour

    return behaviour.classify(behaviour.measure(run))[0]


def need(condition: bool, reason: str) -> None:
    """Skip when a system requirement is missing, unless CI demands it."""
    if condition:
        return
    if REQUIRE_SYSTEM:
        pytest.fail(f"required on CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def neuron_table():
    """params/neurons.tsv, validated: a DataFrame indexed by row id."""
    return tables.load_neurons(ROOT / "params" / "neurons.tsv")


@pytest.fixture(scope="session")
def neuron_rows(neuron_table) -> dict[str, dict]:
    """Row id -> the row as the jobs get it."""
    return tables.rows(neuron_table)


@pytest.fixture(scope="session")
def simulated(neuron_rows):
    """Every row of params/neurons.tsv simulated once: id -> arrays like its NPZ."""
    runs = {}
    for row_id, row in neuron_rows.items():
        runs[row_id] = {**row, **simulate_neuron(NeuronSpec.from_row(row)).arrays()}
    return runs


@pytest.fixture
def snakemake_exe() -> str:
    exe = shutil.which("snakemake", path=str(Path(sys.executable).parent)) or shutil.which(
        "snakemake"
    )
    assert exe, "snakemake is not installed next to this Python"
    return exe
