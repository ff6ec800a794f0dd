"""`fieldguide report`: the pure text rendering (rag/ops/usage.py) with exact output, and the command
over a SQLite answer log in the tmp data dir."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import click
import pytest
from click.testing import CliRunner

from rag.config import Settings
from rag.ops.answer_log import AnswerLog, CitedPage, DayStats, Gap, Summary
from rag.ops.usage import (
    ab_rows,
    day_rows,
    empty_message,
    fmt_float,
    fmt_ms,
    fmt_pct,
    gap_reason,
    gap_rows,
    load_report,
    page_label,
    render_cited,
    render_report,
    render_summary,
    render_table,
    report_json,
    shorten,
    since_days,
    summary_rows,
)
from tests.log_helpers import DAY1, DAY2, SUMMARY, URL_A, URL_B, record, seed_log
from ui.cli.usage import report

EMPTY = Summary(0, 0, 0, None, 0, 0, 0, 0, 0, 0, None, None, None, None, None, None, 0, 0, 0)

FULL_REPORT = """\
Answer log: all time, all variants

Answers         4 (3 answered, 1 refused, 0 errors)
Refusal rate    25.0%
Thumbs-up rate  66.7% (2 up, 1 down)
Total latency   p50 1,000 ms, p95 3,000 ms
First token     p50 200 ms, p95 600 ms
Citations       1.00 per answer, 1 invalid removed
Tokens          370 prompt + 75 completion
Fallbacks       0 (0 incomplete)

Per day (latency in ms: total p50/p95, first token p50/p95)
day         questions  answered  refused  refusals  up  down  thumbs-up    p50    p95  first p50  first p95
----------  ---------  --------  -------  --------  --  ----  ---------  -----  -----  ---------  ---------
2025-03-01          2         2        0      0.0%   1     1      50.0%  1,000  3,000        200        600
2025-03-02          2         1        1     50.0%   1     0     100.0%     50  2,000         50        400

A/B by prompt variant (latency in ms: total p50/p95, first token p50/p95)
variant    answers  thumbs-up  refusals    p50    p95  first p50  first p95  cites/ans  prompt tok  compl tok
---------  -------  ---------  --------  -----  -----  ---------  ---------  ---------  ----------  ---------
answer.v1        2     100.0%     50.0%     50  1,000         50        200       1.00         100         20
answer.v2        2      50.0%      0.0%  2,000  3,000        400        600       1.00         270         55

Most-cited pages (answers citing each)
1. 2  Role — Intro
      https://example.org/guide/a.md#intro
2. 2  Skills
      https://example.org/guide/b.md

