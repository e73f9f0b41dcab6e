"""environment.yml (conda) pins exactly what requirements.txt (pip) installs."""

from __future__ import annotations

import re

import yaml


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_pins(root) -> dict[str, str]:
    pins = {}
    for line in (root / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[normal(name)] = version
    return pins


def conda_pins(root) -> dict[str, str]:
    env = yaml.safe_load((root / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and dep != "pip":
            name, version = dep.split("=", 1)
            pins[normal(name)] = version
    return pins


def test_every_conda_pin_matches_the_pip_lock(root):
    pip, conda = pip_pins(root), conda_pins(root)
    python = conda.pop("python")
    assert python == "3.11"
    mismatched = {n: (v, pip.get(n)) for n, v in conda.items() if pip.get(n) != v}
    assert not mismatched


def test_the_project_dependencies_are_pinned_in_both(root):
    import tomllib

    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    needed = {normal(d) for d in project["dependencies"]}
    needed |= {"snakemake-executor-plugin-slurm", "pytest", "jsonschema"}
    assert needed <= set(pip_pins(root))
    assert needed <= set(conda_pins(root))


def test_no_package_is_pinned_twice(root):
    names = [
        normal(line.split("==")[0])
        for line in (root / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    ]
    assert len(names) == len(set(names))
