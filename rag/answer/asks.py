"""A question's asks for the size of a thing, and whether a passage states a figure beside that thing.

A question of several asks often asks the size of something its passages mention without a figure:
"CFA Institute senior developer - pay range and bonus size?" is answered by a posting that states the
pay and says "eligible for an annual incentive bonus, a 12% employer contribution to a 401(k)".
Mentioning the thing is no answer to its size: the ask is covered only when one sentence, list item
or table row of the passages states a figure (a number, an amount, a percentage) beside one of the
thing's words, at most BESIDE words away and in the same clause, not parted by an addition ("a 10%
annual bonus", "Bonus: 15% of base"; not "$175,000 - $250,000, plus eligible for discretionary
bonus"). rag/answer/stated.py's `states_size` decides; it also decides a pay component's amount
("how big is the bonus", rag/answer/figures.py's check).

A question's asks are its parts (figures.py) split at "," and "and" / "plus" ("salary, office days,
and equity amount"). An ask after the first asks for a size when it ends with the thing after (structural,
no topic lists):

- "how big / large / high / generous" or "how much is / are" and at most THING_WORDS words ("how big
  are the bonuses", "how much is the 401(k) match"; not "how much of the job is …", nor "how much is
  product sense expected of me", which ask how far, nor "how much experience", which a level answers);
- the thing and a word for its size ("bonus size", "equity amount", "bonus %", "the bonus target", "the
  401k match rate").
- "the size / amount / percentage of" the thing ("the size of the bonus"), and "the / their …
  match" ("what's the 401K match"; the thing's own digits are the passages' "401(k)"; "which jobs match"
  asks no size), or "how much do they match / contribute" ("… on the 401(k)"). A bare "how much X" is no
  size ask: "pay and how much experience?" asks a level.
- a thing that comes in amounts or days, listed alone after a terse pay ask ("citi VP salary, vacation
  days", "X pay, tuition assistance") or typed right after it ("ai lead pay bonus"); not "…, remote",
  nor "salary range? any equity?", which asks whether it comes.

Of a named employer's job two more later asks are read against its postings (employer_asks.py).

Amounts of pay, shares, durations and counts keep their own checks (figures.py, figure_kinds.py): an
ask they read is no size ask here. rag/answer/answerability.py names the size asks no passage states
as the part the answer does not cover, when the question asks something else too; the employers the
question names count only in their own passages or in sentences naming them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.answer.figure_kinds import kind_asks, money_asks
from rag.answer.question_words import (
    AUXILIARIES,
    BACK_JOIN,
    MIN_PART_TERMS,
    WH_WORDS,
    listed_after_pay,
    parts,
)
from rag.answer.stated import PAY_COMPONENT, stated_cover, states_size
from rag.answer.thing_size import DIGIT_LED, amounted, same_thing, thing_size
from rag.index.text_tokens import tokenize
from rag.records import Chunk

THING_WORDS = 3  # the thing is named in at most this many words after the size cue
_FILLER = (
    r"(?:is|are|was|were|do|does|did|will|would|the|their|its|they|them|a|an|of|on|in|for|to|you|we|i|"
    r"and|plus|what|what's|whats|s|lol|haha|pls|please|tho|though|btw|too|also|really|actually)"
)
# The ask ends with the thing: "how much is product sense expected of me" asks how far, not a size;
# "how much of the job is …" asks a part of something, "how much experience" is answered by a level too.
_HOW = re.compile(
    r"\bhow (?:(?:big|large|high|generous)|much (?:is|are|was|were))\b(?! of\b)"
    r"(?P<thing>(?:\s+[\w()'-]+){1,6})$",
    re.I,
)
_SIZED = re.compile(
    r"(?P<thing>[\w()'-]+(?:\s+[\w()'-]+)?)\s*"
    r"(?:amounts?|sizes?|%|percentages?|targets?|rates?|length|duration)$",
    re.I,
)
# "the size of the bonus"; "the 401(k) match" (a determiner before the thing: "which jobs match" asks no size)
_SIZE_OF = re.compile(
    r"\b(?:size|amount|percentage) of (?:the |their |its |a |an )?"
    r"(?P<thing>[\w()'-]+(?:\s+[\w()'-]+)?)$",
    re.I,
)
_MATCH = re.compile(r"\b(?:the|their|its|a|an)\s+(?P<thing>[\w()'-]+(?:\s+[\w()'-]+)?\s+match)$", re.I)
# "how much do they match on the 401(k)", "how much does Acme contribute to the pension"
_MATCHED = re.compile(
    r"\bhow much (?:do|does|did|will|would) [\w.&'’-]+ (?P<thing>(?:match|contribute)(?:\s+[\w()'-]+){1,3})$",
    re.I,
)
# ... "what do they put into the pension": what the employer adds to a thing
_PUT_IN = re.compile(
    r"\bwhat (?:do|does|did|will|would) [\w.&'’-]+ (?:put|pay|add) (?:in|into|to|towards?) "
    r"(?P<thing>[\w()'-]+(?:\s+[\w()'-]+){0,2})$",
    re.I,
)
_THING_END = frozenset(
    "on is are was were do does did comes come in for with to per at by involved too".split()
)
FILLER_WORD = re.compile(_FILLER, re.I)
# The words that ask a size, and whose it is ("a company match" sizes the match: a figure beside "company"
# in "a company of 180+" states none)
_SIZE_WORDS = frozenset(
    tokenize(
        "amount size percentage percent target length duration much big large high generous how "
        "company employer"
    )
)
_PAY_RATE = re.compile(r"\b(?:hourly|daily|day) rate\b", re.I)
_SIZE_CUES = (_HOW, _SIZED, _SIZE_OF, _MATCH, _MATCHED, _PUT_IN)
# "how much do they match" alone may ask how well something matches (with the thing: _MATCHED)
_MATCH_VERB = re.compile(r"\bhow much (?:do|does|did|will|would) [\w.&'’-]+ match\s*$", re.I)
# A size word inside the first ask: "what % of salary is the bonus" (not "401k match" alone: whether)
_SIZE_ASKED = re.compile(
    r"%|\bpercent(?:age)?\b|\bhow (?:much|big|large|high|generous)\b"
    r"|\btotal (?:funding|raised?)\b|\b(?:funding|raised) total\b"  # "aspora total funding, sequoia etc?"
    # "tide L&D budget per year and …": an amount each period
    r"|\b(?:budget|allowance|stipend|reimbursement)s?\s+(?:per|a|each|every)\s+(?:year|month|week|annum)\b",
    re.I,
)
# Asks within a part: "pay range and bonus size", "salary, office days, and how much equity", "salary +
# bonus", "base range & equity %" ("&" only after a figure's word: "Cushman & Wakefield" is a name), and a
# component typed after the pay ("ai lead pay bonus")
_FIGURE_WORD = r"(?:pay|salary|comp|compensation|base|range|band|bonus|equity|stock|options|rsus?|days|match)"
_COMPONENT = r"(?:bonus(?:es)?|equity|stock|rsus?|commission)"
_ASK_BREAK = re.compile(r",\s+(?:and\s+|plus\s+)?|\s+(?:and|plus)\s+|\s+\+\s+", re.I)
_WORD_BREAK = re.compile(
    rf"(?:%|\b{_FIGURE_WORD})(\s+&\s+)|\b(?:pay|salary|base)(\s+)(?={_COMPONENT}\s*$)", re.I
)
# Listed after the pay ("VP salary, vacation days", question_words.py), or typed right after it ("ai lead
# pay bonus"), a thing that comes in amounts or days asks its figure too ("…, remote" asks no figure)
_JUXTAPOSED = re.compile(rf"\b(?:pay|salary|base)\s+({_COMPONENT})\s*$", re.I)


@dataclass(frozen=True)
class SizeAsk:
    """An ask of a question for the size of a thing: the ask as written and the thing's stems."""

    ask: str
    thing: tuple[str, ...]


