"""Aggregates over answer-log rows, computed in Python so they read the same on every database."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa

from rag.ops.answer_log.records import CitedPage, DayStats, Summary
from rag.ops.answer_log.schema import answers, feedback
from rag.stats import percentile_or_none as percentile
from rag.stats import rate


def is_gap() -> sa.ColumnElement[bool]:
    """The SQL condition of a gap: a refused or thumbs-down answer."""
    return sa.or_(answers.c.refused.is_(True), feedback.c.rating == "down")


def answered(row: sa.RowMapping) -> bool:
    return not row["refused"] and row["error"] is None


def _latency(rows: Sequence[sa.RowMapping]) -> dict[str, float | None]:
    return {
        f"{column}_p{p}": percentile((r[column] for r in rows), p)
        for column in ("total_ms", "first_token_ms")
        for p in (50, 95)
    }


def summarise(rows: Sequence[sa.RowMapping]) -> Summary:
    """The Summary of `rows` (answers joined with their rating)."""
    ratings = Counter(r["rating"] for r in rows)
    up, down = ratings["up"], ratings["down"]
    refused = sum(r["refused"] for r in rows)
    return Summary(
        answers=len(rows),
        answered=sum(answered(r) for r in rows),
        refused=refused,
        refusal_rate=rate(refused, len(rows)),
        errors=sum(r["error"] is not None for r in rows),
        incomplete=sum(r["incomplete"] for r in rows),
        fallbacks=sum(r["fallback_reason"] is not None for r in rows),
        feedback_count=up + down,
        thumbs_up=up,
        thumbs_down=down,
        thumbs_up_rate=rate(up, up + down),
        **_latency(rows),
        mean_citations=rate(sum(len(r["cited"]) for r in rows), len(rows)),
        prompt_tokens=sum(r["prompt_tokens"] or 0 for r in rows),
        completion_tokens=sum(r["completion_tokens"] or 0 for r in rows),
        invalid_citations_removed=sum(r["invalid_citations_removed"] for r in rows),
    )


def daily(rows: Sequence[sa.RowMapping]) -> list[DayStats]:
    """One entry per UTC day that has answers, oldest first."""
    days: dict[date, list[sa.RowMapping]] = defaultdict(list)
    for row in rows:
        days[row["created_at"].date()].append(row)
    out = []
    for day, day_rows in sorted(days.items()):
        ratings = Counter(r["rating"] for r in day_rows)
        out.append(
            DayStats(
                day=day,
                questions=len(day_rows),
                answered=sum(answered(r) for r in day_rows),
                refused=sum(r["refused"] for r in day_rows),
                thumbs_up=ratings["up"],
                thumbs_down=ratings["down"],
                **_latency(day_rows),
            )
        )
    return out


def top_cited(rows: Sequence[sa.RowMapping], limit: int) -> list[CitedPage]:
    """The URLs cited by the most answers (an answer citing a URL twice counts once)."""
    counts: Counter[str] = Counter()
    labels: dict[str, tuple[str, str]] = {}
    for row in rows:
        urls = set()
        for citation in row["cited"]:
            url = citation["url"]
            urls.add(url)
            labels.setdefault(url, (citation.get("title", ""), citation.get("section", "")))
        counts.update(urls)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [CitedPage(url, *labels[url], count) for url, count in ranked]
