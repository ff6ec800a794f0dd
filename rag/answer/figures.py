"""Does the guide state the amount a question asks for? And is a market reply a refusal?

A question part that asks for an amount of money ("what does X pay", "how much is total comp",
"salary range", "what does the course cost") is covered only if a passage the answer would use
states an amount next to a pay word (same sentence, table row or list item) about what the part
names: the sentence, with its passage's title and section, must hold at least FIGURE_COVER of the
part's other words by weight (idf², as in rag/index/relevance.py). Otherwise the answer would quote
a salary of someone else ("Delivery Hero in Berlin" answered with an intern's pay elsewhere).

Structural on purpose (no topic lists). Counts and durations ("how many hours", "how long") were
tried the same way on the dev split and did not separate answerable from unanswerable questions:
nearby sentences state some number of hours or weeks either way (evals/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag.answer.question_words import (
    MIN_PART_TERMS,
    WH_WORDS,
    alternation,
    judged,
    parts,
    tells,
    without_situations,
)
from rag.answer.sentences import split_units
from rag.answer.thing_size import guessed_figure, same_thing, thing_size
from rag.index.text_tokens import tokenize
from rag.records import Chunk, Citation

# The price of a named thing: "how much is a Claude Code Pro subscription", "how much were the offers" (a
# determiner or an owner after the verb: "how much is product sense expected" asks a degree), or what
# someone spends ("how much do candidates spend on API credits"; not "how much time/effort do you spend").
_PRICE = (
    r"\bhow much (?:is|are|was|were) (?:a|an|the|[\w.-]+(?:'s|’s))\s"
    r"|\bhow much (?:money )?(?:do|does|did|should|would|will) (?:[\w-]+ ){1,4}?(?:spend|spent)\b"
    # the thing named first: "solv monthly wellness reimbursement, how much"
    r"|[:\-–—,]\s*how much\s*$"
)
PRICE_ASK = re.compile(_PRICE, re.I)
# The pay asked in a few words, as job seekers type it: "Zealogics full stack engineer - salary?", "Adyen
# ML engineer: pay range?", "salary for the Illumina AI engineer job?" (not "how do I negotiate salary").
# A currency as a question names it, by its code or its name ("the usd pay figure", "how much in dollars")
_CURRENCY = r"(?:usd|eur|gbp|inr|cad|aud|(?:us )?dollars?|euros?|pounds?|rupees?)"
_PAY_NOUN = (
    rf"(?:the\s+)?(?:base\s+|hourly\s+|annual\s+)?(?:{_CURRENCY}\s+)?"
    r"(?:salary|pay|compensation|comp|ctc|stipend|package)"
    r"(?:\s+(?:range|band|number|figure))?"
)
# Only in a question of one part: beside another ask ("X: salary, and how many office days?") the passages
# are retrieved for both, and the posting's pay line may be among those the answer adds later.
# Also after a job title and at most three words more ("censia full stack engineer salary", "artian AI
# engineer ai/ml nyc salary"), politely ("… compensation please"), as a
# request ("tell me the pay for the censia role") or as "- how much" after the job.
_BARE_PAY = re.compile(rf"{_PAY_NOUN}(?:\s+in\s+(?:[£$€₹¥]|{_CURRENCY}))?", re.I)
_TITLE_END = r"\b(?:engineer|developer|scientist|researcher|role|job|position|lead|manager|intern)s?"
_PAY_BREAK = re.compile(r",\s*(?:and\s+)?|\s+(?:and|\+|&)\s+", re.I)
_ALSO = re.compile(r"^\s*(?:(?:also|and|plus|what about|how about)\s+|[+&]\s*)", re.I)
_ABOUT_JOB = re.compile(rf"{_TITLE_END}|\s[:\-–—]\s|\w:\s", re.I)  # "X pune ai: perks, ctc"
_TERSE = re.compile(
    rf"(?:[:\-–—]|{_TITLE_END})\s*{_PAY_NOUN}(?:\s+(?:please|pls|plz))?\s*$"
    rf"|^(?!\s*{alternation(WH_WORDS)}\b).*{_TITLE_END}(?:,?\s+[\w/&.()-]+){{1,3}}?,?\s+{_PAY_NOUN}\s*$"
    rf"|^\s*{_PAY_NOUN}\s+(?:for|of|at)\b"
    rf"|^\s*(?:tell|give|show) me {_PAY_NOUN}\s+(?:for|of|at)\b|[:\-–—,]\s*how much\s*$",
    re.I,
)
# A part asking for an amount of money.
_MONEY_CUE = re.compile(
    r"\bhow much (?!of\b)[^,;?]*\b(?:pay|pays|paid|earn|earns|make|makes|cost|costs|charge|charges|comp|"
    r"compensation|salary)\b"
    r"|\bwhat(?:'s|’s|s| is| are)? (?:the |a |an )?(?:actual |exact |real )?"
    r"(?:median |average |typical |base |total )?(?:monthly |yearly |annual |hourly )?"
    # "whats the package" (last: not "the package manager")
    r"(?:salary|salaries|compensation|comp|ctc|pay|payout|price|cost|fee|"
    r"credit(?!\s+(?:card|score|check|history|union|risk))|package(?=(?: like)?\W*$|\s+in\s+lpa\b))\b"
    r"|\b(?:salary|salaries|pay|compensation|comp|ctc|hiring) (?:range|ranges|band|bands)\b"
    # the employer's number ("I want the actual base pay number"; not "pushing me for a salary number")
    rf"|\b(?:the|their|its) (?:actual |exact |real )?(?:base )?(?:{_CURRENCY} )?"
    r"(?:salary|pay|compensation|comp) (?:number|figure)\b"
    # the pay asked in its currency: "which time zone, and how much in USD"
    rf"|\bhow much (?:is it |would it be )?in {_CURRENCY}\b"
    # the amount of what the question names: "a one-time home office bonus, right? what's the amount?",
    # "sounds nice but what's the real range?" (not "the number of rounds", "the number one problem")
    r"|\bwhat(?:'s|’s|s| is) the base\s*$"  # "nebius sre - whats the base" (not "the base model")
    r"|\bwhat(?:'s|’s|s| is) the (?:actual |exact |real )?(?:amount|range|band|figure|number)\b"
    r"(?!\s+(?:of|one|1)\b)"
    # what a pay component is worth: "what are the performance bonuses worth?" (not "a portfolio")
    r"|\bwhat(?:'s|’s| is| are) (?:the |a |an |their |its )?(?:[\w-]+ ){0,2}?"
    r"(?:bonus(?:es)?|equity|stock|options|shares|rsus?|grants?|package|commission) worth\b"
    r"|\b(?:median|average|typical) (?:salary|salaries|pay|compensation|comp)\b"
    # what an employer gives: "how much does cambium give you to kit out a home office" (not "how much
    # time do they give you")
    r"|\bhow much (?:money )?(?:do|does|did|will|would) (?:[\w.&'’-]+ ){1,3}?"
    r"(?:give|offer|provide|contribute)s?\b"
    # "What does Man Group contribute to the pension"
    r"|\bwhat (?:do|does|did|will|would) (?:[\w.&'’-]+ ){1,3}?(?:contribute|match)\b"
    # a perk's worth past what it is for: "MVF's benefits allowance for health, dental and vision actually
    # worth per year" (not "is the bonus worth it")
    r"|\bwhat(?:'s|’s| is| are) [^?]{0,60}?\b(?:allowances?|stipends?|budgets?|benefits?|reimbursements?)\b"
    r"[^?]{0,50}?\bworth\b(?!\s+it\b)"
    r"|\bwhat(?:'s|’s|s| is)? (?:the |their |its )?(?:hourly|daily|day) rate\b"
    # a bonus's target is its amount: "epiq legal ai eng annual bonus target?"
    r"|\b(?:bonus|commission|incentive) targets?\b|\btarget (?:bonus|commission|incentive)\b"
    # "size of the education stipend and the annual bonus"
    r"|\b(?:size|amount|value) of (?:the |their |its |a |an )?(?:[\w-]+ ){0,2}?"
    r"(?:stipends?|allowances?|budgets?|bonus(?:es)?|reimbursements?|grants?|equity|options|rsus?|stakes?)\b"
    r"|\bsums? insured\b"  # "3clogic health cover sum insured"
    # "X L&D budget in euros?", "meal benefit value per day", "what's the cover amount", "is there a cap on
    # what X pays back", "life assurance multiple?", "meal card: monthly value?", "how much can I claim back"
    r"|\b(?:budgets?|stipends?|allowances?|bonus(?:es)?|reimbursements?|benefits?|coverage)\s+in\s+(?:[£$€₹]|"
    + _CURRENCY
    + r")"
    r"|\bvalue\s+(?:per|a|an|each|every)\s+(?:day|week|month|year)\b|\bcover(?:age)? amount\b"
    r"|\b(?:monthly|yearly|annual|weekly) value\s*\??\s*$|\bhow much can (?:i|you|we) (?:actually )?claim\b"
    r"|\bis there an? (?:yearly |annual |monthly )?(?:cap|limit|maximum)\b"
    r"(?!\s+(?:on|to) (?:how many|the number)\b)"
    r"|\b(?:assurance|insurance|cover) multiple\b|\bmultiple of (?:your |the )?(?:salary|base|pay)\b"
    # "equity package size", "…equity package, what size", "put a figure on the moving package", "the dollar
    # figure X puts toward courses"
    r"|\b(?:equity|stock|options?|rsus?)(?: package| grant)?(?: size|[,:\s-]+(?:what|which|how big a) size)\b"
    r"|\bput (?:a|an|any) (?:dollar |cash |money )?(?:figure|number|amount|value|price) on\b"
    r"|\b(?:dollar|cash|money) (?:figure|amount|value)\b"
    # "how much stock would I get joining X", "aptiv life cover payout?"
    r"|\bhow much (?:stock|equity|rsus?|options|shares) (?:would|will|do|does|could|might|can) "
    r"(?:i|you|we) get\b"
    r"|\bpay-?outs?\s*\??\s*$"
    # "exact figure for the learning & dev budget", "how much money per month towards body and mind stuff"
    r"|\b(?:figure|amount|sum) (?:for|on) (?:the |their |its |a |an )?(?:[\w&-]+ ){0,3}?"
    r"(?:stipends?|allowances?|budgets?|bonus(?:es)?|reimbursements?|grants?)\b"
    r"|\bhow much (?:money |cash )?(?:per|a|each|every) (?:month|year|week|quarter)\b"
    # a perk named before: "X lists a meal allowance, but how much is it actually worth" (not "how much is it
    # worth learning", "how much is it used"; "how much money is that": employer_quantity.py's bare quantity)
    r"|\bhow much (?:is|are|was|were) (?:that|this|it|they|those|these)\b"
    r"(?!\s+(?:worth\s+(?:it|\w+ing)|important|needed|used|required|valued|asked|tested)\b)"
    # a perk's cap is an amount: "what's the yearly cap on that", "tuition help cap?"
    r"|\bwhat(?:'s|’s|s| is) the (?:yearly |annual |monthly )?(?:cap|limit)\b(?!\s+table)"
    r"|\b(?:tuition|education|learning|training|course|reimbursement|stipend|budget|allowance|help|assistance)"
    r" (?:cap|limit)\b"
    # "the exact 401(k) employer contribution", "what does sparq match on the 401(k)"
    r"|\b(?:exact|actual|precise) (?:401\(?k\)?|retirement|pension)(?: employer)? (?:match|contribution)s?\b"
    r"|\bwhat (?:does|do|would|will) [\w.&'’ -]{1,40}?\bmatch on\b"
    r"|\bwhat (?:does|do|would|will) .{0,80}\b(?:pay|cost|charge)\b"
    # "what's the cover?", "fertility benefit lifetime max", "what does the phone reimbursement cover per
    # month", "how much of the membership do they pay"
    r"|\bwhat(?:'s|’s|s| is) the cover\W*$|\blifetime (?:max|maximum|cap|limit)\b"
    r"|\bwhat (?:does|do|would|will) [^?]{0,60}\bcover (?:per|a|each) (?:month|year|week)\b"
    r"|\bhow much of (?:the |my |a )?[\w-]+(?: [\w-]+)? (?:do|does|will|would) \S+ "
    r"(?:actually |really )?(?:pay|cover)\b"
    r"|" + _PRICE,
    re.I,
)
# the words of an amount asked per period, naming no thing: "how much per year", "how much a month is it"
_RATE_WORDS = frozenset(
    tokenize("much many per year month week day quarter annual monthly yearly weekly worth")
)
_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|this|that|these|those)\b", re.I)
# What the pay range is made of, or how an offer is placed in it, no amount: "is the pay range in the ad
# just base salary", "how does X settle where in the pay band an offer falls"
PAY_MADE_OF = re.compile(
    r"\b(?:is|does|are|do)\s+(?:the|their|its|this)\s+(?:pay|salary|compensation|comp)\s+(?:range|band)s?\b"
    r"[^?]*\b(?:just|only|includ\w*|cover\w*)\b"
    r"|\bwhere in the (?:pay |salary |comp )?(?:range|band)\b",
    re.I,
)
_LIST_BREAK = re.compile(r",\s*(?:and\s+)?")  # not "&": "the home office & equipment stipend" is one thing
_WH_START = re.compile(rf"^{alternation(WH_WORDS)}\b", re.I)
_CUE_STEMS = frozenset(
    tokenize(
        "how many much long often percent percentage share proportion fraction number rate median average "
        "mean typical typically salary salaries compensation comp ctc wage pay pays paid earn make cost "
        "price fee charge roughly approximately usually usual common amount figure actual exact real range "
        "band base whats money"
    )
)
# "CTC" (cost to company) and "LPA" (lakhs per annum): how Indian postings state pay
_PAY_STEMS = frozenset(
    tokenize("salary compensation comp pay paid wage earn base tc ote ctc lpa package stipend")
)
_STIPEND = frozenset(tokenize("stipend"))
_BENEFIT_STEMS = frozenset(tokenize("401k benefits perks wellness learning education gym home office wfh"))
# a link's target is no text: a web address, a relative one after its label ("](../data/x-2.md)"), a footnote
_LINK = re.compile(r"\(https?://[^)]*\)|https?://\S+|\[\^[^\]]*\]|(?<=\])\([^)\s]*\)")
_INLINE_ITEM = re.compile(r"(?:^|(?<=[\s,;:]))(?:and\s+)?\d{1,2}\)\s+")
_LABEL = re.compile(r"\s*(?:[\w&/()'’-]+\s+){0,5}[\w&/()'’-]+:\s*")  # a label of at most six words
_ITEM_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|^\s*#+\s+")
# An amount of money ("401k" names a plan, no amount)
_AMOUNT = re.compile(
    r"[$€£₹]\s?\d|\b(?!401\s?k\b)\d[\d,.]*\s?[kKmM]\b|"
    r"\b\d[\d,.]*\s?(?:USD|EUR|GBP|INR|dollars|euros|lakhs?|LPA|crores?|"
    r"PLN|CHF|SEK|NOK|DKK|CAD|AUD|NZD|SGD|HKD|JPY|CNY|ZAR|BRL|MXN|CZK|HUF|RON|ILS|AED)\b|\bINR\s?\d",
    re.I,
)
_MONEY = r"[$€£]\s?\d[\d,.]*\s?[kK]?"
_PERIOD = r"(?:\s*(?:per|a|an|/)\s*(?:year|yr|annum|month|hour|hr))?"
_BARE_RANGE = re.compile(rf"{_MONEY}\s*(?:-|–|—|to)\s*{_MONEY}(?:\s*(?:USD|EUR|GBP|CAD))?{_PERIOD}\.?", re.I)
FIGURE_COVER = 0.4  # chosen on dev: answerable pay questions 0.56..0.94, unanswerable ones 0.0


@dataclass(frozen=True)
class FigureAsk:
    """The part of a question that asks for an amount, and the words naming what it is about."""

    part: str
    keys: tuple[str, ...]  # the part's stems outside the figure words: what the amount is about
    other_parts: bool  # the question asks something else too (then a gap makes it partial)
    thing: tuple[str, ...] = ()  # a thing that comes in amounts whose size is asked ("the 401(k) match")


def bare_pay(part: str, later: bool = False) -> list[str]:
    """The asks after the part's first that are a pay noun alone in a part about a job ("X engineer
    london - office days and salary", "…, and salary in £", "… wfo how many days + ctc"), or a `later`
    part of a question that is one ("… fully remote? also base pay"): each asks the amount."""
    if later:
        return [part.strip(" ,.?+&")] if _BARE_PAY.fullmatch(_ALSO.sub("", part).strip(" ,.?")) else []
    if not _ABOUT_JOB.search(part):
        return []
    asked = [a.strip(" ,.?") for a in _PAY_BREAK.split(part) if a.strip(" ,.?")]
    return [a for a in asked[1:] if _BARE_PAY.fullmatch(a)]


def figure_ask(question: str, terse: bool = True) -> FigureAsk | None:
    """The first part of the question that asks for an amount of money, or None. `terse`: a question of
    one part may ask it in a few words ("X - salary?"); False for a part read out of a longer question."""
    all_parts = parts(question)
    one_part = terse and _one_ask(question, all_parts)
    for part in all_parts:
        terse_ask = one_part and (_TERSE.search(part) or thing_size(part))
        if not (_MONEY_CUE.search(part) or terse_ask) or judged(part) or PAY_MADE_OF.search(part):
            continue
        # "how many postings want it": the part's own words name nothing; the question's do.
        words = question if _PRONOUN.search(part) else part
        stems = [s for s in tokenize(words) if len(s) > 1 and s not in _CUE_STEMS]
        others = asked_beside(part, all_parts)
        if (listed := _listed_ask(part)) is not None:  # "…: how much travelling, how many days in, the pay?"
            return FigureAsk(listed, tuple(dict.fromkeys(stems)), True)
        if pays := bare_pay(part):  # "X AI engineer (US) benefits + salary range": the pay after another ask
            return FigureAsk(pays[0], tuple(dict.fromkeys(stems)), True)
        return FigureAsk(part, tuple(dict.fromkeys(stems)), bool(others))
    return None


def _one_ask(question: str, all_parts: Sequence[str]) -> bool:
    """The question asks one thing: it has one part, or its other parts tell the asker's situation ("…
    raised from X? trying to judge the equity") or are about the same thing ("… put into PDQ? … want to
    know how well capitalised they are")."""
    return (
        len(all_parts) == 1
        or len(parts(without_situations(question))) == 1
        or all(same_thing(p, all_parts[0]) for p in all_parts[1:])
    )


