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
`--gradio-only`: only that). The page's answer event is private (gradio_client cannot call it),
so this speaks the browser's protocol with httpx: the page's event chain from the question box's
submit (no request for the steps the page runs itself; the question goes in the conversation the
answer sends), the queued answer (server-sent events) and the events after it, per turn, on one
Gradio session per chat. `--url` measures an app already running (its settings are its own; the
scripted-LLM flags must then match its LLM, and no RSS is read).

Every phase also probes /healthz every 0.5 s and records the client's own event-loop lag (part
of every figure). This is a benchmark, not a test: nothing is asserted.

Prints a summary table; `--json PATH` writes every figure (and each request) as JSON.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
