"""The benchmark's figures: per-phase percentiles, the printed table, the fingerprint of the code."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from evals.bench_chat import PROJECT_ROOT
from evals.bench_chat.api_client import BUSY
from evals.bench_chat.phases import Phase
from rag.stats import percentile


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
    market = [r for r in rs if r.kind == "market"]
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
        "pieces_per_answer": round(sum(r.pieces for r in llm) / len(llm), 1) if llm else None,
        "stream_bytes_per_answer": round(sum(r.stream_bytes for r in llm) / len(llm)) if llm else None,
        "refused_ttft_ms": stats([r.ttft_s for r in refused if r.ttft_s is not None]),
        "market_total_ms": stats([r.total_s for r in market if r.total_s is not None]),
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
        "app_loop_cpu_s": phase.app_loop_cpu_s,
        "app_workers_cpu_s": phase.app_workers_cpu_s,
        "app_cpu_s_per_answer": (
            round(phase.app_cpu_s / len(answered), 4) if phase.app_cpu_s and answered else None
        ),
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
        ("streamed pieces per LLM answer", lambda s: str(s["pieces_per_answer"])),
        ("stream bytes per LLM answer", lambda s: str(s.get("stream_bytes_per_answer"))),
        ("total overhead ms", lambda s: fmt(s["total_overhead_ms"])),
        ("refused-answer TTFT ms", lambda s: fmt(s["refused_ttft_ms"])),
        ("market answer ms (incl. its tool call)", lambda s: fmt(s["market_total_ms"])),
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
        (
            "app CPU s (event loop's thread, worker processes)",
            lambda s: f"{s['app_cpu_s']} ({s['app_loop_cpu_s']}, {s.get('app_workers_cpu_s')})",
        ),
        ("app CPU s per answer", lambda s: str(s["app_cpu_s_per_answer"])),
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


CODE = [
    "ui/api.py",
    "ui/limits.py",
    "ui/service.py",
    "ui/app.py",
    "ui/chat.py",
    "rag/answer/pipeline.py",
    "rag/answer/llm.py",
    "rag/answer/async_answer.py",
]


def code_fingerprint(root: Path = PROJECT_ROOT) -> dict[str, str]:
    """The app code measured (others may change it between runs): sha256 prefix and mtime."""
    out = {}
    for rel in CODE:
        path = root / rel
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
            out[rel] = f"{digest} {mtime}"
        except OSError:
            out[rel] = "missing"
    return out
