"""A quantity asked of a named employer's perk, leave or plan that none of its postings' sentences states.

"ycharts paid parental leave length?", "yuno senior ai eng stock options - how many", "what does the company
actually put into the 401(k)?", "justworks retreats - how often", "learning budget per person?": the
employer's posting names the thing ("Paid parental leave to support work-life balance") but gives no figure
for it, so quoting it answers nothing asked. The thing is the
question's own words less the employer's name, the words that ask a quantity and the words of a job's title,
per ask (asks.py); it is stated when some sentence of the employer's postings has half its words or more and
a number (not a year, not the "401" of "401(k)"), and asked of nothing the postings mention when no sentence
has any of them. Pay, experience and interviews are left to the amount and process checks (figures.py,
posting_process.py), and an employer the guide's pages discuss to them. Measured on every eval question that
names one employer with postings and asks such a quantity: evals/README.md, "Main after round thirty-five".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.answer.asks import question_asks
from rag.answer.counts import CARDINAL_WORDS
from rag.answer.sentences import split_units
from rag.answer.thing_size import DIGIT_LED
from rag.index.text_tokens import tokenize
from rag.names import name_words
from rag.records import Chunk

# Words that ask a quantity: "how much", "how many", "length", "what % …", "what does X put into …"
# ("how big" alone is left out: a company's size is its own field; "how long is" asks a perk's length, an
# interview's being the process checks' to read)
_QUANTITY = re.compile(
    r"\bhow (?:much|many|generous|often)\b|\b(?:length|amount|rate|percent(?:age)?|worth|cap|payout)\b|%|"
    r"\bwhat(?:'s| is) the count\s*\??\s*$|\bmax(?:imum)?\s*\??\s*$|"  # "benefit max?"
    # "wellness stipend per month", "reimburses courses - up to what amount", "learning budget per person"
    r"\bput (?:in|into)\b|\bper (?:month|year|annum)\s*\??\s*$|\bup to what\b"
    r"|\bper (?:person|head|employee)\b"
    # "what size of stake comes with the package", "GV and EQT backed, but total investment?"
    r"|\bsize of\b|\btotal (?:investment|funding|raised?)\b"
    # "exact figure for the learning budget", "pension: what does the employer contribute?"
    r"|\bfigure (?:for|on|of)\b|\bput on\b|\bhow long (?:is|are)\b"
    r"|\bwhat (?:do|does|will|would) (?:the )?(?:employer|company|they) contribute\b"
    # "wfh stipend amt", "tuition assistance cover, dollar-wise", "what budget do they give for …"
    r"|\bamt\b|\bdollar-?wise\b|\bin dollars\b|\bwhat (?:budget|allowance|stipend)\b"
    # "season ticket loan size", "employer HSA top-up?", "yearly HSA deposit"
    r"|\bsize\s*\??\s*$|\btop-?ups?\b|\bdeposits?\b"
    r"|[-–—:,]\s*how (?:big|large)(?:,? (?:roughly|approximately|approx))?\s*\??\s*$",  # "X perk - how big"
    re.I,
)
# "…, how big": the size of the things asked before it (not "how big is X", a company's size)
_HOW_BIG = re.compile(
    r"(?:and |but )?how (?:big|large)(?: is it| are they| is that)?(?:,? (?:roughly|approximately|approx))?",
    re.I,
)
# Words of a job's title, of asking and of time, and pay (the amount checks' own): no thing of a perk.
_NOT_THING = frozenset(
    tokenize(
        "ai ml eng engineer engineering senior sr staff lead principal applied founding role job position "
        "posting company employer team actually really roughly exactly each per every month year week day "
        "put length amount size rate percent percentage worth cap payout annum much many long big generous "
        "figure exact contribute count max maximum "
        "often person head get give offer "
        "pay salary salaries compensation base wage earn comp ctc band range bonus equity stock want would "
        "could should need like know think mention mentions say says list lists money cash amt dollar wise "
        "top up deposit"
    )
)
# pay is the amount checks'; experience and interviews are asked of the job, not of a perk
_NOT_PERK = frozenset(
    tokenize(
        "pay salary salaries compensation base wage earn comp ctc band range hourly experience years yrs "
        "interview interviews round rounds stage stages process dataset"
    )
)
# What an employer gives its staff: a guide page naming the employer answers no quantity of it unless it
# has the perk's words ("SentinelOne - 6 jobs"); a quantity of anything else it may ("how much data …")
_PERKS = frozenset(
    tokenize(
        "stipend allowance reimbursement membership budget match 401k pension retirement bonus equity stock "
        "options rsu espp relocation subsidy insurance discount grant leave parental maternity paternity pto "
        "vacation holiday holidays sabbatical wellness gym meal tuition hsa fsa"
    )
)
# a figure beside one of these is its own, not the thing's
_OTHER_THINGS = _PERKS | frozenset(tokenize("pay salary salaries compensation base wage ctc hourly"))
# An ask of a quantity alone, of the things before it: "how much each", "how much money is that"
_BARE = frozenset(
    tokenize(
        "how much many each per every month year week day actually really roughly exactly length amount "
        "worth cap payout annum often person head up to put into in is are it that this they them those "
        "these both do does the of what whats give "
        "get offer money cash generous big large high count max maximum amt dollar dollars wise roughly "
        "approximately approx"
    )
)
_CLAUSE_BREAK = re.compile(r"\s[-–—]\s|:\s")
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|my|me|we|we're)\b", re.I)
_PER_YEAR = re.compile(r"\b(?:per|a|an|each|every)\s+year\b", re.I)  # a period, not years of experience
# no figure: a plan's number ("401(k)"), a year, an ordinal, a name's digits ("N26", "Point72")
_NOT_FIGURES = re.compile(
    r"\b40[13]\s*\(?[kb]\)?|\b(?:19|20)\d\d\b|\b\d+(?:st|nd|rd|th)\b|\b[a-z]+\d+[a-z]*\b", re.I
)
_NUMBER = re.compile(rf"\d|\b(?:{CARDINAL_WORDS})\b", re.I)  # "two office days"
# the items of a list of perks in one sentence (not the comma of "$2,000")
_PIECES = re.compile(r",(?!\d)|[;•|]|\s(?:and|plus|&)\s", re.I)
# A thing's word is at least this share of the rarest word's idf: "leave", "parental", not "work", "days"
THING_IDF_SHARE = 0.32


def asked_things(
    question: str,
    names: Sequence[str],
    idf: Callable[[str], float],
    min_idf: float,
    titles: Sequence[str] = (),
) -> list[tuple[str, tuple[str, ...]]]:
    """Each ask of the question (asks.py) that asks a quantity of a named employer's thing, with the
    thing's stems ("ycharts paid parental leave length?": "paid", "parent", "leav"), and the things asked
    before an ask of a quantity alone ("…, how much each"); none when the question asks about pay,
    experience or interviews. `min_idf`: the idf a thing's word has at least; `titles`: the employer's job
    titles ("agent tooling" names the job, no perk)."""
    if not names or set(tokenize(_PER_YEAR.sub(" ", question))) & _NOT_PERK:
        return []
    skipped = _NOT_THING | {s for n in names for w in name_words(n) for s in tokenize(w)}
    skipped |= {s for title in titles for s in tokenize(title)}  # the employer's job titles' words

    def thing_of(ask: str) -> tuple[str, ...]:
        kept = (s for s in dict.fromkeys(tokenize(ask)) if s not in skipped)
        return tuple(s for s in kept if idf(s) >= min_idf and not s.isdigit())

    asked = question_asks(question)
    out = []
    for i, ask in enumerate(asked):
        if not (_QUANTITY.search(ask) or (i and _HOW_BIG.fullmatch(ask))):
            continue
        if thing := thing_of(_from_cue(ask)) or thing_of(ask):
            out.append((ask, thing))
            continue
        # "tandems wellness benefit + mobile subsidy, how much each": the things listed before it
        out += [(b, t) for b in asked[:i] if not _QUANTITY.search(b) and (t := thing_of(b))]
    return list(dict.fromkeys(out))


def _from_cue(ask: str) -> str:
    """The ask from the clause that asks the quantity, when the clauses before it tell the asker's own
    situation and name no perk: "I'm joining X soon - what budget do they give for the home office" asks of
    "budget … home office", not of "soon" ("X car lease program - how much …" keeps its head)."""
    cue = _QUANTITY.search(ask)
    head = ask[: cue.start()] if cue else ""
    breaks = list(_CLAUSE_BREAK.finditer(head))
    if not breaks or not _FIRST_PERSON.search(head) or names_perk(tokenize(head)):
        return ask
    return ask[breaks[-1].end() :]


def bare_quantity(ask: str) -> bool:
    """The ask asks a quantity and names nothing else ("how much each", "how many", "how big"): of the
    things asked before it."""
    return bool(_QUANTITY.search(ask) or _HOW_BIG.fullmatch(ask)) and not (set(tokenize(ask)) - _BARE)


def unquantified(thing: Sequence[str], documents: Sequence[Chunk]) -> bool:
    """Some sentence of the postings (or interview files) among `documents` has a word of the thing, and
    none with a number has half its words or more ("Paid time off: 15 days" states nothing of "paid
    parental leave")."""
    mentioned, enough = False, (len(thing) + 1) // 2
    asked = _digits_only(thing)  # "401k" as the postings' "401(k)" writes it
    for chunk in documents:
        if chunk.kind not in ("posting", "company"):
            continue
        for unit in split_units(chunk.text):
            text = unit.text(chunk.text)
            shared = len(asked & _digits_only(tokenize(text)))
            if shared >= enough and _figured(text, asked, enough):
                return False
            mentioned = mentioned or shared > 0
    return mentioned


def _figured(text: str, asked: set[str], enough: int) -> bool:
    """The sentence's number may be the thing's: in a list item that names it, or in one that names no other
    perk or pay ("a learning budget, $2,000 per year"); not another perk's ("paid volunteer hours and 12
    weeks paid parental leave"). A sentence whose items each name too little of the thing is read whole."""
    pieces = _PIECES.split(text)
    figured = [bool(_NUMBER.search(_NOT_FIGURES.sub(" ", piece))) for piece in pieces]
    naming = [len(asked & _digits_only(tokenize(piece))) >= enough for piece in pieces]
    if not any(naming):
        return any(figured)
    others = [bool((set(tokenize(piece)) - asked) & _OTHER_THINGS) for piece in pieces]
    return any(f and (n or not o) for f, n, o in zip(figured, naming, others, strict=True))


def _digits_only(stems: Sequence[str]) -> set[str]:
    return {DIGIT_LED.sub(r"\1", s) for s in stems}


def thing_words(question: str, thing: Sequence[str]) -> str:
    """The question's own words for the thing, in its order ("paid parental leave" -> "parental leave")."""
    return " ".join(w for w in re.findall(r"[\w()'-]+", question) if set(tokenize(w)) & set(thing))


def names_perk(thing: Sequence[str]) -> bool:
    """The thing's stems name something an employer gives its staff (leave, a stipend, stock)."""
    return bool(set(thing) & _PERKS)
