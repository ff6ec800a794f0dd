"""A question asking whether the job data has a column, a field or a filter for something.

"is there a duolingo score column in the job data", "ebay feedback score as a field in the postings?",
"can i filter the job data by fitbit daily step count": the thing asked (`column_asked`) is a field of
the postings table only when one of its words names a column (recorded.COLUMN_WORDS: the table's columns
and the router's words for them, "salary", "seniority", "tech stack") or a value the parser reads in it
("remote", "London", "Python", "Stripe"). Otherwise the data does not record it (`unrecorded_column`),
however common its words are elsewhere ("score", "feedback", "count").
"""

from __future__ import annotations

import re

from rag.market.cues import SALARY, STOPWORDS
from rag.market.parser import Extraction, tokenize
from rag.market.recorded import COLUMN_WORDS, MIN_WORD_LEN, known

_NAME = r"[\w'’&+-]+"
_THING = rf"((?:{_NAME}\s+){{0,4}}?{_NAME})"
# where the thing ends: a clause break, or the words after it ("… in the job data", "… to filter by")
_END = r"(?=\s*(?:$|[,;:?!.()]|[-–—]\s)|\s+(?:in|on|for|to|so|since|because|as|want|wanna|i|pls|please)\b)"
_ASKS = (
    re.compile(rf"\bis there (?:a|an|any) {_THING}\s+(?:column|field|attribute)s?\b", re.I),
    re.compile(rf"\b{_THING}\s+as an? (?:column|field|attribute|filter)\b", re.I),
    re.compile(rf"\b(?:column|field|attribute)s? (?:for|of|with) {_THING}{_END}", re.I),
    re.compile(
        rf"\bfilter(?:ing)? (?:(?:the|these|those|all|ai|job|jobs|roles|postings|data) )*by {_THING}{_END}",
        re.I,
    ),
    # "filter the AI engineer roles so I only see offices with a mug tree in the kitchen"
    re.compile(
        rf"\bfilter\b[^.?!]*?\bonly (?:see|show|get|keep) (?:[\w-]+\s+){{0,2}}?with {_THING}{_END}", re.I
    ),
)
_ARTICLES = re.compile(r"^(?:(?:a|an|the|any|their|my|your)\s+)+", re.I)
_POINTER = re.compile(r"(?:that|this|these|those|it|them|such|whether)\b", re.I)
# the words of a column, and of pay as questions say it ("a compensation field")
_FIELD_WORDS = COLUMN_WORDS | frozenset(p for p in SALARY if " " not in p)


def column_asked(question: str) -> str | None:
    """The thing the question asks the data to hold as a column, field or filter, in its words."""
    for pattern in _ASKS:
        if m := pattern.search(question):
            thing = _ARTICLES.sub("", m.group(1)).strip()
            # "a field for that", "filter by that sort of event": what it is, the question says elsewhere
            return None if _POINTER.match(thing) else thing or None
    return None


def unrecorded_column(thing: str, ex: Extraction) -> str | None:
    """`thing` when it has words besides the values the parser read in it (`ex`, the parser's reading
    of the question: "ebay" an employer) and none of them names a column; None when the table records
    it."""
    said = tokenize(thing)[0]
    at = next((i for i in range(len(ex.tokens)) if ex.tokens[i : i + len(said)] == said), None)
    if at is None:
        return None
    taken = {i for m in ex.mentions for i in range(m.start, m.end)}
    words = [
        w
        for i in range(at, at + len(said))
        if i not in taken
        for w in re.findall(r"[a-z]+", ex.tokens[i])
        if len(w) >= MIN_WORD_LEN and w not in STOPWORDS
    ]
    if not words or any(known(w, _FIELD_WORDS) for w in words):
        return None
    return thing
