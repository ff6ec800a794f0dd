"""A MarketResult as an answer: the figure with numerator, denominator and meaning, its coverage,
a compact table, chart data, the command that reproduces it, and numbered citations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rag.market import companies
from rag.market.engine import MIN_SALARIES, MarketResult
from rag.market.phrases import (
    bar_chart,
    clauses,
    command,
    grouped_table,
    join,
    names,
    pct,
    population,
    postings,
    table_md,
    values_table,
    values_word,
)
from rag.market.vocab import field_label, label

SKILLS_MEANING = "the posting's own skill list or the structured file's skill categories"
PERIODS = {"year": "per year", "month": "per month", "hour": "per hour", None: "period not stated"}
SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}


@dataclass
class MarketAnswer:
    """What the chat, the API and the CLI show for a market question."""

    text: str  # markdown: the figure, its meaning and coverage, the table, the command
    command: str
    table: list[list[str]] = field(default_factory=list)  # header row first; empty when none helps
    chart: dict[str, Any] | None = None  # {"title", "x", "y", "labels", "values"} for a bar chart
    citations: list[dict] = field(default_factory=list)


def money(value: float | None, currency: str) -> str:
    if value is None:
        return "n/a"
    text = f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def _count(r: MarketResult) -> tuple[str, list[list[str]], dict | None]:
    spec = r.spec
    one = r.n_matching == 1 and not spec.group_by
    predicate = join(clauses(spec.subset, verb=True, one=one)) if not spec.subset.is_empty() else "match"
    predicate = "matches" if predicate == "match" and one else predicate
    if spec.group_by:
        g = spec.group_by
        head = f"**Postings that {predicate}, per {field_label(g)}, among {population(r)}:**"
        return head, *grouped_table(r, head)
    if spec.filters.is_empty() and spec.subset.is_empty():  # "is anyone hiring AI engineers?": every posting
        text = f"**All {r.n_total:,} postings: the data holds AI engineering job postings only.**"
    elif spec.filters.is_empty():
        share = pct(r.n_matching, r.n_total)
        text = f"**{r.n_matching:,} of all {r.n_total:,} postings ({share}) {predicate}.**"
    else:
        text = (f"**{r.n_matching:,} of {population(r)} ({pct(r.n_matching, r.n_population)}) {predicate}** "
                f"— {pct(r.n_matching, r.n_total)} of all {r.n_total:,} postings.")  # fmt: skip
    return text, [], None


def _values(r: MarketResult) -> tuple[str, list[list[str]], dict | None]:
    spec, f = r.spec, r.spec.field or "skill"
    where = spec.where()
    if spec.only:  # named values compared, not the most common ones
        head = f"**{names(list(spec.only), f)} among {population(r, where)}:**"
    elif spec.measure == "top":
        head = f"**The {len(r.rows)} most common {values_word(spec)} among {population(r, where)}:**"
    else:
        head = f"**{population(r, where)[0].upper()}{population(r, where)[1:]} by {field_label(f)}:**"
    return head, *values_table(r, head)


def _by_month(r: MarketResult) -> tuple[str, list[list[str]], dict | None]:
    spec = r.spec
    if spec.subset.is_empty():
        head = f"**Postings per month among {population(r)}:**"
        table = [["month", "postings"]] + [[x["month"], f"{x['n_population']:,}"] for x in r.rows]
        return head, table, bar_chart(head.strip("*:"), "month", [x["month"] for x in r.rows],
                                   [x["n_population"] for x in r.rows])  # fmt: skip
    predicate = join(clauses(spec.subset, verb=True))
    head = f"**Postings per month that {predicate}, among {population(r)}:**"
    table = [["month", "matching", "postings", "share"]]
    table += [[x["month"], f"{x['n_matching']:,}", f"{x['n_population']:,}",
               pct(x["n_matching"], x["n_population"])]
              for x in r.rows]  # fmt: skip
    chart = bar_chart(
        head.strip("*:"), "month", [x["month"] for x in r.rows], [x["n_matching"] for x in r.rows]
    )
    return head, table, chart


def _cooccur(r: MarketResult) -> tuple[str, list[list[str]], dict | None]:
    anchor = names(r.spec.where().skills_all, "skill")
    head = f"**Skills listed most often together with {anchor}, among {population(r, r.spec.where())}:**"
    table = [["skill", "postings", f"share of the {r.n_matching:,}", "share of all postings"]]
    table += [[x["value"], f"{x['n']:,}", pct(x["n"], r.n_matching),
               f"{100 * (x['share_overall'] or 0):.1f}%"]
              for x in r.rows]  # fmt: skip
    chart = bar_chart(head.strip("*:"), "skill", [x["value"] for x in r.rows], [x["n"] for x in r.rows])
    return head, table, chart


_STAT_NAMES = {"median": "median", "p25": "25th percentile", "p75": "75th percentile",
               "min": "lowest stated minimum", "max": "highest stated maximum"}  # fmt: skip


def _salary_line(row: dict, stat: str) -> str:
    cur, n = row["currency"], row["n"]
    what = f"{cur}, {PERIODS.get(row['period'], row['period'])}"
    if n < MIN_SALARIES:
        ranges = "; ".join(
            f"{money(x['min'], cur)}–{money(x['max'], cur)} ({label('company', x['company'])})"
            for x in row.get("ranges", [])
        )
        return f"{what}: only {n} posting{'s' if n != 1 else ''} — too few for a median. Stated: {ranges}."
    lead = f"{_STAT_NAMES[stat]} {money(row[stat], cur)}"
    return (
        f"{what}: **{lead}** over {n} postings (25th–75th percentile {money(row['p25'], cur)}–"
        f"{money(row['p75'], cur)}; lowest minimum {money(row['min'], cur)}, "
        f"highest maximum {money(row['max'], cur)})."
    )


def _ranking(r: MarketResult) -> str:
    """How grouped salaries are ordered, and how many rows the limit left out."""
    if not r.spec.group_by:
        return ""
    stat = r.spec.salary_stat
    small = f"; groups of fewer than {MIN_SALARIES} postings after" if stat not in ("min", "max") else ""
    shown = f"; {len(r.rows)} of {r.rows_total} rows" if (r.rows_total or 0) > len(r.rows) else ""
    order = "lowest" if stat == "min" else "highest"
    return (
        f". Per {field_label(r.spec.group_by)}, {order} {_STAT_NAMES[stat]} first (amounts compared within "
        f"one currency{small}){shown}"
    )


def _salary(r: MarketResult) -> tuple[str, list[list[str]], dict | None]:
    spec, g = r.spec, r.spec.group_by
    stated = r.coverage.get("salary_min", 0)
    pop = population(r, spec.where())
    if not r.rows and not r.n_matching:
        where = join(clauses(spec.where(), verb=False))
        return f"**No posting of the {r.n_total:,} is {where}**, so there is no salary to give.", [], None
    if not r.rows and r.n_matching == 1:
        return f"**{pop[0].upper()}{pop[1:]} states no salary range in its text.**", [], None
    if not r.rows:
        return f"**None of {pop} states a salary range in its text.**", [], None
    head = f"**Salaries stated by {pop}** — {stated:,} of the {r.n_matching:,} "
    head += "states a range" if stated == 1 else "state a range"
    lines = [f"{f'**The salary range stated by {pop}**' if r.n_matching == 1 else head}{_ranking(r)}:"]
    for row in r.rows:
        prefix = f"{label(g, row['value'])} — " if g else ""
        lines.append(f"- {prefix}{_salary_line(row, spec.salary_stat)}")
    head = ([field_label(g)] if g else []) + [
        "currency",
        "period",
        "postings",
        "p25",
        "median",
        "p75",
        "min",
        "max",
    ]
    table = [head]
    for row in r.rows:
        cur = row["currency"]
        cells = [label(g, row["value"])] if g else []
        cells += [cur, PERIODS.get(row["period"], str(row["period"])), str(row["n"])]
        cells += [
            money(row[k], cur) if row[k] is not None else "—" for k in ("p25", "median", "p75", "min", "max")
        ]
        table.append(cells)
    return "\n".join(lines), table if len(r.rows) > 1 else [], None


RENDERERS = {
    "count": _count,
    "share": _count,
    "top": _values,
    "breakdown": _values,
    "by_month": _by_month,
    "salary": _salary,
    "cooccur": _cooccur,
}


def _meaning(r: MarketResult) -> str:
    spec, parts = r.spec, []
    where = spec.where()
    if spec.unit == "companies":
        parts.append(companies.MEANING)
    if where.skills() or spec.field == "skill" or spec.group_by == "skill" or spec.measure == "cooccur":
        parts.append(
            f"A posting lists a skill when {SKILLS_MEANING} name it (spellings folded, e.g. LLM/LLMs)."
        )
    if spec.measure == "salary":
        parts.append(
            "Salaries are the ranges stated in the posting text; a posting counts with the midpoint of its "
            "range, percentiles interpolate between postings. Currencies and periods are never mixed: each "
            "is reported apart, and ranges whose period the posting does not state are kept apart too."
        )
    return " ".join(parts)


RELATED_SHOWN = 3


def related_line(r: MarketResult) -> str:
    """The skills that name a counted skill and are not counted with it ("model evaluation" beside
    "Evaluations"), where they outnumber it: a figure for the narrow spelling is not the family's."""
    parts = []
    for skill, related in r.related.items():
        shown = ", ".join(f"{name} ({postings(n)})" for name, n in related[:RELATED_SHOWN])
        more = f" and {len(related) - RELATED_SHOWN:,} more" if len(related) > RELATED_SHOWN else ""
        parts.append(
            f"Only the skill “{skill}” is counted; other skills that name it are not: {shown}{more} "
            f"(`fieldguide market vocab skill` lists them all)."
        )
    return " ".join(parts)


