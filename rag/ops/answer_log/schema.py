"""The answer log's tables (SQLAlchemy Core) and the SQLite engine set up for several writers."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from rag.errors import AnswerLogError
from rag.ops.answer_log.records import utc

BUSY_TIMEOUT_S = 30.0
WRITE = "fieldguide_answer_log_write"  # execution option: this connection writes


class UTCDateTime(sa.TypeDecorator):
    """Aware UTC datetimes in and out; SQLite keeps no zone, so it stores naive UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        return None if value is None else utc(value)


metadata = sa.MetaData()
answers = sa.Table(
    "answer_log",
    metadata,
    sa.Column("answer_id", sa.String(64), primary_key=True),
    sa.Column("created_at", UTCDateTime(), nullable=False, index=True),
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
feedback = sa.Table(
    "answer_feedback",
    metadata,
    sa.Column(
        "answer_id",
        sa.String(64),
        sa.ForeignKey("answer_log.answer_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("rating", sa.String(4), nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
)
migrations = sa.Table(
    "answer_log_migrations",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("applied_at", UTCDateTime(), nullable=False),
)


def sqlite_engine(url: sa.URL) -> Engine:
    """An engine on the SQLite file at `url`: WAL, a busy timeout, and writers that lock up front."""
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
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

    return engine
