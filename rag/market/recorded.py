"""What the postings table records, as words: its columns, the router's words for them, and every
value the data holds. A market question whose asked attribute is none of these is refused.

The router maps a question onto the table's fields and values and drops the rest, so "How many of
the AI engineer jobs in the data are posted by staffing agencies?" was answered with a breakdown by
company, and "What share of the postings have a probation period?" counted every posting. Here the
question's words are matched against the table itself instead of a list of what it does not record:
a word is accounted for when it is a word of a recorded column or of a value some posting holds
(skills and their spellings, cities, countries, levels, stages, work types, AI types, company
sizes; a company is recognised by the parser when named), a word the router reads a question's
form by (counts, shares, posting nouns, demand verbs), or a stop word. What remains names the
attribute asked, unless it only qualifies a value the parser took ("plain REST": the word beside a
recognised value), is an adverb ("roughly", "literally"), or is a word the guide's own pages use
often (EVERYDAY_PAGE_DF, answerability's bar for everyday words: "actually", "different"; in American
spelling too: "customisation" is their "customization"); and one
of the words left must be a rare term of the corpus (KEY_IDF_SHARE, answerability's key content:
not "among"). Nothing is fitted: both bars are answerability's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from rag.answer.answerability import EVERYDAY_PAGE_DF, KEY_IDF_SHARE
from rag.answer.question_words import NO_CONTENT, without_asker_clause
from rag.answer.word_cover import american_spellings
from rag.index.text_tokens import tokenize
from rag.market import cues
from rag.market.parser import STOPWORDS, Extraction
from rag.market.schema import POSTINGS
from rag.market.spec import FIELD_LABELS, STAGE_LABELS
from rag.market.vocab import COUNTRY_NAMES, WORK_TYPE_LABELS, Vocabulary

_WORD = re.compile(r"[a-z0-9]+")
MIN_WORD_LEN = 3  # "AI", "ML", "vs": shorter words name no attribute
# The word after one of these, or after "that", "which" or "who" that follows one, is the question's
# verb ("postings carried", "roles that wield"): what the postings do with the asked thing, not the thing.
_SUBJECTS = frozenset(
    p for p in (*cues.POSTING_WORDS, *cues.COMPANY_NOUNS, *cues.PRACTITIONERS) if " " not in p
)  # fmt: skip
_RELATIVE = frozenset({"that", "which", "who"})  # "which perks ..." at the start asks of perks
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})  # "are unionized": a state, asked
# The router's words for a question's form (how many, what share, which postings, ask for ...).
_FORM_PHRASES = (
    *cues.COUNT, *cues.SHARE, *cues.TOP, *cues.BY_MONTH, *cues.COOCCUR, *cues.DEMAND, *cues.ADVICE,
    *cues.POSTING_NOUNS, *cues.ROLE_WORDS, *cues.PREDICATE_VERBS, *cues.USAGE, *cues.PRACTITIONERS,
    *cues.MEASURE_WORDS, *cues.MOSTLY, *cues.BREAKDOWN, *cues.FREQUENCY_COMPARED, *cues.DATASET_NOUNS,
    *cues.POSTING_WORDS, *cues.SALARY,
)  # fmt: skip


def _words(phrases: Iterable[object]) -> set[str]:
    return {w for p in phrases for w in _WORD.findall(str(p).lower())}


# Every word of a column of the postings table or of the router's words for a column and its labels.
COLUMN_WORDS = frozenset(
    _words(c.replace("_", " ") for c in POSTINGS)
    | _words([*FIELD_LABELS.values(), *STAGE_LABELS.values(), *COUNTRY_NAMES.values()])
    | _words([*WORK_TYPE_LABELS.values(), *(p for ps in cues.GROUP_WORDS.values() for p in ps)])
)


def recorded_words(vocab: Vocabulary) -> frozenset[str]:
    """`COLUMN_WORDS` and every word of a value some posting holds."""
    # A company's name is taken by the parser where the question names it; its words alone ("Agency"
    # of some employer's name) name no attribute.
    values = _words(v for f, counts in vocab.counts.items() if f != "company" for v in counts)
    values |= _words(vocab.skill_forms)
    return COLUMN_WORDS | values


# the index's stop words have no stem; "besides", "anything", "seems" are about nothing (question_words.py)
# ... nor does how exactly a title is asked for ("plain AI Engineer", "the exact title", "simply X")
_AS_WRITTEN = frozenset({"plain", "simply", "exact", "exactly", "verbatim", "literally"})
FORM_WORDS = frozenset(_words(_FORM_PHRASES) | set(STOPWORDS) | NO_CONTENT | _AS_WRITTEN)


def inflected(word: str) -> bool:
    """An -ed or -ing form of a stem the word shares with its bare form ("carried": carry, "featuring":
    feature); "staffing" is not one (the stemmer keeps "staff" apart)."""
    if word.endswith("ed"):
        bases = (word[:-2], word[:-1], word[:-3] + "y")
    elif word.endswith("ing"):
        bases = (word[:-3], word[:-3] + "e")
    else:
        return False
    stem = tokenize(word)
    return any(len(b) >= MIN_WORD_LEN and tokenize(b) == stem for b in bases) if stem else False


def verb_of(tokens: list[str], i: int) -> bool:
    """Whether the question uses token `i` as its verb: right after the postings or companies it asks of
    ("which roles wield Rust?"), or an inflected form ("carried", "featuring") that qualifies no word
    after it ("staffing agencies" asks of agencies) and states no state after a "be" ("are unionized")."""
    if i and tokens[i - 1] in _SUBJECTS:
        return True
    if i > 1 and tokens[i - 1] in _RELATIVE and tokens[i - 2] in _SUBJECTS:
        return True
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    before = tokens[i - 1] if i else ""
    qualifies = bool(_WORD.fullmatch(after)) and after not in STOPWORDS
    return inflected(tokens[i]) and not qualifies and before not in _BE


def known(word: str, recorded: frozenset[str]) -> bool:
    """Whether `word`, singular or plural ("companies": "company"), is one of the `recorded` words."""
    return any(w in recorded for w in (word, word.rstrip("s"), word + "s", word[:-3] + "y"))


def unchecked(_phrase: str) -> bool:
    """Without an index to look a phrase up in, every phrase counts as written."""
    return True


@dataclass(frozen=True)
class Rarity:
    """How often the guide uses a word stem: in its page chunks, and over every chunk (idf)."""

    page_df: Mapping[str, int]
    idf: Mapping[str, float]
    # whether some chunk writes a phrase's words in a row ("game room")
    written: Callable[[str], bool] = unchecked

    @classmethod
    def of(cls, catalog, written: Callable[[str], bool] = unchecked) -> Rarity:
        """From an index's Catalog (rag/index/catalog.py) and, optionally, its phrase lookup."""
        return cls(catalog.page_stem_df, catalog.idf, written)

    @cached_property
    def key_idf(self) -> float:
        return KEY_IDF_SHARE * max(self.idf.values(), default=0.0)

    def everyday(self, stem: str) -> bool:
        return self.page_df.get(stem, 0) >= EVERYDAY_PAGE_DF

    def key(self, stem: str) -> bool:
        """A rare term (answerability's key content), or one no chunk of the guide uses."""
        return stem not in self.idf or self.idf[stem] >= self.key_idf


