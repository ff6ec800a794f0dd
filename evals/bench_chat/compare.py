"""Before/after chat load in one command: the same benchmark against an older commit's app (a
git worktree made for it) and this checkout's, one after the other, then both side by side.

    python -m evals.bench_chat.compare --before ca27392 --data-dir /path/to/data

Each side runs `python -m evals.bench_chat --sessions 20 --turns 3 --gradio --overload-sessions 50
--overload-duration 60` (this checkout's benchmark client and scripted LLM; the app served from
that side's code, with its own default limits) and writes `<out>/<side>.json`. The load average
is read before and after each side (the machine may be shared: the table says so). The worktree
is left for the next run (its path is printed); remove it with `git worktree remove PATH`.

`--ui-only` runs only the chat UI phase (`--sessions 20 --turns 3 --gradio-only`), `--api-load` only
the 50 x 60 s API phase (`--sessions 50 --turns 3 --duration 60`); `--rounds N`
alternates the sides N times (before, after, before, after, ...), for a machine whose load moves:
the table pools each side's turns over its rounds and lists each round's chat UI p95.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from evals.bench_chat import PROJECT_ROOT
from evals.bench_chat.api_client import Result
from rag.stats import percentile

LOAD = [
    "--sessions",
    "20",
    "--turns",
    "3",
    "--gradio",
    "--overload-sessions",
    "50",
    "--overload-duration",
    "60",
]
UI_ONLY = ["--sessions", "20", "--turns", "3", "--gradio-only"]
API_LOAD = ["--sessions", "50", "--turns", "3", "--duration", "60"]
ROWS = [  # (label, phase key, figure)
    ("20 x 3 API: TTFT overhead p50 / p95 ms", "a (api)", "ttft_overhead_ms"),
    ("20 x 3 API: total overhead p50 / p95 ms", "a (api)", "total_overhead_ms"),
    ("20 x 3 API: answers/s", "a (api)", "answers_per_s"),
    ("20 x 3 chat UI: TTFT overhead p50 / p95 ms", "a (gradio)", "ttft_overhead_ms"),
    ("... first turns / follow-ups, p95 ms", "a (gradio)", "first_follow"),
    ("20 x 3 chat UI: total overhead p50 / p95 ms", "a (gradio)", "total_overhead_ms"),
    ("20 x 3 chat UI: app CPU s (per turn)", "a (gradio)", "cpu"),
    ("20 x 3 chat UI: of which the event loop's thread, s (per turn)", "a (gradio)", "loop_cpu"),
    ("20 x 3 chat UI: of which the answer worker processes, s (per turn)", "a (gradio)", "workers_cpu"),
    ("20 x 3 chat UI: page updates per LLM answer", "a (gradio)", "pieces_per_answer"),
    ("20 x 3 chat UI: stream bytes per LLM answer", "a (gradio)", "stream_bytes_per_answer"),
    ("load average 1 min (before / after the chat UI phase)", "a (gradio)", "load"),
    ("50 x 60 s API: answers/s", "c (api)", "answers_per_s"),
    ("50 x 60 s API: requests / answers", "c (api)", "requests"),
    ("50 x 60 s API: busy 503 (HTTP / in stream)", "c (api)", "busy"),
    ("50 x 60 s API: errors (not busy)", "c (api)", "errors"),
    ("50 x 60 s API: TTFT overhead p50 / p95 ms", "c (api)", "ttft_overhead_ms"),
    ("50 x 60 s API: app CPU s (per answer)", "c (api)", "cpu"),
    ("load average 1 min (before / after the 20 x 3 API phase)", "a (api)", "load"),
    ("load average 1 min (before / after the 50 x 60 s phase)", "c (api)", "load"),
]
API_ROWS = [  # --api-load: the 50 x 60 s phase alone (phase b)
    ("50 x 60 s API: answers/s", "b (api)", "answers_per_s"),
    ("50 x 60 s API: requests / answers", "b (api)", "requests"),
    ("50 x 60 s API: of which market answers", "b (api)", "market"),
    ("50 x 60 s API: busy 503 (HTTP / in stream)", "b (api)", "busy"),
    ("50 x 60 s API: errors (not busy)", "b (api)", "errors"),
    ("50 x 60 s API: TTFT overhead p50 / p95 ms", "b (api)", "ttft_overhead_ms"),
    ("50 x 60 s API: app CPU s (per answer)", "b (api)", "cpu"),
    ("load average 1 min (before / after the 50 x 60 s phase)", "b (api)", "load"),
]


def worktree(ref: str) -> Path:
    """A detached worktree of `ref` (made once, reused; `git worktree remove PATH` when done), or `ref`
    itself when it is a folder (a checkout of the 'before' side made beforehand)."""
    if Path(ref).is_dir():
        return Path(ref).resolve()
    sha = subprocess.check_output(["git", "-C", str(PROJECT_ROOT), "rev-parse", ref], text=True).strip()
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"fg-bench-before-{sha[:10]}"
    if not path.exists():
        subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "worktree", "add", "--detach", str(path), sha], check=True
        )
    return path


def cell(phase: dict | None, figure: str) -> str:
    if phase is None:
        return "-"
    if figure == "busy":
        return f"{phase['busy_http_503']} / {phase['busy_in_stream_503']}"
    if figure == "requests":
        return f"{phase['requests']} / {phase['answers']}"
    if figure == "market":
        return str(phase["outcomes"].get("market", 0))
    if figure == "cpu":
        cpu, answers = phase["app_cpu_s"], phase["answers"]
        return f"{cpu} ({cpu / answers:.3f})" if cpu is not None and answers else str(cpu)
    if figure in ("loop_cpu", "workers_cpu"):
        cpu, answers = phase.get(f"app_{figure}_s"), phase["answers"]
        return f"{cpu} ({cpu / answers:.3f})" if cpu is not None and answers else str(cpu)
    if figure == "load":
        return " / ".join(str(x) for x in phase["loadavg_1m_before_after"])
    if figure == "first_follow":
        first, follow = phase["first_turn_ttft_overhead_ms"], phase["follow_up_ttft_overhead_ms"]
        return f"{first.get('p95') or '-'} / {follow.get('p95') or '-'}"  # {}: no such turns (--turns 1)
    value = phase[figure]
    if isinstance(value, dict):
        return "-" if not value.get("n") else f"{value['p50']:.0f} / {value['p95']:.0f}"
    return str(value)


def pooled(rounds: list[dict]) -> dict:
    """One side's phases over its rounds: the turns' percentiles recomputed over all of them,
    CPU summed, load averages from the first and the last round."""
    out = {}
    for key in rounds[0]["phases"]:
        phases = [r["phases"][key] for r in rounds]
        turns = [t for r in rounds for t in r["requests"] if f"{t['phase']} ({t['path']})" == key]
        llm = [Result(**t) for t in turns]
        llm = [r for r in llm if r.kind == "llm" and r.ttft_s is not None]

        def stats(rs, value) -> dict:
            xs = [value(r) * 1000 for r in rs]
            return (
                {"n": len(xs), "p50": round(percentile(xs, 50)), "p95": round(percentile(xs, 95))}
                if xs
                else {}
            )

        cpu = [p["app_cpu_s"] for p in phases]
        loop_cpu = [p.get("app_loop_cpu_s") for p in phases]
        workers_cpu = [p.get("app_workers_cpu_s") or 0.0 for p in phases]  # none before the workers
        out[key] = {
            **phases[0],
            "requests": sum(p["requests"] for p in phases),
            "answers": sum(p["answers"] for p in phases),
            "answers_per_s": round(sum(p["answers"] for p in phases) / sum(p["wall_s"] for p in phases), 2),
            "errors": sum(p["errors"] for p in phases),
            "busy_http_503": sum(p["busy_http_503"] for p in phases),
            "busy_in_stream_503": sum(p["busy_in_stream_503"] for p in phases),
            "outcomes": dict(sum((Counter(p["outcomes"]) for p in phases), Counter())),
            "app_cpu_s": round(sum(cpu), 2) if None not in cpu else None,
            "app_loop_cpu_s": round(sum(loop_cpu), 2) if None not in loop_cpu else None,
            "app_workers_cpu_s": round(sum(workers_cpu), 2),
            "pieces_per_answer": round(sum(r.pieces for r in llm) / len(llm), 1) if llm else None,
            "stream_bytes_per_answer": round(sum(r.stream_bytes for r in llm) / len(llm)) if llm else None,
            "loadavg_1m_before_after": [
                phases[0]["loadavg_1m_before_after"][0],
                phases[-1]["loadavg_1m_before_after"][1],
            ],
            "ttft_overhead_ms": stats(llm, lambda r: r.ttft_s - r.expected_ttft_s),
            "total_overhead_ms": stats(llm, lambda r: r.total_s - r.expected_total_s),
            "first_turn_ttft_overhead_ms": stats(
                [r for r in llm if not r.follow_up], lambda r: r.ttft_s - r.expected_ttft_s
            ),
            "follow_up_ttft_overhead_ms": stats(
                [r for r in llm if r.follow_up], lambda r: r.ttft_s - r.expected_ttft_s
            ),
        }
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        prog="python -m evals.bench_chat.compare", description=__doc__.split("\n\n")[0]
    )
    p.add_argument(
        "--before", required=True, help="The git commit (or ref) of the 'before' app, or a checkout of it."
    )
    p.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "data", help="A built index (both sides).")
    p.add_argument(
        "--before-data-dir",
        type=Path,
        help="The 'before' side's index, when its release reads another index format (default --data-dir).",
    )
    out = Path(tempfile.gettempdir()) / "fg-bench-chat-compare"
    p.add_argument("--out", type=Path, default=out, help="Where the two JSON reports go.")
    p.add_argument("--ui-only", action="store_true", help="Only the 20 x 3 chat UI phase.")
    p.add_argument("--api-load", action="store_true", help="Only the 50 chats x 60 s API phase.")
    p.add_argument("--rounds", type=int, default=1, help="Alternate the two sides this many times.")
    p.add_argument("extra", nargs="*", help="More arguments for evals.bench_chat (after --).")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sides = {"before": worktree(args.before), "after": PROJECT_ROOT}
    data = {"before": args.before_data_dir or args.data_dir, "after": args.data_dir}
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for n, side in itertools.product(range(args.rounds), sides):
        out = args.out / (f"{side}.json" if args.rounds == 1 else f"{side}-{n + 1}.json")
        shape = UI_ONLY if args.ui_only else API_LOAD if args.api_load else LOAD
        command = [sys.executable, "-m", "evals.bench_chat", *shape]
        command += ["--app-root", str(sides[side]), "--data-dir", str(data[side]), "--json", str(out)]
        print(f"== {side} ({n + 1}): load average {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
        subprocess.run([*command, *args.extra], cwd=PROJECT_ROOT, check=True)
        report = json.loads(out.read_text())
        runs[side].append(
            report | {"phases": {f"{ph['phase']} ({ph['path']})": ph for ph in report["phases"]}}
        )
    results = {side: pooled(rounds) for side, rounds in runs.items()}
    head = f"{os.cpu_count()} cores, {args.rounds} round(s)"
    print(f"| ({head}) | before ({args.before}) | after (this checkout) |")
    print("|---|---|---|")
    for label, key, figure in API_ROWS if args.api_load else ROWS:
        before, after = (cell(results[side].get(key), figure) for side in ("before", "after"))
        if before != "-" or after != "-":
            print(f"| {label} | {before} | {after} |")
    if args.rounds > 1:
        for n in range(args.rounds):
            row = [cell(runs[side][n]["phases"].get("a (gradio)"), "ttft_overhead_ms") for side in sides]
            print(f"| round {n + 1}: 20 x 3 chat UI TTFT overhead p50 / p95 ms | {row[0]} | {row[1]} |")


if __name__ == "__main__":
    main()
