"""What a question asks of the postings, read from its words (the market router's intents): a salary,
a count, a share, the top values, a trend by month, skills asked together, a breakdown, what most are,
or a figure per group. A pay word naming another thing ("a salary advance") asks no salary; "how many
months" counts no postings; "is Rust a common requirement?" asks the share that lists it."""

from __future__ import annotations

from rag.answer.question_words import AUXILIARIES, YES_NO_OPENERS
from rag.answer.thing_size import amounted
from rag.index.text_tokens import tokenize
from rag.market.build import BREAKDOWN_FIELDS, by_field, group_field, listed_companies, startups_compared
from rag.market.cues import (
    BREAKDOWN,
    BY_MONTH,
    COMPANY_NOUNS,
    COMPARED,
    COOCCUR,
    COUNT,
    DEMAND,
    GROUP_PAIRS,
    MOSTLY,
    PAY_KINDS,
    PAY_MODIFIED,
    POSTING_NOUNS,
    POSTING_WORDS,
    SALARY,
    SHARE,
    TOP,
    UNITS,
)
from rag.market.one_posting import named_employer
from rag.market.parser import Extraction, Mention

# The perks a bare "how much do" may ask the amount of, not the pay (no days: "how much do they make a day")
PERK_STEMS = frozenset(
    tokenize(
        "stipend allowance reimbursement membership budget match 401k pension bonus commission equity stock "
        "options rsu relocation signing subsidy insurance discount grant funding raised valuation commuter "
        "transit"
    )
)
# Words that point at one posting already in view ("does this role …?"), not at postings as a set
ONE_POSTING = ("this", "that", "the role", "the job", "the position", "the posting")


def _pay_asked(ex: Extraction) -> bool:
    """A pay word stands for pay, not as a word of another thing ("a salary advance", "a pay cut", "sick
    pay"), and a bare "how much do" asks the pay unless the question names a perk whose amount it asks
    ("X lists gym membership and internet reimbursement - how much do those cover each month?")."""
    tokens = ex.tokens
    kept = [
        "_"
        if t in SALARY
        and ((i + 1 < len(tokens) and tokens[i + 1] in PAY_MODIFIED) or (i and tokens[i - 1] in PAY_KINDS))
        else t
        for i, t in enumerate(tokens)
    ]
    text = " " + " ".join(kept) + " "
    said = [p for p in SALARY if f" {p} " in text]
    if said and all(p.startswith("how much") for p in said):
        return not _names_perk(ex)
    return bool(said)


def _names_perk(ex: Extraction) -> bool:
    return bool(set(amounted(" ".join(ex.tokens))) & PERK_STEMS)


def intents_of(ex: Extraction) -> set[str]:
    """What the question asks of the postings: "salary", "count", "share", "top", "by_month", "cooccur",
    "breakdown", "mostly", "by" (none: no figure over postings asked)."""
    found = set()
    share = tuple(w for w in SHARE if w != "%")  # "%" is read below, with the number before it
    for name, words in (("salary", SALARY), ("count", COUNT), ("share", share), ("by_month", BY_MONTH),
                        ("cooccur", COOCCUR), ("breakdown", BREAKDOWN)):  # fmt: skip
        if ex.has(*words):
            found.add(name)
    # "a salary advance", "a pay cut": the pay word names another thing, whose figures the data lacks
    if "salary" in found and not _pay_asked(ex):
        found.discard("salary")
    # "what %" asks for a share; "the 30% ruling" or "the 20% of skills" states one
    if any(t == "%" and (i == 0 or not ex.tokens[i - 1][:1].isdigit()) for i, t in enumerate(ex.tokens)):
        found.add("share")
    if "count" in found and _counts_units(ex):
        found.discard("count")
    if "share" in found and (_perk_rate(ex) or _stock_share(ex)):
        found.discard("share")
    if _demand_then(ex, ("much", "a lot", "lots", "often")):  # "is LangGraph asked for much?"
        found.add("share")
    # "are most of these jobs at public companies?", "are AI jobs mostly at startups?": a breakdown by stage
    mostly = ex.has(*MOSTLY) or (ex.tokens[:1] in (["are"], ["is"]) and "mostly" in ex.tokens)
    if mostly and ex.has(*POSTING_NOUNS) and any(m.field in BREAKDOWN_FIELDS for m in ex.mentions):
        found.add("mostly")
    if ex.has(*TOP) and (
        ex.has("which", "what", "what's", "whats", "top", "list", "show", "name") or group_field(ex)[0]
    ):
        found.add("top")
    if listed_companies(ex) or _which_asked(ex):
        found.add("top")  # "which companies ask for Kubernetes?": the companies with most such postings
    one_employer = named_employer(ex) or any(m.field == "company" for m in ex.mentions)
    if startups_compared(ex) and not one_employer:  # "LiveRamp's base vs big tech and startups": one
        found.add("share")  # the share per company stage
    if ex.has("more", "vs", "versus", "compare", "compared") and two_values(ex):
        found.add("top")
    if by_field(ex):
        found.add("by")
    if "salary" in found or _amount_period(ex):
        found.discard("by_month")  # "pay per month" is a period, not a trend
    if not found and _asks_if_listed(ex):  # "is Rust a common requirement?": the share that lists it
        found.add("share")
    return found


