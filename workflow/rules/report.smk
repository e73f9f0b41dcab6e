# Tables for the report: per-job runtimes (benchmark: files) and provenance of every NPZ.
#   snakemake --report results/report.html


rule runtimes:
    input:
        benchmarks=benchmark_files,
    output:
        tsv="results/runtimes.tsv",
        html=report(
            "results/report/tables/runtimes.html",
            caption="../report/runtimes.rst",
            category="5. Provenance and runtimes",
            labels={"result": "runtimes of the jobs"},
        ),
    log:
        "logs/report/runtimes.log",
    conda:
        "../envs/report.yaml"
    resources:
        mem_mb=500,
        runtime=5,
    params:
        jobs=benchmark_jobs,
    script:
        "../scripts/runtimes.py"


rule provenance:
    input:
        npz=provenance_inputs,
    output:
        tsv="results/provenance.tsv",
        html=report(
            "results/report/tables/provenance.html",
            caption="../report/provenance.rst",
            category="5. Provenance and runtimes",
            labels={"result": "provenance of the results"},
        ),
    log:
        "logs/report/provenance.log",
    conda:
        "../envs/report.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/provenance.py"


# The network tables of Izhikevich (2003) Fig. 3 (rule network_summary) as report pages;
# requested through network_report_targets() in common.smk.
rule network_table:
    input:
        table="results/network/{table}.tsv",
    output:
        report(
            "results/report/tables/network_{table}.html",
            caption="../report/network_tables.rst",
            category="2. Network",
            labels={"result": "network {table}"},
        ),
    log:
        "logs/report/network_{table}.log",
    wildcard_constraints:
        table="summary|summary_by_scheme",
    conda:
        "../envs/report.yaml"
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/table_html.py"
