"""Errors of the web layer and the command line: what a request or a CLI argument can do wrong."""

from rag.errors import FieldGuideError


class HistoryInputError(FieldGuideError):
    """A chat history file that is not a JSON list of {role, content} messages."""


class InputRejectedError(FieldGuideError):
    """A question or history the service will not process; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 422):
        self.status = status
        super().__init__(message)


class RateLimitedError(FieldGuideError):
    """A client asked more questions a minute than the rate limit allows."""

    def __init__(self, limit: int, retry_after: float):
        self.retry_after = retry_after
        super().__init__(
            f"Too many questions: the limit is {limit} a minute. Try again in {max(1, round(retry_after))} s."
        )


class OverloadedError(FieldGuideError):
    """Every answer slot and queue place is taken."""

    def __init__(self, busy: int):
        super().__init__(
            f"The service is busy ({busy} questions in progress or waiting). Please try again in a moment."
        )


class NotReadyError(FieldGuideError):
    """The index is not loaded (not built yet, locked, or the Qdrant server is unreachable)."""
