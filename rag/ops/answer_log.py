"""The answer log: every answer the app gives and the feedback on it, in SQLite (the default, a file
in the data dir) or PostgreSQL. Read by the web app (thumbs up/down), the monitoring dashboard and
`fieldguide report`.

SQLAlchemy Core. Questions, condensed queries and feedback comments are stored redacted (emails and
phone numbers). Aggregates and percentiles are computed in Python from the rows, so they read the
same on both databases.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError

from rag.errors import AnswerLogError, DuplicateAnswerError, InvalidRatingError, UnknownAnswerError
from rag.stats import percentile_or_none as percentile
from rag.stats import rate as _rate

if TYPE_CHECKING:
    from rag.answer.pipeline import Answer
    from rag.config import Settings
    from rag.records import Hit

CHANNELS = ("ui", "api", "cli", "gradio", "mcp", "openai")
MODES = ("llm", "extractive")
RATINGS = ("up", "down")
BUSY_TIMEOUT_S = 30.0
_WRITE = "fieldguide_answer_log_write"
_PG_SCHEMA_LOCK = 0x616E735F6C6F67  # any constant shared by every process: "ans_log"

# -- redaction -----------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# A phone-shaped run: optional +country code and (area code), then digit groups joined by one space,
# dash or dot; groups after the first have 2+ digits. The checks in _phone() decide what it is.
_PHONE = re.compile(
    r"(?<![\w$£€.,/+-])"
    r"(?:\+\d{1,3}[ .-]?)?"
    r"(?:\(\d{1,5}\)[ .-]?)?"
    r"\d+(?:[ .-]\d{2,})*"
    r"(?![\w$£€%]|[.,/-]\d)"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE = re.compile(r"\d{4}([-./])\d{1,2}\1\d{1,2}|\d{1,2}([-./])\d{1,2}\2\d{4}")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?: \d{3})+")  # 150 000 000
_RANGE = re.compile(r"([1-9]\d+)-([1-9]\d+)")  # 150000-200000


def _phone(match: re.Match[str]) -> str:
    text = match.group()
    groups = re.findall(r"\d+", text)
    digits = sum(map(len, groups))
    plain = text.isdigit()
    if not 7 <= digits <= 15:
        return text
    if plain and digits < 10:  # a bare 7-9 digit number is an id (job postings have 7) more often
        return text
    if all(_YEAR.fullmatch(g) for g in groups) or _DATE.fullmatch(text):  # 2023-2024, 2024-01-15
        return text
    if _THOUSANDS.fullmatch(text):
        return text
    if (pair := _RANGE.fullmatch(text)) and len(pair[1]) == len(pair[2]):
        return text
    if "." in text and not text.startswith(("+", "(")) and len(groups) < 3:  # 3.14159265
        return text
    return "[phone]"


def redact(text: str) -> str:
    """`text` with email addresses replaced by [email] and phone numbers by [phone]."""
    return _PHONE.sub(_phone, _EMAIL.sub("[email]", text))


# -- records ---------------------------------------------------------------------------------------


def _utc(value: datetime) -> datetime:
    """Aware UTC; a naive datetime is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(kw_only=True)
