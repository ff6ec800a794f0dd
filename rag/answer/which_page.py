"""A question asking which webinar or learning path covers something ("which webinar talks about the
AI engineer role?", "which learning path is for data scientists?") is answered by its title: the
offline answer leads with the title of the best-ranked page of that kind, where it would otherwise
lead with a sentence from inside it. The quotes under it stay as they are. "Which section of the guide
…" is left out: the best-ranked page of any kind was often not the one asked for (measured on a few
new-user questions, evals/README.md "Main after round nineteen").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.context import Source
from rag.answer.lead import Lead, Line
from rag.index.text_tokens import tokenize

_WHICH = re.compile(
    r"^\s*(?:(?:in|from|at)\s+)?(?:which|what)\s+(?P<kind>webinars?|learning\s+paths?)\b", re.I
)
# The folder of the guide a kind's pages are in.
_FOLDERS = {"webinar": "webinars/", "learning path": "learning-paths/"}


def asked_folder(question: str) -> str | None:
    """The folder whose pages the question asks to be named, or None when it asks no such thing."""
    m = _WHICH.match(question)
    return None if m is None else _FOLDERS[" ".join(m["kind"].lower().split()).removesuffix("s")]


def page_lead(question: str, sources: Sequence[Source]) -> Lead | None:
    """The lead naming the best-ranked page of the asked kind among `sources` (in rank order), or None
    when the question asks for no such page or none of `sources` is one."""
    folder = asked_folder(question)
    if folder is None:
        return None
    for source in sources:
        chunk = source.hit.chunk
        if chunk.kind == "page" and any(p.startswith(folder) for p in chunk.source_paths):
            text = chunk.title
            return Lead((Line(source.n, 0, text, frozenset(tokenize(text)), frozenset()),))
    return None
