"""The guide's own stated figures for a skill a market answer is about, found by the data's skill names.

A market answer about a skill quoted the guide's line the question's words scored best, which was
often not the guide's figure for that skill: a line of the skills page in another spelling ("Postgres
- N jobs" for PostgreSQL), a table row whose first cell or entry names it ("Ops | Docker (N%), CI/CD
(N%) | -", "Agents | N% | N%"), an item of a list the question's words do not reach ("embeddings - N
jobs" under "Top ML skills:"), or a heading that names a job type of the same name ("Machine Learning:
N jobs (N%)"). Here every line of the guide's analysis pages (the pages whose job-description sample
is known) that states a count or share is read by the data's own skill vocabulary: its subject (a list
item's, a row's first cell) and its "Name (figure)" entries are looked up as skill names, spellings
folded as the postings table folds them. A market answer about a skill then also quotes the guide's
lines for it (at most MAX_PER_SKILL each, those naming the AI type the question asks about first),
each under its list's introducing line or its table's header, with its own citation; the computed
figure follows under its own label.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answer.context import Source
from rag.answer.figure_shapes import TALLY
from rag.answer.lead import SUBJECT_END, Lead, Line, lines_of, value_terms
from rag.answer.lists import lists_of
from rag.records import Chunk, Hit

MAX_PER_SKILL = 2  # the guide's lines quoted for one skill (its whole sample, the job type asked about)
MAX_LINES = 4  # for all the skills of one answer
_ENTRY = re.compile(r"([A-Za-z][^,;·()]*?)\s*\(\s*~?\d")  # "Docker (30%)" inside a row or line
_NOTE = re.compile(r"\s*\([^)]*\)")  # "LLMs (general)"
_AI_TYPES = {"ai-first": "AI-First", "ai-support": "AI-Support", "ml-first": "Machine Learning"}
_TYPE_TERMS = (value_terms("AI-First"), value_terms("AI-Support"))  # "Machine Learning" is a skill too


def _names(line: Line) -> list[str]:
    """The names a line states a figure about: its subject and its entries, as written."""
    subject = line.cells[0] if line.header is not None else SUBJECT_END.split(line.text, 1)[0]
    return [subject, *(m[1] for m in _ENTRY.finditer(line.text))]


def skills_of(line: Line, lookup: Callable[[str], str | None]) -> frozenset[str]:
    """The data's skills (by `lookup`, the vocabulary's spelling) a line states a figure about; a
    name of several ("Backend/Platform") is read whole first, then part by part."""
    out: set[str] = set()
    for raw in _names(line):
        name = _NOTE.sub("", raw.replace("*", "")).strip(" -–:.")
        if not name or len(name.split()) > 4:
            continue
        value = lookup(name)
        if value is None and "/" in name:
            out.update(v for v in map(lookup, name.split("/")) if v)
        elif value is not None:
            out.add(value)
    return frozenset(out)


def is_heading(line: Line, source: Source) -> bool:
    """A heading states a figure of its section ("Machine Learning: N jobs (N%)" is a job type)."""
    return line.position < 0 or source.text[line.position :].lstrip().startswith("#")


def _stating(source: Source, lookup) -> list[tuple[Line, frozenset[str]]]:
    """A source's lines that state a count or share about a skill of the data, with their skills; an
    item of a list, or a row of a table, most of whose entries name no skill is about something else
    ("OpenAI - N jobs" among the top companies)."""
    out = []
    groups: dict[tuple, list[Line]] = {}
    for line in lines_of(source):
        if line.header is not None:
            groups.setdefault(("table", line.header), []).append(line)
    for intro, items in lists_of(source):
        groups[("list", intro, items[0].position)] = items
    other = {
        x.position
        for lines in groups.values()
        if 2 * sum(bool(skills_of(x, lookup)) for x in lines) < len(lines)
        for x in lines
    }
    for line in lines_of(source):
        if is_heading(line, source) or not TALLY.search(line.text) or line.position in other:
            continue
        skills = skills_of(line, lookup)
        if skills:
            out.append((line, skills))
    return out


class SkillPages:
    """The chunks of the guide's analysis pages that state a figure about each skill of the data."""

    def __init__(self, chunks: Sequence[Chunk], pages: frozenset[str], lookup: Callable[[str], str | None]):
        self.by_skill: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            if chunk.kind != "page" or not pages.intersection(chunk.source_paths):
                continue
            source = Source(0, Hit(chunk=chunk, score=0.0), chunk.text, False)
            for skill in frozenset().union(*(s for _, s in _stating(source, lookup))):
                self.by_skill.setdefault(skill, []).append(chunk)

    def chunks(self, skills: Sequence[str]) -> list[Chunk]:
        """The chunks stating a figure about any of `skills`, each once."""
        out: dict[str, Chunk] = {}
        for skill in skills:
            for chunk in self.by_skill.get(skill, ()):
                out.setdefault(chunk.id, chunk)
        return list(out.values())


