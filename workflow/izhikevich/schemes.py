"""Every update scheme, single neuron and network, in one registry.

A scheme is how a run advances in time. Each entry declares what the rest of the code would
otherwise infer from the scheme's name: how many samples a run has, how its clock maps to
model time (ms of the papers), which equations and gates it accepts, what it costs
(``Resources``), the Brian2 preferences it needs, and the builder of its Brian2 objects.
``simulate`` runs a spec with the scheme it names and returns results in model time, so no
code downstream of a simulation (behaviour, validation, figures) asks which scheme ran.

Single-neuron schemes (``scheme`` column of params/neurons.tsv):

``izhikevich``
    The published loop of figure1.m (2004 Fig. 1; the 2003 Fig. 2 types): at each
    t = 0, tau, ..., T (T included), I = I(t) at the start of the step, ``v += tau*f(v, u, I)``,
    then ``u += tau*a*(b*v - u)`` with the *new* v; if v > 30 the sample is 30, then v = c,
    u += d. Custom code in the ``groups`` slot, arithmetic in the published left-to-right
    order, input evaluated on the paper's millisecond numbers, ``V^2`` by C's pow() as
    Octave/MATLAB compute a scalar power (``model.c_pow``): traces equal figure1.m's
    arithmetic bit for bit.
``euler``
    Brian2's ``method='euler'`` on the same equations, input and step (u sees the old v).
``notebook``
    The seed notebook's ``model()``: step dt = tau ms *and* derivatives scaled by tau/ms, so
    each step advances tau*tau ms of model time (its clock is stretched 1/tau); optional
    freezing for t <= duration/10 of its clock (``first_tenth``), input set from its
    expression every 1 ms of its clock, Brian2 ``euler``, threshold ``v >= 30``.
``reference``
    Not a published scheme: an accurate solution of the same continuous-time model
    (``izhikevich.reference``, plain Python: Brian2 has no event location): classical RK4 at
    the fixed step dt_ms, stepping onto every jump or kink of the input, the crossing of
    v = 30 located within the step and the reset applied there (the step-size study,
    issue 14, params/numerics_neurons.tsv).

Refining a published run (the step-size study): the ``izhikevich`` scheme at dt_ms = tau/k is
figure1.m's loop with tau/k in place of tau and nothing else: t = 0, tau/k, ..., T
(k*T/tau + 1 samples, ``NeuronScheme.n_steps``), I evaluated at the start of each step on
its millisecond number t_ms = step*dt_ms (``current_in_ms``), so ``int(t > 10*ms)`` switches
on at the first step with t_ms > 10, and the spike is cut at the end of the step that
crossed v = 30 (its time is that step's t).

Network schemes (``scheme`` column of params/network.tsv; builder: ``network.build_network``):

``izhikevich``
    net.m step for step (1 ms): fresh thalamic noise, fired = v >= 30, reset, I += the weights
    of this step's spikes, two half steps of v, then u with the new v. Also at finer steps
    (``refinable``: h with 1 ms a whole number of steps, noise still per ms; exactly how in
    ``network.build_network``).
``notebook``
    The seed notebook's ``simulation()``: Brian2 ``euler`` at 0.1 ms, ``I_post += w`` (kept
    until the next 1 ms noise draw), its own draws.
``brian2_example``
    Brian2's example of the figure (examples/frompapers/Izhikevich_2003.py): ``euler`` at 1 ms,
    synaptic current on at a spike and off 1 ms later, noise in its own variable.

A new scheme is one ``NeuronScheme`` or ``NetworkScheme`` entry (``register``), its builder
and its tests; the tables, wildcards and the comparison accept it from the registry.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType, ModuleType

import numpy as np

from .guards import (
    NEURON_RESOURCE_MODEL,
    Cost,
    NonFiniteError,
    ResourceModel,
    check_finite,
    first_nonfinite,
    network_cost,
    neuron_cost,
    quiet_floating_point,
)
from .model import (
    CODEGEN_TARGET,
    EQUATIONS,
    V_PEAK,
    NeuronSpec,
    NeuronTrace,
    c_pow_function,
    current_in_ms,
    is_multiple,
)
from .network import (
    NetworkBuild,
    NetworkResult,
    NetworkSpec,
    brian2_example_draws,
    build_network,
    net_m_draws,
    notebook_draws,
    run_network,
)

#: Brian2 preferences of every simulation job (a scheme may add its own, ``prefs``): the
#: code generation target is pinned, since Brian2's random streams and arithmetic differ
#: between targets (numpy needs no compiler).
BRIAN2_PREFS: Mapping[str, object] = MappingProxyType(
    {"codegen.target": CODEGEN_TARGET, "logging.std_redirection": False}
)
#: Published arithmetic: Brian2's loop-invariant optimisation rewrites expressions through
#: sympy (it would distribute 0.075*(t - 30), 2004 Fig. 1 G); the published numbers come from
#: plain left-to-right double arithmetic, which the numpy target keeps without it.
PUBLISHED_ARITHMETIC = MappingProxyType({"codegen.loop_invariant_optimisations": False})
#: Brian2's default, as the seed notebook and Brian2's example ran.
BRIAN2_DEFAULT_ARITHMETIC = MappingProxyType({"codegen.loop_invariant_optimisations": True})
# =========================================================================== single neuron


@dataclass
class NeuronBuild:
    """A single neuron ready to run: its group (variables v, u, I and, if the scheme keeps
    them per neuron, a, b, c, d), the namespace of its code, and where to record: the
    monitor's slot and the variable that holds the drawn v."""

    group: object
    namespace: dict
    record_when: str = "end"
    v_name: str = "v"


