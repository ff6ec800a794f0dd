"""Measure a learned answerability gate on the tuning sets, each set left out in turn.

    python -m evals.tune_gate collect --questions evals/retrieval/questions.jsonl \
        evals/retrieval/near_domain.jsonl evals/retrieval/near_domain2.jsonl ... \
        evals/retrieval/unseen.jsonl ... --out signals.json
    python -m evals.tune_gate fit --signals signals.json [--c 0.1 1.0] [--budget 0 5 10 20]

`collect` answers every tuning question offline with the product's pipeline (so the answers are main's)
and keeps per question the signals of evals/gate_signals.py as computed on the context the checks
judged, the checks' verdict, whether the answer was refused and the question's label (the guide answers
it fully, in part, or not at all). Only tuning splits are read: `questions.jsonl` and `near_domain.jsonl`
give their dev split, and a held-out file (HELD_OUT) is refused outright.

`fit` runs leave-one-set-out for two ways to use a logistic regression over the signals (scikit-learn,
`pip install -e .[train]`; standardised by the training sets' means and scales):
- "rules or gate": fitted on the questions the checks answer, it refuses those whose probability of being
  unanswerable reaches a threshold chosen on the training sets' out-of-fold probabilities (each training
  set scored by a model fitted without it): the lowest that newly refuses at most `budget` fully
  answerable training questions, refusing the most unanswerable and then the fewest partly answerable ones;
- "gate alone": fitted on every question reaching the checks, in place of their verdict, its threshold
  allowed as many false refusals on the training sets as the checks make there.
The left-out set is scored by the checks alone and by each way (evals/README.md, gate14: no way won).
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from evals.gate_signals import SIGNALS, Signals
from evals.questions import load_questions
from rag.config import Settings
from rag.deps import Deps

HELD_OUT = ("unseen13", "near_domain12")  # never trained on, never read (nor any test split)
SPLIT_FILES = ("questions", "near_domain")  # files with a dev/test split: dev only
C_GRID = (0.1, 1.0)
BUDGETS = (0, 5, 10, 20)  # fully answerable training questions "rules or gate" may newly refuse


def set_name(path: Path) -> str:
    return f"{path.stem}:dev" if path.stem in SPLIT_FILES else path.stem


def tuning_questions(paths: list[Path]) -> list[tuple[str, object]]:
    """(set, question) of every tuning question; a held-out file is an error."""
    out = []
    for path in paths:
        if path.stem in HELD_OUT:
            raise SystemExit(f"Error: {path} is held out: never trained on")
        for q in load_questions(path):
            if path.stem in SPLIT_FILES and q.split != "dev":
                continue
            out.append((set_name(path), q))
    return out


class Recording:
    """An Answerer's grounding that also records the signals of the context and verdict it returns."""

    def __init__(self, grounding, signals: Signals):
        self.grounding = grounding
        self.signals = signals
        self.seen: dict = {}

    def __call__(self, query: str, hits, relevance: float):
        context, verdict = self.grounding(query, hits, relevance)
        if context.sources:
            start = time.perf_counter()
            x = self.signals(query, hits, context.chunks(), verdict, relevance)
            ms = (time.perf_counter() - start) * 1000
            self.seen.update(x=x.tolist(), verdict=verdict.coverage, ms=ms)
        return context, verdict


def collect(paths: list[Path], out: Path) -> None:
    """Answer every tuning question, recording the signals."""
    from rag.answer.pipeline import Answerer
    from rag.market.desk import with_market

    settings = Settings()
    deps = with_market(Deps.open(settings))
    rows = []
    try:
        answerer = Answerer(deps, None, settings)
        answerer.grounding = recording = Recording(
            answerer.grounding, Signals(answerer.answerability, deps.retriever)
        )
        for name, q in tuning_questions(paths):
            recording.seen.clear()
            answer = answerer.ask(q.question)
            rows.append(
                {"set": name, "id": q.id, "coverage": q.coverage, "gap": q.gap, "refused": answer.refused}
                | {k: recording.seen.get(k) for k in ("x", "verdict", "ms")}
            )
    finally:
        deps.close()
    out.write_text(json.dumps({"signals": list(SIGNALS), "rows": rows}))
    print(f"{len(rows)} questions, {sum(r['x'] is not None for r in rows)} with signals -> {out}")


@dataclass
class Data:
    """The collected rows as arrays: signals, labels, sets, the rules' refusals."""

    x: np.ndarray
    has: np.ndarray  # the question reached the gate (not answered from the job data alone)
    none: np.ndarray
    full: np.ndarray
    partial: np.ndarray
    refused: np.ndarray  # the answer (main's) was refused
    ruled: np.ndarray  # the checks' verdict was "none"
    sets: np.ndarray
    ms: np.ndarray

    @classmethod
    def load(cls, path: Path) -> Data:
        data = json.loads(path.read_text())
        if data["signals"] != list(SIGNALS):
            raise SystemExit(f"Error: {path} was collected with other signals; collect again")
        rows = data["rows"]
        cov = np.array([r["coverage"] for r in rows])
        return cls(
            x=np.array([r["x"] or [0.0] * len(SIGNALS) for r in rows]),
            has=np.array([r["x"] is not None for r in rows]),
            none=cov == "none",
            full=cov == "full",
            partial=cov == "partial",
            refused=np.array([r["refused"] for r in rows]),
            ruled=np.array([r["verdict"] == "none" for r in rows]),
            sets=np.array([r["set"] for r in rows]),
            ms=np.array([r["ms"] or 0.0 for r in rows]),
        )


