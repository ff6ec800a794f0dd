"""The router: is a question about the job market (a figure over all postings), about the guide's
text, or both? For market questions it also builds the QuerySpec, deterministically."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from rag.errors import MarketSpecError, UnknownValueError
from rag.market.parser import Extraction, Extractor, Mention
from rag.market.spec import Filters, QuerySpec
from rag.market.vocab import Vocabulary

Route = Literal["market", "guide", "both"]
POSTING_NOUNS = ("posting", "postings", "jobs", "job posts", "job ads", "listings", "openings", "vacancies",
                 "roles", "positions", "employers", "job market", "hiring", "job postings")  # fmt: skip
SALARY = ("pay", "pays", "paid", "salary", "salaries", "compensation", "comp", "earn", "earns", "wage",
          "wages",
          "how much do", "how much does", "base pay", "pay range", "pay ranges", "salary range")  # fmt: skip
COUNT = (
    "how many",
    "number of",
    "count of",
    "count the",
    "how much demand",
    "do many",
    "are many",
    "many postings",
    "many jobs",
    "many roles",
)
SHARE = ("share", "percentage", "percent", "%", "proportion", "fraction", "how common", "how often",
         "what portion", "ratio", "how popular", "how frequent", "how frequently", "what part")  # fmt: skip
TOP = ("top", "most common", "most requested", "most popular", "most in-demand", "most in demand",
       "most wanted",
       "most frequently", "most often", "most sought", "come up most", "comes up most", "appear most",
       "mentioned most", "most mentioned", "most asked", "most", "leading", "biggest", "largest")  # fmt: skip
BY_MONTH = ("by month", "per month", "each month", "monthly", "over time", "trend", "month by month",
            "month over month", "every month", "a month")  # fmt: skip
COOCCUR = ("alongside", "together with", "along with", "co-occur", "cooccur", "paired with", "combined with",
           "go with", "goes with", "go together", "appear with", "appears with", "in combination with",
           "next to", "come with", "comes with", "accompany", "accompanies")  # fmt: skip
BREAKDOWN = ("breakdown", "break down", "broken down", "distribution", "distributed", "split")
ADVICE = ("worth learning", "worth it", "should i learn", "in demand", "how important", "do i need",
          "is it worth", "worth my time", "valuable", "good to learn", "does it matter", "matter for",
          "useful to learn", "should i know", "need to know", "must have", "must-have")  # fmt: skip
GUIDE_TOPICS = ("interview", "interviews", "rounds", "take-home", "take home", "home assignment", "portfolio",
                "webinar", "learning path", "resume", "cover letter", "negotiate", "recruiter", "course",
                "book", "books", "study", "prepare", "prep", "what is", "explain", "difference between",
                "loop", "onsite", "screening", "process", "day to day", "day-to-day")  # fmt: skip
# Topics the job data does not record: a figure about them would be computed on something else.
NOT_RECORDED = {
    "remote work or office attendance (the data records only full-time, internship or contract)": (
        "remote", "hybrid", "on-site", "onsite", "in-office", "in office", "work from home", "wfh",
        "office days", "days in the office"),
    "gender or diversity": ("gender", "women", "female", "male", "diversity", "ethnicity"),
    "equity or stock": ("equity", "stock options", "stock", "rsu", "rsus", "shares"),
    "notice periods": ("notice period", "notice periods"),
    "visa sponsorship": ("visa", "visas", "sponsorship", "sponsor", "sponsors"),
    "years of experience": ("years of experience", "years experience", "yoe"),
    "degree requirements": ("degree", "phd", "bachelor", "bachelors", "master's", "masters", "diploma"),
    "benefits or bonuses": ("benefits", "bonus", "bonuses", "vacation", "pto", "health insurance", "401k"),
    "relocation": ("relocation", "relocate"),
}  # fmt: skip
GROUP_WORDS = {
    "skill": ("skills", "skill", "technologies", "technology", "tools", "frameworks", "tech", "stack",
              "libraries", "languages", "databases", "clouds", "cloud providers"),
    "city": ("cities", "city", "locations", "location", "places"),
    "country": ("countries", "country"),
    "company": ("companies", "company", "employers", "employer", "firms", "hirers"),
    "level": ("levels", "level", "seniority", "seniorities", "experience level", "experience levels"),
    "stage": ("stages", "stage", "funding stage", "funding stages", "company stage", "company stages"),
    "ai_type": ("ai types", "ai type", "types of role", "types of roles", "role types", "categories"),
    "work_type": ("work types", "work type", "employment types", "employment type", "job types"),
    "size_band": ("company size", "company sizes", "size", "sizes"),
    "management": ("management roles",),
    "customer_facing": ("customer-facing roles",),
}  # fmt: skip
_GROUP_PAIRS = sorted(((w, f) for f, words in GROUP_WORDS.items() for w in words), key=lambda wf: -len(wf[0]))
CATEGORY_WORDS = {"languages": "languages", "programming languages": "languages", "databases": "databases",
                  "clouds": "cloud", "cloud providers": "cloud", "cloud platforms": "cloud",
                  "web frameworks": "web", "ml frameworks": "ml", "genai tools": "genai",
                  "genai skills": "genai",
                  "data tools": "data", "devops tools": "ops", "ops tools": "ops"}  # fmt: skip
NUMBERS = {"three": 3, "five": 5, "ten": 10, "twenty": 20, "fifteen": 15, "seven": 7, "four": 4, "six": 6,
           "eight": 8, "nine": 9, "two": 2, "dozen": 12}  # fmt: skip
SUBSET_FIELDS = ("skill", "ai_type", "management", "customer_facing", "work_type")
PREDICATE_VERBS = ("ask", "asks", "require", "requires", "list", "lists", "mention", "mentions",
                   "want", "wants",
                   "need", "needs", "use", "uses", "include", "includes",
                   "expect", "expects", "call", "demand", "demands")  # fmt: skip


@dataclass
class Routed:
    """The router's decision, and for market questions the spec (or why there is none)."""

    route: Route
    reason: str
    spec: QuerySpec | None = None
    notes: list[str] = field(default_factory=list)
    not_recorded: str | None = None
    unknown: UnknownValueError | None = None


