"""What a market question asks that the postings table cannot give, although the router built a query.

The router maps a question's words to the table's fields and drops the rest, so the figure it
computes may be about something else: "How many AI engineering jobs are forecast for 2027?" counted
every posting, "How much paid parental leave do AI engineers get?" gave the salaries. Seven gaps
are structural, checked after routing:

- a count of the jobs in the whole world ("how many AI jobs were posted worldwide"): the postings are a
  sample of the market, not all of it;
- an attribute asked of each posting ("how many openings does each posting have", "who is the
  hiring manager for each job in the dataset") whose words name none of the table's fields (the
  columns of rag/market/schema.py, as the router's field words and the vocabulary's values say them);
- a year in which no posting was published (the table's own posting dates): no figure for it;
- a term of employment (rag/answer/policy.py: a notice period, a kind of leave, vacation days,
  on-call pay, vesting, a visa...): the postings record none, whatever a pay or count word computes;
- an attribute of the data's companies or postings as a set ("the companies in the job data", "each
  company") when the router found no figure to compute ("In what year was each company in the job
  data founded?");
- a count or share in which the parser found nothing to count by, so every posting would match, whose
  other words name no field ("How many of the AI engineer postings offer a four-day work week?"; in a
  question of several parts, the first part's words: "which postings let you …, and how many?");
- the pay word as the verb of something else: what postings pay for ("pay for AI tool subscriptions"),
  how ("pay part of the salary in tokens") or how often ("paid biweekly") they pay (`pay_gap`).

The desk answers a question of one part with such a gap as for any field the data does not record
(or, when the question does not name the job data, sends it to the guide, whose answerability check
knows the same terms). In a question of several parts a later part with such a gap is named as not
answered, and the figure answers the rest (a partial answer).
"""

from __future__ import annotations

import re

