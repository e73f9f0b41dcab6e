"""Which package modules a script runs: the code inputs of the Snakemake rules.

A job's result depends on its script and on every ``izhikevich`` module the script
imports, directly or through another module, at the top or inside a function.
``workflow/rules/common.smk`` makes exactly those modules inputs of each rule that runs a
script, so editing a module reruns the jobs that run it and no other (rerun triggers
``mtime``/``input``: Snakemake compares the file's time and checksum). The imports are
read from the source with ``ast``; nothing is imported or executed.
"""

from __future__ import annotations

import ast
import functools
import os
from collections.abc import Iterator
from pathlib import Path

#: The package whose modules are tracked; other imports (numpy, brian2, ...) are not code
#: of this project (``environment.yml`` and each NPZ's provenance pin their versions).
PACKAGE_DIR = Path(__file__).resolve().parent


def package_modules(package_dir: str | os.PathLike = PACKAGE_DIR) -> dict[str, Path]:
    """Dotted name -> source file of every module of the package (``izhikevich.model``)."""
    package_dir = Path(package_dir)
    modules = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join((package_dir.name, *parts))] = path
    return modules


def direct_imports(path: str | os.PathLike, module: str | None, known: set[str]) -> set[str]:
    """Package modules that the source file ``path`` imports itself (any scope).

    ``module`` is the file's own dotted name (for relative imports), None for a script.
    Importing ``a.b.c`` runs ``a`` and ``a.b`` first, so their ``__init__`` count too.
    """
    stat = os.stat(path)
    names = _imported_names(str(path), module, (stat.st_mtime_ns, stat.st_size))
    found = set()
    for name in names:
        parts = name.split(".")
        for n in range(1, len(parts) + 1):
            prefix = ".".join(parts[:n])
            if prefix in known:
                found.add(prefix)
    return found


@functools.cache
def _imported_names(path: str, module: str | None, stamp: tuple[int, int]) -> frozenset[str]:
    """Every dotted name the file imports, made absolute (parsed once per file version:
    Snakemake asks for every rule, the table cache for tables.py)."""
    tree = ast.parse(Path(path).read_bytes(), filename=path)
    is_package = Path(path).name == "__init__.py"
    names: set[str] = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            if base is None:
                continue
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(names)


def _statements(nodes: list) -> Iterator[ast.AST]:
    """Every statement, also inside functions, classes, loops, ``if``/``try``/``with``
    blocks (imports are statements: expressions need not be walked)."""
    for node in nodes:
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from _statements(getattr(node, field, None) or [])


def _absolute(node: ast.ImportFrom, module: str | None, is_package: bool) -> str | None:
    if node.level == 0:
        return node.module
    if module is None:
        return None  # a relative import in a script: not into this package
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]  # the package the module is in
    parts = parts[: len(parts) - (node.level - 1)]
    if not parts:
        return None
    return ".".join(parts + ([node.module] if node.module else []))


def script_modules(
    script: str | os.PathLike,
    package_dir: str | os.PathLike = PACKAGE_DIR,
    module: str | None = None,
) -> list[Path]:
    """Source files of every package module ``script`` imports, directly or transitively.

    ``module``: the script's dotted name if it is itself a module of the package (its
    relative imports then count); its own file is not listed unless a cycle leads back.
    """
    modules = package_modules(package_dir)
    known = set(modules)
    todo = direct_imports(script, module, known)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        seen.add(name)
        todo |= direct_imports(modules[name], name, known) - seen
    return [modules[name] for name in sorted(seen)]
