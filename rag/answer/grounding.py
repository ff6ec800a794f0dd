"""An answer's context and its answerability verdict, looking past the context when the verdict refuses.

The re-ranked list spreads a document's chunks two at a time (rag/index/rerank.py), so the context
may hold a named posting's description but not its summary (the salary), or two sections of a page
but not the table row that states the count asked for. When the check refuses for a reason one more
chunk could answer (a key word missing; a figure, share, duration, count or legal point not stated), or
answers in part for a figure not stated ("salary, and how many office days a week?": the posting's
line on office days in a chunk the context lacks), the other chunks of the context's first `documents`
documents are tried, those with more of the missing words first ("WebRTC": the page's question on it in
another chunk, outscored by chunks saying "interview" often), then best BM25 score for the question (a
posting's summary and overview, which state its pay, place and level, before its description), at most
CANDIDATES of them. A partial answer's missing word is not looked up: found so, "cohort" made "when does the
next LLM Zoomcamp cohort start?" full from a line with no date. The first whose addition makes the check
answer (in full, for a partial answer) joins the context right after its document's best hit (the last
sources give way within the token budget), and the check runs again on the context as built; if none
does, the refusal (or partial answer) stands on the first context. Off-topic questions, names the corpus
never uses and postings-only companies are judged on the corpus, not the context: nothing is looked up for
them, nor for any question the check answers.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.context import Context, build_context
from rag.index.bm25 import BM25Index
from rag.index.text_tokens import term_set, tokenize
from rag.records import Chunk, Hit

# chunks tried per refusal, across the looked-up documents: 12 against 8 fixed three false refusals and two
# partial answers and lost four (evals/rounds/27-main-after-round-fifty-five.md)
CANDIDATES = 12
LOOKED_UP = frozenset(
    {
        "missing-terms",
        "figure-not-stated",
        "share-not-stated",
        "duration-not-stated",
        "count-not-stated",
        "policy-not-stated",
    }
)
FIGURES = frozenset({"figure-not-stated", "share-not-stated", "duration-not-stated", "count-not-stated"})
_BETTER = {"none": frozenset({"partial", "full"}), "partial": frozenset({"full"})}
FIELD_SECTIONS = frozenset({"Summary", "Overview"})  # a posting's sections that state its fields
_ROWS: weakref.WeakKeyDictionary[BM25Index, dict[str, list[int]]] = weakref.WeakKeyDictionary()


def _better(verdict: Verdict, found: Verdict) -> bool:
    """`found` covers more: a refusal answered, or a figure named as missing stated, though another part
    still is not ("pay for my move, and how many office days": the days found, the move still unsaid)."""
    if found.coverage in _BETTER[verdict.coverage]:
        return True
    stated = not set(verdict.missing) & set(found.missing)
    return found.coverage == "partial" and verdict.reason in FIGURES and stated


def document_rows(bm25: BM25Index) -> dict[str, list[int]]:
    """Each document's chunk positions in the index, in index order (built once per index, when first
    needed: on the first refusal looked into)."""
    if bm25 not in _ROWS:
        rows: dict[str, list[int]] = {}
        for i, chunk in enumerate(bm25.chunks):
            rows.setdefault(chunk.doc_id, []).append(i)
        _ROWS[bm25] = rows
    return _ROWS[bm25]


def beside(hits: Sequence[Hit], added: Hit) -> list[Hit]:
    """`hits` with `added` right after the first hit of its document (last if none)."""
    out = list(hits)
    at = next((i + 1 for i, h in enumerate(out) if h.chunk.doc_id == added.chunk.doc_id), len(out))
    out.insert(at, added)
    return out


class Grounding:
    """Builds an answer's context and judges it, looking into its first documents on a refusal."""

    def __init__(
        self,
        checker: AnswerabilityChecker,
        bm25: BM25Index,
        count_tokens: Callable[[str], int],
        budget: int,
        documents: int,
    ):
        """`documents`: how many of the context's documents are looked into (0: none)."""
        self.checker = checker
        self.bm25 = bm25
        self.count_tokens = count_tokens
        self.budget = budget
        self.documents = documents

    def __call__(self, query: str, hits: Sequence[Hit], relevance: float) -> tuple[Context, Verdict]:
        """The context of `hits` (rank order) and the verdict on it, or a fuller context that answers."""
        context = build_context(list(hits), self.count_tokens, self.budget)
        if not context.sources:
            return context, Verdict("none", "off-topic")
        verdict = self.checker.check(query, context.chunks(), relevance=relevance)
        looked_up = FIGURES if verdict.coverage == "partial" else LOOKED_UP
        if verdict.coverage == "full" or verdict.reason not in looked_up:
            return context, verdict
        # a partial answer is looked into for the figure it names ("salary, and how many office days?")
        held = context.chunks()
        for hit in self.candidates(
            query, context, verdict.missing if verdict.reason == "missing-terms" else ()
        ):
            if not _better(verdict, self.checker.check(query, [*held, hit.chunk], relevance=relevance)):
                continue
            grown = build_context(beside(hits, hit), self.count_tokens, self.budget)
            found = self.checker.check(query, grown.chunks(), relevance=relevance)
            if _better(verdict, found):
                return grown, found
        return context, verdict

    def candidates(self, query: str, context: Context, missing: Sequence[str] = ()) -> list[Hit]:
        """The context's first `documents` documents' other chunks, those with more of the `missing` words
        first ("WebRTC" of "could they quiz me on WebRTC in an AI engineering interview"), then best BM25
        score (none scoring 0)."""
        if self.documents < 1:
            return []
        held = context.chunks()
        docs = list(dict.fromkeys(c.doc_id for c in held))[: self.documents]
        ids = {c.id for c in held}
        chunks, by_doc = self.bm25.chunks, document_rows(self.bm25)
        rows = [r for d in docs for r in by_doc.get(d, ()) if chunks[r].id not in ids]
        scores = self.bm25.scores(tokenize(query))
        lacking = set(tokenize(" ".join(missing)))

        def order(r: int) -> tuple[int, bool, float, int]:
            # the missing words first; then a posting's own fields (pay, place, level: its summary, overview)
            has = len(lacking & term_set(chunks[r].text)) if lacking else 0
            return (-has, not _fields(chunks[r]), -scores[r], r)

        ranked = sorted(rows, key=order)[:CANDIDATES]
        return [Hit(chunks[r], float(scores[r])) for r in ranked if scores[r] > 0]


def _fields(chunk: Chunk) -> bool:
    """A posting's summary or overview chunk (where its structured fields are written)."""
    return chunk.kind == "posting" and chunk.section in FIELD_SECTIONS
