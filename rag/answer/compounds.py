"""Two words asked as one thing of the jobs that no sentence of the passages holds together (used by
answerability.py).

"which badge colour would I get as a new AI hire", "welcome pack contents for new starters?", "a carpool
rota at any of the hybrid AI employers": each word is in some passage ("colour" in a brand line, "pack"
in "pack your bags"), so word by word the question looks covered, yet no sentence speaks of the thing.
Quoting those passages answers nothing, so the question is refused with the thing named.

A pair counts when:
- its two words stand side by side in the question, a space or a hyphen between, no clause break;
- the guide's pages seldom use either word (a guide question words its topic as the pages do);
- the question asks it of the jobs, employers or offices as a set (`_OF_THE_JOBS`: "these roles", "any of
  the AI employers", "the office", "new hires", "my role");
- the question is not close to any guide page (`COMPOUND_SIMILARITY`) and names no employer (its postings
  are read elsewhere, in figure_gaps.py and policy.py), nor is a word of the pair an employer's first word
  or a place ("workday chennai SDE AI");
- no other part of the question asks something of its own.

Neither word is a degree ("simplest rung", "best office"), a laugh ("offices lol") or a word of no content,
and the pair is no option set against one other word ("optional extra or core?").

Without the jobs as a set, pairs like "old-school nlp", "pager duty" and "juggling quotas" refused
answerable guide questions: 33 of them across the eval sets, for 22 refusals gained
(evals/rounds/24-main-after-round-fifty-two.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.question_words import NO_CONTENT, NOT_KEY_STEMS, asks, parts, situation_spans
from rag.answer.sentences import split_units
from rag.answer.verdict import question_terms
from rag.index.catalog import Catalog
from rag.index.text_tokens import tokenize
from rag.places import is_place
from rag.records import Chunk

# Closer than this to a guide page, a question's pair of rare words is the page's topic in other words
# ("a hiring manager will only skim my repo"): chosen on near_domain97-108 and unseen99-109
# (evals/rounds/24-main-after-round-fifty-two.md)
COMPOUND_SIMILARITY = 0.5
_JOIN = re.compile(r" |-")  # one thing: "badge colour", "yo-yo" (not "qs - separate round")
_DEGREE = re.compile(r"\w+est|best|worst|most|least|more|less", re.I)
# one of two options asked between, the other one word closing the question: "optional extra or core?" asks
# which the topic is, no thing it has
_CHOICE = re.compile(r"\s+(?:or|vs\.?|versus)\s+[\w-]+\s*\?*\s*$", re.I)
_LAUGHS = frozenset("lol lmao haha hehe".split())
# The jobs, employers or offices as a set, or the asker's own job among them
_OF_THE_JOBS = re.compile(
    r"\b(?:these|those|the|any|which)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:jobs|roles|companies|employers|offices|postings|listings|positions|teams|places|firms|startups)\b"
    r"|\boffices?\b|\bnew (?:[\w-]+ )?(?:hires?|starters?|joiners?)\b|\bat work\b|\bmy role\b|\banyone\b"
    r"|\banywhere\b|\b(?:ai|ml) (?:jobs|roles|employers|companies)\b|\bhiring managers\b",
    re.I,
)


def unmet_compound(
    question: str,
    passages: Sequence[Chunk],
    similarity: float | None,
    catalog: Catalog,
    everyday_page_df: int,
) -> str | None:
    """The first pair of neighbouring words, both used on fewer than `everyday_page_df` guide pages, that no
    sentence of the passages has together, as the question writes it; None when there is none, the
    question asks nothing of the jobs as a set, another part asks something too, or the question's
    `similarity` to the closest guide page is unknown or too high."""
    jobs = list(_OF_THE_JOBS.finditer(question))
    if similarity is None or similarity >= COMPOUND_SIMILARITY or not jobs:
        return None
    # "new hires", "these roles": the jobs, no thing of theirs ("office wifi" is one)
    framing = [m.span() for m in jobs if m[0].lower() not in ("office", "offices")]
    # ... nor the asker's own situation ("I'm a nurse retraining into tech")
    framing += situation_spans(question)
    skip = NO_CONTENT | _LAUGHS
    terms = [
        t
        for t in question_terms(question)
        if t.surface.lower() not in skip and t.stem not in NOT_KEY_STEMS and not t.within(framing)
    ]
    rare = {t.stem for t in terms if catalog.page_stem_df.get(t.stem, 0) < everyday_page_df}
    pairs = [
        (a, b)
        for a, b in zip(terms, terms[1:], strict=False)
        if a.stem in rare
        and b.stem in rare
        and _JOIN.fullmatch(question[a.end : b.start])
        and not (a.capital or b.capital or _DEGREE.fullmatch(a.surface) or _CHOICE.match(question, b.end))
        and not any(t.surface.lower() in catalog.first_words or is_place(t.surface) for t in (a, b))
    ]
    if not pairs:
        return None
    units = [frozenset(tokenize(u.text(c.text))) for c in passages for u in split_units(c.text)]
    for a, b in pairs:
        if any(a.stem in u and b.stem in u for u in units):
            continue
        thing = question[a.start : b.end]
        others = [p for p in parts(question) if thing not in p]
        return None if any(asks(p.split()) for p in others) else thing
    return None
