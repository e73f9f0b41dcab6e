"""Start-up of a simulation job: Brian2 without the plotting stack.

Brian2 imports ``pylab`` (matplotlib.pyplot) when it can, and ``matplotlib`` itself for a
version check; both imports are guarded, and without them Brian2 takes its numpy-only
names. A simulation job plots nothing, so it makes both unimportable before importing
Brian2: about 0.4 s of pyplot and 0.1 s of matplotlib off every job's start-up (the
simulation environment, ``workflow/envs/simulation.yaml``, has no matplotlib at all, so
the jobs run the same way there). A process that has already imported them keeps them.
"""

import sys
from types import ModuleType

#: Modules a simulation job never needs; Brian2 guards its imports of both.
PLOTTING = ("pylab", "matplotlib")


def import_brian2() -> ModuleType:
    """Import Brian2 with ``PLOTTING`` unimportable (unless already imported); return it."""
    for name in PLOTTING:
        sys.modules.setdefault(name, None)
    import brian2

    return brian2
