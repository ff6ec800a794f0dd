"""Words that narrow the postings a count or share is about but that the parser read no value in.

"How many of the LLM-focused roles also expect web development skills?" names its postings (the
LLM-focused roles) with a word no field of the data holds, so a figure over all postings would answer
another question; "how many of the 'AI engineer' jobs were really old-school ML?" says what the
counted postings are in words the data does not hold, so the count of every posting answers nothing.
Such a question is the guide's (whose pages may give the figure), not the table's.
"""

from __future__ import annotations

from rag.market.cues import POSTING_WORDS, STOPWORDS
from rag.market.parser import Extraction

# "how many of the", "what share of these": a part of some postings is asked for
PARTITIVES = ("many of", "number of", "share of", "percentage of", "percent of", "proportion of",
              "fraction of", "portion of", "part of")  # fmt: skip
DETERMINERS = {"the", "these", "those", "all", "our"}
COPULAS = {"are", "is", "were", "was"}
HEDGES = {"really", "actually", "truly", "just", "mostly", "still", "all", "now"}
# Words that only say the postings are the field's (every posting is an AI engineering one)
GENERIC = {"ai", "ml", "llm", "llms", "genai", "gen", "engineer", "engineers", "engineering", "software",
           "tech", "job", "open", "current", "listed", "posted", "advertised", "there", "here",
           "different", "total", "analyzed", "analysed", "sampled", "collected", "scraped",
           "tracked"}  # fmt: skip
MAX_MODIFIERS = 4  # words between "of the" and the posting noun


def unread_restriction(ex: Extraction, counts_all: bool) -> str | None:
    """The words that say which postings are counted and that no recognised value covers: a modifier
    of the posting noun after a partitive ("of the LLM-focused roles"), or, when every posting would
    be counted (`counts_all`), what the counted postings are said to be ("jobs were really old-school
    ML"). None when the figure is over the postings the question names."""
    taken = {i for m in ex.mentions for i in range(m.start, m.end)}
    t = ex.tokens
    for cue in PARTITIVES:
        first, second = cue.split()
        for i in range(len(t) - 1):
            if (t[i], t[i + 1]) != (first, second):
                continue
            j = i + 2 + (i + 2 < len(t) and t[i + 2] in DETERMINERS)
            noun = next(
                (k for k in range(j, min(j + MAX_MODIFIERS + 1, len(t))) if t[k] in POSTING_WORDS), None
            )
            if noun is None:
                continue
            modifiers = [t[k] for k in range(j, noun) if k not in taken and _content(t[k])]
            if modifiers:
                return " ".join(ex.raw_tokens[j:noun])
            said = _said_of(ex, noun, taken) if counts_all else None
            if said:
                return said
    return None


def _said_of(ex: Extraction, noun: int, taken: set[int]) -> str | None:
    """ "jobs were really old-school ML": the first words after the posting noun and a copula, when
    they are no recognised value."""
    t = ex.tokens
    k = noun + 1
    if k >= len(t) or t[k] not in COPULAS:
        return None
    k += 1
    while k < len(t) and t[k] in HEDGES:
        k += 1
    end = k
    while end < len(t) and end not in taken and (_content(t[end]) or t[end] in GENERIC):
        end += 1
    words = [w for w in t[k:end] if w not in GENERIC]
    return " ".join(ex.raw_tokens[k:end]) if words else None


def _content(word: str) -> bool:
    return (
        word not in STOPWORDS
        and word not in GENERIC
        and word not in POSTING_WORDS
        and word.isascii()
        and any(c.isalpha() for c in word)
    )


def kind_of_skills(ex: Extraction, category: dict[str, str | None]) -> str | None:
    """ "web development skills": a skill named as a kind of skills, whose name is its own category's
    ("Web development" is in the category web). Postings list the kind by many names (React,
    FastAPI...), so the postings that list the one skill of that name are not what is asked."""
    for m in ex.mentions:
        if m.field != "skill" or m.end >= len(ex.tokens) or ex.tokens[m.end] not in ("skills", "skill"):
            continue
        kind = category.get(str(m.value))
        if kind and ex.tokens[m.start] == kind and m.end - m.start > 1:
            return f"{m.text} skills"
    return None
