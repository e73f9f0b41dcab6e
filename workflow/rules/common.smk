# Tables, validation, wildcard constraints and input functions (no rules here).
import math
import os
import sys

#: The repository of this workflow (also when it is used as a module of another workflow,
#: where workflow.basedir is the other workflow's directory).
WORKFLOW_ROOT = os.path.normpath(os.path.join(workflow.current_basedir, "..", ".."))
sys.path.insert(0, f"{WORKFLOW_ROOT}/workflow")

from izhikevich import guards, schemes, tables  # noqa: E402
from izhikevich.codedeps import script_modules  # noqa: E402

VALIDATED = ".snakemake/izhikevich/validated-tables.json"


def add_code_inputs():
    """Make every package module a rule's script imports (directly or through other
    modules) an input of the rule, named ``code``: editing a module reruns exactly the
    jobs that run it. Paths are relative to the working directory, so a checkout moved
    with its results/ and .snakemake/ stays up to date. Called once all rules exist; only
    this workflow's rules (also when it is used as a module of another workflow)."""
    for step in workflow.rules:
        if step.script and step.module_globals is globals():
            script = step.basedir.join(step.script).get_path_or_uri(secret_free=True)
            modules = [os.path.relpath(path) for path in script_modules(script)]
            if step.input_modifier is None:  # no input files of its own
                step.input_modifier = workflow.modifier.path_modifier
            step.set_input(code=modules)


def table_path(path):
    """A table path from the config: relative to the working directory, else to the
    workflow (so --directory elsewhere still finds the shipped tables)."""
    if os.path.isabs(path) or os.path.exists(path):
        return path
    shipped = os.path.join(WORKFLOW_ROOT, path)
    return shipped if os.path.exists(shipped) else path


# Validated before any job runs: a bad row stops here with its id and column named.
# NEURONS: a pandas DataFrame indexed by id; NEURON_ROWS: id -> the row as a dict.
NEURONS = tables.load_neurons(table_path(config["neurons"]), cache=VALIDATED)
NEURON_ROWS = tables.rows(NEURONS)
FIGURE_VARIANTS = sorted(set(zip(NEURONS["figure"], NEURONS["variant"])))


wildcard_constraints:
    id="[A-Za-z0-9][A-Za-z0-9_.-]*",
    figure="izhikevich20\\d\\d_fig\\d+",
    variant="original|adjusted",
    scheme=schemes.scheme_wildcard(),


def neuron_row(wildcards):
    """The simulation columns of a row (params: a changed row reruns its job)."""
    return simulation_columns(NEURON_ROWS[wildcards.id])


def figure_npz(figure, variant):
    """NPZ files of every row of one figure and variant."""
    same = (NEURONS["figure"] == figure) & (NEURONS["variant"] == variant)
    return [f"results/neurons/{row_id}.npz" for row_id in NEURONS.index[same]]


def montage_inputs(wildcards):
    """NPZ files of every row of one figure and variant."""
    return figure_npz(wildcards.figure, wildcards.variant)


def all_targets():
    """Every montage the tables define, the network outputs, the checks and their tables."""
    montages = [
        f"results/figures/{figure}_{variant}.{ext}"
        for figure, variant in FIGURE_VARIANTS
        for ext in ("pdf", "png")
    ]
    return montages + NETWORK_TARGETS + validation_targets() + network_report_targets()


# ---- validation, scheme comparison, report (issue 5) ----------------------------------
#: Columns that say what to expect of a run, not how to simulate it: editing them
#: reruns the validation, not the simulation.
EXPECTATION_COLUMNS = ("expected", "note")
#: Original rows re-run under each scheme of the comparison (the first is the reference);
#: the config's schemes are checked against the registry before any job runs.
COMPARED = list(NEURONS.index[NEURONS["variant"] == "original"])
SCHEME_COMPARISON = schemes.check_comparison(config["scheme_comparison"])


def simulation_columns(row):
    return {k: v for k, v in row.items() if k not in EXPECTATION_COLUMNS}


def report_columns(wildcards):
    """id -> the expectation columns of every row (params of the validation jobs)."""
    return {
        row_id: {k: row[k] for k in EXPECTATION_COLUMNS if k in row}
        for row_id, row in NEURON_ROWS.items()
    }


