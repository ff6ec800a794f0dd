"""A question that names one posting: its employer's name, however it is spelt, and its title's words.

"drata senior applied AI engineer", "Future plc AI engineer open platform", "candid health AI/ML
engineer", "Mozilla staff SWE AI & automation": a job seeker names a posting by its employer (lower
case, without the "Inc." or "(futureplc.com)" the postings give, or by the first word of a longer
name: "teladoc" for "Teladoc Health") and by most of its title's words (abbreviated: "sr", "SWE").
Neither alone is enough: "future" or "notion" is a common word and "AI engineer" names hundreds of
postings, but an employer's name followed by the words of one of ITS titles names that posting. The
market router (a named posting is answered from its text, not a table) and retrieval's company routing
(rag/index/catalog.py) both ask this.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rag.index.text_tokens import tokenize
from rag.names import NAME_WORD, name_words, short_name
from rag.places import city_at
from rag.records import Chunk
from rag.shorthand import SHORTHAND

TITLE_WORD_EMPLOYERS = 3  # a word in this many employers' job titles is a title word ("senior", "ai")
TITLE_COVER = 0.75  # the share of a title's words the question must have (evals/README.md, posting12)
# ... or this many words right after the name, each one of the title's ("Particle Health senior backend
# tech lead (AI)" for "Senior Software Engineer (Backend, Tech Lead - AI-Enabled Systems)")
TITLE_RUN = 4
TITLE_OPENING = 3  # ... or the title's first words, in order, right after the name
NAME_RUN = 3  # the first words of a longer name that name it ("New York Life" for "... Insurance Company")
NEAR = 3  # words from an employer's name to the nearest word of its title, at most
SHORT_MIN = 4  # letters the first word of a longer name needs to name it alone ("teladoc", not "the")
_WORD = re.compile(r"[a-z0-9]+")
_EMPLOYER_CUES = frozenset(("at", "for", "with", "from", "by"))  # "AI engineer at X": X employs
_BRACKETED = re.compile(r"\([^)]*\)")
# How titles are shortened in questions, read as the title's own words.
_SHORT = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "swe": "software engineer",
    "sde": "software development engineer",
    "mle": "machine learning engineer",
    "ml": "machine learning",
    "eng": "engineer",
    "dev": "developer",
    "fullstack": "full stack",
    "genai": "generative ai",
    "ops": "operations",
}


def _spelled_out(text: str) -> str:
    """`text` with each shortened title word followed by its long form ("SWE" -> "swe software engineer")."""
    return " ".join(f"{w} {_SHORT[w]}" if w in _SHORT else w for w in _WORD.findall(text.lower()))


def _long_form(text: str) -> list[str]:
    """The stemmed words of `text` in order, each shortened title word in its long form only ("Sr AI
    Engineer": senior, ai, engin), so that a title's opening words compare with a question's."""
    return tokenize(" ".join(_SHORT.get(w, w) for w in _WORD.findall(text.lower())))


def title_terms(text: str) -> frozenset[str]:
    """The stemmed words of a title or question, short forms spelt out ("ML" also as machine learning)."""
    return frozenset(tokenize(_spelled_out(text)))


def name_keys(company: str) -> list[tuple[str, ...]]:
    """The word runs that name `company` in a question: its name without a bracketed part or legal
    suffix ("Hiya Inc." -> hiya), the first NAME_RUN words of a longer one, and its first word (or
    "the" and the next) when that is at least SHORT_MIN letters."""
    words = name_words(_BRACKETED.sub(" ", company)) or name_words(company)
    if not words:
        return []
    keys = [words]
    if len(words) > NAME_RUN:
        keys.append(words[:NAME_RUN])
    first = short_name(words)
    if len(words) > len(first) and len(first[-1]) >= SHORT_MIN:
        keys.append(first)
    return keys


@dataclass(frozen=True)
class NamedPosting:
    """A posting the question names: its employer, its title and the share of the title it covers."""

    company: str
    title: str
    cover: float


class PostingNames:
    """Every posting's employer and title, looked up by the words of a question."""

    def __init__(self, postings: Iterable[tuple[str, str]]):
        self._titles: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)  # company -> title -> terms
        self._keys: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._full: set[tuple[str, ...]] = set()  # the keys that are a company's whole name
        for company, title in postings:
            if not company or not title:
                continue
            self._titles[company].setdefault(title, title_terms(title))
            keys = name_keys(company)
            self._full.update(keys[:1])
            for key in keys:
                self._keys[key].add(company)

    def named(self, question: str) -> list[NamedPosting]:
        """The best-covered posting of each company the question names as an employer beside one of its
        titles (a title word at most NEAR words after the name, or before "at X" / "for X": not "do
        AI engineers still use LangChain?"), the title covered to at least TITLE_COVER by the
        question's words outside the name, best first; a company named by its full name puts out one
        named only by its first word ("Seek ... applied AI" is not Applied Systems)."""
        words = _WORD.findall(question.lower())
        found: dict[str, tuple[bool, NamedPosting]] = {}
        for i in range(len(words)):
            for n in range(min(5, len(words) - i), 0, -1):
                run = tuple(words[i : i + n])
                if run not in self._keys:
                    continue
                rest = title_terms(" ".join(words[:i] + words[i + n :]))
                near = words[i + n : i + n + NEAR]
                if i and words[i - 1] in _EMPLOYER_CUES:
                    near += words[max(0, i - 1 - NEAR) : i - 1]
                near = title_terms(" ".join(near))
                for company in self._keys[run]:
                    best = self._best(company, rest)
                    if best is not None and best.cover < TITLE_COVER:
                        best = self._run_after(company, words[i + n :]) or best
                    if (
                        best is None
                        or best.cover < TITLE_COVER
                        or not near & self._titles[company][best.title]
                    ):
                        continue
                    full = run in self._full
                    if company not in found or (full, best.cover) > (
                        found[company][0],
                        found[company][1].cover,
                    ):
                        found[company] = (full, best)
        if any(full for full, _ in found.values()):
            found = {c: v for c, v in found.items() if v[0]}
        return sorted((p for _, p in found.values()), key=lambda p: (-p.cover, p.company))

    def _run_after(self, company: str, after: list[str]) -> NamedPosting | None:
        """The company's title whose words the TITLE_RUN or more words right after its name all are, or
        whose TITLE_OPENING or more first words they are, in order ("outreach forward deployed engineer -
        …" for "Forward Deployed Engineer, AI Revenue Agents"), a city before them aside ("visa bengaluru lead
        ai eng")."""
        after = after[city_at(after, 0) :]
        said = _long_form(" ".join(after))
        for title, title_words in self._titles[company].items():
            run = 0
            for word in after:
                terms = title_terms(_SHORT.get(word, word))
                if terms and not terms <= title_words:
                    break
                run += bool(terms)
            opening = _long_form(title)[:TITLE_OPENING]
            if run >= TITLE_RUN or (len(opening) == TITLE_OPENING and said[:TITLE_OPENING] == opening):
                return NamedPosting(company, title, TITLE_COVER)
        return None

    def _best(self, company: str, terms: frozenset[str]) -> NamedPosting | None:
        best = None
        for title, title_words in self._titles[company].items():
            if not title_words:
                continue
            cover = len(title_words & terms) / len(title_words)
            if best is None or cover > best.cover:
                best = NamedPosting(company, title, round(cover, 4))
        return best


