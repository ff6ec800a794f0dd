"""Acronyms and short forms employers are known by: the initials of their names that their own postings write
("WWT" for World Wide Technology, "Amex GBT" for American Express Global Business Travel), two words'
initials joined by "&" ("J&J" for Johnson & Johnson), a first word joined by "-" or "&" ("T-Systems",
"S&P"), a city it opens with shortened ("NY Life"), "and" written "&" ("Code & Theory"), the two words a
bracketed web name joins ("seek insights" for "Seek (seekinsights.com)") and those of a one-word name in
camel case ("sumer sports" for "SumerSports"), read by the catalog as names of them (rag/index/catalog.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from rag.index.text_tokens import tokenize
from rag.names import ABBREVIATIONS, LEGAL, NAME_WORD, name_words
from rag.records import Chunk

if TYPE_CHECKING:  # the catalog builds its companies, then reads their acronyms here
    from rag.index.catalog import Company

ACRONYM_MIN = 3  # an acronym of fewer letters (two words' initials) may stand for anything
HYPHENED_MIN = 4  # letters of a hyphened first word that is a name's short form ("P-1" is too short)
_AND_NAME = re.compile(r"([A-Za-z]+) & ([A-Za-z]+)\b")  # "Johnson & Johnson": known as "J&J"
_JOINED_FIRST = re.compile(r"[A-Za-z0-9]+(?:[-&][A-Za-z0-9]+)+(?=\s)")  # "T-Systems ICT …", "S&P Global"
_NO_INITIAL = LEGAL | ABBREVIATIONS | frozenset("the of and for in at".split())


def acronyms(words: tuple[str, ...]) -> list[str]:
    """The initials of a name's last three or more words, longest first ("World Wide Technology": wwt;
    "American Express Global Business Travel": aegbt, egbt, gbt), legal words and "of" left out."""
    kept = [w for w in words if w not in _NO_INITIAL and not w.isdigit()]
    return ["".join(w[0] for w in kept[-n:]) for n in range(len(kept), ACRONYM_MIN - 1, -1)]


def ampersand_initials(companies: Iterable[Company]) -> list[tuple[tuple[str, str], Company]]:
    """The initials of a name of two words joined by "&" ("Johnson & Johnson": j, j), a name only when the
    question writes the "&" ("J&J"; "c/c++" is no "C&C")."""
    out = []
    for company in companies:
        if m := _AND_NAME.match(company.name):
            out.append(((m.group(1)[0].lower(), m.group(2)[0].lower()), company))
    return out


def joined_first_words(
    companies: dict[tuple[str, ...], Company],
) -> list[tuple[tuple[str, ...], Company, bool]]:
    """A first word joined by "-" or "&" that shortens a longer name ("T-Systems" for "T-Systems ICT India
    Pvt. Ltd.", "S&P" for "S&P Global"), with whether it is joined by "&" (then written with it)."""
    out = []
    for key, company in companies.items():
        first = _JOINED_FIRST.match(company.name)
        short = tuple(NAME_WORD.findall(first.group(0).lower())) if first else ()
        if not 1 < len(short) < len(key):
            continue
        ampersand = "&" in first.group(0)
        if ampersand or len("".join(short)) >= HYPHENED_MIN:
            out.append((short, company, ampersand))
    return out


def and_as_ampersand(
    companies: dict[tuple[str, ...], Company],
) -> list[tuple[tuple[str, ...], Company, bool]]:
    """A name of two words joined by "and", as written with "&" instead ("Code & Theory" for "Code and
    Theory"): read only where the question writes the "&" (`True`, as for "J&J")."""
    return [
        ((key[0], key[2]), company, True)
        for key, company in companies.items()
        if len(key) == 3 and key[1] == "and"
    ]


# A city a name opens with, as people shorten it ("NY Life" for "New York Life Insurance Company")
_CITY_SHORT = {("new", "york"): "ny", ("los", "angeles"): "la", ("san", "francisco"): "sf"}


def city_shortened(companies: dict[tuple[str, ...], Company]) -> list[tuple[tuple[str, ...], Company, bool]]:
    """A name's first words with the city it opens with shortened ("ny life"), as `joined_first_words`
    gives them (never joined by "&")."""
    return [
        ((_CITY_SHORT[key[:2]], *key[2:3]), company, False)
        for key, company in companies.items()
        if key[:2] in _CITY_SHORT and len(key) > 2
    ]


# "Seek (seekinsights.com)", "10x (10xconstruction.ai)"
_BRACKET_NAME = re.compile(r"\(\s*([0-9]*[A-Za-z][A-Za-z0-9]*)(?:\.[a-z]+)?\s*\)?\s*\.?$")
SPLIT_MIN = 4  # letters of each word a bracketed name splits into ("seek", "insights"; not "its", "a")


def bracketed_words(
    companies: dict[tuple[str, ...], Company], known: Callable[[str], bool]
) -> list[tuple[tuple[str, ...], Company, bool]]:
    """The two words, each a word of the corpus, that a company's bracketed web name joins ("seek insights"
    for "Seek (seekinsights.com)", "trellis connect" for "Trellis (Trellisconnect)"), as
    `joined_first_words` gives them (never joined by "&")."""
    out = []
    for company in companies.values():
        m = _BRACKET_NAME.search(company.name)
        joined = m.group(1).lower() if m else ""
        for i in range(SPLIT_MIN, len(joined) - SPLIT_MIN + 1):
            pair = (joined[:i], joined[i:])
            if all(known(s) for w in pair for s in tokenize(w) or [w]):
                out.append((pair, company, False))
                break
    return out


def web_name_keys(name: str) -> list[tuple[str, ...]]:
    """A company's bracketed web name as written, a name of no other thing ("trellisconnect" for "Trellis
    (Trellisconnect)", "sapien.ai" for "Sapien (sapien.ai)"), and without its domain ("weareplanet")."""
    m = _BRACKET_NAME.search(name)
    words = tuple(NAME_WORD.findall(m[0].lower())) if m else ()
    return [words, *([(words[0],)] if len(words) > 1 else [])] if words else []


def web_names(companies: dict[tuple[str, ...], Company]) -> list[tuple[tuple[str, ...], Company]]:
    """`web_name_keys` of every company, each with its company."""
    return [(key, c) for c in companies.values() for key in web_name_keys(c.name)]


_CAMEL = re.compile(rf"[A-Z][a-z]{{{SPLIT_MIN - 1},}}")


def camel_words(name: str) -> tuple[str, ...]:
    """The two words a one-word name in camel case joins ("sumer", "sports" of "SumerSports"), or ()."""
    parts = _CAMEL.findall(name)
    one_word = len(name_words(name)) == 1 and "".join(parts) == name.split()[0]
    return tuple(p.lower() for p in parts) if len(parts) == 2 and one_word else ()


def camel_split(companies: dict[tuple[str, ...], Company]) -> list[tuple[tuple[str, ...], Company, bool]]:
    """`camel_words` of each company, as `joined_first_words` gives them (the catalog drops those the
    guide's pages write: "high level")."""
    return [(words, c, False) for c in companies.values() if (words := camel_words(c.name))]


def short_forms(
    companies: dict[tuple[str, ...], Company], known: Callable[[str], bool]
) -> list[tuple[tuple[str, ...], Company, bool]]:
    """Every short form above: `joined_first_words`, `bracketed_words`, `camel_split` and `city_shortened`."""
    return [
        *joined_first_words(companies),
        *bracketed_words(companies, known),
        *camel_split(companies),
        *city_shortened(companies),
        *and_as_ampersand(companies),
    ]


def written_acronyms(
    chunks: Sequence[Chunk],
    companies: dict[tuple[str, ...], Company],
    before_min: int,
    rows_with: Callable[[str], Iterable[int]] | None = None,
) -> dict[tuple[str, ...], Company]:
    """Acronyms of employers' names (`acronyms`) that their own postings write in capitals at
    least as often as other chunks do ("WWT" in World Wide Technology's postings; "CTC" is no employer's,
    other postings write it far more), and a word their postings write before one at least `before_min`
    times ("Amex GBT"): name words -> the company. `rows_with`: the positions of the chunks that have a
    stem (the index's, BM25Index.rows_with), so that only those are read; all chunks without it."""
    candidates = {a.upper(): key for key in companies for a in acronyms(key)}
    own: dict[str, int] = defaultdict(int)
    other: dict[str, int] = defaultdict(int)
    before: dict[tuple[str, str], int] = defaultdict(int)
    for a, key in candidates.items():
        rows = (
            range(len(chunks)) if rows_with is None else {int(r) for s in tokenize(a) for r in rows_with(s)}
        )
        written = re.compile(rf"\b(?:([A-Z][a-z]+) )?{a}\b")  # "WWT", "Amex GBT"
        for row in rows:
            c = chunks[row]
            if a not in c.text or not (words := written.findall(c.text)):
                continue
            if c.kind == "posting" and name_words(str(c.metadata.get("company") or "")) == key:
                own[a] += 1
                for w in filter(None, words):
                    before[w, a] += 1
            else:
                other[a] += 1
    found = {a for a in own if other[a] <= own[a]}
    out = {(a.lower(),): companies[candidates[a]] for a in found}
    for (w, a), n in before.items():
        if a in found and n >= before_min:
            out[w.lower(), a.lower()] = companies[candidates[a]]
    return out
