"""Schema migrations of the answer log: a named, ordered list, and a table recording which ran.

A new log gets the current schema (schema.py) with every migration recorded as run. A log that
already has tables but no migrations table was made before migrations were recorded: it is
inspected once to record which changes it already has, then the rest run in order. `create_all`
never alters an existing table, so every change to a table after the first release is a migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Inspector

from rag.ops.answer_log.records import utc_now
from rag.ops.answer_log.schema import answers, metadata, migrations


@dataclass(frozen=True)
class Migration:
    """One named schema change, applied once per database, in list order."""

    name: str
    apply: Callable[[Connection], None]
    # Whether a log made before the migrations table existed already has this change.
    present: Callable[[Inspector], bool]


def _has_column(table: str, column: str) -> Callable[[Inspector], bool]:
    return lambda inspector: column in {c["name"] for c in inspector.get_columns(table)}


def _add_prompt_variant(conn: Connection) -> None:
    """The A/B arm of each answer; older rows get the prompt that wrote them (answer.v1)."""
    kind = answers.c.prompt_variant.type.compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE answer_log ADD COLUMN prompt_variant {kind}"))
    conn.execute(sa.text("UPDATE answer_log SET prompt_variant = prompt_id || '.' || prompt_version"))
    conn.execute(
        sa.text("CREATE INDEX IF NOT EXISTS ix_answer_log_prompt_variant ON answer_log (prompt_variant)")
    )


MIGRATIONS: list[Migration] = [
    Migration("0001_add_prompt_variant", _add_prompt_variant, _has_column("answer_log", "prompt_variant")),
]


def migrate(conn: Connection, steps: list[Migration] = MIGRATIONS) -> list[str]:
    """Brings the log behind `conn` to the current schema; returns the names of the migrations run.
    Call it inside one transaction that no other process runs it in at the same time."""
    inspector = sa.inspect(conn)
    tables = set(inspector.get_table_names())
    if migrations.name not in tables:
        legacy = answers.name in tables  # made before migrations were recorded: what does it have?
        done = [m.name for m in steps if not legacy or m.present(inspector)]
        metadata.create_all(conn)
        if done:
            conn.execute(migrations.insert(), [{"name": name, "applied_at": utc_now()} for name in done])
    applied = set(conn.scalars(sa.select(migrations.c.name)))
    ran = []
    for step in steps:
        if step.name not in applied:
            step.apply(conn)
            conn.execute(migrations.insert().values(name=step.name, applied_at=utc_now()))
            ran.append(step.name)
    return ran