from rag.answer.policy import policy_ask
from rag.answer.question_words import AUXILIARIES, THING_ENDS, alternation, auxiliaries_but, parts
from rag.market.column_asks import column_asked, unrecorded_column
from rag.market.cues import (
    COUNT,
    DEMAND,
    GROUP_WORDS,
    GUIDE_ONLY,
    POSTING_WORDS,
    PRACTITIONERS,
    PREDICATE_VERBS,
    ROLE_WORDS,
    SALARY,
    SHARE,
    STOPWORDS,
)
from rag.market.parser import Extraction
from rag.market.recorded import verb_of

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# "each AI engineer posting", "every one of these jobs", "per listing": an attribute of each posting
_EACH = re.compile(
    r"\b(?:each|every|per)(?: one)?(?: of (?:the|these|those))?"
    r"((?: (?!(?:have|has|had|do|does|did|in|on|at)\b)[\w-]+){0,3}?) "
    r"(?:postings?|jobs?|listings?|job ads?|ads?|(?:job )?adverts?|roles?|positions?|vacancies|vacancy)\b",
    re.I,
)
# "the companies in the job data", "postings in the dataset", "the companies behind these postings"
_OF_DATA = re.compile(
    r"\b(?:compan(?:y|ies)|employers?|postings?|jobs?|listings?)\s+(?:in|behind|from|of)\s+(?:the|this|these)"
    r"(?:\s+[\w-]+){0,3}?\s+(?:data ?set|data|postings|jobs|listings)\b",
    re.I,
)
_EACH_COMPANY = re.compile(r"\b(?:each|every|per)(?: one of the)? (?:compan(?:y|ies)|employers?)\b", re.I)
# "how many AI jobs were posted worldwide": the whole market, of which the postings are a sample
# ("how many postings are remote-friendly worldwide" counts the postings)
_WORLD_COUNT = re.compile(
    r"\b(?:how many|number of) (?:[\w-]+ ){0,4}?(?:jobs|roles|positions|openings|vacancies)\b[^,;?]*"
    r"\b(?:worldwide|world-wide|globally|in the (?:whole )?world|across the world)\b",
    re.I,
)
WORLD_GAP = "how many jobs exist worldwide (the postings are the guide's sample, not every job posted)"
_GLOSS = re.compile(r"\([^()]*\)")  # "employee-owned (ESOP)": the brackets say the same again
COUNT_ASK = re.compile(r"\b(?:how many|number of|share|percentage|percent|proportion|fraction)\b|%", re.I)
# "what % of the companies … are employee-owned": "companies" says what is counted, not by what
_COMPANIES_COUNTED = re.compile(
    rf"({COUNT_ASK.pattern})\s+(?:of\s+)?(?:the\s+|these\s+|those\s+|all\s+)?(?:compan(?:y|ies)|employers?)\b",
    re.I,
)
_DATA = re.compile(r"\b(?:in|from) (?:the|this) (?:job |market |postings )?(?:data ?set|data)\b", re.I)
# The data as a set: the dataset, the job data, the postings (not one posting, not "AI roles").
_AS_SET = re.compile(
    r"\b(?:data ?set|(?:the|this|job|market) data|postings|listings|(?:job )?(?:ads|adverts))\b", re.I
)
_HOW_LONG = re.compile(r"\bhow long\b(?! ago)[^,?;]*", re.I)
_HOW_MUCH = re.compile(r"\bhow much ([a-z][\w-]*)", re.I)
_NOT_AMOUNTS = {*AUXILIARIES, "of", "more", "less", "time", "demand"}
_HELPERS = alternation(auxiliaries_but("was", "were", "could"))  # "how many postings were …": not (yet) read
_HOW_MANY = re.compile(rf"\bhow many ((?:[\w-]+ ){{0,2}}?[\w-]+) (?={_HELPERS}\b)", re.I)
_OFFER = re.compile(
    r"\bwhich (?:[\w-]+ ){0,3}?(?:postings|listings|jobs|roles|companies|employers)\b[^,?;]*?"
    r"\b(?:offer|offers|come with|comes with|provide|provides|include|includes|give|gives) ([^,?;]+)",
    re.I,
)
# "how many of the London AI postings mention an employer pension contribution", "what share of the jobs
# in the dataset give paid volunteer days", "how many Python postings mention a four-day week": what some
# of the data's postings or companies have
_HOW_MANY_OF = re.compile(
    r"\b(?:how many|number|share|percentage|percent|proportion|fraction)(?: of (?:the|these|those))? [^,?;]*?"
    r"\b(?:postings|listings|jobs|roles|companies|employers)\b[^,?;]*?"
    r"\b(?:mentions?|offers?|holds?|provides?|includes?|gives?|comes? with) ([^,?;]+)",
    re.I,
)
_ARTICLES = {"a", "an", "the", "any", "some"}
_PRONOUNS = {"you", "your", "their", "its", "my", "our", "them", "it", "his", "her"}
_ACRONYM = re.compile(r"[A-Z]{2,}s?")
AFTER_OFFERED = re.compile(rf"\b(?:{THING_ENDS})\b.*", re.I)
# The pay word as the verb of something other than an amount: what postings pay for ("pay for AI tool
# subscriptions"), how the salary is paid ("pay part of the salary in tokens"), how often ("paid
# biweekly"). The data records stated salary ranges and the period they are stated in, nothing else.
_PAY = r"\b(?:pays?|paying|paid)\s+"
_PAY_FOR = re.compile(rf"{_PAY}for\s+([^,?;]+)", re.I)
# the asker paying ("thinking of paying for a course", "worth paying for"): nothing postings pay for
_OWN_PAYING = re.compile(
    r"\b(?:of|about|considering|worth|i['’]?m|i am|we['’]?re|we are)\s+paying\s+for\b", re.I
)
_PAY_PART = re.compile(rf"{_PAY}(?:part|some|all|any|most|half|a (?:part|portion|share))\s+of\b[^,?;]*", re.I)
_FREQUENCY = r"(?:bi-?|semi-?)?(?:hourly|daily|weekly|fortnightly|monthly|quarterly|yearly|annually)"
_PAID_HOW_OFTEN = re.compile(rf"{_PAY}{_FREQUENCY}(?:\s+or\s+{_FREQUENCY})*\b", re.I)
PERIOD_WORDS = frozenset({"hourly", "monthly", "yearly", "annually"})  # the periods ranges are stated in
_OTHER_FIELDS = set("title titles date dates posted url link links responsibilities focus".split())
# Words that name a recorded field (a column of rag/market/schema.py, as questions say them).
_FIELD_WORDS = (
    {w for words in GROUP_WORDS.values() for phrase in words for w in phrase.split()}
    | {w for phrase in SALARY for w in phrase.split()}
    | _OTHER_FIELDS
)
_FIELD_PHRASES = (
    *(phrase for words in GROUP_WORDS.values() for phrase in words),
    *SALARY,
    *sorted(_OTHER_FIELDS),
)
# Nouns a count or an offer may name and the data records: postings, roles, pay.
_OFFERED_FIELDS = POSTING_WORDS | set(ROLE_WORDS) | {w for phrase in SALARY for w in phrase.split()} | {"ai"}
# Words that only say which figure or which postings are meant ("how many", "AI engineer").
_FILLER = (
    ({w for phrase in (*COUNT, *SHARE) for w in phrase.split()} | set(ROLE_WORDS) | STOPWORDS) - POSTING_WORDS
) | {"average", "median", "typical", "engineering", "there", "have", "has", "had", "many", "much"}


