"""A second check of the company-count questions' expected figures (m142-m155): each one as a
hand-written DuckDB query over the postings table, compared with questions.jsonl (whose figures come
from the plain-Python reference). Not the engine's SQL: written apart from rag/market/sql.py.

    python -m evals.market.company_sql --db <data dir>/index/versions/<version>/market.duckdb
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb

from evals.market.run import QUESTIONS, load

STARTUPS = "stage IN ('seed', 'series_a', 'series_b', 'series_c_plus')"


def has(*skills: str) -> str:
    return " AND ".join(f"list_contains(skills, '{s}')" for s in skills)


def pair(where: str, population: str = "TRUE") -> str:
    """Companies matching `where` among those with a posting in `population`, and that population."""
    return (
        f"SELECT count(DISTINCT company) FILTER (WHERE {where}), count(DISTINCT company) FROM postings "
        f"WHERE {population}"
    )


def top_companies(where: str) -> str:
    return (
        f"SELECT company, count(*) AS n FROM postings WHERE {where} GROUP BY 1 ORDER BY n DESC, company "
        "LIMIT 10"
    )


QUERIES = {
    "m142": pair(has("Kubernetes")),
    "m143": pair(has("Python")),
    "m144": pair(has("RAG")),
    "m145": pair(has("LangChain")),
    "m146": pair(has("TypeScript")),
    "m147": pair(has("PyTorch"), "city = 'London'"),
    "m148": pair(has("MCP")),
    "m149": pair("TRUE"),
    "m150": pair("city = 'Berlin'"),
    "m151": pair(has("Docker", "Kubernetes")),
    "m152": (
        "SELECT country, count(DISTINCT company) FILTER (WHERE list_contains(skills, 'Kubernetes')) AS m, "
        "count(DISTINCT company) AS n FROM postings WHERE country IS NOT NULL GROUP BY 1 ORDER BY m DESC, "
        "n DESC, country"
    ),
    "m153": pair(has("RAG"), STARTUPS),
    "m154": top_companies(has("LangGraph")),
    "m155": top_companies(has("Terraform")),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    con = duckdb.connect(str(args.db), read_only=True)
    want = {q["id"]: q for q in load(QUESTIONS)}
    agree = 0
    for qid, query in QUERIES.items():
        rows = con.execute(query).fetchall()
        if len(rows) == 1 and len(rows[0]) == 2 and "n_matching" in want[qid]["figures"]:
            got = {"n_matching": rows[0][0], "n_population": rows[0][1]}
        else:
            got = {"rows": [list(r) for r in rows]}
        expected = want[qid]["figures"]
        same = got == expected or ("rows" in got and got["rows"] == expected["rows"][: len(got["rows"])])
        agree += same
        print(f"{qid} {'same' if same else 'DIFFERENT'} {json.dumps(got)[:120]}  <- {want[qid]['question']}")
    print(f"{agree} of {len(QUERIES)} agree with questions.jsonl")


if __name__ == "__main__":
    main()