class AnswerRecord:
    """One row of the log. `question` and `query` are redacted when stored, not here."""

    answer_id: str
    created_at: datetime
    channel: str  # one of CHANNELS
    question: str
    query: str
    mode: str  # "llm" | "extractive"
    prompt_id: str
    prompt_version: str
    # The A/B arm: the answer prompt the conversation was assigned ("answer.v2"), whichever
    # template (answer, refusal, extractive) wrote the text. Dashboards compare and filter by it.
    prompt_variant: str = ""
    conversation_id: str | None = None
    retrieved: list[dict] = field(default_factory=list)  # {"chunk_id", "doc_id", "score"}
    cited: list[dict] = field(default_factory=list)  # the answer's citation dicts (+ "chunk_id")
    model: str | None = None  # None for extractive answers
    retrieval_ms: float | None = None
    first_token_ms: float | None = None
    total_ms: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    refused: bool = False
    invalid_citations_removed: int = 0
    incomplete: bool = False
    fallback_reason: str | None = None
    relevance: float | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        self.prompt_variant = self.prompt_variant or self.prompt_version
        if self.channel not in CHANNELS:
            raise AnswerLogError(f"channel must be one of {', '.join(CHANNELS)}, not {self.channel!r}")
        if self.mode not in MODES:
            raise AnswerLogError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")

    @classmethod
    def from_answer(
        cls,
        answer: Answer,
        *,
        channel: str,
        conversation_id: str | None = None,
        model: str | None = None,
        retrieved: Sequence[Hit] = (),
        error: str | None = None,
        created_at: datetime | None = None,
    ) -> AnswerRecord:
        """The record of `answer`; `retrieved` defaults to the answer's own retrieved hits, else to
        the hits of its sources."""
        hits = list(retrieved) or list(answer.retrieved) or [s.hit for s in answer.sources]
        by_n = {s.n: s for s in answer.sources}
        cited = []
        for citation in answer.citations:
            source = by_n.get(citation.get("n"))
            chunk_id = {"chunk_id": source.hit.chunk.id} if source is not None else {}
            cited.append({"n": citation.get("n"), **chunk_id, **citation})
        latency = answer.latency_ms or {}
        usage = answer.usage or {}
        return cls(
            answer_id=answer.answer_id,
            created_at=created_at or _now(),
            conversation_id=conversation_id,
            channel=channel,
            question=answer.question,
            query=answer.query,
            retrieved=[
                {"chunk_id": h.chunk.id, "doc_id": h.chunk.doc_id, "score": round(float(h.score), 6)}
                for h in hits
            ],
            cited=cited,
            prompt_id=answer.prompt_id,
            prompt_version=answer.prompt_version,
            prompt_variant=answer.variant or f"{answer.prompt_id}.{answer.prompt_version}",
            model=model if answer.mode == "llm" else None,
            mode=answer.mode,
            retrieval_ms=latency.get("retrieval"),
            first_token_ms=latency.get("first_token"),
            total_ms=latency.get("total"),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            refused=answer.refused,
            invalid_citations_removed=answer.invalid_citations_removed,
            incomplete=answer.incomplete,
            fallback_reason=answer.fallback_reason,
            relevance=answer.relevance,
            error=error,
        )


@dataclass(frozen=True)
class Feedback:
    answer_id: str
    rating: str  # "up" | "down"
    comment: str | None
    created_at: datetime  # the first rating
    updated_at: datetime  # the one that stands


@dataclass(frozen=True)
class DayStats:
    day: date  # UTC
    questions: int
    answered: int  # neither refused nor failed with an error
    refused: int
    thumbs_up: int
    thumbs_down: int
    total_ms_p50: float | None
    total_ms_p95: float | None
    first_token_ms_p50: float | None
    first_token_ms_p95: float | None


@dataclass(frozen=True)
class Summary:
    answers: int
    answered: int
    refused: int
    refusal_rate: float | None
    errors: int
    incomplete: int
    fallbacks: int
    feedback_count: int
    thumbs_up: int
    thumbs_down: int
    thumbs_up_rate: float | None  # up / (up + down)
    total_ms_p50: float | None
    total_ms_p95: float | None
    first_token_ms_p50: float | None
    first_token_ms_p95: float | None
    mean_citations: float | None
    prompt_tokens: int
    completion_tokens: int
    invalid_citations_removed: int


@dataclass(frozen=True)
class CitedPage:
    url: str
    title: str
    section: str
    count: int  # answers that cite it


@dataclass(frozen=True)
class Gap:
    answer_id: str
    created_at: datetime
    question: str
    query: str
    refused: bool
    rating: str | None
    comment: str | None
    prompt_version: str


# -- schema ----------------------------------------------------------------------------------------


