"""A local run killed mid-way (SIGKILL to snakemake and its jobs) resumes to the same files.

The rerun uses the default workflow profile (profiles/default, loaded automatically):
``rerun-incomplete`` redoes the jobs that were running, and the byte-reproducible, atomic
NPZ and figure writers mean that a file under its final name is always complete.
"""

from __future__ import annotations

import base64
import os
import re
import signal
import subprocess
import time

import psutil
import pytest
import workflow_runs as wr

pytestmark = pytest.mark.slow

#: 2004 Fig. 1 A-F, published parameters: six simulation jobs and one montage (pdf, png)
ROWS = wr.table_rows(f"fig1_{panel}_original" for panel in "ABCDEF")
TARGETS = wr.targets(ROWS)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, bytes]:
    """Outputs of an uninterrupted run of ROWS."""
    workdir = wr.make_workdir(tmp_path_factory.mktemp("clean"), ROWS)
    run = wr.run(workdir, "--cores", "2", *TARGETS)
    assert run.returncode == 0, wr.tail(run.output)
    files = wr.outputs(workdir)
    assert sorted(files) == sorted(TARGETS)
    return files


def kill_tree(popen: subprocess.Popen) -> list[psutil.Process]:
    """SIGKILL snakemake and every process below it at once (no handler runs).

    Returns the job processes (descendants) that were killed.
    """
    root = psutil.Process(popen.pid)
    jobs = root.children(recursive=True)
    for proc in [root, *jobs]:
        try:
            proc.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            pass
    popen.wait(timeout=10)
    gone, alive = psutil.wait_procs(jobs, timeout=10)
    assert not alive, f"still alive after SIGKILL: {alive}"
    return jobs


def marked_incomplete(workdir) -> set[str]:
    """Outputs that Snakemake's bookkeeping marks as started but not finished."""
    folder = workdir / ".snakemake" / "incomplete"
    if not folder.is_dir():
        return set()
    return {base64.b64decode(p.name).decode() for p in folder.iterdir() if p.is_file()}


def test_killed_run_resumes_to_identical_outputs(tmp_path, clean):
    workdir = wr.make_workdir(tmp_path / "killed", ROWS)
    npz = [t for t in TARGETS if t.endswith(".npz")]
    with open(workdir / "killed.out", "w") as out:
        proc = subprocess.Popen(
            wr.command(workdir, "--cores", "2", *TARGETS),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # kill once two rows are done and others are not: jobs are running then
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            if sum((workdir / t).exists() for t in npz) >= 2:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        killed = kill_tree(proc)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert killed, "no job process was running when snakemake was killed"
    assert proc.returncode == -signal.SIGKILL

    # every file under its final name is complete: byte-equal to the clean run's
    partial = wr.outputs(workdir)
    assert 2 <= sum(p.endswith(".npz") for p in partial) < len(npz)
    for path, data in partial.items():
        assert data == clean[path], f"{path} exists after the kill but differs from a clean run"
    incomplete = marked_incomplete(workdir)
    finished = {p for p in partial if p not in incomplete}

    # Snakemake refuses a directory a killed run left locked; --unlock is the documented cure
    unlock = wr.run(workdir, "--unlock", *TARGETS)
    assert unlock.returncode == 0, wr.tail(unlock.output)
    rerun = wr.run(workdir, "--cores", "2", *TARGETS)
    assert rerun.returncode == 0, wr.tail(rerun.output)
    assert re.search(r"workflow specific profile \S*profiles/default\b", rerun.output)

    # it redid exactly what was not finished, and everything equals the clean run
    redone = set(re.findall(r"output: (results/neurons/\S+\.npz)", rerun.output))
    assert redone == set(npz) - finished
    assert wr.outputs(workdir) == clean
