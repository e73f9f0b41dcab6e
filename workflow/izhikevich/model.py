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
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

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
    group = b2.NeuronGroup(1, "I : 1", name="current_check*")
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
    spikes = b2.SpikeMonitor(group, name="spikes")
    net = b2.Network(group, state, spikes)
    net.run(spec.n_steps * spec.dt_ms * b2.ms, namespace=namespace)
    steps = np.arange(spec.n_steps)
    spike_steps = np.round(np.asarray(spikes.t / group.dt)).astype(np.int64)
    trace_values = np.asarray(getattr(state, trace)[0], dtype=float)
    assert trace_values.shape == steps.shape, "Brian2 ran an unexpected number of steps"
    return NeuronTrace(
        t_ms=steps * spec.dt_ms,
        v=trace_values,
        u=np.asarray(state.u[0], dtype=float),
        I=np.asarray(state.I[0], dtype=float),
        spike_times_ms=spike_steps * spec.dt_ms,
    )


def brian2_version() -> str:
    """Version of the Brian2 that runs the simulations (for NPZ provenance)."""
    from importlib.metadata import version

    return version("brian2")


def is_multiple(duration_ms: float, dt_ms: float) -> bool:
    """True when ``duration_ms`` is a whole number of steps of ``dt_ms`` (to 1e-9)."""
    steps = duration_ms / dt_ms
    return math.isclose(steps, round(steps), rel_tol=0, abs_tol=1e-9)
