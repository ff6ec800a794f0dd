"""Market answers end to end on the fixture index: the table ingest writes into each version, the
router at the top of the answer pipeline (market, both), function calling against the scripted
server, `GET /api/market`, the CSV download and `fieldguide market`."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import replace

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from evals.openai_stub import ScriptedOpenAI, completion, stream, tool_call
from ingest.guide_figures import page_figures
from rag.answer.async_answer import stream_answer
from rag.answer.async_llm import AsyncLLMClient
from rag.answer.market_quote import quote_for_market
from rag.answer.pipeline import Answerer
from rag.deps import Deps
from rag.market.args import spec_from_pairs
from rag.market.desk import with_market
from rag.market.schema import DB_FILE
from rag.market.spec import Filters, QuerySpec
from rag.records import Document
from tests.answer_helpers import build_fixture_index, llm_for, settings_for
from tests.fakes import FakeEmbedder
from tests.live_server import fixture_app, fixture_settings
from ui.cli.main import cli

BERLIN_PYTHON = "How many Berlin postings ask for Python?"
BERLIN_SPEC = {"measure": "count", "filters": {"city": ["Berlin"]}, "subset": {"skills_all": ["Python"]}}
COMMAND = "fieldguide market --measure count --city Berlin --match skill=Python"


PYTHON_QUOTE = (
    "*The guide's own analysis (507 invented job listings), quoted:*\n\n"
    "[1] *Skills Statistics for Applied AI Roles — Skill frequency table*\n\n"
    "| Skill | Share of all listings | Trend versus last quarter |\n|---|---|---|\n"
    "| Python | 88% | flat |\n\n"
    "*Computed from all the job postings (a different count from the guide's analysis):*\n\n"
)  # the guide's own row for the skill, under its header, before the computed figure


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return build_fixture_index(tmp_path_factory.mktemp("market-answers"))


@pytest.fixture(scope="module")
def deps(data_dir):
    deps = with_market(Deps.open(settings_for(data_dir, refusal_threshold=0), FakeEmbedder()))
    yield deps
    deps.close()


def test_ingest_writes_the_table_into_the_version_it_switches_to(deps):
    assert (deps.index.dir / DB_FILE).is_file()
    assert (deps.index.dir / "market-parquet" / "postings.parquet").is_file()
    assert deps.market.engine.n_total == 13


def test_guide_figures_keep_whole_sample_figures_only():
    text = ("# Skills\n\nGenerated from 200 job descriptions (March 2026).\n\n## Top skills\n\n"
            "- RAG - 50 jobs (25.0%)\n- Evals - 30 jobs (40.0%)\n"
            "### AI-First: 120 jobs (60.0%)\n")  # fmt: skip
    page = Document("page:role/x.md", "page", "Skills", ["role/x.md"], "https://g/role/x.md", text)
    got = [
        (f["field"], f["value"], f["statement"], f["section"], f["url"], f["sample"])
        for f in page_figures(page)
    ]
    assert got == [
        ("skill", "RAG", "50 jobs (25.0%)", "Top skills", "https://g/role/x.md#top-skills",
         "200 job descriptions, March 2026"),
        ("ai_type", "ai-first", "120 jobs (60.0%)", "AI-First: 120 jobs (60.0%)",
         "https://g/role/x.md#ai-first-120-jobs-600", "200 job descriptions, March 2026"),
    ]  # fmt: skip


def test_market_question_is_answered_from_the_table(deps):
    answer = Answerer(deps).ask(BERLIN_PYTHON)
    data = answer.to_json()
    assert (data["route"], data["mode"], data["refused"]) == ("market", "extractive", False)
    assert data["spec"] == BERLIN_SPEC
    assert {k: data["result"][k] for k in ("n_total", "n_matching", "share", "rows")} == {
        "n_total": 13, "n_matching": 4, "share": 1.0, "rows": []
    }  # fmt: skip
    assert answer.answer.startswith(
        PYTHON_QUOTE + "**4 of the 4 postings in Berlin (100.0%) list Python among their skills**"
    )
    assert f"Reproduce: `{COMMAND}`" in answer.answer
    assert (
        data["market"]["csv_url"] == "/api/market/postings.csv?measure=count&city=Berlin&match=skill%3DPython"
    )
    assert [c["n"] for c in data["citations"]] == [1, 2, 3, 4, 5]
    assert [c["section"] for c in data["citations"]] == ["Skill frequency table"] + ["Posting"] * 4


def test_guide_figure_is_cited_with_its_own_sample(deps):
    answer = Answerer(deps).ask("What share of postings are ai-first?")
    assert (
        "The guide itself states 312 jobs (61.5%) for ai-first [6], "
        "from a different sample (507 invented job listings)"
    ) in answer.answer
    assert answer.citations[-1].url.endswith("role/02-skills.md#ai-first-312-jobs-615")


def test_mixed_question_gets_the_guide_answer_plus_the_figure_numbered_after(deps):
    answer = Answerer(deps).ask("Is prompt engineering worth learning?")
    guide, _, figure = answer.answer.partition("\n\n**From all the job postings:** ")
    assert (
        answer.route == "both"
        and guide
        and figure.startswith("**7 of all 13 postings (53.8%) list Prompt engineering")
    )
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    assert answer.to_json()["result"]["n_matching"] == 7


def test_not_recorded_and_unknown_values_are_said_not_computed(deps):
    remote = Answerer(deps).ask("What share of postings are remote?")
    assert (
        remote.answer.startswith("The job data does not record remote work")
        and remote.to_json()["result"] is None
    )
    assert (remote.refused, remote.coverage, remote.missing) == (
        True,
        "none",
        ["remote work or office attendance (the data records only full-time, internship or contract)"],
    )
    typo = Answerer(deps).ask("How many postings ask for Pythn?")
    assert typo.answer.startswith(PYTHON_QUOTE + "Read 'Pythn' as Python (no posting has 'Pythn').")
    assert (typo.refused, typo.coverage, typo.missing) == (False, "full", [])


def test_a_value_no_posting_has_and_a_salary_none_states_are_refusals(deps):
    lagos = Answerer(deps).ask("How many postings are in Lagos?")
    assert (lagos.route, lagos.refused, lagos.coverage, lagos.missing) == ("market", True, "none", ["Lagos"])
    assert lagos.answer.startswith("None of the 13 job postings in the guide's data (collected once, posted")
    junior = Answerer(deps).ask("median salary of junior AI engineer postings")
    assert (junior.refused, junior.coverage, junior.missing) == (True, "none", ["salary"])
    assert junior.answer.startswith("**None of the 2 postings at Entry level states a salary range")
    nobody = Answerer(deps).ask("median salary of junior AI engineer postings in London")
    assert nobody.answer.startswith(
        "**No posting of the 13 is in London and at Entry level**, so there is no salary to give."
    )
    berlin = Answerer(deps).ask("What's the median salary for AI engineers in Berlin?")  # one range stated
    assert (berlin.refused, berlin.coverage, berlin.missing) == (False, "full", [])


def test_function_calling_builds_the_spec_and_an_invalid_one_falls_back_to_the_parser(deps):
    with ScriptedOpenAI() as server:
        llm = llm_for(server.base_url)
        server.push(tool_call("market_query", {"measure": "count", "filters": {"city": ["berlin"]},
                                               "subset": {"skills_all": ["python"]}}))  # fmt: skip
        answer = Answerer(deps, llm).ask(BERLIN_PYTHON)
        request = server.requests[-1]
        assert request["tool_choice"] == {"type": "function", "function": {"name": "market_query"}}
        assert request["tools"][0]["function"]["parameters"]["title"] == "QuerySpec"
        assert (answer.mode, answer.to_json()["market"]["spec_source"]) == ("llm", "llm")
        assert answer.to_json()["spec"] == BERLIN_SPEC
        for bad in (tool_call("market_query", {"measure": "median"}), tool_call("market_query", "{not json"),
                    completion("no tool call")):  # fmt: skip
            server.push(bad)
            answer = Answerer(deps, llm).ask(BERLIN_PYTHON)
            assert (answer.mode, answer.to_json()["spec"]) == ("extractive", BERLIN_SPEC)
            assert answer.fallback_reason
        llm.close()


class CountingWorkers:
    """`Workers` that run CPU steps inline and record whether one was held during an LLM call."""

    def __init__(self):
        self.in_cpu, self.llm_calls_in_cpu, self.cpu_steps = False, 0, 0

    async def cpu(self, fn, *args):
        self.in_cpu, self.cpu_steps = True, self.cpu_steps + 1
        try:
            return fn(*args)
        finally:
            self.in_cpu = False

    @contextlib.asynccontextmanager
    async def llm(self):
        self.llm_calls_in_cpu += self.in_cpu
        yield


def stream_async(deps, server, question: str, workers) -> list:
    async def run() -> list:
        llm = AsyncLLMClient.like(llm_for(server.base_url))
        answerer = Answerer(deps, llm.config)
        try:
            return [e async for e in stream_answer(answerer, llm, question, [], workers)]
        finally:
            await llm.close()

    return asyncio.run(run())


def test_the_web_path_asks_the_llm_for_the_market_query_without_holding_a_cpu_slot(deps):
    workers = CountingWorkers()
    with ScriptedOpenAI() as server:
        server.push(tool_call("market_query", {"measure": "count", "filters": {"city": ["berlin"]},
                                               "subset": {"skills_all": ["python"]}}))  # fmt: skip
        *deltas, answer = stream_async(deps, server, BERLIN_PYTHON, workers)
        assert server.requests[-1]["tool_choice"]["function"] == {"name": "market_query"}
    assert (answer.route, answer.mode, answer.to_json()["spec"]) == ("market", "llm", BERLIN_SPEC)
    assert [d.text for d in deltas] == [answer.answer]
    assert (workers.cpu_steps, workers.llm_calls_in_cpu) == (2, 0)  # route, then run the query


def test_the_web_path_falls_back_to_the_parser_when_the_llm_writes_no_query(deps):
    with ScriptedOpenAI() as server:
        server.push(completion("no tool call"))
        *_, answer = stream_async(deps, server, BERLIN_PYTHON, CountingWorkers())
    assert (answer.mode, answer.to_json()["spec"]) == ("extractive", BERLIN_SPEC)
    assert answer.fallback_reason == "the LLM did not call the tool"


def test_the_web_path_appends_the_figure_to_a_mixed_answer_after_the_stream(deps):
    workers = CountingWorkers()
    with ScriptedOpenAI() as server:
        server.push(stream(["Prompt engineering is a core skill [1]."]), completion("no tool call"))
        *deltas, answer = stream_async(deps, server, "Should I learn prompt engineering?", workers)
    guide, _, figure = answer.answer.partition("\n\n**From all the job postings:** ")
    assert guide == "Prompt engineering is a core skill [1]." and answer.route == "both"
    assert figure.startswith("**7 of all 13 postings (53.8%) list Prompt engineering")
    assert deltas[-1].text == "\n\n**From all the job postings:** " + figure
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert workers.llm_calls_in_cpu == 0


def test_flags_and_query_parameters_round_trip():
    spec = spec_from_pairs([("skill", "RAG"), ("city", "London"), ("by", "level"), ("measure", "salary")])
    assert spec == QuerySpec(
        measure="salary", filters=Filters(skills_all=["RAG"], city=["London"]), group_by="level"
    )
    assert spec_from_pairs([("by", "level")]) == QuerySpec(measure="breakdown", field="level", limit=20)


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """Its own index: the local Qdrant folder of `deps` is locked by that process's client."""
    settings = fixture_settings(tmp_path_factory.mktemp("market-api"), rate_limit_per_minute=10_000)
    application, _ = fixture_app(settings)
    with TestClient(application) as client:
        yield client