def _listed_ask(part: str) -> str | None:
    """The ask for pay of a part that lists several questions ("FDE at deepl: how much travelling, how many
    days in, what's the pay": "what's the pay"), or None when the part asks one thing."""
    pieces = [p.strip(" ,.?") for p in _LIST_BREAK.split(part) if p.strip(" ,.?")]
    if len(pieces) < 3 or not any(_WH_START.match(p) for p in pieces[1:]):
        return None
    asked = [p for p in pieces[1:] if _MONEY_CUE.search(p)]
    return asked[0] if len(asked) == 1 else None


def asked_beside(part: str, all_parts: Sequence[str]) -> list[str]:
    """The other parts that ask something, not those naming the thing the part asks the amount of ("nvent
    matching program, how much do they match on donations": the program is the match), none when the part
    names nothing of its own ("does X put money into the HSA, and how much per year")."""
    if not set(tokenize(part)) - _RATE_WORDS:
        return []
    return [p for p in all_parts if p is not part and asks_apart(p) and not same_thing(p, part)]


def asks_apart(part: str) -> bool:
    """The part, beside a figure asked, asks something of its own: long enough to ask, and neither the
    asker's situation or a posting's remark told ("The ads only call it generous") nor a guess of the figure
    ("A week each, or longer?")."""
    return len(tokenize(part)) >= MIN_PART_TERMS and not tells(part) and not guessed_figure(part)


@lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[tuple[frozenset[str], str], ...]:
    """The text's sentences (list items, table rows) without links or list marks, with their stems."""
    out = []
    for unit in split_units(text):
        raw = _LINK.sub(" ", unit.text(text))
        raw = _ITEM_MARK.sub("", raw)
        out.append((frozenset(tokenize(raw)), raw))
    return tuple(out)


@lru_cache(maxsize=4096)
def figure_units(text: str) -> tuple[tuple[frozenset[str], str], ...]:
    """`sentences`, with a list written in one line ("1) Call with a talent partner, 2) 60min technical
    interview") split into its items, so that one step's figure is not read as another's, and a short
    label line ("Annual Cash Compensation Range:") read with the line under it too."""
    out = []
    label: tuple[frozenset[str], str] | None = None
    for stems, raw in sentences(text):
        if label is not None:  # "Annual Cash Compensation Range:" over "$313,800—$502,080 USD"
            stems, raw = stems | label[0], f"{label[1]} {raw}"
        label = (stems, raw) if _LABEL.fullmatch(raw) else None
        if len(_INLINE_ITEM.findall(raw)) < 2:
            out.append((stems, raw))
            continue
        out.extend((frozenset(tokenize(item)), item) for item in _INLINE_ITEM.split(raw) if item.strip())
    return tuple(out)


