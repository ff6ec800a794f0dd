"""The answer log store: every answer the app gives and the feedback on it, in SQLite (the default,
a file in the data dir) or PostgreSQL. Read by the web app (thumbs up/down), the monitoring
dashboard and `fieldguide report`.

SQLAlchemy Core. Questions, condensed queries and feedback comments are stored redacted (emails and
phone numbers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError

from rag.errors import AnswerLogError, DuplicateAnswerError, InvalidRatingError, UnknownAnswerError
from rag.ops.answer_log import stats
from rag.ops.answer_log.migrations import migrate
from rag.ops.answer_log.records import RATINGS, AnswerRecord, Feedback, Gap, utc, utc_now
from rag.ops.answer_log.redaction import redact
from rag.ops.answer_log.schema import WRITE, answers, feedback, sqlite_engine

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.ops.answer_log.records import CitedPage, DayStats, Summary

_PG_SCHEMA_LOCK = 0x616E735F6C6F67  # any constant shared by every process: "ans_log"


class AnswerLog:
    """The log behind one database URL; safe to share between the threads of one process."""

    def __init__(self, url: str):
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            self._engine = sqlite_engine(parsed)
        elif backend == "postgresql":
            self._engine = sa.create_engine(parsed, pool_pre_ping=True)
        else:
            raise AnswerLogError(f"the answer log supports sqlite and postgresql URLs, not {backend!r}")
        self._insert = sqlite.insert if backend == "sqlite" else postgresql.insert
        self._writer = self._engine.execution_options(**{WRITE: True})
        with self._writer.begin() as conn:
            if backend == "postgresql":  # app workers starting together would race to migrate
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_SCHEMA_LOCK})
            migrate(conn)

    @classmethod
    def from_settings(cls, settings: Settings) -> AnswerLog:
        return cls(settings.database_url or f"sqlite:///{settings.data_dir}/answers.sqlite3")

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> AnswerLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            yield conn

    # -- writing -----------------------------------------------------------------------------------
    def record(self, entry: AnswerRecord) -> None:
        row = {name: getattr(entry, name) for name in entry.__dataclass_fields__}
        row["question"], row["query"] = redact(entry.question), redact(entry.query)
        try:
            with self._writer.begin() as conn:
                conn.execute(answers.insert().values(**row))
        except IntegrityError as exc:
            raise DuplicateAnswerError(entry.answer_id) from exc

    def add_feedback(
        self, answer_id: str, rating: str, comment: str | None = None, *, now: datetime | None = None
    ) -> Feedback:
        """Stores the rating of an answer; a later rating replaces an earlier one."""
        if rating not in RATINGS:
            raise InvalidRatingError(rating)
        when = utc(now) if now else utc_now()
        values = {
            "answer_id": answer_id,
            "rating": rating,
            "comment": redact(comment) if comment else None,
            "created_at": when,
            "updated_at": when,
        }
        insert = self._insert(feedback).values(**values)
        upsert = insert.on_conflict_do_update(
            index_elements=[feedback.c.answer_id],
            set_={name: insert.excluded[name] for name in ("rating", "comment", "updated_at")},
        )
        try:
            with self._writer.begin() as conn:
                known = sa.select(answers.c.answer_id).where(answers.c.answer_id == answer_id)
                if conn.scalar(known) is None:
                    raise UnknownAnswerError(answer_id)
                conn.execute(upsert)
                stored = conn.execute(sa.select(feedback).where(feedback.c.answer_id == answer_id)).one()
        except IntegrityError as exc:  # purged between the check and the write (PostgreSQL)
            raise UnknownAnswerError(answer_id) from exc
        return Feedback(**stored._mapping)

    def purge(self, older_than_days: int, now: datetime | None = None) -> int:
        """Deletes answers (and their feedback) created more than `older_than_days` ago; returns how many."""
        cutoff = (utc(now) if now else utc_now()) - timedelta(days=older_than_days)
        old = sa.select(answers.c.answer_id).where(answers.c.created_at < cutoff)
        with self._writer.begin() as conn:
            conn.execute(feedback.delete().where(feedback.c.answer_id.in_(old)))
            return conn.execute(answers.delete().where(answers.c.created_at < cutoff)).rowcount

    # -- reading one answer ------------------------------------------------------------------------
    def get(self, answer_id: str) -> dict[str, Any] | None:
        """The answer's row (JSON fields decoded) plus "feedback": a Feedback or None."""
        with self._read() as conn:
            row = conn.execute(sa.select(answers).where(answers.c.answer_id == answer_id)).one_or_none()
            if row is None:
                return None
            return {**row._mapping, "feedback": self._feedback(conn, answer_id)}

    def feedback_for(self, answer_id: str) -> Feedback | None:
        with self._read() as conn:
            return self._feedback(conn, answer_id)

    @staticmethod
    def _feedback(conn: Connection, answer_id: str) -> Feedback | None:
        row = conn.execute(sa.select(feedback).where(feedback.c.answer_id == answer_id)).one_or_none()
        return Feedback(**row._mapping) if row is not None else None

    # -- dashboard and report ----------------------------------------------------------------------
    def _rows(
        self,
        prompt_variant: str | None,
        since: datetime | None,
        *where: sa.ColumnElement[bool],
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[sa.RowMapping]:
        """Answers with their feedback (oldest first); the filters apply to when the answer was given."""
        columns = [c for c in answers.c if c.name != "retrieved"]
        order = (answers.c.created_at, answers.c.answer_id)
        query = (
            sa.select(*columns, feedback.c.rating, feedback.c.comment)
            .select_from(answers.outerjoin(feedback))
            .order_by(*(c.desc() for c in order) if newest_first else order)
            .limit(limit)
        )
        if prompt_variant is not None:
            query = query.where(answers.c.prompt_variant == prompt_variant)
        if since is not None:
            query = query.where(answers.c.created_at >= since)
        if where:
            query = query.where(*where)
        with self._read() as conn:
            return list(conn.execute(query).mappings())

    def summary(self, prompt_variant: str | None = None, since: datetime | None = None) -> Summary:
        return stats.summarise(self._rows(prompt_variant, since))

    def by_prompt_variant(self, since: datetime | None = None) -> dict[str, Summary]:
        """The summary of each prompt variant (A/B arm), in name order."""
        groups: dict[str, list[sa.RowMapping]] = defaultdict(list)
        for row in self._rows(None, since):
            groups[row["prompt_variant"]].append(row)
        return {variant: stats.summarise(groups[variant]) for variant in sorted(groups)}

    def daily(self, prompt_variant: str | None = None, since: datetime | None = None) -> list[DayStats]:
        """One entry per UTC day that has answers, oldest first."""
        return stats.daily(self._rows(prompt_variant, since))

    def top_cited(
        self, limit: int = 10, prompt_variant: str | None = None, since: datetime | None = None
    ) -> list[CitedPage]:
        """The URLs cited by the most answers (an answer citing a URL twice counts once)."""
        return stats.top_cited(self._rows(prompt_variant, since), limit)

    def gaps(
        self, limit: int = 20, prompt_variant: str | None = None, since: datetime | None = None
    ) -> list[Gap]:
        """The most recent refused or thumbs-down answers, newest first."""
        rows = self._rows(prompt_variant, since, stats.is_gap(), newest_first=True, limit=limit)
        return [
            Gap(
                answer_id=r["answer_id"],
                created_at=r["created_at"],
                question=r["question"],
                query=r["query"],
                refused=r["refused"],
                rating=r["rating"],
                comment=r["comment"],
                prompt_variant=r["prompt_variant"],
            )
            for r in rows
        ]

    def export_eval_candidates(
        self, prompt_variant: str | None = None, since: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Refused and thumbs-down questions as eval-set lines (evals/questions.py), oldest first, one
        per distinct question. `gold` is left empty and `kind` "unreviewed": a person must fill them in
        (and set a split) before the line joins the eval set."""
        out, seen = [], set()
        for r in self._rows(prompt_variant, since, stats.is_gap()):
            key = " ".join(r["question"].casefold().split())
            if key in seen:
                continue
            seen.add(key)
            out.append(
                {
                    "id": f"log-{r['answer_id'][:12]}",
                    "question": r["question"],
                    "gold": [],
                    "kind": "unreviewed",
                    "split": None,
                    "source": "answer-log",
                    "reason": "refused" if r["refused"] else "thumbs-down",
                    "answer_id": r["answer_id"],
                    "query": r["query"],
                    "comment": r["comment"],
                }
            )
        return out
