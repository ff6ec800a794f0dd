"""The router: is a question about the job market (a figure over all postings), about the guide's
text, or both? For market questions it also builds the QuerySpec, deterministically (build.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from rag.answer.asks import question_asks, questioned
from rag.answer.question_words import AUXILIARIES, WH_WORDS, alternation, parts, without_situations
from rag.errors import MarketSpecError, UnknownValueError
from rag.index.page_names import names_talks
from rag.index.posting_names import PostingNames
from rag.market.build import (
    build_spec,
    counted_companies,
    group_field,
    listed_companies,
    salary_ranking,
    startups_compared,
)
from rag.market.cues import (
    ADVICE,
    DATASET_NOUNS,
    DEMAND,
    FREQUENCY_COMPARED,
    GUIDE_ONLY,
    GUIDE_TOPICS,
    MEASURE_WORDS,
    MORE_OR_LESS,
    NOT_RECORDED,
    OTHER_COMPANIES,
    POSTING_NOUNS,
    PRACTITIONERS,
    STARTUP_NOTE,
    USAGE,
    WORKPLACE,
    asks_headcount,
    asks_questions,
    names_job_data,
    pay_against_other_roles,
)
from rag.market.hiring import hiring_ask
from rag.market.intents import intents_of, two_values, yes_no_on_one_skill
from rag.market.one_posting import COUNTED, names_posting, one_posting
from rag.market.parser import Extraction, Extractor, Mention
from rag.market.readings import LANGUAGE_GAP, as_language
from rag.market.restrict import kind_of_skills, unread_restriction
from rag.market.spec import Filters, QuerySpec
from rag.market.vocab import Vocabulary

Route = Literal["market", "guide", "both"]
SET_AGAINST = ("compared", "vs", "versus", "against", "relative to")
NO_AGGREGATE = "no aggregate over postings asked for"
WORK_FIELDS = ("skill", "title")  # what the work is: no sign by itself that postings are asked about


@dataclass
class Routed:
    """The router's decision, and for market questions the spec (or why there is none)."""

    route: Route
    reason: str
    spec: QuerySpec | None = None
    notes: list[str] = field(default_factory=list)
    not_recorded: str | None = None
    unknown: UnknownValueError | None = None
    uncovered: list[str] = field(default_factory=list)  # parts of the question the figure does not answer
    asked: str | None = None  # the standalone question a follow-up was read as ("... (in Germany)?")
    unmatched: list[str] = field(default_factory=list)  # words asked for that no value of the data is near
    mentioned: str | None = None  # the question's phrase counted in the postings' own text (mentions.py)
    mentioned_within: Filters | None = None  # the postings that count is over (None: all)
    hiring: str | None = None  # the employer a yes/no "is it hiring?" names, or ANYONE ("are there jobs?")

    @property
    def asks_workplace(self) -> bool:
        """Refused for asking where the work is done (remote, hybrid, office days): no column holds it."""
        return self.not_recorded == WORKPLACE


EVERY_SHARE = "a share of every posting, no condition read: the guide's text answers"


