"""Snakemake end to end on a tiny network table: NPZ per row, summaries, figures, refusal."""

from __future__ import annotations

import csv
import hashlib
import subprocess
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_figures import check_fig3

from izhikevich.io import load_npz
from izhikevich.network import NetworkSpec, simulate_network
from izhikevich.network_stats import STATISTICS

pytestmark = pytest.mark.slow
TINY = Path(__file__).resolve().parent / "data" / "network_tiny.tsv"
TARGETS = [
    "results/network/summary.tsv",
    "results/network/summary_by_scheme.tsv",
    "results/figures/izhikevich2003_fig3.pdf",
    "results/figures/izhikevich2003_fig3.png",
    "results/figures/network_seeds.pdf",
    "results/figures/network_seeds.png",
]


def snakemake(exe, root, workdir, table, *targets, cores=2, check=True):
    cmd = [exe, *targets, "--snakefile", str(root / "Snakefile"), "--directory", str(workdir)]
    cmd += ["--cores", str(cores), "--config", f"neurons={root / 'params' / 'neurons.tsv'}"]
    cmd += [f"network={table}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def rows(path: Path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def workflow_run(tmp_path_factory, root):
    import shutil
    import sys

    exe = shutil.which("snakemake", path=str(Path(sys.executable).parent))
    workdir = tmp_path_factory.mktemp("network")
    snakemake(exe, root, workdir, TINY, *TARGETS)
    return exe, workdir


def test_one_npz_per_row_with_spikes_parameters_traces_and_provenance(workflow_run):
    _, workdir = workflow_run
    for row in rows(TINY):
        run = load_npz(workdir / "results" / "network" / f"{row['id']}.npz")
        spec = NetworkSpec.from_row(row)
        n = spec.N
        assert run["id"] == row["id"] and run["scheme"] == row["scheme"]
        assert (run["Ne"], run["Ni"], run["seed"]) == (spec.Ne, spec.Ni, spec.seed)
        assert all(len(run[k]) == n for k in "abcd")
        assert len(run["t_ms"]) == len(run["v"]) == len(run["I"]) == spec.n_steps
        assert run["spike_indices"].min() >= 0 and run["spike_indices"].max() < n
        assert run["codegen_target"] == "numpy" and run["brian2_version"] == version("brian2")
        # the job computed what this process computes for the same row
        here = simulate_network(spec)
        assert np.array_equal(run["spike_times_ms"], here.spike_times_ms)
        assert np.array_equal(run["spike_indices"], here.spike_indices)
        assert np.array_equal(run["v"], here.v)


def test_summary_tables(workflow_run):
    _, workdir = workflow_run
    summary = pd.read_csv(workdir / "results/network/summary.tsv", sep="\t")
    assert summary["id"].tolist() == [row["id"] for row in rows(TINY)]
    assert set(STATISTICS) <= set(summary.columns)
    by_scheme = pd.read_csv(
        workdir / "results/network/summary_by_scheme.tsv",
        sep="\t",
        keep_default_na=False,
        na_values=["NA"],
    )
    net = by_scheme[(by_scheme.scheme == "izhikevich") & (by_scheme.statistic == "total_spikes")]
    assert net["n"].item() == 2
    assert net["mean"].item() == pytest.approx(summary.total_spikes[:2].mean())
    assert set(by_scheme.scheme) == {"izhikevich", "notebook", "brian2_example"}


def test_figures_are_pdf_and_png(workflow_run):
    _, workdir = workflow_run
    for name in ("izhikevich2003_fig3", "network_seeds"):
        assert (workdir / f"results/figures/{name}.pdf").read_bytes()[:5] == b"%PDF-"
        assert (workdir / f"results/figures/{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fig3_draws_every_spike_of_its_npz(workflow_run):
    """The figure the job draws, rebuilt from the job's NPZ: every spike in the raster,
    inhibitory neurons above the line (tests/test_figures.py, check_fig3)."""
    import matplotlib.pyplot as plt

    from izhikevich.plotting import network_fig3_figure

    _, workdir = workflow_run
    run = load_npz(workdir / "results" / "network" / "tiny_s1.npz")
    fig = network_fig3_figure(run)
    check_fig3(fig, run)
    plt.close(fig)


def test_other_cores_give_the_same_bytes(workflow_run, root, tmp_path):
    exe, workdir = workflow_run
    targets = ["results/network/tiny_s1.npz", "results/network/tiny_notebook.npz"]
    snakemake(exe, root, tmp_path, TINY, *targets, cores=1)
    for target in targets:
        assert digest(tmp_path / target) == digest(workdir / target)


def test_bad_network_table_is_refused_before_any_job_and_keeps_results(workflow_run, root):
    exe, workdir = workflow_run
    before = {p: digest(p) for p in sorted((workdir / "results").rglob("*.*"))}
    bad = workdir / "bad_network.tsv"
    lines = TINY.read_text().splitlines()
    lines[2] = lines[2].replace("\t80\t20\t", "\t-80\t20\t")
    bad.write_text("\n".join(lines) + "\n")
    proc = snakemake(exe, root, workdir, bad, *TARGETS, check=False)
    assert proc.returncode != 0
    assert "row 'tiny_s2' (line 3), column 'Ne'" in proc.stdout + proc.stderr
    assert {p: digest(p) for p in sorted((workdir / "results").rglob("*.*"))} == before
