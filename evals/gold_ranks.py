"""Where a question's gold document is lost on its way to the top 5: lanes, fusion or re-ranking.

    python -m evals.gold_ranks --questions evals/retrieval/unseen11.jsonl --kind role --kind webinar
    python -m evals.gold_ranks --questions evals/retrieval/questions.jsonl --split dev --json

For each answerable question (of the kinds asked for, or all), as hybrid search runs it for
`eval retrieval`: the gold document's rank among the documents of each lane that hybrid search
fuses (dense, BM25, the guide-page, company and figure lanes), of the fused list before the
re-ranker, and of the final list; the section of its best chunk in the final list; and the
documents above it in the final top 5, each with its group (a posting, a company file, or the guide
folder, as the re-ranker groups them). A question whose gold document is not in the final top 5 is
put down to the stage that lost it (`stage_of`): "lanes" (no lane holds it at the search depth),
"fusion" (a lane holds it, the fused list has it below 5) or "rerank" (fused into the top 5, the
re-ranker moves it out). Tuning sets only.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from evals.questions import Question, load_questions
from evals.retrieval_eval import document_of
from rag.index.rerank import group_of
from rag.index.retrieve import Retriever, collapse_documents
from rag.records import Chunk

TOP = 5  # the cut-off of hit@5
FINAL_K = 10  # documents of the final list looked at (eval retrieval's default k)


@dataclass(frozen=True)
class GoldRanks:
    """One question's gold document ranks: per lane, fused, final; what outranks it; where it was lost."""

    id: str
    kind: str
    question: str
    lanes: dict[str, int | None]  # lane name -> the gold document's best rank among its documents
    fused: int | None  # among the fused list's documents, before the re-ranker
    final: int | None  # among the final list's documents (None: below FINAL_K)
    section: str  # the section of the gold document's best chunk in the final list ("" if absent)
    above: tuple[tuple[str, str], ...]  # (document, group) of the final top 5 ranked above it
    stage: str  # "hit", "rerank", "fusion" or "lanes"


def document_ranks(ranking: Sequence[tuple[Chunk, float]]) -> list[Chunk]:
    """Each document's first chunk, in the order the documents first appear in `ranking`."""
    seen: dict[str, Chunk] = {}
    for chunk, _ in ranking:
        seen.setdefault(chunk.doc_id, chunk)
    return list(seen.values())


def rank_in(chunks: Sequence[Chunk], gold: frozenset[str]) -> int | None:
    """The rank (from 1) of the first chunk of a gold document, None if there is none."""
    return next((i for i, c in enumerate(chunks, start=1) if c.doc_id in gold), None)


def stage_of(lanes: dict[str, int | None], fused: int | None, final: int | None) -> str:
    """Which stage lost the gold document from the top TOP (see the module doc)."""
    if final is not None and final <= TOP:
        return "hit"
    if fused is not None and fused <= TOP:
        return "rerank"
    return "fusion" if any(r is not None for r in lanes.values()) else "lanes"


def gold_ranks(retriever: Retriever, question: Question, gold: frozenset[str]) -> GoldRanks:
    """The ranks of `gold` (document ids) for `question`, as `retrieve(..., collapse=True)` ranks."""
    f = retriever.fusion
    depth = max(f.depth, FINAL_K * 8)  # what retrieve searches to when collapsing to documents
    lanes = retriever.lanes(question.question, depth)
    plain = retriever.fused(question.question, lanes, spread=False, rerank=False)
    final = retriever.fused(question.question, lanes, spread=False, rerank=True)
    fused_docs = [c for c, _ in collapse_documents(plain, f.doc_weight)]
    final_docs = [c for c, _ in collapse_documents(final, f.doc_weight)][:FINAL_K]
    at = rank_in(final_docs, gold)
    lane_ranks: dict[str, int | None] = {}
    for lane in lanes:  # two lanes of one name (two companies named) keep the better rank
        rank = rank_in(document_ranks(lane.ranking), gold)
        known = lane_ranks.get(lane.name)
        lane_ranks[lane.name] = rank if known is None else (known if rank is None else min(known, rank))
    fused = rank_in(fused_docs, gold)
    above = final_docs[: (at - 1) if at is not None and at <= TOP else TOP]
    return GoldRanks(
        question.id,
        question.kind,
        question.question,
        lane_ranks,
        fused,
        at,
        final_docs[at - 1].section if at is not None else "",
        tuple((c.doc_id, group_of(c)) for c in above),
        stage_of(lane_ranks, fused, at),
    )


def collect(retriever: Retriever, questions: Sequence[Question], kinds: set[str]) -> list[GoldRanks]:
    """GoldRanks of every answerable question of `kinds` (every kind when empty)."""
    doc_of = document_of(retriever)
    return [
        gold_ranks(retriever, q, frozenset(doc_of.get(p, f"missing:{p}") for p in q.gold))
        for q in questions
        if q.gold and (not kinds or q.kind in kinds)
    ]


def summary(rows: Sequence[GoldRanks]) -> dict[str, dict]:
    """Per kind: questions, hits, misses by stage, and the groups of the documents that outrank a miss."""
    out: dict[str, dict] = {}
    for kind in sorted({r.kind for r in rows}):
        mine = [r for r in rows if r.kind == kind]
        misses = [r for r in mine if r.stage != "hit"]
        out[kind] = {
            "n": len(mine),
            "hit@5": sum(r.stage == "hit" for r in mine),
            "lost_at": dict(sorted(Counter(r.stage for r in misses).items())),
            "outranked_by": dict(Counter(g for r in misses for _, g in r.above).most_common()),
        }
    return out


def _line(r: GoldRanks) -> str:
    lanes = " ".join(f"{name}={rank if rank is not None else '-'}" for name, rank in r.lanes.items())
    above = ", ".join(doc for doc, _ in r.above)
    return (
        f"{r.id} {r.kind} {r.stage}: {lanes} fused={r.fused or '-'} final={r.final or '-'} "
        f"[{r.section}]\n  {r.question}\n  above: {above}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, action="append", required=True)
    parser.add_argument("--split", help="Only questions of this split (e.g. dev).")
    parser.add_argument("--kind", action="append", default=[], help="Only questions of this kind.")
    parser.add_argument("--json", action="store_true", help="Print every question's ranks as JSON.")
    args = parser.parse_args(argv)
    from rag.config import Settings
    from rag.deps import Deps

    questions = [q for path in args.questions for q in load_questions(path) if args.split in (None, q.split)]
    deps = Deps.open(Settings())
    try:
        rows = collect(deps.retriever, questions, set(args.kind))
    finally:
        deps.close()
    if args.json:
        print(json.dumps({"summary": summary(rows), "questions": [asdict(r) for r in rows]}, indent=2))
        return
    for r in rows:
        if r.stage != "hit":
            print(_line(r))
    print(json.dumps(summary(rows), indent=2))


if __name__ == "__main__":
    main()
