"""Postings whose own text mentions a phrase of the question: a figure for what no column records.

"Is a PhD required for AI engineer roles?" is refused as a field the job data does not record, yet the
postings' own text (title and raw description: the table's posting_text) can be counted. The phrase is
the question's own words around what the refusal names (the gap's words, or the words that made the
router call it a field not recorded: NOT_RECORDED), at most MAX_WORDS words, stopping at stop words,
question-form words, verbs of asking and values the parser took. It is matched case-insensitively on
word boundaries, with the spellings that differ only by dots, a hyphen or a plural ending ("PhD",
"Ph.D.", "PhDs"; "e-mail", "email"), never with a list of topics. A mention is not a requirement or
an offer, and the reply says so. A count or share of postings that mention the phrase is the figure
asked ("What share of postings mention a PhD?"); any other question keeps its refusal, with the figure
beside it. Either way the count is over the postings the question's values pick (the desk's filters:
"How many London postings mention visa sponsorship?" counts London's), said as the base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.answer.question_words import THING_ENDS, parts
from rag.market.build import by_field, filters_of
from rag.market.cues import GROUP_POSTINGS, NOT_RECORDED, STOPWORDS
from rag.market.parser import Extraction
from rag.market.phrases import clauses, join, pct, postings
from rag.market.readings import LANGUAGE_GAP, as_language
from rag.market.recorded import FORM_WORDS
from rag.market.spec import Filters
from rag.market.unrecorded import COUNT_ASK, PREDICATES
from rag.market.vocab import label

MAX_WORDS = 4  # a longer run of words is a clause, not a phrase a posting would use
MAX_EXAMPLES = 3
GENERIC_SHARE = 0.5  # a phrase more than half the postings use is not shown beside a refusal
MIN_KEY_LEN = 3  # "AI", "ML": too short to stand for what is asked
_ABBREVIATION_LEN = 4  # "PhD", "MSc", "MBA": written with or without dots between the letters
_PREFIXED_LEN = 5  # "email"/"e-mail", "ecommerce"/"e-commerce"; a shorter word is no prefixed one
_WORD = r"[A-Za-z0-9]+(?:[.'’/-][A-Za-z0-9]+)*\.?"
_PIECE = re.compile(_WORD)  # what a pattern is built of: letters and digits only
_TOKEN = re.compile(rf"[A-Za-z0-9]+\([A-Za-z]\)|{_WORD}")  # "401(k)" is one word of a question
# the gap's explanation, not the asked thing (a parenthesis inside a word, "401(k)", is the thing)
_QUOTED = re.compile(r"(?<![A-Za-z0-9])\([^)]*\)|“[^”]*”|\"[^\"]*\"")
_OFFER_VERBS = frozenset(
    "offer offers offered provide provides include includes give gives come comes".split()
)
_BOUNDARY = FORM_WORDS | PREDICATES | _OFFER_VERBS
_ASKS_SHARE = re.compile(rf"{COUNT_ASK.pattern}|\bhow (?:often|common)\b", re.I)
# A count's own unit right before the phrase ("how many hours", "what share of cold job applications"):
# up to three words after the cue, none of them the postings or companies counted.
_COUNTED = re.compile(
    r"\b(?:how (?:many|much)|(?:number|share|percentage|percent|proportion|fraction) of)"
    rf"(?:\s+(?!(?:{'|'.join(sorted(GROUP_POSTINGS))})\b)[\w'’-]+){{0,3}}\s*$",
    re.I,
)
_DETERMINERS = frozenset("the a an this these that those their its our your my".split())
# Verbs whose object is words of the postings' own text, not a value of the data.
_MENTION = re.compile(
    r"\b(?:mention(?:s|ed|ing)?|talk(?:s|ed|ing)? about|refer(?:s|red|ring)? to|cite(?:s|d)?)\b", re.I
)
# The size of the thing mentioned, not a share of postings: "X roles mention equity options - what percentage
# or how many shares?"
_ITS_SIZE = re.compile(
    r"\bhow many shares\b|\b(?:percent(?:age)?|%)\s+of\s+(?:the\s+)?(?:company|equity|stock)\b", re.I
)
# Where the mentioned thing's own words end: a comma or question mark, a preposition or a comparison
# word standing alone ("on-call" keeps its "on"), or a second thing ("and", "or": the parser's reading).
_OBJECT_END = re.compile(rf"[,?;!]|\s(?:{THING_ENDS})(?=\s|$)", re.I)
_LEADING = _DETERMINERS | {"any", "some"}
CAVEAT = (
    "A mention is not a requirement or an offer: "
    "a posting may name it as a plus, in passing or to rule it out."
)
MATCHING = "whole words, any case, with or without dots, hyphens or a plural ending"


@dataclass
class Mentions:
    """How many of the postings a question picks have own text that mentions a phrase, and the most
    recent of them."""

    phrase: str
    pattern: str  # the RE2 pattern matched against posting_text
    n_matching: int
    n_total: int  # the postings counted over: all, or those `within` picks
    examples: list[dict] = field(default_factory=list)
    within: Filters = field(default_factory=Filters)

    @property
    def base(self) -> str:
        """ "all 1,765 postings", "the 240 postings in London"."""
        if self.within.is_empty():
            return f"all {postings(self.n_total)}"
        return f"the {postings(self.n_total)} {join(clauses(self.within, verb=False))}"

    @property
    def telling(self) -> bool:
        """Whether the count tells something beside a refusal: some postings use the phrase, and not
        most of them ("team", "years": words most postings use say nothing about the asked thing)."""
        return 0 < self.n_matching <= self.n_total * GENERIC_SHARE

    @property
    def verb(self) -> str:
        return "mentions" if self.n_matching == 1 else "mention"

    def to_json(self) -> dict:
        within = self.within.model_dump(mode="json", exclude_defaults=True)
        return {"phrase": self.phrase, "pattern": self.pattern, "n_matching": self.n_matching,
                "n_total": self.n_total, "filters": within}  # fmt: skip


def _key(word: str) -> str:
    return re.sub(r"[.'’]", "", word.lower())


def _stem(key: str) -> str:
    return key[:-1] if key.endswith("s") and not key.endswith("ss") and len(key) > MIN_KEY_LEN else key


def _anchors(gap: str) -> set[str]:
    """The stems of the words that name what the refusal is about: the gap's own words and, for a
    topic the router knows the data lacks, the words of the question that named it."""
    words = _TOKEN.findall(_QUOTED.sub(" ", gap)) + [w for p in NOT_RECORDED.get(gap, ()) for w in p.split()]
    return {_stem(_key(w)) for w in words if not _key(w).isdigit() and _key(w) not in STOPWORDS}


def _strong(key: str) -> bool:
    """A word that can stand for what is asked: not short, no stop word or question-form word."""
    return len(key) >= MIN_KEY_LEN and key not in _BOUNDARY and key not in STOPWORDS


def mention_phrase(question: str, gap: str, ex: Extraction) -> str | None:
    """The question's phrase for what `gap` (the desk's not-recorded words) names, as written ("PhD",
    "visa sponsorship"): the run of the question's words holding the most of the gap's words, up to a
    stop or question-form word, an adverb or a value the parser took (`ex`), less a last word before
    an article (a preposition: "remote within the EU"). None when no such word of the gap is in the
    question, the run is longer than MAX_WORDS, or it is what a count counts ("how many hours", "what
    share of job applications"): a count of postings that mention it would answer another question."""
    if gap == LANGUAGE_GAP:  # the language itself: "German" of "German or Dutch language skills"
        tokens = ex.tokens
        return next((ex.raw_tokens[i] for i in range(len(tokens)) if as_language(tokens, i)), None)
    anchors, taken = _anchors(gap), {_key(w) for m in ex.mentions for w in m.text.split()}
    runs: list[list[tuple[str, bool, int]]] = [[]]
    after: list[str] = []  # the word that ends each run
    previous = ""
    for m in _TOKEN.finditer(question):
        token = m.group(0)
        word = token if re.search(r"\w\.\w", token) else token.rstrip(".")
        key = _key(word)
        anchor = _stem(key) in anchors  # the gap's own word, even where the parser took it as a value
        free = not (key in _BOUNDARY or key in taken or key.isdigit() or key.endswith("ly"))
        if (anchor or free) and previous != "how":  # "how big": the question's measure, not its thing
            runs[-1].append((word, anchor and _strong(key), m.start()))
        else:
            after.append(key)
            runs.append([])
        previous = key
    after.append("")
    i = max(range(len(runs)), key=lambda j: sum(strong for _, strong, _ in runs[j]))
    best = runs[i]
    if best and not best[-1][1] and after[i] in _DETERMINERS:  # "remote within the EU": a preposition
        best = best[:-1]
    if (
        not any(strong for _, strong, _ in best)
        or len(best) > MAX_WORDS
        or _COUNTED.search(question[: best[0][2]])
    ):
        return None
    return " ".join(w for w, _, _ in best)


def asks_for_mentions(question: str, ex: Extraction) -> bool:
    """A count or share of postings that mention something, and nothing else: one part, no grouping
    ("What share of postings mention a PhD?", "How many London postings mention visa sponsorship?")."""
    return (
        len(parts(question)) <= 1
        and bool(_ASKS_SHARE.search(question) and _MENTION.search(question))
        and not _ITS_SIZE.search(question)
        and not by_field(ex)
    )


def mentioned_object(question: str, ex: Extraction) -> str | None:
    """What a count or share of postings that mention something counts, as written after the verb
    ("How many Berlin jobs mention German language?": "German language"), when the parser read it as
    anything but skills of the data: a country ("German"), a word that matched no skill ("on-call"),
    nothing at all ("401(k)"). The words are then the postings' text, not a filter; the rest of the
    question narrows (`narrowed_to`). None for an object of skills only ("mention Docker": the
    skill's own figure), of more than MAX_WORDS words, or of two things joined ("Python and SQL")."""
    verb = _MENTION.search(question)
    if verb is None or not asks_for_mentions(question, ex):
        return None
    rest = question[verb.end() :]
    end = _OBJECT_END.search(rest)
    if end is not None and end.group(0).strip().lower() in ("and", "or"):
        return None
    words = rest[: end.start() if end else len(rest)].split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    words = [w.rstrip(".") if not re.search(r"\w\.\w", w) else w for w in words]
    keys = [_key(w) for w in _TOKEN.findall(" ".join(words))]
    if not keys or len(words) > MAX_WORDS or not any(_strong(k) or k.isdigit() for k in keys):
        return None
    skills = {_key(w) for m in ex.mentions if m.field == "skill" for w in _TOKEN.findall(m.text)}
    if all(k in skills or k in STOPWORDS for k in keys):
        return None
    return " ".join(words)


def narrowed_to(ex: Extraction, phrase: str, gap: str) -> Filters:
    """The postings the question's values pick (`ex`: the parser's reading), less any value inside the
    counted phrase or the desk's words for what is not recorded (`gap`): "a formal mentorship program"
    counts the words, not postings listing the skill Mentorship; "give staff a discount" is no level."""
    words = {_key(w) for w in _TOKEN.findall(f"{phrase} {_QUOTED.sub(' ', gap)}")}
    outside = [m for m in ex.mentions if not words & {_key(w) for w in _TOKEN.findall(m.text)}]
    return filters_of(outside, ex)


def _word_pattern(word: str, last: bool) -> str:
    pieces = [p for p in re.split(r"[-/]", word) if p]
    out = []
    for i, piece in enumerate(pieces):
        letters = re.sub(r"[.'’]", "", piece).lower()
        if "." in piece or (len(letters) <= _ABBREVIATION_LEN and any(c.isupper() for c in piece[1:])):
            body = r"\.?".join(letters)  # an abbreviation: "PhD", "Ph.D."
        elif "'" in piece or "’" in piece:
            body = re.sub(r"[’']", "['’]?", piece.lower())  # "master's", "masters"
        elif len(pieces) == 1 and len(letters) >= _PREFIXED_LEN:
            body = f"{letters[0]}-?{letters[1:]}"  # "email", "e-mail": a one-letter prefix, hyphenated or not
        else:
            body = letters
        if last and i == len(pieces) - 1:
            body = _plural(body)
        out.append(body)
    return "[- ]?".join(out)


def _plural(body: str) -> str:
    """The word with or without a plural ending ("agency"/"agencies", "bonus"/"bonuses")."""
    if body.endswith("ies") and len(body) > MIN_KEY_LEN + 1:
        return body[:-3] + "(?:y|ies)"
    if body.endswith("y") and len(body) > MIN_KEY_LEN and body[-2] not in "aeiou":
        return body[:-1] + "(?:y|ies)"
    if re.search(r"(?:s|x|ch|sh)es$", body):
        return body[:-2] + "(?:es)?"
    if body.endswith(("ss", "us", "is")) or re.search(r"(?:x|ch|sh)$", body):
        return body + "(?:es)?"
    if body.endswith("s") and len(body) > MIN_KEY_LEN:
        return body[:-1] + "s?"
    return body + "s?"


def mention_pattern(phrase: str) -> str:
    """An RE2 pattern (DuckDB's regexp_matches) for `phrase` and its spelled variants: case-insensitive,
    on word boundaries; only letters and digits of the phrase reach it, so it is always valid."""
    words = _PIECE.findall(phrase)
    joiner = "[-( ]?" if "(" in phrase else "[- ]?"  # "401(k)": the parenthesis joins the words
    body = joiner.join(_word_pattern(w, i == len(words) - 1) for i, w in enumerate(words))
    return rf"(?i)\b{body}\b"


def citations(found: Mentions, first: int) -> list[dict]:
    """The example postings as numbered citations (as a figure's examples are cited)."""
    return [
        {"n": first + i, "title": f"{e['title']} at {label('company', e['company'])}", "section": "Posting",
         "url": e["guide_url"], "source_paths": e.get("source_paths") or []}
        for i, e in enumerate(found.examples)
    ]  # fmt: skip


def _refs(cites: list[dict]) -> str:
    return ", ".join(f"[{c['n']}]" for c in cites)


def figure_text(found: Mentions, cites: list[dict]) -> str:
    """The answer to a count or share of postings that mention the phrase."""
    head = (
        f"**{found.n_matching:,} of {found.base} ({pct(found.n_matching, found.n_total)}) "
        f"{found.verb} “{found.phrase}”** in {'its' if found.n_matching == 1 else 'their'} own text "
        f"(title or description; {MATCHING})."
    )
    examples = f"Example postings: {_refs(cites)} (the most recent that mention it)." if cites else ""
    fields = "The job data's fields do not record it; this counts words in the postings' text."
    return "\n\n".join(p for p in (head, f"{CAVEAT} {fields}", examples) if p)


def beside_refusal(found: Mentions, cites: list[dict]) -> str:
    """The line a not-recorded reply adds: how many postings' own text mention the phrase."""
    return (
        f"In their own text, {found.n_matching:,} of {found.base} "
        f"({pct(found.n_matching, found.n_total)}) {found.verb} “{found.phrase}” ({MATCHING}), "
        f"e.g. {_refs(cites)}. {CAVEAT}"
    )


def no_mention(found: Mentions) -> str:
    """The line a not-recorded reply adds when no posting's own text uses the phrase either."""
    return f"No posting's own text mentions “{found.phrase}” either ({MATCHING}; {found.base})."


def count_mentions(engine, phrase: str, limit: int = MAX_EXAMPLES, within: Filters | None = None) -> Mentions:
    """The postings of `engine` (a MarketEngine), of those `within` picks (all when None), whose own
    text mentions `phrase`."""
    pattern, within = mention_pattern(phrase), within or Filters()
    n, n_population, examples = engine.text_matches(pattern, limit, within)
    return Mentions(phrase, pattern, n, n_population, examples, within)
