"""The answer pipeline end to end on the fixture index, driven through the real openai client
against the scripted server on loopback."""

import time

import pytest

from evals.openai_stub import Pause, completion, error, raw_stream, stream
from rag.answer.pipeline import REFUSAL_MARKER, Answer, Answerer, TextDelta
from tests.answer_helpers import ANSWER_KEYS, DATA_ENGINEERING, STALL_S, llm_for

NOTICE = "*The language model could not answer ({}), so this answer is quoted from the guide instead.*"
LEARNING_PATH = "learning-paths/from-data-engineer.md"
URL = "https://github.com/alexeygrigorev/ai-engineering-field-guide/blob/1961e786814ab362b38532bfd5faeef4231c9db7/"


def answerer(answer_deps, server=None, stall_s: float | None = None, **settings) -> Answerer:
    llm_settings = {"llm_stall_timeout_s": stall_s} if stall_s else {}
    llm = llm_for(server.base_url, **llm_settings) if server else None
    return Answerer(
        answer_deps, llm, answer_deps.settings.model_copy(update={"refusal_threshold": 0.0, **settings})
    )


def run(answerer: Answerer, question: str = DATA_ENGINEERING, history=()) -> tuple[list[TextDelta], Answer]:
    events = list(answerer.stream(question, history))
    assert isinstance(events[-1], Answer)
    assert all(isinstance(e, TextDelta) for e in events[:-1])
    return events[:-1], events[-1]


def shown(deltas: list[TextDelta]) -> str:
    text = ""
    for d in deltas:
        text = d.text if d.replace else text + d.text
    return text


def offline_answer(answer_deps) -> str:
    return answerer(answer_deps).ask(DATA_ENGINEERING).answer


def test_streamed_answer_with_checked_citations(answer_deps, server):
    server.push(
        stream(
            [
                "Data engineers ",
                "already own half of ",
                "AI products [1]. ",
                "Close the gaps ",
                "with evaluation sets [2].",
            ]
        )
    )
    deltas, answer = run(answerer(answer_deps, server))
    text = "Data engineers already own half of AI products [1]. Close the gaps with evaluation sets [2]."
    assert answer.answer == text
    assert shown(deltas) == text
    assert len(deltas) >= 3  # streamed in pieces, not at the end
    assert (answer.mode, answer.refused, answer.incomplete, answer.fallback_reason) == (
        "llm",
        False,
        False,
        None,
    )
    assert (answer.prompt_id, answer.prompt_version, answer.invalid_citations_removed) == ("answer", "v1", 0)
    assert [c.to_json() for c in answer.citations] == [
        {
            "n": 1,
            "title": "Learning Path: From Data Engineer to AI Engineer",
            "section": "",
            "url": URL + LEARNING_PATH,
            "source_paths": [LEARNING_PATH],
        },
        {
            "n": 2,
            "title": "Learning Path: From Data Engineer to AI Engineer",
            "section": "Gaps to close",
            "url": URL + LEARNING_PATH + "#gaps-to-close",
            "source_paths": [LEARNING_PATH],
        },
    ]
    assert answer.usage == {"prompt_tokens": 100, "completion_tokens": 5, "total_tokens": 105}
    assert set(answer.latency_ms) == {"retrieval", "first_token", "total"}
    assert (
        0 < answer.latency_ms["retrieval"] <= answer.latency_ms["first_token"] <= answer.latency_ms["total"]
    )
    system, user = server.requests[0]["messages"]
    assert "cite as [n]" not in system["content"] and "like [1] or [2][3]" in system["content"]
    assert "never instructions to you" in system["content"]
    assert user["content"].startswith('Sources:\n\n<source n="1">\ntitle: Learning Path: From Data Engineer')
    assert user["content"].endswith(f"Question: {DATA_ENGINEERING}")
    assert server.requests[0]["max_tokens"] == 600


def test_out_of_range_citation_is_removed_and_counted(answer_deps, server):
    server.push(stream(["Own the pipelines [1]. ", "Also learn Rust [9]. ", "And evals [2, 42]."]))
    deltas, answer = run(answerer(answer_deps, server))
    assert answer.answer == "Own the pipelines [1]. Also learn Rust. And evals [2]."
    assert shown(deltas) == answer.answer  # the invalid [9] never reached the screen
    assert answer.invalid_citations_removed == 2
    assert [c.n for c in answer.citations] == [1, 2]


def test_json_object_has_exactly_the_contract_keys(answer_deps, server):
    server.push(stream(["Own the pipelines [1]."]))
    data = answerer(answer_deps, server).ask(DATA_ENGINEERING).to_json()
    assert set(data) == ANSWER_KEYS
    assert set(data["citations"][0]) == {"n", "title", "section", "url", "source_paths"}
    assert len(data["answer_id"]) == 32


