"""A figure asked about a named company: its own passage leads, or the answer says that none states it.

"How long is the Monzo take-home?" names a company the corpus knows (rag/index/catalog.py) and asks
for a figure about it (a duration, count, share or amount). The lead line (rag/answer/lead.py) that
states such a figure best may come from a passage that is not about the company: the guide's general
"Take-home challenge - Typically 2-3 hours". That line must not stand as the company's answer. The
lead is about the company when one of its lines comes from the company's own passages (its interview
write-up, its postings) or names the company. Otherwise:

- a line of the company's own passages (or naming it) that states the asked figure leads instead: a
  count beside the counted word, a duration of the asked thing ("take-home": a line naming it), an
  amount;
- if none states it, the answer first says so in one line naming the company and the asked part in
  the question's words, then quotes what the company's passages say, then the general figure under
  its own citation, labelled as general. When the company's passages state a count or share in a
  shape no lead reads ("four main stages"), or none of them is among the sources, the general line
  only loses its place as the lead, and nothing is claimed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rag.answer.answerability import Verdict
from rag.answer.context import Context, Source
from rag.answer.extractive import Encoder, Quote, render_lead, render_quotes, select_quotes
from rag.answer.figure_kinds import KIND_COVER, KindAsk, kind_asks, kind_cover, money_asks, states
from rag.answer.figure_shapes import MONEY_SHAPES, asked_shapes, yes_no_only
from rag.answer.interviews import as_employer, own_chunk, spellings
from rag.answer.lead import Lead, scored_lines
from rag.answer.prompts import load_prompt
from rag.answer.standing import GAP, with_standing
from rag.index.bm25 import BM25Index
from rag.index.catalog import Company, catalog_for
from rag.index.text_tokens import tokenize

NEEDED_STEMS = 2  # a line names the asked thing by this many of its stems (all, when it has fewer)
OWN_QUOTES = 2  # the company's own sentences added when the quotes hold none


@dataclass(frozen=True)
class CompanyAsk:
    """A question asking for a figure about one company it names as the employer."""

    company: Company
    part: str  # the part asking for the figure, in the question's words
    kind: KindAsk | None  # a share, duration or count (None: an amount of money)


@dataclass(frozen=True)
class CompanyGap:
    """The company's own passages do not state the asked figure: what the answer says first."""

    ask: CompanyAsk
    own: tuple[int, ...]  # the numbers of the sources about the company


def company_ask(question: str, bm25: BM25Index) -> CompanyAsk | None:
    """The company a figure question names as its employer (one, not a comparison of several), with the
    part asking the figure; None when it names none, several, or asks no figure (or only yes or no)."""
    kinds, money = kind_asks(question), money_asks(question)
    if not (kinds or money) or yes_no_only(question):
        return None
    named = [c for c in catalog_for(bm25).companies_in(question) if as_employer(c.name, question)]
    if len(named) != 1:
        return None
    if kinds:
        return CompanyAsk(named[0], kinds[0].part, kinds[0])
    return CompanyAsk(named[0], money[0].part, None)


def names_company(text: str, company: Company) -> bool:
    """`text` writes the company's name as a question would ("Monzo" for "Monzo Bank")."""
    return any(re.search(rf"\b{s}\b", text, re.I) for s in spellings(company.name))


def is_own(source: Source, company: Company) -> bool:
    """The source is the company's own: its interview write-up or one of its postings."""
    return own_chunk(source.hit.chunk, company)


def lead_about(lead: Lead, sources: Sequence[Source], company: Company) -> bool:
    """One of the lead's lines (or its list's introducing line) is the company's own or names it."""
    own = {s.n for s in sources if is_own(s, company)}
    lines = [x for x in lead.lines if x.text != GAP]
    return names_company(lead.intro, company) or any(
        x.n in own or names_company(x.text, company) for x in lines
    )


def _needed(ask: CompanyAsk) -> frozenset[str]:
    """What a duration line must name besides the company: the asked thing ("take-home"), else the
    part's own words ("how many hours is the XBOW take-home": take, home). A count names its counted
    word by `states`; an amount in the company's own passage is its pay."""
    if ask.kind is None or ask.kind.kind != "duration":
        return frozenset()
    company = frozenset(tokenize(ask.company.name))
    return (ask.kind.thing or frozenset(ask.kind.keys)) - company


