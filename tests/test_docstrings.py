"""Every public class in the project's packages says in its docstring's first line what it is."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("rag", "ingest", "ui", "evals", "corpus")


def classes_without_docstring(root: Path) -> list[str]:
    """`path:line Name` of each public class (nested ones too) with no docstring or an empty first line."""
    missing = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                    continue
                doc = ast.get_docstring(node)
                if not doc or not doc.splitlines()[0].strip():
                    missing.append(f"{path.relative_to(root).as_posix()}:{node.lineno} {node.name}")
    return missing


def test_every_public_class_has_a_docstring():
    assert classes_without_docstring(ROOT) == []


def test_a_class_without_one_is_reported(tmp_path):
    (tmp_path / "rag").mkdir()
    (tmp_path / "rag" / "x.py").write_text(
        'class Told:\n    """A told class."""\n\n\nclass Untold:\n    pass\n\n\nclass _Private:\n    pass\n'
    )
    assert classes_without_docstring(tmp_path) == ["rag/x.py:5 Untold"]
