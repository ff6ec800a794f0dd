"""Ingest runs on the fixture corpus: the report, the manifest, killed runs and the ingest lock
(incremental writes and versions: tests/test_store.py; the local store's lock: tests/test_edge_store.py)."""

import fcntl
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.freshness import staleness
from ingest.pipeline import Ingest
from rag.deps import Deps
from rag.errors import IndexNotFoundError, IngestInProgressError
from rag.index.store import IndexStore

ROOT = Path(__file__).resolve().parents[1]


def versions(settings) -> list[str]:
    return sorted(p.name for p in (settings.index_dir / "versions").iterdir())


def test_report_counts_documents_chunks_and_problems(ingested):
    assert ingested.documents == {"page": 7, "posting": 13, "company": 3}
    assert ingested.chunks == {"page": 54, "posting": 53, "company": 3}
    assert (ingested.embedded, ingested.cached, ingested.points_written) == (110, 0, 110)
    assert [p.action for p in ingested.problems].count("skipped") == 1
    screen = ingested.render()
    assert "page               7        54" in screen
    assert "Files skipped: 1, ingested partially: 7." in screen
    assert (
        "Boilerplate: 1 line shared by at least 5 postings and 0 near copies of them, "
        "in 13 postings (never quoted)." in screen
    )


def test_manifest_records_corpus_model_counts_and_timings(settings, ingested):
    store = IndexStore(settings)
    manifest = store.manifest(store.active_version())
    assert manifest["version"] == ingested.version
    assert manifest["complete"] is True
    assert manifest["model"] == "fake-bag-of-words:256:128"
    assert manifest["corpus"]["content_hash"] == ingested.corpus["content_hash"]
    assert manifest["chunks"] == {"page": 54, "posting": 53, "company": 3}
    assert set(manifest["timings"]) == {
        "load",
        "chunk",
        "embed",
        "index",
        "bm25",
        "market",
        "boilerplate",
        "total",
    }
    # The invented guide's only line five postings share: each summary's title line.
    assert manifest["boilerplate"] == {"lines": 1, "near_lines": 0, "postings": 13, "min_postings": 5}
    assert len(manifest["problems"]) == 8


KILL_SCRIPT = """
import pathlib, sys, time
sys.path.insert(0, {root!r})
import rag.index.bm25
from ingest.freshness import staleness
from ingest.pipeline import Ingest
from rag.config import Settings
from tests.fakes import FakeEmbedder
stage, data_dir, corpus, marker = sys.argv[1:]
def stall(*args, **kwargs):
    pathlib.Path(marker).touch()
    time.sleep(300)
if stage == "embed":
    FakeEmbedder.encode = stall
elif stage == "index":
    rag.index.bm25.BM25Index.fit = stall
Ingest(Settings(data_dir=data_dir), FakeEmbedder(), progress=False).run(pathlib.Path(corpus))
"""


@pytest.mark.parametrize("stage", ["embed", "index"])
def test_ingest_killed_midway_leaves_previous_index_serving(
    tmp_path, settings, embedder, corpus, ingested, stage
):
    before = Deps.open(settings, embedder)
    expected = [h.chunk.id for h in before.retriever.retrieve("Airflow pipelines", k=5)]
    before.close()
    page = corpus / "README.md"
    page.write_text(page.read_text() + "\n## Late addition\n\nA brand new paragraph about otters.\n")
    script, marker = tmp_path / "kill_me.py", tmp_path / "stalled"
    script.write_text(KILL_SCRIPT.format(root=str(ROOT)))
    proc = subprocess.Popen(
        [sys.executable, str(script), stage, str(settings.data_dir), str(corpus), str(marker)]
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "ingest never reached the stall"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    store = IndexStore(settings)
    assert store.active_version() == ingested.version
    assert len(versions(settings)) == (2 if stage == "index" else 1)  # the dead run's partial version
    after = Deps.open(settings, embedder)
    assert [h.chunk.id for h in after.retriever.retrieve("Airflow pipelines", k=5)] == expected
    after.close()
    # The next ingest cleans up after the killed one and completes.
    done = Ingest(settings, embedder, progress=False).run(corpus)
    assert versions(settings) == sorted([ingested.version, done.version])
    assert store.active_version() == done.version
    # What the killed run embedded before dying was cached, so it is not embedded again.
    assert done.embedded == (0 if stage == "index" else 1)


def test_second_ingest_while_one_runs_is_refused(settings, embedder, corpus):
    lock_path = settings.index_dir / "ingest.lock"
    lock_path.parent.mkdir(parents=True)
    with lock_path.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(IngestInProgressError, match="Another ingest is running"):
            Ingest(settings, embedder, progress=False).run(corpus)


def test_opening_before_any_ingest_says_what_to_do(settings):
    with pytest.raises(
        IndexNotFoundError, match=r"No index has been built yet .* Run `fieldguide ingest` first"
    ):
        IndexStore(settings).open_active()


def test_every_step_shows_a_progress_bar_on_stderr(settings, embedder, corpus, capsys):
    Ingest(settings, embedder, progress=True).run(corpus)
    bars = {}
    for update in re.split(r"[\r\n]+", capsys.readouterr().err):
        if ": " in update:
            step, rest = update.split(": ", 1)
            bars[step.strip()] = rest.split("[")[0].strip()  # the last state of each bar, without timings
    assert bars == {
        "load postings": "100%|██████████| 13/13",
        "chunk": "100%|██████████| 23/23",
        "embed": "100%|██████████| 110/110",
        "index": "100%|██████████| 110/110",
        "bm25": "100%|██████████| 110/110",
    }


def test_staleness_names_the_chunker_and_copes_with_older_manifests():
    build = {"chunker_version": 2, "embedding_model": "m", "embedding_backend": "torch", "chunk_overlap": 24}
    old = {"build_key": "old", "files": {"a.md": "1"}, "build": {**build, "chunker_version": 1}}
    assert staleness(old, {"a.md": "1"}, "h", build, "new").reasons == ["the chunker changed (version 1 → 2)"]
    # A manifest from before the backend was recorded was built by torch.
    before = {**old, "build": {"chunker_version": 2, "embedding_model": "m", "chunk_overlap": 24}}
    assert staleness(
        before, {"a.md": "1"}, "h", {**build, "embedding_backend": "onnx-int8"}, "new"
    ).reasons == ["settings changed: FIELDGUIDE_EMBEDDING_BACKEND torch → onnx-int8"]
    # A manifest written before files and build settings were recorded.
    legacy = {"build_key": "old", "corpus": {"content_hash": "h"}}
    assert staleness(legacy, {}, "h", build, "new").message() == (
        "settings changed (the index does not record which)"
    )
    assert staleness(legacy, {}, "other", build, "new").message() == "the guide changed"
    assert staleness({**old, "build_key": "new"}, {}, "h", build, "new").current
