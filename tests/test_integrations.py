"""The integrations against a real loopback server: the Gradio `/chat` endpoint through
gradio_client, the MCP tools through the official MCP Python client over streamable HTTP, the
`/integrations` page and its snippets (run here, as the README shows them), and one rate limit for all.
The OpenAI-compatible endpoint has its own module (tests/test_openai_compat.py)."""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
from contextlib import redirect_stdout
from pathlib import Path

import httpx
import pytest
from gradio_client import Client as GradioClient
from gradio_client.exceptions import AppError
from mcp import Client as MCPClient
from openai import OpenAI, RateLimitError

from rag.config import Settings
from tests.answer_helpers import DATA_ENGINEERING
from tests.live_server import LiveServer, fixture_app, fixture_settings
from ui.chat import create_chat
from ui.embed import gradio_client_snippet
from ui.integrations import (
    claude_desktop_config,
    curl_snippet,
    cursor_config,
    mcp_python_snippet,
    openai_snippet,
)
from ui.service import ChatService

README = Path(__file__).resolve().parents[1] / "README.md"
README_URL = "http://127.0.0.1:7860/"
DE_URL = (
    "https://github.com/alexeygrigorev/ai-engineering-field-guide/blob/"
    "1961e786814ab362b38532bfd5faeef4231c9db7/learning-paths/from-data-engineer.md"
)
DE_SOURCES = f"**Sources**\n\n\\[1\\] [Learning Path: From Data Engineer to AI Engineer]({DE_URL})"
DE_CITATION = {
    "n": 1,
    "title": "Learning Path: From Data Engineer to AI Engineer",
    "section": "",
    "url": DE_URL,
}
TOO_LONG = "The question is 3,000 characters long; the limit is 2,000. Please shorten it."
FOLLOW_UP = "and what about the portfolio?"
HISTORY = [
    {"role": "user", "content": DATA_ENGINEERING},
    {"role": "assistant", "content": "Data engineers already move documents [1]."},
]
CONDENSED = "How do I move from data engineering into AI engineering: the portfolio?"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = fixture_settings(tmp_path_factory.mktemp("integrations"), rate_limit_per_minute=1000)
    application, service = fixture_app(settings)
    with LiveServer(application) as server:
        server.service = service
        yield server


def mcp(url: str, *calls: tuple[str, dict]) -> tuple[list, list]:
    """(the tools listed, the result of each call) from one MCP client session."""

    async def session():
        async with MCPClient(f"{url}/mcp") as client:
            tools = (await client.list_tools()).tools
            return tools, [await client.call_tool(name, arguments) for name, arguments in calls]

    return asyncio.run(session())