def validation_inputs(wildcards):
    return [f"results/neurons/{row_id}.npz" for row_id in NEURONS.index]


def scheme_npz(row_id, scheme):
    """A row's own scheme is its results/neurons run; other schemes run as their own job."""
    if NEURON_ROWS[row_id]["scheme"] == scheme:
        return f"results/neurons/{row_id}.npz"
    return f"results/schemes/{row_id}/{scheme}.npz"


def scheme_row(wildcards):
    """An original row under another scheme (see izhikevich.schemes.comparison_row)."""
    return schemes.comparison_row(
        simulation_columns(NEURON_ROWS[wildcards.id]), wildcards.scheme
    )


def scheme_runs(wildcards):
    """[id, scheme, npz] of every compared run, in table and config order."""
    return [
        [row_id, scheme, scheme_npz(row_id, scheme)]
        for row_id in COMPARED
        for scheme in SCHEME_COMPARISON
    ]


def scheme_comparison_inputs(wildcards):
    return [path for _, _, path in scheme_runs(wildcards)]


def simulation_benchmarks(wildcards):
    """job name -> benchmark file of every simulation job (results/runtimes.tsv)."""
    jobs = {
        f"simulate_neuron {row_id}": f"results/benchmarks/jobs/neurons/{row_id}.tsv"
        for row_id in NEURONS.index
    }
    for row_id, scheme, path in scheme_runs(wildcards):
        if path.startswith("results/schemes/"):
            jobs[f"simulate_scheme {row_id} {scheme}"] = (
                f"results/benchmarks/jobs/schemes/{row_id}/{scheme}.tsv"
            )
    for row_id in NETWORK.index:
        jobs[f"simulate_network {row_id}"] = (
            f"results/benchmarks/jobs/network/{row_id}.tsv"
        )
    if FI_ROWS:
        jobs["fI_curves"] = "results/benchmarks/jobs/fI/curves.tsv"
    return jobs


def benchmark_jobs(wildcards):
    return list(simulation_benchmarks(wildcards))


def benchmark_files(wildcards):
    return list(simulation_benchmarks(wildcards).values())


def provenance_inputs(wildcards):
    """Every result NPZ whose provenance the report shows."""
    schemes = [path for _, _, path in scheme_runs(wildcards)]
    return (
        validation_inputs(wildcards)
        + [path for path in schemes if path.startswith("results/schemes/")]
        + network_npz()
        + fI_npz()
    )


#: Report pages of the network statistics (rule network_table).
NETWORK_REPORT_TABLES = ("summary", "summary_by_scheme")


def network_report_targets():
    return [f"results/report/tables/network_{t}.html" for t in NETWORK_REPORT_TABLES]


def validation_targets():
    return [
        "results/validation.tsv",
        "results/figures/validation.pdf",
        "results/figures/validation.png",
        "results/scheme_comparison.tsv",
        "results/figures/scheme_comparison.pdf",
        "results/figures/scheme_comparison.png",
        "results/runtimes.tsv",
        "results/provenance.tsv",
    ]


# --- Network (2003 Fig. 3): params/network.tsv, validated before any job runs ---------------
NETWORK = tables.load_network(table_path(config["network"]), cache=VALIDATED)
NETWORK_ROWS = tables.rows(NETWORK)
NETWORK_FIG3 = tables.network_fig3_id(NETWORK)
NETWORK_TARGETS = [
    "results/network/summary.tsv",
    "results/network/summary_by_scheme.tsv",
] + [
    f"results/figures/{name}.{ext}"
    for name in ("izhikevich2003_fig3", "network_seeds")
    for ext in ("pdf", "png")
]


# Every job's cost (steps, samples, synapses, memory, wall time) against the per-job budget
# (config budget_mem_mb, budget_runtime_min), before any job runs: a row over it is refused
# with its estimate, the budget and the column to change (izhikevich.tables.check_budget,
# costs from izhikevich.guards).
tables.check_budget(
    NEURONS, NETWORK, guards.Budget.from_config(config), SCHEME_COMPARISON
)


