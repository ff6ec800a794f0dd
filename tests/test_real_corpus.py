"""Integration tests on the real guide at ../shared/field-guide with the real embedding model.

The ingest covers every page and company file and a fixed sample of postings (job id divisible
by 10); the retrieval gate runs the dev questions whose gold lies inside that sample. Floors are
set a little under measured values (see evals/README.md), so a regression fails CI.
"""

import os
import re

import pytest

from evals.questions import load_questions
from evals.retrieval_eval import evaluate_retrieval
from ingest.corpus import SHARED_DIR, CorpusManifest
from ingest.pipeline import Ingest, load_documents
from ingest.problems import Problems
from rag.config import PROJECT_ROOT, Settings
from rag.deps import Deps, load_embedder

pytestmark = pytest.mark.real_corpus

QUESTIONS = PROJECT_ROOT / "evals" / "retrieval" / "questions.jsonl"
POSTING_ID = re.compile(r"job-market/data_(?:raw|structured)/(\d+)_")
# Measured on this sample (see evals/README.md); the gate sits a few points below: 0.919 and 0.839
# with torch vectors, 0.919 and 0.860 with onnx-int8 (the default since 2026-12-01).
GATE = {"hybrid": {"hit@5": 0.88, "ndcg@10": 0.80}}


def in_sample(job_id: str) -> bool:
    return int(job_id) % 10 == 0


@pytest.fixture(scope="module")
def corpus_root():
    if not SHARED_DIR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the real corpus must be at {SHARED_DIR} in CI")
        pytest.skip(f"no real corpus at {SHARED_DIR}")
    return SHARED_DIR


def test_full_corpus_loads_every_posting_page_and_company(corpus_root):
    problems = Problems()
    docs = load_documents(corpus_root, CorpusManifest.load(), "pinned", problems)
    kinds = [d.kind for d in docs]
    assert (kinds.count("posting"), kinds.count("page"), kinds.count("company")) == (1765, 46, 51)
    assert [(p.path, p.action) for p in problems] == [
        ("job-market/data_raw/7412075_Gesture_Full_Stack_AI_Engineer.yaml", "partial")
    ]
    gesture = next(d for d in docs if d.id == "posting:7412075")
    assert gesture.source_paths[1] == "job-market/data_structured/7412075_Gesture_Full_Stack_AI_Engineer.yaml"


@pytest.fixture(scope="module")
def sample_index(corpus_root, tmp_path_factory, onnx_models_dir):
    settings = Settings(data_dir=tmp_path_factory.mktemp("real") / "data")
    settings.data_dir.mkdir()
    settings.models_dir.symlink_to(onnx_models_dir)  # the ONNX export, made once per test session
    embedder = load_embedder(settings)
    manifest = CorpusManifest.load()
    ids = {
        m.group(1)
        for p in manifest.glob(corpus_root, manifest.postings_raw)
        if (m := POSTING_ID.search(p.relative_to(corpus_root).as_posix())) and in_sample(m.group(1))
    }
    report = Ingest(settings, embedder, progress=False).run(corpus_root, posting_ids=ids)
    deps = Deps.open(settings, embedder)
    yield report, deps
    deps.close()


def test_sample_ingest_report(sample_index):
    report, _ = sample_index
    assert report.documents == {"page": 46, "posting": 168, "company": 51}
    assert report.problems == []
    assert report.embedded == sum(report.chunks.values()) - report.cached


def test_no_chunk_exceeds_the_model_window(sample_index):
    _, deps = sample_index
    sizes = [deps.embedder.count_tokens(c.embed_text) for c in deps.index.bm25.chunks]
    assert max(sizes) <= deps.embedder.max_tokens == 256


def test_citations_deep_link_into_the_pinned_guide(sample_index):
    _, deps = sample_index
    hit = deps.retriever.retrieve("how many AI engineering jobs are AI-first", k=1)[0]
    assert hit.chunk.url.startswith(
        "https://github.com/alexeygrigorev/ai-engineering-field-guide/blob/"
        "1961e786814ab362b38532bfd5faeef4231c9db7/"
    )


def test_retrieval_gate_on_dev_questions_in_the_sample(sample_index):
    _, deps = sample_index
    questions = [
        q
        for q in load_questions(QUESTIONS)
        if q.split == "dev"
        and q.gold
        and all(in_sample(m.group(1)) for g in q.gold if (m := POSTING_ID.search(g)))
    ]
    assert len(questions) == 74
    results = {
        mode: evaluate_retrieval(deps.retriever, questions, mode=mode) for mode in ("bm25", "dense", "hybrid")
    }
    print({mode: {k: r[k] for k in ("hit@5", "ndcg@10", "mrr@10")} for mode, r in results.items()})
    for metric, floor in GATE["hybrid"].items():
        assert results["hybrid"][metric] >= floor, (metric, results["hybrid"][metric])
