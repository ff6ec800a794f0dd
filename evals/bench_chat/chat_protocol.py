"""The chat UI's path: Gradio's queue protocol (what the browser sends), spoken with httpx."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import httpx

from evals.bench_chat.api_client import Result

UI_LABEL_REFUSED = "**Not in the guide**"  # ui/format.py's labels
UI_LABEL_FALLBACK = "**Extractive answer · the LLM failed**"


class GradioChat:
    """The chat UI driven like a browser: one Gradio session per chat, the page's
    submit chain (textbox submit, history append, the queued answer, then what follows it).
    As the page does, an event with a client-side implementation (`js_implementation`) makes no
    request, and the events that follow one event start together."""

    def __init__(self, config: dict):
        self.prefix = config.get("api_prefix", "/gradio_api")
        self.deps = {d["id"]: d for d in config["dependencies"]}
        self.types = {c["id"]: c["type"] for c in config["components"]}
        self.defaults = {
            c["id"]: c.get("props", {}).get("default_value", c.get("props", {}).get("value"))
            for c in config["components"]
        }
        ids = {c.get("props", {}).get("elem_id"): c["id"] for c in config["components"]}
        self.textbox, self.chatbot = ids["fieldguide-question"], ids["fieldguide-chatbot"]
        self.submit = next(d for d in self.deps.values() if [self.textbox, "submit"] in d["targets"])
        self.load = [d for d in self.deps.values() if any(t[1] == "load" for t in d["targets"])]
        self.answer_fn = next(  # the queued function whose outputs include the chatbot (the answer)
            d["id"]
            for d in self.walk(self.submit)
            if d.get("queue") is not False and self.chatbot in d["outputs"]
        )

    def children(self, dep: dict) -> list[dict]:
        return [d for d in self.deps.values() if d.get("trigger_after") == dep["id"]]

    def walk(self, dep: dict):
        yield dep
        for child in self.children(dep):
            yield from self.walk(child)


class GradioSession:
    """One chat through the Gradio UI's queue, as a browser tab would hold it."""

    def __init__(self, client: httpx.AsyncClient, url: str, chat: GradioChat):
        self.client, self.url, self.chat = client, url, chat
        self.hash = uuid.uuid4().hex[:11]
        self.values = {self.chat.chatbot: [], self.chat.textbox: ""}

    def inputs(self, dep: dict) -> list:
        out = []
        for cid in dep["inputs"]:
            if self.chat.types.get(cid) == "state":
                out.append(None)  # the server keeps state per session
            else:
                out.append(self.values.get(cid, self.chat.defaults.get(cid)))
        return out

    def in_page(self, dep: dict, data: list) -> list | None:
        """What a client-side function the server sees changes: the page's own step for a question
        (ui/chat.py SHOW_QUESTION) empties the box and shows the question in the conversation,
        whose value the answer then sends. The others only lock and unlock the box."""
        if dep is not self.chat.submit or dep["outputs"] != [self.chat.textbox, self.chat.chatbot]:
            return None
        question = data[0]
        message = {"role": "user", "metadata": None, "content": [{"type": "text", "text": question}]}
        self.values[self.chat.textbox] = ""
        return ["", [*self.values[self.chat.chatbot], message | {"options": None}]]

    def store(self, dep: dict, data: list | None) -> None:
        for cid, value in zip(dep["outputs"], data or [], strict=False):
            if cid in (self.chat.chatbot,) and isinstance(value, list):
                self.values[cid] = value

    async def run(
        self, dep: dict, r: Result | None = None, t0: float = 0.0, first: list | None = None
    ) -> bool:
        """Run `dep` and the events that follow it, as the browser does; False if it failed."""
        data = first if first is not None else self.inputs(dep)
        if dep.get("js_implementation") or not dep.get("backend_fn", True):
            ok, out = True, self.in_page(dep, data)  # the page runs it itself: no request
        elif dep.get("queue") is False:
            body = {"data": data, "event_data": None, "fn_index": dep["id"], "session_hash": self.hash}
            body["trigger_id"] = dep["targets"][0][0] if dep["targets"] and dep["targets"][0][0] else None
            resp = await self.client.post(f"{self.url}{self.chat.prefix}/run/predict", json=body)
            ok = resp.status_code == 200
            out = resp.json().get("data") if ok else None
        else:
            out = await self.queued(dep, data, r if dep["id"] == self.chat.answer_fn else None, t0)
            ok = out is not None
        if ok:
            self.store(dep, out)
        if not ok and r is not None and r.error is None:
            r.error = f"{dep.get('api_name')} failed"
        children = [c for c in self.chat.children(dep) if ok or not c.get("trigger_only_on_success")]
        done = await asyncio.gather(*(self.run(child, r, t0) for child in children))
        return ok and all(done)

    async def queued(self, dep: dict, data: list, r: Result | None, t0: float) -> list | None:
        body = {
            "data": data,
            "event_data": None,
            "fn_index": dep["id"],
            "trigger_id": None,
            "session_hash": self.hash,
        }
        resp = await self.client.post(f"{self.url}{self.chat.prefix}/queue/join", json=body)
        if r is not None:
            r.status = resp.status_code
        if resp.status_code != 200:
            if r is not None:
                r.error, r.total_s = resp.text[:200], time.perf_counter() - t0
            return None
        event_id = resp.json().get("event_id")
        params = {"session_hash": self.hash}
        async with self.client.stream("GET", f"{self.url}{self.chat.prefix}/queue/data", params=params) as s:
            async for line in s.aiter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("event_id") not in (None, event_id):
                    continue
                if r is not None:
                    r.stream_bytes += len(line.encode()) + 2  # the message and its blank line
                kind = msg.get("msg")
                now = time.perf_counter() - t0
                if kind == "process_generating" and r is not None:
                    r.pieces += 1
                    r.ttft_s = now if r.ttft_s is None else r.ttft_s
                elif kind == "process_completed":
                    out = msg.get("output") or {}
                    if r is not None:
                        r.total_s = now
                        if not msg.get("success", False):
                            r.stream_error = 500
                            r.error = str(out.get("error") or out.get("title") or "failed")[:200]
                    return out.get("data") if msg.get("success", False) else None
                elif kind in ("close_stream", "unexpected_error"):
                    break
        if r is not None and r.total_s is None:
            r.error, r.total_s = "stream ended without completion", time.perf_counter() - t0
        return None


def message_text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, list):
        return " ".join(message_text(c) for c in content)
    return ""


def classify_ui_answer(r: Result, chatbot: list) -> None:
    """The UI shows the answer, not its metadata: read the label of the last message (ui/format.py)."""
    last = next((m for m in reversed(chatbot) if isinstance(m, dict) and m.get("role") == "assistant"), None)
    text = message_text(last.get("content")) if last else ""
    r.mode = "ui"
    r.refused = text.startswith(UI_LABEL_REFUSED)
    r.fallback_reason = "the LLM failed (UI label)" if text.startswith(UI_LABEL_FALLBACK) else None
    if not text:
        r.mode, r.error = None, "no answer in the chat"
