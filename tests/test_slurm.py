"""The Slurm profile (profiles/slurm) against a real one-node Slurm brought up by .ci/slurm.

The session fixture starts the cluster with .ci/slurm/up.sh when Debian's Slurm packages
are installed (.ci/slurm/install.sh; root needed) and stops it at the end if it started
it. Without the packages the tests skip; under IZH_REQUIRE_SYSTEM=1 (CI) they fail.
What the cluster did (sbatch job ids, logs, checked outputs) is written to the terminal,
so that the CI log shows it.
"""

from __future__ import annotations

import csv
import fcntl
import math
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil
import pytest
import workflow_runs as wr
import yaml

from izhikevich import tables
from izhikevich.io import load_npz

from conftest import need

pytestmark = pytest.mark.slow

CI = wr.ROOT / ".ci" / "slurm"
PROFILE = wr.ROOT / "profiles" / "slurm"
#: 2004 Fig. 1 A and F, published (izhikevich scheme) and adjusted (notebook scheme)
ROWS = wr.table_rows(["fig1_A_original", "fig1_F_original", "fig1_A_adjusted", "fig1_F_adjusted"])
TARGETS = wr.targets(ROWS)
#: environment of the runs: Slurm's own configuration file, as on a real cluster
ENV = {k: v for k, v in os.environ.items() if k != "SLURM_CONF"}


def say(request, text: str) -> None:
    """Write to the terminal (and so to the CI log) past pytest's output capture.

    pytest-xdist workers' stdout does not reach the terminal, their stderr does.
    """
    lines = [f"[slurm] {line}" for line in text.rstrip().splitlines()]
    capture = request.config.pluginmanager.getplugin("capturemanager")
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    with capture.global_and_fixture_disabled():
        if reporter is not None and "PYTEST_XDIST_WORKER" not in os.environ:
            reporter.ensure_newline()
            for line in lines:
                reporter.write_line(line)
        else:
            sys.stderr.write("\n" + "\n".join(lines) + "\n")
            sys.stderr.flush()


