# Tables, validation, wildcard constraints and input functions (no rules here).
import sys

sys.path.insert(0, f"{workflow.basedir}/workflow")

from izhikevich import tables  # noqa: E402

VALIDATED = ".snakemake/izhikevich/validated-tables.json"
#: Package modules are inputs of the jobs that use them: editing one reruns those jobs.
PACKAGE = f"{workflow.basedir}/workflow/izhikevich"
MODEL_SOURCE = f"{PACKAGE}/model.py"
PLOTTING_SOURCE = f"{PACKAGE}/plotting.py"
# Validated before any job runs: a bad row stops here with its id and column named.
NEURONS = tables.load_neurons(config["neurons"], cache=VALIDATED)
FIGURE_VARIANTS = sorted({(row["figure"], row["variant"]) for row in NEURONS})


wildcard_constraints:
    id="[A-Za-z0-9][A-Za-z0-9_.-]*",
    figure="izhikevich20\\d\\d_fig\\d+",
    variant="original|adjusted",


def neuron_row(wildcards):
    """The table row of a simulation job (params: a changed row reruns its job)."""
    return NEURONS[wildcards.id]


def montage_inputs(wildcards):
    """NPZ files of every row of one figure and variant."""
    rows = NEURONS.select(figure=wildcards.figure, variant=wildcards.variant)
    return [f"results/neurons/{row['id']}.npz" for row in rows]


def all_targets():
    """Every montage (pdf and png) the tables define."""
    return [
        f"results/figures/{figure}_{variant}.{ext}"
        for figure, variant in FIGURE_VARIANTS
        for ext in ("pdf", "png")
    ]
