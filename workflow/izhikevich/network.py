"""The network of Izhikevich 2003, Fig. 3 (net.m): its parameters and one Brian2 builder.

Ne excitatory and Ni inhibitory neurons, all to all (self-connections included), thalamic
noise, v0 = -65 mV. ``network_parameters`` draws net.m's heterogeneous neurons and weights
from a scheme's random numbers; ``build_network`` makes the Brian2 objects of any network
scheme from ``EQUATIONS`` and those parameters. How the schemes differ (step, synaptic
input, random source, recording) is declared in ``izhikevich.schemes``; ``simulate_network``
runs a ``NetworkSpec`` with the scheme its row names.

Steps: every scheme runs at its own step (``NetworkScheme.dt_ms``); a scheme that declares
``refinable`` (net.m's) also runs at any step h with 1 ms a whole number of steps
(``NetworkSpec.step_ms``, the step-size study of ``izhikevich.numerics_network``), see
``build_network`` for exactly what happens within net.m's millisecond.

Random numbers: the same row gives the same network, noise and spikes on every run; another
seed gives another network and noise. Each scheme draws its parameters and weights its own
way (``Draws``), the noise from Brian2's ``randn`` after ``brian2.seed(seed)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .guards import check_finite, network_cost, quiet_floating_point
from .model import EQUATIONS, V_PEAK, is_multiple

if TYPE_CHECKING:
    from .guards import Cost
    from .schemes import NetworkScheme

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
    #: The integration step h (ms); None: the scheme's own (net.m's 1 ms). Only a
    #: ``refinable`` scheme accepts another (``NetworkScheme.step_problem``).
    step_ms: float | None = None

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
        """The integration step (ms): ``step_ms``, else the scheme's own."""
        return self.scheme_entry.dt_ms if self.step_ms is None else float(self.step_ms)

    @property
    def n_steps(self) -> int:
        """Steps of the run: T/dt (net.m: t = 1..T)."""
        return round(self.duration_ms / self.dt_ms)

    @property
    def weight_factor(self) -> float:
        """Factor on net.m's weights: 1, or 1000/N with ``weight_scaling = 1000/N``."""
        return 1000.0 / self.N if self.weight_scaling == "1000/N" else 1.0

    @property
    def scheme_entry(self) -> NetworkScheme:
        """The registry entry of ``scheme`` (``izhikevich.schemes``)."""
        from .schemes import network_scheme  # the registry imports this module

        return network_scheme(self.scheme)

    @property
    def resources(self) -> Cost:
        """What the run costs, from its scheme's resource model (``guards.network_cost``)."""
        return network_cost(self)

    @property
    def memory_mb(self) -> int:
        """Peak memory of a run (MB), for job resources: its estimate, rounded up."""
        return math.ceil(self.resources.memory_mb)

    @property
    def runtime_min(self) -> int:
        """Generous wall time of a run (minutes), for cluster profiles: 5 minutes plus twice
        the estimate of its scheme's resource model."""
        return 5 + math.ceil(2 * self.resources.runtime_min)

    def check(self) -> None:
        """Raise ValueError for a spec that cannot run (tables.load_network names the cell)."""
        self.scheme_entry  # noqa: B018 (raises for an unknown scheme)
        if self.weight_scaling not in WEIGHT_SCALINGS:
            raise ValueError(f"unknown weight_scaling {self.weight_scaling!r}")
        if self.step_ms is not None:
            problem = self.scheme_entry.step_problem(float(self.step_ms))
            if problem:
                raise ValueError(problem)
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


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Draws:
    """The uniform numbers a scheme draws for net.m's parameters, in [0, 1).

    ``c``, ``d``: one per excitatory neuron; ``a``, ``b``: one per inhibitory neuron (net.m
    uses one r per neuron for both, the seed notebook two); ``weights[pre, post]``: one per
    synapse (its dtype is the dtype of the weights).
    """

    c: np.ndarray
    d: np.ndarray
    a: np.ndarray
    b: np.ndarray
    weights: np.ndarray


