"""Values the question names, a job title or a quoted word: their own lines from the guide's pages,
as the offline answer's lead.

"if the title says AI Research Engineer, is it hands-on LLM work?" retrieves webinar answers and the
skills page's overview, while the guide answers it in one line of its titles list ("AI Research
Engineer - 5 jobs (100% AI-First)") that the question's top chunks seldom reach; "how often do
'teams', 'product' and 'models' show up in the job responsibilities?" likewise has one line per word
("teams: 493 mentions"). When a question says it asks about a title (it says "title", "titled",
"called", or quotes a phrase of at least MIN_QUOTED words), each capitalised phrase it names that
ends in a role noun ("Engineer", "Developer", ...) and each phrase it quotes is looked up; when it
asks how often, how many or how common, or which of two or more quoted phrases comes up more, each
phrase it quotes is. A phrase is looked up as a value (`value_lookup`: the guide's pages that BM25
ranks for it and that hold a line about it stating a count or share), and the lines whose subject is
exactly that phrase lead the answer, a line stating a share before one that only counts. A phrase
inside a longer phrase that also has a line ("AI Engineer" in "Forward Deployed AI Engineer") is
left to the longer one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.answer.context import Source
from rag.answer.figure_shapes import TALLY
from rag.answer.lead import SUBJECT_END, Lead, Line, lines_of, value_terms
from rag.answer.value_lookup import found_chunks, with_value_lines
from rag.records import Chunk

MAX_VALUES = 3  # the title asked about, the two a question compares, the words it counts
LINES_PER_VALUE = 2
MIN_QUOTED = 3  # a quoted phrase of fewer words is a title only when the question says "title"
MAX_WORDS = 5  # a title is at most this many words ("Machine Learning Engineer, Gen AI")
_ASKS_TITLE = re.compile(r"\btitle[sd]?\b|\bcalled\b", re.IGNORECASE)
_ASKS_COUNT = re.compile(r"\bhow (?:often|many|common)\b", re.IGNORECASE)
_MORE = re.compile(r"\b(?:more|most|less|fewer)\b", re.IGNORECASE)
# A quoted phrase: "'Software Engineer, AI'", not the apostrophes of "what's" or "engineers'".
_QUOTED = re.compile(r"(?:^|(?<=[\s(]))['\"‘“]([^'\"‘’“”]{2,60}?)['\"’”](?=[\s,.?!:;)-]|$)")
_ROLE_NOUN = re.compile(r"^(?:engineers?|developers?|scientists?|architects?)$", re.IGNORECASE)
_WORD = re.compile(r"[\w/+&.-]+")
_CAPITALISED = re.compile(r"^(?:[A-Z0-9]|\w+/)")  # "Research", "AI/ML", "ML/AI"
_SHARE = re.compile(r"\d\s?%")


def named_values(question: str) -> list[tuple[str, tuple[int, int]]]:
    """(phrase, its span in the question) of each phrase that may be a value the guide counts,
    longest first: the quoted phrases (a title, or the words a count question asks about), and, for
    a question about titles, the runs of 2 to MAX_WORDS capitalised words ending in a capitalised
    role noun ("AI Research Engineer", "Research Engineer")."""
    asks = bool(_ASKS_TITLE.search(question))
    # "do they say 'customer' or 'enterprise' more often?" asks how often each quoted word comes up
    which = bool(_MORE.search(question)) and len(_QUOTED.findall(question)) > 1
    counts = which or bool(_ASKS_COUNT.search(question))
    # A quoted word or two ("an 'AI engineer'", "the 'AI-support' folks") is a term the question uses,
    # unless it asks about titles or how often the words come up; a longer quoted phrase is a title.
    quoted = [
        (m[1].strip(), m.span(1))
        for m in _QUOTED.finditer(question)
        if asks or counts or len(m[1].split()) >= MIN_QUOTED
    ]
    runs = []
    if asks or any(len(phrase.split()) >= MIN_QUOTED for phrase, _ in quoted):
        runs = _title_runs(question)
    # "Senior AI Engineers" is looked up as the guide lists it: "Senior AI Engineer - 31 jobs".
    singular = [(re.sub(r"(?<=[a-z])s$", "", phrase), span) for phrase, span in runs]
    found = {phrase.lower(): (phrase, span) for phrase, span in [*quoted, *singular] if value_terms(phrase)}
    return sorted(found.values(), key=lambda x: (x[1][0] - x[1][1], x[1][0]))


def _title_runs(question: str) -> list[tuple[str, tuple[int, int]]]:
    """Each run of 2 to MAX_WORDS capitalised words that ends in a capitalised role noun."""
    words = list(_WORD.finditer(question))
    runs = []
    for j, end in enumerate(words):
        if not _ROLE_NOUN.match(end[0]) or not end[0][0].isupper():
            continue
        i = j
        while i > 0 and j - i + 1 < MAX_WORDS and _CAPITALISED.match(words[i - 1][0]):
            if question[words[i - 1].end() : words[i].start()].strip():  # a quote or comma between
                break
            i -= 1
        runs += [(question[words[k].start() : end.end()], (words[k].start(), end.end())) for k in range(i, j)]
    return runs


def _lines_about(phrase: str, sources: Sequence[Source]) -> list[Line]:
    """The lines whose subject is the phrase, word for word, and that state a count or share (the
    guide's titles list and its list of the most common titles count apart), at most
    LINES_PER_VALUE: one stating a share first, then the better-ranked source's."""
    terms, named = value_terms(phrase), " ".join(phrase.lower().split())
    lines = [
        line
        for source in sources
        for line in lines_of(source)
        if line.header is None
        and line.subject == terms
        and TALLY.search(line.text)
        and " ".join(SUBJECT_END.split(line.text, 1)[0].lower().split())
        == named  # "product", not "production"
    ]
    lines.sort(key=lambda x: (not _SHARE.search(x.text), x.n, x.position))
    return [x for i, x in enumerate(lines) if all(x.text != y.text for y in lines[:i])][:LINES_PER_VALUE]


def value_lead(
    question: str,
    sources: Sequence[Source],
    search: Callable[..., list[tuple[Chunk, float]]],
    pages: frozenset[str] | None,
    count_tokens: Callable[[str], int],
    budget: int,
) -> tuple[list[Source], Lead | None]:
    """(`sources` with the chunks that state the named values' lines, the lead of those lines), or
    (`sources`, None) when the question names no value a line of the guide's `pages` (None: any
    page) counts."""
    named = named_values(question)
    if not named:
        return list(sources), None
    found = found_chunks(search, [phrase for phrase, _ in named], sources, pages)
    given = with_value_lines(sources, found, count_tokens, budget) if found else list(sources)
    chosen: list[tuple[list[Line], tuple[int, int]]] = []
    for phrase, (start, end) in named:  # longest first: a phrase inside a chosen one is left out
        if len(chosen) >= MAX_VALUES or any(s <= start and end <= e for _, (s, e) in chosen):
            continue
        lines = _lines_about(phrase, given)
        if lines and all(lines[0].subject != x[0].subject for x, _ in chosen):
            chosen.append((lines, (start, end)))
    if not chosen:
        return list(sources), None
    lines = tuple(line for found_lines, _ in sorted(chosen, key=lambda x: x[1][0]) for line in found_lines)
    used = {line.n for line in lines}
    # Only the sources a lead line comes from join the answer; the rest of what was found is dropped.
    return [s for s in given if s.n <= len(sources) or s.n in used], Lead(lines)
