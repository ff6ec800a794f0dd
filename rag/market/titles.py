"""Job titles as a filter: a role title in a question ("ML engineer", "staff AI engineer") is found by
the parser (`read_titles`) and read as the words a posting's title has, in that order. One reading of a
title phrase (`title_words`) and one pattern (`title_pattern`) serve the parser, the vocabulary's check
and DuckDB's filter; the answer says the reading (`title_note`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable

from rag.errors import UnknownValueError

# The noun that ends a role title, and its forms in postings' titles.
TITLE_NOUNS = {
    "engineer": "engineer", "engineers": "engineer", "engineering": "engineer", "developer": "developer",
    "developers": "developer", "scientist": "scientist", "scientists": "scientist",
    "researcher": "researcher", "researchers": "researcher", "architect": "architect",
    "architects": "architect",
}  # fmt: skip
_NOUN_FORMS = {
    "engineer": "engineer(?:s|ing)?", "developer": "developers?", "scientist": "scientists?",
    "researcher": "researchers?", "architect": "architects?",
}  # fmt: skip
# Words that name every posting (all are AI engineering roles): "staff AI engineer" is a staff engineer.
POPULATION_WORDS = {"ai", "genai", "gen-ai", "a.i", "artificial", "intelligence"}
# A title word and the spellings postings' titles use for it.
_WORD_FORMS = {
    "ml": "(?:ml|machine[^a-z0-9]*learning)", "llm": "llms?", "sr": "(?:senior|sr)",
    "fullstack": "full[^a-z0-9]*stack", "backend": "back[^a-z0-9]*end", "frontend": "front[^a-z0-9]*end",
    "mlops": "ml[^a-z0-9]*ops", "devops": "dev[^a-z0-9]*ops",
}  # fmt: skip
_JOINED = {"machine learning": "ml", "full stack": "fullstack", "back end": "backend",
           "front end": "frontend", "ml ops": "mlops", "dev ops": "devops", "llms": "llm"}  # fmt: skip
_SPLIT = re.compile(r"[^a-z0-9+#]+")
_EDGE = "[^a-z0-9]"


def title_words(phrase: str) -> list[str]:
    """The words of a title phrase as matched: lower case, spellings joined ("machine learning" -> ml),
    words that name every posting (AI) left out, the noun in its base form."""
    text = " " + " ".join(w for w in _SPLIT.split(phrase.lower()) if w) + " "
    for spelled, word in _JOINED.items():
        text = text.replace(f" {spelled} ", f" {word} ")
    words = [w for w in text.split() if w not in POPULATION_WORDS]
    return [TITLE_NOUNS.get(w, w) if i == len(words) - 1 else w for i, w in enumerate(words)]


def title_pattern(phrase: str) -> str:
    """A regular expression over a lower-cased title (DuckDB's and Python's alike): the phrase's words,
    whole, in order, anything between them."""
    parts = [
        _NOUN_FORMS.get(w) if w in _NOUN_FORMS else _WORD_FORMS.get(w, re.escape(w))
        for w in title_words(phrase)
    ]
    return f"(?:^|{_EDGE})" + f"{_EDGE}(?:.*{_EDGE})?".join(parts) + f"(?:{_EDGE}|$)"


_SHOWN = {"ml": "ML", "llm": "LLM", "fullstack": "full stack", "backend": "backend", "frontend": "frontend",
          "mlops": "MLOps", "devops": "DevOps", "nlp": "NLP", "sr": "senior"}  # fmt: skip


def shown_words(phrase: str) -> list[str]:
    """The words a title phrase is matched by, as an answer states them ("ML", "engineer")."""
    return [_SHOWN.get(w, w) for w in title_words(phrase)]


def shown(phrase: str) -> str:
    """The phrase as an answer states it: its words joined by "…" ("ML … engineer")."""
    return " … ".join(shown_words(phrase))


def matching(phrase: str, titles: Iterable[str]) -> int:
    """How many of the lower-cased `titles` the phrase matches."""
    pattern = re.compile(title_pattern(phrase))
    return sum(bool(pattern.search(t)) for t in titles)


def word_counts(titles: Iterable[str]) -> dict[str, int]:
    """Each word of the lower-cased titles and how many titles have it (`fieldguide market vocab title`)."""
    counts: Counter[str] = Counter()
    for t in titles:
        counts.update({w for w in _SPLIT.split(t) if w and any(c.isalpha() for c in w)})
    return dict(counts)


TITLE_NOTE = "Read {!r} as a job title: postings whose title has {}, in that order{}."
# Level words that are part of a job title when one follows ("staff AI engineer", "lead engineer").
TITLE_LEVELS = {"staff", "principal", "lead", "founding"}
# Words before a title noun that are no part of a title: quantities, verbs, the asker's own words.
NOT_TITLE = {
    "many", "more", "most", "all", "these", "those", "any", "new", "other", "every", "each", "such", "same",
    "good", "great", "best", "top", "typical", "average", "our", "your", "their", "my", "need", "needs",
    "hire", "hires", "hiring", "want", "wants", "become", "becoming", "get", "hired", "experienced",
    "titled", "called", "call", "calls", "named", "literally", "exactly", "as", "analyzed", "analysed",
    "sampled", "collected", "scraped", "tracked", "open", "current", "listed", "posted", "advertised",
    "different", "total", "there", "here",
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
