# 2003 Fig. 3 (net.m): one job per row of params/network.tsv -> results/network/{id}.npz,
# then the summary tables (pandas) and the figures.


rule simulate_network:
    output:
        "results/network/{id}.npz",
    log:
        "logs/network/{id}.log",
    benchmark:
        "results/benchmarks/jobs/network/{id}.tsv"
    conda:
        "../envs/simulation.yaml"
    threads: 1
    resources:
        mem_mb=network_mem_mb,
        runtime=network_runtime_min,
    params:
        row=network_row,
    script:
        "../scripts/simulate_network.py"


rule network_summary:
    input:
        npz=network_npz,
    output:
        summary="results/network/summary.tsv",
        by_scheme="results/network/summary_by_scheme.tsv",
    log:
        "logs/network/summary.log",
    conda:
        "../envs/report.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/summarize_network.py"


rule network_figures:
    input:
        fig3=network_fig3_npz,
        npz=network_npz,
        by_scheme="results/network/summary_by_scheme.tsv",
    output:
        fig3_pdf="results/figures/izhikevich2003_fig3.pdf",
        fig3_png=report(
            "results/figures/izhikevich2003_fig3.png",
            caption="../report/network_fig3.rst",
            category="2. Network",
            labels={"result": "Fig. 3 raster"},
        ),
        seeds_pdf="results/figures/network_seeds.pdf",
        seeds_png=report(
            "results/figures/network_seeds.png",
            caption="../report/network_seeds.rst",
            category="2. Network",
            labels={"result": "seeds"},
        ),
    log:
        "logs/figures/network.log",
    conda:
        "../envs/figures.yaml"
    resources:
        mem_mb=2000,
        runtime=10,
    script:
        "../scripts/plot_network.py"
