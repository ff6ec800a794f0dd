"""Route accuracy of the market router on the retrieval eval sets: each question's expected route
(market, both or guide) is labelled by hand in route_labels.jsonl. Tuning sets by default; the
held-out ones (questions test, near_domain test, unseen2) only with --held-out.

    python -m evals.market.routes [--held-out] [--show] [--json]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from rag.config import Settings
from rag.errors import IndexNotFoundError
from rag.index.store import IndexStore
from rag.market.desk import MarketDesk
from rag.market.router import Router
from rag.market.schema import DB_FILE

HERE = Path(__file__).parent
LABELS = HERE / "route_labels.jsonl"
FILES = {
    "questions": HERE.parent / "retrieval" / "questions.jsonl",
    "unseen": HERE.parent / "retrieval" / "unseen.jsonl",
    "near_domain": HERE.parent / "retrieval" / "near_domain.jsonl",
    "unseen2": HERE.parent / "retrieval" / "unseen2.jsonl",
}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def labelled(held_out: bool) -> list[dict]:
    """Labels joined with their questions: the tuning sets, or only the held-out ones."""
    text = {(name, q["id"]): q["question"] for name, path in FILES.items() for q in _jsonl(path)}
    rows = [r for r in _jsonl(LABELS) if r["held_out"] == held_out]
    return [{**r, "question": text[(r["set"], r["id"])]} for r in rows]


def score(rows: list[dict]) -> dict:
    """Accuracy (exact route) and precision/recall of sending a question to the table at all."""
    tp = sum(r["got"] != "guide" and r["route"] != "guide" for r in rows)
    fp = sum(r["got"] != "guide" and r["route"] == "guide" for r in rows)
    fn = sum(r["got"] == "guide" and r["route"] != "guide" for r in rows)
    return {
        "n": len(rows),
        "accuracy": round(sum(r["got"] == r["route"] for r in rows) / len(rows), 4) if rows else None,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "confusion": dict(Counter(f"{r['route']}->{r['got']}" for r in rows if r["got"] != r["route"])),
    }


def evaluate(router: Router, held_out: bool = False) -> dict:
    rows = labelled(held_out)
    for r in rows:
        routed = router.route(r["question"])
        r["got"], r["reason"] = routed.route, routed.reason
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(f"{r['set']}:{r['split']}", []).append(r)
    return {
        "sets": {name: score(group) for name, group in groups.items()},
        "all": score(rows),
        "wrong": [r for r in rows if r["got"] != r["route"]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="score the held-out sets instead")
    parser.add_argument("--show", action="store_true", help="list the wrongly routed questions")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    store = IndexStore(Settings())  # the active version's postings table, as `fieldguide eval market`
    version = store.active_version()
    desk = MarketDesk.open(store.versions_dir / version / DB_FILE) if version else None
    if desk is None:
        raise IndexNotFoundError(str(store.root))
    try:
        result = evaluate(desk.router, args.held_out)
    finally:
        desk.close()
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for name, s in [*result["sets"].items(), ("all", result["all"])]:
        print(f"{name:18} n={s['n']:3} accuracy {s['accuracy']} precision {s['precision']} ", end="")
        print(f"recall {s['recall']}")
    if args.show and not args.held_out:
        for r in result["wrong"]:
            print(f"  {r['id']} want {r['route']} got {r['got']} ({r['reason']}): {r['question']}")


if __name__ == "__main__":
    main()
