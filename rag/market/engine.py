"""Runs a QuerySpec on the postings table (DuckDB, read-only) and returns a MarketResult."""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from rag.errors import MarketNotBuiltError
from rag.market import sql
from rag.market.spec import Filters, QuerySpec
from rag.market.vocab import Vocabulary

MIN_SALARIES = 5  # fewer stated salaries than this: no quantiles, the ranges are listed instead
MAX_EXAMPLES = 5
_COVERAGE = {  # measure -> columns whose coverage the answer states
    "salary": ["salary_min"],
    "by_month": ["posted_date"],
}


@dataclass
class MarketResult:
    """A computed figure: counts, rows (one dict per table row), coverage and example postings."""

    spec: QuerySpec
    n_total: int
    n_population: int
    n_matching: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    coverage: dict[str, int] = field(default_factory=dict)  # column -> matching postings recording it
    examples: list[dict[str, Any]] = field(default_factory=list)
    posted_from: str = ""
    posted_to: str = ""
    recorded: dict[str, int] = field(default_factory=dict)  # field used -> postings (of all) recording it
    recorded_salary: int = 0
    rows_total: int | None = None  # rows before the limit, where a grouped result was cut to it
    guide_figure: dict[str, Any] | None = None  # the guide's own figure for the same measure
    n_companies: int = 0  # companies in all postings
    postings_counted: tuple[int, int] | None = None  # unit companies: (matching, population) postings
    # a counted skill -> other skills naming it, (skill, postings), where those outnumber it: not counted
    related: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        return self.n_matching / self.n_population if self.n_population else None

    def to_json(self) -> dict[str, Any]:
        """The `result` object of the API and `fieldguide market --json` (a public contract)."""
        return (
            {
                "measure": self.spec.measure,
                "n_total": self.n_total,
                "n_population": self.n_population,
                "n_matching": self.n_matching,
                "share": round(self.share, 6) if self.share is not None else None,
                "rows": [dict(r) for r in self.rows],
                "coverage": dict(self.coverage),
                "examples": [dict(e) for e in self.examples],
                "posted_from": self.posted_from,
                "posted_to": self.posted_to,
            }
            | ({"rows_total": self.rows_total} if self.rows_total is not None else {})
            | self._companies_json()
        )

    def _companies_json(self) -> dict[str, Any]:
        """A count of companies says so, with the companies in all postings and, for count and share,
        the postings behind it."""
        if self.spec.unit != "companies":
            return {}
        out: dict[str, Any] = {"unit": "companies", "n_companies_total": self.n_companies}
        if self.postings_counted is not None:
            out["n_postings_matching"], out["n_postings_population"] = self.postings_counted
        return out


