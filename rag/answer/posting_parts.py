"""A posting the question names, read whole: its parts that state the asked figure join its source.

A posting is several chunks (its summary, its overview, its description in pieces), and retrieval
gives a question the one or two that match it best: "Kizen principal AI engineer in LA: base pay and
office days?" got the posting's opening lines, while the pay range stood in a later piece of the same
file, and "Octane staff software engineer AI: pay and tuition help?" got the salary but not the
"$3K" tuition line. So for a question that asks for a figure and names a posting's employer, the
posting among the sources whose title covers most of the question (the named one, not its company's
other openings) gets its other chunks that state a figure of the asked kind, joined to its source
(one posting, one URL, one number); the usual lead and sentence scoring then choose among them.
All of it is the posting's own text, quoted under the citation it already had. The lead (the line
stating the figure) then comes from that posting or the guide's pages, never from another posting
whose title covers less of the question (the same company's other opening, another firm's).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.answer.context import Context, Source
from rag.answer.figure_shapes import asked_shapes
from rag.answer.interviews import as_employer
from rag.answer.lead import Asked, Line, lines_of, named_terms
from rag.answer.value_lookup import with_value_lines
from rag.index.catalog import name_words
from rag.index.filters import Filters
from rag.index.posting_names import NAME_RUN
from rag.index.text_tokens import tokenize
from rag.records import Chunk, Hit

LOOKUP_DEPTH = 200  # a company's posting chunks BM25 ranks for the question
_WORD = re.compile(r"[a-z0-9]+")
_NOT = re.compile(r"\bnot\s+(?:the\s+|a\s+|an\s+)?([A-Za-z0-9]+)", re.I)


def names_company(company: str, question: str) -> bool:
    """The question names the employer: as an interview question would (interviews.as_employer), or by
    the first NAME_RUN words of a longer name, in a row."""
    if as_employer(company, question):
        return True
    key = name_words(company)
    if len(key) < NAME_RUN:
        return False
    words, run = _WORD.findall(question.lower()), key[:NAME_RUN]
    return any(tuple(words[i : i + NAME_RUN]) == run for i in range(len(words) - NAME_RUN + 1))


def negated(question: str) -> frozenset[str]:
    """The terms a question rules out: the word after "not" ("AI/ML engineer (not the senior one)")."""
    return frozenset(t for m in _NOT.finditer(question) for t in tokenize(m.group(1)))


def _title_cover(
    question: str, sources: Sequence[Source], idf: Callable[[str], float]
) -> dict[int, tuple[float, int]]:
    """Source number -> (the share of the question its title covers, minus its title words the
    question lacks), for each posting source. A title with a word the question rules out covers
    nothing; of two titles covering as much, the one with fewer words beyond the question is named
    ("Candid Health AI/ML engineer", not its "AI/ML Engineer, Senior")."""
    ruled_out = negated(question)
    asked = Asked.of(_NOT.sub(" ", question), idf)
    words = frozenset(tokenize(question)) - ruled_out
    out = {}
    for s in sources:
        if s.hit.chunk.kind != "posting":
            continue
        title = frozenset(tokenize(s.hit.chunk.title))
        out[s.n] = (0.0 if title & ruled_out else asked.cover(title), -len(title - words))
    return out


def named_posting(question: str, sources: Sequence[Source], idf: Callable[[str], float]) -> Source | None:
    """The posting source whose employer the question names and whose title covers most of the
    question (the better-ranked one on a tie); None if the question names no posting's employer."""
    return _named(question, sources, _title_cover(question, sources, idf))


def _named(question: str, sources: Sequence[Source], cover: dict[int, tuple[float, int]]) -> Source | None:
    best = None
    for source in sources:
        company = source.hit.chunk.metadata.get("company")
        if source.n not in cover or not company or not names_company(str(company), question):
            continue
        if best is None or cover[source.n] > cover[best.n]:
            best = source
    return best


def lead_sources(question: str, sources: Sequence[Source], idf: Callable[[str], float]) -> list[Source]:
    """The sources a lead may come from: where the question names a posting, not the other postings
    whose titles cover less of it ("Herald software engineer - pay?" is not answered by the pay of
    Herald's frontend opening, nor "Octane staff engineer - tuition help?" by another firm's tuition)."""
    cover = _title_cover(question, sources, idf)
    named = _named(question, sources, cover)
    if named is None:
        return list(sources)
    return [s for s in sources if s.n not in cover or cover[s.n] >= cover[named.n]]


def stating_parts(
    question: str, source: Source, search: Callable[..., list[tuple[Chunk, float]]]
) -> list[Chunk]:
    """The posting's chunks that `source` lacks and that hold a line stating a figure of a shape the
    question asks for in words of the question beyond the posting's title ("base salary" for "base
    pay?", not "over 2 million users"; in any word for pay, a line stating an amount, for the shapes
    `source` does not already state), best-ranked first; `search(query, depth, filters)` is BM25."""
    chunk = source.hit.chunk
    beyond = frozenset(tokenize(question)) - frozenset(tokenize(chunk.title))
    shapes = asked_shapes(question)
    lacking = [s for s in shapes if not _states(source, s, beyond, named_terms)]
    have = {c.id for c in source.chunks}
    found = []
    for part, _ in search(question, LOOKUP_DEPTH, Filters(kind="posting", company=chunk.metadata["company"])):
        if part.doc_id != chunk.doc_id or part.id in have:
            continue
        probe = Source(0, Hit(chunk=part, score=0.0), part.text, False)
        # In the question's own words, as before; in another word for pay, only an amount it lacks.
        own = any(_states(probe, s, beyond, _own_terms) for s in shapes)
        if own or any(_states(probe, s, beyond, named_terms) for s in lacking):
            found.append(part)
    return found


def _own_terms(line: Line) -> frozenset[str]:
    return line.terms


def _states(source: Source, shape: re.Pattern, words: frozenset[str], terms: Callable) -> bool:
    """A line of `source` states a figure of `shape` where its `terms` hold one of `words`."""
    return any(terms(line) & words and shape.search(line.text) for line in lines_of(source))


def with_posting_parts(
    question: str,
    context: Context,
    search: Callable[..., list[tuple[Chunk, float]]],
    idf: Callable[[str], float],
    count_tokens: Callable[[str], int],
) -> Context:
    """`context` with the named posting's parts that state the asked figure joined to its source."""
    if not asked_shapes(question):
        return context
    source = named_posting(question, context.sources, idf)
    if source is None:
        return context
    found = stating_parts(question, source, search)
    if not found:
        return context
    sources = with_value_lines(context.sources, found, count_tokens, context.budget)
    return Context(sources=sources, tokens=context.tokens, budget=context.budget)
