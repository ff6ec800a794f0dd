"""The lead of an offline answer: for a question after a figure, the line that states it, first.

A question that asks for a number, a share, a duration, a salary, a date or a comparison ("how many",
"what share", "how long", "what does X pay", "Go or Java, which more?") gets, before the usual
quoted sentences, the one sentence, list item or table row among its sources that states a figure
of the asked kind and matches the question's terms best; a table row keeps its table's header (and
the rows naming the question's other terms, for a comparison). The lead is quoted under its own
citation. Which figure shapes a question asks for is decided from its wording alone
(rag/answer/figure_shapes.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag.answer.context import Source
from rag.answer.excerpt import FIGURE, SHORT
from rag.answer.figure_shapes import ASKING_WORDS, MONEY, VISA, asked_shapes, yes_no_only
from rag.answer.sentences import FOOTNOTE_REF, MD_LINK, clean_line, near_duplicate, quotable, split_units
from rag.answer.value_labels import labelled_figures, pay_terms
from rag.index.text_tokens import tokenize

MAX_WORDS = 60  # a longer unit is no lead line
MAX_LINES = 3  # the best line, and lines (or rows of its table) naming the question's other terms
EXTRA_SHARE = 0.5  # a further line scores at least this share of the best one
MAX_ITEMS = 8  # a list lead: its first items
MAX_ITEM_WORDS = 30
MIN_ITEMS = 3
MIN_LIST_MATCH = 0.4  # a list (with its section and introducing line) covers this share of the question
MIN_NEW = 0.15  # and names question terms (this idf-weighted share) the lines before it lack
MIN_MATCH = 0.2  # the lead must cover at least this share of the question's (idf-weighted) terms
UNIT_WEIGHT = 0.6  # the unit's own words against the question's
LABEL_WEIGHT = 0.4  # with its source's title and section
RANK_BONUS = 0.05  # a small preference for the better-ranked source
SHAPE_BONUS = 0.1  # states the figure the question names first (a salary, a duration, a share)
SUBJECT_BONUS = 0.25  # the line is about the question's terms ("Fine-tuning - 159 jobs")
# A yes/no question asks for no figure by name, so a share settles it only when the line itself is
# about the question: "Does Revolut sponsor visas?" must not lead with "AI-Support: 255 jobs (28.5%)".
YES_NO_MATCH = 0.5
_SEPARATOR_CELL = re.compile(r":?-{2,}:?")
_ENTRY = re.compile(r"([A-Za-z][^,;·()]*?)\s*\(\s*~?\d")  # "Vultr (12.5%)" inside a cell or line
SUBJECT_END = re.compile(r"\s[-–:]\s|:\s|\s\(|\d")  # "Docker - 277", "Roles: 231", "AI-First (69.4%)"
_GENERIC = frozenset(tokenize("level role roles plus"))  # no subject of their own ("Management roles")
_DIGIT = re.compile(r"\d")
_LINK = re.compile(r"https?://|www\.|\]\(")


def value_terms(value: str) -> frozenset[str]:
    """A value's or subject's terms, without words that name no subject of their own ("level")."""
    return frozenset(tokenize(value)) - _GENERIC


@dataclass(frozen=True)
class Line:
    """A sentence, list item or table row of a source that states a figure."""

    n: int
    position: int
    text: str  # cleaned; a table row as "cell · cell"
    terms: frozenset[str]
    label_terms: frozenset[str]  # the source's title and section (and a row's header)
    header: tuple[str, ...] | None = None  # a table row's header cells
    cells: tuple[str, ...] = ()
    marker: str = ""  # a list item's "1." or "-"

    @property
    def subject(self) -> frozenset[str]:
        """What the line states a figure about: a row's first cell, the words before "- 277" or ": 231"."""
        return value_terms(self.cells[0] if self.header is not None else SUBJECT_END.split(self.text, 1)[0])

    @property
    def entries(self) -> tuple[frozenset[str], ...]:
        """The subjects of the line's "Name (figure)" entries ("Hetzner (31.0%), Vultr (12.5%)")."""
        return tuple(t for t in (value_terms(m[1]) for m in _ENTRY.finditer(self.text)) if t)

    def about(self, terms: frozenset[str]) -> bool:
        """Its subject, or one of its entries' subjects, is among `terms`."""
        return any(s and s <= terms for s in (self.subject, *self.entries))


