"""The functions behind the exploration notebook (workflow/notebooks/explore.ipynb).

The seed notebook let its users move sliders (a, b, c, d, the input, v0, the step, the
duration) and see the trace change. Here the same controls run the pipeline's own model
(``izhikevich.model``), start from any row of params/neurons.tsv, and can append the
current settings to the table as a new, validated row, so the next ``snakemake`` run turns
it into a panel. The notebook only wires widgets to these functions; tests drive them.
"""

from __future__ import annotations

import csv
import html
import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from . import guards, tables
from .io import atomic_write
from .model import NeuronSpec, simulate_neuron
from .network import NetworkSpec, simulate_network

ROOT = Path(__file__).resolve().parents[2]
NEURONS = ROOT / "params" / "neurons.tsv"
NETWORK = ROOT / "params" / "network.tsv"

#: Slider ranges of the seed notebook (its ``ipw.interact(model, ...)`` cell), widened
#: where a published or adjusted row lies outside them (e.g. Q's d = -21, U's b = 2).
SEED_RANGES = {
    "a": (-0.03, 1.0, 0.01),
    "b": (-1.0, 1.0, 0.01),
    "c": (-65.0, -45.0, 1.0),
    "d": (-2.0, 8.0, 0.1),
    "v0": (-87.0, -50.0, 1.0),
    "dt_ms": (0.1, 1.0, 0.01),
    "duration_ms": (100.0, 2000.0, 1.0),
}


#: The seed's network sliders (its ``ipw.interact(simulation, ...)`` cell); Ne and Ni may be 0
#: here (a purely excitatory or inhibitory network).
SEED_NETWORK_RANGES = {
    "Ne": (0, 8000, 10),
    "Ni": (0, 2000, 10),
    "duration_ms": (100, 10000, 10),
}


def slider_ranges(
    table: pd.DataFrame, seed_ranges: Mapping = SEED_RANGES
) -> dict[str, tuple[float, float, float]]:
    """(min, max, step) per numeric control: the seed's ranges, widened to every row."""
    ranges = {}
    for column, (low, high, step) in seed_ranges.items():
        values = table[column].dropna().astype(float) if column in table else pd.Series([])
        ranges[column] = (min(low, *values), max(high, *values), step)
    return ranges


def load_table(path: str | os.PathLike = NEURONS) -> pd.DataFrame:
    """The neurons table (validated), indexed by row id."""
    return tables.load_neurons(path)


def load_network_table(path: str | os.PathLike = NETWORK) -> pd.DataFrame:
    """The network table (validated), indexed by row id."""
    return tables.load_network(path)


def preset(table: pd.DataFrame, row_id: str) -> dict:
    """The settings of one row, as a dict (editing it leaves the table alone)."""
    return tables.row(table, row_id)


def simulate(settings: Mapping) -> dict:
    """Run the settings with the pipeline's model; arrays named like a row's NPZ."""
    return {**settings, **simulate_neuron(NeuronSpec.from_row(settings)).arrays()}


def simulate_or_failure(settings: Mapping) -> tuple[dict | None, str | None]:
    """``(simulate(settings), None)``, or ``(None, why)`` (HTML-escaped) when the run cannot
    give a sound result: a state that leaves the floating-point range, an error inside Brian2
    or NumPy. The notebook shows why under the sliders instead of a traceback, with the
    message a workflow job would give (``guards.row_message``)."""
    try:
        return simulate(settings), None
    except Exception as err:  # the same errors a simulation job reports by row
        return None, html.escape(guards.row_message("current settings", "neuron", err))


def simulate_network_settings(settings: Mapping) -> dict:
    """Run a network row's settings with the pipeline's model; arrays named like its NPZ."""
    spec = NetworkSpec.from_row(settings)
    return {**settings, **simulate_network(spec).arrays(spec)}


def describe_network(arrays: Mapping) -> str:
    """One line of the network's statistics (as in results/network/summary.tsv)."""
    from .network_stats import run_statistics

    stats = run_statistics(arrays)
    return (
        f"{int(stats['total_spikes'])} spikes; E {stats['rate_e_hz']:.2f} Hz, "
        f"I {stats['rate_i_hz']:.2f} Hz; dominant frequency {stats['dominant_hz']:.0f} Hz; "
        f"{int(stats['silent_neurons'])} silent neurons"
    )


def plot_network(arrays: Mapping):
    """Raster (excitatory below the line at Ne) over the population rate (1 ms bins)."""
    import matplotlib.pyplot as plt

    from .plotting import draw_population_rate, draw_raster

    fig, (ax, ax_rate) = plt.subplots(
        2, 1, sharex=True, figsize=(8, 4.5), gridspec_kw={"height_ratios": (3, 1)}
    )
    draw_raster(ax, arrays)
    draw_population_rate(ax_rate, arrays)
    fig.tight_layout()
    return fig


def describe(arrays: Mapping) -> str:
    """One line: spikes, the class the classifier assigns, and the row's expected class."""
    from .behaviour import CLASSES, assess, named_behaviour

    _, cls, evidence = assess(arrays)
    line = f"{len(arrays['spike_times_ms'])} spikes; classified {cls!r} ({evidence})"
    try:
        expected = named_behaviour(arrays)
    except KeyError:
        return line
    if expected not in CLASSES:
        return line
    verdict = "as expected" if cls == expected else f"expected {expected!r}"
    return f"{line}: {verdict}"


def plot(arrays: Mapping, ax=None):
    """Draw the run as a panel of the montages (trace, input, title)."""
    import matplotlib.pyplot as plt

    from .plotting import draw_panel

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    draw_panel(ax, arrays, str(arrays.get("figure", "")))
    return ax


def row_problems(
    settings: Mapping, path: str | os.PathLike = NEURONS, load=tables.load_neurons
) -> list[str]:
    """What would stop ``settings`` as a new row of the table (empty list: none)."""
    try:
        _with_row(settings, path, load)
    except tables.TableError as err:
        return err.problems
    return []


def append_row(
    settings: Mapping, path: str | os.PathLike = NEURONS, load=tables.load_neurons
) -> list[str]:
    """Append ``settings`` as a row if the whole table then validates; else write nothing.

    ``load`` validates the table (``tables.load_neurons`` or ``tables.load_network``).
    Returns the problems (row id and column named); an empty list means it was written.
    """
    try:
        text = _with_row(settings, path, load)
    except tables.TableError as err:
        return err.problems
    with atomic_write(path) as tmp:
        tmp.write_text(text, newline="")
    return []


def _with_row(settings: Mapping, path: str | os.PathLike, load) -> str:
    """The table's text with ``settings`` appended, validated like the workflow does."""
    original = Path(path).read_text(encoding="utf-8-sig")
    header = original.splitlines()[0].split("\t")
    unknown = [k for k in settings if k not in header and not k.startswith("_")]
    if unknown:
        raise tables.TableError(path, [f"unknown column(s) {unknown}"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow([_cell(settings.get(column)) for column in header])
    text = original if original.endswith("\n") else original + "\n"
    text += buffer.getvalue()
    fd, tmp = tempfile.mkstemp(suffix=".tsv")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        load(tmp)
    except tables.TableError as err:
        raise tables.TableError(path, err.problems) from None
    finally:
        os.unlink(tmp)
    return text


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
