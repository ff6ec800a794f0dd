"""How the parser read a question's words, said in the answer: a level word that is not the data's level
name ("lead" as Expert/Leader), an employer named after "postings at" ("Google"), and a city typed as its
common abbreviation ("sf") that no posting is located in. Role titles are read in rag/market/titles.py."""

from __future__ import annotations

from rag.errors import UnknownValueError
from rag.market.cues import HIRING, OPENERS

LEVEL_NOTE = "Read {} as the level {}: the data's levels are Entry, Mid, Senior and Expert/Leader."
# Words that name a level plainly; "lead", "principal", "staff" are read as Expert/Leader, said in a note.
PLAIN_LEVEL_WORDS = {
    "senior", "seniors", "junior", "juniors", "entry", "entry-level", "entry level", "graduate", "graduates",
    "mid", "mid-level", "mid level", "midlevel", "intermediate", "expert", "leader", "leaders",
}  # fmt: skip
# Abbreviations typed for a city; the parser's aliases hold those whose city some posting is in.
CITY_ABBREVIATIONS = {
    "sf": "San Francisco", "nyc": "New York", "la": "Los Angeles", "ny": "New York", "dc": "Washington",
    "ldn": "London", "blr": "Bengaluru", "hyd": "Hyderabad", "chi": "Chicago", "atx": "Austin",
}  # fmt: skip
CASED_ONLY = ("la", "ny", "chi")  # common words or syllables in lower case: a city only as "LA", "NY"


EMPLOYER_NOUNS = {"postings", "posting", "jobs", "job", "roles", "role", "positions", "openings", "listings",
                  "vacancies", "work", "engineers"}  # fmt: skip
OWNER_SKILL_MAX = 20  # "does Google have": a skill at most this many postings list may be an employer's name
ADVERBS = frozenset({"still", "now", "ever", "already", "also", "even"})  # adverbs not ending in -ly


def adverb(raw: str) -> bool:
    """ "list explicitly", "asked mostly", "still": a lower-case adverb names no value ("Plotly" may)."""
    return raw in ADVERBS or raw.islower() and raw.endswith("ly") and len(raw) > 4


def next_word(tokens: list[str], raw: list[str], i: int) -> str:
    """The token at or after i that is no adverb ("hiring" of "is Scale AI still hiring"); "" at the end."""
    while i < len(tokens) - 1 and adverb(raw[i]):
        i += 1
    return tokens[i] if i < len(tokens) else ""


def employers_named(ex, vocab) -> None:
    """A capitalised skill right after "postings at / jobs from", asked of as hiring ("is Google
    still hiring?", "does Google hire") or as the one who has the postings ("how many jobs does Google
    have?"), names an employer ("how many postings at Google"), not the skill: no posting is from it
    when no company has that name."""
    for m in [m for m in ex.mentions if m.field == "skill"]:
        hiring = (
            m.start == 1 and ex.tokens[0] in OPENERS and next_word(ex.tokens, ex.raw_tokens, m.end) in HIRING
        )
        at = (
            m.start >= 2
            and ex.tokens[m.start - 1] in ("at", "from")
            and ex.tokens[m.start - 2] in EMPLOYER_NOUNS
        )
        # "how many postings does Google have?": the postings it has, as their employer; a skill many
        # postings list ("how many jobs does Python have?") stays the skill
        has = (
            m.start >= 3
            and ex.tokens[m.start - 1] in ("does", "did")
            and next_word(ex.tokens, ex.raw_tokens, m.end) in ("have", "has")
            and ex.tokens[m.start - 2] in EMPLOYER_NOUNS
            and vocab.counts["skill"].get(m.value, 0) <= OWNER_SKILL_MAX
        )
        if not (hiring or at or has):
            continue
        if not m.text[:1].isupper():
            continue
        ex.mentions.remove(m)
        suggestions = vocab.suggest("company", m.text.lower())
        ex.unknown.append(UnknownValueError("company", m.text, suggestions, "is from the company"))


def level_notes(ex) -> None:
    """A note for each level read from words that are no plain name of it ("lead or principal")."""
    typed: dict[str, list[str]] = {}
    for m in ex.mentions:
        if m.field != "level" or m.corrected:
            continue
        if m.text.lower() not in PLAIN_LEVEL_WORDS:
            typed.setdefault(str(m.value), []).append(repr(m.text))
    for value, texts in typed.items():
        ex.notes.append(LEVEL_NOTE.format(" or ".join(dict.fromkeys(texts)), value))


def unknown_abbreviation(ex, i: int, vocab) -> bool:
    """A city abbreviation after "in" whose city no posting is in ("jobs in sf"): recorded as an unknown
    city (the question gets "no posting is located in …"); False when token i is no such abbreviation."""
    token, raw = ex.tokens[i], ex.raw_tokens[i]
    if i == 0 or ex.tokens[i - 1] != "in" or token not in CITY_ABBREVIATIONS:
        return False
    if token in CASED_ONLY and not raw.isupper():
        return False
    city = CITY_ABBREVIATIONS[token]
    if city in vocab.counts["city"]:
        return False  # the parser's own aliases read it as the city
    ex.unknown.append(UnknownValueError("city", city, vocab.suggest("city", city.lower()), "is located in"))
    return True


# Country adjectives that also name a language: "German language skills", "fluent Dutch", "require German?"
LANGUAGE_GAP = "language requirements"  # what the data does not record of them (cues.NOT_RECORDED)
LANGUAGE_DEMONYMS = frozenset({"german", "dutch"})
_LANGUAGE_AFTER = frozenset(
    {"language", "languages", "speaker", "speakers", "speaking", "fluency", "proficiency"}
)
_LANGUAGE_BEFORE = frozenset({"fluent", "speak", "speaks", "speaking", "native"})
_DEMANDS = frozenset({"require", "requires", "need", "needs", "want", "wants", "for", "mention", "mentions"})
_JOINS = frozenset({"or", "and", "and/or"})


def as_language(tokens: list[str], i: int) -> bool:
    """The country adjective at tokens[i] names a language ("German or Dutch language skills", "fluent
    German", "how many postings require Dutch"), not the postings' country ("German AI jobs")."""
    if tokens[i] not in LANGUAGE_DEMONYMS:
        return False
    first, j = i, i + 1
    while first >= 2 and tokens[first - 1] in _JOINS and tokens[first - 2] in LANGUAGE_DEMONYMS:
        first -= 2
    while j + 1 < len(tokens) and tokens[j] in _JOINS and tokens[j + 1] in LANGUAGE_DEMONYMS:
        j += 2
    before = tokens[first - 1] if first else ""
    if j == len(tokens):  # last: "does the posting require German"
        return before in _DEMANDS | _LANGUAGE_BEFORE
    return tokens[j] in _LANGUAGE_AFTER or before in _LANGUAGE_BEFORE
