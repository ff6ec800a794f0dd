"""How near a question is to the guide's own pages: its cosine to the closest page, and how much nearer
it comes without the words the passages lack (rag/answer/answerability.py reads both).

The cosine is the dense retriever's, over page chunks only. A question about the guide's topics is near
a page whatever words it adds; one about something else is far, or comes near only once the words that
carry it away are left out ("a beginner plan to learn skateboarding" without "skateboarding" asks for
a learning plan). Thresholds chosen on tuning sets (evals/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.index.filters import Filters
from rag.index.text_tokens import tokenize

# Cosine to the closest guide page below which a question is about something else: dev's off-topic
# questions reach 0.12-0.15, its answerable ones at least 0.30 (evals/README.md).
OFF_TOPIC_SIMILARITY = 0.22
# At or above this cosine a question is on a guide page's topic: lower-case missing words and a low
# relevance score do not refuse it. Tuning sets: the unanswerable questions refused for such words or
# that score reach 0.48, the answerable ones they refused 0.56..0.75 (evals/README.md, round four).
ON_TOPIC_SIMILARITY = 0.52
# At or above this cosine everyday words the passages lack ("is plain LangChain on its way out?") do not
# refuse a question however much they weigh: they are named, and the figure and policy checks still run.
# Tuning sets (round nine): answerable questions refused so reach 0.36-0.52; the unanswerable ones at
# 0.30-0.52 ask a legal point or a contract term, which the policy check refuses; the off-topic ones
# reach 0.25 ("a warm-up routine before a 10k run").
NEAR_TOPIC_SIMILARITY = 0.30
# Missing words that carry a question away from the guide: without them it is this much nearer a guide
# page ("a beginner plan to learn skateboarding", "what should I wear to an interview at a law firm").
# Tuning sets (round twenty-three): answered questions' missing words reach 0.083, the unanswerable
# ones' 0.086-0.159; "plain", "stuff", "besides" move it by less than 0.05 (evals/README.md).
TOPIC_PULL = 0.085


def page_similarity(retriever) -> Callable[[str], float]:
    """A question's cosine to the closest guide page (a rag.index Retriever's dense search, pages only)."""

    def similarity(question: str) -> float:
        hits = retriever.dense(question, 1, Filters(kind="page"))
        return float(hits[0][1]) if hits else 0.0

    return similarity


class PageNearness:
    """A question's cosine to the closest guide page, kept for the last question (the checker asks again
    as it adds passages), and whether its missing words pull it away from the pages."""

    def __init__(self, similarity: Callable[[str], float] | None):
        self.similarity = similarity
        self._last: tuple[str, float] | None = None
        self._pulled: tuple[tuple[str, str], float] | None = None

    def __call__(self, question: str) -> float | None:
        """The cosine, or None when the checker has no dense search."""
        if self.similarity is None:
            return None
        if self._last is None or self._last[0] != question:
            self._last = (question, self.similarity(question))
        return self._last[1]

    def pulled_away(
        self, question: str, missing: Sequence[str], known: Callable[[str], bool] = lambda _s: False
    ) -> bool:
        """Whether the question without its `missing` words, one of them a word the corpus does not
        `know` (a stem), is TOPIC_PULL or more nearer a guide page. Everyday words the corpus has ("slower",
        "perf", "bucket") pull answerable questions as far: on near_domain24 and unseen26 (clean) the
        rule refused one unanswerable question and three answerable ones, every one of those three on
        such a word."""
        if all(known(s) for words in missing for s in tokenize(words)):
            return False
        rest = question
        for words in missing:
            rest = re.sub(rf"\b{re.escape(words)}\b", " ", rest)
        near = self(question)
        if rest == question or near is None or self.similarity is None:
            return False
        if self._pulled is None or self._pulled[0] != (question, rest):
            self._pulled = ((question, rest), self.similarity(" ".join(rest.split())) - near)
        return self._pulled[1] >= TOPIC_PULL
