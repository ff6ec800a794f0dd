"""Which sentence of the passages states a figure (or point) about what a question part names?

Shared by the figure checks (rag/answer/figure_kinds.py, amounts of money) and the policy check
(rag/answer/policy.py). A passage's units are its sentences, list items and table rows
(rag/answer/sentences.py); a table row is read with its table's header, as a reader reads it: the
row "Junior/New Grad | $150K-$250K | $120K-$200K + equity" under "Level | Big Tech Total Comp | AI
Startup Range" states a total-comp amount for new grads at big tech, though the row has no pay word.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from rag.answer.figures import _AMOUNT as AMOUNT
from rag.answer.figures import _PAY_STEMS as PAY_STEMS
from rag.answer.figures import PRICE_ASK, FigureAsk, figure_units, sentences, states_amount
from rag.answer.own_passages import MIN_PART_LEN, joined_name_parts
from rag.answer.sentences import split_units
from rag.answer.thing_size import thing_size
from rag.index.acronyms import ACRONYM_MIN
from rag.index.catalog import name_words
from rag.index.text_tokens import term_set, tokenize
from rag.records import Chunk
from rag.shorthand import SHORTHAND

_SEPARATOR = re.compile(r"[\s|:-]+")
BESIDE = 4  # at most this many words between a thing and the figure that states its size
# A figure: a number (with its currency, %, k or m), not a year. A clause break or an addition ("+ equity",
# "plus an annual bonus") parts a thing and a figure.
_FIGURE = re.compile(r"[$£€]\s?\d(?:[\d,.]*\d)?[kKmM]?|(?<![\w.])\d(?:[\d,.]*\d)?(?:\s?%|[kKmM]\b)?")
_YEAR = re.compile(r"(?:19|20)\d\d$")
_PERCENT = re.compile(r"\d\s?%")  # a price may be a share of pay: "a 401(k) match of 5%"
# A share asked of a thing ("401k match percent") is stated by one beside it, not an amount ("$143,000")
_SHARE_FIGURE = re.compile(r"(?<![\w.])\d(?:[\d,.]*\d)?\s?(?:%|percent\b|per cent\b)", re.I)
_SHARE_ASKED = re.compile(r"%|\bper ?cent(?:age)?\b|\brate\b|\bshare\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\d[\d,.]*")
# A list item's label before a dash ("401(k) Match – Up to 5%"): its figure is the label's, as after ":"
_LABEL_DASH = re.compile(r"^(\s*[^\s–—-][^–—]{0,40}?)\s[-–—]\s")
_BREAK = re.compile(r"[,;.!?](?:\s|$)|\s[-–+]\s|\||\b(?:plus|and)\b", re.I)


# Capitalised words of a job's title in a row: "Interactive Voice Response" (no "at GEICO" nor ", AI/ML")
_TITLE_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")


@lru_cache(maxsize=4096)
def title_initials(title: str) -> frozenset[str]:
    """The initials of each run of three or more capitalised words in a job's title, as job seekers write
    them ("IVR" for "Senior Staff Engineer, Interactive Voice Response")."""
    runs = (m.group(0).split() for m in _TITLE_RUN.finditer(title))
    return frozenset("".join(w[0] for w in run).lower() for run in runs if len(run) >= ACRONYM_MIN)


@lru_cache(maxsize=4096)
def table_headers(text: str) -> dict[str, frozenset[str]]:
    """Each table row of `text` (as rag/answer/figures.py's `sentences` gives it) with its header's stems."""
    units = split_units(text)
    out: dict[str, frozenset[str]] = {}
    header: frozenset[str] | None = None
    for i, unit in enumerate(units):
        if unit.kind != "table":
            header = None
            continue
        following = units[i + 1].text(text) if i + 1 < len(units) else ""
        raw = unit.text(text)
        if _SEPARATOR.fullmatch(raw.strip()):
            continue
        if header is None and units[i + 1 : i + 2] and _SEPARATOR.fullmatch(following.strip()):
            header = frozenset(tokenize(raw))
        elif header is not None:
            for _stems, row in sentences(raw):
                out[row] = header
    return out


def stated_cover(
    keys: Sequence[str],
    passages: Sequence[Chunk],
    weight: Callable[[str], float],
    says: Callable[[str, frozenset[str]], bool],
    names: Sequence[str] = (),
    subjects: Sequence[frozenset[str]] = (),
    only_present: bool = True,
) -> float:
    """The largest share (by weight) of `keys` that one sentence for which `says(sentence, stems)` holds
    contains, with its passage's title and section (a table row: with its header too, in `stems`).
    Only keys some passage has are weighed (1.0 when none is), unless not `only_present`. With
    `names`, only sentences in those employers' passages or naming one of them count; with
    `subjects`, only sentences naming each (with their heading and employer)."""
    have = frozenset().union(*(term_set(c.embed_text) for c in passages)) if passages else frozenset()
    # words no passage has are the lexical check's business
    present = [s for s in keys if s in have] if only_present else list(keys)
    if not present:
        return 1.0
    named = [frozenset(name_words(n)) for n in names]
    words = [frozenset(tokenize(" ".join(n))) for n in named]
    total = sum(weight(s) for s in present) or 1.0
    best = 0.0
    for chunk in passages:
        employer = str(chunk.metadata.get("company") or "")
        own = not named or frozenset(name_words(employer)) in named
        headed = frozenset(tokenize(f"{chunk.title} {chunk.section} {employer}"))
        around = headed | title_initials(chunk.title.rsplit(" at ", 1)[0])  # "IVR": the job's, not "WWT"
        # a posting's place names it ("how many years … in New York": not written in each sentence)
        placed = around | frozenset(tokenize(str(chunk.metadata.get("location") or "")))
        headers = table_headers(chunk.text)
        units = [
            (stems | headers.get(sentence, frozenset()), sentence)
            for stems, sentence in figure_units(chunk.text)
        ]
        # A heading may state the figure its section is about: "TeamBlind (147 threads)".
        units += [(frozenset(tokenize(h)), h) for h in chunk.section.split(" > ") if h.strip()]
        for stems, sentence in units:
            if (
                says(sentence, stems)
                and (own or any(w <= stems for w in words))
                and all(_names(subject, stems | placed, f"{sentence} {chunk.title}") for subject in subjects)
            ):
                best = max(best, sum(weight(s) for s in present if s in stems or s in around) / total)
    return best


# The size of a part of pay other than salary: "how big is the bonus", or its size asked as such ("roughly
# what grant size would I get", "kasisto senior full stack equity amount"; not "pay range and bonus size":
# one ask of several, rag/answer/asks.py)
PAY_COMPONENT = re.compile(
    r"\bhow (?:much|big|large|high)\b(?: [\w.'’-]+){0,6}? (bonus(?:es)?|equity|stipends?|allowances?)\b"
    r"|(?:\bwhat (?:[\w-]+ ){0,2}?|^(?!.*\b(?:and|plus)\b)[^,+&]*?\b)"
    r"(grants?|bonus(?:es)?|equity|stock|rsus?|commission)(?:\s*[-–—:]\s*|\s+)"
    r"(?:(?:typical|usual|average|expected|rough)\s+)?(?:size|amount|target)s?\b"  # "bonus - typical target?"
    r"(?=[\s?]*$|\s+would\b|\s+as an? (?:share|percent(?:age)?|%))",  # "bonus target as a share of base"
    re.I,
)


_NAMED_FIRST = re.compile(r"([\w'’-]+)\s*[:\-–—,]\s*how much\s*$", re.I)


def amount_cover(
    ask: FigureAsk, passages: Sequence[Chunk], weight: Callable[[str], float], names: Sequence[str] = ()
) -> float:
    """rag/answer/figures.py's `figure_cover`, with table rows read under their header: the largest
    share of the part's words that one unit stating an amount next to a pay word contains (next to the
    component itself when the part asks one: "$20K signing bonus" states a bonus). A price asked
    ("how much is the 401(k) match") is stated by an amount or a percentage beside the thing, in the
    passages of the employers the question `names` or a sentence naming one."""
    component = PAY_COMPONENT.search(ask.part)
    thing = ask.thing or (() if component else thing_size(ask.part))
    if thing:  # "wfh stipend amount": a figure beside the stipend, in the named employers' passages
        figure = _SHARE_FIGURE if _SHARE_ASKED.search(ask.part) else _FIGURE  # "match percent": a share
        which = thing_kind(ask.part, thing, names)
        return stated_cover(
            ask.keys,
            passages,
            weight,
            lambda text, stems: (
                bool(AMOUNT.search(text) or _PERCENT.search(text))
                and (not which or bool(which & stems))
                and states_size(_LABEL_DASH.sub(r"\1: ", text), thing, figure)
            ),
            names,
            only_present=False,
        )
    # a price asked of pay itself ("how much is Anthropic's salary range") is stated as pay is
    if component is None and PRICE_ASK.search(ask.part) and not PAY_STEMS & frozenset(tokenize(ask.part)):
        # the thing named before "- how much" is stated by its last word ("parent travel program - how
        # much": not "travel level: Low (0-15%)")
        head = tokenize(m[1])[-1:] if (m := _NAMED_FIRST.search(ask.part)) else []
        return stated_cover(
            ask.keys,
            passages,
            weight,
            lambda text, stems: (
                bool(AMOUNT.search(text) or _PERCENT.search(text))
                and states_size(text, ask.keys)
                and all(h in stems for h in head)
            ),
            names,
            only_present=False,
        )
    if component is None:  # a named employer's pay: in its own passages or a sentence naming it
        return stated_cover(ask.keys, passages, weight, states_amount, names, only_present=False)
    noun = tokenize(component.group(1) or component.group(2))[0]
    which = thing_kind(ask.part, (noun,), names)  # "how much is the commuting allowance"
    return stated_cover(
        ask.keys,
        passages,
        weight,
        lambda text, stems: (
            noun in stems
            and (not which or bool(which & stems))
            and bool(AMOUNT.search(text) or _PERCENT.search(text))  # "bonus target of 15% of base"
            and states_size(text, (noun,))
        ),
        only_present=False,
    )


# Words before a thing that say nothing of which one it is ("the yearly allowance", "their match")
_ANY_KIND = frozenset(
    tokenize(
        "the a an your their its our my his her this that any some which what whose monthly yearly annual "
        "weekly daily total typical average usual expected max maximum base company employer much big "
        "generous actual actually real exact full engineer eng developer scientist researcher role job "
        "position intern lead senior staff ai ml"
    )
)
# Things of several kinds, each with its own figure: a commuting and a phone allowance, a tuition and a gym
# reimbursement (not money raised, nor a relocation package: one of each)
_KINDED = frozenset(
    tokenize("allowance stipend reimbursement budget insurance assistance subsidy membership")
)


def thing_kind(part: str, thing: Sequence[str], names: Sequence[str] = ()) -> frozenset[str]:
    """The word before the thing that says which of its kind the part asks ("commuting" allowance,
    "tuition" reimbursement): a sentence stating another's size ("Phone allowance of up to €25/month")
    states none of it. Empty when no such word stands there (an employer's name, a period, a digit, the
    part's first word, a job's), or the thing comes in one kind only."""
    if not _KINDED & set(thing):
        return frozenset()
    named = {s for n in names for s in tokenize(n)}
    words = _WORD.findall(part)
    for at, (before, word) in enumerate(itertools.pairwise(words)):
        stems = tokenize(word)
        if not stems or not same_word(stems[0], thing):
            continue
        kind = tokenize(before)
        # a terse question's first word is mostly its employer's name ("veltro 401k match percent")
        if (
            at == 0
            or len(kind) != 1
            or len(kind[0]) < 3
            or not kind[0].isalpha()
            or same_word(kind[0], thing)
        ):
            return frozenset()
        return frozenset() if kind[0] in _ANY_KIND or kind[0] in named else frozenset(kind)
    return frozenset()


# A thing's amount in other words: funding as what was raised or what backs the company ("backed by $250M")
_SAME_THING = {"fund": ("rais", "back")}


def same_word(stem: str, thing: Sequence[str]) -> bool:
    """A word's stem is one of the thing's, allowing the stemmer's plural forms ("bonus", "bonu")."""
    thing = [*thing, *(w for t in thing for w in _SAME_THING.get(t, ()))]
    return any(
        stem == t or (min(len(stem), len(t)) >= 4 and (stem.startswith(t) or t.startswith(stem)))
        for t in thing
    )


