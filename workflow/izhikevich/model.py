"""The Izhikevich model and its update schemes: the one place they are written down.

Equations (Izhikevich 2003, "Simple Model of Spiking Neurons", eqs. 1-3)::

    v' = 0.04 v^2 + 5 v + 140 - u + I
    u' = a (b v - u)
    if v >= 30: v <- c, u <- u + d

Two deviations used by the 2004 paper ("Which Model to Use...", Fig. 1, figure1.m):
panels G and L (class 1 excitability, integrator) use ``0.04 v^2 + 4.1 v + 108``,
panel R (accommodation) uses ``u' = a (b (v + 65))``.

Single-neuron schemes (``scheme`` column of params/neurons.tsv):

``izhikevich``
    The published loop of figure1.m: at each t = 0, tau, ..., T (T included), I = I(t)
    at the start of the step, ``v += tau*f(v, u, I)``, then ``u += tau*a*(b*v - u)`` with
    the *new* v; if v > 30 the sample is 30, then v = c, u += d. Run by Brian2 as custom
    code in the ``groups`` slot; arithmetic is kept in the published left-to-right order
    and the input is evaluated on the paper's millisecond numbers, so traces equal a
    transcription of figure1.m bit for bit.
``euler``
    Brian2's ``method='euler'`` on the same equations, input and step (u sees the old v).
    Changes the spike counts of 2004 Fig. 1 C, D, H, N, P, Q, S and T.
``notebook``
    The seed notebook's ``model()``: step dt = tau ms *and* derivatives scaled by
    tau/ms (time stretched 1/tau), optional freezing for t <= duration/10, input set
    from its expression every 1 ms, Brian2 ``euler``, threshold ``v >= 30``.

The network of 2003 Fig. 3 (net.m) and its schemes (``izhikevich``, ``notebook``,
``brian2_example``) are in the section "Network (2003 Fig. 3, net.m)" at the end.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .guards import check_finite, quiet_floating_point

#: Right-hand sides (v', u') of the equation variants, written as the papers write them.
EQUATIONS: dict[str, tuple[str, str]] = {
    "standard": ("0.04*v**2 + 5*v + 140 - u + I", "a*(b*v - u)"),
    # 2004 Fig. 1 G (class 1 excitable) and L (integrator), figure1.m
    "class1": ("0.04*v**2 + 4.1*v + 108 - u + I", "a*(b*v - u)"),
    # 2004 Fig. 1 R (accommodation), figure1.m: u = u + tau*a*(b*(V+65))
    "accommodation": ("0.04*v**2 + 5*v + 140 - u + I", "a*(b*(v + 65))"),
}
SCHEMES = ("izhikevich", "euler", "notebook")
GATES = ("none", "first_tenth")
#: Brian2 code generation target of every simulation: its random streams and arithmetic
#: differ between targets, so it is pinned (numpy needs no compiler).
CODEGEN_TARGET = "numpy"
#: Spike cut-off of the published programs (2003 Fig. 2, 2004 Fig. 1): v > 30 mV.
V_PEAK = 30.0

_PARAMETERS = """
v : 1
u : 1
I : 1
v_trace : 1
a : 1 (constant)
b : 1 (constant)
c : 1 (constant)
d : 1 (constant)
"""


class CurrentError(ValueError):
    """The input expression of a row is not a valid Brian2 expression of time."""


@dataclass(frozen=True)
class NeuronSpec:
    """One single-neuron run: the simulation columns of a params/neurons.tsv row."""

    a: float
    b: float
    c: float
    d: float
    v0: float
    dt_ms: float
    duration_ms: float
    current: str
    scheme: str = "izhikevich"
    equation: str = "standard"
    gate: str = "none"
    u0: float | None = None

    @classmethod
    def from_row(cls, row: Mapping) -> NeuronSpec:
        """The simulation columns of a params/neurons.tsv row (other columns ignored)."""
        u0 = row.get("u0")
        return cls(
            a=float(row["a"]),
            b=float(row["b"]),
            c=float(row["c"]),
            d=float(row["d"]),
            v0=float(row["v0"]),
            u0=None if u0 is None or u0 == "" or u0 != u0 else float(u0),
            dt_ms=float(row["dt_ms"]),
            duration_ms=float(row["duration_ms"]),
            current=str(row["current"]),
            scheme=str(row["scheme"]),
            equation=str(row.get("equation") or "standard"),
            gate=str(row.get("gate") or "none"),
        )

    @property
    def u_init(self) -> float:
        """u0, or b*v0 when the row leaves it empty (2004 figure1.m: u = b*V)."""
        return self.b * self.v0 if self.u0 is None else self.u0

    @property
    def n_steps(self) -> int:
        """Samples of the run: T/tau + 1 for the published loop t = 0..T, T/tau else."""
        steps = round(self.duration_ms / self.dt_ms)
        return steps + 1 if self.scheme != "notebook" else steps


@dataclass
class NeuronTrace:
    """What a single-neuron run produces: one sample per step, spike times in ms."""

    t_ms: np.ndarray
    v: np.ndarray
    u: np.ndarray
    I: np.ndarray  # noqa: E741 (the paper's name)
    spike_times_ms: np.ndarray

    def arrays(self) -> dict[str, np.ndarray]:
        """The trace under the NPZ keys of results/neurons/{id}.npz."""
        return dict(vars(self))


def _brian2():
    import brian2

    brian2.prefs.codegen.target = CODEGEN_TARGET
    brian2.prefs.logging.std_redirection = False
    return brian2


def _time_units(b2) -> dict[str, float]:
    from brian2.core.namespace import DEFAULT_UNITS

    return {
        name: float(unit / b2.ms)
        for name, unit in DEFAULT_UNITS.items()
        if b2.get_dimensions(unit) == b2.second.dim
    }


def check_current(expr: str) -> None:
    """Parse ``expr`` with Brian2 as a dimensionless function of ``t``; raise CurrentError.

    Allowed names: ``t``, Brian2's time units (``ms``, ``second``, ...), its default
    functions (``int``, ``abs``, ``exp``, ...) and constants (``pi``, ``e``).
    """
    b2 = _brian2()
    from brian2.parsing.expressions import parse_expression_dimensions
    from brian2.utils.stringtools import get_identifiers

    if not isinstance(expr, str) or not expr.strip():
        raise CurrentError("empty expression")
    try:
        ast.parse(expr.strip(), mode="eval")
    except SyntaxError as err:
        raise CurrentError(f"cannot parse {expr!r}: {err.msg}") from None
    # a throw-away group only to resolve names the way a simulation would; it never runs
    group = b2.NeuronGroup(1, "I : 1", name="current_check*")
    group._network = "not run: name resolution only"  # no "never included" warning
    time_units = _time_units(b2)
    names = get_identifiers(expr)
    from brian2.core.namespace import DEFAULT_UNITS

    for name in names:
        if name in DEFAULT_UNITS and name not in time_units:
            raise CurrentError(f"{name!r} is not a time unit; I is dimensionless")
        if name in group.variables and name not in ("t",):
            raise CurrentError(f"unknown symbol {name!r} (the input is a function of t)")
    try:
        resolved = group.resolve_all(names, run_namespace={})
        dims = parse_expression_dimensions(expr, resolved)
    except KeyError as err:
        raise CurrentError(f"unknown symbol in {expr!r}: {err.args[0]}") from None
    except SyntaxError as err:
        raise CurrentError(f"cannot parse {expr!r}: {err}") from None
    except Exception as err:  # DimensionMismatchError and friends
        raise CurrentError(f"inconsistent units in {expr!r}: {err}") from None
    from brian2.units.fundamentalunits import DIMENSIONLESS, get_unit

    if dims != DIMENSIONLESS:
        raise CurrentError(
            f"{expr!r} has units of {get_unit(dims)}; the input I must be dimensionless"
        )


def current_in_ms(expr: str) -> str:
    """Rewrite a Brian2 expression of ``t`` into the paper's numbers: t in ms, no units.

    The published programs compare plain millisecond doubles (``t > 10``); evaluated in
    SI seconds, a boundary such as ``abs(t - 10*ms) < 1*ms`` (2004 Fig. 1 Q, tau = 0.1)
    falls on a different step. Time units become their value in ms, ``t`` becomes ``t_ms``.
    """
    from brian2.utils.stringtools import word_substitute

    units = _time_units(_brian2())
    subs = {name: _number(value) for name, value in units.items()}
    subs["t"] = "t_ms"
    return word_substitute(expr, subs)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def simulate_neuron(spec: NeuronSpec) -> NeuronTrace:
    """Run one single neuron with Brian2 under ``spec.scheme`` (see the module docstring)."""
    if spec.scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {spec.scheme!r}; expected one of {SCHEMES}")
    if spec.equation not in EQUATIONS:
        raise ValueError(f"unknown equation {spec.equation!r}")
    b2 = _brian2()
    if spec.scheme == "notebook":
        return _simulate_notebook(b2, spec)
    return _simulate_published(b2, spec, euler=spec.scheme == "euler")


def _simulate_published(b2, spec: NeuronSpec, euler: bool) -> NeuronTrace:
    ms = b2.ms
    v_rhs, u_rhs = EQUATIONS[spec.equation]
    tau = float(spec.dt_ms)
    # Brian2's loop-invariant optimisation rewrites arithmetic through sympy (it would
    # distribute 0.075*(t - 30), 2004 Fig. 1 G); the published numbers come from plain
    # left-to-right double arithmetic, which the numpy target keeps without it.
    b2.prefs.codegen.loop_invariant_optimisations = False
    input_code = f"t_ms = t_in_timesteps*tau\nI = {current_in_ms(spec.current)}"
    if euler:
        model = f"dv/dt = ({v_rhs})/ms : 1\ndu/dt = ({u_rhs})/ms : 1\n" + _PARAMETERS.replace(
            "v : 1\nu : 1\n", ""
        )
        group = b2.NeuronGroup(
            1,
            model,
            method="euler",
            threshold=f"v > {V_PEAK:g}",
            reset=f"v = c\nu = u + d\nv_trace = {V_PEAK:g}",
            dt=tau * ms,
            name="neuron",
        )
        group.run_regularly(input_code, when="before_groups", name="neuron_input")
        group.run_regularly("v_trace = v", when="after_groups", name="neuron_trace")
    else:
        group = b2.NeuronGroup(
            1,
            _PARAMETERS,
            threshold=f"v > {V_PEAK:g}",
            reset=f"v = c\nu = u + d\nv_trace = {V_PEAK:g}",
            dt=tau * ms,
            name="neuron",
        )
        # figure1.m, one step: I(t); V = V + tau*(...); u = u + tau*a*(b*V - u)
        step = "\n".join(
            [
                input_code,
                f"dv = {v_rhs}",
                "v = v + tau*dv",
                f"du = tau*{u_rhs}",
                "u = u + du",
                "v_trace = v",
            ]
        )
        group.run_regularly(step, when="groups", name="neuron_step")
    return _run(b2, spec, group, when="end", namespace={"tau": tau})


def _simulate_notebook(b2, spec: NeuronSpec) -> NeuronTrace:
    ms = b2.ms
    v_rhs, u_rhs = EQUATIONS[spec.equation]
    b2.prefs.codegen.loop_invariant_optimisations = True  # Brian2's default, as the seed ran
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
    # a, b, c, d are the seed's Python arguments (external constants, ints where it
    # typed ints): Brian2 then folds them into the same loop invariants as the seed did
    namespace = {
        "tau": spec.dt_ms / ms,
        "duration": spec.duration_ms * ms,
        **{name: _as_typed(getattr(spec, name)) for name in "abcd"},
    }
    return _run(b2, spec, group, when="start", namespace=namespace, trace="v")


def _as_typed(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _run(b2, spec: NeuronSpec, group, when: str, namespace: dict, trace="v_trace"):
    if "a" in group.variables:
        group.a, group.b, group.c, group.d = spec.a, spec.b, spec.c, spec.d
    group.v = spec.v0
    group.u = spec.u_init
    state = b2.StateMonitor(group, [trace, "u", "I"], record=0, when=when, name="trace")
    # v as it crossed the threshold (before the reset): an overflow to +inf is a "spike"
    spikes = b2.SpikeMonitor(group, variables="v", name="spikes")
    net = b2.Network(group, state, spikes)
    with quiet_floating_point():
        net.run(spec.n_steps * spec.dt_ms * b2.ms, namespace=namespace)
    steps = np.arange(spec.n_steps)
    spike_steps = np.round(np.asarray(spikes.t / group.dt)).astype(np.int64)
    trace_values = np.asarray(getattr(state, trace)[0], dtype=float)
    assert trace_values.shape == steps.shape, "Brian2 ran an unexpected number of steps"
    result = NeuronTrace(
        t_ms=steps * spec.dt_ms,
        v=trace_values,
        u=np.asarray(state.u[0], dtype=float),
        I=np.asarray(state.I[0], dtype=float),
        spike_times_ms=spike_steps * spec.dt_ms,
    )
    # the input is the cause when it is the first to leave the range (I, v, u at a tie)
    check_finite(
        {
            "I": (result.t_ms, result.I),
            "v": (result.t_ms, result.v),
            "v (at a spike, before the reset)": (
                result.spike_times_ms,
                np.asarray(spikes.v, dtype=float),
            ),
            "u": (result.t_ms, result.u),
        },
        final={"v": np.asarray(group.v[:]), "u": np.asarray(group.u[:])},
        t_end_ms=spec.n_steps * spec.dt_ms,
    )
    return result


def brian2_version() -> str:
    """Version of the Brian2 that runs the simulations (for NPZ provenance)."""
    from importlib.metadata import version

    return version("brian2")


def is_multiple(duration_ms: float, dt_ms: float) -> bool:
    """True when ``duration_ms`` is a whole number of steps of ``dt_ms`` (to 1e-9)."""
    steps = duration_ms / dt_ms
    return math.isclose(steps, round(steps), rel_tol=0, abs_tol=1e-9)


# =============================================================================================
# Network (2003 Fig. 3, net.m)
# =============================================================================================
#
# Izhikevich 2003, Fig. 3 and its program net.m: Ne excitatory and Ni inhibitory neurons, all
# to all (self-connections included), thalamic noise, 1 ms steps. Three schemes (``scheme``
# column of params/network.tsv):
#
# ``izhikevich``
#     net.m step for step. Each 1 ms step t = 1..T: I = 5 N(0,1) (excitatory) or 2 N(0,1)
#     (inhibitory), fresh every step; fired = v >= 30 (spike time t); for them v = c,
#     u = u + d; I += the weights of every neuron that fired (this step only); v += 0.5 f(v,u,I)
#     twice (same I, old u); u += a (b v - u) with the new v. Brian2 runs it: a NeuronGroup
#     whose threshold and reset are net.m's, one run_regularly step in the ``after_resets``
#     slot, and the all-to-all input as a Brian2 ``Function`` over a dense weight matrix (one
#     float32 per synapse: Brian2's ``Synapses`` would hold 10^8 synapses at 10,000 neurons).
# ``notebook``
#     The seed notebook's ``simulation()``: dt = 0.1 ms, Brian2 ``euler``, separate E and I
#     groups, four ``Synapses`` (I_post += w), noise set by run_regularly every 1 ms.
# ``brian2_example``
#     Brian2's example of this figure (examples/frompapers/Izhikevich_2003.py): plain Euler
#     at dt = 1 ms, synaptic current switched on by one pathway and off 1 ms later by another.
#
# Random numbers: the same row gives the same network, noise and spikes on every run; another
# seed gives another network and noise. ``izhikevich``: r_e, r_i and the weights come from
# ``numpy.random.default_rng(seed)`` (in that order; weights as float32 uniforms, [pre, post]),
# the noise from Brian2's ``randn`` after ``brian2.seed(seed)``. The two other schemes draw
# everything as they were written, after ``brian2.seed(seed)``.

NETWORK_SCHEMES = ("izhikevich", "notebook", "brian2_example")
#: Integration step of each network scheme (ms): net.m and the Brian2 example 1 ms, the seed
#: notebook's simulation() 0.1 ms.
NETWORK_DT_MS: dict[str, float] = {"izhikevich": 1.0, "notebook": 0.1, "brian2_example": 1.0}
#: ``none``: net.m's weights at any size; ``1000/N``: weights x 1000/N, which keeps the total
#: input of a spike volley as in the 1000-neuron network (and equals net.m at N = 1000).
WEIGHT_SCALINGS = ("none", "1000/N")
#: net.m: thalamic input 5*randn for excitatory, 2*randn for inhibitory neurons.
THALAMIC_SIGMA = {"excitatory": 5.0, "inhibitory": 2.0}
#: net.m: v0 = -65 for every neuron, u0 = b*v0.
NETWORK_V0 = -65.0


@dataclass(frozen=True)
class NetworkSpec:
    """One network run: the simulation columns of a params/network.tsv row."""

    Ne: int
    Ni: int
    duration_ms: float
    seed: int
    scheme: str = "izhikevich"
    weight_scaling: str = "none"

    @classmethod
    def from_row(cls, row: Mapping) -> NetworkSpec:
        """The simulation columns of a params/network.tsv row (other columns ignored)."""
        return cls(
            Ne=int(row["Ne"]),
            Ni=int(row["Ni"]),
            duration_ms=float(row["duration_ms"]),
            seed=int(row["seed"]),
            scheme=str(row["scheme"]),
            weight_scaling=str(row.get("weight_scaling") or "none"),
        )

    @property
    def N(self) -> int:  # noqa: N802 (the paper's name)
        """Number of neurons, Ne + Ni."""
        return self.Ne + self.Ni

    @property
    def dt_ms(self) -> float:
        """The scheme's integration step (ms)."""
        return NETWORK_DT_MS[self.scheme]

    @property
    def n_steps(self) -> int:
        """Steps of the run: T/dt (net.m: t = 1..T)."""
        return round(self.duration_ms / self.dt_ms)

    @property
    def weight_factor(self) -> float:
        """Factor on net.m's weights: 1, or 1000/N with ``weight_scaling = 1000/N``."""
        return 1000.0 / self.N if self.weight_scaling == "1000/N" else 1.0

    @property
    def memory_mb(self) -> int:
        """Peak memory of a run (MB), for job resources: the estimate of its scheme's
        resource model (``izhikevich.guards.network_cost``), rounded up."""
        from .guards import network_cost

        return math.ceil(network_cost(self).memory_mb)

    @property
    def runtime_min(self) -> int:
        """Generous wall time of a run (minutes), for cluster profiles: 5 minutes plus twice
        the estimate of its scheme's resource model (``izhikevich.guards.network_cost``)."""
        from .guards import network_cost

        return 5 + math.ceil(2 * network_cost(self).runtime_min)

    def check(self) -> None:
        """Raise ValueError for a spec that cannot run (tables.load_network names the cell)."""
        if self.scheme not in NETWORK_SCHEMES:
            raise ValueError(f"unknown scheme {self.scheme!r}; expected one of {NETWORK_SCHEMES}")
        if self.weight_scaling not in WEIGHT_SCALINGS:
            raise ValueError(f"unknown weight_scaling {self.weight_scaling!r}")
        if self.Ne < 0 or self.Ni < 0 or self.N == 0:
            raise ValueError(f"Ne = {self.Ne}, Ni = {self.Ni}: need Ne, Ni >= 0 and Ne + Ni > 0")
        if not is_multiple(self.duration_ms, self.dt_ms) or self.n_steps < 1:
            raise ValueError(
                f"duration {self.duration_ms:g} ms is not a whole number of "
                f"{self.dt_ms:g} ms steps"
            )