# Verbs and words that only say the postings are asked about ("offer", "require", "these", "behind").
PREDICATES = frozenset(
    {w for phrase in (*PREDICATE_VERBS, *DEMAND) for w in phrase.split()}
    | {"offer", "offers", "these", "those", "this", "behind", "year", "make", "makes", "were", "was", "each"}
    | {"hiring", "hired", "most", "top"}
    | POSTING_WORDS
)


def unrecorded(question: str, ex: Extraction, posted_from: str, posted_to: str, market: bool) -> str | None:
    """What the question asks that the postings (dated `posted_from`..`posted_to`, ISO dates) do not
    record, in words for the reply ("openings", "parental leave", "postings from 2027 (…)"), or None.
    `ex`: the router's extraction of the question (its recognised values name recorded fields);
    `market`: the router sent it to the postings table (else only an attribute of each posting counts:
    a guide question about roles may well ask about leave or a year)."""
    if _WORLD_COUNT.search((parts(question) or [question])[0]):
        return WORLD_GAP
    if thing := column_asked(question):  # "ebay feedback score as a field in the postings?"
        return unrecorded_column(thing, ex)
    asked = _asked_of_data(question, ex) or pay_gap((parts(question) or [question])[0], ex)
    if asked or len(parts(question)) > 1:
        # "which postings let you …, and how many are there?": the count is of the first part's words
        return asked or (_counts_unparsed(question, ex, parts(question)[0]) if market else None)
    # the data's companies or postings as a set: only when the router found no figure to compute
    attribute = _each_posting(question, ex) or (None if market else _of_data(question, ex))
    if attribute or not market:
        return attribute
    return _part_gap(question, posted_from, posted_to) or _counts_unparsed(question, ex)


def _asked_of_data(question: str, ex: Extraction) -> str | None:
    """What a question about the data as a set (the dataset, the postings) asks that no column holds:
    a duration ("how long are the contracts"), a count of something other than postings or a field
    ("how many direct reports"), an amount other than pay ("how much funding"), or what the postings
    offer ("which postings offer a 401(k) match", "how many of the postings mention a pension"), when no
    word of it names a field or a value."""
    of_set = _HOW_MANY_OF.search(question)
    if (
        not (_AS_SET.search(question) or of_set or _OFFER.search(question))
        or len([p for p in parts(question) if len(p.split()) > 2]) > 1
    ):
        return None
    if m := _HOW_LONG.search(question):
        return f"durations (“{m.group(0)}”)"
    taken = {t for m in ex.mentions for t in m.text.lower().split()}
    if (m := _HOW_MUCH.search(question)) and m.group(1).lower() not in _NOT_AMOUNTS | _OFFERED_FIELDS | taken:
        return f"amounts of {m.group(1).lower()}"
    offer = None if (how_many := _HOW_MANY.search(question)) else (_OFFER.search(question) or of_set)
    # "which companies give take-homes for AI roles?" asks the guide; "how many postings offer …" counts
    if offer is not None and offer is not of_set and ex.has(*GUIDE_ONLY):
        return None
    m = how_many or offer
    return asked_thing(m.group(1), ex, offer is not None) if m else None


