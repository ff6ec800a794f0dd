"""An invented answer log for the report and dashboard tests: two days, two prompt variants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rag.ops.answer_log import AnswerLog, AnswerRecord, Summary

DAY1 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
DAY2 = datetime(2025, 3, 2, 9, 0, tzinfo=UTC)
URL_A = "https://example.org/guide/a.md#intro"
URL_B = "https://example.org/guide/b.md"


def cite(n: int, url: str, title: str, section: str = "") -> dict:
    return {"n": n, "title": title, "section": section, "url": url, "source_paths": ["x.md"]}


def record(answer_id: str, created_at: datetime, variant: str, **overrides) -> AnswerRecord:
    values = {
        "answer_id": answer_id,
        "created_at": created_at,
        "channel": "ui",
        "question": f"question {answer_id}",
        "query": f"query {answer_id}",
        "mode": "llm",
        "prompt_id": "answer",
        "prompt_version": variant.split(".")[1],
        "prompt_variant": variant,
        **overrides,
    }
    return AnswerRecord(**values)


def seed_log(log: AnswerLog) -> None:
    """Two days, two variants: a1 (v1, up), a2 (v2, down + comment), a3 (v1, refused), a4 (v2, up)."""
    log.record(
        record(
            "a1",
            DAY1,
            "answer.v1",
            total_ms=1000.0,
            first_token_ms=200.0,
            prompt_tokens=100,
            completion_tokens=20,
            cited=[cite(1, URL_A, "Role", "Intro"), cite(2, URL_B, "Skills")],
        )
    )
    log.record(
        record(
            "a2",
            DAY1 + timedelta(hours=1),
            "answer.v2",
            total_ms=3000.0,
            first_token_ms=600.0,
            prompt_tokens=150,
            completion_tokens=30,
            cited=[cite(1, URL_A, "Role", "Intro")],
        )
    )
    log.record(
        record(
            "a3",
            DAY2,
            "answer.v1",
            mode="extractive",
            prompt_id="refusal",
            refused=True,
            total_ms=50.0,
            first_token_ms=50.0,
            question="What does Ocado pay in Berlin?",
        )
    )
    log.record(
        record(
            "a4",
            DAY2 + timedelta(hours=1),
            "answer.v2",
            total_ms=2000.0,
            first_token_ms=400.0,
            prompt_tokens=120,
            completion_tokens=25,
            cited=[cite(1, URL_B, "Skills")],
            invalid_citations_removed=1,
        )
    )
    log.add_feedback("a1", "up")
    log.add_feedback("a2", "down", "too vague")
    log.add_feedback("a4", "up")


SUMMARY = Summary(
    answers=4,
    answered=3,
    refused=1,
    refusal_rate=0.25,
    errors=0,
    incomplete=0,
    fallbacks=0,
    feedback_count=3,
    thumbs_up=2,
    thumbs_down=1,
    thumbs_up_rate=2 / 3,
    total_ms_p50=1000.0,
    total_ms_p95=3000.0,
    first_token_ms_p50=200.0,
    first_token_ms_p95=600.0,
    mean_citations=1.0,
    prompt_tokens=370,
    completion_tokens=75,
    invalid_citations_removed=1,
)
