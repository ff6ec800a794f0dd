"""A thing that comes in amounts ("the 401(k) match", "a wfh stipend", "money raised") and the cues
asking its size: after it ("wfh stipend amount"), first ("how generous is the 401k match"), past a
job's name ("X engineer - how big is the prof dev budget") or beside a word that asks a figure
("permitflow equity ballpark?"). rag/answer/stated.py checks that a figure stands beside the thing.
"""

from __future__ import annotations

import re

from rag.answer.question_words import AUXILIARIES, BACK_JOIN, WH_WORDS
from rag.index.text_tokens import tokenize

# Things that come in amounts or days: a figure beside one states its size (rag/answer/asks.py too)
AMOUNTED = frozenset(
    tokenize(
        "bonus bonuses equity stock options rsu rsus commission stipend allowance assistance reimbursement "
        "match 401k relocation signing pension budget contribution membership days weeks pto vacation "
        "holidays leave payment payments grant grants subsidy insurance upside profit funding raised reward "
        "rewards valuation seed acquisition acquired bought discount deal commuter transit"
    )
)
# Such a thing's size asked after it in a few words: "deepgram wellness stipend how much", "workwhile wfh
# stipend amount", "cantina 401k match percent" (its own digits as the passages' "401(k)" write them too)
_THING_SIZE = re.compile(
    r"(?P<thing>(?:[\w()'-]+\s+){0,2}[\w()'-]+)\s+"
    r"(?:how much|amount|size|percent(?:age)?|%|[$€£₹]|figure|value|per (?:year|month|annum|week)"
    # "401k match rate", "profit sharing payout" (not "day rate": a contractor's pay)
    r"|cap|limit|max(?:imum)?|(?<=match )rate|(?<=matching )rate|(?<=contribution )rate|payout)"
    # "... tuition assistance amount for the java role", "vatic labs gym reimbursement how much a month"
    r"(?:\s+(?:for|at|in|on|with)\b.*|\s+(?:a|per|each|every)\s+(?:day|month|year|week|annum))?\s*$",
    re.I,
)
# ... or asked first: "how generous is cantina's 401k match", "what's the wfh stipend at workwhile" (money
# only: "what's the parental leave" may ask its terms), or after it past a dash ("X 401k match - how much do
# they put in", "X wellness stipend - what's it worth")
_MONEY_THING = (
    r"(?:stipends?|allowances?|match|budgets?|reimbursements?|contributions?|bonus(?:es)?|commissions?"
    r"|upside|discounts?)"
)
_SIZE_FIRST = re.compile(
    rf"^\s*(?:how (?:much|big|large|high|generous) (?:is|are|was|were)|what(?:'s|’s|s| is| are)"
    r"|what size (?:is|are|would be)) "
    rf"(?P<thing>(?:[\w()'’.-]+\s+){{0,4}}?{_MONEY_THING})(?: target| cap| amount| size)?"
    rf"(?:\s+(?:at|for|with|in|on|as)\b.*)?$",  # "what's the bonus target at X, as a % of base"
    re.I,
)
# "what's the typical payout on X's performance bonus program"
_SIZE_OF_THING = re.compile(
    r"\bwhat(?:'s|’s|s| is| are) the (?:typical |usual |average |expected )?(?:yearly |annual |monthly )?"
    r"(?:payout|size|amount|value|cap|limit|maximum|max|sum (?:assured|insured)|cover(?:age)? amount)s? "
    r"(?:on|of|for) (?P<thing>.+)$",
    re.I,
)
# "is there a number for the performance-based bonuses", "any figure on the 401k match"
_NUMBER_FOR = re.compile(
    rf"\b(?:is there|are there|any|what(?:'s|’s| is)) (?:a |an |the |any )?(?:target )?"
    rf"(?:number|figure|amount|percentage|percent)s? (?:for|on|of) "
    rf"(?P<thing>(?:[\w()'’.-]+\s+){{0,4}}?{_MONEY_THING})(?:\s+(?:at|for|with|in|on)\b.*)?$",
    re.I,
)
# "X 401k - do they match and how much": whether, then how much, of one thing
_WHETHER_AND = re.compile(
    r"\b(?:do|does|will) (?:they|it|you) (?:match|offer|pay|give|contribute|cover)(?: it| one)?"
    r"(?:,| and) (?=how much)",
    re.I,
)
# "is there an employer match and how much": how much of the thing
_IS_THERE_AND = re.compile(
    r"\b(?:is|are) there (?:an? |any )?((?:[\w()'-]+ ){0,2}[\w()'-]+?)(?:,| and) how much\s*(?=$|\?)", re.I
)
_EXAMPLE = re.compile(
    r",\s*(?:like|e\.g\.|such as|say|as an? (?:%|percent))(?:\b|(?<=%)).*$", re.I
)  # ", like a target percentage"
_DASH_HOW = re.compile(
    r"^(?P<thing>.+?)\s+[:\-–—]\s*(?:(?:for )?how much\b|what(?:'s|’s| is) it worth\b"
    r"|is there an? (?:\w+ )?(?:cap|limit|figure|number|amount|max(?:imum)?)\b)",  # "- is there a yearly cap"
    re.I,
)
# "how much do they actually match on the 401K", "how much tuition reimbursement would X give me"
# (a perk's own amount: "how much commission / stock / relocation" is read as pay asked beside the pay)
_HOW_MUCH_THING = re.compile(
    r"\bhow (?:much|big|large|high|generous)\b(?P<thing>.*\b(?:match\w*|401\(?k\)?|reimburse\w*|stipends?|"
    r"allowances?|contribut\w*|assistance|budgets?|funding|raised|upside)\b.*)$",
    re.I,
)
# "X senior engineer 401k match": a retirement plan's match is a percentage, asked by naming it last after
# the job's name ("does X offer a 401k match?" asks whether; "what share of postings offer a 401(k) match"
# is a count)
_MATCH_LAST = re.compile(
    r"^(?!.*\b(?:what|which|how|who|do|does|did|is|are|will|would|can|could|any|offer|offers)\b)"
    r".*?\w.*?\s(?P<thing>(?:401\(?k\)?|pension|retirement)\s+match(?:ing)?)(?:\s+rate)?\s*$",
    re.I,
)
# The ask after a job's name: "X engineer, what's the …", "X AI engineer: what's the sign-on bonus?", "X ai
# engineer, bonus amount"
_AFTER_JOB = re.compile(
    r"\s[:\-–—]\s|(?<=\w):\s|,\s+(?=(?:what|how)\b)"
    r"|\b(?:engineer|developer|scientist|researcher|intern|role|job|position)s?,\s+(?!and\b)",
    re.I,
)
# What an employer puts towards a thing ("how much do they put towards certifications each year"): the
# thing is whatever it names, a figure beside it its size
PUT_TOWARDS = re.compile(
    r"\bhow much (?:money )?(?:(?:do|does|did|will|would) (?:[\w&-]+ ){1,6}?"
    r"(?:put|contribute|allocate|chip in|invest)|goes|go|gets put|is put)"  # "how much goes into the account"
    r" (?:towards?|to|into|for) (?P<thing>.+)$",
    re.I,
)
_PERIOD_WORDS = frozenset(tokenize("each every per a year yearly annually month monthly"))
# A count or share of jobs or employers, no thing's size: "how many jobs offer equity", "% of postings …"
_NOT_OF_A_SET = (
    r"(?!.*\b(?:jobs|postings|ads|listings|roles|companies|employers|openings|positions|startups|firms)\b)"
)
# Last, a word asking a figure anywhere in a part that names such a thing ("permitflow equity ballpark?",
# "granola relocation package - what does it come to", "roughly what size grant at X")
_FIGURE_WORD = re.compile(
    rf"^{_NOT_OF_A_SET}(?=.*(?:\b(?:how (?:big|large|high|generous)|ballpark|numbers?|figures?|amounts?"
    r"|size|sized|worth(?!\s+it\b)|value of|percent(?:age)?|comes? to|up to(?: how much)?|cap(?:ped)?|limit"
    r"|max(?:imum)?"
    r"|what (?:discount|rate|percentage|percent|share))\b"
    r"|%|[$€£₹]))"
    r"(?P<thing>.+)$",
    re.I,
)
# A bare figure asked after a comma is about what comes before it: "granola above-market equity, any numbers"
_TAIL_ASK = re.compile(
    r",\s*((?:any |what(?:'s|’s| is)? (?:the )?|roughly |approx\w* )?"
    r"(?:(?:dollar|money|cash|exact|rough) )?"
    r"(?:numbers?|figures?|amounts?|ballpark|size|how much|%|percent(?:age)?|value|worth)(?:\s*[$€£₹%])?"
    r"(?:\s+(?:a|per|each|every)\s+(?:day|week|month|year))?)\s*$",
    re.I,
)  # ", dollar figure?", ", how much $"
# A cover asked after what gives it: "X life insurance, what's the cover", "X commuter benefits, how much do
# they actually cover" (its amount)
_TAIL_COVER = re.compile(
    r",?\s+(?:what(?:'s|’s| is)? the cover(?:age)?"
    r"|how much do(?:es)? (?:they|it|those|these) (?:actually |really )?cover)\s*$",
    re.I,
)
# Money raised asked as such, with a word of size or as a bare name of it: "X funding raised", "cato networks
# total raised", "what's their total VC raise", "how big was their seed", "X valuation?" (not whether or from
# whom: "is X well funded", "who backs X")
_RAISED = re.compile(
    r"^(?=.*\b(?:funding|funded|raised?|raising|valuation|seed)\b)(?!.*\bfunding stages?\b)"
    rf"{_NOT_OF_A_SET}(?:(?=.*(?:\b(?:how much|how big|how large|total|amount|size|so far|exactly)\b"
    r"|[$€£]))"
    r"|(?!.*\b(?:what|which|how|who|why|when|where|do|does|did|is|are|was|were|will|would|can|could|has|have"
    r"|any)\b))(?P<thing>.+)$",
    re.I,
)
# "X says it is well-funded, how much is that", "X mentions financial rewards - what does that come to": the
# figure asked of what the first clause names
_BACK_REF = re.compile(r"(?:,|\s[:\-–—])\s+(?=(?:how|what)\b.*\b(?:that|it|this)\b)", re.I)
# ... its size asked of it so: "X mentions a personal education budget - how much is it per year?"
_BACK_SIZE = re.compile(
    r"(?:,|\s[:\-–—])\s+how (?:much|big|large|high|generous) (?:is|are|was|were|would be) (?:that|it|this)\b"
    r"[^,;]*$",
    re.I,
)
# "..., does either posting say": whether the postings say it, of the ask before
_SAYS_TAIL = re.compile(
    r",\s*(?:does|do|did) (?:either|any|the|their|its|this|that)?\s*(?:[\w-]+\s+){0,3}?"
    r"(?:say|mention|state|list)\s*$",
    re.I,
)
# A funding round is money raised: "X series a amount", "how big was the seed round"
_ROUND = re.compile(
    r"\b(?:pre-?seed(?: round)?|seed round|series [a-f](?: (?:round|raise|funding))?)\b", re.I
)
# How well a company is capitalised, or what was invested or put in it, is its funding ("do we know how much
# money they've put in altogether")
_CAPITALISED = re.compile(r"\bcapitali[sz](?:ed|ation)\b|\binvested\b", re.I)
_PUT_IN = re.compile(
    r"\bhow much (?!(?:time|effort|work|energy|thought|hours?|practice|prep|care)\b)(?:money )?"
    r"(?:[\w'’]+ ){1,3}?(?:(?:put|poured|pumped) in|invest(?:ed)?)\b"  # "how much did khosla invest"
    r"(?!\s+(?:in|the|a|an|your|my|their|his|her|this|that|it|to|for|on)\b)",  # not "put in the take-home"
    re.I,
)
# Venture money is funding ("how much VC money have they got"), and who backs a company names its funding
# ("wati funding total? tiger global-backed"), not another ask
_VENTURE = re.compile(
    r"\b(?:vc|venture(?: capital)?|investor)s?\s+(?:money|cash|capital|funding|dollars)\b"
    r"|\bventure capital\b",
    re.I,
)
_BACKED = re.compile(r"\b[\w-]+-backed\b|\bbacked by\b", re.I)
_ASIDE = re.compile(r"\s\([^)]*\)")  # "FNZ developer (AI + .Net)" (not "401(k)")
# Words naming no such thing: "day-to-day", "end-to-end", "raise my rate"
_NO_THING = re.compile(r"\w+(?:-\w+){2,}|\braise (?:my|your|our|his|her|their)\b", re.I)
# A money thing named alone after a job's name: "synechron devops ai role: yearly learning budget?"
_BARE_THING = re.compile(
    rf"(?:\s[:\-–—]|\w:|\b(?:engineer|developer|role|job|position|intern)s?,?)\s+(?P<thing>"
    rf"(?:yearly|annual|monthly|weekly)\s+(?:[\w'-]+\s+){{0,2}}?{_MONEY_THING}"
    r"|(?:[\w'-]+\s+){0,2}?budgets?)\s*$",  # (not "holiday allowance": days, asked beside the pay)
    re.I,
)
_THING_CUES = (
    _THING_SIZE,
    _SIZE_FIRST,
    _DASH_HOW,
    _SIZE_OF_THING,
    _NUMBER_FOR,
    _HOW_MUCH_THING,
    _MATCH_LAST,
    PUT_TOWARDS,
    _BARE_THING,
    _RAISED,
    _FIGURE_WORD,
)
# Money raised is written both ways: "$25M in funding", "we raised $77 million"
_FUNDING = tuple(tokenize("funding raised seed"))  # a tuple: the thing's stems in a fixed order
DIGIT_LED = re.compile(r"^(\d+)[a-z]+$")  # "401k": its digits, as "401(k)" is written
# Who put the money in is no other ask: "raised from sequoia and altimeter", "…, village global backed"
_BACKERS = re.compile(r"\s+from\s+[\w .&'’-]+$|,\s*[\w .&'’-]+\s+backed\s*$", re.I)
# A piece asking the pay or a figure of its own: "pay range and bonus size" asks two things
_ASKS_PAY = re.compile(
    r"\b(?:pay|salary|salaries|base|comp|compensation|ctc|lpa|range|band|rate|wage|wages|equity|stock|"
    r"total|package|ote)\b|%",
    re.I,
)
_LEADING_AUX = re.compile(rf"^\s*(?:{'|'.join(AUXILIARIES)})\b", re.I)
_MODIFIER = re.compile(r"\b(?:the|a|an|their|your|its|any)\b", re.I)
_ASKS_APART = re.compile(r",|\s(?:and|plus|&|\+)\s", re.I)


