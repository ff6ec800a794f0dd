"""The answer log's figures as text: what `fieldguide report` prints, and the cells the monitoring
dashboard shows (ui/dashboard.py formats with the same functions, so both read the same).

Everything here is pure except `load_report()`, which runs the AnswerLog queries once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from rag.ops.answer_log import AnswerLog, CitedPage, DayStats, Gap, Summary
from rag.stats import rate

TOP_CITED = 10
RECENT_GAPS = 10
NONE = "-"
QUESTION_WIDTH = 48
COMMENT_WIDTH = 24

# Latency columns are in ms: p50/p95 of the total time, then of the time to the first token.
AB_HEADERS = (
    "variant",
    "answers",
    "thumbs-up",
    "refusals",
    "p50",
    "p95",
    "first p50",
    "first p95",
    "cites/ans",
    "prompt tok",
    "compl tok",
)
DAY_HEADERS = (
    "day",
    "questions",
    "answered",
    "refused",
    "refusals",
    "up",
    "down",
    "thumbs-up",
    "p50",
    "p95",
    "first p50",
    "first p95",
)
LATENCY_NOTE = "latency in ms: total p50/p95, first token p50/p95"
GAP_HEADERS = ("when (UTC)", "why", "variant", "question", "comment")


# -- cells -------------------------------------------------------------------------------------------


def since_days(days: int | None, now: datetime | None = None) -> datetime | None:
    """Midnight UTC starting the last `days` UTC days (today included); None means all time."""
    if days is None:
        return None
    today = (now or datetime.now(UTC)).astimezone(UTC).date()
    return datetime.combine(today - timedelta(days=days - 1), time(), tzinfo=UTC)


def fmt_pct(value: float | None) -> str:
    return NONE if value is None else f"{value * 100:.1f}%"


def fmt_ms(value: float | None) -> str:
    return NONE if value is None else f"{value:,.0f}"


def fmt_float(value: float | None) -> str:
    return NONE if value is None else f"{value:.2f}"


def shorten(text: str, width: int) -> str:
    """One line, at most `width` characters (an ellipsis marks a cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def page_label(page: CitedPage) -> str:
    if page.title and page.section:
        return f"{page.title} — {page.section}"
    return page.title or page.section or page.url


def gap_reason(gap: Gap) -> str:
    reasons = (["refused"] if gap.refused else []) + (["thumbs down"] if gap.rating == "down" else [])
    return ", ".join(reasons)


def summary_rows(s: Summary) -> list[tuple[str, str]]:
    """The headline figures as (label, value) pairs."""
    return [
        ("Answers", f"{s.answers:,} ({s.answered:,} answered, {s.refused:,} refused, {s.errors:,} errors)"),
        ("Refusal rate", fmt_pct(s.refusal_rate)),
        ("Thumbs-up rate", f"{fmt_pct(s.thumbs_up_rate)} ({s.thumbs_up:,} up, {s.thumbs_down:,} down)"),
        ("Total latency", f"p50 {fmt_ms(s.total_ms_p50)} ms, p95 {fmt_ms(s.total_ms_p95)} ms"),
        ("First token", f"p50 {fmt_ms(s.first_token_ms_p50)} ms, p95 {fmt_ms(s.first_token_ms_p95)} ms"),
        (
            "Citations",
            f"{fmt_float(s.mean_citations)} per answer, {s.invalid_citations_removed:,} invalid removed",
        ),
        ("Tokens", f"{s.prompt_tokens:,} prompt + {s.completion_tokens:,} completion"),
        ("Fallbacks", f"{s.fallbacks:,} ({s.incomplete:,} incomplete)"),
    ]


def ab_rows(by_variant: dict[str, Summary]) -> list[list[str]]:
    """One row per prompt variant, in AB_HEADERS order."""
    return [
        [
            variant,
            f"{s.answers:,}",
            fmt_pct(s.thumbs_up_rate),
            fmt_pct(s.refusal_rate),
            fmt_ms(s.total_ms_p50),
            fmt_ms(s.total_ms_p95),
            fmt_ms(s.first_token_ms_p50),
            fmt_ms(s.first_token_ms_p95),
            fmt_float(s.mean_citations),
            f"{s.prompt_tokens:,}",
            f"{s.completion_tokens:,}",
        ]
        for variant, s in by_variant.items()
    ]


def day_rows(days: Sequence[DayStats]) -> list[list[str]]:
    """One row per day, in DAY_HEADERS order."""
    return [
        [
            d.day.isoformat(),
            f"{d.questions:,}",
            f"{d.answered:,}",
            f"{d.refused:,}",
            fmt_pct(rate(d.refused, d.questions)),
            f"{d.thumbs_up:,}",
            f"{d.thumbs_down:,}",
            fmt_pct(rate(d.thumbs_up, d.thumbs_up + d.thumbs_down)),
            fmt_ms(d.total_ms_p50),
            fmt_ms(d.total_ms_p95),
            fmt_ms(d.first_token_ms_p50),
            fmt_ms(d.first_token_ms_p95),
        ]
        for d in days
    ]


def gap_rows(gaps: Sequence[Gap], question_width: int | None = None, comment_width: int | None = None):
    """One row per gap, in GAP_HEADERS order; texts cut to the widths given (for a terminal)."""

    def cut(text: str | None, width: int | None) -> str:
        text = text or ""
        return shorten(text, width) if width else text

    return [
        [
            g.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
            gap_reason(g),
            g.prompt_variant,
            cut(g.question, question_width),
            cut(g.comment, comment_width),
        ]
        for g in gaps
    ]


# -- text ----------------------------------------------------------------------------------------------


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> str:
    """A plain-text table; `align` has one letter per column: l(eft) or r(ight)."""
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        padded = zip(cells, widths, align, strict=True)
        return "  ".join(c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in padded).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(row) for row in rows)])


