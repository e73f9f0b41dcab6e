"""Snakemake job: results/figures/izhikevich2003_fig2_planes.{pdf,png} from the maps."""

import sys
from pathlib import Path

# The workflow's own package first (see simulate_neuron.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.atlas import Sweep
from izhikevich.atlas_plots import map_title, plot_planes
from izhikevich.tabular import read_tsv


def main(maps: list[str], params, outputs: list[str], log: str) -> None:
    drawn = []
    for path, map_id in zip(maps, params.ids, strict=True):
        frame = read_tsv(path)
        frame["point"] = frame["point"].astype(int)
        for column in ("a", "b", "c", "d"):
            frame[column] = frame[column].astype(float)
        frame["type"] = frame["type"].where(frame["type"] != "NA")
        sweep = Sweep.from_row(params.sweeps[map_id])
        drawn.append(
            {
                "frame": frame,
                "sweep": sweep,
                "marks": params.marks[map_id],
                "sketch": {k: tuple(v) for k, v in params.sketch[map_id].items()},
                "title": map_title(sweep, params.protocol_panels[map_id]),
            }
        )
    plot_planes(drawn, outputs)
    with open(log, "w") as handle:
        handle.write(f"{len(drawn)} maps -> {', '.join(outputs)}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(list(snakemake.input.maps), snakemake.params, list(snakemake.output), snakemake.log[0])
