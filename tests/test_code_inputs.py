"""A code change reruns exactly the jobs it affects; a moved checkout stays up to date.

Every rule that runs a script has the package modules the script imports (directly or
through other modules) as inputs (izhikevich.codedeps, workflow/rules/common.smk). The
unit tests check the import resolution against the standard library's ModuleFinder; the
workflow tests run a small workflow in a scratch copy of the checkout, edit each module of
the package in turn and ask Snakemake (dry run) which jobs it would run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from modulefinder import ModuleFinder
from pathlib import Path

import pytest

from izhikevich.codedeps import package_modules, script_modules

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workflow" / "izhikevich"
SCRIPTS = sorted((ROOT / "workflow" / "scripts").glob("*.py"))
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
#: One original row (re-run under the other schemes), one adjusted row, one tiny network.
ROWS = ["fig1_A_original", "fig1_B_adjusted"]
NETWORK = "id\tscheme\tNe\tNi\tduration_ms\tseed\nnet\tizhikevich\t40\t10\t100\t1\n"
#: The network step-size study on that network (target numerics, not part of rule all).
NUMERICS_NETWORK = "id\tsteps_ms\nnet\t1;0.5\n"
#: The single-neuron step-size study on the original row (one refinement, the reference).
NUMERICS_NEURONS = (
    "id\tdivisors\treference\treference_dt_ms\ttolerance_ms\n"
    "fig1_A_original\t1;2\treference\t0.05\t0.0001\n"
)
#: Every target: the default one and the step-size study.
TARGETS = ["all", "numerics"]
#: A map of 2 x 2 points on the step of 2004 Fig. 1 A (the parameter atlas's rules run).
SWEEPS = (
    "id\tx\tx_min\tx_max\tx_n\ty\ty_min\ty_max\ty_n\tc\td\tprotocol\tpoints_per_job\n"
    "tiny\ta\t0.02\t0.1\t2\tb\t0.2\t0.25\t2\t-65\t6\tfig1_A_original\t4\n"
)
#: One tiny f-I curve of the original row.
FI = (
    "id\tI_min\tI_max\tpoints\tduration_ms\tsettle_ms\trefine_rounds\n"
    "fig1_A_original\t0\t8\t3\t200\t50\t0\n"
)


class Finder(ModuleFinder):
    """ModuleFinder, searching only the workflow directory (third-party and standard
    modules are not found, and not followed)."""

    def _safe_import_hook(self, name, caller, fromlist, level=-1):
        # ModuleFinder skips a relative import whose name is that of a module it failed to
        # find (``import io`` then ``from .io import x``): resolve it regardless
        missing = self.badmodules.pop(name, None) if level > 0 else None
        try:
            super()._safe_import_hook(name, caller, fromlist, level)
        finally:
            if missing is not None:
                self.badmodules.setdefault(name, {}).update(missing)


def finder_modules(script: Path, workflow: Path) -> set[str]:
    """Package modules a script imports, by the standard library's ModuleFinder (it reads
    the compiled bytecode, function bodies included): an oracle independent of codedeps."""
    finder = Finder(path=[str(workflow)])
    finder.run_script(str(script))
    return {name for name in finder.modules if name.split(".")[0] == "izhikevich"}


# ------------------------------------------------------------------------------ units


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_modules_equal_what_modulefinder_finds(script):
    found = {path.relative_to(PACKAGE.parent) for path in script_modules(script)}
    modules = package_modules()
    expected = {
        modules[name].relative_to(PACKAGE.parent)
        for name in finder_modules(script, PACKAGE.parent)
    }
    assert found == expected


def test_imports_are_followed_through_the_package(tmp_path):
    pkg = tmp_path / "izhikevich"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "from .b import f\n",  # relative
        "b.py": "def f():\n    from . import c\n    return c\n",  # inside a function
        "c.py": "import izhikevich.sub.d as d\n",  # absolute, dotted
        "sub/__init__.py": "",
        "sub/d.py": "from .. import a\nfrom ..e import *\n",  # up one level; a cycle
        "e.py": "import numpy\n",
        "unused.py": "import izhikevich.a\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text)
    script = tmp_path / "job.py"
    script.write_text("import os\nfrom izhikevich.a import f\n")
    found = {p.relative_to(pkg).as_posix() for p in script_modules(script, pkg)}
    assert found == {"__init__.py", "a.py", "b.py", "c.py", "sub/__init__.py", "sub/d.py", "e.py"}
    assert found == {
        package_modules(pkg)[m].relative_to(pkg).as_posix()
        for m in finder_modules(script, tmp_path)
    }
    script.write_text("import numpy\n")
    assert script_modules(script, pkg) == []


# --------------------------------------------------------------------------- workflow


def copy_checkout(destination: Path) -> Path:
    """A copy of the checkout's files (what git tracks or would track), no results."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, destination / name)
    with open(ROOT / "params" / "neurons.tsv") as handle:
        lines = handle.read().splitlines()
    rows = [line for line in lines[1:] if line.split("\t")[0] in ROWS]
    (destination / "small.tsv").write_text("\n".join([lines[0], *rows]) + "\n")
    (destination / "net.tsv").write_text(NETWORK)
    (destination / "numerics_net.tsv").write_text(NUMERICS_NETWORK)
    (destination / "sweeps.tsv").write_text(SWEEPS)
    (destination / "fI.tsv").write_text(FI)
    (destination / "numerics_neurons.tsv").write_text(NUMERICS_NEURONS)
    return destination


