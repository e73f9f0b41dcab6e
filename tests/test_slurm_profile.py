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


def dry_run(workdir, *args: str, cwd=None, env=None) -> str:
    proc = subprocess.run(
        wr.command(workdir, "--dry-run", *args),
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


def test_slurm_profile_groups_the_single_neuron_jobs(tmp_path):
    with open(wr.ROOT / "params" / "neurons.tsv", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    workdir = wr.make_workdir(tmp_path / "full", rows)
    with open(wr.ROOT / "profiles" / "slurm" / "config.yaml") as handle:
        parts = yaml.safe_load(handle)["group-components"]
    out = dry_run(workdir, *SLURM_PROFILE, *wr.targets(rows))
    # one sbatch call per group job: 57 rows in ceil(57/20) submissions, montages in one
    groups = re.findall(r"Group job (\w+) ", out)
    figures = {(row["figure"], row["variant"]) for row in rows}
    assert groups.count("neurons") == math.ceil(len(rows) / parts["neurons"])
    assert groups.count("figures") == math.ceil(len(figures) / parts["figures"])
    # no simulation or montage job is submitted on its own (top-level, unindented)
    assert not re.findall(r"^rule (simulate_neuron|montage):", out, flags=re.MULTILINE)
    grouped = re.findall(r"^    rule (simulate_neuron|montage):", out, flags=re.MULTILINE)
    assert len(grouped) == len(rows) + len(figures)


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
