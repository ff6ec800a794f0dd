"""The real embedding model on each backend (torch, onnx, onnx-int8) over the fixture corpus.

The ONNX export is made once per test session; each backend ingests the fixture corpus once.
"""

import shutil

import numpy as np
import pytest
from click.testing import CliRunner
from pydantic import ValidationError

import ingest.pipeline
import rag.index.embed_pool as embed_pool
import rag.index.onnx_model as onnx_model
from ingest.pipeline import Ingest
from rag.config import Settings
from rag.deps import Deps, load_embedder
from rag.errors import EmbeddingModelError, IndexModelMismatchError
from rag.index.embed_pool import encode_in_workers
from rag.index.embedder import BACKENDS, Embedder, same_vectors
from rag.index.store import IndexStore
from tests.conftest import FIXTURE_CORPUS
from ui.cli.main import cli

QUESTION = "What mistakes do people make when building a portfolio?"


@pytest.fixture(scope="session")
def models_dir(onnx_models_dir):
    return onnx_models_dir


@pytest.fixture(scope="session")
def real(tmp_path_factory, models_dir):
    """Per backend: its settings (one shared export folder), embedder and ingest report."""
    root = tmp_path_factory.mktemp("backends")
    out = {}
    for backend in BACKENDS:
        settings = Settings(
            _env_file=None, data_dir=root / backend, embedding_backend=backend, qdrant_url=None
        )
        (root / backend).mkdir()
        (root / backend / "models").symlink_to(models_dir)
        embedder = load_embedder(settings)
        report = Ingest(settings, embedder, progress=False).run(FIXTURE_CORPUS)
        out[backend] = (settings, embedder, report)
    return out


def vectors(settings: Settings) -> dict[str, np.ndarray]:
    index = IndexStore(settings).open_active()
    try:
        return index.vectors.all_vectors()
    finally:
        index.close()


def test_every_backend_chunks_the_same_and_records_itself_in_the_index(real):
    reports = {b: r for b, (_, _, r) in real.items()}
    assert {b: r.model for b, r in reports.items()} == {
        "torch": "all-MiniLM-L6-v2:384:256",
        "onnx": "all-MiniLM-L6-v2:384:256:onnx",
        "onnx-int8": "all-MiniLM-L6-v2:384:256:onnx-int8-single",
    }
    assert len({sum(r.chunks.values()) for r in reports.values()}) == 1
    assert len({r.build_key for r in reports.values()}) == 3
    # The chunk cache is shared by runtime (chunking depends on the tokenizer only), vectors are not.
    assert [r.embedded for r in reports.values()] == [sum(reports["torch"].chunks.values())] * 3


def test_onnx_fp32_gives_the_torch_vectors_and_int8_close_ones(real):
    torch_vectors = vectors(real["torch"][0])
    for backend, floor in (("onnx", 0.9999), ("onnx-int8", 0.97)):
        other = vectors(real[backend][0])
        assert set(other) == set(torch_vectors)
        cos = [float(other[k] @ torch_vectors[k]) for k in torch_vectors]
        assert min(cos) >= floor, (backend, min(cos))


def test_one_query_ranks_the_same_on_every_backend(real):
    tops = {}
    for backend, (settings, embedder, _) in real.items():
        deps = Deps.open(settings, embedder)
        try:
            tops[backend] = [h.chunk.id for h in deps.retriever.retrieve(QUESTION, k=3)]
        finally:
            deps.close()
    assert tops["torch"][0].split("#")[0] == "page:portfolio/README.md"
    assert tops["onnx"] == tops["torch"]
    assert tops["onnx-int8"][0].split("#")[0] == tops["torch"][0].split("#")[0]  # int8 moves close scores


def test_queries_padded_in_a_batch_equal_queries_alone(real):
    embedder = real["onnx"][1]
    texts = ["hi", QUESTION, "portfolio " * 400]
    alone = np.stack([embedder.encode([t])[0] for t in texts])
    assert np.abs(embedder.encode(texts) - alone).max() < 1e-5


def test_word_pieces_are_counted_as_the_model_reads_them(real):
    embedder = real["torch"][1]
    tokenizer = embedder._load().model.tokenizer
    for text in (QUESTION, "Zebras excel here. " * 200, "naïve café — 2,000 €"):
        assert embedder.count_tokens(text) == len(tokenizer(text)["input_ids"])


def test_changing_the_backend_makes_the_index_stale(real):
    settings = real["torch"][0]
    assert Ingest(settings, embedder=None).is_current(FIXTURE_CORPUS)
    for backend in ("onnx", "onnx-int8"):
        changed = settings.model_copy(update={"embedding_backend": backend})
        assert not Ingest(changed, embedder=None).is_current(FIXTURE_CORPUS)
    # A torch index under today's defaults: `fieldguide ingest` says why it rebuilds, serving says what to do.
    defaults = Settings(_env_file=None, data_dir=settings.data_dir, qdrant_url=None)
    assert (defaults.embedding_backend, defaults.query_embedding_backend) == ("onnx-int8", "onnx-int8")
    stale = Ingest(defaults, embedder=None).staleness(FIXTURE_CORPUS)
    assert stale.message() == "settings changed: FIELDGUIDE_EMBEDDING_BACKEND torch → onnx-int8"
    with pytest.raises(IndexModelMismatchError, match="or set FIELDGUIDE_EMBEDDING_BACKEND to the backend"):
        Deps.open(defaults)


