"""Why offline answers miss a verified answer's figures: where each missed figure was, and why.

For every answerable question whose verified answer has figures and that the guide answers (not
refused, not routed to the job-market figures), the figures are looked for in the answer, in the
sources the answer was given, and in the top 20 retrieved chunks:

    python -m evals.figure_misses --questions evals/retrieval/questions.jsonl --split dev
    python -m evals.figure_misses --questions evals/retrieval/unseen.jsonl --json

A selection miss is a figure the given sources state but the answer does not quote; a retrieval
miss one that only chunks below the sources (ranks up to 20) state, or none does. Each figure a
selection miss leaves out is put down to where it stands (`where_missed`): only in a source's
section heading ("Retail/E-commerce (40+ mentions)"), in a source the answer quotes nothing of, or
in a source it quotes, trimmed from the excerpt: a table row, a list item or a prose sentence, of
a section the answer quotes from or of another. Each miss also gets one `cause` across both: the
gold document not among the retrieved hits, retrieved but not a source, a source but not cited, or
(cited) the figure in another chunk of it; a selection miss by where its figure stands. Tuning sets only.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evals.answer_eval import AnswerRecord, given_numbers, score_answers
from evals.answer_shape import excerpt_text, normalise, question_shape, states
from evals.questions import Question, load_questions
from rag.answer.sentences import clean_line, split_units

DEPTH = 20
QUOTED_PREFIX = 40  # a unit counts as quoted when this much of its start (normalised) is in the answer


@dataclass(frozen=True)
class Given:
    """A source an answer was given: its number, text and the sections it joins."""

    n: int
    text: str
    sections: tuple[str, ...] = ()


def _stated(texts: Sequence[str], figures: Sequence[str]) -> bool:
    joined = "\n".join(texts)
    return all(states(joined, f) for f in figures)


def _given(answer) -> list[Given]:
    return [Given(s.n, s.text, tuple(getattr(s, "sections", ()))) for s in answer.sources]


def classify(answer, question: Question, deeper: Sequence[str]) -> str:
    """stated, market (routed to the job-market figures, and missing one), refused, selection,
    retrieval-20 (in the top 20 chunks only) or retrieval."""
    if answer.refused:
        return "refused"
    if question_shape(AnswerRecord(question, answer.to_json(), ()))["all_figures"]:
        return "stated"  # a market answer stating every figure is no miss
    if answer.route == "market":
        return "market"
    given = _given(answer)
    if _stated([g.text for g in given] + [" ".join(g.sections) for g in given], question.figures):
        return "selection"
    return "retrieval-20" if _stated(deeper, question.figures) else "retrieval"


def _quoted_units(source: Given, shown: str) -> list[int]:
    """Indices of the source's units whose start the answer shows."""
    out = []
    for i, unit in enumerate(split_units(source.text)):
        start = normalise(clean_line(unit.text(source.text)))[:QUOTED_PREFIX]
        if len(start) >= 12 and start in shown:
            out.append(i)
    return out


def _section_of(units, i: int) -> int:
    return sum(u.kind == "heading" for u in units[: i + 1])


def where_missed(figure: str, answer_text: str, cited: set[int], given: Sequence[Given]) -> str:
    """Where a figure the answer does not state stands among its `given` sources: "heading",
    "unquoted" (no cited source states it), "trimmed-<table|item|prose>" (a cited source does,
    "-other-section" when no quoted unit shares its section), or "not-given"."""
    stating = [g for g in given if states(g.text, figure)]
    if not stating:
        return "heading" if any(states(" ".join(g.sections), figure) for g in given) else "not-given"
    quoted = [g for g in stating if g.n in cited]
    if not quoted:
        return "unquoted"
    shown = normalise(excerpt_text(answer_text))
    source = quoted[0]
    units = split_units(source.text)
    at = next((i for i, u in enumerate(units) if states(u.text(source.text), figure)), None)
    if at is None:  # the figure spans units
        return "trimmed-prose"
    kind = {"table": "table", "item": "item"}.get(units[at].kind, "prose")
    sections = {_section_of(units, i) for i in _quoted_units(source, shown)}
    return f"trimmed-{kind}" + ("" if _section_of(units, at) in sections else "-other-section")


