"""The equations of the Izhikevich model as the papers write them: the one place they live.

Izhikevich (2003), "Simple Model of Spiking Neurons", eqs. 1-2::

    v' = 0.04 v^2 + 5 v + 140 - u + I
    u' = a (b v - u)

and the two variants of Izhikevich (2004), "Which Model to Use...", Fig. 1 (figure1.m).
``izhikevich.model`` (and through it every update scheme) builds its simulations from
``EQUATIONS``; the phase planes (``izhikevich.phase_planes``) derive their nullclines from
it. This module imports nothing, so figure jobs that read it do not depend on the
simulation code.
"""

#: Right-hand sides (v', u') of the equation variants, written as the papers write them.
EQUATIONS: dict[str, tuple[str, str]] = {
    "standard": ("0.04*v**2 + 5*v + 140 - u + I", "a*(b*v - u)"),
    # 2004 Fig. 1 G (class 1 excitable) and L (integrator), figure1.m
    "class1": ("0.04*v**2 + 4.1*v + 108 - u + I", "a*(b*v - u)"),
    # 2004 Fig. 1 R (accommodation), figure1.m: u = u + tau*a*(b*(V+65))
    "accommodation": ("0.04*v**2 + 5*v + 140 - u + I", "a*(b*(v + 65))"),
}
