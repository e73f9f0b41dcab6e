# One job per row of params/neurons.tsv: Brian2 simulation -> results/neurons/{id}.npz


rule simulate_neuron:
    output:
        "results/neurons/{id}.npz",
    log:
        "logs/neurons/{id}.log",
    benchmark:
        "results/benchmarks/jobs/neurons/{id}.tsv"
    conda:
        "../envs/simulation.yaml"
    resources:
        mem_mb=500,
        runtime=5,
    params:
        row=neuron_row,
    script:
        "../scripts/simulate_neuron.py"
