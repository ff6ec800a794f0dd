"""A yes/no question whether one employer of the postings is hiring ("Is Scale AI hiring?", "Does
Stripe hire AI engineers in London?", "Does X have openings?"), or whether there are jobs of a kind
("Are there AI engineer jobs in Berlin?", "Is anyone hiring AI engineers in Austin, TX?"): answered by
the count of the postings with the question's filters, as "How many postings (does X have) in London?"
is, and said to be postings collected once, not live openings. An employer or a place no posting has
is said so, in words a chat user reads (not a command's hint)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from rag.errors import MarketSpecError, UnknownValueError
from rag.market.build import build_spec
from rag.market.cues import COMPARED, GUIDE_ONLY, HIRING, OPENERS
from rag.market.parser import Extraction, tokenize
from rag.market.readings import CITY_ABBREVIATIONS
from rag.market.spec import QuerySpec
from rag.names import display_company
from rag.places import is_country, is_place, region_countries

HIRING_REASON = "asks whether an employer of the data is hiring: its postings, counted"
EXIST_REASON = "asks whether there are jobs of a kind or in a place: the postings, counted"
ABSENT_REASON = "names a value no posting has"
ANYONE = "anyone"  # the subject of an existence question ("are there jobs in Berlin?"): no one employer
# "are there (any) ... jobs", "is there an opening", "any remote jobs", "is anyone hiring"
THERE = (("are", "there"), ("is", "there"), ("any",), ("anyone",), ("anybody",), ("is", "anyone"),
         ("is", "anybody"), ("are", "any"))  # fmt: skip
JOB_NOUNS = ("jobs", "job", "postings", "posting", "openings", "opening", "roles", "role", "positions",
             "position", "vacancies", "opportunities", "listings", "internships", "internship",
             *HIRING)  # fmt: skip
PLACE_FIELDS = ("city", "country")
# Every other word of an existence question: its frame ("are there any ... jobs in"), the field's own
# role words and words that join a filter; any other word asks what a count does not answer ("jobs
# where you only need GenAI skills", "a post about a live coding test", "and how do I ...").
FRAME = {*(w for o in THERE for w in o), *(w for n in JOB_NOUNS for w in n.split()), "a", "an", "the",
         "ai", "ml", "llm", "engineer", "engineers", "engineering", "in", "at", "near", "around", "for",
         "with", "within", "across", "requiring", "require", "requires", "needing", "that", "which",
         "asking", "ask", "want", "wanting", "currently", "now", "right", "still", "open", "available",
         "based", "located", "remote", "many", "lots", "of", "plenty", "some"}  # fmt: skip
COLLECTED_ONCE = (
    "Whether {employer} is hiring now the guide cannot say: its job postings were collected once "
    "(posted {posted_from} to {posted_to}), so they show who was hiring then, not live openings. "
    "{employer}'s postings in that data:"
)
EXIST_ONCE = (
    "Whether such jobs are open now the guide cannot say: its job postings were collected once (posted "
    "{posted_from} to {posted_to}), so they show who was hiring then, not live openings. The postings "
    "in that data:"
)


@dataclass(frozen=True)
class HiringAsk:
    """A yes/no hiring or existence question, read: the router's reason, the count's spec (None when no
    posting can match), the value no posting has, and the employer asked (ANYONE: no one employer)."""

    reason: str
    spec: QuerySpec | None = None
    unknown: UnknownValueError | None = None
    employer: str | None = None


def hiring_ask(
    ex: Extraction, intents: set[str], stages: Mapping[str, int], unrecorded: bool
) -> HiringAsk | None:
    """What a yes/no "is <employer> hiring?" or "are there <role> jobs in <place>?" asks, or None for any
    other question (`stages`: the data's funding stages, for "series B"; `unrecorded`: the question asks
    a field the data does not record, "hiring remote engineers", whose own reply stands)."""
    employer, reason = None if unrecorded else hiring_employer(ex, intents), HIRING_REASON
    if employer is None:
        if (absent := absent_employer(ex, intents)) is not None:  # "is Google hiring?"
            return HiringAsk(ABSENT_REASON, unknown=absent, employer=absent.value)
        if not postings_exist(ex, intents):
            return None
        if ex.unknown:  # only places (postings_exist): "any remote AI jobs in Canada?"
            return HiringAsk(EXIST_REASON, unknown=ex.unknown[0], employer=ANYONE)
        if unrecorded:  # "are there remote AI jobs in London?": the not-recorded reply
            return None
        employer, reason = ANYONE, EXIST_REASON
    try:
        return HiringAsk(reason, build_spec(ex, {"count"}, stages), employer=employer)
    except (ValidationError, MarketSpecError):
        return None


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


def postings_exist(ex: Extraction, intents: set[str]) -> bool:
    """Whether the question asks yes or no if there are jobs of a kind or in a place ("are there AI
    engineer jobs in Berlin?", "any remote AI jobs in Canada?", "is anyone hiring in Austin, TX?", "is
    anyone hiring AI engineers?"): filters of the data, places no posting is in or none; no employer
    (hiring_employer's), no aggregate, no comparison, no guide-only topic, no other value the data
    lacks. The caller rules out fields the data does not record, unless the place asked holds no
    posting at all."""
    t = ex.tokens
    anyone = t[:1] in (["anyone"], ["anybody"]) or t[1:2] in (["anyone"], ["anybody"])
    if (
        not any(tuple(t[: len(o)]) == o for o in THERE)
        or not ex.has(*(HIRING if anyone else JOB_NOUNS))
        or ex.has(*COMPARED)
        or intents
        or ex.unmatched
        or ex.has(*GUIDE_ONLY)
        or any(m.field == "company" for m in ex.mentions)
        or any(u.field not in PLACE_FIELDS for u in ex.unknown)
    ):
        return False
    named = {
        w
        for text in [*(m.text for m in ex.mentions), *(u.value for u in ex.unknown)]
        for w in tokenize(text)[0]
    }
    # A place typed as its abbreviation ("jobs in SF") is named by what was typed, too.
    named |= {a for a, city in CITY_ABBREVIATIONS.items() if any(u.value == city for u in ex.unknown)}
    # With no filter, every word framing the question ("is anyone hiring AI engineers?") asks after all
    # the postings: the data holds AI engineering jobs only.
    return all(w in FRAME or w in named for w in t)


def nowhere(
    unknown: UnknownValueError,
    recorded: dict[str, int],
    n_total: int,
    posted_from: str,
    posted_to: str,
    yes_no: bool = True,
) -> str:
    """The reply to a hiring, existence (`yes_no`) or count question about an employer or a place no
    posting has, in a chat user's words (`recorded`: postings with a city, with a country); a region
    ("the Bay Area") is said to be none the data can match; a world region ("Africa") is a place."""
    collected = f"collected once, posted {posted_from} to {posted_to}"
    if unknown.field == "company":
        return (
            f"No: none of the {n_total:,} job postings in the guide's data ({collected}) is from "
            f"{unknown.value}, so the data cannot say whether it is hiring."
        )
    region = region_countries(unknown.value) is not None  # "Africa": a region none of the postings is in
    if not is_place(unknown.value) and not region:
        return (
            f"The job data names each posting's city and country, not regions or smaller towns, and "
            f"{unknown.value} is not a city or country it can match, so the {n_total:,} postings "
            f"({collected}) cannot be counted there. Ask about a city or a country instead, e.g. “Are "
            f"there AI engineer jobs in Germany?”."
        )
    opener = "No: none" if yes_no else "None"
    text = (
        f"{opener} of the {n_total:,} job postings in the guide's data ({collected}) is located in "
        f"{unknown.value}, so the data shows no such jobs there; it cannot say what is open now."
    )
    field = "country" if region or is_country(unknown.value) else "city"
    if unlocated := n_total - recorded.get(field, n_total):
        verb = "records" if unlocated == 1 else "record"
        text += f" {unlocated:,} of the postings {verb} no {field}, so some of those may be there."
    if unknown.suggestions:
        near = " or ".join(f"{v} ({n:,} posting{'s' if n != 1 else ''})" for v, n in unknown.suggestions)
        text += f" The closest place the data holds: {near}."
    return text


def collected_once(employer: str, posted_from: str, posted_to: str) -> str:
    """The lead line of a hiring answer: the postings are a snapshot with these posted dates."""
    if employer == ANYONE:
        return EXIST_ONCE.format(posted_from=posted_from, posted_to=posted_to)
    return COLLECTED_ONCE.format(employer=employer, posted_from=posted_from, posted_to=posted_to)
