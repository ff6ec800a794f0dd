"""The monitoring dashboard, a Gradio app of its own (mounted at /dashboard): questions per day,
latency, thumbs-up and refusal rates, the most-cited pages, the guide's coverage gaps and the A/B
comparison of prompt variants, all read from the answer log and filterable by variant and period.

The pure functions shape the log's figures into the DataFrames the charts and tables show; cells are
formatted by rag/ops/usage.py, so the dashboard and `fieldguide report` read the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import gradio as gr
import pandas as pd

from rag.ops.answer_log import AnswerLog, CitedPage, DayStats, Gap, Summary
from rag.ops.usage import (
    AB_HEADERS,
    GAP_HEADERS,
    LATENCY_NOTE,
    Report,
    empty_message,
    load_report,
    page_label,
    rate,
    shorten,
    since_days,
    summary_rows,
)
from rag.ops.usage import ab_rows as _ab_rows
from rag.ops.usage import gap_rows as _gap_rows

ALL = "all"
PERIODS = {"Last 7 days": 7, "Last 30 days": 30, "Last 90 days": 90, "All time": None}
DEFAULT_PERIOD = "Last 30 days"
TOP_CITED = 15
RECENT_GAPS = 30
LABEL_WIDTH = 48
OUTCOMES = {"answered": "answered", "refused": "refused", "error": "errors"}  # label -> daily column
LATENCY_SERIES = {
    "total p50": "total_ms_p50",
    "total p95": "total_ms_p95",
    "first token p50": "first_token_ms_p50",
    "first token p95": "first_token_ms_p95",
}
NOT_OPEN = "The answer log is not open yet (the app is starting)."
NO_ANSWERS = "**No answers logged yet.** The charts fill in as people ask questions in the chat or the API."

DAILY_COLUMNS = {
    "day": "str",
    "questions": "int64",
    "answered": "int64",
    "refused": "int64",
    "errors": "int64",
    "thumbs_up": "int64",
    "thumbs_down": "int64",
    "refusal_rate": "float64",
    "thumbs_up_rate": "float64",
    **dict.fromkeys(LATENCY_SERIES.values(), "float64"),
}


def _frame(rows: Sequence[dict] | Sequence[Sequence], columns: dict[str, str]) -> pd.DataFrame:
    """A DataFrame with these columns and dtypes, even when there are no rows (an empty chart)."""
    frame = pd.DataFrame(list(rows), columns=list(columns))
    return frame.astype(columns)


def _percent(value: float | None) -> float:
    return float("nan") if value is None else round(value * 100, 1)


def _ms(value: float | None) -> float:
    return float("nan") if value is None else round(float(value), 1)


# -- shaping ---------------------------------------------------------------------------------------


def daily_frame(
    days: Sequence[DayStats], first: date | None = None, last: date | None = None
) -> pd.DataFrame:
    """One row per UTC day from `first` (or the first day with answers) to `last` (or the last
    one), days without answers included at zero. Days are ISO strings: a chart shows the UTC day
    whatever the browser's time zone. Rates are percentages; missing figures are NaN."""
    if not days:
        return _frame([], DAILY_COLUMNS)
    by_day = {d.day: d for d in days}
    start = min(by_day) if first is None else min(first, min(by_day))
    end = max(by_day) if last is None else max(last, max(by_day))
    rows = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        d = by_day.get(day) or DayStats(day, 0, 0, 0, 0, 0, None, None, None, None)
        rows.append(
            {
                "day": day.isoformat(),
                "questions": d.questions,
                "answered": d.answered,
                "refused": d.refused,
                "errors": d.questions - d.answered - d.refused,
                "thumbs_up": d.thumbs_up,
                "thumbs_down": d.thumbs_down,
                "refusal_rate": _percent(rate(d.refused, d.questions)),
                "thumbs_up_rate": _percent(rate(d.thumbs_up, d.thumbs_up + d.thumbs_down)),
                **{column: _ms(getattr(d, column)) for column in LATENCY_SERIES.values()},
            }
        )
    return _frame(rows, DAILY_COLUMNS)