def network_parameters(spec: NetworkSpec, draws: Draws) -> dict[str, np.ndarray]:
    """net.m's heterogeneous network (Izhikevich 2003, Fig. 3) from uniform draws r.

    Excitatory: a = 0.02, b = 0.2, c = -65 + 15 r^2, d = 8 - 6 r^2; inhibitory:
    a = 0.02 + 0.08 r, b = 0.25 - 0.05 r, c = -65, d = 2; weights ``W[pre, post]``:
    0.5 r from an excitatory, -r from an inhibitory neuron, times ``spec.weight_factor``
    (in the draws' dtype). ``sigma``: the thalamic noise of each neuron (5 or 2); ``v0``, ``u0``:
    v = -65, u = b v.

    The weights are scaled in place: ``draws.weights`` becomes the returned weights (a copy
    would double the peak memory of a run, 4 bytes per synapse more for net.m's float32
    weights: 400 MB at 10,000 neurons; ``izhikevich.guards`` budgets one matrix).
    """
    Ne, Ni = spec.Ne, spec.Ni
    weights = draws.weights
    scale = weights.dtype.type
    weights[:Ne] *= scale(0.5 * spec.weight_factor)
    weights[Ne:] *= scale(-spec.weight_factor)
    b = np.concatenate([np.full(Ne, 0.2), 0.25 - 0.05 * draws.b])
    return {
        "a": np.concatenate([np.full(Ne, 0.02), 0.02 + 0.08 * draws.a]),
        "b": b,
        "c": np.concatenate([-65 + 15 * draws.c**2, np.full(Ni, -65.0)]),
        "d": np.concatenate([8 - 6 * draws.d**2, np.full(Ni, 2.0)]),
        "sigma": np.concatenate(
            [np.full(Ne, THALAMIC_SIGMA["excitatory"]), np.full(Ni, THALAMIC_SIGMA["inhibitory"])]
        ),
        "v0": np.full(spec.N, NETWORK_V0),
        "u0": b * NETWORK_V0,
        "weights": weights,
    }


def net_m_draws(spec: NetworkSpec) -> Draws:
    """net.m's draws from ``numpy.random.default_rng(seed)``: r_e, r_i, then the weights as
    float32 uniforms [pre, post] (a 2^-24 grid instead of MATLAB's 2^-53; ``synaptic_input``
    sums them in double, as net.m does)."""
    rng = np.random.default_rng(spec.seed)
    re, ri = rng.random(spec.Ne), rng.random(spec.Ni)
    weights = np.empty((spec.N, spec.N), dtype=np.float32)
    rng.random(out=weights, dtype=np.float32)
    return Draws(c=re, d=re, a=ri, b=ri, weights=weights)


def net_m_parameters(spec: NetworkSpec) -> dict[str, np.ndarray]:
    """The parameters of the ``izhikevich`` scheme's network (net.m's draws)."""
    return network_parameters(spec, net_m_draws(spec))


def notebook_draws(spec: NetworkSpec) -> Draws:
    """The seed notebook's draws, in its order, from Brian2's ``rand()`` (the numpy target's
    ``numpy.random.rand``, seeded by ``brian2.seed(seed)`` in ``build_network``): c and d of each
    excitatory neuron from two numbers, a and b of each inhibitory neuron from two, then the
    weights of its four ``Synapses`` (E->E, E->I, I->E, I->I), each in synapse order."""
    Ne, Ni = spec.Ne, spec.Ni
    c, d, a, b = (np.random.rand(n) for n in (Ne, Ne, Ni, Ni))
    weights = np.empty((spec.N, spec.N))
    for pre in (slice(0, Ne), slice(Ne, None)):
        for post in (slice(0, Ne), slice(Ne, None)):
            block = weights[pre, post]
            block[...] = np.random.rand(block.size).reshape(block.shape)
    return Draws(c=c, d=d, a=a, b=b, weights=weights)


def brian2_example_draws(spec: NetworkSpec) -> Draws:
    """Brian2's example's draws (``numpy.random.uniform`` after ``brian2.seed(seed)``): r_e,
    r_i, then the weights onto every neuron from the excitatory, then the inhibitory ones."""
    re = np.random.uniform(size=spec.Ne)
    ri = np.random.uniform(size=spec.Ni)
    from_e = np.random.uniform(size=(spec.N, spec.Ne))
    from_i = np.random.uniform(size=(spec.N, spec.Ni))
    return Draws(c=re, d=re, a=ri, b=ri, weights=np.hstack([from_e, from_i]).T)


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


# --------------------------------------------------------------------------- builder


@dataclass
class NetworkBuild:
    """A network ready to run: Brian2 objects, their namespace, and what to read after."""

    objects: list
    namespace: dict
    collect: Callable[[], NetworkResult]


