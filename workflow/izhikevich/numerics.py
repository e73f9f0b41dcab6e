"""The step-size study of the single neurons (issue 14): which behaviours belong to the model.

Every row of params/numerics_neurons.tsv names a row of params/neurons.tsv run under the
published update (``izhikevich`` scheme) at its step tau and at tau/k for each divisor k,
and a reference solution of the same continuous-time model (``reference`` scheme, RK4 with
the threshold crossing located within the step) at a small step h and at h/2. This module
turns those runs (NPZ arrays) into results/numerics/single_neuron.tsv and the README's
findings table; it never simulates.

Definitions (README, "Which behaviours belong to the model"):

* **spike-time error** of a run against the reference: with equal spike counts, the
  largest difference between the i-th spikes (``paired``); with different counts, the
  largest distance from any spike of either train to the nearest spike of the other
  (``nearest``, the Hausdorff distance of the two sets of times; NA when one train is
  empty and the other not). A reference that stopped at its spike limit is compared
  before the time it stopped.
* **reference converged**: both reference runs reached T, with the same spike count and
  no spike time differing by ``tolerance_ms`` or more.
* **observed order**: the slope of log(error) against log(step) over the finest three steps
  whose spike count equals the reference's (least squares; NA with fewer than two).
* **verdict** of a row, from the class the project's classifier gives each run and the
  class the panel names (``behaviour.named_behaviour``): ``belongs to the model`` (named
  class at every step and in the reference); ``belongs to the model, lost at some steps``
  (in the reference and at tau, not at every step); ``holds in the reference but not at
  the published step``; ``belongs to the step`` (at tau, not in the reference);
  ``holds neither at the published step nor in the reference``; ``reference not
  converged`` (no verdict: the evidence column says why).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .behaviour import assess, named_behaviour

#: Columns of results/numerics/single_neuron.tsv (one line per row and run).
COLUMNS = (
    "id",
    "figure",
    "panel",
    "name",
    "expected",
    "run",
    "divisor",
    "dt_ms",
    "n_spikes",
    "class",
    "holds",
    "first_spike_ms",
    "spike_time_error_ms",
    "error_kind",
    "count_minus_reference",
    "order",
    "reference_converged",
    "reference_halving_ms",
    "tolerance_ms",
    "verdict",
    "evidence",
)
VERDICTS = (
    "belongs to the model",
    "belongs to the model, lost at some steps",
    "holds in the reference but not at the published step",
    "belongs to the step",
    "holds neither at the published step nor in the reference",
    "reference not converged",
)
#: Runs of a study row besides its refined published runs (file names of the jobs).
REFERENCE_RUNS = ("reference", "reference_half")


def divisors(study_row: Mapping) -> list[int]:
    """The step divisors k of a study row (``divisors`` column, ``;``-separated)."""
    return [int(k) for k in str(study_row["divisors"]).split(";")]


def run_names(study_row: Mapping) -> list[str]:
    """Every run of a study row: ``k{k}`` (published update at tau/k) and the references."""
    return [f"k{k}" for k in divisors(study_row)] + list(REFERENCE_RUNS)


def run_row(neuron_row: Mapping, study_row: Mapping, run: str) -> dict:
    """The neurons.tsv row of one run: ``k{k}`` the published update with dt_ms = tau/k,
    nothing else changed; ``reference``/``reference_half`` the reference scheme at the
    study's step h or h/2."""
    row = dict(neuron_row)
    if run.startswith("k"):
        k = int(run[1:])
        row.update(dt_ms=float(neuron_row["dt_ms"]) / k, divisor=k)
        return row
    half = run == "reference_half"
    step = float(study_row["reference_dt_ms"]) / (2 if half else 1)
    row.update(scheme=study_row["reference"], dt_ms=step, gate="none", divisor=0)
    return row


# --------------------------------------------------------------------------- measures