class Router:
    """Routes questions and parses market ones; built once per postings table."""

    def __init__(self, vocab: Vocabulary):
        self.extractor = Extractor(vocab)

    def route(self, question: str) -> Routed:
        ex = self.extractor.extract(question)
        intents = _intents(ex)
        market_shaped = bool(intents) and (ex.has(*POSTING_NOUNS) or bool(ex.mentions) or _group_field(ex)[0])
        guide_topic = ex.has(*GUIDE_TOPICS) and not ex.has(*POSTING_NOUNS)
        missing = next((what for what, words in NOT_RECORDED.items() if ex.has(*words)), None)
        if missing and (market_shaped or ex.has(*POSTING_NOUNS)) and not guide_topic:
            return Routed("market", "asks for a figure the job data does not record", not_recorded=missing)
        skills = [m for m in ex.mentions if m.field == "skill"]
        if not market_shaped and skills and ex.has(*ADVICE):
            spec = QuerySpec(measure="share", subset=Filters(skills_all=[skills[0].value]))
            return Routed("both", "advice about a skill: the guide's answer plus its share of postings", spec)
        if not market_shaped or guide_topic or _one_posting(ex, intents):
            return Routed("guide", "no aggregate over postings asked for")
        if ex.unknown:
            return Routed("market", "names a value no posting has", unknown=ex.unknown[0], notes=ex.notes)
        try:
            spec = build_spec(ex, intents)
        except (ValidationError, MarketSpecError) as exc:
            return Routed("guide", f"market-shaped but no valid query: {str(exc).splitlines()[0]}")
        return Routed("market", f"aggregate question ({', '.join(sorted(intents))})", spec, ex.notes)


def _intents(ex: Extraction) -> set[str]:
    found = set()
    for name, words in (("salary", SALARY), ("count", COUNT), ("share", SHARE), ("by_month", BY_MONTH),
                        ("cooccur", COOCCUR), ("breakdown", BREAKDOWN)):  # fmt: skip
        if ex.has(*words):
            found.add(name)
    if ex.has(*TOP) and (ex.has("which", "what", "top", "list", "show", "name") or _group_field(ex)[0]):
        found.add("top")
    fields = [m.field for m in ex.mentions]
    if ex.has("more", "vs", "versus", "compare", "compared") and any(
        fields.count(f) > 1 for f in set(fields)
    ):
        found.add("top")
    if _by_field(ex):
        found.add("by")
    if "salary" in found:
        found.discard("by_month")  # "pay per month" is a period, not a trend
    return found


