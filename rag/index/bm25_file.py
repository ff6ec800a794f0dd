"""The BM25 index and chunk table on disk (FORMAT 3): one file, memory-mapped when opened.

Opening it reads a small header and checks the layout; the score arrays are views of the mapped
file and each chunk record is unpickled when it is first asked for, so an index opens in
milliseconds whatever its size (the pickle of FORMAT 2 took 0.46 s for the guide's 16,000 chunks).

Layout: MAGIC, the header's length (8 bytes, little endian), the header (JSON: format, counts,
the file's size and each section's offset, length and dtype), then the sections, each aligned to
ALIGN bytes: `idf`, `starts` (where each term's postings begin in `rows` and `adds`), `rows` (the
chunks containing the term), `adds` (what the term adds to each one's score), `ends` (where each
chunk record ends in `records`), `records` (pickled chunk tuples), `terms` and `points` (the terms
and the chunks' Qdrant point ids, one a line) and `columns` (the filter fields, pickled).
"""

from __future__ import annotations

import contextlib
import json
import mmap
import pickle
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

from rag.errors import IndexFileError
from rag.records import Chunk

MAGIC = b"FGBM25\x00\x03"
FORMAT = 3
ALIGN = 64
ARRAYS = {"idf": "<f8", "starts": "<i8", "rows": "<i4", "adds": "<f8", "ends": "<i8"}
_FIELDS = tuple(Chunk.__dataclass_fields__)


def _text(lines: list[str]) -> bytes:
    return "\n".join(lines).encode()


