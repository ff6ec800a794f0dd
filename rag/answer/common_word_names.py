"""Employers the corpus lacks whose names are made of common words: each word is one some chunk uses, so
no check of single words finds them, but no chunk writes them in a row and no employer of the postings
has that name. Lower-case words opening the question before an AI title, hiring, pay or an interview
process ("safe superintelligence research eng interview", "periodic labs hiring ai engineers? salary?",
"surge ai: hiring AI engineers? pay?", "factory ai droids team interview process",
"modal labs infra engineer interview process", one word and "ai": "reflection ai salaries"), and
capitalised words after "at" or "join", or asked about ("interviewing at Physical Intelligence for …",
"anything on Augment Code"). Both are
refused as not mentioned (answerability.py), and the first is no question for the job data either
(pipeline.guide_only: "exa search jobs + pay" would otherwise get every posting's pay)."""

from __future__ import annotations

import re

from rag.answer.own_passages import MIN_UNKNOWN_LEN, in_corpus, name_position, unknown_runs
from rag.index.bm25 import BM25Index
from rag.index.catalog import Catalog
from rag.index.text_tokens import tokenize
from rag.places import is_place

# What follows an employer's lower-case name opening a question: "physical intelligence AI eng interview
# process", "thinking machines lab research engineer salary", "periodic labs hiring ai engineers?", "exa
# search jobs + pay" (not "agent safety interview questions": no AI title, hiring or pay after it)
_AFTER_EMPLOYER = re.compile(
    # "surge ai: hiring AI engineers? pay?" (not "chatbot context handling: ai eng's job?": a topic)
    r":\s+(?:hiring|salar(?:y|ies)|pay)\b"
    # "card factory data & ai roles - salary?"
    r"|\s+(?:data\s*(?:&|and|/|\+)\s*)?(?:(?:ai|ml)(?:/\w+)?\s+"
    r"(?:eng\w*|research\w*|interview\w*|jobs?|roles?|hiring|salar\w*|pay)\b"
    r"|(?:[a-z]+\s+){0,2}team\s+(?:interview\w*|hiring)\b"  # "factory ai droids team interview process"
    r"|research\s+eng\w*|(?:is\s+|are\s+)?hiring\b|salar(?:y|ies)\b|pay\b"
    r"|[a-z]+\s+eng\w*\s+(?:interview\w*|hiring|salar\w*|pay|jobs?|roles?)\b"
    r"|jobs?\s*(?:\+|and|&)\s*(?:pay|salar\w*)|interview\s+process\b)",
    re.I,
)
# words of the asker or of a kind of job, not of a name ("new grad salary", "remote ml jobs")
_NOT_EMPLOYER = frozenset(
    "a an the my your our their i im we you me is are do does how what which any some for of in on at to as "
    "with from about and or vs new old good best top big small remote senior junior entry level "
    "staff principal lead applied founding forward deployed head chief sr jr mid jobs job roles role "
    "that this these those did he she they it was were has have had can could would should will "
    "why when where who whose between into than like via per within without over under after before".split()
)
_NOT_FIRST = frozenset(("ai", "ml", "llm"))  # "ai jobs that pay for …", but "lepton ai inference engineer"
# ... nor, after one word, a title or field word ("healthcare ai engineer pay", "fintech data team hiring")
_NOT_NAME_WORD = _NOT_FIRST | frozenset(
    "data eng engineer engineering research researcher scientist developer team teams".split()
)
MAX_LOWER_RUN = 3  # lower-case words of an employer's name opening a question
# "reflection ai salaries": one word and "AI" name the employer when more than an AI title follows
_AI_AFTER = re.compile(r"\s+ai\b", re.I)


def unwritten_employer_run(bm25: BM25Index, catalog: Catalog, question: str) -> str | None:
    """Two or three lower-case words opening the question where an employer's name goes, before an AI
    title, hiring, pay or an interview process ("dollar general AI/data jobs"), or one and "ai" before
    more than a title ("reflection ai salaries"), that no chunk writes in a row and that name no employer
    or place, the first word another employer's only beside a word no chunk uses: a company the corpus
    lacks, although each of its words is common."""
    words: list[re.Match] = []
    for m in re.finditer(r"[^\s:]+", question):
        if len(words) == MAX_LOWER_RUN or (words and _name_end(question, words) is not None):
            break
        if words and _AFTER_EMPLOYER.match(question, words[-1].end()) and m.group(0) in _NOT_NAME_WORD:
            break  # "healthcare ai engineer pay": a field before a title, no name
        if not re.fullmatch(r"[a-z][a-z0-9&-]*", m.group(0)) or m.group(0) in _NOT_EMPLOYER:
            return None
        if not words and m.group(0) in _NOT_FIRST:
            return None
        words.append(m)
    if not words or (end := _name_end(question, words)) is None:
        return None
    run = question[words[0].start() : end]
    if any(is_place(w.group(0)) for w in words):
        return None
    # "marlow fintech hiring": Marlow Financial Technologies, unless a word of it is one no chunk uses
    # ("safe superintelligence", not SAFE Security)
    if words[0].group(0) in catalog.first_words and all(in_corpus(bm25, w.group(0)) for w in words[1:]):
        return None
    return None if catalog.companies_in(run) or in_corpus(bm25, run) else run


