"""The postings table: one row per posting (raw + structured twin), written to DuckDB and Parquet.

Built from the posting documents ingest already loaded (their metadata), so nothing is parsed twice.
Missing stays missing: no location, level, size or salary is ever inferred.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingest.guide_figures import guide_figures
from rag.market.schema import PARQUET_DIR, SCHEMA_VERSION, SKILL_CATEGORIES, TABLES
from rag.market.skills import SkillFolder, skill_key, split_spellings
from rag.records import Document

HOURS_PER_YEAR = 2080  # 40 hours x 52 weeks, the usual convention for an hourly rate's annual figure
_PER_YEAR = {"year": 1, "month": 12, "hour": HOURS_PER_YEAR}
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SIZE = re.compile(r"^\s*([\d,]+)\s*(employees?)?\s*$", re.I)
_SERIES = re.compile(r"\bseries\s*([a-z])\b")


def stage_bucket(text: str | None) -> str:
    """The structured file's free-text stage as seed, series_a, series_b, series_c_plus, public,
    private_other or unknown; the first stage the text names wins ("Series A/B" is series_a)."""
    t = " ".join(str(text or "").lower().split())
    if not t or t in ("unknown", "n/a", "none", "not stated", "not specified"):
        return "unknown"
    if re.match(r"(pre[- ]?seed|seed|pre[- ]series a)\b", t):
        return "seed"
    if t.startswith("public") and not t.startswith("public benefit"):
        return "public"
    if m := _SERIES.search(t):
        return {"a": "series_a", "b": "series_b"}.get(m.group(1), "series_c_plus")
    return "private_other"


def employees(text: str | None) -> int | None:
    """ "1,100 Employees" -> 1100; "0 Employees" (the listing gives no size) and anything else -> None."""
    m = _SIZE.match(str(text or ""))
    value = int(m.group(1).replace(",", "")) if m and m.group(1).replace(",", "") else 0
    return value or None


def size_band(size: int | None) -> str | None:
    if size is None:
        return None
    for limit, band in ((50, "1-50"), (200, "51-200"), (1000, "201-1,000"), (10000, "1,001-10,000")):
        if size <= limit:
            return band
    return "10,001+"


def split_location(location: str | None) -> tuple[str | None, str | None]:
    """ "New York, USA" -> ("New York", "USA"); "USA" -> (None, "USA"); anything else -> (None, None)."""
    parts = [p.strip() for p in str(location or "").split(",") if p.strip()]
    if not parts or not _ISO3.match(parts[-1]):
        return None, None
    return (", ".join(parts[:-1]) or None), parts[-1]


@dataclass
class _PostingSkills:
    """A posting's canonical skills: category (structured) and where each came from."""

    category: dict[str, str | None]
    source: dict[str, str]


def _spellings(meta: dict) -> Iterable[str]:
    yield from split_spellings(meta.get("raw_skills") or [])
    for group in (meta.get("skill_groups") or {}).values():
        yield from split_spellings(group or [])


def _posting_skills(meta: dict, folder: SkillFolder) -> _PostingSkills:
    out = _PostingSkills({}, {})
    for category in SKILL_CATEGORIES:
        for spelling in split_spellings((meta.get("skill_groups") or {}).get(category) or []):
            name = folder.name(spelling)
            if name is None:  # a kind of skill ("Frameworks"), not one
                continue
            out.category.setdefault(name, category)
            out.source[name] = "structured"
    for spelling in split_spellings(meta.get("raw_skills") or []):
        name = folder.name(spelling)
        if name is None:
            continue
        out.category.setdefault(name, None)
        out.source[name] = "both" if out.source.get(name) in ("structured", "both") else "raw"
    return out


def _salary(comp: dict | None) -> dict:
    comp = comp or {}
    factor = _PER_YEAR.get(comp.get("period") or "")
    return {
        "salary_min": comp.get("min"),
        "salary_max": comp.get("max"),
        "salary_currency": comp.get("currency"),
        "salary_period": comp.get("period"),
        "salary_annual_min": comp["min"] * factor if factor else None,
        "salary_annual_max": comp["max"] * factor if factor else None,
        "salary_text": comp.get("text"),
    }


