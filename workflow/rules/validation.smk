# Behaviour checks (results/validation.tsv) and the update-scheme comparison: every
# original row re-run under each scheme of SCHEME_COMPARISON.


rule validation:
    input:
        npz=validation_inputs,
    output:
        tsv="results/validation.tsv",
        html=report(
            "results/report/tables/validation.html",
            caption="../report/validation_table.rst",
            category="3. Validation",
            labels={"result": "validation table"},
        ),
    log:
        "logs/validation/validation.log",
    conda:
        "../envs/report.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        table=report_columns,
    script:
        "../scripts/validate.py"


rule validation_figure:
    input:
        table="results/validation.tsv",
    output:
        pdf="results/figures/validation.pdf",
        png=report(
            "results/figures/validation.png",
            caption="../report/validation_figure.rst",
            category="3. Validation",
            labels={"result": "validation figure"},
        ),
    log:
        "logs/figures/validation.log",
    conda:
        "../envs/figures.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/plot_validation.py"


rule simulate_scheme:
    output:
        "results/schemes/{id}/{scheme}.npz",
    log:
        "logs/schemes/{id}/{scheme}.log",
    benchmark:
        "results/benchmarks/jobs/schemes/{id}/{scheme}.tsv"
    conda:
        "../envs/simulation.yaml"
    resources:
        mem_mb=500,
        runtime=5,
    params:
        row=scheme_row,
    script:
        "../scripts/simulate_neuron.py"


rule scheme_comparison:
    input:
        npz=scheme_comparison_inputs,
    output:
        tsv="results/scheme_comparison.tsv",
        html=report(
            "results/report/tables/scheme_comparison.html",
            caption="../report/scheme_comparison_table.rst",
            category="4. Update schemes",
            labels={"result": "scheme comparison table"},
        ),
    log:
        "logs/validation/scheme_comparison.log",
    conda:
        "../envs/report.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        runs=scheme_runs,
        schemes=SCHEME_COMPARISON,
        table=report_columns,
    script:
        "../scripts/compare_schemes.py"


rule scheme_comparison_figure:
    input:
        table="results/scheme_comparison.tsv",
    output:
        pdf="results/figures/scheme_comparison.pdf",
        png=report(
            "results/figures/scheme_comparison.png",
            caption="../report/scheme_comparison_figure.rst",
            category="4. Update schemes",
            labels={"result": "scheme comparison figure"},
        ),
    log:
        "logs/figures/scheme_comparison.log",
    conda:
        "../envs/figures.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        schemes=SCHEME_COMPARISON,
    script:
        "../scripts/plot_scheme_comparison.py"
