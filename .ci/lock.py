"""Write requirements.txt: exact versions for every supported Python, in one file.

Each supported interpreter resolves the project with its extras in its own venv; this
script lists what got installed there (the project's dependency closure, read from the
installed metadata) and merges the lists: a version that every interpreter got is pinned
plainly, one that differs carries an environment marker (``; python_version == "3.11"``).
pip applies the file as constraints (``pip install -c requirements.txt -e '.[test]'``),
so each command installs only what it needs, at the locked versions.

Update the lock (maintainers; pyenv's 3.11, 3.12 and 3.13 on the path)::

    for v in 3.11.7 3.12.1 3.13.0; do
        PYENV_VERSION=$v python3 -m venv /tmp/lock-$v
        /tmp/lock-$v/bin/pip install -c .ci/lock-input.txt -e '.[notebook,test]'
        /tmp/lock-$v/bin/python .ci/lock.py collect > /tmp/lock-$v.txt
    done
    python3 .ci/lock.py merge /tmp/lock-3.1[123].*.txt > requirements.txt

``.ci/lock-input.txt`` holds the caps (and, to keep versions steady, the previous
``requirements.txt`` can be used as constraints for the packages that need not move).
"""

from __future__ import annotations

import re
import sys

HEADER = """\
# Exact versions of everything the project installs, for Python 3.11, 3.12 and 3.13
# (written by .ci/lock.py; do not edit by hand). Use as constraints:
#   pip install -c requirements.txt -e .            runtime (the figures command)
#   pip install -c requirements.txt -e '.[test]'    plus the tests and style tools
#   pip install -c requirements.txt -e '.[notebook]'  plus JupyterLab
# Brian2 per Python: 3.11 -> 2.9.0 (NumPy < 2.4), 3.12 -> 2.10.1 (Cython < 3.1.4),
# 3.13 -> 2.11.0. jsonschema stays below 4.25: from 4.25 its format extra (pulled in by
# Jupyter) imports rfc3987-syntax, which adds ~1.8 s to every snakemake start.
"""


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def collect(root: str = "izhikevich-figures", extras: tuple[str, ...] = ("notebook", "test")):
    """name==version of the installed closure of ``root[extras]`` (this interpreter)."""
    from importlib.metadata import distribution

    from packaging.requirements import Requirement

    found: dict[str, tuple[str, str]] = {}
    todo = [(root, set(extras))]
    done: set[tuple[str, frozenset]] = set()
    while todo:
        name, wanted = todo.pop()
        if (normal(name), frozenset(wanted)) in done:
            continue
        done.add((normal(name), frozenset(wanted)))
        dist = distribution(name)
        found[normal(name)] = (dist.metadata["Name"], dist.version)
        for text in dist.requires or []:
            req = Requirement(text)
            envs = [{"extra": e} for e in wanted] + [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                todo.append((req.name, set(req.extras)))
    found.pop(normal(root))
    return [f"{n}=={v}" for n, v in sorted(found.values(), key=lambda nv: nv[0].lower())]


def merge(locks: dict[str, list[str]]) -> str:
    """One file from per-Python lists (``{"3.11": ["numpy==2.3.5", ...], ...}``)."""
    versions: dict[str, dict[str, list[str]]] = {}
    display: dict[str, str] = {}
    for python, lines in locks.items():
        for line in lines:
            name, version = line.split("==")
            display.setdefault(normal(name), name)
            versions.setdefault(normal(name), {}).setdefault(version, []).append(python)
    out = [HEADER.rstrip("\n")]
    for key in sorted(versions, key=lambda k: display[k].lower()):
        by_version = versions[key]
        if len(by_version) == 1 and len(next(iter(by_version.values()))) == len(locks):
            out.append(f"{display[key]}=={next(iter(by_version))}")
            continue
        for version, pythons in sorted(by_version.items(), key=lambda vp: vp[1]):
            marker = " or ".join(f'python_version == "{p}"' for p in sorted(pythons))
            out.append(f"{display[key]}=={version} ; {marker}")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> None:
    if argv[:1] == ["collect"]:
        print("\n".join(collect()))
    elif argv[:1] == ["merge"]:
        locks = {}
        for path in argv[1:]:
            python = re.search(r"(3\.\d+)", path.rsplit("/", 1)[-1]).group(1)
            locks[python] = [line for line in open(path).read().split() if "==" in line]
        sys.stdout.write(merge(locks))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
