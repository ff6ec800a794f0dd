"""A market follow-up ("and in Germany?", "what about Docker?", "and for senior roles?") read with
the question before it: the previous market question's query with the follow-up's values in place
of the ones they replace. The figure is still the table's. A follow-up that says anything but new
values ("and what does the guide say about interviews?") changes the topic and is not a market one."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from rag.answer.condense import LEAD, Message, is_follow_up
from rag.market.cues import GUIDE_ONLY, GUIDE_TOPICS, NOT_RECORDED
from rag.market.parser import Extraction, Extractor
from rag.market.router import Routed, not_recorded
from rag.market.spec import Filters, QuerySpec

# Words a values-only follow-up may have besides its values: "and only for the senior ones there?"
FILLER = frozenset(
    "in at for with among from of on the a an only just ones one roles role jobs job postings posting "
    "positions position openings listings companies company engineers engineer there those these them "
    "that this too instead then based located level levels ai ml llm same question please".split()
)
MAX_WORDS = 8
MAX_TURNS = 6  # earlier user turns read
THREADS_CACHED = 4096
GEOGRAPHY = ("city", "country")  # a new place replaces the other kind of place too
_PREPOSITION = re.compile(r"^(?:in|at|for|among|from|with|only)\b", re.I)


def follow_up_tail(message: str) -> str | None:
    """What a short follow-up adds ("in Germany" of "and in Germany?"); None when the message is
    no follow-up of that shape (a question of its own)."""
    text = message.strip().rstrip("?.! ").strip()
    lead = LEAD.match(text)
    tail = text[lead.end() :].strip() if lead else text
    shaped = lead or _PREPOSITION.match(text) or len(text.split()) <= 3
    return tail if shaped and tail and len(tail.split()) <= MAX_WORDS else None


def _values_only(ex: Extraction) -> bool:
    """Nothing but values, filler and what the data does not record: no new question."""
    taken = {i for m in ex.mentions for i in range(m.start, m.end)}
    allowed = {w for words in NOT_RECORDED.values() for w in words} | FILLER
    allowed |= {w for u in ex.unknown for w in u.value.lower().split()}  # "and in Lagos?"
    return all(t in allowed for i, t in enumerate(ex.tokens) if i not in taken)


def _replaced(filters: Filters, values: dict) -> Filters:
    data = filters.model_dump()
    for name, value in values.items():
        data[name] = value
        if name in GEOGRAPHY:
            data[GEOGRAPHY[1 - GEOGRAPHY.index(name)]] = []
    return Filters.model_validate(data)


def _new_values(ex: Extraction) -> dict:
    values: dict = {}
    for m in ex.mentions:
        name = "skills_all" if m.field == "skill" else m.field
        if m.field in ("management", "customer_facing"):
            values[name] = m.value
        else:
            values.setdefault(name, []).extend(m.values())
    return values


def merged_spec(spec: QuerySpec, ex: Extraction) -> QuerySpec | None:
    """`spec` with the follow-up's values in place: a skill replaces the counted skill (the subset's,
    else the population's), any other value the same field's where the spec has it, else it narrows
    the population. None when the result is no valid query."""
    values = _new_values(ex)
    skills = values.pop("skills_all", None)
    held = {k for k in values if getattr(spec.subset, k) not in ([], None)}
    if any(spec.subset.model_dump()[g] for g in GEOGRAPHY):  # "postings in Berlin" counted: a place
        held |= set(GEOGRAPHY) & set(values)
    in_subset = {k: v for k, v in values.items() if k in held}
    in_population = {k: v for k, v in values.items() if k not in in_subset}
    if skills:
        counted = spec.subset.skills() or (
            not spec.filters.skills() and spec.measure in ("count", "share", "by_month")
        )
        (in_subset if counted else in_population).update(skills_all=skills, skills_any=[])
    data = spec.model_dump()
    data["filters"] = _replaced(spec.filters, in_population).model_dump()
    data["subset"] = _replaced(spec.subset, in_subset).model_dump()
    try:
        return QuerySpec.model_validate(data)
    except ValidationError:
        return None


def _user_turns(history: Sequence[Message]) -> list[str]:
    turns = [t.get("content", "").strip() for t in history if t.get("role") == "user"]
    return [t for t in turns if t][-MAX_TURNS:]


@dataclass
class _Thread:
    """The market question a conversation is on: its route, its wording with the follow-ups' values
    put in place of the ones they replace, and the follow-ups that add a value, by field."""

    routed: Routed
    base: str
    tails: dict[str, str] = field(default_factory=dict)

    def asked(self, tail: str = "") -> str:
        """ "What share ask for Docker (in Germany; for senior roles)?": the question as now read."""
        tails = [*self.tails.values(), tail] if tail else list(self.tails.values())
        base = self.base.strip().rstrip("?.! ")
        return f"{base} ({'; '.join(tails)})?" if tails else f"{base}?"


def _group(name: str) -> str:
    return "place" if name in GEOGRAPHY else name


class FollowUps:
    """Reads a question with the conversation's earlier user turns (see the module docstring)."""

    def __init__(self, route: Callable[[str], Routed], extractor: Extractor):
        self.route, self.extractor = route, extractor
        # a conversation's earlier turns are read again at every turn: each prefix once
        self._thread = functools.lru_cache(maxsize=THREADS_CACHED)(self._thread_of)

    def read(self, question: str, history: Sequence[Message] = (), rewritten: str | None = None) -> Routed:
        """The route of `question` in its conversation. `rewritten`: an LLM's standalone rewrite of
        it, routed when the rules find no market follow-up and the question reads as one."""
        thread = self._thread(tuple(_user_turns(history)))
        own, _ = self._read(question, thread)
        if own.route == "guide" and rewritten and thread is not None and is_follow_up(question):
            again = self.route(rewritten)
            if again.route != "guide":
                again.asked = rewritten
                return again
        return own

    def _thread_of(self, turns: tuple[str, ...]) -> _Thread | None:
        """The market question `turns` leave the conversation on (None: none). Not to be changed:
        cached, and shared by the turns after."""
        if not turns:
            return None
        thread = self._thread(turns[:-1])
        routed, read = self._read(turns[-1], thread)
        # a value the data lacks or a field it does not record leaves the last query standing
        return read if read is not None or routed.route == "guide" else thread

    def _read(self, text: str, thread: _Thread | None) -> tuple[Routed, _Thread | None]:
        """`text`'s route, and the thread it leaves (None: it leaves the one before, or none)."""
        own = self.route(text)
        if own.route != "guide":
            own.asked = text
            return own, _Thread(own, text) if own.spec is not None else None
        tail = follow_up_tail(text)
        if thread is None or tail is None:
            return own, None
        ex = self.extractor.extract(tail)
        if ex.has(*GUIDE_ONLY, *GUIDE_TOPICS) or not _values_only(ex):
            return own, None
        reason = f"a follow-up of a market question: {tail}"
        missing = not_recorded(ex)
        if missing:
            return Routed("market", reason, not_recorded=missing, asked=thread.asked(tail)), None
        if ex.unknown:
            routed = Routed("market", reason, unknown=ex.unknown[0], notes=ex.notes, asked=thread.asked(tail))
            return routed, None
        spec = merged_spec(thread.routed.spec, ex) if ex.mentions else None
        if spec is None:
            return own, None
        read = self._worded(thread, ex, tail)
        read.routed = Routed(thread.routed.route, reason, spec, notes=ex.notes, asked=read.asked())
        return read.routed, read

    def _worded(self, thread: _Thread, ex: Extraction, tail: str) -> _Thread:
        """The thread with the follow-up's values in its wording: "Python" becomes "TypeScript" where
        the question named a skill; a value of a field it did not name is added as the follow-up said it."""
        base, tails = thread.base, dict(thread.tails)
        named = self.extractor.extract(base).mentions
        for m in ex.mentions:
            old = next((b for b in named if _group(b.field) == _group(m.field)), None)
            if old is not None and old.text in base:
                base = base.replace(old.text, m.text, 1)
            else:
                tails[_group(m.field)] = tail
        return _Thread(thread.routed, base, tails)
