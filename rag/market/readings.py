"""How the parser read a question's words, said in the answer: a level word that is not the data's level
name ("lead" as Expert/Leader), a role title read as the words of postings' titles ("ML engineer jobs"), and a
city typed as its common abbreviation ("sf") that no posting is located in."""

from __future__ import annotations

from collections.abc import Collection

from rag.errors import UnknownValueError
from rag.market.titles import POPULATION_WORDS, TITLE_NOUNS, shown_words, title_words

TITLE_NOTE = "Read {!r} as a job title: postings whose title has {}, in that order{}."
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


# Level words that are part of a job title when one follows ("staff AI engineer", "lead engineer").
TITLE_LEVELS = {"staff", "principal", "lead", "founding"}
# Words before a title noun that are no part of a title: quantities, verbs, the asker's own words.
NOT_TITLE = {
    "many", "more", "most", "all", "these", "those", "any", "new", "other", "every", "each", "such", "same",
    "good", "great", "best", "top", "typical", "average", "our", "your", "their", "my", "need", "needs",
    "hire", "hires", "hiring", "want", "wants", "become", "becoming", "get", "hired", "experienced",
    "titled", "called", "named", "literally", "exactly", "as", "analyzed", "analysed", "sampled",
    "collected", "scraped", "tracked", "open", "current", "listed", "posted", "advertised", "different",
    "total", "there", "here",
}  # fmt: skip
MAX_TITLE_WORDS = 3  # words before the title noun


def title_spans(ex, stopwords: set[str], known: Collection[str] = ()) -> list[tuple[int, int]]:
    """(start, end) token spans of the role titles a question names ("ML engineer", "staff AI engineer"):
    a title noun and up to MAX_TITLE_WORDS words before it that no value other than a title's level
    word matched, each but the one next to the noun a word of some posting's title (`known`, when
    given: "analyzed AI engineering jobs"); a span whose words all name every posting ("AI engineer")
    is none."""
    levels = {i for m in ex.mentions if m.field == "level" and m.text.lower() in TITLE_LEVELS
              for i in range(m.start, m.end)}  # fmt: skip
    covered = {i for m in ex.mentions for i in range(m.start, m.end)} - levels
    spans = []
    for end, token in enumerate(ex.tokens):
        if token not in TITLE_NOUNS or end in covered:
            continue
        start = end
        while start > 0 and end - start < MAX_TITLE_WORDS and start - 1 not in covered:
            word = ex.tokens[start - 1]
            if word in stopwords or word in NOT_TITLE or not any(c.isalpha() for c in word):
                break
            if known and start < end and word not in known and word not in POPULATION_WORDS:
                break  # the word next to the noun may be one no title has: "quantum engineer" is unknown
            start -= 1
        if title_words(" ".join(ex.tokens[start : end + 1])) != [TITLE_NOUNS[token]]:
            spans.append((start, end + 1))
    return spans


def title_note(raw: str) -> str:
    """How a title phrase was read, said in the answer ("Read 'staff AI engineer' as a job title: …")."""
    asides = ["'ML' also as 'Machine Learning'"] if "ml" in title_words(raw) else []
    if any(w.lower() in POPULATION_WORDS for w in raw.split()):
        asides.append("'AI' left out: every posting is an AI engineering role")
    words = " … ".join(map(repr, shown_words(raw)))
    return TITLE_NOTE.format(raw, words, f" ({'; '.join(asides)})" if asides else "")


def read_titles(ex, stopwords: set[str], vocab, mention) -> None:
    """Each role title of the question as a `title` mention (made by `mention`, the parser's class) with
    its reading said, in place of a level word it holds ("staff"); a title no posting has is unknown."""
    for start, end in title_spans(ex, stopwords, vocab.title_vocabulary):
        raw = " ".join(ex.raw_tokens[start:end])
        ex.mentions = [m for m in ex.mentions if not (m.field == "level" and start <= m.start < end)]
        if vocab.titled(raw):
            ex.mentions.append(mention("title", raw, start, end, raw))
            ex.notes.append(title_note(raw))
        else:
            ex.unknown.append(UnknownValueError("title", raw, [], "has a title with"))
    ex.mentions.sort(key=lambda m: m.start)


EMPLOYER_NOUNS = {"postings", "posting", "jobs", "job", "roles", "role", "positions", "openings", "listings",
                  "vacancies", "work", "engineers"}  # fmt: skip


def employers_named(ex, vocab) -> None:
    """A capitalised skill right after "postings at / jobs from" names an employer ("how many postings
    at Google"), not the skill: no posting is from it when no company has that name."""
    for m in [m for m in ex.mentions if m.field == "skill" and m.start >= 2]:
        if ex.tokens[m.start - 1] not in ("at", "from") or ex.tokens[m.start - 2] not in EMPLOYER_NOUNS:
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
