"""Which answer prompt a conversation gets while two versions run at once (a controlled rollout).

The split is stable per conversation: the same conversation id always lands in the same arm, so a
chat never switches prompts midway, and the arms' shares converge on the configured split.
"""

from __future__ import annotations

import hashlib
import secrets

from rag.answer.prompts import load_prompt
from rag.config import Settings


def bucket(conversation_id: str) -> float:
    """A number in [0, 1) fixed by the conversation id."""
    digest = hashlib.sha256(conversation_id.encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def prompt_version_for(settings: Settings, conversation_id: str | None) -> int:
    """The candidate version for a `answer_prompt_split` share of conversations, else the stable one.

    Without a conversation id (a one-off API call) the arm is drawn at random with the same split.
    """
    candidate = settings.answer_prompt_candidate
    if candidate is None or settings.answer_prompt_split <= 0:
        return settings.answer_prompt_version
    draw = bucket(conversation_id) if conversation_id else secrets.randbelow(2**32) / 2**32
    return candidate if draw < settings.answer_prompt_split else settings.answer_prompt_version


def check_rollout(settings: Settings) -> None:
    """Fail at start-up, not on the first question, when a configured prompt version is missing."""
    load_prompt("answer", settings.answer_prompt_version)
    if settings.answer_prompt_candidate is not None:
        load_prompt("answer", settings.answer_prompt_candidate)