def build_network(b2, spec: NetworkSpec, scheme: NetworkScheme) -> NetworkBuild:
    """The Brian2 objects of ``spec`` under ``scheme``: one NeuronGroup of all N neurons
    (excitatory first) made from ``EQUATIONS["standard"]``, net.m's parameters
    (``network_parameters``), thalamic noise per population, the all-to-all synaptic input
    the scheme declares, and monitors of the spikes and of neuron 0.

    net.m's step (``scheme.step == "net_m"``) at a step h = ``spec.dt_ms`` with 1 ms a whole
    number k = 1/h of steps (h = 1: net.m itself, bit for bit). What net.m defines per
    millisecond stays per millisecond: the thalamic input I_noise = 5 N(0,1) or 2 N(0,1) is
    drawn at each whole ms (the same numbers at every h: one draw per neuron and ms from
    Brian2's stream) and held for the k steps of that ms. Each step of h ms is net.m's step
    with its lengths scaled by h:

    1. the neurons with v >= 30 at the start of the step fire at the step's time (spike
       times on the grid of h; net.m's t = 1..T is the first step of each ms), and are reset
       there: v = c, u = u + d;
    2. I = I_noise + (sum of the weights from the neurons fired in 1.) / h for this step
       only: the same charge (current x time) w as net.m's 1 ms step delivers, given within
       the step that follows the threshold crossing (as net.m does at h = 1), so that at
       small h a spike makes its targets' v jump by w;
    3. two half steps v = v + (h/2) f(v, u, I) with the same I and the old u (net.m's two
       0.5 ms half steps of v, scaled: 2k half steps per ms), then u = u + h a (b v - u)
       with the new v.

    At h = 1 every factor is exactly 1 or 0.5, so the arithmetic is net.m's, bit for bit.
    """
    ms = b2.ms
    v_rhs, u_rhs = EQUATIONS["standard"]
    b2.seed(spec.seed)  # the noise, and the draws of the schemes that use Brian2's stream
    params = network_parameters(spec, scheme.draws(spec))
    dt = spec.dt_ms * ms
    net_m = scheme.step == "net_m"
    # net.m keeps its noise in I_noise (held for the ms) and the total input in I
    noisy = "I_noise" if scheme.separate_noise or net_m else "I"
    variables = ["I", "I_noise"] if scheme.separate_noise else ["I"]
    held = ["I", "I_noise"] if noisy == "I_noise" else ["I"]
    declared = "".join(f"{name} : 1\n" for name in [*held, "a", "b", "c", "d"])
    namespace: dict = {}
    if net_m:
        # net.m, after its threshold and reset: I = noise + this step's synaptic input, two
        # half steps of v with the same I and the old u, then u with the new v (scaled by h)
        model = "v : 1\nu : 1\nfired : boolean\n" + declared
        reset = "v = c\nu = u + d\nfired = True"
        integration = {}
    else:
        # Brian2's integration of the ODEs, with the time unit the scheme writes them in
        extra = " + I_noise" if scheme.separate_noise else ""
        model = (
            f"dv/dt = {scheme.step.format(v_rhs + extra)} : 1\n"
            f"du/dt = {scheme.step.format(u_rhs)} : 1\n" + declared
        )
        reset = "v=c; u+=d"
        integration = {"method": "euler"}
        namespace["tau"] = 1 / ms
    group = b2.NeuronGroup(
        spec.N,
        model,
        threshold=f"v >= {V_PEAK:g}",
        reset=reset,
        dt=dt,
        name="network",
        **integration,
    )
    for name in ("a", "b", "c", "d"):
        setattr(group, name, params[name])
    group.v = params["v0"]
    group.u = params["u0"]
    objects = [group]
    # the populations as Brian2 groups: "all" is the group, the others its (non-empty) parts
    bounds = {"all": (0, spec.N), "excitatory": (0, spec.Ne), "inhibitory": (spec.Ne, spec.N)}
    parts = {"all": group}
    for population in ("excitatory", "inhibitory"):
        start, stop = bounds[population]
        if stop > start:
            parts[population] = b2.Subgroup(group, start, stop, name=f"network_{population}")
    # thalamic input, one population after the other in the order the scheme draws them
    for order, population in enumerate(scheme.noise_order):
        if population in parts:
            sigma = THALAMIC_SIGMA[population]
            objects.append(
                parts[population].run_regularly(
                    f"{noisy} = {sigma:g}*randn()",
                    dt=1 * ms,
                    when="start",
                    order=order - len(scheme.noise_order),
                    name=f"noise_{population}",
                )
            )
    if scheme.synapses == "dense":
        namespace["synaptic_input"] = synaptic_input_function(b2, params["weights"])
        # h and h/2 as literals (exact: repr round-trips): Brian2 reorders the arithmetic
        # of expressions with external constants through sympy, which changes last bits
        h, half = repr(float(spec.dt_ms)), repr(0.5 * spec.dt_ms)
        step = "\n".join(
            [
                f"I = I_noise + synaptic_input(fired)/{h}",
                "fired = False",
                f"v = v + {half}*({v_rhs})",
                f"v = v + {half}*({v_rhs})",
                f"du = {u_rhs}",  # a temporary keeps the product h*(a*(b*v - u))
                f"u = u + {h}*du",
            ]
        )
        group.run_regularly(step, when="after_resets", name="network_step")
    else:
        if scheme.synapses == "pulse":  # I += w on a spike, I -= w 1 ms later
            on_pre = {"up": "I += w", "down": "I -= w"}
            delay = {"up": 0 * ms, "down": 1 * ms}
        else:  # "persistent": I += w until the next noise draw sets I
            on_pre, delay = "I_post += w", None
        # one Synapses per block of the weight matrix; Brian2 runs their pathways in the
        # order of their names, so the names number the blocks in the scheme's order
        blocks = scheme.synapse_blocks
        for k, (pre, post) in enumerate(blocks):
            if pre not in parts or post not in parts:
                continue
            name = "synapses" if len(blocks) == 1 else f"synapses_{k}_{pre[0]}{post[0]}"
            synapses = b2.Synapses(
                parts[pre], parts[post], "w : 1", on_pre=on_pre, delay=delay, dt=dt, name=name
            )
            synapses.connect()
            (a, b), (c, d) = bounds[pre], bounds[post]
            synapses.w[:] = params["weights"][a:b, c:d].ravel()  # synapse order = [pre, post]
            objects.append(synapses)
    spikes = b2.SpikeMonitor(group, name="spikemonitor")
    v_monitor = b2.StateMonitor(group, "v", record=0, when=scheme.record_v, name="v_monitor")
    i_monitor = b2.StateMonitor(group, variables, record=0, when=scheme.record_i, name="i_monitor")
    objects += [spikes, v_monitor, i_monitor]

    def collect() -> NetworkResult:
        steps = np.round(np.asarray(spikes.t / dt)).astype(np.int64)
        current = np.asarray(i_monitor.I[0], dtype=float)
        if scheme.separate_noise:  # the total input: synaptic plus thalamic
            current = current + np.asarray(i_monitor.I_noise[0], dtype=float)
        return NetworkResult(
            spike_times_ms=_times_ms(steps, spec.dt_ms, scheme.t0_ms),
            spike_indices=np.asarray(spikes.i[:], dtype=np.int64),
            **{name: params[name] for name in "abcd"},
            t_ms=_times_ms(np.arange(spec.n_steps), spec.dt_ms, scheme.t0_ms),
            v=np.asarray(v_monitor.v[0], dtype=float),
            I=current,
        )

    return NetworkBuild(objects, namespace, collect)


