"""The monitoring dashboard (ui/dashboard.py): the pure DataFrame shaping with exact values, what the
page loads for a seeded log, the empty log, and the page served under /dashboard."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import gradio as gr
import pandas as pd
from fastapi import FastAPI
from fastapi.testclient import TestClient

from rag.ops.answer_log import AnswerLog, CitedPage, DayStats, Gap
from rag.ops.usage import AB_HEADERS, GAP_HEADERS, load_report
from tests.log_helpers import SUMMARY, URL_A, URL_B
from ui.dashboard import (
    ALL,
    DAILY_COLUMNS,
    NO_ANSWERS,
    NOT_OPEN,
    ab_table,
    cited_frame,
    create_dashboard,
    daily_frame,
    gaps_table,
    latency_frame,
    load_dashboard,
    make_refresh,
    rate_frame,
    summary_markdown,
    volume_frame,
)

NAN = math.nan
NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
DAY_A = DayStats(date(2025, 3, 1), 4, 2, 1, 3, 1, 1000.0, 3000.0, 200.0, 600.0)
DAY_B = DayStats(date(2025, 3, 3), 2, 2, 0, 0, 0, 50.0, 80.0, None, None)


def rows(frame: pd.DataFrame) -> list[list]:
    return frame.to_numpy().tolist()


# -- shaping ---------------------------------------------------------------------------------------


def test_daily_frame_fills_days_without_answers():
    frame = daily_frame([DAY_A, DAY_B], first=date(2025, 2, 28), last=date(2025, 3, 3))
    expected = pd.DataFrame(
        {
            "day": ["2025-02-28", "2025-03-01", "2025-03-02", "2025-03-03"],
            "questions": [0, 4, 0, 2],
            "answered": [0, 2, 0, 2],
            "refused": [0, 1, 0, 0],
            "errors": [0, 1, 0, 0],
            "thumbs_up": [0, 3, 0, 0],
            "thumbs_down": [0, 1, 0, 0],
            "refusal_rate": [NAN, 25.0, NAN, 0.0],
            "thumbs_up_rate": [NAN, 75.0, NAN, NAN],
            "total_ms_p50": [NAN, 1000.0, NAN, 50.0],
            "total_ms_p95": [NAN, 3000.0, NAN, 80.0],
            "first_token_ms_p50": [NAN, 200.0, NAN, NAN],
            "first_token_ms_p95": [NAN, 600.0, NAN, NAN],
        }
    ).astype(DAILY_COLUMNS)
    pd.testing.assert_frame_equal(frame, expected)
    assert daily_frame([DAY_B]).day.tolist() == ["2025-03-03"]  # no bounds: just the days given


def test_daily_frame_of_nothing_is_empty_with_every_column():
    frame = daily_frame([], first=date(2025, 3, 1), last=date(2025, 3, 3))
    assert (list(frame.columns), len(frame)) == (list(DAILY_COLUMNS), 0)
    numeric = {column: str(dtype) for column, dtype in frame.dtypes.items() if column != "day"}
    assert numeric == {column: dtype for column, dtype in DAILY_COLUMNS.items() if column != "day"}


def test_volume_latency_and_rate_frames():
    daily = daily_frame([DAY_A, DAY_B], last=date(2025, 3, 3))
    assert rows(volume_frame(daily)) == [
        ["2025-03-01", "answered", 2],
        ["2025-03-01", "refused", 1],
        ["2025-03-01", "error", 1],
        ["2025-03-02", "answered", 0],
        ["2025-03-02", "refused", 0],
        ["2025-03-02", "error", 0],
        ["2025-03-03", "answered", 2],
        ["2025-03-03", "refused", 0],
        ["2025-03-03", "error", 0],
    ]
    assert rows(latency_frame(daily)) == [
        ["2025-03-01", "total p50", 1000.0],
        ["2025-03-01", "total p95", 3000.0],
        ["2025-03-01", "first token p50", 200.0],
        ["2025-03-01", "first token p95", 600.0],
        ["2025-03-03", "total p50", 50.0],
        ["2025-03-03", "total p95", 80.0],
    ]
    assert rows(rate_frame(daily, "thumbs_up_rate")) == [["2025-03-01", 75.0]]
    assert rows(rate_frame(daily, "refusal_rate")) == [["2025-03-01", 25.0], ["2025-03-03", 0.0]]
    empty = daily_frame([])
    assert [
        list(f.columns)
        for f in (volume_frame(empty), latency_frame(empty), rate_frame(empty, "refusal_rate"))
    ] == [
        ["day", "outcome", "questions"],
        ["day", "series", "ms"],
        ["day", "percent"],
    ]


def test_cited_frame_labels_are_short_and_unique():
    pages = [
        CitedPage(URL_A, "Role", "Intro", 5),
        CitedPage(URL_B, "AI Engineer (Platform) at a company with a very long name", "Description", 3),
        CitedPage(URL_B + "?2", "Role", "Intro", 1),
    ]
    assert rows(cited_frame(pages)) == [
        ["Role — Intro", 5, URL_A],
        ["AI Engineer (Platform) at a company with a very…", 3, URL_B],
        ["Role — Intro ", 1, URL_B + "?2"],
    ]
    assert list(cited_frame([]).columns) == ["page", "answers", "url"]


def test_gaps_and_ab_tables():
    gap = Gap(
        "a3",
        datetime(2025, 3, 2, 9, 0, tzinfo=UTC),
        "What does Ocado pay?",
        "q",
        True,
        None,
        None,
        "answer.v1",
    )
    assert list(gaps_table([gap]).columns) == list(GAP_HEADERS)
    assert rows(gaps_table([gap])) == [
        ["2025-03-02 09:00", "refused", "answer.v1", "What does Ocado pay?", ""]
    ]
    assert list(ab_table({}).columns) == list(AB_HEADERS)
    assert rows(ab_table({"answer.v1": SUMMARY})) == [
        ["answer.v1", "4", "66.7%", "25.0%", "1,000", "3,000", "200", "600", "1.00", "370", "75"]
    ]


def test_summary_markdown(log, tmp_path):
    assert summary_markdown(load_report(log), "All time", ALL) == (
        "**All time, all variants**\n\n"
        "| Answers | Refusal rate | Thumbs-up rate | Total latency | First token "
        "| Citations | Tokens | Fallbacks |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| 4 (3 answered, 1 refused, 0 errors) | 25.0% | 66.7% (2 up, 1 down) | p50 1,000 ms, p95 3,000 ms "
        "| p50 200 ms, p95 600 ms | 1.00 per answer, 1 invalid removed | 370 prompt + 75 completion "
        "| 0 (0 incomplete) |"
    )
    missed = load_report(log, datetime(2025, 4, 1, tzinfo=UTC), "answer.v1")
    assert summary_markdown(missed, "Last 7 days", "answer.v1") == (
        "**No answers match (since 2025-04-01 (UTC), variant answer.v1); "
        "variants in the log: answer.v1, answer.v2.**"
    )
    with AnswerLog(f"sqlite:///{tmp_path}/empty.sqlite3") as empty:
        assert summary_markdown(load_report(empty), "All time", ALL) == NO_ANSWERS


# -- loading ---------------------------------------------------------------------------------------


def test_load_dashboard_for_a_period_fills_it_to_today(log):
    data = load_dashboard(log, ALL, "Last 7 days", now=NOW)
    assert data.variants == [ALL, "answer.v1", "answer.v2"]
    assert data.summary.startswith("**Last 7 days, all variants**\n\n| Answers |")
    volume = data.volume[data.volume.outcome == "answered"]
    assert rows(volume) == [
        ["2025-02-25", "answered", 0],
        ["2025-02-26", "answered", 0],
        ["2025-02-27", "answered", 0],
        ["2025-02-28", "answered", 0],
        ["2025-03-01", "answered", 2],
        ["2025-03-02", "answered", 1],
        ["2025-03-03", "answered", 0],
    ]
    assert rows(data.thumbs_up) == [["2025-03-01", 50.0], ["2025-03-02", 100.0]]
    assert rows(data.refusals) == [["2025-03-01", 0.0], ["2025-03-02", 50.0]]
    assert rows(data.latency[data.latency.series == "total p95"]) == [
        ["2025-03-01", "total p95", 3000.0],
        ["2025-03-02", "total p95", 2000.0],
    ]
    assert rows(data.cited) == [["Role — Intro", 2, URL_A], ["Skills", 2, URL_B]]
    assert data.gaps["question"].tolist() == ["What does Ocado pay in Berlin?", "question a2"]
    assert data.ab["variant"].tolist() == ["answer.v1", "answer.v2"]


def test_load_dashboard_filtered_by_variant(log):
    data = load_dashboard(log, "answer.v2", "All time", now=NOW)
    assert data.summary.splitlines()[0] == "**All time, variant answer.v2**"
    assert rows(data.refusals) == [["2025-03-01", 0.0], ["2025-03-02", 0.0]]
    assert rows(data.cited) == [["Role — Intro", 1, URL_A], ["Skills", 1, URL_B]]
    assert data.gaps["question"].tolist() == ["question a2"]
    assert data.ab["variant"].tolist() == ["answer.v1", "answer.v2"]  # the A/B table keeps every arm
    # a variant that is not in the log (any more) stays selectable
    assert load_dashboard(log, "answer.v9", "All time", now=NOW).variants == [
        ALL,
        "answer.v1",
        "answer.v2",
        "answer.v9",
    ]


def test_empty_log_and_a_log_not_open_yet_show_empty_charts(tmp_path):
    with AnswerLog(f"sqlite:///{tmp_path}/empty.sqlite3") as empty:
        data = load_dashboard(empty, ALL, "Last 30 days", now=NOW)
    assert (data.summary, data.variants) == (NO_ANSWERS, [ALL])
    frames = (data.volume, data.latency, data.thumbs_up, data.refusals, data.cited, data.gaps, data.ab)
    assert [len(f) for f in frames] == [0, 0, 0, 0, 0, 0, 0]
    assert load_dashboard(None).summary == NOT_OPEN


# -- the page --------------------------------------------------------------------------------------


def test_create_dashboard_loads_the_seeded_log_on_page_open(log):
    blocks = create_dashboard(lambda: log, clock=lambda: NOW)
    # The page's own load event (Blocks ids depend on what the process built before).
    (refresh,) = [f for f in blocks.fns.values() if (blocks._id, "load") in f.targets]
    assert sorted(event for _, event in refresh.targets) == ["click", "input", "input", "load"]
    variant, period = refresh.inputs
    assert (variant.value, period.value) == (ALL, "Last 30 days")
    outputs = refresh.fn(ALL, "Last 30 days")
    summary, dropdown, volume, latency, thumbs_up, refusals, cited, gaps, ab = outputs
    assert dropdown == {"__type__": "update", "choices": [ALL, "answer.v1", "answer.v2"], "value": ALL}
    assert summary.startswith("**Last 30 days, all variants**")
    assert (len(volume), len(latency), len(thumbs_up), len(refusals)) == (3 * 30, 8, 2, 2)
    assert rows(cited) == [["Role — Intro", 2, URL_A], ["Skills", 2, URL_B]]
    assert (len(gaps), len(ab)) == (2, 2)
    # every value goes through its component as Gradio would send it to the browser
    for component, value in zip(refresh.outputs, outputs, strict=True):
        if not isinstance(value, dict):
            component.postprocess(value)
    bar = refresh.outputs[2].postprocess(volume)
    assert (bar.columns, bar.datatypes, bar.data[12]) == (
        ["day", "outcome", "questions"],
        {"day": "nominal", "outcome": "nominal", "questions": "quantitative"},
        ["2025-02-06", "answered", 0],
    )


def test_refresh_keeps_a_variant_that_is_no_longer_in_the_log_selectable(log):
    outputs = make_refresh(lambda: log, clock=lambda: NOW)("answer.v9", "All time")
    assert outputs[1] == {
        "__type__": "update",
        "choices": [ALL, "answer.v1", "answer.v2", "answer.v9"],
        "value": "answer.v9",
    }
    assert outputs[0] == (
        "**No answers match (all time, variant answer.v9); variants in the log: answer.v1, answer.v2.**"
    )


def test_the_dashboard_is_served_under_its_mount_path(log):
    app = gr.mount_gradio_app(FastAPI(), create_dashboard(lambda: log), path="/dashboard", ssr_mode=False)
    with TestClient(app) as client:
        page = client.get("/dashboard/")
        config = client.get("/dashboard/config").json()
    assert (page.status_code, config["title"]) == (200, "Field Guide Chat: dashboard")
    plots = sorted(c["props"]["title"] for c in config["components"] if c["type"] == "nativeplot")
    assert plots == [
        "Latency per day (ms)",
        "Most-cited pages (answers citing each)",
        "Questions per day",
        "Refusal rate per day (% of questions)",
        "Thumbs-up rate per day (% of rated answers)",
    ]
