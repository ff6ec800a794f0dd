"""Names a question writes, read with what retrieval found (used by answerability.py and figure_kinds.py).

An employer's name typed in lower case at the head of a question is read as the employer when the
passage retrieved first is its own (`heading_employer`). `Catalog.companies_in` takes a lower-case name
that is also an English word ("harness", "writer", "outreach") only where an employer stands: before a
job title, after "at", before a colon. Job seekers type it first and go straight to the perk: "harness
internet reimbursement, how much a month". Read as a word, it let another employer's "$74 / Month
Reimbursement for Internet" count as the figure. When retrieval itself puts the company's posting or
interview file first, the question is about that company: its postings state its figures, and its process is
the one asked.

The names a part writes (`subjects`) must be named by a sentence stating its figure too: "how many
members does the Hugging Face Discord have" is not answered by another community's "200,000+ members".
Where the asker is or comes from is no such name ("if I move from Hyderabad").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.question_words import own_state_spans
from rag.index.catalog import Catalog, Company
from rag.index.text_tokens import tokenize
from rag.records import Chunk

_WORD = re.compile(r"[A-Za-z0-9]+")
_LONGEST = 4  # the most words of a name read at the head of a question


def heading_employer(catalog: Catalog, question: str, passages: Sequence[Chunk]) -> Company | None:
    """The company whose name (any alias, in lower case) opens the question, when the first passage is
    one of its postings or its interview file; else None (also for a question opening with a capital, which
    `Catalog.companies_in` reads)."""
    if not passages or not question[:1].islower() or passages[0].kind == "page":
        return None
    employer = str(passages[0].metadata.get("company") or "")
    words = [w.lower() for w in _WORD.findall(question[:200])[:_LONGEST]]
    for n in range(len(words), 0, -1):
        company = catalog.aliases.get(tuple(words[:n]))
        if company is not None and company.name == employer:
            return company
    return None


def with_heading(catalog: Catalog, question: str, passages: Sequence[Chunk]) -> list[Company]:
    """`Catalog.companies_in`, and first the company `heading_employer` reads when it names another."""
    named = catalog.companies_in(question)
    company = heading_employer(catalog, question, passages)
    if company is None or any(c is company for c in named):
        return named
    return [company, *named]


_GENERIC_NAME_STEMS = frozenset(tokenize("ai ml llm llms ctc lpa"))  # (pay words in capitals: "CTC")
# The guide's author as the one who did something ("did Alexey check"): his own pages and talks do not name
# him (what is his, "Alexey's webinar series", is still named)
_AUTHOR_STEMS = frozenset(tokenize("alexey grigorev"))


def subjects(text: str) -> tuple[frozenset[str], ...]:
    """The names a question part writes (a run of capitalised words not first in it, or one before
    "'s"): "AI Shipping Labs", "Uber's GenAI Gateway". The data's generic words ("AI") name nothing, nor
    does where the asker is or comes from ("if I move from Hyderabad")."""
    text = _without_own_places(text)
    runs: list[list[str]] = []
    owned: list[bool] = []  # the run ends in "'s"
    last = -2
    for i, m in enumerate(_WORD.finditer(text)):
        word = m.group(0)
        possessive = text[m.end() : m.end() + 2] in ("'s", "’s")
        if not (word[:1].isupper() and (i > 0 or possessive)):
            continue
        if i == last + 1 and runs:
            runs[-1].append(word)
            owned[-1] = possessive
        else:
            runs.append([word])
            owned.append(possessive)
        last = i
    out = []
    for run, possessive in zip(runs, owned, strict=True):
        stems = frozenset(s for w in run for s in tokenize(w)) - _GENERIC_NAME_STEMS
        if stems and (possessive or not stems <= _AUTHOR_STEMS):
            out.append(stems)
    return tuple(dict.fromkeys(out))


def _without_own_places(text: str) -> str:
    """The text with where the asker is or comes from blanked out, its positions kept."""
    for a, b in sorted(own_state_spans(text, place=True), reverse=True):
        text = text[:a] + " " * (b - a) + text[b:]
    return text
