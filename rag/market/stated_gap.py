"""Whether the guide's own text states what a market refusal says the postings table lacks.

The desk refuses a question whose figure the table cannot give: a field it does not record ("remote
work", "applicant numbers") or a salary no matching posting states. That is no reason to refuse when
the guide's passages state the asked thing: a page of the guide with the asked attribute's words on
one line with a figure ("I sent 200 applications before an offer"), or, when the question names an
employer, a line of that employer's own posting with the question's words and a figure ("Technical
assessment (120 minutes)"). Posting text of employers the question does not name never counts: what
one posting offers is no answer about the postings as a set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rag.index.filters import Filters
from rag.index.retrieve import PAGES
from rag.market.cues import NOT_RECORDED, POSTING_WORDS, ROLE_WORDS, SALARY, STOPWORDS
from rag.records import Chunk

# A figure: a number with what it counts or measures after it ("200+ applications", "120 minutes",
# "40%", "$150k"), not a list's item number ("2)", "3.") nor a year.
_FIGURE = re.compile(
    r"(?<![\w.])(?:[$£€]\s?\d[\d,.]*[kKmM]?|\d[\d,.]*\+?\s?(?:%|[kKmM]\b|(?!\d)[a-z][a-z-]*))", re.I
)
_ENUMERATOR = re.compile(r"^\s*(?:[-*]\s*)?\d+[.)]\s")
_YEAR = re.compile(r"(?:19|20)\d\d\b")
_CELL_NUMBER = re.compile(r"\|\s*(\d[\d,.]*)\s*(?=\|)")
_LINE = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*(?:[-*|]|\d+[.)])\s)")
_WORD = re.compile(r"[a-z][a-z0-9-]*")
_PAY_WORDS = frozenset(w for phrase in SALARY for w in phrase.split()) | {"paid", "pays", "pay"}
_GENERIC = _PAY_WORDS | STOPWORDS | POSTING_WORDS | set(ROLE_WORDS) | {"engineering", "roles", "role"}
# Words of a gap that say what kind of thing it is, not which: "novel-algorithm type work"
_FILLER = _GENERIC | {"type", "types", "kind", "kinds", "sort", "ones", "work", "stuff", "thing", "things",
                      "that", "this", "these", "those", "them", "they", "their", "which", "more", "only",
                      "just", "main", "duty", "duties"}  # fmt: skip
# Links, footnote marks and asides without a number: no part of what a line states.
_NOT_SAID = re.compile(r"\]\([^)]*\)|https?://\S+|\[\^[^\]]*\]|\([^()\d]*\)")
_CLAUSE_BREAK = re.compile(r"[,;:]")
NEAR = 4  # at most this many words between the asked words and the figure: "beside" it


def asked_phrases(question: str, gap: str) -> tuple[str, ...]:
    """What the refusal's `gap` is about, as the question says it: the not-recorded field's own cue
    phrases the question uses ("applications", "office days"); for a salary gap, the question's words
    other than pay, stopwords and names ("technical", "assessment"); for any other gap, what no column
    accounts for ("how often is FT just a secondary thing", "research vs production ones"), its words
    the question uses that are no job word nor filler ("ones"): the guide's "Secondary/occasional FT |
    94 | 15.1%" answers, a line with each of them beside a share (`states_gap`)."""
    q = question.lower()
    if gap in NOT_RECORDED:
        return tuple(w for w in NOT_RECORDED[gap] if re.search(rf"\b{re.escape(w)}\b", q))
    if gap != "salary":  # the words no column accounts for ("secondary", "production ones"), as asked
        words = (w for w in _WORD.findall(gap.lower().replace("-", " ")) if len(w) > 3 and w not in _FILLER)
        return tuple(dict.fromkeys(w for w in words if re.search(rf"\b{re.escape(w)}\b", q)))
    names = {w.lower() for w in re.findall(r"\b[A-Z][\w-]*", question[1:])}
    words = _WORD.findall(q)
    return tuple(dict.fromkeys(w for w in words if len(w) > 3 and w not in _GENERIC | names))


def _spans(pattern: re.Pattern, line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(line)]


