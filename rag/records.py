"""Plain records passed between ingest, the indexes and retrieval."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("page", "posting", "company")


@dataclass
class Document:
    """One citable unit of the guide: a markdown page, a job posting or a company's interview process."""

    id: str
    kind: str
    title: str
    source_paths: list[str]
    url: str
    text: str
    # Filterable and descriptive fields: company, location, level and, for postings, the rest.
    metadata: dict[str, Any] = field(default_factory=dict)
    # Lines of a one-chunk summary (postings): the chunker keeps as many as fit, in order.
    summary: list[str] = field(default_factory=list)


@dataclass
class Chunk:
    """A piece of a document sized for the embedder; `embed_text` is what gets embedded."""

    id: str
    doc_id: str
    kind: str
    title: str
    section: str
    url: str
    source_paths: list[str]
    text: str
    embed_text: str
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_payload(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Chunk:
        return cls(**{name: payload[name] for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Citation:
    """A numbered source an answer cites: the page and section of the guide, and its files."""

    n: int
    title: str
    section: str
    url: str
    source_paths: tuple[str, ...]

    @classmethod
    def of(cls, n: int, chunk: Chunk) -> Citation:
        return cls(n, chunk.title, chunk.section, chunk.url, tuple(chunk.source_paths))

    def to_json(self) -> dict[str, Any]:
        """An entry of the answer's `citations` (a public contract: keep the keys)."""
        return {
            "n": self.n,
            "title": self.title,
            "section": self.section,
            "url": self.url,
            "source_paths": list(self.source_paths),
        }


@dataclass
class Hit:
    """A ranked retrieval result."""

    chunk: Chunk
    score: float

    def to_json(self) -> dict[str, Any]:
        """The `fieldguide search --json` object (a public contract: keep the keys)."""
        c = self.chunk
        return {
            "title": c.title,
            "section": c.section,
            "url": c.url,
            "source_paths": list(c.source_paths),
            "score": round(float(self.score), 6),
            "text": c.text,
            "kind": c.kind,
            "doc_id": c.doc_id,
            "chunk_id": c.id,
        }
