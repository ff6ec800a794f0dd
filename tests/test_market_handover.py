"""A market refusal hands over to the guide's answer when the guide's text states the asked thing
(rag/market/stated_gap.py): a field the postings table does not record, stated beside a figure on a
guide page; a pay refusal for a named employer whose own text states the asked thing. Invented text."""

from __future__ import annotations

import asyncio
import shutil
from types import SimpleNamespace

import pytest

from evals.openai_stub import ScriptedOpenAI, stream
from ingest.pipeline import Ingest
from rag.answer.async_answer import stream_answer
from rag.answer.figures import handover_note
from rag.answer.pipeline import Answerer
from rag.deps import Deps
from rag.market.desk import with_market
from rag.market.stated_gap import asked_phrases, states_gap, stating_line
from tests.answer_helpers import FIXTURE_CORPUS, llm_for, settings_for
from tests.fakes import FakeEmbedder
from tests.test_market_answers import CountingWorkers

REMOTE = "remote work or office attendance (the data records only full-time, internship or contract)"
RELOCATION = "relocation"
REMOTE_PAGE = """# Working Patterns of Applied AI Teams

## Where the work happens

Of the 480 invented listings we read, 37% allowed remote work on three days a week.
Teams in larger hubs asked for more time together.
"""
REMOTE_LINE = "Of the 480 invented listings we read, 37% allowed remote work on three days a week."
REMOTE_QUESTION = "What share of AI engineer jobs allow remote work?"
RELOCATION_QUESTION = "Which of the postings in the job data come with a relocation package?"


def _chunk(text: str, kind: str = "page", company: str | None = None):
    return SimpleNamespace(kind=kind, text=text, metadata={"company": company} if company else {})


def test_asked_phrases_are_the_fields_cue_words_or_the_questions_words_for_pay():
    assert asked_phrases("How many office days do hybrid roles ask for?", REMOTE) == ("hybrid", "office days")
    assert asked_phrases("How long is Zentrify's coding assessment, and is it paid?", "salary") == (
        "long",
        "coding",
        "assessment",
    )
    assert asked_phrases("how many openings does each posting have?", "openings") == ()  # asked of the set


def test_a_figure_beside_the_asked_words_states_it_an_item_number_a_year_or_a_far_figure_does_not():
    assert stating_line(f"Intro.\n\n{REMOTE_LINE}", ("remote",)) == REMOTE_LINE
    assert stating_line("Steps:\n2) a paid remote trial week", ("remote",)) is None  # an item number
    assert stating_line("Since 2024 remote teams grew.", ("remote",)) is None  # a year
    far = "About 24% of loops were in person, driven by cheating in remote rounds."
    assert stating_line(far, ("remote",)) is None  # a clause between the figure and the word
    link = "[Remote salaries](https://x.example/remote-2024-55) are discussed there."
    assert stating_line(link, ("remote",)) is None  # a link's digits state nothing
    assert stating_line("- Coding assessment (pair work, review) (90 minutes)", ("assessment",)) == (
        "- Coding assessment   (90 minutes)"
    )


def test_only_guide_pages_and_the_named_employers_own_text_state_a_gap():
    other = _chunk("This role is 100% remote.", kind="posting", company="Quillory")
    page = _chunk(REMOTE_LINE)
    assert states_gap(REMOTE_QUESTION, REMOTE, [other, page]) == (1, REMOTE_LINE)
    assert states_gap(REMOTE_QUESTION, REMOTE, [other]) is None  # one posting is no answer about all
    assert states_gap("Is Quillory's role remote?", REMOTE, [other], ["Quillory"]) == (
        0,
        "This role is 100% remote.",
    )
    steps = _chunk("Steps: Coding assessment (90 minutes).", kind="company", company="Zentrify")
    question = "How long is Zentrify's coding assessment, and is it paid?"
    assert states_gap(question, "salary", [steps], ["Zentrify"]) == (
        0,
        "Steps: Coding assessment (90 minutes).",
    )
    assert states_gap(question, "salary", [steps], []) is None  # a pay gap: only the named employer's text
    assert states_gap(question, "salary", [_chunk(REMOTE_LINE)], ["Zentrify"]) is None


