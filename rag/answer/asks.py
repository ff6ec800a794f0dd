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
- the thing and a word for its size ("bonus size", "equity amount", "bonus %", "the bonus target").
- "the size / amount / percentage of" the thing ("the size of the bonus"), and "the / their …
  match" ("what's the 401K match"; the thing's own digits are the passages' "401(k)"; "which jobs match"
  asks no size). A bare "how much X" is no size ask: "pay and how much experience?" asks a level.

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
from rag.answer.question_words import parts
from rag.answer.stated import stated_cover, states_size
from rag.index.text_tokens import tokenize
from rag.records import Chunk

THING_WORDS = 3  # the thing is named in at most this many words after the size cue
_FILLER = (
    r"(?:is|are|was|were|do|does|did|will|would|the|their|its|they|them|a|an|of|on|in|for|you|we|i|"
    r"and|plus|what|what's|whats|s)"
)
# The ask ends with the thing: "how much is product sense expected of me" asks how far, not a size;
# "how much of the job is …" asks a part of something, "how much experience" is answered by a level too.
_HOW = re.compile(
    r"\bhow (?:(?:big|large|high|generous)|much (?:is|are|was|were))\b(?! of\b)"
    r"(?P<thing>(?:\s+[\w()'-]+){1,6})$",
    re.I,
)
_SIZED = re.compile(r"(?P<thing>[\w()'-]+(?:\s+[\w()'-]+)?)\s*(?:amount|size|%|percentage|target)$", re.I)
# "the size of the bonus"; "the 401(k) match" (a determiner before the thing: "which jobs match" asks no size)
_SIZE_OF = re.compile(
    r"\b(?:size|amount|percentage) of (?:the |their |its |a |an )?"
    r"(?P<thing>[\w()'-]+(?:\s+[\w()'-]+)?)$",
    re.I,
)
_MATCH = re.compile(r"\b(?:the|their|its|a|an)\s+(?P<thing>[\w()'-]+(?:\s+[\w()'-]+)?\s+match)$", re.I)
_FILLER_WORD = re.compile(_FILLER, re.I)
_DIGIT_LED = re.compile(r"^(\d+)[a-z]+$")
_SIZE_WORDS = frozenset(tokenize("amount size percentage percent target much big large high generous how"))
_SIZE_CUES = (_HOW, _SIZED, _SIZE_OF, _MATCH)
# Asks within a part: "pay range and bonus size", "salary, office days, and how much equity"
_ASK_BREAK = re.compile(r",\s+(?:and\s+|plus\s+)?|\s+(?:and|plus)\s+", re.I)


@dataclass(frozen=True)
class SizeAsk:
    """An ask of a question for the size of a thing: the ask as written and the thing's stems."""

    ask: str
    thing: tuple[str, ...]


def question_asks(question: str) -> list[str]:
    """The question's asks: its parts (rag/answer/figures.py), each split at "," and "and" / "plus"."""
    return [a.strip(" ,.?") for p in parts(question) for a in _ASK_BREAK.split(p) if a.strip(" ,.?")]


def size_asks(question: str) -> list[SizeAsk]:
    """The asks of `question` after its first for the size of a thing, ending with the thing, besides
    those asking an amount of pay or a share, duration or count (their own checks read those)."""
    out = []
    for ask in question_asks(question)[1:]:  # a later ask: the first is what the question is about
        if money_asks(ask) or kind_asks(ask):
            continue
        m = next((m for p in _SIZE_CUES if (m := p.search(ask))), None)
        words = (
            [w for w in re.findall(r"[\w()'-]+", m.group("thing")) if not _FILLER_WORD.fullmatch(w)]
            if m
            else []
        )
        if len(words) > THING_WORDS:  # more than a thing after the cue: a clause, not a size asked
            continue
        # a name's own digits as the passages' "401(k)" writes them too: "401K" is "401k" and "401"
        stems = (x for w in words for s in tokenize(w) for x in (s, _DIGIT_LED.sub(r"\1", s)))
        thing = tuple(dict.fromkeys(s for s in stems if len(s) > 1 and s not in _SIZE_WORDS))
        if thing:
            out.append(SizeAsk(ask, thing))
    return out


def unstated_sizes(question: str, passages: Sequence[Chunk], names: Sequence[str] = ()) -> tuple[str, ...]:
    """The size asks of the question (each an ask after its first, as the question writes it) that no
    passage states a figure for. `names`: the employers the question names: only their passages, or
    sentences naming them, state a size."""
    return tuple(
        a.ask
        for a in size_asks(question)
        if not stated_cover(
            a.thing,
            passages,
            lambda _s: 1.0,
            lambda text, _stems, a=a: states_size(text, a.thing),
            names,
            only_present=False,
        )
    )