def thing_stems(words: Sequence[str]) -> tuple[str, ...]:
    """The thing's stems, a name's own digits as the passages' "401(k)" writes them too ("401K" is "401k"
    and "401"), less the words that ask its size."""
    stems = (x for w in words for s in tokenize(w) for x in (s, DIGIT_LED.sub(r"\1", s)))
    return tuple(dict.fromkeys(s for s in stems if len(s) > 1 and s not in _SIZE_WORDS))


def leading(rest: str) -> list[str]:
    """The thing's words: those before the first that goes on to a verb or a preposition."""
    words = []
    for w in re.findall(r"[\w()'-]+", rest):
        if w.lower() in _THING_END:
            break
        if not FILLER_WORD.fullmatch(w):
            words.append(w)
    return words


def _broken(ask: str) -> list[str]:
    """The ask split at "&" after a figure's word and before a component typed after the pay."""
    cuts = [(m.start(g), m.end(g)) for m in _WORD_BREAK.finditer(ask) for g in (1, 2) if m.group(g)]
    starts, ends = [0, *(b for _a, b in cuts)], [*(a for a, _b in cuts), len(ask)]
    return [ask[a:b] for a, b in zip(starts, ends, strict=True)]


_PLUS = re.compile(r"\s+\+\s+")
_PERIOD_ASK = re.compile(r"how much(?: is it| are they)? (?:a|per|each|every) (?:day|week|month|year)", re.I)
_CLAUSE_START = re.compile(r"[:,]|\s[-–—]\s")
_UNITS = frozenset(
    "weeks week months month days day years year hours shares share rsus rsu options units percent "
    "percentage % $ € £ usd eur gbp dollars euros pounds annually monthly yearly weekly annum".split()
)
_UNIT_GLUE = frozenset("in as of or and per a an the terms number numbers figure roughly approx".split())
# a hedge on the figure asked, after a comma: "what's the stipend worth, roughly?" is one ask
_HEDGE = re.compile(
    r"(?:roughly|approximately|approx|ballpark|more or less|give or take|exactly|precisely|or so|ish)", re.I
)


