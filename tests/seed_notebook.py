"""Test oracle: the seed notebook's single-neuron function, as the notebook wrote it.

Only the tests use this file. ``model()`` below is the seed's ``model``/``model2``/
``model3`` (../shared/seeds/izhikevich-brian2-notebook.md): Brian2 magic network,
``defaultclock.dt = tau*ms``, derivatives scaled by ``tau/ms``, the ``int(t>duration/10)``
freeze (not in model3), ``@network_operation(dt=1*ms)`` setting ``G.I = fI``, euler,
threshold ``v>=30``. The three differ only in the equations, the freeze and u's start,
which are arguments here. The pipeline's ``notebook`` scheme must reproduce it exactly.
"""

from __future__ import annotations

import numpy as np


def model(a, b, c, d, fI, V, tau, duration, v_rhs, u_rhs, freeze=True, u0=None):
    """Run the seed's model(); return (v, u, I) as its StateMonitor recorded them."""
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

    prefs.codegen.target = "numpy"
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
    return np.asarray(M.v[0]), np.asarray(M.u[0]), np.asarray(M.I[0])
