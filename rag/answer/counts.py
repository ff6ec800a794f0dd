"""Does a sentence state a number of the thing a question counts ("how many rounds …")?

A number (digits or a number word) within COUNT_WINDOW words of the counted word, or before it across
names. Not every number beside it counts it: an article or "several" states no number ("a competing
offer", "several technical interviews"), a number joined to a time unit counts that unit ("2-3 days",
"1-hour on-site panel", "15min call"), and a path's digits are no number ("webinars/03-…"). A count of
people is one of the nouns for people as written ("engineers", not "engineering"), one of postings any word
for them ("895 job descriptions" counts ads). And does it state a
duration (`states_duration`, figure_kinds.py's check of "how long …")?
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.index.text_tokens import tokenize

# Numbers above one written as words: each states a figure ("two office days", "twelve weeks")
CARDINAL_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
)
NUMBER_WORDS = (
    f"one|{CARDINAL_WORDS}|a few|a couple of|several|a dozen|dozens|hundreds|thousands|millions|billions|a|an"
)
NUMBER = rf"(?:\d[\d,.]*\+?|(?:{NUMBER_WORDS}))"
_NUMBER_WORD_SET = frozenset(NUMBER_WORDS.split("|"))
# An article or "several" states no number of a counted thing: "a competing offer" is no count of
# offers, "an engineer" no number of panelists ("an hour" still states a duration: figure_kinds.py).
_COUNT_NUMBER_WORDS = _NUMBER_WORD_SET - {"a", "an", "several"}
_DIGIT = re.compile(r"(?<![\w.])\d[\d,.]*")
# A number joined to a time unit counts that unit: "1-hour on-site panel", "2-3 days", "15min call".
_TIME_WORD = re.compile(r"(?:minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?)$", re.I)
_TIMED_NUMBER = re.compile(r"\d[\d,.]*(?:min|mins|h|hr|hrs)$", re.I)
_WORD = re.compile(r"[A-Za-z0-9]+")
TIME_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?)"
UNIT_STEMS = frozenset(tokenize("minute minutes hour hours day days week weeks month months year years"))
UNIT_SHORT = {"yr": "year", "mo": "month", "wk": "week", "hr": "hour"}  # stems of "how many yrs exp"
ANYONE = frozenset(tokenize("people persons folks"))
# Counted by any noun for people ("1700 global employees"), yet content words of what a figure is about
_COUNTED_AS_PEOPLE = ANYONE | frozenset(tokenize("staff employees headcount"))
# "how many people …" is answered by a number of members, users, engineers… (nouns for people), as
# written: "engineering" shares the stem of "engineers" but counts no one ("3-4 months of engineering").
_PERSON_NOUNS = (
    "people persons folks members users engineers developers employees staff students learners "
    "subscribers followers attendees participants candidates applicants readers viewers"
).split()
_PERSONS = frozenset(_PERSON_NOUNS) | frozenset(w[:-1] for w in _PERSON_NOUNS if w.endswith("s"))
# "how many customers does X have" is answered by a number of clients, companies or teams ("trusted by over
# 3,000 accounting teams")
_COUNTED_AS_CUSTOMERS = frozenset(tokenize("customers clients"))
_CUSTOMERS = frozenset(
    "customers customer clients client companies company businesses teams organizations organisations brands "
    "enterprises merchants retailers".split()
)
# "how many ads" is answered by a number of postings, listings or job descriptions ("Generated from 895 job
# descriptions")
_POSTING_NOUNS = "ads adverts postings listings descriptions jobs openings vacancies posts".split()
_COUNTED_AS_POSTINGS = frozenset(tokenize(" ".join(_POSTING_NOUNS)))
_POSTINGS = frozenset(_POSTING_NOUNS) | frozenset(w[:-1] for w in _POSTING_NOUNS) | {"vacancy"}
COUNT_WINDOW = 3  # a count's number stands at most this many words from the counted word


def states_count(sentence: str, counted: str | None) -> bool:
    """Whether the sentence states a number of `counted` (a stem; any number when None): a number within
    COUNT_WINDOW words of it, or before it across names ("8 Grok API search results")."""
    spans = list(_WORD.finditer(sentence))
    raw = [m.group(0) for m in spans]
    words = [w.lower() for w in raw]
    number_words = _NUMBER_WORD_SET if counted is None else _COUNT_NUMBER_WORDS
    # A capitalised number word after a capitalised word is part of a name ("Capital One").
    numbers = [
        i
        for i, w in enumerate(words)
        if (_DIGIT.match(w) and sentence[spans[i].start() - 1 : spans[i].start()] != "/")  # not a path's
        or (w in number_words and not (i and raw[i][:1].isupper() and raw[i - 1][:1].isupper()))
    ]
    if counted is None or not numbers:
        return bool(numbers)
    if counted not in UNIT_STEMS:  # "2-3 days", "1-hour panel": a count of time, not of the noun beside
        numbers = [i for i in numbers if not _timed(words, i)]
    if counted in _COUNTED_AS_PEOPLE:
        near = [i for i, w in enumerate(words) if w in _PERSONS]
    elif counted in _COUNTED_AS_CUSTOMERS:
        near = [i for i, w in enumerate(words) if w in _CUSTOMERS]
    elif counted in _COUNTED_AS_POSTINGS:
        near = [i for i, w in enumerate(words) if w in _POSTINGS]
    else:
        near = [i for i, w in enumerate(words) if _first_stem(w) == counted]
    return any(
        abs(i - j) <= COUNT_WINDOW or _named_between(sentence, spans, i, j) for i in numbers for j in near
    )


def _timed(words: list[str], i: int) -> bool:
    """The number at `i` is of a time unit: one joined to it ("15min"), the next word, or the word after
    a range ("2-3 days", "2 to 3 weeks")."""
    if _TIMED_NUMBER.fullmatch(words[i]):
        return True
    after = words[i + 1 : i + 4]
    if after[:2] and after[0] == "to" and after[1][:1].isdigit():
        after = after[2:]
    elif after and after[0][:1].isdigit():  # "2-3 days": the range's second number
        after = after[1:]
    return bool(after) and bool(_TIME_WORD.fullmatch(after[0]))


def _named_between(sentence: str, spans: list[re.Match], number: int, noun: int) -> bool:
    """The number comes before the counted word, in one phrase, with names between it and the
    counted word that do not part them: "8 Grok API search results" ("20+ companies (Anthropic, …),
    multiple offers" counts companies)."""
    if number >= noun or re.search(r"[^\w\s-]", sentence[spans[number].end() : spans[noun].start()]):
        return False
    return sum(not m.group(0)[:1].isupper() for m in spans[number + 1 : noun]) < COUNT_WINDOW


@lru_cache(maxsize=65_536)
def _first_stem(word: str) -> str | None:
    stems = tokenize(word)
    return stems[0] if stems else None


# "a paid parental leave policy, after six months of employment": a wait before a benefit, not its length
_TENURE = re.compile(r"\s+of\s+(?:continuous\s+)?(?:employment|service|tenure)\b", re.I)


# "5 business days", "30 extra days", "10 paid sick days": the kind of time between a number and its unit
_KIND_OF_TIME = (
    r"(?:(?:business|working|calendar|consecutive|full|paid|unpaid|extra|sick|vacation|holiday|pto|personal|"
    r"volunteer(?:ing)?|parental|bereavement|wellness|floating)\s+){0,2}"
)


def states_duration(sentence: str, unit: str | None) -> bool:
    """Whether the sentence states a duration (in `unit`, or any time unit), not a wait of employment."""
    units = rf"(?:{TIME_UNIT}|hrs?|mins?)" if unit is None else _unit_pattern(unit)
    found = re.finditer(
        rf"\b{NUMBER}(?:\s*(?:-|–|to)\s*{NUMBER})?[\s-]*{_KIND_OF_TIME}{units}\b", sentence, re.I
    )
    return any(not _TENURE.match(sentence, m.end()) for m in found)


def _unit_pattern(unit: str) -> str:
    short = {"hour": "|hrs?", "minut": "|mins?"}.get(unit, "")
    return rf"(?:{unit}\w*{short})"
