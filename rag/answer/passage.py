"""A prose answer as one passage: the consecutive sentences of the best section that answer, and
other sources only for what they add.

The sentence picker scores sentences one by one, so an answer could quote three scattered lines of
one section between lines of others. When no lead is shown, the best section is the source whose
picked sentences score most together; around its best prose sentence the sentences of its section
are quoted as one run (no heading, list or code between, shown as one quote under one citation),
grown from it to the following sentence (or the preceding one when that names more of the
question) while the run stays within RUN_WORDS words; beyond the best sentence's paragraph, its
ends are trimmed of sentences that name none of the question. Under a question heading ("Q&A > Do I
need a master's degree?") that names QA_MATCH of the question, the run starts at the answer's
first sentence. Another picked sentence is kept only when it says something the run does not (no
near-duplicate of it): keeping only those naming question terms the run lacks, or none from an
answer to another question heading, lost the gold page on every tuning set (evals/README.md,
prose14). All of it is the guide's own text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answer.context import Context
from rag.answer.excerpt import Passage
from rag.answer.sentences import FOOTNOTE_REF, clean_line, near_duplicate, quotable, unlinked
from rag.index.text_tokens import tokenize

RUN_WORDS = 80  # the run's words at most (the answer's budget applies to all of it)
QA_MATCH = 0.5  # a question heading naming this share of the question: its answer from the start

Cover = Callable[[frozenset[str]], float]  # the (idf-weighted) share of the question some terms name


@dataclass(frozen=True)
class Run:
    """Consecutive sentences of one section of source `n`: (position, text) in order."""

    n: int
    sentences: tuple[tuple[int, str], ...]
    label_terms: frozenset[str]  # the source's title and section

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(tokenize(" ".join(t for _, t in self.sentences)))

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.sentences)

    def holds(self, n: int, position: int) -> bool:
        return n == self.n and any(p == position for p, _ in self.sentences)


def _sentence(passage: Passage, i: int) -> str:
    """Unit i as a run quotes it: a prose sentence that neither asks nor opens a list ("" if not)."""
    unit = passage.units[i]
    raw = unit.text(passage.source.text)
    if unit.kind != "prose" or not quotable(raw):
        return ""
    line = unlinked(clean_line(FOOTNOTE_REF.sub("", raw)))
    return "" if line.endswith((":", "?")) else line


def _asks_here(heading: str, asked: Cover) -> bool:
    """The section's heading is a question naming most of the asker's one."""
    return heading.rstrip().endswith("?") and asked(frozenset(tokenize(heading))) >= QA_MATCH


def prose_run(n: int, position: int, context: Context, asked: Cover, budget: int = RUN_WORDS) -> Run | None:
    """The run around source n's sentence at `position` (from its answer's start under a matching
    question heading); None when that sentence is no prose (a list, a table row, a list's intro)."""
    source = context.by_number().get(n)
    passage = Passage.of(source) if source else None
    i = passage.index(position) if passage else None
    if i is None or not _sentence(passage, i):
        return None
    units, section = passage.units, passage.section
    texts = {j: _sentence(passage, j) for j in range(len(units)) if section[j] == section[i]}
    heading = passage.heading(i) or source.hit.chunk.section.split(" > ")[-1]
    first = next((j for j in sorted(texts) if units[j].kind != "heading"), i)
    answer = _asks_here(heading, asked) and all(texts.get(j) for j in range(first, i + 1))
    start = first if answer and _words(texts, first, i) <= budget else i
    lo = hi = start  # under a matching question heading: the answer from its first sentence
    words = len(texts[start].split())
    open_after, open_before = True, start == i
    while True:
        after = texts.get(hi + 1, "") if open_after else ""
        before = texts.get(lo - 1, "") if open_before else ""
        if not after and not before:
            break
        j = lo - 1 if before and (not after or _named(before, asked) > _named(after, asked)) else hi + 1
        size = len(texts[j].split())
        if words + size > budget:
            open_after, open_before = open_after and j != hi + 1, open_before and j != lo - 1
            continue
        words += size
        lo, hi = min(lo, j), max(hi, j)
    keep = list(range(lo, hi + 1))
    own = _paragraph(passage, i)  # the best sentence's paragraph stays whole; beyond it, ends are
    while (
        keep[0] < i
        and start == i
        and not _named(texts[keep[0]], asked)
        and _paragraph(passage, keep[0]) != own
    ):
        keep.pop(0)  # trimmed of sentences naming none of the question
    while keep[-1] > i and not _named(texts[keep[-1]], asked) and _paragraph(passage, keep[-1]) != own:
        keep.pop()
    chunk = source.hit.chunk
    label = frozenset(tokenize(f"{chunk.title} {chunk.section}"))
    return Run(n, tuple((units[j].start, texts[j]) for j in keep), label)


def best_run(
    quotes: Sequence[tuple[int, int, float]], context: Context, asked: Cover, budget: int = RUN_WORDS
) -> Run | None:
    """The run of the best section: the source whose picked sentences ((n, position, score), best
    first) score most together, around its best prose sentence; None if it has none."""
    totals: dict[int, float] = {}
    for n, _, score in quotes:
        totals[n] = totals.get(n, 0.0) + score
    if not totals:
        return None
    best = max(totals, key=lambda n: (totals[n], -n))
    runs = (prose_run(n, position, context, asked, budget) for n, position, _ in quotes if n == best)
    return next((run for run in runs if run is not None), None)


def _paragraph(passage: Passage, i: int) -> int:
    """How many blank lines come before unit i: its paragraph's number."""
    text = passage.source.text
    return sum("\n\n" in text[passage.units[k - 1].end : passage.units[k].start] for k in range(1, i + 1))


def _words(texts: dict[int, str], first: int, last: int) -> int:
    return sum(len(texts.get(j, "").split()) for j in range(first, last + 1))


def _named(text: str, asked: Cover) -> float:
    return asked(frozenset(tokenize(text)))


def adding(run: Run, others: Sequence[tuple[int, int, frozenset[str]]]) -> list[tuple[int, int]]:
    """(n, position) of the quotes besides the run ((n, position, terms)) that say something it does
    not: no near-duplicate of the run or of one of its sentences."""
    said = [run.terms, *(frozenset(tokenize(t)) for _, t in run.sentences)]
    return [
        (n, position)
        for n, position, terms in others
        if not run.holds(n, position) and not any(near_duplicate(terms, t) for t in said)
    ]
