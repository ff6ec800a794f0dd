"""Chat load benchmark: concurrent multi-turn chats against `fieldguide serve`, answered by a
scripted OpenAI-compatible LLM whose timing is known exactly.

    python -m evals.bench_chat --sessions 20 --turns 3 --gradio            # issue 4
    python -m evals.bench_chat --sessions 50 --duration 60 \\
        --overload-sessions 250 --overload-duration 20                    # issue 5

Starts two subprocesses: the scripted LLM (evals/openai_stub.py's ScriptedOpenAI: streamed
answers paced at `--ttft` then `--token-delay` per word, citing [1]; condense requests answered
after `--condense-delay`), and the app (`fieldguide serve`, with OPENAI_BASE_URL at the scripted
LLM, FIELDGUIDE_DATA_DIR at `--data-dir`, the rate limit raised out of the way, the chat
concurrency and queue as given, and the answer log in a temporary SQLite file so the real one is
not touched). When /readyz says ready, a few warm-up questions are asked, then `--sessions` chats
run at once over POST /api/ask with `"stream": true`: each asks an eval question, then follow-ups
carrying the history. Every answer's time to the first `delta` event and to the `answer` event
is recorded, and the overhead over the scripted LLM's own times (the first-token delay, plus
the condense delay for follow-ups; the full stream time for the total). With `--duration`,
sessions keep chatting (a new chat every `--turns` turns) until it ends; an overload phase
(`--overload-sessions`, `--overload-duration`) can follow on the same server. Refused requests
(HTTP 503, or a 503 `error` event inside a started stream) are timed too. The app's RSS
(/proc/PID/status) is read before and after each phase and sampled during it.

`--gradio` also runs the first phase through the chat UI's own path (Gradio's queue;
`--gradio-only`: only that). The ChatInterface's API endpoint is private (gradio_client cannot
call it), so this speaks the browser's protocol with httpx: the textbox submit, the history
append, the queued answer (server-sent events) and the events after it, per turn, on one Gradio
session per chat. `--url` measures an app already running (its settings are its own; the
scripted-LLM flags must then match its LLM, and no RSS is read).

Every phase also probes /healthz every 0.5 s and records the client's own event-loop lag (part
of every figure). This is a benchmark, not a test: nothing is asserted.

Prints a summary table; `--json PATH` writes every figure (and each request) as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from evals.questions import load_questions
from rag.stats import percentile

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUESTIONS = PROJECT_ROOT / "evals" / "retrieval" / "questions.jsonl"
DEFAULT_TEXT = (
    "Start from the role itself: an AI engineer builds products on top of existing models, so the "
    "guide puts software engineering, retrieval and evaluation first [1]. Then pick one project "
    "that shows the whole loop, from data to a deployed service with monitoring, and write down "
    "what you measured and why it matters to the people who will use it [1]."
)
# Follow-ups that only make sense with the history (the app condenses them through the LLM).
FOLLOW_UPS = [
    "Can you say more about that?",
    "And what does that mean for someone just starting out?",
    "Which skills matter most for it?",
    "How do interviews test this?",
    "What about for senior roles?",
    "and in London?",
]
BUSY = 503
PROBE_EVERY_S = 0.5
PROBE_TIMEOUT_S = 5.0
LAG_TICK_S = 0.05
UI_LABEL_REFUSED = "**Not in the guide**"  # ui/format.py's labels
UI_LABEL_FALLBACK = "**Extractive answer · the LLM failed**"


# -- the scripted LLM (a subprocess) ---------------------------------------------------------------


def scripted_llm_main(port: int, text: str, ttft: float, token_delay: float, condense_delay: float) -> None:
    """Serve streamed answers paced exactly, and condense requests after `condense_delay`."""
    from evals.openai_stub import Pause, ScriptedOpenAI, completion, stream

    words = [w + " " for w in text.split()]
    words[-1] = words[-1].rstrip()
    reply = stream(words)
    paced: list = []
    content = 0
    for event in reply.events or []:
        if isinstance(event, str) and has_content(event):  # pause before each word, not the rest
            paced.append(Pause(ttft if content == 0 else token_delay))
            content += 1
        paced.append(event)
    reply.events = paced

    class Scripted(ScriptedOpenAI):
        def _next(self, request: dict):  # keeps no request bodies: a long run would pile them up
            if request.get("stream"):
                return reply
            if condense_delay:
                time.sleep(condense_delay)
            return completion(condensed_query(request))

    server = Scripted(port=port)
    with server:
        print(f"serving {server.base_url}", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while True:
            time.sleep(3600)


def has_content(event: str) -> bool:
    try:
        choices = json.loads(event).get("choices") or []
    except (ValueError, AttributeError):
        return False
    return any((c.get("delta") or {}).get("content") for c in choices)


def condensed_query(request: dict) -> str:
    """A plausible rewrite: the chat's first question plus the latest message."""
    prompt = " ".join(
        str(m.get("content", "")) for m in request.get("messages", []) if m.get("role") == "user"
    )
    first = re.search(r"^user: (.+)$", prompt, re.MULTILINE)
    latest = re.search(r"Latest message: (.+)$", prompt, re.MULTILINE)
    parts = [m[1].strip() for m in (first, latest) if m]
    return " ".join(parts) or "AI engineering"