def snakemake(checkout: Path, *args: str) -> str:
    cmd = [SNAKEMAKE, *TARGETS, "--cores", "2", *args, "--config", "neurons=small.tsv"]
    cmd += ["network=net.tsv", "numerics_network=numerics_net.tsv", "sweeps=sweeps.tsv"]
    cmd += ["fI_curves=fI.tsv", "numerics_neurons=numerics_neurons.tsv"]
    proc = subprocess.run(cmd, cwd=checkout, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


JOB = re.compile(r"^(?:local)?rule (\w+):\n((?:    .*\n)*)", re.MULTILINE)


@dataclass
class Job:
    """A job of a dry run: its rule, input and output files, and why it would run."""

    rule: str
    inputs: set[str]
    outputs: set[str]
    reason: dict[str, set[str]]


def planned(dry_run: str) -> dict[str, Job]:
    """Job (rule and outputs) -> Job, for every job a dry run would run."""
    jobs = {}
    for rule, body in JOB.findall(dry_run):
        fields = dict(re.findall(r"^    (\w+): (.*)$", body, re.MULTILINE))
        files = {k: set(fields.get(k, "").split(", ")) - {""} for k in ("input", "output")}
        # a job's benchmark file is an output too (results/runtimes.tsv reads them)
        files["output"] |= set(fields.get("benchmark", "").split(", ")) - {""}
        reason = (part.partition(": ") for part in fields.get("reason", "").split("; "))
        why = {label: set(names.split(", ")) for label, _, names in reason}
        key = f"{rule} {fields.get('output', '')}".strip()
        jobs[key] = Job(rule, files["input"], files["output"], why)
    return jobs


def downstream(jobs: dict[str, Job], start: set[str]) -> set[str]:
    """``start`` and every job that needs, directly or not, an output of one of them."""
    found = set(start)
    while True:
        outputs = set().union(*(jobs[key].outputs for key in found))
        more = {key for key, job in jobs.items() if job.inputs & outputs} - found
        if not more:
            return found
        found |= more


def rule_scripts(checkout: Path) -> dict[str, Path]:
    """Rule name -> the script it runs, read from the rule files."""
    scripts = {}
    for smk in (checkout / "workflow" / "rules").glob("*.smk"):
        for name, body in re.findall(r"^rule (\w+):\n((?:[ \n].*\n?)*)", smk.read_text(), re.M):
            script = re.search(r"script:\s*\n\s*\"([^\"]+)\"", body)
            if script:
                scripts[name] = (smk.parent / script.group(1)).resolve()
    return scripts


def importing_rules(checkout: Path, module: str) -> set[str]:
    """Rules whose script imports ``module``, directly or not (ModuleFinder)."""
    workflow = checkout / "workflow"
    return {
        rule
        for rule, script in rule_scripts(checkout).items()
        if module in finder_modules(script, workflow)
    }


def module_file(checkout: Path, module: str) -> Path:
    return checkout / "workflow" / package_modules()[module].relative_to(PACKAGE.parent)


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """A scratch checkout whose small workflow has run to the end."""
    checkout = copy_checkout(tmp_path_factory.mktemp("code") / "checkout")
    snakemake(checkout)
    return checkout


@pytest.fixture(scope="module")
def every_job(finished) -> dict[str, Job]:
    """Every job of the small workflow (dry run of --forceall)."""
    return planned(snakemake(finished, "-n", "--forceall"))


@pytest.mark.slow
def test_a_finished_run_is_up_to_date(finished):
    assert planned(snakemake(finished, "-n")) == {}


@pytest.mark.slow
def test_a_moved_checkout_is_up_to_date(finished, tmp_path):
    moved = tmp_path / "elsewhere" / "renamed"
    shutil.copytree(finished, moved, symlinks=True)  # copy2: times kept, as mv keeps them
    assert planned(snakemake(moved, "-n")) == {}


@pytest.mark.slow
def test_a_module_saved_unchanged_reruns_nothing(finished):
    """Snakemake compares the checksum of an input newer than the outputs."""
    source = module_file(finished, "izhikevich.model")
    stat = source.stat()
    try:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**12))  # 1000 s later
        assert planned(snakemake(finished, "-n")) == {}
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.mark.slow
def test_every_job_has_exactly_the_modules_its_script_imports_as_inputs(finished, every_job):
    assert {job.rule for job in every_job.values()} >= set(rule_scripts(finished))
    for module in package_modules():
        path = module_file(finished, module).relative_to(finished).as_posix()
        rules = importing_rules(finished, module)
        for key, job in every_job.items():
            assert (path in job.inputs) == (job.rule in rules), (module, key)


@pytest.mark.slow
@pytest.mark.parametrize("module", sorted(package_modules()), ids=str)
def test_editing_a_module_reruns_exactly_the_jobs_that_import_it(finished, every_job, module):
    source = module_file(finished, module)
    rules = importing_rules(finished, module)
    importers = {key for key, job in every_job.items() if job.rule in rules}
    text, stat = source.read_bytes(), source.stat()
    try:
        source.write_bytes(text + b"\n# edited\n")
        jobs = planned(snakemake(finished, "-n"))
    finally:
        source.write_bytes(text)
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    # the jobs that run the module, and the jobs that use their outputs; nothing else
    assert set(jobs) == downstream(every_job, importers)
    edited = source.relative_to(finished).as_posix()
    for key, job in jobs.items():
        if "Updated input files" in job.reason:
            assert key in importers and job.reason["Updated input files"] == {edited}
        else:
            assert set(job.reason) == {"Input files updated by another job"}, (key, job)
    if module in ("izhikevich.plotting", "izhikevich.validation_plots", "izhikevich.tabular"):
        assert not any(job.rule.startswith("simulate") for job in jobs.values())
