"""Benchmark: the Brian2 network of 2003 Fig. 3 against a NumPy port of net.m.

    .venv/bin/python benchmarks/network.py [--sizes 1000,2500,5000,10000] [--repeat 3]

For each size, both run 1000 ms of net.m (Izhikevich 2003, Fig. 3; 80 % excitatory,
weights x 1000/N above 1000 neurons) in fresh subprocesses, alternately, ``--repeat`` times.
Time = the simulation including drawing the network, excluding Python/Brian2 imports (best of
the repeats); peak memory = the child's peak resident set size (imports included). Prints a
table with the ratio Brian2 / NumPy and writes it to results/benchmarks/network.tsv.

The NumPy baseline is the project's only NumPy port of net.m, the test oracle
tests/oracles/net_m.py (imported from there). It draws its random numbers as the Brian2 scheme
does, so both must fire the same spikes: the ``same_spikes`` column checks it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from oracles.net_m import net_m_numpy  # noqa: E402 (the NumPy port of net.m)

SIZES = (1000, 2500, 5000, 10000)
#: Goals of the network issue: Brian2 within 5x of NumPy at 1000 neurons, 2x at 10,000,
#: and 10,000 neurons under 4 GB peak.
RATIO_GOALS = {1000: 5.0, 10000: 2.0}
MEMORY_GOAL_MB = {10000: 4096}


def split(n: int) -> tuple[int, int]:
    """net.m's 4:1 excitatory:inhibitory split of ``n`` neurons."""
    return int(0.8 * n), n - int(0.8 * n)


def child(impl: str, n: int, duration_ms: int, seed: int) -> dict:
    """One measurement, in this (fresh) process; imports are not timed."""
    Ne, Ni = split(n)
    scaling = "1000/N" if n != 1000 else "none"
    if impl == "brian2":
        sys.path.insert(0, str(ROOT / "workflow"))
        from izhikevich.simjob import import_brian2

        import_brian2()
        from izhikevich.network import NetworkSpec, simulate_network

        spec = NetworkSpec(Ne, Ni, float(duration_ms), seed, "izhikevich", scaling)
        start = time.perf_counter()
        result = simulate_network(spec)
        seconds = time.perf_counter() - start
        times, indices = result.spike_times_ms.astype(np.int64), result.spike_indices
    else:
        factor = 1000.0 / n if scaling == "1000/N" else 1.0
        start = time.perf_counter()
        times, indices = net_m_numpy(Ne, Ni, duration_ms, seed, factor)
        seconds = time.perf_counter() - start
    digest = hash_spikes(times, indices)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "spikes": len(times), "digest": digest}


def hash_spikes(times: np.ndarray, indices: np.ndarray) -> str:
    import hashlib

    data = np.stack([np.asarray(times, np.int64), np.asarray(indices, np.int64)])
    return hashlib.sha256(data.tobytes()).hexdigest()[:16]


def measure(impl: str, n: int, duration_ms: int, seed: int) -> dict:
    """Run ``child`` in a fresh interpreter (its own peak memory) and return its numbers."""
    cmd = [sys.executable, __file__, "--child", impl, str(n), str(duration_ms), str(seed)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{impl} at N = {n} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def benchmark(sizes, repeat: int, duration_ms: int, seed: int) -> list[dict]:
    rows = []
    for n in sizes:
        best: dict[str, dict] = {}
        for _ in range(repeat):
            for impl in ("numpy", "brian2"):
                got = measure(impl, n, duration_ms, seed)
                old = best.get(impl)
                if old is None or got["seconds"] < old["seconds"]:
                    got["peak_mb"] = max(got["peak_mb"], old["peak_mb"] if old else 0)
                    best[impl] = got
                else:
                    old["peak_mb"] = max(got["peak_mb"], old["peak_mb"])
        numpy_, brian = best["numpy"], best["brian2"]
        ratio = brian["seconds"] / numpy_["seconds"]
        goal = RATIO_GOALS.get(n)
        mem_goal = MEMORY_GOAL_MB.get(n)
        rows.append(
            {
                "N": n,
                "Ne": split(n)[0],
                "Ni": split(n)[1],
                "weight_scaling": "none" if n == 1000 else "1000/N",
                "numpy_s": round(numpy_["seconds"], 4),
                "brian2_s": round(brian["seconds"], 4),
                "ratio": round(ratio, 2),
                "ratio_goal": goal if goal else "",
                "numpy_peak_mb": round(numpy_["peak_mb"]),
                "brian2_peak_mb": round(brian["peak_mb"]),
                "memory_goal_mb": mem_goal if mem_goal else "",
                "spikes": brian["spikes"],
                "same_spikes": brian["digest"] == numpy_["digest"],
                "meets_goals": (goal is None or ratio <= goal)
                and (mem_goal is None or brian["peak_mb"] <= mem_goal),
            }
        )
        print_row(rows[-1], header=len(rows) == 1)
    return rows


COLUMNS = ["N", "numpy_s", "brian2_s", "ratio", "ratio_goal", "numpy_peak_mb"]
COLUMNS += ["brian2_peak_mb", "memory_goal_mb", "spikes", "same_spikes", "meets_goals"]


def print_row(row: dict, header: bool) -> None:
    if header:
        print("\t".join(COLUMNS))
    print("\t".join(str(row[c]) for c in COLUMNS), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--duration-ms", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(ROOT / "results" / "benchmarks" / "network.tsv"))
    parser.add_argument(
        "--child", nargs=4, metavar=("IMPL", "N", "T", "SEED"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        impl, n, duration, seed = args.child
        print(json.dumps(child(impl, int(n), int(duration), int(seed))))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"net.m, {args.duration_ms} ms, seed {args.seed}, best of {args.repeat}; "
        f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}, NumPy {np.__version__}",
        flush=True,
    )
    rows = benchmark(sizes, args.repeat, args.duration_ms, args.seed)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    print(f"-> {out}")
    return 0 if all(r["meets_goals"] and r["same_spikes"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
