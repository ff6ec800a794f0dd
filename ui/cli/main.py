"""The `fieldguide` command line."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from rag.config import Settings
from rag.errors import FieldGuideError
from rag.index.filters import Filters
from rag.index.retrieve import MODES
from rag.records import KINDS
from ui.cli.options import questions_option


class _Group(click.Group):
    """Turns the library's typed errors into one-line messages instead of tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except FieldGuideError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group)
@click.version_option(package_name="fieldguide-chat")
@click.option("-v", "--verbose", is_flag=True, help="Log every skipped file as it happens.")
def cli(verbose: bool) -> None:
    """Field Guide Chat: search and measure the AI Engineering Field Guide."""
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(message)s")


@cli.command()
@click.option("--corpus", type=click.Path(path_type=Path), help="A checkout of the field guide.")
@click.option("--force", is_flag=True, help="Build a new version even when nothing changed.")
@click.option(
    "--if-stale",
    is_flag=True,
    help="Kept for scripts: ingesting an up-to-date index does nothing either way.",
)
def ingest(corpus: Path | None, force: bool, if_stale: bool) -> None:
    """Ingest the guide into a new index version and switch to it when complete.

    Does nothing when the active version was built from the same guide and settings (unless
    --force). Unchanged chunks come from the embedding cache; a killed ingest leaves the previous
    version serving.
    """
    from ingest.corpus import CorpusManifest, resolve_corpus
    from ingest.freshness import check
    from rag.index.store import IndexStore

    settings = Settings()
    root = resolve_corpus(corpus, settings.corpus)
    click.echo(f"Corpus: {root}", err=True)
    stale = check(settings, IndexStore(settings), CorpusManifest.load(), root)
    if stale.current and not force:
        click.echo(
            f"The index is up to date with this corpus and these settings (version {stale.version}); "
            "nothing to do. `fieldguide ingest --force` rebuilds it."
        )
        return
    click.echo(f"Ingesting: {stale.message()}.", err=True)
    from ingest.pipeline import Ingest  # the chunker and its libraries: seconds to import
    from rag.deps import load_embedder

    report = Ingest(settings, load_embedder(settings)).run(root)
    click.echo(report.render())


def _print_hits(hits) -> None:
    for rank, hit in enumerate(hits, 1):
        c = hit.chunk
        section = f" — {c.section}" if c.section else ""
        click.echo(click.style(f"{rank}. {c.title}{section}", bold=True) + f"  ({hit.score:.4f})")
        click.echo(f"   {c.url}")
        click.echo(f"   source: {', '.join(c.source_paths)}")
        snippet = " ".join(c.text.split())
        click.echo(f"   {snippet[:280]}{'…' if len(snippet) > 280 else ''}\n")


@cli.command()
@click.argument("question")
@click.option("-k", default=5, show_default=True, type=click.IntRange(1, 100), help="Hits.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True)
@click.option("--kind", type=click.Choice(KINDS), help="Only pages, postings or companies.")
@click.option("--company", help="Only this company (case-insensitive).")
@click.option("--location", help="Only this location, e.g. London or 'New York'.")
@click.option("--collapse", is_flag=True, help="At most one hit per document.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
def search(question, k, mode, kind, company, location, collapse, as_json) -> None:
    """Search the index and print ranked hits with citations."""
    from rag.deps import Deps

    deps = Deps.open(Settings())
    try:
        filters = Filters(kind=kind, company=company, location=location)
        hits = deps.retriever.retrieve(question, k=k, filters=filters, mode=mode, collapse=collapse)
    finally:
        deps.close()
    if as_json:
        click.echo(json.dumps([h.to_json() for h in hits], indent=2, ensure_ascii=False))
    elif not hits:
        click.echo("No hits.")
    else:
        _print_hits(hits)


@cli.group(name="eval", cls=_Group)
def eval_group() -> None:
    """Measure retrieval quality."""


@eval_group.command(name="retrieval")
@questions_option("JSON Lines: id, question, gold (corpus paths), optional kind.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True)
@click.option("-k", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--split", help="Only questions of this split (e.g. dev or test).")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
def eval_retrieval(questions: tuple[Path, ...], mode: str, k: int, split: str | None, as_json: bool) -> None:
    """Score retrieval on questions files at document level (hit@k, MRR, nDCG, recall)."""
    from evals.questions import load_question_files
    from evals.retrieval_eval import evaluate_retrieval
    from rag.deps import Deps

    qs = [q for q in load_question_files(questions) if split is None or q.split == split]
    deps = Deps.open(Settings())
    try:
        result = evaluate_retrieval(deps.retriever, qs, mode=mode, k=k)
    finally:
        deps.close()
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    keys = ["hit@1", "hit@3", "hit@5", "hit@10", "mrr@10", "ndcg@10", "recall@10"]
    click.echo(
        f"{mode}: {result['n']} questions ({result['skipped_unanswerable']} unanswerable "
        f"skipped), latency p50 {result['latency_ms']['p50']} ms, "
        f"p95 {result['latency_ms']['p95']} ms"
    )
    click.echo(f"{'kind':<22}{'n':>4}" + "".join(f"{key:>11}" for key in keys))
    rows = [("all", result), *result["per_kind"].items()]
    for name, row in rows:
        click.echo(f"{name:<22}{row['n']:>4}" + "".join(f"{row[key]:>11.3f}" for key in keys))


@cli.group(cls=_Group)
def corpus() -> None:
    """Find or fetch the field guide."""


@corpus.command()
@click.option("--dest", type=click.Path(path_type=Path), help="Default: corpus/field-guide.")
@click.option("--repo", help="Repository URL (default: the manifest's).")
@click.option("--commit", help="Commit to check out (default: the manifest's pinned one).")
def fetch(dest: Path | None, repo: str | None, commit: str | None) -> None:
    """Shallow-clone the pinned commit of the guide (needs network access to GitHub)."""
    from ingest.corpus import FETCH_DIR, CorpusManifest, fetch_corpus

    manifest = CorpusManifest.load()
    path = fetch_corpus(repo or manifest.repo_url, commit or manifest.commit, dest or FETCH_DIR)
    click.echo(f"Corpus at {path} (commit {commit or manifest.commit}).")


@corpus.command()
@click.option("--corpus", "corpus_path", type=click.Path(path_type=Path))
def where(corpus_path: Path | None) -> None:
    """Print which copy of the guide ingest would use."""
    from ingest.corpus import resolve_corpus

    click.echo(resolve_corpus(corpus_path, Settings().corpus))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535))
def serve(host: str, port: int) -> None:
    """Serve the chat at http://HOST:PORT/, the JSON API under /api, docs at /docs, the dashboard at
    /dashboard.

    The index is loaded when the server starts; `/readyz` says whether it is ready.
    """
    from ui.app import serve as serve_app

    click.echo(banner(host, port), err=True)
    serve_app(Settings(), host, port)


def banner(host: str, port: int) -> str:
    return f"Field Guide Chat: http://{host}:{port}/  (API docs: /docs, dashboard: /dashboard, embed: /embed)"


def _register_answer_commands() -> None:
    from ui.cli.answer import ask, eval_answers
    from ui.cli.market import eval_market, market
    from ui.cli.usage import report

    cli.add_command(ask)
    cli.add_command(market)
    eval_group.add_command(eval_market)
    cli.add_command(report)
    eval_group.add_command(eval_answers)


_register_answer_commands()
