"""`fieldguide ask` and `fieldguide eval answers`, registered on a fresh group the way ui/cli/main.py
registers them (cli.add_command(ask); eval_group.add_command(eval_answers))."""

import json

import click
import pytest
from click.testing import CliRunner

from evals.openai_stub import ScriptedOpenAI, stream
from tests.answer_helpers import ANSWER_KEYS, DATA_ENGINEERING, build_fixture_index
from tests.fakes import FakeEmbedder
from ui.cli.answer import ask, eval_answers
from ui.cli.main import _Group

URL = "https://github.com/alexeygrigorev/ai-engineering-field-guide/blob/1961e786814ab362b38532bfd5faeef4231c9db7/"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return build_fixture_index(tmp_path_factory.mktemp("cli"))


@pytest.fixture
def cli(data_dir, monkeypatch):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FIELDGUIDE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("FIELDGUIDE_REFUSAL_THRESHOLD", "0")
    # the scripted replies cite sources by number: fused order, as the learned re-ranker has its own tests
    monkeypatch.setenv("FIELDGUIDE_RERANK", "false")
    monkeypatch.setattr("rag.deps.load_embedder", lambda settings: FakeEmbedder())

    @click.group(cls=_Group)
    def group() -> None:
        pass

    @group.group(name="eval", cls=_Group)
    def eval_group() -> None:
        pass

    group.add_command(ask)
    eval_group.add_command(eval_answers)
    return group


def invoke(cli, *args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_ask_json_offline(cli):
    result = invoke(cli, "ask", DATA_ENGINEERING, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == ANSWER_KEYS
    assert (data["mode"], data["refused"], data["prompt_version"]) == ("extractive", False, "v2")
    assert data["citations"][0]["source_paths"] == ["learning-paths/from-data-engineer.md"]


def test_ask_streams_the_llm_answer_then_the_sources(cli):
    with ScriptedOpenAI([stream(["Data engineers ", "own pipelines [1]."])]) as server:
        result = invoke(cli, "ask", DATA_ENGINEERING, env={"OPENAI_BASE_URL": server.base_url})
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Data engineers own pipelines [1].\n\n"
        "Sources\n"
        "[1] Learning Path: From Data Engineer to AI Engineer\n"
        f"    {URL}learning-paths/from-data-engineer.md\n"
        "    source: learning-paths/from-data-engineer.md\n"
    )
    assert "mode: llm · prompt: answer.v1 · retrieval " in result.stderr
    assert "tokens 100+2" in result.stderr


def test_ask_prints_a_markdown_table_and_list_as_plain_text_and_json_keeps_the_markdown(cli):
    reply = [
        "**Data engineers** own pipelines [1].\n\n| Skill | Share |\n|---|---|\n",
        "| SQL | 41% [1] |\n| Evals | 9% |\n\n- keep **dbt** [1]\n- learn evals\n",
    ]
    with ScriptedOpenAI([stream(reply), stream(reply)]) as server:
        result = invoke(cli, "ask", DATA_ENGINEERING, env={"OPENAI_BASE_URL": server.base_url})
        as_json = invoke(cli, "ask", DATA_ENGINEERING, "--json", env={"OPENAI_BASE_URL": server.base_url})
    assert result.stdout == (
        "Data engineers own pipelines [1].\n\n"
        " Skill  Share\n"
        " ──────────────\n"
        " SQL    41% [1]\n"
        " Evals  9%\n\n"
        " • keep dbt [1]\n"
        " • learn evals\n\n"
        "Sources\n"
        "[1] Learning Path: From Data Engineer to AI Engineer\n"
        f"    {URL}learning-paths/from-data-engineer.md\n"
        "    source: learning-paths/from-data-engineer.md\n"
    )
    assert json.loads(as_json.stdout)["answer"] == "".join(reply).rstrip("\n")


def test_the_offline_answer_prints_without_markdown_markers(cli):
    printed = invoke(cli, "ask", DATA_ENGINEERING).stdout
    answer = json.loads(invoke(cli, "ask", DATA_ENGINEERING, "--json").stdout)["answer"]
    assert answer.startswith(
        "*Quoted from the guide — the most relevant passages, not a generated answer:*\n\n- "
    )
    assert printed.startswith(
        "Quoted from the guide — the most relevant passages, not a generated answer:\n\n • "
    )
    assert "*" not in printed and printed.count(" • ") == answer.count("\n- ")


def test_ask_lists_the_sources_under_the_numbers_the_answer_cites(cli):
    reply = stream(["Data engineers own pipelines [2]. ", "Chunking is a new kind of dbt model [5]."])
    with ScriptedOpenAI([reply]) as server:
        result = invoke(cli, "ask", DATA_ENGINEERING, env={"OPENAI_BASE_URL": server.base_url})
    title = "Learning Path: From Data Engineer to AI Engineer"
    assert [line for line in result.stdout.splitlines() if line.startswith("[")] == [
        f"[1] {title} — Gaps to close",  # the model's [2] and [5], numbered in the order first cited
        f"[2] {title} — RAG & Agents / Tools",
    ]


def test_ask_offline_flag_ignores_the_llm(cli):
    result = invoke(
        cli, "ask", DATA_ENGINEERING, "--offline", "--json", env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    )
    data = json.loads(result.stdout)
    assert (data["mode"], data["fallback_reason"]) == ("extractive", None)


def test_ask_with_history_condenses_the_follow_up(cli, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"role": "user", "content": "What is Harborlight's interview process?"}]))
    result = invoke(cli, "ask", "what about Quillbyte?", "--history", str(history), "--json")
    # The condensed question is about Quillbyte: its profile is cited (the guide's interview page,
    # fused in for named companies, may come first).
    titles = [c["title"] for c in json.loads(result.stdout)["citations"]]
    assert "Quillbyte interview process" in titles and "Harborlight interview process" not in titles


