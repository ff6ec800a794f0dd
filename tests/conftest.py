import os
import shutil
from pathlib import Path

import pytest

from ingest.pipeline import Ingest
from rag.config import Settings
from rag.deps import Deps
from tests.fakes import FakeEmbedder

FIXTURE_CORPUS = Path(__file__).parent / "fixtures" / "field-guide"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Every data path points into tmp_path; no FIELDGUIDE_* or OPENAI_* setting leaks in from the shell."""
    for name in list(os.environ):
        if name.startswith("FIELDGUIDE_") or name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FIELDGUIDE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no stray .env is read


@pytest.fixture
def settings(tmp_path) -> Settings:
    # Plain fusion, so rankings can be checked by hand; routing has its own tests (test_retrieval.py).
    return Settings(
        data_dir=tmp_path / "data", rrf_page_weight=0.0, rrf_company_weight=0.0, doc_score_weight=0.0
    )


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the fixture corpus."""
    return Path(shutil.copytree(FIXTURE_CORPUS, tmp_path / "field-guide"))


@pytest.fixture
def ingested(settings, embedder, corpus):
    report = Ingest(settings, embedder, progress=False).run(corpus)
    return report


@pytest.fixture
def deps(settings, embedder, ingested):
    deps = Deps.open(settings, embedder)
    yield deps
    deps.close()