def _figures(line: str) -> list[tuple[int, int]]:
    """Where a line states a figure (a number with its unit or noun, not an item number or a year; in a
    table's row, a cell that is a number: "| Sales/Solutions | 21 | Pre-sales |" counts its jobs)."""
    lead = _ENUMERATOR.match(line)
    found = [
        (m.start(), m.end())
        for m in _FIGURE.finditer(line, lead.end() if lead else 0)
        if not _YEAR.match(m.group(0))
    ]
    if line.lstrip().startswith("|"):
        found += [
            (m.start(1), m.end(1)) for m in _CELL_NUMBER.finditer(line) if not _YEAR.fullmatch(m.group(1))
        ]
    return found


def _beside(line: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans of `line` have at most NEAR words between them."""
    between = line[min(a[1], b[1]) : max(a[0], b[0])] if a[1] <= b[0] or b[1] <= a[0] else ""
    return len(_WORD.findall(between.lower())) <= NEAR and not _CLAUSE_BREAK.search(between)


def stating_line(
    text: str, phrases: Sequence[str], shares_only: bool = False, every: bool = False
) -> str | None:
    """The first line of `text` with one of `phrases` (a word, or words that begin it: "assess";
    written with hyphens or not; `every`: with all of them) beside a figure (`shares_only`: a
    percentage or a table's number), or None."""
    # a hyphen may part the words' letters: "presales" is the guide's "Pre-sales"
    patterns = [re.compile(r"\b" + "-?".join(map(re.escape, p)), re.I) for p in phrases]
    for line in _LINE.split(text):
        line = _NOT_SAID.sub(" ", line)
        if every and not all(p.search(line) for p in patterns):
            continue
        row = line.lstrip().startswith("|")  # a table's number is a count or a share of what it lists
        figures = [f for f in _figures(line) if not shares_only or row or line[f[0] : f[1]].endswith("%")]
        if figures and any(_beside(line, s, f) for p in patterns for s in _spans(p, line) for f in figures):
            return line.strip()
    return None


def states_gap(
    question: str, gap: str, chunks: Sequence[Chunk], named: Iterable[str] = ()
) -> tuple[int, str] | None:
    """(index, line) of the first of `chunks` that states what `gap` refuses, or None. `named`: the
    employers the question names. A salary gap is answered only by the named employers' own text;
    any other by the guide's pages and the named employers' text (another employer's posting says
    nothing of the postings as a set)."""
    phrases = asked_phrases(question, gap)
    if not phrases:
        return None
    # a word no column accounts for is the job data's share only where the guide's analysis gives one
    # ("Secondary/occasional FT | 94 | 15.1%"), not a count of something else ("62,000 tech layoffs")
    free = gap not in NOT_RECORDED and gap != "salary"
    employers = {n.casefold() for n in named}
    for i, chunk in enumerate(chunks):
        own = str(chunk.metadata.get("company", "")).casefold() in employers
        if (gap == "salary" or chunk.kind == "posting") and not own:
            continue
        if line := stating_line(chunk.text, phrases, shares_only=free, every=free):
            return i, line
    return None


def analysis_chunks(chunks: Iterable[Chunk], pages: Iterable[str]) -> tuple[Chunk, ...]:
    """The chunks of the guide's analysis pages (`pages`, by path: those whose figures the postings table
    holds beside its own), whose lines state the job data's shares."""
    pages = frozenset(pages)
    return tuple(c for c in chunks if c.kind == "page" and pages.intersection(c.source_paths))


def guide_states_gap(
    extractor, search, question: str, gap: str, depth: int, analysis: Sequence[Chunk] = ()
) -> bool:
    """Whether the guide's text states what the desk's refusal (`gap`) says the postings table lacks:
    `search(query, depth, filters)` (BM25 over the index)'s best guide-page chunks for `question` (not
    for a salary gap), its best chunks of each employer the question names, as `extractor` (the
    router's) reads them, and the guide's `analysis` pages, whose share of a common word BM25 may not
    rank ("research AI roles, how many?": "| Research | 39 | 4.4% |"). A lexical check: the full
    retrieval runs only for the answer."""
    if not asked_phrases(question, gap):
        return False
    named = [str(m.value) for m in extractor.extract(question).mentions if m.field == "company"]
    scopes = [Filters(company=name) for name in named] + ([] if gap == "salary" else [PAGES])
    chunks = [chunk for scope in scopes for chunk, _ in search(question, depth, scope)]
    return states_gap(question, gap, [*chunks, *(() if gap == "salary" else analysis)], named) is not None
