"""A reference solution of the continuous-time model: RK4, input breakpoints, spike times
located within the step.

The published programs (Izhikevich 2003 Fig. 2, 2004 Fig. 1, figure1.m) advance v and u by
a forward step of tau = 0.1-0.5 ms and cut a spike at the end of the step in which v passed
30. To tell a behaviour of the differential equations from one of that step (issue 14), this
module solves the same equations (``izhikevich.model.EQUATIONS``)

    v' = f(v, u, I(t)),  u' = g(v, u);  when v reaches 30: v <- c, u <- u + d

with the classical fourth-order Runge-Kutta method at a small fixed step h, and

* the row's input as a function of continuous time: the times where it is not smooth (the
  zeros of every comparison in the expression, e.g. ``t > 10*ms``, ``abs(t - 10*ms) < 1*ms``,
  and of every ``abs`` argument) are found first, and the integration steps onto each of
  them, so a jump or kink of I never falls inside a step (it would cut RK4 to first order);
  within a piece the comparisons are fixed to their value inside it;
* the threshold crossing v = 30 located within the step: the cubic Hermite interpolant of
  the step (v and v' at both ends) gives a first estimate, which Newton's method refines on
  RK4 steps from the step's start; the reset (v = c, u = u + d) is applied at that time and
  the integration continues from there;
* the state sampled on the grid t = 0, h, ..., T (the published runs' T included), I sampled
  as the published runs sample it (its value at the sample time, millisecond numbers).

Why not Brian2: Brian2 checks thresholds at the end of a step and has no event location or
stepping onto breakpoints; the reference needs both, so it is plain Python (``math`` on
floats, one step at a time), registered as the ``reference`` scheme in
``izhikevich.schemes`` like every other scheme. The input expression is interpreted by a
small evaluator of the syntax tree that accepts numbers, ``t``, arithmetic, comparisons,
``and``/``or``/``not``, ``int`` of a condition and the smooth functions below: table text is
never passed to ``eval``.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .model import EQUATIONS, V_PEAK, NeuronSpec, NeuronTrace, current_in_ms

Function = Callable[[float], float]

#: Newton refinements of a crossing time (each one RK4 step); converges in 2-3.
NEWTON_ITERATIONS = 8
#: A run stops at this many spikes (the published panels fire at most a few hundred; a
#: run past it is a runaway whose spike count the step decides: 2004 Fig. 1 T).
MAX_SPIKES = 10_000
#: A step that leaves the floating-point range (only for steps far too large for the
#: v^2 singularity above threshold) is split in halves at most this many times.
MAX_SPLITS = 40


class ReferenceInputError(ValueError):
    """An input expression the reference cannot integrate soundly (names the reason)."""


# --------------------------------------------------------------------------- expressions

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_COMPARE = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
#: Smooth functions of Brian2's defaults (NumPy versions work on floats and arrays).
_SMOOTH = {
    "exp": np.exp,
    "log": np.log,
    "log10": np.log10,
    "sqrt": np.sqrt,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "tanh": np.tanh,
    "arcsin": np.arcsin,
    "arccos": np.arccos,
    "arctan": np.arctan,
}
_CONSTANTS = {"pi": math.pi, "e": math.e, "True": 1.0, "False": 0.0}
_CONDITIONS = (ast.Compare, ast.BoolOp)


def _is_condition(node: ast.AST) -> bool:
    return isinstance(node, _CONDITIONS) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
    )


@dataclass
class Expression:
    """A parsed expression of named variables (arrays or floats), evaluated without eval.

    ``comparisons``: every comparison node (in a chain ``a < t < b``, each pair), whose
    zeros are where the value may jump; ``kinks``: arguments of ``abs``, where it may bend.
    """

    text: str
    tree: ast.Expression

    @classmethod
    def parse(cls, text: str, names: Sequence[str]) -> Expression:
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as err:
            raise ReferenceInputError(f"cannot parse {text!r}: {err.msg}") from None
        for node in ast.walk(tree):
            _check_node(node, set(names), text)
        return cls(text, tree)

    def evaluate(self, env: Mapping[str, object], truth: Mapping[int, bool] | None = None):
        """The value for the variables ``env`` (floats or arrays); with ``truth`` (id of a
        comparison node -> value) the comparisons are fixed instead of computed."""
        return _eval(self.tree.body, env, truth)

    def comparisons(self) -> list[tuple[ast.AST, ast.AST]]:
        """(left, right) of every comparison, as nodes: the value may jump where they meet."""
        pairs = []
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                pairs += list(zip(operands[:-1], operands[1:], strict=True))
        return pairs

    def kinks(self) -> list[ast.AST]:
        """Arguments of ``abs``: the value may bend where they are 0."""
        return [
            node.args[0]
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "abs"
        ]

    def compare_nodes(self) -> list[ast.Compare]:
        return [node for node in ast.walk(self.tree) if isinstance(node, ast.Compare)]

    def specialise(self, fixed: Mapping[str, float], truth: Mapping[int, bool]) -> Function:
        """A fast function of the one free variable (the one not in ``fixed``), with the
        comparisons fixed by ``truth`` and every part that does not depend on it folded."""
        return _as_function(_fold(self.tree.body, fixed, truth))


def _check_node(node: ast.AST, names: set[str], text: str) -> None:
    allowed = (
        ast.Expression,
        ast.BinOp,
        ast.UnaryOp,
        ast.BoolOp,
        ast.Compare,
        ast.Call,
        ast.Name,
        ast.Constant,
        ast.Load,
        ast.operator,
        ast.unaryop,
        ast.boolop,
        ast.cmpop,
    )
    if not isinstance(node, allowed):
        raise ReferenceInputError(f"{type(node).__name__} is not supported in {text!r}")
    if isinstance(node, ast.BinOp) and type(node.op) not in _BINARY:
        raise ReferenceInputError(f"operator {type(node.op).__name__} is not supported")
    if isinstance(node, ast.Compare) and any(type(op) not in _COMPARE for op in node.ops):
        raise ReferenceInputError(f"comparison in {text!r} is not supported")
    if isinstance(node, ast.Name) and node.id not in names and node.id not in _CONSTANTS:
        if node.id not in _SMOOTH and node.id not in ("int", "abs"):
            raise ReferenceInputError(f"unknown name {node.id!r} in {text!r}")
    if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
        raise ReferenceInputError(f"constant {node.value!r} is not a number")
    if isinstance(node, ast.Call):
        name = getattr(node.func, "id", None)
        if name not in _SMOOTH and name not in ("int", "abs") or len(node.args) != 1:
            raise ReferenceInputError(
                f"function {ast.unparse(node.func)!r} in {text!r}: the reference integrates "
                f"inputs built from {sorted(_SMOOTH)}, abs and int(condition) "
                "(other functions may jump where it cannot find the jumps)"
            )
        if node.keywords:
            raise ReferenceInputError(f"keyword arguments in {text!r}")
        if name == "int" and not _is_condition(node.args[0]):
            raise ReferenceInputError(
                f"int() of a number in {text!r} jumps at places the reference cannot find; "
                "use int(condition)"
            )


def _eval(node: ast.AST, env: Mapping[str, object], truth: Mapping[int, bool] | None):
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id] if node.id in env else _CONSTANTS[node.id]
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_eval(node.left, env, truth), _eval(node.right, env, truth))
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, env, truth)
        if isinstance(node.op, ast.Not):
            return np.logical_not(value)
        return -value if isinstance(node.op, ast.USub) else +value
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, env, truth) for v in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        out = values[0]
        for value in values[1:]:
            out = combine(out, value)
        return out
    if isinstance(node, ast.Compare):
        if truth is not None and id(node) in truth:
            return truth[id(node)]
        operands = [_eval(v, env, truth) for v in (node.left, *node.comparators)]
        out = True
        for op, left, right in zip(node.ops, operands[:-1], operands[1:], strict=True):
            out = np.logical_and(out, _COMPARE[type(op)](left, right))
        return out
    if isinstance(node, ast.Call):
        name = node.func.id  # type: ignore[attr-defined]
        value = _eval(node.args[0], env, truth)
        if name == "int":
            return np.asarray(value, dtype=float) if np.ndim(value) else float(bool(value))
        if name == "abs":
            return np.abs(value)
        return _SMOOTH[name](value)
    raise ReferenceInputError(f"cannot evaluate {ast.dump(node)}")  # pragma: no cover


def _depends(node: ast.AST, fixed: Mapping[str, float], truth: Mapping[int, bool]) -> bool:
    """Does ``node`` depend on a variable not in ``fixed`` (comparisons in ``truth`` fixed)?"""
    if isinstance(node, ast.Compare) and id(node) in truth:
        return False
    if isinstance(node, ast.Name):
        return node.id not in fixed and node.id not in _CONSTANTS
    if isinstance(node, ast.Call):
        return _depends(node.args[0], fixed, truth)
    return any(_depends(child, fixed, truth) for child in ast.iter_child_nodes(node))


def _fold(node: ast.AST, fixed: Mapping[str, float], truth: Mapping[int, bool]):
    """The node as a float (when it does not depend on the free variable) or a function."""
    if not _depends(node, fixed, truth):
        return float(_eval(node, fixed, truth))
    if isinstance(node, ast.Name):
        return lambda x: x
    if isinstance(node, ast.BinOp):
        op = _BINARY[type(node.op)]
        left, right = _fold(node.left, fixed, truth), _fold(node.right, fixed, truth)
        if isinstance(left, float):
            return lambda x: op(left, right(x))
        if isinstance(right, float):
            if isinstance(node.op, ast.Pow) and right == 2.0:
                return lambda x: left(x) * left(x)
            return lambda x: op(left(x), right)
        return lambda x: op(left(x), right(x))
    if isinstance(node, ast.UnaryOp) and not isinstance(node.op, ast.Not):
        inner = _fold(node.operand, fixed, truth)
        return (lambda x: -inner(x)) if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Call) and node.func.id != "int":  # type: ignore[attr-defined]
        inner = _fold(node.args[0], fixed, truth)
        name = node.func.id  # type: ignore[attr-defined]
        function = abs if name == "abs" else getattr(math, name.replace("arc", "a"))
        return lambda x: function(inner(x))
    # a condition of the free variable: evaluated as it stands (no breakpoint is fixed)
    return lambda x: float(_eval(node, {**fixed, _free(node, fixed): x}, truth))


def _free(node: ast.AST, fixed: Mapping[str, float]) -> str:
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    return next(iter(names - set(fixed) - set(_CONSTANTS) - set(_SMOOTH) - {"int", "abs"}))


def _as_function(value) -> Function:
    if isinstance(value, float):
        return lambda x: value
    return value


# --------------------------------------------------------------------------- the input


@dataclass
class Input:
    """The row's input I(t), t in ms (the paper's numbers), and where it is not smooth."""

    expression: Expression

    @classmethod
    def from_current(cls, current: str) -> Input:
        """A row's ``current`` (a Brian2 expression of t with units), read as the published
        programs read it (``izhikevich.model.current_in_ms``: t and units in ms)."""
        return cls(Expression.parse(current_in_ms(current), ["t_ms"]))

    def breakpoints(self, duration_ms: float, resolution_ms: float) -> np.ndarray:
        """Sorted times in (0, T) where I may jump or bend: zeros of every comparison's two
        sides and of every ``abs`` argument, found by a scan at ``resolution_ms`` and
        bisection to the last bit (a zero pair closer than the scan is missed)."""
        cells = max(2, math.ceil(duration_ms / resolution_ms))
        grid = np.linspace(0.0, duration_ms, cells + 1)
        found: list[float] = []
        for left, right in self.expression.comparisons():
            found += _zeros(lambda t, lhs=left, rhs=right: _value(lhs, t) - _value(rhs, t), grid)
        for argument in self.expression.kinks():
            found += _zeros(lambda t, a=argument: _value(a, t), grid)
        return np.array(sorted({t for t in found if 0.0 < t < duration_ms}), dtype=float)

    def at(self, t_ms: np.ndarray) -> np.ndarray:
        """I at the times given, as the expression says (boundaries included)."""
        t_ms = np.asarray(t_ms, dtype=float)
        return _value(self.expression.tree.body, t_ms)

    def piece(self, start: float, stop: float) -> Function:
        """I on the open interval (start, stop), where it is smooth: every comparison fixed
        to its value inside it."""
        middle = {"t_ms": 0.5 * (start + stop)}
        truth = {
            id(node): bool(_eval(node, middle, None)) for node in self.expression.compare_nodes()
        }
        return self.expression.specialise({}, truth)


def _value(node: ast.AST, t: np.ndarray) -> np.ndarray:
    """A node's value at the times ``t`` (an array of the same shape)."""
    return np.asarray(_eval(node, {"t_ms": t}, None), dtype=float) * np.ones_like(t)


