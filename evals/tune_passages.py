"""Measure a finer-grained dense lane over the guide's own text: every sentence or list item of the
guide's pages and company files embedded on its own, a chunk scored by its best passage (max-sim).

    python -m evals.tune_passages --questions evals/retrieval/questions.jsonl \
        evals/retrieval/unseen.jsonl evals/retrieval/unseen2.jsonl evals/retrieval/unseen3.jsonl

MiniLM may match a paraphrased question to one short sentence better than to a 256-word-piece chunk.
Three passage texts are tried: the sentence with its page title and heading path ("sentence"), the
bare sentence ("plain"), and one card per chunk, its heading path and first sentence ("card"). Each
is used two ways: as an extra ranking fused at a weight ("extra"), or in place of the page route's
dense ranking, chunks scored by a mix of their own cosine and their best passage's ("replace").
Passages are embedded with the ingest embedder and cached by content hash (`passages.sqlite` beside
the ingest cache); the lane is exact numpy max-sim in memory. The point with the best pooled
hit@5 + nDCG@10 is chosen, and each tuning split is left out in turn (chosen on the others, scored on
it). Only the tuning splits are scored: a held-out set is never read by this script.
"""

from __future__ import annotations

import json
import re
import time

import numpy as np

from evals.metrics import evaluate
from evals.retrieval_eval import build_qrels, document_of
from evals.tune_ranking import DEPTH, collect, fuse, tuning_args, tuning_questions
from ingest.cache import IngestCache, content_key
from rag.config import Settings
from rag.deps import Deps, load_embedder
from rag.index.catalog import catalog_for
from rag.index.vectors import point_id
from rag.records import Chunk

VARIANTS = ("sentence", "plain", "card")
EXTRA_WEIGHTS = (0.5, 1.0, 1.5, 2.0)
MIXES = (0.0, 0.5)  # "replace": share of the chunk's own cosine in its score
BOOSTS = ((0.3, 0.5), (0.3, 1.0), (0.5, 0.5), (0.5, 1.0), (0.5, 2.0))  # "boost": (floor, weight)
OFF = ("off", "", 0.0)
TUNING = ["dev", "unseen", "unseen2", "unseen3"]
MIN_WORDS = 3  # shorter lines ("Yes.", a bare heading word) say nothing on their own
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(\[*])")
_BULLET = re.compile(r"^(?:[-*+>#]+|\d+[.)])\s*")


def passages(text: str) -> list[str]:
    """A chunk's sentences and list items, bullets and numbering removed, each of MIN_WORDS or more."""
    out = []
    for line in text.splitlines():
        line = _BULLET.sub("", line.strip()).strip()
        out += [s.strip() for s in _SENTENCE_END.split(line) if len(s.split()) >= MIN_WORDS]
    return out


def heading(chunk: Chunk) -> str:
    return f"{chunk.title} > {chunk.section}" if chunk.section else chunk.title


def passage_texts(chunk: Chunk, variant: str) -> list[str]:
    """What is embedded for one chunk in a variant (see the module doc)."""
    found = passages(chunk.text)
    if variant == "card":
        return [f"{heading(chunk)}: {found[0]}" if found else heading(chunk)]
    if variant == "sentence":
        return [f"{heading(chunk)}: {p}" for p in found]
    return found


class PassageLane:
    """Passage vectors of the guide's pages and company files; a chunk's score is its best passage's."""

    def __init__(self, chunks: list[Chunk], owner: np.ndarray, vectors: np.ndarray):
        self.chunks, self.owner, self.vectors = chunks, owner, vectors

    @classmethod
    def build(cls, chunks: list[Chunk], variant: str, embedder, cache: IngestCache) -> PassageLane:
        owner, texts = [], []
        for i, chunk in enumerate(chunks):
            found = passage_texts(chunk, variant)
            owner += [i] * len(found)
            texts += found
        keys = [content_key(embedder.cache_key, t) for t in texts]
        known = cache.get_vectors(list(set(keys)))
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
        if todo:
            known.update(zip([k for k, _ in todo], embedder.encode([t for _, t in todo]), strict=True))
            cache.put_vectors({k: known[k] for k, _ in todo})
        vectors = np.stack([known[k] for k in keys]) if keys else np.zeros((0, embedder.dim), np.float32)
        return cls(chunks, np.array(owner, dtype=np.int64), vectors.astype(np.float32))

    def best(self, query: np.ndarray) -> np.ndarray:
        """Per chunk, the cosine of its best passage (-1 for a chunk without passages)."""
        scores = np.full(len(self.chunks), -1.0, dtype=np.float32)
        np.maximum.at(scores, self.owner, self.vectors @ query)
        return scores

    @staticmethod
    def ranking(chunks: list[Chunk], scores: np.ndarray, depth: int) -> list[tuple[Chunk, float]]:
        order = sorted(range(len(chunks)), key=lambda i: (-scores[i], chunks[i].id))[:depth]
        return [(chunks[i], float(scores[i])) for i in order]