def states_size(sentence: str, thing: Sequence[str], figure: re.Pattern = _FIGURE) -> bool:
    """Whether `sentence` states a figure (`figure`'s) beside one of the thing's words (its own digits
    aside: "401(k)" states no figure for itself)."""
    spans = [(m.start(), m.end(), tokenize(m.group(0))) for m in _WORD.finditer(sentence)]
    at = [(a, b) for a, b, stems in spans if stems and same_word(stems[0], thing)]
    figures = [
        (m.start(), m.end())
        for m in figure.finditer(sentence)
        if not _YEAR.match(m.group(0).strip()) and not any(a <= m.start() < b for a, b in at)
    ]
    for fa, fb in figures:
        for ta, tb in at:
            between = sentence[min(fb, tb) : max(fa, ta)]
            if len(_WORD.findall(between)) <= BESIDE and not _BREAK.search(between):
                return True
    return False


_ACRONYM = re.compile(r"[A-Z]{2,5}")


LOWER_INITIALS = 3  # an abbreviation this long may stand for words in lower case


def written_out(word: str, passages: Sequence[Chunk]) -> bool:
    """Whether `word` is an abbreviation the passages write out in full: "SF" as "San Francisco", "NYC"
    as "New York City" (capitalised words with its letters as initials), in their text or title."""
    return bool(_ACRONYM.fullmatch(word)) and any(_in_full(word, chunk.embed_text) for chunk in passages)


def _in_full(word: str, text: str) -> bool:
    # three letters or more in any case ("GQA": "grouped query attention"); two only capitalised ("SF")
    pattern = r"\b" + r"[\s-]+".join(rf"{c}[a-z]+" for c in word) + r"\b"
    return bool(re.search(pattern, text, re.I if len(word) >= LOWER_INITIALS else 0))


def _names(subject: frozenset[str], stems: frozenset[str], text: str) -> bool:
    """A sentence names a subject by its words, writes out a one-word abbreviation ("NYC"), holds what its
    shorthand stands for ("SWE": software engineer), or writes the word as a part of a joined name ("Blind"
    in "TeamBlind")."""
    if subject <= stems:
        return True
    (word,) = subject if len(subject) == 1 else ("",)
    if 2 <= len(word) <= 5 and word.isalpha() and _in_full(word.upper(), text):
        return True
    # "SWE", "SDE II": a software engineer (II)
    if frozenset(s for w in subject for s in (tokenize(SHORTHAND[w]) if w in SHORTHAND else (w,))) <= stems:
        return True
    if len(word) < MIN_PART_LEN:
        return False
    return word in {stem for part in joined_name_parts(text) for stem in tokenize(part)}
