"""A market answer's lead: the guide's own figure for the same thing, quoted before the computed one.

The postings table counts all postings; the guide's pages state figures of their own analyses (of
a different sample), and an asker quoting the guide wants those. A market question whose spec
names values (skills, an AI type, a stage, a role flag) gets, for each value, the guide's line that
names it and states a figure of the asked kind, under the population's values (in the line, its
table's header or its section); a ranking ("which X most", a breakdown) gets the guide's list or
table of figures that covers the question. Quoted under its own citation and labelled as the
guide's analysis, never mixed with the computed figure that follows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rag.answer.context import Source, build_context
from rag.answer.extractive import render_lead
from rag.answer.lead import (
    COUNT_SHAPES,
    MAX_ITEMS,
    MIN_ITEMS,
    MIN_LIST_MATCH,
    MONEY_SHAPES,
    RANK_BONUS,
    Asked,
    Lead,
    Line,
    asked_shapes,
    best_list,
    compares,
    lines_of,
    scored_lines,
    value_terms,
)
from rag.answer.prompts import load_prompt
from rag.answer.sanitize import sanitize_markdown
from rag.index.text_tokens import tokenize

MAX_VALUES = 5  # lines for at most this many named values
MIN_PREFIX = 4  # a value word this long also names the longer words it starts
SUBJECT_BONUS = 0.5  # a line about the value ("Docker - 277 jobs") before one naming it in passing
_DIGIT = re.compile(r"\d")
_FLAGS = {"management": "management", "customer_facing": "customer-facing"}
_VALUE_FIELDS = ("skills_all", "skills_any", "ai_type", "stage", "company", "city", "country", "level")


@dataclass(frozen=True)
class Named:
    """What a market spec names: the values it counts or compares, and its population's values."""

    counted: tuple[frozenset[str], ...]
    population: tuple[frozenset[str], ...]
    ranking: frozenset[str] = frozenset()  # a top list or breakdown: the field it ranks (its words)


def _values(filters) -> list[frozenset[str]]:
    out = []
    for name in _VALUE_FIELDS:
        for value in getattr(filters, name):
            out.append(value_terms(value.replace("_", " ")))  # a stage: "series_b"
    out += [value_terms(word) for name, word in _FLAGS.items() if getattr(filters, name)]
    return [v for v in out if v]


def named(spec) -> Named:
    """The values a QuerySpec names, as term sets (the spec duck-typed: rag.market is a layer above)."""
    only = tuple(value_terms(v) for v in spec.only if value_terms(v))
    if spec.measure in ("count", "share", "by_month"):
        return Named(only + tuple(_values(spec.subset)), tuple(_values(spec.filters)))
    ranks = not only and spec.measure in ("top", "breakdown")
    return Named(
        only,
        tuple(_values(spec.where())),
        frozenset(tokenize(spec.field.replace("_", " "))) if ranks else frozenset(),
    )


def _names(line: Line, value: frozenset[str], label: bool = False) -> bool:
    """Every word of the value is in the line (or its labels), whole or as a stem's start
    ("evals" in "evaluation-related": the stems are "eval" and "evalu")."""
    terms = line.terms | line.label_terms if label else line.terms
    return all(t in terms or (len(t) >= MIN_PREFIX and any(x.startswith(t) for x in terms)) for t in value)


def _about(line: Line, value: frozenset[str]) -> bool:
    """The line names the value and is not about something else ("Prompt engineering: 58% of AI-First
    roles" is no figure for AI-First): its subject, if it has one, shares a word with the value."""
    return _names(line, value) and (not line.subject or bool(line.subject & value))


def _value_lines(question: str, sources: Sequence[Source], idf, spec, what: Named) -> list[Line]:
    """For each counted value (at most MAX_VALUES), the best line that names it and the population."""
    shapes = MONEY_SHAPES if spec.measure == "salary" else asked_shapes(question) or COUNT_SHAPES
    scored = [
        (score, line)
        for score, line in scored_lines(question, sources, idf, shapes)
        if all(_names(line, p, label=True) for p in what.population)
    ]
    chosen: list[Line] = []
    if compares(question) and len(what.counted) > 1:  # the line comparing them all, then each one's own
        both = [
            x
            for _, x in scored
            if all(_names(x, v) for v in what.counted) and any(_about(x, v) for v in what.counted)
        ]
        chosen += both[:1]
    for value in what.counted[:MAX_VALUES]:
        naming = [
            (s + (SUBJECT_BONUS if x.subject == value else 0.0), x) for s, x in scored if _about(x, value)
        ]
        best = max(naming, key=lambda x: x[0], default=(0.0, None))[1]
        if best is not None and best not in chosen:
            chosen.append(best)
    return chosen


