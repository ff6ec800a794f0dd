"""A learned re-ranker over hybrid search's fused chunks (learning to rank, issue 12).

Hybrid search fuses ranks; it cannot weigh *which* lanes agree, how long a chunk is, whether the
question's words sit in its heading, or what kind of page a question of this shape usually needs.
This module scores the top `pool` fused chunks by boosted trees over such features, all of which the
pipeline already has (the lanes' ranks and scores, exact BM25 scores, the chunk's kind and folder,
its document's other chunks in the pool and the document seen whole over the pool: its best cosine,
heading and BM25 score, the question terms its chunks cover together, its rank; the question's
cues), and puts them in that order above the rest. The trees are a small JSON file learned from the
eval sets' gold documents by `python -m evals.tune_reranker` (LightGBM's LambdaRank, at training
time only); search walks them in numpy. Measured leave one set out: evals/README.md, "Ranking, round
seven" and "round eight".
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from rag.errors import RerankerWeightsError
from rag.index.bm25 import BM25Index
from rag.index.catalog import Catalog, in_data_folder
from rag.index.text_tokens import term_set, tokenize
from rag.records import Chunk

LANES = ("dense", "bm25", "page_dense", "page_bm25", "company_dense", "company_bm25", "figures")
GROUPS = ("posting", "company", "role", "webinars", "learning-paths", "interview", "questions", "portfolio",
          "root", "data")  # fmt: skip
# Cues of the question's shape that change which kind of document answers it.
CUES = {
    "company": None,  # a company is named (the company lanes ran)
    "postings": None,  # about the postings, no company named (the figure lanes ran)
    "count": re.compile(r"\b(how (many|much|often|common)|percent|share|most (common|popular)|top)\b", re.I),
    "pay": re.compile(r"\b(salary|salaries|pay|paid|compensation|remote|office|hybrid|location)\b", re.I),
    "story": re.compile(r"\b(webinar|talk|session|said|story|stories|experience|someone)\b", re.I),
}
BASE = (
    "fused", "log_rank", "cos", "cos_gap", "bm25", "has_cos",
    *(f"rr_{lane}" for lane in LANES),
    "lanes_found", "coverage", "heading_coverage", "log_length", "link_share", "figure_chunk",
    "doc_chunks", "doc_best", "doc_sum", "section_chunks", "first_of_doc",
    "title_coverage", "doc_cos_gap", "doc_heading", "doc_coverage", "doc_bm25", "doc_rank", "q_terms",
)  # fmt: skip
FEATURES = BASE + tuple(f"group_{g}" for g in GROUPS) + tuple(f"{c}_x_{g}" for c in CUES for g in GROUPS)
WEIGHTS_FILE = Path(__file__).with_name("reranker.json")
CHUNKS_PER_DOC = 2  # a document's chunks enter the re-ranked list this many at a time


@dataclass(frozen=True)
class Lane:
    """One ranking hybrid search fuses: which lane, its (chunk, score) list, its fusion weight."""

    name: str
    ranking: list[tuple[Chunk, float]]
    weight: float


def group_of(chunk: Chunk) -> str:
    """The kind of document a chunk belongs to: posting, company, or the guide page's folder."""
    if chunk.kind != "page":
        return chunk.kind if chunk.kind in GROUPS else "posting"
    path = chunk.source_paths[0] if chunk.source_paths else ""
    if in_data_folder(path):
        return "data"
    parts = path.split("/")
    if len(parts) == 1:
        return "root"
    if parts[:2] == ["interview", "questions"]:
        return "questions"
    return parts[0] if parts[0] in GROUPS else "root"


def cues(query: str, lanes: list[Lane]) -> dict[str, float]:
    """Which of CUES the question shows (1.0 or 0.0)."""
    names = {lane.name for lane in lanes}
    out = {"company": float("company_dense" in names), "postings": float("figures_dense" in names)}
    for cue, pattern in CUES.items():
        if pattern is not None:
            out[cue] = float(bool(pattern.search(query)))
    return out