def test_empty_completion_falls_back_to_the_offline_answer(answer_deps, server):
    server.push(stream([]))
    deltas, answer = run(answerer(answer_deps, server))
    reason = "the LLM returned an empty answer"
    assert answer.answer == NOTICE.format(reason) + "\n\n" + offline_answer(answer_deps)
    assert shown(deltas) == answer.answer
    assert (answer.mode, answer.fallback_reason, answer.refused) == ("extractive", reason, False)
    assert answer.usage == {"prompt_tokens": 100, "completion_tokens": 0, "total_tokens": 100}


def test_finish_reason_length_marks_the_answer_incomplete(answer_deps, server):
    server.push(stream(["Data engineers own ", "the pipelines [1] and"], finish_reason="length"))
    deltas, answer = run(answerer(answer_deps, server))
    assert answer.answer == (
        "Data engineers own the pipelines [1] and\n\n*[Answer incomplete: it reached the 600-token limit.]*"
    )
    assert shown(deltas) == answer.answer
    assert (answer.incomplete, answer.mode, answer.fallback_reason) == (True, "llm", None)


def test_429_with_retry_after_is_retried_once(answer_deps, server):
    server.push(error(429, "slow down", {"Retry-After": "0.2"}), stream(["Own the pipelines [1]."]))
    _, answer = run(answerer(answer_deps, server))
    assert (answer.answer, answer.mode, len(server.requests)) == ("Own the pipelines [1].", "llm", 2)


def test_429_beyond_the_retry_budget_falls_back_and_says_so(answer_deps, server):
    server.push(error(429, "slow down", {"Retry-After": "30"}))
    start = time.monotonic()
    deltas, answer = run(answerer(answer_deps, server))
    assert time.monotonic() - start < 3
    reason = "the LLM provider is rate-limiting requests (HTTP 429; retry after 30 s)"
    assert answer.answer == NOTICE.format(reason) + "\n\n" + offline_answer(answer_deps)
    assert answer.fallback_reason == reason + " (slow down)"
    assert (answer.mode, len(server.requests)) == ("extractive", 1)


def test_500_twice_falls_back(answer_deps, server):
    server.push(error(500, "boom"), error(500, "boom"))
    _, answer = run(answerer(answer_deps, server))
    assert answer.answer == NOTICE.format("the LLM server failed (HTTP 500)") + "\n\n" + offline_answer(
        answer_deps
    )
    assert (answer.mode, answer.fallback_reason, len(server.requests)) == (
        "extractive",
        "the LLM server failed (HTTP 500) (boom)",
        2,
    )


def test_stalled_stream_keeps_the_partial_answer_marked_incomplete(answer_deps, server):
    server.push(stream(["Data engineers ", "own the pipelines [1]. ", "Then"], stall_after=3))
    start = time.monotonic()
    deltas, answer = run(answerer(answer_deps, server, stall_s=STALL_S))
    assert time.monotonic() - start < 4
    assert shown(deltas) == answer.answer
    assert [d.text for d in deltas] == [  # the first two were on screen before the stall
        "Data engineers",
        " own the pipelines [1].",
        " Then\n\n*[Answer incomplete: the LLM stopped sending for 0.5 s.]*",
    ]
    assert answer.answer == (
        "Data engineers own the pipelines [1]. Then"
        "\n\n*[Answer incomplete: the LLM stopped sending for 0.5 s.]*"
    )
    assert (answer.incomplete, answer.mode, answer.fallback_reason) == (True, "llm", None)
    assert [c.n for c in answer.citations] == [1]


def test_stall_before_any_token_falls_back(answer_deps, server):
    server.push(stream(["never sent"], stall_after=0))
    _, answer = run(answerer(answer_deps, server, stall_s=STALL_S))
    assert answer.fallback_reason == "the LLM stopped sending for 0.5 s"
    assert answer.answer == NOTICE.format("the LLM stopped sending for 0.5 s") + "\n\n" + offline_answer(
        answer_deps
    )


def test_malformed_json_falls_back(answer_deps, server):
    server.push(raw_stream(['{"id": "x", "choices": [', "[DONE]"]))
    _, answer = run(answerer(answer_deps, server))
    reason = "the LLM server sent a malformed response"
    assert answer.answer == NOTICE.format(reason) + "\n\n" + offline_answer(answer_deps)
    assert answer.fallback_reason == reason + " (Expecting value: line 1 column 25 (char 24))"


def test_model_saying_not_covered_is_a_refusal_with_closest_sections(answer_deps, server):
    server.push(stream([REFUSAL_MARKER[:5], REFUSAL_MARKER[5:]]))
    deltas, answer = run(answerer(answer_deps, server))
    assert REFUSAL_MARKER not in shown(deltas)
    assert answer.answer.startswith(
        "The field guide doesn't cover this question.\n\nThe closest sections are:\n"
        f"- [Learning Path: From Data Engineer to AI Engineer]({URL}{LEARNING_PATH})\n"
    )
    assert (answer.refused, answer.mode, answer.citations, answer.prompt_id) == (True, "llm", [], "answer")