class Router:
    """Routes questions and parses market ones; built once per postings table."""

    def __init__(self, vocab: Vocabulary):
        self.extractor = Extractor(vocab)
        self.postings = PostingNames(vocab.company_titles)

    def route(self, question: str) -> Routed:
        question = without_situations(question)  # "… Trying to gauge how ops-heavy this is" names no skill
        ex = self.extractor.extract(question)
        if _startups_against_others(ex) and not startups_compared(ex):  # "comp at big tech vs a startup"
            said = {STARTUP_NOTE.format(m.text) for m in ex.mentions if _startups(m)}
            ex.mentions = [m for m in ex.mentions if not _startups(m)]
            ex.notes = [n for n in ex.notes if n not in said]
        intents = intents_of(ex)
        if names_talks(question):  # "any stats from the sessions on …": what the talks said, not the table
            return Routed("guide", "asks what the guide's talks said")
        hiring = self._hiring(ex, intents)
        if hiring is not None:  # before one posting: "is Stripe hiring AI engineers?" asks about all of them
            return hiring
        if (
            one_posting(ex, intents)
            or names_posting(self.postings, ex, intents, question)
            or pay_and_more(question, ex, intents, self.extractor.extract)
        ):
            # before not-recorded: the posting's own text says remote, visa...
            return Routed("guide", "one named posting or employer: its own text answers")
        if ex.has(*GUIDE_ONLY) or asks_questions(question):
            return Routed("guide", "a topic of the guide's pages, not a field of the postings")
        if asks_headcount(question):
            return Routed("guide", "asks how many people work for an employer, not how many postings")
        if pay_against_other_roles(question):
            return Routed("guide", "compares pay with roles outside AI, which no posting is")
        guide_topic = _guide_topic(ex) and not ex.has(*POSTING_NOUNS)
        missing = not_recorded(ex)
        if missing and (intents or ex.has(*DATASET_NOUNS)) and not guide_topic:
            first = self._first_part(question, missing)
            if first is not None:
                return first
            return Routed("market", "asks for a figure the job data does not record", not_recorded=missing)
        for skill, about in ((_advised_skill(ex), "advice about"), (_used_skill(ex), "the field's use of")):
            if skill is not None:
                spec = QuerySpec(measure="share", subset=Filters(skills_all=[skill.value]))
                return Routed("both", f"{about} a skill: the guide's answer plus its share of postings", spec)
        if not _market_shaped(ex, intents) or guide_topic:
            return Routed("guide", NO_AGGREGATE)
        if ex.unknown or ex.unmatched:  # the desk says which, or sends the question to the guide
            unknown = ex.unknown[0] if ex.unknown else None
            return Routed(
                "market",
                "names a value no posting has",
                None,
                ex.notes,
                None,
                unknown,
                unmatched=ex.unmatched,
            )
        try:
            spec = build_spec(ex, intents, self.extractor.vocab.counts.get("stage", {}))
        except (ValidationError, MarketSpecError) as exc:
            return Routed("guide", f"market-shaped but no valid query: {str(exc).splitlines()[0]}")
        if _all_companies(spec) and not names_job_data(question):  # "how many companies use AI in hiring?"
            return Routed("guide", "it would count every company, but the question is not about the job data")
        unread = unread_restriction(ex, _counts_all(spec)) if spec.measure in ("count", "share") else None
        unread = unread or kind_of_skills(ex, self.extractor.vocab.skill_category)
        if unread:  # "how many of the LLM-focused roles ...": a figure over other postings answers nothing
            return Routed("guide", f"the postings or skills asked about are no value of the data: {unread}")
        # "how often do postings say deploy": no condition read, a share of every posting says nothing
        if "share" in intents and spec.measure in ("count", "share") and _counts_all(spec) and not spec.only:
            return Routed("guide", EVERY_SHARE)
        return Routed("market", f"aggregate question ({', '.join(sorted(intents))})", spec, ex.notes)

    def _hiring(self, ex: Extraction, intents: set[str]) -> Routed | None:
        """A yes/no "is <employer> hiring?", "are there <role> jobs in <place>?": the postings with the
        question's filters counted, as "how many postings (does X have) in London?"; or that none is there."""
        ask = hiring_ask(
            ex, intents, self.extractor.vocab.counts.get("stage", {}), not_recorded(ex) is not None
        )
        if ask is None:
            return None
        return Routed("market", ask.reason, ask.spec, ex.notes, unknown=ask.unknown, hiring=ask.employer)

    def _first_part(self, question: str, missing: str) -> Routed | None:
        """A question of several parts whose first part asks a figure the data holds and whose later
        parts name a field it does not record ("What share of postings mention RAG, and how big are
        their bonuses?"): the first part's figure, with those parts named as not answered."""
        asked = parts(question)
        if len(asked) < 2 or not_recorded(self.extractor.extract(asked[0])):
            return None
        routed = self.route(asked[0])
        if routed.route != "market" or routed.spec is None or routed.not_recorded:
            return None
        rest = [p for p in asked[1:] if not_recorded(self.extractor.extract(p))]
        routed.uncovered += rest
        routed.notes += [
            f"The job data does not record {missing}, so “{p}” is not answered here." for p in rest
        ]
        return routed


