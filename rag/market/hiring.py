"""A yes/no question whether one employer of the postings is hiring ("Is Scale AI hiring?", "Does
Stripe hire AI engineers in London?", "Does X have openings?"): answered by the count of its postings
with the question's filters, as "How many postings does X have (in London)?" is, and said to be
postings collected once, not live openings."""

from __future__ import annotations

from rag.errors import UnknownValueError
from rag.market.cues import COMPARED, GUIDE_ONLY, HIRING, OPENERS
from rag.market.parser import Extraction
from rag.names import display_company

REASON = "asks whether an employer of the data is hiring: its postings, counted"
COLLECTED_ONCE = (
    "Whether {employer} is hiring now the guide cannot say: its job postings were collected once "
    "(posted {posted_from} to {posted_to}), so they show who was hiring then, not live openings. "
    "{employer}'s postings in that data:"
)


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
