"""Typed errors of the market engine (moved into rag/errors.py with the pipeline change)."""

from __future__ import annotations

from rag.errors import FieldGuideError


class MarketError(FieldGuideError):
    """Base class of the market engine's errors; the message is shown to the user as it is."""


class MarketNotBuiltError(MarketError):
    def __init__(self, where: str):
        super().__init__(
            f"The postings table has not been built yet ({where}). Run `fieldguide ingest` to build it."
        )


class MarketSpecError(MarketError):
    """A query spec that fails validation (wrong measure/field combination, bad value)."""


class UnknownValueError(MarketError):
    """A filter value no posting has; `suggestions` are (value, postings) of the closest known ones."""

    def __init__(self, field: str, value: str, suggestions: list[tuple[str, int]], what: str):
        self.field, self.value, self.suggestions = field, value, suggestions
        message = f"No posting {what} {value!r}"
        if suggestions:
            options = " or ".join(f"{name} ({n:,} posting{'s' if n != 1 else ''})" for name, n in suggestions)
            message += f"; did you mean {options}?"
        else:
            message += f". See `fieldguide market vocab {field}` for the values the data holds."
        super().__init__(message)
