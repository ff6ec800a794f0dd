"""Whether the passages say a question's word in other words (used by rag/answer/answerability.py).

A key word no passage contains is still covered when the passages express it otherwise:

- spelled out or joined: "SF" as "San Francisco" (rag/answer/stated.py), "Blind" in "TeamBlind"
  (rag/answer/own_passages.py), "presales" as "pre-sales";
- in American spelling: "analysed" as "analyzed", "behaviour" as "behavior", "modelling" as "modeling";
- by a standard equivalent in EQUIVALENTS: a currency's name and its symbol or code ("pounds" and
  "£"), a city's common abbreviation and its name ("SF", "NYC");
- by meaning (when the checker is given word vectors): a passage word of the same root (its first
  ROOT_LETTERS letters) whose MiniLM embedding is at least SEMANTIC_COVER cosine from the word's
  ("summarisation": "summarization", "bluff": "bluffing", "specialises": "specialize"), which a
  near spelling alone would not tell from "competitor": "competitive" (0.78). Vectors are cached per
  word. Every passage word was compared at first ("photo": "picture"); encoding a few hundred new
  words per question (about 3 ms each on the dev box) tripled answer latency p95, so only the
  root's words are encoded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np

from rag.answer.own_passages import compound_part
from rag.answer.stated import written_out
from rag.records import Chunk
from rag.shorthand import SHORTHAND

# Cosine at or above which a passage word expresses the question's word (dev,
# confirmed leave-one-set-out on the other tuning sets: evals/README.md, "semcover").
SEMANTIC_COVER = 0.8
# Standard equivalents: a question word (lower case) and what a passage may write instead (lower
# case; symbols as written).
_DAYS = ("mon", "tues", "wednes", "thurs", "fri")
EQUIVALENTS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("pound", "pounds", "gbp", "sterling"), ("£", "gbp", "pounds", "sterling")),
    **dict.fromkeys(("dollar", "dollars", "usd"), ("$", "usd", "dollars")),
    **dict.fromkeys(("euro", "euros", "eur"), ("€", "eur", "euros")),
    **dict.fromkeys(("rupee", "rupees", "inr"), ("₹", "inr", "rupees", "lakh")),
    **dict.fromkeys(("yen", "jpy"), ("¥", "jpy")),
    **dict.fromkeys(("percent", "percentage", "pct"), ("%", "per cent")),
    # a share asked as a fraction is stated as a percentage: "what fraction are research roles" ("4.4%")
    **dict.fromkeys(
        ("fraction", "proportion", "portion", "slice"), ("%", "per cent", "percent", "fraction", "proportion")
    ),
    # a direct message is a message sent to reach out: "DMing random AI engineers for referrals"
    **dict.fromkeys(("dm", "dms", "dming"), ("message", "messages", "messaging", "reach out", "outreach")),
    # a tally is a count: "ai-support use-case tally" ("696 mentions")
    "tally": ("mentions", "count", "jobs", "postings", "number"),
    # "is it legit?" is answered by "a red flag and likely part of a scam"
    **dict.fromkeys(("legit", "legitimate"), ("legitimate", "legit", "scam", "fraud", "fraudulent")),
    # an employer's pay band is its salary range for a level
    "band": ("salary range", "pay range", "base range", "compensation range", "salary band"),
    **dict.fromkeys(("yr", "yrs"), ("years", "year")),
    "exp": ("experience",),  # "how many yrs exp"
    "rota": ("rotation", "roster", "schedule"),  # "an on-call rota"
    **dict.fromkeys(("licence", "licences", "license", "licenses"), ("license", "licensure", "licensed")),
    # "finetuning-centred jobs": jobs focused on it
    **dict.fromkeys(("centred", "centered", "centric"), ("focused", "focus", "centered", "centric")),
    # an employer posting jobs: "is capital one really the top poster in the job data"
    **dict.fromkeys(("poster", "posters"), ("posting", "postings", "posted", "posts")),
    # the asker's studies: "postgrad here - which skills should my projects show that lectures skip"
    **dict.fromkeys(("postgrad", "postgrads"), ("graduate", "master", "phd", "student", "university")),
    **dict.fromkeys(("lecture", "lectures"), ("lecture", "course", "courses", "university", "class")),
    "hourly": ("hourly", "per hour", "/hour", "/hr"),  # "$75/hour" (not "an hour": "an hour-long call")
    # which days: "in the office on Tuesdays and Thursdays" answers "which weekdays do engineers come in"
    **dict.fromkeys(("weekday", "weekdays"), tuple(f"{d}day{s}" for d in _DAYS for s in ("", "s"))),
    # what a job does: "how often do the job ads say deploy in the duties"
    **dict.fromkeys(("duties", "duty"), ("responsibilities", "responsibility", "duties", "tasks")),
    **dict.fromkeys(("europe", "european"), ("eu", "europe", "european")),  # "EU-remote work percentage"
    # a country's people: "anything specific for canadian applicants" is answered by a line on Canada
    "canadian": ("canada", "canadian"),
    "american": ("us", "usa", "united states", "america", "american"),
    "british": ("uk", "united kingdom", "britain", "british"),
    "indian": ("india", "indian"),
    "australian": ("australia", "australian"),
    "irish": ("ireland", "irish"),
    "dutch": ("netherlands", "dutch"),
    "swiss": ("switzerland", "swiss"),
    "singaporean": ("singapore", "singaporean"),
    **{word: (meaning.lower(),) for word, meaning in SHORTHAND.items()},  # "aie", "swe" (rag/shorthand.py)
    # more than its shorthand's meaning: "office-first … working from the office 4+ days" answers "wfh?"
    "wfh": ("remote", "work from home", "working from home", "hybrid", "from the office"),
    # an interview that went badly: "third onsite where i bombed the system design part"
    **dict.fromkeys(("bombed", "flunked", "tanked"), ("fail", "failed", "failing", "rejected", "rejection")),
    "ctc": ("ctc", "salary", "compensation", "lpa"),  # India's "cost to company"
    "hyd": ("hyderabad",),
    "blr": ("bangalore", "bengaluru"),
    "hq": ("headquarters", "headquartered", "head office"),  # "eloquent ai london: HQ where, salary?"
    "sf": ("san francisco",),
    "nyc": ("new york",),
    "ny": ("new york",),
    "la": ("los angeles",),
    "dc": ("washington",),
    "uk": ("united kingdom", "england", "london"),
    "us": ("united states",),
    "usa": ("united states",),
}
_WORD = re.compile(r"[A-Za-z][A-Za-z+#-]+")
ROOT_LETTERS = 4  # a passage word compared by meaning starts with the question word's first letters


class WordVectors:
    """MiniLM vectors of words, each encoded once and kept (the `limit` last encoded: questions bring
    new words without end)."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray], limit: int = 50_000):
        """`encode`: texts to L2-normalised vectors (the retriever's query encoder)."""
        self.encode = encode
        self.limit = limit
        self._cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        new = list(dict.fromkeys(t for t in texts if t not in self._cache))
        found = dict(zip(new, self.encode(new), strict=True)) if new else {}
        out = np.array([found[t] if t in found else self._cache[t] for t in texts])
        self._cache.update(found)
        for old in list(self._cache)[: max(0, len(self._cache) - self.limit)]:
            del self._cache[old]
        return out


