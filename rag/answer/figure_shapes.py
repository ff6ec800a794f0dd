"""Which figure a question asks for, from its wording alone: the shapes of the figures that answer it (an
amount, a duration, a share, a count, a date, a multiple, a line on visas), most specific first, whether it
only asks yes or no, and which line is a pay line. rag/answer/lead.py picks the line stating one.
"""

from __future__ import annotations

import re

from rag.answer.question_words import alternation, auxiliaries_but, own_action
from rag.answer.value_labels import PAY_TERMS
from rag.index.text_tokens import tokenize

PAY_LINE_WORDS = 12  # a pay line: at most this many words ("Pay range: $150,000-$180,000 base salary.")
MONEY = re.compile(
    r"(?:[$£€]\s?\d[\d,.]*(?![\d,.])(?!\s?(?:[BM]|bn|billion|million)\b)"
    r"|\b\d[\d,.]*\s?[kK]?\s?(?:USD|GBP|EUR)\b|\b(?:USD|GBP|EUR)\s?\d)"
)
# "2-3 hours", "45-min", "3+ years", "6–8 hrs"
_DURATION = re.compile(
    r"\b\d+(?:\.\d+)?\+?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?\+?)?[\s-]*"
    r"(?:min|mins|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\d\s?%")
_MONTH = r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# "March 9", "Feb 16, 2026", "Nov 2025"
_DATE = re.compile(rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|{_MONTH}\s+(?:19|20)\d\d\b")
_TIMES = re.compile(r"\b\d+(?:\.\d+)?x\b")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*(?:\+|\b)")
_COUNT = re.compile(r"(?<![\w.])\d[\d,.]*\+?(?![\d,.]|\s?%|x\b)")  # a number that is no share or multiple
_YES_NO_WORDS = alternation(auxiliaries_but("was", "were", "could", "has", "have"))  # "do I need X?"
_YES_NO = rf"(?:^|[,:;–-]\s*){_YES_NO_WORDS}\b|\b(?:mostly|big part)\b"  # a yes/no question
# A line on visas: "H1-B sponsorship available", "we are unable to sponsor visas" (no figure, but the fact)
# ("sponsors" of a project are no visa's)
VISA = re.compile(
    r"\bvisas?\b|\b(?:visa |h-?1-?b |immigration )?sponsorship\b|\bh-?1-?b\b|\bwork permits?\b"
    r"|\bwork authori[sz]ation\b|\bright to work\b",
    re.I,
)
_ASKS = (  # (what the question says, the figure shapes that answer it), most specific first
    (
        r"\b(?:pay|pays|paid|salary|salaries|comp|compensation|base|earn|earns|tuition|cost|costs|"
        r"price|hourly|wage|range|stipends?|allowances?)\b",
        (MONEY,),
    ),
    (r"\bvisas?\b|\bsponsor\w*|\bh-?1-?b\b|\bwork permits?\b", (VISA,)),
    (
        r"\bhow long\b|\bhow much time\b"
        r"|\b(?:duration|timeline|minutes|hours|weeks|months|experience|longest|shortest)\b",
        (_DURATION,),
    ),
    (
        r"\b(?:share|percent|percentage|fraction|proportion|portion|slice|how much of"
        r"|how (?:common|often|likely))\b|%",
        (_PERCENT, _NUMBER),
    ),
    (
        r"\b(?:how (?:many|much|big)|number of|count)\b",
        (_COUNT, _NUMBER),  # a count first ("277 jobs"), a share only if no line states one
    ),
    (  # "which shows up more?", "which one ... more in X", "more in X or in Y", not "more advanced"
        r"\b(?:vs\.?|versus|compared?|comparison|harder|easier)\b|\b(?:more|most|less|fewer)\s*(?:[?.,]|$)"
        r"|\bwhich\b[^?]*\b(?:more|less|fewer)\b|\b(?:more|less)\b[^?]{0,60}\bor\b",
        (_PERCENT, _TIMES),
    ),
    (r"\bwhen (?:is|was|are|were|will|did)\b|\b(?:what|which) (?:date|day)\b", (_DATE,)),
    (_YES_NO, (_PERCENT,)),  # the share that settles a yes/no question
)
MONEY_SHAPES = (MONEY,)
COUNT_SHAPES = (_PERCENT, _NUMBER)  # what a count or share states
# What an analysis of job postings counts: "43 jobs", "38 mentions", a share (not "45-min", not "2026").
TALLY = re.compile(
    r"(?<![\w.])\d[\d,]*\+?\s+(?:jobs?|postings?|listings?|roles?|mentions?|job descriptions|companies)\b"
    r"|\d\s?%"
)
_ASKING = [(re.compile(words, re.IGNORECASE), shapes) for words, shapes in _ASKS]
ASKING_WORDS = frozenset(
    tokenize(
        "how many much long often common likely big share percent percentage fraction proportion "
        "portion slice number count more most less fewer vs versus compare comparison"
    )
)
_DIGIT = re.compile(r"\d")
_CLAUSE_END = re.compile(r"[,;?]|\s(?:and|or)\s")


def asked_shapes(question: str) -> list[re.Pattern]:
    """The figure shapes a question asks for, most specific first ([] if it asks for no figure)."""
    out: list[re.Pattern] = []
    for words, shapes in _ASKING:
        if words.pattern == _YES_NO and VISA in out:  # a line on visas settles it, not a share
            continue
        if _says(words, question):
            out += [s for s in shapes if s not in out]
    return out


def _says(words: re.Pattern, question: str) -> bool:
    """The question says `words`; pay in one of the asker's own action ("can I negotiate …") is no amount."""
    own = words is _ASKING[0][0] and own_action(question) and not _DIGIT.search(question)  # the money words
    return not own and bool(words.search(question))


def asked_kinds(question: str) -> list[tuple[re.Pattern, str, str]]:
    """The kinds of figure a question asks for, each as (its shape, the words that ask it, their
    clause): "the salary, and how long is the presentation?" asks an amount ("salary", "salary") and a
    duration ("how long", "how long is the presentation"); a comparison or a yes/no is no kind."""
    out = []
    for words, shapes in _ASKING:
        asked = words.pattern != _YES_NO and _TIMES not in shapes and _says(words, question)
        found = words.search(question) if asked else None
        if found:
            out.append((shapes[0], found[0], _CLAUSE_END.split(question[found.start() :], 1)[0]))
    return out


def yes_no_only(question: str) -> bool:
    """The question asks yes or no and names no figure ("Do I need Docker?", not "Is 60% typical?")."""
    # (a visa asked names no figure: "Does Acme sponsor visas?")
    asked = [(words, shapes) for words, shapes in _ASKING if shapes != (VISA,)]
    return all(_says(words, question) == (words.pattern == _YES_NO) for words, _ in asked)


def asks_figure(question: str) -> bool:
    """The question asks for a figure (an amount, duration, share, count, date or comparison), not only
    yes or no."""
    return bool(asked_shapes(question)) and not yes_no_only(question)


def states_pay(text: str) -> bool:
    """The text is a pay line: a line under a pay label, or a short one naming pay, stating an amount
    ("Compensation: 128,000-231,500 USD per year."); not a cost in a story ("$2,070/month"), nor a
    posting's summary line ("Location: London · … · Pay: $150,000")."""
    label, colon, _ = text.partition(":")
    labelled = bool(colon) and bool(PAY_TERMS & set(tokenize(label)))  # "Compensation: $115,000.00 - …"
    short = len(text.split()) <= PAY_LINE_WORDS and bool(PAY_TERMS & set(tokenize(text)))
    return (labelled or short) and bool(MONEY.search(text))


def compares(question: str) -> bool:
    """The question compares ("Go or Java, which more?", "X vs Y"): a multiple or shares answer it."""
    return _TIMES in asked_shapes(question)