def network_row(wildcards):
    """The table row of a network job (params: a changed row reruns its job)."""
    return NETWORK_ROWS[wildcards.id]


def network_spec(wildcards):
    from izhikevich.network import NetworkSpec

    return NetworkSpec.from_row(NETWORK_ROWS[wildcards.id])


def network_mem_mb(wildcards, attempt):
    """Memory of a network job (MB), from its scheme's resource model; a
    retry (profiles/slurm: retries) asks for ``attempt`` times as much."""
    return network_spec(wildcards).memory_mb * attempt


def network_runtime_min(wildcards, attempt):
    """Wall time of a network job (minutes, generous), for cluster profiles; ``attempt``
    times as much on a retry."""
    return network_spec(wildcards).runtime_min * attempt


def network_npz(wildcards=None):
    """NPZ files of every network row."""
    return [f"results/network/{row_id}.npz" for row_id in NETWORK.index]


def network_fig3_npz(wildcards=None):
    """The run drawn as 2003 Fig. 3 (net.m's network, first seed)."""
    return f"results/network/{NETWORK_FIG3}.npz"


# --- NWB files (rules in nwb.smk): one per row of each table --------------------------------
def nwb_files(table, ids):
    return [f"results/nwb/{table}/{row_id}.nwb" for row_id in ids]


def nwb_targets():
    """The NWB file of every row of both tables (part of the default target)."""
    return nwb_files("neurons", NEURONS.index) + nwb_files("network", NETWORK.index)


# --- Phase planes and f-I curves (issue 13; rules in curves.smk) ---------------------------
def phase_plane_inputs(wildcards):
    """NPZ files of the original rows of one figure."""
    return figure_npz(wildcards.figure, "original")


def phase_plane_targets():
    """The phase planes of every figure that has original rows."""
    return [
        f"results/figures/{figure}_phase_planes.{ext}"
        for figure, variant in FIGURE_VARIANTS
        if variant == "original"
        for ext in ("pdf", "png")
    ]


# --- Numerics (issue 14, rules in numerics.smk; `snakemake numerics`, not in rule all) -------
#: The report category of every output of the step-size study.
NUMERICS_CATEGORY = "Numerics"


# The network step-size study: params/numerics_network.tsv (izhikevich.numerics_network)
_NUMERICS_NETWORK = {}


def numerics_network_study():
    """id -> row of params/numerics_network.tsv, validated (schema, network rows, steps,
    budget) when the study is first asked for: before any of its jobs, and never for
    other targets (their network table may lack the study's rows)."""
    if not _NUMERICS_NETWORK:
        path = table_path(config.get("numerics_network", "params/numerics_network.tsv"))
        study = tables.load_numerics_network(
            path, NETWORK, guards.Budget.from_config(config)
        )
        _NUMERICS_NETWORK.update(tables.rows(study))
    return _NUMERICS_NETWORK


def numerics_network_runs(wildcards=None):
    """[id, step, npz] of every run of the study, in table and step order."""
    from izhikevich import numerics_network as study

    return [
        [row_id, step, study.npz_path(row_id, spec)]
        for row_id, step, spec in study.study_specs(
            numerics_network_study(), NETWORK_ROWS
        )
    ]


def numerics_network_npz(wildcards=None):
    return [path for _, _, path in numerics_network_runs()]


def numerics_network_spec(wildcards):
    import dataclasses

    from izhikevich.network import NetworkSpec

    spec = NetworkSpec.from_row(NETWORK_ROWS[wildcards.id])
    return dataclasses.replace(spec, step_ms=float(wildcards.step))


def numerics_network_targets():
    return [
        "results/numerics/network.tsv",
        "results/numerics/network_runs.tsv",
        "results/figures/numerics_network.pdf",
        "results/figures/numerics_network.png",
    ]


def numerics_network_mem_mb(wildcards, attempt):
    """Memory of a run of the study (MB), from its scheme's resource model at its step."""
    return numerics_network_spec(wildcards).memory_mb * attempt


def numerics_network_runtime_min(wildcards, attempt):
    """Wall time of a run of the study (minutes, generous), for cluster profiles."""
    return numerics_network_spec(wildcards).runtime_min * attempt