class MarketEngine:
    """The postings table of one index version; safe to share between threads."""

    def __init__(self, path: Path):
        if not Path(path).is_file():
            raise MarketNotBuiltError(str(path))
        self.path = Path(path)
        # One thread: the table is small, and waking a thread pool costs more than a query (2 cores).
        self._con = duckdb.connect(str(path), read_only=True, config={"threads": 1})
        self._local = threading.local()
        meta = dict(self._cursor().execute("SELECT key, value FROM meta").fetchall())
        self.n_total = int(meta.get("n_postings", 0))
        self.posted_from, self.posted_to = meta.get("posted_from", ""), meta.get("posted_to", "")
        self.vocab = Vocabulary.load(self._cursor())
        self.recorded = dict(zip(sql.RECORDED, self._all((sql.recorded_sql(), []))[0], strict=True))
        self.n_companies = self._all(sql.companies_sql(Filters()))[0][0]
        # a table an earlier release wrote has no posting text: nothing is counted in it
        self.has_text = bool(self._all((sql.HAS_TEXT_SQL, []))[0][0])
        cursor = self._cursor().execute(sql.GUIDE_FIGURES_SQL)
        keys = [d[0] for d in cursor.description]
        self.guide_figures: dict[tuple[str, str], dict] = {}  # (field, value) -> the guide's statement
        for row in cursor.fetchall():
            self.guide_figures.setdefault((row[0], row[1]), dict(zip(keys, row, strict=True)))

    def _cursor(self):
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self._con.cursor()
        return cur

    def close(self) -> None:
        self._con.close()

    def resolve(self, spec: QuerySpec) -> QuerySpec:
        """The spec with every filter value in the data's spelling (UnknownValueError if none)."""
        by = spec.field or spec.group_by
        only = [self.vocab.resolve(by, v) for v in spec.only] if by in self.vocab.counts else list(spec.only)
        return spec.model_copy(
            update={
                "filters": self.vocab.resolve_filters(spec.filters),
                "subset": self.vocab.resolve_filters(spec.subset),
                "only": list(dict.fromkeys(only)),
            }
        )

    def _all(self, query: tuple[str, list]) -> list[tuple]:
        return self._cursor().execute(*query).fetchall()

    def text_matches(
        self, pattern: str, limit: int, where: Filters | None = None
    ) -> tuple[int, int, list[dict]]:
        """How many of the postings `where` picks (all when None) have own text (title and description)
        that matches the RE2 `pattern`, how many it picks, and the `limit` most recent matches (as a
        result's examples)."""
        where = where or Filters()
        n_population = self.n_total if where.is_empty() else self._all(sql.population_sql(where))[0][0]
        rows = self._all(sql.text_matches_sql(pattern, limit, where)) if self.has_text else []
        examples = [dict(zip(sql.EXAMPLE_KEYS, row[1:], strict=True)) for row in rows]
        for e in examples:
            e["posted_date"] = str(e["posted_date"]) if e["posted_date"] else None
        return (rows[0][0] if rows else 0), n_population, examples

    def run(self, spec: QuerySpec) -> MarketResult:
        spec = self.resolve(spec)
        where = spec.where()
        columns = _COVERAGE.get(spec.measure, [])
        field_name = spec.field or spec.group_by
        if field_name:
            columns = [*columns, "skills" if field_name == "skill" else field_name]
        coverage: tuple = ()
        if spec.measure in ("count", "share", "by_month"):
            n_matching, n_population = self._all(sql.count_sql(spec.model_copy(update={"group_by": None})))[0]
            if columns:
                coverage = self._all(sql.coverage_sql(where, columns))[0][1:]
        else:  # one query: the postings looked at, and how many of them record each column
            n_matching, *coverage = self._all(sql.coverage_sql(where, columns))[0]
            n_population = n_matching
        result = MarketResult(
            spec,
            self.n_total,
            n_population,
            n_matching,
            posted_from=self.posted_from,
            posted_to=self.posted_to,
            n_companies=self.n_companies,
        )
        if spec.unit == "companies" and spec.measure in ("count", "share"):
            postings = spec.model_copy(update={"group_by": None, "unit": "postings"})
            result.postings_counted = tuple(self._all(sql.count_sql(postings))[0])
        elif spec.unit == "companies":  # top, breakdown: the companies among the postings looked at
            result.n_matching = result.n_population = self._all(sql.companies_sql(where))[0][0]
            n_matching = result.n_matching
        result.rows = getattr(self, f"_{spec.measure}")(spec, n_matching)
        if spec.measure == "salary" and spec.group_by:
            result.rows_total = len(result.rows)
            result.rows = rank_salaries(result.rows, spec.salary_stat)[: spec.limit]
        result.coverage = dict(zip(columns, coverage, strict=True))
        result.recorded = {f: self.recorded[f] for f in _fields_used(spec)}
        result.recorded_salary = self.recorded["salary"]
        single = _single_condition(spec)
        result.guide_figure = self.guide_figures.get((single[0], single[1][0])) if single else None
        if spec.measure in ("count", "share", "by_month"):
            result.related = self._related(where.skills())
        result.examples = [
            dict(zip(sql.EXAMPLE_KEYS, row, strict=True))
            for row in self._all(sql.examples_sql(where, MAX_EXAMPLES, salary_only=spec.measure == "salary"))
        ]
        for e in result.examples:
            e["posted_date"] = str(e["posted_date"]) if e["posted_date"] else None
        return result

    def _related(self, skills: list[str]) -> dict[str, list[tuple[str, int]]]:
        """Each skill's related skills (Vocabulary.related_skills) where they are listed by more postings
        together than the skill itself: "Evaluations" (2) beside "model evaluation" (109)."""
        counts, out = self.vocab.counts["skill"], {}
        for skill in skills:
            related = self.vocab.related_skills(skill)
            if sum(n for _, n in related) > counts.get(skill, 0):
                out[skill] = related
        return out

    # -- one method per measure: the result's rows ------------------------------------------------
    def _count(self, spec: QuerySpec, n: int) -> list[dict]:
        if spec.group_by is None:
            return []
        return [
            {"value": v, "n_matching": m, "n_population": n, "share": m / n if n else None}
            for v, m, n in self._all(sql.count_sql(spec))
        ]

    _share = _count

    def _top(self, spec: QuerySpec, total: int, include_missing: bool = False) -> list[dict]:
        rows = self._all(sql.values_sql(spec, spec.where(), include_missing))
        return [{"value": v, "n": n, "share": n / total if total else None} for v, n in rows]

    def _breakdown(self, spec: QuerySpec, total: int) -> list[dict]:
        return self._top(spec, total, include_missing=spec.field != "skill")

    def _by_month(self, spec: QuerySpec, n: int) -> list[dict]:
        return [
            {"month": m, "n_matching": k, "n_population": n, "share": k / n if n else None}
            for m, k, n in self._all(sql.by_month_sql(spec))
        ]

    def _salary(self, spec: QuerySpec, n: int) -> list[dict]:
        rows = []
        for grp, currency, period, n, quartiles, lo, hi, ranges in self._all(
            sql.salary_sql(spec, MIN_SALARIES)
        ):
            enough = n >= MIN_SALARIES
            p25, median, p75 = quartiles if enough else (None, None, None)
            row = {"currency": currency, "period": period, "n": n, "p25": p25, "median": median, "p75": p75}
            row.update({"min": lo, "max": hi})
            if not enough:
                key = ("min", "max", "company", "job_id")
                row["ranges"] = sorted(ranges, key=lambda r: tuple((r[k] is None, r[k]) for k in key))
            if spec.group_by:
                row = {"value": grp, **row}
            rows.append(row)
        return rows

    def _cooccur(self, spec: QuerySpec, n_anchor: int) -> list[dict]:
        where = spec.where()
        anchors = list(where.skills_all)
        top = spec.model_copy(update={"field": "skill"})
        rows = self._all(sql.values_sql(top, where, False, exclude=anchors))
        base = where.model_copy(update={"skills_all": []})
        overall = dict(self._all(sql.skill_counts_sql(base, [v for v, _ in rows])))
        n_base = self._all(sql.coverage_sql(base, []))[0][0]
        return [
            {
                "value": v,
                "n": n,
                "share": n / n_anchor if n_anchor else None,
                "share_overall": overall.get(v, 0) / n_base if n_base else None,
            }
            for v, n in rows
        ]

    def matching_csv(self, spec: QuerySpec) -> str:
        """Every posting the spec looks at, as CSV (one row per posting, skills joined with "; ")."""
        spec = self.resolve(spec)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([*sql.CSV_COLUMNS, "skills"])
        writer.writerows(self._all(sql.csv_sql(spec.where())))
        return out.getvalue()


