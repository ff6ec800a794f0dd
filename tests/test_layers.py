"""The layering and dependency rules (tests/layers.py) hold for the project, and catch a planted
violation of each kind with a message that says where and why."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.layers import check

ROOT = Path(__file__).resolve().parents[1]


def test_the_project_keeps_its_layers_and_declares_its_imports():
    assert check(ROOT) == []


def plant(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_planted_violations_are_reported_exactly(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    plant(
        tmp_path,
        {
            "rag/config.py": "import os\nimport sqlalchemy\n",
            "rag/index/store.py": "from rag.config import Settings\nfrom rag.answer.llm import LLMClient\n",
            "rag/answer/pipeline.py": "from rag.index.store import IndexStore\nfrom ..ops import usage\n",
            "rag/ops/usage.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pytest\n",
            "rag/errors.py": "import ui.app\n",
            "ingest/pipeline.py": "from rag.deps import Deps\n\ndef run():\n    from evals import metrics\n",
            "evals/metrics.py": "import tests.fakes\n",
            "ui/app.py": "import fastapi\nimport pytest\nimport evals.metrics\n",
            "ui/cli/main.py": "import evals.metrics\nimport ingest.pipeline\nimport ui.app\n",
            "ui/dashboard.py": "try:\n    import not_installed_anywhere\nexcept ImportError:\n    pass\n",
            "ui/format.py": "from ui.cli.main import cli\n",
            "tests/test_x.py": "import pytest\nimport ui.cli.main\n",
        },
    )
    assert check(tmp_path) == [
        "rag/answer/pipeline.py:2 imports rag.ops: rag.answer must not import rag.ops (a higher layer)",
        "rag/errors.py:1 imports ui.app: rag must not import ui",
        "rag/index/store.py:2 imports rag.answer.llm: rag.index must not import rag.answer (a higher layer)",
        "ingest/pipeline.py:4 imports evals: ingest must not import evals",
        "ui/app.py:2 imports pytest: not a declared dependency in pyproject.toml (installed from pytest)",
        "ui/app.py:3 imports evals.metrics: only the CLI (ui.cli) may import evals",
        "ui/format.py:1 imports ui.cli.main: ui.cli is the top layer; only it imports itself",
        "evals/metrics.py:1 imports tests.fakes: evals must not import tests",
    ]
