"""The scheme registry: tables, rules and config agree with it; every scheme runs in model
time with the preferences it declares; a new scheme is one entry, its builder, its tests."""

from __future__ import annotations

import dataclasses
import re
import subprocess

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from izhikevich import behaviour, schemes, tables
from izhikevich.model import EQUATIONS, V_PEAK, NeuronSpec, simulate_neuron
from izhikevich.network import NetworkSpec

from conftest import ROOT, write_tsv
from oracles.published import figure1_loop

# --------------------------------------------------------------------------- declarations


@pytest.mark.parametrize("table", ["neurons", "network"])
def test_schema_enums_come_from_the_registry(table):
    raw = yaml.safe_load((ROOT / "workflow" / "schemas" / f"{table}.schema.yaml").read_text())
    registry = schemes.NEURON_SCHEMES if table == "neurons" else schemes.NETWORK_SCHEMES
    enums = schemes.schema_enums(table)
    assert enums["scheme"] == list(registry)
    for column, values in enums.items():
        assert "enum" not in raw["properties"][column], f"a second list of {column} values"
        assert tables.load_schema(table)["properties"][column]["enum"] == values


def test_neuron_enums_cover_every_equation_and_every_gate_a_scheme_accepts():
    enums = schemes.schema_enums("neurons")
    assert enums["equation"] == list(EQUATIONS)
    for scheme in schemes.NEURON_SCHEMES.values():
        assert set(scheme.gates) <= set(enums["gate"])
        assert set(scheme.equations) <= set(enums["equation"])


def test_the_scheme_wildcard_is_derived_from_the_registry():
    text = (ROOT / "workflow" / "rules" / "common.smk").read_text()
    block = text[text.index("wildcard_constraints:") :].split("\n\n")[0]
    assert re.search(r"^\s+scheme=schemes\.scheme_wildcard\(\),$", block, re.M), block
    pattern = re.compile(schemes.scheme_wildcard())
    assert all(pattern.fullmatch(name) for name in schemes.NEURON_SCHEMES)
    assert not pattern.fullmatch("brian2_example") and not pattern.fullmatch("euler2")


def test_config_scheme_comparison_is_checked_against_the_registry():
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    assert schemes.check_comparison(config["scheme_comparison"]) == config["scheme_comparison"]
    bad = [["izhikevich", "rk4"], ["euler", "izhikevich"], ["izhikevich", "euler", "euler"], []]
    for schemes_ in bad:
        with pytest.raises(ValueError, match="scheme_comparison"):
            schemes.check_comparison(schemes_)