def node_ready() -> bool:
    """sinfo answers and the node takes jobs."""
    try:
        proc = subprocess.run(
            ["sinfo", "-h", "-o", "%t"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0 and proc.stdout.split()[:1] in (["idle"], ["mix"], ["alloc"])


@dataclass
class Cluster:
    accounting: bool  # sacct works (slurmdbd), as on real clusters

    def args(self, status: str = "default") -> list[str]:
        """snakemake options of a run through the Slurm profile on this cluster.

        ``status``: how the plugin reads job states; "default" is its choice (sacct when
        it exists), "squeue" the documented alternative for clusters without accounting.
        """
        args = [
            "--workflow-profile",
            str(PROFILE),
            # the profile keeps the plugin's 40 s default for real clusters
            "--slurm-init-seconds-before-status-checks",
            "2",
        ]
        if status == "squeue" or not self.accounting:
            # without a database sacct fails on every query and the plugin would poll it
            # forever; MinJobAge (slurm.conf.in) keeps finished jobs visible to squeue
            args += ["--slurm-status-command", "squeue"]
        return args


@contextmanager
def users_lock():
    """Serialise the bookkeeping of which test processes use the cluster."""
    state = Path(os.environ.get("IZH_SLURM_DIR", "/tmp/izh-slurm"))
    state.mkdir(parents=True, exist_ok=True)
    with open(state / "users.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield state / "users"


@pytest.fixture(scope="session")
def slurm(request):
    """A running one-node Slurm: started by .ci/slurm/up.sh unless it already runs.

    A cluster that tests started is stopped (down.sh) when the last test process that
    uses it (pytest-xdist workers) finishes; one that was running before is left alone.
    """
    installed = all(shutil.which(exe) for exe in ("munged", "slurmctld", "slurmd", "sbatch"))
    need(installed, "Slurm is not installed (bash .ci/slurm/install.sh)")
    need(os.geteuid() == 0, "the one-node Slurm of .ci/slurm/up.sh needs root")
    with users_lock() as users:
        was_up = node_ready()
        up = subprocess.run(["bash", str(CI / "up.sh")], capture_output=True, text=True)
        need(up.returncode == 0, f".ci/slurm/up.sh failed:\n{up.stdout}{up.stderr}")
        users.mkdir(exist_ok=True)
        if not was_up:
            (users / "started-by-tests").touch()
        (users / str(os.getpid())).touch()
    acct = subprocess.run(["sacct", "-n", "-X"], capture_output=True, text=True, timeout=30)
    cluster = Cluster(accounting=acct.returncode == 0)
    status = "sacct (slurmdbd)" if cluster.accounting else "squeue"
    say(request, f"{up.stdout}job states read with {status}")
    yield cluster
    with users_lock() as users:
        (users / str(os.getpid())).unlink(missing_ok=True)
        others = [
            p for p in users.iterdir() if p.name.isdigit() and psutil.pid_exists(int(p.name))
        ]
        if not others and (users / "started-by-tests").exists():
            down = subprocess.run(["bash", str(CI / "down.sh")], capture_output=True, text=True)
            (users / "started-by-tests").unlink()
            say(request, down.stdout + down.stderr)


@pytest.fixture(scope="module")
def profile() -> dict:
    """profiles/slurm/config.yaml as plain YAML (its YTE lines are plain keys there)."""
    with open(PROFILE / "config.yaml") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> dict[str, bytes]:
    """Outputs of ROWS run locally (default profile)."""
    workdir = wr.make_workdir(tmp_path_factory.mktemp("local"), ROWS)
    run = wr.run(workdir, "--cores", "2", *TARGETS)
    assert run.returncode == 0, wr.tail(run.output)
    return wr.outputs(workdir)


def accounting(job_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Slurm's record of each job: (final state, memory requested)."""
    proc = subprocess.run(
        ["sacct", "-n", "-X", "-P", "-o", "JobIDRaw,State,ReqMem", "-j", ",".join(job_ids)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    records = (line.split("|") for line in proc.stdout.split())
    return {job: (state, mem) for job, state, mem in records}


def megabytes(req_mem: str) -> float:
    """sacct's ReqMem (e.g. 500M, 1G) in MB."""
    units = {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024**2}
    return float(req_mem[:-1]) * units[req_mem[-1]]


def describe_submissions(request, run: wr.Run, title: str) -> list[tuple[str, str]]:
    subs = wr.submissions(run.output)
    lines = [f"{title}: snakemake exit {run.returncode} after {run.seconds:.0f} s"]
    lines += [f"  sbatch job {job_id}  log {log}" for job_id, log in subs]
    say(request, "\n".join(lines))
    return subs


def test_slurm_run_equals_local_run(slurm, profile, local, tmp_path, request):
    workdir = wr.make_workdir(tmp_path / "slurm", ROWS)
    run = wr.run(workdir, *slurm.args(), *TARGETS, timeout=900, env=ENV)
    subs = describe_submissions(request, run, "reduced target on Slurm")
    assert run.returncode == 0, wr.tail(run.output, 120)

    # grouping: the rows go in submissions of `group-components` rows, montages likewise
    groups, parts = profile["groups"], profile["group-components"]
    montages = len({(row["figure"], row["variant"]) for row in ROWS})
    expected = math.ceil(len(ROWS) / parts[groups["simulate_neuron"]]) + math.ceil(
        montages / parts[groups["montage"]]
    )
    assert len(subs) == expected, wr.tail(run.output, 120)
    if slurm.accounting:
        records = accounting([job for job, _ in subs])
        say(request, f"  sacct (state, memory): {records}")
        assert {state for state, _ in records.values()} == {"COMPLETED"}

    # bit-identical to the local run: every array, then every file as a whole
    files = wr.outputs(workdir)
    assert sorted(files) == sorted(TARGETS) == sorted(local)
    checked = []
    for path in sorted(files):
        if path.endswith(".npz"):
            ours, theirs = load_npz(workdir / path), _arrays(local[path], tmp_path / "ref.npz")
            assert sorted(ours) == sorted(theirs), path
            for key in ours:
                a, b = np.asarray(ours[key]), np.asarray(theirs[key])
                assert a.dtype == b.dtype and a.shape == b.shape, (path, key)
                assert a.tobytes() == b.tobytes(), f"{path}: {key} differs from the local run"
        assert files[path] == local[path], f"{path} differs from the local run"
        checked.append(f"  checked {path}: {len(files[path])} bytes, identical to the local run")
    say(request, "\n".join(checked))


def _arrays(data: bytes, scratch: Path) -> dict:
    scratch.write_bytes(data)
    return load_npz(scratch)


@pytest.mark.parametrize("status", ["default", "squeue"])
def test_failed_cluster_job_names_its_log(slurm, profile, status, tmp_path, request):
    # a row that passes validation but cannot be simulated: its input overflows a double
    # (Brian2 raises while running the row's code; the table check only parses units)
    row = dict(wr.table_rows(["fig1_B_original"])[0])
    row.update(id="broken_overflow", panel="X", current="int(t > 10*ms) * 10**400")
    workdir = wr.make_workdir(tmp_path / "broken", [row])
    tables.load_neurons(workdir / "neurons.tsv")  # valid: the failure is the cluster job's
    target = "results/neurons/broken_overflow.npz"
    # the profile's retry (with more memory) is checked on the default path only
    retries = int(profile["retries"]) if status == "default" else 0

    args = slurm.args(status) + ([] if status == "default" else ["--retries", "0"])
    run = wr.run(workdir, *args, target, timeout=900, env=ENV)
    subs = describe_submissions(request, run, f"deliberately broken row on Slurm ({status})")
    assert run.returncode != 0

    # one submission per attempt, each failing with its log named in the error message
    assert len(subs) == 1 + retries, wr.tail(run.output, 120)
    for job_id, log in subs:
        assert f"log: {log} (check log file(s)" in run.output, f"job {job_id}: log not named"
        text = Path(log).read_text()
        assert "OverflowError" in text, f"{log} does not show the job's error"
    say(
        request,
        f"  error message names {', '.join(log for _, log in subs)}\n"
        "  each log shows the job's OverflowError; no NPZ was written",
    )
    assert not (workdir / target).exists()
    if slurm.accounting:
        records = accounting([job for job, _ in subs])
        say(request, f"  sacct (state, memory): {records}")
        assert {state for state, _ in records.values()} == {"FAILED"}
        # each retry asked for more memory (`attempt` in the profile's resources)
        memory = [megabytes(records[job][1]) for job, _ in subs]
        assert memory == sorted(set(memory)), memory


#: A map of the parameter atlas at reduced size: 6 x 5 points of the (a, b) plane at RS's
#: c, d, 8 points per chunk (4 chunks, RS's own point in the last), the RS step.
SMALL_MAP = {
    "id": "ab_slurm", "x": "a", "x_min": "0.01", "x_max": "0.11", "x_n": "6", "y": "b",
    "y_min": "0.15", "y_max": "0.25", "y_n": "5", "a": "", "b": "", "c": "-65", "d": "8",
    "protocol": "fig2_RS_original", "scheme": "izhikevich", "points_per_job": "8", "note": "",
}  # fmt: skip


def test_a_map_in_chunks_on_slurm_equals_the_local_run(slurm, profile, tmp_path, request):
    rows = wr.table_rows(["fig2_RS_original"])
    targets = ["results/atlas/ab_slurm.tsv", "results/figures/izhikevich2003_fig2_planes.png"]
    runs = {}
    for where in ("local", "slurm"):
        workdir = wr.make_workdir(tmp_path / where, rows)
        with open(workdir / "sweeps.tsv", "w", newline="") as handle:
            writer = csv.DictWriter(handle, list(SMALL_MAP), delimiter="\t")
            writer.writeheader()
            writer.writerow(SMALL_MAP)
        args = ["--cores", "2"] if where == "local" else slurm.args()
        sweeps = str(workdir / "sweeps.tsv")
        runs[where] = (workdir, wr.run(workdir, *args, *targets, timeout=900, env=ENV,
                                       sweeps=sweeps))  # fmt: skip
        assert runs[where][1].returncode == 0, wr.tail(runs[where][1].output, 120)
    run = runs["slurm"][1]
    subs = describe_submissions(request, run, "a map of 30 points in 4 chunks on Slurm")
    # the chunks in submissions of group-components, the map and the figure in one
    chunks = math.ceil(30 / 8)
    groups, parts = profile["groups"], profile["group-components"]
    assert groups["atlas_chunk"] == "atlas" and groups["atlas_map"] == "summaries"
    assert len(subs) == math.ceil(chunks / parts["atlas"]) + 1, wr.tail(run.output, 120)
    if slurm.accounting:
        records = accounting([job for job, _ in subs])
        say(request, f"  sacct (state, memory): {records}")
        assert {state for state, _ in records.values()} == {"COMPLETED"}
    local, remote = (runs[w][0] / "results" / "atlas" for w in ("local", "slurm"))
    assert (remote / "ab_slurm.tsv").read_bytes() == (local / "ab_slurm.tsv").read_bytes()
    for k in range(chunks):
        ours, theirs = (load_npz(d / "ab_slurm" / f"chunk{k}.npz") for d in (remote, local))
        for key in ("point", "class", "spike_offsets", "spike_times_ms", "a", "b"):
            assert np.array_equal(ours[key], theirs[key]), (k, key)
    say(request, f"  map of {chunks} chunks identical to the local run")
