"""What the postings table records, as words (rag/market/recorded.py): a market question whose asked
attribute is no column's word and no value of the invented postings is refused as not recorded, before
any LLM is asked; a later part of that kind is named; words beside a value, adverbs and words the
guide's pages use often are not attributes."""

from __future__ import annotations

import pytest

from evals.openai_stub import ScriptedOpenAI
from rag.answer.pipeline import Answer, Answerer
from rag.deps import Deps
from rag.market.desk import RECORDED_FIELDS, MarketDesk, with_market
from rag.market.recorded import Rarity, inflected, recorded_words, unrecorded_attribute
from tests.answer_helpers import build_fixture_index, llm_for, settings_for
from tests.fakes import FakeEmbedder
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)
from tests.test_market_answers import CountingWorkers, stream_async

STAFFING = "How many of the AI engineer postings in the dataset are posted by staffing agencies?"
# invented: "different" and "period" everyday on the pages; "among" and "agenc" common in the corpus
RARITY = Rarity({"differ": 4, "period": 3}, {"among": 1.0, "agenc": 1.0, "staf": 5.0, "python": 2.0})


@pytest.fixture(scope="module")
def desk(engine):  # noqa: F811
    return MarketDesk(engine, lambda: RARITY)


def test_the_recorded_words_are_the_columns_and_the_values_postings_hold(desk):
    words = recorded_words(desk.engine.vocab)
    assert {"salary", "posted", "city", "level", "stage", "berlin", "python", "pandas", "seed"} <= words
    # a company's name is the parser's to recognise: "Petrichor Labs" lends it no attribute words
    assert not {"petrichor", "labs", "staffing", "probation"} & words


@pytest.mark.parametrize(
    "question, gap",
    [
        (STAFFING, "staffing agencies"),
        ("What share of the AI engineer postings have a probation period?", "probation"),
        ("How many different companies are in the dataset?", None),  # "different": everyday on the pages
        ("Roughly how many postings ask for Python?", None),  # an adverb
        ("How many postings ask for plain Python?", None),  # the word beside a value qualifies it
        ("How many Berlin postings ask for pandas?", None),
        ("Among the AI engineer postings, how many ask for Python?", None),  # "among": not a rare term
        ("How many of the postings are from agencies?", None),  # nor is "agencies" here
    ],
)
def test_the_attribute_asked_is_matched_against_what_the_table_records(desk, question, gap):
    assert desk.unrecorded_words(question) == gap


def test_without_the_guides_word_counts_every_word_may_be_recorded(engine):  # noqa: F811
    assert MarketDesk(engine).unrecorded_words(STAFFING) is None
    unknown = MarketDesk(engine, lambda: Rarity({}, {}))  # no page uses "different", no chunk either
    assert unknown.unrecorded_words("How many different companies are there?") == "different"


def test_the_desk_refuses_the_attribute_and_says_what_the_postings_record(desk):
    routed = desk.route(STAFFING)
    reading = (routed.route, routed.reason, routed.not_recorded)
    assert reading == ("market", "asks for what the job data does not record", "staffing agencies")
    total = desk.engine.n_total
    refusal = (
        "The job data does not record staffing agencies, so no figure about it can be computed from the "
    )
    assert (
        desk.answer(STAFFING, routed).text
        == f"{refusal}{total:,} postings. What the postings record: {RECORDED_FIELDS}."
    )
    assert not desk.needs_llm(routed)


def test_a_later_part_asking_an_unrecorded_attribute_is_named(desk):
    part = "how much commission on top"
    routed = desk.route(f"How many Berlin postings ask for Python, and {part}?")
    assert (routed.route, routed.not_recorded, routed.uncovered) == ("market", None, [part])
    assert routed.notes == [f"The job data does not record commission, so “{part}” is not answered here."]


@pytest.fixture(scope="module")
def deps(tmp_path_factory):
    data_dir = build_fixture_index(tmp_path_factory.mktemp("recorded"))
    deps = with_market(Deps.open(settings_for(data_dir, refusal_threshold=0), FakeEmbedder()))
    yield deps
    deps.close()


RETREATS = "How many companies hold company retreats?"  # no job data named: the guide's question
GUIDE_VERDICT = ("guide", True, "none", [])  # the guide's own refusal, not the table's