def test_worker_processes_embed_exactly_as_the_ingest_process(real, tmp_path, monkeypatch):
    settings, embedder, report = real["onnx-int8"]
    # Blocks of one batch (64): the batches, so the int8 vectors, of the one-block in-process ingest.
    monkeypatch.setattr(ingest.pipeline, "EMBED_BLOCK", 64)
    workers = settings.model_copy(update={"data_dir": tmp_path, "embed_workers": 2})
    (tmp_path / "models").symlink_to(settings.models_dir.resolve())
    spawned = []  # (spec, blocks, workers) per pool started
    monkeypatch.setattr(
        embed_pool, "encode_in_workers", lambda *a: spawned.append(a) or encode_in_workers(*a)
    )
    again = Ingest(workers, load_embedder(workers), progress=False).run(FIXTURE_CORPUS)
    assert [(len(blocks), n) for _, blocks, n in spawned] == [(2, 2)]
    assert (again.embedded, again.model) == (report.embedded, report.model)
    assert_same_vectors(vectors(workers), vectors(settings))


def assert_same_vectors(got: dict[str, np.ndarray], expected: dict[str, np.ndarray]) -> None:
    assert set(got) == set(expected)
    assert max(float(np.abs(got[k] - expected[k]).max()) for k in expected) == 0.0


def test_torch_embeds_in_this_process_whatever_the_workers(real, monkeypatch):
    embedder = real["torch"][1]
    monkeypatch.setattr(embed_pool, "encode_in_workers", lambda *a: pytest.fail("spawned workers"))
    blocks = [[QUESTION], ["portfolio"]]
    got = dict(embedder.encode_blocks(blocks, workers=2))
    assert np.abs(np.concatenate([got[0], got[1]]) - embedder.encode([QUESTION, "portfolio"])).max() < 1e-5


def test_queries_run_on_onnx_and_need_vectors_like_the_index(real):
    settings = real["torch"][0]
    deps = Deps.open(settings)  # fp32 either way: allowed
    assert (deps.embedder.backend, deps.embedder.loaded) == ("onnx", False)
    deps.close()
    assert real["onnx-int8"][0].query_embedding_backend == "onnx-int8"
    assert settings.model_copy(update={"query_backend": "torch"}).query_embedding_backend == "torch"
    with pytest.raises(IndexModelMismatchError, match="embedded with all-MiniLM-L6-v2:384:256 but"):
        Deps.open(settings, real["onnx-int8"][1])
    assert same_vectors("m:384:256", "m:384:256:onnx")
    assert not same_vectors("m:384:256:onnx", "m:384:256:onnx-int8-single")
    assert same_vectors("m:384:256:onnx-int8", "m:384:256:onnx-int8-single")  # an earlier int8 index
    assert not same_vectors("m:384:256", "other:384:256")


@pytest.mark.parametrize("backend", BACKENDS)
def test_unchanged_reingest_and_if_stale_load_no_model(real, backend, tmp_path, monkeypatch):
    settings = real[backend][0]
    data = shutil.copytree(settings.data_dir, tmp_path / "data", symlinks=True)
    monkeypatch.setenv("FIELDGUIDE_DATA_DIR", str(data))
    monkeypatch.setenv("FIELDGUIDE_EMBEDDING_BACKEND", backend)

    def fail(self):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(Embedder, "_load", fail)
    runner = CliRunner()
    for args in (["--if-stale"], []):
        same = runner.invoke(cli, ["ingest", *args, "--corpus", str(FIXTURE_CORPUS)])
        assert same.exit_code == 0, same.output
        assert "The index is up to date with this corpus and these settings (version " in same.output
    again = runner.invoke(cli, ["ingest", "--force", "--corpus", str(FIXTURE_CORPUS)], catch_exceptions=False)
    chunks = sum(real[backend][2].chunks.values())
    assert f"Chunks embedded: 0, taken from cache: {chunks}. Index points written: 0" in again.output


def test_the_export_is_cached_and_keyed_by_library_versions(real, models_dir, monkeypatch):
    model_path = real["onnx"][1].path
    first = onnx_model.onnx_model_file(model_path, models_dir, quantized=False)
    monkeypatch.setattr(onnx_model, "_export", lambda *a: pytest.fail("exported again"))
    assert onnx_model.onnx_model_file(model_path, models_dir, quantized=False) == first
    key = onnx_model.export_key(model_path)
    monkeypatch.setattr(onnx_model, "_version", lambda package: "0.0-other")
    assert onnx_model.export_key(model_path) != key


def test_unknown_backends_and_unexportable_models_are_refused(tmp_path):
    with pytest.raises(ValidationError):
        Settings(embedding_backend="tensorrt")
    with pytest.raises(EmbeddingModelError, match="unknown embedding backend 'tensorrt'"):
        Embedder(backend="tensorrt")
    (tmp_path / "modules.json").write_text(
        '[{"type": "sentence_transformers.models.Transformer", "path": ""},'
        ' {"type": "sentence_transformers.models.Dense", "path": "2_Dense"}]'
    )
    with pytest.raises(EmbeddingModelError, match="only Transformer \\+ mean Pooling"):
        onnx_model.check_exportable(tmp_path)
