"""A market answer's lead: the guide's own figure for the same thing, quoted before the computed one.

The postings table counts all postings; the guide's pages state figures of their own analyses (of
a different sample), and an asker quoting the guide wants those. A market question whose spec
names values (skills, an AI type, a stage, a role flag) gets, for each value, the guide's line that
names it and states a figure of the asked kind, under the population's values (in the line, its
table's header or its section); a ranking ("which X most", a breakdown) gets the guide's list or
table of figures that covers the question. What the spec misread or left out gets the lead the
question would get on the guide's route, first (`_own_lead`). Quoted under its own citation and
labelled as the guide's analysis, never mixed with the computed figure that follows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rag.answer.context import Source
from rag.answer.figure_shapes import COUNT_SHAPES, MONEY_SHAPES, TALLY, asked_shapes, compares
from rag.answer.lead import (
    MAX_ITEMS,
    MIN_ITEMS,
    MIN_LIST_MATCH,
    RANK_BONUS,
    SUBJECT_END,
    Asked,
    Lead,
    Line,
    lines_of,
    scored_lines,
    value_terms,
)
from rag.answer.lists import best_list
from rag.answer.skill_figures import is_heading, spec_skills
from rag.answer.standing import GAP, pick_ranking, placed_lead, standing
from rag.index.text_tokens import tokenize

MAX_VALUES = 5  # lines for at most this many named values
MIN_PREFIX = 4  # a value word this long also names the longer words it starts
SUBJECT_BONUS = 0.5  # a line about the value ("Docker - 277 jobs") before one naming it in passing
MIN_PHRASE = 3
MORE_BONUS = 0.05  # per further figure the line states about the value (a row's other side)
MAX_MORE = 2
OWN_MATCH = 0.5  # the question's own lead joins the quote when a line names this share of the question
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*")
_WORDS = re.compile(r"[A-Za-z0-9]+")
_FLAGS = {"management": "management", "customer_facing": "customer-facing"}
_VALUE_FIELDS = (
    "skills_all",
    "skills_any",
    "ai_type",
    "stage",
    "company",
    "city",
    "country",
    "level",
    "title",
)
# Values that are names: a line is about one only when it names it as its subject ("London - 12 jobs"),
# not when the name is part of another ("New York Life Insurance - 5 jobs") or one of a list of places.
_NAME_FIELDS = ("company", "city", "country", "title", "level")


@dataclass(frozen=True)
class Named:
    """What a market spec names: the values it counts or compares, and its population's values."""

    counted: tuple[frozenset[str], ...]
    population: tuple[frozenset[str], ...]
    ranking: frozenset[str] = frozenset()  # a top list or breakdown: the field it ranks (its words)
    names: frozenset[frozenset[str]] = frozenset()  # the values that are places or companies
    skills: frozenset[frozenset[str]] = frozenset()  # the values that are skills


def _names_of(filters) -> list[str]:
    out = [value.replace("_", " ") for name in _VALUE_FIELDS for value in getattr(filters, name)]  # series_b
    return out + [word for name, word in _FLAGS.items() if getattr(filters, name)]


def _values(filters) -> list[frozenset[str]]:
    return [v for v in map(value_terms, _names_of(filters)) if v]


def counted_names(spec) -> list[str]:
    """The values a spec counts or compares, as written (`named(spec).counted`'s words)."""
    only = [v for v in spec.only if value_terms(v)]
    if spec.measure in ("count", "share", "by_month"):
        return only + [v for v in _names_of(spec.subset) if value_terms(v)]
    return only


def _place_names(spec) -> frozenset[frozenset[str]]:
    where = spec.where()
    named_values = [v for name in _NAME_FIELDS for v in getattr(where, name)]
    if (spec.field or spec.group_by) in _NAME_FIELDS:
        named_values += list(spec.only)
    return frozenset(t for t in map(value_terms, named_values) if t)


def named(spec) -> Named:
    """The values a QuerySpec names, as term sets (the spec duck-typed: rag.market is a layer above)."""
    only = tuple(value_terms(v) for v in spec.only if value_terms(v))
    names, skills = _place_names(spec), frozenset(t for t in map(value_terms, spec_skills(spec)) if t)
    if spec.group_by not in (None, "skill") and only and spec.subset.skills():  # agents per AI type
        return Named(tuple(_values(spec.subset)), tuple(_values(spec.filters)), names=names, skills=skills)
    if spec.measure in ("count", "share", "by_month"):
        return Named(
            only + tuple(_values(spec.subset)), tuple(_values(spec.filters)), names=names, skills=skills
        )
    ranks = not only and spec.measure in ("top", "breakdown")
    return Named(
        only,
        tuple(_values(spec.where())),
        frozenset(tokenize(spec.field.replace("_", " "))) if ranks else frozenset(),
        names,
        skills,
    )