@dataclass(frozen=True)
class Lead:
    """What an answer leads with: lines stating the figure, or rows of one table under its header."""

    lines: tuple[Line, ...]
    label: str = ""  # a table's or list's "title — section", shown above it
    intro: str = ""  # the line ending in ":" that introduces a list
    intro_is_line: bool = False  # the intro is a sentence the answer may not quote again

    @property
    def header(self) -> tuple[str, ...] | None:
        return self.lines[0].header

    @property
    def terms(self) -> frozenset[str]:
        return frozenset().union(*(line.terms for line in self.lines))

    def covers(self, n: int, position: int, text: str, terms: frozenset[str]) -> bool:
        """A sentence that repeats the lead (the same unit, nearly the same words, a row of its table)."""
        if self.header and n == self.lines[0].n and text.startswith(f"{self.header[0]}: "):
            return True
        if self.intro_is_line and near_duplicate(terms, frozenset(tokenize(self.intro))):
            return True  # the section's opening line, shown above its outline
        return any(
            (n, position) == (line.n, line.position) or near_duplicate(terms, line.terms)
            for line in self.lines
        )

    @property
    def kind(self) -> str:
        """line (bold lines), table (rows under their header) or list (items in order)."""
        return "table" if self.header else "list" if self.lines[0].marker else "line"

    def markdown_list(self) -> str:
        items = [f"{line.marker} {_shorten(line.text, MAX_ITEM_WORDS)}" for line in self.lines]
        return "\n".join([self.intro, *items] if self.intro else items)

    def table(self) -> str:
        """The rows under their header, as a markdown table."""
        width = len(self.header or ())
        rows = ["| " + " | ".join(self.header or ()) + " |", "|" + "---|" * width]
        rows += ["| " + " | ".join((list(r.cells) + [""] * width)[:width]) + " |" for r in self.lines]
        return "\n".join(rows)


def _cells(raw: str) -> list[str]:
    # A cell that is only a mark ("#" over a numbered column) keeps it.
    return [clean_line(FOOTNOTE_REF.sub("", c)) or c.strip() for c in raw.strip().strip("|").split("|")]


def lines_of(source: Source) -> list[Line]:
    """The source's lines that may state a figure: sentences, list items, table rows, its heading; a
    short line that starts with its figure is read under its section's heading, as excerpts show it."""
    c = source.hit.chunk
    return list(_lines(source.n, source.text, c.title, c.section))


@lru_cache(maxsize=512)  # one answer reads each source's lines for several leads
def _lines(n: int, text: str, title: str, section: str) -> tuple[Line, ...]:
    label = frozenset(tokenize(f"{title} {section}"))
    units = split_units(text)
    # A heading can state the figure ("AI-Support: 255 jobs (28.5%)"): the section's own one too.
    heading = clean_line(section.split(" > ")[-1])
    out = [Line(n, -1, heading, frozenset(tokenize(heading)), label)] if _DIGIT.search(heading) else []
    header: tuple[str, ...] | None = None
    labelled = labelled_figures(units, text)
    for i, unit in enumerate(units):
        raw = unit.text(text)
        if unit.kind != "table":
            header = None
        heading = clean_line(raw) if unit.kind == "heading" else heading
        # A link reads as its text (a webinars table's "| A Day of an AI Engineer | Feb 16, 2026 |"); a
        # line of links is no line, and a bare URL's digits are no figure.
        if unit.kind == "code" or raw.count("](") > 1:
            continue
        raw = MD_LINK.sub(r"\1", raw)
        if not quotable(raw) or _LINK.search(raw):
            continue
        if unit.kind == "table":
            cells = _cells(raw)
            if all(_SEPARATOR_CELL.fullmatch(x) for x in cells if x):
                continue
            following = units[i + 1].text(text) if i + 1 < len(units) else ""
            if header is None and units[i + 1 : i + 2] and re.fullmatch(r"[\s|:-]+", following.strip()):
                header = tuple(cells)
                continue
            line = " · ".join(x for x in cells if x)
            terms, context = frozenset(tokenize(line)), label | _header_terms(header)
            out.append(Line(n, unit.start, line, terms, context, header, tuple(cells)))
            continue
        line = labelled.get(i) or clean_line(FOOTNOTE_REF.sub("", raw))
        if (
            i not in labelled
            and unit.kind == "prose"
            and heading
            and len(line.split()) <= SHORT
            and FIGURE.match(line.lstrip("~$€£"))
        ):
            line = f"{heading}: {line}"  # "38 mentions (0.8%)" says what it counts only under its heading
        # A question is no answer; an open bracket is a line cut short ("49 jobs (5." at a chunk's end).
        if len(line.split()) <= MAX_WORDS and not line.endswith("?") and line.count("(") <= line.count(")"):
            out.append(Line(n, unit.start, line, frozenset(tokenize(line)), label))
    return tuple(out)