def fit(x: np.ndarray, y: np.ndarray, c: float) -> dict:
    """Logistic regression on standardised signals: weights, bias, means, scales."""
    from sklearn.linear_model import LogisticRegression

    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales < 1e-9] = 1.0
    model = LogisticRegression(C=c, max_iter=2000).fit((x - means) / scales, y)
    return {"weights": model.coef_[0], "bias": float(model.intercept_[0]), "means": means, "scales": scales}


def probability(model: dict, x: np.ndarray) -> np.ndarray:
    z = (x - model["means"]) / model["scales"] @ model["weights"] + model["bias"]
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def candidates(d: Data) -> np.ndarray:
    """Questions the gate may refuse: they reached it and the checks answered them."""
    return d.has & ~d.ruled & ~d.refused


def out_of_fold(d: Data, mask: np.ndarray, pool: np.ndarray, c: float) -> np.ndarray:
    """Each training set's probabilities from a model fitted on the other training sets' `pool` rows."""
    p = np.zeros(len(d.sets))
    for s in np.unique(d.sets[mask]):
        train, scored = mask & pool & (d.sets != s), mask & (d.sets == s)
        p[scored] = probability(fit(d.x[train], d.none[train], c), d.x[scored])
    return p


def threshold(d: Data, mask: np.ndarray, p: np.ndarray, pool: np.ndarray, budget: int) -> float:
    """The threshold refusing at most `budget` fully answerable questions of `pool` (within `mask`), and
    among those the most unanswerable ones, then the fewest partly answerable ones."""
    can = pool & mask
    best, best_key = 1.0, (0, 0)
    for t in sorted(set(np.round(p[can], 4)), reverse=True):
        hit = can & (p >= t)
        if (hit & d.full).sum() > budget:
            break
        key = ((hit & d.none).sum(), -(hit & d.partial).sum())
        if key > best_key:
            best, best_key = float(t), key
    return best


def scores(d: Data, mask: np.ndarray, refused: np.ndarray) -> tuple[str, str, str]:
    """Refused unanswerable, fully answerable and partly answerable questions of `mask`, as "k/n"."""

    def rate(group: np.ndarray) -> str:
        n = int((mask & group).sum())
        return f"{int((refused & mask & group).sum())}/{n}" if n else "-"

    return rate(d.none), rate(d.full), rate(d.partial)


def loso(d: Data, c: float, budgets: list[int]) -> dict[str, dict[str, np.ndarray]]:
    """Per way and left-out set, the refusals: {way: {set: refused}} (the way "rules": main's answers)."""
    out: dict[str, dict[str, np.ndarray]] = {"rules": {}, "gate alone": {}} | {
        f"rules or gate ({b})": {} for b in budgets
    }
    can = candidates(d)
    for s in sorted(np.unique(d.sets)):
        train, test = d.sets != s, d.sets == s
        out["rules"][s] = d.refused & test
        oof = out_of_fold(d, train, can, c)
        p = probability(fit(d.x[train & can], d.none[train & can], c), d.x)
        for b in budgets:
            t = threshold(d, train, oof, can, b)
            out[f"rules or gate ({b})"][s] = test & (d.refused | (can & (p >= t)))
        rules_fr = int((train & d.has & d.refused & d.full).sum())
        oof_all = out_of_fold(d, train, d.has, c)
        p_all = probability(fit(d.x[train & d.has], d.none[train & d.has], c), d.x)
        t = threshold(d, train, oof_all, d.has, rules_fr)
        out["gate alone"][s] = test & ((d.refused & ~d.has) | (d.has & (p_all >= t)))
    return out


def table(d: Data, results: dict[str, dict[str, np.ndarray]]) -> list[str]:
    """A markdown table: per left-out set, refused unanswerable / fully / partly answerable, per way."""
    ways = list(results)
    lines = ["| left-out set | " + " | ".join(ways) + " |", "|---" * (len(ways) + 1) + "|"]
    every = np.ones(len(d.sets), dtype=bool)
    for s in [*sorted(np.unique(d.sets)), "all"]:
        mask = every if s == "all" else d.sets == s
        cells = [
            " · ".join(
                scores(d, mask, results[w][s] if s != "all" else np.any(list(results[w].values()), axis=0))
            )
            for w in ways
        ]
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect", help="Answer the tuning sets and record the signals.")
    c.add_argument("--questions", type=Path, nargs="+", required=True)
    c.add_argument("--out", type=Path, required=True)
    f = sub.add_parser("fit", help="Leave one set out; print the refusals per left-out set.")
    f.add_argument("--signals", type=Path, required=True)
    f.add_argument("--c", type=float, nargs="+", default=list(C_GRID))
    f.add_argument("--budget", type=int, nargs="+", default=list(BUDGETS))
    args = parser.parse_args()
    if args.command == "collect":
        collect(args.questions, args.out)
        return
    d = Data.load(args.signals)
    ms = d.ms[d.has]
    print(f"signals' time per question: median {np.median(ms):.2f} ms, p95 {np.percentile(ms, 95):.2f} ms")
    print("cells: refused unanswerable · fully answerable · partly answerable questions")
    for cc in args.c:
        print(f"\nC = {cc}")
        print("\n".join(table(d, loso(d, cc, args.budget))))


if __name__ == "__main__":
    main()
