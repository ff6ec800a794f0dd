"""How many offline answers quote posting boilerplate, with the filter off (before) and on (after).

One process answers every question twice on the active index (FIELDGUIDE_DATA_DIR), once with
FIELDGUIDE_DROP_BOILERPLATE off and once on; retrieval is the same, only what is quoted differs:

    python -m evals.boilerplate_quotes --questions evals/retrieval/questions.jsonl \
        --questions evals/retrieval/near_domain.jsonl --split dev --json
    python -m evals.boilerplate_quotes --questions evals/retrieval/unseen.jsonl --json

An answer quotes boilerplate when it contains a unit of one of its sources that the version's table
drops: a shared line or a summary's title line (its first 12 words, as words), or any e-mail address or
phone number; the table's size and a keyword tally of its kinds come with it. How the threshold was
chosen (lines, postings and units dropped at each; random lines of a band to label by hand):

    python -m evals.boilerplate_quotes --thresholds
    python -m evals.boilerplate_quotes --sample 5 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from evals.questions import Question, load_questions
from rag.answer.boilerplate import (
    MIN_WORDS,
    Boilerplate,
    detect,
    has_contact,
    normal,
    posting_names,
    unit_key,
)
from rag.answer.sentences import split_units

TITLE_LINE = "summary of the § posting at §"
PREFIX_WORDS = 12  # a quote may be cut short ("…"): its first words identify it
# Keyword classes for the tally of the table's kinds (first match wins; a rough guide, not a label).
KINDS = (
    ("summary title line", r"^summary of the § posting at §$"),  # TITLE_LINE
    ("equal opportunity", r"equal (?:employment )?opportunit|without regard to|affirmative action|eeo"),
    ("accommodation", r"accommodation|disabilit"),
    ("phishing or fraud warning", r"phishing|fraud|scam|impersonat|never (?:ask|request|require)"),
    ("privacy", r"privacy|personal (?:data|information)|confidential"),
    ("pay transparency", r"salary|pay range|base pay|compensation|pay transparency"),
    ("benefits", r"benefit|insurance|401 ?k|paid (?:time off|leave)|parental|vacation|pto|wellness"),
    ("application process", r"apply|application|recruit|candidate|agenc|visa|sponsor|background check"),
    ("company blurb", r"§|^(?:we|our|at|join|about)\b"),
)


def kind_of(key: str) -> str:
    return next((name for name, pattern in KINDS if re.search(pattern, key)), "other")


def quoted(answer, table: Boilerplate) -> Counter:
    """What boilerplate the answer quotes: {"shared line": n, "title line": n, "contact": n}."""
    said = f" {normal(answer.answer)} "
    found: Counter = Counter()
    if has_contact(answer.answer):
        found["contact"] += 1
    for source in answer.sources:
        chunk = source.hit.chunk
        if chunk.kind != "posting":
            continue
        names = posting_names(chunk.title, chunk.metadata.get("company"))
        for unit in split_units(source.text):
            raw = unit.text(source.text)
            words = normal(raw).split()
            key = unit_key(raw, names)
            if (
                key in table.keys
                and len(words) >= MIN_WORDS
                and f" {' '.join(words[:PREFIX_WORDS])} " in said
            ):
                found["title line" if key == TITLE_LINE else "shared line"] += 1
    return found


def run(questions: Sequence[Question]) -> dict:
    from rag.answer.boilerplate import for_index
    from rag.answer.pipeline import Answerer
    from rag.config import Settings
    from rag.deps import Deps
    from rag.market.desk import with_market

    settings = Settings()
    deps = with_market(Deps.open(settings))
    try:
        table = for_index(deps.index)
        # What a lower threshold would add: lines 3 or 4 postings share (answers quoting one, per arm).
        below = detect(deps.index.bm25.chunks, 3)
        below = Boilerplate(below.keys - table.keys)
        arms = {
            "before": Answerer(deps, None, settings.model_copy(update={"drop_boilerplate": False})),
            "after": Answerer(deps, None, settings.model_copy(update={"drop_boilerplate": True})),
        }
        result: dict = {"questions": len(questions), "table": table.summary()}
        for arm, answerer in arms.items():
            started, kinds, answers, near = time.process_time(), Counter(), 0, 0
            for q in questions:
                answer = answerer.ask(q.question)
                found = quoted(answer, table)
                answers += bool(found)
                kinds.update({k: 1 for k in found})
                near += bool(quoted(answer, below)["shared line"])
            result[arm] = {
                "answers_quoting_boilerplate": answers,
                "answers_quoting_lines_of_3_or_4_postings": near,
                "by_kind": dict(sorted(kinds.items())),
                "cpu_s": round(time.process_time() - started, 1),
            }
        result["table_kinds"] = dict(Counter(kind_of(k) for k in table.keys).most_common())
        return result
    finally:
        deps.close()


def thresholds(chunks, levels: Sequence[int] = (3, 4, 5, 6, 8, 10)) -> list[dict]:
    """At each threshold: lines, postings touched (by any line, by a body line) and units dropped."""
    from rag.answer.boilerplate import _posting_units

    units = _posting_units(chunks)
    counts = dict(detect(chunks, min(levels)).counts)
    total = sum(len(keys) for keys in units.values())
    rows = []
    for level in levels:
        keys = {k for k, n in counts.items() if n >= level}
        body = keys - {TITLE_LINE}
        dropped = sum(len(v & keys) for v in units.values())
        rows.append(
            {
                "min_postings": level,
                "lines": len(keys),
                "postings": sum(1 for v in units.values() if v & keys),
                "postings_body": sum(1 for v in units.values() if v & body),
                "units_dropped": dropped,
                "units_share": round(dropped / total, 3),
            }
        )
    return rows


def sample(chunks, low: int, high: int, size: int = 20, seed: int = 2026) -> list[tuple[int, str]]:
    """`size` random lines shared by `low` to `high` postings, to label by hand (prints guide text)."""
    counts = dict(detect(chunks, 2).counts)
    band = sorted(k for k, n in counts.items() if low <= n <= high)
    return [(counts[k], k) for k in random.Random(seed).sample(band, min(size, len(band)))]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, action="append", default=[])
    parser.add_argument("--split", help="Only questions of this split (dev, test).")
    parser.add_argument("--thresholds", action="store_true", help="Lines and postings at each threshold.")
    parser.add_argument(
        "--sample", nargs=2, type=int, metavar=("LOW", "HIGH"), help="Lines to label by hand."
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.thresholds or args.sample:
        _table_report(args)
        return
    if not args.questions:
        parser.error("--questions is required (or --thresholds, --sample)")
    questions = [q for path in args.questions for q in load_questions(path) if args.split in (None, q.split)]
    result = run(questions)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['questions']} questions; table: {result['table']}")
    for arm in ("before", "after"):
        row = result[arm]
        print(f"{arm:<7} answers quoting boilerplate {row['answers_quoting_boilerplate']} {row['by_kind']}")
    print("table kinds (keyword tally):", result["table_kinds"])


def _table_report(args) -> None:
    """Reads only the active version's chunks (the BM25 file): no lock on its vector store."""
    from rag.config import Settings
    from rag.index.store import IndexStore, open_bm25

    store = IndexStore(Settings())
    version = store.active_version()
    chunks = list(open_bm25(store.versions_dir / version, store.manifest(version)).chunks)
    if args.thresholds:
        rows = thresholds(chunks)
        print(json.dumps(rows, indent=2) if args.json else "\n".join(str(r) for r in rows))
    if args.sample:
        for n, key in sample(chunks, *args.sample):
            print(n, key[:140])


if __name__ == "__main__":
    main()
