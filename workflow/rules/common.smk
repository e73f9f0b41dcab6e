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
    """Every montage (pdf and png) the tables define, and the network outputs."""
    return [
        f"results/figures/{figure}_{variant}.{ext}"
        for figure, variant in FIGURE_VARIANTS
        for ext in ("pdf", "png")
    ] + NETWORK_TARGETS


# --- Network (2003 Fig. 3): params/network.tsv, validated before any job runs ---------------
NETWORK = tables.load_network(config["network"], cache=VALIDATED)
NETWORK_FIG3 = tables.network_fig3_id(NETWORK)
NETWORK_TARGETS = [
    "results/network/summary.tsv",
    "results/network/summary_by_scheme.tsv",
] + [
    f"results/figures/{name}.{ext}"
    for name in ("izhikevich2003_fig3", "network_seeds")
    for ext in ("pdf", "png")
]


def network_row(wildcards):
    """The table row of a network job (params: a changed row reruns its job)."""
    return NETWORK[wildcards.id]


def network_spec(wildcards):
    from izhikevich.model import NetworkSpec

    return NetworkSpec.from_row(NETWORK[wildcards.id])


def network_mem_mb(wildcards):
    """Memory of a network job (MB), from its size and scheme (izhikevich.model)."""
    return network_spec(wildcards).memory_mb


def network_runtime_min(wildcards):
    """Wall time of a network job (minutes, generous), for cluster profiles."""
    return network_spec(wildcards).runtime_min


def network_npz(wildcards=None):
    """NPZ files of every network row."""
    return [f"results/network/{row_id}.npz" for row_id in NETWORK.ids()]


def network_fig3_npz(wildcards=None):
    """The run drawn as 2003 Fig. 3 (net.m's network, first seed)."""
    return f"results/network/{NETWORK_FIG3}.npz"