def spike_time_error(
    run: np.ndarray, reference: np.ndarray, until: float = math.inf
) -> tuple[float, str]:
    """(largest spike-time difference in ms, ``paired`` or ``nearest``): see the module
    docstring. Spikes at or after ``until`` are left out of both trains."""
    a = np.asarray(run, dtype=float)
    b = np.asarray(reference, dtype=float)
    a, b = a[a < until], b[b < until]
    if a.size == b.size:
        return (float(np.max(np.abs(a - b))) if a.size else 0.0), "paired"
    if not a.size or not b.size:
        return math.nan, "nearest"
    distance = np.abs(a[:, None] - b[None, :])
    return float(max(distance.min(axis=1).max(), distance.min(axis=0).max())), "nearest"


def observed_order(steps: Sequence[float], errors: Sequence[float]) -> float:
    """Least-squares slope of log(error) against log(step) (NaN with fewer than two points
    with a positive error)."""
    points = [(s, e) for s, e in zip(steps, errors, strict=True) if e > 0 and math.isfinite(e)]
    if len(points) < 2:
        return math.nan
    x = np.log([s for s, _ in points])
    y = np.log([e for _, e in points])
    return float(np.polyfit(x, y, 1)[0])


def reference_check(
    reference: Mapping, half: Mapping, tolerance_ms: float
) -> tuple[bool, float, str]:
    """(converged, largest change of a spike time when the step is halved, evidence)."""
    a, b = reference["spike_times_ms"], half["spike_times_ms"]
    stopped = [float(r.get("stopped_ms", math.nan)) for r in (reference, half)]
    h, h2 = float(reference["dt_ms"]), float(half["dt_ms"])
    if any(math.isfinite(s) for s in stopped):
        where = "; ".join(
            f"h = {step:g} ms: stopped at {len(spikes):,} spikes at t = {s:.6g} ms"
            if math.isfinite(s)
            else f"h = {step:g} ms: {len(spikes):,} spikes"
            for step, spikes, s in zip((h, h2), (a, b), stopped, strict=True)
        )
        gaps = np.diff(a[-2:]) if len(a) >= 2 else np.array([math.nan])
        if len(a) == len(b):
            change = float(np.max(np.abs(a - b))) if len(a) else 0.0
            where += f"; spike times change by {change:.3g} ms up to there"
        return False, math.nan, f"firing runs away (last interval {gaps[-1]:.3g} ms); {where}"
    if len(a) != len(b):
        return False, math.nan, f"h = {h:g} ms: {len(a)} spikes; h = {h2:g} ms: {len(b)} spikes"
    change = float(np.max(np.abs(a - b))) if len(a) else 0.0
    ok = change < tolerance_ms
    text = f"{len(a)} spikes at h = {h:g} and {h2:g} ms; spike times change by {change:.3g} ms"
    return ok, change, text + (" (< tolerance)" if ok else f" (>= tolerance {tolerance_ms:g} ms)")


def verdict(named_at: Mapping[int, bool], in_reference: bool, converged: bool) -> str:
    """The verdict of a row (module docstring); ``named_at``: divisor -> named class holds."""
    if not converged:
        return "reference not converged"
    published = named_at[1]
    if in_reference and all(named_at.values()):
        return "belongs to the model"
    if in_reference and published:
        return "belongs to the model, lost at some steps"
    if in_reference:
        return "holds in the reference but not at the published step"
    if published:
        return "belongs to the step"
    return "holds neither at the published step nor in the reference"


# --------------------------------------------------------------------------- the table