def posting_titles(chunks: Sequence[Chunk]) -> set[tuple[str, str]]:
    """(company, title) of every posting: a posting chunk's title is "<title> at <company>"."""
    return {
        (company, c.title.removesuffix(f" at {company}"))
        for c in chunks
        if c.kind == "posting" and (company := str(c.metadata.get("company") or ""))
    }


def title_words(titles: set[tuple[str, str]]) -> tuple[frozenset[str], frozenset[str]]:
    """(words in the job titles of at least TITLE_WORD_EMPLOYERS employers, the words that open them):
    "Junior" opens other employers' titles, so the employer named Junior is not every junior role."""
    anywhere: dict[str, set[str]] = defaultdict(set)
    opening: dict[str, set[str]] = defaultdict(set)
    for company, title in titles:
        words = NAME_WORD.findall(title.lower())
        for w in words:
            anywhere[w].add(company)
        if words:
            opening[words[0]].add(company)
    common = {w for w, cs in anywhere.items() if len(cs) >= TITLE_WORD_EMPLOYERS}
    # an engineer's shorthand of such words stands as they do ("distyl FDE role", "acme swe intern")
    roles = {s: w.lower().split() for s, w in SHORTHAND.items() if w.endswith(("engineer", "engineers"))}
    common |= {short for short, words in roles.items() if set(words) <= common}
    return frozenset(common), frozenset(w for w, cs in opening.items() if len(cs) >= TITLE_WORD_EMPLOYERS)