def test_snakemake_refuses_an_unregistered_comparison_scheme(snakemake_exe, tmp_path):
    proc = subprocess.run(
        [snakemake_exe, "-n", "--snakefile", str(ROOT / "Snakefile"), "--directory", str(tmp_path)]
        + ["--config", "scheme_comparison=[izhikevich,rk4]"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode != 0
    assert "unknown scheme(s) ['rk4']" in proc.stdout + proc.stderr
    assert not (tmp_path / "results").exists()


# --------------------------------------------------------------------------- model time


def test_notebook_scheme_records_model_time_and_keeps_its_own_clock():
    """The seed's scheme advances tau*tau model ms per step of tau "ms" (reference,
    "The seed notebook's own single-neuron scheme"): with a constant input it is plain
    Euler at a step of tau*tau model ms, so both fire at the same model times."""
    tau, clock_ms = 0.5, 400.0
    common = dict(a=0.02, b=0.2, c=-65.0, d=8.0, v0=-70.0, current="10")
    notebook = simulate_neuron(
        NeuronSpec(**common, dt_ms=tau, duration_ms=clock_ms, scheme="notebook")
    )
    euler = simulate_neuron(
        NeuronSpec(**common, dt_ms=tau * tau, duration_ms=clock_ms * tau, scheme="euler")
    )
    n = round(clock_ms / tau)
    assert np.array_equal(notebook.t_scheme_ms, np.arange(n) * tau)
    assert np.allclose(notebook.t_ms, np.arange(n) * tau * tau, rtol=0, atol=1e-12)
    assert len(notebook.spike_times_ms) >= 5
    assert np.allclose(notebook.spike_times_ms, euler.spike_times_ms, rtol=0, atol=1e-9)
    assert "t_scheme_ms" not in euler.arrays()  # its clock is model time


def test_the_seed_notebooks_runs_are_drawn_on_its_own_clock(neuron_table):
    """Montages draw a run on its scheme's own clock (the seed notebook's panels look as
    the seed drew them); other runs on model time."""
    from izhikevich.plotting import montage_figure

    for row_id in ("fig1_A_adjusted", "fig1_A_original"):
        row = tables.row(neuron_table, row_id)
        run = {**row, **simulate_neuron(NeuronSpec.from_row(row)).arrays()}
        fig = montage_figure([run], row["figure"], row["variant"])
        (ax,) = [a for a in fig.axes if a.get_title(loc="left")]
        clock = run["t_scheme_ms"] if row["scheme"] == "notebook" else run["t_ms"]
        assert not np.array_equal(run["t_ms"], clock) or row["scheme"] != "notebook"
        assert np.array_equal(ax.get_lines()[0].get_xdata(), clock)
        assert ax.get_xlim() == (clock[0], clock[-1])


@settings(max_examples=12, deadline=None)
@given(
    scheme=st.sampled_from(sorted(schemes.NEURON_SCHEMES)),
    tau=st.sampled_from([0.1, 0.2, 0.25, 0.5, 1.0]),
    steps=st.integers(1, 120),
    current=st.sampled_from(["10", "14*int(t > 2*ms)", "0"]),
)
def test_every_scheme_declares_its_samples_and_its_time(scheme, tau, steps, current):
    spec = NeuronSpec(
        a=0.02, b=0.2, c=-50.0, d=2.0, v0=-64.0, dt_ms=tau, duration_ms=steps * tau,
        current=current, scheme=scheme,
    )  # fmt: skip
    entry = schemes.neuron_scheme(scheme)
    arrays = simulate_neuron(spec).arrays()
    n = entry.n_steps(spec)
    assert n == entry.resources(spec).steps == spec.n_steps
    assert all(len(arrays[key]) == n for key in ("t_ms", "v", "u", "I"))
    scale = entry.time_scale(spec)
    assert np.allclose(arrays["t_ms"], np.arange(n) * tau * scale, rtol=0, atol=1e-12)
    clock = arrays.get("t_scheme_ms", arrays["t_ms"])
    assert np.allclose(clock, np.arange(n) * tau, rtol=0, atol=1e-12)
    if entry.located_spikes:  # located within steps, inside the run
        assert np.all((arrays["spike_times_ms"] > 0) & (arrays["spike_times_ms"] <= n * tau))
    else:
        assert set(arrays["spike_times_ms"]) <= set(arrays["t_ms"])  # spikes fall on samples


# --------------------------------------------------------------------------- preferences


def test_a_job_applies_the_preferences_its_scheme_declares(neuron_table):
    import brian2

    row = tables.row(neuron_table, "fig1_G_original")  # 0.075*(t - 30): sympy would rewrite it
    brian2.prefs.codegen.loop_invariant_optimisations = True  # as another scheme left them
    run = simulate_neuron(NeuronSpec.from_row(row))
    assert brian2.prefs.codegen.loop_invariant_optimisations is False
    v, u, current, spikes = figure1_loop(
        row["panel"], row["a"], row["b"], row["c"], row["d"], row["v0"],
        row["dt_ms"], row["duration_ms"], row.get("u0"),
    )  # fmt: skip
    assert np.array_equal(run.I, current) and np.array_equal(run.v, v)
    simulate_neuron(NeuronSpec.from_row(tables.row(neuron_table, "fig1_G_adjusted")))
    assert brian2.prefs.codegen.loop_invariant_optimisations is True


def test_builders_leave_the_preferences_alone():
    spec = dict(a=0.02, b=0.2, c=-65.0, d=8.0, v0=-70.0, dt_ms=0.5, duration_ms=5.0)
    for name, scheme in schemes.NEURON_SCHEMES.items():
        if scheme.build is None:  # not run by Brian2 (the reference)
            continue
        b2 = schemes.configure_brian2(scheme.prefs)
        before = dict(b2.prefs)
        scheme.build(b2, NeuronSpec(**spec, current="1", scheme=name))
        assert dict(b2.prefs) == before, name
    for name, scheme in schemes.NETWORK_SCHEMES.items():
        b2 = schemes.configure_brian2(scheme.prefs)
        before = dict(b2.prefs)
        scheme.build(b2, NetworkSpec(Ne=4, Ni=1, duration_ms=2.0, seed=1, scheme=name))
        assert dict(b2.prefs) == before, name


# --------------------------------------------------------------------------- resources


def test_costs_come_from_the_resource_model_each_scheme_declares():
    """A scheme's cost (``guards.neuron_cost``, ``guards.network_cost``, the budgets and the
    job resources) follows the resource model in its registry entry."""
    for name, scheme in list(schemes.NETWORK_SCHEMES.items()):
        model = scheme.resource_model
        heavy = dataclasses.replace(
            scheme,
            name=f"{name}_heavy",
            resource_model=dataclasses.replace(
                model, bytes_per_synapse=model.bytes_per_synapse + 1
            ),
        )
        schemes.register(heavy)
        try:
            spec = NetworkSpec(800, 200, 1000.0, 1, name)
            cost, heavier = spec.resources, dataclasses.replace(spec, scheme=heavy.name).resources
        finally:
            schemes.unregister(heavy.name, "network")
        assert cost == scheme.resources(spec) and cost.synapses == spec.N**2
        assert heavier.memory_mb - cost.memory_mb == pytest.approx(spec.N**2 / 1e6)
        assert spec.memory_mb >= cost.memory_mb and spec.runtime_min * 60 > cost.runtime_s
    for name, scheme in list(schemes.NEURON_SCHEMES.items()):
        model = scheme.resource_model
        heavy = dataclasses.replace(
            scheme,
            name=f"{name}_heavy",
            resource_model=dataclasses.replace(model, bytes_per_step=model.bytes_per_step + 1e6),
        )
        schemes.register(heavy)
        try:
            spec = NeuronSpec(0.02, 0.2, -65.0, 8.0, -70.0, 0.5, 100.0, "10", name)
            cost = scheme.resources(spec)
            heavier = heavy.resources(dataclasses.replace(spec, scheme=heavy.name))
        finally:
            schemes.unregister(heavy.name)
        assert cost.steps == scheme.n_steps(spec) == heavier.steps
        assert heavier.memory_mb - cost.memory_mb == pytest.approx(cost.steps)


# --------------------------------------------------------------------------- a new scheme


def build_midpoint(b2, spec: NeuronSpec) -> schemes.NeuronBuild:
    """Test scheme: Brian2's explicit midpoint method (``rk2``) on the paper's equations,
    the input sampled at the start of each step, the published spike cut (v > 30, drawn 30)."""
    v_rhs, u_rhs = EQUATIONS[spec.equation]
    model = f"dv/dt = ({v_rhs})/ms : 1\ndu/dt = ({u_rhs})/ms : 1\n"
    model += "I : 1\nv_trace : 1\na : 1\nb : 1\nc : 1\nd : 1"
    group = b2.NeuronGroup(
        1, model, method="rk2", threshold=f"v > {V_PEAK:g}",
        reset=f"v = c\nu = u + d\nv_trace = {V_PEAK:g}", dt=spec.dt_ms * b2.ms, name="neuron",
    )  # fmt: skip
    group.run_regularly(f"I = {spec.current}", when="before_groups")
    group.run_regularly("v_trace = v", when="after_groups")
    return schemes.NeuronBuild(group, {}, record_when="end", v_name="v_trace")


MIDPOINT = schemes.NeuronScheme("midpoint_test", "explicit midpoint (test only)", build_midpoint)
#: Published panels whose behaviour the midpoint scheme must keep (2004 Fig. 1 A, B, F).
MIDPOINT_ROWS = ["fig1_A_original", "fig1_B_original", "fig1_F_original"]


@pytest.fixture
def midpoint():
    schemes.register(MIDPOINT)
    yield MIDPOINT
    schemes.unregister(MIDPOINT.name)


def midpoint_table(neuron_table, path):
    rows = [{**tables.row(neuron_table, r), "scheme": MIDPOINT.name} for r in MIDPOINT_ROWS]
    return write_tsv(path, rows, list(neuron_table.columns))


def test_an_unregistered_scheme_is_refused_with_row_and_column(neuron_table, tmp_path):
    path = midpoint_table(neuron_table, tmp_path / "rows.tsv")
    with pytest.raises(tables.TableError, match=r"fig1_A_original.*column 'scheme'"):
        tables.load_neurons(path)


def test_a_registered_scheme_runs_through_tables_simulation_and_classifier(
    midpoint, neuron_table, tmp_path
):
    table = tables.load_neurons(midpoint_table(neuron_table, tmp_path / "rows.tsv"))
    assert re.compile(schemes.scheme_wildcard()).fullmatch(midpoint.name)
    for row in tables.rows(table).values():
        spec = NeuronSpec.from_row(row)
        arrays = {**row, **simulate_neuron(spec).arrays()}
        assert len(arrays["t_ms"]) == midpoint.n_steps(spec)
        assert arrays["t_ms"][-1] == pytest.approx(spec.duration_ms)
        ok, evidence = behaviour.check(arrays)
        assert ok, (row["id"], evidence)
    compared = schemes.comparison_row(tables.row(neuron_table, "fig1_A_original"), midpoint.name)
    assert (compared["scheme"], compared["gate"]) == (midpoint.name, "none")
    assert schemes.check_comparison(["izhikevich", midpoint.name])


def test_registering_a_name_twice_is_refused(midpoint):
    with pytest.raises(ValueError, match="already registered"):
        schemes.register(midpoint)