def study_rows(
    study_row: Mapping, runs: Mapping[str, Mapping], expectations: Mapping | None = None
) -> list[dict]:
    """Lines of results/numerics/single_neuron.tsv for one study row; ``runs``: run name ->
    NPZ arrays (``run_names``); ``expectations``: the row's ``expected``/``note``."""
    expectations = dict(expectations or {})
    reference, half = runs["reference"], runs["reference_half"]
    tolerance = float(study_row["tolerance_ms"])
    converged, change, evidence = reference_check(reference, half, tolerance)
    until = float(reference.get("stopped_ms", math.nan))
    until = until if math.isfinite(until) else math.inf
    named = named_behaviour({**runs["k1"], **expectations})
    lines, holds = [], {}
    for run in run_names(study_row):
        arrays = {**runs[run], **expectations}
        stopped = float(arrays.get("stopped_ms", math.nan))
        if math.isfinite(stopped):  # a runaway the reference stopped: no class
            cls = f"stopped at {len(arrays['spike_times_ms']):,} spikes at {stopped:.6g} ms"
        else:
            _, cls, _ = assess(arrays)
        spikes = np.asarray(arrays["spike_times_ms"], dtype=float)
        error, kind = spike_time_error(spikes, reference["spike_times_ms"], until)
        count = int((spikes < until).sum()) - int((reference["spike_times_ms"] < until).sum())
        k = int(run[1:]) if run.startswith("k") else None
        if k is not None:
            holds[k] = cls == named
        lines.append(
            {
                "id": study_row["id"],
                "figure": arrays.get("figure", ""),
                "panel": arrays.get("panel", ""),
                "name": arrays.get("name", ""),
                "expected": named,
                "run": run,
                "divisor": k,
                "dt_ms": float(arrays["dt_ms"]),
                "n_spikes": int(spikes.size),
                "class": cls,
                "holds": cls == named,
                "first_spike_ms": float(spikes[0]) if spikes.size else math.nan,
                "spike_time_error_ms": error if run != "reference" else 0.0,
                "error_kind": kind if run != "reference" else "paired",
                "count_minus_reference": count,
            }
        )
    refined = [line for line in lines if line["divisor"] is not None]
    same = [line for line in refined if line["count_minus_reference"] == 0][-3:]
    order = observed_order([x["dt_ms"] for x in same], [x["spike_time_error_ms"] for x in same])
    in_reference = next(x["holds"] for x in lines if x["run"] == "reference")
    row_verdict = verdict(holds, in_reference, converged)
    for line in lines:
        line.update(
            order=order,
            reference_converged=converged,
            reference_halving_ms=change,
            tolerance_ms=tolerance,
            verdict=row_verdict,
            evidence=evidence,
        )
    return lines


# --------------------------------------------------------------------------- README


def findings_table(lines: Iterable[Mapping[str, str]]) -> str:
    """The README's findings table (Markdown) from the lines of single_neuron.tsv as text
    (``tabular.read_tsv``): one line per row, every number from the file."""
    by_id: dict[str, list[Mapping[str, str]]] = {}
    for line in lines:
        by_id.setdefault(line["id"], []).append(line)
    header = (
        "| panel | named behaviour | spikes at tau, tau/2, ... | reference spikes | "
        "class at tau / finest / reference | spike-time error at tau (ms) | "
        "error at finest (ms) | order | verdict |\n"
        "|---|---|---|---|---|---|---|---|---|"
    )
    out = [header]
    verdicts: dict[str, list[str]] = {}
    for group in by_id.values():
        refined = [x for x in group if x["run"].startswith("k")]
        refined.sort(key=lambda x: int(x["divisor"]))
        reference = next(x for x in group if x["run"] == "reference")
        first, finest = refined[0], refined[-1]
        title = _panel(first)
        classes = " / ".join(_mark(x) for x in (first, finest, reference))
        spikes = ", ".join(x["n_spikes"] for x in refined)
        out.append(
            f"| {title} | {first['expected']} | {spikes} | {reference['n_spikes']} | "
            f"{classes} | {_error(first)} | {_error(finest)} | {first['order']} | "
            f"{first['verdict']} |"
        )
        verdicts.setdefault(first["verdict"], []).append(title)
    summary = "; ".join(f"{v}: {len(p)}" for v, p in verdicts.items())
    return "\n".join(out) + f"\n\n{len(by_id)} rows. {summary}."


def _panel(line: Mapping[str, str]) -> str:
    figure = line["figure"]
    prefix = "2004 Fig. 1" if figure == "izhikevich2004_fig1" else "2003 Fig. 2"
    return f"{prefix} {line['panel']}"


def _mark(line: Mapping[str, str]) -> str:
    return line["class"] if line["holds"] == "yes" else f"*{line['class']}*"


def _error(line: Mapping[str, str]) -> str:
    kind = "" if line["error_kind"] == "paired" else " (counts differ)"
    return f"{line['spike_time_error_ms']}{kind}"


if __name__ == "__main__":  # python -m izhikevich.numerics results/numerics/single_neuron.tsv
    import sys

    from .tabular import read_tsv

    print(findings_table(read_tsv(sys.argv[1]).to_dict("records")))
