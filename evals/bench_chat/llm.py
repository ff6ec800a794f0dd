"""The scripted LLM of the benchmark: evals/openai_stub.py's server, paced exactly, in a subprocess."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from evals.bench_chat import PROJECT_ROOT
from evals.bench_chat.processes import free_port

DEFAULT_TEXT = (
    "Start from the role itself: an AI engineer builds products on top of existing models, so the "
    "guide puts software engineering, retrieval and evaluation first [1]. Then pick one project "
    "that shows the whole loop, from data to a deployed service with monitoring, and write down "
    "what you measured and why it matters to the people who will use it [1]."
)


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
        """The scripted LLM answering every stream with the paced reply and condense calls with a query."""

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
