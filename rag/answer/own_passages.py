"""Names in a question that the passages or the corpus write differently (used by
rag/answer/answerability.py).

A capitalised word the passages write as one part of a joined name is not missing from them ("Blind"
in "TeamBlind"). A run of known words opening a question as an employer's name ("Back Market applied
AI engineer") names something the guide has only when some chunk writes those words in a row. A
word standing where a name goes ("at nubank") is a name even in lower case; so is a long word no chunk
uses in a question set in a country or city (the place's own term: "abfindung … in berlin").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rag.answer.interviews import employer_first
from rag.index.bm25 import BM25Index
from rag.index.catalog import Catalog, Company
from rag.index.text_tokens import tokenize
from rag.names import name_words
from rag.places import is_place, place_in
from rag.records import Chunk

if TYPE_CHECKING:  # verdict.py reads the figure asks, which read this module
    from rag.answer.verdict import QuestionTerm

MIN_PART_LEN = 4  # a shorter word ("AI", "Hub"?) is not looked for inside joined names
MIN_UNKNOWN_LEN = 4  # shorter unknown words ("o" of "São") are not taken as names
# ... but a short code of letters then digits is ("ao3", "k8s"): a name, not a word cut short
CODE_WORD = re.compile(r"[a-z]{1,3}\d[a-z\d]*")
MIN_LOCAL_TERM_LEN = 7  # an unknown word this long in a question set in a place is the place's term
_ACRONYM3 = re.compile(r"[A-Z]{3}")  # "CPF": a name unless the passages spell it out
# A code of digits and capitals ("409A", "T-4"), not an amount ("10K"): a name when the corpus lacks it
_CODE = re.compile(r"(?=[\w-]*\d)(?=[\w-]*[A-Z])(?!\d+[KMB]\b)[A-Za-z0-9][\w-]{2,}")
# A currency's code is the amount's unit, not a name ("whats the salary in CHF": the amount check reads it)
_CURRENCY_CODE = frozenset(
    "usd eur gbp inr jpy chf cad aud nzd sgd hkd sek nok dkk pln czk huf ron aed sar qar zar brl mxn ils "
    "try cny krw php idr myr thb vnd ngn kes egp".split()
)
_CAMEL = re.compile(r"\b[A-Z]?[a-z]+(?:[A-Z][a-z]+)+\b")  # "TeamBlind", "LinkedIn"
_CAMEL_PART = re.compile(r"[A-Z]?[a-z]+")
_WORD = re.compile(r"[A-Za-z0-9]+")


def compound_part(word: str, passages: Sequence[Chunk]) -> bool:
    """A capitalised word that the passages write as one part of a joined name: "Blind" in
    "TeamBlind" (the guide's section on Blind threads)."""
    if not word[:1].isupper() or len(word) < MIN_PART_LEN:
        return False
    low = word.lower()
    return any(low == part.lower() for c in passages for part in joined_name_parts(c.embed_text))


def joined_name_parts(text: str) -> list[str]:
    """The words of the joined names in `text`: "Team" and "Blind" of "TeamBlind"."""
    return [part for name in _CAMEL.findall(text) for part in _CAMEL_PART.findall(name)]


def in_corpus(bm25: BM25Index, phrase: str, exact: bool = False) -> bool:
    """Some chunk of the index writes the phrase's words in a row (any case, any punctuation between; with
    `exact`, the phrase as written: "Copy.ai", not "copy, AI")."""
    stems = tokenize(phrase)
    if not stems or any(s not in bm25.idf for s in stems):
        return False
    rows = bm25.rows_with(max(stems, key=lambda s: bm25.idf[s]))
    words = re.escape(phrase) if exact else r"\W+".join(re.escape(w) for w in _WORD.findall(phrase))
    pattern = re.compile(rf"\b{words}\b", re.I)
    return any(pattern.search(bm25.chunks[r].embed_text) for r in rows)


# A company named by its web address: "Copy.ai", "Checkout.com"
_DOMAIN = re.compile(r"\b[A-Za-z][\w-]*\.(?:ai|io|com|co|dev|app|so|sh|xyz|tech)\b")


def unwritten_domains(bm25: BM25Index, catalog: Catalog, question: str) -> list[str]:
    """The names the question writes as a web address ("Does Copy.ai do a take-home?") that are no
    employer of the postings and that no chunk of the index writes (its words are common: "copy", "ai")."""
    names = (m.group(0) for m in _DOMAIN.finditer(question))
    # "Checkout.com" is an employer of the postings
    return [n for n in names if not catalog.companies_in(n) and not in_corpus(bm25, n, exact=True)]


# A name followed by "AI" ("harvey ai legal llm eng roles", "interviewing at Inflection AI")
_AI_NAME = re.compile(r"\b([A-Za-z][a-z0-9]+)\s+ai\b", re.I)
# A job's title right after "AI": the employer's AI team ("xaira ai research engineer"), not a company
_AI_TITLE = re.compile(
    # ("nxp AI/ML-driven ASIC design principal")
    r"(?:\s*[/&]\s*ml(?:-\w+)?)?(?:\s+(?!(?:jobs?|roles?|openings?|positions?|for|at|in)\b)[\w-]+){0,3}?"
    r"\s+(?:engineer|developer|scientist|researcher|architect|intern|eng|swe|dev|lead|specialist|consultant|"
    r"analyst|manager|principal)s?\b",
    re.I,
)
_NAME_AFTER = frozenset({"at", "about", "for", "with", "from", "join", "joining"})
# ... or a kind of employer ("french ai startups", "berlin ai scene"): no name
_AI_KIND = re.compile(r"\s+(?:start-?ups?|compan(?:y|ies)|firms?|labs?|scene|sector|industry|market)\b", re.I)
_BRACKET = re.compile(r"\s*\(.*")  # "Maze (mazehq.com)": the name is "Maze"
_OPENS = frozenset(("", ".", "!", "?", ":", "#", "-", "*", "|", "\n"))  # before a sentence's first word


def unwritten_ai_names(
    bm25: BM25Index, catalog: Catalog, question: str, key_idf: float, named: Sequence[Company]
) -> list[str]:
    """The "<name> AI" companies the question names where an employer's name goes that no chunk writes,
    when the name is a rare word that the corpus only ever writes as a name ("Harvey", a product in one
    posting) or the first word of another employer's name ("Luma Financial Technologies") without a
    title after "AI" ("xaira ai research engineer" is Xaira Therapeutics' AI team). `named`: the companies
    the question names (`catalog.companies_in`)."""
    found = []
    for m in _AI_NAME.finditer(question):
        before = _WORD.findall(question[: m.start()])
        word, stems = m.group(1), tokenize(m.group(1))
        if (before and before[-1].lower() not in _NAME_AFTER) or len(stems) != 1 or is_place(word):
            continue
        if _AI_KIND.match(question, m.end()):
            continue
        if catalog.idf.get(stems[0], 0.0) < key_idf or in_corpus(bm25, m.group(0)):
            continue
        names = [name_words(_BRACKET.sub("", c.name)) for c in named]
        words = [w for w in names if word.lower() in w]
        if words:  # another employer's name begins with the word
            other = all(len(w) > 1 and w[0] == word.lower() for w in words)
            if other and _AI_TITLE.match(question, m.end()) is None:
                found.append(m.group(0))
        elif written_as_name(bm25, stems[0], word):
            found.append(m.group(0))
    return found


def written_as_name(bm25: BM25Index, stem: str, word: str) -> bool:
    """Every chunk that writes `word` inside a sentence writes it with a capital, never in capitals
    ("…, Legora, Harvey, CoCounsel", not "FAANG"; a sentence's or a title's first word says nothing)."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
    forms = {
        m.group(0)
        for r in bm25.rows_with(stem)
        for text in [bm25.chunks[r].embed_text]
        for m in pattern.finditer(text)
        if text[: m.start()].rstrip(" \t")[-1:] not in _OPENS
    }
    return bool(forms) and all(f[:1].isupper() and not f.isupper() for f in forms)


def unwritten_thing(
    bm25: BM25Index, catalog: Catalog, thing: str, everyday_page_df: int, common_words: bool = False
) -> bool:
    """A thing of several words that no chunk writes in a row, one of whose words the guide's pages
    seldom use ("theatre tickets", "a meditation room"): what no posting offers. With `common_words`,
    any such thing ("star sign": each word common in another sense)."""
    rare = common_words or any(catalog.page_stem_df.get(s, 0) < everyday_page_df for s in tokenize(thing))
    return len(thing.split()) > 1 and rare and not in_corpus(bm25, thing)


def cut_acronym(bm25: BM25Index, surface: str) -> bool:
    """An acronym the stemmer cuts to a word ("PAYE": "pay") that no chunk writes whole: a word of its own."""
    low = surface.lower()
    cut = surface.isupper() and len(surface) >= 3 and tokenize(low) != [low]
    return cut and not in_corpus(bm25, low)


# Words after which a word the corpus never uses names an employer: "at nubank", "does tesco pay".
_BEFORE_NAME = frozenset({"at", "does", "do", "did", "join", "joining", "from", "like", "vs", "versus"})
# ... or before what it pays or is set beside, its team or its people: "zorblex pays well", "zorblex vs
# deepmind", "the zorblex applied ml team", "the zorblex cto"
_NAME_BEFORE = re.compile(
    r"\s+(?:vs\.?|versus|pays|paid|cto|ceo|founders?|recruiters?|hiring manager)\b"
    r"|(?:\s+[\w-]+){0,2}\s+team\b",
    re.I,
)
# ... and pairs of words: "applying to nabla", "interviewing with tessl", "an offer from suno"
_APPLIED = re.compile(
    r"(?:apply|applying|applied|interview|interviewing|interviewed|offer|hired|work|working)"
    r" (?:to|with|for|by)",
    re.I,
)
# What an employer does right after its name: "tessl is hiring", "saw genspark posting AI roles", "greggs
# has an AI engineering team"
_HIRES = re.compile(
    r"\s+(?:(?:(?:is|are|was|were) )?(?:hiring|recruiting|posting|posted|hires)\b"
    r"|(?:has|have|had) (?:an? |its own )?(?:ai|ml|data|genai|llm)(?: engineering)? (?:team|lab|group)\b)",
    re.I,
)
# "what would suno ask in an interview", "how much will vexa pay": a modal, the name, what it does
_MODAL = frozenset({"would", "will", "could", "might"})
_DOES = re.compile(r"\s+(?:ask|pay|hire|interview|test|expect|want|look for|offer)\b", re.I)


# A job's title within a few words ("retell ai voice agent engineer"; not "behavioural interview: …")
_JOB_AFTER = re.compile(
    # (no name goes before an article or a preposition: "spotting a first-ai-hire role in a JD", "selenium
    # in an ai engineer interview??")
    r"(?!\s+(?:a|an|the|my|your|this|that|in|at|for|on|of|to|with|during|from|by)\s)(?:\s+[\w&./-]+){0,3}?\s+"
    r"(?:engineer|developer|scientist|researcher|intern|architect|mle|swe|sde|job|role|opening|vacanc(?:y|ie))s?\b"
    r"|\s+(?:ai|labs)\s+(?:interview|hiring)"  # "voyage ai interview process": an AI company's name
    r"|\s+(?:salar(?:y|ies)|pay|comp(?:ensation)?)\b"  # "nexusflow salary for applied AI"
    # "eroski supermarkets - any data or AI roles"
    r"|(?:\s+[\w&.-]+)?(?:\s+[-–—]|:)\s+(?:any|open)\s+(?:[\w&/]+\s+){0,3}?(?:roles?|jobs?|openings?)\b",
    re.I,
)


# A job's title right after a name, no word of a clause between ("food lion machine learning roles", not
# "visible tattoos ok in AI jobs")
_TITLE_AFTER_NAME = re.compile(
    r"(?:\s+(?!(?:in|at|for|of|on|with|ok|okay|to|from|by)\b)[\w&./-]+){0,3}?\s+"
    r"(?:engineer|developer|scientist|researcher|intern|architect|mle|swe|sde|job|role|opening|vacanc(?:y|ie))s?\b",
    re.I,
)


# ... a word the corpus never uses, what the firm does after it, then jobs asked: "evri parcel firm - machine
# learning engineer openings?", "composio agent tooling - hiring AI engineers?"
_FIRM_THEN_JOBS = re.compile(
    r"(?:\s+[\w&.-]+){0,2}(?:\s+[-–—]|:)\s+(?:(?:[\w&/]+\s+){0,3}?(?:openings?|vacanc(?:y|ies)|roles|jobs)\b"
    r"|(?:are they |is it |they )?hiring\b)",
    re.I,
)


def opens_job(question: str, start: int, end: int, unknown: bool = False) -> bool:
    """The word at question[start:end] opens the question before a job's title, as an employer's name
    does ("retell ai voice agent engineer - remote?"): a word the passages lack there names an employer.
    So does a word the corpus never uses (`unknown`) second, right before a title ("harris teeter analytics
    or AI openings", "food lion machine learning roles"), or first, a clause before jobs asked."""
    before = _WORD.findall(question[:start])
    if not before:
        return _JOB_AFTER.match(question, end) is not None or (
            unknown and bool(_FIRM_THEN_JOBS.match(question, end))
        )
    return unknown and len(before) == 1 and _TITLE_AFTER_NAME.match(question, end) is not None


def name_position(question: str, start: int, end: int) -> bool:
    """The word at question[start:end] stands where a name goes: first, written with a capital or
    before a title or an interview word ("Zorblax data engineer - …", "gojek ai engineer rounds?"; not
    "bombed three interviews …"), after "at", "does", "like" or "applying to", between "would" and "ask",
    before "'s", "is hiring", "pays", "vs" or a team ("what's the process at nubank", "saw tessl posting
    roles", "heard zorblex pays well"). A word
    the corpus never uses written there in lower case is still a name, not an everyday word."""
    before = _WORD.findall(question[:start])
    if not before:
        return (
            question[start : start + 1].isupper()
            or employer_first(question, start, end)
            or hires_after(question, end)
            or _NAME_BEFORE.match(question, end) is not None
        )
    # a word alone in brackets glosses a name or a term ("the opportunity card (chancenkarte)")
    glossed = question[:start].rstrip().endswith("(") and question[end:].lstrip().startswith(")")
    return (
        before[-1].lower() in _BEFORE_NAME
        or " ".join(before[-2:]).lower() == "such as"
        or question[end : end + 2] in ("'s", "’s")
        or _NAME_BEFORE.match(question, end) is not None
        or glossed
        or employer_acts(question, start, end)
    )


def hires_after(question: str, end: int) -> bool:
    """What an employer does follows the word ending at `end`: "is hiring", "posting", "posted"."""
    return _HIRES.match(question, end) is not None


def employer_acts(question: str, start: int, end: int) -> bool:
    """The word at question[start:end] is one an employer's actions frame: "applying to nabla", "what
    would suno ask", "tessl is hiring" (no typo of a known word stands there)."""
    before = _WORD.findall(question[:start])
    modal = bool(before) and before[-1].lower() in _MODAL and _DOES.match(question, end) is not None
    return modal or _APPLIED.fullmatch(" ".join(before[-2:])) is not None or hires_after(question, end)


def unknown_names(
    question: str,
    terms: Sequence[QuestionTerm],
    catalog: Catalog,
    spelled_out: Callable[[str], bool] = lambda _word: False,
) -> list[QuestionTerm]:
    """The question's `terms` that name something the corpus never uses ("Bumble", "Mojo", "409A",
    "FGTS"), also a capitalised word opening the question where an employer stands ("Tesco applied AI
    engineer - …"), a three-capital acronym unless the passages spell it out (`spelled_out`: "CPF", not
    "PMM" beside "Product Marketing Manager"), and a lower-case word where a name goes (`unknown_name`)."""
    acronyms = [
        t
        for t in terms
        if _ACRONYM3.fullmatch(t.surface)
        and t.surface.lower() not in _CURRENCY_CODE
        and not catalog.known(t.stem)
        and not spelled_out(t.surface)
    ]
    named = acronyms + [
        t
        for t in terms
        if (
            t.capital
            or _CODE.fullmatch(t.surface)
            or (t.surface[:1].isupper() and employer_first(question, t.start, t.end))
        )
        and max(len(t.stem), len(t.surface)) >= MIN_UNKNOWN_LEN  # "FGTS", stemmed "fgt"
        and not catalog.known(t.stem)
    ]
    return named + [t for t in terms if not t.capital and unknown_name(question, t, catalog)]


def _slip(word: str, other: str) -> bool:
    """`other` is `word` with two neighbouring letters swapped or one letter left out or added ("pyhton",
    "implmentation"), not one letter changed ("primark": "primary" is another word)."""
    if len(word) == len(other):
        diff = [i for i, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and sorted(word) == sorted(other)
    short, long = sorted((word, other), key=len)
    return len(long) == len(short) + 1 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _graded(word: str, catalog: Catalog) -> bool:
    """`word` is a known word's superlative ("commonest", "snappiest"), no name."""
    m = re.fullmatch(r"([a-z]+?)est", word.lower())
    if m is None:
        return False
    base = m[1]  # "common"; "large" less its "e", "big" doubled, "easy" as "easi"
    bases = {base, base + "e", base[:-1], *([base[:-1] + "y"] if base.endswith("i") else [])}
    return any(len(b) >= 3 and (stems := tokenize(b)) and all(map(catalog.known, stems)) for b in bases)


def unknown_name(question: str, term: QuestionTerm, catalog: Catalog) -> bool:
    """A lower-case word the corpus never uses, not even with one typo, where a name goes ("how many
    rounds does swile have", "the opportunity card (chancenkarte)"): a name the guide lacks. Where an
    employer's actions frame it no typo is forgiven ("tessl is hiring" is no "tests")."""
    # opening the question before a title ("primark ai engineer job openings"), no typo is forgiven either
    first = not question[: term.start].strip() and employer_first(question, term.start, term.end)
    acts = employer_acts(question, term.start, term.end)
    fixed = catalog.correct(term.stem) or ""
    # ... but two letters swapped or one left out ("pyhton", "implmentation") are a typo there too
    forgiven = not acts and (not first or _slip(term.stem, fixed))
    known = catalog.known(term.stem) or (forgiven and catalog.known(fixed)) or _graded(term.surface, catalog)
    # a lower-case opening word is named, not refused, unless it is hiring ("tessl is hiring …"), set
    # beside another, paying, a team or before a title
    opening = (
        not question[: term.start].strip()
        and not first
        and not hires_after(question, term.end)
        and not _NAME_BEFORE.match(question, term.end)  # "zorblex vs deepmind …"
    )
    if len(term.surface) < MIN_UNKNOWN_LEN or known:
        return False
    if opening:  # ... unless it is a country or city no chunk names: "kyrgyzstan social fund deductions"
        return is_place(term.surface)
    local = len(term.surface) >= MIN_LOCAL_TERM_LEN  # the place's own term, when the question names one
    return name_position(question, term.start, term.end) or (local and place_in(question) is not None)


# Words no chunk uses standing side by side as a name ("holland & barrett", "BPJS kesehatan"), or one word
# of joined capitalised parts ("Hy-Vee"): the name of a thing the corpus never writes.
_RUN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_RUN_GAP = re.compile(r"\s+(?:&\s+)?")
_JOINED_CAPS = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)+(?:['’]s)?")
# written without their apostrophe, they are no names ("uni wont teach me")
_CONTRACTIONS = frozenset(
    "dont wont cant isnt arent doesnt didnt wasnt werent couldnt shouldnt wouldnt havent hasnt youre "
    "theyre thats whats heres theres gonna wanna gotta kinda sorta dunno lemme".split()
)


def never_written(catalog: Catalog, phrases: Sequence[str]) -> bool:
    """Some word of the phrases no chunk uses, not even with one typo ("kiwisaver", "azores")."""
    return any(not catalog.known(s) and not catalog.correct(s) for s in tokenize(" ".join(phrases)))


def unknown_runs(question: str, catalog: Catalog) -> list[str]:
    """Two or more words side by side that no chunk uses, not even with one typo, each of MIN_UNKNOWN_LEN
    letters or more, one of them capitalised or the two joined by "&" ("holland & barrett"), and capitalised
    words joined by hyphens none of whose parts a chunk uses ("Hy-Vee's"): what the question names, the
    corpus never does. Lower-case words alone may be everyday ones a small corpus lacks ("kombucha free")."""

    def unknown(word: str) -> bool:
        bare = re.sub(r"['’]s$", "", word)
        stems = tokenize(bare)
        return (
            len(bare) >= MIN_UNKNOWN_LEN
            and bare.lower() not in _CONTRACTIONS
            and bool(stems)
            and not any(catalog.known(s) or catalog.correct(s) for s in stems)
        )

    found: list[str] = []
    run: list[re.Match] = []
    for m in [*_RUN_WORD.finditer(question), None]:
        new = m is not None and unknown(m.group(0))
        if new and (not run or _RUN_GAP.fullmatch(question, run[-1].end(), m.start())):
            run.append(m)
            continue
        written = question[run[0].start() : run[-1].end()] if run else ""
        # a name: capitalised ("Mona Lisa", "BPJS kesehatan") or joined by "&"; "kombucha free" may be words
        named = len(run) >= 2 and ("&" in written or any(w.group(0)[:1].isupper() for w in run))
        if named or (run and _JOINED_CAPS.fullmatch(run[0].group(0))):
            found.append(re.sub(r"['’]s$", "", written))
        run = [m] if new else []
    return list(dict.fromkeys(found))
