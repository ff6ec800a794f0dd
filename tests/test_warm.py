"""What an answerer builds lazily is built before its index is handed out (rag/ops/warm.py): the
world's city names, the jurisdictions' names, the English words, and one question of each route through
the answer's first CPU step."""

import pytest

from rag import places
from rag.answer.async_answer import _plan
from rag.answer.pipeline import Answerer, Clock
from rag.deps import Deps
from rag.index.typos import english_stems
from rag.market.desk import with_market
from rag.ops.warm import WARM_QUESTIONS, warm
from tests.answer_helpers import DATA_ENGINEERING, service_answer
from tests.fakes import FakeEmbedder
from tests.live_server import fixture_settings
from ui.service import ChatService


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return fixture_settings(tmp_path_factory.mktemp("warm"))


@pytest.fixture
def answerer(built):
    deps = with_market(Deps.open(built, embedder=FakeEmbedder()))
    yield Answerer(deps, None)
    deps.close()


def test_the_warm_questions_take_the_guide_route_and_the_market_route(answerer):
    routes = []
    for question in WARM_QUESTIONS:
        _, generation, routed = _plan(answerer, question, [], None, Clock(), None, True)
        routes.append((routed.route if routed else "guide", generation is not None))
    assert routes == [("guide", True), ("market", False)]


def test_a_short_word_after_in_loads_the_city_names_unless_warmed(answerer):
    places._city_names.cache_clear()
    _plan(answerer, "How many postings ask for Python in la?", [], None, Clock(), None, True)
    loaded_by_the_question = places._city_names.cache_info().currsize
    places._city_names.cache_clear()
    warm(answerer)
    loaded_by_warming = places._city_names.cache_info().currsize
    _plan(answerer, "How many postings ask for Python in la?", [], None, Clock(), None, True)
    assert (loaded_by_the_question, loaded_by_warming) == (1, 1)
    assert places._city_names.cache_info().misses == 1  # the question found them loaded


def test_warming_loads_the_jurisdictions_a_rule_question_would(answerer):
    places._region_names.cache_clear()
    warm(answerer)
    assert places._region_names.cache_info().currsize == 1
    _plan(
        answerer,
        "Do I have to register a company in Norway as an AI engineer?",
        [],
        None,
        Clock(),
        None,
        False,
    )
    assert places._region_names.cache_info().misses == 1  # the question found them loaded


def test_warming_counts_the_warm_questions_sources(answerer):
    assert answerer.count_tokens.cache_info().currsize == 0
    warm(answerer)
    assert answerer.count_tokens.cache_info().currsize > 0


def answers_counted(service: ChatService) -> float:
    samples = [s for m in service.metrics.answers.collect() for s in m.samples]
    return sum(s.value for s in samples if s.name.endswith("_total"))


def test_a_started_service_is_warm_and_its_warm_up_left_no_answer_behind(tmp_path):
    places._city_names.cache_clear()
    service = ChatService(fixture_settings(tmp_path), embedder=FakeEmbedder(), llm=None)
    service.start()
    try:
        warmed = places._city_names.cache_info().currsize
        logged = service.answer_log.summary().answers
        observed = answers_counted(service)
        answer = service_answer(service, DATA_ENGINEERING, client="t", channel="api")
        after = service.answer_log.summary().answers
    finally:
        service.close()
    assert warmed == 1
    assert logged == 0  # the warm questions are not answers: no log row
    assert observed == 0  # nor in the metrics
    assert answer.citations and after == 1 and answers_counted(service) == 1


def test_warming_loads_the_english_words_whatever_its_questions(answerer, monkeypatch):
    monkeypatch.setattr("rag.ops.warm.WARM_QUESTIONS", ())  # its own questions may type no unknown word
    english_stems.cache_clear()
    warm(answerer)
    assert english_stems.cache_info().currsize == 1
    _plan(answerer, "phone booths for private calls?", [], None, Clock(), None, True)
    assert english_stems.cache_info().misses == 1  # the question found them loaded
