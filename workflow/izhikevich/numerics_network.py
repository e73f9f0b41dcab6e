"""The step-size study of the network of Izhikevich (2003), Fig. 3 (issue 14, part 2).

net.m advances its network in 1 ms steps. ``params/numerics_network.tsv`` names rows of
params/network.tsv and the steps h at which each is run (one job per row and step); net.m's
scheme is refinable (``izhikevich.network.build_network`` states exactly what happens within
its millisecond: the thalamic noise is still drawn once per ms, a spike is reset at its step
and its weights / h are added to its targets' input for the next h ms), the other schemes
run at their own step only. A row at its scheme's own step *is* its run of the network
table (``results/network/{id}.npz``): the same job, not a copy.

Per run: the statistics of ``izhikevich.network_stats`` (rates of E and I, dominant
frequency of the population count, gamma peak) and the rhythm measures
(``network_stats.rhythm_statistics``). Per configuration and step: mean and sd across
its seeds (results/numerics/network.tsv).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from .network_stats import CONFIGURATION, RHYTHM_STATISTICS, STATISTICS

#: Statistics of the study, per run (network_stats' summary statistics and rhythm measures).
STUDY_STATISTICS = [*STATISTICS, *RHYTHM_STATISTICS]
#: The statistics the figure and the README findings table show.
SHOWN = [
    "rate_e_hz",
    "rate_i_hz",
    "dominant_hz",
    "gamma_peak_hz",
    "slow_peak_hz",
    "alpha_power",
    "gamma_power",
]
_NUMBER = re.compile(r"^[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$")


def parse_steps(text: str) -> list[float]:
    """The steps (ms) of a ``steps_ms`` cell, e.g. ``1;0.5;0.25;0.1``; ValueError naming the
    bad part (no ``eval``: each part must be a plain decimal number)."""
    parts = [part.strip() for part in str(text).split(";")]
    steps = []
    for part in parts:
        if not _NUMBER.match(part):
            raise ValueError(f"{part!r} is not a step in ms (e.g. 1;0.5;0.25;0.1)")
        steps.append(float(part))
    return steps


def step_label(step_ms: float) -> str:
    """A step as it appears in file names and tables: ``1``, ``0.5``, ``0.25``, ``0.1``."""
    return f"{step_ms:g}"


def step_problems(row: Mapping, network_rows: Mapping[str, Mapping]) -> list[tuple[str, str]]:
    """(column, message) for a study row that cannot run: its network row, its steps."""
    from .network import NetworkSpec

    if row["id"] not in network_rows:
        return [("id", f"no row {row['id']!r} in the network table")]
    try:
        steps = parse_steps(row["steps_ms"])
    except ValueError as err:
        return [("steps_ms", str(err))]
    problems = []
    labels = [step_label(s) for s in steps]
    twice = sorted({label for label in labels if labels.count(label) > 1})
    if twice:
        problems.append(("steps_ms", f"step(s) {', '.join(twice)} listed twice"))
    for step in steps:
        spec = NetworkSpec.from_row(network_rows[row["id"]])
        try:
            NetworkSpec(**{**vars(spec), "step_ms": step}).check()
        except ValueError as err:
            problems.append(("steps_ms", f"{err} (network row {row['id']!r})"))
    return problems


def study_specs(study: Mapping[str, Mapping], network_rows: Mapping[str, Mapping]):
    """(row id, step, NetworkSpec) of every run of the study, in table and step order."""
    from .network import NetworkSpec

    for row_id, row in study.items():
        spec = NetworkSpec.from_row(network_rows[row_id])
        for step in parse_steps(row["steps_ms"]):
            yield row_id, step, NetworkSpec(**{**vars(spec), "step_ms": step})


def is_own_step(spec) -> bool:
    """True when a spec runs at its scheme's own step: its run is the network table's."""
    return math.isclose(spec.dt_ms, spec.scheme_entry.dt_ms, rel_tol=0, abs_tol=1e-12)


def npz_path(row_id: str, spec) -> str:
    """Where a run of the study is: the network table's NPZ at the scheme's own step, else
    results/numerics/network/{id}/dt{step}ms.npz."""
    if is_own_step(spec):
        return f"results/network/{row_id}.npz"
    return f"results/numerics/network/{row_id}/dt{step_label(spec.dt_ms)}ms.npz"


# --------------------------------------------------------------------------- tables


def run_table(runs: Iterable[Mapping]):
    """One line per run: id, configuration, step, seed and every study statistic (pandas).

    ``runs``: NPZ contents (``izhikevich.io.load_npz``) of the study's runs."""
    import pandas as pd

    from .network_stats import rhythm_statistics, run_statistics

    lines = []
    for run in runs:
        line = {"id": str(run["id"]), **{c: run[c] for c in CONFIGURATION}}
        line.update(dt_ms=float(run["dt_ms"]), seed=int(run["seed"]))
        line.update(run_statistics(run))
        line.update(rhythm_statistics(run))
        lines.append(line)
    columns = ["id", *CONFIGURATION, "dt_ms", "seed", *STUDY_STATISTICS]
    return pd.DataFrame(lines, columns=columns)


