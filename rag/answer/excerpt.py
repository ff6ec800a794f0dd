"""Whole excerpts around the offline answer's quotes: what sits between them, and the figure next to them.

The sentence picker takes the best-scoring units of a passage, which are often not the ones that
carry its figures: a story's "changed ~50 lines of code" sits between the task and the outcome it
quotes, a section's figure stands on its own line ("38 mentions (0.8%)") above the sentence that
names the question's terms, a list's basis is its introducing line ("Based on 130+ interview
rounds:"). So, within one section of one source (no heading between), the units between two quotes
at most MAX_GAP apart are filled in; then, for each quote or lead line, its section's first line when
short and stating a figure, and the units at most NEAR from it that state a figure (another list
item's only if the question names its words, or the item is a sentence naming some of them), nearest
first, while the answer stays within WORD_BUDGET words (`FIELDGUIDE_EXTRACTIVE_WORDS`). A short line
that starts with its figure (it does not say what it counts) gets its section's heading in front
("Handling Specialized Domain Knowledge: 38 mentions (0.8%)"). All of it is the source's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rag.answer.context import Context, Source
from rag.answer.sentences import FOOTNOTE_REF, Unit, clean_line, near_duplicate, quotable, split_units
from rag.index.text_tokens import tokenize

WORD_BUDGET = 150  # excerpt words (lead and quotes) up to which units are added
MAX_GAP = 3  # units between two quotes of one section that are filled in
NEAR = 2  # a unit stating a figure this close to a quote (same section) is added
SHORT = 6  # a figure line of at most this many words takes its section's heading in front
MAX_UNIT_WORDS = 60  # a longer unit is never added
HEADLINE_WORDS = 15  # a section's first line this short that states a figure is its own figure
MIN_ASKED = 0.1  # another list item's figure names at least this (idf-weighted) share of the question
VALUE_ITEM_WORDS = 10  # an item this short is a value's own line ("Vector databases - 41%")
# A number that is no year ("since 2023") and no footnote or list index (removed before).
FIGURE = re.compile(r"(?<![\w.])(?!(?:19|20)\d\d\b)\d[\d,.]*")
_LINK = re.compile(r"https?://|www\.|\]\(")
_HEADING_MARK = re.compile(r"^\s*#+\s*")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


@dataclass(frozen=True)
class Added:
    """A unit added to the answer: its source, where it starts, and its text as quoted."""

    n: int
    position: int
    text: str


@dataclass(frozen=True)
class Passage:
    """One source's units, with the section (count of headings before) each falls in."""

    source: Source
    units: list[Unit]
    section: list[int]

    @classmethod
    def of(cls, source: Source) -> Passage:
        units = split_units(source.text)
        section, count = [], 0
        for unit in units:
            count += unit.kind in ("heading", "code")
            section.append(count)
        return cls(source, units, section)

    def opening(self, i: int) -> int | None:
        """The first unit of unit i's section when it is a short prose line stating a figure (the
        section's own figure: "38 mentions (0.8%)", "Agents appear in 14.4% of jobs and growing.")."""
        first = next(k for k in range(i + 1) if self.section[k] == self.section[i])
        if self.units[first].kind in ("heading", "code"):
            first += 1
        line = self.line(first) if first < i and self.units[first].kind == "prose" else ""
        return first if line and len(line.split()) <= HEADLINE_WORDS and FIGURE.search(line) else None

    def other_item(self, i: int, j: int) -> bool:
        """Unit j is a list item of its own, not unit i's (nor a further sentence of it)."""
        units = self.units
        if units[j].kind != "item":
            return False
        if units[i].kind != "item":  # the list before or after a sentence: each item is a value's own
            return True
        text = self.source.text
        return any(_ITEM.match(units[k].text(text)) for k in range(min(i, j) + 1, max(i, j) + 1))

    def index(self, position: int) -> int | None:
        return next((i for i, u in enumerate(self.units) if u.start == position), None)

    def line(self, i: int) -> str:
        """Unit i cleaned, without footnotes ("" when it may not be quoted)."""
        unit = self.units[i]
        raw = unit.text(self.source.text)
        if unit.kind not in ("prose", "item") or not quotable(raw) or _LINK.search(raw):
            return ""
        line = clean_line(FOOTNOTE_REF.sub("", raw))
        return "" if len(line.split()) > MAX_UNIT_WORDS or line.endswith("?") else line

    def text(self, i: int) -> str:
        """Unit i as it would be quoted: a short figure line under its section's heading."""
        line = self.line(i)
        if line and len(line.split()) <= SHORT and FIGURE.match(line.lstrip("~$€£")):
            heading = self.heading(i)
            return f"{heading}: {line}" if heading else line
        return line

    def heading(self, i: int) -> str:
        """The heading of unit i's section: the chunk's own heading line, else its section path's last."""
        for unit in reversed(self.units[:i]):
            if unit.kind == "heading":
                return clean_line(_HEADING_MARK.sub("", unit.text(self.source.text)))
        if self.section[i] == 0:
            return clean_line(self.source.hit.chunk.section.split(" > ")[-1])
        return ""


