"""`fieldguide market`: exact figures over all job postings, from a question or from flags;
`fieldguide market vocab [FIELD]`; `fieldguide eval market`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rag.config import Settings
from rag.errors import IndexNotFoundError, MarketNotBuiltError
from rag.market.args import FILTER_FLAGS, spec_from_flags
from rag.market.desk import MarketDesk, MarketReply
from rag.market.schema import DB_FILE
from rag.market.spec import GROUP_FIELDS, MEASURES, SKILL_CATEGORIES, UNITS

STATS = ("median", "p25", "p75", "min", "max")


def open_desk(settings: Settings) -> MarketDesk:
    """The active index version's postings table (no embedder, no vector index needed)."""
    from rag.index.store import IndexStore

    store = IndexStore(settings)
    version = store.active_version()
    if version is None:
        raise IndexNotFoundError(str(store.root))
    path = store.versions_dir / version / DB_FILE
    desk = MarketDesk.open(path)
    if desk is None:
        raise MarketNotBuiltError(str(path))
    return desk


def _print(reply: MarketReply, as_json: bool) -> None:
    if as_json:
        body = {"answer": reply.text, "citations": reply.citations, **reply.to_json()}
        click.echo(json.dumps(body, indent=2, ensure_ascii=False, default=str))
        return
    click.echo(reply.text)
    if reply.citations:
        click.echo("\nSources")
        for c in reply.citations:
            click.echo(
                f"  [{c['n']}] {c['title']}{' — ' + c['section'] if c['section'] else ''}\n      {c['url']}"
            )


def _vocab(desk: MarketDesk, field: str | None) -> None:
    vocab = desk.engine.vocab
    if field is None:
        for name in vocab.fields():
            click.echo(f"{name}: {len(vocab.counts[name]):,} values  (fieldguide market vocab {name})")
        return
    for value, n, note in vocab.rows(field):
        click.echo(f"{n:>6,}  {value}{f'  ({note})' if note else ''}")


@click.command()
@click.argument("question", nargs=-1)
@click.option("--measure", type=click.Choice(MEASURES), help="Default: breakdown with --by, else count.")
@click.option(
    "--unit",
    type=click.Choice(UNITS),
    help="Count postings (default) or companies (count, share, top, breakdown).",
)
@click.option(
    "--by", type=click.Choice(GROUP_FIELDS), help="Top/breakdown field, or group-by of count/share/salary."
)
@click.option(
    "--skill", "skills", multiple=True, help="Postings listing this skill (repeatable: all of them)."
)
@click.option("--any-skill", "any_skills", multiple=True, help="Postings listing any of these skills.")
@click.option("--city", multiple=True, help="City, e.g. 'New York' (repeatable: any of them).")
@click.option("--country", multiple=True, help="ISO3 country code, e.g. GBR.")
@click.option("--level", multiple=True, help="e.g. 'Senior level' (or senior).")
@click.option("--ai-type", multiple=True, help="ai-first, ai-support, ml-first or unknown.")
@click.option("--company", multiple=True)
@click.option("--title", multiple=True, help="Job title words, in order, e.g. 'ML engineer'.")
@click.option(
    "--stage", multiple=True, help="seed, series_a, series_b, series_c_plus, public, private_other."
)
@click.option("--work-type", multiple=True, help="FULL_TIME, INTERN or CONTRACTOR.")
@click.option("--management", type=click.Choice(["true", "false"]))
@click.option("--customer-facing", type=click.Choice(["true", "false"]))
@click.option("--from", "date_from", help="Posted on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Posted on or before (YYYY-MM-DD).")
@click.option(
    "--match", multiple=True, help="FILTER=VALUE counted within the population (count, share, by_month)."
)
@click.option("--category", type=click.Choice(SKILL_CATEGORIES), help="Top skills of one category.")
@click.option("--stat", type=click.Choice(STATS), help="Salary figure to lead with (default median).")
@click.option("--limit", type=click.IntRange(1, 100), help="Rows of a top, breakdown or grouped result.")
@click.option("--only", multiple=True, help="Only these values of --by, compared (repeatable).")
@click.option(
    "--csv", "csv_path", type=click.Path(path_type=Path, dir_okay=False), help="Write matching postings."
)
@click.option("--json", "as_json", is_flag=True, help="Print route, spec, result and citations as JSON.")
def market(
    question, measure, unit, by, csv_path, as_json, match, category, stat, limit, only, **flags
) -> None:
    """Exact figures over all job postings: `fieldguide market "QUESTION"`, or flags such as
    `fieldguide market --skill RAG --city London --by level`. `fieldguide market vocab [FIELD]`
    lists the values the data holds."""
    settings = Settings()
    desk = open_desk(settings)
    try:
        if question and question[0] == "vocab" and len(question) <= 2:
            _vocab(desk, question[1] if len(question) == 2 else None)
            return
        if question:
            from rag.answer.llm import LLMClient

            llm = LLMClient.from_settings(settings)
            reply = desk.answer(" ".join(question), llm=llm)
            if reply.route == "guide":
                reply.text = (
                    "This is a question for the guide, not a figure over the postings: "
                    f'try `fieldguide ask "{" ".join(question)}"`.'
                )
        else:
            pairs = [(flag, v) for flag, values in _flag_values(flags) for v in values]
            spec = spec_from_flags(pairs, match, measure, by, category, stat, limit, unit, only)
            reply = desk.run(spec)
            if reply.result is None:  # a value no posting has: the did-you-mean, as an error
                raise click.ClickException(reply.text)
        if csv_path is not None and reply.spec is not None:
            csv_path.write_text(desk.engine.matching_csv(reply.spec), encoding="utf-8")
            click.echo(f"Matching postings written to {csv_path}", err=True)
        _print(reply, as_json)
    finally:
        desk.close()


def _flag_values(flags: dict) -> list[tuple[str, tuple]]:
    names = {"skills": "skill", "any_skills": "any-skill", "date_from": "from", "date_to": "to"}
    out = []
    for key, value in flags.items():
        flag = names.get(key, key.replace("_", "-"))
        if flag not in FILTER_FLAGS or value in (None, ()):
            continue
        out.append((flag, value if isinstance(value, tuple) else (value,)))
    return out


@click.command(name="market")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics (and every question) as JSON.")
def eval_market(as_json: bool) -> None:
    """Exact-figure accuracy and routing precision/recall on evals/market/questions.jsonl."""
    from evals.market.run import evaluate, load

    desk = open_desk(Settings())
    try:
        result = evaluate(desk.engine, load())
    finally:
        desk.close()
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        return
    click.echo(
        f"{result['n_market']} market + {result['n_guide']} guide questions: exact-figure accuracy "
        f"{result['exact_accuracy']}, routing precision {result['routing_precision']}, recall "
        f"{result['routing_recall']}; latency p50 {result['latency_ms']['p50']} ms, "
        f"p95 {result['latency_ms']['p95']} ms"
    )
    for row in result["per_question"]:
        if row.get("correct") is False or row["route"] != row["expected_route"]:
            click.echo(f"  wrong: {row['id']} {row['question']!r} routed {row['route']}")
