"""Document priors on the re-ranked pool, fitted and judged leave one set out (issue 12, ranking).

    python -m evals.doc_priors --set dev=evals/retrieval/questions.jsonl:dev \
        --set dev=evals/retrieval/near_domain.jsonl:dev --set unseen=evals/retrieval/unseen.jsonl ...

Hybrid search ranks documents by their best re-ranked chunk. This asks whether a prior on the
document itself travels across question sets: an offset per document group (a posting, a company
file, the guide folder: `rerank.group_of`) and a penalty of `size` x log(its chunks in the pool),
which would correct the pages that collect many loosely matching chunks (the "hub" pages rounds
thirteen to sixteen found above the role and learning-path golds); or, alone, the share of a
document's further chunks in `collapse_documents` after re-ranking (FIELDGUIDE_DOC_SCORE_WEIGHT
today). Each set is scored with the prior fitted (hit@5 + nDCG@10) on every other set, beside
today's ranking, which the zero prior reproduces. Tuning sets only: name them with --set.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from evals.questions import load_questions
from evals.retrieval_eval import document_of
from rag.index.catalog import catalog_for
from rag.index.rerank import GROUPS, features, group_of
from rag.index.retrieve import Retriever

OFFSETS = (-1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0)  # a group's offset, in re-ranker score units
SIZES = (0.0, 0.1, 0.2, 0.3)  # the penalty per log chunk of the document in the pool
DOC_WEIGHTS = (0.0, 0.01, 0.02, 0.03, 0.05, 0.1)  # a document's further chunks' share in the collapse
FAMILIES = ("doc_weight", "group_size")
ROUNDS = 2  # passes of coordinate ascent over the groups
HELD_OUT = ("unseen15", "near_domain14")  # the lead's fresh sets: never read (nor any test split)


@dataclass(frozen=True)
class Pool:
    """One question's re-ranked pool and fused list, as arrays: enough to redo reorder + collapse."""

    set: str
    kind: str
    score: np.ndarray  # the re-ranker's score of each pool chunk, in fused order
    tie: np.ndarray  # each pool chunk's rank by id (the re-ranker's tie-break)
    group: np.ndarray  # each pool chunk's GROUPS index
    log_chunks: np.ndarray  # log of its document's chunks in the pool
    doc: np.ndarray  # document index of every chunk of the fused list (pool first)
    fused: np.ndarray  # the fused scores, best first (the places the re-ranked chunks take)
    docs: tuple[str, ...]  # the document ids, by index
    gold: np.ndarray  # per document index: gold or not
    golds: int  # gold documents of the question (nDCG's ideal)


def pool_of(retriever: Retriever, question: str, gold: frozenset[str], set_name: str, kind: str) -> Pool:
    """The re-ranker's pool for `question` and the fused list it re-orders (the re-ranker must be on)."""
    if retriever.reranker is None:
        raise SystemExit("doc_priors needs the re-ranker on (FIELDGUIDE_RERANK=true)")
    lanes = retriever.lanes(question, max(retriever.fusion.depth, 80))
    fused = retriever.fused(question, lanes, spread=False, rerank=False)
    head = fused[: retriever.reranker.pool]
    bm25 = retriever.index.bm25
    scores = retriever.reranker.scores(features(question, lanes, head, catalog_for(bm25), bm25))
    docs = list(dict.fromkeys(c.doc_id for c, _ in fused))
    at = {d: i for i, d in enumerate(docs)}
    count = Counter(c.doc_id for c, _ in head)
    ids = [c.id for c, _ in head]
    return Pool(
        set_name,
        kind,
        np.asarray(scores, dtype=float),
        np.argsort(np.argsort(ids, kind="stable")),
        np.array([GROUPS.index(group_of(c)) for c, _ in head], dtype=int),
        np.log(np.array([count[c.doc_id] for c, _ in head], dtype=float)),
        np.array([at[c.doc_id] for c, _ in fused], dtype=int),
        np.array([s for _, s in fused], dtype=float),
        tuple(docs),
        np.array([d in gold for d in docs]),
        len(gold),
    )


@dataclass(frozen=True)
class Prior:
    """A document prior: an offset per group, a penalty per log pool chunk, the collapse's doc weight."""

    offsets: np.ndarray
    size: float
    doc_weight: float


def ranked_documents(p: Pool, prior: Prior) -> np.ndarray:
    """The top 10 document indices: pool re-ordered by score + prior, collapsed as search collapses."""
    n = len(p.score)
    key = p.score + prior.offsets[p.group] - prior.size * p.log_chunks
    order = np.lexsort((p.tie, -key))
    seq = np.concatenate([p.doc[:n][order], p.doc[n:]])
    total = np.bincount(seq, weights=p.fused, minlength=len(p.gold))
    first_at = np.full(len(p.gold), len(seq))
    np.minimum.at(first_at, seq, np.arange(len(seq)))
    present = first_at < len(seq)
    best = np.where(present, p.fused[np.minimum(first_at, len(seq) - 1)], 0.0)
    total = best + prior.doc_weight * (total - best)
    docs = np.flatnonzero(present)
    return docs[np.lexsort((first_at[docs], -total[docs]))][:10]


