"""A question about one posting or one employer, not a group of postings: the posting's own text (or
the guide's refusal) answers it, not a table ("Sayari staff AI engineer salary", "what does Ocado pay?",
"an AI engineer at Delivery Hero", "drata senior applied AI engineer - top pay tier?"). Whether one
employer is hiring is a count of its postings (rag/market/hiring.py)."""

from __future__ import annotations

import re

from rag.answer.question_words import parts
from rag.index.posting_names import PostingNames
from rag.market.cues import (
    COMMON_CAPITALISED,
    GROUP_POSTINGS,
    POSTING_WORDS,
    ROLE_WORDS,
)
from rag.market.parser import Extraction

COUNTED = frozenset({"count", "breakdown", "by_month", "cooccur", "by", "mostly"})  # over many postings
# "how many EMI share options", "how many vacation days": a count of something in the posting, not of postings
_COUNT_OF = re.compile(
    r"\bhow many ((?:[\w/-]+ ){0,3}?[\w/-]+)(?= (?:do|does|are|is|will|would|can|per|a|in|at)\b|[?,;]|$)",
    re.I,
)


def one_posting(ex: Extraction, intents: set[str]) -> bool:
    """One named posting or employer ("Sayari staff AI engineer salary", "what does Ocado pay?",
    "an AI engineer at Delivery Hero"): its own text (or the guide's refusal) answers, not a table."""
    aggregate = intents & (COUNTED | {"share", "top"})
    company = any(m.field == "company" for m in ex.mentions)
    # "Howden Re principal AI roles - can they let me work hybrid?": one employer's few postings in the
    # plural are still its own text's to answer; no employer named, the plural is a group to count
    if aggregate or (ex.has(*GROUP_POSTINGS) and not company):
        return False
    if "salary" in intents and _named_subject(ex):
        return True
    named = company or named_employer(ex)
    return named and (ex.has(*ROLE_WORDS, *GROUP_POSTINGS) or _company_level(ex))


def _company_level(ex: Extraction) -> bool:
    """ "babbel principal fullstack AI - …": an employer named with a level right after it names its role."""
    companies = {m.end for m in ex.mentions if m.field == "company"}
    return any(m.field == "level" and m.start in companies for m in ex.mentions)


def names_posting(postings: PostingNames, ex: Extraction, intents: set[str], question: str) -> bool:
    """An employer of the data named beside the words of one of its titles ("drata senior applied
    AI engineer - top pay tier?", "candid health AI/ML engineer salary?"): that posting's text
    answers, though "top" or "how often" read as an aggregate and a lower-case or shortened name
    as no company (rag/index/posting_names.py); a count or the postings in the plural do not (in the
    ask that names the posting: "X staff ML engineer: pay range, how long do roles stay open?")."""
    first = f" {(parts(question) or [question])[0].split(',')[0].lower()} "
    if any(f" {w} " in first for w in GROUP_POSTINGS):
        return False
    counts = _COUNT_OF.findall(question)
    # a count of the posting's own terms ("salary, and how many EMI options?") is its text's to state
    own_terms = bool(counts) and not any(w in POSTING_WORDS for c in counts for w in c.lower().split())
    if intents & COUNTED and not own_terms:
        return False
    return bool(postings.named(question))


def _named_subject(ex: Extraction) -> bool:
    """ "What does Ocado pay?": a capitalised name right after does/do that is no known value names
    one company or posting (perhaps one the data lacks), not a group of postings."""
    taken = {i for m in ex.mentions for i in range(m.start, m.end)}
    for i, tok in enumerate(ex.tokens[:-1]):
        raw = ex.raw_tokens[i + 1]
        if tok in ("does", "do") and i + 1 not in taken and raw[:1].isupper() and raw[1:].islower():
            return True
    return False


def named_employer(ex: Extraction) -> bool:
    """A capitalised name that is no known value right after "at" or with a possessive ("at Delivery
    Hero", "Bumble's"): an employer the data may lack, named as one."""
    taken = {i for m in ex.mentions if m.field != "skill" for i in range(m.start, m.end)}
    skills = {i for m in ex.mentions if m.field == "skill" for i in range(m.start, m.end)}
    for i, raw in enumerate(ex.raw_tokens):
        name = raw.lower().removesuffix("'s")
        if i in taken or not raw[:1].isupper() or name in COMMON_CAPITALISED:
            continue
        after_at = i > 0 and ex.tokens[i - 1] == "at"  # "at Meta": an employer, even if a skill too
        if i in skills and not after_at:
            continue
        possessive = raw.endswith("'s") or (i + 1 < len(ex.tokens) and ex.tokens[i + 1] == "s")
        if after_at or possessive:
            return True
    return False