@dataclass(frozen=True)
class NeuronScheme:
    """A single-neuron update scheme (see the module docstring)."""

    name: str
    summary: str
    #: ``build(b2, spec)`` -> the Brian2 objects of one neuron; a scheme with
    #: ``population=True`` also takes ``n=`` (neurons, one per point) and ``input_offset=``
    #: (I = current(t) + the per-neuron constant ``I_dc``): the same code for 1 or n.
    #: None for a scheme that is not run by Brian2 (``run``).
    build: Callable[..., NeuronBuild] | None
    #: Samples of a run: T/tau + 1 (the published loop t = 0..T includes T) or T/tau.
    includes_end: bool = True
    #: Model ms per ms of the scheme's clock, for a spec (the seed notebook's: tau).
    time_scale: Callable[[NeuronSpec], float] = lambda spec: 1.0
    equations: tuple[str, ...] = tuple(EQUATIONS)
    gates: tuple[str, ...] = ("none",)
    #: The gate an original row gets when re-run under this scheme (scheme comparison).
    comparison_gate: Callable[[Mapping], str] = lambda row: "none"
    prefs: Mapping[str, object] = field(default_factory=dict)
    #: Memory and time per step (``izhikevich.guards``: ``neuron_cost`` turns it into a cost).
    resource_model: ResourceModel = NEURON_RESOURCE_MODEL
    #: Its builder runs n neurons with per-neuron a, b, c, d, v0, u0, I_dc
    #: (``simulate_population``).
    population: bool = False
    #: A scheme run without Brian2: spec -> trace in model time (checked for non-finite
    #: values by the runner itself). None: Brian2 runs ``build``.
    run: Callable[[NeuronSpec], NeuronTrace] | None = None
    #: Spike times located within the step (the reference) rather than on samples.
    located_spikes: bool = False

    def n_steps(self, spec: NeuronSpec) -> int:
        """Samples of the run (one per step)."""
        return round(spec.duration_ms / spec.dt_ms) + int(self.includes_end)

    def problems(self, equation: str, gate: str) -> list[tuple[str, str]]:
        """(column, message) for an equation or gate this scheme does not accept."""
        out = []
        if equation not in self.equations:
            out.append(("equation", f"scheme {self.name} accepts equations {self.equations}"))
        if gate not in self.gates:
            out.append(("gate", f"gate {gate!r}: scheme {self.name} accepts gates {self.gates}"))
        return out

    def resources(self, spec: NeuronSpec) -> Cost:
        """Steps, recorded samples, memory and wall time of one run (its resource model)."""
        return neuron_cost(spec)


_PARAMETERS = """
I : 1
v_trace : 1
a : 1 (constant)
b : 1 (constant)
c : 1 (constant)
d : 1 (constant)
"""
_SPIKE = {"threshold": f"v > {V_PEAK:g}", "reset": f"v = c\nu = u + d\nv_trace = {V_PEAK:g}"}


#: Per-neuron input offset of a population (``simulate_population``'s ``I_dc``) and the
#: row's own input before it is added (recorded: the input of every point is I_row + I_dc).
_OFFSET = "\nI_dc : 1 (constant)\nI_row : 1"


def _published_input(spec: NeuronSpec, input_offset: bool = False) -> str:
    """I(t) at the start of each step, on the paper's millisecond numbers (plus the
    neuron's ``I_dc`` with ``input_offset``)."""
    current = current_in_ms(spec.current)
    if input_offset:
        return f"t_ms = t_in_timesteps*tau\nI_row = {current}\nI = I_row + I_dc"
    return f"t_ms = t_in_timesteps*tau\nI = {current}"


def build_published(
    b2: ModuleType, spec: NeuronSpec, n: int = 1, input_offset: bool = False
) -> NeuronBuild:
    """figure1.m's step, as Brian2 custom code: I(t); V = V + tau*(...); u = u + tau*a*(b*V-u).

    ``n`` neurons with per-neuron a, b, c, d (one for a table row, one per point of a map)."""
    v_rhs, u_rhs = EQUATIONS[spec.equation]
    model = "v : 1\nu : 1" + _PARAMETERS + (_OFFSET if input_offset else "")
    group = b2.NeuronGroup(n, model, dt=spec.dt_ms * b2.ms, name="neuron", **_SPIKE)
    # figure1.m's V^2 is a scalar power: Octave and MATLAB compute it with C's pow()
    v_rhs = v_rhs.replace("v**2", "figure1_pow(v, 2.0)")
    step = [_published_input(spec, input_offset), f"dv = {v_rhs}", "v = v + tau*dv"]
    step += [f"du = tau*{u_rhs}", "u = u + du", "v_trace = v"]
    group.run_regularly("\n".join(step), when="groups", name="neuron_step")
    namespace = {"tau": spec.dt_ms, "figure1_pow": c_pow_function(b2)}
    return NeuronBuild(group, namespace, record_when="end", v_name="v_trace")