@dataclass
class NetworkResult:
    """What a network run produces: spikes (ms, 0-based index, excitatory first), the
    per-neuron parameters, and the v and I traces of neuron 0 (one sample per step)."""

    spike_times_ms: np.ndarray
    spike_indices: np.ndarray
    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    d: np.ndarray
    t_ms: np.ndarray
    v: np.ndarray
    I: np.ndarray  # noqa: E741 (the paper's name)

    def arrays(self, spec: NetworkSpec) -> dict:
        """The run and its spec under the NPZ keys of results/network/{id}.npz."""
        return {
            **vars(self),
            "Ne": spec.Ne,
            "Ni": spec.Ni,
            "seed": spec.seed,
            "duration_ms": spec.duration_ms,
            "dt_ms": spec.dt_ms,
            "weight_factor": spec.weight_factor,
        }


def simulate_network(spec: NetworkSpec) -> NetworkResult:
    """Run one network with Brian2 under ``spec.scheme`` (see the section comment above)."""
    spec.check()
    b2 = _brian2()
    run = {
        "izhikevich": _simulate_net_m,
        "notebook": _simulate_network_notebook,
        "brian2_example": _simulate_brian2_example,
    }[spec.scheme]
    return run(b2, spec)


def net_m_parameters(spec: NetworkSpec) -> dict[str, np.ndarray]:
    """The heterogeneous network of net.m, drawn from ``default_rng(spec.seed)``.

    One r ~ U[0,1) per neuron (excitatory: a = 0.02, b = 0.2, c = -65 + 15 r^2, d = 8 - 6 r^2;
    inhibitory: a = 0.02 + 0.08 r, b = 0.25 - 0.05 r, c = -65, d = 2), and the weights
    ``W[pre, post]``: 0.5 U[0,1) from an excitatory, -U[0,1) from an inhibitory neuron, times
    ``spec.weight_factor``. Weights are float32 uniforms (a 2^-24 grid instead of MATLAB's
    2^-53); ``synaptic_input`` sums them in double, as net.m does.
    """
    Ne, Ni, N = spec.Ne, spec.Ni, spec.N
    rng = np.random.default_rng(spec.seed)
    re, ri = rng.random(Ne), rng.random(Ni)
    weights = np.empty((N, N), dtype=np.float32)
    rng.random(out=weights, dtype=np.float32)
    weights[:Ne] *= np.float32(0.5 * spec.weight_factor)
    weights[Ne:] *= np.float32(-spec.weight_factor)
    return {
        "a": np.concatenate([np.full(Ne, 0.02), 0.02 + 0.08 * ri]),
        "b": np.concatenate([np.full(Ne, 0.2), 0.25 - 0.05 * ri]),
        "c": np.concatenate([-65 + 15 * re**2, np.full(Ni, -65.0)]),
        "d": np.concatenate([8 - 6 * re**2, np.full(Ni, 2.0)]),
        "sigma": np.concatenate(
            [np.full(Ne, THALAMIC_SIGMA["excitatory"]), np.full(Ni, THALAMIC_SIGMA["inhibitory"])]
        ),
        "weights": weights,
    }


