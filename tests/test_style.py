"""House style, checked where CI runs: ruff, snakefmt, snakemake --lint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
PYTHON_SOURCES = ["workflow", "tests", "benchmarks"]
SNAKEMAKE_SOURCES = ["Snakefile", "workflow/rules"]


def run(root: Path, *cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "cmd",
    [
        ("ruff", "check", *PYTHON_SOURCES),
        ("ruff", "format", "--check", *PYTHON_SOURCES),
        ("snakefmt", "--check", *SNAKEMAKE_SOURCES),
    ],
    ids=["ruff check", "ruff format", "snakefmt"],
)
def test_formatters_and_linters_are_clean(root, cmd):
    proc = run(root, str(BIN / cmd[0]), *cmd[1:])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_snakemake_lint_is_clean(root):
    proc = run(root, str(BIN / "snakemake"), "--lint")
    assert "Congratulations, your workflow is in a good condition!" in proc.stdout + proc.stderr
