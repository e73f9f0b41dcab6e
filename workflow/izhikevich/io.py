"""NPZ results: byte-for-byte reproducible, written atomically, with provenance.

``numpy.savez`` stamps each member with the current time, so two identical runs give
different files; here members carry a fixed timestamp and keys are written in sorted
order. Every file the pipeline writes (NPZ, figures, tables, the validation cache, a row
appended by the notebook) goes through ``atomic_write``: it appears under its final name
only when complete, so an interrupted job never leaves a truncated file behind.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import traceback
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np

_EPOCH = (1980, 1, 1, 0, 0, 0)
_ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def atomic_write(path: str | os.PathLike, suffix: str = ".tmp") -> Iterator[Path]:
    """Write ``path`` all at once: yields a hidden temporary sibling to write to, renames it
    to ``path`` (``os.replace``, atomic on one filesystem) when the block ends, and removes
    it instead if the block raises (an existing ``path`` is then left as it was).
    ``suffix`` ends the temporary name (for writers that insist on an extension)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def save_npz(path: str | os.PathLike, arrays: Mapping[str, object]) -> None:
    """Write ``arrays`` (values: arrays, numbers or strings) as a reproducible NPZ."""
    with (
        atomic_write(path) as tmp,
        zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive,
    ):
        for key in sorted(arrays):
            value = np.asarray(arrays[key])
            if value.dtype == object:
                raise TypeError(f"{key!r}: object arrays are not portable")
            info = zipfile.ZipInfo(f"{key}.npy", date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            with archive.open(info, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, value, allow_pickle=False)


def load_npz(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """All arrays of an NPZ; 0-d string and number arrays become Python scalars."""
    with np.load(path, allow_pickle=False) as data:
        return {key: _scalar(data[key]) for key in data.files}


def _scalar(value: np.ndarray):
    return value.item() if value.ndim == 0 else value


def git_commit() -> str:
    """The project's git commit (``+dirty`` with uncommitted changes), or ``unknown``."""
    try:
        head = subprocess.run(
            ["git", "-C", str(_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}+dirty" if dirty else head


def provenance(**extra: object) -> dict[str, str]:
    """Versions and origin of a result: Python, Brian2, NumPy, code target, git commit.

    The code generation target is the one in force in this process (the schemes pin it,
    ``izhikevich.model.CODEGEN_TARGET``): read from Brian2, so that figure and table code,
    which imports this module, does not depend on the simulation modules.
    """
    import sys
    from importlib.metadata import version

    brian2 = sys.modules.get("brian2")
    info = {
        "python_version": platform.python_version(),
        "brian2_version": version("brian2"),
        "numpy_version": np.__version__,
        "codegen_target": str(brian2.prefs.codegen.target) if brian2 else "none",
        "git_commit": git_commit(),
    }
    info.update({k: str(v) for k, v in extra.items()})
    return info


def with_provenance(arrays: dict, row: Mapping, **extra: object) -> dict:
    """``arrays`` plus the row's columns (as their own keys) and provenance."""
    out = dict(arrays)
    for key, value in row.items():
        out.setdefault(key, value)
    prov = provenance(**extra)
    out.update(prov)
    out["row_json"] = json.dumps(dict(row), sort_keys=True)
    out["provenance_json"] = json.dumps(prov, sort_keys=True)
    return out


@contextmanager
def failure_logged(log: str | os.PathLike, what: str) -> Iterator[None]:
    """Append the traceback of a failing job to its rule log (then re-raise), so the log
    says why a row failed, also on a cluster where the console is elsewhere."""
    try:
        yield
    except BaseException:
        with open(log, "a") as handle:
            handle.write(f"{what} failed:\n{traceback.format_exc()}")
        raise
