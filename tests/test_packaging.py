"""What ``pip install .`` brings must be what the package imports (issue 14)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from helpers import REPO

SRC = REPO / "src" / "unspun"
#: Extras that only developers and benchmarks install: the package must not need them.
_TOOL_EXTRAS = {"dev", "bench"}


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalised (PEP 503)."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement)[0]).lower()


def _project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level third-party modules imported anywhere in src/, with the files."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "unspun" and top not in sys.stdlib_module_names:
                    found.setdefault(top, set()).add(str(path.relative_to(REPO)))
    return found


def test_every_imported_package_is_declared() -> None:
    project = _project()
    runtime = {_name(r) for r in project["dependencies"]}
    for extra, requirements in project.get("optional-dependencies", {}).items():
        if extra not in _TOOL_EXTRAS:  # heavy runtime parts, imported lazily
            runtime |= {_name(r) for r in requirements}
    distributions = packages_distributions()
    undeclared = {}
    for module, files in sorted(_third_party_imports().items()):
        names = {_name(d) for d in distributions.get(module, [module])}
        if not names & runtime:
            undeclared[module] = sorted(files)
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_every_declared_dependency_is_imported() -> None:
    distributions = packages_distributions()
    imported = {_name(d) for module in _third_party_imports()
                for d in distributions.get(module, [module])}
    unused = sorted(_name(r) for r in _project()["dependencies"]
                    if _name(r) not in imported)
    assert not unused, f"declared in pyproject.toml but never imported: {unused}"
