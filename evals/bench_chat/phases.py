"""Sessions and phases: many chats at once over the API or the UI, with health probes and loop lag."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import ssl
import time
import uuid
from dataclasses import dataclass, field

import httpx

from evals.bench_chat.api_client import Result, Script, ask_api, fill_answer
from evals.bench_chat.chat_protocol import GradioChat, GradioSession, classify_ui_answer
from evals.bench_chat.processes import Sampler, proc_cpu_s, proc_loop_cpu_s, proc_status, workers_cpu_s

FOLLOW_UPS = [
    "Can you say more about that?",
    "And what does that mean for someone just starting out?",
    "Which skills matter most for it?",
    "How do interviews test this?",
    "What about for senior roles?",
    "and in London?",
]
PROBE_EVERY_S = 0.5
PROBE_TIMEOUT_S = 5.0
LAG_TICK_S = 0.05


@dataclass
class Phase:
    """One load phase: its shape (path, sessions, turns, duration) and what it measured."""

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
    app_loop_cpu_s: float | None = None  # of which the event loop's thread
    app_workers_cpu_s: float | None = None  # of which its answer worker processes
    loadavg_before: float | None = None
    loadavg_after: float | None = None
    max_rss_mb: float | None = None
    max_threads: int | None = None
    probes: list[tuple[float, float | None]] = field(default_factory=list)  # (at, seconds or None)
    loop_lag: list[float] = field(default_factory=list)  # the client's own event-loop delays


class Questions:
    """The eval questions in a seeded random order, handed out in turn."""

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
        phase.app_before["loop_cpu_s"] = proc_loop_cpu_s(app_pid)
        phase.app_before["workers_cpu_s"] = workers_cpu_s(app_pid)
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
        phase.app_after["loop_cpu_s"] = proc_loop_cpu_s(app_pid)
        phase.app_after["workers_cpu_s"] = workers_cpu_s(app_pid)
        before, after = phase.app_before, phase.app_after
        if before["cpu_s"] is not None and after["cpu_s"] is not None:
            workers = after["workers_cpu_s"] - before["workers_cpu_s"]  # the app's CPU: its workers' too
            phase.app_cpu_s = round(after["cpu_s"] - before["cpu_s"] + workers, 2)
            phase.app_workers_cpu_s = round(workers, 2)
        if before["loop_cpu_s"] is not None and after["loop_cpu_s"] is not None:
            phase.app_loop_cpu_s = round(after["loop_cpu_s"] - before["loop_cpu_s"], 2)
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
