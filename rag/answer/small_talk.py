"""Messages that ask nothing: a greeting, thanks, a goodbye, or "what can you do?".

Such a message has no words the guide could cover, so the answerability check would refuse it and
link whatever sections happen to be closest. It gets a short reply instead, saying what the
assistant answers (prompt `small_talk`). A message counts only when every word is one of these
phrases or a filler word: "hi, how do I become an AI engineer?" is a question and is answered.
"""

from __future__ import annotations

import re

from rag.answer.prompts import load_prompt
from rag.answer.question_words import AUXILIARIES, WH_WORDS

MAX_CHARS = 80  # longer messages are questions, whatever words they start with

# checked in this order: "hi, what can you do?" is a request for help, "thanks, bye" a goodbye
PHRASES: dict[str, tuple[str, ...]] = {
    "help": (
        "what can you do", "what do you do", "what can i ask", "what can i ask you", "who are you",
        "what are you", "how does this work", "how do you work", "what do you know", "help",
    ),
    "goodbye": ("bye", "goodbye", "bye bye", "see you", "see ya", "good night"),
    "thanks": ("thanks", "thank you", "thx", "ty", "cheers", "much appreciated", "appreciate it"),
    "greeting": (
        "hi", "hello", "hey", "hiya", "howdy", "greetings", "yo", "good morning", "good afternoon",
        "good evening", "hey there", "hi there", "hello there",
    ),
}  # fmt: skip
FILLER = frozenset(
    "a again all and awesome bot great cool for good got helpful is it lot mate me much nice now ok "
    "okay perfect please really so that thats the there this very was wow you".split()
)
_WORD = re.compile(r"[a-z]+")


def small_talk_kind(message: str) -> str | None:
    """The kind of a message that asks nothing (greeting, thanks, goodbye, help); None for a question."""
    if len(message) > MAX_CHARS:
        return None
    words = _WORD.findall(message.lower().replace("'", ""))
    found: list[str] = []
    i = 0
    while i < len(words):
        match = _longest_phrase(words, i)
        if match is None:
            if words[i] not in FILLER:
                return None
            i += 1
            continue
        kind, length = match
        found.append(kind)
        i += length
    return next((kind for kind in PHRASES if kind in found), None)


# A greeting or an interjection before a question ("hey, what skills do AI engineers need?", "lol ok so
# is a PhD needed?"): its words would be searched for with the question's.
_OPENERS = sorted(
    (*PHRASES["greeting"], "lol", "ok", "okay", "so", "um", "umm", "hmm", "quick question", "question"),
    key=len,
    reverse=True,
)
# an opener ends at punctuation, or right before another opener or the question's own first word ("so
# what is RAG?")
_OPENER = "|".join(_OPENERS)
_FIRST = "|".join((*_OPENERS, *WH_WORDS, *AUXILIARIES))
_OPENING = re.compile(rf"^(?:(?:{_OPENER})(?:\s*[,.!:;-]+\s*|\s+(?=(?:{_FIRST})\b)))+", re.I)


def without_greeting(message: str) -> str:
    """`message` without a greeting or interjection before its question, when a question of at least
    three words follows; else `message` as it is."""
    rest = _OPENING.sub("", message, count=1)
    return rest if rest != message and len(_WORD.findall(rest.lower())) >= 3 else message


def _longest_phrase(words: list[str], start: int) -> tuple[str, int] | None:
    best: tuple[str, int] | None = None
    for kind, phrases in PHRASES.items():
        for phrase in phrases:
            parts = phrase.split()
            if words[start : start + len(parts)] == parts and (best is None or len(parts) > best[1]):
                best = (kind, len(parts))
    return best


def small_talk_reply(message: str) -> str | None:
    """The reply to a message that asks nothing, or None when `message` is a question."""
    kind = small_talk_kind(message)
    if kind is None:
        return None
    prompt = load_prompt("small_talk")
    return prompt.render(kind, offer=prompt.render("offer")).strip()
