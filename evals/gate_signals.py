"""The signals a learned answerability gate would weigh, computed per question from what the answer
pipeline already has (evals/tune_gate.py measures such a gate, leave one set out; evals/README.md, gate14).

Per question, after the checks (rag/answer/answerability.py) have judged the context built by
rag/answer/grounding.py:

- lexical cover of the context: the relevance score, its union and single-passage parts over the
  context's passages, the idf²-weighted share of the question's words no passage has, the largest idf
  among them (as a share of an unknown word's), how many of them are key (rare) words, and the share of
  the question's words the corpus never uses;
- the checks' own verdict as 0/1 (refused, partial, and which kind of reason);
- dense closeness: the question's cosine to the closest guide page and to the closest passage of any kind;
- the ranking: the top hit's score and its lead over the second, and the share of guide pages,
  postings and company files among the hits;
- what is asked: a figure (amount, share, duration, count) or a legal point, and how well the
  context's sentences state a figure about the asked thing (1.0 when none is asked);
- the question's length in content words and the number of companies it names.

No signal names a word.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import kind_asks, kind_cover, money_asks
from rag.answer.policy import policy_ask
from rag.answer.question_words import PRONOUNS
from rag.answer.stated import amount_cover
from rag.answer.verdict import question_terms
from rag.index.catalog import name_words
from rag.index.text_tokens import term_set
from rag.records import Chunk, Hit

SIGNALS = (
    "relevance",
    "union",
    "single",
    "missing_share",
    "missing_max_idf",
    "missing_key",
    "unknown_share",
    "rule_none",
    "rule_partial",
    "rule_lexical",
    "rule_figure",
    "rule_policy",
    "page_cosine",
    "best_cosine",
    "top_score",
    "score_gap",
    "page_share",
    "posting_share",
    "company_share",
    "asks_figure",
    "asks_policy",
    "figure_cover",
    "log_terms",
    "companies",
)
LEXICAL_REASONS = frozenset({"off-topic", "not-mentioned", "missing-terms", "postings-only"})
FIGURE_REASONS = frozenset(
    {"figure-not-stated", "share-not-stated", "duration-not-stated", "count-not-stated", "size-not-stated"}
)


class Signals:
    """Computes a question's SIGNALS from its hits, its context's passages and the checks' verdict."""

    def __init__(self, checker: AnswerabilityChecker, retriever=None):
        """`retriever`: a rag.index Retriever, for the cosine to the closest passage (0.0 without one)."""
        self.checker = checker
        self.retriever = retriever

    def __call__(
        self,
        question: str,
        hits: Sequence[Hit],
        passages: Sequence[Chunk],
        verdict: Verdict,
        relevance: float,
    ) -> np.ndarray:
        checker, catalog = self.checker, self.checker.catalog
        named = catalog.companies_in(question)
        skip = {w for c in named for w in name_words(c.name)} | PRONOUNS
        stems = {
            checker._canonical(t.stem) for t in question_terms(question) if t.surface.lower() not in skip
        }
        have: set[str] = set().union(*(term_set(c.embed_text) for c in passages))
        per_passage = [stems & term_set(c.embed_text) for c in passages]
        weight = {s: checker._idf(s) ** 2 for s in stems}
        total = sum(weight.values()) or 1.0
        absent = [s for s in stems if s not in have]
        money, kinds, policy = money_asks(question), kind_asks(question), policy_ask(question)
        covers = [amount_cover(a, passages, lambda s: checker._idf(s) ** 2) for a in money]
        covers += [kind_cover(k, passages, checker._idf, [c.name for c in named]) for k in kinds]
        scores = [h.score for h in hits]
        kinds_of = [h.chunk.kind for h in hits]
        share = (lambda kind: kinds_of.count(kind) / len(kinds_of)) if kinds_of else (lambda kind: 0.0)
        # one more dense search (the retriever keeps the query's vector): ~10 ms of the signals' time; a
        # product gate would read the top cosine off hybrid search's dense ranking instead
        best = self.retriever.dense(question, 1) if self.retriever is not None else []
        values = {
            "relevance": relevance,
            "union": sum(weight[s] for s in stems & have) / total,
            "single": max((sum(weight[s] for s in found) / total for found in per_passage), default=0.0),
            "missing_share": sum(weight[s] for s in absent) / total,
            "missing_max_idf": max((checker._idf(s) for s in absent), default=0.0) / checker.unknown_idf,
            "missing_key": float(sum(checker._idf(s) >= checker.key_idf for s in absent)),
            "unknown_share": sum(not catalog.known(s) for s in stems) / (len(stems) or 1),
            "rule_none": float(verdict.coverage == "none"),
            "rule_partial": float(verdict.coverage == "partial"),
            "rule_lexical": float(verdict.reason in LEXICAL_REASONS),
            "rule_figure": float(verdict.reason in FIGURE_REASONS),
            "rule_policy": float(verdict.reason == "policy-not-stated"),
            "page_cosine": checker.nearness(question) or 0.0,
            "best_cosine": best[0][1] if best else 0.0,
            "top_score": scores[0] if scores else 0.0,
            "score_gap": scores[0] - scores[1] if len(scores) > 1 else 0.0,
            "page_share": share("page"),
            "posting_share": share("posting"),
            "company_share": share("company"),
            "asks_figure": float(bool(money or kinds)),
            "asks_policy": float(policy is not None),
            "figure_cover": min(covers, default=1.0),
            "log_terms": math.log1p(len(stems)),
            "companies": float(min(len(named), 2)),
        }
        return np.array([float(values[name]) for name in SIGNALS])
