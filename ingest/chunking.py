"""Split documents into chunks the embedder reads whole: markdown sections, then sentences."""

from __future__ import annotations

from typing import Protocol

from llama_index.core import Document as LlamaDocument
from llama_index.core.node_parser import MarkdownNodeParser, SentenceSplitter

from ingest.anchors import Slugger, heading_text
from rag.records import Chunk, Document

_SEP = "\x1f"  # header-path separator that cannot occur in a heading ("/" can)


class TokenCounter(Protocol):
    """What counts and splits tokens for the chunker (the embedder's tokenizer, or a fake)."""

    max_tokens: int

    def tokenize(self, text: str) -> list[str]: ...

    def count_tokens(self, text: str) -> int: ...


def chunk_header(doc: Document) -> str:
    """What every chunk of `doc` is prefixed with: its title and, for postings, where and what level."""
    parts = [doc.title, *(str(doc.metadata[k]) for k in ("location", "level") if doc.metadata.get(k))]
    return " | ".join(parts)


class Chunker:
    """Splits a document into chunks by heading, then by sentence, within the embedder's token limit."""

    def __init__(self, tokens: TokenCounter, overlap: int = 24):
        self.tokens = tokens
        self.overlap = overlap
        self._markdown = MarkdownNodeParser(header_path_separator=_SEP)
        self._splitters: dict[int, SentenceSplitter] = {}

    def _splitter(self, budget: int) -> SentenceSplitter:
        if budget not in self._splitters:
            self._splitters[budget] = SentenceSplitter(
                chunk_size=budget,
                chunk_overlap=min(self.overlap, budget // 4),
                tokenizer=self.tokens.tokenize,
            )
        return self._splitters[budget]

    def _fit(self, prefix: str, body: str) -> list[str]:
        """Split `body` so that `prefix + body` of every piece fits the model's window."""
        budget = self.tokens.max_tokens - self.tokens.count_tokens(prefix)
        if budget < 16:
            raise ValueError(f"chunk header leaves no room for text: {prefix[:80]!r}")
        pieces = []
        for text in self._splitter(budget).split_text(body):
            # The splitter counts words separately; the joined text can tokenize a little longer.
            pieces.extend([text] if self._fits(prefix + text) else self._shrink(prefix, text, budget))
        return pieces

    def _fits(self, text: str) -> bool:
        return self.tokens.count_tokens(text) <= self.tokens.max_tokens

    def _shrink(self, prefix: str, text: str, budget: int) -> list[str]:
        while budget > 16:
            budget -= 8
            pieces = self._splitter(budget).split_text(text)
            if all(self._fits(prefix + p) for p in pieces):
                return pieces
        raise ValueError(f"cannot fit text into {self.tokens.max_tokens} tokens: {text[:80]!r}")

    def _pack(self, prefix: str, lines: list[str]) -> list[str]:
        """Greedily pack whole lines into as few chunks as fit (a posting's summary)."""
        packed: list[str] = []
        for line in lines:
            if packed and self._fits(prefix + packed[-1] + "\n" + line):
                packed[-1] += "\n" + line
            else:
                packed.extend([line] if self._fits(prefix + line) else self._fit(prefix, line))
        return packed

    def sections(self, doc: Document) -> list[tuple[str, str, str]]:
        """(section path, anchor, body) for each markdown section with text, in order."""
        slugger = Slugger()
        nodes = self._markdown.get_nodes_from_documents([LlamaDocument(text=doc.text)])
        out = []
        for node in nodes:
            text = node.get_content()
            path = [heading_text(h) for h in node.metadata.get("header_path", "").split(_SEP) if h]
            anchor = ""
            if text.startswith("#"):
                first, _, text = text.partition("\n")
                heading = first.lstrip("#").strip()
                anchor = slugger.slug(heading)
                path.append(heading_text(heading))
                if first.startswith("# ") and not path[:-1]:
                    anchor = ""  # the page's own title: link to the page itself
            if path and path[0] == doc.title:
                path = path[1:]
            if text.strip():
                out.append((" > ".join(path), anchor, text.strip()))
        return out

    def chunk(self, doc: Document) -> list[Chunk]:
        header = chunk_header(doc)
        chunks: list[Chunk] = []

        def add(section: str, url: str, text: str, chunk_id: str, prefix: str) -> None:
            chunks.append(
                Chunk(
                    id=chunk_id,
                    doc_id=doc.id,
                    kind=doc.kind,
                    title=doc.title,
                    section=section,
                    url=url,
                    source_paths=list(doc.source_paths),
                    text=text,
                    embed_text=prefix + text,
                    metadata=_chunk_metadata(doc),
                )
            )

        for i, text in enumerate(self._pack(f"{header}\n\n", doc.summary)):
            add("Summary", doc.url, text, f"{doc.id}#summary" + (f"-{i}" if i else ""), f"{header}\n\n")
        n = 0
        for section, anchor, body in self.sections(doc):
            prefix = f"{header} > {section}\n\n" if section else f"{header}\n\n"
            url = f"{doc.url}#{anchor}" if anchor and doc.kind == "page" else doc.url
            for text in self._fit(prefix, body):
                add(section, url, text, f"{doc.id}#{n}", prefix)
                n += 1
        return chunks


def _chunk_metadata(doc: Document) -> dict:
    keep = ("company", "location", "level", "job_id", "compensation", "posted_date", "work_type")
    return {k: doc.metadata[k] for k in keep if doc.metadata.get(k) is not None}