# -- processes -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM (kB) and Threads of a live process, from /proc/PID/status."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                out[key] = int(value.split()[0])
    except (OSError, ValueError):
        pass
    return out


def proc_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a live process (its threads included)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def rss_mb(pid: int) -> float | None:
    kb = proc_status(pid).get("VmRSS")
    return round(kb / 1024, 1) if kb else None


class Sampler:
    """Samples the app's RSS and thread count every `every` seconds while a phase runs."""

    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every = pid, every
        self.max_rss_kb = 0
        self.max_threads = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            s = proc_status(self.pid)
            self.max_rss_kb = max(self.max_rss_kb, s.get("VmRSS", 0))
            self.max_threads = max(self.max_threads, s.get("Threads", 0))

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def start_llm(args, tmp: Path) -> tuple[subprocess.Popen, str]:
    port = args.llm_port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "evals.bench_chat",
        "--serve-llm",
        "--llm-port",
        str(port),
        "--text",
        args.text,
        "--ttft",
        str(args.ttft),
        "--token-delay",
        str(args.token_delay),
        "--condense-delay",
        str(args.condense_delay),
    ]
    log = open(tmp / "llm.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the scripted LLM exited: {(tmp / 'llm.log').read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, url
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the scripted LLM did not start")


def app_env(args, llm_url: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIELDGUIDE_", "OPENAI_"))}
    env.update(
        {
            "OPENAI_BASE_URL": llm_url,
            "OPENAI_API_KEY": "not-needed",
            "FIELDGUIDE_LLM_MODEL": "scripted",
            "FIELDGUIDE_DATA_DIR": str(args.data_dir),
            "FIELDGUIDE_RATE_LIMIT_PER_MINUTE": str(args.rate_limit),
            "FIELDGUIDE_CHAT_CONCURRENCY": str(args.concurrency),
            "FIELDGUIDE_CHAT_QUEUE_SIZE": str(args.queue_size),
            "FIELDGUIDE_DATABASE_URL": f"sqlite:///{tmp / 'answers.sqlite3'}",
        }
    )
    return env


def start_app(args, env: dict[str, str], tmp: Path) -> tuple[subprocess.Popen, str, float]:
    port = args.port or free_port()
    log = open(tmp / "app.log", "w")  # noqa: SIM115 - closed with the process
    cmd = [str(args.fieldguide), "serve", "--host", "127.0.0.1", "--port", str(port)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + args.ready_timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the app exited ({proc.returncode}):\n{tail(tmp / 'app.log')}")
        try:
            r = httpx.get(f"{url}/readyz", timeout=2)
            if r.status_code == 200:
                return proc, url, time.perf_counter() - start
            last = r.json().get("reason") or r.text
        except (httpx.HTTPError, ValueError) as exc:
            last = repr(exc)
        time.sleep(0.5)
    stop(proc)
    raise SystemExit(f"the app was not ready in {args.ready_timeout} s ({last}):\n{tail(tmp / 'app.log')}")


def stop(proc: subprocess.Popen | None, grace: float = 20) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def log_problems(path: Path) -> dict:
    """Tracebacks and ERROR/WARNING lines in the app's log."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return {}
    lines = text.splitlines()
    errors = [x for x in lines if "ERROR" in x or "Traceback" in x]
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "error_lines": len(errors),
        "warning_lines": sum("WARNING" in x for x in lines),
        "first_errors": errors[:5],
    }


# -- one request -----------------------------------------------------------------------------------


@dataclass
class Result:
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
    server_ms: dict | None = None  # the answer's own latency_ms
    expected_ttft_s: float | None = None
    expected_total_s: float | None = None

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
                if line.startswith("event: "):
                    event = line[7:].strip()
                elif line.startswith("data: "):
                    now = time.perf_counter() - t0
                    data = json.loads(line[6:])
                    if event == "delta" and r.ttft_s is None:
                        r.ttft_s = now
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
    r.server_ms = answer.get("latency_ms")


# -- the Gradio UI path (the browser's protocol) ---------------------------------------------------


class GradioChat:
    """The chat UI driven like a browser: one Gradio session per chat, the ChatInterface's
    submit chain (textbox submit, history append, the queued answer, then what follows it)."""

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

    def store(self, dep: dict, data: list | None) -> None:
        for cid, value in zip(dep["outputs"], data or [], strict=False):
            if cid in (self.chat.chatbot,) and isinstance(value, list):
                self.values[cid] = value

    async def run(
        self, dep: dict, r: Result | None = None, t0: float = 0.0, first: list | None = None
    ) -> bool:
        """Run `dep` and the events that follow it, as the browser does; False if it failed."""
        data = first if first is not None else self.inputs(dep)
        if dep.get("queue") is False:
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
        for child in self.chat.children(dep):
            if ok or not child.get("trigger_only_on_success"):
                ok = await self.run(child, r, t0) and ok
        return ok

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
                kind = msg.get("msg")
                now = time.perf_counter() - t0
                if kind == "process_generating" and r is not None and r.ttft_s is None:
                    r.ttft_s = now
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


# -- sessions and phases ---------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    path: str
    sessions: int
    turns: int
    duration: float | None
    results: list[Result] = field(default_factory=list)
    wall_s: float = 0.0
    app_before: dict = field(default_factory=dict)
    app_after: dict = field(default_factory=dict)
    app_cpu_s: float | None = None
    loadavg_before: float | None = None
    loadavg_after: float | None = None
    max_rss_mb: float | None = None
    max_threads: int | None = None
    probes: list[tuple[float, float | None]] = field(default_factory=list)  # (at, seconds or None)
    loop_lag: list[float] = field(default_factory=list)  # the client's own event-loop delays


class Questions:
    def __init__(self, texts: list[str], seed: int):
        self.texts = list(texts)
        random.Random(seed).shuffle(self.texts)
        self.i = 0

    def next(self) -> str:
        text = self.texts[self.i % len(self.texts)]
        self.i += 1
        return text


async def api_session(ctx, phase: Phase, sid: int, t_start: float, deadline: float | None):
    client, url, questions, script, args = ctx
    rng = random.Random(args.seed * 1000 + sid)
    await asyncio.sleep(rng.uniform(0, args.ramp))
    while True:
        history: list[dict] = []
        conv = uuid.uuid4().hex
        turn = 0
        while turn < phase.turns:
            if deadline is not None and time.perf_counter() >= deadline:
                return
            follow_up = turn > 0
            question = rng.choice(FOLLOW_UPS) if follow_up else questions.next()
            r = Result(phase.name, "api", sid, turn, follow_up, time.perf_counter() - t_start)
            r.expected_ttft_s, r.expected_total_s = script.expected(follow_up)
            answer = await ask_api(client, url, question, history, conv, r)
            fill_answer(r, answer)
            phase.results.append(r)
            if answer is not None:
                history += [
                    {"role": "user", "content": question},
                    {"role": "assistant", "content": answer["answer"]},
                ]
                turn += 1
            elif deadline is None:
                turn += 1  # a fixed number of attempts: no retry
            else:
                await asyncio.sleep(args.retry_wait)  # back off, then ask the same turn again
            if args.think:
                await asyncio.sleep(args.think)
        if deadline is None:
            return


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


async def gradio_session(
    ctx, chat: GradioChat, phase: Phase, sid: int, t_start: float, deadline: float | None
):
    client, url, questions, script, args = ctx
    rng = random.Random(args.seed * 1000 + sid)
    await asyncio.sleep(rng.uniform(0, args.ramp))
    browser = GradioSession(client, url, chat)
    try:
        for dep in chat.load:  # the page load (the conversation id's initial value)
            await browser.run(dep)
    except httpx.HTTPError:
        pass
    for turn in range(phase.turns):
        follow_up = turn > 0
        question = rng.choice(FOLLOW_UPS) if follow_up else questions.next()
        r = Result(phase.name, "gradio", sid, turn, follow_up, time.perf_counter() - t_start)
        r.expected_ttft_s, r.expected_total_s = script.expected(follow_up)
        t0 = time.perf_counter()
        try:
            ok = await browser.run(chat.submit, r, t0, first=[question])
            if ok and r.error is None:
                classify_ui_answer(r, browser.values.get(chat.chatbot) or [])
        except (httpx.HTTPError, ValueError, KeyError, IndexError) as exc:
            r.error = f"{type(exc).__name__}: {exc}"[:200]
            r.total_s = r.total_s or time.perf_counter() - t0
        phase.results.append(r)
        if args.think:
            await asyncio.sleep(args.think)


async def probe_health(
    client: httpx.AsyncClient, url: str, phase: Phase, t_start: float, stop: asyncio.Event
):
    """GET /healthz every `PROBE_EVERY_S` (a liveness probe's view): its latency, or None if it failed."""
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            r = await client.get(f"{url}/healthz", timeout=PROBE_TIMEOUT_S)
            took = time.perf_counter() - t0 if r.status_code == 200 else None
        except httpx.HTTPError:
            took = None
        phase.probes.append((round(t0 - t_start, 2), took))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), PROBE_EVERY_S)


async def watch_loop(phase: Phase, stop: asyncio.Event) -> None:
    """How late the client's event loop wakes up: latency the client adds to every figure."""
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(LAG_TICK_S)
        phase.loop_lag.append(max(0.0, time.perf_counter() - t0 - LAG_TICK_S))


async def run_phase(
    phase: Phase, url: str, app_pid: int, questions: Questions, script: Script, args
) -> Phase:
    # One client (one connection pool) per session, as browsers are: a single shared pool of
    # hundreds of connections costs httpcore O(connections) per request state change, which made
    # the client itself the bottleneck at 250 sessions. One TLS context for all (never used here).
    timeout = httpx.Timeout(args.request_timeout, connect=30)
    tls = ssl.create_default_context()
    clients = [
        httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=4), verify=tls)
        for _ in range(phase.sessions)
    ]
    try:
        chat = None
        if phase.path == "gradio":
            chat = GradioChat((await clients[0].get(f"{url}/config")).json())
        phase.app_before = {**proc_status(app_pid), "cpu_s": proc_cpu_s(app_pid)}
        phase.loadavg_before = round(os.getloadavg()[0], 2)
        t_start = time.perf_counter()
        deadline = t_start + phase.duration if phase.duration else None
        with Sampler(app_pid) as sampler:
            tasks = []
            for i, client in enumerate(clients):
                ctx = (client, url, questions, script, args)
                if chat is not None:
                    tasks.append(gradio_session(ctx, chat, phase, i, t_start, deadline))
                else:
                    tasks.append(api_session(ctx, phase, i, t_start, deadline))
            stop = asyncio.Event()
            async with httpx.AsyncClient(verify=tls) as probe_client:
                probe = asyncio.create_task(probe_health(probe_client, url, phase, t_start, stop))
                lag = asyncio.create_task(watch_loop(phase, stop))
                await asyncio.gather(*tasks)
                stop.set()
                await asyncio.gather(probe, lag)
        phase.wall_s = time.perf_counter() - t_start
        phase.loadavg_after = round(os.getloadavg()[0], 2)
        phase.app_after = {**proc_status(app_pid), "cpu_s": proc_cpu_s(app_pid)}
        if phase.app_before.get("cpu_s") is not None and phase.app_after.get("cpu_s") is not None:
            phase.app_cpu_s = round(phase.app_after["cpu_s"] - phase.app_before["cpu_s"], 1)
        phase.max_rss_mb = round(sampler.max_rss_kb / 1024, 1) if sampler.max_rss_kb else None
        phase.max_threads = sampler.max_threads or None
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return phase


