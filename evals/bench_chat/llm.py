"""The scripted LLM of the benchmark: evals/openai_stub.py's server, paced exactly, in a subprocess."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from evals.bench_chat import PROJECT_ROOT
from evals.bench_chat.processes import free_port

# The market query a model writes for each of the bench's market questions (the product forces a
# call of its market tool; a real model answers with one). Keyed by the question as asked.
MARKET_CALLS = Path(__file__).with_name("market_calls.json")
FOLLOW_UP_CALLS = Path(__file__).with_name("market_follow_up_calls.json")  # written by market_script.py

DEFAULT_TEXT = (
    "Start from the role itself: an AI engineer builds products on top of existing models, so the "
    "guide puts software engineering, retrieval and evaluation first [1]. Then pick one project "
    "that shows the whole loop, from data to a deployed service with monitoring, and write down "
    "what you measured and why it matters to the people who will use it [1]."
)


def scripted_llm_main(port: int, text: str, ttft: float, token_delay: float, condense_delay: float) -> None:
    """Serve streamed answers paced exactly; condense requests and forced tool calls (the market
    query) after `condense_delay`."""
    from evals.openai_stub import Pause, stream

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
    server = scripted_server(reply, load_market_calls(), condense_delay, port)
    with server:
        print(f"serving {server.base_url}", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while True:
            time.sleep(3600)


def scripted_server(reply, calls: dict[str, dict], condense_delay: float = 0.0, port: int = 0):
    """The bench's LLM (not started): every stream gets `reply`, a forced call of a tool the
    question's arguments in `calls`, any other plain request a condensed query."""
    from evals.openai_stub import ScriptedOpenAI, completion

    class Scripted(ScriptedOpenAI):
        """The scripted LLM of the benchmark: one reply per kind of request."""

        def _next(self, request: dict):  # keeps no request bodies: a long run would pile them up
            if request.get("stream"):
                return reply
            if condense_delay:
                time.sleep(condense_delay)
            return market_call(request, calls) or completion(condensed_query(request))

    return Scripted(port=port)


def has_content(event: str) -> bool:
    try:
        choices = json.loads(event).get("choices") or []
    except (ValueError, AttributeError):
        return False
    return any((c.get("delta") or {}).get("content") for c in choices)


def load_market_calls(
    path: Path = MARKET_CALLS, follow_ups: Path | None = FOLLOW_UP_CALLS
) -> dict[str, dict]:
    """The scripted market query arguments, by question: the first turns' (written as a model would
    write them) and the follow-ups' (market_script.py), when `follow_ups` is given."""
    calls = json.loads(path.read_text(encoding="utf-8"))
    if follow_ups is not None and follow_ups.exists():
        calls = {**json.loads(follow_ups.read_text(encoding="utf-8")), **calls}
    return calls


def unscripted_market_questions(
    texts: list[str],
    data_dir: Path,
    calls: dict[str, dict],
    turns: int = 3,
    follow_ups: Sequence[str] | None = None,
) -> list[str]:
    """The questions for which the app (this checkout's router, on `data_dir`'s active index) would
    ask the LLM for a market query that `calls` has no script for, each a fallback: first turns and
    the follow-ups of the bench's chats (see market_script.market_turns)."""
    from evals.bench_chat.market_script import market_turns

    return [t for t in market_turns(texts, data_dir, turns, follow_ups) if t not in calls]


def market_call(request: dict, calls: dict[str, dict]):
    """The call of the forced tool with the question's scripted arguments; None when the request
    forces no tool or its question has no script (the product then falls back to its parser, and
    the bench counts that answer as a fallback)."""
    from evals.openai_stub import tool_call

    name = ((request.get("tool_choice") or {}).get("function") or {}).get("name")
    users = [m for m in request.get("messages", []) if m.get("role") == "user"]
    args = calls.get(str(users[-1].get("content", "")).strip()) if users else None
    return tool_call(name, args) if name and args is not None else None


def condensed_query(request: dict) -> str:
    """A plausible rewrite: the chat's first question plus the latest message."""
    prompt = " ".join(
        str(m.get("content", "")) for m in request.get("messages", []) if m.get("role") == "user"
    )
    first = re.search(r"^user: (.+)$", prompt, re.MULTILINE)
    latest = re.search(r"Latest message: (.+)$", prompt, re.MULTILINE)
    parts = [m[1].strip() for m in (first, latest) if m]
    return " ".join(parts) or "AI engineering"


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