def _zeros(g: Callable[[np.ndarray], np.ndarray], grid: np.ndarray) -> list[float]:
    """Zeros of g on the grid's span: exact zeros at grid points and sign changes between
    neighbours, each refined by bisection until the bracket cannot shrink."""
    values = g(grid)
    out = [float(t) for t, value in zip(grid, values, strict=True) if value == 0]
    signs = np.sign(values)
    for k in np.flatnonzero(signs[:-1] * signs[1:] < 0):
        lo, hi = float(grid[k]), float(grid[k + 1])
        s_lo = signs[k]
        while True:
            mid = 0.5 * (lo + hi)
            if mid <= lo or mid >= hi:
                break
            value = float(g(np.array([mid]))[0])
            if value == 0:
                lo = hi = mid
                break
            if np.sign(value) == s_lo:
                lo = mid
            else:
                hi = mid
        out.append(hi)
    return out


# --------------------------------------------------------------------------- the model


@dataclass
class Model:
    """The right-hand side (v', u') of one equation variant with fixed a, b (fast floats)."""

    dv: Callable[[float, float, float], float]
    du: Callable[[float, float], float]

    @classmethod
    def of(cls, spec: NeuronSpec) -> Model:
        v_rhs, u_rhs = EQUATIONS[spec.equation]
        v_expr = Expression.parse(v_rhs, ["v", "u", "I", "a", "b"])
        u_expr = Expression.parse(u_rhs, ["v", "u", "a", "b"])
        params = {"a": spec.a, "b": spec.b}
        # v' = p(v) - u + I and u' = q(v) - a*u: read the linear coefficients off the
        # equations (every variant of model.EQUATIONS has this form), so the inner loop
        # calls two folded one-variable functions
        p = v_expr.specialise({**params, "u": 0.0, "I": 0.0}, {})
        q = u_expr.specialise({**params, "u": 0.0}, {})
        coef_u = _linear_coefficient(v_expr, "u", {**params, "v": -60.0, "I": 0.0})
        coef_i = _linear_coefficient(v_expr, "I", {**params, "v": -60.0, "u": 0.0})
        coef_uu = _linear_coefficient(u_expr, "u", {**params, "v": -60.0})
        if (coef_u, coef_i) != (-1.0, 1.0):
            raise ValueError(f"{spec.equation}: v' must be p(v) - u + I, got {v_rhs!r}")

        def dv(v: float, u: float, current: float) -> float:
            return p(v) - u + current

        def du(v: float, u: float) -> float:
            return q(v) + coef_uu * u

        return cls(dv, du)