async def warm_up(url: str, questions: list[str], n: int) -> None:
    async with httpx.AsyncClient(timeout=120) as client:
        for q in questions[:n]:
            r = Result("warmup", "api", -1, 0, False, 0.0)
            await ask_api(client, url, q, [], uuid.uuid4().hex, r)


# -- the report ------------------------------------------------------------------------------------


def stats(values: list[float], scale: float = 1000) -> dict:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    return {
        "n": len(values),
        "p50": round(percentile(values, 50) * scale, 1),
        "p95": round(percentile(values, 95) * scale, 1),
        "max": round(max(values) * scale, 1),
    }


def summarize(phase: Phase) -> dict:
    rs = phase.results
    kinds: dict[str, int] = {}
    for r in rs:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    llm = [r for r in rs if r.kind == "llm"]
    answered = [r for r in rs if r.answered]
    refused = [r for r in rs if r.kind == "refused"]
    busy = [r for r in rs if r.busy]
    errors = [r for r in rs if r.kind in ("error", "rate_limited", "fallback")]
    err_samples: dict[str, int] = {}
    for r in errors:
        key = (r.error or r.fallback_reason or "?")[:120]
        err_samples[key] = err_samples.get(key, 0) + 1

    def server(key: str) -> list[float]:
        return [r.server_ms[key] / 1000 for r in llm if r.server_ms and r.server_ms.get(key) is not None]

    return {
        "phase": phase.name,
        "path": phase.path,
        "sessions": phase.sessions,
        "turns": phase.turns,
        "duration_s": phase.duration,
        "wall_s": round(phase.wall_s, 1),
        "requests": len(rs),
        "outcomes": kinds,
        "answers": len(answered),
        "answers_per_s": round(len(answered) / phase.wall_s, 2) if phase.wall_s else None,
        "busy_http_503": sum(r.status == BUSY for r in rs),
        "busy_in_stream_503": sum(r.status == 200 and r.stream_error == BUSY for r in rs),
        "errors": len(errors),
        "error_messages": err_samples,
        "ttft_ms": stats([r.ttft_s for r in llm if r.ttft_s is not None]),
        "total_ms": stats([r.total_s for r in llm if r.total_s is not None]),
        "ttft_overhead_ms": stats([r.ttft_s - r.expected_ttft_s for r in llm if r.ttft_s is not None]),
        "total_overhead_ms": stats([r.total_s - r.expected_total_s for r in llm if r.total_s is not None]),
        "first_turn_ttft_overhead_ms": stats(
            [r.ttft_s - r.expected_ttft_s for r in llm if r.ttft_s is not None and not r.follow_up]
        ),
        "follow_up_ttft_overhead_ms": stats(
            [r.ttft_s - r.expected_ttft_s for r in llm if r.ttft_s is not None and r.follow_up]
        ),
        "refused_ttft_ms": stats([r.ttft_s for r in refused if r.ttft_s is not None]),
        "server_retrieval_ms": stats(server("retrieval")),
        "server_first_token_ms": stats(server("first_token")),
        "wait_before_answerer_ms": stats(
            [
                r.ttft_s - r.server_ms["first_token"] / 1000
                for r in llm
                if r.ttft_s is not None and r.server_ms and r.server_ms.get("first_token") is not None
            ]
        ),
        "busy_refusal_ms": stats([r.total_s for r in busy if r.total_s is not None]),
        "healthz_ms": stats([t for _, t in phase.probes if t is not None]),
        "healthz_failed": sum(t is None for _, t in phase.probes),
        "healthz_probes": len(phase.probes),
        "client_loop_lag_ms": stats(phase.loop_lag),
        "app_rss_mb_before": round(phase.app_before.get("VmRSS", 0) / 1024, 1) or None,
        "app_rss_mb_after": round(phase.app_after.get("VmRSS", 0) / 1024, 1) or None,
        "app_rss_mb_max_sampled": phase.max_rss_mb,
        "app_threads_before": phase.app_before.get("Threads"),
        "app_threads_max_sampled": phase.max_threads,
        "app_cpu_s": phase.app_cpu_s,
        "loadavg_1m_before_after": [phase.loadavg_before, phase.loadavg_after],
    }