def test_api_market_question_flags_errors_and_csv(api):
    body = api.get("/api/market", params={"q": BERLIN_PYTHON}).json()
    assert (body["route"], body["spec"], body["result"]["n_matching"], body["command"]) == (
        "market", BERLIN_SPEC, 4, COMMAND)  # fmt: skip
    same = api.get(
        "/api/market", params=[("measure", "count"), ("city", "Berlin"), ("match", "skill=Python")]
    )
    assert same.json()["result"] == body["result"]
    bad = api.get("/api/market", params={"skill": "Pythn"})
    assert bad.status_code == 400 and bad.json() == {
        "error": "No posting lists the skill 'Pythn'; did you mean Python (13 postings)?"
    }
    assert api.get("/api/market", params={"measure": "top"}).json() == {
        "error": "invalid market query: spec: Value error, measure 'top' needs a field "
        "(one of skill, city, country, "
        "level, ai_type, company, stage, work_type, management, customer_facing, size_band)"
    }
    assert api.get("/api/market", params={"q": "What does an AI engineer do day to day?"}).status_code == 400
    csv = api.get("/api/market/postings.csv", params=[("city", "Berlin"), ("match", "skill=Python")])
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv.text.splitlines()[0].startswith("job_id,title,company,location,city")
    assert len(csv.text.splitlines()) == 5
    assert "/api/market" in api.get("/openapi.json").json()["paths"]