_PAGES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def skill_pages(desk, chunks: Sequence[Chunk]) -> SkillPages:
    """The desk's analysis pages read by its vocabulary, built once per desk (one index version)."""
    if desk not in _PAGES:
        vocab = desk.engine.vocab
        _PAGES[desk] = SkillPages(chunks, frozenset(desk.samples()), lambda name: vocab.lookup("skill", name))
    return _PAGES[desk]


def spec_skills(spec) -> list[str]:
    """The skills a market spec is about: those it filters or counts by, and those it compares."""
    named = list(spec.where().skills())
    if "skill" in (spec.field, spec.group_by):
        named += list(spec.only)
    return list(dict.fromkeys(named))


def _asked_types(spec) -> list[frozenset[str]]:
    """The AI types a spec filters on or compares, as the guide names them ("AI-First")."""
    types = list(spec.where().ai_type)
    if "ai_type" in (spec.field, spec.group_by):
        types += list(spec.only)
    return [value_terms(_AI_TYPES[t]) for t in types if t in _AI_TYPES]


@dataclass(frozen=True)
class _Found:
    line: Line
    skills: frozenset[str]
    source: Source


def skill_leads(
    spec,
    sources: Sequence[Source],
    lookup: Callable[[str], str | None],
    pages: frozenset[str],
    shown: Sequence[Lead],
) -> tuple[Lead, ...]:
    """The guide's lines for each skill of `spec` among the `sources` of its analysis `pages` that
    no lead in `shown` holds: a table row under its header, a list item under its list's introducing
    line, another line as it is. Lines naming an asked AI type (in them, their header or section)
    come first, then those naming none (the page's whole sample), then page order; a line repeated
    word for word is quoted once."""
    skills = spec_skills(spec)
    if not skills:
        return ()
    have = {(x.n, x.position) for lead in shown for x in lead.lines}
    texts = {x.text.lower() for lead in shown for x in lead.lines}
    found = [
        _Found(line, named, s)
        for s in sources
        if pages.intersection(s.hit.chunk.source_paths)
        for line, named in _stating(s, lookup)
        if named & set(skills) and (line.n, line.position) not in have
    ]
    asked = _asked_types(spec)

    def rank(f: _Found) -> tuple[int, int]:
        """The AI type asked about first, then no type (the whole sample), then other types; a row
        comparing types before a line of one."""
        terms = f.line.terms | f.line.label_terms
        named = [t for t in _TYPE_TERMS if t <= terms]
        group = 0 if any(t in named for t in asked) else 1 if not named else 2
        return group, -len(named)

    found.sort(key=rank)  # stable: page order within each rank
    quoted = [skills_of(x, lookup) for lead in shown for x in lead.lines]  # the skills' lines shown already
    chosen: list[_Found] = []
    for skill in skills:
        for f in (f for f in found if skill in f.skills):
            stated = sum(skill in x for x in quoted) + sum(skill in x.skills for x in chosen)
            if stated >= MAX_PER_SKILL or len(chosen) >= MAX_LINES:
                break
            if f not in chosen and f.line.text.lower() not in texts:
                chosen.append(f)
                texts.add(f.line.text.lower())
    return joined([_lead(f) for f in chosen])


def joined(leads: Sequence[Lead]) -> tuple[Lead, ...]:
    """Rows of one table, or items of one list, as one lead (in the source's order), where the first
    of them stands."""
    out: list[Lead] = []
    for lead in leads:
        line = lead.lines[0]
        if any((x.n, x.position) == (line.n, line.position) for o in out for x in o.lines):
            continue
        at = next(
            (i for i, x in enumerate(out) if x.kind == lead.kind != "line" and x.lines[0].n == line.n
             and (x.header, x.intro, x.label) == (lead.header, lead.intro, lead.label)),
            None,
        )  # fmt: skip
        if at is None:
            out.append(lead)
        else:
            lines = tuple(sorted({*out[at].lines, *lead.lines}, key=lambda x: x.position))
            out[at] = Lead(lines, label=out[at].label, intro=out[at].intro)
    return tuple(out)


def _lead(found: _Found) -> Lead:
    """A row under its table's header, an item under its list's line, or the line itself."""
    line, source = found.line, found.source
    label = source.label.replace("*", "")
    if line.header is not None:
        return Lead((line,), label=label)
    for intro, items in lists_of(source):
        item = next((x for x in items if x.position == line.position), None)
        if item is not None:
            return Lead((item,), label=label, intro=intro)
    return Lead((line,))