def equivalent(word: str, passages: Sequence[Chunk]) -> bool:
    """A passage writes a standard equivalent of `word`: "£" for "pounds", "San Francisco" for "SF"."""
    forms = EQUIVALENTS.get(word.lower(), ())
    if not forms:
        return False
    # with the title and headings: "… a legitimate AI engineer?"
    texts = [c.embed_text.lower() for c in passages]
    return any(
        (f in text if not f.isalpha() else re.search(rf"\b{re.escape(f)}\b", text) is not None)
        for f in forms
        for text in texts
    )


def root_words(word: str, passages: Iterable[Chunk]) -> list[str]:
    """The passages' words (lower case, each once) that start as `word` does, `word` itself aside, not
    an acronym unless `word` is one."""
    root, low = word[:ROOT_LETTERS].lower(), word.lower()
    # an acronym ("SAIL", a framework) is no word of a lower-case word's root ("sailboat")
    words = (
        w.lower()
        for chunk in passages
        for w in _WORD.findall(chunk.text)
        if not (w.isupper() and not word.isupper())
    )
    return list(dict.fromkeys(w for w in words if w.startswith(root) and w != low))


def semantic_cover(word: str, passages: Sequence[Chunk], vectors: WordVectors) -> float:
    """The best cosine between `word` and a passage word of its root."""
    candidates = root_words(word, passages) if len(word) >= ROOT_LETTERS else []
    if not candidates:
        return 0.0
    return float((vectors(candidates) @ vectors([word.lower()])[0]).max())


def expressed(
    word: str, passages: Sequence[Chunk], vectors: WordVectors | None, threshold: float = SEMANTIC_COVER
) -> bool:
    """The passages express the question's `word` otherwise than by writing it: spelled out, joined,
    a standard equivalent, or by meaning."""
    if written_out(word, passages) or compound_part(word, passages) or equivalent(word, passages):
        return True
    if hyphenated(word, passages) or spelled_american(word, passages):  # "pre-sales", "analyzed"
        return True
    if verb_of_noun(word, passages) or kin_of_noun(word, passages):  # "valuation": "valued at $4 billion"
        return True
    if adjective_of_adverb(word, passages):  # "responds slowly": "often slow"
        return True
    return vectors is not None and semantic_cover(word, passages, vectors) >= threshold


_ACTION_NOUN = re.compile(r"(\w{3,})ations?$")  # "valuation", "relocations": what is done
_VERB_END = re.compile(r"(?:e|es|ed|ing)$")
VERB_MIN = 4  # letters of the verb's stem: "valu" of "valued" (not "rat" of "ration")