def fmt(s: dict) -> str:
    if not s or not s.get("n"):
        return "-"
    return f"{s['p50']:.0f} / {s['p95']:.0f} / {s['max']:.0f}"


def print_table(summaries: list[dict]) -> None:
    rows = [
        (
            "sessions x turns / duration",
            lambda s: (
                f"{s['sessions']} x {s['turns']}" + (f" / {s['duration_s']:.0f} s" if s["duration_s"] else "")
            ),
        ),
        ("wall (s)", lambda s: f"{s['wall_s']}"),
        ("requests", lambda s: str(s["requests"])),
        ("outcomes", lambda s: ", ".join(f"{k} {v}" for k, v in sorted(s["outcomes"].items()))),
        ("answers/s", lambda s: str(s["answers_per_s"])),
        ("busy: HTTP 503 / 503 in stream", lambda s: f"{s['busy_http_503']} / {s['busy_in_stream_503']}"),
        ("errors (not busy)", lambda s: str(s["errors"])),
        ("TTFT ms p50/p95/max", lambda s: fmt(s["ttft_ms"])),
        ("TTFT overhead ms", lambda s: fmt(s["ttft_overhead_ms"])),
        ("  first turns", lambda s: fmt(s["first_turn_ttft_overhead_ms"])),
        ("  follow-ups", lambda s: fmt(s["follow_up_ttft_overhead_ms"])),
        ("total ms", lambda s: fmt(s["total_ms"])),
        ("total overhead ms", lambda s: fmt(s["total_overhead_ms"])),
        ("refused-answer TTFT ms", lambda s: fmt(s["refused_ttft_ms"])),
        ("server retrieval ms", lambda s: fmt(s["server_retrieval_ms"])),
        ("wait before answering ms", lambda s: fmt(s["wait_before_answerer_ms"])),
        ("busy refusal ms", lambda s: fmt(s["busy_refusal_ms"])),
        (
            "/healthz ms (failed > 5 s)",
            lambda s: f"{fmt(s['healthz_ms'])} ({s['healthz_failed']}/{s['healthz_probes']})",
        ),
        ("client loop lag ms", lambda s: fmt(s["client_loop_lag_ms"])),
        (
            "app RSS MB before/after/max",
            lambda s: f"{s['app_rss_mb_before']} / {s['app_rss_mb_after']} / {s['app_rss_mb_max_sampled']}",
        ),
        ("app threads before/max", lambda s: f"{s['app_threads_before']} / {s['app_threads_max_sampled']}"),
        ("app CPU s", lambda s: str(s["app_cpu_s"])),
        ("load avg 1 min before/after", lambda s: " / ".join(map(str, s["loadavg_1m_before_after"]))),
    ]
    headers = [f"{s['phase']} ({s['path']})" for s in summaries]
    width = max(len(r[0]) for r in rows)
    cols = [max(len(h), *(len(r[1](s)) for r in rows)) for h, s in zip(headers, summaries, strict=True)]
    print(
        "| " + " | ".join(["".ljust(width), *(h.ljust(c) for h, c in zip(headers, cols, strict=True))]) + " |"
    )
    print("|" + "|".join("-" * (c + 2) for c in [width, *cols]) + "|")
    for name, get in rows:
        cells = [get(s).ljust(c) for s, c in zip(summaries, cols, strict=True)]
        print("| " + " | ".join([name.ljust(width), *cells]) + " |")


