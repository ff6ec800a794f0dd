"""The BM25 index on disk (FORMAT 3, rag/index/bm25_file.py): the same index as the one built in
memory, the formats of earlier releases still read, and a damaged file refused with a typed error."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from rag.errors import IndexFileError
from rag.index.bm25 import BM25Index
from rag.index.bm25_file import MAGIC
from rag.index.filters import Filters, filter_fields
from rag.index.store import BM25_FILE, LEGACY_BM25_FILE, IndexStore, open_bm25
from rag.index.text_tokens import tokenize
from rag.index.vectors import point_id

QUERIES = ["tokenization and attention", "salary salary in london", "agent tooling", "beekeeper hive"]
FILTERS = [None, Filters(kind="posting"), Filters(kind="page"), Filters(company="Saltmarsh Finance")]
HINT = "Run `fieldguide ingest` to rebuild the index version (cached embeddings are reused)."


@pytest.fixture
def opened(deps):
    """The fixture corpus's index as serving opens it (mapped), and the same chunks fitted in memory."""
    bm25 = deps.index.bm25
    return bm25, BM25Index().fit(list(bm25.chunks))


def file_of(deps):
    return deps.index.dir / BM25_FILE


def test_an_ingest_writes_format_3_and_serving_maps_it(deps):
    assert deps.index.manifest["bm25_format"] == 3
    assert file_of(deps).read_bytes()[:8] == MAGIC
    assert not (deps.index.dir / LEGACY_BM25_FILE).exists()
    assert deps.index.bm25._file is not None  # mapped, not unpickled


def test_the_mapped_index_equals_the_one_built_in_memory(opened):
    mapped, fitted = opened
    assert len(mapped.chunks) == len(fitted.chunks) == 110
    assert list(mapped.chunks) == fitted.chunks
    assert mapped.idf == fitted.idf
    for query in QUERIES:
        assert mapped.scores(tokenize(query)).tolist() == fitted.scores(tokenize(query)).tolist()
        for flt in FILTERS:
            assert mapped.search(query, 8, flt) == fitted.search(query, 8, flt)


def test_scores_are_rank_bm25s_terms_added_as_the_previous_release_did(opened):
    from rank_bm25 import BM25Okapi

    mapped, _ = opened
    okapi = BM25Okapi([tokenize(c.embed_text) for c in mapped.chunks])
    norm = okapi.k1 * (1 - okapi.b + okapi.b * np.array(okapi.doc_len) / okapi.avgdl)
    for query in QUERIES:
        expected = np.zeros(len(mapped.chunks))
        for term in tokenize(query):
            rows = [i for i, counts in enumerate(okapi.doc_freqs) if term in counts]
            tf = np.array([okapi.doc_freqs[i][term] for i in rows], dtype=float)
            expected[rows] += okapi.idf.get(term, 0) * tf * (okapi.k1 + 1) / (tf + norm[rows]) if rows else 0
        assert mapped.scores(tokenize(query)).tolist() == expected.tolist()


def test_chunks_are_read_when_asked_for_and_kept(deps):
    bm25 = deps.index.bm25
    table = bm25.chunks
    assert table._kept == {} or len(table._kept) < len(table)
    first = table[3]
    assert table[3] is first and table[-107] is first
    assert table[1:3] == [table[1], table[2]]
    with pytest.raises(IndexError):
        table[110]
    point = point_id(first.id)
    assert deps.index.chunk(point) is first
    assert bm25.point_rows() == {point_id(c.id): i for i, c in enumerate(table)}


def test_filter_masks_of_the_mapped_index_agree_with_filters(deps):
    bm25 = deps.index.bm25
    fields = [filter_fields(c.kind, c.metadata) for c in bm25.chunks]
    for flt in FILTERS[1:] + [Filters(location="Berlin")]:
        assert bm25.mask(flt).tolist() == [flt.matches(f) for f in fields]


