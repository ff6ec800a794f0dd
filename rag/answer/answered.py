"""The guide's own answer to the question: a Q&A section whose heading asks what the asker asks.

Webinar pages answer their audience under question headings ("How deeply do interviewers inspect
code?", "How to overcome lack of production AI experience?"). The sentence picker takes single
sentences of such an answer, often not the ones that carry its figure ("I open it, look for 1-2
minutes"), next to sentences of other sources. When one of an answer's sources is such a section and
its heading is, of those headings, the closest to the question (embedding cosine at least
MIN_SIMILARITY), the offline answer leads with the start of that section's answer, its units in order
(sentences and list items, up to MAX_WORDS), under the section's citation. It is the guide's text
only; which heading matches is decided by the embedder, not by topic lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from rag.answer.context import Source
from rag.answer.lead import Lead, Line
from rag.answer.sentences import FOOTNOTE_REF, clean_line, quotable, split_units
from rag.answer.standing import placed_lead
from rag.index.text_tokens import tokenize

MIN_SIMILARITY = 0.7  # question against a Q&A heading (all-MiniLM-L6-v2 cosine), chosen on tuning sets
MAX_WORDS = 60  # the answer's opening is cut after the unit that reaches this many words
MIN_WORDS = 8  # an opening shorter than this ("Yes.") is no answer of its own
if TYPE_CHECKING:
    from rag.answer.extractive import Encoder
    from rag.config import Settings

_LINK = re.compile(r"https?://|www\.|\]\(")
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", ")")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def question_heading(source: Source) -> str:
    """The source's own section heading when it asks a question ("" otherwise)."""
    heading = clean_line(source.hit.chunk.section.split(" > ")[-1])
    return heading if heading.endswith("?") else ""


def opening(source: Source) -> tuple[Line, ...]:
    """The first units of the section's answer (prose and list items, no headings, code or links),
    in order, up to MAX_WORDS words."""
    text, c = source.text, source.hit.chunk
    label = frozenset(tokenize(f"{c.title} {c.section}"))
    lines: list[Line] = []
    words = 0
    for unit in split_units(text):
        raw = unit.text(text)
        if unit.kind == "heading":
            if lines:
                break  # the next section
            continue
        if unit.kind not in ("prose", "item") or not quotable(raw) or _LINK.search(raw):
            break  # the answer's plain opening ends at a table, code or a link
        line = clean_line(FOOTNOTE_REF.sub("", raw))
        if not line or line.endswith("?") and not lines:
            continue  # the question repeated under its heading
        marker = _ITEM.match(raw)
        mark = marker[0].strip() if marker else ""
        lines.append(Line(source.n, unit.start, line, frozenset(tokenize(line)), label, marker=mark))
        words += len(line.split())
        if words >= MAX_WORDS:
            break
    return tuple(lines) if words >= MIN_WORDS else ()


def passage_body(lines: Sequence[Line]) -> str:
    """The lines as the section writes them: prose sentences run on (a line without a sentence's end,
    such as a bold finding, stands as its own paragraph), list items each on its line."""
    out = ""
    for i, x in enumerate(lines):
        before = lines[i - 1] if i else None
        if before is None:
            out = f"{x.marker} {x.text}" if x.marker else x.text
        elif x.marker:
            out += f"\n{x.marker} {x.text}"
        elif before.marker or not before.text.endswith(_SENTENCE_END):
            out += f"\n\n{x.text}"
        else:
            out += f" {x.text}"
    return out


def answered_lead(question: str, sources: Sequence[Source], encoder: Encoder) -> Lead | None:
    """The opening of the Q&A section whose heading is closest to the question, if close enough."""
    asked = [(s, h) for s in sources if (h := question_heading(s))]
    if not asked:
        return None
    vectors = encoder.encode([question, *(h for _, h in asked)])
    similarity = vectors[1:] @ vectors[0]
    best = int(np.argmax(similarity))
    if float(similarity[best]) < MIN_SIMILARITY:
        return None
    source = asked[best][0]
    lines = opening(source)
    return Lead(lines, label=source.label.replace("*", ""), passage=True) if lines else None


def offline_lead(
    question: str,
    sources: Sequence[Source],
    idf: Callable[[str], float],
    encoder: Encoder,
    settings: Settings,
) -> Lead | None:
    """The offline answer's lead (None when `extractive_lead` is off): the list, ranking or figure line
    the question asks for, else the guide's own answer under a Q&A heading that asks the question."""
    if not settings.extractive_lead:
        return None
    return placed_lead(question, sources, idf) or answered_lead(question, sources, encoder)