def same_thing(text: str, other: str) -> bool:
    """Both texts name a thing that comes in amounts in common ("X matching program", "how much do they
    match on donations", "how much did A put into X" and "how well capitalised they are"): one is about
    the other's amount, not another ask."""
    return bool(_things(text) & _things(other))


# A figure guessed after the ask, to be confirmed: "… how long is the break? A week each, or longer?"
_GUESS = re.compile(
    r"^(?:(?:is it|like|maybe|roughly|about|around|so)\s+)?(?:a|an|one|two|three|four|five|six|\d+)\b[^?]*"
    r"\bor (?:longer|more|less|shorter|fewer|higher|lower|so)$",
    re.I,
)


def guessed_figure(part: str) -> bool:
    """The part guesses the figure asked beside it ("A week each, or longer"), asking nothing else."""
    return _GUESS.match(part.strip(" ?.!")) is not None


def _things(text: str) -> set[str]:
    return set(amounted(text)) | set(thing_size(text))


def thing_size(part: str) -> tuple[str, ...]:
    """The stems of a thing that comes in amounts whose size the part asks, after it ("wfh stipend amount":
    ("stipend",)) or first ("how generous is the 401k match"), or () when it asks no such size."""
    part = _PUT_IN.sub(r"\g<0> funding", _VENTURE.sub("funding", part))
    text = _WHETHER_AND.sub("", _EXAMPLE.sub("", _ASIDE.sub("", part))).strip(" ?.!")
    text = _IS_THERE_AND.sub(r"how much \1", text)
    text = _SAYS_TAIL.sub("", text)
    text = _TAIL_COVER.sub(" amount", text)
    text = _BACK_REF.sub(" ", _BACK_SIZE.sub(" amount", _TAIL_ASK.sub(r" \1", text)))
    after = _AFTER_JOB.split(text)[-1]  # "X data engineer - how big is the prof dev budget"
    for cue in _THING_CUES:
        for read in dict.fromkeys((text, after)):
            m = cue.search(read)
            # "pay range and bonus size": the size is one ask of several; after "how much" only what follows
            # counts ("Hi, I'm looking at X - how much does the employer match on the 401K")
            if m is None:
                continue
            own = cue in (_HOW_MUCH_THING, PUT_TOWARDS)  # "how much did A and B put into X": one ask
            apart = m["thing"] if own else _BACKERS.sub("", read) if cue is _RAISED else read
            # "X lists gym membership and internet reimbursement — how much do those cover": all of them
            if _ASKS_APART.search(apart) and not _one_thing(apart, own) and BACK_JOIN not in part:
                if listed := _listed_things(m["thing"]):  # "size of the education stipend and the bonus"
                    return listed
                continue
            if thing := amounted(m["thing"]):
                return thing
            if cue is PUT_TOWARDS and (named := [s for s in tokenize(m["thing"]) if s not in _PERIOD_WORDS]):
                # "the Acorns account": the account, not any figure beside the employer's name
                common = [s for s in named if s not in _names(m["thing"])]
                # "how much did TA Associates put into PDQ": money put into a company is its funding
                return tuple(dict.fromkeys(common)) if common else _FUNDING
    return ()


