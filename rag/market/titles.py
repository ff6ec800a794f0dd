"""Job titles as a filter: a role title in a question ("ML engineer", "staff AI engineer") is read as
the words a posting's title has, in that order. One reading of a title phrase (`title_words`) and one
pattern (`title_pattern`) serve the question's parser, the vocabulary's check and DuckDB's filter."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

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
