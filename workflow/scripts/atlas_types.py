"""Snakemake job: the published types on every map against results/validation.tsv ->
results/atlas_types.tsv (and its report page)."""

import sys
from pathlib import Path

# The workflow's own package first (see simulate_neuron.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.atlas import types_table
from izhikevich.tabular import read_tsv, write_table


def main(maps: list[str], ids: list[str], validation: str, tsv: str, html: str, log: str):
    frames = {map_id: read_tsv(path) for map_id, path in zip(ids, maps, strict=True)}
    frame = types_table(frames, read_tsv(validation))
    write_table(
        frame,
        tsv,
        html,
        title="Parameter atlas: the published types on the maps",
        intro="Class of each 2003 Fig. 2 type at its own point of every map that runs it "
        "(same input and other parameters), against the class of its own row "
        "(results/validation.tsv).",
    )
    with open(log, "w") as handle:
        handle.write(f"{len(frame)} types on {len(ids)} maps, "
                     f"{int((frame['result'] == 'pass').sum())} pass\n")  # fmt: skip


if __name__ == "__main__" and "snakemake" in globals():
    main(
        list(snakemake.input.maps),
        list(snakemake.params.ids),
        snakemake.input.validation,
        snakemake.output.tsv,
        snakemake.output.html,
        snakemake.log[0],
    )
