"""Baseline: the seed notebook's 50 single-neuron runs, done the notebook's way.

One Python process, Brian2 runtime mode with Brian2's default code generation target (as
the notebook ran), the magic network, one run after another, each drawn with matplotlib
(Agg) as the notebook's cells draw it (tests/oracles/seed_notebook.py holds the seed's function).
The calls are the notebook's cells verbatim (../shared/seeds/izhikevich-brian2-notebook.md):
the default ``model()`` call, the 8 neuron type cells, 20 features x (original, adjusted)
and (U) chaos = 50 runs. Prints the wall time.

    python benchmarks/seed_notebook_runs.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from oracles.seed_notebook import model as seed_model  # noqa: E402 (the seed's function)

V_STD, V_C1 = "0.04*v**2+5*v+140-u+I", "0.04*v**2+4.1*v+108-u+I"
U_STD = "a*(b*v-u)"


def model(a=0.02, b=0.2, c=-65, d=2, fI="int(t>100*ms)*10", V=-65, tau=0.25, duration=1000):
    seed_model(a, b, c, d, fI, V, tau, duration, V_STD, U_STD, target=None, draw=True)


def model2(a=0.02, b=0.2, c=-65, d=2, fI="int(t>100*ms)*10", V=-65, tau=0.25, duration=1000):
    seed_model(a, b, c, d, fI, V, tau, duration, V_C1, U_STD, target=None, draw=True)


def model3(a=0.02, b=0.2, c=-65, d=2, fI="int(t>100*ms)*10", V=-65, tau=0.25, duration=1000):
    seed_model(
        a, b, c, d, fI, V, tau, duration, V_STD, U_STD, freeze=False, u0=-16, target=None,
        draw=True,
    )  # fmt: skip


model4 = model

K_ORIG = (
    "int(t>40*ms and t<44*ms or t>60*ms and t<64*ms or t>280*ms and t<284*ms "
    "or t>320*ms and t<324*ms)*0.65"
)
K_ADJ = (
    "int(t>80*ms and t<88*ms or t>120*ms and t<128*ms or t>540*ms and t<558*ms "
    "or t>640*ms and t<658*ms)*0.65"
)
L_ORIG = (
    "int(t>9*ms and t<11*ms or t>14*ms and t<16*ms or t>70*ms and t<72*ms "
    "or t>80*ms and t<82*ms)*9"
)
L_ADJ = (
    "int(t>36*ms and t<48*ms or t>56*ms and t<64*ms or t>280*ms and t<288*ms "
    "or t>320*ms and t<328*ms)*9"
)
S_ORIG = "int(t<50*ms or t>250*ms)*80 + int(t>=50*ms and t<=250*ms)*75"
CALLS = [
    lambda: model(),
    lambda: model(d=8),
    lambda: model(c=-55, d=4),
    lambda: model(c=-50),
    lambda: model(a=0.1),
    lambda: model(b=0.25),
    lambda: model(fI="int(t>100*ms)*5", V=-63),
    lambda: model(b=0.25, d=0.05, fI="int(t<=100*ms)*-10", V=-87),
    lambda: model(
        a=0.1,
        b=0.26,
        fI="int(t>100*ms)*-0.1 + int(t<=100*ms)*-1 + int(t>300*ms and t<350*ms)*5",
    ),
    lambda: model(d=6, fI="int(t>10*ms)*14", V=-70, tau=0.25, duration=100),
    lambda: model(d=6, fI="int(t>40*ms)*14", V=-70, tau=0.25, duration=400),
    lambda: model(b=0.25, d=6, fI="int(t>20*ms)*0.5", V=-64, tau=0.25, duration=200),
    lambda: model(b=0.25, d=6, fI="int(t>100*ms)*0.5", V=-64, tau=0.25, duration=1000),
    lambda: model(c=-50, fI="int(t>22*ms)*15", V=-70, tau=0.25, duration=220),
    lambda: model(c=-50, fI="int(t>80*ms)*15", V=-70, tau=0.25, duration=800),
    lambda: model(b=0.25, c=-55, d=0.05, fI="int(t>20*ms)*0.6", V=-64, tau=0.2, duration=200),
    lambda: model(b=0.25, c=-55, d=0.05, fI="int(t>100*ms)*0.6", V=-64, tau=0.2, duration=1000),
    lambda: model(c=-55, d=4, fI="int(t>16*ms)*10", V=-70, tau=0.25, duration=160),
    lambda: model(c=-55, d=4, fI="int(t>60*ms)*10", V=-70, tau=0.25, duration=600),
    lambda: model(a=0.01, d=8, fI="int(t>8.5*ms)*30", V=-70, tau=0.25, duration=85),
    lambda: model(a=0.01, d=8, fI="int(t>30*ms)*30", V=-70, tau=0.25, duration=300),
    lambda: model2(
        b=-0.1, c=-55, d=6, fI="int(t>30*ms)*0.075*(t/ms-30)", V=-60, tau=0.25, duration=300
    ),
    lambda: model2(
        b=-0.1, c=-55, d=6, fI="int(t>50*ms)*0.075*(t/ms-50)", V=-60, tau=0.25, duration=500
    ),
    lambda: model(
        a=0.2, b=0.26, d=0, fI="int(t>30*ms)*(-0.5+0.015*(t/ms-30))", V=-64, duration=300
    ),
    lambda: model(
        a=0.2, b=0.26, d=0, fI="int(t>50*ms)*(-0.5+0.015*(t/ms-50))", V=-64, duration=500
    ),
    lambda: model(d=6, fI="int(t>10*ms and t<13*ms)*7.04", V=-70, tau=0.2, duration=100),
    lambda: model(d=6, fI="int(t>50*ms and t<65*ms)*7.04", V=-70, tau=0.2, duration=500),
    lambda: model(
        a=0.05, b=0.26, c=-60, d=0, fI="int(t>20*ms and t<25*ms)*2", V=-62, duration=200
    ),
    lambda: model(
        a=0.05, b=0.26, c=-60, d=0, fI="int(t>60*ms and t<75*ms)*2", V=-62, duration=600
    ),
    lambda: model(a=0.1, b=0.26, c=-60, d=-1, fI=K_ORIG, V=-62, tau=0.25, duration=400),
    lambda: model(a=0.1, b=0.26, c=-60, d=-1, fI=K_ADJ, V=-62, tau=0.25, duration=800),
    lambda: model2(b=-0.1, c=-55, d=6, fI=L_ORIG, V=-60, tau=0.25, duration=100),
    lambda: model2(b=-0.1, c=-55, d=6, fI=L_ADJ, V=-60, tau=0.25, duration=400),
    lambda: model(
        a=0.03,
        b=0.25,
        c=-60,
        d=4,
        fI="int(t>20*ms and t<25*ms)*-15",
        V=-64,
        tau=0.2,
        duration=200,
    ),  # fmt: skip
    lambda: model(
        a=0.03,
        b=0.25,
        c=-60,
        d=4,
        fI="int(t>80*ms and t<110*ms)*-15",
        V=-64,
        tau=0.2,
        duration=800,
    ),  # fmt: skip
    lambda: model(
        a=0.03,
        b=0.25,
        c=-52,
        d=0,
        fI="int(t>20*ms and t<25*ms)*-15",
        V=-64,
        tau=0.2,
        duration=200,
    ),  # fmt: skip
    lambda: model(
        a=0.03,
        b=0.25,
        c=-52,
        d=0,
        fI="int(t>80*ms and t<110*ms)*-15",
        V=-64,
        tau=0.2,
        duration=800,
    ),  # fmt: skip
    lambda: model(
        a=0.03,
        b=0.25,
        c=-60,
        d=4,
        fI="int(t>10*ms and t<15*ms or t>80*ms and t<85*ms)*1 + int(t>70*ms and t<75*ms)*-6",
        V=-64,
        tau=0.25,
        duration=100,
    ),  # fmt: skip
    lambda: model(
        a=0.03,
        b=0.25,
        c=-60,
        d=4,
        fI="int(t>20*ms and t<30*ms or t>140*ms and t<170*ms)*1 + int(t>100*ms and t<130*ms)*-6",
        V=-64,
        tau=0.25,
        duration=200,
    ),  # fmt: skip
    lambda: model(
        a=0.1,
        b=0.26,
        c=-60,
        d=0,
        fI="int(t>37*ms and t<42*ms or t>216*ms and t<221*ms)*1.24"
        " + int(t<=37*ms or t>=42*ms and t<=216*ms or t>=221*ms)*0.24",
        V=-61,
        tau=0.25,
        duration=300,
    ),  # fmt: skip
    lambda: model(
        a=0.1,
        b=0.26,
        c=-60,
        d=0,
        fI="int(t>74*ms and t<84*ms or t>464*ms and t<476*ms)*1.24"
        " + int(t<=74*ms or t>=84*ms and t<=464*ms or t>=476*ms)*0.24",
        V=-61,
        tau=0.25,
        duration=700,
    ),  # fmt: skip
    lambda: model(a=1, c=-60, d=-21, fI="int(t>9*ms and t<11*ms)*20", V=-70, tau=0.1, duration=50),
    lambda: model(
        a=1, c=-60, d=-20, fI="int(t>15*ms and t<26*ms)*20", V=-70, tau=0.1, duration=150
    ),
    lambda: model3(
        b=1,
        c=-55,
        d=4,
        fI="int(t<200*ms)*t/ms/25 + int(t>=300*ms and t<312.5*ms)*(t/ms-300)/12.5*4",
        V=-65,
        tau=0.5,
        duration=400,
    ),  # fmt: skip
    lambda: model3(
        b=0.2,
        c=-55,
        d=4,
        fI="int(t<200*ms)*t/ms/25 + int(t>=300*ms and t<312.5*ms)*((t/ms-300)/12.5*4)",
        V=-65,
        tau=0.5,
        duration=400,
    ),  # fmt: skip
    lambda: model(a=-0.02, b=-1, c=-60, d=8, fI=S_ORIG, V=-63.8, tau=0.5, duration=350),
    lambda: model(
        a=-0.02,
        b=-1,
        c=-60,
        d=8,
        fI="int(t<100*ms or t>400*ms)*80 + int(t>=100*ms and t<=400*ms)*75",
        V=-63.8,
        tau=0.5,
        duration=600,
    ),  # fmt: skip
    lambda: model4(a=-0.026, b=-1, c=-45, d=-2, fI=S_ORIG, V=-63.8, tau=0.5, duration=350),
    lambda: model4(
        a=-0.026,
        b=-1,
        c=-45,
        d=-2,
        fI="int(t<100*ms or t>500*ms)*80 + int(t>=100*ms and t<=500*ms)*75",
        V=-63.8,
        tau=0.5,
        duration=700,
    ),  # fmt: skip
    lambda: model(
        a=0.2,
        b=2,
        c=-56,
        d=-16,
        fI="int(t>100*ms)*-99 + int(t<=100*ms)*-109",
        tau=0.2,
        duration=1000,
    ),  # fmt: skip
]
assert len(CALLS) == 50, len(CALLS)

if __name__ == "__main__":
    start = time.perf_counter()
    for call in CALLS:
        call()
    from brian2 import prefs

    print(f"{time.perf_counter() - start:.3f} {prefs.codegen.target}")