def test_api_market_counts_companies_with_the_unit_parameter_and_its_csv_link_works(api):
    body = api.get("/api/market", params=[("unit", "companies"), ("match", "skill=Python")]).json()
    assert body["spec"] == {"measure": "count", "subset": {"skills_all": ["Python"]}, "unit": "companies"}
    result = body["result"]
    assert (result["n_matching"], result["n_companies_total"], result["n_postings_matching"]) == (12, 12, 13)
    assert body["answer"].startswith("**12 of all 12 companies (100.0%) have at least one posting that lists")
    csv = api.get(body["csv_url"])
    assert csv.status_code == 200 and len(csv.text.splitlines()) == 14  # the header and the 13 postings


def test_api_market_compares_the_values_named_by_only_and_its_csv_link_keeps_them(api):
    params = [("measure", "top"), ("by", "city"), ("only", "Berlin"), ("only", "London"), ("limit", "2")]
    body = api.get("/api/market", params=params).json()
    assert body["spec"] == {"measure": "top", "field": "city", "only": ["Berlin", "London"], "limit": 2}
    assert [[r["value"], r["n"]] for r in body["result"]["rows"]] == [["Berlin", 4], ["London", 1]]
    assert body["csv_url"] == "/api/market/postings.csv?measure=top&by=city&only=Berlin&only=London&limit=2"
    assert api.get(body["csv_url"]).status_code == 200


