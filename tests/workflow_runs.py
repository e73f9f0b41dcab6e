"""Run the real workflow on a few rows in a scratch directory (interrupt and Slurm tests).

A scratch run uses the repository's Snakefile with ``--directory``, a neuron table of a
few rows (``--config neurons=...``; the tiny network table of the tests, which only needs
to validate) and explicit targets, so that only those rows and their montages run.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TINY_NETWORK = ROOT / "tests" / "data" / "network_tiny.tsv"
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
OUTPUT_DIRS = ("results/neurons", "results/figures")


@dataclass
class Run:
    """A finished snakemake process: exit code, combined output, wall time."""

    returncode: int
    output: str
    seconds: float


def table_rows(ids: Iterable[str], source: Path = ROOT / "params" / "neurons.tsv") -> list[dict]:
    """Rows of ``source`` (as text cells) with the given ids, in the order given."""
    with open(source, newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}
    return [dict(rows[i]) for i in ids]


def write_table(path: Path, rows: Sequence[dict]) -> Path:
    """A neuron table with the columns of params/neurons.tsv."""
    with open(ROOT / "params" / "neurons.tsv", newline="") as handle:
        header = next(csv.reader(handle, delimiter="\t"))
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, header, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def make_workdir(path: Path, rows: Sequence[dict]) -> Path:
    """A scratch working directory whose neuron table (neurons.tsv) holds ``rows``."""
    path.mkdir(parents=True, exist_ok=True)
    write_table(path / "neurons.tsv", rows)
    return path


def targets(rows: Sequence[dict]) -> list[str]:
    """The NPZ of every row and the montages (pdf, png) of their figures and variants."""
    npz = [f"results/neurons/{row['id']}.npz" for row in rows]
    figures = sorted({(row["figure"], row["variant"]) for row in rows})
    return npz + [f"results/figures/{f}_{v}.{ext}" for f, v in figures for ext in ("pdf", "png")]


def command(workdir: Path, *args: str, sweeps: str = "none") -> list[str]:
    """snakemake on the repository's Snakefile in ``workdir``, on its neurons.tsv (and
    no maps of the parameter atlas unless ``sweeps`` names a table: the shipped maps'
    protocol rows are not in a small neuron table)."""
    config = ["--config", f"neurons={workdir / 'neurons.tsv'}", f"network={TINY_NETWORK}"]
    config.append(f"sweeps={sweeps}")
    config.append("fI_curves=none")  # no f-I curves (tests/test_workflow.py runs them)
    snakefile = ["--snakefile", str(ROOT / "Snakefile")]
    # --config takes any number of values: it goes last, after the targets
    return [SNAKEMAKE, *snakefile, "--directory", str(workdir), *args, *config]


def run(
    workdir: Path, *args: str, timeout: float = 600, env: dict | None = None, sweeps: str = "none"
) -> Run:
    """Run snakemake to the end; its output also goes to ``workdir/snakemake.out``."""
    start = time.perf_counter()
    with open(workdir / "snakemake.out", "w") as out:
        proc = subprocess.run(
            command(workdir, *args, sweeps=sweeps),
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            env={**os.environ, **(env or {})},
        )
    return Run(
        proc.returncode, (workdir / "snakemake.out").read_text(), time.perf_counter() - start
    )


def outputs(workdir: Path) -> dict[str, bytes]:
    """Every file under results/neurons and results/figures: relative path -> bytes.

    Hidden files (an interrupted writer's temporary ``.name.pid.tmp``) are left out:
    they are never outputs.
    """
    found = {}
    for sub in OUTPUT_DIRS:
        for path in sorted((workdir / sub).glob("*")):
            if path.is_file() and not path.name.startswith("."):
                found[str(path.relative_to(workdir))] = path.read_bytes()
    return found


def tail(text: str, lines: int = 60) -> str:
    """The last lines of a long log, for assertion messages."""
    return "\n".join(text.splitlines()[-lines:])


SUBMITTED = re.compile(r"submitted with SLURM jobid (\d+) \(log: ([^)]+)\)")


def submissions(output: str) -> list[tuple[str, str]]:
    """(Slurm job id, Slurm log path) of every sbatch submission in a snakemake log."""
    return SUBMITTED.findall(output)
