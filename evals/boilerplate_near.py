"""Near copies of boilerplate: rules that would drop units the exact table misses, counted and sampled.

The exact table (`rag/answer/boilerplate.py`) drops a unit whose masked line at least 5 postings share.
A company's own wording of a notice ("<other name> is an equal opportunity employer and ...") escapes
it. Four corpus-derived rules for such units, each counted over the corpus with a seeded sample to
read by hand (evals/README.md, "boiler16"); `vocabulary` is the one the table adopts:

    python -m evals.boilerplate_near --rule vocabulary --sample 40
    python -m evals.boilerplate_near --rule ngram --sample 40
    python -m evals.boilerplate_near --rule near_table --sample 40
    python -m evals.boilerplate_near --rule off_guide --sample 40

- ngram: at least COVERAGE of the unit's words lie in a word 4-gram that the units of at least
  COMPANIES different companies' postings hold.
- near_table: the unit's words match a line of the exact table with a difflib ratio of at least RATIO.
- off_guide: ngram, and at most GUIDE_SHARE of its words are words the guide's own pages (not
  postings) use in at least 3 chunks: notices speak of the employer, requirements of the field.
- vocabulary: the table's near copies (`boilerplate.near_share`: the mean share of shared lines among
  the units holding each word).
Only units the exact table keeps and of at least MIN_WORDS words are candidates.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
from collections import Counter, defaultdict
from collections.abc import Sequence

from rag.answer.boilerplate import _MASK, NEAR_SHARE, _posting_units, detect, normal
from rag.records import Chunk

N = 4
COMPANIES = 5
MIN_WORDS = 6
RULES = {"ngram": 0.6, "near_table": 0.8, "off_guide": 0.75, "vocabulary": NEAR_SHARE}  # thresholds
GUIDE_COVERAGE = 0.6  # off_guide's n-gram coverage
GUIDE_CHUNKS = 3


def grams(words: Sequence[str]) -> list[str]:
    return [" ".join(words[i : i + N]) for i in range(len(words) - N + 1)]


def shared_grams(units: dict[str, set[str]], company: dict[str, str]) -> dict[str, int]:
    """Each word 4-gram of the postings' counted units: how many companies' postings hold it."""
    holders: dict[str, set[str]] = defaultdict(set)
    for doc_id, keys in units.items():
        for key in keys:
            for gram in grams(key.split()):
                holders[gram].add(company[doc_id])
    return {gram: len(v) for gram, v in holders.items()}


def coverage(key: str, companies: dict[str, int], least: int = COMPANIES) -> float:
    """The share of the key's words inside a 4-gram that at least `least` companies hold."""
    words = key.split()
    covered = [False] * len(words)
    for i, gram in enumerate(grams(words)):
        if companies.get(gram, 0) >= least:
            covered[i : i + N] = [True] * N
    return sum(covered) / len(words) if words else 0.0


def guide_words(chunks: Sequence[Chunk]) -> set[str]:
    """Words the guide's own pages and company files use in at least GUIDE_CHUNKS chunks."""
    df: Counter = Counter()
    for c in chunks:
        if c.kind != "posting":
            df.update(set(normal(c.text).split()))
    return {w for w, n in df.items() if n >= GUIDE_CHUNKS}


def guide_share(key: str, words: set[str]) -> float:
    own = [w for w in key.split() if w != _MASK]
    return sum(w in words for w in own) / len(own) if own else 0.0


def nearest(key: str, table: Sequence[list[str]], index: dict[str, set[int]]) -> float:
    """The best difflib ratio of the key's words to a table line sharing a 4-gram with it."""
    words, best = key.split(), 0.0
    for i in set().union(*(index.get(g, set()) for g in grams(words))):
        best = max(best, difflib.SequenceMatcher(None, words, table[i], autojunk=False).ratio())
    return best


def candidates(chunks: Sequence[Chunk], rule: str) -> dict[str, set[str]]:
    """The keys `rule` drops that the exact table keeps, each with the postings holding it."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}: one of {', '.join(RULES)}")
    chunks = list(chunks)
    table = detect(chunks)
    exact = frozenset(k for k, _ in table.counts)
    units = _posting_units(chunks)
    if rule == "vocabulary":
        near = {k for k, _ in table.near}
        return {k: {d for d, keys in units.items() if k in keys} for k in near}
    company = {c.doc_id: (c.metadata.get("company") or c.doc_id).casefold() for c in chunks}
    companies = shared_grams(units, company)
    lines = [k.split() for k in sorted(exact)]
    index: dict[str, set[int]] = defaultdict(set)
    for i, words in enumerate(lines):
        for gram in grams(words):
            index[gram].add(i)
    words = guide_words(chunks) if rule == "off_guide" else set()
    found: dict[str, set[str]] = defaultdict(set)
    for doc_id, keys in units.items():
        for key in keys:
            if key in exact or len(key.split()) < MIN_WORDS:
                continue
            if rule == "ngram":
                hit = coverage(key, companies) >= RULES[rule]
            elif rule == "near_table":
                hit = nearest(key, lines, index) >= RULES[rule]
            else:
                hit = coverage(key, companies) >= GUIDE_COVERAGE and guide_share(key, words) <= RULES[rule]
            if hit:
                found[key].add(doc_id)
    return dict(found)


def report(chunks: Sequence[Chunk], rule: str, size: int, seed: int = 16) -> dict:
    chunks = list(chunks)
    found = candidates(chunks, rule)
    units = _posting_units(chunks)
    total = sum(len(keys) for keys in units.values())
    dropped = sum(len(docs) for docs in found.values())
    keys = sorted(found)
    return {
        "rule": rule,
        "keys": len(found),
        "units_dropped": dropped,
        "posting_units": total,
        "share": round(dropped / total, 4) if total else 0.0,
        "postings": len(set().union(*found.values())) if found else 0,
        "sample": random.Random(seed).sample(keys, min(size, len(keys))),
    }


def main(argv: Sequence[str] | None = None) -> None:
    from rag.config import Settings
    from rag.index.store import IndexStore, open_bm25

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rule", choices=sorted(RULES), required=True)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    store = IndexStore(Settings())
    version = store.active_version()
    chunks = list(open_bm25(store.versions_dir / version, store.manifest(version)).chunks)
    result = report(chunks, args.rule, args.sample)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print({k: v for k, v in result.items() if k != "sample"})
    for key in result["sample"]:
        print("-", key[:150])


if __name__ == "__main__":
    main()
