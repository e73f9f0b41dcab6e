# The step-size study (issue 14): which behaviours belong to the model and which to its
# step. Not part of `rule all`: `snakemake numerics` runs it (rule numerics, Snakefile).
#   single neurons: params/numerics_neurons.tsv (config numerics_neurons), one job per row
#   and run (the published update at tau/k for each divisor k; the reference solution at h
#   and h/2) -> results/numerics/single_neuron.tsv, results/figures/numerics_{steps,
#   convergence}.*
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
        "../scripts/simulate_network.py"


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


rule numerics_run:
    output:
        "results/numerics/neurons/{id}/{run}.npz",
    log:
        "logs/numerics/neurons/{id}/{run}.log",
    benchmark:
        "results/benchmarks/jobs/numerics/neurons/{id}/{run}.tsv"
    wildcard_constraints:
        run="k[0-9]+|reference|reference_half",
    conda:
        "../envs/simulation.yaml"
    resources:
        mem_mb=500,
        runtime=10,
    params:
        row=numerics_run_row,
    script:
        "../scripts/simulate_neuron.py"


rule numerics_single_neuron:
    input:
        npz=numerics_neuron_npz,
    output:
        tsv="results/numerics/single_neuron.tsv",
        html=report(
            "results/report/tables/numerics_single_neuron.html",
            caption="../report/numerics_single_neuron_table.rst",
            category=NUMERICS_CATEGORY,
            labels={"result": "single neurons against the step"},
        ),
    log:
        "logs/numerics/single_neuron.log",
    conda:
        "../envs/report.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        runs=numerics_neuron_runs,
        study=lambda wildcards: numerics_neuron_study(),
        table=report_columns,
    script:
        "../scripts/numerics_single_neuron.py"


rule numerics_figures:
    input:
        table="results/numerics/single_neuron.tsv",
    output:
        steps_pdf="results/figures/numerics_steps.pdf",
        steps_png=report(
            "results/figures/numerics_steps.png",
            caption="../report/numerics_steps.rst",
            category=NUMERICS_CATEGORY,
            labels={"result": "single neurons: class per step"},
        ),
        convergence_pdf="results/figures/numerics_convergence.pdf",
        convergence_png=report(
            "results/figures/numerics_convergence.png",
            caption="../report/numerics_convergence.rst",
            category=NUMERICS_CATEGORY,
            labels={"result": "single neurons: spike-time error against step"},
        ),
    log:
        "logs/figures/numerics.log",
    conda:
        "../envs/figures.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/plot_numerics.py"
