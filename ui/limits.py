"""Server-side limits shared by the chat UI and the API: what a question may be, how often one
client may ask, and how many answers run at once before new ones are refused."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rag.answer.condense import is_message_list
from rag.config import Settings
from ui.errors import InputRejectedError, OverloadedError, RateLimitedError

_NOT_UNICODE = "The {what} contains characters that are not valid Unicode text (unpaired surrogates)."


def _is_unicode(text: str) -> bool:
    """False for strings with lone surrogates: JSON escapes can carry them, but nothing can store them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class InputLimits:
    """The size limits on a question and its history."""

    max_question_chars: int
    max_history_messages: int
    max_history_chars: int

    @classmethod
    def from_settings(cls, settings: Settings) -> InputLimits:
        return cls(settings.max_question_chars, settings.max_history_messages, settings.max_history_chars)

    def check(self, question: object, history: object = ()) -> tuple[str, list[dict[str, str]]]:
        """The question stripped and the history as plain {role, content} messages, or a clear error."""
        if not isinstance(question, str) or not question.strip():
            raise InputRejectedError("The question is empty. Type a question about the field guide.")
        question = question.strip()
        if not _is_unicode(question):
            raise InputRejectedError(_NOT_UNICODE.format(what="question"))
        if len(question) > self.max_question_chars:
            raise InputRejectedError(
                f"The question is {len(question):,} characters long; the limit is "
                f"{self.max_question_chars:,}. Please shorten it.",
                status=413,
            )
        if not is_message_list(history):
            raise InputRejectedError(
                'history must be a list of {"role": "user" | "assistant", "content": "..."} messages.'
            )
        if len(history) > self.max_history_messages:
            raise InputRejectedError(
                f"The history has {len(history)} messages; the limit is {self.max_history_messages}. "
                "Start a new chat.",
                status=413,
            )
        if not all(_is_unicode(m["content"]) for m in history):
            raise InputRejectedError(_NOT_UNICODE.format(what="history"))
        size = sum(len(m["content"]) for m in history)
        if size > self.max_history_chars:
            raise InputRejectedError(
                f"The history is {size:,} characters long; the limit is {self.max_history_chars:,}. "
                "Start a new chat.",
                status=413,
            )
        return question, [{"role": m["role"], "content": m["content"]} for m in history]


class RateLimiter:
    """A sliding one-minute window per client, for at most `max_clients` clients (oldest forgotten)."""

    def __init__(self, per_minute: int, max_clients: int = 10_000, clock=time.monotonic):
        self.per_minute = per_minute
        self.max_clients = max_clients
        self.clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        now = self.clock()
        with self._lock:
            times = self._seen.pop(client, None) or deque()
            while times and now - times[0] >= 60:
                times.popleft()
            self._seen[client] = times
            if len(self._seen) > self.max_clients:
                self._seen.popitem(last=False)
            if len(times) >= self.per_minute:
                raise RateLimitedError(self.per_minute, 60 - (now - times[0]))
            times.append(now)


class Admission:
    """At most `concurrency` answers run; `queue` more wait for a slot; beyond that, refuse at once.

    The Gradio queue does the same for the chat UI; this guards the API, whose requests would
    otherwise pile up in the server's thread pool.
    """

    def __init__(self, concurrency: int, queue: int, wait_s: float = 30.0):
        self.capacity = concurrency + queue
        self.wait_s = wait_s
        self._slots = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self.admitted = 0

    @property
    def full(self) -> bool:
        return self.admitted >= self.capacity

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._lock:
            if self.admitted >= self.capacity:
                raise OverloadedError(self.admitted)
            self.admitted += 1
        try:
            if not self._slots.acquire(timeout=self.wait_s):
                raise OverloadedError(self.admitted)
            try:
                yield
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self.admitted -= 1