def _words(texts: Iterable[str]) -> int:
    return sum(len(t.split()) for t in texts)


def widen(
    quoted: Sequence[tuple[int, int, str]],
    context: Context,
    asked: Callable[[frozenset[str]], float],
    budget: int = WORD_BUDGET,
    unasked: Callable[[str], bool] = lambda _line: False,
) -> list[Added]:
    """Units to add to an answer that quotes `quoted` ((source number, position, text): the lead's
    lines first, then the quotes best first): the gaps between any two filled, then the figures
    next to each of them, within `budget` words. `asked(terms)`: the share of the
    question those terms name; another list item's figure is added only if it names some.
    `unasked(line)`: a line the question does not ask for (a pay line), never added."""
    excerpt = _Excerpt(context, quoted, budget)

    def other(n: int, i: int, j: int) -> bool:
        """Unit j is another list item's figure that the question does not ask about ("Vector
        databases 41%" next to "Prompt engineering 58%"): it names less than MIN_ASKED of the
        question, and is a value's short line or names none of it (an item that is a sentence of
        its own and shares a word with the question is the passage's, not another value's)."""
        passage = excerpt.passages[n]
        line = passage.line(j)
        if not passage.other_item(i, j) or not FIGURE.search(line):
            return False
        share = asked(frozenset(tokenize(line)))
        return share < MIN_ASKED and (len(line.split()) <= VALUE_ITEM_WORDS or share == 0)

    for n, found in excerpt.at.items():  # the gaps between two quotes of one section
        section = excerpt.passages[n].section
        ordered = sorted(set(found))
        for a, b in zip(ordered, ordered[1:], strict=False):
            gap = [
                i
                for i in range(a + 1, b)
                if (n, i) not in excerpt.covered and not unasked(excerpt.passages[n].line(i))
            ]
            if 0 < b - a - 1 <= MAX_GAP and section[a] == section[b] and not any(other(n, a, i) for i in gap):
                excerpt.add(n, gap)
    for n, position, _ in quoted:  # each section's own figure line, then the figures
        passage = excerpt.passages.get(n)  # next to each line, nearest first
        i = passage.index(position) if passage else None
        if i is None:
            continue
        first = passage.opening(i)
        if first is not None and (n, first) not in excerpt.covered and not unasked(passage.line(first)):
            excerpt.add(n, [first])
        for j in sorted(
            range(max(i - NEAR, 0), min(i + NEAR + 1, len(passage.units))), key=lambda j: abs(j - i)
        ):
            line = passage.line(j)
            if (
                (n, j) in excerpt.covered
                or passage.section[j] != passage.section[i]
                or not FIGURE.search(line)
                or unasked(line)
            ):
                continue
            if not other(n, i, j):
                excerpt.add(n, [j])
    return excerpt.added


class _Excerpt:
    """The units an answer quotes, per source, and what is added to them within the word budget."""

    def __init__(self, context: Context, quoted: Sequence[tuple[int, int, str]], budget: int):
        by_n = context.by_number()
        self.passages: dict[int, Passage] = {}
        self.at: dict[int, list[int]] = {}  # source number -> quoted unit indices
        for n, position, _ in quoted:
            if n not in by_n:
                continue
            passage = self.passages.setdefault(n, Passage.of(by_n[n]))
            i = passage.index(position)
            if i is not None:
                self.at.setdefault(n, []).append(i)
        self.words = _words(t for _, _, t in quoted)
        self.budget = budget
        self.taken = [frozenset(tokenize(t)) for _, _, t in quoted]
        self.covered = {(n, i) for n, found in self.at.items() for i in found}
        self.added: list[Added] = []

    def add(self, n: int, indices: list[int]) -> None:
        """Add these units of source n, all or none: each quotable, new, and within the budget."""
        passage = self.passages[n]
        texts = [passage.text(i) for i in indices]
        if not all(texts) or self.words + _words(texts) > self.budget:
            return
        terms = [frozenset(tokenize(t)) for t in texts]
        if any(near_duplicate(t, other) for t in terms for other in self.taken):
            return
        self.words += _words(texts)
        self.taken.extend(terms)
        self.covered.update((n, i) for i in indices)
        self.added.extend(Added(n, passage.units[i].start, t) for i, t in zip(indices, texts, strict=True))