# -- main ------------------------------------------------------------------------------------------


CODE = [
    "ui/api.py",
    "ui/limits.py",
    "ui/service.py",
    "ui/app.py",
    "ui/chat.py",
    "rag/answer.py",
    "rag/llm.py",
]


def code_fingerprint() -> dict[str, str]:
    """The app code measured (others may change it between runs): sha256 prefix and mtime."""
    out = {}
    for rel in CODE:
        path = PROJECT_ROOT / rel
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
            out[rel] = f"{digest} {mtime}"
        except OSError:
            out[rel] = "missing"
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m evals.bench_chat",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    load = p.add_argument_group("load")
    load.add_argument("--sessions", type=int, default=20, help="Concurrent chats.")
    load.add_argument("--turns", type=int, default=3, help="Questions per chat (the first, then follow-ups).")
    load.add_argument(
        "--duration", type=float, help="Keep chatting this many seconds (new chats every --turns)."
    )
    load.add_argument("--overload-sessions", type=int, help="Then an overload phase with this many chats...")
    load.add_argument("--overload-duration", type=float, default=20.0, help="...for this many seconds.")
    load.add_argument(
        "--gradio",
        action="store_true",
        help="Also run the first phase through the Gradio UI (--turns per chat; no --duration).",
    )
    load.add_argument("--gradio-only", action="store_true", help="Run the first phase through the UI only.")
    load.add_argument("--think", type=float, default=0.0, help="Seconds a user waits between turns.")
    load.add_argument("--retry-wait", type=float, default=1.0, help="Back-off after a refused question.")
    load.add_argument("--ramp", type=float, default=0.5, help="Sessions start at random within this many s.")
    load.add_argument("--warmup", type=int, default=3, help="Sequential questions before measuring.")
    load.add_argument("--cooldown", type=float, default=3.0, help="Seconds of rest between phases.")
    load.add_argument("--request-timeout", type=float, default=120.0, help="httpx read timeout.")
    load.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    load.add_argument("--seed", type=int, default=7)
    llm = p.add_argument_group("the scripted LLM")
    llm.add_argument("--ttft", type=float, default=0.5, help="Seconds before the first answer token.")
    llm.add_argument("--token-delay", type=float, default=0.02, help="Seconds between answer tokens.")
    llm.add_argument("--condense-delay", type=float, default=0.3, help="Seconds to answer a condense call.")
    llm.add_argument("--text", default=DEFAULT_TEXT, help="The answer, streamed word by word.")
    llm.add_argument("--llm-port", type=int, help="Default: a free port.")
    app = p.add_argument_group("the app")
    app.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "data", help="A built index.")
    app.add_argument("--concurrency", type=int, default=8, help="FIELDGUIDE_CHAT_CONCURRENCY.")
    app.add_argument("--queue-size", type=int, default=32, help="FIELDGUIDE_CHAT_QUEUE_SIZE.")
    app.add_argument("--rate-limit", type=int, default=1_000_000, help="FIELDGUIDE_RATE_LIMIT_PER_MINUTE.")
    app.add_argument("--port", type=int, help="Default: a free port.")
    app.add_argument("--url", help="Use an app already running here instead of starting one.")
    app.add_argument("--fieldguide", type=Path, default=Path(sys.executable).parent / "fieldguide")
    app.add_argument("--ready-timeout", type=float, default=240.0)
    p.add_argument("--json", type=Path, help="Write every figure and request here.")
    p.add_argument("--keep-tmp", action="store_true", help="Keep the app log and answer log.")
    p.add_argument("--serve-llm", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.serve_llm:
        scripted_llm_main(args.llm_port, args.text, args.ttft, args.token_delay, args.condense_delay)
        return
    args.data_dir = args.data_dir.resolve()
    questions = load_questions(args.questions)
    texts = [q.question for q in questions]
    script = Script(args.ttft, args.token_delay, args.condense_delay, len(args.text.split()))
    tmp = Path(tempfile.mkdtemp(prefix="fg-bench-chat-"))
    llm_proc = app_proc = None
    phases: list[Phase] = []
    info: dict = {}
    try:
        if args.url:
            url, app_pid, ready_s = args.url.rstrip("/"), None, None
            print(f"using the app at {url} (its settings are its own)", file=sys.stderr)
        else:
            llm_proc, llm_url = start_llm(args, tmp)
            env = app_env(args, llm_url, tmp)
            print(f"starting the app on {args.data_dir} (log: {tmp / 'app.log'})", file=sys.stderr)
            app_proc, url, ready_s = start_app(args, env, tmp)
            app_pid = app_proc.pid
            print(f"ready in {ready_s:.1f} s at {url}", file=sys.stderr)
        info["rss_mb_at_ready"] = rss_mb(app_pid) if app_pid else None
        asyncio.run(warm_up(url, texts, args.warmup))
        info["rss_mb_after_warmup"] = rss_mb(app_pid) if app_pid else None
        pid = app_pid or 0
        qs = Questions(texts, args.seed)
        first = "a" if args.duration is None else "b"
        plan = []
        if not args.gradio_only:
            plan.append(Phase(first, "api", args.sessions, args.turns, args.duration))
        if args.gradio or args.gradio_only:
            plan.append(Phase(first, "gradio", args.sessions, args.turns, None))
        if args.overload_sessions:
            plan.append(Phase("c", "api", args.overload_sessions, args.turns, args.overload_duration))
        for i, phase in enumerate(plan):
            if i and args.cooldown:
                time.sleep(args.cooldown)
            label = f"{phase.sessions} sessions" + (f" for {phase.duration:.0f} s" if phase.duration else "")
            print(f"phase {phase.name} ({phase.path}): {label} ...", file=sys.stderr)
            phases.append(asyncio.run(run_phase(phase, url, pid, qs, script, args)))
        info["rss_mb_at_end"] = rss_mb(app_pid) if app_pid else None
        info["app_peak_rss_mb"] = round(proc_status(pid).get("VmHWM", 0) / 1024, 1) if app_pid else None
    finally:
        stop(app_proc)
        stop(llm_proc, grace=5)
        info["app_log"] = log_problems(tmp / "app.log")
        if args.keep_tmp:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    summaries = [summarize(p) for p in phases]
    print_table(summaries)
    self_cpu = resource.getrusage(resource.RUSAGE_SELF)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "settings": {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in vars(args).items()
            if k not in ("serve_llm", "text")
        },
        "script": asdict(script)
        | {
            "first_turn_floor_ms": round(script.expected(False)[1] * 1000),
            "follow_up_floor_ms": round(script.expected(True)[1] * 1000),
        },
        "app": info | {"ready_s": round(ready_s, 1) if ready_s else None},
        "bench_client_cpu_s": round(self_cpu.ru_utime + self_cpu.ru_stime, 1),
        "code": code_fingerprint(),
        "phases": summaries,
    }
    print(json.dumps({k: report[k] for k in ("script", "app", "bench_client_cpu_s")}, indent=2))
    if args.json:
        report["requests"] = [asdict(r) for p in phases for r in p.results]
        report["healthz_probes"] = {f"{p.name} ({p.path})": p.probes for p in phases}
        args.json.write_text(json.dumps(report, indent=2))
        print(f"wrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
