"""Who a guide page is written for: "From Backend Engineer to AI Engineer" is for backend engineers.

Read from the index's titles, not from a list of words: a page whose title is "From <audience> to
<role>" is written for that audience, and sits beside an overview for everyone (its folder's
README.md). Hybrid search adds rankings over the page of an audience a question names
(rag/index/retrieve.py); answers lead with it (rag/answer/audience.py).
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from rag.index.bm25 import BM25Index
from rag.index.text_tokens import tokenize
from rag.records import Chunk

_ACRONYM = re.compile(r"\b([A-Z]{2,3})s?\b")
_ENGINEER = tokenize("engineer")[0]
_VERSUS = frozenset(tokenize("vs versus"))
_PEOPLE = frozenset(tokenize("dev devs developer developers folks people person engineers guy guys"))
_FOR = re.compile(r"^\s*From (.+?) to \S", re.IGNORECASE)
OVERVIEW = "README.md"


@dataclass(frozen=True)
class Audiences:
    """The pages written for one audience (doc id -> the stems that name it) and each one's overview."""

    names: dict[str, tuple[str, ...]]
    overview: dict[str, str]  # an audience page's doc id -> its folder's overview doc id
    shortened: frozenset[str] = frozenset()  # pages named without their role word ("backend")
    whole: dict[str, tuple[str, ...]] = field(default_factory=dict)  # doc id -> its title's full name
    written: dict[str, str] = field(default_factory=dict)  # doc id -> that name as the title writes it

    def named(self, query: str, whole: bool = False) -> list[str]:
        """The audience pages whose audience the question names, in the question's order. A name
        without its role word names a reader only with a word after it ("backend dev", "ML engineer
        here"), not as the question's last word ("... infra, sales, frontend?"). With `whole`, only
        the title's full name counts ("backend engineer"; "ML or AI" names no ML engineer)."""
        stems = [_ENGINEER if s == "eng" else s for s in tokenize(query)]  # "ML eng -> AI eng"
        found = []
        for doc, key in (self.whole if whole else self.names).items():
            at, width = _at(stems, key, following=not whole and doc in self.shortened), len(key)
            if at is None and whole and doc in self.shortened:  # "backend folks", "frontend devs"
                at, width = _at(stems, (*self.names[doc], None)), len(self.names[doc]) + 1
            if at is None and doc in self.whole:  # its initials in capitals: "DE strengths that transfer"
                at, width = _initials_at(query, self.whole[doc]), 1
            if at is not None and not _compared(stems, at, width):
                found.append((at, doc))
        return [doc for _, doc in sorted(found)]

    def spelled(self, query: str) -> str:
        """The question with an audience's initials spelled out after them, unless it names the audience
        in full too: "DE strengths that transfer" -> "DE (Data Engineer) strengths that transfer"."""
        stems = tokenize(query)
        for doc, words in self.whole.items():
            hit = _initials_in(query, words)
            if hit and doc in self.written and _at(stems, words) is None:
                query = f"{query[: hit.end()]} ({self.written[doc]}){query[hit.end() :]}"
        return query


def _compared(stems: Sequence[str], at: int, n: int) -> bool:
    """The audience's name stands beside "vs": roles compared ("ai eng vs ml eng"), not the asker's own."""
    return bool({stems[at - 1] if at else None, stems[at + n] if at + n < len(stems) else None} & _VERSUS)


def initials(words: tuple[str, ...]) -> str:
    """An audience's initials as job seekers write them: "DE" (data engineer), "MLE" (ML engineer)."""
    return "".join(w if len(w) <= 2 else w[0] for w in words).upper()


def _initials_in(query: str, words: tuple[str, ...]) -> re.Match | None:
    """The audience's initials in capitals in the query, if it writes them."""
    return next((m for m in _ACRONYM.finditer(query) if m[1] == initials(words)), None)


def _initials_at(query: str, words: tuple[str, ...]) -> int | None:
    """Where the query writes the audience's initials in capitals, counted in its words."""
    hit = _initials_in(query, words)
    return len(tokenize(query[: hit.start()])) if hit else None


def _at(stems: Sequence[str], key: tuple[str | None, ...], following: bool = False) -> int | None:
    """Where `key` stands in `stems`, its words in a row (and, with `following`, a word after them); a
    None in `key` stands for a word naming people ("folks", "devs")."""
    n = len(key)
    last = len(stems) - n - (1 if following else 0)

    def fits(i: int) -> bool:
        return all(s == k or (k is None and s in _PEOPLE) for s, k in zip(stems[i : i + n], key, strict=True))

    return next((i for i in range(last + 1) if fits(i)), None)


def _keys(audiences: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The shortest name of each audience: "backend" for "backend engineer" (the role word every
    audience shares is left out), "data engineer" whole (its first word names data scientists too)."""
    last = Counter(words[-1] for words in audiences.values() if len(words) > 1)
    firsts = Counter(w for words in audiences.values() for w in words[:-1] or words)
    out = {}
    for doc, words in audiences.items():
        short = words[:-1] if len(words) > 1 and last[words[-1]] > 1 else words
        out[doc] = short if len(short) > 1 or firsts[short[0]] == 1 else words
    return out


def audiences_of(chunks: Sequence[Chunk]) -> Audiences:
    """The audience pages among `chunks` ("From <audience> to ..." titles) with an overview beside them."""
    titles = {c.doc_id: (c.title, c.source_paths[0]) for c in chunks if c.kind == "page" and c.source_paths}
    docs_by_path = {path: doc for doc, (_, path) in titles.items()}
    audiences, overview, written = {}, {}, {}
    for doc, (title, path) in titles.items():
        m = _FOR.match(title)
        beside = docs_by_path.get(str(PurePosixPath(path).with_name(OVERVIEW)))
        if m and tokenize(m[1]) and beside is not None and beside != doc:
            audiences[doc] = tuple(tokenize(m[1]))
            overview[doc] = beside
            written[doc] = m[1]
    keys = _keys(audiences)
    shortened = frozenset(d for d, key in keys.items() if key != audiences[d])
    return Audiences(keys, overview, shortened, audiences, written)


_CACHE: weakref.WeakKeyDictionary[BM25Index, Audiences] = weakref.WeakKeyDictionary()


def for_index(bm25: BM25Index) -> Audiences:
    """The index's audience pages (read once per index)."""
    if bm25 not in _CACHE:
        _CACHE[bm25] = audiences_of(bm25.chunks)
    return _CACHE[bm25]
