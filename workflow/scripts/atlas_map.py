"""Snakemake job: the chunks of one parameter-atlas map -> results/atlas/{map}.tsv."""

import sys
from pathlib import Path

# The workflow's own package first (see simulate_neuron.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.atlas import map_table
from izhikevich.io import load_npz
from izhikevich.tabular import write_tsv


def main(sweep: dict, marks: dict, chunks: list[str], output: str, log: str) -> None:
    """One line per point: parameters, class, spike count, rate, first-spike latency."""
    frame = map_table(sweep, marks, [load_npz(path) for path in chunks])
    write_tsv(frame, output)
    counts = frame["class"].value_counts()
    with open(log, "w") as handle:
        handle.write(f"{sweep['id']}: {len(frame)} points from {len(chunks)} chunks\n")
        handle.write("".join(f"  {cls}: {n}\n" for cls, n in counts.items()))


if __name__ == "__main__" and "snakemake" in globals():
    main(
        dict(snakemake.params.sweep),
        dict(snakemake.params.marks),
        list(snakemake.input.chunks),
        snakemake.output[0],
        snakemake.log[0],
    )