def render_summary(summary: Summary) -> str:
    rows = summary_rows(summary)
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


def render_cited(pages: Sequence[CitedPage]) -> str:
    """Rank, answers citing the page, its title and section, and its URL on the next line."""
    width = len(f"{len(pages)}.")
    count_width = max((len(f"{p.count:,}") for p in pages), default=1)
    lines = []
    for rank, page in enumerate(pages, 1):
        lines.append(f"{f'{rank}.'.rjust(width)} {f'{page.count:,}'.rjust(count_width)}  {page_label(page)}")
        lines.append(f"{' ' * (width + count_width + 3)}{page.url}")
    return "\n".join(lines)


def describe_filter(since: datetime | None, prompt_variant: str | None) -> str:
    period = f"since {since.date().isoformat()} (UTC)" if since else "all time"
    return f"{period}, {f'variant {prompt_variant}' if prompt_variant else 'all variants'}"


@dataclass(frozen=True)
class Report:
    """Every figure of the usage report for a period and (optionally) one prompt variant."""

    since: datetime | None
    prompt_variant: str | None
    summary: Summary
    days: list[DayStats]
    by_variant: dict[str, Summary]  # every variant in the period, whatever `prompt_variant` is
    top_cited: list[CitedPage]
    gaps: list[Gap]
    # The variants with answers in the period; when nothing matched, every variant in the log, so
    # that an empty log can be told from a filter that matched nothing.
    variants: list[str]


def load_report(
    log: AnswerLog,
    since: datetime | None = None,
    prompt_variant: str | None = None,
    top_cited: int = TOP_CITED,
    gaps: int = RECENT_GAPS,
) -> Report:
    """Every figure of the report, read from the log (the queries run here, once each)."""
    by_variant = log.by_prompt_variant(since)
    summary = log.summary(prompt_variant, since)
    variants = sorted(by_variant) if summary.answers else sorted(log.by_prompt_variant())
    return Report(
        since=since,
        prompt_variant=prompt_variant,
        summary=summary,
        days=log.daily(prompt_variant, since),
        by_variant=by_variant,
        top_cited=log.top_cited(top_cited, prompt_variant, since),
        gaps=log.gaps(gaps, prompt_variant, since),
        variants=variants,
    )


def empty_message(report: Report) -> str | None:
    """Why there is nothing to show, or None when there is something."""
    if report.summary.answers:
        return None
    if not report.variants:
        return "No answers logged yet."
    return (
        f"No answers match ({describe_filter(report.since, report.prompt_variant)}); "
        f"variants in the log: {', '.join(report.variants)}."
    )


def render_report(report: Report) -> str:
    header = f"Answer log: {describe_filter(report.since, report.prompt_variant)}"
    empty = empty_message(report)
    if empty:
        return f"{header}\n\n{empty}"
    sections = [
        header,
        render_summary(report.summary),
        f"Per day ({LATENCY_NOTE})\n" + render_table(DAY_HEADERS, day_rows(report.days), "l" + "r" * 11),
        f"A/B by prompt variant ({LATENCY_NOTE})\n"
        + render_table(AB_HEADERS, ab_rows(report.by_variant), "l" + "r" * 10),
    ]
    if report.top_cited:
        sections.append("Most-cited pages (answers citing each)\n" + render_cited(report.top_cited))
    if report.gaps:
        rows = gap_rows(report.gaps, QUESTION_WIDTH, COMMENT_WIDTH)
        sections.append("Recent gaps (refused or thumbs down)\n" + render_table(GAP_HEADERS, rows, "lllll"))
    return "\n\n".join(sections)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def report_json(report: Report) -> dict[str, Any]:
    """The `fieldguide report --json` object."""
    return _plain(
        {
            "since": report.since,
            "prompt_variant": report.prompt_variant,
            "summary": asdict(report.summary),
            "daily": [asdict(d) for d in report.days],
            "by_prompt_variant": {v: asdict(s) for v, s in report.by_variant.items()},
            "top_cited": [asdict(p) for p in report.top_cited],
            "gaps": [asdict(g) for g in report.gaps],
        }
    )
