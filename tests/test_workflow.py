"""Snakemake end to end on a small table: NPZ files, figures, no-op rerun, one-row edits."""

from __future__ import annotations

import csv
import hashlib
import subprocess
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pytest

from izhikevich.io import load_npz

from oracles.published import figure1_loop
from oracles.published_parameters import PUBLISHED

pytestmark = pytest.mark.slow
ROWS = ["fig1_A_original", "fig1_B_original", "fig2_RS_original"]
FIGURES = [
    f"{figure}_{kind}"
    for figure in ("izhikevich2004_fig1", "izhikevich2003_fig2")
    for kind in ("original", "phase_planes")
] + ["fI_curves"]
#: A tiny network table (2003 Fig. 3 rows), so that the default target stays quick.
TINY_NETWORK = Path(__file__).resolve().parent / "data" / "network_tiny.tsv"
#: One tiny f-I curve (2003 RS: 5 inputs, one refinement), the f-I rules end to end.
TINY_FI = Path(__file__).resolve().parent / "data" / "fI_tiny.tsv"


def small_table(root: Path, path: Path, edit: dict | None = None) -> Path:
    with open(root / "params" / "neurons.tsv", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        rows = [r for r in reader if r["id"] in ROWS]
        columns = reader.fieldnames
    for row in rows:
        row.update((edit or {}).get(row["id"], {}))
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    return path


def snakemake(exe, root, workdir, *args, check=True):
    cmd = [exe, "--snakefile", str(root / "Snakefile"), "--directory", str(workdir)]
    cmd += ["--cores", "2", "--config", "neurons=small.tsv", f"network={TINY_NETWORK}"]
    # no maps (their protocol rows are not in small.tsv); one tiny f-I curve
    cmd += ["sweeps=none", f"fI_curves={TINY_FI}", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def digests(workdir: Path) -> dict[str, str]:
    files = sorted((workdir / "results").rglob("*.npz")) + sorted(
        (workdir / "results" / "figures").glob("*")
    )
    return {str(f.relative_to(workdir)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, root):
    import shutil

    exe = shutil.which("snakemake", path=str(Path(__import__("sys").executable).parent))
    workdir = tmp_path_factory.mktemp("wf")
    small_table(root, workdir / "small.tsv")
    proc = snakemake(exe, root, workdir)
    return exe, workdir, proc


def test_npz_files_hold_trace_row_and_provenance(first_run):
    _, workdir, _ = first_run
    for row_id in ROWS:
        run = load_npz(workdir / "results" / "neurons" / f"{row_id}.npz")
        n = len(run["t_ms"])
        assert all(len(run[k]) == n for k in ("v", "u", "I"))
        assert run["id"] == row_id and run["scheme"] == "izhikevich"
        assert run["brian2_version"] == version("brian2") and run["codegen_target"] == "numpy"
        assert run["numpy_version"] == np.__version__
        assert run["t_ms"][-1] == run["duration_ms"]  # the published loop includes T
        assert len(run["spike_times_ms"]) >= 1


def test_each_npz_equals_the_published_program_array_by_array(first_run):
    """What the jobs wrote equals figure1.m's loop run here on the oracle's own parameters
    (tests/oracles/published_parameters.py), bit for bit, array by array."""
    _, workdir, _ = first_run
    for row_id in ROWS:
        run = load_npz(workdir / "results" / "neurons" / f"{row_id}.npz")
        p = PUBLISHED[(run["figure"], run["panel"])]
        v, u, current, spikes = figure1_loop(p.panel, p.a, p.b, p.c, p.d, p.v0, p.tau, p.T, p.u0)
        expected = {"v": v, "u": u, "I": current, "spike_times_ms": spikes}
        expected["t_ms"] = np.arange(len(v)) * p.tau  # figure1.m: t = 0:tau:T
        for key, array in expected.items():
            assert run[key].dtype == np.float64, (row_id, key)
            assert np.array_equal(run[key], array), (row_id, key)
        for column in ("a", "b", "c", "d", "v0"):
            assert run[column] == getattr(p, column), (row_id, column)
        assert (run["dt_ms"], run["duration_ms"]) == (p.tau, p.T), row_id


def test_figures_are_pdf_and_png_at_150_dpi_or_more(first_run):
    _, workdir, _ = first_run
    for name in FIGURES:
        pdf = workdir / "results" / "figures" / f"{name}.pdf"
        png = workdir / "results" / "figures" / f"{name}.png"
        assert pdf.read_bytes()[:5] == b"%PDF-"
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        phys = data.index(b"pHYs")
        ppm = int.from_bytes(data[phys + 4 : phys + 8], "big")
        assert ppm * 0.0254 >= 150


def test_second_run_does_nothing(first_run, root):
    exe, workdir, _ = first_run
    proc = snakemake(exe, root, workdir)
    assert "Nothing to be done" in proc.stdout + proc.stderr


def test_editing_one_row_reruns_that_row_its_montage_and_phase_planes(first_run, root):
    exe, workdir, _ = first_run
    before = digests(workdir)
    small_table(root, workdir / "small.tsv", {"fig1_A_original": {"d": "7"}})
    snakemake(exe, root, workdir)
    after = digests(workdir)
    changed = {k for k in before if before[k] != after[k]}
    simulations = {k for k in changed if k.endswith(".npz")}
    # the row itself and its re-runs under the other update schemes (scheme comparison)
    assert simulations == {
        "results/neurons/fig1_A_original.npz",
        "results/schemes/fig1_A_original/euler.npz",
        "results/schemes/fig1_A_original/notebook.npz",
    }
    # its montage, its phase planes and the tables drawn from every row; not the other
    # figure's montage or phase planes
    assert changed - simulations == {
        "results/figures/izhikevich2004_fig1_original.pdf",
        "results/figures/izhikevich2004_fig1_original.png",
        "results/figures/izhikevich2004_fig1_phase_planes.pdf",
        "results/figures/izhikevich2004_fig1_phase_planes.png",
        "results/figures/scheme_comparison.pdf",
        "results/figures/scheme_comparison.png",
    }
    assert load_npz(workdir / "results/neurons/fig1_A_original.npz")["d"] == 7.0
    small_table(root, workdir / "small.tsv")
    snakemake(exe, root, workdir)
    assert digests(workdir) == before  # back to the original row: the same bytes


def test_bad_table_is_refused_before_any_job_and_keeps_results(first_run, root):
    exe, workdir, _ = first_run
    before = digests(workdir)
    small_table(root, workdir / "small.tsv", {"fig1_B_original": {"dt_ms": "-1"}})
    proc = snakemake(exe, root, workdir, check=False)
    assert proc.returncode != 0
    assert "row 'fig1_B_original' (line 3), column 'dt_ms'" in proc.stdout + proc.stderr
    assert digests(workdir) == before
    small_table(root, workdir / "small.tsv")


def test_a_clean_rerun_reproduces_every_byte(first_run, root, tmp_path):
    exe, workdir, _ = first_run
    small_table(root, tmp_path / "small.tsv")
    snakemake(exe, root, tmp_path)
    assert digests(tmp_path) == digests(workdir)
