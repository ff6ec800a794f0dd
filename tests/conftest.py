import os
import shutil
from pathlib import Path

import pytest

from evals.openai_stub import ScriptedOpenAI
from ingest.market_table import build_tables, write_tables
from ingest.pipeline import Ingest
from rag.config import Settings
from rag.deps import Deps
from rag.market.desk import MarketDesk
from rag.market.engine import MarketEngine
from rag.ops.answer_log import AnswerLog
from rag.records import Document
from tests.answer_helpers import ingest_fixture
from tests.fakes import FakeEmbedder
from tests.live_server import LiveServer, fixture_app, fixture_settings
from tests.log_helpers import seed_log

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
        data_dir=tmp_path / "data",
        rrf_page_weight=0.0,
        rrf_company_weight=0.0,
        rrf_company_page_weight=0.0,
        doc_score_weight=0.0,
        link_penalty=0.0,
        data_page_weight=1.0,
        rrf_figures_weight=0.0,
        rrf_audience_weight=0.0,
        rrf_talks_weight=0.0,
        rerank=False,
    )


@pytest.fixture(scope="session")
def onnx_models_dir(tmp_path_factory) -> Path:
    """ONNX exports shared by the tests on the real model (link a data dir's `models` here): made once."""
    return tmp_path_factory.mktemp("models")


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


@pytest.fixture(scope="module")
def answer_deps(tmp_path_factory):
    """Deps over the invented guide's index, built once per module (the answer tests only read it)."""
    deps = ingest_fixture(tmp_path_factory.mktemp("answer"))
    yield deps
    deps.close()


@pytest.fixture
def server():
    """A scripted OpenAI-compatible server for one test (evals/openai_stub.py)."""
    with ScriptedOpenAI() as s:
        yield s


@pytest.fixture(scope="session")
def desk_of(tmp_path_factory):
    """Opens a market desk over invented posting documents (a postings table of its own each); all
    are closed at the session's end."""
    opened: list[MarketDesk] = []

    def open_desk(docs) -> MarketDesk:
        path = tmp_path_factory.mktemp("market") / "market.duckdb"
        write_tables(build_tables(docs), path)
        opened.append(MarketDesk(MarketEngine(path)))
        return opened[-1]

    yield open_desk
    for desk in opened:
        desk.close()


def _posting(job_id: int, company: str, location: str, posted: str, skills: list | None = None) -> Document:
    """An invented posting, "AI engineer at <company>"; its raw skills are in its metadata only when given."""
    meta = {"job_id": str(job_id), "company": company, "location": location, "posted_date": posted}
    if skills is not None:
        meta["raw_skills"] = skills
    return Document(f"posting:{job_id}", "posting", f"AI engineer at {company}", [], f"u{job_id}", "", meta)


@pytest.fixture(scope="session")
def postings_desk(desk_of):
    """Opens a market desk over an invented postings table, {job id: (company, location, posted date[,
    raw skills])}, each row one `_posting`."""

    def open_desk(postings: dict[int, tuple]) -> MarketDesk:
        return desk_of([_posting(i, *row) for i, row in postings.items()])

    return open_desk


@pytest.fixture
def log(tmp_path):
    """A SQLite answer log holding tests/log_helpers.py's seed (test_answer_log.py has its own, empty,
    on each database)."""
    with AnswerLog(f"sqlite:///{tmp_path}/answers.sqlite3") as answer_log:
        seed_log(answer_log)
        yield answer_log


@pytest.fixture(scope="module")
def llm_app(request, tmp_path_factory):
    """The app served on a free port with a scripted LLM (`llm_app.llm`), once per module; the
    module's LLM_APP_SETTINGS override the fixture settings."""
    overrides = getattr(request.module, "LLM_APP_SETTINGS", {})
    with ScriptedOpenAI() as llm:
        settings = fixture_settings(tmp_path_factory.mktemp("llm-app"), **overrides)
        application, service = fixture_app(settings, llm_base_url=llm.base_url)
        with LiveServer(application) as app:
            app.llm, app.service = llm, service
            yield app
