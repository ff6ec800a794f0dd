"""Two words asked as one thing of the jobs that no sentence of the passages holds together (used by
answerability.py).

"which badge colour would I get as a new AI hire", "welcome pack contents for new starters?", "a carpool
rota at any of the hybrid AI employers": each word is in some passage ("colour" in a brand line, "pack"
in "pack your bags"), so word by word the question looks covered, yet no sentence speaks of the thing.
Quoting those passages answers nothing, so the question is refused with the thing named.

A pair counts when:
- its two words stand side by side in the question, a space or a hyphen between, no clause break;
- the guide's pages seldom use either word (a guide question words its topic as the pages do), or no chunk
  of the whole corpus has the two side by side ("company phone", "stack ranking", "release train": common
  words, a thing no posting names);
- the question asks it of the jobs, employers or offices as a set (`_OF_THE_JOBS`: "these roles", "any of
  the AI employers", "the office", "new hires", "my role", "AI engineers", "job ads", "by company", "per
  team", "each company", "these orgs");
- the question is not close to any guide page (`COMPOUND_SIMILARITY`; up to `BAND_SIMILARITY` when both
  words are seldom on the guide's pages, no chunk writes them side by side and neither is a participle)
  and names no employer (its postings are read elsewhere, in figure_gaps.py and policy.py), nor is a word
  of the pair an employer's first word or a place ("workday chennai SDE AI");
- no other part of the question asks something of its own (the asker's situation told beside it asks
  nothing).

Neither word is a degree or a mean ("simplest rung", "avg manager tenure"), a laugh ("offices lol"), what a
posting does with a thing ("do job ads mention …") or a word of no content, and the pair is no option set
against one other word ("optional extra or core?").

Without the jobs as a set, pairs like "old-school nlp", "pager duty" and "juggling quotas" refused
answerable guide questions: 33 of them across the eval sets, for 22 refusals gained
(evals/rounds/24-main-after-round-fifty-two.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from rag.answer.question_words import NO_CONTENT, NOT_KEY_STEMS, asks, parts, situation_spans, tells
from rag.answer.sentences import split_units
from rag.answer.verdict import QuestionTerm, question_terms
from rag.index.bm25 import BM25Index
from rag.index.catalog import Catalog
from rag.index.text_tokens import tokenize
from rag.places import is_place
from rag.records import Chunk
from rag.shorthand import SHORTHAND

# Closer than this to a guide page, a question's pair of rare words is the page's topic in other words
# ("a hiring manager will only skim my repo"): chosen on near_domain97-108 and unseen99-109
# (evals/rounds/24-main-after-round-fifty-two.md)
COMPOUND_SIMILARITY = 0.5
# ... up to this close, a pair still counts when no chunk writes it and both words are on fewer guide pages
# than BAND_PAGE_DF ("incident commander duty for AI engineers", "weekly meeting load, ai engineers")
BAND_SIMILARITY = 0.62
BAND_PAGE_DF = 8
_JOIN = re.compile(r" |-")  # one thing: "badge colour", "yo-yo" (not "qs - separate round")
# a degree or a mean, no part of the thing's name ("simplest rung", "avg manager tenure")
_DEGREE = re.compile(r"\w+est|best|worst|most|least|more|less|avg|average|typical|median|mean", re.I)
# one of two options asked between, the other one word closing the question: "optional extra or core?" asks
# which the topic is, no thing it has
_CHOICE = re.compile(r"\s+(?:or|vs\.?|versus)\s+[\w-]+\s*\?*\s*$", re.I)
_LAUGHS = frozenset("lol lmao haha hehe".split())
# what a posting does with a thing, beside it ("do job ads mention stack ranking"), no part of its name
_POSTING_VERBS = frozenset(
    "mention mentions say says list lists offer offers want wants require requires give gives provide "
    "provides ask asks expect expects include includes have has get gets use uses pay pays need needs "
    "skip skipping fail failing impress differ".split()  # ... or a candidate ("skipping evals")
)
_FILLERS = frozenset(  # ("infra like kubernetes", "real prod", "up north", "according to", "nine hundred")
    "like via actually real really just still even also very quite pretty kind sort up down out over "
    "according about somewhere basically felt falls count part example one two three four five six seven "
    "eight nine ten hundred thousand several many few most some all each every ever own type more stuff "
    "thing things share percentage percent proportion split demand not random etc old "  # "might not pan out"
    "aren isn wasn weren doesn didn hasn haven wouldn couldn shouldn".split()  # "aren" of "aren't"
)
# ... and one word of a pair no chunk writes is on fewer guide pages than this
PAIR_PAGE_DF = 5
# The jobs, employers or offices as a set, or the asker's own job among them
_OF_THE_JOBS = re.compile(
    r"\b(?:these|those|the|any|which)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:jobs|roles|companies|employers|offices|postings|listings|positions|teams|places|firms|startups|orgs)\b"
    r"|\boffices?\b|\bnew (?:[\w-]+ )?(?:hires?|starters?|joiners?)\b|\bat work\b|\bmy role\b|\banyone\b"
    r"|\banywhere\b|\b(?:ai|ml) (?:jobs|roles|employers|companies)\b|\bhiring managers\b"
    # "AI engineers", "AI eng managers", "AI engineering teams"; "job ads", "do postings say"
    r"|\b(?:ai|ml)(?: eng\w*)? (?:engineers|engs|teams|managers|hires|devs)\b|\b(?:job|ai|ml) (?:job )?ads\b"
    r"|\bpostings?\b|\bjob (?:data|listings)\b|\b(?:the|your) data(?:set)?\b"
    r"|\b(?:by|per) (?:employer|company)\b"
    r"|\b(?:per|each|every) (?:ai |ml )?(?:team|company|employer|org)\b",  # "linter rules per team"
    re.I,
)


def written_together(bm25: BM25Index, a: str, b: str) -> bool:
    """Some chunk of the index has the stems `a` and `b` side by side, in either order (stop words
    between them dropped, as the tokenizer drops them)."""
    rows = np.intersect1d(bm25.rows_with(a), bm25.rows_with(b))
    for r in rows:
        stems = tokenize(bm25.chunks[r].embed_text)
        if any({x, y} == {a, b} for x, y in zip(stems, stems[1:], strict=False)):
            return True
    return False


def unwritten_pair(
    question: str, a: QuestionTerm, b: QuestionTerm, catalog: Catalog, bm25: BM25Index
) -> bool:
    """Words of a thing no chunk names: no chunk has them side by side, one of them is seldom on the guide's
    pages, neither is a filler ("infra like", "several docs"), shorthand ("prod system": a production system)
    or under three letters, and they are no hyphened word ("config-driven", "research-y") nor a piece of a
    longer one ("day-in-the-life session")."""
    words = {a.surface.lower(), b.surface.lower()}
    if words & (_FILLERS | SHORTHAND.keys()) or min(map(len, words)) < 3:
        return False
    if "-" in (question[a.start - 1 : a.start], question[a.end : b.start], question[b.end : b.end + 1]):
        return False
    if min(catalog.page_stem_df.get(t.stem, 0) for t in (a, b)) >= PAIR_PAGE_DF:
        return False
    return not written_together(bm25, a.stem, b.stem)


def unmet_compound(
    question: str,
    passages: Sequence[Chunk],
    similarity: float | None,
    catalog: Catalog,
    everyday_page_df: int,
    bm25: BM25Index | None = None,
) -> str | None:
    """The first pair of neighbouring words, both used on fewer than `everyday_page_df` guide pages or (with
    `bm25`, the index) never side by side in a chunk, that no sentence of the passages has together, as the
    question writes it; None when there is none, the question asks nothing of the jobs as a set, another
    part asks something too, or the question's `similarity` to the closest guide page is unknown or too
    high."""
    jobs = list(_OF_THE_JOBS.finditer(question))
    if similarity is None or similarity >= BAND_SIMILARITY or not jobs:
        return None
    banded = similarity >= COMPOUND_SIMILARITY
    # "new hires", "these roles": the jobs, no thing of theirs ("office wifi" is one)
    framing = [m.span() for m in jobs if m[0].lower() not in ("office", "offices")]
    # what impresses hiring managers is the guide's topic ("a commit streak"), no thing of the jobs
    index = bm25 if any(m[0].lower() != "hiring managers" for m in jobs) else None
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
        if _JOIN.fullmatch(question[a.end : b.start])
        and not (a.capital or b.capital or _DEGREE.fullmatch(a.surface) or _CHOICE.match(question, b.end))
        and not any(t.surface.lower() in catalog.first_words or is_place(t.surface) for t in (a, b))
        and not {a.surface.lower(), b.surface.lower()} & _POSTING_VERBS
    ]
    if not pairs:
        return None
    units = [frozenset(tokenize(u.text(c.text))) for c in passages for u in split_units(c.text)]
    for a, b in pairs:
        if any(a.stem in u and b.stem in u for u in units):
            continue
        if banded and not (  # (a participle describes the thing: "the duties quoted")
            max(catalog.page_stem_df.get(t.stem, 0) for t in (a, b)) < BAND_PAGE_DF
            and not any(t.surface.lower().endswith("ed") for t in (a, b))
            and bm25 is not None
            and unwritten_pair(question, a, b, catalog, bm25)
        ):
            continue
        # (the whole index read last, for the pairs no passage sentence has)
        if not (
            a.stem in rare
            and b.stem in rare
            or index is not None
            and unwritten_pair(question, a, b, catalog, index)
        ):
            continue
        thing = question[a.start : b.end]
        others = [p for p in parts(question) if thing not in p and not tells(p)]  # (not "I'm 6'5 and …")
        return None if any(asks(p.split()) for p in others) else thing
    return None
