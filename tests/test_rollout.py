"""Two answer prompts at once: a stable per-conversation split, recorded with every answer."""

import pytest

from evals.openai_stub import ScriptedOpenAI, stream
from rag.answer.pipeline import Answerer
from rag.config import Settings
from rag.errors import PromptError
from rag.ops.rollout import bucket, check_rollout, prompt_version_for
from tests.answer_helpers import DATA_ENGINEERING, llm_for


def rollout(split: float, candidate: int | None = 2) -> Settings:
    return Settings(answer_prompt_version=1, answer_prompt_candidate=candidate, answer_prompt_split=split)


def test_bucket_is_fixed_by_the_conversation_id():
    assert bucket("conversation-1") == bucket("conversation-1") == 0.2546437906087053
    assert bucket("conversation-3") == 0.8922340992013047


def test_a_conversation_keeps_its_arm():
    settings = rollout(0.5)
    assert [prompt_version_for(settings, "conversation-1") for _ in range(5)] == [2] * 5
    assert [prompt_version_for(settings, "conversation-3") for _ in range(5)] == [1] * 5


def test_the_arms_follow_the_configured_split():
    settings = rollout(0.2)
    arms = [prompt_version_for(settings, f"c{i}") for i in range(10_000)]
    assert arms.count(2) == 1958  # 20 % of 10,000 conversations, within hashing noise


@pytest.mark.parametrize(("split", "candidate"), [(0.0, 2), (0.7, None)])
def test_without_a_candidate_or_a_share_everyone_gets_the_stable_prompt(split, candidate):
    settings = rollout(split, candidate)
    assert {prompt_version_for(settings, f"c{i}") for i in range(100)} == {1}


def test_a_missing_prompt_version_fails_at_start_up():
    with pytest.raises(PromptError, match=r"prompt 'answer' has no version 9 \(have \[1, 2\]\)"):
        check_rollout(Settings(answer_prompt_candidate=9, answer_prompt_split=0.1))


def test_the_answer_uses_and_records_its_prompt_version(answer_deps):
    deps = answer_deps
    with ScriptedOpenAI(repeat=stream(["Data engineers move documents [1]."])) as server:
        llm = llm_for(server.base_url)
        settings = deps.settings.model_copy(update={"refusal_threshold": 0.0})
        v1 = Answerer(deps, llm, settings, prompt_version=1).ask(DATA_ENGINEERING)
        v2 = Answerer(deps, llm, settings, prompt_version=2).ask(DATA_ENGINEERING)
        systems = [r["messages"][0]["content"] for r in server.requests]
    assert (v1.prompt_variant, v1.prompt_id, v1.prompt_version) == ("answer.v1", "answer", "v1")
    assert (v2.prompt_variant, v2.prompt_id, v2.prompt_version) == ("answer.v2", "answer", "v2")
    assert v2.to_json()["prompt_variant"] == "answer.v2"
    assert "Start with one sentence that answers the question directly" in systems[1]
    assert "Start with one sentence" not in systems[0]


def test_an_offline_answer_still_records_its_arm(answer_deps):
    settings = answer_deps.settings.model_copy(update={"refusal_threshold": 0.0})
    answer = Answerer(answer_deps, None, settings, prompt_version=2).ask(DATA_ENGINEERING)
    assert (answer.prompt_variant, answer.prompt_id, answer.mode) == ("answer.v2", "extractive", "extractive")


def test_the_service_splits_conversations_and_logs_the_arm(tmp_path):
    from tests.answer_helpers import service_answer
    from tests.fakes import FakeEmbedder
    from tests.live_server import fixture_settings
    from ui.service import ChatService

    settings = fixture_settings(
        tmp_path, answer_prompt_candidate=2, answer_prompt_split=0.5, refusal_threshold=0.0
    )
    service = ChatService(settings, embedder=FakeEmbedder(), llm=None)
    service.start()
    try:
        answers = {
            conversation: service_answer(
                service, DATA_ENGINEERING, client="t", channel="api", conversation_id=conversation
            )
            for conversation in ("conversation-1", "conversation-3")
        }
        logged = {c: service.answer_log.get(a.answer_id)["prompt_variant"] for c, a in answers.items()}
    finally:
        service.close()
    assert {c: a.prompt_variant for c, a in answers.items()} == {
        "conversation-1": "answer.v2",
        "conversation-3": "answer.v1",
    }
    assert logged == {"conversation-1": "answer.v2", "conversation-3": "answer.v1"}