def test_bad_history_is_a_message_not_a_traceback(cli, tmp_path):
    history = tmp_path / "history.json"
    history.write_text('{"role": "user"}')
    result = invoke(cli, "ask", "q", "--history", str(history))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: --history {history}: expected a JSON list of {{role, content}} messages\n"
    )


def test_missing_index_is_a_message(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("FIELDGUIDE_DATA_DIR", str(tmp_path / "empty"))
    result = invoke(cli, "ask", "q")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No index has been built yet")


def test_eval_answers(cli, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        "\n".join(
            json.dumps(q)
            for q in [
                {
                    "id": "a",
                    "question": DATA_ENGINEERING,
                    "gold": ["learning-paths/from-data-engineer.md"],
                    "kind": "learning-path",
                    "split": "dev",
                },
                {
                    "id": "b",
                    "question": "What are the stages of the interview process?",
                    "gold": ["interview/01-interview-process.md"],
                    "kind": "interview-process",
                    "split": "test",
                },
                {
                    "id": "c",
                    "question": "how do i fix a leaky kitchen faucet",
                    "gold": [],
                    "kind": "unanswerable",
                    "split": "dev",
                },
            ]
        )
    )
    result = invoke(
        cli,
        "eval",
        "answers",
        "--questions",
        str(questions),
        "--json",
        env={"FIELDGUIDE_REFUSAL_THRESHOLD": "0.3"},
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["n"], data["answerable"], data["unanswerable"]) == (3, 2, 1)
    assert (data["citation_validity"], data["answer_rate"], data["refusal_rate"]) == (1.0, 1.0, 1.0)
    assert (data["gold_citation_share"], data["groundedness"], data["modes"]) == (1.0, None, ["extractive"])
    assert data["per_split"]["dev"]["n"] == 2 and data["per_split"]["test"]["answer_rate"] == 1.0
    table = invoke(
        cli,
        "eval",
        "answers",
        "--questions",
        str(questions),
        "--split",
        "dev",
        env={"FIELDGUIDE_REFUSAL_THRESHOLD": "0.3"},
    )
    assert table.stdout.splitlines()[0] == (
        "2 questions, answer.v1, mode extractive, refusal threshold 0.3, latency p50 "
        + table.stdout.splitlines()[0].split("latency p50 ")[1]
    )
    assert table.stdout.splitlines()[2].split() == ["all", "2", "1.000", "1.000", "1.000", "1.000", "-"]
