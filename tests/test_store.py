"""The index store's contract, run on both backends: Qdrant Edge (the embedded default) and a
Qdrant server (FIELDGUIDE_QDRANT_URL, here qdrant-client's in-memory engine behind the client)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from qdrant_client import QdrantClient

from ingest.pipeline import Ingest
from rag.config import Settings
from rag.deps import Deps
from rag.index.filters import Filters
from rag.index.store import IndexStore
from tests.fakes import FakeEmbedder

pytestmark = pytest.mark.filterwarnings("ignore:Payload indexes have no effect in the local Qdrant")


@dataclass
class Backend:
    """Builds stores the way separate processes would: a fresh IndexStore each time (the server
    backend's in-memory engine stands for the one server they all reach)."""

    name: str
    settings: Settings
    client: QdrantClient | None = None

    def store(self, settings: Settings | None = None) -> IndexStore:
        return IndexStore(settings or self.settings, server_client=self.client)

    def ingest(self, corpus, embedder, settings: Settings | None = None):
        return Ingest(settings or self.settings, embedder, store=self.store(settings), progress=False).run(
            corpus
        )

    def open(self, embedder) -> Deps:
        return Deps.open(self.settings, embedder, store=self.store())

    def written(self, changed: int) -> int:
        """Points an ingest writes: the embedded store starts from a copy of the previous version,
        the server from an empty collection."""
        return changed if self.name == "edge" else 110

    def versions(self) -> list[str]:
        return sorted(p.name for p in (self.settings.index_dir / "versions").iterdir())


@pytest.fixture(params=["edge", "server"])
def backend(request, tmp_path):
    if request.param == "edge":
        yield Backend("edge", Settings(data_dir=tmp_path / "data"))
        return
    client = QdrantClient(location=":memory:")
    settings = Settings(data_dir=tmp_path / "data", qdrant_url="http://qdrant.test:6333")
    yield Backend("server", settings, client)
    client.close()


@pytest.fixture
def built(backend, embedder, corpus):
    return backend.ingest(corpus, embedder)


def ids(hits):
    return [h.chunk.id for h in hits]


def test_a_built_version_holds_every_chunk_and_is_active(backend, embedder, built):
    assert (built.embedded, built.points_written, built.points_deleted) == (110, 110, 0)
    store = backend.store()
    assert store.active_version() == built.version
    assert (
        store.manifest(built.version)["vector_store"]
        == {
            "edge": "qdrant-edge",
            "server": "qdrant-server",
        }[backend.name]
    )
    deps = backend.open(embedder)
    try:
        assert (deps.index.vectors.count(), deps.index.vectors.dim()) == (110, 256)
        stored = deps.index.vectors.all_vectors()
        assert len(stored) == 110 and {v.shape for v in stored.values()} == {(256,)}
    finally:
        deps.close()


def test_dense_search_and_filters_rank_the_same_on_both_backends(backend, embedder, built):
    deps = backend.open(embedder)
    r = deps.retriever
    try:
        top = r.retrieve("Airflow pipelines to retrieval pipelines", k=3, mode="dense")
        quillbyte = r.retrieve("AI engineer", k=10, mode="dense", filters=Filters(company="QUILLBYTE"))
        companies = r.retrieve("AI engineer", k=10, mode="dense", filters=Filters(kind="company"))
        berlin = r.retrieve(
            "AI engineer",
            k=10,
            mode="dense",
            filters=Filters(location="Berlin", kind="posting"),
            collapse=True,
        )
        nowhere = r.retrieve("AI engineer", k=10, mode="dense", filters=Filters(company="No Such Co"))
    finally:
        deps.close()
    assert [(h.chunk.id, round(h.score, 5)) for h in top] == [
        ("page:learning-paths/from-data-engineer.md#2", 0.51962),
        ("page:learning-paths/from-data-engineer.md#0", 0.46657),
        ("page:learning-paths/from-data-engineer.md#3", 0.32338),
    ]
    assert ids(quillbyte) == [
        "posting:4817291#1",
        "posting:4817203#1",
        "posting:4817203#0",
        "company:4817203#0",
        "posting:4817291#0",
        "posting:4817203#2",
        "posting:4817291#summary-1",
        "posting:4817203#3",
        "posting:4817203#summary-1",
        "posting:4817203#summary",
    ]
    assert ids(companies) == ["company:4817203#0", "company:6103557#0", "company:5290814#0"]
    assert [h.chunk.doc_id for h in berlin] == [
        "posting:4817203",
        "posting:3378860",
        "posting:8617735",
        "posting:8233716",
    ]
    assert nowhere == []


def test_reingest_of_unchanged_corpus_writes_nothing(backend, embedder, corpus, built):
    embedder.encoded.clear()
    again = backend.ingest(corpus, embedder)
    assert (again.embedded, again.cached, again.points_written, again.points_deleted) == (
        0,
        110,
        backend.written(0),
        0,
    )
    assert embedder.encoded == []
    assert again.version != built.version
    assert backend.store().active_version() == again.version


def test_changing_one_file_rewrites_only_its_changed_chunk(backend, embedder, corpus, built):
    page = corpus / "portfolio" / "README.md"
    page.write_text(
        page.read_text().replace("## Common mistakes", "## Common mistakes\n\nZebras excel here.")
    )
    again = backend.ingest(corpus, embedder)
    assert (again.embedded, again.points_written, again.points_deleted) == (1, backend.written(1), 0)
    deps = backend.open(embedder)
    try:
        [changed] = [c for c in deps.index.bm25.chunks if "Zebras" in c.text]
        top = deps.retriever.retrieve(changed.embed_text, k=1, mode="dense")[0]
    finally:
        deps.close()
    assert top.chunk.url.endswith("portfolio/README.md#common-mistakes")
    assert top.score == pytest.approx(1.0)


def test_deleted_file_disappears_from_the_index(backend, embedder, corpus, built):
    (corpus / "interview" / "questions" / "01-theory.md").unlink()
    again = backend.ingest(corpus, embedder)
    assert (again.embedded, again.points_deleted) == (0, 7 if backend.name == "edge" else 0)
    deps = backend.open(embedder)
    try:
        for mode in ("bm25", "dense"):
            hits = deps.retriever.retrieve("tokenization and attention", k=20, mode=mode)
            assert "page:interview/questions/01-theory.md" not in {h.chunk.doc_id for h in hits}
        assert deps.index.vectors.count() == 103
    finally:
        deps.close()


def test_changing_the_model_rewrites_every_point_at_the_new_size(backend, corpus, built):
    other = FakeEmbedder(dim=128)  # another model: new cache key, new vector size
    again = backend.ingest(corpus, other)
    assert (again.embedded, again.points_written, again.points_deleted) == (110, 110, 0)
    deps = backend.open(other)
    try:
        assert deps.index.vectors.dim() == 128
        assert deps.retriever.retrieve("Airflow pipelines", k=1, mode="dense")[0].chunk.doc_id == (
            "page:learning-paths/from-data-engineer.md"
        )
    finally:
        deps.close()


def test_old_versions_are_cleaned_up_keeping_active_and_previous(backend, embedder, corpus, built):
    runs = [backend.ingest(corpus, embedder).version for _ in range(3)]
    assert backend.versions() == sorted(runs[-2:])
    assert backend.store().active_version() == runs[-1]
    if backend.client is not None:
        assert sorted(c.name for c in backend.client.get_collections().collections) == sorted(
            f"fieldguide-{v}" for v in runs[-2:]
        )


def test_keep_versions_one_keeps_only_the_active_version(backend, embedder, corpus, built):
    single = backend.settings.model_copy(update={"keep_versions": 1})
    latest = backend.ingest(corpus, embedder, settings=single).version
    assert backend.versions() == [latest]


def test_server_mode_switches_the_alias_to_each_new_collection(settings, tmp_path, embedder, corpus):
    backend = Backend(
        "server",
        settings.model_copy(update={"data_dir": tmp_path / "srv", "qdrant_url": "http://qdrant.test:6333"}),
        QdrantClient(location=":memory:"),
    )
    first = backend.ingest(corpus, embedder)
    aliases = [(a.alias_name, a.collection_name) for a in backend.client.get_aliases().aliases]
    assert aliases == [("fieldguide", f"fieldguide-{first.version}")]
    second = backend.ingest(corpus, embedder)
    assert [(a.alias_name, a.collection_name) for a in backend.client.get_aliases().aliases] == [
        ("fieldguide", f"fieldguide-{second.version}")
    ]
    deps = backend.open(embedder)
    try:
        assert deps.index.version == second.version
        assert deps.retriever.retrieve("Nordlicht interview process design memo", k=1)[0].chunk.id == (
            "company:5290814#0"
        )
    finally:
        deps.close()