def brian2_method(method: str) -> Callable[[ModuleType, NeuronSpec], NeuronBuild]:
    """A builder: Brian2's ``method`` on the paper's equations, with the published input
    (sampled at the start of each step, in ms) and spike cut (v > 30, sample 30)."""

    def build(
        b2: ModuleType, spec: NeuronSpec, n: int = 1, input_offset: bool = False
    ) -> NeuronBuild:
        v_rhs, u_rhs = EQUATIONS[spec.equation]
        model = f"dv/dt = ({v_rhs})/ms : 1\ndu/dt = ({u_rhs})/ms : 1" + _PARAMETERS
        model += _OFFSET if input_offset else ""
        group = b2.NeuronGroup(
            n, model, method=method, dt=spec.dt_ms * b2.ms, name="neuron", **_SPIKE
        )
        group.run_regularly(
            _published_input(spec, input_offset), when="before_groups", name="neuron_input"
        )
        group.run_regularly("v_trace = v", when="after_groups", name="neuron_trace")
        return NeuronBuild(group, {"tau": spec.dt_ms}, record_when="end", v_name="v_trace")

    return build


def build_notebook(b2: ModuleType, spec: NeuronSpec) -> NeuronBuild:
    """The seed notebook's ``model()``: dt = tau ms, derivatives x tau/ms, its freeze."""
    ms = b2.ms
    v_rhs, u_rhs = EQUATIONS[spec.equation]
    gate = "int(t > duration/10)*" if spec.gate == "first_tenth" else ""
    model = f"dv/dt = {gate}tau*({v_rhs}) : 1\ndu/dt = {gate}tau*({u_rhs}) : 1\nI : 1"
    group = b2.NeuronGroup(
        1,
        model,
        method="euler",
        threshold=f"v >= {V_PEAK:g}",
        reset="v = c; u += d",
        dt=spec.dt_ms * ms,
        name="neuron",
    )
    # the seed's @network_operation(dt=1*ms): G.I = fI, before its StateMonitor records
    group.run_regularly(f"I = {spec.current}", dt=1 * ms, when="start", order=-1)
    # a, b, c, d are the seed's Python arguments (external constants, ints where it typed
    # ints): Brian2 then folds them into the same loop invariants as the seed did
    namespace = {
        "tau": spec.dt_ms / ms,
        "duration": spec.duration_ms * ms,
        **{name: _as_typed(getattr(spec, name)) for name in "abcd"},
    }
    return NeuronBuild(group, namespace, record_when="start", v_name="v")


def _run_reference(spec: NeuronSpec) -> NeuronTrace:
    from .reference import simulate_reference

    return simulate_reference(spec)