Recent gaps (refused or thumbs down)
when (UTC)        why          variant    question                        comment
----------------  -----------  ---------  ------------------------------  ---------
2025-03-02 09:00  refused      answer.v1  What does Ocado pay in Berlin?
2025-03-01 10:00  thumbs down  answer.v2  question a2                     too vague"""


# -- cells -----------------------------------------------------------------------------------------


def test_since_days_starts_at_utc_midnight_and_counts_today():
    now = datetime(2025, 3, 10, 23, 30, tzinfo=UTC)
    assert since_days(1, now) == datetime(2025, 3, 10, tzinfo=UTC)
    assert since_days(7, now) == datetime(2025, 3, 4, tzinfo=UTC)
    assert since_days(None, now) is None
    plus3 = datetime(2025, 3, 11, 1, 30, tzinfo=timezone(timedelta(hours=3)))  # still the 10th in UTC
    assert since_days(1, plus3) == datetime(2025, 3, 10, tzinfo=UTC)


def test_formatting_of_rates_latency_and_missing_values():
    assert (fmt_pct(2 / 3), fmt_pct(0.0), fmt_pct(1.0), fmt_pct(None)) == ("66.7%", "0.0%", "100.0%", "-")
    assert (fmt_ms(1234.56), fmt_ms(49.4), fmt_ms(None)) == ("1,235", "49", "-")
    assert (fmt_float(1.5), fmt_float(None)) == ("1.50", "-")
    assert shorten("a  long\nquestion about pay", 12) == "a long ques…"
    assert shorten("short", 12) == "short"


def test_page_labels_and_gap_reasons():
    assert page_label(CitedPage(URL_A, "Role", "Intro", 2)) == "Role — Intro"
    assert page_label(CitedPage(URL_B, "Skills", "", 1)) == "Skills"
    assert page_label(CitedPage(URL_B, "", "", 1)) == URL_B
    gap = Gap("x", DAY1, "q", "q", refused=True, rating="down", comment=None, prompt_variant="answer.v1")
    assert gap_reason(gap) == "refused, thumbs down"


def test_render_table_pads_and_aligns_columns():
    table = render_table(("name", "n"), [["alpha", "1"], ["b", "1,000"]], "lr")
    assert table == "name       n\n-----  -----\nalpha      1\nb      1,000"
    assert render_table(("a", "b"), [], "ll") == "a  b\n-  -"


def test_summary_rows_and_render_summary():
    assert summary_rows(EMPTY)[1:3] == [("Refusal rate", "-"), ("Thumbs-up rate", "- (0 up, 0 down)")]
    assert render_summary(SUMMARY) == FULL_REPORT.split("\n\n")[1]


def test_ab_day_and_gap_rows():
    assert ab_rows({"answer.v1": SUMMARY}) == [
        ["answer.v1", "4", "66.7%", "25.0%", "1,000", "3,000", "200", "600", "1.00", "370", "75"]
    ]
    day = DayStats(date(2025, 3, 1), 3, 1, 1, 0, 0, 1500.0, None, None, None)
    assert day_rows([day]) == [["2025-03-01", "3", "1", "1", "33.3%", "0", "0", "-", "1,500", "-", "-", "-"]]
    gap = Gap(
        "a9",
        datetime(2025, 3, 1, 23, 59, 59, tzinfo=UTC),
        "What is the salary band for a staff AI engineer in Lisbon?",
        "q",
        refused=False,
        rating="down",
        comment="wrong city",
        prompt_variant="answer.v2",
    )
    assert gap_rows([gap], question_width=20, comment_width=5) == [
        ["2025-03-01 23:59", "thumbs down", "answer.v2", "What is the salary…", "wron…"]
    ]


def test_render_cited_aligns_ranks_and_counts():
    pages = [CitedPage(f"https://x.org/{i}", f"P{i}", "", 100 - i * 45) for i in range(3)]
    pages += [CitedPage(f"https://x.org/{i}", f"P{i}", "S", 1) for i in range(3, 10)]
    lines = render_cited(pages).splitlines()
    assert lines[:4] == [" 1. 100  P0", "         https://x.org/0", " 2.  55  P1", "         https://x.org/1"]
    assert lines[-2:] == ["10.   1  P9 — S", "         https://x.org/9"]


# -- the whole report --------------------------------------------------------------------------------


def test_render_report_of_a_seeded_log(log):
    assert render_report(load_report(log)) == FULL_REPORT


def test_report_filtered_to_one_variant_keeps_every_arm_in_the_ab_table(log):
    result = load_report(log, prompt_variant="answer.v2")
    assert (result.summary.answers, result.summary.thumbs_up_rate, result.summary.total_ms_p50) == (
        2,
        0.5,
        2000.0,
    )
    assert list(result.by_variant) == ["answer.v1", "answer.v2"]
    assert [g.answer_id for g in result.gaps] == ["a2"]
    assert render_report(result).splitlines()[0] == "Answer log: all time, variant answer.v2"


def test_empty_log_and_a_filter_that_matches_nothing(log, tmp_path):
    with AnswerLog(f"sqlite:///{tmp_path}/empty.sqlite3") as empty:
        nothing = load_report(empty)
    assert empty_message(nothing) == "No answers logged yet."
    assert render_report(nothing) == "Answer log: all time, all variants\n\nNo answers logged yet."
    since = datetime(2025, 4, 1, tzinfo=UTC)
    missed = load_report(log, since, "answer.v1")
    assert empty_message(missed) == (
        "No answers match (since 2025-04-01 (UTC), variant answer.v1); "
        "variants in the log: answer.v1, answer.v2."
    )


def test_report_json(log):
    body = report_json(load_report(log, since=DAY2.replace(hour=0)))
    assert body["since"] == "2025-03-02T00:00:00+00:00"
    assert body["summary"]["answers"] == 2
    assert body["daily"] == [
        {
            "day": "2025-03-02",
            "questions": 2,
            "answered": 1,
            "refused": 1,
            "thumbs_up": 1,
            "thumbs_down": 0,
            "total_ms_p50": 50.0,
            "total_ms_p95": 2000.0,
            "first_token_ms_p50": 50.0,
            "first_token_ms_p95": 400.0,
        }
    ]
    assert list(body["by_prompt_variant"]) == ["answer.v1", "answer.v2"]
    assert body["top_cited"] == [{"url": URL_B, "title": "Skills", "section": "", "count": 1}]
    assert body["gaps"] == [
        {
            "answer_id": "a3",
            "created_at": "2025-03-02T09:00:00+00:00",
            "question": "What does Ocado pay in Berlin?",
            "query": "query a3",
            "refused": True,
            "rating": None,
            "comment": None,
            "prompt_variant": "answer.v1",
        }
    ]


# -- the command -----------------------------------------------------------------------------------


@pytest.fixture
def cli_log():
    """The log the command opens: SQLite in FIELDGUIDE_DATA_DIR (tmp, set by conftest)."""
    with AnswerLog.from_settings(Settings()) as log:
        seed_log(log)
        yield log


@pytest.fixture
def group():
    @click.group()
    def fieldguide() -> None:
        """A throwaway group, as ui/cli/main.py registers the command."""

    fieldguide.add_command(report)
    return fieldguide


def test_report_command_prints_the_report(cli_log, group):
    result = CliRunner().invoke(group, ["report"])
    assert (result.exit_code, result.output) == (0, FULL_REPORT + "\n")


def test_report_command_json_with_filters(cli_log, group):
    log = cli_log
    # Two days, not one: a row written minutes ago is yesterday's in the first minutes after midnight UTC.
    log.record(record("a5", datetime.now(UTC) - timedelta(minutes=5), "answer.v2", total_ms=900.0))
    result = CliRunner().invoke(group, ["report", "--days", "2", "--prompt-variant", "2", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert (body["prompt_variant"], body["since"]) == ("answer.v2", since_days(2).isoformat())
    assert (body["summary"]["answers"], body["summary"]["total_ms_p50"]) == (1, 900.0)
    assert list(body["by_prompt_variant"]) == ["answer.v2"]
    old_flag = CliRunner().invoke(group, ["report", "--days", "2", "--prompt-version", "2", "--json"])
    assert old_flag.stdout == result.stdout  # the flag's earlier name still works


def test_report_command_on_an_empty_log_and_bad_days(group):
    result = CliRunner().invoke(group, ["report"])
    assert (result.exit_code, result.output) == (
        0,
        "Answer log: all time, all variants\n\nNo answers logged yet.\n",
    )
    bad = CliRunner().invoke(group, ["report", "--days", "0"])
    assert bad.exit_code == 2
    assert "Invalid value for '--days': 0 is not in the range x>=1." in bad.output


def test_report_command_exports_eval_candidates(cli_log, group, tmp_path):
    out = tmp_path / "evals" / "candidates.jsonl"
    result = CliRunner().invoke(group, ["report", "--export", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        FULL_REPORT + "\n\nWrote 2 eval candidate(s) to "
        f"{out} (refused or thumbs-down questions; review gold, kind and split before adding them).\n"
    )
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines == cli_log.export_eval_candidates()
    assert [(x["id"], x["reason"], x["question"]) for x in lines] == [
        ("log-a2", "thumbs-down", "question a2"),
        ("log-a3", "refused", "What does Ocado pay in Berlin?"),
    ]


def test_report_command_export_with_json_keeps_stdout_json(cli_log, group, tmp_path):
    out = tmp_path / "c.jsonl"
    result = CliRunner().invoke(
        group, ["report", "--json", "--prompt-version", "answer.v1", "--export", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["answers"] == 2
    assert result.stderr.startswith(f"Wrote 1 eval candidate(s) to {out} ")
    assert [json.loads(line)["answer_id"] for line in out.read_text().splitlines()] == ["a3"]


def test_report_command_export_to_an_unwritable_path_is_a_clean_error(cli_log, group, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = CliRunner().invoke(group, ["report", "--export", str(blocker / "x.jsonl")])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith(f"Error: Could not open file '{blocker / 'x.jsonl'}'")
