"""Rewrite a follow-up ("and in London?") into a standalone search query.

With an LLM: a short versioned prompt, low max tokens. Without one (or when it fails): a
deterministic rewrite that carries the previous question's subject, applied turn by turn so a
chain of follow-ups keeps its subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.answer.prompts import load_prompt
from rag.answer.question_words import WH_WORDS, alternation, auxiliaries_but
from rag.answer.small_talk import without_greeting

if TYPE_CHECKING:
    from rag.answer.async_llm import AsyncLLMClient
    from rag.answer.llm import Completion, Deadline, LLMClient, Usage

Message = dict[str, str]  # {"role": "user" | "assistant", "content": "..."}
ROLES = ("user", "assistant")


def is_message_list(history: object) -> bool:
    """A list (or tuple) of {"role": "user" | "assistant", "content": str} dicts."""
    return isinstance(history, list | tuple) and all(
        isinstance(m, dict) and m.get("role") in ROLES and isinstance(m.get("content"), str) for m in history
    )


LEAD = re.compile(
    r"^(?:(?:ok(?:ay)?|so|and|but|also|then|well)[,\s]+)*(?:what|how) about\s+|"
    r"^(?:(?:ok(?:ay)?|so|then|well)[,\s]+)*(?:and|but|also)\s+|^same (?:question )?for\s+",
    re.IGNORECASE,
)
_PREP = re.compile(r"^(in|at|for|with|from|on|near|to)\s+(.+)$", re.IGNORECASE)
_PRONOUN = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|that|those|this|these|there|he|she|his|her|"
    r"the same|that one|this one|the role|the company|the job|the posting)\b",
    re.IGNORECASE,
)
_ASKING = auxiliaries_but("was", "were", "will", "has", "have")
_QUESTION_LEAD = re.compile(
    rf"^{alternation((*WH_WORDS, *_ASKING, 'tell me'))}"
    rf"(?:\s+{alternation((*_ASKING, *'i me you we the a an about much many'.split()))}"
    r"|\s+(?:kind|sort|type) of)*\s+",
    re.IGNORECASE,
)
_STOPPERS = r"(?:in|at|for|with|from|on|near|to|into|as|than|and|or)"
# The words of a prepositional phrase, up to the next preposition or punctuation.
_PHRASE = rf"(?:(?!\b{_STOPPERS}\b)[^,;?!.\s]+\s*)+"
_NAMES = r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*\s*"
# A run of capitalised words that does not start the sentence ("New York", "Quillbyte").
_NAME = re.compile(r"(?<=\s)(?:[A-Z][\w&.-]*(?:'s)?)(?:\s+[A-Z][\w&.-]*)*")
MAX_HISTORY_MESSAGES = 6
MAX_MESSAGE_CHARS = 600
CONDENSE_MAX_TOKENS = 64


@dataclass(frozen=True)
class Condensed:
    """A follow-up rewritten as a standalone search query, and how it was rewritten."""

    query: str
    method: str  # "none" (no history), "rules", "llm", "rules-after-llm-error"
    usage: Usage | None = None


def _strip_end(text: str) -> str:
    return text.strip().rstrip("?.! ").strip()


def _replace(text: str, match: re.Match, new: str) -> str:
    """Replace the match, keeping its trailing space and a possessive "'s"."""
    old = match[0]
    trail = old[len(old.rstrip()) :]
    core = old.rstrip()
    if core.endswith("'s") and not new.endswith("'s"):
        new += "'s"
    return text[: match.start()] + new + trail + text[match.end() :]


def subject_of(question: str) -> str:
    """'What does Doctolib's interview loop look like?' -> "Doctolib's interview loop look like"."""
    return _QUESTION_LEAD.sub("", _strip_end(question), count=1) or _strip_end(question)


def is_follow_up(message: str) -> bool:
    words = message.split()
    return (
        bool(LEAD.match(message.strip()))
        or len(words) <= 3
        or (len(words) <= 12 and bool(_PRONOUN.search(message)))
    )


def rewrite(previous: str, message: str) -> str:
    """One deterministic step: `message` made standalone using the `previous` standalone query."""
    message = message.strip()
    if not previous or not is_follow_up(message):
        return message
    lead = LEAD.match(message)
    if lead:
        tail = _strip_end(message[lead.end() :])
        prep = _PREP.match(tail)
        base = _strip_end(previous)
        if prep:
            # "and in London?" after "... in Berlin?": replace the previous phrase of that kind.
            found = list(re.finditer(rf"\b(?i:{prep[1]})\s+(?:{_NAMES}|{_PHRASE})", base))
            if found:
                return _replace(base, found[-1], tail) + "?"
            return f"{base} {tail}?"
        if tail[:1].isupper():
            # "what about Doctolib?" after "What is Quillbyte's process?": swap the proper name.
            names = list(_NAME.finditer(base))
            if names:
                return _replace(base, names[-1], tail) + "?"
        return f"{base}: {tail}?" if tail else previous
    return f"{_strip_end(message)} ({subject_of(previous)})?"


def condense_offline(history: Sequence[Message], message: str) -> str:
    previous = ""
    for turn in history:
        if turn.get("role") == "user" and turn.get("content", "").strip():
            previous = rewrite(previous, turn["content"])
    return rewrite(previous, message)


def _history_text(history: Sequence[Message]) -> str:
    lines = []
    for turn in list(history)[-MAX_HISTORY_MESSAGES:]:
        content = " ".join(turn.get("content", "").split())[:MAX_MESSAGE_CHARS]
        lines.append(f"{turn.get('role', 'user')}: {content}")
    return "\n".join(lines)


def condense(
    history: Sequence[Message],
    message: str,
    llm: LLMClient | None = None,
    deadline: Deadline | None = None,
) -> Condensed:
    """Standalone query for `message`. LLM errors (LLMError) are raised: the caller decides."""
    if not needs_llm(history) or llm is None:
        return condense_without_llm(history, message)
    completion = llm.complete(condense_messages(history, message), CONDENSE_MAX_TOKENS, deadline)
    return condensed_by(completion, history, message)


async def condense_async(
    history: Sequence[Message], message: str, llm: AsyncLLMClient, deadline: Deadline | None = None
) -> Condensed:
    """`condense()` with the async client (the web app)."""
    if not needs_llm(history):
        return condense_without_llm(history, message)
    completion = await llm.complete(condense_messages(history, message), CONDENSE_MAX_TOKENS, deadline)
    return condensed_by(completion, history, message)


def needs_llm(history: Sequence[Message]) -> bool:
    """Only a follow-up (a question after an earlier user message) is rewritten by the LLM."""
    return any(t.get("role") == "user" for t in history)


def condense_without_llm(history: Sequence[Message], message: str) -> Condensed:
    if not needs_llm(history):
        return Condensed(without_greeting(message.strip()), "none")
    return Condensed(condense_offline(history, message), "rules")


def condense_messages(history: Sequence[Message], message: str) -> list[dict]:
    prompt = load_prompt("condense")
    return prompt.messages(history=_history_text(history), message=message.strip())


def condensed_by(completion: Completion, history: Sequence[Message], message: str) -> Condensed:
    """The LLM's rewrite, or the rules' when it is unusable (not worth failing the answer for)."""
    lines = completion.text.strip().splitlines()
    query = lines[0].strip().strip("\"'`").strip() if lines else ""
    if not query:
        return Condensed(condense_offline(history, message), "rules-after-llm-error", completion.usage)
    return Condensed(query, "llm", completion.usage)
