"""The import rules of the layout, checked on the source (ast), not by importing it.

Layers, lowest first: the rag base (rag/*.py) < rag/index < rag/answer < rag/market < rag/ops;
rag/deps.py, the bundle of the index's clients, counts as rag/index. A module may import its own
layer and lower ones. rag/ imports none of ingest/, ui/, evals/, tests/; ingest/ none of ui/,
evals/, tests/; evals/ not ui/; ui/ outside ui/cli/ not evals/; only ui/cli/ imports ui/cli/ (the
top); nothing outside tests/ imports tests/. A runtime import outside tests/ must be the standard
library, a project package or a declared dependency of pyproject.toml (an import guarded by
`except ImportError` is optional and not checked).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import packages_distributions
from pathlib import Path

PACKAGES = ("rag", "ingest", "ui", "evals", "tests")  # the code; corpus/ (data) is a project package too
RAG_LAYERS = ("base", "index", "answer", "market", "ops")
LAYER_OF = {
    "rag.deps": "index"
}  # opens the index's clients (embedder, store, retriever) for the layers above
# The top-level packages each one must not import.
FORBIDDEN = {
    "rag": {"ingest", "ui", "evals", "tests"},
    "ingest": {"ui", "evals", "tests"},
    "evals": {"ui", "tests"},
    "ui": {"tests"},
}
SKIP_DIRS = {"fixtures", "__pycache__", "prompt_templates"}


@dataclass(frozen=True)
class Import:
    """One import statement's target, where it is, and whether it only runs for type checkers."""

    path: str  # relative to the root, with /
    line: int
    module: str  # the importing module, dotted
    target: str  # the module imported, dotted
    type_checking: bool
    optional: bool = False  # inside a `try` that handles ImportError


def module_name(path: Path) -> str:
    parts = list(path.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _handles_import_error(node: ast.Try) -> bool:
    names = {"ImportError", "ModuleNotFoundError"}
    return any(
        isinstance(h.type, ast.Name)
        and h.type.id in names
        or isinstance(h.type, ast.Tuple)
        and any(isinstance(e, ast.Name) and e.id in names for e in h.type.elts)
        for h in node.handlers
    )


def _targets(tree: ast.Module, module: str, is_package: bool) -> Iterator[tuple[ast.stmt, str, bool, bool]]:
    """(statement, imported module, under `if TYPE_CHECKING`, optional) for every import in the file."""

    def walk(
        node: ast.AST, checking: bool, optional: bool = False
    ) -> Iterator[tuple[ast.stmt, str, bool, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield child, alias.name, checking, optional
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    package = module.split(".") if is_package else module.split(".")[:-1]
                    package = package[: len(package) - (child.level - 1)]
                    base = ".".join([*package, *([base] if base else [])])
                yield child, base, checking, optional
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                yield from walk(ast.Module(body=child.body, type_ignores=[]), True, optional)
                yield from walk(ast.Module(body=child.orelse, type_ignores=[]), checking, optional)
            elif isinstance(child, ast.Try) and _handles_import_error(child):
                yield from walk(ast.Module(body=child.body, type_ignores=[]), checking, True)
                for rest in (*child.handlers, *child.orelse, *child.finalbody):
                    yield from walk(ast.Module(body=[rest], type_ignores=[]), checking, True)
            else:
                yield from walk(child, checking, optional)

    yield from walk(tree, False)


def imports(root: Path) -> Iterator[Import]:
    """Every import in the project's packages under `root`."""
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if SKIP_DIRS & set(relative.parts):
                continue
            module = module_name(relative)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))
            for statement, target, checking, optional in _targets(tree, module, path.name == "__init__.py"):
                yield Import(relative.as_posix(), statement.lineno, module, target, checking, optional)


def rag_layer(module: str) -> str:
    for name, layer in LAYER_OF.items():
        if module == name or module.startswith(name + "."):
            return layer
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RAG_LAYERS else "base"


def layer_violation(imp: Import) -> str | None:
    """Why this import breaks the layering, or None."""
    source, target = imp.module.split(".")[0], imp.target.split(".")[0]
    if target not in PACKAGES:
        return None
    where = f"{imp.path}:{imp.line} imports {imp.target}"
    if target in FORBIDDEN.get(source, set()):
        return f"{where}: {source} must not import {target}"
    if source == "ui" and target == "evals" and not imp.module.startswith("ui.cli"):
        return f"{where}: only the CLI (ui.cli) may import evals"
    if imp.target.startswith("ui.cli") and not imp.module.startswith(("ui.cli", "tests")):
        return f"{where}: ui.cli is the top layer; only it imports itself"
    if source == target == "rag":
        low, high = RAG_LAYERS.index(rag_layer(imp.module)), RAG_LAYERS.index(rag_layer(imp.target))
        if high > low:
            return (
                f"{where}: rag.{rag_layer(imp.module)} must not import rag.{rag_layer(imp.target)} "
                "(a higher layer)"
            )
    return None


def _normalise(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def declared_distributions(pyproject: Path) -> set[str]:
    """The runtime dependencies: `dependencies` and every optional group but dev."""
    project = tomllib.loads(pyproject.read_text())["project"]
    groups = [project.get("dependencies", [])]
    groups += [deps for name, deps in project.get("optional-dependencies", {}).items() if name != "dev"]
    return {_normalise(re.split(r"[\s\[<>=!~;]", spec, maxsplit=1)[0]) for group in groups for spec in group}


def project_packages(pyproject: Path) -> set[str]:
    """The packages pyproject.toml ships (tool.setuptools.packages.find.include), and tests."""
    config = tomllib.loads(pyproject.read_text())
    include = (
        config.get("tool", {}).get("setuptools", {}).get("packages", {}).get("find", {}).get("include", [])
    )
    return {pattern.rstrip("*").split(".")[0] for pattern in include} | set(PACKAGES)


def dependency_violation(
    imp: Import, declared: set[str], providers: dict[str, list[str]], project_packages: set[str]
) -> str | None:
    """Why this runtime import is not allowed (not stdlib, project or declared), or None."""
    top = imp.target.split(".")[0]
    if imp.type_checking or imp.optional or not top or imp.module.startswith("tests"):
        return None
    if top in sys.stdlib_module_names or top in project_packages or top == "__future__":
        return None
    distributions = {_normalise(d) for d in providers.get(top, [])}
    if distributions & declared:
        return None
    installed = f" (installed from {', '.join(sorted(distributions))})" if distributions else ""
    return f"{imp.path}:{imp.line} imports {top}: not a declared dependency in pyproject.toml{installed}"


def check(root: Path) -> list[str]:
    """Every layering and dependency problem under `root` (a project with a pyproject.toml)."""
    declared = declared_distributions(root / "pyproject.toml")
    ours = project_packages(root / "pyproject.toml")
    providers = packages_distributions()
    problems = []
    for imp in imports(root):
        for problem in (layer_violation(imp), dependency_violation(imp, declared, providers, ours)):
            if problem:
                problems.append(problem)
    return problems