def _compound(part: str) -> str:
    """ "X NL: phone + internet allowance amounts": a word or two joined by "+" to a thing that comes in
    amounts names that thing ("phone+internet allowance"), not an ask of its own ("salary + bonus" is two)."""

    def joined(m: re.Match) -> str:
        left = _CLAUSE_START.split(part[: m.start()])[-1].split()
        right = _ASK_BREAK.split(part[m.end() :])[0]
        one = 0 < len(left) <= 2 and not re.search(rf"\b{_FIGURE_WORD}\b", " ".join(left), re.I)
        return "+" if one and amounted(right) else m.group(0)

    return _PLUS.sub(joined, part)


def question_asks(question: str) -> list[str]:
    """The question's asks: its parts (rag/answer/figures.py), each split at "," and "and" / "plus", at
    "&" after a figure's word and before a pay component typed after the pay ("lead pay bonus")."""
    split = (
        b
        for p in parts(question)
        for a in ([p] if BACK_JOIN in p else _ASK_BREAK.split(_compound(p)))
        for b in _broken(a)
    )
    asks: list[str] = []
    for a in (a.strip(" ,.?") for a in split):
        if asks and (_HEDGE.fullmatch(a) or _PERIOD_ASK.fullmatch(a) and amounted(asks[-1])):
            asks[-1] = f"{asks[-1]}, {a}"  # "X lunch stipend, how much a day"
        elif a:
            asks.append(a)
    return asks


def questioned(question: str, ask: str) -> bool:
    """The question puts the ask with a question mark of its own ("t-systems ai eng: pune? salary?"): it
    asks whether, where a comma would only name the job ("X engineer in pune, salary?")."""
    at = question.find(ask)
    return at >= 0 and question[at + len(ask) :].lstrip().startswith("?")


