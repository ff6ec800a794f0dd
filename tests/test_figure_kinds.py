"""Shares, durations and counts a question asks for (rag/answer/figure_kinds.py), the on-topic
rule of the answerability check, and market questions with no figure sent to the guide."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import KindAsk, kind_ask, kind_cover, states
from rag.answer.own_passages import name_position
from rag.answer.pipeline import Answerer
from rag.answer.verdict import question_terms
from rag.market.cues import names_job_data
from rag.market.desk import MarketDesk
from rag.records import Chunk
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)

KOMBUCHA = "what evals should a data engineer learn, and is the kombucha free?"


def chunk(text: str, title: str = "Notes", section: str = "") -> Chunk:
    return Chunk(
        "c1", "d1", "page", title, section, "https://example.org/notes", ["notes.md"], text, text, {}
    )


@pytest.mark.parametrize(
    "question, ask",
    [
        (
            "What share of Quillbyte offers get accepted?",
            # a name after "of" is what the share is about (a subject), not its population
            KindAsk(
                "share",
                "What share of Quillbyte offers get accepted",
                ("quillbyt", "offer", "get", "accept"),
                None,
                False,
                (frozenset({"quillbyt"}),),
            ),
        ),
        (
            "how many hours a week do AI engineers work?",
            KindAsk(
                "duration",
                "how many hours a week do AI engineers work",
                ("ai", "engin", "work"),
                "hour",
                False,
            ),
        ),
        (
            "How long is the take-home?",
            # the thing whose length is asked: a step an employer's posting must name to state it
            KindAsk(
                "duration", "How long is the take-home", ("take", "home"), None, False, (), {"take", "home"}
            ),
        ),
        (
            "What are Quillbyte's rounds, and how many stages does the onsite have?",
            # the counted word is no key: a number beside "stages" states it by construction
            KindAsk("count", "how many stages does the onsite have", ("onsit",), "stage", True),
        ),
        # "how many should I grind": the word after "how many" is a verb's helper, not what is counted
        (
            "which leetcode problems come up, and how many should I grind?",
            KindAsk("count", "how many should I grind", ("should", "grind"), None, True),
        ),
        (
            "What's the acceptance rate at Quillbyte?",
            KindAsk(
                "share",
                "What's the acceptance rate at Quillbyte",
                ("accept", "quillbyt"),
                None,
                False,
                (frozenset({"quillbyt"}),),
            ),
        ),
        ("What does Quillbyte pay?", None),
        ("How do data engineers move into AI engineering?", None),
    ],
)
def test_kind_ask(question, ask):
    assert kind_ask(question) == ask


@pytest.mark.parametrize(
    "kind, sentence, unit, stated",
    [
        ("share", "Prompt engineering appears in 58% of the listings.", None, True),
        ("share", "One in five candidates accepts.", None, True),
        ("share", "Roughly half of the offers are accepted.", None, True),
        ("share", "Most offers are accepted.", None, False),
        ("duration", "The take-home takes 3-4 hours.", "hour", True),
        ("duration", "The take-home takes two to three days.", "hour", False),  # not the asked unit
        ("duration", "The take-home takes two to three days.", None, True),
        ("duration", "Expect a couple of weeks from screen to offer.", None, True),
        ("duration", "Spend your evenings on it.", None, False),
        ("count", "The onsite has four stages.", "stage", True),
        ("count", "Four engineers sat through 2 onsite interviews and many stages.", "stage", False),
        ("count", "Quillbyte has 12 open roles.", None, True),
    ],
)
def test_states_a_figure_of_the_kind(kind, sentence, unit, stated):
    assert states(kind, sentence, unit) is stated


def test_a_figure_counts_next_to_what_the_question_names():
    ask = kind_ask("What share of Quillbyte offers get accepted?")
    weight = {"quillbyt": 4.0, "offer": 2.0, "get": 1.0, "accept": 3.0}.get
    stated = chunk("About 80% of offers are accepted.", title="Quillbyte interview process")
    other = chunk("Python appears in 88% of the listings. Quillbyte offers are accepted quickly.")
    absent = chunk("Quillbyte offers get accepted.")  # no figure at all
    assert (
        kind_cover(ask, [stated], weight),
        kind_cover(ask, [other], weight),
        kind_cover(ask, [absent], weight),
        # "get" is in no passage: only the words some passage has are weighed (the lexical check
        # names missing ones)
        kind_cover(
            ask, [chunk("Quillbyte is hiring."), chunk("The offer: 80% accepted.", "Quillbyte")], weight
        ),
        # a share stated under a heading that does not name Quillbyte is about someone else
        kind_cover(ask, [chunk("Quillbyte is hiring."), chunk("The offer: 80% accepted.")], weight),
    ) == (1.0, 0.0, 0.0, 1.0, 0.0)


@pytest.fixture(scope="module")
def deps(answer_deps):
    return answer_deps


def checker(deps, similarity: float, threshold: float = 0.0) -> AnswerabilityChecker:
    a = Answerer(deps, None, deps.settings.model_copy(update={"refusal_threshold": 0.0}))
    return AnswerabilityChecker(
        deps.index.bm25,
        a.relevance.unknown,
        page_similarity=lambda q: similarity,
        refusal_threshold=threshold,
    )


def test_everyday_missing_words_refuse_only_far_from_the_guides_pages(deps):
    passages = [h.chunk for h in deps.retriever.retrieve(KOMBUCHA, k=8)]
    # NEAR_TOPIC_SIMILARITY 0.30: however much they weigh, they are named and the rest answered
    assert checker(deps, 0.29).check(KOMBUCHA, passages) == Verdict(
        "none", "missing-terms", ("kombucha free",)
    )
    assert checker(deps, 0.30).check(KOMBUCHA, passages) == Verdict(
        "partial", "missing-terms", ("kombucha free",)
    )
    # a name the corpus never uses is refused however close the question is
    ocado = "What does Ocado pay in Berlin?"
    ocado_passages = [h.chunk for h in deps.retriever.retrieve(ocado, k=8)]
    assert checker(deps, 0.9).check(ocado, ocado_passages) == Verdict("none", "not-mentioned", ("Ocado",))


def test_a_low_relevance_score_refuses_only_off_the_guides_topics_and_with_words_missing(deps):
    question = "How do data engineers move into AI engineering by owning evals and shipping RAG with mentors?"
    passages = [chunk("Data engineers move into AI engineering by owning evals and shipping RAG pipelines.")]
    partial = Verdict("partial", "missing-terms", ("mentors",))
    assert checker(deps, 0.21, 0.35).check(question, passages, relevance=0.2) == Verdict("none", "off-topic")
    assert checker(deps, 0.52, 0.35).check(question, passages, relevance=0.2) == partial
    assert checker(deps, 0.51, 0.35).check(question, passages, relevance=0.35) == partial
    # only an everyday word missing and not far from every page (OFF_TOPIC_SIMILARITY 0.22): named
    assert checker(deps, 0.22, 0.35).check(question, passages, relevance=0.2) == partial
    assert checker(deps, 0.51, 0.35).check(question, passages, relevance=0.2) == partial
    # every key word in the passages: a low score comes from words that say nothing of the topic
    question = "How do data engineers move into AI engineering?"
    passages = [h.chunk for h in deps.retriever.retrieve(question, k=8)]
    assert checker(deps, 0.51, 0.35).check(question, passages, relevance=0.2) == Verdict("full", "covered")


@pytest.mark.parametrize(
    "question, what",
    [
        ("What percentage of claims adjusters pair with AI engineers?", "a share"),
        # the webinar says they "spend more hours reading model outputs": no number of hours
        ("How many hours a week do AI engineers spend reading model outputs?", "a duration"),
    ],
)
def test_a_figure_no_passage_states_is_refused_naming_it(deps, question, what):
    answer = Answerer(deps, None, deps.settings.model_copy(update={"refusal_threshold": 0.0})).ask(question)
    part = question.rstrip("?")
    assert (answer.refused, answer.coverage, answer.missing) == (True, "none", [part])
    assert answer.answer.startswith(
        f"The field guide doesn't state that figure (“{part}”): none of the passages closest to the "
        f"question gives {what} for it.\n\nThe closest sections are:\n- ["
    )


@pytest.mark.parametrize(
    "question, named",
    [
        ("What share of the postings are remote?", True),
        ("how many people applied to each posting in the data?", True),
        ("Glassdoor ratings of the companies in the job dataset?", True),
        ("how many AI jobs offer visa sponsorship?", True),
        ("negotiating an AI engineer offer - should I push on base salary or equity?", False),
        ("data engineering or AI engineering - which is the safer bet for remote work?", False),
    ],
)
def test_names_job_data(question, named):
    assert names_job_data(question) is named


@pytest.mark.parametrize(
    "question, word, named",
    [
        ("whats the interview process at zorblax for ml engineers?", "zorblax", True),
        ("zorblax ai engineer interview rounds?", "zorblax", True),
        ("how much does zorblax pay?", "zorblax", True),
        ("what are zorblax's interview steps?", "zorblax", True),
        ("which background makes the zorblax switch into AI engineering?", "zorblax", False),
    ],
)
def test_a_word_where_a_name_goes(question, word, named):
    term = next(t for t in question_terms(question) if t.surface == word)
    assert name_position(question, term.start, term.end) is named


def test_an_unknown_lower_case_name_is_refused_however_close_the_question_is(deps):
    question = "what is the data engineer learning path at zorblax?"
    passages = [h.chunk for h in deps.retriever.retrieve(question, k=8)]
    # after "at": a name the guide does not mention (round twenty), refused as before
    assert checker(deps, 0.9).check(question, passages) == Verdict("none", "not-mentioned", ("zorblax",))


def test_a_market_question_with_no_figure_goes_to_the_guide_unless_it_names_the_data(engine):  # noqa: F811
    desk = MarketDesk(engine)
    advice = desk.route("negotiating an AI engineer offer - should I push on base salary or equity?")
    assert (advice.route, advice.reason) == (
        "guide",
        "no figure in the job data, and the question is not about the data",
    )
    data = desk.route("What share of the postings offer equity?")
    assert (data.route, data.not_recorded) == ("market", "equity or stock")


@pytest.mark.parametrize(
    "question, unit",
    [
        ("How many AI engineers does Quillbyte employ?", "engin"),  # the noun before "does"
        ("how many interview rounds should I expect?", "round"),
        ("how many rounds are there?", "round"),
        ("What's the average age of AI engineers?", "age"),  # "the average X": a number beside X
    ],
)
def test_the_counted_word(question, unit):
    ask = kind_ask(question)
    assert (ask.kind, ask.unit) == ("count", unit)


def test_a_number_word_in_a_name_counts_nothing():
    assert states("count", "Capital One engineers ship agents.", "engin") is False
    assert states("count", "One engineer and two analysts own the agents.", "engin") is True


def posting(text: str, company: str) -> Chunk:
    return Chunk("p1", "d2", "posting", f"AI Engineer at {company}", "", "https://example.org/p", ["p.yaml"],
                 text, text, {"company": company})  # fmt: skip


def test_a_figure_about_a_named_employer_is_stated_in_its_passage_or_beside_its_name():
    ask = kind_ask("How long is the Quillbyte take-home?")
    elsewhere = chunk("The take-home usually takes 3-4 hours.")
    weight = lambda s: 1.0  # noqa: E731
    # "Quillbyte" is written as a name, so it is the figure's subject even when the catalog's
    # employers are not passed: a sentence elsewhere states no figure about it
    assert (
        kind_cover(ask, [elsewhere], weight),
        kind_cover(ask, [elsewhere], weight, ["Quillbyte"]),
        kind_cover(ask, [posting("The take-home takes 3 hours.", "Quillbyte")], weight, ["Quillbyte"]),
        kind_cover(ask, [chunk("The Quillbyte take-home takes 3 hours.")], weight, ["Quillbyte"]),
    ) == (0.0, 0.0, 1.0, 1.0)


def test_missing_everyday_words_that_a_figure_is_about_refuse_it(deps):
    question = "what hourly rate can a freelance data engineer charge?"
    passages = [h.chunk for h in deps.retriever.retrieve(question, k=8)]
    assert checker(deps, 0.9).check(question, passages) == Verdict(
        "none", "missing-terms", ("hourly rate", "freelance")
    )
    # a question that asks something else too is answered, the words named
    question = "what should a data engineer learn first, and what hourly rate can a freelance one charge?"
    passages = [h.chunk for h in deps.retriever.retrieve(question, k=8)]
    assert checker(deps, 0.9).check(question, passages).coverage == "partial"
