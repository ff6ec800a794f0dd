"""The embedded Qdrant Edge store's hazards: one process per shard (the project's own lock), a
serving process beside an ingest, the engine's plain errors as typed ones, and an index left by
the previous release (qdrant-client local mode), which is refused with a message and rebuilt."""

from __future__ import annotations

import fcntl
import json
import shutil

import pytest
from click.testing import CliRunner
from qdrant_client import QdrantClient, models

import rag.deps
from ingest.pipeline import Ingest
from rag.deps import Deps
from rag.errors import IndexFormatError, IndexLockedError, VectorStoreError
from rag.index.edge import SHARD_DIR, EdgeShard, edge_errors, remove_stale_copies
from rag.index.store import IndexStore
from tests.fakes import FakeEmbedder
from ui.cli.main import cli


def shard_path(settings, version: str):
    return settings.index_dir / "versions" / version / SHARD_DIR


def test_a_second_process_searches_a_private_copy_and_never_loads_the_held_shard(
    settings, ingested, monkeypatch
):
    first = IndexStore(settings).open_active()
    held = shard_path(settings, ingested.version)
    loaded = []
    load = EdgeShard.load
    monkeypatch.setattr("rag.index.edge.EdgeShard.load", lambda path: loaded.append(path) or load(path))
    try:
        second = IndexStore(settings).open_active()
        copy = second.vectors.path
        assert (copy.name, copy.parent.name.startswith("fieldguide-edge-")) == ("edge", True)
        assert loaded == [str(copy)]
        assert second.vectors.count() == first.vectors.count() == 110
        probe = first.vectors.all_vectors()
        some = sorted(probe)[0]
        assert second.vectors.search(probe[some], 1)[0][0] == some
        second.close()
        assert not copy.parent.exists()
    finally:
        first.close()
    assert held.is_dir()


def test_a_private_copy_taken_while_the_holder_rewrites_its_config_leaves_the_temporary_file_out(
    settings, ingested
):
    first = IndexStore(settings).open_active()
    held = shard_path(settings, ingested.version)
    # The engine's temporary config file, listed by the copy and gone before it is read (renamed
    # into place by the holder's load): a link to nothing fails a copy the same way.
    (held / ".atomicwriteXy12Ab").symlink_to(held / "renamed-already")
    try:
        second = IndexStore(settings).open_active()
        copy = second.vectors.path
        assert sorted(p.name for p in copy.iterdir()) == sorted(
            p.name for p in held.iterdir() if not p.name.startswith(".atomicwrite")
        )
        assert second.vectors.count() == first.vectors.count() == 110
        second.close()
    finally:
        first.close()


def test_only_copies_whose_lock_no_process_holds_are_removed_as_stale(tmp_path):
    for name in ("fieldguide-edge-held", "fieldguide-edge-dead", "fieldguide-edge-unlocked", "other"):
        (tmp_path / name / "edge").mkdir(parents=True)
        if name != "fieldguide-edge-unlocked":
            (tmp_path / name / "edge.lock").touch()
    with (tmp_path / "fieldguide-edge-held" / "edge.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a live process holds its copy's lock
        assert remove_stale_copies(tmp_path) == [tmp_path / "fieldguide-edge-dead"]
    # A folder without its lock file may be one being made: nothing proves it stale.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fieldguide-edge-held",
        "fieldguide-edge-unlocked",
        "other",
    ]


def test_a_shard_held_by_the_engine_itself_is_a_typed_error(tmp_path):
    with pytest.raises(IndexLockedError) as refused, edge_errors(tmp_path / "edge"):
        raise RuntimeError("Service internal error: WouldBlock")
    assert str(refused.value) == (
        f"The local index at {tmp_path / 'edge'} is locked by another running process "
        "(the embedded Qdrant Edge store allows one process per index folder). Stop that process, or run "
        "a Qdrant server and set FIELDGUIDE_QDRANT_URL so several processes can share the index."
    )


def test_closing_releases_the_shard_for_the_next_holder(settings, embedder, ingested):
    for _ in range(2):
        deps = Deps.open(settings, embedder)
        assert deps.index.vectors.count() == 110
        deps.close()