def _run(data_dir, monkeypatch, *args):
    monkeypatch.setenv("FIELDGUIDE_DATA_DIR", str(data_dir))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner().invoke(cli, list(args))


def test_cli_market_question_flags_vocab_and_eval(data_dir, monkeypatch):
    out = _run(data_dir, monkeypatch, "market", BERLIN_PYTHON, "--json")
    assert out.exit_code == 0 and json.loads(out.output)["command"] == COMMAND
    out = _run(data_dir, monkeypatch, "market", "--city", "Berlin", "--match", "skill=Python")
    assert out.output.startswith("**4 of the 4 postings in Berlin (100.0%) list Python among their skills**")
    assert _run(data_dir, monkeypatch, "market", "vocab", "city").output == (
        "     4  Berlin\n     2  New York\n     1  London\n"
    )
    out = _run(data_dir, monkeypatch, "market", "--skill", "Pythn")
    assert out.exit_code == 1 and "did you mean Python (13 postings)?" in out.output
    out = _run(data_dir, monkeypatch, "eval", "market", "--json")
    assert {"exact_accuracy", "routing_precision", "routing_recall"} <= set(json.loads(out.output))


def test_a_version_without_the_table_is_stale(data_dir, deps):
    from ingest.pipeline import Ingest

    ingest = Ingest(settings_for(data_dir), embedder=None)
    corpus = data_dir.parent / "field-guide"
    assert ingest.staleness(corpus).current
    table = deps.index.dir / DB_FILE
    table.rename(table.with_suffix(".moved"))
    try:
        assert ingest.staleness(corpus).reasons == [
            "the active version has no postings table (built before job-market figures)"
        ]
    finally:
        table.with_suffix(".moved").rename(table)


def test_a_market_answer_leads_with_the_guides_own_figures_under_their_citation(deps):
    answer = Answerer(deps).ask("Which skills do postings list most?")
    guide, _, computed = answer.answer.partition(
        "\n\n*Computed from all the job postings (a different count from the guide's analysis):*\n\n"
    )
    assert guide == (
        "*The guide's own analysis (507 invented job listings), quoted:*\n\n"
        "[1] *Skills Statistics for Applied AI Roles — Skill frequency table*\n\n"
        "| Skill | Share of all listings | Trend versus last quarter |\n|---|---|---|\n"
        "| Python | 88% | flat |\n| Prompt engineering | 47% | rising |\n"
        "| Vector databases | 41% | rising |\n| SQL | 34% | flat |\n| Kubernetes | 23% | falling |"
    )
    assert computed.startswith("**The 10 most common skills among all 13 postings:**")
    assert answer.citations[0].url.endswith("role/02-skills.md#skill-frequency-table")
    assert [c.n for c in answer.citations] == list(range(1, 7))
    assert [s.n for s in answer.sources] == [1]
    off = deps.settings.model_copy(update={"extractive_lead": False})
    assert Answerer(deps, None, off).ask(answer.question).answer.startswith("**The 10 most common skills")
    # the guide's tables count job descriptions: a count of companies is not set beside them
    routed = deps.market.route(answer.question)
    assert quote_for_market(Answerer(deps), answer.question, routed) is not None
    companies = replace(routed, spec=routed.spec.model_copy(update={"unit": "companies"}))
    assert quote_for_market(Answerer(deps), answer.question, companies) is None


def test_compared_skills_are_named_not_called_the_most_common(deps):
    answer = Answerer(deps).ask("How many postings ask for Python or SQL?")
    assert "**Python and SQL among all 13 postings:**" in answer.answer


def test_words_no_skill_of_the_data_is_near_go_to_the_guide_unless_a_field_not_recorded_says_why(deps):
    internet = (
        "Do the job postings say anything about whether the company pays for a home internet connection?"
    )
    whether = deps.market.route(internet)
    # "pays for" something is no salary asked: a field the data does not record (fnr19), never
    # "No posting lists the skill 'whether'"
    assert (whether.route, whether.not_recorded) == (
        "market",
        "what postings pay for besides the salary (“pays for a home internet connection”)",
    )
    answer = Answerer(deps).ask(internet)
    assert (answer.route, answer.refused) == ("market", True)
    assert "whether" not in answer.answer
    leave = deps.market.route("how many weeks of paid parental leave do the postings in the data offer?")
    assert (leave.route, leave.not_recorded) == ("market", "parental leave")
