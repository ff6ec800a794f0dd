"""Later asks of a question that only a named employer's own postings answer.

Of a named employer's job two more later asks are read (after those asks.py reads), against every chunk
of its postings among the passages (a posting's bonus line may lie in a chunk the answer does not use): a
bare "how much" and the thing ("how much stock", "how much commission on top") is covered by a figure
beside the thing anywhere in them ("how much experience": "5+ years of experience"), and whether a thing
comes with the job ("is there a bonus on top", "do they give any stock options", "…, and bonus?",
"does the 401k have a match") only when one sentence of them mentions the thing, every word of it
("employer match": not "equal opportunity employer" and "candidates who match" apart).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.asks import (
    FILLER_WORD,
    THING_WORDS,
    SizeAsk,
    leading,
    question_asks,
    size_asks,
    size_stated,
    thing_stems,
)
from rag.answer.figure_kinds import kind_asks, money_asks
from rag.answer.question_words import AUXILIARIES, WH_WORDS
from rag.answer.sentences import split_units
from rag.answer.stated import same_word
from rag.answer.thing_size import amounted
from rag.answer.word_cover import equivalent
from rag.index.text_tokens import tokenize
from rag.records import Chunk

# a bare "how much" and the thing ("how much client travel is involved"), and whether a thing comes with it
_HOW_MUCH = re.compile(r"\bhow much\s+(?!of\b)(?P<rest>[\w()'-]+(?:\s+[\w()'-]+)*)$", re.I)
_THERE = re.compile(
    r"^(?:(?:is|are) there|(?:do|does|will|would|can) (?:they|it|you) (?:give|offer|provide|include|have|get"
    r"|(?:help|assist) (?:you |me )?with|pay for|cover)(?: you)?(?: any| a| an| the)?)\s+"
    r"(?P<rest>[\w()'-]+(?:\s+[\w()'-]+)*)$",
    re.I,
)
# "does the 401k have a match": whether a thing the job comes with has another
_HAS = re.compile(
    r"^(?:does|do|will|would) (?:the|their|its|your) (?P<owner>[\w()'-]+(?:\s+[\w()'-]+)?) "
    r"(?:have|has|include|offer|come with)(?: any| a| an| some)?\s+(?P<rest>[\w()'-]+(?:\s+[\w()'-]+)*)$",
    re.I,
)
_PROCESS = re.compile(r"\b(?:interview\w*|hiring|applications?|apply|applying|recruit\w*)\b", re.I)
_ON = re.compile(r"\b(?:on|for|with) (?:the|their|its|your|a|an) ([\w()'-]+)$", re.I)
BARE_WORDS = 1  # an ask of one word, not a question word, names a thing: "…, and bonus?" (not "work setup")
# A kind of thing, not a thing: "…, and perks?" is answered by the perks a posting lists, whatever their name
_KINDS = frozenset(tokenize("perks benefits extras"))
_TIMED = frozenset(tokenize("days weeks"))


# "is there another way to apply?" asks how, not whether a thing comes with the job
_MEANS = frozenset(
    "another other alternative different way ways option options route routes method methods".split()
)


def _means(thing: Sequence[str]) -> bool:
    """The thing is only a way of doing something ("another way", "other options")."""
    return all(w.lower() in _MEANS for w in thing)


def _named_thing(words: Sequence[str]) -> bool:
    """The words name a thing that comes in amounts, not in days, and nothing else."""
    content = all(not FILLER_WORD.fullmatch(w) and w.lower() not in ("any", *WH_WORDS) for w in words)
    return content and bool(set(amounted(" ".join(words))) - _TIMED)


def employer_asks(question: str) -> tuple[list[SizeAsk], list[SizeAsk]]:
    """The later asks that only a named employer's documents answer: a bare "how much" and the thing
    (its size), and whether a thing comes with the job ("is there a bonus on top", "…, and bonus?")."""
    sized, whether = [], []
    read = {a.ask for a in size_asks(question)}
    for ask in question_asks(question)[1:]:
        if ask in read or money_asks(ask) or kind_asks(ask):
            continue
        words = ask.split()
        if m := _HOW_MUCH.search(ask):
            thing = leading(m.group("rest"))
            if 0 < len(thing) <= THING_WORDS and (stems := thing_stems(thing)):
                sized.append(SizeAsk(ask, stems))
        elif _PROCESS.search(ask):  # "do they have rules on using AI when interviewing": the write-ups'
            continue
        elif m := _THERE.match(ask) or _HAS.match(ask):
            thing = [w for w in leading(m.group("rest")) if w.lower() not in ("any", "some")]
            if 0 < len(thing) <= THING_WORDS and not _means(thing) and (stems := thing_stems(thing)):
                # ... of what it comes with: "an employer match on the 401k", "does the 401k have a match"
                on = o.group(1).split() if (o := _ON.search(ask)) else []
                owner = [*(m.groupdict().get("owner") or "").split(), *on]
                whether.append(SizeAsk(ask, tuple(dict.fromkeys((*stems, *thing_stems(owner))))))
        elif (
            # "…, and bonus?", "… and 401k match?": a thing that comes in amounts, in a few content words
            # (not "any equity", "what's the 401k"; "office days" asks how many)
            (len(words) <= BARE_WORDS or (len(words) <= THING_WORDS and _named_thing(words)))
            and words[0].lower() not in (*WH_WORDS, *AUXILIARIES)
            and (stems := thing_stems(words))
        ):
            whether.append(SizeAsk(ask, stems))
    return sized, whether


def unstated_sizes(
    question: str, passages: Sequence[Chunk], names: Sequence[str] = (), documents: Sequence[Chunk] = ()
) -> tuple[str, ...]:
    """The asks of the question after its first (as the question writes them) for a size no passage
    and none of the named employers' `documents` (every chunk of their postings among the passages)
    states, or, of the employers the question `names`, for a thing their documents never mention or
    state no size of (`employer_asks`). Only the named employers' passages, or sentences naming them,
    state a size."""
    sized, whether = employer_asks(question) if names and documents else ([], [])
    # a thing of several words is mentioned where one sentence has them all ("employer match": not "equal
    # opportunity employer" and "candidates who match" apart); read only when such a thing is asked
    said = [frozenset(tokenize(u.text(c.text))) for c in documents if whether for u in split_units(c.text)]
    gaps = {a.ask for a in size_asks(question) if not size_stated(a, [*passages, *documents], names)}
    gaps |= {a.ask for a in sized if not size_stated(a, [*passages, *documents], names)}
    gaps |= {
        a.ask
        for a in whether
        if not set(a.thing) <= _KINDS
        and not any(all(any(same_word(w, (t,)) for w in unit) for t in a.thing) for unit in said)
        and not equivalent(a.ask, documents)  # "…, legit?": "likely part of a scam"
    }
    return tuple(a for a in question_asks(question) if a in gaps)
