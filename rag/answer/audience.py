"""Who a guide page is written for, and which page an answer leads with because of it.

The guide writes some pages for one reader (rag/index/audiences.py: "From Backend Engineer to AI
Engineer" is for backend engineers), beside an overview for everyone. A question that names an audience
("backend dev here, ...", "as an ML engineer") gets that page's best chunk first, also when the
search ranked it below the answer's hits. A question that names none ("what should I learn first?")
while the hits hold pages written for someone else gets the overview first and those pages last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.context import Source
from rag.answer.grounding import document_rows
from rag.index.audiences import Audiences, for_index, initials
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.index.text_tokens import tokenize
from rag.records import Hit
from rag.shorthand import spell_out

# The asker tells what they do now: "coming from react land", "I mostly do analytics", "at work today"
_BACKGROUND = re.compile(
    r"\b(?:coming from|background|at work|day job|all day|in my (?:current )?(?:job|role|team))\b"
    r"|(?:^|[.,;:!?]\s*|\band\s+)(?:i|we)\s+(?:\w+ly\s+)?(?:do|run|build|work|write|maintain|own|train)\b",
    re.IGNORECASE,
)


def describes_background(query: str) -> bool:
    """The question says what the asker does now, so the pages the search found for such a reader are
    written for them although the question names no audience."""
    return bool(_BACKGROUND.search(query))


def best_chunk(query: str, doc: str, hits: Sequence[Hit], bm25: BM25Index) -> Hit | None:
    """The document's chunk among `hits` ranked first, else its chunk of the best BM25 score."""
    held = next((h for h in hits if h.chunk.doc_id == doc), None)
    if held is not None:
        return held
    rows = document_rows(bm25).get(doc, [])
    if not rows:
        return None
    scores = bm25.scores(tokenize(query))
    row = max(rows, key=lambda r: (scores[r], -r))
    return Hit(bm25.chunks[row], hits[0].score if hits else 0.0)


def audience_first(query: str, hits: Sequence[Hit], bm25: BM25Index, k: int) -> list[Hit]:
    """`hits` with the page written for the audience the question names first (when the hits hold a page
    of its kind: a question about a posting naming "ML" is not asked from a learning path), or, when
    it names none and the first `k` hits hold pages written for someone else, their overview first
    and them last."""
    pages = for_index(bm25)
    if not hits or not pages.names:
        return list(hits)
    head = hits[:k]
    spelled = spell_out(query)  # "mle here" names ML engineers
    named = pages.named(spelled) or _asked_as(spelled, pages)  # or asks as one: "from data science"
    family = set(pages.names) | set(pages.overview.values())
    others: set[str] = set()
    if named:
        if not any(h.chunk.doc_id in family for h in hits):  # the search found no page of the paths
            return list(hits)
        leads = [best_chunk(query, doc, hits, bm25) for doc in named[:1]]
    else:
        others = {h.chunk.doc_id for h in head if h.chunk.doc_id in pages.names}
        if others and describes_background(query):  # the asker is the reader the search found
            return list(hits)
        overviews = list(dict.fromkeys(pages.overview[d] for d in others))
        leads = [best_chunk(query, doc, hits, bm25) for doc in overviews]
    leads = [h for h in leads if h is not None]
    if not leads:
        return list(hits)
    ids = {h.chunk.id for h in leads}
    rest = [h for h in hits if h.chunk.id not in ids]
    kept = [h for h in rest if h.chunk.doc_id not in others]
    return [*leads, *kept, *(h for h in rest if h.chunk.doc_id in others)]


# The asker is on that reader's way into the role: "data engineer here", "DE path", "moving from DE to AI
# eng", "switching over from data science", "data scientist to ai engineer", "what does a DE need" (not
# "AI vs data engineers" nor "I'm a DS and wonder whether teams need me", whose answers are the role's
# pages and the talks)
_ON_THE_WAY = (
    r"\b{name}s?\s+(?:here|path|track|roadmap|to\s+(?:an?\s+)?(?:ai|llm|genai|\w+\s+eng(?:ineer\w*)?)\b)",
    r"\bfrom\s+(?:an?\s+)?{name}s?\s+(?:in)?to\b",
    r"\b(?:switch|mov|transition|pivot|com|chang)\w*\s+(?:over\s+)?from\s+(?:an?\s+)?{name}s?\b",
    r"\b(?:does|do|would|will|should)\s+(?:an?\s+)?{name}s?\s+need\b",
)
_PEOPLE_WORD = r"(?:devs?|developers?|folks|people|person)"
# A reader's field as a job seeker names where they come from: "from data science", "ML engineering"
_FIELDS = (("Scientist", "Science"), ("Engineer", "Engineering"), ("Developer", "Development"))


def _on_the_way(query: str, doc: str, pages: Audiences) -> int | None:
    """Where the question asks as the audience of `doc` on its way into the role (`_ON_THE_WAY`), or None."""
    words = pages.whole[doc]
    written = re.escape(pages.written.get(doc, " ".join(words)))
    shortened = re.escape(" ".join(pages.names[doc])) + rf"(?=\s+{_PEOPLE_WORD}\b)"  # "backend devs"
    fields = [written.replace(who, field) for who, field in _FIELDS if written.endswith(who)]
    forms = [*fields, written, written.replace("Engineer", "Eng"), rf"(?-i:{initials(words)})", shortened]
    name = rf"(?:{'|'.join(forms)})(?:s?\s+{_PEOPLE_WORD})?"  # "DE folks here"
    found = [m.start() for p in _ON_THE_WAY if (m := re.search(p.format(name=name), query, re.I))]
    return min(found, default=None)


def _asked_as(query: str, pages: Audiences) -> list[str]:
    """The audience page of the reader the question asks as on its way into the role, if any (the first)."""
    found = sorted((at, doc) for doc in pages.whole if (at := _on_the_way(query, doc, pages)) is not None)
    return [doc for _, doc in found[:1]]


def audience_sources(query: str, sources: Sequence[Source], bm25: BM25Index) -> list[Source] | None:
    """The sources from the page written for the audience the question asks as (`_ON_THE_WAY`; "from data
    science" asks as a data scientist), from its overview and from sections whose heading names that
    audience too ("Q&A > Data scientist with Docker: ..."), when one of them is that page: what a page
    tells another reader ("2-3 months" to a backend engineer) or no one in particular is no answer to
    this one. None when it asks as none, names a company, or no source is its page."""
    pages = for_index(bm25)
    named = _asked_as(spell_out(query), pages)
    if not named or not any(s.hit.chunk.doc_id == named[0] for s in sources):
        return None
    if catalog_for(bm25).companies_in(query):  # "Octagon data engineer to AI: pay?" asks about a posting
        return None
    docs, words = {named[0], pages.overview[named[0]]}, " ".join(pages.whole[named[0]])
    # a heading naming the reader, also beside another role ("Data Engineering vs AI Engineering - …")
    return [
        s
        for s in sources
        if s.hit.chunk.doc_id in docs or f" {words} " in f" {' '.join(tokenize(s.hit.chunk.section))} "
    ]
