"""`python -m evals.bench_chat`: the arguments and the run."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import evals.bench_chat as package
from evals.bench_chat import PROJECT_ROOT
from evals.bench_chat.api_client import Script
from evals.bench_chat.llm import (
    DEFAULT_TEXT,
    MARKET_CALLS,
    load_market_calls,
    scripted_llm_main,
    start_llm,
    unscripted_market_questions,
)
from evals.bench_chat.phases import Phase, Questions, run_phase, warm_up
from evals.bench_chat.processes import app_env, log_problems, proc_status, rss_mb, start_app, stop
from evals.bench_chat.summary import code_fingerprint, print_table, summarize
from evals.questions import load_questions

DEFAULT_QUESTIONS = PROJECT_ROOT / "evals" / "retrieval" / "questions.jsonl"


def env_pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m evals.bench_chat",
        description=package.__doc__.split("\n\n")[0],
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
    app.add_argument(
        "--concurrency", type=int, help="FIELDGUIDE_CHAT_CONCURRENCY (default: the app's own default)."
    )
    app.add_argument(
        "--queue-size", type=int, help="FIELDGUIDE_CHAT_QUEUE_SIZE (default: the app's own default)."
    )
    app.add_argument(
        "--app-env",
        type=env_pair,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="A setting for the app (e.g. FIELDGUIDE_CHAT_STREAM_WINDOW_MS=300); repeatable.",
    )
    app.add_argument("--rate-limit", type=int, default=1_000_000, help="FIELDGUIDE_RATE_LIMIT_PER_MINUTE.")
    app.add_argument("--port", type=int, help="Default: a free port.")
    app.add_argument("--url", help="Use an app already running here instead of starting one.")
    app.add_argument(
        "--app-root",
        type=Path,
        default=PROJECT_ROOT,
        help="The checkout whose app is served (`fieldguide serve` from its code), e.g. a worktree of "
        "an older commit for a before/after comparison.",
    )
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
    if not args.url:
        info["unscripted_market_questions"] = missing = unscripted_market_questions(
            texts, args.data_dir, load_market_calls(), args.turns
        )
        if missing:
            print(f"{len(missing)} market question(s) have no query in {MARKET_CALLS.name}: their answers "
                  f"will be fallbacks: {missing}", file=sys.stderr)  # fmt: skip
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
            if k not in ("serve_llm", "text", "app_env")
        }
        | {"app_env": dict(args.app_env)},
        "script": asdict(script)
        | {
            "first_turn_floor_ms": round(script.expected(False)[1] * 1000),
            "follow_up_floor_ms": round(script.expected(True)[1] * 1000),
        },
        "app": info | {"ready_s": round(ready_s, 1) if ready_s else None},
        "bench_client_cpu_s": round(self_cpu.ru_utime + self_cpu.ru_stime, 1),
        "code": code_fingerprint(args.app_root),
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
