"""This workflow reused as a Snakemake module, run by an environment where the project is
not pip-installed; every job imports only what its rule environment (workflow/envs/)
holds; the report as a zip archive.

A user's workflow in a temporary directory declares ``module izhikevich`` (snakefile: this
repository's Snakefile) with its own config and its own small tables, ``use rule * from
izhikevich``, and gets its NPZ files, figures and NWB files. Snakemake runs with a Python
whose packages are this test environment's but without the project's install (a venv
whose only link to them is a path entry: the editable install's .pth is not read) and
with a stale ``izhikevich`` installed (a decoy that fails on import), so the jobs must find
``izhikevich`` through the workflow, as under ``--sdm conda`` or with another checkout's
package installed.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from importlib.metadata import PackageNotFoundError, distribution, packages_distributions
from pathlib import Path

import numpy as np
import pytest
import yaml
from packaging.requirements import Requirement
from workflow_runs import table_rows, write_table

from izhikevich.io import load_npz
from izhikevich.model import NeuronSpec, simulate_neuron

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
TINY_NETWORK = ROOT / "tests" / "data" / "network_tiny.tsv"
#: The user's own rows: one original (with a d of their own), one adjusted.
ROWS = ["fig1_A_original", "fig2_RS_adjusted"]
OWN_D = 4.5

#: What the stale installed package says when imported (a job must never import it).
DECOY = "decoy izhikevich: an installed package was imported, not the workflow's own"
#: This environment's variables without its bin/ on PATH (only the bare Python runs).
ENV = {
    **os.environ,
    "PATH": os.pathsep.join(
        p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != Path(sys.executable).parent
    ),
}
SITECUSTOMIZE = """
import atexit, json, os, sys

def _log():
    folder = os.environ.get("IZH_IMPORT_LOG")
    if folder:
        names = sorted(sys.modules)
        with open(os.path.join(folder, f"{os.getpid()}.json"), "w") as handle:
            json.dump({"argv": sys.argv, "modules": names}, handle)