def verb_of_noun(word: str, passages: Sequence[Chunk]) -> bool:
    """The passages write the verb of the question's action noun: "valuation" as "valued" or "values",
    "integration" as "integrates" (the stemmer keeps "valuat" and "valu" apart)."""
    m = _ACTION_NOUN.fullmatch(word.lower())
    if not m or len(m.group(1)) < VERB_MIN:
        return False
    bases = {m.group(1), re.sub(r"ions?$", "", word.lower())}  # "valu", "valuat"
    return any(
        any(w.startswith(b) and _VERB_END.fullmatch(w[len(b) :]) for b in bases)
        for c in passages
        for w in _words(c.embed_text)
    )


_ADVERB = re.compile(r"(\w{3,}?)(i)?ly")  # "slowly", "easily"


def adjective_of_adverb(word: str, passages: Sequence[Chunk]) -> bool:
    """The passages write the adjective of the question's "-ly" adverb: "slowly" as "slow", "easily" as
    "easy", "simply" as "simple" (the stemmer keeps "slowli" and "slow" apart)."""
    m = _ADVERB.fullmatch(word.lower())
    if not m:
        return False
    base = m.group(1)
    forms = {base + "y"} if m.group(2) else {base, base + "e", base + "le"}  # "simply": "simple"
    return any(forms & _words(c.embed_text) for c in passages)


_GREEK_NOUN = re.compile(r"(\w{4,})sis$")  # "diagnosis", "analysis", "synthesis"
_GREEK_KIN = re.compile(r"(?:s|z)(?:e|es|ed|ing)|(?:s)?tic(?:s|al)?")  # "diagnose", "diagnostics"


def kin_of_noun(word: str, passages: Sequence[Chunk]) -> bool:
    """The passages write the verb or adjective of the question's "-sis" noun: "diagnosis" as "diagnostics"
    or "diagnose", "analysis" as "analyze" or "analytics" (the stemmer keeps them apart)."""
    m = _GREEK_NOUN.fullmatch(word.lower())
    if not m:
        return False
    base = m.group(1)
    return any(
        w.startswith(base) and _GREEK_KIN.fullmatch(w[len(base) :])
        for c in passages
        for w in _words(c.embed_text)
    )


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """The text's words in lower case (read once per passage)."""
    return frozenset(re.findall(r"[a-z]+", text.lower()))


_HYPHENATED = re.compile(r"\b[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+\b")
HYPHENATED_MIN = 5  # "presales", "oncall"; a shorter joined word ("eda") may be another one
CODE_MIN = 3  # a code of letters and digits: "h1b" as "H-1B", "w2" is too short to tell


def hyphenated(word: str, passages: Sequence[Chunk]) -> bool:
    """The passages write the word with hyphens: "presales" as "pre-sales", "oncall" as "on-call", "h1b" as
    "H-1B"."""
    low = word.lower()
    code = len(low) >= CODE_MIN and low.isalnum() and not low.isalpha() and not low.isdigit()
    if not code and (len(low) < HYPHENATED_MIN or not low.isalpha()):
        return False
    return any(low in _hyphenated_joined(c.embed_text) for c in passages)


@lru_cache(maxsize=4096)
def _hyphenated_joined(text: str) -> frozenset[str]:
    """The text's hyphenated words, joined and in lower case: "pre-sales" as "presales" (read once per
    passage, not once per missing word)."""
    return frozenset(h.replace("-", "").lower() for h in _HYPHENATED.findall(text))


# British endings and the American ones a passage may write instead ("analysed": "analyzed")
_AMERICAN = tuple(
    (re.compile(british), american)
    for british, american in (
        (r"ys(e|ed|es|ing|er|ers)$", r"yz\1"),
        (r"is(e|ed|es|ing|er|ers|ation|ations)$", r"iz\1"),
        (r"(?<=\w{3})our(s|ed|ing|ite|ites|able|al)?$", r"or\1"),  # "behaviour"; not "four" or "your"
        (r"(?<=\w{3})tre(s)?$", r"ter\1"),  # "centre"
        (r"(?<=\w{3})tr(ed|ing)$", r"ter\1"),  # "centred"
        (r"ogue(s)?$", r"og\1"),  # "catalogue"
        (r"(?<=[aeiou])ll(ed|ing|er|ers)$", r"l\1"),  # "modelling", "travelled"
        (r"^practis", "practic"),
        (r"^(lic|def|off)ence(s|d)?$", r"\1ense\2"),  # "licence"
    )
)


def american_spellings(word: str) -> set[str]:
    """The word's American spellings, when it has a British ending ("customisation": "customization")."""
    low = word.lower()
    return {pattern.sub(american, low) for pattern, american in _AMERICAN} - {low}


def spelled_american(word: str, passages: Sequence[Chunk]) -> bool:
    """A passage writes the word in American spelling: "analysed" as "analyzed", "behaviour" as "behavior"."""
    variants = american_spellings(word)
    if not variants:
        return False
    found = re.compile(rf"\b(?:{'|'.join(map(re.escape, variants))})\b")
    return any(found.search(c.text.lower()) for c in passages)
