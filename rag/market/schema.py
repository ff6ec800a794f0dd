"""The postings table's layout: one DuckDB file per index version, written by ingest, read here."""

from __future__ import annotations

SCHEMA_VERSION = 1
# How ingest reads the postings into the table (recorded in the manifest as `market_table`): bumped when
# the rows change for the same guide (2: company names cleaned, 3: kind-of-skill spellings dropped,
# 4: "AI" dropped as a skill, broken raw splits such as "Cloud Platforms (Aws" repaired, 5: each
# posting's own text in posting_text), so that `fieldguide ingest` rebuilds an index whose table an
# earlier release wrote.
TABLE_VERSION = 5
DB_FILE = "market.duckdb"
PARQUET_DIR = "market-parquet"

# Column -> DuckDB type, in table order. Missing values are NULL, never a guess.
POSTINGS = {
    "job_id": "VARCHAR",
    "title": "VARCHAR",
    "company": "VARCHAR",
    "stage": "VARCHAR",  # bucket: seed, series_a, series_b, series_c_plus, public, private_other, unknown
    "stage_text": "VARCHAR",  # the structured file's wording
    "size": "INTEGER",  # employees, when stated
    "size_text": "VARCHAR",
    "size_band": "VARCHAR",
    "location": "VARCHAR",  # as written, e.g. "New York, USA" or "USA"
    "city": "VARCHAR",
    "country": "VARCHAR",  # ISO3
    "work_type": "VARCHAR",
    "level": "VARCHAR",
    "ai_type": "VARCHAR",
    "customer_facing": "BOOLEAN",
    "management": "BOOLEAN",
    "salary_min": "DOUBLE",
    "salary_max": "DOUBLE",
    "salary_currency": "VARCHAR",
    "salary_period": "VARCHAR",  # year, month, hour, or NULL when the posting does not say
    "salary_annual_min": "DOUBLE",  # only where the period is stated
    "salary_annual_max": "DOUBLE",
    "salary_text": "VARCHAR",
    "posted_date": "DATE",
    "posted_month": "VARCHAR",  # YYYY-MM
    "url": "VARCHAR",  # the original posting
    "guide_url": "VARCHAR",  # the posting's file in the guide (deep link, as in other citations)
    "source_paths": "VARCHAR[]",
    "skills": "VARCHAR[]",  # canonical names, sorted
}
POSTING_SKILLS = {
    "job_id": "VARCHAR",
    "skill": "VARCHAR",  # canonical name
    "category": "VARCHAR",  # the structured file's category for this posting; NULL for raw-only skills
    "source": "VARCHAR",  # raw, structured or both
}
SKILLS = {
    "skill": "VARCHAR",
    "category": "VARCHAR",  # the category most postings put it in
    "n_postings": "INTEGER",
    "spellings": "VARCHAR[]",
}
# A posting's own words, for counting what no column records ("mention a PhD"): its title and raw
# description, whitespace collapsed so a phrase matches across the raw file's line breaks.
POSTING_TEXT = {"job_id": "VARCHAR", "text": "VARCHAR"}
SKILL_FORMS = {"form": "VARCHAR", "skill": "VARCHAR"}  # skill_key(spelling) -> canonical name
GUIDE_FIGURES = {
    "field": "VARCHAR",  # skill, ai_type, stage, customer_facing, management
    "value": "VARCHAR",
    "n": "INTEGER",
    "share": "DOUBLE",  # percent as the page states it
    "statement": "VARCHAR",  # the figure as stated, e.g. "35.9%"
    "page": "VARCHAR",  # corpus path
    "page_title": "VARCHAR",
    "section": "VARCHAR",
    "url": "VARCHAR",
    "sample": "VARCHAR",  # the page's own sample, e.g. "895 job descriptions, January 2026"
}
META = {"key": "VARCHAR", "value": "VARCHAR"}
TABLES = {
    "postings": POSTINGS,
    "posting_skills": POSTING_SKILLS,
    "skills": SKILLS,
    "posting_text": POSTING_TEXT,
    "skill_forms": SKILL_FORMS,
    "guide_figures": GUIDE_FIGURES,
    "meta": META,
}
STAGES = ("seed", "series_a", "series_b", "series_c_plus", "public", "private_other", "unknown")
AI_TYPES = ("ai-first", "ai-support", "ml-first", "unknown")
SIZE_BANDS = ("1-50", "51-200", "201-1,000", "1,001-10,000", "10,001+")
SKILL_CATEGORIES = (
    "genai",
    "ml",
    "web",
    "databases",
    "data",
    "cloud",
    "ops",
    "languages",
    "domains",
    "other",
)
