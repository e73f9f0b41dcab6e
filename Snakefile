# Izhikevich (2003, 2004) figures: one Brian2 job per table row, then paper-style montages.
#   snakemake --cores 8            regenerate everything (results/)
#   snakemake --cores 8 results/figures/izhikevich2004_fig1_original.png
#   snakemake --report results/report.html      one self-contained HTML file of it all
from snakemake.utils import min_version

min_version("9.0")


configfile: workflow.source_path("config/config.yaml")


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/neurons.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/network.smk"
include: "workflow/rules/validation.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/nwb.smk"
include: "workflow/rules/curves.smk"
include: "workflow/rules/numerics.smk"
include: "workflow/rules/atlas_common.smk"
include: "workflow/rules/atlas.smk"


# The package modules each rule's script imports are its code inputs (common.smk).
add_code_inputs()


rule all:
    default_target: True
    input:
        all_targets(),
        nwb_targets(),
        phase_plane_targets(),
        atlas_targets(),
        fI_targets(),


# The step-size study (issue 14; numerics.smk): `snakemake numerics`, not part of `all`.
rule numerics:
    input:
        numerics_neuron_targets(),
        numerics_network_targets(),
