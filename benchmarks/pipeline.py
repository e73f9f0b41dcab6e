"""Benchmark of the single-neuron pipeline: regeneration against the per-job floor.

Measures, in one run on this machine (timings on shared machines are noisy: quote the
ratios, which compare numbers taken minutes apart on the same machine):

1. the per-job floor: a bare Python start plus ``import brian2`` (median of repeats);
2. full regeneration from an empty results/ at ``--cores N`` in a temporary directory
   (wall time, jobs run, CPU time of all jobs), the simulation time of every job (from its
   log) and the floor-based ideal ``(jobs x floor + total simulation time) / N``;
3. a no-op run (everything up to date);
4. a one-row edit: one row of the table changed, the incremental run timed and its jobs
   counted (goal: one simulation plus the montage that shows it);
5. the seed notebook's 50 single-neuron runs done the notebook's way
   (benchmarks/seed_notebook_runs.py), median of repeats.

    python benchmarks/pipeline.py --cores 2 [--seed-repeats 3]

Writes results/benchmarks/pipeline.tsv and prints the table.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SNAKEMAKE = str(BIN / "snakemake")


def timed(cmd: list[str], **kw) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and child CPU seconds of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")
    return wall, cpu, proc


def floor(repeats: int) -> float:
    """Median wall time of ``python -c 'import brian2'``."""
    times = [timed([sys.executable, "-c", "import brian2"])[0] for _ in range(repeats)]
    return statistics.median(times)


def jobs_run(log: str) -> dict[str, int]:
    """Jobs per rule from Snakemake's job-stats table."""
    counts: dict[str, int] = {}
    table = re.search(r"Job stats:\n(.*?)\n\n", log, re.S)
    for line in (table.group(1) if table else "").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit() and parts[0] != "total":
            counts[parts[0]] = int(parts[1])
    return counts


def snakemake(workdir: Path, cores: int, table: Path) -> tuple[float, float, dict[str, int]]:
    cmd = [SNAKEMAKE, "--snakefile", str(ROOT / "Snakefile"), "--directory", str(workdir)]
    cmd += ["--cores", str(cores), "--config", f"neurons={table}"]
    cmd += [f"network={ROOT / 'params' / 'network.tsv'}"]
    wall, cpu, proc = timed(cmd)
    return wall, cpu, jobs_run(proc.stdout + proc.stderr)


def simulation_seconds(workdir: Path) -> float:
    """Sum of the 'simulated in X s' of every simulation log."""
    total = 0.0
    for log in (workdir / "logs").rglob("*.log"):
        match = re.search(r"simulated in ([0-9.]+) s", log.read_text())
        total += float(match.group(1)) if match else 0.0
    return total


def edit_one_row(table: Path, row_id: str) -> None:
    rows = list(csv.DictReader(table.open(newline=""), delimiter="\t"))
    for row in rows:
        if row["id"] == row_id:
            row["d"] = str(float(row["d"]) + 0.5)
    with table.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)


def seed_notebook(repeats: int) -> float:
    script = str(ROOT / "benchmarks" / "seed_notebook_runs.py")
    times = []
    for _ in range(repeats):
        out = timed([sys.executable, script])[2].stdout.split()
        times.append(float(out[0]))
    return statistics.median(times)


def measure(cores: int, floor_repeats: int, seed_repeats: int) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    job_floor = floor(floor_repeats)
    rows.append(
        ("per_job_floor_s", job_floor, f"python -c 'import brian2', median of {floor_repeats}")
    )
    with tempfile.TemporaryDirectory(prefix="izh-bench-") as tmp:
        workdir = Path(tmp)
        table = workdir / "neurons.tsv"
        shutil.copy(ROOT / "params" / "neurons.tsv", table)
        wall, cpu, jobs = snakemake(workdir, cores, table)
        n_jobs = sum(v for k, v in jobs.items() if k != "all")
        sim = simulation_seconds(workdir)
        ideal = (n_jobs * job_floor + sim) / cores
        rows += [
            ("regeneration_wall_s", wall, f"--cores {cores}, from an empty results/"),
            ("regeneration_cpu_s", cpu, "CPU time of snakemake and all jobs"),
            ("regeneration_jobs", n_jobs, ", ".join(f"{k} {v}" for k, v in sorted(jobs.items()))),
            ("simulation_total_s", sim, "sum of the Brian2 run times in the job logs"),
            ("floor_ideal_s", ideal, "(jobs x floor + simulation) / cores"),
            ("regeneration_over_ideal", wall / ideal, "regeneration / floor-based ideal"),
        ]
        noop = min(snakemake(workdir, cores, table)[0] for _ in range(3))
        rows.append(("noop_run_s", noop, "everything up to date, best of 3"))
        edit_one_row(table, "fig1_K_original")
        wall, _, jobs = snakemake(workdir, cores, table)
        rows += [
            ("one_row_edit_s", wall, "fig1_K_original's d changed"),
            ("one_row_edit_jobs", sum(v for k, v in jobs.items() if k != "all"),
             ", ".join(f"{k} {v}" for k, v in sorted(jobs.items()))),
            ("one_row_edit_simulations", jobs.get("simulate_neuron", 0),
             "simulate_neuron jobs (its scheme re-runs are simulate_scheme)"),
        ]  # fmt: skip
    if seed_repeats:
        seed = seed_notebook(seed_repeats)
        regeneration = next(v for k, v, _ in rows if k == "regeneration_wall_s")
        rows += [
            ("seed_notebook_50_runs_s", seed, f"one process, median of {seed_repeats}"),
            ("regeneration_over_seed_notebook", regeneration / seed, "the whole workflow"),
        ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cores", type=int, default=os.cpu_count())
    parser.add_argument("--floor-repeats", type=int, default=7)
    parser.add_argument("--seed-repeats", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "results" / "benchmarks" / "pipeline.tsv"))
    args = parser.parse_args()
    rows = measure(args.cores, args.floor_repeats, args.seed_repeats)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["measure", "value", "note"])
        writer.writerows((k, f"{v:.4g}", note) for k, v, note in rows)
    for key, value, note in rows:
        print(f"{key:34s} {value:10.3f}  {note}")


if __name__ == "__main__":
    main()
