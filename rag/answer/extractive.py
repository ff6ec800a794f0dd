"""The offline answer: the most relevant sentences of the top sources, quoted with citations.

Candidates are prose sentences, list items (a line ending in ":" is joined with the items that
follow it, so "Interview steps:" carries its steps), and table rows rewritten as "header: value"
pairs. Each is scored by query-term overlap (idf-weighted) on its own and together with its
source's title and section, plus a small bonus for higher-ranked sources; the best few dozen are
then re-scored with the embedder's cosine similarity. Near-duplicates are dropped and the chosen
sentences are shown in source order, each with its [n]; without a lead, the best section's sentences
are one consecutive run under one [n] (`rag.answer.passage`). No language model is involved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from rag.answer.context import Context
from rag.answer.excerpt import WORD_BUDGET, widen
from rag.answer.figure_shapes import asked_shapes, asks_figure, states_pay
from rag.answer.lead import Lead
from rag.answer.passage import RUN_WORDS, adding, best_run
from rag.answer.prompts import load_prompt
from rag.answer.sentences import MD_LINK as _MD_LINK
from rag.answer.sentences import clean_line, near_duplicate, quotable, split_units, unlinked
from rag.answer.value_labels import labelled_figures
from rag.index.text_tokens import tokenize
from rag.names import NAME_WORD, name_words, short_name

MIN_CHARS = 25
MIN_WORDS = 5
MAX_CHARS = 500
DENSE_POOL = 24  # candidates re-scored with the embedder (~25 ms each on 2 CPU cores)
DENSE_WEIGHT = 0.5
LEXICAL_WEIGHT = 0.25
CONTEXT_WEIGHT = 0.25
RANK_BONUS = 0.1
FIGURE_BONUS = 0.2  # states a figure of the kind the question asks for
KEEP_RATIO = 0.6  # a sentence must score at least this share of the best one
# the top-ranked section's best sentence is quoted too when it scores this share of that floor (chosen on
# unseen..36: 0.0 and 0.5 alike, 0.8 lower; evals/rounds/05-main-after-round-thirty-three.md)
FIRST_FLOOR = 0.5
SHORT_NAME = 5  # letters a company's first word needs to name it alone in a question ("blackbaud", not "the")
_SEPARATOR_CELL = re.compile(r":?-{2,}:?")
# A list item that is only a link ("- [Interview Questions (A. Author)](https://…)"): a title to read.
# After a lead it is quoted only for a question after something to read or watch; without one it may
# be all there is (a learning-path question whose answer is a course's name).
_LINK_ONLY = re.compile(r"\s*(?:[-*+]|\d+[.)])?\s*\[[^\]]+\]\([^)\s]+\)\s*")
READING = re.compile(
    r"\b(?:read|reading|resources?|articles?|links?|videos?|courses?|books?|blogs?|posts?|talks?|watch"
    r"|papers?|tutorials?|newsletters?|podcasts?|youtube|sources?|recommend\w*|materials?|references?)\b",
    re.I,
)


class Encoder(Protocol):
    """What embeds sentences for the offline answer (the embedder, or a fake in tests)."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Candidate:
    """A sentence of a source that the offline answer may quote."""

    n: int  # source number
    position: int  # where the sentence starts in its source
    text: str
    terms: frozenset[str]
    context_terms: frozenset[str]  # the source's title and section
    label: str  # "title — section", prefixed when embedding so a sentence keeps its subject
    link_only: bool = False  # a list item that is only a link's title


@dataclass(frozen=True)
class Quote:
    """A sentence chosen for the offline answer, with its source number and score."""

    n: int
    position: int
    text: str
    score: float


def _heading_like(sentence: str) -> bool:
    """'Why You'll Love Working Here': a title line without a sentence's ending."""
    words = sentence.split()
    capitals = sum(w[:1].isupper() for w in words)
    return not sentence.rstrip().endswith((".", "!", "?", ":", ";", ")", '"')) and capitals >= 0.6 * len(
        words
    )


def _sentences(text: str) -> list[tuple[int, str]]:
    """(position, sentence) of one source's quotable units."""
    out: list[tuple[int, str]] = []
    references: set[int] = set()  # a link's title ("How We Built Our Research System - June 2025")
    units = split_units(text)
    header: list[str] | None = None
    labelled = labelled_figures(units, text)  # "Pay Range" then "$155,550—$213,840 USD": one line
    for i, unit in enumerate(units):
        raw = unit.text(text)
        if unit.kind != "table":
            header = None
        if unit.kind in ("code", "heading") or not quotable(raw):
            continue
        if unit.kind == "table":
            cells = [c.strip() for c in raw.strip().strip("|").split("|")]
            if all(_SEPARATOR_CELL.fullmatch(c) for c in cells if c):
                continue
            if header is None:
                header = cells
                continue
            out.append(
                (
                    unit.start,
                    " · ".join(f"{h}: {c}" if h else c for h, c in zip(header, cells, strict=False) if c),
                )
            )
            continue
        sentence = unlinked(clean_line(raw))
        if _MD_LINK.search(raw):
            references.add(unit.start)
        if i + 1 in labelled:
            sentence = labelled[i + 1]
        elif sentence.endswith(":") and i + 1 < len(units):
            # "Interview steps:" takes the list that follows; "The range is:" its next line.
            followers = units[i + 1 : i + 2]
            if units[i + 1].kind == "item":
                followers = [u for u in _run(units[i + 1 :], "item")]
            if all(f.kind in ("item", "prose") for f in followers):
                joined = "; ".join(unlinked(clean_line(f.text(text))).rstrip(".;") for f in followers)
                sentence = f"{sentence} {joined}{'.' if units[i + 1].kind == 'item' else ''}"
        out.append((unit.start, sentence))
    return [
        (pos, s if len(s) <= MAX_CHARS else s[: s.rfind(" ", 0, MAX_CHARS)] + " …")
        for pos, s in out
        if len(s) >= MIN_CHARS and len(s.split()) >= MIN_WORDS and (pos in references or not _heading_like(s))
    ]