def volume_frame(daily: pd.DataFrame) -> pd.DataFrame:
    """Questions per day and outcome (answered, refused, error), for a stacked bar chart."""
    rows = [
        (day, outcome, row[column])
        for day, row in daily.set_index("day").iterrows()
        for outcome, column in OUTCOMES.items()
    ]
    return _frame(rows, {"day": "str", "outcome": "str", "questions": "int64"})


def latency_frame(daily: pd.DataFrame) -> pd.DataFrame:
    """p50/p95 of total and first-token latency per day (ms), one series each; days without a
    figure are left out rather than drawn at zero."""
    columns = {"day": "str", "series": "str", "ms": "float64"}
    rows = [
        (day, series, row[column])
        for day, row in daily.set_index("day").iterrows()
        for series, column in LATENCY_SERIES.items()
        if not pd.isna(row[column])
    ]
    return _frame(rows, columns)


def rate_frame(daily: pd.DataFrame, column: str) -> pd.DataFrame:
    """`day` and `percent` for one rate column of daily_frame, days where it is undefined left out."""
    defined = daily[~daily[column].isna()]
    return _frame(
        list(zip(defined["day"], defined[column], strict=True)), {"day": "str", "percent": "float64"}
    )


def cited_frame(pages: Sequence[CitedPage]) -> pd.DataFrame:
    """The most-cited pages, most cited first: a short unique label, answers citing it, its URL."""
    labels: list[str] = []
    for page in pages:
        label = shorten(page_label(page), LABEL_WIDTH)
        while label in labels:  # bars with one label would be drawn as one
            label += " "
        labels.append(label)
    rows = [(label, page.count, page.url) for label, page in zip(labels, pages, strict=True)]
    return _frame(rows, {"page": "str", "answers": "int64", "url": "str"})


def gaps_table(gaps: Sequence[Gap]) -> pd.DataFrame:
    """The most recent refused or thumbs-down questions, newest first."""
    return _frame(_gap_rows(gaps), dict.fromkeys(GAP_HEADERS, "str"))


def ab_table(by_variant: dict[str, Summary]) -> pd.DataFrame:
    """One row per prompt variant: answers, rates, latency percentiles, citations, tokens."""
    return _frame(_ab_rows(by_variant), dict.fromkeys(AB_HEADERS, "str"))


def summary_markdown(report: Report, period: str, variant: str) -> str:
    """The headline figures (or why there are none) as one Markdown table."""
    empty = empty_message(report)
    if empty is not None:
        return NO_ANSWERS if not report.variants else f"**{empty}**"
    rows = summary_rows(report.summary)
    scope = f"{period}, {'all variants' if variant == ALL else f'variant {variant}'}"
    header = "| " + " | ".join(label for label, _ in rows) + " |"
    rule = "|" + "---|" * len(rows)
    values = "| " + " | ".join(value for _, value in rows) + " |"
    return f"**{scope}**\n\n{header}\n{rule}\n{values}"


# -- loading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardData:
    """Everything the dashboard shows for one filter: the summary, the charts' frames and the tables."""

    summary: str  # Markdown
    variants: list[str]  # the dropdown's choices: "all", then every variant in the log
    volume: pd.DataFrame
    latency: pd.DataFrame
    thumbs_up: pd.DataFrame
    refusals: pd.DataFrame
    cited: pd.DataFrame
    gaps: pd.DataFrame
    ab: pd.DataFrame


def load_dashboard(
    log: AnswerLog | None, variant: str = ALL, period: str = DEFAULT_PERIOD, now: datetime | None = None
) -> DashboardData:
    """Everything the page shows for this filter; `now` fixes "today" (tests)."""
    now = now or datetime.now(UTC)
    since = since_days(PERIODS.get(period), now)
    prompt_variant = None if variant in (ALL, "", None) else variant
    report = None if log is None else load_report(log, since, prompt_variant, TOP_CITED, RECENT_GAPS)
    days = report.days if report else []
    daily = daily_frame(days, since.date() if since else None, now.date())
    variants = set(report.variants if report else []) | ({prompt_variant} if prompt_variant else set())
    return DashboardData(
        summary=NOT_OPEN if report is None else summary_markdown(report, period, variant),
        variants=[ALL, *sorted(variants)],
        volume=volume_frame(daily),
        latency=latency_frame(daily),
        thumbs_up=rate_frame(daily, "thumbs_up_rate"),
        refusals=rate_frame(daily, "refusal_rate"),
        cited=cited_frame(report.top_cited if report else []),
        gaps=gaps_table(report.gaps if report else []),
        ab=ab_table(report.by_variant if report else {}),
    )