def cause(
    why: str, gold: set[str], retrieved: set[str], given: set[str], cited: set[str], where: dict
) -> str:
    """One cause per missed question: "refused", "market", "gold-not-retrieved", "gold-not-a-source",
    "not-quoted-<where>" (the most common `where_missed` of its figures), "gold-not-cited", or
    "gold-cited-<retrieval|retrieval-20>" (the figure in another chunk of the cited gold document);
    `gold`, `retrieved`, `given`, `cited`: source paths."""
    if why in ("refused", "market", "stated"):
        return why
    if not gold & retrieved:
        return "gold-not-retrieved"
    if not gold & given:
        return "gold-not-a-source"
    if why == "selection":
        return "not-quoted-" + Counter(where.values()).most_common(1)[0][0]
    return f"gold-cited-{why}" if gold & cited else "gold-not-cited"


def _paths(chunks) -> set[str]:
    return {p for c in chunks for p in c.source_paths}


def run(questions: Sequence[Question]) -> dict:
    from rag.answer.pipeline import Answerer
    from rag.config import Settings
    from rag.deps import Deps
    from rag.market.desk import with_market

    deps = with_market(Deps.open(Settings()))
    try:
        answerer = Answerer(deps, None)
        records, rows, started = [], [], time.process_time()
        for q in questions:
            answer = answerer.ask(q.question)
            records.append(AnswerRecord(q, answer.to_json(), given_numbers(answer)))
            if q.gold and q.figures:
                deeper = [h.chunk.text for h in deps.retriever.retrieve(answer.query, k=DEPTH)]
                row = {"id": q.id, "kind": q.kind, "why": classify(answer, q, deeper)}
                if row["why"] == "selection":
                    cited = {c.n for c in answer.citations}
                    row["figures"] = {
                        f: where_missed(f, answer.answer, cited, _given(answer))
                        for f in q.figures
                        if not states(excerpt_text(answer.answer), f)
                    }
                given = _paths(c for s in answer.sources for c in s.chunks)
                retrieved = _paths(h.chunk for h in answer.retrieved)
                cited = {p for c in answer.citations for p in c.source_paths}
                where = row.get("figures", {})
                row["cause"] = cause(row["why"], set(q.gold), retrieved, given, cited, where)
                rows.append(row)
        cpu = time.process_time() - started
    finally:
        deps.close()
    scored = score_answers(records)
    return {
        "shape": {split: block["all"] for split, block in scored["shape"].items()},
        "latency_ms": scored["latency_ms"],
        "cpu_seconds": round(cpu, 1),
        "misses": dict(Counter(r["why"] for r in rows)),
        "causes": dict(Counter(r["cause"] for r in rows if r["cause"] != "stated")),
        "selection": dict(Counter(w for r in rows for w in r.get("figures", {}).values())),
        "per_question": rows,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, action="append", required=True)
    parser.add_argument("--split", help="only questions of this split")
    parser.add_argument("--json", action="store_true", help="print everything as one JSON object")
    args = parser.parse_args(argv)
    qs = [q for p in args.questions for q in load_questions(p) if args.split is None or q.split == args.split]
    result = run(qs)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for split, row in result["shape"].items():
        print(split, {k: row[k] for k in ("n", "with_figures", "all_figures_stated", "gold_citation_share")})
    print("figure questions by outcome:", result["misses"])
    print("selection misses by where the figure stands:", result["selection"])
    print("missed questions by cause:", result["causes"])
    print("latency ms", result["latency_ms"], "cpu s", result["cpu_seconds"])


if __name__ == "__main__":
    main()