def _group_field(ex: Extraction) -> tuple[str | None, str | None]:
    """The field a top/breakdown question is about ("which skills", "top cities"), and a skill category."""
    for phrase, category in CATEGORY_WORDS.items():
        if ex.has(phrase) and not any(m.field == "skill" and phrase in m.text.lower() for m in ex.mentions):
            return "skill", category
    taken = " ".join(m.text.lower() for m in ex.mentions)
    for w, fld in _GROUP_PAIRS:
        if ex.has(w) and w not in taken:
            return fld, None
    return None, None


def _by_field(ex: Extraction) -> str | None:
    """ "by level", "per city", "for each company", "across levels": a group-by field."""
    text = " " + " ".join(ex.tokens) + " "
    for w, fld in _GROUP_PAIRS:
        for cue in (
            "by",
            "per",
            "for each",
            "across",
            "for every",
            "across the",
            "by their",
            "broken down by",
        ):
            if f" {cue} {w} " in text:
                return fld
    return None


def _named_subject(ex: Extraction) -> bool:
    """ "What does Ocado pay?": a capitalised name right after does/do that is no known value names
    one company or posting (perhaps one the data lacks), not a group of postings."""
    taken = {i for m in ex.mentions for i in range(m.start, m.end)}
    for i, tok in enumerate(ex.tokens[:-1]):
        raw = ex.raw_tokens[i + 1]
        if tok in ("does", "do") and i + 1 not in taken and raw[:1].isupper() and raw[1:].islower():
            return True
    return False


def _one_posting(ex: Extraction, intents: set[str]) -> bool:
    """A question about one named posting ("what does the nPlan platform role pay?") is the guide's."""
    if "salary" in intents and _named_subject(ex) and not ex.has("postings", "jobs", "roles", "positions"):
        return True
    companies = [m for m in ex.mentions if m.field == "company"]
    aggregate = intents & {"count", "share", "top", "breakdown", "by_month", "cooccur", "by"}
    return (
        bool(companies) and not aggregate and not ex.has("postings", "jobs", "roles", "positions", "listings")
    )


def _limit(ex: Extraction) -> int | None:
    for i, tok in enumerate(ex.tokens[:-1]):
        nxt = ex.tokens[i + 1]
        if tok == "top" and (nxt.isdigit() or nxt in NUMBERS):
            return int(nxt) if nxt.isdigit() else NUMBERS[nxt]
        if (tok.isdigit() or tok in NUMBERS) and nxt in ("most", "top", "biggest", "leading"):
            return int(tok) if tok.isdigit() else NUMBERS[tok]
    return None


def _filters(mentions: list[Mention], ex: Extraction | None = None) -> Filters:
    data: dict = {}
    for m in mentions:
        if m.field == "skill":
            data.setdefault("skills_all", []).append(m.value)
        elif m.field in ("management", "customer_facing"):
            data[m.field] = m.value
        else:
            data.setdefault(m.field, []).append(m.value)
    if ex is not None:
        data.update(posted_from=ex.posted_from, posted_to=ex.posted_to)
    if len(data.get("skills_all", [])) > 1 and _any_of(ex):
        data["skills_any"] = data.pop("skills_all")
    return Filters(**{k: list(dict.fromkeys(v)) if isinstance(v, list) else v for k, v in data.items()})


def _any_of(ex: Extraction | None) -> bool:
    return ex is not None and ex.has("or", "either", "any of")