def by_step(runs):
    """results/numerics/network.tsv: per configuration and step, the number of seeds, the
    seeds, and mean and sd (n - 1; NA for one seed) of every statistic across them;
    configurations in the order they first appear, steps from the largest down."""
    import pandas as pd

    keys = [*CONFIGURATION, "dt_ms"]
    configs = runs[CONFIGURATION].astype(str).agg("\x1f".join, axis=1)
    order = {key: k for k, key in enumerate(dict.fromkeys(configs))}
    lines = []
    for _, group in runs.groupby(keys, sort=False):
        line = {key: group[key].iloc[0] for key in keys}
        line["n_seeds"] = len(group)
        line["seeds"] = sorted(int(s) for s in group["seed"])
        for stat in STUDY_STATISTICS:
            values = group[stat].astype(float)
            line[f"{stat}_mean"] = float(values.mean())
            line[f"{stat}_sd"] = float(values.std(ddof=1)) if len(values) > 1 else math.nan
        line["_config"] = order[configs[group.index[0]]]
        lines.append(line)
    table = pd.DataFrame(lines)
    table = table.sort_values(["_config", "dt_ms"], ascending=[True, False], kind="stable")
    return table.drop(columns="_config").reset_index(drop=True)


# --------------------------------------------------------------------------- README


#: How the README's findings table names each shown statistic, and its decimals.
README_COLUMNS = {
    "rate_e_hz": ("E rate (Hz)", 2),
    "rate_i_hz": ("I rate (Hz)", 2),
    "dominant_hz": ("dominant (Hz)", 1),
    "gamma_peak_hz": ("gamma peak (Hz)", 1),
    "slow_peak_hz": ("slow peak, 2-20 Hz (Hz)", 1),
    "alpha_power": ("power in 8-13 Hz", 3),
    "gamma_power": ("power in 20-100 Hz", 3),
}


