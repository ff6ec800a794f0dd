"""Does the guide state the share, count or duration a question asks for?

rag/answer/figures.py does this for amounts of money; this module for the other kinds a question asks:

- a share ("what share of …", "what percentage …", "what's the acceptance rate"): stated as a percentage, "N
  in M" / "N out of M", or a fraction word (half, a third, …);
- a duration ("how long …", "how many weeks …", "how much time …"): a number (or number word) with a time
  unit, the asked unit when the question names one ("how many hours a week": hours);
- a count ("how many rounds …", "the number of …", "on average, how many …", "the average age of …"): a number
  (or number word) beside the counted word (rag/answer/counts.py), or a list whose items the passage numbers.

The part is covered only if one sentence, list item or table row of the passages states a figure of that kind
and, with its passage's title and section, holds at least KIND_COVER of the part's other words by weight
(idf², as figures.py and rag/index/relevance.py weigh them). Otherwise the answer would quote some figure
about something else ("how many hours a week do AI engineers work" answered with the hours of a course).
Structural: the figure's kind and the question's own words, no topic lists.

The length of an employer's own step ("how long is Doctolib's feature building interview?", the question
naming an employer) is stated only by a unit that states a duration and names the step (a word of the words
after "how long is / does", up to a preposition or verb, the employer's name aside), or by any duration unit
of a passage whose heading names it: a posting's "Recruiter call (30 min)" is not its pairing exercise's
length, though the title holds the part's other words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rag.answer.counts import ANYONE, TIME_UNIT, UNIT_SHORT, UNIT_STEMS, states_count, states_duration
from rag.answer.figures import FigureAsk, asked_beside, asks_apart, bare_pay, figure_ask
from rag.answer.question_names import subjects
from rag.answer.question_words import (
    AUXILIARIES,
    MIN_PART_TERMS,
    NO_CONTENT_STEMS,
    alternation,
    judged,
    parts,
    without_situations,
)
from rag.answer.stated import PAY_COMPONENT, stated_cover
from rag.answer.thing_size import amounted
from rag.answer.word_cover import equivalent
from rag.index.text_tokens import tokenize
from rag.records import Chunk
from rag.shorthand import in_full

# What the question says, per kind (checked in this order: "how many weeks" is a duration).
_ASKS = (
    (
        "duration",
        # ... or typed after the leave it counts: "fuse energy annual leave days?"
        re.compile(
            rf"\bhow long\b|\bhow much time\b|\bhow many {TIME_UNIT}\b"
            r"|^(?![^,;]*\bhow\b)[^,;]*\b(?:leave|vacation|pto|holidays?|sick|off)\s*(?:[-–—:]\s*)?(?:days|weeks)"
            r"(?:\s+(?:per|a|each)\s+year)?\s*\??$",
            re.I,
        ),
    ),
    (
        "share",
        re.compile(
            r"\bwhat(?:'s|’s|s| is| are)? (?:the )?(?:share|percentage|percent|proportion|fraction|portion)\b"
            r"|\bwhat %|\bhow many percent\b|\b(?:share|percentage|proportion|fraction) of\b"
            # the thing named first: "divergent … incentive bonus, typical percentage?"
            r"|[,:\-–—]\s*(?:the )?(?:typical |usual |rough |average )?(?:percentage|percent|%)\s*\??\s*$"
            r"|\bpercent(?:age)?[- ]?wise\b|\bin percent(?:age)? terms\b"  # "how generous, percentage wise"
            # "howden re employee ownership %"
            r"|\b(?:ownership|stake)\s+(?:%|percent(?:age)?)\s*\??\s*$"
            # a terse ask of the match itself: "prokeep 401k employer match?" (not "does X have a 401k match")
            r"|^(?![^?]*\b(?:does|do|did|is|are|any|has|have|offer|offers|offering)\b)[^?]*"
            r"\b(?:employer|company) (?:match|matching|contribution)(?: rate)?\s*\??\s*$"
            # (not a pay rate: "what's the hourly rate", rag/answer/figures.py)
            r"|\bwhat(?:'s|’s|s| is| was| were)? (?![\w/ ]*\b(?:hourly|daily|day) rate\b)"
            r"(?:the |their |its )?(?:\w+ )?(?:\w+\(\w\) \w+ )?rate\b",
            re.I,
        ),
    ),
    # a team's size is a head count: "maven securities ai team size", "how big is the ML team"
    (
        "count",
        re.compile(
            r"\bhow many\b|\bnumber of\b|\bteam size\b|\bwhat(?:'s|’s|s| is) the (?:head ?)?count\s*\??\s*$"
            r"|\bhow big is (?:the |their |its )?(?:[\w/-]+ ){0,2}?team\b",
            re.I,
        ),
    ),
    # "what's the average age of …": a number beside the word after "average"
    # (not a comparison: "where am I stronger than the average switcher?")
    (
        "count",
        re.compile(
            r"\b(?<!than )(?<!as )(?:what(?:'s|’s|s| is| are)? )?the (?:average|median) (?=[a-z])", re.I
        ),
    ),
)
_SHARE = re.compile(
    r"\d\s?%|\bper ?cent\b|\b\d[\d,]* (?:in|out of|of) (?:every )?\d[\d,]*\b"
    r"|\b(?:half|a third|a quarter|two thirds|three quarters|one in \w+)\b",
    re.I,
)
# Words that say which figure is asked, not what it is about.
_CUE_STEMS = frozenset(
    tokenize(
        "how many much long time share percentage percent proportion fraction portion rate number "
        "average median mean typical typically usually usual roughly approximately on amount range band"
    )
)
# By idf (not idf²: a rare verb such as "retool" would outweigh the subject). Tuning sets: answerable
# questions routed to the guide reach 0.26 and more, two unanswerable ones 0.0 (evals/README.md).
KIND_COVER = 0.15
_OF = re.compile(r"\s+of\s+(?:the\s+|all\s+|these\s+|those\s+)?", re.I)  # "what share of (the) X"
_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|this|that|these|those)\b", re.I)
_PAST_MONEY = re.compile(r"\bwhat did\b.{0,80}\b(?:cost|pay|charge)\b", re.I)
_MONEY_STEMS = frozenset(tokenize("salary salaries pay paid compensation comp cost price"))
_WORD = re.compile(r"[A-Za-z0-9]+")
# A counted noun phrase ends before a determiner: "how many tools an agent should have" counts tools.
# (and a relative word: "number of ads whose title was …" counts ads)
_DETERMINERS = frozenset("a an the my your his her its our their this that whose which who where".split())
_AUX = re.compile(rf"\s*{alternation(AUXILIARIES)}\b", re.I)
COUNT_NOUN_WORDS = 3  # "how many AI platform engineers does …": the helper within this many words


_ARRANGEMENT = re.compile(r"\b(?:hybrid|remote|on-?site|in[- ]office|wfh)\??\s*[-–—:]\s*$", re.I)
_STEP = re.compile(r"\bhow (?:long|much time) (?:is|are|was|were|does|do|did) (?P<np>.+)$", re.I)
# The thing ends at a preposition, a verb of lasting or a second clause ("… take-home exam for the role").
_STEP_END = re.compile(
    r"\s(?:for|at|with|in|on|of|to|from|before|after|during|supposed|usually|typically|normally|take|"
    r"takes|last|lasts|run|runs|go|and|vs|when|where|that|if)(?![\w-]).*$",
    re.I,
)
_TAKE_TO = re.compile(r"\btakes? (?:me |you |us |them )?to (?P<vp>.+)$", re.I)
_POSSESSOR = re.compile(r"\b[\w.-]+(?:'s|’s)(?!\w)")
_NO_THING = frozenset("it this that these those each one they we i you he she candidates people".split())
_GENERIC_STEP_STEMS = frozenset(tokenize("the a an ai ml llm engineer engineers role job position their its"))
_STEP_WORD = re.compile(r"[\w/-]+")  # "take-home" and "skill/experience" are one word each
STEP_WORDS = 4  # a longer run after "how long is" is a clause, not the name of a step


@dataclass(frozen=True)
class KindAsk:
    """The part of a question asking for a share, duration or count, and what the figure is about."""

    kind: str  # share, duration or count
    part: str
    keys: tuple[str, ...]  # the part's stems outside the figure words: what the figure is about
    unit: str | None  # a duration's asked time unit (stem), a count's counted word, a share's population
    other_parts: bool  # the question asks something else too (then a gap makes it partial)
    # The names the figure is about ("AI Shipping Labs", "Uber's GenAI Gateway"), as stems: a sentence
    # stating it names each (itself, its heading or its posting's employer).
    subjects: tuple[frozenset[str], ...] = ()
    # A duration's thing as the part names it ("how long is Doctolib's feature building interview":
    # feature, build, interview), as stems: an employer's step no sentence names has no stated length.
    thing: frozenset[str] = frozenset()


def kind_ask(question: str) -> KindAsk | None:
    """The first part of the question that asks for a share, duration or count, or None."""
    asks = kind_asks(question)
    return asks[0] if asks else None


def kind_asks(question: str) -> list[KindAsk]:
    """Every part of the question that asks for a share, duration or count ("how many use cases run
    on it, and how many tokens does it process a month?" asks two counts)."""
    all_parts = parts(question)
    out = []
    for part in all_parts:
        for kind, cue in _ASKS:
            m = cue.search(part)
            if not m:
                continue
            if kind == "duration":
                asked = [s for s in tokenize(m.group(0)) if s in UNIT_STEMS]
                unit = asked[0] if asked else None
            elif kind == "count":
                unit = _counted(part[m.end() :])
            else:
                # "what share of candidates …": of candidates; a name after "of" is a subject instead
                of = _OF.match(part, m.end())
                rest = part[of.end() :] if of else ""
                unit = _counted(rest) if rest[:1].islower() else None
            # "how many weeks does it take": the part names nothing; the question says what "it" is
            about = without_situations(question) if _PRONOUN.search(part) or not _keys(part, unit) else part
            others = [p for p in all_parts if p is not part and asks_apart(p)]
            # "X specialist, hybrid - how many days a week in the office?": whether it is hybrid is asked too
            others += [a[0] for a in [_ARRANGEMENT.search(part[: m.start()])] if a]
            thing = step_thing(part) if kind == "duration" else frozenset()
            out.append(KindAsk(kind, part, _keys(about, unit), unit, bool(others), subjects(about), thing))
            break
    return out


def asks_kind(kind: str, text: str) -> bool:
    """Whether the text asks for a figure of `kind` (share, duration or count)."""
    return any(k == kind and cue.search(text) for k, cue in _ASKS)


def money_ask(question: str) -> FigureAsk | None:
    """rag/answer/figures.py's amount asked for, or a past one ("what did the analysis cost?"); when its
    part names nothing ("PAR Technology AI engineer: what are the stages, and what's the salary?"), the
    amount is about what the question names."""
    ask = figure_ask(question) or _past_amount(question)
    if ask is None or ask.keys:
        return ask
    return replace(ask, keys=_keys(question, None))


def money_asks(question: str) -> list[FigureAsk]:
    """Every part asking for an amount: `money_ask`'s, and each other part that figures.py's cue reads or
    that asks the size of a pay component ("base pay, and how much is the bonus?"). A part's own words
    say what it is about, or the question's when it names nothing itself ("what does it pay")."""
    first = money_ask(question)
    if first is not None and not first.thing and (thing := _share_of_thing(first.part, question)):
        first = replace(first, thing=thing)  # "X ad says 'generous 401(k) match' - what percentage is that"
    out, all_parts = ([first] if first else []), parts(question)
    for i, part in enumerate(all_parts):
        if (first is not None and first.part in part) or judged(part):
            continue
        others = bool(asked_beside(part, all_parts))
        if thing := _share_of_thing(part, question):  # "… 'high 401(k) match' - what % is that?"
            out.append(
                FigureAsk(part, _keys(part, None) or _keys(without_situations(question), None), others, thing)
            )
            continue
        if not (figure_ask(part, terse=False) or PAY_COMPONENT.search(part)):
            keys = _keys(without_situations(question), None)
            pays = bare_pay(part) or (bare_pay(part, later=True) if i else [])
            out += [FigureAsk(pay, keys, True) for pay in pays if first is None or pay not in first.part]
            continue
        keys = _keys(part, None)
        out.append(
            FigureAsk(part, keys if keys and not _PRONOUN.search(part) else _keys(question, None), others)
        )
    return out


def _share_of_thing(part: str, question: str) -> tuple[str, ...]:
    """The stems of a thing that comes in amounts whose share the part asks, not a share of a set ("what
    percentage is the 401(k) match", "…'high 401(k) match' - what % is that exactly"; not "what share of
    postings offer a match"): a figure beside the thing states it."""
    m = _ASKS[1][1].search(part)
    if m is None or _OF.match(part, m.end()) or re.search(r"\bof\b", m.group(0)):
        return ()
    return amounted(part) or (amounted(without_situations(question)) if _PRONOUN.search(part) else ())


def _past_amount(question: str) -> FigureAsk | None:
    """A part asking what something cost or paid in the past, which figures.py's cue reads in the
    present only ("what did the Claude analysis of them cost?")."""
    all_parts = parts(question)
    for part in all_parts:
        if _PAST_MONEY.search(part) and not judged(part):
            about = question if _PRONOUN.search(part) else part  # as figures.py reads "them"
            others = [p for p in all_parts if p is not part and len(tokenize(p)) >= MIN_PART_TERMS]
            return FigureAsk(part, _keys(about, None), bool(others))
    return None


def _keys(text: str, unit: str | None) -> tuple[str, ...]:
    """What the figure is about: the text's stems outside the figure's own words. The counted word is
    left out (a count states a number beside it by construction: "200,000+ members" of another
    community would cover "how many members does X have" through "members" alone)."""
    stems = [
        s
        for s in (UNIT_SHORT.get(t, t) for t in tokenize(in_full(text)))
        if len(s) > 1
        and s not in _CUE_STEMS
        and s not in UNIT_STEMS
        and s not in _MONEY_STEMS
        and s not in ANYONE
        and s not in NO_CONTENT_STEMS  # "Im a data engineer, how long until …"
        and s != unit
        and not s.isdigit()  # the question's own figure: "on top of the 28 days of leave"
    ]
    return tuple(dict.fromkeys(stems))


def step_thing(part: str) -> frozenset[str]:
    """The thing whose length "how long is / does …" asks, as stems: the words after the cue up to a
    preposition or verb, without a possessor ("Doctolib's") or the data's generic words; none when
    they are a pronoun ("how long is each", "how long do I get") or more than STEP_WORDS words."""
    m = _STEP.search(part)
    if m is None:
        return frozenset()
    words = _STEP_WORD.findall(_STEP_END.sub("", " " + _POSSESSOR.sub(" ", m.group("np"))))
    done = _TAKE_TO.search(m.group("np"))
    if words and done and all(w[:1].isupper() for w in words):
        # "how long does Poggio Labs take to review my application": the employer's step is the doing
        words = _STEP_WORD.findall(_STEP_END.sub("", " " + done.group("vp")))
    words = [w for w in words if w.lower() not in ("the", "a", "an", "my", "your", "our", "their")]
    if not words or len(words) > STEP_WORDS or words[0].lower() in _NO_THING:
        return frozenset()
    return frozenset(s for w in words for s in tokenize(w)) - _GENERIC_STEP_STEMS


def _counted(rest: str) -> str | None:
    """The counted word of "how many …": the noun before the verb's helper when one follows soon
    ("how many AI engineers does X employ": engineers), else the first word ("how many rounds"), or
    the second after a name ("how many Blind threads").
    A word for anyone ("how many people") is counted by a number of people ("200,000+ members")."""
    if _AUX.match(rest):
        return None
    words = _WORD.findall(rest)[: COUNT_NOUN_WORDS + 1]
    cut = next(
        (i for i, w in enumerate(words) if w.lower() in _DETERMINERS and tokenize(" ".join(words[:i]))), None
    )
    words = words[:cut]
    helper = next((i for i, w in enumerate(words) if _AUX.fullmatch(" " + w)), None)
    if helper is not None and helper > 1 and re.fullmatch(r"\w{3,}ed", words[helper - 1], re.I):
        helper -= 1  # "the jobs analysed are …": the participle says which jobs, the jobs are counted
    stems = [UNIT_SHORT.get(t, t) for w in words[:helper] for t in tokenize(w)]
    # "how many office days": a time unit right after the first word ends the noun ("5 days a week")
    second = [UNIT_SHORT.get(t, t) for t in tokenize(words[1])] if len(words) > 1 else []
    if second and second[0] in UNIT_STEMS:
        return second[0]
    # "how many Blind threads and tweets": a name before a lower-case noun says whose, the noun is counted
    if helper is None and second and words[0][:1].isupper() and words[1][:1].islower():
        return second[0]
    return (stems[-1] if helper is not None else stems[0]) if stems else None


def states(kind: str, sentence: str, unit: str | None) -> bool:
    """Whether one sentence states a figure of `kind` (a duration in `unit`, a count of `unit`, a share
    of `unit`)."""
    if kind == "share":  # "what percentage of candidates …": a share of candidates, not of rounds
        return bool(_SHARE.search(sentence)) and (unit is None or unit in tokenize(sentence))
    if kind == "duration":
        return states_duration(sentence, unit)
    return states_count(sentence, unit)


def kind_cover(
    ask: KindAsk, passages: Sequence[Chunk], weight: Callable[[str], float], names: Sequence[str] = ()
) -> float:
    """The largest share (by weight) of the part's words that one sentence stating a figure of the
    asked kind, with its passage's title and section, contains (1.0 when the part names nothing).
    `names`: the employers the question names; a figure about one of them is stated in its own
    passage or in a sentence naming it (Lendable's take-home is not another company's "3-4 hours").
    A sentence counts only if it names the part's `subjects` too (itself, its heading or its employer):
    the Hugging Face Discord's "200,000+ members" under "Communities" is no count of another community."""
    # a named employer's figure is in its own postings: a word of the ask none of them has ("how many
    # leave days" of a posting that never says "leave") weighs there too
    # ... unless the passages write it out ("NYC": "New York City"; word_cover.py)
    keys = tuple(k for k in ask.keys if not (names and equivalent(k, passages)))
    cover = stated_cover(
        keys,
        passages,
        weight,
        lambda sentence, _stems: states(ask.kind, sentence, ask.unit),
        names,
        ask.subjects,
        only_present=not names,
    )
    thing = ask.thing - frozenset(s for n in names for s in tokenize(n))
    if not cover or not thing or not names:
        return cover
    # An employer's own step ("Doctolib's feature building interview"): its length counts only in a
    # sentence (row, item) naming the step, or under a heading that names it; any other length in its
    # posting is another step's.
    headed = {c.id for c in passages if thing & frozenset(tokenize(c.section))}
    step = stated_cover(
        tuple(thing),
        [c for c in passages if c.id not in headed],
        lambda _s: 1.0,
        lambda sentence, stems: states(ask.kind, sentence, ask.unit) and bool(thing & stems),
        names,
        ask.subjects,
        only_present=False,
    )
    under = stated_cover(
        tuple(thing),
        [c for c in passages if c.id in headed],
        lambda _s: 1.0,
        lambda sentence, _stems: states(ask.kind, sentence, ask.unit),
        names,
        ask.subjects,
        only_present=False,
    )
    return cover if step or under else 0.0
