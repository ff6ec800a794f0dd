"""The chat page's event chain, as a browser runs it (the benchmark's Gradio protocol client over the
live app with the scripted LLM): which requests a turn makes, and the first piece of an answer
reaching the page without waiting for the chat's coalescing window."""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import json
import sys
import time

import fastapi.routing
import gradio as gr
import httpx
from starlette.routing import Mount

from evals.bench_chat.api_client import Result
from evals.bench_chat.chat_protocol import GradioChat, GradioSession
from evals.openai_stub import Pause, completion, stream
from tests.answer_helpers import DATA_ENGINEERING
from tests.live_server import LiveServer, fixture_app, fixture_settings
from ui.app import create_app
from ui.chat import RETRY, SHOW_QUESTION, UNDO, UNLOCK, bot_message, create_chat, user_message
from ui.service import ChatService

# A window far longer than any answer here: only the first piece may reach the page before the end.
LLM_APP_SETTINGS = {"rate_limit_per_minute": 1000, "refusal_threshold": 0.0, "chat_stream_window_ms": 60_000}


def chains(blocks) -> dict[str, list[tuple[str, str]]]:
    """Each trigger of the chat's events with what follows it: (function, where it runs)."""
    config = {d["id"]: d for d in blocks.get_config_file()["dependencies"]}
    names = {
        c["id"]: c.get("props", {}).get("elem_id") or c["type"]
        for c in blocks.get_config_file()["components"]
    }

    def where(dep: dict) -> str:
        if not dep["backend_fn"]:
            return "page"
        return "queue" if dep["queue"] is not False else "server"

    def chain(dep: dict) -> list[tuple[str, str]]:
        step = (blocks.fns[dep["id"]].name, where(dep))
        after = [d for d in config.values() if d.get("trigger_after") == dep["id"]]
        return [step] + [s for d in after for s in chain(d)]

    out: dict[str, list[tuple[str, str]]] = {}
    for dep in config.values():
        for target, event in dep["targets"]:
            if target is not None and event != "load":
                out.setdefault(f"{names[target]}.{event}", []).extend(chain(dep))
    return out


def test_a_turn_posts_only_its_answer_the_page_does_the_rest(settings):
    blocks = create_chat(ChatService(settings))
    answered = [("respond", "queue"), (None, "page")]  # then the box is unlocked, in the page
    assert chains(blocks) == {
        "fieldguide-question.submit": [(None, "page"), *answered],  # the question shown, the box locked
        "fieldguide-chatbot.retry": [(None, "page"), *answered],  # back to the last question
        "fieldguide-chatbot.example_select": [("show_example", "server"), *answered],  # needs event data
        "fieldguide-question.stop": [(None, "page")] * 2,  # Gradio's own step that cancels the answers
        "fieldguide-chatbot.undo": [(None, "page")],
        "fieldguide-chatbot.like": [("on_like", "queue")],
    }
    # What the server runs for the page runs on the event loop; the thumbs write the log in a thread.
    on_loop = (inspect.iscoroutinefunction, inspect.isasyncgenfunction)
    kinds = {
        fn.name: "async" if any(is_async(fn.fn) for is_async in on_loop) else "thread"
        for fn in blocks.fns.values()
        if fn.fn is not None
    }
    assert kinds == {
        "new_conversation": "async",
        "show_example": "async",
        "respond": "async",
        "chat": "async",
        "on_like": "thread",
    }
    config = {d["id"]: d for d in blocks.get_config_file()["dependencies"]}
    js = {
        blocks.fns[i].name or config[i]["targets"][0][1]: config[i]["js"] for i in config if config[i]["js"]
    }
    assert js == {"submit": SHOW_QUESTION, "retry": RETRY, "undo": UNDO, "then": UNLOCK}
    answering = [i for i, fn in blocks.fns.items() if fn.name == "respond"]
    stop = next(d for d in config.values() if d["targets"][0][1] == "stop" and d["cancels"])
    assert (len(answering), sorted(stop["cancels"])) == (3, sorted(answering))
    groups = {(fn.name, fn.concurrency_id, fn.concurrency_limit) for fn in blocks.fns.values() if fn.fn}
    assert {g for g in groups if g[0] in ("respond", "chat")} == {
        ("respond", "fieldguide-answer", settings.llm_streams),  # the page's three answers, one group
        ("chat", "fieldguide-answer", settings.llm_streams),  # with gradio_client's
    }


def test_the_benchmark_client_shows_the_question_as_the_page_does(settings):
    config = create_chat(ChatService(settings)).get_config_file()
    chat = GradioChat(json.loads(json.dumps(config, default=str)))  # as /config serves it
    browser = GradioSession(None, "http://unused", chat)
    earlier = [
        user_message("What is RAG?"),
        {"role": "assistant", "metadata": None, "content": [], "options": None},
    ]
    browser.values[chat.chatbot] = earlier
    assert browser.in_page(chat.submit, ["How do I start?"]) == [
        "",
        [*earlier, user_message("How do I start?")],
    ]
    assert user_message('a "b"') == {
        "role": "user",
        "metadata": None,
        "content": [{"type": "text", "text": 'a "b"'}],
        "options": None,
    }  # what Gradio's Chatbot sends back for it
    assert gr.Chatbot().postprocess([{"role": "user", "content": 'a "b"'}]).model_dump() == [
        user_message('a "b"')
    ]