def _names(line: Line, value: frozenset[str], label: bool = False) -> bool:
    """Every word of the value is in the line (or its labels), whole or as a stem's start
    ("evals" in "evaluation-related": the stems are "eval" and "evalu")."""
    terms = line.terms | line.label_terms if label else line.terms
    return all(t in terms or (len(t) >= MIN_PREFIX and any(x.startswith(t) for x in terms)) for t in value)


def _about(line: Line, value: frozenset[str], names: frozenset[frozenset[str]] = frozenset()) -> bool:
    """The line names the value and is not about something else ("Prompt engineering: 58% of AI-First
    roles" is no figure for AI-First): its subject, if it has one, shares a word with the value. A place
    or company (`names`) must be the subject itself, or one of its entries."""
    if not _names(line, value):
        return False
    if value in names:
        return any(s == value for s in (line.subject, *line.entries))
    return not line.subject or bool(line.subject & value) or any(e & value for e in line.entries)


def _said(question: str, line: Line) -> bool:
    """The question names the line's subject in the guide's own words, a phrase of MIN_PHRASE words
    or more ("how many postings were titled Principal Data Engineer?"); shorter ones ("AI Engineer")
    are the field's own name and in nearly every question."""
    words = _WORDS.findall(line.cells[0] if line.header is not None else SUBJECT_END.split(line.text, 1)[0])
    if len(words) < MIN_PHRASE:
        return False
    phrase = " ".join(words).lower()
    return f" {phrase} " in " " + " ".join(_WORDS.findall(question)).lower() + " "


def _said_lines(question: str, sources: Sequence[Source], idf, shapes) -> list[Line]:
    """Lines stating an asked figure about a subject the question names in the guide's words."""
    return [line for _, line in scored_lines(question, sources, idf, shapes) if _said(question, line)]


def _value_lines(question: str, sources: Sequence[Source], idf, spec, what: Named) -> list[Line]:
    """For each counted value (at most MAX_VALUES), the best line that names it and the population; a
    line stating a figure of the asked kind first, one stating a count or share about it next ("Redis -
    43 jobs" for "is Redis asked for much?")."""
    shapes = MONEY_SHAPES if spec.measure == "salary" else asked_shapes(question) or COUNT_SHAPES
    if spec.measure != "salary":
        shapes = [*shapes, TALLY]
    scored = [
        (score, line)
        for score, line in scored_lines(question, sources, idf, shapes)
        if all(_names(line, p, label=True) for p in what.population)
    ]
    # A heading states its section's figure: "Machine Learning: N jobs (N%)" is a job type, no skill's.
    headings = {(s.n, x.position) for s in sources for x in lines_of(s) if is_heading(x, s)}
    chosen: list[Line] = []
    if compares(question) and len(what.counted) > 1:  # the line comparing them all, then each one's own
        both = [
            x
            for _, x in scored
            if all(_names(x, v) for v in what.counted) and any(_about(x, v, what.names) for v in what.counted)
        ]
        chosen += both[:1]
    for value in what.counted[:MAX_VALUES]:
        naming = [
            (s + (SUBJECT_BONUS if x.subject == value else 0.0) + _more(x), x)
            for s, x in scored
            if _about(x, value, what.names) and not (value in what.skills and (x.n, x.position) in headings)
        ]
        best = max(naming, key=lambda x: x[0], default=(0.0, None))[1]
        if best is not None and best not in chosen:
            chosen.append(best)
    return chosen


def _more(line: Line) -> float:
    """A small bonus for each figure past the first (a row "X | 21% | 7%" over a line "X - 7%")."""
    return MORE_BONUS * min(max(len(_NUMBER.findall(line.text)) - 1, 0), MAX_MORE)


def _tables(sources: Sequence[Source]) -> list[list[Line]]:
    """The rows of each table among the sources (rows of one header in one source)."""
    groups: dict[tuple[int, tuple[str, ...]], list[Line]] = {}
    for source in sources:
        for line in lines_of(source):
            if line.header is not None:
                groups.setdefault((line.n, line.header), []).append(line)
    return list(groups.values())


def _subject_text(line: Line) -> str:
    return (line.cells[0] if line.header is not None else SUBJECT_END.split(line.text, 1)[0]).strip(" *")


def _ranks_values(items: Sequence[Line], is_value: Callable[[str], bool] | None) -> bool:
    """Half or more of the list's first items are values of the field ranked ("Capital One - 28 jobs"
    for companies), not pages, dimensions or skills of another kind; no test (None): any list."""
    shown = items[:MAX_ITEMS]
    return is_value is None or 2 * sum(_leads_with_value(x, is_value) for x in shown) >= len(shown)


