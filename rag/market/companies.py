"""Market answers that count companies, not postings: "How many companies ask for Kubernetes?" is
the number of distinct companies with at least one posting that lists it, with the postings behind
it as context. A company is its name as the postings give it, cleaned at ingest (rag/names.py)."""

from __future__ import annotations

from rag.market.engine import MarketResult
from rag.market.phrases import clauses, grouped_table, join, names, pct, postings, values_table, values_word
from rag.market.spec import Filters
from rag.market.vocab import field_label

MEANING = (
    "Counted: companies, each once however many of its postings match (a company is its name as the "
    "postings give it); a company counts when at least one of its postings matches."
)


def companies(n: int) -> str:
    """ "1 company", "974 companies"."""
    return f"{n:,} compan{'y' if n == 1 else 'ies'}"


def company_population(r: MarketResult, where: Filters, n: int) -> str:
    """ "all 974 companies" or "the 120 companies with postings in New York"."""
    if where.is_empty():
        return f"all {companies(r.n_companies)}"
    return f"the {companies(n)} with postings {join(clauses(where, verb=False))}"


def _have(n: int) -> str:
    return "has" if n == 1 else "have"


def _lists(f: Filters) -> str:
    """What one matching posting does: "lists Kubernetes among its skills", "is in London"."""
    return join(clauses(f, verb=True, one=True)).replace("among their skills", "among its skills")


def _count(r: MarketResult) -> tuple[str, list[list[str]], dict | None]:
    spec = r.spec
    if spec.group_by:
        g = spec.group_by
        pop = company_population(r, spec.filters, r.n_population)
        what = f"with at least one posting that {_lists(spec.subset)}" if not spec.subset.is_empty() else ""
        head = f"**Companies {what}, per {field_label(g)}, among {pop}:**".replace(
            "Companies , ", "Companies, "
        )
        return head, *grouped_table(r, head, "companies")
    pm, pp = r.postings_counted or (0, 0)
    if spec.subset.is_empty():
        where = join(clauses(spec.filters, verb=False)) if not spec.filters.is_empty() else "in the data"
        return (
            f"**{companies(r.n_matching)} {_have(r.n_matching)} postings {where}** ({postings(pm)}).",
            [],
            None,
        )
    pop = company_population(r, spec.filters, r.n_population)
    m, share = r.n_matching, pct(r.n_matching, r.n_population)
    text = f"**{m:,} of {pop} ({share}) {_have(m)} at least one posting that {_lists(spec.subset)}.**"
    if not spec.filters.is_empty():
        text += f" That is {pct(r.n_matching, r.n_companies)} of all {companies(r.n_companies)}."
    posting_pop = (
        f"all {postings(pp)}"
        if spec.filters.is_empty()
        else f"the {postings(pp)} {join(clauses(spec.filters, verb=False))}"
    )
    text += f" In postings: {pm:,} of {posting_pop} ({pct(pm, pp)}) {join(clauses(spec.subset, verb=True))}."
    return text, [], None


def _values(r: MarketResult) -> tuple[str, list[list[str]], dict | None]:
    spec, f = r.spec, r.spec.field or "skill"
    pop = company_population(r, spec.where(), r.n_matching)
    if spec.only:
        head = f"**{names(list(spec.only), f)}: the companies with a posting for each, among {pop}:**"
    elif spec.measure == "breakdown":
        each = "(a company counts under each value it has postings for)"
        head = f"**{pop[0].upper()}{pop[1:]}, by {field_label(f)}** {each}:"
    elif f == "skill":
        by = "listed by the most companies (in at least one posting)"
        head = f"**The {len(r.rows)} {values_word(spec)} {by}, among {pop}:**"
    else:
        head = (
            f"**The {len(r.rows)} {values_word(spec)} with postings from the most companies, among {pop}:**"
        )
    return head, *values_table(r, head, "companies")


RENDERERS = {"count": _count, "share": _count, "top": _values, "breakdown": _values}
