"""Which companies the corpus's catalog reads in each question (`Catalog.companies_in`) and which of them
the figure check takes as written names (`written_names`): the audit behind "Company readings" in
evals/README.md. Tuning files are named one by one (never a glob: the held-out sets sit beside them).

    python -m evals.catalog_audit [--plain evals/catalog_plain_questions.txt] [--all]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rag.answer.interviews import written_names
from rag.config import Settings
from rag.index.catalog import catalog_for
from rag.index.store import IndexStore, open_bm25

RETRIEVAL = Path("evals/retrieval")
# (file, split): the dev split of the two split files, every question of the others
TUNING = [
    ("questions.jsonl", "dev"),
    ("near_domain.jsonl", "dev"),
    *((f"unseen{n}.jsonl", None) for n in ["", *range(2, 15)]),
    *((f"near_domain{n}.jsonl", None) for n in range(2, 14)),
]
MARKET = Path("evals/market/questions.jsonl")


def questions(plain: Path | None) -> list[tuple[str, str, str]]:
    """(source, id, question) of every tuning question, the market set's and the plain ones."""
    out = []
    for name, split in TUNING:
        for line in (RETRIEVAL / name).read_text().splitlines():
            q = json.loads(line)
            if split is None or q.get("split") == split:
                out.append((name, q["id"], q["question"]))
    out += [("market", q["id"], q["question"]) for q in map(json.loads, MARKET.read_text().splitlines())]
    if plain is not None:
        lines = [line.strip() for line in plain.read_text().splitlines() if line.strip()]
        out += [("plain", f"p{i:02d}", line) for i, line in enumerate(lines, 1)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain", type=Path, default=Path("evals/catalog_plain_questions.txt"))
    parser.add_argument("--all", action="store_true", help="Also the questions with no company read.")
    args = parser.parse_args()
    settings = Settings()
    store = IndexStore(settings)
    version = store.active_version()
    if not version:
        raise SystemExit(f"No active index under {settings.index_dir}: run `fieldguide ingest` first.")
    catalog = catalog_for(open_bm25(store.versions_dir / version, store.manifest(version) or {}))
    for source, qid, question in questions(args.plain):
        names = [c.name for c in catalog.companies_in(question)]
        if names or args.all or source == "plain":
            row = {"source": source, "id": qid, "question": question, "companies": names}
            print(json.dumps(row | {"written": written_names(names, question)}))


if __name__ == "__main__":
    main()