def test_the_answer_is_sent_as_the_chatbot_would_postprocess_it():
    answer = "\n  Steps:\n\n  1. **Learn** RAG [1]\n     - evals\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n"
    assert [bot_message(answer)] == gr.Chatbot().postprocess(
        [{"role": "assistant", "content": answer}]
    ).model_dump()
    assert bot_message(answer)["content"][0]["text"].startswith("Steps:\n\n1. **Learn** RAG [1]\n   - evals")


def run_turns(url: str, questions: list[str]) -> tuple[list[str], list[Result]]:
    """Asks `questions` in one chat as the page does; (the requests made, one Result per turn)."""
    requests: list[str] = []

    async def record(request: httpx.Request) -> None:
        path = request.url.path.removeprefix("/gradio_api")
        fn = json.loads(request.content).get("fn_index") if request.method == "POST" else None
        requests.append(f"{path} {names.get(fn, '')}".strip())

    async def main() -> list[Result]:
        async with httpx.AsyncClient(timeout=30, event_hooks={"request": [record]}) as client:
            chat = GradioChat((await client.get(f"{url}/config")).json())
            names.update({d["id"]: d["api_name"] for d in chat.deps.values()})
            browser = GradioSession(client, url, chat)
            for dep in chat.load:
                await browser.run(dep)
            requests.clear()
            results = []
            for question in questions:
                r = Result("test", "gradio", 0, len(results), bool(results), 0.0)
                assert await browser.run(chat.submit, r, time.perf_counter(), first=[question])
                results.append(r)
            return results

    names: dict[int, str] = {}
    return requests, asyncio.run(main())


def test_a_turn_makes_one_request_its_answer_with_the_conversation_the_page_shows(llm_app, monkeypatch):
    follow_up, standalone = "and the gaps to close?", "Which gaps should a data engineer close?"
    llm_app.llm.push(
        stream(["Data engineers move documents [1]."]), completion(standalone), stream(["Evals [1]."])
    )
    records, record = [], llm_app.service.answer_log.record
    monkeypatch.setattr(llm_app.service.answer_log, "record", lambda r: (records.append(r), record(r)))
    requests, turns = run_turns(llm_app.url, [DATA_ENGINEERING, follow_up])
    assert requests == ["/queue/join respond", "/queue/data"] * 2  # nothing else: the page does the rest
    assert [(t.error, t.ttft_s is not None) for t in turns] == [(None, True), (None, True)]
    assert [(r.channel, r.question, r.query) for r in records] == [
        ("ui", DATA_ENGINEERING, DATA_ENGINEERING),
        ("ui", follow_up, standalone),  # condensed with the first exchange, sent by the page
    ]
    assert records[0].conversation_id == records[1].conversation_id


def test_the_first_piece_reaches_the_page_without_waiting_for_the_window(llm_app):
    reply = stream([f"word{i} " for i in range(40)])
    reply.events = [e for event in reply.events for e in (event, Pause(0.1))]  # 4 s in all
    llm_app.llm.push(reply)
    _, [turn] = run_turns(llm_app.url, [DATA_ENGINEERING])
    assert turn.error is None
    assert turn.ttft_s < 2.0  # the first word, at once
    assert turn.total_s >= 4.0  # the rest, joined, when the stream ends (the 60 s window never ends)


def test_the_app_turns_off_gradios_per_event_analytics_and_polls_its_queues_less(settings):
    app = create_app(settings)
    queues = {
        route.path: route.app.get_blocks()._queue
        for route in app.routes
        if isinstance(route, Mount) and hasattr(route.app, "get_blocks")
    }
    assert {path: q.sleep_when_free for path, q in queues.items()} == {"/dashboard": 0.05, "": 0.005}
    # No event reports gr.Progress: the progress loop wakes every 0.5 s, not every 10 ms.
    assert {q.progress_update_sleep_when_free for q in queues.values()} == {0.5}
    # No pandas summary after each event; one record kept (the /monitoring page is off).
    assert {(q.ANAYLTICS_CACHE_FREQUENCY, q.ANALYTICS_MAX_EVENTS) for q in queues.values()} == {(2**62, 1)}
    # Gradio's per-event `import matplotlib` (not installed here) fails at once, and still looks missing.
    assert sys.modules["matplotlib"] is None and importlib.util.find_spec("matplotlib") is None


def test_the_app_starts_with_its_route_tables_built(tmp_path, monkeypatch):
    """FastAPI builds an included router's routes on the first request through it: the app does it
    while starting (ui/app.py build_route_tables), not in the first chats' requests."""
    built, build = [], fastapi.routing._IncludedRouter._build_effective_context
    monkeypatch.setattr(
        fastapi.routing._IncludedRouter,
        "_build_effective_context",
        lambda *a: (built.append(1), build(*a))[1],
    )
    application, service = fixture_app(fixture_settings(tmp_path, rate_limit_per_minute=1000))
    with LiveServer(application) as app:
        at_start = len(built)
        requests, [turn] = run_turns(app.url, [DATA_ENGINEERING])
        assert (turn.error, requests) == (None, ["/queue/join respond", "/queue/data"])
        assert httpx.get(f"{app.url}/healthz").status_code == 200
        assert at_start > 0
        assert len(built) == at_start  # neither the chat's requests nor the app's built any more
        assert 'route="/.well-known' not in service.metrics.render()[0].decode()  # past the metrics
