"""Round twelve of the answerability check: a count written with names between it and the counted word
("8 Zorbit API search results") or in a section heading ("TeamForum (147 threads)"), a company's short
name that starts another name ("Silicon Valley"), the postings asked as a set what they say, a right
the law grants and a permit as policy asks, what some of the data's postings or companies have, and a
question's first word that is no name. Invented corpus, exact verdicts; each rule with a neighbour it
leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import kind_ask, states
from rag.answer.interviews import as_employer
from rag.answer.own_passages import name_position
from rag.answer.policy import policy_ask, policy_cover
from rag.answer.verdict import question_terms
from rag.index.bm25 import BM25Index
from rag.market.unrecorded import unrecorded
from rag.records import Chunk
from tests.test_answerability_round7 import desk  # noqa: F401 (the invented corpus's market desk)
from tests.test_answerability_round10 import chunk
from tests.test_market import engine  # noqa: F401 (the postings table the desk reads)

DATES = ("2026-01-29", "2026-03-12")


def test_the_counted_word_after_a_name_is_the_noun():
    assert kind_ask("how many Blind threads and tweets did the guide collect?").unit == "thread"
    assert kind_ask("how many rounds are there?").unit == "round"  # unchanged: the first word


@pytest.mark.parametrize(
    "sentence, unit, stated",
    [
        ("8 Zorbit API search results with full citations.", "result", True),  # names between
        ("8 raw unfiltered noisy search results with citations.", "result", False),  # four lower-case words
        ("20+ companies (Acme, Zorbit, Quillbyte), multiple offers.", "offer", False),  # another phrase
        ("Results from Zorbit Quillbyte Acme Corp came to 8.", "result", False),  # the number after the noun
    ],
)
def test_a_count_with_names_between_it_and_the_counted_word(sentence, unit, stated):
    assert states("count", sentence, unit) is stated


def _page(n: int, title: str, section: str, text: str) -> Chunk:
    path = f"page/{n}.md"
    return Chunk(f"c{n}", f"d{n}", "page", title, section, f"https://example.org/{path}", [path], text,
                 f"{title}\n{section}\n{text}", {})  # fmt: skip


THREADS = _page(
    1, "Interview threads", "TeamForum (147 threads) > Zorbit", "Many candidates describe the rounds."
)
SOURCES = _page(2, "Interview threads", "Sources", "Only newsletters, TeamForum and blogs were read.")
OTHER = _page(
    3,
    "Career notes",
    "Networking",
    "The guide collected threads about interviews from a forum; an interview loop has rounds.",
)


@pytest.fixture(scope="module")
def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(BM25Index().fit([THREADS, SOURCES, OTHER]), unknown_idf=5.0, domain_page_df=1)


def test_a_heading_that_states_the_count_answers_it(checker):
    question = "how many Forum threads about interviews did the guide collect?"
    assert checker.check(question, [THREADS, SOURCES]) == Verdict("full", "covered")
    # without the heading's section, nothing states it
    assert checker.check(question, [SOURCES, OTHER]) == Verdict(
        "none", "count-not-stated", ("how many Forum threads about interviews did the guide collect",)
    )


@pytest.mark.parametrize(
    "question, employer",
    [
        ("anything to read about Silicon Valley interview questions at Zorbit?", False),
        ("what are the interview rounds at Silicon?", True),
        ("Silicon AI engineer - how many interview rounds?", True),  # an acronym follows: still the name
        ("Silicon Senior engineer interview?", True),  # a title word follows
        ("how does Silicon Labs interview?", True),  # the full name
    ],
)
def test_a_short_name_that_starts_another_name_is_not_the_employer(question, employer):
    assert as_employer("Silicon Labs", question) is employer


PAGES = [
    chunk(1, "page", "Job market data", "The dataset holds AI engineer postings: skills, city and pay."),
    chunk(2, "page", "Reading postings", "Postings list the skills an AI engineer needs and the pay."),
    chunk(3, "page", "Equipment", "An AI engineer needs a good machine; the guide says whether to pick one."),
    chunk(4, "page", "Pick a stack", "Pick Python; say whether evals matter; pick a cloud and get going."),
    chunk(5, "page", "Getting started", "Get a mentor, pick a project, say whether it ships; get feedback."),
]  # fmt: skip


@pytest.fixture(scope="module")
def pages() -> AnswerabilityChecker:
    return AnswerabilityChecker(BM25Index().fit(PAGES), unknown_idf=5.0)


def test_the_postings_asked_what_they_say_about_a_field_no_passage_has(pages):
    # the postings as a set: a word no used passage has is a field they do not record
    question = "do the postings say whether I get to pick my own laptop?"
    assert pages.check(question, PAGES[:3]) == Verdict("none", "missing-terms", ("laptop",))
    # not the postings as a set: answered in part, the word named
    question = "do AI engineers say whether I get to pick my own laptop?"
    assert pages.check(question, PAGES[:3]) == Verdict("partial", "missing-terms", ("laptop",))


@pytest.mark.parametrize(
    "question, asked",
    [
        ("does Freedonia's right to disconnect mean I can ignore chat after hours?",
         ("legal", "'s right to disconnect")),
        ("do I have the right to negotiate a sign-on bonus?", ("legal", "the right to negotiate")),
        ("does AI engineering count for Freedonia's Critical Skills Employment Permit?",
         ("contract", "Employment Permit")),
        ("can I get a residence permit with an AI job?", ("contract", "residence permit")),
        ("is it right to quit after three months?", None),  # "right" as fitting: no right the law grants
        ("what do I need to qualify for a US O-1 visa?", ("contract", "O-1 visa")),  # a visa class named
        ("does Zorbit sponsor an H-1B visa?", ("contract", "H-1B")),  # as before
    ],
)  # fmt: skip
def test_a_right_the_law_grants_and_a_permit_are_policy_asks(question, asked):
    ask = policy_ask(question)
    assert (None if ask is None else (ask.kind, ask.term)) == asked


@pytest.mark.parametrize(
    "question, gap",
    [
        ("how many of the companies hiring AI engineers hold company retreats?", "company retreats"),
        ("how many of the AI engineer postings mention an employer pension contribution, and how much?",
         "employer pension contribution"),
        ("how many of the companies hiring AI engineers mention RAG?", None),  # a name: the desk decides
        ("how many of the postings mention a salary?", None),  # a recorded field
    ],
)  # fmt: skip
def test_what_some_of_the_datas_postings_or_companies_have(desk, question, gap):  # noqa: F811
    ex = desk.router.extractor.extract(question)
    assert unrecorded(question, ex, *DATES, True) == gap


@pytest.mark.parametrize(
    "question, word, named",
    [
        ("bombed three interviews in a row, what should I do?", "bombed", False),
        ("Zorblax data engineer - is there a take-home?", "Zorblax", True),  # written as a name
        ("zorblax ai engineer interview rounds?", "zorblax", True),
        ("zorblax's interview steps?", "zorblax", True),
        # "machine learning" is "ml" spelled out (fnr19)
        ("zorblax machine learning / AI engineer interview questions?", "zorblax", True),
        ("zorblax machine-learning engineer rounds?", "zorblax", True),
        ("bombed machinery questions, what now?", "bombed", False),
    ],
)
def test_a_first_word_is_a_name_only_before_a_title_or_an_interview_word(question, word, named):
    term = next(t for t in question_terms(question) if t.surface == word)
    assert name_position(question, term.start, term.end) is named


def test_your_own_time_says_nothing_of_who_owns_the_work():
    ask = policy_ask("Who owns the code I write for a take-home - can the company use it?")
    own_time = chunk(
        1, "page", "Take-homes", "Take-homes are code you write on your own time for the company."
    )
    owner = chunk(
        2,
        "page",
        "Take-homes",
        "The candidate owns the code written for a take-home; the company can't use it.",
    )
    assert policy_cover(ask, [own_time], lambda s: 1.0) == 0.0
    assert policy_cover(ask, [owner], lambda s: 1.0) == 1.0
