"""How market answers phrase their figures: shares, the filters in words, populations, tables, charts
and the command that reruns a spec (shared by the postings and the companies renderers)."""

from __future__ import annotations

import shlex

from rag.market.args import spec_flags
from rag.market.engine import MarketResult
from rag.market.spec import Filters, QuerySpec
from rag.market.titles import shown
from rag.market.vocab import field_label, label

PLURALS = {
    "skill": "skills",
    "city": "cities",
    "country": "countries",
    "company": "companies",
    "level": "levels",
}


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def names(values: list[str], field_name: str, joiner: str = "and") -> str:
    shown = [label(field_name, v) for v in values]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} {joiner} {shown[-1]}"


def clauses(f: Filters, verb: bool, one: bool = False) -> list[str]:
    """The filters in words: noun qualifiers ("in New York") or predicates ("are in New York"; "is in
    New York" when `one` posting is their subject)."""
    are = ("is " if one else "are ") if verb else ""
    lists = ("lists " if one else "list ") if verb else "listing "
    out = []
    if f.skills_all:
        out.append(lists + names(f.skills_all, "skill") + " among their skills")
    if f.skills_any:
        out.append(lists + names(f.skills_any, "skill", "or") + " among their skills")
    if f.city:
        out.append(f"{are}in {names(f.city, 'city', 'or')}")
    if f.country:
        out.append(f"{are}in {names(f.country, 'country', 'or')}")
    if f.level:
        levels = [v if v.lower().endswith("level") else f"{v} level" for v in f.level]
        out.append(f"{are}at {names(levels, 'level', 'or')}")
    if f.ai_type:
        out.append(f"{are}of AI type {names(f.ai_type, 'ai_type', 'or')}")
    if f.work_type:
        out.append(f"{are}of work type {names(f.work_type, 'work_type', 'or')}")
    if f.company:
        out.append(f"{are}at {names(f.company, 'company', 'or')}")
    if f.title:
        titles = " or ".join(f"“{shown(t)}”" for t in f.title)
        has = ("has " if one else "have ") if verb else "with "
        out.append(f"{has}{titles} in {('its' if one else 'their') if verb else 'the'} title")
    if f.stage:
        out.append(f"{are}at {names(f.stage, 'stage', 'or')} companies")
    for name, yes, no in (
        ("management", "management role", "not management role"),
        ("customer_facing", "customer-facing role", "not customer-facing role"),
    ):
        value = getattr(f, name)
        if value is not None:
            role = yes if value else no
            if verb and one:
                out.append(f"is {'a ' + role if value else 'not a ' + role.removeprefix('not ')}")
            else:
                out.append(f"{'are ' if verb else 'that are '}{role}s")
    if f.posted_from or f.posted_to:
        span = f"from {f.posted_from or 'the start'} to {f.posted_to or 'the end'}"
        out.append(f"{('was ' if one else 'were ') if verb else ''}posted {span}")
    return out


def join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def population(result: MarketResult, where: Filters | None = None) -> str:
    """ "all 1,765 postings" or "the 185 postings in New York"."""
    where = result.spec.filters if where is None else where
    if where.is_empty():
        return f"all {result.n_total:,} postings"
    return f"the {postings(result.n_population)} {join(clauses(where, verb=False))}"


def postings(n: int) -> str:
    """ "1 posting", "1,765 postings"."""
    return f"{n:,} posting{'' if n == 1 else 's'}"


def command(spec: QuerySpec) -> str:
    """The `fieldguide market ...` command that reruns this spec."""
    return shlex.join(
        ["fieldguide", "market", *(a for flag, v in spec_flags(spec) for a in (f"--{flag}", v))]
    )


# -- tables and charts -----------------------------------------------------------------------------
def table_md(table: list[list[str]]) -> str:
    if not table:
        return ""
    head, *rows = table
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def bar_chart(title: str, x: str, labels: list[str], values: list[float], y: str = "postings") -> dict:
    return {"title": title, "x": x, "y": y, "labels": labels, "values": values}


def values_word(spec: QuerySpec) -> str:
    """What a top or breakdown lists: "skills", "genai skills", "cities", "AI type values"."""
    f = spec.field or "skill"
    return (
        f"{spec.skill_category} skills" if spec.skill_category else PLURALS.get(f, f"{field_label(f)} values")
    )


def values_table(r: MarketResult, head: str, unit: str = "postings") -> tuple[list[list[str]], dict]:
    """The table and chart of a top or breakdown: each value's count (of `unit`) and its share."""
    f = r.spec.field or "skill"
    table = [[field_label(f), unit, f"share of the {r.n_matching:,}"]]
    table += [[label(f, x["value"]), f"{x['n']:,}", pct(x["n"], r.n_matching)] for x in r.rows]
    known = [x for x in r.rows if x["value"] is not None]
    labels, values = [label(f, x["value"]) for x in known], [x["n"] for x in known]
    return table, bar_chart(head.strip("*:"), field_label(f), labels, values, y=unit)


def grouped_table(r: MarketResult, head: str, unit: str = "postings") -> tuple[list[list[str]], dict]:
    """The table and chart of a count or share per group: matching, population and share per value."""
    g = r.spec.group_by or "skill"
    matching = "matching" if unit == "postings" else f"matching {unit}"
    table = [[field_label(g), matching, unit, "share"]]
    table += [[label(g, x["value"]), f"{x['n_matching']:,}", f"{x['n_population']:,}",
               pct(x["n_matching"], x["n_population"])] for x in r.rows]  # fmt: skip
    known = [x for x in r.rows if x["value"] is not None]
    labels, shares = [label(g, x["value"]) for x in known], [round(100 * x["share"], 1) for x in known]
    return table, bar_chart(head.strip("*:"), field_label(g), labels, shares, y="share (%)")
