"""ChatService housekeeping: the answer log keeps only FIELDGUIDE_LOG_RETENTION_DAYS of rows; what the
first questions would otherwise build is built at start."""

from datetime import UTC, datetime, timedelta

from rag.answer.llm import LLMClient
from rag.market import desk
from rag.ops.answer_log import AnswerLog, AnswerRecord
from tests.answer_helpers import DATA_ENGINEERING, service_answer
from tests.fakes import FakeEmbedder
from tests.live_server import fixture_settings
from ui.service import ChatService


def old_record(answer_id: str, days: int) -> AnswerRecord:
    return AnswerRecord(
        answer_id=answer_id,
        created_at=datetime.now(UTC) - timedelta(days=days),
        channel="api",
        question="an old question",
        query="an old question",
        mode="extractive",
        prompt_id="extractive",
        prompt_version="v1",
    )


def test_old_rows_go_at_start_up_and_then_hourly(tmp_path):
    now = [1000.0]
    settings = fixture_settings(tmp_path, log_retention_days=30)
    with AnswerLog.from_settings(settings) as before:
        before.record(old_record("stale-at-start", days=40))
    service = ChatService(settings, embedder=FakeEmbedder(), llm=None, clock=lambda: now[0])
    service.start()
    gone_at_start = service.answer_log.get("stale-at-start") is None

    def ask() -> str:
        return service_answer(service, DATA_ENGINEERING, client="t", channel="api").answer_id

    try:
        log = service.answer_log
        log.record(old_record("stale", days=31))
        log.record(old_record("recent", days=29))
        now[0] += 60
        first = ask()
        kept_within_the_hour = [log.get(i) is not None for i in ("stale", "recent", first)]
        now[0] += 3600
        ask()
        kept_after_an_hour = [log.get(i) is not None for i in ("stale", "recent", first)]
    finally:
        service.close()
    assert gone_at_start
    assert kept_within_the_hour == [True, True, True]
    assert kept_after_an_hour == [False, True, True]


def test_the_market_tools_schema_is_built_at_start_not_by_the_first_market_question(tmp_path):
    """pydantic builds the tool's JSON schema once per process (about 10 ms of CPU): a service that
    answers with an LLM builds it while starting, off the event loop that serves the first chats."""
    desk._tool_json.cache_clear()
    settings = fixture_settings(tmp_path)
    llm = LLMClient.from_settings(settings.model_copy(update={"openai_base_url": "http://127.0.0.1:9/v1"}))
    service = ChatService(settings, embedder=FakeEmbedder(), llm=llm)
    assert desk._tool_json.cache_info().currsize == 0
    service.start()
    try:
        assert desk._tool_json.cache_info().currsize == 1
        before = desk._tool_json.cache_info().misses
        assert desk.tool_definition()["name"] == desk.TOOL_NAME
        assert desk._tool_json.cache_info().misses == before  # the question's call builds nothing
    finally:
        service.close()