def make_refresh(
    answer_log_getter: Callable[[], AnswerLog | None], clock: Callable[[], datetime] | None = None
):
    """The function behind page load, Refresh and the filters: (variant, period) -> every output."""

    def refresh(variant: str, period: str):
        data = load_dashboard(answer_log_getter(), variant, period, clock() if clock else None)
        value = variant if variant in data.variants else ALL
        return (
            data.summary,
            gr.update(choices=data.variants, value=value),
            data.volume,
            data.latency,
            data.thumbs_up,
            data.refusals,
            data.cited,
            data.gaps,
            data.ab,
        )

    return refresh


# -- the page --------------------------------------------------------------------------------------


def _per_day(plot: type[gr.LinePlot] | type[gr.BarPlot], **options):
    """A chart with one point (or bar) per UTC day."""
    return plot(x="day", sort="x", x_title="day (UTC)", x_label_angle=-45, **options)


def _rate_plot(title: str) -> gr.LinePlot:
    """A daily percentage (0 to 100)."""
    return _per_day(gr.LinePlot, y="percent", y_aggregate="mean", y_lim=[0, 100], title=title)


def create_dashboard(
    answer_log_getter: Callable[[], AnswerLog | None], clock: Callable[[], datetime] | None = None
) -> gr.Blocks:
    """The dashboard page; `answer_log_getter` is called on every refresh (the log is opened when
    the app starts, after this is built). `clock` fixes "now" in tests."""
    with gr.Blocks(title="Field Guide Chat: dashboard", analytics_enabled=False) as blocks:
        gr.Markdown("# Field Guide Chat: answers and feedback")
        with gr.Row(equal_height=True):
            variant = gr.Dropdown([ALL], value=ALL, label="Prompt variant", scale=2)
            period = gr.Dropdown(list(PERIODS), value=DEFAULT_PERIOD, label="Period", scale=2)
            refresh_button = gr.Button("Refresh", variant="secondary", scale=1)
        summary = gr.Markdown(NO_ANSWERS, elem_id="dashboard-summary")
        volume = _per_day(
            gr.BarPlot,
            y="questions",
            color="outcome",
            y_aggregate="sum",
            color_map={"answered": "#22c55e", "refused": "#f59e0b", "error": "#ef4444"},
            title="Questions per day",
        )
        latency = _per_day(
            gr.LinePlot,
            y="ms",
            color="series",
            y_aggregate="mean",  # one value per day and series: the default sum would be the same
            title="Latency per day (ms)",
            y_title="ms",
        )
        with gr.Row():
            thumbs_up = _rate_plot("Thumbs-up rate per day (% of rated answers)")
            refusals = _rate_plot("Refusal rate per day (% of questions)")
        cited = gr.BarPlot(
            x="page",
            y="answers",
            sort="-y",
            tooltip="all",
            title="Most-cited pages (answers citing each)",
            y_lim=[0, None],  # bars start at zero even when every page has the same count
            x_title="page",
            x_label_angle=-30,
            height=420,
        )
        gr.Markdown("### Coverage gaps: the latest refused or thumbs-down questions")
        gaps = gr.Dataframe(gaps_table([]), interactive=False, wrap=True, max_height=420)
        gr.Markdown(f"### A/B: prompt variants over the period ({LATENCY_NOTE})")
        ab = gr.Dataframe(ab_table({}), interactive=False, wrap=True)
        gr.on(
            [blocks.load, refresh_button.click, variant.input, period.input],
            make_refresh(answer_log_getter, clock),
            inputs=[variant, period],
            outputs=[summary, variant, volume, latency, thumbs_up, refusals, cited, gaps, ab],
            api_visibility="private",
        )
    return blocks
