"""`fieldguide report`: the answer log's usage report (rag/ops/usage.py); registered in ui/cli/main.py."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rag.config import Settings


def write_jsonl(lines: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def _variant(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """`2` means answer.v2, as `fieldguide eval answers --prompt-version 2` does."""
    return f"answer.v{value}" if value and value.isdigit() else value


@click.command()
@click.option("--days", metavar="N", type=click.IntRange(1), help="Only the last N UTC days, today included.")
@click.option(
    "--prompt-variant",
    "--prompt-version",  # the flag's name before 2026-11-30, still accepted
    "prompt_variant",
    metavar="VARIANT",
    callback=_variant,
    help="Only answers of this A/B arm, e.g. answer.v2 (or just 2); the A/B table still lists every arm.",
)
@click.option(
    "--export",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the refused and thumbs-down questions to this JSONL file, in the eval-set format "
    "(gold empty and kind 'unreviewed' until a person fills them in).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def report(days: int | None, prompt_variant: str | None, export: Path | None, as_json: bool) -> None:
    """Summarise the answer log: answers, refusal and thumbs-up rates, latency, citations, tokens,
    per day and per prompt variant, the most-cited pages and the latest questions the guide did
    not answer well.

    Reads the log of FIELDGUIDE_DATABASE_URL (default: SQLite in the data dir), which keeps
    FIELDGUIDE_LOG_RETENTION_DAYS days of answers.
    """
    from rag.ops.answer_log import AnswerLog
    from rag.ops.usage import load_report, render_report, report_json, since_days

    since = since_days(days)
    with AnswerLog.from_settings(Settings()) as log:
        result = load_report(log, since, prompt_variant)
        candidates = log.export_eval_candidates(prompt_variant, since) if export else []
    if as_json:
        click.echo(json.dumps(report_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(render_report(result))
    if export:
        try:
            write_jsonl(candidates, export)
        except OSError as exc:
            raise click.FileError(str(export), hint=exc.strerror or str(exc)) from exc
        message = (
            f"Wrote {len(candidates)} eval candidate(s) to {export} "
            "(refused or thumbs-down questions; review gold, kind and split before adding them)."
        )
        # With --json, stdout must stay one JSON object.
        click.echo(message if as_json else "\n" + message, err=as_json)