def features(
    query: str, lanes: list[Lane], fused: list[tuple[Chunk, float]], catalog: Catalog, bm25: BM25Index
) -> np.ndarray:
    """The FEATURES of each chunk of `fused` (rows in its order)."""
    n = len(fused)
    x = np.zeros((n, len(FEATURES)))
    if not n:
        return x
    ids = [c.id for c, _ in fused]
    pos = {cid: i for i, cid in enumerate(ids)}
    cos: list[float | None] = [None] * n
    for lane in lanes:
        j = _COL[f"rr_{'figures' if lane.name.startswith('figures') else lane.name}"]
        column = x[:, j].tolist()
        for rank, (chunk, score) in enumerate(lane.ranking, start=1):
            i = pos.get(chunk.id)
            if i is None:
                continue
            column[i] = max(column[i], 20.0 / (20.0 + rank))
            if lane.name.endswith("dense"):
                cos[i] = score if cos[i] is None else max(cos[i], score)  # type: ignore[type-var]
        x[:, j] = column
    known = [c for c in cos if c is not None]
    low = min(known) - 0.05 if known else 0.0
    x[:, _COL["has_cos"]] = [c is not None for c in cos]
    x[:, _COL["cos"]] = cosine = np.array([low if c is None else c for c in cos])
    x[:, _COL["cos_gap"]] = cosine - cosine.max()
    x[:, _COL["lanes_found"]] = (x[:, _RR] > 0).sum(axis=1) / len(LANES)
    rows = np.array([catalog.row[cid] for cid in ids])
    terms = tokenize(query)
    bm = bm25.scores(terms)[rows] if terms else np.zeros(n)
    x[:, _COL["bm25"]] = bm / bm.max() if bm.max() > 0 else 0.0
    scores = np.array([s for _, s in fused])
    top = scores.max() if scores.max() > 0 else 1.0
    x[:, _COL["fused"]] = scores / top
    x[:, _COL["log_rank"]] = np.log(np.arange(1, n + 1))
    weight = {t: max(catalog.idf.get(t, 0.0), 0.0) for t in sorted(set(terms))}
    total = sum(weight.values()) or 1.0
    held = []  # (share of the question's weight, which rows hold the term)
    for t, w in weight.items():
        have = bm25.rows_with(t)  # sorted positions
        if have.size:
            at = np.minimum(np.searchsorted(have, rows), have.size - 1)
            held.append((w / total, have[at] == rows))
            x[:, _COL["coverage"]] += held[-1][0] * held[-1][1]
    docs, sections = Counter(c.doc_id for c, _ in fused), Counter((c.doc_id, c.section) for c, _ in fused)
    doc_best: dict[str, float] = {}
    doc_sum: Counter[str] = Counter()
    for c, s in fused:
        doc_best.setdefault(c.doc_id, s)
        doc_sum[c.doc_id] += s
    on = [cue for cue, value in cues(query, lanes).items() if value]
    seen: set[str] = set()
    in_heading: dict[str, float] = {}  # a heading's share of the question's weight (sections recur)
    per_chunk = []
    ones: tuple[list[int], list[int]] = ([], [])
    for i, (c, _) in enumerate(fused):
        heading = f"{c.title} {c.section}"
        if heading not in in_heading:
            held_terms = term_set(heading)
            in_heading[heading] = sum(w for t, w in weight.items() if t in held_terms) / total
        length, link, figure, group = _static(c, catalog)
        per_chunk.append(
            (
                in_heading[heading],
                length,
                link,
                figure,
                math.log(docs[c.doc_id]),
                doc_best[c.doc_id] / top,
                doc_sum[c.doc_id] / top,
                math.log(sections[(c.doc_id, c.section)]),
                c.doc_id not in seen,
            )
        )
        seen.add(c.doc_id)
        for name in (f"group_{group}", *(f"{cue}_x_{group}" for cue in on)):
            ones[0].append(i)
            ones[1].append(_COL[name])
    x[:, _PER_CHUNK] = per_chunk
    x[ones] = 1.0
    _document_features(x, fused, weight, total, held)
    return x


def _document_features(
    x: np.ndarray,
    fused: list[tuple[Chunk, float]],
    weight: dict[str, float],
    total: float,
    held: list[tuple[float, np.ndarray]],
) -> None:
    """Each chunk's document seen as a whole over the pool: its best cosine, heading and BM25 score,
    the question terms its chunks cover together, its rank among the pool's documents."""
    titles: dict[str, str] = {}  # doc id -> its title, in order of first appearance
    for c, _ in fused:
        titles.setdefault(c.doc_id, c.title)
    index = {doc: i for i, doc in enumerate(titles)}
    d = np.array([index[c.doc_id] for c, _ in fused])
    m = len(index)
    in_title = [
        sum(w for t, w in weight.items() if t in term_set(title)) / total for title in titles.values()
    ]
    x[:, _COL["title_coverage"]] = np.array(in_title)[d]
    for name, source in _DOC_BEST:
        best = np.full(m, -np.inf)
        np.maximum.at(best, d, x[:, _COL[source]])
        x[:, _COL[name]] = best[d]
    covered = np.zeros(m)
    for share, have in held:
        covered += share * (np.bincount(d, weights=have, minlength=m) > 0)
    x[:, _COL["doc_coverage"]] = covered[d]
    x[:, _COL["doc_rank"]] = np.log1p(d)
    x[:, _COL["q_terms"]] = math.log1p(len(weight))


_COL = {name: i for i, name in enumerate(FEATURES)}
_DOC_BEST = (("doc_cos_gap", "cos_gap"), ("doc_heading", "heading_coverage"), ("doc_bm25", "bm25"))
_RR = [_COL[f"rr_{lane}"] for lane in LANES]
_PER_CHUNK = [_COL[name] for name in (
    "heading_coverage", "log_length", "link_share", "figure_chunk", "doc_chunks", "doc_best", "doc_sum",
    "section_chunks", "first_of_doc",
)]  # fmt: skip


def _static(chunk: Chunk, catalog: Catalog) -> tuple[float, float, bool, str]:
    """A chunk's features that no question changes (log length, link share, figures, group), cached."""
    known = catalog.rerank_static.get(chunk.id)
    if known is None:
        known = catalog.rerank_static[chunk.id] = (
            math.log1p(len(chunk.text)),
            catalog.link_share.get(chunk.id, 0.0),
            chunk.id in catalog.figure_chunks,
            group_of(chunk),
        )
    return known


