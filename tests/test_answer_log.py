"""The answer log on SQLite (a tmp_path file) and, where its binaries are installed, on a real
PostgreSQL server that the tests start themselves."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import pwd
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import uuid
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from evals.questions import Question, load_questions
from rag.answer.context import Source
from rag.answer.pipeline import Answer
from rag.config import Settings
from rag.errors import (
    AnswerLogError,
    DuplicateAnswerError,
    FieldGuideError,
    InvalidRatingError,
    UnknownAnswerError,
)
from rag.ops.answer_log import (
    AnswerLog,
    AnswerRecord,
    CitedPage,
    DayStats,
    Feedback,
    Gap,
    Summary,
    percentile,
    redact,
    schema,
)
from rag.ops.answer_log.migrations import MIGRATIONS, Migration, migrate
from rag.records import Chunk, Hit
from tests.live_server import free_port

DAY1 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
DAY2 = datetime(2025, 3, 2, 9, 0, tzinfo=UTC)
URL_A = "https://example.org/guide/a.md#intro"
URL_B = "https://example.org/guide/b.md"
URL_C = "https://example.org/guide/c.md#pay"


def cite(n: int, url: str, title: str = "Page", section: str = "") -> dict:
    return {"n": n, "title": title, "section": section, "url": url, "source_paths": ["x.md"]}


def entry(answer_id: str, created_at: datetime = DAY1, **overrides) -> AnswerRecord:
    values = {
        "answer_id": answer_id,
        "created_at": created_at,
        "channel": "ui",
        "question": f"question {answer_id}",
        "query": f"query {answer_id}",
        "mode": "llm",
        "prompt_id": "answer",
        "prompt_version": "v1",
        "model": "gpt-4o-mini",
        **overrides,
    }
    return AnswerRecord(**values)


# -- databases -------------------------------------------------------------------------------------

INITDB = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def _run(*command: object) -> None:
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"{' '.join(map(str, command))} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    """A throwaway PostgreSQL server on a unix socket in tmp; yields a function that makes a fresh
    schema and returns a URL that works in it."""
    if not INITDB:
        pytest.skip(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql"
        )
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[postgres]'")
    bindir = Path(INITDB[-1]).parent
    run_as: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        try:
            server_user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server as")
        run_as = ["runuser", "-u", "postgres", "--"]
        # pytest's temp folders are 0700 (and pytest resets them to that), so the server user could
        # not reach one: its own folder under the system temp dir instead, removed afterwards.
        root = Path(tempfile.mkdtemp(prefix="fieldguide-pg-"))
        os.chown(root, server_user.pw_uid, -1)
    else:
        root = tmp_path_factory.mktemp("pg")
    data, port = root / "data", free_port()
    options = f"-c listen_addresses='' -c unix_socket_directories={root} -p {port} -c fsync=off"
    try:
        initdb = ["-D", data, "-U", "fieldguide", "--auth=trust", "--no-sync", "-E", "UTF8"]
        _run(*run_as, bindir / "initdb", *initdb)
        _run(*run_as, bindir / "pg_ctl", "-D", data, "-l", root / "server.log", "-w", "-o", options, "start")

        def new_schema() -> str:
            name = f"t_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(host=str(root), port=port, user="fieldguide", dbname="postgres") as conn:
                conn.execute(f"CREATE SCHEMA {name}")
            return f"postgresql+psycopg://fieldguide@/postgres?host={root}&port={port}&options=-csearch_path%3D{name}"

        yield new_schema
    finally:
        stop = [*run_as, bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop"]
        subprocess.run(stop, capture_output=True)
        pid_file = data / "postmaster.pid"
        if pid_file.exists():  # pg_ctl could not stop it: do it here, never leave a server running
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGQUIT)
        if run_as:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/logs/answers.sqlite3"
    return request.getfixturevalue("postgres")()


@pytest.fixture
def log(db_url):
    with AnswerLog(db_url) as answer_log:
        yield answer_log


# -- redaction -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me at jane.doe+jobs@example.co.uk!", "mail me at [email]!"),
        ("Call +44 20 7946 0958 or john@example.com.", "Call [phone] or [email]."),
        ("my number is (555) 123-4567", "my number is [phone]"),
        ("555-123-4567.", "[phone]."),
        ("ring 07700 900123 after 6", "ring [phone] after 6"),
        ("+1 555 123 4567", "[phone]"),
        ("+44 (0) 20 7946 0958", "[phone]"),
        ("1-800-555-1234", "[phone]"),
        ("555.123.4567", "[phone]"),
        ("07700900123", "[phone]"),
        ("555 1234", "[phone]"),
    ],
)
def test_redact_replaces_emails_and_phone_numbers(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 I was offered $150,000 (120k) for 2023-2024",
        "is 150000-200000 a fair range?",
        "£60,000-£80,000 in London",
        "budget of 150 000 000 per year",
        "posting 7133631 at nPlan",
        "started 2024-01-15, left 15.01.2025",
        "pi is 3.14159265",
        "served on 192.168.1.100",
        "1 2 3 4 5 6 7",
        "from 2019 2020 2021",
        "up 12% to 1234567%",
        "no contact details here",
    ],
)
def test_redact_leaves_numbers_that_are_not_phone_numbers(text):
    assert redact(text) == text


# -- records ---------------------------------------------------------------------------------------


def test_record_and_get_round_trip_with_redaction(log):
    stored = entry(
        "a1",
        created_at=datetime(2025, 3, 1, 11, 30, tzinfo=timezone(timedelta(hours=2))),
        conversation_id="conv-7",
        channel="api",
        question="I'm jane@example.com, call 555-123-4567: what do AI engineers earn?",
        query="AI engineer salary (ask jane@example.com)",
        retrieved=[{"chunk_id": "c1", "doc_id": "d1", "score": 0.5}],
        cited=[cite(1, URL_A, "Salaries", "Intro")],
        retrieval_ms=12.5,
        first_token_ms=40.0,
        total_ms=95.25,
        prompt_tokens=800,
        completion_tokens=120,
        invalid_citations_removed=1,
        incomplete=True,
        fallback_reason=None,
        relevance=0.73,
        error=None,
    )
    log.record(stored)
    assert log.get("a1") == {
        "answer_id": "a1",
        "created_at": datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
        "conversation_id": "conv-7",
        "channel": "api",
        "question": "I'm [email], call [phone]: what do AI engineers earn?",
        "query": "AI engineer salary (ask [email])",
        "retrieved": [{"chunk_id": "c1", "doc_id": "d1", "score": 0.5}],
        "cited": [cite(1, URL_A, "Salaries", "Intro")],
        "prompt_id": "answer",
        "prompt_version": "v1",
        "prompt_variant": "v1",
        "model": "gpt-4o-mini",
        "mode": "llm",
        "retrieval_ms": 12.5,
        "first_token_ms": 40.0,
        "total_ms": 95.25,
        "prompt_tokens": 800,
        "completion_tokens": 120,
        "refused": False,
        "invalid_citations_removed": 1,
        "incomplete": True,
        "fallback_reason": None,
        "relevance": 0.73,
        "error": None,
        "feedback": None,
    }
    assert log.get("missing") is None


def test_record_twice_is_a_typed_error(log):
    log.record(entry("a1"))
    with pytest.raises(DuplicateAnswerError) as raised:
        log.record(entry("a1"))
    assert raised.value.answer_id == "a1"


def test_record_rejects_unknown_channel_and_mode():
    channels = "ui, api, cli, gradio, mcp, openai"
    with pytest.raises(AnswerLogError, match=f"channel must be one of {channels}, not 'web'"):
        entry("a1", channel="web")
    with pytest.raises(AnswerLogError, match="mode must be one of llm, extractive, not 'magic'"):
        entry("a1", mode="magic")


def _hit(chunk_id: str, doc_id: str, score: float, url: str, title: str, section: str = "") -> Hit:
    chunk = Chunk(
        id=chunk_id,
        doc_id=doc_id,
        kind="page",
        title=title,
        section=section,
        url=url,
        source_paths=[f"{doc_id}.md"],
        text="text",
        embed_text="text",
    )
    return Hit(chunk=chunk, score=score)


def _answer(**overrides) -> Answer:
    sources = [
        Source(n=1, hit=_hit("c1", "d1", 0.91234567, URL_A, "A", "Intro"), text="text", truncated=False),
        Source(n=2, hit=_hit("c2", "d2", 0.5, URL_B, "B"), text="text", truncated=False),
    ]
    values = {
        "question": "What is it? mail x@y.io",
        "query": "what is it",
        "answer": "It is [2].",
        "citations": [sources[1].citation()],
        "refused": False,
        "mode": "llm",
        "prompt_id": "answer",
        "prompt_version": "v1",
        "latency_ms": {"retrieval": 10.0, "first_token": 30.5, "total": 80.0},
        "invalid_citations_removed": 2,
        "usage": {"prompt_tokens": 500, "completion_tokens": 60, "total_tokens": 560},
        "incomplete": False,
        "fallback_reason": None,
        "answer_id": "0123456789abcdef",
        "relevance": 0.66,
        "sources": sources,
        "prompt_variant": "answer.v1",
        **overrides,
    }
    return Answer(**values)


def test_from_answer_takes_everything_from_the_answer():
    record = AnswerRecord.from_answer(
        _answer(), channel="cli", conversation_id="c9", model="gpt-4o-mini", created_at=DAY1
    )
    assert asdict(record) == {
        "answer_id": "0123456789abcdef",
        "created_at": DAY1,
        "channel": "cli",
        "question": "What is it? mail x@y.io",  # redacted when stored, not here
        "query": "what is it",
        "mode": "llm",
        "prompt_id": "answer",
        "prompt_version": "v1",
        "prompt_variant": "answer.v1",
        "conversation_id": "c9",
        "retrieved": [
            {"chunk_id": "c1", "doc_id": "d1", "score": 0.912346},
            {"chunk_id": "c2", "doc_id": "d2", "score": 0.5},
        ],
        "cited": [
            {"n": 2, "chunk_id": "c2", "title": "B", "section": "", "url": URL_B, "source_paths": ["d2.md"]}
        ],
        "model": "gpt-4o-mini",
        "retrieval_ms": 10.0,
        "first_token_ms": 30.5,
        "total_ms": 80.0,
        "prompt_tokens": 500,
        "completion_tokens": 60,
        "refused": False,
        "invalid_citations_removed": 2,
        "incomplete": False,
        "fallback_reason": None,
        "relevance": 0.66,
        "error": None,
    }


def test_from_answer_extractive_with_given_hits_and_no_usage():
    answer = _answer(
        mode="extractive",
        usage=None,
        latency_ms={"retrieval": 5.0, "first_token": None, "total": 7.0},
        fallback_reason="the LLM provider is rate-limiting requests",
    )
    hits = [_hit("c9", "d9", 0.25, URL_C, "C")]
    before = datetime.now(UTC)
    record = AnswerRecord.from_answer(answer, channel="ui", model="gpt-4o-mini", retrieved=hits, error="boom")
    assert (record.model, record.mode, record.prompt_tokens, record.completion_tokens) == (
        None,
        "extractive",
        None,
        None,
    )
    assert (record.first_token_ms, record.total_ms) == (None, 7.0)
    assert record.retrieved == [{"chunk_id": "c9", "doc_id": "d9", "score": 0.25}]
    assert (record.fallback_reason, record.error) == ("the LLM provider is rate-limiting requests", "boom")
    assert record.created_at.tzinfo is UTC
    assert before <= record.created_at <= datetime.now(UTC)


def test_from_answer_prefers_the_answers_own_retrieved_hits():
    answer = _answer(retrieved=[_hit("c7", "d7", 0.75, URL_C, "C"), _hit("c1", "d1", 0.5, URL_A, "A")])
    assert AnswerRecord.from_answer(answer, channel="api").retrieved == [
        {"chunk_id": "c7", "doc_id": "d7", "score": 0.75},
        {"chunk_id": "c1", "doc_id": "d1", "score": 0.5},
    ]
    given = [_hit("c9", "d9", 0.25, URL_C, "C")]
    assert AnswerRecord.from_answer(answer, channel="api", retrieved=given).retrieved == [
        {"chunk_id": "c9", "doc_id": "d9", "score": 0.25}
    ]


# -- feedback --------------------------------------------------------------------------------------


def test_feedback_replaces_the_older_rating(log):
    log.record(entry("a1"))
    first = log.add_feedback(
        "a1", "down", "wrong: ask me at bob@example.com", now=DAY1 + timedelta(minutes=1)
    )
    assert first == Feedback(
        answer_id="a1",
        rating="down",
        comment="wrong: ask me at [email]",
        created_at=DAY1 + timedelta(minutes=1),
        updated_at=DAY1 + timedelta(minutes=1),
    )
    second = log.add_feedback("a1", "up", now=DAY1 + timedelta(minutes=5))
    expected = Feedback("a1", "up", None, DAY1 + timedelta(minutes=1), DAY1 + timedelta(minutes=5))
    assert second == expected
    assert log.feedback_for("a1") == expected
    assert log.get("a1")["feedback"] == expected
    assert log.summary().feedback_count == 1
    assert log.feedback_for("a2") is None


def test_feedback_for_an_unknown_answer_or_with_a_bad_rating_is_a_typed_error(log):
    with pytest.raises(UnknownAnswerError) as raised:
        log.add_feedback("nope", "up")
    assert raised.value.answer_id == "nope"
    assert str(raised.value) == "no answer with id 'nope' in the answer log"
    assert isinstance(raised.value, FieldGuideError)
    log.record(entry("a1"))
    with pytest.raises(InvalidRatingError, match="feedback rating must be 'up' or 'down', not 'meh'"):
        log.add_feedback("a1", "meh")
    assert isinstance(InvalidRatingError("x"), ValueError)
    assert log.feedback_for("a1") is None


# -- retention -------------------------------------------------------------------------------------


def test_purge_deletes_old_answers_and_their_feedback(log):
    now = datetime(2025, 6, 1, tzinfo=UTC)
    for i, age in enumerate([200, 91, 90, 10]):
        log.record(entry(f"a{i}", created_at=now - timedelta(days=age, hours=1)))
        log.add_feedback(f"a{i}", "up")
    assert log.purge(older_than_days=90, now=now) == 3
    assert [log.get(f"a{i}") is not None for i in range(4)] == [False, False, False, True]
    assert [log.feedback_for(f"a{i}") is not None for i in range(4)] == [False, False, False, True]
    assert log.purge(older_than_days=90, now=now) == 0
    assert log.summary().feedback_count == 1


# -- aggregates ------------------------------------------------------------------------------------


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(20, 0, -1)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 100)) == (10.0, 19.0, 20.0)
    assert (percentile([7.0, None], 50), percentile([7.0], 95)) == (7.0, 7.0)
    assert (percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([1.0, 2.0, 3.0], 50)) == (2.0, 2.0)
    assert percentile([None, None], 50) is None
    assert percentile([], 95) is None


def _two_days(log: AnswerLog) -> None:
    """Day 1: three answers (one refused, one failed), day 2: two; ratings on three of them."""
    log.record(entry("d1a", DAY1, total_ms=100.0, first_token_ms=20.0, cited=[cite(1, URL_A)]))
    log.record(entry("d1b", DAY1 + timedelta(hours=1), total_ms=300.0, first_token_ms=None, refused=True))
    log.record(
        entry(
            "d1c",
            # 00:30 at UTC+2 on March 2 is still March 1 in UTC
            datetime(2025, 3, 2, 0, 30, tzinfo=timezone(timedelta(hours=2))),
            total_ms=200.0,
            first_token_ms=60.0,
            error="LLMUnavailableError",
        )
    )
    log.record(entry("d2a", DAY2, total_ms=50.0, first_token_ms=10.0, cited=[cite(1, URL_A), cite(2, URL_B)]))
    log.record(entry("d2b", DAY2 + timedelta(hours=2), total_ms=None, first_token_ms=None))
    log.add_feedback("d1a", "up")
    log.add_feedback("d1b", "down", "it is in the guide")
    log.add_feedback("d2a", "up")


def test_daily_buckets_by_utc_day(log):
    _two_days(log)
    assert log.daily() == [
        DayStats(date(2025, 3, 1), 3, 1, 1, 1, 1, 200.0, 300.0, 20.0, 60.0),
        DayStats(date(2025, 3, 2), 2, 2, 0, 1, 0, 50.0, 50.0, 10.0, 10.0),
    ]
    assert log.daily(since=DAY2) == [DayStats(date(2025, 3, 2), 2, 2, 0, 1, 0, 50.0, 50.0, 10.0, 10.0)]
    assert log.daily(prompt_variant="v9") == []


def test_summary_totals(log):
    _two_days(log)
    assert log.summary() == Summary(
        answers=5,
        answered=3,
        refused=1,
        refusal_rate=0.2,
        errors=1,
        incomplete=0,
        fallbacks=0,
        feedback_count=3,
        thumbs_up=2,
        thumbs_down=1,
        thumbs_up_rate=2 / 3,
        total_ms_p50=100.0,
        total_ms_p95=300.0,
        first_token_ms_p50=20.0,
        first_token_ms_p95=60.0,
        mean_citations=0.6,
        prompt_tokens=0,
        completion_tokens=0,
        invalid_citations_removed=0,
    )


def test_summary_of_nothing_has_no_rates(log):
    empty = log.summary()
    assert (empty.answers, empty.refusal_rate, empty.thumbs_up_rate, empty.mean_citations) == (
        0,
        None,
        None,
        None,
    )
    assert (empty.total_ms_p50, empty.first_token_ms_p95, empty.prompt_tokens) == (None, None, 0)


def test_by_prompt_variant_compares_two_versions(log):
    log.record(entry("v1a", prompt_tokens=100, completion_tokens=10, total_ms=10.0, cited=[cite(1, URL_A)]))
    log.record(entry("v1b", prompt_tokens=300, completion_tokens=30, total_ms=30.0, refused=True))
    log.record(
        entry(
            "v2a",
            prompt_version="v2",
            prompt_tokens=50,
            completion_tokens=None,
            total_ms=5.0,
            invalid_citations_removed=2,
            incomplete=True,
            fallback_reason="timeout",
            cited=[cite(1, URL_A), cite(2, URL_B), cite(3, URL_C)],
        )
    )
    log.add_feedback("v1a", "down")
    log.add_feedback("v1b", "down")
    log.add_feedback("v2a", "up")
    by_version = log.by_prompt_variant()
    assert list(by_version) == ["v1", "v2"]
    assert by_version["v1"] == Summary(
        answers=2,
        answered=1,
        refused=1,
        refusal_rate=0.5,
        errors=0,
        incomplete=0,
        fallbacks=0,
        feedback_count=2,
        thumbs_up=0,
        thumbs_down=2,
        thumbs_up_rate=0.0,
        total_ms_p50=10.0,
        total_ms_p95=30.0,
        first_token_ms_p50=None,
        first_token_ms_p95=None,
        mean_citations=0.5,
        prompt_tokens=400,
        completion_tokens=40,
        invalid_citations_removed=0,
    )
    assert by_version["v2"] == Summary(
        answers=1,
        answered=1,
        refused=0,
        refusal_rate=0.0,
        errors=0,
        incomplete=1,
        fallbacks=1,
        feedback_count=1,
        thumbs_up=1,
        thumbs_down=0,
        thumbs_up_rate=1.0,
        total_ms_p50=5.0,
        total_ms_p95=5.0,
        first_token_ms_p50=None,
        first_token_ms_p95=None,
        mean_citations=3.0,
        prompt_tokens=50,
        completion_tokens=0,
        invalid_citations_removed=2,
    )
    assert log.summary(prompt_variant="v2") == by_version["v2"]
    assert log.by_prompt_variant(since=DAY2) == {}


def test_top_cited_orders_by_answers_then_url(log):
    log.record(entry("t1", cited=[cite(1, URL_B, "B"), cite(2, URL_B, "B"), cite(3, URL_C, "C", "Pay")]))
    log.record(entry("t2", cited=[cite(1, URL_C, "C", "Pay"), cite(2, URL_A, "A", "Intro")]))
    log.record(entry("t3", DAY2, cited=[cite(1, URL_B, "B")], prompt_version="v2"))
    assert log.top_cited() == [
        CitedPage(URL_B, "B", "", 2),
        CitedPage(URL_C, "C", "Pay", 2),
        CitedPage(URL_A, "A", "Intro", 1),
    ]
    assert log.top_cited(limit=1) == [CitedPage(URL_B, "B", "", 2)]
    assert log.top_cited(prompt_variant="v1") == [
        CitedPage(URL_C, "C", "Pay", 2),
        CitedPage(URL_A, "A", "Intro", 1),
        CitedPage(URL_B, "B", "", 1),
    ]
    assert log.top_cited(since=DAY2) == [CitedPage(URL_B, "B", "", 1)]


def test_gaps_are_refused_or_thumbs_down_newest_first(log):
    log.record(entry("g1", DAY1, refused=True))
    log.record(entry("g2", DAY1 + timedelta(hours=1)))
    log.record(entry("g3", DAY1 + timedelta(hours=2)))
    log.record(entry("g4", DAY2, refused=True, prompt_version="v2"))
    log.record(entry("g5", DAY2 + timedelta(hours=1)))
    log.add_feedback("g2", "down", "outdated")
    log.add_feedback("g3", "up")
    log.add_feedback("g4", "down")
    assert log.gaps() == [
        Gap("g4", DAY2, "question g4", "query g4", True, "down", None, "v2"),
        Gap("g2", DAY1 + timedelta(hours=1), "question g2", "query g2", False, "down", "outdated", "v1"),
        Gap("g1", DAY1, "question g1", "query g1", True, None, None, "v1"),
    ]
    assert [g.answer_id for g in log.gaps(limit=2)] == ["g4", "g2"]
    assert [g.answer_id for g in log.gaps(prompt_variant="v1", since=DAY1 + timedelta(minutes=1))] == ["g2"]


def test_export_eval_candidates_loads_as_an_eval_set(log, tmp_path):
    log.record(
        entry("aaaaaaaaaaaa1111", DAY1, question="How much does Ocado pay? tel 555-123-4567", refused=True)
    )
    log.record(
        entry("bbbbbbbbbbbb2222", DAY1 + timedelta(hours=1), question="and in London?", query="Ocado London")
    )
    log.record(
        entry("cccccccccccc3333", DAY2, question="how much does  OCADO pay? tel 555-123-4567", refused=True)
    )
    log.record(entry("dddddddddddd4444", DAY2, question="fine"))
    log.add_feedback("bbbbbbbbbbbb2222", "down", "no London figures")
    log.add_feedback("dddddddddddd4444", "up")
    candidates = log.export_eval_candidates()
    assert candidates == [
        {
            "id": "log-aaaaaaaaaaaa",
            "question": "How much does Ocado pay? tel [phone]",
            "gold": [],
            "kind": "unreviewed",
            "split": None,
            "source": "answer-log",
            "reason": "refused",
            "answer_id": "aaaaaaaaaaaa1111",
            "query": "query aaaaaaaaaaaa1111",
            "comment": None,
        },
        {
            "id": "log-bbbbbbbbbbbb",
            "question": "and in London?",
            "gold": [],
            "kind": "unreviewed",
            "split": None,
            "source": "answer-log",
            "reason": "thumbs-down",
            "answer_id": "bbbbbbbbbbbb2222",
            "query": "Ocado London",
            "comment": "no London figures",
        },
    ]
    path = tmp_path / "candidates.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in candidates))
    assert load_questions(path) == [
        Question("log-aaaaaaaaaaaa", "How much does Ocado pay? tel [phone]", (), "unreviewed", None),
        Question("log-bbbbbbbbbbbb", "and in London?", (), "unreviewed", None),
    ]
    assert [c["id"] for c in log.export_eval_candidates(since=DAY2)] == ["log-cccccccccccc"]


# -- concurrency and setup -------------------------------------------------------------------------


def test_concurrent_writes_from_eight_threads(log):
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(worker: int) -> None:
        try:
            start.wait()
            for i in range(10):
                answer_id = f"w{worker}-{i}"
                log.record(entry(answer_id, DAY1 + timedelta(seconds=i), refused=i % 3 == 0))
                log.add_feedback(answer_id, "down" if i % 5 == 0 else "up")
                if i % 5 == 4:
                    log.summary()
        except Exception as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    totals = log.summary()
    assert (totals.answers, totals.refused, totals.thumbs_up, totals.thumbs_down) == (80, 32, 64, 16)


def test_from_settings_defaults_to_sqlite_in_the_data_dir_in_wal_mode(tmp_path):
    settings = Settings(data_dir=tmp_path / "deep" / "data")
    with AnswerLog.from_settings(settings) as answer_log:
        answer_log.record(entry("a1"))
    path = tmp_path / "deep" / "data" / "answers.sqlite3"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT answer_id FROM answer_log").fetchall() == [("a1",)]


def test_from_settings_uses_database_url(tmp_path):
    url = f"sqlite:///{tmp_path}/elsewhere/log.sqlite3"
    with AnswerLog.from_settings(Settings(data_dir=tmp_path / "data", database_url=url)) as answer_log:
        answer_log.record(entry("a1"))
    assert (tmp_path / "elsewhere" / "log.sqlite3").is_file()
    assert not (tmp_path / "data" / "answers.sqlite3").exists()


def test_a_reopened_log_keeps_its_rows(tmp_path):
    url = f"sqlite:///{tmp_path}/answers.sqlite3"
    with AnswerLog(url) as first:
        first.record(entry("a1"))
    with AnswerLog(url) as second:
        assert second.get("a1")["question"] == "question a1"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "the answer log supports sqlite and postgresql URLs, not 'mysql'"),
        ("sqlite://", r"the answer log needs a SQLite file \(sqlite:///path/answers.sqlite3\)"),
        ("sqlite:///:memory:", r"the answer log needs a SQLite file"),
    ],
)
def test_unsupported_urls_are_a_typed_error(url, message):
    with pytest.raises(AnswerLogError, match=message):
        AnswerLog(url)


def _old_log(url: str, *, with_prompt_variant: bool) -> None:
    """The tables an earlier release made, with one answer and its feedback: the previous release
    (prompt_variant, no migrations table) or the first one (no prompt_variant either)."""
    old = sa.MetaData()
    keep = [c._copy() for c in schema.answers.c if with_prompt_variant or c.name != "prompt_variant"]
    answers = sa.Table("answer_log", old, *keep)
    feedback = schema.feedback.to_metadata(old)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        old.create_all(conn)
        record = entry("old1", prompt_id="extractive")
        conn.execute(answers.insert().values(**{c.name: getattr(record, c.name) for c in answers.c}))
        rating = {"answer_id": "old1", "rating": "down", "created_at": DAY1, "updated_at": DAY1}
        conn.execute(feedback.insert().values(**rating))
    engine.dispose()


def _migrations_run(url: str) -> list[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        names = list(conn.scalars(sa.select(schema.migrations.c.name).order_by(schema.migrations.c.name)))
    engine.dispose()
    return names


@pytest.mark.parametrize("with_prompt_variant", [True, False], ids=["previous-release", "first-release"])
def test_a_log_made_by_an_earlier_release_is_migrated(db_url, with_prompt_variant):
    _old_log(db_url, with_prompt_variant=with_prompt_variant)
    with AnswerLog(db_url) as log:
        log.record(entry("new1", prompt_variant="answer.v2"))
        old = log.get("old1")
        variant = "v1" if with_prompt_variant else "extractive.v1"
        assert (old["prompt_variant"], old["question"], old["feedback"].rating) == (
            variant,
            "question old1",
            "down",
        )
        assert log.get("new1")["prompt_variant"] == "answer.v2"
        assert list(log.by_prompt_variant()) == ["answer.v2", variant]
    assert _migrations_run(db_url) == ["0001_add_prompt_variant"]


def test_a_new_log_records_every_migration_as_run_and_reopening_runs_none(db_url):
    with AnswerLog(db_url) as log:
        log.record(entry("a1"))
    assert _migrations_run(db_url) == [m.name for m in MIGRATIONS]
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        assert migrate(conn) == []
    engine.dispose()


def test_pending_migrations_run_once_in_order_and_are_recorded(tmp_path):
    url = f"sqlite:///{tmp_path}/answers.sqlite3"
    AnswerLog(url).close()
    calls = []
    later = [
        *MIGRATIONS,
        Migration("0002_first", lambda conn: calls.append("first"), lambda inspector: False),
        Migration("0003_second", lambda conn: calls.append("second"), lambda inspector: False),
    ]
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        assert migrate(conn, later) == ["0002_first", "0003_second"]
    with engine.begin() as conn:
        assert migrate(conn, later) == []
    engine.dispose()
    assert calls == ["first", "second"]
    assert _migrations_run(url) == ["0001_add_prompt_variant", "0002_first", "0003_second"]
