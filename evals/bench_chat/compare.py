"""Before/after chat load in one command: the same benchmark against an older commit's app (a
git worktree made for it) and this checkout's, one after the other, then both side by side.

    python -m evals.bench_chat.compare --before ca27392 --data-dir /path/to/data

Each side runs `python -m evals.bench_chat --sessions 20 --turns 3 --gradio --overload-sessions 50
--overload-duration 60` (this checkout's benchmark client and scripted LLM; the app served from
that side's code, with its own default limits) and writes `<out>/<side>.json`. The load average
is read before and after each side (the machine may be shared: the table says so). The worktree
is left for the next run (its path is printed); remove it with `git worktree remove PATH`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from evals.bench_chat import PROJECT_ROOT

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
ROWS = [  # (label, phase key, figure)
    ("20 x 3 API: TTFT overhead p50 / p95 ms", "a (api)", "ttft_overhead_ms"),
    ("20 x 3 API: total overhead p50 / p95 ms", "a (api)", "total_overhead_ms"),
    ("20 x 3 API: answers/s", "a (api)", "answers_per_s"),
    ("20 x 3 chat UI: TTFT overhead p50 / p95 ms", "a (gradio)", "ttft_overhead_ms"),
    ("20 x 3 chat UI: total overhead p50 / p95 ms", "a (gradio)", "total_overhead_ms"),
    ("50 x 60 s API: answers/s", "c (api)", "answers_per_s"),
    ("50 x 60 s API: requests / answers", "c (api)", "requests"),
    ("50 x 60 s API: busy 503 (HTTP / in stream)", "c (api)", "busy"),
    ("50 x 60 s API: errors (not busy)", "c (api)", "errors"),
    ("50 x 60 s API: TTFT overhead p50 / p95 ms", "c (api)", "ttft_overhead_ms"),
    ("50 x 60 s API: app CPU s (per answer)", "c (api)", "cpu"),
    ("load average 1 min (before / after the 20 x 3 API phase)", "a (api)", "load"),
    ("load average 1 min (before / after the 50 x 60 s phase)", "c (api)", "load"),
]


def worktree(ref: str) -> Path:
    """A detached worktree of `ref` (made once, reused; `git worktree remove PATH` when done)."""
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
    if figure == "cpu":
        cpu, answers = phase["app_cpu_s"], phase["answers"]
        return f"{cpu} ({cpu / answers:.3f})" if cpu is not None and answers else str(cpu)
    if figure == "load":
        return " / ".join(str(x) for x in phase["loadavg_1m_before_after"])
    value = phase[figure]
    if isinstance(value, dict):
        return "-" if not value.get("n") else f"{value['p50']:.0f} / {value['p95']:.0f}"
    return str(value)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        prog="python -m evals.bench_chat.compare", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("--before", required=True, help="The git commit (or ref) of the 'before' app.")
    p.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "data", help="A built index (both sides).")
    p.add_argument(
        "--before-data-dir",
        type=Path,
        help="The 'before' side's index, when its release reads another index format (default --data-dir).",
    )
    out = Path(tempfile.gettempdir()) / "fg-bench-chat-compare"
    p.add_argument("--out", type=Path, default=out, help="Where the two JSON reports go.")
    p.add_argument("extra", nargs="*", help="More arguments for evals.bench_chat (after --).")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sides = {"before": worktree(args.before), "after": PROJECT_ROOT}
    data = {"before": args.before_data_dir or args.data_dir, "after": args.data_dir}
    results = {}
    for side, root in sides.items():
        out = args.out / f"{side}.json"
        command = [sys.executable, "-m", "evals.bench_chat", *LOAD, "--app-root", str(root)]
        command += ["--data-dir", str(data[side]), "--json", str(out), *args.extra]
        print(f"== {side}: {root} (load average {os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)
        subprocess.run(command, cwd=PROJECT_ROOT, check=True)
        phases = json.loads(out.read_text())["phases"]
        results[side] = {f"{ph['phase']} ({ph['path']})": ph for ph in phases}
    print(f"| ({os.cpu_count()} cores) | before ({args.before}) | after (this checkout) |")
    print("|---|---|---|")
    for label, key, figure in ROWS:
        before, after = (cell(results[side].get(key), figure) for side in ("before", "after"))
        print(f"| {label} | {before} | {after} |")


if __name__ == "__main__":
    main()