def _run(units, kind: str):
    for unit in units:
        if unit.kind != kind:
            return
        yield unit


def candidates(context: Context) -> list[Candidate]:
    out = []
    for source in context.sources:
        c = source.hit.chunk
        context_terms = frozenset(tokenize(f"{c.title} {c.section}"))
        for position, sentence in _sentences(source.text):
            line = source.text[position:].split("\n", 1)[0]
            out.append(
                Candidate(
                    source.n, position, sentence, frozenset(tokenize(sentence)), context_terms, source.label,
                    bool(_LINK_ONLY.fullmatch(line)),
                )
            )  # fmt: skip
    return out


def _local_idf(found: Sequence[Candidate]) -> Callable[[str], float]:
    n = len(found)

    def idf(term: str) -> float:
        return math.log((n + 1) / (0.5 + sum(term in c.terms for c in found))) + 1.0

    return idf


def _unasked_pay(query: str, context: Context) -> Callable[[str], bool]:
    """A pay line answers no question without a figure, unless the question names the employer of a
    posting among the sources: what a posting pays is part of what its reader asks of it."""
    if asks_figure(query) or _named_employers(query, context)[0]:
        return lambda _line: False
    return states_pay


def _named_employers(query: str, context: Context) -> tuple[set[int], set[int]]:
    """The numbers of the postings among the sources whose employer the question names (its name without
    a legal suffix, or its first word of SHORT_NAME letters or more), and of every posting."""
    asked = " ".join(NAME_WORD.findall(query.lower()))

    def named(words: tuple[str, ...]) -> bool:
        forms = [words] + ([short_name(words)] if len(short_name(words)[-1]) >= SHORT_NAME else [])
        return any(re.search(rf"(?<!\w){' '.join(f)}(?!\w)", asked) for f in forms)

    employers = {
        s.n: name_words(str(s.hit.chunk.metadata.get("company") or ""))
        for s in context.sources
        if s.hit.chunk.kind == "posting"
    }
    return {n for n, words in employers.items() if words and named(words)}, set(employers)


def other_employers(query: str, context: Context) -> set[int]:
    """The numbers of other employers' postings, when the question names the employer of a posting among
    the sources: "Blackbaud engineer: how much do they match on the 401(k)?" is not answered by another
    company's match."""
    mine, postings = _named_employers(query, context)
    return postings - mine if mine else set()


# A discount code ("Use code EARLYBIRD for 30% off.") answers only a question about a code or a price. (A
# page's "Source: …" line stays quotable: it often says whose experience a quote is, evals/README.md.)
_CODE = re.compile(r"\buse (?:the )?code\b", re.I)
_ASKS_CODE = re.compile(r"\b(?:code|discount|coupon|price|cost)\b", re.I)


def _unasked(query: str, context: Context) -> Callable[[str], bool]:
    """A line the question does not ask for: an unasked pay line (`_unasked_pay`) or a discount code."""
    pay = _unasked_pay(query, context)
    if _ASKS_CODE.search(query):
        return pay
    return lambda text: pay(text) or bool(_CODE.search(text))