def _linear_coefficient(expression: Expression, name: str, at: Mapping[str, float]) -> float:
    """d expression / d name, for an expression linear in ``name`` (exact for 0, 1)."""
    zero = float(expression.evaluate({**at, name: 0.0}))
    one = float(expression.evaluate({**at, name: 1.0}))
    two = float(expression.evaluate({**at, name: 2.0}))
    if not math.isclose(two - one, one - zero, rel_tol=1e-12, abs_tol=1e-12):
        raise ValueError(f"{expression.text!r} is not linear in {name}")
    return one - zero


# --------------------------------------------------------------------------- integration


@dataclass
class Solution:
    """Samples on the grid t = 0, h, ..., T and the spike times (located within steps)."""

    t_ms: np.ndarray
    v: np.ndarray
    u: np.ndarray
    spike_times_ms: np.ndarray
    #: Time the run stopped at MAX_SPIKES spikes (samples from it on are NaN); NaN if it ran
    #: to the end.
    stopped_ms: float = math.nan


def _rk4(model: Model, current: Function, t: float, v: float, u: float, h: float):
    """One classical Runge-Kutta step of size h; returns (v, u) at t + h."""
    i0, i1, i2 = current(t), current(t + 0.5 * h), current(t + h)
    dv, du = model.dv, model.du
    k1v, k1u = dv(v, u, i0), du(v, u)
    v2, u2 = v + 0.5 * h * k1v, u + 0.5 * h * k1u
    k2v, k2u = dv(v2, u2, i1), du(v2, u2)
    v3, u3 = v + 0.5 * h * k2v, u + 0.5 * h * k2u
    k3v, k3u = dv(v3, u3, i1), du(v3, u3)
    v4, u4 = v + h * k3v, u + h * k3u
    k4v, k4u = dv(v4, u4, i2), du(v4, u4)
    return (
        v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v),
        u + h / 6.0 * (k1u + 2.0 * k2u + 2.0 * k3u + k4u),
    )


