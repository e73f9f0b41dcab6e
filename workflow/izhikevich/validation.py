"""Tables of the checks: validation, scheme comparison, runtimes, provenance.

Each table is written twice (``izhikevich.tabular``): a TSV for programs (results/*.tsv)
and an HTML page for the Snakemake report (results/report/tables/*.html). Reads NPZ and
benchmark files only; never simulates.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence

from .behaviour import FEATURE_COLUMNS, assess, named_behaviour

#: Leading columns of results/validation.tsv; the features of FEATURE_COLUMNS follow.
VALIDATION_COLUMNS = (
    "id",
    "figure",
    "panel",
    "name",
    "variant",
    "scheme",
    "expected",
    "class",
    "result",
    "evidence",
    "note",
)
PROVENANCE_KEYS = (
    "id",
    "scheme",
    "seed",
    "git_commit",
    "python_version",
    "brian2_version",
    "numpy_version",
    "codegen_target",
)


def validation_row(arrays: Mapping) -> dict:
    """One line of results/validation.tsv from a run's NPZ arrays."""
    features, cls, evidence = assess(arrays)
    expected = named_behaviour(arrays)
    row = {key: arrays.get(key, "") for key in VALIDATION_COLUMNS[:6]}
    row.update(
        expected=expected,
        result="pass" if cls == expected else "fail",
        evidence=evidence,
        note=arrays.get("note", "") or "",
        **{"class": cls},
    )
    row.update(features)
    return row


def validation_table(runs: Iterable[Mapping]) -> tuple[list[str], list[dict]]:
    """Columns and rows of results/validation.tsv."""
    return [*VALIDATION_COLUMNS, *FEATURE_COLUMNS], [validation_row(a) for a in runs]


def scheme_table(
    runs: Mapping[str, Mapping[str, Mapping]], schemes: Sequence[str]
) -> tuple[list[str], list[dict]]:
    """results/scheme_comparison.tsv: per row id, spike count and class under each scheme.

    ``runs[id][scheme]`` holds NPZ arrays; the first scheme is the reference (the
    published update) against which ``count_differs`` lists the schemes that change the
    spike count and ``class_differs`` those that change the class.
    """
    columns = ["id", "figure", "panel", "name", "expected"]
    for scheme in schemes:
        columns += [f"{scheme}_spikes", f"{scheme}_class", f"{scheme}_result"]
    columns += ["count_differs", "class_differs"]
    rows = []
    for row_id, by_scheme in runs.items():
        reference = by_scheme[schemes[0]]
        row = {k: reference.get(k, "") for k in ("id", "figure", "panel", "name")}
        row["id"] = row_id
        row["expected"] = named_behaviour(reference)
        counts, classes = {}, {}
        for scheme in schemes:
            _, cls, _ = assess(by_scheme[scheme])
            counts[scheme] = len(by_scheme[scheme]["spike_times_ms"])
            classes[scheme] = cls
            row[f"{scheme}_spikes"] = counts[scheme]
            row[f"{scheme}_class"] = cls
            row[f"{scheme}_result"] = "pass" if cls == row["expected"] else "fail"
        ref = schemes[0]
        row["count_differs"] = [s for s in schemes[1:] if counts[s] != counts[ref]]
        row["class_differs"] = [s for s in schemes[1:] if classes[s] != classes[ref]]
        rows.append(row)
    return columns, rows


def runtimes_table(benchmarks: Mapping[str, str]) -> tuple[list[str], list[dict]]:
    """Per-job runtimes from Snakemake ``benchmark:`` files (job name -> path)."""
    columns = ["job", "seconds", "max_rss_mb", "cpu_time_s"]
    rows = []
    for job, path in benchmarks.items():
        with open(path, newline="") as handle:
            record = next(csv.DictReader(handle, delimiter="\t"))
        rows.append(
            {
                "job": job,
                "seconds": _float(record.get("s")),
                "max_rss_mb": _float(record.get("max_rss")),
                "cpu_time_s": _float(record.get("cpu_time")),
            }
        )
    return columns, rows


def _float(text: str | None) -> float:
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan  # "NA" when the job was too short to sample


def provenance_table(runs: Mapping[str, Mapping]) -> tuple[list[str], list[dict]]:
    """Provenance of each result file (path -> NPZ arrays): versions, commit, row, seed."""
    columns = ["file", *PROVENANCE_KEYS, "row"]
    rows = []
    for path, arrays in runs.items():
        row = {"file": path}
        for key in PROVENANCE_KEYS:
            row[key] = arrays.get(key, "")
        if row["seed"] in ("", None):
            row["seed"] = "none (deterministic)"
        row["row"] = _row_text(arrays.get("row_json", ""))
        rows.append(row)
    return columns, rows


def _row_text(row_json: str) -> str:
    if not row_json:
        return ""
    row = json.loads(row_json)
    return ", ".join(f"{k}={row[k]}" for k in sorted(row) if row[k] not in ("", None))