atexit.register(_log)
"""


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def bare_python(tmp: Path) -> Path:
    """A venv that sees this environment's packages (a path entry) but not the project's
    editable install, and logs the modules each Python process imported."""
    venv = tmp / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    parent = Path(sysconfig.get_paths()["purelib"])
    # first (.pth files run in name order): this environment's packages as a path entry
    Path(site, "00-test-environment.pth").write_text(f"{parent}\n")
    # then its other .pth files (e.g. setuptools' distutils shim, which Brian2 needs from
    # Python 3.12), except the project's editable install
    for pth in parent.glob("*.pth"):
        if not pth.name.startswith("__editable__") and "izhikevich" not in pth.name:
            Path(site, pth.name).write_text(pth.read_text())
    Path(site, "sitecustomize.py").write_text(SITECUSTOMIZE)
    # a stale installed izhikevich (as from another checkout): the jobs must not import it
    Path(site, "izhikevich").mkdir()
    Path(site, "izhikevich", "__init__.py").write_text(f"raise ImportError({DECOY!r})\n")
    return python


@pytest.fixture(scope="module")
def user_workflow(tmp_path_factory):
    """The user's workflow, run once with `snakemake all numerics` (the default target and
    the step-size study) and once for the report archive."""
    tmp = tmp_path_factory.mktemp("module")
    python = bare_python(tmp)
    user = tmp / "user"
    (user / "tables").mkdir(parents=True)
    (user / "config").mkdir()
    rows = table_rows(ROWS)
    rows[0]["d"] = str(OWN_D)
    write_table(user / "tables" / "my_neurons.tsv", rows)
    network = TINY_NETWORK.read_text().splitlines()
    (user / "tables" / "my_network.tsv").write_text("\n".join(network[:2]) + "\n")
    # the network step-size study on that row (target numerics, not part of the default)
    row_id = network[1].split("\t")[0]
    (user / "tables" / "my_steps.tsv").write_text(f"id\tsteps_ms\n{row_id}\t1;0.5\n")
    # every other stage on the user's own row: a 3 x 3 map, an f-I curve, the step study
    own = ROWS[0]
    (user / "tables" / "my_sweeps.tsv").write_text(
        "id\tx\tx_min\tx_max\tx_n\ty\ty_min\ty_max\ty_n\ta\tb\tc\td\tprotocol\tscheme"
        f"\tpoints_per_job\nmy_ab\ta\t0.01\t0.03\t3\tb\t0.15\t0.25\t3\t\t\t-65\t6\t{own}"
        "\tizhikevich\t5\n"
    )
    (user / "tables" / "my_fI.tsv").write_text(
        "id\tI_min\tI_max\tpoints\tduration_ms\tsettle_ms\tmin_spikes\trefine_rounds"
        f"\trefine_points\n{own}\t0\t10\t6\t300\t100\t3\t1\t4\n"
    )
    (user / "tables" / "my_study.tsv").write_text(
        "id\tdivisors\treference\treference_dt_ms\ttolerance_ms\n"
        f"{own}\t1;2\treference\t0.05\t0.01\n"
    )
    config = {
        "neurons": "tables/my_neurons.tsv",
        "network": "tables/my_network.tsv",
        "numerics_network": "tables/my_steps.tsv",
        "numerics_neurons": "tables/my_study.tsv",
        "sweeps": "tables/my_sweeps.tsv",
        "fI_curves": "tables/my_fI.tsv",
        "scheme_comparison": ["izhikevich", "euler"],
    }
    (user / "config" / "config.yaml").write_text(yaml.safe_dump(config))
    (user / "Snakefile").write_text(
        'configfile: f"{workflow.basedir}/config/config.yaml"\n\n\n'
        "module izhikevich:\n"
        f'    snakefile:\n        "{ROOT / "Snakefile"}"\n'
        "    config:\n        config\n\n\n"
        "use rule * from izhikevich\n"
    )
    logs = tmp / "imports"
    logs.mkdir()
    env = {**ENV, "IZH_IMPORT_LOG": str(logs)}
    cmd = [str(python), "-m", "snakemake", "--cores", "2"]
    run = subprocess.run(
        [*cmd, "all", "numerics"], cwd=user, env=env, capture_output=True, text=True, timeout=900
    )
    report = subprocess.run(
        [*cmd, "--report", "report.zip"],
        cwd=user,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return {"python": python, "user": user, "run": run, "report": report, "logs": logs}


def test_the_bare_python_has_no_project_install_but_a_stale_package(user_workflow):
    proc = subprocess.run(
        [user_workflow["python"], "-c", "import izhikevich"], capture_output=True, text=True
    )
    assert proc.returncode != 0 and DECOY in proc.stderr
    proc = subprocess.run([user_workflow["python"], "-c", "import snakemake, brian2"])
    assert proc.returncode == 0


def test_the_module_makes_the_users_npz_figures_and_nwb(user_workflow):
    run, user = user_workflow["run"], user_workflow["user"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    results = user / "results"
    for row_id in ROWS:
        assert (results / "nwb" / "neurons" / f"{row_id}.nwb").stat().st_size > 0
    assert {p.stem for p in (results / "neurons").glob("*.npz")} == set(ROWS)
    assert {p.stem for p in (results / "network").glob("*.npz")} == {"tiny_s1"}
    assert (results / "nwb" / "network" / "tiny_s1.nwb").exists()
    for name in ("izhikevich2004_fig1_original", "izhikevich2003_fig2_adjusted"):
        for ext in ("pdf", "png"):
            assert (results / "figures" / f"{name}.{ext}").stat().st_size > 0
    # the user's own row (their d), simulated as the model simulates it
    own = load_npz(results / "neurons" / "fig1_A_original.npz")
    assert own["d"] == OWN_D
    row = {**table_rows(ROWS[:1])[0], "d": OWN_D}
    from izhikevich import tables

    spec = NeuronSpec.from_row(
        tables.row(tables.load_neurons(user / "tables" / "my_neurons.tsv"), ROWS[0])
    )
    assert spec.d == row["d"]
    np.testing.assert_array_equal(own["v"], simulate_neuron(spec).v)
    # the user's scheme comparison (their config): two schemes, not the shipped three
    header = (results / "scheme_comparison.tsv").read_text().splitlines()[0]
    assert "euler" in header and "notebook" not in header


def rule_environments() -> dict[str, str]:
    """script file name -> its rules' environment (workflow/envs/{name}.yaml)."""
    found: dict[str, set[str]] = {}
    for smk in (ROOT / "workflow" / "rules").glob("*.smk"):
        for body in re.findall(r"(?ms)^rule \w+:\n(.*?)(?=^rule |\Z)", smk.read_text()):
            env = re.search(r'conda:\n\s+"\.\./envs/(\w+)\.yaml"', body)
            script = re.search(r'script:\n\s+"\.\./scripts/([\w.]+)"', body)
            if env and script:
                found.setdefault(script.group(1), set()).add(env.group(1))
    assert all(len(envs) == 1 for envs in found.values()), found
    return {script: envs.pop() for script, envs in found.items()}


