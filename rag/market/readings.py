"""How the parser read a question's words, said in the answer: a level word that is not the data's level
name ("lead" as Expert/Leader), a role title the data cannot filter on ("ML engineer jobs"), and a city typed
as its common abbreviation ("sf") that no posting is located in."""

from __future__ import annotations

from rag.errors import UnknownValueError

TITLE_NOTE = (
    "The data has no filter for job titles: {!r} is not applied, so the figures are over all postings "
    "that match the rest of the question."
)
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


TITLE_NOUNS = {"engineer", "engineers", "engineering", "developer", "developers", "scientist", "scientists"}
# Words before a title noun that leave the data's own population (AI engineering postings) as it is.
POPULATION_WORDS = {"ai", "genai", "gen-ai", "many", "more", "most", "all", "these", "those", "any", "new"}


def title_notes(ex, stopwords: set[str]) -> None:
    """Say that a role title ("ML engineer jobs", "data engineer roles") is not filtered on: up to two words
    before a title noun that no value matched and that are no stop word; "AI engineer" is every posting."""
    covered = {i for m in ex.mentions for i in range(m.start, m.end)}
    for end, token in enumerate(ex.tokens):
        if token not in TITLE_NOUNS:
            continue
        start = end
        while start > 0 and end - start < 2 and start - 1 not in covered:
            word = ex.tokens[start - 1]
            if word in stopwords or word in POPULATION_WORDS or not any(c.isalpha() for c in word):
                break
            start -= 1
        if start < end:
            ex.notes.append(TITLE_NOTE.format(" ".join(ex.raw_tokens[start : end + 1])))


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