def rank_salaries(rows: list[dict], stat: str) -> list[dict]:
    """Grouped salaries, best paid first by `stat` (lowest first for "min"). Amounts are compared only
    within one currency (the currency most postings state first), yearly ranges and ranges without a
    stated period before hourly, daily or monthly ones; groups too small for the figure, then postings
    that do not record the group's field, come last."""
    postings: dict[str, int] = {}
    for row in rows:
        postings[row["currency"]] = postings.get(row["currency"], 0) + row["n"]
    sign = 1 if stat == "min" else -1

    def key(row: dict) -> tuple:
        figure = row[stat]
        amount = sign * figure if figure is not None else 0
        short_period = row["period"] not in (None, "year")
        currency = (-postings[row["currency"]], str(row["currency"]))
        return (row["value"] is None, *currency, short_period, figure is None, amount, str(row["value"]))

    return sorted(rows, key=key)


_FILTER_FIELDS = {
    "skills_all": "skill",
    "skills_any": "skill",
    "posted_from": "posted",
    "posted_to": "posted",
}


def _fields_used(spec: QuerySpec) -> list[str]:
    used = []
    for f in (spec.filters, spec.subset):
        for name in f.model_dump(exclude_defaults=True):
            used.append(_FILTER_FIELDS.get(name, name))
    for name in (spec.field, spec.group_by):
        if name:
            used.append(name)
    if spec.measure == "by_month":
        used.append("posted")
    return list(dict.fromkeys(used))


def _single_condition(spec: QuerySpec) -> tuple[str, list[str]] | None:
    """(field, values) when the spec is a count or share of all postings by one condition."""
    if spec.measure not in ("count", "share") or spec.group_by or not spec.filters.is_empty():
        return None
    if spec.unit != "postings":  # the guide's figures are shares of job descriptions
        return None
    conditions = spec.subset.model_dump(exclude_defaults=True)
    if len(conditions) != 1:
        return None
    name, value = next(iter(conditions.items()))
    if name == "skills_all" and len(value) == 1:
        return "skill", value
    if name in ("ai_type", "stage") and len(value) == 1:
        return name, value
    if name in ("management", "customer_facing") and value is True:
        return name, ["true"]
    return None