def write(
    path: Path,
    arrays: dict[str, np.ndarray],
    chunks: Sequence[Chunk],
    terms: list[str],
    points: list[str],
    columns: dict[str, list],
) -> None:
    """Write the file to a temporary name and move it into place (a reader sees all or nothing)."""
    records = [pickle.dumps(tuple(getattr(c, f) for f in _FIELDS), protocol=5) for c in chunks]
    ends = np.cumsum([len(r) for r in records], dtype=np.int64)
    blobs: dict[str, bytes] = {
        **{
            name: np.ascontiguousarray(arrays[name], dtype=ARRAYS[name]).tobytes()
            for name in ARRAYS
            if name != "ends"
        },
        "ends": ends.astype(ARRAYS["ends"]).tobytes(),
        "records": b"".join(records),
        "terms": _text(terms),
        "points": _text(points),
        "columns": pickle.dumps(columns, protocol=5),
    }
    sections, offset = {}, 0
    for name, blob in blobs.items():
        sections[name] = [offset, len(blob)]
        offset += -(-len(blob) // ALIGN) * ALIGN
    header = {
        "format": FORMAT,
        "chunks": len(records),
        "terms": len(terms),
        "postings": int(len(arrays["rows"])),
        "sections": sections,
    }
    # The header states the file's size, which depends on the header's own length: fix its width.
    header["size"] = 0
    head = json.dumps(header).encode()
    start = -(-(len(MAGIC) + 8 + len(head) + 24) // ALIGN) * ALIGN
    header["size"] = start + offset
    head = json.dumps(header).encode().ljust(start - len(MAGIC) - 8)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        f.write(MAGIC + len(head).to_bytes(8, "little") + head)
        for name, blob in blobs.items():
            f.seek(start + sections[name][0])
            f.write(blob)
        f.truncate(start + offset)
    tmp.replace(path)


class IndexFile:
    """An opened FORMAT 3 file: its header, checked, and its sections as views of the mapping."""

    def __init__(self, path: Path):
        self.path = path
        try:
            with path.open("rb") as f:
                self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:  # ValueError: an empty file cannot be mapped
            raise IndexFileError(str(path), str(exc) or "empty file") from exc
        try:
            self.header, self._start = self._read_header()
            self._check()
        except BaseException:
            self.close()
            raise

    def _fail(self, detail: str) -> IndexFileError:
        return IndexFileError(str(self.path), detail)

    def _read_header(self) -> tuple[dict[str, Any], int]:
        m = self._map
        if m[: len(MAGIC)] != MAGIC:
            raise self._fail("not a BM25 index file of this release (its first bytes differ)")
        length = int.from_bytes(m[len(MAGIC) : len(MAGIC) + 8], "little")
        try:
            header = json.loads(m[len(MAGIC) + 8 : len(MAGIC) + 8 + length])
        except ValueError as exc:
            raise self._fail(f"its header is damaged ({exc})") from exc
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise self._fail(f"its header is not a format {FORMAT} header")
        return header, len(MAGIC) + 8 + length

    def _check(self) -> None:
        h, size = self.header, len(self._map)
        if h.get("size") != size:
            raise self._fail(f"{size} bytes where its header records {h.get('size')} (truncated?)")
        counts = {"idf": h["terms"], "starts": h["terms"] + 1, "rows": h["postings"], "adds": h["postings"]}
        counts["ends"] = h["chunks"]
        for name, dtype in ARRAYS.items():
            if self._span(name)[1] != counts[name] * np.dtype(dtype).itemsize:
                raise self._fail(f"its {name} section has the wrong length")
        for name in ("records", "terms", "points", "columns"):
            self._span(name)
        starts, ends = self.array("starts"), self.array("ends")
        if len(starts) and (starts[0] != 0 or starts[-1] != h["postings"] or np.any(np.diff(starts) < 0)):
            raise self._fail("its term offsets are out of order")
        if len(ends) and (ends[-1] != self._span("records")[1] or np.any(np.diff(ends) < 0) or ends[0] < 0):
            raise self._fail("its chunk offsets are out of order")

    def _span(self, name: str) -> tuple[int, int]:
        try:
            offset, length = self.header["sections"][name]
        except (KeyError, TypeError, ValueError) as exc:
            raise self._fail(f"its header has no {name} section") from exc
        begin = self._start + offset
        if offset < 0 or length < 0 or begin + length > len(self._map):
            raise self._fail(f"its {name} section lies outside the file")
        return begin, length

    def array(self, name: str) -> np.ndarray:
        begin, length = self._span(name)
        dtype = np.dtype(ARRAYS[name])
        return np.frombuffer(self._map, dtype, length // dtype.itemsize, begin)

    def bytes(self, name: str) -> memoryview:
        begin, length = self._span(name)
        return memoryview(self._map)[begin : begin + length]

    def lines(self, name: str, count: int) -> list[str]:
        found = bytes(self.bytes(name)).decode().split("\n") if count else []
        if len(found) != count:
            raise self._fail(f"its {name} section has {len(found)} entries, not {count}")
        return found

    def columns(self) -> dict[str, list]:
        try:
            return pickle.loads(self.bytes("columns"))
        except Exception as exc:
            raise self._fail(f"its filter fields are unreadable ({exc})") from exc

    def close(self) -> None:
        with contextlib.suppress(BufferError):  # a view is still held: the mapping goes when it does
            self._map.close()


class ChunkTable(Sequence[Chunk]):
    """The chunks of an IndexFile, each unpickled when first asked for and then kept (one object
    per chunk, as when all of them were loaded)."""

    def __init__(self, file: IndexFile):
        self._file = file
        self._ends = file.array("ends")
        self._records = file.bytes("records")
        self._kept: dict[int, Chunk] = {}

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, i: int) -> Chunk: ...
    @overload
    def __getitem__(self, i: slice) -> list[Chunk]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = int(i)
        kept = self._kept.get(i)
        if kept is not None:
            return kept
        if not -len(self) <= i < len(self):
            raise IndexError(f"chunk {i} of {len(self)}")
        i %= len(self)
        begin = int(self._ends[i - 1]) if i else 0
        try:
            chunk = Chunk(*pickle.loads(self._records[begin : int(self._ends[i])]))
        except Exception as exc:
            raise self._file._fail(f"chunk record {i} is unreadable ({exc})") from exc
        return self._kept.setdefault(i, chunk)  # two threads reading it at once get one object

    def __iter__(self) -> Iterator[Chunk]:
        if len(self._kept) < len(self):
            self._read_all()
        kept = self._kept
        return (kept[i] for i in range(len(self)))

    def _read_all(self) -> None:
        """Every chunk not yet read, in one loop (the catalog reads them all when an answerer is built)."""
        records, kept, loads = self._records, self._kept, pickle.loads
        begin = 0
        for i, end in enumerate(self._ends.tolist()):
            if i not in kept:
                try:
                    chunk = Chunk(*loads(records[begin:end]))
                except Exception as exc:
                    raise self._file._fail(f"chunk record {i} is unreadable ({exc})") from exc
                kept.setdefault(i, chunk)
            begin = end