def own_lead(
    question: str, ask: CompanyAsk, sources: Sequence[Source], idf: Callable[[str], float]
) -> Lead | None:
    """The best line of the company's own sources (or naming it) that states the asked figure: a count
    beside its counted word, a duration naming the asked thing, an amount; None if none does."""
    shapes = MONEY_SHAPES if ask.kind is None else asked_shapes(question)
    own = {s.n for s in sources if is_own(s, ask.company)}
    needed = _needed(ask)
    sections = {s.n: frozenset(tokenize(s.hit.chunk.section)) for s in sources}
    for _score, line in scored_lines(question, sources, idf, shapes):
        if line.n not in own and not names_company(line.text, ask.company):
            continue
        if ask.kind is not None and not states(ask.kind.kind, line.text, ask.kind.unit):
            continue
        if needed and len(needed & (line.terms | sections[line.n])) < min(NEEDED_STEMS, len(needed)):
            continue  # "This process should take around 3-4 weeks" is not the take-home's length
        return with_standing(Lead((line,)), sources, question)
    return None


def company_lead(
    question: str, lead: Lead | None, sources: Sequence[Source], bm25: BM25Index, idf: Callable[[str], float]
) -> tuple[Lead | None, CompanyGap | None]:
    """(the lead, the gap to state first): `lead` as it is unless the question asks a figure of a
    company and the lead is not about it; then the company's own line stating the figure, or, when no
    passage of the company's states it, the general lead with the gap the answer names first."""
    if lead is None:
        return None, None
    ask = company_ask(question, bm25)
    if ask is None or lead_about(lead, sources, ask.company):
        return lead, None
    found = own_lead(question, ask, sources, idf)
    if found is not None:
        return found, None
    own = tuple(s.n for s in sources if is_own(s, ask.company))
    if not own:  # nothing of the company's own to say it of: the general line only loses its place
        return None, None
    chunks = [c for s in sources if s.n in own for c in s.chunks]
    words = ask.kind is not None and ask.kind.kind in ("count", "share")
    if words and kind_cover(ask.kind, chunks, idf) >= KIND_COVER:
        return None, None  # stated in a shape no lead reads ("four main stages"): no claim either way
    return lead, CompanyGap(ask, own)


def gap_verdict(verdict: Verdict, gap: CompanyGap | None) -> Verdict:
    """The answer's coverage: with a gap, partial, the asked part named as missing ("how long is the
    Monzo take-home"), whatever answerability judged of the passages as a whole."""
    if gap is None:
        return verdict
    ask = gap.ask
    reason = "figure-not-stated" if ask.kind is None else f"{ask.kind.kind}-not-stated"
    missing = tuple(dict.fromkeys((*verdict.missing, ask.part.strip().rstrip("?.! "))))
    return Verdict("partial", reason if verdict.coverage == "full" else verdict.reason, missing)


def gap_quotes(
    gap: CompanyGap | None,
    question: str,
    context: Context,
    encoder: Encoder,
    limit: int,
    idf: Callable[[str], float],
    lead: Lead | None,
    words: int,
) -> list[Quote]:
    """`select_quotes`; with a gap, the company's own best sentences too when none of them is among
    the quotes (what its passages say comes right after the line saying they do not state the figure)."""
    quotes = select_quotes(question, context, encoder, limit, idf, lead, words)
    if gap is None or any(q.n in gap.own for q in quotes):
        return quotes
    own = replace(context, sources=[s for s in context.sources if s.n in gap.own])
    added = select_quotes(question, own, encoder, OWN_QUOTES, idf, None, 0)
    return sorted([*added, *quotes], key=lambda q: (q.n, q.position))


def _what_it_has(company: Company) -> str:
    found = (("interview write-up", company.has_process), ("postings", bool(company.postings)))
    has = [what for what, yes in found if yes]
    return f"its {' and '.join(has)}" if has else "the guide's pages naming it"


def render_gap(quotes: Sequence[Quote], lead: Lead, gap: CompanyGap | None) -> str:
    """The offline answer: as `render_quotes` without a gap; with one, the line saying the company's
    passages do not state the figure, their quotes, then the general lead and the other quotes under
    a label saying they are general."""
    if gap is None:
        return render_quotes(quotes, lead)
    coverage, extractive = load_prompt("coverage"), load_prompt("extractive")
    company = gap.ask.company
    what = gap.ask.part.strip().rstrip("?.! ")
    what = what[:1].lower() + what[1:]
    own = [q for q in quotes if q.n in gap.own or names_company(q.text, company)]
    rest = [q for q in quotes if q not in own]
    parts = [
        extractive.render("header"),
        coverage.render("company_not_stated", company=company.name, own=_what_it_has(company), what=what),
    ]
    if own:
        parts.append("\n".join(extractive.render("line", sentence=q.text, n=q.n) for q in own))
    parts += [coverage.render("general_figure", company=company.name), render_lead(lead)]
    if rest:
        parts.append("\n".join(extractive.render("line", sentence=q.text, n=q.n) for q in rest))
    return "\n\n".join(parts)