def _tables(sources: Sequence[Source]) -> list[list[Line]]:
    """The rows of each table among the sources (rows of one header in one source)."""
    groups: dict[tuple[int, tuple[str, ...]], list[Line]] = {}
    for source in sources:
        for line in lines_of(source):
            if line.header is not None:
                groups.setdefault((line.n, line.header), []).append(line)
    return list(groups.values())


def _ranking(question: str, sources: Sequence[Source], idf, what: Named) -> Lead | None:
    """The guide's list (or table) of figures that covers the question and names the population."""
    asked = Asked.of(question, idf)

    def figures(items: list[Line], terms: frozenset[str]) -> bool:
        stated = sum(bool(_DIGIT.search(i.text)) for i in items[:MAX_ITEMS])
        return stated >= MIN_ITEMS and all(p <= terms for p in (*what.population, what.ranking))

    found = best_list(asked, sources, figures)
    best: tuple[float, list[Line]] | None = None
    for rows in _tables(sources):
        terms = rows[0].label_terms.union(*(r.terms for r in rows))
        score = asked.cover(terms) + RANK_BONUS / rows[0].n
        if score >= MIN_LIST_MATCH and figures(rows, terms) and (best is None or score > best[0]):
            best = (score, rows)
    if found is not None and (best is None or asked.cover(found.terms) >= best[0] - RANK_BONUS):
        return found
    if best is None:
        return None
    source = next(s for s in sources if s.n == best[1][0].n)
    return Lead(tuple(best[1][:MAX_ITEMS]), label=source.label.replace("*", ""))


def _as_lead(lines: list[Line], sources: Sequence[Source]) -> Lead | None:
    if not lines:
        return None
    first = lines[0]
    if first.header is not None and all(x.header == first.header and x.n == first.n for x in lines):
        source = next(s for s in sources if s.n == first.n)
        return Lead(tuple(sorted(lines, key=lambda x: x.position)), label=source.label.replace("*", ""))
    return Lead(tuple(replace(x, header=None) for x in lines))


def market_lead(question: str, spec, sources: Sequence[Source], idf: Callable[[str], float]) -> Lead | None:
    """The guide's own figures for what a market spec asks, or None when the guide states none."""
    what = named(spec)
    if what.counted:
        return _as_lead(_value_lines(question, sources, idf, spec, what), sources)
    return _ranking(question, sources, idf, what) if what.ranking else None


@dataclass(frozen=True)
class GuideQuote:
    """A market answer's quoted lead: its sources (renumbered from 1) and the rendered part."""

    sources: list[Source]
    text: str

    @property
    def next_citation(self) -> int:
        return len(self.sources) + 1

    def around(self, computed: str) -> str:
        """The quoted lead, then the computed answer under its own label."""
        return f"{self.text}\n\n{load_prompt('market_lead').render('computed')}\n\n{computed}"


def quote_for_market(answerer, question: str, routed) -> GuideQuote | None:
    """The guide's lead for a market question (`routed`: the router's decision, with its spec) over
    the guide's top sections for it, sources renumbered from 1; None when there is no figure to
    compare (a field not recorded, an unknown value) or the guide states none."""
    settings, desk = answerer.settings, answerer.deps.market
    if not settings.extractive_lead or routed.spec is None or routed.not_recorded or routed.unknown:
        return None
    hits = answerer.deps.retriever.retrieve(question, k=settings.answer_k)
    context = answerer.quotable(build_context(hits, answerer.count_tokens, settings.answer_context_tokens))
    lead = market_lead(question, routed.spec, context.sources, answerer.relevance.term_idf)
    if lead is None:
        return None
    numbers = {n: i for i, n in enumerate(dict.fromkeys(line.n for line in lead.lines), start=1)}
    by_n = context.by_number()
    sources = [replace(by_n[n], n=i) for n, i in numbers.items()]
    lead = replace(lead, lines=tuple(replace(line, n=numbers[line.n]) for line in lead.lines))
    samples = desk.samples()
    sample = next((samples[p] for s in sources for p in s.hit.chunk.source_paths if p in samples), "")
    header = load_prompt("market_lead").render("guide", sample=f" ({sample})" if sample else "")
    body = sanitize_markdown(render_lead(lead), {s.url for s in sources})
    return GuideQuote(sources, f"{header}\n\n{body}")