def asked_thing(said: str, ex: Extraction, offered: bool) -> str | None:
    """The thing a count counts or postings offer, as `said` words it, when no word of it names a
    field or a value the parser took; None for a name (the desk's rule for names decides)."""
    words = re.findall(r"[A-Za-z0-9][\w()'’-]*", said)
    # an offered thing's acronym ("an HSA") is no name
    if not words or any(w[:1].isupper() and not (offered and _ACRONYM.fullmatch(w)) for w in words):
        return None
    kept = [w for w in words if w.lower() not in _ARTICLES | _PRONOUNS]
    lower = [w if _ACRONYM.fullmatch(w) else w.lower() for w in kept]
    while lower[-1:] and re.fullmatch(THING_ENDS, lower[-1]):  # "… contributions to (it)"
        lower = lower[:-1]
    # What postings offer is named by its last word before a preposition ("a company car" is a car,
    # not a company field; a "mentorship program for new hires" is a program, not the skill
    # Mentorship), unless the parser took that word as a value; of any other count, a word the parser
    # took is what is counted ("remote work").
    head = re.findall(r"[\w()-]+", AFTER_OFFERED.sub("", said).lower()) if offered else lower
    named = head[-1:] if offered else lower
    taken = {t for m in ex.mentions for t in m.text.lower().split()}
    if not named or any(w in _FIELD_WORDS | _OFFERED_FIELDS | taken for w in named):
        return None
    return " ".join(lower)


def pay_gap(text: str, ex: Extraction) -> str | None:
    """What `text` asks the postings pay for, or how or how often they pay, in words for the reply, when
    the data cannot say: the thing paid for is no role, posting, field or value the parser took ("pay
    for senior roles" and "pay for LangChain" ask the salary), a frequency is no period a range is
    stated in ("paid monthly" is one). Not of a named employer: its postings' own lines may state it."""
    if any(x.field == "company" for x in ex.mentions):
        return None
    if m := _PAY_PART.search(text):
        return f"how the salary is paid (“{m[0].strip()}”)"
    if (m := _PAID_HOW_OFTEN.search(text)) and any(
        w.lower() not in PERIOD_WORDS for w in re.findall(_FREQUENCY, m[0], re.I)
    ):
        return f"how often pay is paid (“{m[0].strip()}”)"
    if not (m := _PAY_FOR.search(text)) or _OWN_PAYING.search(text):
        return None
    head = re.findall(r"[\w()-]+", AFTER_OFFERED.sub("", m[1]).lower())[-1:]
    taken = {t for x in ex.mentions for t in x.text.lower().split()}
    if not head or head[0] in _FIELD_WORDS | _OFFERED_FIELDS | set(PRACTITIONERS) | taken | _ARTICLES:
        return None
    return f"what postings pay for besides the salary (“{m[0].strip()}”)"


def uncovered_parts(question: str, posted_from: str, posted_to: str) -> list[tuple[str, str]]:
    """(part, what the postings do not record) for each part after the first of a question of several
    ("What share of postings mention LangChain, and how has that changed since 2024?"): the figure
    answers the first, and the answer says which part it leaves out."""
    return [(p, what) for p in parts(question)[1:] if (what := _part_gap(p, posted_from, posted_to))]