def unrecorded_attribute(ex: Extraction, recorded: frozenset[str], rarity: Rarity) -> str | None:
    """The words of a question (`ex`, the parser's reading of it) that name an attribute the postings
    do not record ("staffing agencies", "probation"), in question order: the words no column, value or
    question form accounts for that the guide's pages rarely use, when one of them is a rare term of
    the whole corpus ("among" and "such" are not); None when every word is accounted for."""
    beside = {i for m in ex.mentions for i in (m.start - 1, m.end)}
    taken = {i for m in ex.mentions for i in range(m.start, m.end)}
    out, key = [], False
    for i, token in enumerate(ex.tokens):
        # a name written as one ("Spain", "Lorikeet"): the desk's rules for names and places decide
        if i in taken or i in beside or (i and ex.raw_tokens[i][:1].isupper()) or verb_of(ex.tokens, i):
            continue
        for word in _WORD.findall(token.lower()):
            if (
                len(word) < MIN_WORD_LEN
                or word.isdigit()
                or word.endswith("ly")
                or word in FORM_WORDS
                or known(word, recorded)
            ):
                continue
            stems = tokenize(word)  # none for a stop word
            # "customisation": the guide's pages write "customization"
            if any(known(w, recorded) or rarity.everyday(tokenize(w)[0]) for w in american_spellings(word)):
                continue
            if stems and not rarity.everyday(stems[0]):
                out.append(word)
                key = key or rarity.key(stems[0])
    return " ".join(dict.fromkeys(out)) if key else None


ECHO_PREFIX = 4  # a word of the question sharing this many first letters with the asker's goes on about it


# The asker's own clauses: a reason or purpose of theirs ("…, just so I know how far behind I am", "because
# I'm …"), or a question introduced by who asks it ("Honest question from a web dev who never did a stats
# course: …"); not a clause with "I" that asks ("i want to know what an AI engineer concentrates on")
_ASKERS_REASON = re.compile(
    r"^\s*(?:just\s+)?(?:so(?:\s+that)?|because|since|as)\s+(?:i|i['’]m|im|i['’]ve)\b", re.I
)
_CLAUSES = re.compile(r"[^,;:.?!]+[,;:.?!]*")
_ASKED_BY = re.compile(r"^\W*(?:\w+\s+)?question\s+from\b[^:]*:", re.I)


def beyond_the_asker(text: str, unrecorded: Callable[[str], str | None]) -> str | None:
    """`unrecorded(text)`, unless its words all lie in the asker's own state opening the question and the
    question does not go on about them ("im decent at LLM stuff but weak on ops - what share …": then
    `unrecorded` of the rest; "I'm a big golfer - … a golf simulator on site" keeps "golfer"), or in the
    asker's own reason or introduction (`_ASKERS_REASON`, `_ASKED_BY`): then `unrecorded` of the other
    clauses, unless they go on about its words too."""
    gap = unrecorded(text)
    if not gap:
        return gap
    rest = without_asker_clause(text)
    told = text[: len(text) - len(rest)].lower()
    if told and _told_only(gap, told, rest):
        return unrecorded(rest)
    introduced = _ASKED_BY.match(text)
    clauses = _CLAUSES.findall(text[introduced.end() :] if introduced else text)
    kept = "".join(c for c in clauses if not _ASKERS_REASON.match(c))
    own = (introduced[0] if introduced else "") + "".join(c for c in clauses if _ASKERS_REASON.match(c))
    if kept.strip() and kept != text and _told_only(gap, re.findall(r"[a-z]+", own.lower()), kept):
        return unrecorded(kept)
    return gap


def _told_only(gap: str, told: str | list[str], rest: str) -> bool:
    """Every word of `gap` is in what the asker `told` (their text, or its words) and `rest` does not go on
    about it (no word of it shares its first ECHO_PREFIX letters)."""
    echoes = {w[:ECHO_PREFIX] for w in re.findall(r"[a-z]+", rest.lower())}
    return all(w in told and w[:ECHO_PREFIX] not in echoes for w in gap.lower().split())