def hermite_crossing(
    v0: float, v1: float, f0: float, f1: float, h: float, level: float = V_PEAK
) -> float | None:
    """The first time s in (0, h] where the cubic Hermite interpolant through (0, v0, f0)
    and (h, v1, f1) reaches ``level`` from below (v0 < level), or None if it does not."""

    def value(s: float) -> float:
        x = s / h
        h00, h10 = (1 + 2 * x) * (1 - x) ** 2, x * (1 - x) ** 2
        h01, h11 = x * x * (3 - 2 * x), x * x * (x - 1)
        return h00 * v0 + h10 * h * f0 + h01 * v1 + h11 * h * f1

    if v1 >= level:
        hi = h
    else:
        # the cubic may rise above the level and fall back within the step: its maxima
        # are zeros of the derivative, a quadratic in x
        c2 = 6 * v0 + 3 * h * f0 - 6 * v1 + 3 * h * f1
        c1 = -6 * v0 - 4 * h * f0 + 6 * v1 - 2 * h * f1
        c0 = h * f0
        roots = np.roots([c2, c1, c0]) if c2 or c1 else np.array([])
        peaks = [float(r.real) * h for r in roots if abs(r.imag) < 1e-12 and 0 < r.real < 1]
        above = [s for s in sorted(peaks) if value(s) >= level]
        if not above:
            return None
        hi = above[0]
    lo = 0.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        if value(mid) >= level:
            hi = mid
        else:
            lo = mid
    return hi


