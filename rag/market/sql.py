"""QuerySpec -> parameterised SQL over the postings table. Column names come only from the fixed
maps below; every value is a bound parameter, so no text from a user or a model reaches the SQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.market.spec import Filters, QuerySpec
from rag.market.titles import title_pattern

# GroupField -> SQL expression (skill needs the posting_skills join, aliased s).
GROUP_EXPR = {
    "skill": "s.skill",
    "city": "p.city",
    "country": "p.country",
    "level": "p.level",
    "ai_type": "p.ai_type",
    "company": "p.company",
    "stage": "p.stage",
    "work_type": "p.work_type",
    "management": "p.management",
    "customer_facing": "p.customer_facing",
    "size_band": "p.size_band",
}
_IN_COLUMNS = ("city", "country", "level", "ai_type", "company", "stage", "work_type")
EXAMPLE_COLUMNS = (
    "p.job_id, p.title, p.company, p.location, p.posted_date, p.guide_url, p.url, "
    "p.salary_text, p.source_paths"
)
EXAMPLE_KEYS = (
    "job_id",
    "title",
    "company",
    "location",
    "posted_date",
    "guide_url",
    "url",
    "salary",
    "source_paths",
)
# Field -> the column whose non-NULL values say a posting records it.
RECORDED = {
    "skill": "len(p.skills) > 0", "city": "p.city", "country": "p.country", "level": "p.level",
    "ai_type": "p.ai_type", "company": "p.company", "stage": "p.stage <> 'unknown'",
    "work_type": "p.work_type",
    "management": "p.management", "customer_facing": "p.customer_facing", "size_band": "p.size_band",
    "posted": "p.posted_date", "salary": "p.salary_min", "title": "p.title",
}  # fmt: skip

CSV_COLUMNS = (
    "job_id", "title", "company", "location", "city", "country", "level", "ai_type", "work_type", "stage",
    "size", "customer_facing", "management", "salary_min", "salary_max", "salary_currency", "salary_period",
    "posted_date", "url", "guide_url",
)  # fmt: skip


@dataclass
class Condition:
    """A WHERE fragment and its parameters."""

    sql: str = "TRUE"
    params: list = field(default_factory=list)


def condition(filters: Filters) -> Condition:
    parts: list[str] = []
    params: list = []
    # list_contains per skill: about 3x faster than list_has_all/any with a list parameter
    for skill in filters.skills_all:
        parts.append("list_contains(p.skills, ?)")
        params.append(skill)
    if filters.skills_any:
        parts.append("(" + " OR ".join("list_contains(p.skills, ?)" for _ in filters.skills_any) + ")")
        params.extend(filters.skills_any)
    for name in _IN_COLUMNS:
        values = getattr(filters, name)
        if values:
            parts.append(f"p.{name} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if filters.title:  # the phrases' words in order in the title (rag.market.titles)
        parts.append("(" + " OR ".join("regexp_matches(lower(p.title), ?)" for _ in filters.title) + ")")
        params.extend(title_pattern(t) for t in filters.title)
    for name in ("management", "customer_facing"):
        if getattr(filters, name) is not None:
            parts.append(f"p.{name} = ?")
            params.append(getattr(filters, name))
    if filters.posted_from:
        parts.append("p.posted_date >= ?")
        params.append(filters.posted_from)
    if filters.posted_to:
        parts.append("p.posted_date <= ?")
        params.append(filters.posted_to)
    return Condition(" AND ".join(parts) or "TRUE", params)


def _from(group: str | None) -> str:
    join = " JOIN posting_skills s ON s.job_id = p.job_id" if group == "skill" else ""
    return f"FROM postings p{join}"


def counted(spec: QuerySpec) -> str:
    """The column whose distinct values a count counts: postings (job ids) or companies (their names,
    cleaned at ingest by rag/names.py)."""
    return "p.company" if spec.unit == "companies" else "p.job_id"


def count_sql(spec: QuerySpec) -> tuple[str, list]:
    """n_matching (filters and subset), n_population (filters), in the spec's unit; per group when
    group_by is set."""
    pop, sub = condition(spec.filters), condition(spec.subset)
    what = counted(spec)
    if spec.group_by is None:  # one row per posting: count(*) counts postings
        n = "count(*)" if spec.unit == "postings" else f"count(DISTINCT {what})"
        sql = f"SELECT {n} FILTER (WHERE {sub.sql}), {n} FROM postings p WHERE {pop.sql}"
        return sql, [*sub.params, *pop.params]
    g = GROUP_EXPR[spec.group_by]
    only = f" AND {g} IN ({', '.join('?' for _ in spec.only)})" if spec.only else ""
    sql = (
        f"SELECT {g} AS value, count(DISTINCT {what}) FILTER (WHERE {sub.sql}) AS n_matching, "
        f"count(DISTINCT {what}) AS n_population {_from(spec.group_by)} WHERE {pop.sql}{only} "
        f"GROUP BY 1 ORDER BY value IS NULL, n_matching DESC, n_population DESC, value LIMIT ?"
    )
    return sql, [*sub.params, *pop.params, *spec.only, spec.limit]


def values_sql(
    spec: QuerySpec, where: Filters, include_missing: bool, exclude: list[str] = ()
) -> tuple[str, list]:
    """Postings per value of spec.field (top, breakdown, cooccur): (value, n), most first."""
    fld = spec.field or "skill"
    g, cond = GROUP_EXPR[fld], condition(where)
    extra, params = "", [*cond.params]
    if not include_missing:
        extra += f" AND {g} IS NOT NULL"
    if spec.skill_category:
        extra += " AND s.skill IN (SELECT skill FROM skills WHERE category = ?)"
        params.append(spec.skill_category)
    if exclude:
        extra += " AND NOT list_contains(?::VARCHAR[], s.skill)"
        params.append(list(exclude))
    if spec.only:
        extra += f" AND {g} IN ({', '.join('?' for _ in spec.only)})"
        params.extend(spec.only)
    sql = (
        f"SELECT {g} AS value, count(DISTINCT {counted(spec)}) AS n {_from(fld)} WHERE {cond.sql}{extra} "
        f"GROUP BY 1 ORDER BY value IS NULL, n DESC, value LIMIT ?"
    )
    return sql, [*params, spec.limit]


def skill_counts_sql(where: Filters, skills: list[str]) -> tuple[str, list]:
    """Postings listing each of `skills` among those matching `where` (the co-occurrence baseline)."""
    cond = condition(where)
    sql = (
        f"SELECT s.skill, count(DISTINCT p.job_id) {_from('skill')} WHERE {cond.sql} "
        "AND list_contains(?::VARCHAR[], s.skill) GROUP BY 1"
    )
    return sql, [*cond.params, list(skills)]


def by_month_sql(spec: QuerySpec) -> tuple[str, list]:
    pop, sub = condition(spec.filters), condition(spec.subset)
    sql = (
        f"SELECT p.posted_month, count(*) FILTER (WHERE {sub.sql}), count(*) FROM postings p "
        f"WHERE {pop.sql} AND p.posted_month IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    return sql, [*sub.params, *pop.params]


def salary_sql(spec: QuerySpec, few: int) -> tuple[str, list]:
    """Per (group,) currency and period: n, p25/median/p75 of range midpoints, lowest min, highest
    max, and for groups of fewer than `few` postings their stated ranges (listed instead)."""
    cond = condition(spec.where())
    g = GROUP_EXPR[spec.group_by] if spec.group_by else "NULL"
    ranges = (
        "list(DISTINCT {'min': p.salary_min, 'max': p.salary_max, 'company': p.company, 'title': p.title, "
        "'job_id': p.job_id})"
    )
    sql = (
        f"SELECT {g} AS grp, p.salary_currency, p.salary_period, count(DISTINCT p.job_id) AS n, "
        "quantile_cont((p.salary_min + p.salary_max) / 2, [0.25, 0.5, 0.75]), "
        f"min(p.salary_min), max(p.salary_max), CASE WHEN n < ? THEN {ranges} END "
        f"{_from(spec.group_by)} WHERE {cond.sql} AND p.salary_min IS NOT NULL "
        "GROUP BY 1, 2, 3 ORDER BY grp IS NULL, grp, n DESC, 2, 3 NULLS LAST"
    )
    return sql, [few, *cond.params]


def companies_sql(where: Filters) -> tuple[str, list]:
    """How many companies have at least one posting matching `where`."""
    cond = condition(where)
    return f"SELECT count(DISTINCT p.company) FROM postings p WHERE {cond.sql}", cond.params


def coverage_sql(where: Filters, columns: list[str]) -> tuple[str, list]:
    """How many matching postings record each column (count of non-NULL values), and how many match."""
    cond = condition(where)
    counts = ", ".join(
        f"count(p.{c})" if c != "skills" else "count(*) FILTER (WHERE len(p.skills) > 0)" for c in columns
    )
    return f"SELECT count(*), {counts} FROM postings p WHERE {cond.sql}", cond.params


def examples_sql(where: Filters, limit: int, salary_only: bool = False) -> tuple[str, list]:
    cond = condition(where)
    extra = " AND p.salary_min IS NOT NULL" if salary_only else ""
    sql = (
        f"SELECT {EXAMPLE_COLUMNS} FROM postings p WHERE {cond.sql}{extra} "
        "ORDER BY p.posted_date DESC NULLS LAST, p.job_id LIMIT ?"
    )
    return sql, [*cond.params, limit]


def csv_sql(where: Filters) -> tuple[str, list]:
    cond = condition(where)
    columns = ", ".join(f"p.{c}" for c in CSV_COLUMNS)
    sql = (
        f"SELECT {columns}, array_to_string(p.skills, '; ') FROM postings p WHERE {cond.sql} "
        "ORDER BY p.posted_date DESC NULLS LAST, p.job_id"
    )
    return sql, cond.params


def recorded_sql() -> str:
    """Postings (of all) that record each field: NULL-free, or for stage a known bucket."""
    parts = ", ".join(
        f"count(*) FILTER (WHERE {expr})" if " " in expr else f"count({expr})" for expr in RECORDED.values()
    )
    return f"SELECT {parts} FROM postings p"


GUIDE_FIGURES_SQL = (
    "SELECT field, value, n, share, statement, page, page_title, section, url, sample FROM guide_figures "
    "ORDER BY page, value"
)


def text_matches_sql(pattern: str, limit: int, where: Filters) -> tuple[str, list]:
    """The postings of `where` whose own text (posting_text) matches the RE2 `pattern`: how many (on
    every row) and the most recent of them."""
    cond = condition(where)
    sql = (
        f"SELECT count(*) OVER (), {EXAMPLE_COLUMNS} FROM postings p "
        f"JOIN posting_text t ON t.job_id = p.job_id WHERE regexp_matches(t.text, ?) AND {cond.sql} "
        "ORDER BY p.posted_date DESC NULLS LAST, p.job_id LIMIT ?"
    )
    return sql, [pattern, *cond.params, limit]


def population_sql(where: Filters) -> tuple[str, list]:
    """How many postings `where` picks."""
    cond = condition(where)
    return f"SELECT count(*) FROM postings p WHERE {cond.sql}", cond.params


HAS_TEXT_SQL = "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'posting_text'"