def _split(ex: Extraction, mentions: list[Mention]) -> tuple[Filters, Filters]:
    """(population, subset) of a count or share question."""
    verb = next((i for i, t in enumerate(ex.tokens) if t in PREDICATE_VERBS and i > 0), None)
    of = next((i for i, t in enumerate(ex.tokens) if t == "of"), None)
    if of is not None:  # "what share of London postings are senior?": the copula splits the two
        verb = next((i for i, t in enumerate(ex.tokens) if t in ("are", "is") and i > of), verb)
    before = [m for m in mentions if verb is not None and m.end <= verb]
    after = [m for m in mentions if verb is None or m.start > verb]
    if before and after:
        return _filters(before), _filters(after, ex)
    subset = [m for m in mentions if m.field in SUBSET_FIELDS]
    if subset and len(subset) < len(mentions):
        return _filters([m for m in mentions if m not in subset]), _filters(subset, ex)
    return Filters(), _filters(mentions, ex)


def build_spec(ex: Extraction, intents: set[str]) -> QuerySpec:
    mentions = ex.mentions
    compared = _compared(ex, intents)
    if compared:
        fld, values = compared
        rest = [m for m in mentions if m.field != fld]
        if "share" in intents and rest:
            return QuerySpec(
                measure="share", subset=_filters(rest, ex), group_by=fld, only=values, limit=len(values)
            )
        return QuerySpec(measure="top", field=fld, only=values, filters=_filters(rest, ex), limit=len(values))
    group, category = _group_field(ex)
    by = _by_field(ex)
    limit = _limit(ex)
    extra = {"limit": limit} if limit else {}
    if "cooccur" in intents and any(m.field == "skill" for m in mentions):
        return QuerySpec(measure="cooccur", filters=_filters(mentions, ex), **extra)
    if "salary" in intents:
        stat = _salary_stat(ex)
        return QuerySpec(
            measure="salary", filters=_filters(mentions, ex), group_by=by, salary_stat=stat, **extra
        )
    if "by_month" in intents:
        population, subset = _split(ex, mentions)
        return QuerySpec(measure="by_month", filters=population, subset=subset)
    if (
        "top" in intents
        and group
        and not ("share" in intents or "count" in intents)
        or ("top" in intents and group and by is None and not mentions_of(mentions, group))
    ):
        return QuerySpec(measure="top", field=group, skill_category=category if group == "skill" else None,
                         filters=_filters(mentions, ex), **extra)  # fmt: skip
    if by and not mentions:
        return QuerySpec(measure="breakdown", field=by, limit=limit or 20)
    if "breakdown" in intents and (by or group):
        return QuerySpec(
            measure="breakdown", field=by or group, filters=_filters(mentions, ex), limit=limit or 20
        )
    if not mentions and not (ex.posted_from or ex.posted_to):
        if by or group:
            return QuerySpec(measure="breakdown", field=by or group, limit=limit or 20)
        return QuerySpec(measure="count")
    population, subset = _split(ex, mentions)
    measure = "share" if "share" in intents else "count"
    return QuerySpec(measure=measure, filters=population, subset=subset, group_by=by, **extra)


COMPARE = ("vs", "versus", "compared", "compare", "or", "more", "than")


def _compared(ex: Extraction, intents: set[str]) -> tuple[str, list] | None:
    """ "AWS vs Azure vs GCP - which is asked for most?": two or more values of one field, compared."""
    if not (ex.has(*COMPARE) and (intents & {"top", "count", "share"} or ex.has("which", "more"))):
        return None
    if "share" in intents and not ex.has("vs", "versus", "compare", "compared"):
        return None
    for fld in ("skill", "city", "country", "level", "company", "ai_type", "stage", "work_type"):
        values = list(dict.fromkeys(m.value for m in ex.mentions if m.field == fld))
        if len(values) >= 2 and not ex.has("either", "any of"):
            return fld, values
    return None


def mentions_of(mentions: list[Mention], fld: str) -> bool:
    return any(m.field == fld for m in mentions)


def _salary_stat(ex: Extraction) -> str:
    if ex.has("highest", "maximum", "max", "top pay", "most"):
        return "max"
    if ex.has("lowest", "minimum", "min", "least"):
        return "min"
    if ex.has("p25", "25th", "lower quartile", "bottom quartile"):
        return "p25"
    if ex.has("p75", "75th", "upper quartile", "top quartile"):
        return "p75"
    return "median"


def is_market_question(question: str, router: Router) -> bool:
    return router.route(question).route != "guide"


_ = re  # the module keeps the regex import for callers that patch word lists