def integrate(spec: NeuronSpec, h: float | None = None) -> Solution:
    """The reference solution of ``spec`` (equations, a, b, c, d, v0, u0, input, T) at the
    fixed RK4 step ``h`` (default ``spec.dt_ms``); see the module docstring."""
    h = spec.dt_ms if h is None else h
    if spec.c >= V_PEAK:
        raise ValueError(f"c = {spec.c:g} >= {V_PEAK:g}: the reset would fire again at once")
    model = Model.of(spec)
    n = round(spec.duration_ms / h)
    grid = np.arange(n + 1) * h
    source = Input.from_current(spec.current)
    # the input's breakpoints, then the last sample (T, to rounding): the integration stops
    # on each of them
    end = float(grid[-1])
    stops = [*source.breakpoints(end, min(h, 0.01)), end]
    piece = 0
    current = source.piece(0.0, stops[0])
    v_out = np.full(n + 1, np.nan)
    u_out = np.full(n + 1, np.nan)
    spikes: list[float] = []
    v, u, t = spec.v0, spec.u_init, 0.0
    v_out[0], u_out[0] = v, u
    for k in range(1, n + 1):
        target = float(grid[k])
        while t < target:
            stop = min(target, stops[piece])
            v1, u1, dt = _safe_step(model, current, t, v, u, stop - t)
            if not (math.isfinite(v1) and math.isfinite(u1)):
                return _failed(grid, v_out, u_out, spikes, k, v1, u1)
            f0 = model.dv(v, u, current(t))
            f1 = model.dv(v1, u1, current(t + dt))
            crossing = hermite_crossing(v, v1, f0, f1, dt)
            if crossing is not None:
                s = _refine(model, current, t, v, u, crossing, dt)
                _, u_s = _rk4(model, current, t, v, u, s)
                t, v, u = t + s, spec.c, u_s + spec.d
                spikes.append(t)
                if len(spikes) >= MAX_SPIKES:
                    return Solution(grid, v_out, u_out, np.array(spikes), stopped_ms=t)
                continue
            t, v, u = (stop if dt == stop - t else t + dt), v1, u1
            if t == stops[piece] and piece < len(stops) - 1:
                piece += 1  # on a breakpoint: the next smooth piece of the input
                current = source.piece(t, stops[piece])
        v_out[k], u_out[k] = v, u
    return Solution(grid, v_out, u_out, np.array(spikes, dtype=float))


