"""Measure round five's ranking levers over the guide's own pages, each tuning set left out in turn.

    python -m evals.tune_feedback --questions evals/retrieval/questions.jsonl \
        evals/retrieval/unseen.jsonl evals/retrieval/unseen2.jsonl evals/retrieval/unseen3.jsonl \
        evals/retrieval/unseen4.jsonl

Every lever is a second pass on top of today's hybrid ranking (every constant at its setting), which
is the first pass. Families:

- "rocchio": the query vector moved towards the mean vector of the first pass's top m page chunks
  (q + beta x mean, normalised); its dense ranking over the pages replaces the page route's dense
  ranking or is fused as a further ranking.
- "rm3": BM25 over the pages with a relevance-model query: (1 - lam) x the question's terms plus
  lam x the T terms most frequent in the first pass's top m page chunks (tf / length, weighted by the
  chunk's fused score); replaces the page route's BM25 ranking or is fused as a further ranking.
- "section": a page chunk's fused score gains w x the fused scores of the other chunks of its section,
  or of its neighbours in the page (the chunks just before and after).
- "prior": a naive Bayes model of the question's words -> the group of its gold documents (a page's
  folder, or "posting" / "company"), trained on the tuning sets other than the one scored (and other
  than the held-out one); a chunk's fused score x (1 + w x P(its group | question)), the posterior
  tempered (P ** (1 / T), renormalised) and applied to every chunk or to the pages' only.
- "lanes": the page route's dense and BM25 rankings weighted apart (+d, +b on the page weight), for
  questions that name no company; "weights": the same for the plain dense and BM25 rankings.

For each family, each tuning set is left out in turn: the point with the best pooled hit@5 + nDCG@10
on the other sets (ties: no change) is scored on it. Only the tuning splits are read.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict

import numpy as np

from evals.metrics import evaluate
from evals.questions import Question
from evals.retrieval_eval import build_qrels, document_of
from evals.tune_ranking import DEPTH, collect, fuse, fused_chunks, tuning_args, tuning_questions
from rag.config import Settings
from rag.deps import Deps
from rag.index.catalog import catalog_for
from rag.index.text_tokens import tokenize
from rag.index.vectors import point_id
from rag.records import Chunk

TUNING = ["dev", "unseen", "unseen2", "unseen3", "unseen4"]
OFF = ("off",)
FEEDBACK = (3, 5, 10)  # m: first-pass page chunks used as feedback


def grid() -> list[tuple]:
    points = [OFF]
    points += [
        ("rocchio", m, beta, use) for m in FEEDBACK for beta in (0.5, 1.0, 2.0) for use in ("replace", 1.0)
    ]
    points += [
        ("rm3", m, terms, lam, use)
        for m in FEEDBACK
        for terms in (10, 20)
        for lam in (0.3, 0.5)
        for use in ("replace", 1.0)
    ]
    points += [("section", scope, w) for scope in ("section", "neighbour") for w in (0.1, 0.25, 0.5, 1.0)]
    points += [
        ("prior", w, temper, scope)
        for w in (0.25, 0.5, 1.0, 2.0)
        for temper in (1.0, 3.0)
        for scope in ("all", "pages")
    ]
    points += [("lanes", d, b) for d in (-0.5, 0.0, 0.5, 1.0) for b in (-0.5, 0.0, 0.5, 1.0) if d or b]
    points += [("weights", d, b) for d in (-0.5, 0.0, 0.5) for b in (-0.5, 0.0, 0.5) if d or b]
    return points


def group_of(path: str, kind: str) -> str:
    """The group a gold document belongs to: a page's folder, or its kind."""
    return path.rsplit("/", 1)[0] if kind == "page" and "/" in path else kind if kind != "page" else "."


class GroupPrior:
    """Multinomial naive Bayes: question words -> the groups of its gold documents (Laplace 1)."""

    def __init__(self, examples: list[tuple[list[str], set[str]]]):
        self.groups = sorted({g for _, gs in examples for g in gs})
        self.count = Counter(g for _, gs in examples for g in gs)
        self.words: dict[str, Counter] = defaultdict(Counter)
        for words, gs in examples:
            for g in gs:
                self.words[g].update(words)
        self.vocab = {w for c in self.words.values() for w in c}
        self.total = {g: sum(self.words[g].values()) for g in self.groups}

    def posterior(self, words: list[str]) -> dict[str, float]:
        n = sum(self.count.values())
        v = len(self.vocab) + 1
        logp = {
            g: math.log(self.count[g] / n)
            + sum(math.log((self.words[g][w] + 1) / (self.total[g] + v)) for w in words if w in self.vocab)
            for g in self.groups
        }
        top = max(logp.values())
        z = sum(math.exp(x - top) for x in logp.values())
        return {g: math.exp(x - top) / z for g, x in logp.items()}


