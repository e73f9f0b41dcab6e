"""Cost of the parameter atlas (2003 Fig. 2's planes), against the single-row path.

    .venv/bin/python benchmarks/atlas.py [--sizes 50 100 200 400] [--full]

1. A 200 x 200 map (the shipped (a, b) plane at RS's c, d, RS's input) from an empty
   results/ to its figure at ``--cores 2``: one Snakemake run in a scratch directory
   (imports, chunk jobs, assembly, figure), wall time.
2. One chunk job of n x n points for each size (a fresh process: imports, simulation,
   classification, NPZ): wall time, time per point, peak resident memory (VmHWM) and the
   guards' estimate of it.
3. V^2 as C's pow() on 10^6 values of v: the fast exact route against libm on every
   element (best of 5).
4. The baseline, measured in the same run: the single-row path, a fresh process that
   simulates the protocol row (``simulate_neuron``), time per row; printed as ratios.
5. ``--full``: a 1000 x 1000 map in chunks of 50,000 points at ``--cores 2`` (the shipped
   Slurm profile's grouping is in profiles/slurm): jobs, wall time.

Prints a table; numbers depend on the machine and its load (run it on an idle machine).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
PROTOCOL = "fig2_RS_original"

#: A child process: run ``code``, print its result and its peak resident memory as JSON.
CHILD = """
import json, resource, sys, time
start = time.perf_counter()
sys.path.insert(0, {workflow!r})
from izhikevich.simjob import import_brian2
import_brian2()
from izhikevich import atlas, atlas_chunks, tables
{code}
with open("/proc/self/status") as handle:
    peak = next(int(l.split()[1]) for l in handle if l.startswith("VmHWM")) / 1000
print(json.dumps({{"wall": time.perf_counter() - start, "peak_mb": peak, **result}}))
"""

ROW_CODE = """
from izhikevich.model import NeuronSpec, simulate_neuron
rows = tables.rows(tables.load_neurons({neurons!r}, cache={cache!r}))
spec = NeuronSpec.from_row(rows[{protocol!r}])
t0 = time.perf_counter()
simulate_neuron(spec)
first = time.perf_counter() - t0
best = min((lambda t: (simulate_neuron(spec), time.perf_counter() - t)[1])(time.perf_counter())
           for _ in range(3))
result = {{"first_s": first, "best_s": best}}
"""

CHUNK_CODE = """
from izhikevich.io import save_npz
rows = tables.rows(tables.load_neurons({neurons!r}, cache={cache!r}))
sweep = dict({sweep!r})
s = atlas.Sweep.from_row(sweep)
marks = atlas.types_on(s, rows[sweep["protocol"]], rows)
t0 = time.perf_counter()
arrays = atlas_chunks.simulate_chunk(sweep, rows[sweep["protocol"]], marks, 0)
save_npz({out!r}, arrays)
spec = atlas_chunks.protocol_spec(s, rows[sweep["protocol"]])
estimate = atlas_chunks.chunk_cost(arrays["point"].size, spec.n_steps, True).memory_mb
result = {{"run_s": time.perf_counter() - t0, "points": int(arrays["point"].size),
          "estimate_mb": estimate}}
