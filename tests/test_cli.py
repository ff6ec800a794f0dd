"""The `fieldguide` command line: output contracts and error messages."""

import json

import pytest
from click.testing import CliRunner

import rag.deps
from tests.fakes import FakeEmbedder
from ui.cli.main import cli

SEARCH_KEYS = ["title", "section", "url", "source_paths", "score", "text", "kind", "doc_id", "chunk_id"]


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setattr(rag.deps, "load_embedder", lambda settings: FakeEmbedder())

    def invoke(*args):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def cli_ingested(run, corpus):
    result = run("ingest", "--corpus", str(corpus))
    assert result.exit_code == 0, result.output
    return result


def test_ingest_prints_the_report(cli_ingested):
    out = cli_ingested.stdout
    assert "is now active." in out
    assert "posting           13        53" in out
    assert "Chunks embedded: 110, taken from cache: 0." in out
    assert "skipped  interview/data/job-descriptions/7024418.yaml: invalid YAML at line 6" in out


def test_ingest_says_why_it_runs(run, corpus, monkeypatch, tmp_path):
    def reason(*args):
        result = run("ingest", "--corpus", str(corpus), *args)
        assert result.exit_code == 0, result.output
        lines = [line for line in result.stderr.splitlines() if line.startswith(("Ingesting", "The index"))]
        return lines + [line for line in result.stdout.splitlines() if line.startswith("The index")]

    def up_to_date():
        version = (tmp_path / "data" / "index" / "ACTIVE").read_text()
        return [
            f"The index is up to date with this corpus and these settings (version {version}); "
            "nothing to do. `fieldguide ingest --force` rebuilds it."
        ]

    assert reason() == ["Ingesting: no index yet."]
    first = (tmp_path / "data" / "index" / "ACTIVE").read_text()
    assert reason() == reason("--if-stale") == up_to_date()
    assert reason("--force") == [
        "Ingesting: nothing changed since the last ingest; rebuilding it as asked (--force)."
    ]
    assert (tmp_path / "data" / "index" / "ACTIVE").read_text() != first
    assert reason() == up_to_date()

    (corpus / "role" / "02-skills.md").write_text("# Skills\n\nRewritten from scratch.\n")
    (corpus / "role" / "03-new.md").write_text("# A new page\n\nAbout beekeeping.\n")
    (corpus / "webinars" / "01-a-day-of-ai-engineer.md").unlink()
    assert reason("--if-stale") == ["Ingesting: the guide changed: 3 files (1 added, 1 changed, 1 removed)."]
    (corpus / "role" / "03-new.md").unlink()
    assert reason() == ["Ingesting: the guide changed: 1 file (1 removed)."]

    monkeypatch.setenv("FIELDGUIDE_CHUNK_OVERLAP", "8")
    assert reason("--if-stale") == ["Ingesting: settings changed: FIELDGUIDE_CHUNK_OVERLAP 24 → 8."]
    monkeypatch.setenv("FIELDGUIDE_CHUNK_OVERLAP", "16")
    (corpus / "role" / "02-skills.md").write_text("# Skills\n\nRewritten again.\n")
    assert reason() == [
        "Ingesting: the guide changed: 1 file (1 changed); settings changed: FIELDGUIDE_CHUNK_OVERLAP 8 → 16."
    ]


@pytest.mark.parametrize(
    "key, value, reason",
    [
        ("bm25_format", 3, "the BM25 index is in an earlier release's format (slower to open)"),
        (
            "market_table",
            5,
            "the postings table was written by an earlier release (company names, skills, posting text)",
        ),
    ],
)
def test_ingest_rewrites_an_index_an_earlier_release_wrote(
    run, corpus, cli_ingested, tmp_path, key, value, reason
):
    index = tmp_path / "data" / "index"
    path = index / "versions" / (index / "ACTIVE").read_text() / "manifest.json"
    manifest = json.loads(path.read_text())
    assert manifest.pop(key) == value
    path.write_text(json.dumps(manifest))
    result = run("ingest", "--corpus", str(corpus))
    assert f"Ingesting: {reason}.\n" in result.stderr
    assert "Chunks embedded: 0, taken from cache: 110." in result.stdout
    assert "The index is up to date" in run("ingest", "--corpus", str(corpus)).stdout


