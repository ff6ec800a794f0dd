"""A message that asks nothing (a greeting, thanks, "what can you do?") gets a short reply, not a
refusal citing the closest sections; anything with a question in it goes to the guide as before."""

from __future__ import annotations

import httpx
import pytest

from rag.answer.pipeline import Answerer
from rag.answer.small_talk import MAX_CHARS, small_talk_kind, small_talk_reply

THANKS = "You're welcome. Ask another question about AI engineering careers whenever you like."
OFFER_START = "I answer questions about AI engineering careers from the AI Engineering Field Guide:"
LLM_APP_SETTINGS = {"rate_limit_per_minute": 1000}


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hi", "greeting"),
        ("Hello there :)", "greeting"),
        ("good morning!", "greeting"),
        ("thanks!", "thanks"),
        ("Thanks, that is very helpful!", "thanks"),
        ("thank you so much", "thanks"),
        ("thanks, bye", "goodbye"),
        ("What can you do?", "help"),
        ("Hi, what can you do?", "help"),
        ("who are you?", "help"),
        ("help", "help"),
    ],
)
def test_a_message_made_only_of_small_talk_is_recognised(message, kind):
    assert small_talk_kind(message) == kind


@pytest.mark.parametrize(
    "message",
    [
        "hi, how do I become an AI engineer?",
        "help me prepare for interviews",
        "thanks, and what does Monzo pay?",
        "ok",
        "",
        "hi " * (MAX_CHARS // 3 + 1),
    ],
)
def test_a_message_with_a_question_in_it_is_no_small_talk(message):
    assert (small_talk_kind(message), small_talk_reply(message)) == (None, None)


def test_the_replies_say_what_the_assistant_answers():
    assert small_talk_reply("thanks!") == THANKS
    greeting, help_reply = small_talk_reply("hi"), small_talk_reply("what can you do?")
    assert greeting == "Hello! " + help_reply
    assert help_reply.startswith(OFFER_START)
    assert help_reply.endswith("- What are the interview steps at Monzo Bank?")


def test_the_pipeline_replies_without_retrieving(answer_deps, monkeypatch):
    def no_retrieval(*args, **kwargs):
        raise AssertionError("small talk must not retrieve")

    monkeypatch.setattr(answer_deps.retriever, "retrieve", no_retrieval)
    answer = Answerer(answer_deps).ask("Thanks, bye!")
    assert (answer.answer, answer.refused, answer.citations, answer.prompt_id, answer.coverage) == (
        "Good luck with your job search! Come back with any question about AI engineering careers.",
        False,
        [],
        "small_talk",
        "full",
    )


def test_the_api_replies_to_a_greeting_without_asking_the_llm(llm_app):
    before = len(llm_app.llm.requests)
    body = httpx.post(f"{llm_app.url}/api/ask", json={"question": "thanks!"}).json()
    assert (body["answer"], body["refused"], body["citations"], body["prompt_id"]) == (
        THANKS,
        False,
        [],
        "small_talk",
    )
    assert len(llm_app.llm.requests) == before
    stored = llm_app.service.answer_log.get(body["answer_id"])
    assert (stored["prompt_id"], stored["refused"]) == ("small_talk", False)