def _part_gap(text: str, posted_from: str, posted_to: str) -> str | None:
    """A term of employment, or a year no posting is from, that `text` asks about."""
    policy = policy_ask(text)
    if policy is not None and policy.kind in ("contract", "law"):  # a law named: the EU pay directive
        return policy.term
    if posted_from[:4].isdigit() and posted_to[:4].isdigit():
        first, last = int(posted_from[:4]), int(posted_to[:4])
        years = [y for y in _YEAR.findall(text) if not first <= int(y) <= last]
        if years:
            return f"postings from {' or '.join(years)} (the postings run from {posted_from} to {posted_to})"
    return None


def _each_posting(question: str, ex: Extraction) -> str | None:
    """The attribute asked of each posting, when none of its words names a recorded field."""
    each = _EACH.search(question)
    return None if each is None else _attribute(question[: each.start()] + " " + question[each.end() :], ex)


def _of_data(question: str, ex: Extraction) -> str | None:
    """The attribute asked of the data's companies or postings as a set ("which countries are the
    companies in the job data headquartered in", "in what year was each company founded")."""
    of = _OF_DATA.search(question) or _EACH_COMPANY.search(question)
    if of is None:
        return None
    return _attribute(question[: of.start()] + " " + question[of.end() :], ex, PREDICATES)


def _counts_unparsed(question: str, ex: Extraction, counted: str | None = None) -> str | None:
    """A count or share of postings in which the parser found nothing to count by ("how many of the AI
    engineer postings offer a four-day work week": every posting would be counted): the words it
    could not read (of `counted`, the part saying what is counted, else the question), when they name
    no recorded field."""
    if ex.mentions or ex.posted_from or ex.posted_to or ex.unknown:
        return None
    if not COUNT_ASK.search(question):
        return None
    verbs = [t for i, t in enumerate(ex.tokens) if verb_of(ex.tokens, i)]  # "jobs allow", "postings permit"
    counted = _COMPANIES_COUNTED.sub(r"\1", counted or question)
    words = _attribute(counted, ex, PREDICATES | set(verbs), phrases=True)
    if words is None and verbs and _attribute(counted, ex, PREDICATES, phrases=True):
        # only the verb and a pronoun ("what share of the jobs allow it?"): what "it" is, no one knows
        tail = re.search(rf"\b{re.escape(verbs[0])}\b([^?.!]*)", question, re.I)
        return (
            f"“{verbs[0]}{tail[1].rstrip() if tail else ''}” (the question does not say what that refers to)"
        )
    return _as_written(counted, words) if words else None


def _as_written(question: str, words: str) -> str:
    """The question's own words from the first to the last of `words` ("pets at the office", not
    "pets office") when only a few small words stand between them; else `words`."""
    first, last = words.split()[0], words.split()[-1]
    span = re.search(rf"\b{re.escape(first)}\b.*?\b{re.escape(last)}\b", question, re.I)
    if span and len(span[0].split()) <= len(words.split()) + 2:
        return span[0].lower()
    return words


def _attribute(
    rest: str, ex: Extraction, filler: frozenset[str] = frozenset(), phrases: bool = False
) -> str | None:
    """The words of `rest` that say what is asked, when none of them names a recorded field, is a
    value the parser took or is written as a name ("GEICO": the desk's rule for names decides).
    `phrases`: a field is named by a whole phrase of the question ("work type", not "work week")."""
    rest = _GLOSS.sub(" ", _DATA.sub(" ", rest))
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9-]*", rest) if w.lower() not in _FILLER and len(w) > 2]
    taken = {t for m in ex.mentions for t in m.text.lower().split()}
    # a field named by `rest` itself: "what % of the companies … are X" counts companies, by no field
    said = " " + " ".join(re.findall(r"[a-z0-9][\w-]*", rest.lower())) + " "
    fields = (
        any(f" {p} " in said for p in _FIELD_PHRASES)
        if phrases
        else any(w.lower() in _FIELD_WORDS for w in words)
    )
    if fields or any(w[:1].isupper() for w in words):
        return None
    words = [w.lower() for w in words if w.lower() not in filler]
    if not words or all(w in taken for w in words):
        return None
    return " ".join(words)
