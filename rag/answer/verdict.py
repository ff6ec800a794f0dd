"""The answerability check's verdict (rag/answer/answerability.py), the question's words it names, and how a
figure or point the passages do not state shapes it: refused, or named as not covered beside the rest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.answer.company_mentions import Mention
from rag.answer.figure_kinds import kind_ask, money_ask
from rag.answer.posting_process import PostingProcess
from rag.answer.question_words import judgement_spans
from rag.index.catalog import Company
from rag.index.text_tokens import tokenize
from rag.names import state_spans

# A word as typed, accented letters and all ("friskvårdsbidrag", not "friskv" and "rdsbidrag")
_WORD = re.compile(r"[^\W_]+(?:[+#]+(?!\w))?")  # "c++", "c#"; not the "+" of "rag+agents"
# Time said in passing, no content of the ask: "how much has X raised so far", "any pay figure at all"
_FILLER = re.compile(r"\b(?:so far|to date|at all|as of (?:now|today)|right now|these days)\b", re.I)
# "-wise" after a word says in what respect ("percentage wise", "sales-wise"), no content; not "Wise's"
_RESPECT = re.compile(r"(?<=\w)[- ]wise\b(?!['’]s)")


@dataclass(frozen=True)
class Verdict:
    """How much of a question the passages cover; `missing` names what they do not."""

    coverage: str  # "full" | "partial" | "none"
    reason: str  # covered, off-topic, not-mentioned, postings-only, posting-process, missing-terms, *-stated
    missing: tuple[str, ...] = ()
    company: Company | None = None
    mentions: tuple[Mention, ...] = ()  # postings-only: what the guide's pages say of its hiring
    process: PostingProcess | None = None  # posting-process: its posting's lines on how it hires
    place: str | None = None  # policy-not-stated: the jurisdiction whose law or rules were asked


@dataclass(frozen=True)
class QuestionTerm:
    """A word of the question: its stem, as written, and where."""

    stem: str
    surface: str
    capital: bool  # capitalised (not first in the question) or possessive: a name
    start: int
    end: int
    opens: bool = (
        False  # first in a later sentence ("… cover it? Wondering if"), where any word has a capital
    )

    def within(self, spans: Sequence[tuple[int, int]]) -> bool:
        return any(a <= self.start < b for a, b in spans)


def opens_sentence(question: str, start: int) -> bool:
    """The word at question[start:] opens a sentence after the first ("… cover it? Wondering if …"), where a
    capital says nothing of a name."""
    return question[:start].rstrip().endswith((".", "?", "!"))


def question_terms(question: str) -> list[QuestionTerm]:
    """The question's words, a judgement's words ("is it ok to …"), a US state after a city and time said in
    passing ("so far") aside."""
    out = []
    judged = [
        *judgement_spans(question),
        *state_spans(question),
        *(m.span() for m in _FILLER.finditer(question)),
        *(m.span() for m in _RESPECT.finditer(question)),
    ]
    for m in _WORD.finditer(question):
        word = m.group(0)
        stems = sorted(tokenize(word), key=len, reverse=True)  # an accented word: its longest piece
        if not stems or any(a <= m.start() < b for a, b in judged):  # "is it ok to …", "Charlotte, NC"
            continue
        after = question[m.end() : m.end() + 2]
        named = (m.start() > 0 and word[:1].isupper()) or after in ("'s", "’s")
        out.append(
            QuestionTerm(stems[0], word, named, m.start(), m.end(), opens_sentence(question, m.start()))
        )
    return out


def figure_about(question: str, missing: Sequence[str]) -> Verdict | None:
    """When the question asks only for a figure (amount, share, duration, count) and the missing words
    lie in its part, they say what it is about ("what hourly rate can a freelance AI engineer charge"):
    the refusal naming them (or the part, when they are the figure's own words, "average"); else None."""
    money = money_ask(question)
    ask = money or kind_ask(question)
    if ask is None or ask.other_parts or not all(w in ask.part for w in missing):
        return None
    named = tuple(w for w in missing if set(tokenize(w)) & set(ask.keys))
    if named:
        return Verdict("none", "missing-terms", named)
    return Verdict("none", "figure-not-stated" if money else f"{ask.kind}-not-stated", (ask.part,))


def not_stated(
    reason: str, part: str, other_parts: bool, verdict: Verdict, everyday: bool = False
) -> Verdict:
    """A figure (or point) the passages do not state: refused, or, when the question asks more and the
    rest is covered, answered with the part named as the question words it. The rest is not covered when
    it misses key words too, unless only everyday ones ("how many use cases did Alexey pull …, and …?")."""
    outside = tuple(w for w in verdict.missing if w not in part)
    if other_parts and (not outside or everyday):
        return Verdict("partial", reason, (*outside, part))
    return Verdict("none", reason, (*outside, part))


def process_gap(gap: Verdict, process: Verdict) -> Verdict:
    """A posting-process verdict with a figure its quoted lines do not state: the process quoted and
    the figure named as not covered when the question asks more, else the figure's refusal."""
    if gap.coverage == "partial":
        return Verdict("partial", gap.reason, gap.missing, process.company, process=process.process)
    return Verdict("none", gap.reason, gap.missing)


def phrases(missing: Sequence[QuestionTerm], question: str) -> tuple[str, ...]:
    """Missing words as the user wrote them, neighbours joined: ("notice period",)."""
    spans: list[list[int]] = []
    for t in sorted(missing, key=lambda t: t.start):
        if spans and not question[spans[-1][1] : t.start].strip(" -"):
            spans[-1][1] = t.end
        else:
            spans.append([t.start, t.end])
    return tuple(dict.fromkeys(question[a:b] for a, b in spans))
