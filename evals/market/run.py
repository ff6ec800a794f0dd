"""Scores the market engine on evals/market/questions.jsonl: exact-figure accuracy (every figure
equal to the reference's) and routing precision/recall (market or both vs guide)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from rag.errors import MarketError
from rag.market.desk import MarketDesk
from rag.market.engine import MarketEngine, MarketResult
from rag.stats import percentile

QUESTIONS = Path(__file__).with_name("questions.jsonl")


def load(path: Path = QUESTIONS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def figures(result: MarketResult) -> dict:
    """The engine's figures in the reference's shape."""
    spec, rows = result.spec, result.rows
    if spec.measure in ("count", "share") and not spec.group_by:
        return {"n_matching": result.n_matching, "n_population": result.n_population}
    if spec.measure in ("count", "share"):
        return {
            "rows": [[r["value"], r["n_matching"], r["n_population"]] for r in rows if r["value"] is not None]
        }
    if spec.measure == "by_month":
        return {"rows": [[r["month"], r["n_matching"], r["n_population"]] for r in rows]}
    if spec.measure == "salary":
        out = [[r["currency"], r["period"], r["n"], r["median"]] for r in rows]
        return {"rows": sorted(out, key=lambda r: (-r[2], r[0], str(r[1])))}
    return {"rows": [[r["value"], r["n"]] for r in rows if r["value"] is not None]}


def _equal(got: dict, want: dict) -> bool:
    if "rows" not in want:
        return got == want
    n = len(got.get("rows", []))
    return n > 0 and got["rows"] == want["rows"][:n] or (n == 0 and not want["rows"])


def evaluate(engine: MarketEngine, questions: list[dict]) -> dict:
    desk = MarketDesk(engine)  # routed as the product routes: the desk's checks after the router's
    router, follow_ups = desk, desk.follow_ups  # questions with "history": follow-ups
    per, latencies = [], []
    tp = fp = fn = tn = 0
    for q in questions:
        start = time.perf_counter()
        history = [{"role": "user", "content": turn} for turn in q.get("history", [])]
        routed = follow_ups.read(q["question"], history) if history else router.route(q["question"])
        got, error = None, None
        if routed.spec is not None:
            try:
                got = figures(engine.run(routed.spec))
            except MarketError as exc:
                error = str(exc)
        latencies.append((time.perf_counter() - start) * 1000)
        want_market, is_market = q["route"] != "guide", routed.route != "guide"
        tp, fp = tp + (want_market and is_market), fp + (is_market and not want_market)
        fn, tn = fn + (want_market and not is_market), tn + (not want_market and not is_market)
        row = {"id": q["id"], "question": q["question"], "route": routed.route, "expected_route": q["route"]}
        if want_market:
            expect = q.get("expect", {})
            if expect.get("not_recorded"):
                ok = routed.not_recorded is not None
            elif expect.get("unknown"):
                ok = routed.unknown is not None
            else:
                ok = got is not None and _equal(got, q["figures"])
            if q.get("note"):  # the reading used must be said
                ok = ok and any(q["note"] in note for note in routed.notes)
            row.update(
                correct=bool(ok and routed.route == q["route"]), got=got, want=q.get("figures"), error=error
            )
            row["spec"] = routed.spec.model_dump(mode="json", exclude_defaults=True) if routed.spec else None
        per.append(row)
    market = [r for r in per if r["expected_route"] != "guide"]
    return {
        "n_market": len(market),
        "n_guide": len(per) - len(market),
        "exact_accuracy": round(sum(r["correct"] for r in market) / len(market), 4) if market else None,
        "routing_precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "routing_recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "latency_ms": {
            "p50": round(percentile(latencies, 50), 2),
            "p95": round(percentile(latencies, 95), 2),
        },
        "per_question": per,
    }