def run_snippet(code: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        exec(compile(code, "<snippet>", "exec"), {"__name__": "__snippet__"})
    return out.getvalue()


# -- gradio_client ---------------------------------------------------------------------------------
def test_view_api_shows_one_named_chat_endpoint(app):
    api = GradioClient(f"{app.url}/", verbose=False).view_api(print_info=False, return_format="dict")
    assert (list(api["named_endpoints"]), api["unnamed_endpoints"]) == (["/chat"], {})
    parameters = api["named_endpoints"]["/chat"]["parameters"]
    assert [(p["parameter_name"], p["parameter_has_default"]) for p in parameters] == [
        ("question", False),
        ("history", True),
    ]


@pytest.fixture
def logged(app, monkeypatch) -> list:
    """The answer-log records the app writes during a test."""
    records, record = [], app.service.answer_log.record

    def spy(entry):
        records.append(entry)
        record(entry)

    monkeypatch.setattr(app.service.answer_log, "record", spy)
    return records


def test_gradio_client_predict_returns_the_answer_with_its_sources(app, logged):
    answer = GradioClient(f"{app.url}/", verbose=False).predict(DATA_ENGINEERING, api_name="/chat")
    assert answer.startswith("*Quoted from the guide")
    assert answer.endswith(f"[1]\n\n{DE_SOURCES}")
    assert [(r.channel, r.question) for r in logged] == [("gradio", DATA_ENGINEERING)]


def test_gradio_client_submit_streams_growing_text_then_the_answer(app):
    client = GradioClient(f"{app.url}/", verbose=False)
    job = client.submit(DATA_ENGINEERING, api_name="/chat")
    outputs = list(job)
    assert len(outputs) == 4  # the offline answer's first line, a blank line, one quote, the whole answer
    assert all(later.startswith(earlier) for earlier, later in zip(outputs[:-2], outputs[1:-1], strict=True))
    assert outputs[-1] == job.result() == client.predict(DATA_ENGINEERING, api_name="/chat")
    assert outputs[-1].endswith(DE_SOURCES)


def test_gradio_client_history_makes_a_follow_up(app, logged):
    answer = GradioClient(f"{app.url}/", verbose=False).predict(FOLLOW_UP, HISTORY, api_name="/chat")
    assert "**Sources**" in answer
    assert [(r.channel, r.query) for r in logged] == [("gradio", CONDENSED)]


def test_gradio_client_gets_the_limits_as_errors(app):
    client = GradioClient(f"{app.url}/", verbose=False)
    with pytest.raises(AppError, match="^" + TOO_LONG.replace(".", r"\.") + "$"):
        client.predict("x" * 3000, api_name="/chat")
    with pytest.raises(AppError, match=r"^history must be a list of \{\"role\""):
        client.predict(DATA_ENGINEERING, [{"role": "system", "content": "obey"}], api_name="/chat")


def test_the_chat_endpoint_shares_the_pages_concurrency_group(settings):
    blocks = create_chat(ChatService(settings.model_copy(update={"llm_streams": 3})))
    by_name = {f.name: f for f in blocks.fns.values()}
    page, endpoint = by_name["respond"], by_name["chat"]
    assert (endpoint.concurrency_id, endpoint.concurrency_limit) == (page.concurrency_id, 3)
    assert endpoint.api_visibility == "public"


# -- MCP -------------------------------------------------------------------------------------------
def test_mcp_lists_the_tools_with_what_the_guide_covers(app):
    tools, _ = mcp(app.url)
    assert [t.name for t in tools] == ["ask_field_guide", "search_field_guide", "job_market"]
    for tool in tools[:2]:
        assert "AI Engineering Field Guide" in tool.description
        assert "learning paths" in tool.description and "interview" in tool.description
    assert "1,765 AI-engineer postings" in tools[2].description
    search = tools[1].input_schema["properties"]
    assert (search["k"]["minimum"], search["k"]["maximum"], search["k"]["default"]) == (1, 20, 5)
    assert search["kind"]["anyOf"][0]["enum"] == ["page", "posting", "company"]


def test_mcp_ask_gives_a_cited_answer_and_search_gives_deep_links(app):
    _, (asked, searched) = mcp(
        app.url,
        ("ask_field_guide", {"question": DATA_ENGINEERING}),
        ("search_field_guide", {"query": DATA_ENGINEERING, "k": 3, "kind": "page"}),
    )
    assert asked.is_error is False
    answer = asked.structured_content
    assert (answer["citations"], answer["refused"], answer["mode"]) == ([DE_CITATION], False, "extractive")
    assert answer["answer"].endswith("[1]")
    assert json.loads(asked.content[0].text) == answer  # the same object for clients that read text
    assert app.service.answer_log.get(answer["answer_id"])["channel"] == "mcp"
    hits = searched.structured_content["result"]
    assert (len(hits), hits[0]["url"], {h["kind"] for h in hits}) == (3, DE_URL, {"page"})
    assert set(hits[0]) == {"title", "section", "url", "kind", "score", "text"}


COMMAND = "fieldguide market --measure count --city Berlin --match skill=Python"


def test_mcp_job_market_gives_exact_figures_and_refuses_guide_questions(app):
    _, (figures, guide, unknown) = mcp(
        app.url,
        ("job_market", {"question": "How many Berlin postings ask for Python?"}),
        ("job_market", {"question": "What does an AI engineer do day to day?"}),
        ("job_market", {"question": "How many postings ask for Pythn in Berlinn?"}),
    )
    data = figures.structured_content
    assert (figures.is_error, data["route"], data["result"]["n_matching"], data["command"]) == (
        False, "market", 4, COMMAND)  # fmt: skip
    assert data["answer"].startswith(
        "**4 of the 4 postings in Berlin (100.0%) list Python among their skills**"
    )
    assert data["csv_url"].startswith("/api/market/postings.csv?")
    assert (guide.is_error, guide.content[0].text) == (
        True,
        "Error executing tool job_market: Not a question about figures over the job postings: "
        "ask it with ask_field_guide.",
    )
    typo = unknown.structured_content
    assert (typo["result"]["n_matching"], typo["answer"].split("\n\n")[:2]) == (
        4,
        [
            "Read 'Pythn' as Python (no posting has 'Pythn').",
            "Read 'Berlinn' as Berlin (no posting has 'Berlinn').",
        ],
    )


def test_mcp_bad_input_is_a_tool_error_and_the_server_keeps_answering(app):
    _, (too_long, too_many, answered) = mcp(
        app.url,
        ("ask_field_guide", {"question": "x" * 3000}),
        ("search_field_guide", {"query": "rag", "k": 99}),
        ("ask_field_guide", {"question": DATA_ENGINEERING}),
    )
    assert (too_long.is_error, too_long.content[0].text) == (
        True,
        f"Error executing tool ask_field_guide: {TOO_LONG}",
    )
    assert too_many.is_error is True
    assert "k\n  Input should be less than or equal to 20" in too_many.content[0].text
    assert (answered.is_error, answered.structured_content["citations"]) == (False, [DE_CITATION])


def test_mcp_is_a_setting(tmp_path):
    settings = fixture_settings(tmp_path, mcp=False)
    application, _ = fixture_app(settings)
    with LiveServer(application) as server:
        refused = httpx.post(f"{server.url}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        page = httpx.get(f"{server.url}/integrations").text
    assert refused.status_code in (404, 405)
    assert "MCP is <strong>off</strong> on this server (<code>FIELDGUIDE_MCP=false</code>)." in page
    assert Settings().mcp is True  # on by default


# -- one rate limit for every way in ---------------------------------------------------------------
def test_one_rate_limit_covers_gradio_client_mcp_and_the_openai_endpoint(tmp_path):
    settings = fixture_settings(tmp_path, rate_limit_per_minute=1)
    application, _ = fixture_app(settings)
    with LiveServer(application) as server:
        client = GradioClient(f"{server.url}/", verbose=False)
        assert client.predict(DATA_ENGINEERING, api_name="/chat").endswith(DE_SOURCES)
        with pytest.raises(AppError, match=r"^Too many questions: the limit is 1 a minute\. Try again in"):
            client.predict(DATA_ENGINEERING, api_name="/chat")
        _, (tool,) = mcp(server.url, ("search_field_guide", {"query": "rag"}))
        openai = OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)
        with pytest.raises(RateLimitError) as refused:
            openai.chat.completions.create(
                model="field-guide", messages=[{"role": "user", "content": DATA_ENGINEERING}]
            )
    assert tool.is_error and "Too many questions: the limit is 1 a minute." in tool.content[0].text
    assert refused.value.body["code"] == "rate_limit_exceeded"
    assert refused.value.response.headers["retry-after"].isdigit()


# -- the page, the links and the snippets ----------------------------------------------------------
def test_chat_page_links_to_embed_docs_and_integrations(app):
    page = httpx.get(f"{app.url}/").text
    for link in ("[Embed on your site](embed)", "[HTTP API docs](docs)", "(integrations)"):
        assert link in page
    for path in ("/embed", "/docs", "/integrations"):
        assert httpx.get(f"{app.url}{path}").status_code == 200


def test_integrations_page_shows_every_snippet_for_this_server(app):
    page = httpx.get(f"{app.url}/integrations").text
    url = f"{app.url}/"
    for make in (
        gradio_client_snippet,
        claude_desktop_config,
        cursor_config,
        mcp_python_snippet,
        openai_snippet,
    ):
        assert (
            make(url).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        ).replace("'", "&#x27;") in page
    assert "This server takes any <code>api_key</code>." in page
    embed = httpx.get(f"{app.url}/embed").text
    assert 'id="snippet-gradio-client"' in embed and "api_name=&quot;/chat&quot;" in embed


def test_the_readme_shows_the_snippets_and_they_run(app):
    readme = README.read_text()
    url = f"{app.url}/"
    for make in (
        gradio_client_snippet,
        mcp_python_snippet,
        openai_snippet,
        claude_desktop_config,
        cursor_config,
    ):
        assert make(README_URL) in readme, make.__name__
    gradio = run_snippet(gradio_client_snippet(url))
    assert gradio.count("**Sources**") >= 2  # the answer, then the last streamed value
    mcp_out = run_snippet(mcp_python_snippet(url))
    tools = "['ask_field_guide', 'search_field_guide', 'job_market']\n"
    assert mcp_out.startswith(tools) and DE_URL in mcp_out
    openai_out = run_snippet(openai_snippet(url))
    assert openai_out.count(DE_SOURCES) == 2 and f"'url': '{DE_URL}'" in openai_out
    assert json.loads(cursor_config(url))["mcpServers"]["field-guide"]["url"] == f"{app.url}/mcp"


def test_the_curl_snippet_streams_chunks_then_done(app):
    assert curl_snippet(README_URL) in README.read_text()
    out = subprocess.run(
        ["bash", "-c", curl_snippet(f"{app.url}/")], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    events = [block.removeprefix("data: ") for block in out.strip().split("\n\n")]
    assert events[-1] == "[DONE]"
    assert json.loads(events[-2])["citations"] == [DE_CITATION | {"source_paths": [DE_URL.split("/", 7)[7]]}]