#: The f-I table (config fI_curves; none, empty or absent: no f-I curves), validated
#: against the neuron table before any job runs: each id a row of it, the job within the
#: per-job budget.
FI_CURVES = (
    tables.load_fI_curves(
        table_path(config["fI_curves"]), NEURONS, guards.Budget.from_config(config)
    )
    if config.get("fI_curves") not in (None, "", "none")
    else None
)
FI_ROWS = tables.rows(FI_CURVES) if FI_CURVES is not None else {}


def fI_mem_mb(wildcards, attempt):
    """Memory of the f-I job (MB), from its cost estimate; ``attempt`` times on a retry."""
    return math.ceil(tables.fI_job_cost(FI_ROWS, NEURON_ROWS).memory_mb * attempt)


def fI_runtime_min(wildcards, attempt):
    """Wall time of the f-I job (minutes, at least 10), for cluster profiles."""
    cost = tables.fI_job_cost(FI_ROWS, NEURON_ROWS)
    return math.ceil(max(10, cost.runtime_min) * attempt)


def fI_settings(wildcards):
    """id -> the f-I table row of every curve (params: an edited row reruns the job)."""
    return FI_ROWS


def fI_neuron_rows(wildcards):
    """id -> the simulation columns of each curve's neuron row (an edit reruns the job)."""
    return {row_id: simulation_columns(NEURON_ROWS[row_id]) for row_id in FI_ROWS}


def fI_npz(wildcards=None):
    """The NPZ of every f-I curve."""
    return [f"results/fI/{row_id}.npz" for row_id in FI_ROWS]


def fI_targets():
    """The f-I tables and figure (none without an f-I table)."""
    if not FI_ROWS:
        return []
    return [
        "results/atlas/fI_curves.tsv",
        "results/atlas/fI_summary.tsv",
        "results/report/tables/fI_curves.html",
        "results/report/tables/fI_summary.html",
        "results/figures/fI_curves.pdf",
        "results/figures/fI_curves.png",
    ]


# The single-neuron step-size study: params/numerics_neurons.tsv (izhikevich.numerics)
_NUMERICS_NEURONS = {}


def numerics_neuron_study():
    """id -> row of params/numerics_neurons.tsv, validated (schema, neuron rows under the
    published update, divisors, reference scheme and step, the reference's reading of the
    input, budget) when the study is first asked for: before any of its jobs, and never
    for other targets (their neuron table may lack the study's rows)."""
    if not _NUMERICS_NEURONS and numerics_neurons_studied():
        path = table_path(config.get("numerics_neurons", "params/numerics_neurons.tsv"))
        study = tables.load_numerics_neurons(
            path, NEURONS, guards.Budget.from_config(config), cache=VALIDATED
        )
        _NUMERICS_NEURONS.update(tables.rows(study))
    return _NUMERICS_NEURONS


def numerics_run_row(wildcards):
    """The neurons row of one run of the study (params: a changed row reruns its job)."""
    from izhikevich import numerics

    study = numerics_neuron_study()[wildcards.id]
    neuron = simulation_columns(NEURON_ROWS[wildcards.id])
    return numerics.run_row(neuron, study, wildcards.run)


def numerics_neuron_runs(wildcards=None):
    """[id, run, npz] of every run of the study, in table order."""
    from izhikevich import numerics

    return [
        [row_id, run, f"results/numerics/neurons/{row_id}/{run}.npz"]
        for row_id, study in numerics_neuron_study().items()
        for run in numerics.run_names(study)
    ]


def numerics_neuron_npz(wildcards=None):
    return [path for _, _, path in numerics_neuron_runs()]


def numerics_neurons_studied():
    """False when the config says ``numerics_neurons: none`` (the network part only)."""
    return str(config.get("numerics_neurons", "")).lower() != "none"


def numerics_neuron_targets():
    if not numerics_neurons_studied():
        return []
    return [
        "results/numerics/single_neuron.tsv",
        "results/report/tables/numerics_single_neuron.html",
    ] + [
        f"results/figures/{name}.{ext}"
        for name in ("numerics_steps", "numerics_convergence")
        for ext in ("pdf", "png")
    ]
