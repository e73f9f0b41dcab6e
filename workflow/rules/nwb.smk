# Every run as a Neurodata Without Borders file (izhikevich.nwb), written from its NPZ:
# one job per table, so that pynwb stays out of the simulation jobs.
# (nwb_files, nwb_targets: common.smk)


rule nwb_neurons:
    input:
        npz=validation_inputs,
    output:
        nwb_files("neurons", NEURONS.index),
    log:
        "logs/nwb/neurons.log",
    benchmark:
        "results/benchmarks/jobs/nwb/neurons.tsv"
    conda:
        "../envs/nwb.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        kind="neuron",
    script:
        "../scripts/write_nwb.py"


rule nwb_network:
    input:
        npz=network_npz,
    output:
        nwb_files("network", NETWORK.index),
    log:
        "logs/nwb/network.log",
    benchmark:
        "results/benchmarks/jobs/nwb/network.tsv"
    conda:
        "../envs/nwb.yaml"
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        kind="network",
    script:
        "../scripts/write_nwb.py"