def synaptic_input_function(b2, weights: np.ndarray):
    """net.m's ``I = I + sum(S(:,fired),2)`` as a Brian2 ``Function`` of the fired flags.

    ``weights[pre, post]`` is dense (4 bytes per synapse); a step costs one row per spike.
    The float32 weights are summed in double, so the sum is exact for net.m's unscaled
    weights (multiples of 2^-25) and does not depend on the order of the spikes.
    """

    def synaptic_input(fired: np.ndarray) -> np.ndarray:
        return np.add.reduce(weights[np.flatnonzero(fired)], axis=0, dtype=np.float64)

    function = b2.Function(
        synaptic_input, arg_units=[1], arg_types=["boolean"], return_unit=1, return_type="float"
    )
    # plain arrays in and out: Brian2's unit-checking wrapper would cost ~10 ms a step
    function.implementations.add_numpy_implementation(synaptic_input, discard_units=True)
    return function


_NET_M_MODEL = """
v : 1
u : 1
I : 1
fired : boolean
a : 1 (constant)
b : 1 (constant)
c : 1 (constant)
d : 1 (constant)
sigma : 1 (constant)
"""


def _simulate_net_m(b2, spec: NetworkSpec) -> NetworkResult:
    ms = b2.ms
    v_rhs, u_rhs = EQUATIONS["standard"]
    # net.m's arithmetic, in its order (no sympy rewriting of loop invariants)
    b2.prefs.codegen.loop_invariant_optimisations = False
    params = net_m_parameters(spec)
    group = b2.NeuronGroup(
        spec.N,
        _NET_M_MODEL,
        threshold=f"v >= {V_PEAK:g}",  # fired = find(v >= 30)
        reset="v = c\nu = u + d\nfired = True",
        dt=spec.dt_ms * ms,
        name="network",
    )
    for name in ("a", "b", "c", "d", "sigma"):
        setattr(group, name, params[name])
    group.v = NETWORK_V0
    group.u = params["b"] * NETWORK_V0
    # the rest of net.m's step, after threshold and reset: fresh thalamic input plus this
    # step's synaptic input, two half steps of v with the same I and old u, u with the new v
    step = "\n".join(
        [
            "I = sigma*randn() + synaptic_input(fired)",
            "fired = False",
            f"v = v + 0.5*({v_rhs})",
            f"v = v + 0.5*({v_rhs})",
            f"u = u + {u_rhs}",
        ]
    )
    group.run_regularly(step, when="after_resets", name="network_step")
    spikes = b2.SpikeMonitor(group, name="network_spikes")
    trace = b2.StateMonitor(group, ["v", "I"], record=0, when="end", name="network_trace")
    net = b2.Network(group, spikes, trace)
    b2.seed(spec.seed)
    namespace = {"synaptic_input": synaptic_input_function(b2, params["weights"])}
    _run_network(net, spec.n_steps * spec.dt_ms * ms, namespace, clock_ms=spec.dt_ms)
    # net.m's clock: Brian2's step k (from 0) is net.m's t = k + 1
    steps = _steps(spikes.t, group.dt)
    v_after = np.asarray(trace.v[0], dtype=float)
    return NetworkResult(
        spike_times_ms=(steps + 1) * spec.dt_ms,
        spike_indices=np.asarray(spikes.i[:], dtype=np.int64),
        **{name: params[name] for name in "abcd"},
        t_ms=(np.arange(spec.n_steps) + 1) * spec.dt_ms,
        # v at the start of step t, as net.m tests it (>= 30: spike) = v after step t - 1
        v=np.concatenate([[NETWORK_V0], v_after[:-1]]),
        I=np.asarray(trace.I[0], dtype=float),  # the I of step t (noise + synaptic input)
    )


