"""Test oracles: the two network programs of the seeds, as they were written, seeded.

Only the tests use this file. ``notebook_simulation`` is the seed notebook's
``simulation(Ne, Ni, tau=1, duration)`` (../shared/seeds/izhikevich-brian2-notebook.md, section
6): Brian2 magic ``run``, ``defaultclock.dt = 0.1*ms``, four ``Synapses``, noise by
``run_regularly``. ``brian2_example`` is Brian2's example of 2003 Fig. 3
(../shared/seeds/brian2-example-izhikevich-2003.md, examples/frompapers/Izhikevich_2003.py).
Each gets a ``seed(...)`` call first (the seeds' own runs were unseeded); the plotting is
left out. The pipeline's ``notebook`` and ``brian2_example`` schemes must reproduce them.
"""

from __future__ import annotations

import gc

import numpy as np


def _fresh_scope():
    from brian2 import prefs, start_scope

    prefs.codegen.target = "numpy"
    prefs.codegen.loop_invariant_optimisations = True
    gc.collect()  # objects of earlier tests would shift Brian2's automatic names
    start_scope()


def notebook_simulation(Ne=800, Ni=200, tau=1, duration=1000, random_seed=1):
    """The seed's simulation(); returns (Se.t, Se.i, Si.t, Si.i, Me.v[0], Me.I[0]) in ms/1."""
    from brian2 import (  # noqa: F401 (names the seed's string code uses)
        NeuronGroup,
        SpikeMonitor,
        StateMonitor,
        Synapses,
        defaultclock,
        ms,
        run,
        seed,
    )

    _fresh_scope()
    seed(random_seed)
    defaultclock.dt = 0.1 * ms
    tau = tau / ms
    duration = duration * ms
    eqs = """
dv/dt = tau*(0.04*v**2+5*v+140-u+I) : 1
du/dt = tau*a*(b*v-u) : 1
I : 1
a : 1
b : 1
c : 1
d : 1
"""
    Ge = NeuronGroup(Ne, eqs, threshold="v>=30", reset="v=c; u+=d", method="euler")
    Gi = NeuronGroup(Ni, eqs, threshold="v>=30", reset="v=c; u+=d", method="euler")
    Ge.a = 0.02
    Ge.b = 0.2
    Ge.c = "-65+15*rand()**2"
    Ge.d = "8-6*rand()**2"
    Ge.v = -65
    Ge.u = Ge.b * -65
    Gi.a = "0.02+0.08*rand()"
    Gi.b = "0.25-0.05*rand()"
    Gi.c = -65
    Gi.d = 2
    Gi.v = -65
    Gi.u = Gi.b * -65
    See = Synapses(Ge, Ge, "w : 1", on_pre="I_post += w")
    See.connect()
    See.w = "0.5*rand()"
    Sei = Synapses(Ge, Gi, "w : 1", on_pre="I_post += w")
    Sei.connect()
    Sei.w = "0.5*rand()"
    Sie = Synapses(Gi, Ge, "w : 1", on_pre="I_post += w")
    Sie.connect()
    Sie.w = "-rand()"
    Sii = Synapses(Gi, Gi, "w : 1", on_pre="I_post += w")
    Sii.connect()
    Sii.w = "-rand()"
    Me = StateMonitor(Ge, ("v", "u", "I"), record=0)
    Se = SpikeMonitor(Ge)
    Si = SpikeMonitor(Gi)
    Ge.run_regularly("I = 5*randn()", dt=tau * ms**2)
    Gi.run_regularly("I = 2*randn()", dt=tau * ms**2)
    run(duration)
    out = (Se.t / ms, Se.i[:], Si.t / ms, Si.i[:], Me.v[0], Me.I[0])
    defaultclock.dt = 0.1 * ms  # (the magic clock stays at the seed's 0.1 ms, as it did)
    # copies while the monitors live: from Brian2 2.10 monitor arrays are C++ buffers whose
    # NumPy views do not keep them alive (they dangle once the network is freed)
    return tuple(np.array(x, copy=True) for x in out)


def brian2_example(Ne=800, Ni=200, tfinal_ms=1000, random_seed=1):
    """Brian2's Izhikevich_2003 example; returns (spikemon.t, spikemon.i, statemon.v[0])."""
    from brian2 import (
        NeuronGroup,
        SpikeMonitor,
        StateMonitor,
        Synapses,
        defaultclock,
        ms,
        run,
        seed,
    )

    _fresh_scope()
    seed(random_seed)
    tfinal = tfinal_ms * ms
    re = np.random.uniform(size=Ne)
    ri = np.random.uniform(size=Ni)
    weights = np.hstack(
        [
            0.5 * np.random.uniform(size=(Ne + Ni, Ne)),
            -np.random.uniform(size=(Ne + Ni, Ni)),
        ]
    ).T
    defaultclock.dt = 1 * ms
    eqs = """dv/dt = (0.04*v**2 + 5*v + 140 - u + I + I_noise )/ms : 1
         du/dt = (a*(b*v - u))/ms  : 1
         I : 1
         I_noise : 1
         a : 1
         b : 1
         c : 1
         d : 1
       """
    N = NeuronGroup(Ne + Ni, eqs, threshold="v>=30", reset="v=c; u+=d", method="euler")
    N.v = -65
    N_exc = N[:Ne]
    N_inh = N[Ne:]
    spikemon = SpikeMonitor(N)
    statemon = StateMonitor(N, "v", record=0, when="after_thresholds")
    N_exc.a = 0.02
    N_exc.b = 0.2
    N_exc.c = -65 + 15 * re**2
    N_exc.d = 8 - 6 * re**2
    N_inh.a = 0.02 + 0.08 * ri
    N_inh.b = 0.25 - 0.05 * ri
    N_inh.c = -65
    N_inh.d = 2
    N_exc.u = "b*v"
    N_inh.u = "b*v"
    S = Synapses(
        N,
        N,
        "w : 1",
        on_pre={"up": "I += w", "down": "I -= w"},
        delay={"up": 0 * ms, "down": 1 * ms},
    )
    S.connect()
    S.w[:] = weights.flatten()
    N_exc.run_regularly("I_noise = 5*randn()", dt=1 * ms)
    N_inh.run_regularly("I_noise = 2*randn()", dt=1 * ms)
    run(tfinal)
    out = (spikemon.t / ms, spikemon.i[:], statemon.v[0])
    defaultclock.dt = 0.1 * ms  # Brian2's default again, for later tests
    # copies while the monitors live: from Brian2 2.10 monitor arrays are C++ buffers whose
    # NumPy views do not keep them alive (they dangle once the network is freed)
    return tuple(np.array(x, copy=True) for x in out)
