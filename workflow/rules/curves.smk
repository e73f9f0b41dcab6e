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
            subcategory="Phase planes",
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