def _run_network(net, duration, namespace: dict | None = None, clock_ms: float = 0.0) -> None:
    """``net.run``, with the objects that exist before it frozen for the garbage collector,
    then a check that the state stayed finite.

    Brian2's ``Network.run`` starts with ``gc.collect()``; after importing Brian2 that scan
    costs ~0.1 s, as long as a whole 1000-neuron net.m run in NumPy. Frozen objects are
    skipped by it and handed back to the collector afterwards (nothing is leaked).

    Finite state: the recorded neuron's variables at every step, and v and u of every
    neuron at the end (``izhikevich.guards.check_finite``; ``clock_ms`` is added to the
    times of recorded samples: the state after Brian2's step at t is net.m's at t + 1 ms).
    A neuron other than the recorded one is seen at the end of the run: its u stays
    non-finite once v was (a, b > 0 in every scheme).
    """
    import gc

    from brian2 import NeuronGroup, StateMonitor, ms

    gc.freeze()
    try:
        with quiet_floating_point():
            net.run(duration, namespace=namespace)
    finally:
        gc.unfreeze()
    objects = sorted(net.objects, key=lambda obj: obj.name)
    series = {
        f"{var} of recorded neuron {int(monitor.record[0])} ({monitor.source.name})": (
            np.asarray(monitor.t / ms) + clock_ms,
            np.asarray(getattr(monitor, var), dtype=float),
        )
        for monitor in objects
        if isinstance(monitor, StateMonitor)
        for var in monitor.record_variables
    }
    final = {
        f"{var} in group {group.name!r}": np.asarray(getattr(group, var)[:], dtype=float)
        for group in objects
        if isinstance(group, NeuronGroup)
        for var in ("v", "u")
    }
    check_finite(series, final, t_end_ms=float(net.t / ms))