def scored(pools: Sequence[Pool], prior: Prior) -> np.ndarray:
    """Per pool: (hit@5, nDCG@10) under `prior`."""
    out = np.zeros((len(pools), 2))
    for i, p in enumerate(pools):
        hits = p.gold[ranked_documents(p, prior)]
        out[i, 0] = hits[:5].any()
        ideal = sum(1 / np.log2(r + 1) for r in range(1, min(p.golds, 10) + 1))
        out[i, 1] = (hits / np.log2(np.arange(2, len(hits) + 2))).sum() / ideal if ideal else 0.0
    return out


def objective(pools: Sequence[Pool], prior: Prior) -> float:
    """Mean hit@5 + mean nDCG@10 of `pools` under `prior`."""
    return float(scored(pools, prior).mean(axis=0).sum())


def fit(pools: Sequence[Pool], family: str, doc_weight: float) -> Prior:
    """The prior of `family` that maximises `objective` over `pools` (ties keep the smaller change):
    "doc_weight" searches DOC_WEIGHTS alone; "group_size" the group offsets and the size penalty by
    coordinate ascent, the collapse's weight kept at `doc_weight`."""
    prior = Prior(np.zeros(len(GROUPS)), 0.0, doc_weight)
    best = objective(pools, prior)
    if family == "doc_weight":
        for weight in DOC_WEIGHTS:
            trial = Prior(prior.offsets, 0.0, weight)
            if (value := objective(pools, trial)) > best + 1e-9:
                best, prior = value, trial
        return prior
    for _ in range(ROUNDS):
        for size in SIZES:
            trial = Prior(prior.offsets, size, doc_weight)
            if (value := objective(pools, trial)) > best + 1e-9:
                best, prior = value, trial
        for g in range(len(GROUPS)):
            for offset in OFFSETS:
                offsets = prior.offsets.copy()
                offsets[g] = offset
                trial = Prior(offsets, prior.size, doc_weight)
                if (value := objective(pools, trial)) > best + 1e-9:
                    best, prior = value, trial
    return prior


def leave_one_set_out(pools: Sequence[Pool], family: str, doc_weight: float) -> dict[str, dict]:
    """Per set: figures with today's ranking and with the prior of `family` fitted on the other sets."""
    today = Prior(np.zeros(len(GROUPS)), 0.0, doc_weight)
    out = {}
    for name in sorted({p.set for p in pools}):
        mine = [p for p in pools if p.set == name]
        prior = fit([p for p in pools if p.set != name], family, doc_weight)
        before, after = scored(mine, today), scored(mine, prior)
        kinds = {}
        for kind in sorted({p.kind for p in mine}):
            rows = [i for i, p in enumerate(mine) if p.kind == kind]
            kinds[kind] = [int(before[rows, 0].sum()), int(after[rows, 0].sum()), len(rows)]
        out[name] = {
            "n": len(mine),
            "hit@5": [int(before[:, 0].sum()), int(after[:, 0].sum())],
            "ndcg@10": [round(float(before[:, 1].mean()), 4), round(float(after[:, 1].mean()), 4)],
            "hit@5 per kind (before, after, n)": kinds,
            "prior": {
                "offsets": {g: float(o) for g, o in zip(GROUPS, prior.offsets, strict=True) if o},
                "size": prior.size,
                "doc_weight": prior.doc_weight,
            },
        }
    return out


def parse_set(value: str) -> tuple[str, Path, str | None]:
    """'NAME=PATH' or 'NAME=PATH:SPLIT' -> (name, path, split)."""
    name, sep, rest = value.partition("=")
    if not sep or not name or not rest:
        raise argparse.ArgumentTypeError(f"expected NAME=PATH[:SPLIT], got {value!r}")
    path, _, split = rest.partition(":")
    if Path(path).stem in HELD_OUT or split == "test":
        raise argparse.ArgumentTypeError(f"{value!r} is held out: tuning sets only")
    return name, Path(path), split or None


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=parse_set, action="append", required=True, dest="sets")
    parser.add_argument("--family", choices=FAMILIES, action="append", help="Priors to fit (default: both).")
    args = parser.parse_args(argv)
    from rag.config import Settings
    from rag.deps import Deps

    deps = Deps.open(Settings())
    try:
        doc_of = document_of(deps.retriever)
        pools = [
            pool_of(
                deps.retriever,
                q.question,
                frozenset(doc_of.get(g, f"missing:{g}") for g in q.gold),
                name,
                q.kind,
            )  # fmt: skip
            for name, path, split in args.sets
            for q in load_questions(path)
            if q.gold and split in (None, q.split)
        ]
    finally:
        deps.close()
    weight = deps.retriever.fusion.doc_weight
    report = {f: leave_one_set_out(pools, f, weight) for f in args.family or FAMILIES}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
