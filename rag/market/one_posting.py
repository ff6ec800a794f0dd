"""A question about one posting or one employer, not a group of postings: the posting's own text (or
the guide's refusal) answers it, not a table ("Sayari staff AI engineer salary", "what does Ocado pay?",
"an AI engineer at Delivery Hero", "drata senior applied AI engineer - top pay tier?"). A yes/no question
whether one employer of the postings is hiring ("Is Scale AI hiring?", "Does Stripe hire AI engineers in
London?", "Does X have openings?") is answered by the count of its postings with the question's filters,
as "How many postings does X have (in London)?" is, and said to be postings collected once, not live
openings."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from rag.errors import MarketSpecError, UnknownValueError
from rag.index.posting_names import PostingNames
from rag.market.build import build_spec
from rag.market.cues import (
    COMMON_CAPITALISED,
    COMPARED,
    GROUP_POSTINGS,
    GUIDE_ONLY,
    HIRING,
    OPENERS,
    ROLE_WORDS,
)
from rag.market.parser import Extraction
from rag.market.spec import QuerySpec
from rag.names import display_company

COUNTED = frozenset({"count", "breakdown", "by_month", "cooccur", "by", "mostly"})  # over many postings
HIRING_REASON = "asks whether an employer of the data is hiring: its postings, counted"
COLLECTED_ONCE = (
    "Whether {employer} is hiring now the guide cannot say: its job postings were collected once "
    "(posted {posted_from} to {posted_to}), so they show who was hiring then, not live openings. "
    "{employer}'s postings in that data:"
)


def one_posting(ex: Extraction, intents: set[str]) -> bool:
    """One named posting or employer ("Sayari staff AI engineer salary", "what does Ocado pay?",
    "an AI engineer at Delivery Hero"): its own text (or the guide's refusal) answers, not a table."""
    aggregate = intents & (COUNTED | {"share", "top"})
    if aggregate or ex.has(*GROUP_POSTINGS):
        return False
    if "salary" in intents and _named_subject(ex):
        return True
    named = any(m.field == "company" for m in ex.mentions) or named_employer(ex)
    return named and ex.has(*ROLE_WORDS)


def names_posting(postings: PostingNames, ex: Extraction, intents: set[str], question: str) -> bool:
    """An employer of the data named beside the words of one of its titles ("drata senior applied
    AI engineer - top pay tier?", "candid health AI/ML engineer salary?"): that posting's text
    answers, though "top" or "how often" read as an aggregate and a lower-case or shortened name
    as no company (rag/index/posting_names.py); a count or the postings in the plural do not."""
    if intents & COUNTED or ex.has(*GROUP_POSTINGS):
        return False
    return bool(postings.named(question))


def _named_subject(ex: Extraction) -> bool:
    """ "What does Ocado pay?": a capitalised name right after does/do that is no known value names
    one company or posting (perhaps one the data lacks), not a group of postings."""
    taken = {i for m in ex.mentions for i in range(m.start, m.end)}
    for i, tok in enumerate(ex.tokens[:-1]):
        raw = ex.raw_tokens[i + 1]
        if tok in ("does", "do") and i + 1 not in taken and raw[:1].isupper() and raw[1:].islower():
            return True
    return False


def named_employer(ex: Extraction) -> bool:
    """A capitalised name that is no known value right after "at" or with a possessive ("at Delivery
    Hero", "Bumble's"): an employer the data may lack, named as one."""
    taken = {i for m in ex.mentions if m.field != "skill" for i in range(m.start, m.end)}
    skills = {i for m in ex.mentions if m.field == "skill" for i in range(m.start, m.end)}
    for i, raw in enumerate(ex.raw_tokens):
        name = raw.lower().removesuffix("'s")
        if i in taken or not raw[:1].isupper() or name in COMMON_CAPITALISED:
            continue
        after_at = i > 0 and ex.tokens[i - 1] == "at"  # "at Meta": an employer, even if a skill too
        if i in skills and not after_at:
            continue
        possessive = raw.endswith("'s") or (i + 1 < len(ex.tokens) and ex.tokens[i + 1] == "s")
        if after_at or possessive:
            return True
    return False


def hiring_employer(ex: Extraction, intents: set[str]) -> str | None:
    """The employer a yes/no question asks is hiring, hires or has openings (for a role, in a place):
    one company of the data, no aggregate or comparison asked, no guide-only topic ("hiring process"),
    no value the data lacks. The caller rules out fields the data does not record ("remote")."""
    companies = {m.value for m in ex.mentions if m.field == "company"}
    if (
        not ex.tokens
        or ex.tokens[0] not in OPENERS
        or len(companies) != 1
        or not ex.has(*HIRING)
        or ex.has(*COMPARED)  # "is X hiring more than Y?"
        or intents
        or ex.unknown
        or ex.unmatched
        or ex.has(*GUIDE_ONLY)
    ):
        return None
    return display_company(str(next(iter(companies))))


def hiring_spec(ex: Extraction, intents: set[str], stages: Mapping[str, int]) -> tuple[str, QuerySpec] | None:
    """The employer a yes/no hiring question asks about and the count of its postings with the question's
    filters, as "how many postings does <employer> have (in London)?" gets; None when it is no such question
    or the filters make no valid query (`stages`: the data's funding stages, for "series B")."""
    employer = hiring_employer(ex, intents)
    if employer is None:
        return None
    try:
        return employer, build_spec(ex, {"count"}, stages)
    except (ValidationError, MarketSpecError):
        return None


def absent_employer(ex: Extraction, intents: set[str]) -> UnknownValueError | None:
    """The employer a yes/no hiring question asks of when no posting is from it ("Is Google hiring AI
    engineers?": Google is no company of the data, rag/market/readings.py)."""
    absent = [e for e in ex.unknown if e.field == "company"]
    companies = [m for m in ex.mentions if m.field == "company"]
    if (
        len(absent) != 1
        or len(ex.unknown) != 1
        or companies
        or ex.tokens[0] not in OPENERS
        or not ex.has(*HIRING)
        or ex.has(*COMPARED)
        or intents
        or ex.has(*GUIDE_ONLY)
    ):
        return None
    return absent[0]


def collected_once(employer: str, posted_from: str, posted_to: str) -> str:
    """The lead line of a hiring answer: the postings are a snapshot with these posted dates."""
    return COLLECTED_ONCE.format(employer=employer, posted_from=posted_from, posted_to=posted_to)