def closure(names: set[str]) -> set[str]:
    """Distributions ``names`` need when installed (metadata, markers evaluated)."""
    done: set[str] = set()
    todo = list(names)
    while todo:
        name = normal(todo.pop())
        if name in done:
            continue
        done.add(name)
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for text in requires:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return done


def imported_names(path: Path) -> set[str]:
    """Top-level names a source file imports (anywhere, also inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"izhikevich", "__future__"}


def test_every_job_imports_only_what_its_rule_environment_holds(user_workflow):
    """What each job's code imports (its script and the project modules the job loaded)
    comes from its workflow/envs/ file's packages or what they need. (Brian2's own
    optional imports, e.g. of pytest when it is there, are Brian2's business.)"""
    assert user_workflow["run"].returncode == 0
    envs = rule_environments()
    owner = packages_distributions()
    seen = set()
    for log in user_workflow["logs"].glob("*.json"):
        job = json.loads(log.read_text())
        script = re.search(r"\.([\w]+\.py)$", job["argv"][0] or "")
        if not script or script.group(1) not in envs:
            continue
        name, env = script.group(1), envs[script.group(1)]
        seen.add(name)
        sources = [ROOT / "workflow" / "scripts" / name] + [
            ROOT / "workflow" / Path(*module.split(".")).with_suffix(".py")
            for module in job["modules"]
            if module.startswith("izhikevich.")
        ]
        used = {normal(d) for src in sources for m in imported_names(src) for d in owner[m]}
        spec = yaml.safe_load((ROOT / "workflow" / "envs" / f"{env}.yaml").read_text())
        declared = {normal(d.split("=")[0]) for d in spec["dependencies"]}
        assert used <= closure(declared), (name, env, sorted(used - closure(declared)))
    assert seen == set(envs), set(envs) - seen


def test_the_report_is_also_a_zip_archive(user_workflow):
    report, user = user_workflow["report"], user_workflow["user"]
    assert report.returncode == 0, report.stderr[-3000:]
    with zipfile.ZipFile(user / "report.zip") as archive:
        names = archive.namelist()
        assert any(n.endswith("report.html") for n in names)
        for figure in ("izhikevich2004_fig1_original.png", "izhikevich2003_fig3.png"):
            assert any(n.endswith(figure) for n in names), figure
        assert any(n.endswith("validation.html") for n in names)
        assert archive.testzip() is None


def test_a_run_in_another_directory_finds_the_workflows_files(user_workflow, tmp_path):
    """The user's Snakefile run with --directory elsewhere (tables given by path)."""
    user = user_workflow["user"]
    names = {"neurons": "neurons", "network": "network", "sweeps": "sweeps", "fI_curves": "fI"}
    names |= {"numerics_network": "steps", "numerics_neurons": "study"}
    tables = {k: str(user / "tables" / f"my_{v}.tsv") for k, v in names.items()}
    target = "results/figures/izhikevich2003_fig2_adjusted.png"
    proc = subprocess.run(
        [str(user_workflow["python"]), "-m", "snakemake", "--cores", "2"]
        + ["--snakefile", str(user / "Snakefile"), "--directory", str(tmp_path), target]
        + ["--config", *(f"{k}={v}" for k, v in tables.items())],
        cwd=user.parent,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (tmp_path / target).stat().st_size > 0
    assert (tmp_path / "results" / "neurons" / "fig2_RS_adjusted.npz").exists()