def _safe_step(model: Model, current: Function, t: float, v: float, u: float, dt: float):
    """An RK4 step towards t + dt; if it leaves the floating-point range (a step too large
    for the v^2 singularity), a shorter one: (v, u, the step taken)."""
    for _ in range(MAX_SPLITS):
        v1, u1 = _rk4(model, current, t, v, u, dt)
        if math.isfinite(v1) and math.isfinite(u1):
            return v1, u1, dt
        dt *= 0.5
    return v1, u1, dt


def _refine(
    model: Model, current: Function, t: float, v: float, u: float, s: float, h: float
) -> float:
    """Newton's method on v(t + s) = 30, v(t + s) by one RK4 step from t, s kept in (0, h]."""
    for _ in range(NEWTON_ITERATIONS):
        v_s, u_s = _rk4(model, current, t, v, u, s)
        slope = model.dv(v_s, u_s, current(t + s))
        if not (math.isfinite(v_s) and slope > 0):
            break
        new = min(h, max(s - (v_s - V_PEAK) / slope, 0.5 * s))
        if abs(new - s) <= 4 * math.ulp(t + s):
            return new
        s = new
    return s


def _failed(grid, v_out, u_out, spikes, k, v1, u1) -> Solution:
    """The solution up to step k, then the non-finite values (reported by check_finite)."""
    v_out[k], u_out[k] = v1, u1
    return Solution(grid, v_out, u_out, np.array(spikes, dtype=float))


def simulate_reference(spec: NeuronSpec) -> NeuronTrace:
    """The ``reference`` scheme's run of a spec (step ``spec.dt_ms``), as a NeuronTrace:
    t = 0, h, ..., T; v, u the continuous state at those times (after a reset that came
    before); I as the published programs sample it; spike times located within steps."""
    from .guards import check_finite, quiet_floating_point

    with quiet_floating_point():
        solution = integrate(spec)
        current = Input.from_current(spec.current).at(solution.t_ms)
    trace = ReferenceTrace(
        t_ms=solution.t_ms,
        v=solution.v,
        u=solution.u,
        I=current,
        spike_times_ms=solution.spike_times_ms,
        stopped_ms=solution.stopped_ms,
    )
    ran = slice(None) if math.isnan(solution.stopped_ms) else solution.t_ms < solution.stopped_ms
    check_finite(
        {
            name: (trace.t_ms[ran], values[ran])
            for name, values in (("I", trace.I), ("v", trace.v), ("u", trace.u))
        }
    )
    return trace


@dataclass
class ReferenceTrace(NeuronTrace):
    """A reference run: a NeuronTrace, plus the time it stopped at ``MAX_SPIKES`` spikes
    (NaN: it ran to T), kept in its NPZ as ``stopped_ms``."""

    stopped_ms: float = math.nan