def main() -> None:
    args = tuning_args(__doc__, TUNING)
    settings = Settings()
    questions = tuning_questions(args.questions, args.split)
    deps = Deps.open(settings)
    try:
        lists = collect(deps, questions)
        doc_of = document_of(deps.retriever)
        qrels = build_qrels(questions, doc_of)
        catalog = catalog_for(deps.index.bm25)
        bm25 = deps.index.bm25
        pages = [c for c in bm25.chunks if c.kind == "page"]
        stored = deps.index.vectors.all_vectors()
        page_vecs = np.stack([stored[point_id(c.id)] for c in pages]).astype(np.float32)
        query = {q.id: deps.retriever.encoder.encode([q.question])[0] for q in questions}
    finally:
        deps.close()
    kind_of_doc = {c.doc_id: c.kind for c in bm25.chunks}
    row = {c.id: i for i, c in enumerate(pages)}
    tf = [Counter(tokenize(c.embed_text)) for c in pages]
    page_mask = np.array([c.kind == "page" for c in bm25.chunks])
    page_rows = np.flatnonzero(page_mask)
    section_of = {c.id: (c.doc_id, c.section) for c in pages}
    by_section: dict[tuple, list[str]] = defaultdict(list)
    for c in pages:
        by_section[section_of[c.id]].append(c.id)
    current = (settings.data_page_weight, settings.doc_score_weight)
    first = {q.id: fused_chunks(lists[q.id], settings, catalog, current[0]) for q in questions}
    words = {q.id: tokenize(q.question) for q in questions}
    labels = {
        q.id: {group_of(p, kind_of_doc.get(doc_of.get(p, ""), "page")) for p in q.gold} for q in questions
    }
    priors: dict[frozenset, GroupPrior] = {}

    def rank_pages(scores: np.ndarray) -> list[tuple[Chunk, float]]:
        order = np.lexsort((np.arange(len(scores)), -scores))[:DEPTH]
        return [(pages[i], float(scores[i])) for i in order]

    def feedback(qid: str, m: int) -> list[tuple[Chunk, float]]:
        return [(c, s) for c, s in first[qid] if c.kind == "page"][:m]

    def rocchio(qid: str, m: int, beta: float) -> list[tuple[Chunk, float]]:
        fb = feedback(qid, m)
        vec = query[qid] / np.linalg.norm(query[qid])
        vec = vec + beta * page_vecs[[row[c.id] for c, _ in fb]].mean(axis=0)
        return rank_pages(page_vecs @ (vec / np.linalg.norm(vec)))

    def rm3(qid: str, m: int, terms: int, lam: float) -> list[tuple[Chunk, float]]:
        fb = feedback(qid, m)
        total = sum(s for _, s in fb)
        model: Counter = Counter()
        for c, s in fb:
            counts = tf[row[c.id]]
            length = sum(counts.values()) or 1
            for t, n in counts.items():
                model[t] += (s / total) * n / length
        expansion = dict(model.most_common(terms))
        z = sum(expansion.values())
        weights: Counter = Counter()
        for t in words[qid]:
            weights[t] += (1 - lam) / len(words[qid])
        for t, p in expansion.items():
            weights[t] += lam * p / z
        scores = np.zeros(len(bm25.chunks))
        for t, w in weights.items():
            if t in bm25._postings:
                rows, adds = bm25._postings[t]
                scores[rows] += w * adds
        found = page_rows[scores[page_rows] > 0]
        order = found[np.lexsort((found, -scores[found]))][:DEPTH]
        return [(bm25.chunks[i], float(scores[i])) for i in order]

    def prior(qid: str, held: frozenset) -> dict[str, float]:
        if held not in priors:
            priors[held] = GroupPrior([(words[q.id], labels[q.id]) for q in questions if q.split not in held])
        return priors[held].posterior(words[qid])

    def run(q: Question, point: tuple, held: frozenset) -> dict:
        qid, family = q.id, point[0]
        routed, extra, boost = lists[qid], [], None
        if family == "rocchio" or family == "rm3":
            ranking = rocchio(qid, *point[1:3]) if family == "rocchio" else rm3(qid, *point[1:4])
            if point[-1] == "replace":
                page_dense, page_bm25 = routed["page"]
                pair = (ranking, page_bm25) if family == "rocchio" else (page_dense, ranking)
                routed = {**routed, "page": pair}
            else:
                extra = [(ranking, point[-1])]
        elif family == "section":
            scores = dict((c.id, s) for c, s in first[qid])
            boost = {}
            for c, s in first[qid]:
                if c.kind != "page":
                    continue
                if point[1] == "section":
                    others = [o for o in by_section[section_of[c.id]] if o != c.id]
                else:
                    doc, n = c.id.rsplit("#", 1)
                    others = [f"{doc}#{int(n) - 1}", f"{doc}#{int(n) + 1}"]
                gain = sum(scores.get(o, 0.0) for o in others)
                boost[c.id] = 1 + point[2] * gain / s if s > 0 else 1.0
        elif family == "prior":
            w, temper, scope = point[1:]
            post = {g: p ** (1 / temper) for g, p in prior(qid, held).items()}
            z = sum(post.values())
            boost = {}
            for c, _ in first[qid]:
                if scope == "all" or c.kind == "page":
                    path = c.source_paths[0] if c.source_paths else ""
                    boost[c.id] = 1 + w * post.get(group_of(path, c.kind), 0.0) / z
        elif family == "lanes" and not routed["company"]:
            page_dense, page_bm25 = routed["page"]
            extra = [(page_dense, point[1]), (page_bm25, point[2])]
        elif family == "weights":
            dense, plain_bm25 = routed["plain"]
            extra = [(dense, point[1]), (plain_bm25, point[2])]
        return fuse(routed, settings, catalog, current, extra, boost)

    memo: dict[tuple, dict] = {}

    def score(splits: list[str], point: tuple, held: frozenset) -> dict:
        chosen = [q for q in questions if q.split in splits]
        runs = {}
        for q in chosen:
            # the prior for a set is never trained on it, nor on the held-out set
            key = (q.id, point, held | {q.split} if point[0] == "prior" else frozenset())
            if key not in memo:
                memo[key] = run(q, point, key[2])
            runs[q.id] = memo[key]
        result = evaluate({q.id: qrels[q.id] for q in chosen}, runs, {q.id: q.kind for q in chosen})
        return {
            "n": result["n"],
            "hit@5": round(result["hit@5"], 3),
            "ndcg@10": round(result["ndcg@10"], 3),
            "per_kind": {
                k: [v["n"], round(v["hit@5"], 3), round(v["ndcg@10"], 3)]
                for k, v in result["per_kind"].items()
            },
        }

    def best(splits: list[str], points: list[tuple], held: frozenset) -> tuple:
        pooled = {p: score(splits, p, held) for p in points}
        return max(pooled, key=lambda p: (round(pooled[p]["hit@5"] + pooled[p]["ndcg@10"], 6), p == OFF))

    families = sorted({p[0] for p in grid()} - {"off"}) + ["all"]
    report: dict = {"leave_one_split_out": {}, "grid": {}}
    for family in families:
        points = [OFF] + [p for p in grid() if family in ("all", p[0]) and p != OFF]
        folds = {}
        for held in args.split:
            others = [s for s in args.split if s != held]
            point = best(others, points, frozenset({held}))
            off, after = score([held], OFF, frozenset()), score([held], point, frozenset())
            folds[held] = {
                "chosen_on_the_others": point,
                "off": [off["hit@5"], off["ndcg@10"]],
                "chosen": [after["hit@5"], after["ndcg@10"]],
                "questions_hit@5": round((after["hit@5"] - off["hit@5"]) * off["n"]),
                "per_kind_chosen": after["per_kind"],
            }
        report["leave_one_split_out"][family] = folds
    for point in grid():
        report["grid"]["/".join(map(str, point))] = {
            s: [score([s], point, frozenset())[k] for k in ("hit@5", "ndcg@10")] for s in args.split
        }
    same = [
        [c.id for c, _ in rank_pages(page_vecs @ (query[q.id] / np.linalg.norm(query[q.id])))[:10]]
        == [c.id for c, _ in lists[q.id]["page"][0][:10]]
        for q in questions
    ]
    report["numpy_page_dense_equals_store_top10"] = round(sum(same) / len(same), 3)
    report["per_kind_off"] = {s: score([s], OFF, frozenset())["per_kind"] for s in args.split}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