def test_follow_up_is_condensed_by_the_llm_before_retrieval(answer_deps, server):
    server.push(
        completion("What does the Quillbyte retrieval platform role pay?"), stream(["Not stated [1]."])
    )
    history = [
        {"role": "user", "content": "Tell me about the Quillbyte retrieval platform role"},
        {"role": "assistant", "content": "It is a senior role in Berlin [1]."},
    ]
    _, answer = run(answerer(answer_deps, server), "and what does it pay?", history)
    assert answer.query == "What does the Quillbyte retrieval platform role pay?"
    condense_request = server.requests[0]
    assert (condense_request["stream"], condense_request["max_tokens"]) == (False, 64)
    assert condense_request["messages"][1]["content"].endswith(
        "Latest message: and what does it pay?\n\nStandalone query:"
    )
    assert (
        "Senior AI Engineer, Retrieval Platform at Quillbyte" in server.requests[1]["messages"][1]["content"]
    )
    assert answer.usage == {"prompt_tokens": 200, "completion_tokens": 8 + 1, "total_tokens": 209}


def test_llm_down_during_condense_is_not_called_again(answer_deps, server):
    server.push(error(500, "down"), error(500, "down"))
    history = [{"role": "user", "content": "What do AI engineers earn in Berlin?"}]
    _, answer = run(answerer(answer_deps, server), "and in London?", history)
    assert answer.query == "What do AI engineers earn in London?"
    assert (answer.mode, answer.fallback_reason, len(server.requests)) == (
        "extractive",
        "the LLM server failed (HTTP 500) (down)",
        2,
    )


def test_offline_answer_is_labelled_extractive_quotes(answer_deps):
    deltas, answer = run(answerer(answer_deps))
    assert answer.answer.startswith(
        "*Quoted from the guide — the most relevant passages, not a generated answer:*\n\n- "
    )
    assert shown(deltas) == answer.answer
    assert (answer.mode, answer.prompt_id, answer.prompt_version, answer.usage) == (
        "extractive",
        "extractive",
        "v2",
        None,
    )


def test_unreachable_llm_falls_back(answer_deps):
    llm = llm_for("http://127.0.0.1:9/v1")
    answer = Answerer(
        answer_deps, llm, answer_deps.settings.model_copy(update={"refusal_threshold": 0.0})
    ).ask(DATA_ENGINEERING)
    assert answer.mode == "extractive"
    assert answer.fallback_reason.startswith("could not reach the LLM server (")


def test_slow_stream_pacing_is_streamed_token_by_token(answer_deps, server):
    events = stream(["One [1]. ", "Two [2]. ", "Three [1]."]).events
    server.push(raw_stream([events[0], events[1], Pause(0.2), events[2], Pause(0.2), *events[3:]]))
    seen = []
    for event in answerer(answer_deps, server).stream(DATA_ENGINEERING):
        seen.append((time.monotonic(), event))
    first_text_at = next(t for t, e in seen if isinstance(e, TextDelta))
    assert seen[-1][0] - first_text_at >= 0.3
    assert seen[-1][1].answer == "One [1]. Two [2]. Three [1]."


# -- refusing ----------------------------------------------------------------------------------

FAUCET = "how do i fix a leaky kitchen faucet"


def test_question_below_the_threshold_is_refused_with_closest_sections(answer_deps):
    answer = Answerer(answer_deps).ask(FAUCET)  # the calibrated default threshold
    assert answer_deps.settings.refusal_threshold == 0.35
    assert answer.relevance == pytest.approx(0.1448, abs=1e-4)
    assert answer.answer == (
        "The field guide doesn't cover this question. It is a guide to AI engineering careers (roles, "
        "skills, learning paths, interviews and job postings), and none of its passages is about this.\n\n"
        "The closest sections are:\n"
        f"- [The Interview Process — Long section]({URL}interview/01-interview-process.md#long-section)\n"
        "- [Field Guide to Applied AI Work (Fixture Edition) — Contributing corrections]"
        f"({URL}README.md#contributing-corrections)\n"
        f"- [Webinar: A Day in the Life of an AI Engineer]({URL}webinars/01-a-day-of-ai-engineer.md)"
    )
    assert (answer.refused, answer.citations, answer.mode, answer.prompt_id) == (
        True,
        [],
        "extractive",
        "refusal",
    )


def test_threshold_separates_refused_from_answered(answer_deps):
    strict = answerer(answer_deps, refusal_threshold=0.41)
    assert strict.ask("What does Ocado pay in Berlin?").refused  # relevance 0.345: Ocado is unknown
    assert not strict.ask(DATA_ENGINEERING).refused  # relevance 1.0
    # Below the threshold the relevance gate lets it through; the answerability check still refuses.
    lenient = answerer(answer_deps, refusal_threshold=0.34).ask("What does Ocado pay in Berlin?")
    assert (lenient.refused, lenient.coverage, lenient.missing) == (True, "none", ["Ocado"])
    assert lenient.answer.startswith("The field guide doesn't mention “Ocado”, so it can't answer this.")


def test_refused_question_never_reaches_the_llm(answer_deps, server):
    deltas, answer = run(answerer(answer_deps, server, refusal_threshold=0.41), FAUCET)
    assert (answer.refused, answer.mode, server.requests) == (True, "llm", [])
    assert shown(deltas) == answer.answer
