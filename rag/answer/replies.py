"""A finished answer (`Answer`, the `--json` contract), the clock that times it, its log line, and the
reply to a message that asks nothing, which needs neither retrieval nor a model."""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from rag.answer.context import Source
from rag.answer.generation import TextDelta
from rag.answer.prompts import load_prompt
from rag.answer.small_talk import small_talk_reply
from rag.records import Citation, Hit

log = logging.getLogger("fieldguide.answer")
MARKET_KEYS = ("route", "spec", "result")


@dataclass
class Answer:
    """A finished answer: text, citations, mode, prompt, latency, usage (`to_json`: the contract)."""

    question: str
    query: str
    answer: str
    citations: list[Citation]
    refused: bool
    mode: str  # "llm" or "extractive"
    prompt_id: str
    prompt_version: str
    latency_ms: dict[str, float | None]
    invalid_citations_removed: int = 0
    usage: dict | None = None
    incomplete: bool = False
    fallback_reason: str | None = None
    answer_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    relevance: float | None = None
    sources: list[Source] = field(default_factory=list)  # every source given (not only cited)
    retrieved: list[Hit] = field(default_factory=list)  # the top answer_k hits, sources or not
    prompt_variant: str = ""  # the answer prompt this question was assigned (A/B arm), e.g. "answer.v2"
    route: str = "guide"  # the router's decision: guide, market or both
    market: dict | None = None  # MarketReply.to_json() of a market or mixed answer
    coverage: str = "full"  # how much of the question the guide covers: "full", "partial" or "none"
    missing: list[str] = field(default_factory=list)  # the question's words the guide does not cover

    def to_json(self) -> dict[str, Any]:
        """The `fieldguide ask --json` object (a public contract: keep the keys)."""
        return {
            "answer": self.answer,
            "citations": [c.to_json() for c in self.citations],
            "refused": self.refused,
            "mode": self.mode,
            "prompt_version": self.prompt_version,
            "latency_ms": dict(self.latency_ms),
            "invalid_citations_removed": self.invalid_citations_removed,
            "answer_id": self.answer_id,
            "prompt_id": self.prompt_id,
            "usage": dict(self.usage) if self.usage else None,
            "incomplete": self.incomplete,
            "fallback_reason": self.fallback_reason,
            "prompt_variant": self.prompt_variant,
            "route": self.route,
            "spec": (self.market or {}).get("spec"),
            "result": (self.market or {}).get("result"),
            # how to show and rerun the figure: chart, command, csv_url, spec_source
            "market": {k: v for k, v in self.market.items() if k not in MARKET_KEYS} if self.market else None,
            "coverage": self.coverage,
            "missing": list(self.missing),
        }


class Clock:
    """When an answer started, and its retrieval, first-token and total times in ms."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.marks: dict[str, float | None] = {"retrieval": None, "first_token": None, "total": None}

    def ms(self) -> float:
        return round((time.perf_counter() - self.start) * 1000, 1)

    def first(self) -> None:
        if self.marks["first_token"] is None:
            self.marks["first_token"] = self.ms()

    def done(self) -> dict[str, float | None]:
        self.marks["total"] = self.ms()
        return dict(self.marks)


def log_answer(event: Answer) -> None:
    fields = ("mode", "prompt_id", "prompt_version", "refused", "incomplete", "fallback_reason", "latency_ms")
    log.info(
        "answer %s mode=%s prompt=%s.%s refused=%s incomplete=%s fallback=%r latency_ms=%s usage=%s",
        *(getattr(event, name) for name in ("answer_id", *fields, "usage")),
    )


def small_talk(question: str) -> list[TextDelta | Answer] | None:
    """The reply to a message that asks nothing (no retrieval, no model), or None for a question."""
    if (text := small_talk_reply(question)) is None:
        return None
    clock, prompt = Clock(), load_prompt("small_talk")
    clock.first()
    reply = Answer(question, question, text, [], False, "extractive", prompt.id, prompt.version_label, {})
    reply.latency_ms = clock.done()
    return [TextDelta(text), reply]