class _UTCDateTime(sa.TypeDecorator):
    """Aware UTC datetimes in and out; SQLite keeps no zone, so it stores naive UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = _utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        return None if value is None else _utc(value)


_metadata = sa.MetaData()
_answers = sa.Table(
    "answer_log",
    _metadata,
    sa.Column("answer_id", sa.String(64), primary_key=True),
    sa.Column("created_at", _UTCDateTime(), nullable=False, index=True),
    sa.Column("conversation_id", sa.String(128)),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("query", sa.Text, nullable=False),
    sa.Column("retrieved", sa.JSON, nullable=False),
    sa.Column("cited", sa.JSON, nullable=False),
    sa.Column("prompt_id", sa.String(64), nullable=False),
    sa.Column("prompt_version", sa.String(64), nullable=False),
    sa.Column("prompt_variant", sa.String(64), nullable=False, index=True),
    sa.Column("model", sa.String(200)),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("retrieval_ms", sa.Float),
    sa.Column("first_token_ms", sa.Float),
    sa.Column("total_ms", sa.Float),
    sa.Column("prompt_tokens", sa.Integer),
    sa.Column("completion_tokens", sa.Integer),
    sa.Column("refused", sa.Boolean, nullable=False),
    sa.Column("invalid_citations_removed", sa.Integer, nullable=False),
    sa.Column("incomplete", sa.Boolean, nullable=False),
    sa.Column("fallback_reason", sa.Text),
    sa.Column("relevance", sa.Float),
    sa.Column("error", sa.Text),
)
_feedback = sa.Table(
    "answer_feedback",
    _metadata,
    sa.Column(
        "answer_id",
        sa.String(64),
        sa.ForeignKey("answer_log.answer_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("rating", sa.String(4), nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("created_at", _UTCDateTime(), nullable=False),
    sa.Column("updated_at", _UTCDateTime(), nullable=False),
)


def _sqlite_engine(url: sa.URL) -> Engine:
    if not url.database or url.database == ":memory:":
        raise AnswerLogError("the answer log needs a SQLite file (sqlite:///path/answers.sqlite3)")
    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # pysqlite must not BEGIN on its own: _begin does
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # Writers take the write lock up front: a deferred transaction that reads and then writes
        # fails at once with "database is locked" if another writer got in between, busy timeout
        # or not.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

    return engine


# Columns added after the first release, with what an older row gets: (table, column, SQL fill).
_ADDED_COLUMNS = [
    ("answer_log", "prompt_variant", "prompt_id || '.' || prompt_version"),
]


def _add_new_columns(conn: Connection) -> None:
    """Bring a log created by an older version up to date (create_all never alters a table)."""
    inspector = sa.inspect(conn)
    for table_name, column_name, fill in _ADDED_COLUMNS:
        if column_name in {c["name"] for c in inspector.get_columns(table_name)}:
            continue
        column = _metadata.tables[table_name].c[column_name]
        kind = column.type.compile(dialect=conn.dialect)
        conn.execute(sa.text(f"ALTER TABLE {table_name} ADD COLUMN {column_name} {kind}"))
        conn.execute(sa.text(f"UPDATE {table_name} SET {column_name} = {fill}"))
        if column.index:
            name = f"ix_{table_name}_{column_name}"
            conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON {table_name} ({column_name})"))


class AnswerLog:
    """The log behind one database URL; safe to share between the threads of one process."""

    def __init__(self, url: str):
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            self._engine = _sqlite_engine(parsed)
        elif backend == "postgresql":
            self._engine = sa.create_engine(parsed, pool_pre_ping=True)
        else:
            raise AnswerLogError(f"the answer log supports sqlite and postgresql URLs, not {backend!r}")
        self._insert = sqlite.insert if backend == "sqlite" else postgresql.insert
        self._writer = self._engine.execution_options(**{_WRITE: True})
        with self._writer.begin() as conn:
            if backend == "postgresql":  # app workers starting together would race to create the tables
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_SCHEMA_LOCK})
            _metadata.create_all(conn)
            _add_new_columns(conn)

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
                conn.execute(_answers.insert().values(**row))
        except IntegrityError as exc:
            raise DuplicateAnswerError(entry.answer_id) from exc

    def add_feedback(
        self, answer_id: str, rating: str, comment: str | None = None, *, now: datetime | None = None
    ) -> Feedback:
        """Stores the rating of an answer; a later rating replaces an earlier one."""
        if rating not in RATINGS:
            raise InvalidRatingError(rating)
        when = _utc(now) if now else _now()
        values = {
            "answer_id": answer_id,
            "rating": rating,
            "comment": redact(comment) if comment else None,
            "created_at": when,
            "updated_at": when,
        }
        insert = self._insert(_feedback).values(**values)
        upsert = insert.on_conflict_do_update(
            index_elements=[_feedback.c.answer_id],
            set_={name: insert.excluded[name] for name in ("rating", "comment", "updated_at")},
        )
        try:
            with self._writer.begin() as conn:
                known = sa.select(_answers.c.answer_id).where(_answers.c.answer_id == answer_id)
                if conn.scalar(known) is None:
                    raise UnknownAnswerError(answer_id)
                conn.execute(upsert)
                stored = conn.execute(sa.select(_feedback).where(_feedback.c.answer_id == answer_id)).one()
        except IntegrityError as exc:  # purged between the check and the write (PostgreSQL)
            raise UnknownAnswerError(answer_id) from exc
        return Feedback(**stored._mapping)

    def purge(self, older_than_days: int, now: datetime | None = None) -> int:
        """Deletes answers (and their feedback) created more than `older_than_days` ago; returns how many."""
        cutoff = (_utc(now) if now else _now()) - timedelta(days=older_than_days)
        old = sa.select(_answers.c.answer_id).where(_answers.c.created_at < cutoff)
        with self._writer.begin() as conn:
            conn.execute(_feedback.delete().where(_feedback.c.answer_id.in_(old)))
            return conn.execute(_answers.delete().where(_answers.c.created_at < cutoff)).rowcount

    # -- reading one answer ------------------------------------------------------------------------
    def get(self, answer_id: str) -> dict[str, Any] | None:
        """The answer's row (JSON fields decoded) plus "feedback": a Feedback or None."""
        with self._read() as conn:
            row = conn.execute(sa.select(_answers).where(_answers.c.answer_id == answer_id)).one_or_none()
            if row is None:
                return None
            return {**row._mapping, "feedback": self._feedback(conn, answer_id)}

    def feedback_for(self, answer_id: str) -> Feedback | None:
        with self._read() as conn:
            return self._feedback(conn, answer_id)

    @staticmethod
    def _feedback(conn: Connection, answer_id: str) -> Feedback | None:
        row = conn.execute(sa.select(_feedback).where(_feedback.c.answer_id == answer_id)).one_or_none()
        return Feedback(**row._mapping) if row is not None else None

    # -- dashboard and report ----------------------------------------------------------------------
    def _rows(
        self,
        prompt_version: str | None,
        since: datetime | None,
        *where: sa.ColumnElement[bool],
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[sa.RowMapping]:
        """Answers with their feedback (oldest first); the filters apply to when the answer was given."""
        columns = [c for c in _answers.c if c.name != "retrieved"]
        order = (_answers.c.created_at, _answers.c.answer_id)
        query = (
            sa.select(*columns, _feedback.c.rating, _feedback.c.comment)
            .select_from(_answers.outerjoin(_feedback))
            .order_by(*(c.desc() for c in order) if newest_first else order)
            .limit(limit)
        )
        if prompt_version is not None:
            query = query.where(_answers.c.prompt_variant == prompt_version)
        if since is not None:
            query = query.where(_answers.c.created_at >= since)
        if where:
            query = query.where(*where)
        with self._read() as conn:
            return list(conn.execute(query).mappings())

    def summary(self, prompt_version: str | None = None, since: datetime | None = None) -> Summary:
        return _summarise(self._rows(prompt_version, since))

    def by_prompt_version(self, since: datetime | None = None) -> dict[str, Summary]:
        """The summary of each prompt version, in version order (for A/B comparisons)."""
        groups: dict[str, list[sa.RowMapping]] = defaultdict(list)
        for row in self._rows(None, since):
            groups[row["prompt_variant"]].append(row)
        return {version: _summarise(groups[version]) for version in sorted(groups)}

    def daily(self, prompt_version: str | None = None, since: datetime | None = None) -> list[DayStats]:
        """One entry per UTC day that has answers, oldest first."""
        days: dict[date, list[sa.RowMapping]] = defaultdict(list)
        for row in self._rows(prompt_version, since):
            days[row["created_at"].date()].append(row)
        out = []
        for day, rows in sorted(days.items()):
            ratings = Counter(r["rating"] for r in rows)
            out.append(
                DayStats(
                    day=day,
                    questions=len(rows),
                    answered=sum(_answered(r) for r in rows),
                    refused=sum(r["refused"] for r in rows),
                    thumbs_up=ratings["up"],
                    thumbs_down=ratings["down"],
                    total_ms_p50=percentile((r["total_ms"] for r in rows), 50),
                    total_ms_p95=percentile((r["total_ms"] for r in rows), 95),
                    first_token_ms_p50=percentile((r["first_token_ms"] for r in rows), 50),
                    first_token_ms_p95=percentile((r["first_token_ms"] for r in rows), 95),
                )
            )
        return out

    def top_cited(
        self, limit: int = 10, prompt_version: str | None = None, since: datetime | None = None
    ) -> list[CitedPage]:
        """The URLs cited by the most answers (an answer citing a URL twice counts once)."""
        counts: Counter[str] = Counter()
        labels: dict[str, tuple[str, str]] = {}
        for row in self._rows(prompt_version, since):
            urls = set()
            for citation in row["cited"]:
                url = citation["url"]
                urls.add(url)
                labels.setdefault(url, (citation.get("title", ""), citation.get("section", "")))
            counts.update(urls)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [CitedPage(url, *labels[url], count) for url, count in ranked]

    def gaps(
        self, limit: int = 20, prompt_version: str | None = None, since: datetime | None = None
    ) -> list[Gap]:
        """The most recent refused or thumbs-down answers, newest first."""
        rows = self._rows(prompt_version, since, _is_gap(), newest_first=True, limit=limit)
        return [
            Gap(
                answer_id=r["answer_id"],
                created_at=r["created_at"],
                question=r["question"],
                query=r["query"],
                refused=r["refused"],
                rating=r["rating"],
                comment=r["comment"],
                prompt_version=r["prompt_variant"],
            )
            for r in rows
        ]

    def export_eval_candidates(
        self, prompt_version: str | None = None, since: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Refused and thumbs-down questions as eval-set lines (evals/questions.py), oldest first, one
        per distinct question. `gold` is left empty and `kind` "unreviewed": a person must fill them in
        (and set a split) before the line joins the eval set."""
        out, seen = [], set()
        for r in self._rows(prompt_version, since, _is_gap()):
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


def _is_gap() -> sa.ColumnElement[bool]:
    return sa.or_(_answers.c.refused.is_(True), _feedback.c.rating == "down")


def _answered(row: sa.RowMapping) -> bool:
    return not row["refused"] and row["error"] is None


def _summarise(rows: Sequence[sa.RowMapping]) -> Summary:
    ratings = Counter(r["rating"] for r in rows)
    up, down = ratings["up"], ratings["down"]
    refused = sum(r["refused"] for r in rows)
    return Summary(
        answers=len(rows),
        answered=sum(_answered(r) for r in rows),
        refused=refused,
        refusal_rate=_rate(refused, len(rows)),
        errors=sum(r["error"] is not None for r in rows),
        incomplete=sum(r["incomplete"] for r in rows),
        fallbacks=sum(r["fallback_reason"] is not None for r in rows),
        feedback_count=up + down,
        thumbs_up=up,
        thumbs_down=down,
        thumbs_up_rate=_rate(up, up + down),
        total_ms_p50=percentile((r["total_ms"] for r in rows), 50),
        total_ms_p95=percentile((r["total_ms"] for r in rows), 95),
        first_token_ms_p50=percentile((r["first_token_ms"] for r in rows), 50),
        first_token_ms_p95=percentile((r["first_token_ms"] for r in rows), 95),
        mean_citations=_rate(sum(len(r["cited"]) for r in rows), len(rows)),
        prompt_tokens=sum(r["prompt_tokens"] or 0 for r in rows),
        completion_tokens=sum(r["completion_tokens"] or 0 for r in rows),
        invalid_citations_removed=sum(r["invalid_citations_removed"] for r in rows),
    )
