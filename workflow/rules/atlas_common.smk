# The parameter atlas: params/sweeps.tsv, validated before any job runs, and the input
# functions of the rules in atlas.smk (no rules here).
import math
import re

from izhikevich import atlas, atlas_chunks  # noqa: E402

# Validated before any job runs: bad rows (ranges, parameters, protocol, a chunk over the
# per-job budget) stop here with row and column named. Config sweeps absent or "none": no
# maps (e.g. a run on a neuron table without the protocol rows the shipped maps use).
SWEEPS_PATH = config.get("sweeps") or "none"
SWEEPS = (
    tables.load_sweeps(
        table_path(SWEEPS_PATH),
        NEURONS,
        guards.Budget.from_config(config),
        cache=VALIDATED,
    )
    if SWEEPS_PATH != "none"
    else tables.no_sweeps()
)
SWEEP_ROWS = tables.rows(SWEEPS)
#: The {map} wildcard: the ids of the maps (no other file under results/atlas/ is a map).
MAP_WILDCARD = "|".join(re.escape(map_id) for map_id in SWEEPS.index) or "(?!)"


def sweep_of(map_id):
    return atlas.Sweep.from_row(SWEEP_ROWS[map_id])


def sweep_protocol(map_id):
    """The protocol row's simulation columns (params: editing that row reruns the map)."""
    return simulation_columns(NEURON_ROWS[SWEEP_ROWS[map_id]["protocol"]])


def sweep_marks(map_id):
    """The published types on the map (izhikevich.atlas.types_on): panel -> a, b, c, d."""
    row = SWEEP_ROWS[map_id]
    return atlas.types_on(sweep_of(map_id), NEURON_ROWS[row["protocol"]], NEURON_ROWS)


def atlas_chunk_files(wildcards):
    sweep = sweep_of(wildcards.map)
    return [
        f"results/atlas/{wildcards.map}/chunk{k}.npz"
        for k in range(atlas.n_chunks(sweep))
    ]


def atlas_chunk_mem_mb(wildcards, attempt):
    """Memory of a chunk job (MB), from the population resource model (v recorded: an
    upper bound); ``attempt`` times as much on a retry."""
    sweep = sweep_of(wildcards.map)
    spec = atlas_chunks.protocol_spec(sweep, sweep_protocol(wildcards.map))
    points = min(sweep.points_per_job, sweep.n_grid) + tables.MAX_TYPES_PER_MAP
    return math.ceil(
        atlas_chunks.chunk_cost(points, spec.n_steps, True).memory_mb * attempt
    )


def atlas_chunk_runtime(wildcards, attempt):
    sweep = sweep_of(wildcards.map)
    spec = atlas_chunks.protocol_spec(sweep, sweep_protocol(wildcards.map))
    points = min(sweep.points_per_job, sweep.n_grid) + tables.MAX_TYPES_PER_MAP
    cost = atlas_chunks.chunk_cost(points, spec.n_steps, True)
    return math.ceil(2 * cost.runtime_min * attempt) + 1


def atlas_maps(wildcards=None):
    return [f"results/atlas/{map_id}.tsv" for map_id in SWEEPS.index]


def atlas_targets():
    """The maps, the types table and the planes figure (part of the default target)."""
    if SWEEPS.empty:
        return []
    return atlas_maps() + [
        "results/atlas_types.tsv",
        "results/figures/izhikevich2003_fig2_planes.pdf",
        "results/figures/izhikevich2003_fig2_planes.png",
    ]