def previous_release_files(bm25: BM25Index) -> dict[int, bytes]:
    """The pickles FORMAT 1 (rank-bm25's model) and FORMAT 2 (score arrays, chunk tuples) were."""
    chunks = list(bm25.chunks)
    fields = [filter_fields(c.kind, c.metadata) for c in chunks]
    from rank_bm25 import BM25Okapi

    one = {"chunks": chunks, "fields": fields, "bm25": BM25Okapi([tokenize(c.embed_text) for c in chunks])}
    terms = list(bm25._term)
    two = {
        "format": 2,
        "chunks": [tuple(vars(c).values()) for c in chunks],
        "columns": {key: [f[key] for f in fields] for key in fields[0]},
        "terms": terms,
        "idf": np.array([bm25.idf[t] for t in terms]),
        "lengths": np.diff(bm25._starts),
        "rows": np.asarray(bm25._rows, dtype=np.int64),
        "adds": np.array(bm25._adds),
    }
    return {1: pickle.dumps(one), 2: pickle.dumps(two)}


@pytest.mark.parametrize("old_format", [1, 2])
def test_an_index_of_an_earlier_release_is_read_the_same(deps, tmp_path, old_format):
    saved = deps.index.bm25
    (tmp_path / LEGACY_BM25_FILE).write_bytes(previous_release_files(saved)[old_format])
    old = open_bm25(tmp_path, {"bm25_format": old_format} if old_format > 1 else {})
    assert old._file is None and old.chunks == list(saved.chunks)
    assert old.idf == saved.idf
    for query in QUERIES:
        assert old.scores(tokenize(query)).tolist() == saved.scores(tokenize(query)).tolist()
        for flt in FILTERS:
            assert old.search(query, 8, flt) == saved.search(query, 8, flt)


def copy_of(deps, tmp_path, change) -> str:
    """The message of opening a changed copy of the fixture's BM25 file."""
    data = bytearray(file_of(deps).read_bytes())
    path = tmp_path / "copy.idx"
    path.write_bytes(change(data))
    with pytest.raises(IndexFileError) as caught:
        BM25Index.open(path)
    assert caught.value.path == str(path)
    assert str(caught.value) == f"The BM25 index file {path} is unreadable: {caught.value.detail}. {HINT}"
    return caught.value.detail


def test_a_truncated_or_damaged_file_is_refused_with_what_is_wrong(deps, tmp_path):
    size = file_of(deps).stat().st_size
    assert copy_of(deps, tmp_path, lambda d: d[:-100]) == (
        f"{size - 100} bytes where its header records {size} (truncated?)"
    )
    assert (
        copy_of(deps, tmp_path, lambda d: d[:12])
        == "its header is damaged (Expecting value: line 1 column 1 (char 0))"
    )
    assert copy_of(deps, tmp_path, lambda d: b"") == "cannot mmap an empty file"
    pickled = previous_release_files(deps.index.bm25)[2]
    assert copy_of(deps, tmp_path, lambda d: pickled) == (
        "not a BM25 index file of this release (its first bytes differ)"
    )

    def bump_format(d):
        return d.replace(b'"format": 3', b'"format": 4', 1)

    assert copy_of(deps, tmp_path, bump_format) == "its header is not a format 3 header"

    def shuffle_offsets(d):
        head = json.loads(bytes(d[16 : 16 + int.from_bytes(d[8:16], "little")]))
        start = 16 + int.from_bytes(d[8:16], "little") + head["sections"]["starts"][0]
        d[start + 8 : start + 16] = (10**9).to_bytes(8, "little")
        return d

    assert copy_of(deps, tmp_path, shuffle_offsets) == "its term offsets are out of order"


def test_a_damaged_chunk_record_is_a_typed_error_when_read(deps, tmp_path):
    data = bytearray(file_of(deps).read_bytes())
    head = json.loads(bytes(data[16 : 16 + int.from_bytes(data[8:16], "little")]))
    records = 16 + int.from_bytes(data[8:16], "little") + head["sections"]["records"][0]
    data[records : records + 4] = b"\xff\xff\xff\xff"
    (tmp_path / "copy.idx").write_bytes(data)
    bm25 = BM25Index.open(tmp_path / "copy.idx")
    assert bm25.chunks[1].id == deps.index.bm25.chunks[1].id
    with pytest.raises(IndexFileError, match=r"unreadable: chunk record 0 is unreadable \("):
        bm25.chunks[0]


def test_a_missing_file_is_a_typed_error_at_open(deps, settings):
    file_of(deps).unlink()
    with pytest.raises(IndexFileError) as caught:
        IndexStore(settings).open_active()
    assert caught.value.detail == f"[Errno 2] No such file or directory: '{file_of(deps)}'"
