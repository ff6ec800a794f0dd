"""An answerer's lazily built parts, built before its index is handed out instead of by the first
questions: the world's city names (a 16 MB JSON file, about 0.4 s of CPU with the GIL held), the
countries' and US states' names, the English words that are no typos (rag/index/typos.py, about 0.5 s),
the postings' title words, and a process's first ONNX run, vector
search, BM25 scoring, DuckDB query and prompt rendering. Without this, the first chats after a start
paid for them, one at a time on the interpreter lock that the event loop of every other chat needs
(docs/BENCHMARKS.md, round eleven).
"""

from __future__ import annotations

import logging
import time

from rag.answer.async_answer import Prefetched, _plan
from rag.answer.pipeline import Answerer, Clock
from rag.index.typos import english_stems
from rag.places import is_city, place_in

log = logging.getLogger("fieldguide.warm")

# A question for the guide and one for the postings table; together they take every step of an
# answer's first CPU step (route, retrieve, relevance, context, answerability, the market figure).
WARM_QUESTIONS = (
    "What does an AI engineer do at a startup, in practice?",
    "How many postings ask for Python in London?",
)
WARM_TOOL_CALL = {"measure": "top", "field": "skill", "limit": 5}  # as an LLM would write a market query


def warm(answerer: Answerer) -> float:
    """Build what `answerer`'s first questions would otherwise build, by answering `WARM_QUESTIONS`
    (with an LLM's prompt and offline; a market figure from the parser's query and from an LLM's,
    `WARM_TOOL_CALL`; no LLM is called, nothing is logged). Its CPU seconds."""
    started = time.process_time()
    is_city("london")  # the city names load on the first word after "in" that could start one
    place_in("Germany")  # the country names, on the first question asking what a rule requires
    english_stems()  # the English words, on the first word a question types that no chunk has
    for question in WARM_QUESTIONS:
        for with_llm in (True, False):
            _, _, routed = _plan(answerer, question, [], None, Clock(), None, with_llm)
        if routed is not None and routed.route == "market":
            answerer.market(question, routed, None)
            answerer.market(question, routed, Prefetched(WARM_TOOL_CALL))
    spent = time.process_time() - started
    log.info("answerer warmed in %.2f s of CPU", spent)
    return spent