def test_a_truncated_bm25_file_is_named_by_search_and_rebuilt_by_ingest(run, corpus, cli_ingested, tmp_path):
    index = tmp_path / "data" / "index"
    path = index / "versions" / (index / "ACTIVE").read_text() / "bm25.idx"
    size = path.stat().st_size
    path.write_bytes(path.read_bytes()[:-10])
    result = CliRunner().invoke(cli, ["search", "beekeeper hive"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The BM25 index file {path} is unreadable: {size - 10} bytes where its header records "
        f"{size} (truncated?). Run `fieldguide ingest` to rebuild the index version (cached embeddings "
        "are reused).\n"
    )
    result = run("ingest", "--corpus", str(corpus), "--if-stale")
    assert (
        f"Ingesting: the active version's BM25 index file is unreadable ({size - 10} bytes where its header "
        f"records {size} (truncated?)).\n"
    ) in result.stderr
    assert "Chunks embedded: 0, taken from cache: 110." in result.stdout
    assert run("search", "beekeeper hive inspection", "-k", "1", "--json").exit_code == 0


def test_serve_names_the_dashboard_in_its_banner(monkeypatch):
    import ui.app

    served = []
    monkeypatch.setattr(ui.app, "serve", lambda settings, host, port: served.append((host, port)))
    result = CliRunner().invoke(cli, ["serve", "--port", "7861"], catch_exceptions=False)
    assert result.stderr == (
        "Field Guide Chat: http://127.0.0.1:7861/  (API docs: /docs, dashboard: /dashboard, embed: /embed)\n"
    )
    assert served == [("127.0.0.1", 7861)]


def test_search_json_contract(run, cli_ingested):
    result = run("search", "beekeeper hive inspection", "-k", "2", "--json")
    hits = json.loads(result.stdout)
    assert [list(h) for h in hits] == [SEARCH_KEYS, SEARCH_KEYS]
    assert hits[0]["chunk_id"] == "page:portfolio/README.md#2"
    assert hits[0]["score"] >= hits[1]["score"]


def test_search_with_kind_and_text_output(run, cli_ingested):
    result = run("search", "AI engineer", "--kind", "company", "-k", "1")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1. Quillbyte interview process")
    assert lines[2] == "   source: interview/data/job-descriptions/4817203.yaml"


def test_search_before_ingest_explains_what_to_do(run):
    result = CliRunner().invoke(cli, ["search", "anything"])
    assert result.exit_code == 1
    assert "No index has been built yet" in result.output
    assert "Run `fieldguide ingest` first." in result.output
    assert "Traceback" not in result.output


def test_eval_retrieval_json_contract(run, cli_ingested, tmp_path, monkeypatch):
    for name in ("RRF_PAGE_WEIGHT", "RRF_COMPANY_WEIGHT", "DOC_SCORE_WEIGHT"):
        monkeypatch.setenv(f"FIELDGUIDE_{name}", "0")  # plain fusion: the ranks below are checked by hand
    questions = tmp_path / "q.jsonl"
    rows = [
        {
            "id": "a",
            "question": "beekeeper hive inspection",
            "gold": ["portfolio/README.md"],
            "kind": "portfolio",
        },
        {
            "id": "b",
            "question": "Nordlicht design memo",
            "gold": ["interview/data/job-descriptions/5290814.yaml"],
        },
        {"id": "c", "question": "sourdough starter recipes", "gold": []},
    ]
    questions.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run("eval", "retrieval", "--questions", str(questions), "--json")
    data = json.loads(result.stdout)
    assert list(data)[:9] == [
        "n",
        "hit@1",
        "hit@3",
        "hit@5",
        "hit@10",
        "mrr@10",
        "ndcg@10",
        "recall@10",
        "per_kind",
    ]
    assert {"latency_ms", "per_question", "mode"} <= set(data)
    assert data["n"] == 2
    assert data["skipped_unanswerable"] == 1
    assert data["per_question"] == [{"id": "a", "rank": 1}, {"id": "b", "rank": 1}]
    assert data["hit@1"] == 1.0
    assert sorted(data["per_kind"]) == ["portfolio", "unspecified"]
    assert set(data["latency_ms"]) == {"p50", "p95"}


def test_eval_retrieval_reads_every_questions_file_and_qualifies_shared_ids(run, cli_ingested, tmp_path):
    first, second = tmp_path / "set1.jsonl", tmp_path / "set2.jsonl"
    first.write_text(
        json.dumps({"id": "a", "question": "beekeeper hive inspection", "gold": ["portfolio/README.md"]})
    )
    row = {
        "id": "a",
        "question": "Nordlicht design memo",
        "gold": ["interview/data/job-descriptions/5290814.yaml"],
    }
    second.write_text(json.dumps(row))
    result = run("eval", "retrieval", "--questions", str(first), "--questions", str(second), "--json")
    data = json.loads(result.stdout)
    assert data["n"] == 2  # both files (a single-valued option had kept only the last)
    assert [q["id"] for q in data["per_question"]] == ["set1:a", "set2:a"]
    # ids the files do not share are kept as written
    second.write_text(json.dumps({**row, "id": "b"}))
    result = run("eval", "retrieval", "--questions", str(first), "--questions", str(second), "--json")
    assert [q["id"] for q in json.loads(result.stdout)["per_question"]] == ["a", "b"]


def test_eval_retrieval_rejects_a_malformed_file(run, cli_ingested, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    result = CliRunner().invoke(cli, ["eval", "retrieval", "--questions", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:1: not a question object" in result.output


def test_corpus_where_names_every_place_tried(run, tmp_path, monkeypatch):
    import ingest.corpus

    monkeypatch.setattr(ingest.corpus, "FETCH_DIR", tmp_path / "nofetch")
    monkeypatch.setattr(ingest.corpus, "SHARED_DIR", tmp_path / "noshared")
    monkeypatch.setenv("FIELDGUIDE_CORPUS", str(tmp_path / "nowhere"))
    result = CliRunner().invoke(cli, ["corpus", "where"])
    assert result.exit_code == 1
    assert f"FIELDGUIDE_CORPUS = {tmp_path / 'nowhere'}: does not exist" in result.output
    assert f"../shared/field-guide = {tmp_path / 'noshared'}: does not exist" in result.output
    assert "Fix: run `fieldguide corpus fetch`" in result.output
