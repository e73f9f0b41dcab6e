"""The Izhikevich model: its equations, the specs of a run, and what a run produces.

Equations (Izhikevich 2003, "Simple Model of Spiking Neurons", eqs. 1-3)::

    v' = 0.04 v^2 + 5 v + 140 - u + I
    u' = a (b v - u)
    if v >= 30: v <- c, u <- u + d

Two deviations used by the 2004 paper ("Which Model to Use...", Fig. 1, figure1.m):
panels G and L (class 1 excitability, integrator) use ``0.04 v^2 + 4.1 v + 108``,
panel R (accommodation) uses ``u' = a (b (v + 65))``.

How a run advances in time is its update scheme: ``izhikevich.schemes`` holds every scheme
(single neuron and network) and their Brian2 builders; ``simulate_neuron`` runs a
``NeuronSpec`` with the scheme it names. Every result is in model time (ms of the papers),
whatever the scheme. The network of 2003 Fig. 3 is in ``izhikevich.network``.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .equations import EQUATIONS  # noqa: F401 (kept in one place)

#: Brian2 code generation target of every simulation: its random streams and arithmetic
#: differ between targets, so it is pinned (numpy needs no compiler).
CODEGEN_TARGET = "numpy"
#: Spike cut-off of the published programs (2003 Fig. 2, 2004 Fig. 1): v > 30 mV.
V_PEAK = 30.0


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
        """Samples of the run, as its scheme counts them (``izhikevich.schemes``)."""
        from .schemes import neuron_scheme  # the registry imports this module

        return neuron_scheme(self.scheme).n_steps(self)


@dataclass
class NeuronTrace:
    """What a single-neuron run produces: one sample per step, times in model ms.

    ``t_scheme_ms``: the sample times on the scheme's own clock, kept only by schemes whose
    clock is not model time (the seed notebook's), so figures can be drawn as they drew them.
    """

    t_ms: np.ndarray
    v: np.ndarray
    u: np.ndarray
    I: np.ndarray  # noqa: E741 (the paper's name)
    spike_times_ms: np.ndarray
    t_scheme_ms: np.ndarray | None = None

    def arrays(self) -> dict[str, np.ndarray]:
        """The trace under the NPZ keys of results/neurons/{id}.npz."""
        return {key: value for key, value in vars(self).items() if value is not None}


def simulate_neuron(spec: NeuronSpec) -> NeuronTrace:
    """Run one single neuron with Brian2 under the scheme ``spec.scheme`` names."""
    from .schemes import simulate  # the registry imports this module

    return simulate(spec)


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
    import brian2 as b2
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
    import brian2
    from brian2.utils.stringtools import word_substitute

    units = _time_units(brian2)
    subs = {name: _number(value) for name, value in units.items()}
    subs["t"] = "t_ms"
    return word_substitute(expr, subs)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def c_pow(x, y) -> np.ndarray:
    """``x^y`` as GNU Octave and MATLAB evaluate it for scalars (figure1.m's ``V^2``): C's
    ``pow()`` of the C library, element by element (inf on overflow, as in C). For y = 2 it
    differs from NumPy's ``x**2`` = x*x (and from ``numpy.power``) in the last bit for
    about 1 in 1,200 values of x: glibc's pow() is not always correctly rounded, x*x is.

    Squares of many elements (a population, ``schemes.simulate_population``) take a fast
    exact route, :func:`_square_as_pow`: the same numbers, libm called on few elements."""
    x_arr = np.asarray(x, dtype=np.float64)
    if x_arr.size >= _FAST_MIN_SIZE and np.ndim(y) == 0 and float(y) == 2.0:
        return _square_as_pow(x_arr)
    return _POW(x, y).astype(np.float64)


#: Arrays at least this long take the fast route (below it the libm call per element is
#: as cheap as the fast route's dozen NumPy operations).
_FAST_MIN_SIZE = 64
#: glibc's pow() (sysdeps/ieee754/dbl-64/e_pow.c, ARM's optimized-routines since 2.28):
#: "Worst-case error: 0.54 ULP (~= ulperr_exp + 1024*Ln2*relerr_log*2^53); relerr_log:
#: 1.3 * 2^-68 (1.5 * 2^-68 without fma); ulperr_exp: 0.509 ULP (0.511 without fma)".
#: The log term is |y*log(x)| * relerr_log * 2^53: at most 0.033 ULP for any x with y = 2,
#: and below 0.0013 ULP for |x| < 2^20 (|2 log x| < 28), so pow(x, 2) is within
#: 0.511 + 0.0013 < 0.52 ULP of x^2 there (every membrane potential), 0.54 elsewhere.
POW_MAX_ULP = 0.54
POW_MAX_ULP_SMALL = 0.52
_SMALL = 2.0**20
#: Squares whose rounding error is at most this fraction of the gap to the neighbour on its
#: side keep x*x: 0.01 ULP of margin below 1 - the bound.
_SAFE_FRACTION = 1.0 - POW_MAX_ULP - 0.01
_SAFE_FRACTION_SMALL = 1.0 - POW_MAX_ULP_SMALL - 0.01
#: |x| in this range: x*x and Dekker's error term are normal numbers, nothing overflows.
_SAFE_ABS = (2.0**-480, 2.0**500)
_SPLIT = 2.0**27 + 1.0  # Veltkamp's splitter for doubles (53 = 26 + 27 bits)


def _square_as_pow(x: np.ndarray) -> np.ndarray:
    """pow(x, 2) of C's libm for every element, exactly, with libm called on few elements.

    p = x*x is x^2 correctly rounded. Dekker's product (Veltkamp split, no FMA) gives the
    exact rounding error e = x^2 - p in plain double arithmetic. pow()'s result r is within
    B ULP of x^2 (glibc's documented bound, ``POW_MAX_ULP``: B = 0.52 for |x| < 2^20, 0.54
    beyond), so r is p or the neighbour n of p on the side of e, which lies g - |e| from
    x^2 (g = |n - p|, the ULP of x^2). When |e| <= (1 - B - 0.01) g, n is more than B ULP
    away, so r = p. Only the other elements (squares within 0.03 ULP of a midpoint, about
    1 in 16) and the elements outside the safe range (zero, subnormal, huge, inf, NaN) go
    to libm.
    """
    p = x * x
    ax = np.abs(x)
    safe = (ax >= _SAFE_ABS[0]) & (ax <= _SAFE_ABS[1])
    xs = np.where(safe, x, 1.0)
    c = _SPLIT * xs
    hi = c - (c - xs)
    lo = xs - hi
    ps = np.where(safe, p, 1.0)
    err = ((hi * hi - ps) + 2.0 * hi * lo) + lo * lo  # exact: x^2 - p
    gap = np.where(err >= 0, np.spacing(ps), ps - np.nextafter(ps, 0.0))
    fraction = np.where(ax < _SMALL, _SAFE_FRACTION_SMALL, _SAFE_FRACTION)
    ok = safe & (np.abs(err) <= fraction * gap)
    out = np.array(p, dtype=np.float64, copy=True)
    slow = ~ok
    if slow.any():
        out[slow] = _POW(x[slow], 2.0).astype(np.float64)
    return out


def _libm_pow():
    import ctypes
    import ctypes.util

    libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
    libm.pow.restype = ctypes.c_double
    libm.pow.argtypes = [ctypes.c_double, ctypes.c_double]
    return libm.pow


_POW = np.frompyfunc(_libm_pow(), 2, 1)


def c_pow_function(b2):
    """:func:`c_pow` as a Brian2 ``Function`` (numpy target: plain arrays in and out)."""
    function = b2.Function(
        c_pow, arg_units=[1, 1], return_unit=1, arg_types=["float", "float"], return_type="float"
    )
    function.implementations.add_numpy_implementation(c_pow, discard_units=True)
    return function


def brian2_version() -> str:
    """Version of the Brian2 that runs the simulations (for NPZ provenance)."""
    from importlib.metadata import version

    return version("brian2")


def is_multiple(duration_ms: float, dt_ms: float) -> bool:
    """True when ``duration_ms`` is a whole number of steps of ``dt_ms`` (to 1e-9)."""
    steps = duration_ms / dt_ms
    return math.isclose(steps, round(steps), rel_tol=0, abs_tol=1e-9)
