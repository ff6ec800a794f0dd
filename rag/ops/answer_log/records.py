"""The answer log's records: one answer as logged, its feedback, and the aggregates read back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from rag.errors import AnswerLogError

if TYPE_CHECKING:
    from rag.answer.pipeline import Answer
    from rag.records import Hit

CHANNELS = ("ui", "api", "cli", "gradio", "mcp", "openai")
MODES = ("llm", "extractive")
RATINGS = ("up", "down")


def utc(value: datetime) -> datetime:
    """Aware UTC; a naive datetime is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(kw_only=True)
class AnswerRecord:
    """One row of the log. `question` and `query` are redacted when stored, not here."""

    answer_id: str
    created_at: datetime
    channel: str  # one of CHANNELS
    question: str
    query: str
    mode: str  # "llm" | "extractive"
    prompt_id: str
    prompt_version: str
    # The A/B arm: the answer prompt the conversation was assigned ("answer.v2"), whichever
    # template (answer, refusal, extractive) wrote the text. Dashboards compare and filter by it.
    prompt_variant: str = ""
    conversation_id: str | None = None
    retrieved: list[dict] = field(default_factory=list)  # {"chunk_id", "doc_id", "score"}
    cited: list[dict] = field(default_factory=list)  # the answer's citations as JSON (+ "chunk_id")
    model: str | None = None  # None for extractive answers
    retrieval_ms: float | None = None
    first_token_ms: float | None = None
    total_ms: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    refused: bool = False
    invalid_citations_removed: int = 0
    incomplete: bool = False
    fallback_reason: str | None = None
    relevance: float | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        self.prompt_variant = self.prompt_variant or self.prompt_version
        if self.channel not in CHANNELS:
            raise AnswerLogError(f"channel must be one of {', '.join(CHANNELS)}, not {self.channel!r}")
        if self.mode not in MODES:
            raise AnswerLogError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")

    @classmethod
    def from_answer(
        cls,
        answer: Answer,
        *,
        channel: str,
        conversation_id: str | None = None,
        model: str | None = None,
        retrieved: Sequence[Hit] = (),
        error: str | None = None,
        created_at: datetime | None = None,
    ) -> AnswerRecord:
        """The record of `answer`; `retrieved` defaults to the answer's own retrieved hits, else to
        the hits of its sources."""
        hits = list(retrieved) or list(answer.retrieved) or [s.hit for s in answer.sources]
        by_n = {s.n: s for s in answer.sources}
        cited = []
        for citation in answer.citations:
            source = by_n.get(citation.n)
            chunk_id = {"chunk_id": source.hit.chunk.id} if source is not None else {}
            cited.append({"n": citation.n, **chunk_id, **citation.to_json()})
        latency = answer.latency_ms or {}
        usage = answer.usage or {}
        return cls(
            answer_id=answer.answer_id,
            created_at=created_at or utc_now(),
            conversation_id=conversation_id,
            channel=channel,
            question=answer.question,
            query=answer.query,
            retrieved=[
                {"chunk_id": h.chunk.id, "doc_id": h.chunk.doc_id, "score": round(float(h.score), 6)}
                for h in hits
            ],
            cited=cited,
            prompt_id=answer.prompt_id,
            prompt_version=answer.prompt_version,
            prompt_variant=answer.prompt_variant or f"{answer.prompt_id}.{answer.prompt_version}",
            model=model if answer.mode == "llm" else None,
            mode=answer.mode,
            retrieval_ms=latency.get("retrieval"),
            first_token_ms=latency.get("first_token"),
            total_ms=latency.get("total"),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            refused=answer.refused,
            invalid_citations_removed=answer.invalid_citations_removed,
            incomplete=answer.incomplete,
            fallback_reason=answer.fallback_reason,
            relevance=answer.relevance,
            error=error,
        )


@dataclass(frozen=True)
class Feedback:
    """The rating (and optional comment) someone gave one answer."""

    answer_id: str
    rating: str  # "up" | "down"
    comment: str | None
    created_at: datetime  # the first rating
    updated_at: datetime  # the one that stands


@dataclass(frozen=True)
class DayStats:
    """The answers of one UTC day: counts, feedback and latency percentiles."""

    day: date  # UTC
    questions: int
    answered: int  # neither refused nor failed with an error
    refused: int
    thumbs_up: int
    thumbs_down: int
    total_ms_p50: float | None
    total_ms_p95: float | None
    first_token_ms_p50: float | None
    first_token_ms_p95: float | None


@dataclass(frozen=True)
class Summary:
    """The aggregate figures of a set of answers (a period, a prompt variant)."""

    answers: int
    answered: int
    refused: int
    refusal_rate: float | None
    errors: int
    incomplete: int
    fallbacks: int
    feedback_count: int
    thumbs_up: int
    thumbs_down: int
    thumbs_up_rate: float | None  # up / (up + down)
    total_ms_p50: float | None
    total_ms_p95: float | None
    first_token_ms_p50: float | None
    first_token_ms_p95: float | None
    mean_citations: float | None
    prompt_tokens: int
    completion_tokens: int
    invalid_citations_removed: int


@dataclass(frozen=True)
class CitedPage:
    """A page of the guide and how many answers cite it."""

    url: str
    title: str
    section: str
    count: int  # answers that cite it


@dataclass(frozen=True)
class Gap:
    """A refused or thumbs-down answer: a question the guide (or the bot) did not serve."""

    answer_id: str
    created_at: datetime
    question: str
    query: str
    refused: bool
    rating: str | None
    comment: str | None
    prompt_variant: str