def _verdict(answer: Answer) -> tuple:
    return answer.route, answer.refused, answer.coverage, answer.missing


def _with_llm(deps, question: str) -> tuple[Answer, Answer, list]:
    """The answer with an LLM configured (blocking and web paths) and what the model was sent."""
    with ScriptedOpenAI() as server:
        llm = llm_for(server.base_url)
        try:
            blocking = Answerer(deps, llm).ask(question)
        finally:
            llm.close()
        events = stream_async(deps, server, question, CountingWorkers())
        return blocking, next(e for e in events if isinstance(e, Answer)), server.requests


def test_on_the_guides_route_the_postings_columns_refuse_nothing(deps):
    # the desk sends it to the guide (it does not name the job data, as "the companies hiring AI
    # engineers" would: tests/test_unrecorded.py); the guide's own checks judge it,
    # not the table's columns (a guide-route column check refused answerable role questions held out)
    assert deps.market.route(RETREATS).route == "guide"
    answer = Answerer(deps).ask(RETREATS)
    assert _verdict(answer) == GUIDE_VERDICT
    assert "job data does not record" not in answer.answer


def _refusal(deps) -> str:
    return (
        f"The job data does not record staffing agencies, so no figure about it can be computed from the "
        f"{deps.market.engine.n_total:,} postings. What the postings record: {RECORDED_FIELDS}."
    )


def test_offline_and_with_an_llm_the_refusal_comes_before_any_model_call(deps):
    offline = Answerer(deps).ask(STAFFING)
    assert _verdict(offline) == ("market", True, "none", ["staffing agencies"])
    assert offline.answer == _refusal(deps)
    blocking, web, requests = _with_llm(deps, STAFFING)
    assert (blocking.answer, web.answer, web.route, web.missing, requests) == (
        _refusal(deps),
        _refusal(deps),
        "market",
        ["staffing agencies"],
        [],
    )


def test_a_name_written_as_one_is_left_to_the_desks_rules_for_names(desk):
    assert desk.unrecorded_words("How many postings in Zorblaxia pay a staffing fee?") == "staffing fee"


@pytest.mark.parametrize(
    "question, gap",
    [
        # the question's verb, not an attribute: an inflected form of a known stem, or the word after
        # the postings or companies asked of
        ("How many postings featured a title?", None),
        ("How many postings that carried a title ask for Python?", None),
        ("How many companies boast a title in Berlin?", None),
        ("Which roles wield a senior title?", None),
        # an inflected word that qualifies the next one, or states a state after "be", is still asked
        ("How many postings featured a staffing agency?", "staffing agency"),
        ("What share of the postings are unionized?", "unionized"),
        ("How many postings list a probation clause?", "probation clause"),
        ("Which perks do the postings offer?", "perks"),  # "which" asks; "offer" is the verb
    ],
)
def test_the_questions_verb_is_no_attribute(desk, question, gap):
    assert desk.unrecorded_words(question) == gap


@pytest.mark.parametrize(
    "word, verb_form",
    [("carried", True), ("featured", True), ("featuring", True), ("using", True), ("staffing", False),
     ("unionized", True), ("agencies", False), ("ring", False), ("held", False)],
)  # fmt: skip
def test_an_inflected_form_shares_its_bare_forms_stem(word, verb_form):
    assert inflected(word) is verb_form


def test_a_verb_form_question_routed_to_the_postings_is_answered_not_refused(desk):
    routed = desk.route("How many of the postings carried a Python skill?")
    assert (routed.route, routed.not_recorded) == ("market", None)


class EveryWordRare:
    """A corpus where every word is rare: only the table's words and words about nothing are accounted for."""

    def everyday(self, stem: str) -> bool:
        return False

    def key(self, stem: str) -> bool:
        return True


@pytest.mark.parametrize(
    "question, gap",
    [
        ("besides the core path, how many postings ask for Python?", "core"),  # not "besides" (round 45)
        ("besides the core path, how many postings mention probation?", "core probation"),
    ],
)
def test_a_word_about_nothing_names_no_attribute(desk, question, gap):
    reading = desk.router.extractor.extract(question)
    assert unrecorded_attribute(reading, desk.recorded, EveryWordRare()) == gap