def _name_end(question: str, words: list[re.Match]) -> int | None:
    """Where the employer's name of `words` ends when what follows an employer's name follows them; one word
    only with "ai" after it ("reflection ai salaries"; "premier inn tech team hiring": two words)."""
    end = words[-1].end()
    if not _AFTER_EMPLOYER.match(question, end):
        return None
    if len(words) > 1:
        return end
    ai = _AI_AFTER.match(question, end)
    return ai.end() if ai is not None and _AFTER_EMPLOYER.match(question, ai.end()) else None


# Two to four capitalised words of a name, a lower-case "at", "of" or "and" inside it ("Pets at Home"), never
# the asker's "I" ("at B&Q and I'm …")
_CAPITALISED_RUN = r"((?:[A-Z][\w&.-]*)(?:\s+(?:(?:at|of|and)\s+)?(?!I\b)(?:[A-Z][\w&.-]*|AI)){1,3})"
# ... where one joins, works or applies: "interviewing at Physical Intelligence for …", "applying to Pets at
# Home's data team", or is asked about ("does the guide have anything on Augment Code")
_AT_NAME = re.compile(
    r"\b(?:at|join|joining|(?:apply|applying|applied)\s+to|(?:anything|info\w*|details?)\s+(?:on|about))"
    rf"\s+{_CAPITALISED_RUN}\b"
)
# ... or is asked whether it hires ("Does JB Hi-Fi hire AI engineers")
_HIRES_NAME = re.compile(
    rf"\b(?:[Dd]oes|[Dd]o|[Ii]s|[Aa]re|[Ww]ill)\s+{_CAPITALISED_RUN}"
    r"\s+(?:ever\s+|even\s+|still\s+)?(?:hire|hiring|recruit\w*|employ)\b"
)


# ... or is asked what it asks in interviews ("notes on what Lambda Labs asks in its ML interviews",
# "what does Exa AI ask in its take-home")
_ASKS_NAME = re.compile(
    rf"\b[Ww]hat\s+(?:(?:does|do|did|will|would)\s+)?{_CAPITALISED_RUN}\s+(?:asks?|tests?|looks? for)\b"
)


def unwritten_name_at(bm25: BM25Index, catalog: Catalog, question: str) -> str | None:
    """Two to four capitalised words after "at", "join" or "joining" ("interviewing at Safe
    Superintelligence"), asked whether they hire ("Does JB Hi-Fi hire") or what they ask, that no chunk
    writes in a row and that name no employer or place: a company the corpus lacks, although each of its
    words is common ("Physical", "Intelligence")."""
    for m in (*_AT_NAME.finditer(question), *_HIRES_NAME.finditer(question), *_ASKS_NAME.finditer(question)):
        run = m.group(1)
        if any(is_place(w) for w in run.split()) or catalog.companies_in(run) or in_corpus(bm25, run):
            continue
        return run
    return None


def unknown_employer(bm25: BM25Index, catalog: Catalog, question: str) -> str | None:
    """The name of an employer the corpus lacks, of common words, as the question writes it, or None."""
    return unwritten_employer_run(bm25, catalog, question) or unwritten_name_at(bm25, catalog, question)


def absent_name(bm25: BM25Index, catalog: Catalog, question: str) -> str | None:
    """A name the corpus never uses: words no chunk uses side by side (own_passages.unknown_runs), one where
    an employer stands ("Is StepFun hiring …", own_passages.name_position), or an employer of common words it
    lacks (`unknown_employer`). No question for the job data (pipeline.guide_only)."""
    if runs := unknown_runs(question, catalog):
        return runs[0]
    for m in re.finditer(r"[A-Za-z][\w-]*", question):
        word, stems = m.group(0), tokenize(m.group(0))
        if len(word) < MIN_UNKNOWN_LEN or not stems or not name_position(question, m.start(), m.end()):
            continue
        if not any(catalog.known(s) or catalog.correct(s) for s in stems):
            return word
    return unknown_employer(bm25, catalog, question)