def _startups_against_others(ex: Extraction) -> bool:
    """Startups set against big companies: compared stage by stage only for how often a skill is
    asked (build.startups_compared); pay or work at startups vs big tech is the guide's comparison."""
    return any(_startups(m) for m in ex.mentions) and ex.has(*OTHER_COMPANIES)


def _startups(m: Mention) -> bool:
    """ "startups": several funding stages at once (a region is several countries, no startups)."""
    return m.field == "stage" and isinstance(m.value, tuple)


def _guide_topic(ex: Extraction) -> bool:
    """A topic of the guide's pages; "what is" defines something ("what is RAG?") unless a measure
    follows it ("what is the median salary in the US?" asks for a figure)."""
    topics = [t for t in GUIDE_TOPICS if t != "what is"]
    if ex.has(*topics):
        return True
    t = ex.tokens
    for i in range(len(t) - 1):
        if (t[i], t[i + 1]) == ("what", "is"):
            rest = [w for w in t[i + 2 : i + 5] if w not in ("the", "a", "an")]
            # "what is an AI engineer paid in Germany?" asks the pay, as "what is the salary …" does ("what
            # is a paid internship?" defines one)
            paid = any(
                t[j] == "paid" and t[j - 1] not in ("a", "an", "the")
                for j in range(i + 3, min(i + 8, len(t)))
            )
            if (not rest or rest[0] not in MEASURE_WORDS) and not paid:
                return True
    return False


def _counts_all(spec: QuerySpec) -> bool:
    """A count or share with no condition: every posting (or company)."""
    return spec.group_by is None and spec.filters.is_empty() and spec.subset.is_empty()


def _all_companies(spec: QuerySpec) -> bool:
    """A count of every company in the data, with no condition."""
    return (
        spec.unit == "companies"
        and spec.group_by is None
        and spec.filters.is_empty()
        and spec.subset.is_empty()
    )


_BUILT = frozenset({"ai", "llm", "genai", "ml", "agentic", "software", "web", "mobile", "enterprise", "rag"})


def not_recorded(ex: Extraction) -> str | None:
    """The field the data does not record that the question names, outside the names of values the
    data holds ("postings at Visa Inc" names an employer, not visa sponsorship)."""
    if any(as_language(ex.tokens, i) for i in range(len(ex.tokens))):  # "German language skills"
        return LANGUAGE_GAP
    named = {i for m in ex.mentions if m.field == "company" for i in range(m.start, m.end)}
    # "AI applications", "LLM applications": software built, not applications for a job
    built = {i for i, t in enumerate(ex.tokens) if t == "applications" and i and ex.tokens[i - 1] in _BUILT}
    rest = Extraction([t for i, t in enumerate(ex.tokens) if i not in named | built], [])
    return next((what for what, words in NOT_RECORDED.items() if rest.has(*words)), None)


def _market_shaped(ex: Extraction, intents: set[str]) -> bool:
    """An aggregate intent, about postings: a posting noun, a demand verb ("asked for", "come up"),
    a filter that is no skill ("in London", "senior") or a co-occurrence. A skill named in a question
    about the work itself ("time on evals versus orchestration") is no count of postings."""
    if not intents:
        return False
    evidence = (
        ex.has(*POSTING_NOUNS, *(n for n in DATASET_NOUNS if n != "data"))
        or _the_data(ex)
        or ex.has(*DEMAND)
        or any(m.field not in WORK_FIELDS for m in ex.mentions)
        or any(u.field not in WORK_FIELDS for u in ex.unknown)
        or "cooccur" in intents
        or salary_ranking(ex, intents) is not None
        or (ex.has(*FREQUENCY_COMPARED) and two_values(ex))  # "is LangChain more common than X?"
        or ("share" in intents and ex.has(*SET_AGAINST) and _two_skills(ex))  # "how common is X vs Y?"
        or (counted_companies(ex) is not None and ex.has(*USAGE, "hiring"))  # "how many firms use X?"
        or listed_companies(ex)  # "which employers use X?"
    )
    named = bool(ex.mentions) or bool(ex.unknown)
    if _role_pay(ex, intents):
        return True
    return evidence and (ex.has(*POSTING_NOUNS) or named or group_field(ex)[0] is not None)