def readme_table(table, runs) -> str:
    """The README's findings table (Markdown) from results/numerics/network.tsv and
    network_runs.tsv: one line per configuration and step, mean ± sd over seeds, and the
    dominant frequency of each seed."""
    from .network_stats import configuration_label

    head = ["configuration", "step (ms)", "seeds"] + [name for name, _ in README_COLUMNS.values()]
    head.append("dominant, per seed (Hz)")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, line in table.iterrows():
        label = configuration_label(line).split(", ")[:2]
        cells = [
            f"`{label[0]}`, {label[1]}",
            step_label(float(line["dt_ms"])),
            str(line["n_seeds"]),
        ]
        for stat, (_, digits) in README_COLUMNS.items():
            mean, sd = _number(line[f"{stat}_mean"]), _number(line[f"{stat}_sd"])
            cell = f"{mean:.{digits}f}"
            if not math.isnan(sd):
                cell += f" ± {sd:.{digits}f}"
            cells.append(cell)
        same = (runs[CONFIGURATION].astype(str) == line[CONFIGURATION].astype(str)).all(axis=1)
        members = runs[same & (runs["dt_ms"].astype(float) == float(line["dt_ms"]))]
        members = members.sort_values("seed")
        cells.append(", ".join(f"{_number(x):g}" for x in members["dominant_hz"]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


#: Steps at or below this (ms) are "fine" in the README's findings (the issue's finest step).
FINE_STEP_MS = 0.1


def readme_findings(table, runs) -> str:
    """The README's findings under the table (Markdown bullets), for each configuration run
    at more than one step, from the same files: the slow peak at every step, the seeds whose
    dominant frequency is the slow rhythm, the change from the coarsest step to the fine
    ones (h <= ``FINE_STEP_MS``), and how far the fine steps' means lie apart compared with
    the spread across seeds."""
    from .network_stats import SLOW_BAND_HZ, configuration_label

    out = []
    keys = table[CONFIGURATION].astype(str).agg("|".join, axis=1)
    run_keys = runs[CONFIGURATION].astype(str).agg("|".join, axis=1)
    for key in dict.fromkeys(keys):
        lines = table[keys == key].assign(h=lambda t: t["dt_ms"].map(_number))
        if len(lines) < 2:
            continue
        label = configuration_label(lines.iloc[0])
        mine = runs[run_keys == key].assign(h=lambda t: t["dt_ms"].map(_number))
        slow = lines["slow_peak_hz_mean"].map(_number)
        out.append(
            f"- `{label}`: slow peak ({SLOW_BAND_HZ[0]:g}-{SLOW_BAND_HZ[1]:g} Hz, mean over "
            f"seeds) at every step: {slow.min():.1f}-{slow.max():.1f} Hz."
        )
        counts = []
        for h, group in mine.groupby("h", sort=False):
            dominant = group["dominant_hz"].map(_number)
            inside = int(((dominant >= SLOW_BAND_HZ[0]) & (dominant <= SLOW_BAND_HZ[1])).sum())
            counts.append(f"{step_label(h)} ms: {inside} of {len(group)}")
        out.append(
            "- Seeds whose dominant frequency is the slow rhythm: " + "; ".join(counts) + "."
        )
        coarse = lines.loc[lines["h"].idxmax()]
        fine = lines[lines["h"] <= FINE_STEP_MS + 1e-12]
        if len(fine) == 0:
            continue
        fine_steps = ", ".join(step_label(h) for h in fine["h"])
        changes, spreads = [], []
        for stat, (name, digits) in README_COLUMNS.items():
            if stat in ("dominant_hz",):
                continue
            means = fine[f"{stat}_mean"].map(_number)
            start = _number(coarse[f"{stat}_mean"])
            low, high = means.min(), means.max()
            change = f"{name} {start:.{digits}f} -> {low:.{digits}f}-{high:.{digits}f}"
            if stat.endswith("_hz") and start:
                pct = sorted({f"{100 * (x / start - 1):+.0f}" for x in (low, high)}, key=float)
                change += f" ({' to '.join(pct)} %)"
            changes.append(change)
            sd = fine[f"{stat}_sd"].map(_number).max()
            spreads.append(f"{name} {high - low:.{digits}f} (sd up to {sd:.{digits}f})")
        out.append(
            f"- From {step_label(coarse['h'])} ms to {fine_steps} ms: " + "; ".join(changes) + "."
        )
        out.append(
            f"- Range of the means over {fine_steps} ms, against the largest sd across seeds "
            "at those steps: " + "; ".join(spreads) + "."
        )
    return "\n".join(out)


def _number(cell: object) -> float:
    """A cell of a written table (``NA`` is missing) as a float."""
    return math.nan if cell in ("NA", None) else float(cell)


def readme_block(table, runs) -> str:
    """What the README shows between its ``numerics-network`` markers: the table, then the
    findings."""
    return readme_table(table, runs) + "\n\n" + readme_findings(table, runs)


def main(argv: list[str] | None = None) -> None:
    """``python -m izhikevich.numerics_network [results/numerics]``: print the README's
    table and findings (``readme_block``)."""
    import sys
    from pathlib import Path

    from .tabular import read_tsv

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "results/numerics")
    table, runs = read_tsv(folder / "network.tsv"), read_tsv(folder / "network_runs.tsv")
    print(readme_block(table, runs))


if __name__ == "__main__":
    main()