def _one_thing(text: str, after_how_much: bool = False) -> bool:
    """The text's pieces (at "," "and" "+") name one thing that comes in amounts, the last naming it and
    those before, in a few words, only what it is for ("how much do the yearly childcare and continued
    education reimbursements come to", "monthly wellness + communication stipend amount"), no piece
    asking anything else ("is it hybrid, and the 401(k) match amount"; "pay range and bonus size")."""
    if after_how_much:  # "how much [do] the yearly childcare …": the auxiliary is the size ask's own
        text = _LEADING_AUX.sub("", text)
    pieces = [p.strip() for p in _ASKS_APART.split(text) if p.strip()]
    return (
        len(pieces) > 1
        and bool(amounted(pieces[-1]))
        and not any(
            amounted(p) or _ASKS_PAY.search(p) or len(_MODIFIER.sub("", p).split()) > 3 for p in pieces[:-1]
        )
        and not any(p.split()[0].lower() in (*WH_WORDS, *AUXILIARIES) for p in pieces)
    )


LISTED_THING_WORDS = 4  # "size of the education stipend": a piece naming a thing, not a clause
_SIZE_OF_LIST = re.compile(r"\s*(?:the )?(?:size|amount|value)s? of\b", re.I)


def _listed_things(text: str) -> tuple[str, ...]:
    """The things of a list after "size of" whose every piece names one that comes in amounts, in a few
    words, and asks no pay ("size of the education stipend and the annual bonus"), or ()."""
    if not _SIZE_OF_LIST.match(text):  # "is there a number for the bonuses and the match": two asks
        return ()
    pieces = [p.strip() for p in _ASKS_APART.split(text) if p.strip()]
    if len(pieces) < 2 or any(
        not amounted(p) or _ASKS_PAY.search(p) or len(_MODIFIER.sub("", p).split()) > LISTED_THING_WORDS
        for p in pieces
    ):
        return ()
    return tuple(dict.fromkeys(s for p in pieces for s in amounted(p)))


def _names(text: str) -> set[str]:
    """The stems of the capitalised words of `text`."""
    return {s for w in re.findall(r"[\w'’-]+", text) if w[:1].isupper() for s in tokenize(w)}


def amounted(text: str) -> tuple[str, ...]:
    """The stems of the things in `text` that come in amounts or days ("401K" as "401k" and "401")."""
    text = _BACKED.sub(" funding ", _VENTURE.sub(" funding ", _PUT_IN.sub(r"\g<0> funding", text)))
    stems = tokenize(_ROUND.sub(" funding ", _CAPITALISED.sub(" funding ", _NO_THING.sub(" ", text))))
    found = [x for s in stems for x in (s, DIGIT_LED.sub(r"\1", s)) if s in AMOUNTED]
    return tuple(dict.fromkeys([*found, *_FUNDING] if set(_FUNDING) & set(found) else found))