def coverage_line(r: MarketResult) -> str:
    """Which of the fields used are recorded, for how many postings (missing values are never guessed)."""
    parts = []
    for name, n in r.recorded.items():
        if n < r.n_total:
            parts.append(f"{field_label(name)} is recorded for {n:,} of {r.n_total:,} postings")
    if r.spec.measure == "salary":
        parts.append(f"a salary range is stated in {r.recorded_salary:,} of {r.n_total:,}")
    sample = f"Data: all {r.n_total:,} postings in the guide, posted {r.posted_from} to {r.posted_to}."
    return sample + (
        " Coverage: " + "; ".join(parts) + "; the rest are left out, never guessed." if parts else ""
    )


def _stated(figure: dict, quoted: str) -> bool:
    """Whether `quoted` (what the answer quotes from the guide) already states the guide's figure."""
    share = figure["statement"].rpartition("(")[2].rstrip(")")
    numbers = (share, f"{figure['n']:,}", str(figure["n"]))
    return _says(share, quoted) and any(
        re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d]|[.,]\d)", quoted) for n in numbers[1:]
    )


def _says(share: str, quoted: str) -> bool:
    return bool(share) and bool(re.search(rf"(?<![\d.]){re.escape(share)}(?!\d)", quoted))


def guide_statement(figure: dict, quoted: str) -> str | None:
    """What the answer still has to say of the guide's figure: all of it ("738 jobs (82.5%)"), only
    the count when the quote states the share ("used in 82.5% of jobs": never the share twice), or
    None when the quote states both."""
    statement = figure["statement"]
    count, _, share = statement.rpartition(" (")
    if _stated(figure, quoted):
        return None
    return count if count and _says(share.rstrip(")"), quoted) else statement


