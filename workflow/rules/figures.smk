# Paper-style montages, drawn from NPZ files only.


rule montage:
    input:
        npz=montage_inputs,
    output:
        pdf="results/figures/{figure}_{variant}.pdf",
        png=report(
            "results/figures/{figure}_{variant}.png",
            caption="../report/montage.rst",
            category="1. Single neurons",
            subcategory="{figure}",
            labels={"figure": "{figure}", "variant": "{variant}"},
        ),
    log:
        "logs/figures/{figure}_{variant}.log",
    conda:
        "../envs/figures.yaml"
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/plot_montage.py"