def states_amount(sentence: str, stems: frozenset[str]) -> bool:
    """Whether the sentence (its `stems`) states an amount of pay: an amount beside a pay word, or a
    line that is only a range of money."""
    pay = stems & _PAY_STEMS
    if pay == _STIPEND and stems & _BENEFIT_STEMS:  # "401k match, $1,000 learning stipend": a benefit
        return False
    # a line that is only a range of money ("$129,800.00 - $241,200.00") is a posting's pay range
    return bool(_AMOUNT.search(sentence)) and (bool(pay) or bool(_BARE_RANGE.fullmatch(sentence.strip())))


def figure_cover(ask: FigureAsk, passages: Sequence[Chunk], weight: Callable[[str], float]) -> float:
    """The largest share (by weight) of the part's words that one sentence stating an amount, with
    its passage's title and section, contains (1.0 when the part names nothing else)."""
    return sentence_cover(ask.keys, passages, weight, states_amount) if ask.keys else 1.0


def sentence_cover(
    keys: Sequence[str],
    passages: Sequence[Chunk],
    weight: Callable[[str], float],
    says: Callable[[str, frozenset[str]], bool],
) -> float:
    """The largest share (by weight) of `keys` that one sentence for which `says(sentence, stems)`
    holds contains, with its passage's title and section."""
    total = sum(weight(s) for s in keys) or 1.0
    best = 0.0
    for chunk in passages:
        heading = frozenset(tokenize(f"{chunk.title} {chunk.section}"))
        for stems, sentence in sentences(chunk.text):
            if says(sentence, stems):
                best = max(best, sum(weight(s) for s in keys if s in stems or s in heading) / total)
    return best