def render(result: MarketResult, first_citation: int = 1, quoted: str = "") -> MarketAnswer:
    """The answer for a result; citations are numbered from `first_citation`. The guide's own figure
    is cited unless `quoted`, the guide's text the answer already quotes, states it."""
    renderers = companies.RENDERERS if result.spec.unit == "companies" else RENDERERS
    headline, table, chart = renderers[result.spec.measure](result)
    citations = []
    for i, e in enumerate(result.examples, start=first_citation):
        citations.append({
            "n": i, "title": f"{e['title']} at {label('company', e['company'])}", "section": "Posting",
            "url": e["guide_url"], "source_paths": e.get("source_paths", []),
        })  # fmt: skip
    table_text = table_md(table) if table else ""
    parts = [headline, table_text, _meaning(result), related_line(result), coverage_line(result)]
    statement = guide_statement(result.guide_figure, quoted) if result.guide_figure else None
    if statement:
        fig, n = result.guide_figure, first_citation + len(citations)
        parts.append(
            f"The guide itself states {statement} for {fig['value']} [{n}], from a different sample "
            f"({fig['sample']}), not these {result.n_total:,} postings."
        )
        citations.append({"n": n, "title": fig["page_title"], "section": fig["section"] or "",
                          "url": fig["url"], "source_paths": [fig["page"]]})  # fmt: skip
    if result.examples:
        refs = ", ".join(f"[{c['n']}]" for c in citations[: len(result.examples)])
        parts.append(f"Example postings: {refs} (the most recent that match).")
    cmd = command(result.spec)
    parts.append(f"Reproduce: `{cmd}`")
    return MarketAnswer("\n\n".join(p for p in parts if p), cmd, table, chart, citations)
