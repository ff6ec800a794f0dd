"""A guide page a question names by its file's words: "the skills page" is role/02-skills.md, "according to
the reality page" role/05-reality-vs-postings.md, "the interview questions page" interview/02-questions.md.

Read from the index's source paths, not from a list of pages: a page's name is its file name without the
number that orders it, with its folder's name ("README.md" is named by its folder alone). The words
before "page" name the page whose name holds most of them, if exactly one does. Hybrid search adds
rankings over the named page (rag/index/retrieve.py), as over an audience's page: users who name the
page they read lose it to the broad pages that share more of its words ("skills page: recommended
learning order" reached the learning-path overview).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from pathlib import PurePosixPath

from rag.index.audiences import OVERVIEW
from rag.index.bm25 import BM25Index
from rag.index.catalog import DATA_FOLDER
from rag.index.text_tokens import tokenize
from rag.records import Chunk

# The words before "page" (at most NAME_WORDS of them): "the reality vs postings page", "skills page:"
NAME_WORDS = 3
_PAGE = re.compile(rf"((?:[\w'’-]+\s+){{1,{NAME_WORDS}}})pages?\b", re.I)
_ORDER = re.compile(r"^\d+-")
# The guide's subject names no page of it: "the AI engineer page" is any of them
_SUBJECT = frozenset(tokenize("ai engineer engineers vs"))


def page_name(path: str) -> frozenset[str]:
    """The stems that name a guide page: its file name's words (without the ordering number) and its
    folder's, or its folder's alone for a folder's overview."""
    p = PurePosixPath(path)
    folder = tokenize(p.parent.name.replace("-", " ")) if p.parent.name else []
    own = [] if p.name == OVERVIEW else tokenize(_ORDER.sub("", p.stem).replace("-", " "))
    return frozenset([*own, *folder]) - _SUBJECT


class PageNames:
    """The guide's pages by the stems that name them (doc id -> stems)."""

    def __init__(self, names: dict[str, frozenset[str]]):
        self.names = names

    def named(self, query: str) -> list[str]:
        """The pages the question names as "<name> page", in the question's order, each once."""
        found: list[str] = []
        for m in _PAGE.finditer(query):
            words = set(tokenize(m.group(1)))
            scores = {doc: len(words & name) for doc, name in self.names.items()}
            best = max(scores.values(), default=0)
            top = [doc for doc, score in scores.items() if score == best]
            if best and len(top) == 1 and top[0] not in found:
                found.append(top[0])
        return found


# The talks named as such or by their speaker: "advice from the session?", "how would the host prep", "did
# alexey ever mention agents doing that" (not "Alexey's vision": his own page on the role)
_TALKS = re.compile(
    r"\b(?:the|that|this|your|his) (?:host|speaker|presenter|session|talk|webinar|stream|livestream)s?\b"
    r"|\bwebinars?\b|\balexey\b(?!['’]s)",
    re.I,
)


def names_talks(query: str) -> bool:
    """The question asks what was said in the guide's talks (its webinars folder)."""
    return _TALKS.search(query) is not None


def page_names(chunks: Sequence[Chunk]) -> PageNames:
    """The names of the guide's own pages among `chunks` (not the research data under a `data/` folder)."""
    names = {}
    for c in chunks:
        if c.kind == "page" and c.source_paths and DATA_FOLDER not in PurePosixPath(c.source_paths[0]).parts:
            names.setdefault(c.doc_id, page_name(c.source_paths[0]))
    return PageNames({doc: name for doc, name in names.items() if name})


_CACHE: weakref.WeakKeyDictionary[BM25Index, PageNames] = weakref.WeakKeyDictionary()


def for_index(bm25: BM25Index) -> PageNames:
    """The index's page names (read once per index)."""
    if bm25 not in _CACHE:
        _CACHE[bm25] = page_names(bm25.chunks)
    return _CACHE[bm25]