def _role_pay(ex: Extraction, intents: set[str]) -> bool:
    """ "How much do AI engineers earn?", "what does an AI engineer make?": the pay of the role the
    postings are for, over all of them (no filter names it: every posting is an AI engineering one)."""
    t = ex.tokens
    return "salary" in intents and any(
        t[i : i + 2] in (["ai", "engineer"], ["ai", "engineers"]) and set(t[i + 2 : i + 5]) & _PAID
        for i in range(len(t) - 2)
    )


_PAID = {"earn", "earns", "make", "makes", "paid", "get", "gets", "take"}


def _the_data(ex: Extraction) -> bool:
    """ "the data", "in this data", "job data": the job data named; "company data" is data of another kind."""
    return ex.has(*(f"{w} data" for w in ("the", "this", "job", "market", "postings", "posting")))


def _two_skills(ex: Extraction) -> bool:
    """Two different skills named apart from each other ("AWS compared to Azure")."""
    skills = [m for m in ex.mentions if m.field == "skill"]
    return len({m.value for m in skills}) > 1 and skills[-1].start > skills[0].end


def _advised_skill(ex: Extraction) -> Mention | None:
    """The skill an advice phrase is about: right before it ("is MCP worth learning") or at most
    two words after it ("do I need to learn MCP"), not a skill elsewhere in the sentence."""
    skills = [m for m in ex.mentions if m.field == "skill"]
    if ex.has(*MORE_OR_LESS) and len({m.value for m in skills}) > 1:  # "is AWS or GCP more in demand?"
        return None
    for phrase in ADVICE:
        words = phrase.split()
        for i in range(len(ex.tokens) - len(words) + 1):
            if ex.tokens[i : i + len(words)] != words:
                continue
            end = i + len(words)
            for m in skills:
                if 0 <= m.start - end <= 2 or 0 <= i - m.end <= 1:
                    return m
    return None


def _used_skill(ex: Extraction) -> Mention | None:
    """ "Do AI engineers use Docker?", "Is Java used in AI engineering roles?": whether the field's
    people or jobs use one skill; the guide's answer, and the share of postings that list it."""
    if yes_no_on_one_skill(ex) and _practitioners_use(ex.tokens):
        return next(m for m in ex.mentions if m.field == "skill")
    return None


def _practitioners_use(tokens: list[str]) -> bool:
    """The field's people or jobs use it ("AI engineers (still) use"), not "jobs where you only need"."""
    text = " ".join(tokens)
    verbs = "|".join(re.escape(v) for v in USAGE)
    who = "|".join(re.escape(p) for p in PRACTITIONERS)
    active = rf"\b(?:{who})(?: \w+)? (?:{verbs})\b"
    passive = rf"\b(?:used|needed) (?:in|by|at|for)(?: \S+){{0,3}} (?:{who})\b"
    return bool(re.search(active, text) or re.search(passive, text))


# An ask of its own: a question word, or a yes/no question ("eloquent ai london: HQ where, salary?")
_ASKS = re.compile(rf"\b{alternation((*WH_WORDS, *AUXILIARIES, 'any'))}\b", re.I)


def pay_and_more(
    question: str, ex: Extraction, intents: set[str], extract: Callable[[str], Extraction]
) -> bool:
    """One named employer's pay asked beside something else of it ("eloquent ai london: HQ where,
    salary?", "X London: where is the office, and what does it pay?"): its postings' own text answers
    both, and says when the pay is not stated; a figure over its postings would drop the other ask."""
    if "salary" not in intents or intents & (COUNTED | {"share", "top"}):
        return False
    if len({m.value for m in ex.mentions if m.field == "company"}) != 1:
        return False
    asks = question_asks(question)
    if len(asks) < 2:
        return False
    for ask in asks:
        own = intents_of(extract(ask))
        asking = _ASKS.search(ask) or questioned(question, ask)  # "stacks AI eng: office-first? pay?"
        if asking and "salary" not in own and not own & (COUNTED | {"share", "top"}):
            return True
    return False
