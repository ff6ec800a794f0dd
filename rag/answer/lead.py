"""The lead of an offline answer: for a question after a figure, the line that states it, first.

A question that asks for a number, a share, a duration, a salary or a comparison ("how many",
"what share", "how long", "what does X pay", "Go or Java, which more?") gets, before the usual
quoted sentences, the one sentence, list item or table row among its sources that states a figure
of the asked kind and matches the question's terms best; a table row keeps its table's header (and
the rows naming the question's other terms, for a comparison). The lead is quoted under its own
citation. Which figure shapes a question asks for is decided from its wording alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answer.context import Source
from rag.answer.sentences import clean_line, near_duplicate, quotable, split_units
from rag.index.text_tokens import tokenize

MAX_WORDS = 60  # a longer unit is no lead line
MAX_LINES = 3  # the best line, and lines (or rows of its table) naming the question's other terms
EXTRA_SHARE = 0.5  # a further line scores at least this share of the best one
MIN_NEW = 0.15  # and names question terms (this idf-weighted share) the lines before it lack
MIN_MATCH = 0.2  # the lead must cover at least this share of the question's (idf-weighted) terms
UNIT_WEIGHT = 0.6  # the unit's own words against the question's
LABEL_WEIGHT = 0.4  # with its source's title and section
RANK_BONUS = 0.05  # a small preference for the better-ranked source
SHAPE_BONUS = 0.1  # states the figure the question names first (a salary, a duration, a share)

_MONEY = re.compile(
    r"(?:[$£€]\s?\d[\d,.]*(?!\s?(?:[BM]|bn|billion|million)\b)"
    r"|\b\d[\d,.]*\s?[kK]?\s?(?:USD|GBP|EUR)\b|\b(?:USD|GBP|EUR)\s?\d)"
)
_DURATION = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:(?:-|–|to)\s*\d+(?:\.\d+)?\s*)?"
    r"(?:min|mins|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\d\s?%")
_TIMES = re.compile(r"\b\d+(?:\.\d+)?x\b")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*(?:\+|\b)")
_ASKS = (  # (what the question says, the figure shapes that answer it), most specific first
    (
        r"\b(?:pay|pays|paid|salary|salaries|comp|compensation|base|earn|earns|tuition|cost|costs|"
        r"price|hourly|wage|range)\b",
        (_MONEY,),
    ),
    (
        r"\bhow long\b|\bhow much time\b|\b(?:duration|timeline|minutes|hours|weeks|months)\b",
        (_DURATION,),
    ),
    (
        r"\b(?:share|percent|percentage|fraction|proportion|portion|slice|how (?:common|often|likely))\b|%",
        (_PERCENT, _NUMBER),
    ),
    (
        r"\b(?:how (?:many|much|big)|number of|count)\b",
        (_NUMBER,),
    ),
    (
        r"\b(?:vs\.?|versus|compared?|comparison|harder|easier|more|most|less|fewer)\b",
        (_PERCENT, _TIMES, _NUMBER),
    ),
)
_ASKING = [(re.compile(words, re.IGNORECASE), shapes) for words, shapes in _ASKS]
_ASKING_WORDS = frozenset(
    tokenize(
        "how many much long often common likely big share percent percentage fraction proportion "
        "portion slice number count more most less fewer vs versus compare comparison"
    )
)
_SEPARATOR_CELL = re.compile(r":?-{2,}:?")


def asked_shapes(question: str) -> list[re.Pattern]:
    """The figure shapes a question asks for, most specific first ([] if it asks for no figure)."""
    out: list[re.Pattern] = []
    for words, shapes in _ASKING:
        if words.search(question):
            out += [s for s in shapes if s not in out]
    return out


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


@dataclass(frozen=True)
class Lead:
    """What an answer leads with: lines stating the figure, or rows of one table under its header."""

    lines: tuple[Line, ...]
    label: str = ""  # a table's "title — section", shown above it

    @property
    def header(self) -> tuple[str, ...] | None:
        return self.lines[0].header

    @property
    def terms(self) -> frozenset[str]:
        return frozenset().union(*(line.terms for line in self.lines))

    def covers(self, n: int, position: int, terms: frozenset[str]) -> bool:
        """A sentence that repeats the lead (the same unit, or nearly the same words)."""
        return any(
            (n, position) == (line.n, line.position) or near_duplicate(terms, line.terms)
            for line in self.lines
        )

    def table(self) -> str:
        """The rows under their header, as a markdown table."""
        width = len(self.header or ())
        rows = ["| " + " | ".join(self.header or ()) + " |", "|" + "---|" * width]
        rows += ["| " + " | ".join((list(r.cells) + [""] * width)[:width]) + " |" for r in self.lines]
        return "\n".join(rows)


def _cells(raw: str) -> list[str]:
    return [clean_line(c) for c in raw.strip().strip("|").split("|")]


def _lines(source: Source) -> list[Line]:
    text, c = source.text, source.hit.chunk
    label = frozenset(tokenize(f"{c.title} {c.section}"))
    units = split_units(text)
    out: list[Line] = []
    header: tuple[str, ...] | None = None
    for i, unit in enumerate(units):
        raw = unit.text(text)
        if unit.kind != "table":
            header = None
        if unit.kind in ("code", "heading") or not quotable(raw):
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
            out.append(Line(source.n, unit.start, line, terms, context, header, tuple(cells)))
            continue
        line = clean_line(raw)
        if len(line.split()) <= MAX_WORDS:
            out.append(Line(source.n, unit.start, line, frozenset(tokenize(line)), label))
    return out


def _header_terms(header: tuple[str, ...] | None) -> frozenset[str]:
    return frozenset(tokenize(" ".join(header))) if header else frozenset()


def pick_lead(question: str, sources: Sequence[Source], idf: Callable[[str], float]) -> Lead | None:
    """The best line stating an asked-for figure, then lines naming the question's terms it lacks
    (the other side of a comparison); None if no figure is asked for or none is stated."""
    shapes = asked_shapes(question)
    wanted = {t: idf(t) for t in set(tokenize(question)) - _ASKING_WORDS}
    total = sum(wanted.values())
    if not shapes or not total:
        return None

    def cover(terms: frozenset[str]) -> float:
        return sum(w for t, w in wanted.items() if t in terms) / total

    scored: list[tuple[float, Line]] = []
    for source in sources:
        for line in _lines(source):
            fits = [i for i, shape in enumerate(shapes) if shape.search(line.text)]
            if not fits or cover(line.terms | line.label_terms) < MIN_MATCH:
                continue
            score = (
                UNIT_WEIGHT * cover(line.terms)
                + LABEL_WEIGHT * cover(line.terms | line.label_terms)
                + RANK_BONUS / line.n
                + (SHAPE_BONUS if fits[0] == 0 else 0.0)
            )
            scored.append((score, line))
    if not scored:
        return None
    scored.sort(key=lambda x: (-x[0], x[1].n, x[1].position))
    best = scored[0][1]
    chosen, covered = [best], set(best.terms | best.label_terms)
    for score, line in scored[1:]:
        if len(chosen) >= MAX_LINES or score < EXTRA_SHARE * scored[0][0]:
            break
        new = (line.terms & wanted.keys()) - covered
        if (
            line.header == best.header
            and (best.header is None or line.n == best.n)
            and cover(frozenset(new)) >= MIN_NEW
        ):
            chosen.append(line)
            covered |= new
    if best.header is None:
        return Lead(tuple(chosen))
    chosen.sort(key=lambda line: line.position)
    source = next(s for s in sources if s.n == best.n)
    return Lead(tuple(chosen), label=source.label.replace("*", ""))