def test_an_ingest_beside_a_serving_process_builds_and_switches(settings, embedder, corpus, ingested):
    serving = Deps.open(settings, embedder)
    try:
        page = corpus / "portfolio" / "README.md"
        page.write_text(page.read_text() + "\n## Otters\n\nOtters hold hands while sleeping.\n")
        again = Ingest(settings, embedder, progress=False).run(corpus)
        assert (again.embedded, again.points_written, again.points_deleted) == (1, 1, 0)
        fresh = Deps.open(settings, embedder)
        try:
            top = fresh.retriever.retrieve("otters hold hands", k=1, mode="dense")[0]
            assert top.chunk.url.endswith("portfolio/README.md#otters")
        finally:
            fresh.close()
        # The old version keeps answering from its own shard until it is closed.
        assert serving.index.vectors.count() == 110
        assert serving.retriever.retrieve("beekeeper hive inspection", k=1)[0].chunk.id == (
            "page:portfolio/README.md#2"
        )
    finally:
        serving.close()


def test_an_engine_failure_becomes_a_typed_error(settings, embedder, corpus, ingested):
    shutil.rmtree(shard_path(settings, ingested.version) / "segments")
    (shard_path(settings, ingested.version) / "edge_config.json").write_text("{not json")
    with pytest.raises(VectorStoreError) as failed:
        IndexStore(settings).open_active()
    assert str(failed.value).startswith(
        f"The local index at {shard_path(settings, ingested.version)} could not be used: "
    )
    lock = shard_path(settings, ingested.version).with_suffix(".lock").open("a")
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the failed open released the lock
    lock.close()
    # The next ingest cannot reuse the broken shard, so it writes every point into a new one.
    again = Ingest(settings, embedder, progress=False).run(corpus)
    assert (again.embedded, again.points_written) == (0, 110)
    deps = Deps.open(settings, embedder)
    try:
        assert deps.index.vectors.count() == 110
    finally:
        deps.close()


def make_legacy(settings, version: str) -> None:
    """Turn a built version into the previous release's layout: a qdrant-client local store in
    `qdrant/` and a manifest without `vector_store`."""
    folder = settings.index_dir / "versions" / version
    shutil.rmtree(folder / SHARD_DIR)
    (folder / f"{SHARD_DIR}.lock").unlink()
    client = QdrantClient(path=str(folder / "qdrant"))
    client.create_collection(
        "fieldguide", vectors_config=models.VectorParams(size=4, distance=models.Distance.DOT)
    )
    client.upsert("fieldguide", points=[models.PointStruct(id=1, vector=[1.0, 0, 0, 0], payload={})])
    client.close()
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["vector_store"]
    (folder / "manifest.json").write_text(json.dumps(manifest))


LEGACY = (
    "The index at {folder} was built by an earlier release (qdrant-client local mode), which this release "
    "does not read. Run `fieldguide ingest` to rebuild it in the Qdrant Edge format (cached embeddings are "
    "reused)."
)


def test_an_index_from_the_previous_release_is_refused_with_what_to_do(
    settings, corpus, ingested, monkeypatch
):
    make_legacy(settings, ingested.version)
    folder = settings.index_dir / "versions" / ingested.version
    with pytest.raises(IndexFormatError) as refused:
        IndexStore(settings).open_active()
    assert str(refused.value) == LEGACY.format(folder=folder)
    assert not Ingest(settings, embedder=None).is_current(corpus)
    monkeypatch.setattr(rag.deps, "load_embedder", lambda settings: FakeEmbedder())
    searched = CliRunner().invoke(cli, ["search", "anything"])
    assert (searched.exit_code, searched.output) == (1, f"Error: {LEGACY.format(folder=folder)}\n")


def test_ingest_rebuilds_an_index_from_the_previous_release(
    settings, embedder, corpus, ingested, monkeypatch
):
    make_legacy(settings, ingested.version)
    monkeypatch.setattr(rag.deps, "load_embedder", lambda settings: FakeEmbedder())
    result = CliRunner().invoke(cli, ["ingest", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1] == (
        "Ingesting: the index was built by an earlier release (qdrant-client local mode), which this one "
        "does not read; rebuilding it in the Qdrant Edge format (cached embeddings are reused)."
    )
    assert (
        "Chunks embedded: 0, taken from cache: 110. Index points written: 110, deleted: 0." in result.stdout
    )
    store = IndexStore(settings)
    active = store.active_version()
    # The legacy version is removed, not kept as a previous version nobody can read.
    assert sorted(p.name for p in store.versions_dir.iterdir()) == [active]
    deps = Deps.open(settings, embedder)
    try:
        assert (
            deps.retriever.retrieve("beekeeper hive inspection", k=1)[0].chunk.id
            == "page:portfolio/README.md#2"
        )
    finally:
        deps.close()
