"""All benchmarks in one run on this machine: the pipeline and the network.

    .venv/bin/python benchmarks/run.py [--cores N] [--seed-repeats 3] [--network-repeat 3]

1. full regeneration from an empty results/ at ``--cores N`` (default: all cores): wall time,
   jobs run, CPU time; 2. the per-job floor (bare Python + ``import brian2``, median);
   3. the seed notebook's 50 single-neuron runs done its way (median of repeats);
   4. a one-row edit: the incremental run's time and jobs; 5. the network at 1,000 / 2,500 /
   5,000 / 10,000 neurons, Brian2 against a NumPy port of net.m (time, peak memory).
The figures to quote are the ratios (timings on shared machines are noisy): regeneration /
floor-based ideal, regeneration / seed notebook, Brian2 / NumPy per network size. Writes
results/benchmarks/benchmarks.tsv and results/benchmarks/benchmarks.{png,pdf}.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import network  # noqa: E402
import pipeline  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "results" / "benchmarks"
#: Goals (issues "single-neuron figures", "network" and "benchmarks").
GOALS = {
    "regeneration_over_ideal": ("<=", 1.2),
    "noop_run_s": ("<", 2.0),
    "one_row_edit_simulations": ("==", 1),
}


def met(key: str, value: float) -> str:
    if key not in GOALS:
        return ""
    op, goal = GOALS[key]
    ok = {"<=": value <= goal, "<": value < goal, "==": value == goal}[op]
    return f"{op} {goal:g}: {'met' if ok else 'MISSED'}"


def network_rows(results: list[dict]) -> list[tuple[str, float, str, str]]:
    rows = []
    for r in results:
        n = r["N"]
        goal = ""
        if r["ratio_goal"] != "":
            goal = (
                f"<= {r['ratio_goal']:g}: {'met' if r['ratio'] <= r['ratio_goal'] else 'MISSED'}"
            )
        rows += [
            (f"network_{n}_numpy_s", r["numpy_s"], "NumPy port of net.m, best of repeats", ""),
            (f"network_{n}_brian2_s", r["brian2_s"], "Brian2 (scheme izhikevich)", ""),
            (f"network_{n}_brian2_over_numpy", r["ratio"], "same spikes: " + str(r["same_spikes"]),
             goal),
            (f"network_{n}_brian2_peak_mb", r["brian2_peak_mb"], "peak resident set",
             memory_goal(r)),
        ]  # fmt: skip
    return rows


def memory_goal(r: dict) -> str:
    if r["memory_goal_mb"] == "":
        return ""
    ok = r["brian2_peak_mb"] < r["memory_goal_mb"]
    return f"< {r['memory_goal_mb']}: {'met' if ok else 'MISSED'}"


def plot(rows: dict[str, float], results: list[dict], outputs: list[Path]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sys.path.insert(0, str(ROOT / "workflow"))
    from izhikevich.plotting import save_figure

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    labels = ["floor-based ideal", "regeneration", "seed notebook\n(50 runs)"]
    values = [
        rows["floor_ideal_s"],
        rows["regeneration_wall_s"],
        rows.get("seed_notebook_50_runs_s", 0),
    ]
    bars = ax1.bar(labels, values, color=["0.7", "black", "tab:orange"])
    ax1.bar_label(bars, fmt="%.0f s", fontsize=8)
    ax1.set_ylabel("wall time (s)")
    ax1.set_title(
        f"pipeline, {int(rows['regeneration_jobs'])} jobs: regeneration / ideal = "
        f"{rows['regeneration_over_ideal']:.2f}",
        fontsize=9,
    )
    sizes = [r["N"] for r in results]
    x = range(len(sizes))
    ax2.bar(
        [i - 0.2 for i in x],
        [r["numpy_s"] for r in results],
        0.4,
        label="NumPy net.m",
        color="0.7",
    )
    ax2.bar(
        [i + 0.2 for i in x], [r["brian2_s"] for r in results], 0.4, label="Brian2", color="black"
    )
    for i, r in zip(x, results, strict=True):
        label = f"{r['ratio']:.2f}x\n{r['brian2_peak_mb']} MB"
        ax2.text(i, max(r["numpy_s"], r["brian2_s"]) * 1.05, label, ha="center", fontsize=7)
    top = max(max(r["numpy_s"], r["brian2_s"]) for r in results)
    ax2.set_ylim(0, 1.3 * top)
    ax2.set_xticks(list(x), [f"{n:,}" for n in sizes])
    ax2.set_xlabel("neurons (1000 ms of net.m)")
    ax2.set_ylabel("simulation time (s)")
    ax2.set_title("network: Brian2 / NumPy and Brian2 peak memory", fontsize=9)
    ax2.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    save_figure(fig, [str(p) for p in outputs])
    plt.close(fig)


def write(rows) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "benchmarks.tsv", "w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["measure", "value", "note", "goal"])
        writer.writerows((k, f"{v:.4g}", note, goal) for k, v, note, goal in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cores", type=int, default=os.cpu_count())
    parser.add_argument("--floor-repeats", type=int, default=7)
    parser.add_argument("--seed-repeats", type=int, default=3)
    parser.add_argument("--network-repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1000,2500,5000,10000")
    args = parser.parse_args()

    sizes = [int(s) for s in args.sizes.split(",")]
    results = network.benchmark(sizes, args.network_repeat, 1000, 1)
    rows = network_rows(results)
    write(rows)  # what is measured so far survives a failure later on
    measured = pipeline.measure(args.cores, args.floor_repeats, args.seed_repeats)
    rows = [(k, v, note, met(k, v)) for k, v, note in measured] + rows
    write(rows)
    plot({k: v for k, v, _, _ in rows}, results, [OUT / "benchmarks.png", OUT / "benchmarks.pdf"])
    print()
    for key, value, note, goal in rows:
        print(f"{key:36s} {value:10.3f}  {goal:20s} {note}")
    print(f"-> {OUT / 'benchmarks.tsv'}, {OUT / 'benchmarks.png'}")


if __name__ == "__main__":
    main()