def _leads_with_value(line: Line, is_value: Callable[[str], bool]) -> bool:
    """The item's subject is a value, or starts with one ("Python is the dominant language")."""
    words = _subject_text(line).replace(",", " ").split()
    return any(is_value(" ".join(words[:n]).strip(".:;")) for n in range(min(len(words), 3), 0, -1))


def _ranking(question: str, sources: Sequence[Source], idf, what: Named, is_value=None) -> Lead | None:
    """The guide's list (or table) of figures that covers the question, names the population and
    ranks values of the field asked (`is_value`)."""
    asked = Asked.of(question, idf)

    def figures(items: list[Line], terms: frozenset[str]) -> bool:
        stated = sum(bool(_DIGIT.search(i.text)) for i in items[:MAX_ITEMS])
        population = all(p <= terms for p in (*what.population, what.ranking))
        return stated >= MIN_ITEMS and population and _ranks_values(items, is_value)

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


def market_lead(
    question: str,
    spec,
    sources: Sequence[Source],
    idf: Callable[[str], float],
    is_value: Callable[[str], bool] | None = None,
    own_sources: Sequence[Source] | None = None,
) -> tuple[Lead, ...]:
    """The guide's own figures for what a market spec asks, () when the guide states none: lines
    about a subject the question names in the guide's words first, then the spec's values' lines (a
    list item of figures shown where it stands in its list), or the ranking the spec asks for; for a
    question after the top of a ranking whose spec finds none of these, the guide's ranking. A
    ranking must rank values of the field the spec ranks, where `is_value` tells them. The question's
    own lead is read among `own_sources` (default: `sources`), numbered as `sources` are."""
    what = named(spec)
    shapes = MONEY_SHAPES if spec.measure == "salary" else asked_shapes(question) or COUNT_SHAPES
    lines = _said_lines(question, sources, idf, shapes)[:MAX_VALUES]
    if what.counted:
        lines += [x for x in _value_lines(question, sources, idf, spec, what) if x not in lines]
    elif what.ranking and not lines:
        found = _ranking(question, sources, idf, what, is_value)
        if found is not None:
            return (found,)
    parts = _parts(lines[:MAX_VALUES], sources)
    own = _own_lead(question, sources if own_sources is None else own_sources, idf, what)
    if own is not None and not any(_shown(x, parts) for x in own.lines):
        parts = (own, *parts)
    if parts:
        return parts
    # Nothing about what the spec names, and the question asks for the top of a ranking: the guide's,
    # unless the spec ranks skills by co-occurrence with one, which no ranking of the guide's is.
    top = pick_ranking(question, sources, idf) if spec.measure != "cooccur" else None
    return (top,) if top is not None and _ranks_values(top.lines, is_value) else ()


def _own_lead(question: str, sources: Sequence[Source], idf, what: Named) -> Lead | None:
    """The lead the question would get on the guide's route, for what the spec misread or left out
    ("hands-on LLM building vs platform work" read as the skill LLMs): when the spec names something
    (a spec counting every posting read nothing of the question), its lines name the population,
    none is about a value the spec counts (those have their own lines), and one is about what the
    question names (its subject), or names OWN_MATCH of the question in its own words and its
    subject shares a word with it (not "Prompt engineering appears in 58% of the AI-First roles")."""
    if not (what.counted or what.population or what.ranking):
        return None
    lead = placed_lead(question, sources, idf)
    if lead is None:
        return None
    lines = [x for x in lead.lines if x.text != GAP]
    if not all(_names(x, p, label=True) for x in lines for p in what.population):
        return None
    if any(_about(x, v) for x in lines for v in what.counted):
        return None
    if any(x.subject & v and x.subject != v for x in lines for v in what.names):
        return None  # about part of a name the spec filters on ("AI Engineer" for "principal AI engineer")
    if any(v in what.names and not any(_names(x, v) for x in lines) for v in what.counted):
        return None  # about the field at large, not the place or employer counted ("AI Engineer - 118 jobs")
    asked = Asked.of(question, idf)
    wanted = frozenset(asked.wanted)
    if any(
        x.about(wanted) or (asked.cover(x.terms) >= OWN_MATCH and (not x.subject or x.subject & wanted))
        for x in lines
    ):
        return lead
    return None


def _shown(line: Line, parts: Sequence[Lead]) -> bool:
    return any((line.n, line.position) == (x.n, x.position) for p in parts for x in p.lines)


def _parts(lines: list[Line], sources: Sequence[Source]) -> tuple[Lead, ...]:
    """Rows of one table under their header; a list item of figures in its list; other lines in bold."""
    if not lines:
        return ()
    whole = _as_lead(lines, sources)
    if whole is not None and whole.kind == "table":
        return (whole,)
    parts: list[Lead] = []
    for line in lines:
        if _shown(line, parts):
            continue  # already shown in an earlier line's list
        placed = standing(line, sources, lines)
        parts.append(placed or _as_lead([line], sources))
    return tuple(parts)
