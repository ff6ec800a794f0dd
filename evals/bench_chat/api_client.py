"""One chat turn over POST /api/ask (streamed), timed against the scripted LLM's own delays."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import httpx

BUSY = 503


@dataclass
class Result:
    """One timed chat turn of the benchmark."""

    phase: str
    path: str  # "api" or "gradio"
    session: int
    turn: int
    follow_up: bool
    start_s: float  # since the phase started
    status: int | None = None  # HTTP status (gradio: 200 once the event was accepted)
    stream_error: int | None = None  # status of an `error` event inside a 200 stream
    error: str | None = None
    ttft_s: float | None = None  # to the first `delta` event
    total_s: float | None = None  # to the `answer` event (or the error)
    mode: str | None = None
    refused: bool | None = None
    fallback_reason: str | None = None
    incomplete: bool | None = None
    route: str | None = None  # the answer's route: guide, market or both
    server_ms: dict | None = None  # the answer's own latency_ms
    expected_ttft_s: float | None = None
    expected_total_s: float | None = None
    pieces: int = 0  # streamed updates received (API: `delta` events; chat UI: answer updates)
    stream_bytes: int = 0  # as received (API: the SSE response; chat UI: the answer event's messages)

    @property
    def answered(self) -> bool:
        return self.mode is not None

    @property
    def busy(self) -> bool:
        return self.status == BUSY or self.stream_error == BUSY

    @property
    def kind(self) -> str:
        if self.answered:
            if self.fallback_reason:
                return "fallback"
            if self.refused:
                return "refused"
            if self.route == "market":  # figures from the postings table: no streamed LLM answer
                return "market"
            return "incomplete" if self.incomplete else "llm"
        if self.busy:
            return "busy"
        if self.status == 429 or self.stream_error == 429:
            return "rate_limited"
        return "error"


@dataclass
class Script:
    """What the scripted LLM takes, to compute each answer's floor."""

    ttft: float
    token_delay: float
    condense_delay: float
    tokens: int

    def expected(self, follow_up: bool) -> tuple[float, float]:
        before = self.condense_delay if follow_up else 0.0
        return before + self.ttft, before + self.ttft + (self.tokens - 1) * self.token_delay


async def ask_api(client: httpx.AsyncClient, url: str, question: str, history: list, conv: str, r: Result):
    body = {"question": question, "history": history, "stream": True, "conversation_id": conv}
    t0 = time.perf_counter()
    try:
        async with client.stream("POST", f"{url}/api/ask", json=body) as resp:
            r.status = resp.status_code
            if resp.status_code != 200:
                raw = await resp.aread()
                r.total_s = time.perf_counter() - t0
                try:
                    r.error = json.loads(raw).get("error")
                except (ValueError, AttributeError):
                    r.error = raw[:200].decode(errors="replace")
                return None
            event, answer = None, None
            async for line in resp.aiter_lines():
                r.stream_bytes += len(line.encode()) + 1
                if line.startswith("event: "):
                    event = line[7:].strip()
                elif line.startswith("data: "):
                    now = time.perf_counter() - t0
                    data = json.loads(line[6:])
                    if event == "delta":
                        r.pieces += 1
                        r.ttft_s = now if r.ttft_s is None else r.ttft_s
                    elif event == "answer":
                        answer, r.total_s = data, now
                    elif event == "error":
                        r.stream_error, r.error, r.total_s = data.get("status"), data.get("error"), now
            if answer is None and r.error is None:
                r.error, r.total_s = "stream ended without an answer", time.perf_counter() - t0
            return answer
    except httpx.HTTPError as exc:
        r.error, r.total_s = f"{type(exc).__name__}: {exc}"[:200], time.perf_counter() - t0
        return None


def fill_answer(r: Result, answer: dict | None) -> None:
    if answer is None:
        return
    r.mode = answer.get("mode")
    r.refused = answer.get("refused")
    r.fallback_reason = answer.get("fallback_reason")
    r.incomplete = answer.get("incomplete")
    r.route = answer.get("route")
    r.server_ms = answer.get("latency_ms")
