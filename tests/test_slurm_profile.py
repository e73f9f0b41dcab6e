"""The workflow profiles, checked by dry runs (no cluster needed).

profiles/default must be found for every way of calling snakemake on this Snakefile
(tests use --snakefile/--directory from elsewhere); profiles/slurm must plan the whole
workflow in few submissions and take partition and account from the environment.
"""

from __future__ import annotations

import csv
import math
import os
import re
import subprocess

import workflow_runs as wr
import yaml

SLURM_PROFILE = ["--workflow-profile", str(wr.ROOT / "profiles" / "slurm")]
with open(wr.ROOT / "profiles" / "slurm" / "config.yaml") as _handle:
    #: profiles/slurm/config.yaml as plain YAML (its YTE lines are plain keys there)
    PROFILE = yaml.safe_load(_handle)


def dry_run(workdir, *args: str, cwd=None, env=None, sweeps: str = "none") -> str:
    proc = subprocess.run(
        wr.command(workdir, "--dry-run", *args, sweeps=sweeps),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env=env,
    )
    assert proc.returncode == 0, wr.tail(proc.stdout + proc.stderr)
    return proc.stdout + proc.stderr


def test_default_profile_is_used_from_any_directory(tmp_path):
    rows = wr.table_rows(["fig1_A_original"])
    workdir = wr.make_workdir(tmp_path / "work", rows)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = dry_run(workdir, *wr.targets(rows), cwd=elsewhere)
    assert f"workflow specific profile {wr.ROOT / 'profiles' / 'default'} " in out
    out = dry_run(workdir, "--workflow-profile", "none", *wr.targets(rows), cwd=elsewhere)
    assert "workflow specific profile" not in out


def job_stats(out: str) -> dict[str, int]:
    """The 'Job stats' table of a dry run: rule -> number of jobs."""
    table = out.split("Job stats:", 1)[1].split("\n\n", 1)[0]
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\w+)\s+(\d+)$", table, re.MULTILINE)}


def test_slurm_profile_names_only_rules_of_the_workflow(tmp_path):
    # Snakemake silently ignores groups and resources of rules it does not have: a
    # renamed rule would quietly lose its grouping or resources
    proc = subprocess.run(
        [wr.SNAKEMAKE, "--snakefile", str(wr.ROOT / "Snakefile"), "--list-rules"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    rules = set(proc.stdout.split())
    named = set(PROFILE["groups"]) | set(PROFILE["set-resources"])
    assert named <= rules, f"not rules of the workflow: {sorted(named - rules)}"


def test_slurm_profile_groups_the_whole_workflow(tmp_path):
    with open(wr.ROOT / "params" / "neurons.tsv", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    workdir = wr.make_workdir(tmp_path / "full", rows)
    sweeps = str(wr.ROOT / "params" / "sweeps.tsv")
    out = dry_run(workdir, *SLURM_PROFILE, sweeps=sweeps)  # the default target: everything
    jobs = job_stats(out)
    groups = PROFILE["groups"]
    # every job of a grouped rule runs inside a group job (indented under it), none alone
    alone = re.findall(r"^rule (\w+):", out, flags=re.MULTILINE)
    assert not set(alone) & set(groups)
    inside = re.findall(r"^    rule (\w+):", out, flags=re.MULTILINE)
    assert sorted(inside) == sorted(r for r in jobs for _ in range(jobs[r]) if r in groups)
    # one sbatch call per group job: group-components single-neuron jobs per submission
    submitted = re.findall(r"Group job (\w+) ", out)
    single = sum(n for rule, n in jobs.items() if groups.get(rule) == "neurons")
    assert single >= len(rows)
    assert submitted.count("neurons") == math.ceil(single / PROFILE["group-components"]["neurons"])
    assert submitted.count("summaries") == 1
    # the parameter atlas's chunks, group-components per submission
    chunks = jobs["atlas_chunk"]
    assert chunks >= 14  # a chunk or more per map of params/sweeps.tsv
    assert submitted.count("atlas") == math.ceil(chunks / PROFILE["group-components"]["atlas"])
    # fewer submissions than jobs by a wide margin (the README quotes the numbers)
    assert len(submitted) + len(alone) - alone.count("all") < sum(jobs.values()) / 4


def test_slurm_profile_reads_partition_and_account_from_the_environment(tmp_path):
    rows = wr.table_rows(["fig1_A_original"])
    workdir = wr.make_workdir(tmp_path / "work", rows)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IZH_SLURM")}
    plain = dry_run(workdir, *SLURM_PROFILE, *wr.targets(rows), env=env)
    assert "slurm_partition" not in plain and "slurm_account" not in plain
    env.update(IZH_SLURM_PARTITION="short", IZH_SLURM_ACCOUNT="lab42")
    chosen = dry_run(workdir, *SLURM_PROFILE, *wr.targets(rows), env=env)
    resources = re.findall(r"resources: (.*)", chosen)
    assert resources and all(
        "slurm_partition=short" in r and "slurm_account=lab42" in r for r in resources
    )