def select_quotes(
    query: str,
    context: Context,
    encoder: Encoder,
    limit: int,
    idf: Callable[[str], float] | None = None,
    lead: Lead | None = None,
    words: int = WORD_BUDGET,
) -> list[Quote]:
    """The best `limit` sentences, none repeating each other or the `lead`, with what sits between
    them and the figures next to them (and to the lead's lines) while the answer has at most
    `words` words (0: the sentences alone)."""
    found = [c for c in candidates(context) if not (lead and lead.covers(c.n, c.position, c.text, c.terms))]
    others = other_employers(query, context)
    found = [c for c in found if c.n not in others]
    unasked = _unasked(query, context)
    found = [c for c in found if not unasked(c.text)]
    if lead is not None and not READING.search(query):  # after a lead, a link's title adds nothing to it
        found = [c for c in found if not c.link_only]
    wanted = set(tokenize(query))
    if not found:
        return []
    idf = idf or _local_idf(found)
    weights = {t: idf(t) for t in wanted}
    total = sum(weights.values()) or 1.0

    def overlap(terms: frozenset[str]) -> float:
        return sum(w for t, w in weights.items() if t in terms) / total

    shapes = asked_shapes(query)  # a figure question: sentences stating such a figure (about it) first

    def figure(c: Candidate) -> float:
        stated = c.terms & wanted and any(shape.search(c.text) for shape in shapes)
        return FIGURE_BONUS if stated else 0.0

    lexical = {
        c: LEXICAL_WEIGHT * overlap(c.terms)
        + CONTEXT_WEIGHT * overlap(c.terms | c.context_terms)
        + RANK_BONUS / c.n
        + figure(c)
        for c in found
    }
    pool = sorted(found, key=lambda c: (-lexical[c], c.n, c.position))[:DENSE_POOL]
    vectors = encoder.encode([query, *(f"{c.label}: {c.text}" for c in pool)])
    dense = np.clip(vectors[1:] @ vectors[0], 0.0, 1.0).tolist()
    scored = sorted(
        (
            Quote(c.n, c.position, c.text, DENSE_WEIGHT * d + lexical[c])
            for c, d in zip(pool, dense, strict=True)
        ),
        key=lambda q: (-q.score, q.n, q.position),
    )
    chosen: list[Quote] = []
    terms_of = {(c.n, c.position): c.terms for c in pool}
    # The figure bonus orders the sentences; what is kept is judged without it (no shorter answers).
    bonus = {(c.n, c.position): figure(c) for c in pool}
    base = {(q.n, q.position): q.score - bonus[(q.n, q.position)] for q in scored}
    floor = KEEP_RATIO * max(base.values())
    for quote in scored:
        if len(chosen) >= limit:
            break
        mine = terms_of[(quote.n, quote.position)]
        if base[(quote.n, quote.position)] < floor:
            continue
        if any(near_duplicate(mine, terms_of[(c.n, c.position)]) for c in chosen):
            continue
        chosen.append(quote)
    if chosen and all(q.n != 1 for q in chosen):
        # the top-ranked section's best sentence, when the others outscored it
        first = next((q for q in scored if q.n == 1 and base[(q.n, q.position)] >= FIRST_FLOOR * floor), None)
        if first is not None and not any(
            near_duplicate(terms_of[(first.n, first.position)], terms_of[(c.n, c.position)]) for c in chosen
        ):
            chosen.append(first)
    run = None
    if lead is None and chosen and words:  # words=0: the picked sentences alone
        picked = [(q.n, q.position, q.score) for q in chosen]
        run = best_run(picked, context, overlap, min(words, RUN_WORDS))
    if run is not None:  # a prose answer: its section's run, and what another adds
        others = [(q.n, q.position, terms_of[(q.n, q.position)]) for q in chosen]
        kept = set(adding(run, others))
        chosen = [Quote(run.n, p, t, 0.0) for p, t in run.sentences] + [
            q for q in chosen if (q.n, q.position) in kept
        ]
    if words:
        lines = [(x.n, x.position, x.text) for x in lead.lines] if lead else []
        quoted = [*lines, *((q.n, q.position, q.text) for q in chosen)]
        added = widen(quoted, context, overlap, words, _never_added(unasked, lead))
        chosen += [Quote(a.n, a.position, a.text, 0.0) for a in added]
    if run is not None:  # the run as one quote
        chosen = [q for q in chosen if not run.holds(q.n, q.position)]
        chosen.append(Quote(run.n, run.sentences[0][0], run.text, 0.0))
    return sorted(chosen, key=lambda q: (q.n, q.position))


def _never_added(unasked: Callable[[str], bool], lead: Lead | None) -> Callable[[str], bool]:
    """A line the question does not ask for, or the line introducing the lead's list, which the
    answer already shows above the list ("Interview steps:" filled in alone between two quotes)."""
    intro = frozenset(tokenize(lead.intro)) if lead is not None and lead.intro else None
    return lambda line: unasked(line) or (intro is not None and frozenset(tokenize(line)) == intro)


def render_lead(lead: Lead) -> str:
    """A lead as the answer shows it: bold lines, rows under their header, or the list in order."""
    prompt = load_prompt("extractive")
    if lead.kind == "table":
        return prompt.render("part", label=lead.label, n=lead.lines[0].n, body=lead.table())
    if lead.kind == "list":
        return prompt.render("part", label=lead.label, n=lead.lines[0].n, body=lead.markdown_list())
    return "\n\n".join(prompt.render("lead", sentence=line.text, n=line.n) for line in lead.lines)


def render_quotes(quotes: Sequence[Quote], lead: Lead | None = None) -> str:
    """The labelled quotation: the lead (a bold line, or table rows under their header) first."""
    prompt = load_prompt("extractive")
    parts = [prompt.render("header")]
    if lead is not None:
        parts.append(render_lead(lead))
    if quotes:
        parts.append("\n".join(prompt.render("line", sentence=q.text, n=q.n) for q in quotes))
    return "\n\n".join(parts)