@pytest.fixture(scope="module")
def deps(tmp_path_factory):
    root = tmp_path_factory.mktemp("handover")
    corpus = root / "field-guide"
    shutil.copytree(FIXTURE_CORPUS, corpus)
    (corpus / "role" / "07-working-patterns.md").write_text(REMOTE_PAGE)
    Ingest(settings_for(root / "data"), FakeEmbedder(), progress=False).run(corpus)
    deps = with_market(Deps.open(settings_for(root / "data", refusal_threshold=0), FakeEmbedder()))
    yield deps
    deps.close()


def test_the_desk_refuses_a_field_it_does_not_record(deps):
    routed = deps.market.route(REMOTE_QUESTION)
    assert (routed.route, routed.not_recorded) == ("market", REMOTE)


def test_offline_the_guide_page_that_states_the_field_answers_under_a_note(deps):
    answer = Answerer(deps, None).ask(REMOTE_QUESTION)
    assert (answer.refused, answer.route, answer.mode) == (False, "guide", "extractive")
    assert answer.answer.startswith(handover_note(REMOTE))
    assert "37% allowed remote work on three days a week" in answer.answer
    assert "role/07-working-patterns.md" in {p for c in answer.citations for p in c.source_paths}


def test_a_field_no_guide_line_states_stays_refused(deps):
    answer = Answerer(deps, None).ask(RELOCATION_QUESTION)
    assert (answer.refused, answer.route, answer.missing) == (True, "market", [RELOCATION])
    assert answer.answer.startswith("The job data does not record relocation, so no figure")


def test_with_an_llm_the_models_answer_follows_the_note(deps):
    with ScriptedOpenAI() as server:
        server.push(stream(["Most listings allow ", "some remote work [1]."]))
        answer = Answerer(deps, llm_for(server.base_url)).ask(REMOTE_QUESTION)
        prompt = server.requests[-1]["messages"][-1]["content"]
    assert (answer.refused, answer.route, answer.mode) == (False, "guide", "llm")
    assert answer.answer == handover_note(REMOTE) + "Most listings allow some remote work [1]."
    assert REMOTE_LINE in prompt


def test_with_an_llm_a_model_that_finds_nothing_leaves_the_desks_refusal(deps):
    with ScriptedOpenAI() as server:
        server.push(stream(["NOT_IN_GUIDE"]))
        answer = Answerer(deps, llm_for(server.base_url)).ask(REMOTE_QUESTION)
    assert (answer.refused, answer.route) == (True, "market")
    assert answer.answer.startswith(f"The job data does not record {REMOTE}")


def test_in_the_web_services_cpu_worker_the_guide_answers_only_without_an_llm(deps):
    routed = deps.market.route(REMOTE_QUESTION)
    offline = Answerer(deps, None).market(REMOTE_QUESTION, routed, None)[-1]
    assert (offline.refused, offline.route) == (False, "guide")
    assert offline.answer.startswith(handover_note(REMOTE))
    with ScriptedOpenAI() as server:  # its stream would hold the CPU slot: the desk's refusal stands
        answer = Answerer(deps, llm_for(server.base_url)).market(REMOTE_QUESTION, routed, None)[-1]
        assert server.requests == []
    assert (answer.refused, answer.route) == (True, "market")
    assert answer.answer.startswith(f"The job data does not record {REMOTE}")


def test_the_web_path_hands_over_a_follow_up_with_its_conversation(deps):
    history = [
        {"role": "user", "content": "Where does the work of applied AI teams happen?"},
        {"role": "assistant", "content": "Teams in larger hubs asked for more time together [1]."},
    ]
    follow_up = "What share of those AI engineer jobs allow remote work?"

    async def run() -> list:
        workers = CountingWorkers()
        return [e async for e in stream_answer(Answerer(deps, None), None, follow_up, history, workers)]

    *_, answer = asyncio.run(run())
    direct = Answerer(deps, None).ask(follow_up, history)
    assert (answer.route, answer.refused) == (direct.route, direct.refused) == ("guide", False)
    assert answer.answer.startswith(handover_note(REMOTE))
    assert (
        answer.query
        == direct.query
        == (  # read with the earlier turn, as the CLI reads it
            "What share of those AI engineer jobs allow remote work (work of applied AI teams happen)?"
        )
    )