def named_terms(line: Line) -> frozenset[str]:
    """The words a line answers to: its own, and every word for pay where it states an amount under one."""
    return pay_terms(line.terms) if MONEY.search(line.text) else line.terms


def _header_terms(header: tuple[str, ...] | None) -> frozenset[str]:
    return frozenset(tokenize(" ".join(header))) if header else frozenset()


@dataclass(frozen=True)
class Asked:
    """A question's terms (its figure words aside), idf-weighted."""

    wanted: dict[str, float]

    @classmethod
    def of(cls, question: str, idf: Callable[[str], float]) -> Asked:
        return cls({t: idf(t) for t in set(tokenize(question)) - ASKING_WORDS})

    def cover(self, terms: frozenset[str]) -> float:
        """The weighted share of the question's terms that `terms` hold."""
        total = sum(self.wanted.values())
        return sum(w for t, w in self.wanted.items() if t in terms) / total if total else 0.0


def scored_lines(
    question: str,
    sources: Sequence[Source],
    idf: Callable[[str], float],
    shapes: Sequence[re.Pattern],
    own_match: float = 0.0,
) -> list[tuple[float, Line]]:
    """Every line stating a figure of one of `shapes` that covers enough of the question (with its
    label; `own_match` of it in its own words), best first."""
    asked = Asked.of(question, idf)
    cover = asked.cover
    scored: list[tuple[float, Line]] = []
    for source in sources:
        for line in lines_of(source):
            fits = [i for i, shape in enumerate(shapes) if shape.search(line.text)]
            terms = named_terms(line)
            if not fits or cover(terms | line.label_terms) < MIN_MATCH:
                continue
            if own_match and cover(terms) < own_match:
                continue
            score = (
                UNIT_WEIGHT * cover(terms)
                + LABEL_WEIGHT * cover(terms | line.label_terms)
                + RANK_BONUS / line.n
                + (SHAPE_BONUS if fits[0] == 0 else 0.0)
                + (SUBJECT_BONUS if line.about(frozenset(asked.wanted)) else 0.0)
            )
            scored.append((score, line))
    scored.sort(key=lambda x: (-x[0], x[1].n, x[1].position))
    return scored


def pick_lead(question: str, sources: Sequence[Source], idf: Callable[[str], float]) -> Lead | None:
    """The best line stating an asked-for figure, then lines naming the question's terms it lacks
    (the other side of a comparison); None if no figure is asked for or none is stated."""
    shapes, asked = asked_shapes(question), Asked.of(question, idf)
    wanted, cover = asked.wanted, asked.cover
    if not shapes or not sum(wanted.values()):
        return None
    own_match = YES_NO_MATCH if yes_no_only(question) and VISA not in shapes else 0.0
    scored = scored_lines(question, sources, idf, shapes, own_match)
    if not scored:
        return None
    best = scored[0][1]
    chosen, covered = [best], set(best.terms | best.label_terms)
    named = frozenset(wanted)
    for score, line in scored[1:]:
        if len(chosen) >= MAX_LINES or score < EXTRA_SHARE * scored[0][0]:
            break
        new = (line.terms & wanted.keys()) - covered
        # Another value the question names ("how often do 'agents' and 'enterprise' come up?"): its own
        # line, however common its word.
        value = line.about(named) and not any(line.subject <= x.subject for x in chosen)
        if (
            line.header == best.header
            and (best.header is None or line.n == best.n)
            and (cover(frozenset(new)) >= MIN_NEW or value)
        ):
            chosen.append(line)
            covered |= new
    if best.header is None:
        return Lead(tuple(chosen))
    chosen.sort(key=lambda line: line.position)
    source = next(s for s in sources if s.n == best.n)
    return Lead(tuple(chosen), label=source.label.replace("*", ""))


def _shorten(text: str, limit: int) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]) + " …"