def _steps(times, dt) -> np.ndarray:
    return np.round(np.asarray(times / dt)).astype(np.int64)


def _times_ms(steps: np.ndarray, dt_ms: float) -> np.ndarray:
    """Step numbers in ms, rounded to the decimal grid of dt (0.1 ms, not 0.30000000000000004)."""
    return np.round(steps * dt_ms, 9)


def _simulate_network_notebook(b2, spec: NetworkSpec) -> NetworkResult:
    """The seed notebook's ``simulation(Ne, Ni, tau=1, duration)``, seeded.

    Objects carry, explicitly, the names Brian2 gives them in a fresh kernel: names fix the
    order in which the four pathways add to I and the two groups draw noise, and explicit
    names do not depend on what else the process holds. Their dt is given to each object
    instead of the notebook's ``defaultclock.dt = 0.1*ms``.
    """
    ms = b2.ms
    b2.prefs.codegen.loop_invariant_optimisations = True  # Brian2's default, as the seed ran
    dt = spec.dt_ms * ms
    tau = 1 / ms  # simulation(tau=1): tau = tau/ms
    eqs = """
    dv/dt = tau*(0.04*v**2+5*v+140-u+I) : 1
    du/dt = tau*a*(b*v-u) : 1
    I : 1
    a : 1
    b : 1
    c : 1
    d : 1
    """
    b2.seed(spec.seed)
    groups, objects = {}, []
    kw = {"threshold": "v>=30", "reset": "v=c; u+=d", "method": "euler", "dt": dt}
    if spec.Ne:
        Ge = b2.NeuronGroup(spec.Ne, eqs, name="neurongroup", **kw)
        Ge.a = 0.02
        Ge.b = 0.2
        Ge.c = "-65+15*rand()**2"
        Ge.d = "8-6*rand()**2"
        Ge.v = -65
        Ge.u = Ge.b * -65
        groups["e"] = Ge
    if spec.Ni:
        Gi = b2.NeuronGroup(spec.Ni, eqs, name="neurongroup_1", **kw)
        Gi.a = "0.02+0.08*rand()"
        Gi.b = "0.25-0.05*rand()"
        Gi.c = -65
        Gi.d = 2
        Gi.v = -65
        Gi.u = Gi.b * -65
        groups["i"] = Gi
    objects += groups.values()
    weights = {"e": "0.5*rand()", "i": "-rand()"}
    for n, (pre, post) in enumerate([("e", "e"), ("e", "i"), ("i", "e"), ("i", "i")]):
        if pre not in groups or post not in groups:
            continue
        name = "synapses" if n == 0 else f"synapses_{n}"
        syn = b2.Synapses(
            groups[pre], groups[post], "w : 1", on_pre="I_post += w", dt=dt, name=name
        )
        syn.connect()
        syn.w = weights[pre]
        if spec.weight_factor != 1.0:
            syn.w_[:] = syn.w_[:] * spec.weight_factor
        objects.append(syn)
    first = groups.get("e", groups.get("i"))
    trace = b2.StateMonitor(first, ("v", "u", "I"), record=0, dt=dt, name="statemonitor")
    monitors = {
        key: b2.SpikeMonitor(group, name="spikemonitor" + ("" if key == "e" else "_1"))
        for key, group in groups.items()
    }
    objects += [trace, *monitors.values()]
    for key, group in groups.items():
        sigma = 5 if key == "e" else 2
        name = f"{group.name}_run_regularly"  # Brian2's name for it in a fresh kernel
        group.run_regularly(f"I = {sigma}*randn()", dt=tau * ms**2, name=name)
    net = b2.Network(*objects)
    _run_network(net, spec.duration_ms * ms, {"tau": tau})
    times, indices = [], []
    for key, monitor in monitors.items():
        times.append(_steps(monitor.t, dt))
        indices.append(np.asarray(monitor.i[:], dtype=np.int64) + (spec.Ne if key == "i" else 0))
    steps, index = np.concatenate(times), np.concatenate(indices)
    order = np.lexsort((index, steps))
    params = {
        name: np.concatenate(
            [np.asarray(getattr(g, name)[:], dtype=float) for g in groups.values()]
        )
        for name in "abcd"
    }
    return NetworkResult(
        spike_times_ms=_times_ms(steps[order], spec.dt_ms),
        spike_indices=index[order],
        **params,
        t_ms=_times_ms(np.arange(spec.n_steps), spec.dt_ms),
        v=np.asarray(trace.v[0], dtype=float),
        I=np.asarray(trace.I[0], dtype=float),
    )


