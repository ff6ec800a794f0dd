"""The answer log: every answer given and the feedback on it (SQLite or PostgreSQL).

redaction (what is stored of what people type), records (the dataclasses), schema (the tables),
migrations (named, ordered schema changes), store (AnswerLog), stats (the aggregates).
"""

from rag.ops.answer_log.records import (
    CHANNELS,
    MODES,
    RATINGS,
    AnswerRecord,
    CitedPage,
    DayStats,
    Feedback,
    Gap,
    Summary,
)
from rag.ops.answer_log.redaction import redact
from rag.ops.answer_log.schema import BUSY_TIMEOUT_S
from rag.ops.answer_log.stats import percentile
from rag.ops.answer_log.store import AnswerLog

__all__ = [
    "BUSY_TIMEOUT_S",
    "CHANNELS",
    "MODES",
    "RATINGS",
    "AnswerLog",
    "AnswerRecord",
    "CitedPage",
    "DayStats",
    "Feedback",
    "Gap",
    "Summary",
    "percentile",
    "redact",
]