def market_gap(routed, reply) -> list[str]:
    """What a market reply (rag.market Routed and MarketReply, passed in) could not give: a field the
    data does not record, a value no posting has, or a salary no matching posting states."""
    if routed.not_recorded:
        return [routed.not_recorded]
    if routed.unknown is not None:
        return [str(routed.unknown.value)]
    result = reply.result
    if result is not None and result.spec.measure == "salary" and not result.rows:
        return ["salary"]
    return []


def market_cover(routed, reply) -> tuple[list[str], list[str], str]:
    """A market reply's (gap, missing, coverage) for rag.market's Routed and MarketReply (passed in):
    no figure is a refusal (`gap`, market_gap); a figure that leaves parts of the question
    unanswered (`routed.uncovered`) is a partial answer naming them."""
    gap = market_gap(routed, reply)
    if gap:
        return gap, gap, "none"
    return [], list(routed.uncovered), "partial" if routed.uncovered else "full"


def handover_note(gap: str) -> str:
    """The line before the guide's answer to a question the postings table gives no figure for."""
    if gap == "salary":
        return "*The postings table gives no pay figure for this; the guide's text says:*\n\n"
    return f"*The postings table does not record {gap}; the guide's text says:*\n\n"


def handed_over(answer, gap: str) -> str | None:
    """The note on what the postings table lacks, put before the guide's `answer` (an Answer) to a
    question the desk refused for `gap`; None, the answer untouched, when it refuses too (the desk's
    refusal stands)."""
    if answer.refused:
        return None
    note = handover_note(gap)
    answer.answer = note + answer.answer
    return note


def market_citations(citations: list[dict]) -> list[Citation]:
    """A market reply's citations (MarketReply.citations, as JSON) as an answer's."""
    return [Citation(c["n"], c["title"], c["section"], c["url"], tuple(c["source_paths"])) for c in citations]