@dataclass(frozen=True, eq=False)
class Reranker:
    """A boosted tree ensemble over FEATURES (LambdaRank), stored as flat node arrays, one row per tree.

    Node j of tree t tests FEATURES[feature[t, j]] <= threshold[t, j] and goes to left[t, j] or
    right[t, j]; a leaf has feature -1 and its value in value[t, j]. A chunk's score is the sum of the
    leaves it reaches, all trees walked at once in numpy.
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int
    pool: int

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Reranker:
        """Read the weights file written by `python -m evals.tune_reranker --write`."""
        try:
            data = json.loads(path.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RerankerWeightsError(path, f"unreadable ({exc})") from exc
        if not isinstance(data, dict) or data.get("features") != list(FEATURES):
            raise RerankerWeightsError(path, "its feature list is not this version's")
        try:
            trees = data["trees"]
            ints = [np.asarray(trees[key], dtype=np.int64) for key in ("feature", "left", "right")]
            floats = [np.asarray(trees[key], dtype=float) for key in ("threshold", "value")]
            pool, depth = int(data["pool"]), int(data["depth"])
        except (KeyError, TypeError, ValueError) as exc:
            raise RerankerWeightsError(path, f"missing or malformed field ({exc})") from exc
        (feature, left, right), (threshold, value) = ints, floats
        shape = feature.shape
        if len(shape) != 2 or any(a.shape != shape for a in (*ints, *floats)) or pool < 1 or depth < 1:
            raise RerankerWeightsError(path, "tree arrays of unequal shapes, or pool or depth below 1")
        nodes = shape[1]
        inner = feature >= 0
        if (
            not np.isfinite(threshold).all()
            or not np.isfinite(value).all()
            or (feature >= len(FEATURES)).any()
            or ((left < 0) | (left >= nodes) | (right < 0) | (right >= nodes))[inner].any()
        ):
            raise RerankerWeightsError(
                path, "a node refers to an unknown feature or node, or a value is not finite"
            )
        return cls(feature, threshold, left, right, value, depth, pool)

    def scores(self, x: np.ndarray) -> np.ndarray:
        """The ensemble's score of each row of `x`."""
        feature, threshold, left, right, value = self._flat
        n, width = len(x), self.feature.shape[1]
        node = np.broadcast_to(np.arange(len(self.feature)) * width, (n, len(self.feature)))
        at = (np.arange(n) * x.shape[1])[:, None]
        flat_x = np.ascontiguousarray(x).ravel()
        for _ in range(self.depth):
            node = np.where(flat_x[at + feature[node]] <= threshold[node], left[node], right[node])
        return value[node].sum(axis=1)

    @cached_property
    def _flat(self) -> tuple[np.ndarray, ...]:
        """The trees as one node list; a leaf tests feature 0 against +inf and loops to itself."""
        t, width = self.feature.shape
        offset = (np.arange(t) * width)[:, None]
        leaf = self.feature < 0
        index = offset + np.arange(width)[None, :]
        feature = np.where(leaf, 0, self.feature)
        threshold = np.where(leaf, np.inf, self.threshold)
        left = np.where(leaf, index, self.left + offset)
        right = np.where(leaf, index, self.right + offset)
        return tuple(a.ravel() for a in (feature, threshold, left, right, self.value))

    def rerank(
        self,
        query: str,
        lanes: list[Lane],
        fused: list[tuple[Chunk, float]],
        catalog: Catalog,
        bm25: BM25Index,
        spread: bool = True,
    ) -> list[tuple[Chunk, float]]:
        """The top `pool` chunks of `fused` in the model's order (`reorder`), then the rest."""
        head = fused[: self.pool]
        x = features(query, lanes, head, catalog, bm25)
        return self.reorder(fused, x, spread) if head else fused

    def reorder(
        self, fused: list[tuple[Chunk, float]], x: np.ndarray, spread: bool = True
    ) -> list[tuple[Chunk, float]]:
        """`fused` with its first len(x) chunks put in the model's order over their features `x`.

        The i-th chunk of the new order takes the i-th fused score, so scores still fall with rank
        and a document's further chunks weigh in collapse_documents as before. With `spread`, a
        document's chunks come CHUNKS_PER_DOC at a time (every document's best two, then their next
        two ...), so an answer's context still holds several documents, as fused lists do; the
        documents' order (by their best chunk) is the same either way.
        """
        head = fused[: len(x)]
        scores = self.scores(x)
        order = sorted(range(len(head)), key=lambda i: (-scores[i], head[i][0].id))
        if spread:
            seen: Counter[str] = Counter()
            tier = {}
            for i in order:
                tier[i] = seen[head[i][0].doc_id] // CHUNKS_PER_DOC
                seen[head[i][0].doc_id] += 1
            order.sort(key=lambda i: tier[i])  # stable: the model's order within a tier
        return [(head[i][0], score) for i, (_, score) in zip(order, head, strict=True)] + fused[len(x) :]
