"""A request for a service the assistant does not offer ("Can you review my CV?") gets a reply of its
own: what it can't do, then the guide's sections for it, with checked citations, without a model call.
Questions addressed to the assistant ("Can you tell me ...?", "Can you list ...?") are answered."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.pipeline import Answerer
from rag.answer.services import ServiceAsk, service_ask
from tests.answer_helpers import llm_for, market_fixture

LLM_APP_SETTINGS = {"rate_limit_per_minute": 1000}


@pytest.mark.parametrize(
    ("message", "ask"),
    [
        ("Can you review my CV?", ServiceAsk("document", "review my cv", "cv")),
        (
            "Hi, could you please proofread my cover letter?",
            ServiceAsk("document", "proofread my cover letter", "cover letter"),
        ),
        (
            "Write me a cover letter for this job",
            ServiceAsk("document", "write me a cover letter", "cover letter", after="for this job"),
        ),
        ("Can you help me write my résumé?", ServiceAsk("document", "write my resume", "resume")),
        (
            "I want you to improve my LinkedIn profile.",
            ServiceAsk("document", "improve my linkedin profile", "linkedin profile"),
        ),
        ("Apply to this posting for me", ServiceAsk("apply", "apply to this posting for me")),
        ("Please send my CV to Quillbyte", ServiceAsk("apply", "send my cv", "cv", after="to quillbyte")),
        ("Give me a mock interview", ServiceAsk("interview", "give me a mock interview")),
        ("Let's do a mock interview", ServiceAsk("interview", "do a mock interview")),
        (
            "Interview me for an AI engineer role",
            ServiceAsk("interview", "interview me for an ai engineer role"),
        ),
        ("Ask me some interview questions", ServiceAsk("interview", "ask me some interview questions")),
        ("Find me a job in Berlin", ServiceAsk("job", "find me a job in berlin", wanted="a job in berlin")),
        (
            "Can you find me ML engineer jobs?",
            ServiceAsk("job", "find me ml engineer jobs", wanted="ml engineer jobs"),
        ),
        (
            "I'm applying to Quillbyte. Can you check my resume?",
            ServiceAsk("document", "check my resume", "resume"),
        ),
    ],
)
def test_a_request_for_a_service_not_offered_is_read_from_its_structure(message, ask):
    assert service_ask(message) == ask


@pytest.mark.parametrize(
    "message",
    [
        "Can you tell me what skills AI engineers need?",
        "Can you list companies hiring in Berlin?",
        "Can you explain what a take-home assignment is?",
        "How do I write a cover letter?",
        "Should I write a cover letter for an AI engineering job?",
        "Do I need a CV with a photo?",
        "Can I apply to senior roles as a junior?",
        "Can you apply for AI jobs without a degree?",  # the generic "you"
        "Can you get a job as an AI engineer without a degree?",
        "Review the interview process at Quillbyte",  # the guide's text, not the asker's document
        "Write a summary of the skills AI engineers need",
        "What questions come up in a mock interview?",
        "help me prepare for interviews",
        "Show me jobs in Berlin",
    ],
)
def test_a_question_addressed_to_the_assistant_is_no_service_request(message):
    assert service_ask(message) is None


DOCUMENT_OPENING = (
    "I can't read, write or edit your CV: I answer questions about AI engineering careers from the AI "
    "Engineering Field Guide, quoting it with links. The guide's advice for it:"
)
DOCUMENT_CLOSING = "You could ask, for example: “What should I do before I apply for an AI engineering job?”"


def test_the_pipeline_replies_with_the_guides_own_sections_and_checked_citations(answer_deps):
    answer = Answerer(answer_deps).ask("Can you review my CV?")
    paragraphs = answer.answer.split("\n\n")
    assert (paragraphs[0], paragraphs[-1]) == (DOCUMENT_OPENING, DOCUMENT_CLOSING)
    assert (answer.prompt_id, answer.refused, answer.mode, answer.coverage, answer.missing) == (
        "service",
        False,
        "extractive",
        "partial",
        ["review my cv"],
    )
    lines = paragraphs[1].splitlines()
    assert [c.n for c in answer.citations] == [1, 2, 3]
    assert lines == [f"- [{c.title} — {c.section}]({c.url}) [{c.n}]" for c in answer.citations]
    assert {s.hit.chunk.kind for s in answer.sources} == {"page"}  # the guide's pages, never a posting


def test_a_job_search_gets_who_was_hiring_from_the_postings_then_the_guides_sections(tmp_path):
    deps = market_fixture(tmp_path)
    try:
        answer = Answerer(deps).ask("Find me a job in Berlin")
    finally:
        deps.close()
    paragraphs = answer.answer.split("\n\n")
    assert paragraphs[0].startswith("I can't search job boards, match jobs to you or apply for you:")
    assert paragraphs[1] == (
        "**Who was hiring, from the guide's job postings:** "
        "**The 4 most common companies among the 4 postings in Berlin:**"
    )
    assert (answer.route, answer.market["command"]) == (
        "both",
        "fieldguide market --measure top --by company --city Berlin",
    )
    postings = [c.n for c in answer.citations if c.section == "Posting"]
    guide = [c.n for c in answer.citations if c.section != "Posting"]
    assert (postings, guide) == ([1, 2, 3, 4], [5, 6, 7])  # the guide's numbered after the postings


@pytest.mark.parametrize(
    ("message", "rest"),
    [
        ("Review my CV and tell me which skills I lack", "which skills I lack"),
        (
            "Give me a mock interview and then explain what interviewers test",
            "what interviewers test",
        ),
        ("Review my CV and list the skills AI engineers need", "list the skills AI engineers need"),
        ("Write my cover letter. What should it say about RAG?", "What should it say about RAG"),
        ("What skills do I need? Also, can you review my CV?", "What skills do I need"),
        ("Review my CV: is it good?", ""),  # one content word: no question of its own
        ("Review my CV and fix my cover letter", ""),  # a second request, no question
        ("I'm applying to Quillbyte. Can you check my resume?", ""),  # a statement, no question
    ],
)
def test_a_question_asked_beside_a_request_is_kept_as_written_from_its_question_word(message, rest):
    assert service_ask(message).rest == rest


def test_the_question_beside_a_request_is_answered_after_what_cant_be_done(answer_deps):
    answerer = Answerer(answer_deps)
    answer = answerer.ask("Review my CV and tell me which skills I lack")
    alone = answerer.ask("which skills I lack")
    note = "I can't read, write or edit your CV. On the rest of your question:"
    assert answer.answer == f"{note}\n\n{alone.answer}"
    assert [c.url for c in answer.citations] == [c.url for c in alone.citations]
    assert (answer.question, answer.coverage, answer.missing) == (
        "Review my CV and tell me which skills I lack",
        "partial",
        ["review my cv", *alone.missing],
    )
    assert answer.prompt_id != "service" and not answer.refused


def test_the_question_beside_a_request_is_answered_offline_even_with_an_llm(answer_deps, server):
    # the reply is computed in a CPU worker, where no LLM call may wait: nothing is sent to the model
    offline = Answerer(answer_deps).ask("Review my CV and tell me which skills I lack")
    answer = Answerer(answer_deps, llm_for(server.base_url)).ask(
        "Review my CV and tell me which skills I lack"
    )
    assert (answer.answer, answer.mode, server.requests) == (offline.answer, "extractive", [])


def test_a_request_about_another_profession_stays_off_topic(answer_deps):
    answerer = Answerer(answer_deps)
    assert answerer.service("Can you help me write a cover letter for a barista job?") is None
    assert answerer.service("Can you help me write a cover letter for an AI engineer job?") is not None


def test_the_api_replies_without_asking_the_llm_and_logs_it(llm_app):
    before = len(llm_app.llm.requests)
    body = httpx.post(f"{llm_app.url}/api/ask", json={"question": "Give me a mock interview"}).json()
    assert body["answer"].startswith("I can't run a mock interview with you:")
    assert (body["refused"], body["prompt_id"], body["coverage"], body["missing"]) == (
        False,
        "service",
        "partial",
        ["give me a mock interview"],
    )
    assert [c["n"] for c in body["citations"]] == [1, 2, 3]
    assert len(llm_app.llm.requests) == before
    stored = llm_app.service.answer_log.get(body["answer_id"])
    assert (stored["prompt_id"], stored["refused"]) == ("service", False)


@settings(derandomize=True, database=None, deadline=None, max_examples=300)
@given(
    st.one_of(
        st.text(max_size=400),
        st.builds(
            lambda a, b: a + b,
            st.sampled_from(["Can you review my ", "find me a ", "apply to "]),
            st.text(max_size=60),
        ),
    )
)
def test_any_text_is_read_as_a_request_or_none_without_failing(message):
    ask = service_ask(message)
    assert ask is None or (ask.kind in ("document", "apply", "interview", "job") and ask.action)
