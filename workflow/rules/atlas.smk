# The parameter atlas (issue 13): 2003 Fig. 2's (a, b) and (c, d) planes computed by
# simulation. One row of params/sweeps.tsv is one map; each map is cut into chunks of
# points_per_job points, one Brian2 job each (one NeuronGroup, izhikevich.atlas), then
# assembled into results/atlas/{map}.tsv and drawn with the others.


rule atlas_chunk:
    output:
        "results/atlas/{map}/chunk{chunk}.npz",
    log:
        "logs/atlas/{map}/chunk{chunk}.log",
    benchmark:
        "results/benchmarks/jobs/atlas/{map}/chunk{chunk}.tsv"
    wildcard_constraints:
        map=MAP_WILDCARD,
        chunk="\\d+",
    conda:
        "../envs/simulation.yaml"
    resources:
        mem_mb=atlas_chunk_mem_mb,
        runtime=atlas_chunk_runtime,
    params:
        sweep=lambda wildcards: SWEEP_ROWS[wildcards.map],
        protocol=lambda wildcards: sweep_protocol(wildcards.map),
        marks=lambda wildcards: sweep_marks(wildcards.map),
    script:
        "../scripts/atlas_chunk.py"


rule atlas_map:
    input:
        chunks=atlas_chunk_files,
    output:
        "results/atlas/{map}.tsv",
    log:
        "logs/atlas/{map}.log",
    wildcard_constraints:
        map=MAP_WILDCARD,
    conda:
        "../envs/report.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        sweep=lambda wildcards: SWEEP_ROWS[wildcards.map],
        marks=lambda wildcards: sweep_marks(wildcards.map),
    script:
        "../scripts/atlas_map.py"


rule atlas_types:
    input:
        maps=atlas_maps,
        validation="results/validation.tsv",
    output:
        tsv="results/atlas_types.tsv",
        html=report(
            "results/report/tables/atlas_types.html",
            caption="../report/atlas_types.rst",
            category="Parameter atlas",
            labels={"result": "published types on the maps"},
        ),
    log:
        "logs/atlas/types.log",
    conda:
        "../envs/report.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        ids=list(SWEEPS.index),
    script:
        "../scripts/atlas_types.py"


rule atlas_figure:
    input:
        maps=atlas_maps,
    output:
        pdf="results/figures/izhikevich2003_fig2_planes.pdf",
        png=report(
            "results/figures/izhikevich2003_fig2_planes.png",
            caption="../report/atlas_planes.rst",
            category="Parameter atlas",
            labels={"result": "2003 Fig. 2 planes"},
        ),
    log:
        "logs/figures/izhikevich2003_fig2_planes.log",
    conda:
        "../envs/figures.yaml"
    resources:
        mem_mb=1500,
        runtime=5,
    params:
        ids=list(SWEEPS.index),
        sweeps=SWEEP_ROWS,
        marks={map_id: sweep_marks(map_id) for map_id in SWEEPS.index},
        sketch={
            map_id: atlas.sketch_positions(sweep_of(map_id), NEURON_ROWS)
            for map_id in SWEEPS.index
        },
        protocol_panels={
            map_id: NEURON_ROWS[row["protocol"]]["panel"]
            for map_id, row in SWEEP_ROWS.items()
        },
    script:
        "../scripts/atlas_figure.py"
