"""The published update against figure1.m's arithmetic run for real in GNU Octave.

A few lines of Octave written here after figure1.m's loop (not the downloaded program):
its ``V^2`` is a scalar power, which Octave computes with C's pow(); NumPy's ``v**2`` is
v*v, which differs in the last bit for some v. Panels H, K and P are three of the nine
2004 panels whose traces differ when v^2 is v*v (H by up to 0.012 mV near a spike).
Skipped when ``octave-cli`` is missing (Debian: ``apt-get install octave``).
"""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from izhikevich.model import NeuronSpec, simulate_neuron

from oracles import published_parameters as published

# figure1.m's input of each panel, as its lines write it (T1..T4 as figure1.m names them)
INPUT = {
    "H": "T1=30; if (t>T1) I=-0.5+(0.015*(t-T1)); else I=-0.5; end;",
    "K": (
        "T1=T/10; T2=T1+20; T3=0.7*T; T4=T3+40;"
        " if ((t>T1)&(t<T1+4))|((t>T2)&(t<T2+4))|((t>T3)&(t<T3+4))|((t>T4)&(t<T4+4))"
        " I=0.65; else I=0; end;"
    ),
    "P": ("T1=T/8; T2=216; if ((t>T1)&(t<T1+5))|((t>T2)&(t<T2+5)) I=1.24; else I=0.24; end;"),
}

LOOP = """
a={a!r}; b={b!r}; c={c!r}; d={d!r}; V={v0!r}; u=b*V; tau={tau!r}; T={T!r};
tspan = 0:tau:T; VV = zeros(size(tspan)); uu = VV;
for k = 1:numel(tspan)
  t = tspan(k);
  {input}
  V = V + tau*(0.04*{square}+5*V+140-u+I);
  u = u + tau*a*(b*V-u);
  if V > 30
    VV(k) = 30; V = c; u = u + d;
  else
    VV(k) = V;
  end;
  uu(k) = u;
end;
fid = fopen('{out}', 'w'); fwrite(fid, [VV; uu], 'double'); fclose(fid);
"""


def octave_panel(panel: str, tmp_path, square: str = "V^2") -> tuple[np.ndarray, np.ndarray]:
    """v and u of figure1.m's loop for ``panel`` run by Octave (``square``: how v^2 is
    written: figure1.m's ``V^2``, or ``(V*V)`` as NumPy computes it)."""
    p = published.PUBLISHED[("izhikevich2004_fig1", panel)]
    out = tmp_path / f"{panel}.bin"
    script = LOOP.format(
        a=p.a, b=p.b, c=p.c, d=p.d, v0=p.v0, tau=p.tau, T=p.T, input=INPUT[panel], out=out,
        square=square,
    )  # fmt: skip
    subprocess.run(["octave-cli", "--no-gui", "-q", "--eval", script], check=True, timeout=300)
    vv_uu = np.fromfile(out).reshape(-1, 2)
    return vv_uu[:, 0], vv_uu[:, 1]


@pytest.mark.skipif(shutil.which("octave-cli") is None, reason="GNU Octave is not installed")
@pytest.mark.parametrize("panel", sorted(INPUT))
def test_published_update_equals_octave_bit_for_bit(panel, neuron_rows, tmp_path):
    v, u = octave_panel(panel, tmp_path)
    (row,) = [
        r
        for r in neuron_rows.values()
        if (r["figure"], r["variant"], r["panel"]) == ("izhikevich2004_fig1", "original", panel)
    ]
    run = simulate_neuron(NeuronSpec.from_row(row))
    assert np.array_equal(run.v, v) and np.array_equal(run.u, u)
    # the panel is one where v*v instead of pow() would change the trace
    v_product, _ = octave_panel(panel, tmp_path, square="(V*V)")
    assert not np.array_equal(v, v_product)
