"""The lock (requirements.txt, one pin per package and Python), what pip installed, the
conda files (environment.yml, workflow/envs/*.yaml) and the README's commands agree."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PYTHONS = ("3.11", "3.12", "3.13")
#: Development tools that must not be part of the runtime (the figures command).
DEV_TOOLS = {"pytest", "pytest-xdist", "hypothesis", "nwbinspector", "ruff", "snakefmt"}
DEV_TOOLS |= {"black", "jupyterlab", "ipykernel", "ipywidgets", "nbclient", "notebook"}


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_module():
    spec = importlib.util.spec_from_file_location("lock", ROOT / ".ci" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lock_lines() -> list[Requirement]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]


def pins(python: str) -> dict[str, str]:
    """name -> version the lock gives ``python`` (e.g. "3.13")."""
    env = {"python_version": python, "python_full_version": f"{python}.0"}
    out: dict[str, str] = {}
    for req in lock_lines():
        if req.marker is None or req.marker.evaluate(env):
            (spec,) = req.specifier
            assert spec.operator == "==", req
            assert normal(req.name) not in out, f"{req.name} pinned twice for {python}"
            out[normal(req.name)] = spec.version
    return out


def conda_pins(path: Path) -> dict[str, str]:
    env = yaml.safe_load(path.read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and dep != "pip":
            name, pinned = dep.split("=", 1)
            out[normal(name)] = pinned
    return out


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def names(requirements: list[str]) -> set[str]:
    return {normal(Requirement(r).name) for r in requirements}


@pytest.mark.parametrize("python", PYTHONS)
def test_the_lock_pins_every_dependency_once_for_each_python(python):
    locked = pins(python)  # raises on a package pinned twice
    needed = names(project()["dependencies"])
    for extra in project()["optional-dependencies"].values():
        needed |= names(extra)
    assert needed <= set(locked), needed - set(locked)
    assert locked["jsonschema"] < "4.25"  # see the lock's header


def test_each_python_gets_the_newest_brian2_it_can_run():
    """3.11: Brian2 2.9.0 with NumPy < 2.4 (2.9.0 fails to import with >= 2.4);
    3.12: 2.10.1 (2.11 needs Python >= 3.13); 3.13: 2.11.0."""
    brian2 = {python: pins(python)["brian2"] for python in PYTHONS}
    assert brian2 == {"3.11": "2.9.0", "3.12": "2.10.1", "3.13": "2.11.0"}
    assert tuple(int(x) for x in pins("3.11")["numpy"].split(".")[:2]) < (2, 4)
    readme = (ROOT / "README.md").read_text()
    for python, pinned in brian2.items():
        assert re.search(rf"\| {python} \| {re.escape(pinned)} \|", readme), python


def test_what_pip_installed_here_is_what_the_lock_pins():
    """Every package of the project's closure in this environment has its locked version
    (the test command installs with -c requirements.txt)."""
    try:
        version("izhikevich-figures")
    except PackageNotFoundError:
        pytest.skip("the project is not pip-installed here")
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    locked = pins(python)
    installed = dict(line.split("==") for line in lock_module().collect(extras=("test",)))
    wrong = {
        n: (v, locked.get(normal(n))) for n, v in installed.items() if locked.get(normal(n)) != v
    }
    assert not wrong


def test_the_runtime_has_no_test_or_notebook_tools():
    """The figures command installs the dependencies only: none of them pulls in a test,
    style or notebook tool (closure computed from the installed metadata)."""
    try:
        runtime = lock_module().collect(extras=())
    except PackageNotFoundError:
        pytest.skip("the project is not pip-installed here")
    found = {normal(line.split("==")[0]) for line in runtime}
    assert not found & DEV_TOOLS, found & DEV_TOOLS
    assert {"brian2", "snakemake", "snakemake-executor-plugin-slurm", "pynwb"} <= found


def test_environment_yml_pins_what_the_lock_pins_for_its_python():
    conda = conda_pins(ROOT / "environment.yml")
    python = conda.pop("python")
    assert python in PYTHONS
    locked = pins(python)
    assert {n: v for n, v in conda.items() if locked.get(n) != v} == {}
    needed = names(project()["dependencies"])
    for extra in project()["optional-dependencies"].values():
        needed |= names(extra)
    assert needed <= set(conda)


@pytest.mark.parametrize("path", sorted((ROOT / "workflow" / "envs").glob("*.yaml")), ids=str)
def test_rule_environments_pin_what_the_lock_pins(path):
    conda = conda_pins(path)
    locked = pins(conda.pop("python"))
    assert {n: v for n, v in conda.items() if locked.get(n) != v} == {}


def test_every_rule_uses_a_stage_environment():
    used = set()
    for smk in (ROOT / "workflow" / "rules").glob("*.smk"):
        for rule, body in re.findall(r"(?ms)^rule (\w+):\n(.*?)(?=^rule |\Z)", smk.read_text()):
            env = re.search(r'conda:\n\s+"\.\./envs/(\w+)\.yaml"', body)
            assert env, f"rule {rule} has no workflow/envs/ environment"
            used.add(env.group(1))
    assert used == {p.stem for p in (ROOT / "workflow" / "envs").glob("*.yaml")}


@pytest.mark.parametrize("marker", ["figures-command", "test-command", "notebook-command"])
def test_readme_commands_are_one_line_for_the_machines_python3(marker):
    readme = (ROOT / "README.md").read_text()
    block = re.search(rf"<!-- {marker} -->\n```\n(.*?)```\n<!-- /{marker} -->", readme, re.S)
    lines = block.group(1).strip().splitlines()
    assert len(lines) == 1
    line = lines[0]
    assert "-c requirements.txt" in line and "python3." not in line
    if marker != "notebook-command":
        assert line.startswith("python3 -m venv .venv && ")
    extra = {"figures-command": "-e .", "test-command": "-e '.[test]'"}.get(
        marker, "-e '.[notebook]'"
    )
    assert f"{extra} " in line