"""


def child(code: str) -> dict:
    script = CHILD.format(workflow=str(ROOT / "workflow"), code=code)
    proc = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, check=False)
    if proc.returncode:
        raise RuntimeError(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def shipped_row(map_id: str = "ab_RS") -> dict:
    with open(ROOT / "params" / "sweeps.tsv", newline="") as handle:
        return next(r for r in csv.DictReader(handle, delimiter="\t") if r["id"] == map_id)


def sweep_row(n: int, points_per_job: int, map_id: str = "ab_RS") -> dict:
    """The shipped map at n x n points, typed as the jobs get it."""
    row = shipped_row(map_id)
    typed: dict = {k: v for k, v in row.items() if v != ""}
    for key in ("x_min", "x_max", "y_min", "y_max", "a", "b", "c", "d"):
        if key in typed:
            typed[key] = float(typed[key])
    typed.update(x_n=n, y_n=n, points_per_job=points_per_job)
    return typed


def write_sweeps(path: Path, rows: list[dict]) -> None:
    columns = list(shipped_row())
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def protocol_table(path: Path) -> None:
    with open(ROOT / "params" / "neurons.tsv", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        rows = [r for r in reader if r["id"] == PROTOCOL]
        columns = reader.fieldnames
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def snakemake_map(workdir: Path, rows: list[dict], cores: int = 2) -> tuple[float, int]:
    """Wall time of a Snakemake run of the maps ``rows`` to the planes figure; jobs run."""
    workdir.mkdir(parents=True, exist_ok=True)
    write_sweeps(workdir / "sweeps.tsv", rows)
    protocol_table(workdir / "neurons.tsv")
    cmd = [
        SNAKEMAKE, "--snakefile", str(ROOT / "Snakefile"), "--directory", str(workdir),
        "--cores", str(cores), "results/figures/izhikevich2003_fig2_planes.png",
        "--config", f"neurons={workdir / 'neurons.tsv'}", f"sweeps={workdir / 'sweeps.tsv'}",
        "fI_curves=none", f"network={ROOT / 'tests' / 'data' / 'network_tiny.tsv'}",
    ]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(proc.stdout + proc.stderr)
    jobs = (proc.stdout + proc.stderr).count("Finished jobid")
    return wall, jobs


def pow_costs(repeats: int = 5) -> tuple[float, float, float]:
    """ns per element of V^2 as C's pow() on 10^6 membrane potentials: the fast exact route
    (``model.c_pow``), libm on every element; and the fraction sent to libm."""
    import numpy as np

    sys.path.insert(0, str(ROOT / "workflow"))
    from izhikevich import model

    x = np.random.default_rng(2003).uniform(-80, 40, 1_000_000)

    def best(f) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            f()
            times.append(time.perf_counter() - start)
        return 1e9 * min(times) / x.size

    calls: list[int] = []
    libm = model._POW
    model._POW = lambda a, b: calls.append(len(a)) or libm(a, b)
    model.c_pow(x, 2.0)
    model._POW = libm
    return best(lambda: model.c_pow(x, 2.0)), best(lambda: libm(x, 2.0)), sum(calls) / x.size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    parser.add_argument("--full", action="store_true", help="also a 1000 x 1000 map")
    args = parser.parse_args()
    neurons = str(ROOT / "params" / "neurons.tsv")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    fast, libm, fraction = pow_costs()
    print(
        f"V^2 as pow(): fast exact route {fast:.0f} ns per element, libm on every element "
        f"{libm:.0f} ns ({fast / libm:.2f} of it); {100 * fraction:.1f} % sent to libm"
    )

    # the table validated once (as a Snakemake run does before any job), not in every child
    cache = str(Path(tempfile.mkdtemp()) / "validated.json")
    sys.path.insert(0, str(ROOT / "workflow"))
    from izhikevich import tables

    tables.load_neurons(neurons, cache=cache)
    row = child(ROW_CODE.format(neurons=neurons, protocol=PROTOCOL, cache=cache))
    per_row = row["best_s"]
    print(
        f"baseline, single-row path ({PROTOCOL}, fresh process): {row['wall']:.2f} s in all, "
        f"first run {row['first_s']:.3f} s, best of 3 {per_row:.3f} s per row, "
        f"peak {row['peak_mb']:.0f} MB"
    )
    print(
        "\n| points | one job: wall (s) | run (s) | per point (us) | single row / point "
        "| peak memory (MB) | estimate (MB) |"
    )
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            sweep = sweep_row(n, n * n)
            out = str(Path(tmp) / f"chunk{n}.npz")
            got = child(CHUNK_CODE.format(neurons=neurons, sweep=sweep, out=out, cache=cache))
            per_point = got["run_s"] / got["points"]
            print(
                f"| {n}² = {got['points']:,} | {got['wall']:.2f} | {got['run_s']:.2f} | "
                f"{1e6 * per_point:.1f} | {per_row / per_point:,.0f}x | "
                f"{got['peak_mb']:.0f} | {got['estimate_mb']:.0f} |"
            )
        wall, jobs = snakemake_map(Path(tmp) / "map200", [sweep_row(200, 20000)])
        print(
            f"\n200 x 200 map, empty results/ to its figure, --cores 2: {wall:.1f} s "
            f"({jobs} jobs; target 30 s: {wall / 30:.2f} of it; = {wall / per_row:,.0f} "
            "single rows)"
        )
        if args.full:
            full = {**sweep_row(1000, 50000), "id": "ab_RS_1000"}
            wall, jobs = snakemake_map(Path(tmp) / "map1000", [full])
            print(
                f"1000 x 1000 map in chunks of 50,000 points, --cores 2: {wall:.0f} s "
                f"({jobs} jobs; {1e6 * wall / 1e6:.0f} us of wall time per point; "
                f"= {wall / per_row:,.0f} single rows)"
            )


if __name__ == "__main__":
    main()
