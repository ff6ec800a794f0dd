"""How a company's name is shown: as the posting gives it, less the stray punctuation a scrape left
("Visa Inc," -> "Visa Inc", "Solv." -> "Solv"), keeping the period of an abbreviation ("Snap Inc.");
and how it is read: its words without a legal suffix, and the words it may be shortened to."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Abbreviations that end a company's name with their own period.
ABBREVIATIONS = frozenset("inc ltd co corp plc pvt bros jr sr mfg intl assn dept".split())
_EDGE = ",;:-–—/|·"
_LAST_WORD = re.compile(r"([\w.]*)\.$")  # the word a final period ends ("" after a bracket)
NAME_WORD = re.compile(r"[a-z0-9]+")
HEAD_BREAK = re.compile(r"\s*(?::|[-–—]\s)")  # after a name heading a question: "sandboxaq: …", "x - …"
LEGAL = frozenset("inc ltd llc gmbh corp corporation co plc ag sa bv limited company".split())


def display_company(name: str | None) -> str:
    """`name` without leading or trailing stray punctuation and with its spaces collapsed."""
    text = " ".join(str(name or "").split())
    while True:
        before = text
        text = text.strip(_EDGE + " ")
        word = _LAST_WORD.search(text)
        if word and word[1].lower() not in ABBREVIATIONS and "." not in word[1]:
            text = text[:-1]
        if text == before:
            return text


def name_words(name: str) -> tuple[str, ...]:
    """The lower-case words of a company's name without its legal suffix ("Hiya Inc." -> hiya)."""
    words = NAME_WORD.findall(name.lower())
    while len(words) > 1 and words[-1] in LEGAL:
        words.pop()
    return tuple(words)


def short_name(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words a company's name may be shortened to: its first, or "the" and the next ("The Hartford")."""
    return words[:2] if words[0] == "the" else words[:1]


# The US states' and DC's postal codes: "Charlotte, NC" names a city with its state.
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
    "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
_STATE_AFTER_PLACE = re.compile(r"\b[A-Z][a-z]+,\s*([A-Z]{2})\b")  # "Charlotte, NC"


def state_spans(text: str) -> list[tuple[int, int]]:
    """Where a US state's code follows a place's name ("Charlotte, NC"): it says which place, no
    content of its own to look for."""
    return [m.span(1) for m in _STATE_AFTER_PLACE.finditer(text) if m.group(1) in US_STATES]


# Words of hiring after an employer's name: "ovative interview rounds", "does symbolica do a take-home"
HIRING_WORDS = frozenset(
    "interview interviews interviewing hiring recruitment recruiting onsite take references referees "
    "background trial".split()
)


def hiring_after(words: Sequence[str], start: int, end: int) -> bool:
    """A word of hiring follows the name at words[start:end] heading the question, or soon after "does"
    ("yotta hiring process", "does symbolica do a take-home")."""
    after = words[end : end + 1] if start == 0 else words[end : end + 3] if words[start - 1] == "does" else []
    return not HIRING_WORDS.isdisjoint(after)


_ACTS = frozenset({"offers", "pays", "hires", "sponsors", "relocates"})
_DOES = frozenset({"does", "did", "would", "will", "could", "can"})


def employer_acts(words: Sequence[str], start: int, end: int) -> bool:
    """What an employer does follows the name at words[start:end], in any case: "if anthropic offers me",
    "would anthropic sponsor" (not "thirdlaw pay benchmarking", "finds nothing - interview q")."""
    verb = words[end] if end < len(words) else ""
    return verb in _ACTS or (start > 0 and words[start - 1] in _DOES and f"{verb}s" in _ACTS)
