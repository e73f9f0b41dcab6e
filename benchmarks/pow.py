"""Cost of figure1.m's pow() arithmetic in the published update, against NumPy's v**2.

    .venv/bin/python benchmarks/pow.py [--repeats 5]

Runs the 28 original rows of params/neurons.tsv (scheme ``izhikevich``) in one process,
row by row, alternately with the published update as shipped (``V^2`` by C's pow()
through a Brian2 ``Function``) and with the same code writing ``v**2`` (NumPy: v*v);
keeps the best of ``--repeats`` of each row for each; prints the time per run of both and
their ratio (measured in the same run).
"""

from __future__ import annotations

import argparse
import inspect
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "workflow"))
sys.modules.setdefault("pylab", None)

from izhikevich import model, tables  # noqa: E402


def product_variant():
    """model._simulate_published with v**2 instead of figure1_pow(v, 2.0) (the baseline)."""
    source = inspect.getsource(model._simulate_published)
    assert "figure1_pow(v, 2.0)" in source
    namespace = dict(vars(model))
    exec(source.replace("figure1_pow(v, 2.0)", "v**2"), namespace)  # noqa: S102 (our own code)
    return namespace["_simulate_published"]


def run_once(spec, published) -> float:
    start = time.perf_counter()
    published(model._brian2(), spec, euler=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    table = tables.load_neurons(ROOT / "params" / "neurons.tsv")
    specs = [model.NeuronSpec.from_row(r) for r in table.select(variant="original")]
    variants = {"pow (shipped)": model._simulate_published, "v**2 (NumPy)": product_variant()}
    for published in variants.values():  # warm-up: imports, first code generation
        run_once(specs[0], published)
    # per row, the best of the repeats of each variant (alternating, the order swapped
    # every repeat), so that load from other processes falls on both alike
    best = {(name, i): float("inf") for name in variants for i in range(len(specs))}
    for repeat in range(args.repeats):
        order = list(variants.items())[:: 1 if repeat % 2 == 0 else -1]
        for i, spec in enumerate(specs):
            for name, published in order:
                best[name, i] = min(best[name, i], run_once(spec, published))
    best = {name: sum(best[name, i] for i in range(len(specs))) for name in variants}
    steps = sum(spec.n_steps for spec in specs)
    for name, seconds in best.items():
        print(
            f"{name:14s} {seconds / len(specs) * 1000:7.1f} ms per run, "
            f"{seconds / steps * 1e6:6.1f} us per step ({len(specs)} rows, {steps} steps)"
        )
    print(f"pow / v**2 = {best['pow (shipped)'] / best['v**2 (NumPy)']:.3f}")


if __name__ == "__main__":
    main()