def grid() -> list[tuple]:
    """(use, variant, weight or mix[, weight]) points; OFF is today's ranking."""
    points = [OFF]
    for variant in VARIANTS:
        points += [("extra", variant, w) for w in EXTRA_WEIGHTS]
        points += [("replace", variant, a) for a in MIXES]
        points += [("boost", variant, floor, w) for floor, w in BOOSTS]
    return points


def main() -> None:
    args = tuning_args(__doc__, TUNING)
    settings = Settings()
    questions = tuning_questions(args.questions, args.split)
    deps = Deps.open(settings)
    cache = IngestCache(settings.cache_dir / "passages.sqlite")
    try:
        lists = collect(deps, questions)
        qrels = build_qrels(questions, document_of(deps.retriever))
        catalog = catalog_for(deps.index.bm25)
        guide = [c for c in deps.index.bm25.chunks if c.kind in ("page", "company")]
        stored = deps.index.vectors.all_vectors()
        own = np.stack([stored[point_id(c.id)] for c in guide]).astype(np.float32)
        vectors = deps.embedder.encode([q.question for q in questions])
        query = dict(zip([q.id for q in questions], vectors, strict=True))
        costs, lanes = {}, {}
        for variant in VARIANTS:
            started = time.process_time()
            lanes[variant] = PassageLane.build(guide, variant, load_embedder(settings), cache)
            costs[variant] = {
                "passages": len(lanes[variant].owner),
                "build_cpu_s": round(time.process_time() - started, 1),
                "vectors_mb": round(lanes[variant].vectors.nbytes / 2**20, 1),
            }
    finally:
        cache.close()
        deps.close()
    is_page = np.array([c.kind == "page" for c in guide])
    current = (settings.data_page_weight, settings.doc_score_weight)
    memo: dict[str, dict] = {q.id: {} for q in questions}  # per question and grid point: top 10 documents
    for variant, lane in lanes.items():  # the lane's own cost per question: max-sim and sort, CPU ms
        started = time.process_time()
        for q in questions:
            PassageLane.ranking(guide, lane.best(query[q.id]), DEPTH)
        costs[variant]["query_cpu_ms"] = round(1000 * (time.process_time() - started) / len(questions), 2)

    def run(qid: str, point: tuple) -> dict:
        if point not in memo[qid]:
            use, variant, weight = point[:3]
            extra, routed, boost = [], lists[qid], None
            if use != "off":
                best = lanes[variant].best(query[qid])
                if use == "boost":  # a guide chunk's fused score x (1 + w x (best passage - floor)+)
                    factor = 1 + point[3] * np.maximum(0.0, best - weight)
                    boost = {c.id: float(f) for c, f in zip(guide, factor, strict=True)}
                elif use == "extra":
                    extra = [(PassageLane.ranking(guide, best, DEPTH), weight)]
                else:
                    mixed = np.where(is_page, weight * (own @ query[qid]) + (1 - weight) * best, -9.0)
                    page = PassageLane.ranking(guide, mixed, DEPTH)
                    routed = {**routed, "page": (page, routed["page"][1])}
            memo[qid][point] = fuse(routed, settings, catalog, current, extra, boost)
        return memo[qid][point]

    def score(splits: list[str], point: tuple) -> dict:
        chosen = [q for q in questions if q.split in splits]
        result = evaluate(
            {q.id: qrels[q.id] for q in chosen},
            {q.id: run(q.id, point) for q in chosen},
            {q.id: q.kind for q in chosen},
        )
        return {
            **{key: round(result[key], 3) for key in ("n", "hit@5", "ndcg@10")},
            "per_kind": {
                k: [round(v["hit@5"], 3), round(v["ndcg@10"], 3)] for k, v in result["per_kind"].items()
            },
        }

    def best(splits: list[str]) -> tuple:
        scored = {p: score(splits, p) for p in grid()}
        return max(scored, key=lambda p: (round(scored[p]["hit@5"] + scored[p]["ndcg@10"], 6), p == OFF))

    left_out = {}
    for held in args.split:
        point = best([s for s in args.split if s != held])
        left_out[held] = {
            "chosen_on_the_others": point,
            "off": score([held], OFF),
            "chosen": score([held], point),
        }
    chosen = best(args.split)
    table = {
        "/".join(map(str, p)): {s: [score([s], p)["hit@5"], score([s], p)["ndcg@10"]] for s in args.split}
        for p in grid()
    }
    report = {"chosen": chosen, "leave_one_split_out": left_out, "costs": costs, "grid": table}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