def _simulate_brian2_example(b2, spec: NetworkSpec) -> NetworkResult:
    """Brian2's example of 2003 Fig. 3 (examples/frompapers/Izhikevich_2003.py), seeded.

    Its draws (``np.random.uniform``) come after ``brian2.seed(seed)``; objects carry,
    explicitly, the names Brian2 gives them in a fresh process (the names order the two noise
    draws of a step); v, I and I_noise of neuron 0 are recorded
    ``after_thresholds`` (the example's own monitor records v there).
    """
    ms = b2.ms
    b2.prefs.codegen.loop_invariant_optimisations = True
    Ne, Ni, N = spec.Ne, spec.Ni, spec.N
    dt = spec.dt_ms * ms
    b2.seed(spec.seed)
    re = np.random.uniform(size=Ne)
    ri = np.random.uniform(size=Ni)
    weights = np.hstack(
        [
            0.5 * np.random.uniform(size=(Ne + Ni, Ne)),
            -np.random.uniform(size=(Ne + Ni, Ni)),
        ]
    ).T
    if spec.weight_factor != 1.0:
        weights *= spec.weight_factor
    eqs = """dv/dt = (0.04*v**2 + 5*v + 140 - u + I + I_noise )/ms : 1
         du/dt = (a*(b*v - u))/ms  : 1
         I : 1
         I_noise : 1
         a : 1
         b : 1
         c : 1
         d : 1
       """
    group = b2.NeuronGroup(
        N, eqs, threshold="v>=30", reset="v=c; u+=d", method="euler", dt=dt, name="neurongroup"
    )
    group.v = -65
    # N_exc = N[:Ne], N_inh = N[Ne:], named as Brian2 names them in a fresh process
    parts = {}
    if Ne:
        parts["e"] = b2.Subgroup(group, 0, Ne, name="neurongroup_subgroup")
    if Ni:
        parts["i"] = b2.Subgroup(group, Ne, N, name="neurongroup_subgroup" + ("_1" if Ne else ""))
    spikemon = b2.SpikeMonitor(group, name="spikemonitor")
    statemon = b2.StateMonitor(
        group, ["v", "I", "I_noise"], record=0, when="after_thresholds", name="statemonitor"
    )
    if Ne:
        parts["e"].a = 0.02
        parts["e"].b = 0.2
        parts["e"].c = -65 + 15 * re**2
        parts["e"].d = 8 - 6 * re**2
    if Ni:
        parts["i"].a = 0.02 + 0.08 * ri
        parts["i"].b = 0.25 - 0.05 * ri
        parts["i"].c = -65
        parts["i"].d = 2
    for part in parts.values():
        part.u = "b*v"
    syn = b2.Synapses(
        group,
        group,
        "w : 1",
        on_pre={"up": "I += w", "down": "I -= w"},
        delay={"up": 0 * ms, "down": 1 * ms},
        dt=dt,
        name="synapses",
    )
    syn.connect()
    syn.w[:] = weights.flatten()
    regular = []
    for key, part in parts.items():
        sigma = 5 if key == "e" else 2
        name = f"{part.name}_run_regularly"
        regular.append(part.run_regularly(f"I_noise = {sigma}*randn()", dt=1 * ms, name=name))
    net = b2.Network(group, spikemon, statemon, syn, *regular)
    _run_network(net, spec.duration_ms * ms)
    return NetworkResult(
        spike_times_ms=_times_ms(_steps(spikemon.t, dt), spec.dt_ms),
        spike_indices=np.asarray(spikemon.i[:], dtype=np.int64),
        **{name: np.asarray(getattr(group, name)[:], dtype=float) for name in "abcd"},
        t_ms=_times_ms(np.arange(spec.n_steps), spec.dt_ms),
        v=np.asarray(statemon.v[0], dtype=float),
        I=np.asarray(statemon.I[0] + statemon.I_noise[0], dtype=float),
    )
