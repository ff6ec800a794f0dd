"""Follow-ups rewritten into standalone queries: deterministic rules, and through an LLM."""

import pytest

from evals.openai_stub import ScriptedOpenAI, completion, error
from rag.answer.condense import condense, condense_offline, is_follow_up
from rag.errors import LLMUnavailableError
from tests.answer_helpers import llm_for


def user(text):
    return {"role": "user", "content": text}


def assistant(text):
    return {"role": "assistant", "content": text}


BERLIN = [user("What do AI engineers earn in Berlin?"), assistant("Around EUR 70k [1].")]


@pytest.mark.parametrize(
    ("history", "message", "query"),
    [
        ([], "and in London?", "and in London?"),
        (BERLIN, "and in London?", "What do AI engineers earn in London?"),
        (BERLIN, "What about Paris?", "What do AI engineers earn in Paris?"),
        (BERLIN + [user("and in London?")], "what about New York?", "What do AI engineers earn in New York?"),
        (
            [user("Which skills do AI-First listings in New York ask for?")],
            "and in London?",
            "Which skills do AI-First listings in London ask for?",
        ),
        (
            [user("How do I move from data engineering into AI engineering?")],
            "and from backend?",
            "How do I move from backend into AI engineering?",
        ),
        (
            [user("What is Quillbyte's interview process?")],
            "what about Harborlight?",
            "What is Harborlight's interview process?",
        ),
        (
            [user("Tell me about the nPlan platform role")],
            "what does it pay?",
            "what does it pay (nPlan platform role)?",
        ),
        (
            [user("Which skills do AI-First listings ask for?")],
            "and senior roles?",
            "Which skills do AI-First listings ask for: senior roles?",
        ),
        # A new, self-contained question is left alone.
        (
            BERLIN,
            "What does Doctolib's interview loop look like?",
            "What does Doctolib's interview loop look like?",
        ),
        # Assistant turns are not questions.
        ([assistant("Ask me anything about Berlin")], "and in London?", "and in London?"),
    ],
)
def test_offline_rules(history, message, query):
    assert condense_offline(history, message) == query


def test_follow_up_detection():
    assert is_follow_up("and in London?")
    assert is_follow_up("how many rounds does it have?")
    assert is_follow_up("salary?")
    assert not is_follow_up("How do I move from data engineering into AI engineering?")


def test_no_history_needs_no_llm():
    result = condense([], "  What is RAG?  ", llm=None)
    assert (result.query, result.method) == ("What is RAG?", "none")


@pytest.mark.parametrize(
    "message, query",
    [
        ("hey, what skills do AI engineers need?", "what skills do AI engineers need?"),
        ("lol ok so is a PhD needed for AI jobs?", "is a PhD needed for AI jobs?"),
        ("hi there! how do I become an AI engineer?", "how do I become an AI engineer?"),
        # an opener must end at punctuation or before the question's first word
        ("Hello world programs for RAG?", "Hello world programs for RAG?"),
        ("so many jobs want Python?", "so many jobs want Python?"),
        # nothing of three words after it: small talk decides, not the search
        ("hi, help", "hi, help"),
    ],
)
def test_a_greeting_before_the_question_is_not_searched_for(message, query):
    assert condense([], message).query == query


def test_without_llm_the_rules_apply():
    result = condense(BERLIN, "and in London?")
    assert (result.query, result.method, result.usage) == (
        "What do AI engineers earn in London?",
        "rules",
        None,
    )


def test_with_llm_a_short_low_token_prompt_is_sent():
    with ScriptedOpenAI([completion('"AI engineer salaries in London"\nextra line')]) as server:
        result = condense(BERLIN, "and in London?", llm_for(server.base_url))
    assert (result.query, result.method) == ("AI engineer salaries in London", "llm")
    request = server.requests[0]
    assert (request["max_tokens"], request["temperature"], request["stream"]) == (64, 0, False)
    assert request["messages"][1]["content"] == (
        "Conversation:\nuser: What do AI engineers earn in Berlin?\nassistant: Around EUR 70k [1].\n\n"
        "Latest message: and in London?\n\nStandalone query:"
    )


def test_empty_llm_rewrite_uses_the_rules():
    with ScriptedOpenAI([completion("   ")]) as server:
        result = condense(BERLIN, "and in London?", llm_for(server.base_url))
    assert (result.query, result.method) == ("What do AI engineers earn in London?", "rules-after-llm-error")


def test_llm_failure_is_raised_for_the_caller():
    with (
        ScriptedOpenAI([error(503, "busy"), error(503, "busy")]) as server,
        pytest.raises(LLMUnavailableError),
    ):
        condense(BERLIN, "and in London?", llm_for(server.base_url))


def test_long_history_is_trimmed():
    history = [user(f"question {i} " + "x" * 1000) for i in range(10)]
    with ScriptedOpenAI([completion("q")]) as server:
        condense(history, "and?", llm_for(server.base_url))
    conversation = server.requests[0]["messages"][1]["content"].split("\n\nLatest message")[0]
    assert conversation.count("user: question") == 6
    assert all(len(line) <= len("user: ") + 600 for line in conversation.splitlines()[1:])
