"""Test oracle: the seed notebook's single-neuron function, as the notebook wrote it.

Only the tests use this file. ``model()`` below is the seed's ``model``/``model2``/
``model3`` (../shared/seeds/izhikevich-brian2-notebook.md): Brian2 magic network,
``defaultclock.dt = tau*ms``, derivatives scaled by ``tau/ms``, the ``int(t>duration/10)``
freeze (not in model3), ``@network_operation(dt=1*ms)`` setting ``G.I = fI``, euler,
threshold ``v>=30``. The three differ only in the equations, the freeze and u's start,
which are arguments here. The pipeline's ``notebook`` scheme must reproduce it exactly.
benchmarks/seed_notebook_runs.py times the seed's 50 runs with this same function, drawn
as the seed's cells draw them and with Brian2's default code generation target.
"""

from __future__ import annotations

import numpy as np


def model(
    a, b, c, d, fI, V, tau, duration, v_rhs, u_rhs, freeze=True, u0=None, target="numpy",
    draw=False,
):  # fmt: skip
    """Run the seed's model(); return (v, u, I) as its StateMonitor recorded them.

    ``target``: Brian2's code generation target (None: Brian2's default, as the seed ran);
    ``draw``: plot v, u, I as the seed's cells do (matplotlib, closed afterwards).
    """
    from brian2 import (  # noqa: F401 (names the seed's string code uses)
        NeuronGroup,
        StateMonitor,
        defaultclock,
        ms,
        network_operation,
        prefs,
        run,
        start_scope,
    )

    prefs.codegen.target = target or prefs.codegen.target
    prefs.codegen.loop_invariant_optimisations = True
    start_scope()
    defaultclock.dt = tau * ms
    tau = tau / ms
    duration = duration * ms
    gate = "int(t>duration/10)*" if freeze else ""
    eqs = f"""
    dv/dt = {gate}tau*({v_rhs}) : 1
    du/dt = {gate}tau*({u_rhs}) : 1
    I : 1
    """
    G = NeuronGroup(1, eqs, threshold="v>=30", reset="v=c; u+=d", method="euler")
    G.v = V
    G.u = b * V if u0 is None else u0
    M = StateMonitor(G, ("v", "u", "I"), record=0)

    @network_operation(dt=1 * ms)
    def change_I():
        G.I = fI

    run(duration)
    if draw:
        import matplotlib.pyplot as plt

        plt.figure()
        plt.plot(M.t / ms, M.v[0], label="v")
        plt.plot(M.t / ms, M.u[0], label="u")
        plt.plot(M.t / ms, M.I[0], label="I")
        plt.axhline(30, ls="-", c="C3", lw=2, label="v=30")
        plt.xlabel("Time (ms)")
        plt.ylabel("v, u, I")
        plt.legend()
        plt.close("all")
    return np.asarray(M.v[0]), np.asarray(M.u[0]), np.asarray(M.I[0])