def counts_postings(ex: Extraction) -> bool:
    """The text asks how many postings, or what share of them ("how many posts want go")."""
    return bool(intents_of(ex) & {"count", "share"}) and ex.has(*POSTING_WORDS)


_STOCK_NEXT = frozenset("price prices purchase scheme plan option options grant grants units".split())


def _stock_share(ex: Extraction) -> bool:
    """ "how much off the share price through the ESPP": a company's shares, not a share of postings
    (no other share word)."""
    t = ex.tokens
    stock = [i for i, w in enumerate(t) if w == "share" and i + 1 < len(t) and t[i + 1] in _STOCK_NEXT]
    others = [i for i, w in enumerate(t) if (w in SHARE or w == "%") and i not in stock]
    return bool(stock) and not others


def _perk_rate(ex: Extraction) -> bool:
    """ "What percentage does Kasa match on the 401(k)?": the share word asks the rate an employer
    gives (a share word, an auxiliary, then no posting word), of a perk named; not a share of postings
    ("what percentage of postings offer a 401k match", "what % do postings list equity")."""
    t = ex.tokens
    return _names_perk(ex) and any(
        w in SHARE and i + 2 < len(t) and t[i + 1] in AUXILIARIES and t[i + 2] not in POSTING_WORDS
        for i, w in enumerate(t)
    )


def _amount_period(ex: Extraction) -> bool:
    """ "how much are the monthly wellness reimbursements?", "how much goes in each month", "X's monthly
    wellness stipend - what's it worth?": the month
    word is the period of an amount asked, not a trend of postings (no posting noun, no demand verb)."""
    periods = ("monthly", "each month", "every month", "a month", "per month")
    # a perk named: "X lists gym membership - how much do those cover each month" (its "lists" no demand)
    # ... or a perk's limit: "what's the monthly limit on the commuter benefit", "monthly wellness stipend?"
    perk = _names_perk(ex)
    return (
        (ex.has("how much", "worth") or perk)
        and ex.has(*periods)
        and (perk or not ex.has(*POSTING_NOUNS, *DEMAND))
    )


def _which_asked(ex: Extraction) -> bool:
    """ "Which skills do companies in London ask for?": the values of a field that postings ask for,
    ranked (a demand verb after "which/what" + a field's word)."""
    fld = group_field(ex)[0]
    words = [w for w, f in GROUP_PAIRS if f == fld]
    return (
        fld is not None
        and ex.has(*(f"{q} {w}" for q in ("which", "what") for w in words))
        and ex.has(*DEMAND)
        and ex.has(*POSTING_NOUNS, *COMPANY_NOUNS)  # who asks: postings or employers, not "I"
    )


def _asks_if_listed(ex: Extraction) -> bool:
    """A yes/no question whether postings list one skill ("are embeddings listed as a skill?", "do
    postings ask for Rust?"): answered by the share of postings that do. Not a comparison ("is React
    wanted more in LLM roles or platform roles?"), nor about one employer or one posting ("does
    Quillbyte's role require Python?")."""
    return yes_no_on_one_skill(ex) and ex.has(*DEMAND, "common", "popular")


def yes_no_on_one_skill(ex: Extraction) -> bool:
    """A yes/no question about one skill: no comparison, no value the data lacks, no named employer
    or single posting."""
    return (
        bool(ex.tokens)
        and ex.tokens[0] in YES_NO_OPENERS
        and len({m.value for m in ex.mentions if m.field == "skill"}) == 1
        and not ex.unknown
        and not ex.has(*COMPARED)
        and not any(m.field == "company" for m in ex.mentions)
        and not named_employer(ex)
        and not ex.has(*ONE_POSTING)
    )


def two_values(ex: Extraction) -> bool:
    """Two values of one field apart from each other ("senior vs staff"); "senior staff" is one title.
    Job titles set against each other are compared by no figure of the table."""
    by_field: dict[str, list[Mention]] = {}
    for m in ex.mentions:
        if m.field != "title":
            by_field.setdefault(m.field, []).append(m)
    return any(len(ms) > 1 and ms[-1].start > ms[0].end for ms in by_field.values())


def _demand_then(ex: Extraction, words: tuple[str, ...]) -> bool:
    """A demand verb followed by one of `words` ("asked for much", "show up a lot"), not by "of"
    ("lists lots of patterns": a quantity of something else)."""
    text = " " + " ".join(ex.tokens) + " "
    return any(
        (f" {d} {w} " in text and f" {d} {w} of " not in text) or f" {d} up {w} " in text
        for d in DEMAND
        for w in words
    )


def _counts_units(ex: Extraction) -> bool:
    """ "how many months", "number of interview rounds": a count of something that is no posting."""
    t = ex.tokens
    for i in range(len(t) - 1):
        if (t[i], t[i + 1]) not in (("how", "many"), ("number", "of")):
            continue
        for word in t[i + 2 : i + 5]:
            if word in UNITS:
                return True
            if word in POSTING_WORDS:
                return False
    return False
