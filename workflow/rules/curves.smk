# Issue 13, part 3: phase planes of the original panels (and f-I curves), drawn from NPZ
# files; report category "Parameter atlas". Input functions: common.smk.


rule phase_planes:
    input:
        npz=phase_plane_inputs,
    output:
        pdf="results/figures/{figure}_phase_planes.pdf",
        png=report(
            "results/figures/{figure}_phase_planes.png",
            caption="../report/phase_planes.rst",
            category="Parameter atlas",
            labels={"figure": "{figure}", "result": "phase planes"},
        ),
    log:
        "logs/figures/{figure}_phase_planes.log",
    conda:
        "../envs/figures.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/plot_phase_planes.py"


# f-I curves (izhikevich.fi_curves): one job for every row of the f-I table (config
# fI_curves), each round of it one Brian2 group per compatible set of rows (same scheme,
# equation, step, duration); then the tables and the figure.
rule fI_curves:
    output:
        npz=fI_npz(),
    log:
        "logs/fI/curves.log",
    benchmark:
        "results/benchmarks/jobs/fI/curves.tsv"
    conda:
        "../envs/simulation.yaml"
    resources:
        mem_mb=fI_mem_mb,
        runtime=fI_runtime_min,
    params:
        settings=fI_settings,
        rows=fI_neuron_rows,
    script:
        "../scripts/fI_curves.py"


rule fI_tables:
    input:
        npz=fI_npz,
    output:
        curves="results/atlas/fI_curves.tsv",
        summary="results/atlas/fI_summary.tsv",
        curves_html=report(
            "results/report/tables/fI_curves.html",
            caption="../report/fI_tables.rst",
            category="Parameter atlas",
            labels={"result": "f-I curves, every input"},
        ),
        summary_html=report(
            "results/report/tables/fI_summary.html",
            caption="../report/fI_tables.rst",
            category="Parameter atlas",
            labels={"result": "f-I curves, rheobase and onset"},
        ),
    log:
        "logs/fI/tables.log",
    # izhikevich.fi_report holds the f-I tables and figure (matplotlib)
    conda:
        "../envs/figures.yaml"
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/fI_tables.py"


rule fI_figure:
    input:
        npz=fI_npz,
    output:
        pdf="results/figures/fI_curves.pdf",
        png=report(
            "results/figures/fI_curves.png",
            caption="../report/fI_curves.rst",
            category="Parameter atlas",
            labels={"result": "f-I curves"},
        ),
    log:
        "logs/figures/fI_curves.log",
    conda:
        "../envs/figures.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/plot_fI_curves.py"
