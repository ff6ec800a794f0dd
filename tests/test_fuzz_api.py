"""Property-based fuzzing of the JSON API's inputs (hypothesis, derandomized: the same cases on
every run). The app runs in-process under FastAPI's TestClient (the whole app: middleware, the
Gradio mount and the lifespan), over the fixture index with the FakeEmbedder and no LLM, with the
rate limit raised out of the way.

For every input: no 5xx, no exception escapes a handler (TestClient re-raises them), every error
is `{"error": str}` JSON, and every log record the app emits formats to a single line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.answer_helpers import ANSWER_KEYS, DATA_ENGINEERING
from tests.live_server import fixture_app, fixture_settings

BASE = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz(examples: int) -> settings:
    return settings(BASE, max_examples=examples)


HIT_KEYS = {"title", "section", "url", "source_paths", "score", "text", "kind", "doc_id", "chunk_id"}


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def logged_client(application) -> Iterator[TestClient]:
    """A TestClient on the app, with `.records`: the formatted log records of everything it logs."""
    records, root = Records(), logging.getLogger()
    level = root.level
    root.addHandler(records)
    root.setLevel(logging.DEBUG)
    try:
        with TestClient(application, raise_server_exceptions=True) as client:
            client.records = records
            yield client
    finally:
        root.removeHandler(records)
        root.setLevel(level)
    single_line_logs(client)  # what the last cases, module fixtures and shutdown logged


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    settings = fixture_settings(tmp_path_factory.mktemp("fuzz"), rate_limit_per_minute=1_000_000_000)
    with logged_client(fixture_app(settings)[0]) as client:
        yield client


def check(response, ok: type) -> object:
    """No 5xx; errors are {"error": str}; a success is JSON of type `ok` (or an event stream)."""
    event(f"HTTP {response.status_code}")
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body, dict) and list(body) == ["error"], body
        assert isinstance(body["error"], str) and body["error"]
        return body
    if response.headers["content-type"].startswith("text/event-stream"):
        events = [block.split("\n") for block in response.text.strip().split("\n\n")]
        names = [lines[0].removeprefix("event: ") for lines in events]
        assert names[-1] in ("answer", "error") and set(names[:-1]) <= {"delta"}, names
        data = [json.loads(lines[1].removeprefix("data: ")) for lines in events]
        assert names[-1] == "answer" or data[-1]["status"] < 500, data[-1]
        return events
    body = response.json()
    assert isinstance(body, ok), body
    return body


def single_line_logs(api) -> None:
    """Every record logged since the last call is one line, and none is an error."""
    lines, api.records.lines = api.records.lines, []
    assert [line for line in lines if "\n" in line or "\r" in line] == []
    assert [line for line in lines if line.startswith(("ERROR", "CRITICAL"))] == []


# -- strategies --------------------------------------------------------------------------------------
# Any text: control characters, every plane, right-to-left marks, NULs (no lone surrogates: JSON
# text from hypothesis' default alphabet; those are fuzzed as raw bytes below).
text = st.text(max_size=300)
odd_text = st.one_of(
    text,
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]), max_size=50),
    st.sampled_from(["", " ", "\n\t\r", "\x00", "\u202e", "\ufeff", "🤖" * 50, DATA_ENGINEERING]),
    st.integers(1, 90_000).map(lambda n: "x" * n),  # across the question and body limits
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)
# Questions that get through validation and run the whole answer pipeline, odd or not.
QUESTIONS = [
    DATA_ENGINEERING,
    "What are the interview steps at Nordlicht?",
    "salary in London",
    "RAG?",
    "Can you review my CV?",  # a service request: its own reply (services.py)
    "Is Nordlicht Robotics hiring?",  # an employer's postings counted (rag/market/hiring.py)
    "How many Berlin postings mention a degree?",  # a narrowed mention count (rag/market/mentions.py)
    "Are there AI engineer jobs in Charlotte, NC?",  # a place no posting is in (rag/market/hiring.py)
    "How long is the hiring process at Glimmerdale?",  # a posting's own process (posting_process.py)
    "Review my CV and tell me which skills I lack",  # a request and a question (services.py)
    "Do I have to sign a non-compete in Germany?",  # a place's rule (rag/answer/policy.py)
]
question = st.one_of(
    st.sampled_from(QUESTIONS),
    st.builds(
        lambda q, noise: q + noise, st.sampled_from(QUESTIONS), odd_text.filter(lambda s: len(s) < 500)
    ),
    text.filter(str.strip),
    odd_text,
)
message = st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "assistant", "system", "USER", ""]) | json_values},
    optional={"content": odd_text | json_values, "extra": json_values},
)
valid_message = st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant"]), "content": text})
well_formed = st.fixed_dictionaries(
    {"question": question},
    optional={
        "history": st.lists(valid_message, max_size=6),
        "stream": st.booleans(),
        "conversation_id": st.none() | st.text(max_size=64),
    },
)
malformed = st.one_of(
    st.fixed_dictionaries(
        {"question": odd_text},
        optional={
            "history": st.lists(message, max_size=25) | json_values,
            "stream": st.booleans() | json_values,
            "conversation_id": st.none() | odd_text,
        },
    ),
    st.fixed_dictionaries({}, optional={"question": json_values, "history": json_values}),
    json_values,
)
ask_body = st.sampled_from([well_formed, well_formed, malformed]).flatmap(lambda body: body)  # 2:1
# Unpaired UTF-16 surrogates: not Unicode text, but JSON's \uXXXX escapes can carry them.
surrogates = st.builds(
    lambda before, cp, after: before + chr(cp) + after,
    st.text(max_size=20),
    st.integers(0xD800, 0xDFFF),
    st.text(max_size=20),
)
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)
accept = st.sampled_from(["application/json", "text/event-stream", "*/*", "text/html", ""]) | header_text


# -- the tests --------------------------------------------------------------------------------------
@fuzz(600)
@given(body=ask_body, accept=accept)
def test_ask_with_any_json_body(api, body, accept):
    response = api.post("/api/ask", json=body, headers={"Accept": accept})
    answer = check(response, dict)
    if response.status_code == 200:
        if isinstance(answer, dict):
            assert set(answer) == ANSWER_KEYS
        assert any(line.startswith("INFO fieldguide.answer answer ") for line in api.records.lines)
    single_line_logs(api)


@fuzz(250)
@given(
    raw=st.one_of(
        st.binary(max_size=300),
        st.builds(lambda q: b'{"question": "' + q.encode("utf-8", "surrogatepass") + b'"}', odd_text),
        st.builds(  # lone surrogates, escaped as JSON allows, wherever the API takes text
            lambda body: json.dumps(body).encode(),
            st.fixed_dictionaries(
                {"question": odd_text | surrogates},
                optional={
                    "history": st.lists(
                        st.fixed_dictionaries({"role": st.just("user"), "content": odd_text | surrogates}),
                        max_size=2,
                    ),
                    "conversation_id": surrogates,
                },
            ),
        ),
        st.sampled_from([b"", b"{", b"[]", b"null", b'{"question": "x"', b"\xff\xfe", b"{}" * 40_000]),
    ),
    content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]),
)
def test_ask_with_any_bytes(api, raw, content_type):
    response = api.post("/api/ask", content=raw, headers={"Content-Type": content_type})
    check(response, dict)
    single_line_logs(api)


search_params = st.fixed_dictionaries(
    {},
    optional={
        "q": odd_text.filter(lambda s: len(s) < 5000),
        "k": st.integers(-5, 80).map(str) | header_text,
        "kind": st.sampled_from(["page", "posting", "company", "PAGE", ""]) | header_text,
        "other": text,
    },
)
well_formed_search = st.fixed_dictionaries(
    {"q": question.filter(lambda s: len(s) < 5000)},
    optional={"k": st.integers(1, 50).map(str), "kind": st.sampled_from(["page", "posting", "company"])},
)


@fuzz(300)
@given(
    params=st.sampled_from([well_formed_search, well_formed_search, search_params]).flatmap(lambda p: p),
    accept=accept,
)
def test_search_with_any_query(api, params, accept):
    response = api.get("/api/search", params=params, headers={"Accept": accept})
    hits = check(response, list)
    if response.status_code == 200:
        assert all(set(hit) == HIT_KEYS for hit in hits)
    single_line_logs(api)


@pytest.fixture(scope="module")
def answer_id(api) -> str:
    return api.post("/api/ask", json={"question": DATA_ENGINEERING}).json()["answer_id"]


feedback_body = st.one_of(
    st.fixed_dictionaries(
        {"answer_id": st.just("KNOWN") | odd_text | surrogates | json_values},
        optional={
            "rating": st.sampled_from(["up", "down", "UP", "", "meh"]) | json_values,
            "comment": st.none() | odd_text | surrogates | json_values,
        },
    ),
    json_values,
)
well_formed_feedback = st.fixed_dictionaries(
    {"answer_id": st.just("KNOWN"), "rating": st.sampled_from(["up", "down"])},
    optional={"comment": st.none() | odd_text.filter(lambda s: len(s) < 5000)},
)


@fuzz(250)
@given(body=st.sampled_from([well_formed_feedback, feedback_body]).flatmap(lambda b: b))
def test_feedback_with_any_body(api, answer_id, body):
    if isinstance(body, dict) and body.get("answer_id") == "KNOWN":
        body = {**body, "answer_id": answer_id}
    response = api.post(
        "/api/feedback", content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    check(response, dict)
    if response.status_code == 200:
        assert response.json() == {k: body.get(k) for k in ("answer_id", "rating", "comment")}
    single_line_logs(api)


@fuzz(100)
@given(
    path=st.sampled_from(["/healthz", "/readyz", "/api/search?q=airflow", "/api/nope", "/embed"]),
    headers=st.dictionaries(
        st.sampled_from(["Accept", "Origin", "Accept-Language", "Content-Type", "X-Forwarded-For", "Range"]),
        header_text,
        max_size=4,
    ),
)
def test_gets_with_odd_headers(api, path, headers):
    response = api.get(path, headers=headers)
    assert response.status_code < 500, response.text
    single_line_logs(api)


# -- what the fuzzing found, pinned ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "error"),
    [
        (
            {"question": "why \ud800?"},
            "The question contains characters that are not valid Unicode text (unpaired surrogates).",
        ),
        (
            {"question": DATA_ENGINEERING, "history": [{"role": "user", "content": "\udfff"}]},
            "The history contains characters that are not valid Unicode text (unpaired surrogates).",
        ),
    ],
)
def test_unpaired_surrogates_are_refused_not_answered_and_lost(api, body, error):
    """They passed validation, were answered, and then failed to reach the answer log (logged as a
    multi-line traceback)."""
    response = api.post("/api/ask", content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (422, {"error": error})
    single_line_logs(api)


def test_a_body_that_is_not_utf8_gets_the_api_error_shape(api):
    response = api.post("/api/ask", content=b"\x80", headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (400, {"error": "There was an error parsing the body"})


# -- /api/market: the spec as query parameters, or a question ------------------------------------------
MARKET_KEYS = ["q", "measure", "by", "skill", "any-skill", "city", "country", "level", "ai-type", "company",
               "title", "stage", "work-type", "management", "customer-facing", "from", "to", "match",
               "category", "stat", "limit", "only"]  # fmt: skip
MARKET_VALUES = ["count", "share", "top", "breakdown", "by_month", "salary", "cooccur", "skill", "city",
                 "level", "Python", "Pythn", "Berlin", "true", "maybe", "2026-02-01", "2026-13-45",
                 "0", "101",
                 "skill=Python", "skill=", "=x", "ai-first", "series_b", "genai", "p75",
                 "How many postings ask for Python?", "ML engineer", "title=ML engineer",
                 "What share of postings mention a degree?", "Is a degree required for these jobs?",
                 "engineer engineer engineer engineer engineer engineer engineer engineer zz"]  # fmt: skip
market_params = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(MARKET_KEYS), text.filter(str.strip)),
        st.one_of(st.sampled_from(MARKET_VALUES), odd_text.filter(lambda s: len(s) < 300)),
    ),
    max_size=6,
)


@fuzz(300)
@given(params=market_params, csv=st.booleans())
def test_market_with_any_parameters(api, params, csv):
    response = api.get("/api/market/postings.csv" if csv else "/api/market", params=params)
    if csv and response.status_code == 200:
        assert response.headers["content-type"].startswith("text/csv")
    else:
        body = check(response, dict)
        if response.status_code == 200:
            assert {"route", "spec", "result", "answer", "citations", "command"} <= set(body)
    single_line_logs(api)