def _as_typed(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _notebook_comparison_gate(row: Mapping) -> str:
    """The seed ran the published parameters with its freeze, except the accommodation
    equation (2004 Fig. 1 R), which its model3 ran without it."""
    return "none" if row.get("equation", "standard") == "accommodation" else "first_tenth"


# =========================================================================== network


@dataclass(frozen=True)
class NetworkScheme:
    """A network update scheme: what ``network.build_network`` needs to know of it."""

    name: str
    summary: str
    dt_ms: float
    #: The scheme's random numbers for net.m's parameters (after ``brian2.seed(seed)``).
    draws: Callable
    #: "net_m" (net.m's two half steps of v, then u) or a Brian2 ``euler`` derivative
    #: template of the right-hand side, in the time unit the scheme writes it in.
    step: str
    #: "dense" (net.m: this step's spikes only), "persistent" (I += w until the next noise
    #: draw) or "pulse" (I += w at the spike, I -= w 1 ms later).
    synapses: str
    #: Blocks (pre, post population: "all", "excitatory", "inhibitory") of the weight
    #: matrix as separate Brian2 ``Synapses``, applied in this order within a step (the
    #: order fixes the order of the additions to I, hence its last bits).
    synapse_blocks: tuple[tuple[str, str], ...] = (("all", "all"),)
    #: Populations in the order they draw their noise within a step.
    noise_order: tuple[str, ...] = ("excitatory", "inhibitory")
    #: The noise in its own variable I_noise (Brian2's example) rather than in I.
    separate_noise: bool = False
    #: Schedule slots where v and I of neuron 0 are recorded.
    record_v: str = "start"
    record_i: str = "start"
    #: Model time (ms) of Brian2's first step (net.m counts t = 1..T: 1 ms).
    t0_ms: float = 0.0
    #: Runs at any step h with 1 ms a whole number of steps (``NetworkSpec.step_ms``; net.m's
    #: noise stays per ms, see ``network.build_network``); otherwise only at ``dt_ms``.
    refinable: bool = False
    prefs: Mapping[str, object] = field(default_factory=dict)
    #: Memory and time per step, synapse and spike event (``guards.network_cost``).
    resource_model: ResourceModel = field(default_factory=ResourceModel)

    def build(self, b2: ModuleType, spec: NetworkSpec) -> NetworkBuild:
        """The Brian2 objects of a run (one builder for every network scheme)."""
        return build_network(b2, spec, self)

    def n_steps(self, spec: NetworkSpec) -> int:
        return round(spec.duration_ms / spec.dt_ms)

    def step_problem(self, step_ms: float) -> str | None:
        """Why this scheme cannot run at ``step_ms``, or None: a ``refinable`` scheme takes
        a positive step with 1 ms (its noise period) a whole number of steps, up to its own
        ``dt_ms``; any other scheme only its own ``dt_ms``."""
        if not (math.isfinite(step_ms) and step_ms > 0):
            return f"step {step_ms:g} ms: need a positive number of ms"
        if self.refinable:
            if step_ms > self.dt_ms or not is_multiple(1.0, step_ms):
                return (
                    f"step {step_ms:g} ms: the {self.name} scheme runs at steps h <= "
                    f"{self.dt_ms:g} ms with 1 ms a whole number of steps (1, 0.5, 0.25, "
                    "0.2, 0.1, ...; its thalamic noise is drawn once per ms)"
                )
            return None
        if not math.isclose(step_ms, self.dt_ms, rel_tol=0, abs_tol=1e-12):
            return (
                f"step {step_ms:g} ms: the {self.name} scheme runs only at its own "
                f"{self.dt_ms:g} ms step"
            )
        return None

    def resources(self, spec: NetworkSpec) -> Cost:
        """Steps, recorded samples, N^2 synapses, memory and wall time of one run: an upper
        bound from its resource model (``guards.network_cost``)."""
        return network_cost(spec)


# =========================================================================== the registry


NEURON_SCHEMES: dict[str, NeuronScheme] = {}
NETWORK_SCHEMES: dict[str, NetworkScheme] = {}


def register(scheme: NeuronScheme | NetworkScheme) -> None:
    """Add a scheme to its registry (tests register their own; names are unique)."""
    registry = NEURON_SCHEMES if isinstance(scheme, NeuronScheme) else NETWORK_SCHEMES
    if scheme.name in registry:
        raise ValueError(f"scheme {scheme.name!r} is already registered")
    registry[scheme.name] = scheme


def unregister(name: str, kind: str = "neuron") -> None:
    """Remove a scheme (tests that registered one)."""
    (NEURON_SCHEMES if kind == "neuron" else NETWORK_SCHEMES).pop(name)


register(
    NeuronScheme(
        "izhikevich",
        "the published update (figure1.m): v, then u with the new v; t = 0..T",
        build_published,
        prefs=PUBLISHED_ARITHMETIC,
        population=True,
    )
)
register(
    NeuronScheme(
        "euler",
        "Brian2 method='euler' on the same equations, input and step",
        brian2_method("euler"),
        prefs=PUBLISHED_ARITHMETIC,
        population=True,
    )
)
register(
    NeuronScheme(
        "notebook",
        "the seed notebook's model(): dt = tau ms and derivatives x tau/ms (tau*tau ms of "
        "model time per step), its freeze of the first tenth, input set every 1 ms",
        build_notebook,
        includes_end=False,
        time_scale=lambda spec: spec.dt_ms,
        gates=("none", "first_tenth"),
        comparison_gate=_notebook_comparison_gate,
        prefs=BRIAN2_DEFAULT_ARITHMETIC,
    )
)
register(
    NeuronScheme(
        "reference",
        "an accurate solution of the continuous-time model: RK4 at dt_ms, steps onto the "
        "input's jumps, spike times located within the step, reset there (plain Python)",
        None,
        run=_run_reference,
        located_spikes=True,
        # ~55-110 us per step measured (2,500-160,000 steps, 2 shared cores; each step is
        # one RK4 step and its crossing check in Python)
        resource_model=ResourceModel(bytes_per_step=100.0, seconds_per_step=250e-6),
    )
)
register(
    NetworkScheme(
        "izhikevich",
        "net.m's update (1 ms steps)",
        dt_ms=1.0,
        draws=net_m_draws,
        step="net_m",
        synapses="dense",
        record_i="end",  # the I of step t (noise + this step's synaptic input)
        t0_ms=1.0,
        refinable=True,
        prefs=PUBLISHED_ARITHMETIC,
        # dense float32 weights (4 bytes per synapse) and the copy of the fired neurons'
        # rows (4 bytes per fired neuron and target); per step: 1,000 neurons at 0.02 ms
        # (50,000 steps) took 23-40 s on the 2 shared cores at load 6-10 (5 s when quieter)
        resource_model=ResourceModel(
            bytes_per_synapse=4.0,
            bytes_per_event=4.0,
            seconds_per_step=800e-6,
            seconds_per_synapse=5e-9,
            seconds_per_event=5e-9,
        ),
    )
)
register(
    NetworkScheme(
        "notebook",
        "the seed notebook's simulation() (Brian2 euler, dt 0.1 ms)",
        dt_ms=0.1,
        draws=notebook_draws,
        step="tau*({})",
        synapses="persistent",
        # the seed's four Synapses (E->E, E->I, I->E, I->I), applied in the order Brian2
        # gave their pathways by name: synapses_1_pre < _2_pre < _3_pre < synapses_pre;
        # its noise likewise: neurongroup_1_run_regularly (I) before neurongroup_... (E)
        synapse_blocks=(
            ("excitatory", "inhibitory"),
            ("inhibitory", "excitatory"),
            ("inhibitory", "inhibitory"),
            ("excitatory", "excitatory"),
        ),
        noise_order=("inhibitory", "excitatory"),
        prefs=BRIAN2_DEFAULT_ARITHMETIC,
        # Brian2 Synapses (indices, weights, pathways: 27 bytes per synapse measured between
        # 500 and 2,000 neurons) and the per-step index temporaries of spike propagation
        resource_model=ResourceModel(
            bytes_per_synapse=27.0,
            bytes_per_event=20.0,
            seconds_per_step=500e-6,
            seconds_per_synapse=0.5e-6,
            seconds_per_event=20e-9,
        ),
    )
)
register(
    NetworkScheme(
        "brian2_example",
        "Brian2's example of the figure (euler, dt 1 ms)",
        dt_ms=1.0,
        draws=brian2_example_draws,
        step="({})/ms",
        synapses="pulse",
        # its Subgroups' noise in Brian2's name order: ..._subgroup_1_run_regularly (I) first
        noise_order=("inhibitory", "excitatory"),
        separate_noise=True,
        record_v="after_thresholds",
        record_i="after_thresholds",
        prefs=BRIAN2_DEFAULT_ARITHMETIC,
        # Brian2 Synapses (37 bytes per synapse measured; 97 in all at 2,000 neurons with
        # net.m's weights, firing ~400 Hz, with the temporaries of its two pathways)
        resource_model=ResourceModel(
            bytes_per_synapse=30.0,
            bytes_per_event=60.0,
            seconds_per_step=500e-6,
            seconds_per_synapse=0.5e-6,
            seconds_per_event=20e-9,
        ),
    )
)


def neuron_scheme(name: str) -> NeuronScheme:
    """The single-neuron scheme ``name``; ValueError naming the registered ones."""
    if name not in NEURON_SCHEMES:
        raise ValueError(f"unknown scheme {name!r}; expected one of {tuple(NEURON_SCHEMES)}")
    return NEURON_SCHEMES[name]


def network_scheme(name: str) -> NetworkScheme:
    """The network scheme ``name``; ValueError naming the registered ones."""
    if name not in NETWORK_SCHEMES:
        raise ValueError(f"unknown scheme {name!r}; expected one of {tuple(NETWORK_SCHEMES)}")
    return NETWORK_SCHEMES[name]


# =========================================================================== running


def configure_brian2(prefs: Mapping[str, object]) -> ModuleType:
    """Import Brian2 and set the preferences of a job: ``BRIAN2_PREFS`` and the scheme's.

    The one place preferences are set: once per job, before any object is built."""
    import brian2

    for key, value in {**BRIAN2_PREFS, **prefs}.items():
        brian2.prefs[key] = value
    return brian2


def simulate(spec: NeuronSpec | NetworkSpec) -> NeuronTrace | NetworkResult:
    """Run a spec with Brian2 under the scheme it names; results in model time."""
    if isinstance(spec, NetworkSpec):
        return _simulate_network(spec)
    scheme = neuron_scheme(spec.scheme)
    problems = scheme.problems(spec.equation, spec.gate)
    if problems:
        raise ValueError("; ".join(f"{column}: {message}" for column, message in problems))
    if scheme.run is not None:
        return scheme.run(spec)
    assert scheme.build is not None, f"scheme {scheme.name} has neither builder nor runner"
    b2 = configure_brian2(scheme.prefs)
    built = scheme.build(b2, spec)
    group = built.group
    if "a" in group.variables:
        group.a, group.b, group.c, group.d = spec.a, spec.b, spec.c, spec.d
    group.v = spec.v0
    group.u = spec.u_init
    record = [built.v_name, "u", "I"]
    state = b2.StateMonitor(group, record, record=0, when=built.record_when, name="trace")
    # v as it crossed the threshold (before the reset): an overflow to +inf is a "spike"
    spikes = b2.SpikeMonitor(group, variables="v", name="spikes")
    n_steps = scheme.n_steps(spec)
    with quiet_floating_point():
        b2.Network(group, state, spikes).run(
            n_steps * spec.dt_ms * b2.ms, namespace=built.namespace
        )
    clock = np.arange(n_steps) * spec.dt_ms
    spike_clock = np.round(np.asarray(spikes.t / group.dt)).astype(np.int64) * spec.dt_ms
    v = np.asarray(getattr(state, built.v_name)[0], dtype=float)
    assert v.shape == clock.shape, "Brian2 ran an unexpected number of steps"
    scale = scheme.time_scale(spec)
    trace = NeuronTrace(
        t_ms=clock * scale,
        v=v,
        u=np.asarray(state.u[0], dtype=float),
        I=np.asarray(state.I[0], dtype=float),
        spike_times_ms=spike_clock * scale,
        t_scheme_ms=None if scale == 1.0 else clock,
    )
    # the input is the cause when it is the first to leave the range (I, v, u at a tie)
    check_finite(
        {
            "I": (trace.t_ms, trace.I),
            "v": (trace.t_ms, trace.v),
            "v (at a spike, before the reset)": (
                trace.spike_times_ms,
                np.asarray(spikes.v, dtype=float),
            ),
            "u": (trace.t_ms, trace.u),
        },
        final={"v": np.asarray(group.v[:]), "u": np.asarray(group.u[:])},
        t_end_ms=n_steps * spec.dt_ms * scale,
    )
    return trace


# --------------------------------------------------------------------------- populations

#: What a point of a population may set (``simulate_population``'s ``overrides``).
POPULATION_KEYS = ("a", "b", "c", "d", "v0", "u0", "I_dc")


@dataclass
class PopulationRun:
    """What a population run produces, in model time: the spikes of every point, and v, u of
    the recorded points (rows in the order of ``record``), one sample per step.

    The input of point k at every step is ``I + I_dc[k]`` (bit for bit what the run used:
    ``I`` is the row's input, recorded before the offset is added)."""

    spike_index: np.ndarray  # int64, point of each spike
    spike_time_ms: np.ndarray  # float64, time of each spike (model ms)
    t_ms: np.ndarray
    v: np.ndarray  # (len(record), n_samples)
    u: np.ndarray  # (len(record), n_samples)
    I: np.ndarray  # noqa: E741 (the paper's name): the row's input current(t), n_samples
    I_dc: np.ndarray  # per point
    record: np.ndarray  # the recorded points
    n: int

    def spikes(self, k: int) -> np.ndarray:
        """Spike times (ms) of point k, in order."""
        return self.spike_time_ms[self.spike_index == k]

    def spike_trains(self) -> list[np.ndarray]:
        """Spike times (ms) of every point, in order."""
        order = np.argsort(self.spike_index, kind="stable")
        bounds = np.searchsorted(self.spike_index[order], np.arange(self.n + 1))
        times = self.spike_time_ms[order]
        return [times[bounds[k] : bounds[k + 1]] for k in range(self.n)]


def population_values(spec: NeuronSpec, overrides: Mapping[str, np.ndarray]) -> dict:
    """Per-point a, b, c, d, v0, u0 and I_dc: ``overrides``, else the spec's value; u0, when
    neither gives it, b*v0 of each point (as ``NeuronSpec.u_init``). Raises ValueError for
    an unknown key or arrays of different lengths."""
    unknown = sorted(set(overrides) - set(POPULATION_KEYS))
    if unknown:
        raise ValueError(f"unknown override(s) {unknown}; expected some of {POPULATION_KEYS}")
    arrays = {k: np.asarray(v, dtype=np.float64).reshape(-1) for k, v in overrides.items()}
    sizes = {k: v.size for k, v in arrays.items()}
    if len(set(sizes.values())) > 1:
        raise ValueError(f"overrides of different lengths: {sizes}")
    n = next(iter(sizes.values()), 1)
    values = {k: arrays.get(k, np.full(n, getattr(spec, k), dtype=np.float64)) for k in "abcd"}
    values["v0"] = arrays.get("v0", np.full(n, spec.v0, dtype=np.float64))
    if "u0" in arrays:
        values["u0"] = arrays["u0"]
    elif spec.u0 is not None:
        values["u0"] = np.full(n, spec.u0, dtype=np.float64)
    else:
        values["u0"] = values["b"] * values["v0"]
    values["I_dc"] = arrays.get("I_dc", np.zeros(n, dtype=np.float64))
    return values


def simulate_population(
    spec: NeuronSpec, overrides: Mapping[str, np.ndarray], *, record: Sequence[int] = ()
) -> PopulationRun:
    """Run n points of ``spec`` as one Brian2 NeuronGroup of n neurons with per-neuron
    parameters (``overrides``: arrays of one length n, keys among ``POPULATION_KEYS``;
    ``I_dc`` is added to the row's input, I(t) = current(t) + I_dc).

    The group is built by the same builder, with the same code, as a single row
    (``simulate``), so point k gives the same numbers, bit for bit, as ``simulate_neuron``
    of the spec with point k's values (and the input ``(current) + I_dc[k]``). Schemes
    whose builder cannot run per-neuron parameters (``population=False``: the seed
    notebook's, which folds a, b, c, d into its code as constants) are refused.

    A point whose state leaves the floating-point range raises ``NonFiniteError`` naming
    the point (its spike v before the reset, or its final v, u)."""
    scheme = neuron_scheme(spec.scheme)
    if not scheme.population:
        raise ValueError(
            f"scheme {spec.scheme!r} cannot run a population (its builder keeps one "
            "neuron's parameters as constants); populations run under "
            f"{[name for name, s in NEURON_SCHEMES.items() if s.population]}"
        )
    problems = scheme.problems(spec.equation, spec.gate)
    if problems:
        raise ValueError("; ".join(f"{column}: {message}" for column, message in problems))
    values = population_values(spec, overrides)
    n = values["a"].size
    record = np.asarray(record, dtype=np.int64).reshape(-1)
    if record.size and (record.min() < 0 or record.max() >= n):
        raise ValueError(f"record: points 0..{n - 1}, got {record.tolist()}")
    offset = "I_dc" in overrides
    b2 = configure_brian2(scheme.prefs)
    built = scheme.build(b2, spec, n=n, input_offset=offset)
    group = built.group
    group.a, group.b, group.c, group.d = values["a"], values["b"], values["c"], values["d"]
    group.v = values["v0"]
    group.u = values["u0"]
    if offset:
        group.I_dc = values["I_dc"]
    objects = [group]
    # the row's input, the same for every point (before its offset)
    inputs = b2.StateMonitor(
        group, "I_row" if offset else "I", record=0, when=built.record_when, name="input"
    )
    objects.append(inputs)
    if record.size:
        state = b2.StateMonitor(
            group, [built.v_name, "u"], record=record, when=built.record_when, name="trace"
        )
        objects.append(state)
    spikes = b2.SpikeMonitor(group, variables="v", name="spikes")
    objects.append(spikes)
    n_steps = scheme.n_steps(spec)
    with quiet_floating_point():
        b2.Network(*objects).run(n_steps * spec.dt_ms * b2.ms, namespace=built.namespace)
    scale = scheme.time_scale(spec)
    clock = np.arange(n_steps) * spec.dt_ms
    spike_clock = np.round(np.asarray(spikes.t / group.dt)).astype(np.int64) * spec.dt_ms
    shape = (record.size, n_steps)
    v = np.asarray(getattr(state, built.v_name), dtype=float) if record.size else np.empty(shape)
    u = np.asarray(state.u, dtype=float) if record.size else np.empty(shape)
    current = np.asarray(getattr(inputs, "I_row" if offset else "I")[0], dtype=float)
    run = PopulationRun(
        spike_index=np.asarray(spikes.i, dtype=np.int64),
        spike_time_ms=spike_clock * scale,
        t_ms=clock * scale,
        v=v.reshape(shape),
        u=u.reshape(shape),
        I=current,
        I_dc=values["I_dc"],
        record=record,
        n=n,
    )
    peaks = np.asarray(spikes.v, dtype=float)
    final = {name: np.asarray(getattr(group, name)[:]) for name in ("v", "u", "I")}
    _check_population(spec, overrides, run, peaks, final, n_steps * spec.dt_ms * scale)
    return run


#: Order of the variables at equal times (as ``simulate`` reports a single row).
_NONFINITE_ORDER = ("I", "v", "v (at a spike, before the reset)", "u")


def _check_population(
    spec: NeuronSpec,
    overrides: Mapping[str, np.ndarray],
    run: PopulationRun,
    peaks: np.ndarray,
    final: Mapping[str, np.ndarray],
    t_end_ms: float,
) -> None:
    """Raise ``NonFiniteError`` for the first non-finite value of a population, naming the
    point: in the recorded input, v and u, in v at a spike (before its reset), else in the
    final state; a point that ends non-finite and was not recorded is run again, recorded
    (only a failing run pays for it), so the error gives its first non-finite time."""
    found = []
    for name, values in (("I", run.I[None, :]), ("v", run.v), ("u", run.u)):
        first = first_nonfinite({name: (run.t_ms, values)}) if values.size else None
        if first is not None:
            t, _, value, row = first
            point = None if name == "I" else int(run.record[row or 0])
            found.append((t, _NONFINITE_ORDER.index(name), name, value, point))
    bad = np.flatnonzero(~np.isfinite(peaks))
    if bad.size:
        k = bad[np.argmin(run.spike_time_ms[bad])]
        name = _NONFINITE_ORDER[2]
        found.append((run.spike_time_ms[k], 2, name, peaks[k], int(run.spike_index[k])))
    if found:
        t, _, name, value, point = min(found, key=lambda item: item[:2])
        raise NonFiniteError(name, float(t), float(value), point)
    ended = np.flatnonzero(~np.isfinite(final["v"] + final["u"] + final["I"]))
    if not ended.size:
        return
    unseen = np.setdiff1d(ended, run.record)
    if unseen.size:  # their first non-finite time: the same points again, recorded
        simulate_population(spec, overrides, record=unseen[:16])
    name = next(k for k in ("I", "v", "u") if not np.isfinite(final[k][ended[0]]))
    raise NonFiniteError(
        f"{name} (final state)", t_end_ms, float(final[name][ended[0]]), int(ended[0])
    )


def _simulate_network(spec: NetworkSpec) -> NetworkResult:
    spec.check()
    scheme = network_scheme(spec.scheme)
    b2 = configure_brian2(scheme.prefs)
    built = scheme.build(b2, spec)
    # Brian2's time t is the scheme's t + t0_ms (net.m: t = 1..T)
    clock_ms = scheme.t0_ms
    try:
        run_network(
            b2.Network(*built.objects), spec.duration_ms * b2.ms, built.namespace, clock_ms
        )
    except NonFiniteError as err:
        if err.neuron is None or "(final state)" not in err.variable:
            raise
        groups = [obj for obj in built.objects if isinstance(obj, b2.NeuronGroup)]
        bad = {
            group.name: np.flatnonzero(~np.isfinite(group.v[:] + group.u[:])) for group in groups
        }
        del built, groups
        raise _first_nonfinite(b2, scheme, spec, bad, clock_ms) or err from None
    return built.collect()


def _first_nonfinite(
    b2, scheme: NetworkScheme, spec: NetworkSpec, bad: Mapping[str, np.ndarray], clock_ms: float
) -> NonFiniteError | None:
    """The first non-finite value of the neurons whose final state was non-finite: the run
    again (a row gives the same bits on every run), v and u of those neurons recorded at
    every step. Only a failed run pays for it."""
    built = scheme.build(b2, spec)
    watches = [
        b2.StateMonitor(group, ["v", "u"], record=bad[group.name], when="end", name=f"watch_{k}")
        for k, group in enumerate(o for o in built.objects if isinstance(o, b2.NeuronGroup))
        if len(bad.get(group.name, ()))
    ]
    with quiet_floating_point():
        b2.Network(*built.objects, *watches).run(
            spec.duration_ms * b2.ms, namespace=built.namespace
        )
    found = []
    for watch in watches:
        for var in ("v", "u"):
            first = first_nonfinite(
                {var: (np.asarray(watch.t / b2.ms) + clock_ms, getattr(watch, var))}
            )
            if first is not None:
                t, _, value, row = first
                neuron = int(watch.record[0 if row is None else row])  # one row: None
                found.append((t, f"{var} in group {watch.source.name!r}", value, neuron))
    if not found:
        return None
    t, name, value, neuron = min(found, key=lambda item: item[0])
    return NonFiniteError(name, t, value, neuron)


# =========================================================================== declarations


def schema_enums(table: str) -> dict[str, list[str]]:
    """The enums of a table's JSON schema that the registry defines (``neurons``:
    scheme, equation, gate; ``network``: scheme; ``sweeps``: the schemes that run
    populations)."""
    if table == "network":
        return {"scheme": list(NETWORK_SCHEMES)}
    if table == "sweeps":
        return {"scheme": [name for name, s in NEURON_SCHEMES.items() if s.population]}
    gates = [g for s in NEURON_SCHEMES.values() for g in s.gates]
    return {
        "scheme": list(NEURON_SCHEMES),
        "equation": list(EQUATIONS),
        "gate": list(dict.fromkeys(gates)),
    }


def complete_schema(table: str, schema: dict) -> dict:
    """``schema`` with the registry's enums filled in (the schema files leave them out)."""
    properties = schema.get("properties", {})
    for column, values in schema_enums(table).items():
        properties.setdefault(column, {})["enum"] = values
    return schema


def scheme_wildcard() -> str:
    """The ``{scheme}`` wildcard constraint of the rules: any single-neuron scheme."""
    return "|".join(NEURON_SCHEMES)


def check_comparison(schemes: list[str]) -> list[str]:
    """The config's ``scheme_comparison``, checked: registered single-neuron schemes, no
    repeats, the published update first (it is the reference)."""
    unknown = [s for s in schemes if s not in NEURON_SCHEMES]
    if unknown:
        raise ValueError(
            f"config scheme_comparison: unknown scheme(s) {unknown}; "
            f"registered: {list(NEURON_SCHEMES)}"
        )
    if len(set(schemes)) != len(schemes) or not schemes or schemes[0] != "izhikevich":
        raise ValueError(
            f"config scheme_comparison {schemes}: distinct schemes, the published update "
            "('izhikevich', the reference) first"
        )
    return list(schemes)


def comparison_row(row: Mapping, scheme: str) -> dict:
    """An original row under another single-neuron scheme (results/schemes/{id}/{scheme}.npz),
    with the gate that scheme gives it (``NeuronScheme.comparison_gate``)."""
    if row.get("variant") != "original":
        raise ValueError(f"{row.get('id')}: only original rows are compared across schemes")
    return {**row, "scheme": scheme, "gate": neuron_scheme(scheme).comparison_gate(row)}
