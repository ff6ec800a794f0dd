"""A yes/no question whether one employer of the postings is hiring ("Is Scale AI hiring?", "Does
Stripe hire AI engineers in London?", "Does X have openings?"), or whether there are jobs of a kind
("Are there AI engineer jobs in Berlin?", "Is anyone hiring AI engineers in Austin, TX?"): answered by
the count of the postings with the question's filters, as "How many postings (does X have) in London?"
is, and said to be postings collected once, not live openings; a place no posting is in is said so."""

from __future__ import annotations

from rag.errors import UnknownValueError
from rag.market.cues import COMPARED, GUIDE_ONLY, HIRING
from rag.market.parser import Extraction, tokenize
from rag.market.places import is_country, is_place
from rag.names import display_company

OPENERS = ("is", "are", "do", "does", "has", "have")  # a yes/no question's first word
REASON = "asks whether an employer of the data is hiring: its postings, counted"
EXIST_REASON = "asks whether there are jobs of a kind or in a place: the postings, counted"
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


def postings_exist(ex: Extraction, intents: set[str]) -> bool:
    """Whether the question asks yes or no if there are jobs of a kind or in a place ("are there AI
    engineer jobs in Berlin?", "any remote AI jobs in Canada?", "is anyone hiring in Austin, TX?"): a
    filter of the data or a place no posting is in, no employer (hiring_employer's), no aggregate, no
    comparison, no guide-only topic, no other value the data lacks. The caller rules out fields the
    data does not record, unless the place asked holds no posting at all."""
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
    return bool(ex.mentions or ex.unknown) and all(w in FRAME or w in named for w in t)


def nowhere(
    unknown: UnknownValueError, recorded: dict[str, int], n_total: int, posted_from: str, posted_to: str
) -> str:
    """The reply to an existence question about a place no posting is in, in a chat user's words
    (`recorded`: postings with a city, with a country); a region ("Europe") is said to be none."""
    if not is_place(unknown.value):
        return (
            f"The job data names each posting's city and country, not regions or smaller towns, and "
            f"{unknown.value} is not a city or country it can match, so the {n_total:,} postings (collected "
            f"once, posted {posted_from} to {posted_to}) cannot be counted there. Ask about a city or a "
            f"country instead, e.g. “Are there AI engineer jobs in Germany?”."
        )
    text = (
        f"No: none of the {n_total:,} job postings in the guide's data (collected once, posted "
        f"{posted_from} to {posted_to}) is located in {unknown.value}, so the data shows no such jobs "
        f"there; it cannot say what is open now."
    )
    field = "country" if is_country(unknown.value) else "city"
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