def size_asks(question: str) -> list[SizeAsk]:
    """The asks of `question` after its first for the size of a thing, ending with the thing, besides
    those asking an amount of pay or a share, duration or count (their own checks read those)."""
    out, asked, first = [], question_asks(question), parts(question)[:1]
    # "VP salary, vacation days", "ai lead pay bonus": the things listed after the pay
    listed = {t.lower() for p in first for t in [*listed_after_pay(p), *_JUXTAPOSED.findall(p)]}
    # ... unless the first is itself a thing's size beside other asks, which no terse reading of the
    # question as one ask takes ("8am annual bonus size, 401k match", "X: referral bonus amount and …")
    # (a size word there: "X remote - 401k match and how much pto" may ask whether there is a match)
    if (
        len(asked) > 1
        and not any(a.part in asked[0] or asked[0] in a.part for a in money_asks(question))
        and (_SIZED.search(asked[0]) or _SIZE_ASKED.search(asked[0]))
        and (thing := thing_size(asked[0]))
    ):
        out.append(SizeAsk(asked[0], thing))
        listed |= {a.lower() for a in asked[1:]}  # "…, 401k match": listed after a size, its size too
    for ask in asked[1:]:  # a later ask: the first is what the question is about
        # ("bonus size" or "what's the 401k match" alone reads as a terse amount asked: here it is one ask of
        # several; a pay component's size is figures.py's)
        if _PAY_RATE.search(ask):  # "at what hourly rate": the pay, figures.py's
            continue
        sized = _SIZED.search(ask) or (thing_size(ask) and not PAY_COMPONENT.search(ask))
        if (money_asks(ask) and not sized) or kind_asks(ask):
            continue
        m = next((m for p in _SIZE_CUES if (m := p.search(ask))), None)
        # what goes into or is put towards a thing ("how much goes into the Acorns account each month"), or
        # another reading of a thing's size ("how much funding has it taken so far", "what's the ESPP
        # discount")
        if m is None and not _MATCH_VERB.search(ask) and (thing := thing_size(ask)):
            out.append(SizeAsk(ask, thing))
            continue
        words = [
            w
            for w in re.findall(r"[\w()'-]+", m.group("thing") if m else ask)
            if not FILLER_WORD.fullmatch(w)
        ]
        if m is None and not (ask.lower() in listed and _bare(ask)):
            continue
        if len(words) > THING_WORDS:  # more than a thing after the cue: a clause, not a size asked
            continue
        if thing := thing_stems(words):
            out.append(SizeAsk(ask, thing))
    return out


def _bare(ask: str) -> bool:
    """The ask names a thing that comes in amounts or days alone, no question word first."""
    words = ask.split()
    return (
        0 < len(words) <= THING_WORDS
        and words[0].lower() not in (*WH_WORDS, *AUXILIARIES, "any")
        and bool(amounted(ask))
    )


def size_stated(ask: SizeAsk, passages: Sequence[Chunk], names: Sequence[str]) -> bool:
    """Some sentence of the passages states a figure beside the ask's thing (stated.py's `states_size`)."""
    return bool(
        stated_cover(
            ask.thing,
            passages,
            lambda _s: 1.0,
            lambda text, _stems: states_size(text, ask.thing),
            names,
            only_present=False,
        )
    )


def sized_aside(part: str, passages: Sequence[Chunk], names: Sequence[str] = ()) -> str | None:
    """The ask for pay of a part that asks it beside things that come in amounts ("Outsmart applied AI eng:
    holiday allowance and the pay figure": "the pay figure") when the passages state the size of every
    other ask's thing; else None (the part is asked whole)."""
    asked = [a.strip(" ,.?") for a in _ASK_BREAK.split(part) if a.strip(" ,.?")]
    pay = [a for a in asked if money_asks(a)]
    rest = [a.rsplit(":", 1)[-1] for a in asked if a not in pay]
    if len(pay) != 1 or not rest or not all(amounted(a) for a in rest):
        return None
    if any(same_thing(a, pay[0]) for a in rest):  # "X matching program, how much …": one thing asked
        return None
    things = [SizeAsk(a, amounted(a)) for a in rest]
    return pay[0] if all(size_stated(t, passages, names) for t in things) else None


def asks_beside(question: str, sizes: Sequence[str]) -> list[str]:
    """The question's asks besides the `sizes` asked: not inside one, nor naming its thing ("nvent matching
    program, how much do they match on donations": the program is the match asked about), nor the unit
    the size is wanted in (`unit_only`)."""
    asked = question_asks(question)
    return [a for a in asked if not any(a in s or same_thing(a, s) for s in sizes) and not unit_only(a)]


def unit_only(ask: str) -> bool:
    """The ask names only the unit or period a figure is wanted in ("in weeks", "in shares or RSUs",
    "per month or per year"): it asks nothing of its own."""
    words = re.findall(r"[\w%$€£]+", ask.lower())
    return bool(words) and bool(set(words) & _UNITS) and set(words) <= _UNITS | _UNIT_GLUE


def later_asks_only(question: str, missing: Sequence[str]) -> bool:
    """Every missing word lies in an ask after the first, and the first names something."""
    asked = question_asks(question)
    if len(asked) < 2 or len(tokenize(asked[0])) < MIN_PART_TERMS:
        return False
    start = question.find(asked[1])
    return start > 0 and all(question.find(m, start) >= start for m in missing)
