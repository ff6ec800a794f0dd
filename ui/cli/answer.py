"""`fieldguide ask` and `fieldguide eval answers` (registered on the main group in ui/cli/main.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from rag.answer.condense import is_message_list
from rag.config import Settings
from ui.cli.options import questions_option
from ui.cli.plain import PlainStream, terminal_width
from ui.errors import HistoryInputError


def _load_history(path: Path | None) -> list[dict]:
    if path is None:
        return []
    try:
        history = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise HistoryInputError(f"--history {path}: not a readable JSON file ({exc})") from exc
    if not isinstance(history, list) or not is_message_list(history):
        raise HistoryInputError(f"--history {path}: expected a JSON list of {{role, content}} messages")
    return history


def _print_sources(answer) -> None:
    if not answer.citations:
        return
    click.echo("\n" + click.style("Sources", bold=True))
    for c in answer.citations:
        section = f" — {c.section}" if c.section else ""
        click.echo(f"[{c.n}] {c.title}{section}")
        click.echo(f"    {c.url}")
        click.echo(f"    source: {', '.join(c.source_paths)}")


def _print_status(answer) -> None:
    lat = answer.latency_ms
    parts = [
        f"mode: {answer.mode}",
        f"prompt: {answer.prompt_id}.{answer.prompt_version}",
        f"retrieval {lat['retrieval']} ms",
        f"first token {lat['first_token']} ms",
        f"total {lat['total']} ms",
    ]
    if answer.usage:
        parts.append(f"tokens {answer.usage['prompt_tokens']}+{answer.usage['completion_tokens']}")
    if answer.invalid_citations_removed:
        parts.append(f"{answer.invalid_citations_removed} invalid citation(s) removed")
    if answer.incomplete:
        parts.append("INCOMPLETE")
    if answer.fallback_reason:
        parts.append(f"fallback: {answer.fallback_reason}")
    click.echo(click.style(" · ".join(parts), dim=True), err=True)


@click.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of streaming.")
@click.option(
    "--history",
    type=click.Path(path_type=Path, dir_okay=False),
    help="JSON list of earlier {role, content} messages; QUESTION may then be a follow-up.",
)
@click.option("--offline", is_flag=True, help="Quote the guide (extractive) even if an LLM is configured.")
def ask(question: str, as_json: bool, history: Path | None, offline: bool) -> None:
    """Answer QUESTION from the guide with numbered, checked citations.

    With OPENAI_BASE_URL or OPENAI_API_KEY set, an OpenAI-compatible model writes the answer;
    otherwise (or if it fails) the answer quotes the most relevant sentences of the guide.
    The answer is printed as plain text (tables as aligned columns, lists as lists); --json keeps
    its markdown.
    """
    from rag.answer.llm import LLMClient
    from rag.answer.pipeline import Answer, Answerer
    from rag.deps import Deps
    from rag.market.desk import with_market

    settings = Settings()
    messages = _load_history(history)
    llm = None if offline else LLMClient.from_settings(settings)
    deps = with_market(Deps.open(settings))  # market questions are answered from the postings table
    try:
        answerer = Answerer(deps, llm)
        if as_json:
            click.echo(json.dumps(answerer.ask(question, messages).to_json(), indent=2, ensure_ascii=False))
            return
        answer, plain = None, PlainStream(terminal_width())
        for event in answerer.stream(question, messages):
            if isinstance(event, Answer):
                answer = event
            elif event.replace:
                plain.close()  # the replaced text's rest is not shown
                plain = PlainStream(plain.width)
                click.echo("\n\n" + click.style("(corrected answer)", dim=True) + "\n", nl=False)
                click.echo(plain.feed(event.text), nl=False)
            else:
                click.echo(plain.feed(event.text), nl=False)
        click.echo(plain.close())
        _print_sources(answer)
        _print_status(answer)
    finally:
        deps.close()
        if llm is not None:
            llm.close()


@click.command(name="answers")
@questions_option(
    "JSON Lines: id, question, gold (corpus paths; empty = unanswerable), kind, split; "
    "near-domain ones also answerability, type, missing_terms."
)
@click.option("--split", help="Only questions of this split (e.g. dev or test).")
@click.option("--offline", is_flag=True, help="Evaluate the extractive answers even if an LLM is set.")
@click.option(
    "--prompt-version",
    type=click.IntRange(1),
    help="Answer prompt version to evaluate (default: FIELDGUIDE_ANSWER_PROMPT_VERSION), "
    "so a new version is checked before it is rolled out.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
def eval_answers(
    questions: tuple[Path, ...], split: str | None, offline: bool, prompt_version: int | None, as_json: bool
) -> None:
    """Score answers: citation validity, refusals, partial answers, gold citations, groundedness."""
    from evals.answer_eval import evaluate_answers
    from evals.questions import load_questions
    from rag.answer.llm import LLMClient
    from rag.answer.pipeline import Answerer
    from rag.deps import Deps
    from rag.market.desk import with_market

    settings = Settings()
    qs = [q for path in questions for q in load_questions(path) if split is None or q.split == split]
    llm = None if offline else LLMClient.from_settings(settings)
    deps = with_market(Deps.open(settings))  # routed as the product routes: market questions to the table
    try:
        with click.progressbar(length=len(qs), label="answering", file=sys.stderr) as bar:
            answerer = Answerer(deps, llm, prompt_version=prompt_version)
            result = evaluate_answers(answerer, qs, judge=llm, progress=lambda i, n: bar.update(1))
        result["prompt_variant"] = f"answer.v{prompt_version or settings.answer_prompt_version}"
    finally:
        deps.close()
        if llm is not None:
            llm.close()
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    keys = ["citation_validity", "answer_rate", "refusal_rate", "gold_citation_share", "groundedness"]
    click.echo(
        f"{result['n']} questions, {result['prompt_variant']}, mode {'/'.join(result['modes'])}, "
        f"refusal threshold {settings.refusal_threshold}, latency p50 {result['latency_ms']['p50']} ms"
    )
    click.echo(f"{'split':<8}{'n':>5}" + "".join(f"{k:>21}" for k in keys))
    for name, row in [("all", result), *result["per_split"].items()]:
        cells = "".join(f"{'-' if row[k] is None else format(row[k], '.3f'):>21}" for k in keys)
        click.echo(f"{name:<8}{row['n']:>5}{cells}")
    click.echo(
        f"invalid citations removed: {result['invalid_citations_removed']}, "
        f"fallbacks: {result['fallbacks']}, incomplete: {result['incomplete']}"
    )
    _echo_shape(result)
    _print_coverage(result["coverage"])


def _echo_shape(result: dict) -> None:
    """Figures stated, key terms quoted, gold citations and length, per split and kind."""
    from evals.answer_shape import shape_table

    click.echo("\nanswer shape (answerable questions; figs = how many have verified figures):")
    for line in shape_table(result["shape"]):
        click.echo(line)


def _print_coverage(coverage: dict) -> None:
    """Refusal accuracy, false refusals, partial answers and gold citations per split and kind."""
    keys = ["refusal_accuracy", "false_refusal_rate", "partial_correctness", "gold_citation_share"]
    click.echo("\n" + f"{'coverage':<22}{'n':>5}" + "".join(f"{k:>21}" for k in keys))
    rows = [("all", coverage)]
    for group in ("per_split", "per_kind", "per_gap"):
        rows += list(coverage[group].items())
    for name, row in rows:
        cells = "".join(f"{'-' if row[k] is None else format(row[k], '.3f'):>21}" for k in keys)
        click.echo(f"{name:<22}{row['n']:>5}{cells}")
