"""Cost of figure1.m's pow() arithmetic in the published update, against NumPy's v**2.

    .venv/bin/python benchmarks/pow.py [--repeats 5]

Runs the 28 original rows of params/neurons.tsv (scheme ``izhikevich``) in one process,
row by row, alternately with the published update as shipped (``V^2`` by C's pow()
through a Brian2 ``Function``) and with the same code writing v*v (NumPy's ``v**2``);
keeps the best of ``--repeats`` of each row for each; prints the time per run of both and
their ratio (measured in the same run).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))

from izhikevich.simjob import import_brian2  # noqa: E402

import_brian2()
from izhikevich import schemes, tables  # noqa: E402
from izhikevich.model import NeuronSpec  # noqa: E402

#: The baseline: the published scheme with NumPy's v*v (= v**2) instead of C's pow().
BASELINE = "izhikevich_v_times_v"


def build_product(b2, spec):
    """schemes.build_published on equations that write v*v (its pow() replaces v**2 only)."""
    saved = schemes.EQUATIONS
    schemes.EQUATIONS = {k: (v.replace("v**2", "v*v"), u) for k, (v, u) in saved.items()}
    try:
        return schemes.build_published(b2, spec)
    finally:
        schemes.EQUATIONS = saved


def run_once(spec) -> float:
    start = time.perf_counter()
    schemes.simulate(spec)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    table = tables.load_neurons(ROOT / "params" / "neurons.tsv")
    published = schemes.neuron_scheme("izhikevich")
    schemes.register(dataclasses.replace(published, name=BASELINE, build=build_product))
    rows = table.select(variant="original")
    variants = {
        "pow (shipped)": [NeuronSpec.from_row(r) for r in rows],
        "v*v (NumPy)": [NeuronSpec.from_row({**r, "scheme": BASELINE}) for r in rows],
    }
    for specs in variants.values():  # warm-up: imports, first code generation
        run_once(specs[0])
    # per row, the best of the repeats of each variant (alternating, the order swapped
    # every repeat), so that load from other processes falls on both alike
    best = {(name, i): float("inf") for name in variants for i in range(len(rows))}
    for repeat in range(args.repeats):
        order = list(variants.items())[:: 1 if repeat % 2 == 0 else -1]
        for i in range(len(rows)):
            for name, specs in order:
                best[name, i] = min(best[name, i], run_once(specs[i]))
    best = {name: sum(best[name, i] for i in range(len(rows))) for name in variants}
    specs = variants["pow (shipped)"]
    steps = sum(published.n_steps(spec) for spec in specs)
    for name, seconds in best.items():
        print(
            f"{name:14s} {seconds / len(specs) * 1000:7.1f} ms per run, "
            f"{seconds / steps * 1e6:6.1f} us per step ({len(specs)} rows, {steps} steps)"
        )
    print(f"pow / v*v = {best['pow (shipped)'] / best['v*v (NumPy)']:.3f}")


if __name__ == "__main__":
    main()