def posting_row(doc: Document, skills: list[str]) -> dict:
    """The postings-table row of one posting document."""
    meta = doc.metadata
    city, country = split_location(meta.get("location"))
    size = employees(meta.get("company_size"))
    posted = meta.get("posted_date")
    return {
        "job_id": str(meta["job_id"]),
        "title": meta.get("title") or doc.title,
        "company": meta.get("company"),
        "stage": stage_bucket(meta.get("company_stage")),
        "stage_text": meta.get("company_stage"),
        "size": size,
        "size_text": meta.get("company_size"),
        "size_band": size_band(size),
        "location": meta.get("location"),
        "city": city,
        "country": country,
        "work_type": meta.get("work_type"),
        "level": meta.get("level"),
        "ai_type": meta.get("ai_type"),
        "customer_facing": meta.get("customer_facing"),
        "management": meta.get("management"),
        **_salary(meta.get("compensation")),
        "posted_date": posted,
        "posted_month": posted[:7] if posted else None,
        "url": meta.get("source_url"),
        "guide_url": doc.url,
        "source_paths": list(doc.source_paths),
        "skills": sorted(skills),
    }


def posting_text(doc: Document) -> str:
    """A posting's title and raw description (the body after its "## Description" heading), on one line."""
    description = doc.text.partition("\n## Description\n")[2]
    return " ".join(f"{doc.metadata.get('title') or doc.title} {description}".split())


def build_tables(postings: list[Document], figures: list[dict] | None = None) -> dict[str, list[dict]]:
    """Every table's rows, from the posting documents (and the guide's stated figures)."""
    folder = SkillFolder(s for doc in postings for s in _spellings(doc.metadata))
    rows, posting_skills = [], []
    categories: dict[str, Counter] = {}
    for doc in postings:
        found = _posting_skills(doc.metadata, folder)
        rows.append(posting_row(doc, list(found.category)))
        for skill, category in found.category.items():
            posting_skills.append(
                {
                    "job_id": rows[-1]["job_id"],
                    "skill": skill,
                    "category": category,
                    "source": found.source[skill],
                }
            )
            categories.setdefault(skill, Counter())[category] += 1
    forms = folder.forms()
    spellings: dict[str, set[str]] = {}
    for spelling, name in folder.canonical.items():
        spellings.setdefault(name, set()).add(spelling)
    skills = [
        {
            "skill": name,
            "category": _dominant(categories[name]),
            "n_postings": sum(categories[name].values()),
            "spellings": sorted(spellings.get(name, {name})),
        }
        for name in sorted(categories)
    ]
    dates = sorted(r["posted_date"] for r in rows if r["posted_date"])
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "n_postings": str(len(rows)),
        "posted_from": dates[0] if dates else "",
        "posted_to": dates[-1] if dates else "",
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return {
        "postings": rows,
        "posting_text": [
            {"job_id": r["job_id"], "text": posting_text(d)} for r, d in zip(rows, postings, strict=True)
        ],
        "posting_skills": posting_skills,
        "skills": skills,
        "skill_forms": [{"form": k, "skill": v} for k, v in sorted(forms.items()) if v in categories],
        "guide_figures": [
            {**f, "value": forms.get(skill_key(f["value"]), f["value"])} if f["field"] == "skill" else f
            for f in figures or []
        ],
        "meta": [{"key": k, "value": v} for k, v in meta.items()],
    }


def _dominant(categories: Counter) -> str | None:
    known = {c: n for c, n in categories.items() if c is not None}
    if not known:
        return None
    return max(known, key=lambda c: (known[c], -SKILL_CATEGORIES.index(c)))


def write_market_table(docs: list[Document], db_path: Path) -> None:
    """The postings table (and the guide's stated figures) of an index version, from its documents."""
    postings = [d for d in docs if d.kind == "posting"]
    write_tables(build_tables(postings, guide_figures([d for d in docs if d.kind == "page"])), db_path)


def write_tables(tables: dict[str, list[dict]], db_path: Path, parquet: bool = True) -> None:
    """Write every table into a new DuckDB file (and a Parquet file per table beside it)."""
    db_path.unlink(missing_ok=True)
    con = duckdb.connect(str(db_path))
    try:
        with tempfile.TemporaryDirectory(dir=db_path.parent) as tmp:
            for name, columns in TABLES.items():
                ddl = ", ".join(f'"{c}" {t}' for c, t in columns.items())
                con.execute(f"CREATE TABLE {name} ({ddl})")
                if not tables.get(name):
                    continue
                path = Path(tmp) / f"{name}.jsonl"
                path.write_text("\n".join(json.dumps(r, default=str) for r in tables[name]), encoding="utf-8")
                types = "{" + ", ".join(f"'{c}': '{t}'" for c, t in columns.items()) + "}"
                con.execute(
                    f"INSERT INTO {name} SELECT * FROM "
                    f"read_json(?, columns = {types}, format = 'newline_delimited')",
                    [str(path)],
                )
        if parquet:
            out = db_path.parent / PARQUET_DIR
            out.mkdir(exist_ok=True)
            for name in ("postings", "posting_skills", "skills"):
                con.execute(f"COPY {name} TO '{out / (name + '.parquet')}' (FORMAT parquet)")
        con.execute("CHECKPOINT")
    finally:
        con.close()
