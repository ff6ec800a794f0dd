"""How well the retrieved text covers a question: the signal behind "the guide doesn't cover this".

Hybrid RRF scores are rank-based and say nothing about absolute relevance, and dense cosine
similarity barely separates answerable from unanswerable questions on the eval set (an Ocado
salary question scores like a real salary question). What does separate them is whether the
question's distinctive words occur in what was retrieved: "Ocado", "Mojo", "DreamBooth" or
"Lagos" occur nowhere in the guide. So the score is lexical coverage:

    weight(term) = idf(term) ** 2   (a term the corpus never uses gets the largest idf + 1)
    union   = weight of the question's terms found in any of the top RELEVANCE_DEPTH hits / total
    single  = the same, for the one hit that covers the most
    score   = (union + single) / 2          in [0, 1]

The refusal threshold on this score is calibrated by `python -m evals.calibrate_refusal`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.index.text_tokens import term_set, tokenize
from rag.records import Hit

RELEVANCE_DEPTH = 12
IDF_POWER = 2.0


class RelevanceScorer:
    """Scores how well the top hits cover the query's distinctive terms (lexical coverage, 0 to 1)."""

    def __init__(self, bm25: BM25Index, depth: int = RELEVANCE_DEPTH, power: float = IDF_POWER):
        self.bm25 = bm25
        self.idf = bm25.idf
        self.unknown = max(self.idf.values(), default=0.0) + 1.0
        self.depth = depth
        self.power = power

    def term_idf(self, term: str) -> float:
        return max(self.idf.get(term, self.unknown), 0.0)

    def weight(self, term: str) -> float:
        return self.term_idf(term) ** self.power

    def score(self, query: str, hits: Sequence[Hit]) -> float:
        catalog = catalog_for(self.bm25)
        # A typo of a corpus word ("intervew") counts as that word.
        terms = sorted({t if t in self.idf else (catalog.correct(t) or t) for t in tokenize(query)})
        total = sum(self.weight(t) for t in terms)
        if not terms or not total or not hits:
            return 0.0
        wanted = set(terms)
        per_hit = [wanted & term_set(h.chunk.embed_text) for h in hits[: self.depth]]
        union = sum(self.weight(t) for t in set().union(*per_hit)) / total
        single = max(sum(self.weight(t) for t in found) / total for found in per_hit)
        return (union + single) / 2
