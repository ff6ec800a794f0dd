"""The chat page's event chain, as a browser runs it (the benchmark's Gradio protocol client over the
live app with the scripted LLM): which requests a turn makes, and the first piece of an answer
reaching the page without waiting for the chat's coalescing window."""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import json
import re
import sys
import time

import httpx
from starlette.routing import Mount

from evals.bench_chat.api_client import Result
from evals.bench_chat.chat_protocol import GradioChat, GradioSession
from evals.openai_stub import Pause, stream
from tests.answer_helpers import DATA_ENGINEERING
from ui.app import create_app
from ui.chat import create_chat, update_props
from ui.service import ChatService

# A window far longer than any answer here: only the first piece may reach the page before the end.
LLM_APP_SETTINGS = {"rate_limit_per_minute": 1000, "refusal_threshold": 0.0, "chat_stream_window_ms": 60_000}
JS = re.compile(r"^\(\) => \((.*)\)$")


def test_the_question_box_updates_run_in_the_page_with_the_same_props(settings):
    blocks = create_chat(ChatService(settings))
    config = {d["id"]: d for d in blocks.get_config_file()["dependencies"]}
    in_page = {}
    for fn in blocks.fns.values():
        js = config[fn._id].get("js_implementation")
        if js and fn.name != "_save_conversation":
            # What the page runs is what the Python function returns (kept for API clients).
            assert json.loads(JS.match(js)[1]) == {
                "__type__": "update",
                **update_props(inspect.unwrap(fn.fn)()),
            }
            in_page[fn.api_name] = json.loads(JS.match(js)[1])
    box = {"__type__": "update"}
    assert sorted(in_page.values(), key=json.dumps) == sorted(
        [
            box | {"value": None, "interactive": True},  # after an answer
            box | {"interactive": True},  # after a retried answer
            box | {"interactive": False, "placeholder": ""},  # a retry starts
            *[box | {"submit_btn": False, "stop_btn": True}] * 3,  # answering: the stop button
            *[box | {"submit_btn": True, "stop_btn": False}] * 3,  # answered: the submit button
        ],
        key=json.dumps,
    )


def test_saving_the_conversation_is_a_no_op_in_the_page(settings):
    blocks = create_chat(ChatService(settings))
    config = {d["id"]: d for d in blocks.get_config_file()["dependencies"]}
    saves = [fn for fn in blocks.fns.values() if fn.name == "_save_conversation"]
    assert len(saves) == 4  # after an answer, a retried answer, an undo and an option's answer
    for fn in saves:
        # Without save_history the Python function hands back what it got: nothing changes.
        assert inspect.unwrap(fn.fn)(3, [{"role": "user", "content": "q"}], [["old"]]) == (3, [["old"]])
        assert json.loads(JS.match(config[fn._id]["js_implementation"])[1]) == [{"__type__": "update"}] * 2


def test_chatinterfaces_bookkeeping_runs_on_the_event_loop(settings):
    blocks = create_chat(ChatService(settings))
    on_loop = sorted(
        {fn.name for fn in blocks.fns.values() if fn.fn and inspect.iscoroutinefunction(fn.fn) and fn.name}
    )
    assert on_loop == [
        "<lambda>",
        "_append_message_to_history",
        "_clear_and_save_textbox",
        "_delete_conversation",
        "_pop_last_user_message",
        "_save_conversation",
        "option_clicked",
    ]
    # Our own functions keep Gradio's defaults: the answer streams, thumbs run in a thread.
    kinds = {
        fn.name: (inspect.isasyncgenfunction(fn.fn), inspect.iscoroutinefunction(fn.fn))
        for fn in blocks.fns.values()
    }
    assert (kinds["_submit_fn"], kinds["on_like"], kinds["chat"]) == (
        (True, False),
        (False, False),
        (True, False),
    )


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


def test_a_turn_makes_three_requests_besides_its_answer(llm_app):
    llm_app.llm.push(stream(["Data engineers move documents [1]."]))
    requests, _ = run_turns(llm_app.url, [DATA_ENGINEERING])
    assert requests == [
        "/run/predict _clear_and_save_textbox",
        "/run/predict _append_message_to_history",
        "/queue/join _submit_fn",  # the answer: the one event that waits in Gradio's queue
        "/queue/data",
        "/run/predict lambda_1",  # ChatInterface copies the conversation into its state
    ]  # no `_save_conversation`: without save_history it changes nothing, in the page


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
    # No pandas summary after each event; one record kept (the /monitoring page is off).
    assert {(q.ANAYLTICS_CACHE_FREQUENCY, q.ANALYTICS_MAX_EVENTS) for q in queues.values()} == {(2**62, 1)}
    # Gradio's per-event `import matplotlib` (not installed here) fails at once, and still looks missing.
    assert sys.modules["matplotlib"] is None and importlib.util.find_spec("matplotlib") is None
