# The step-size study (issue 14): which behaviours belong to the model and which to its
# step. Not part of `rule all`: `snakemake numerics` runs it (rule numerics, Snakefile).
#   network (2003 Fig. 3): params/numerics_network.tsv (config numerics_network), one job per
#   row of it and step -> results/numerics/network.tsv, results/figures/numerics_network.*
# (tables and input functions: common.smk, "Numerics")


rule numerics_network_run:
    output:
        "results/numerics/network/{id}/dt{step}ms.npz",
    log:
        "logs/numerics/network/{id}/dt{step}ms.log",
    benchmark:
        "results/benchmarks/jobs/numerics/network/{id}/dt{step}ms.tsv"
    wildcard_constraints:
        step="[0-9]+(\\.[0-9]+)?",
    conda:
        "../envs/simulation.yaml"
    threads: 1
    resources:
        mem_mb=numerics_network_mem_mb,
        runtime=numerics_network_runtime_min,
    params:
        row=network_row,
        dt_ms=lambda wildcards: float(wildcards.step),
    script:
        "../scripts/simulate_network_step.py"


rule numerics_network_table:
    input:
        npz=numerics_network_npz,
    output:
        runs="results/numerics/network_runs.tsv",
        table="results/numerics/network.tsv",
        html=report(
            "results/report/tables/numerics_network.html",
            caption="../report/numerics_network_table.rst",
            category=NUMERICS_CATEGORY,
            labels={"result": "network statistics against the step"},
        ),
    log:
        "logs/numerics/network_table.log",
    conda:
        "../envs/report.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/numerics_network_table.py"


rule numerics_network_figure:
    input:
        runs="results/numerics/network_runs.tsv",
        table="results/numerics/network.tsv",
        npz=numerics_network_npz,
    output:
        pdf="results/figures/numerics_network.pdf",
        png=report(
            "results/figures/numerics_network.png",
            caption="../report/numerics_network_figure.rst",
            category=NUMERICS_CATEGORY,
            labels={"result": "network statistics against the step"},
        ),
    log:
        "logs/figures/numerics_network.log",
    conda:
        "../envs/figures.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/plot_numerics_network.py"