def _times_ms(steps: np.ndarray, dt_ms: float, t0_ms: float) -> np.ndarray:
    """Step numbers in ms after ``t0_ms``, rounded to the decimal grid of dt (0.1 ms, not
    0.30000000000000004)."""
    return np.round(steps * dt_ms + t0_ms, 9)


def simulate_network(spec: NetworkSpec) -> NetworkResult:
    """Run one network with Brian2 under the scheme ``spec.scheme`` names."""
    from .schemes import simulate  # the registry imports this module

    return simulate(spec)


def run_network(net, duration, namespace: dict | None = None, clock_ms: float = 0.0) -> None:
    """``net.run``, with the objects that exist before it frozen for the garbage collector,
    then a check that the state stayed finite.

    Brian2's ``Network.run`` starts with ``gc.collect()``; after importing Brian2 that scan
    costs ~0.1 s, as long as a whole 1000-neuron net.m run in NumPy. Frozen objects are
    skipped by it and handed back to the collector afterwards (nothing is leaked).

    Finite state: the recorded neuron's variables at every step, and v and u of every
    neuron at the end (``izhikevich.guards.check_finite``; ``clock_ms`` is added to the
    times of recorded samples: the state after Brian2's step at t is net.m's at t + 1 ms).
    A neuron other than the recorded one is seen at the end of the run: its u stays
    non-finite once v was (a, b > 0 in every scheme); ``schemes`` then times it by a
    second run that records it.
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
