"""A share, duration or count is stated only about the part's own subject: one of its specific words in
the unit stating the figure, its headings or its title; a rate only per the asked period
(rag/answer/figure_subject.py)."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import kind_asks
from rag.answer.figure_subject import about_subject, asking_clause, rate_period, states_per, subject_words
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk


@pytest.mark.parametrize(
    "part, period",
    [
        ("how many hours a week do engineers study", "week"),
        ("how many minutes per day should I practise", "day"),
        ("how many hours is the take-home", None),
        ("how long is the onsite", None),
    ],
)
def test_a_rate_is_asked_per_its_period(part, period):
    assert rate_period(part) == period


@pytest.mark.parametrize(
    "sentence, stated",
    [
        ("Most candidates study 10 hours a week.", True),
        ("Plan on 6 hours per week.", True),
        ("Budget 10 hours/week for it.", True),
        ("Practise weekly, 2 hours at a time.", True),
        ("Most assignments come with 48 hours to 1 week.", False),
        ("Some aim for 3-6 hours of actual work.", False),
    ],
)
def test_a_sentence_states_a_rate_only_per_the_period(sentence, stated):
    assert states_per(sentence, "week") is stated


def test_the_asking_clause_leaves_out_a_title_and_a_second_question():
    (ask,) = kind_asks(
        "Quillbyte platform role - how long is the take-home and am I allowed to use AI on it?"
    )
    assert asking_clause(ask) == "how long is the take-home"


PAGE_DF = {"engin": 200, "laid": 5, "off": 60, "2025": 70, "get": 1, "onsit": 12, "pair": 20}
LAYOFFS = [
    chunk(1, "page", "Trends", "AI-native roles surged 240% in early 2025. Some teams were laid off."),
    chunk(2, "page", "Hiring", "Engineers laid off in 2025 found roles in weeks."),
]


def test_the_subject_words_are_the_specific_page_words_some_passage_holds():
    (ask,) = kind_asks("what percentage of engineers were laid off in 2025?")
    # "engineers" is the population, "2025" and "off" too general (> SUBJECT_DF page chunks)
    assert subject_words(ask, LAYOFFS, PAGE_DF) == {"laid"}
    assert subject_words(ask, LAYOFFS, {**PAGE_DF, "laid": 51}) is None
    # grammar ("get") and a company the question names are never subject words
    (named,) = kind_asks("how long does the Quillbyte onsite pairing round get?")
    onsite = [chunk(3, "page", "Onsite", "The Quillbyte onsite pairing round lasts 2 hours.")]
    assert subject_words(named, onsite, PAGE_DF, ["Quillbyte"]) == {"onsit", "pair"}


def test_a_figure_counts_only_with_a_subject_word_in_its_unit_heading_or_title():
    (ask,) = kind_asks("what percentage of engineers were laid off in 2025?")
    # 240% is a growth of roles; the sentence saying "laid off" states no share
    assert about_subject(ask, LAYOFFS, PAGE_DF) is False
    stated = chunk(3, "page", "Layoffs", "About 5% of engineers were laid off.")
    assert about_subject(ask, [*LAYOFFS, stated], PAGE_DF) is True
    titled = chunk(4, "page", "Engineers laid off", "In 2025 it was 5% of engineers.")
    assert about_subject(ask, [*LAYOFFS, titled], PAGE_DF) is True


def test_a_count_beside_the_counted_word_or_of_a_subject_word_counts():
    (ask,) = kind_asks("what's the median number of interview stages companies list?")
    assert ask.unit == "interview"  # the first word after "number of", not "stages"
    stages = [chunk(5, "page", "Hiring", "Lean processes have just 2 stages.")]
    assert about_subject(ask, stages, {"stage": 9, "compani": 40}) is True
    (rounds,) = kind_asks("how many rounds do onsite loops have?")
    loops = [chunk(6, "page", "Hiring", "Total: 3-6 rounds.")]  # "onsite" and "loop" are not there
    assert about_subject(rounds, loops, {"onsit": 12, "loop": 40}) is True
    plain = chunk(7, "page", "Threads", "Reports from candidates.")
    heading = type(plain)(**{**plain.__dict__, "section": "Sources > Forum (58 threads)"})
    (threads,) = kind_asks("how many forum threads did the guide read?")
    assert about_subject(threads, [heading], {"forum": 3, "guid": 68}) is True


PAGE_TEXTS = {
    "Getting hired": "Engineers earn 15% more than analysts. Some were laid off in 2025.",
    "Take-home assignments": "Some aim for 3-6 hours of actual work.",
    "Study plan": "Engineers switching study 10 hours a week for three months.",
    "Questions": "Asked: how many, how long, what percentage? People work on take-home assignments.",
}
PAGES = [chunk(n, "page", title, text) for n, (title, text) in enumerate(PAGE_TEXTS.items(), start=1)]


@pytest.mark.parametrize(
    "question, verdict",
    [
        # the share stated is about pay; "laid off" stands in no unit stating a share: refused
        ("What percentage of engineers were laid off?",
         Verdict("none", "share-not-stated", ("What percentage of engineers were laid off",))),
        # hours of a take-home are no hours a week
        ("how many hours a week do people work?",
         Verdict("none", "duration-not-stated", ("how many hours a week do people work",))),
        # a rate stated per the asked period: answered
        ("how many hours a week do engineers study?", Verdict("full", "covered")),
    ],
)  # fmt: skip
def test_the_checker_refuses_a_figure_about_something_else(question, verdict):
    checker = AnswerabilityChecker(BM25Index().fit(PAGES), unknown_idf=5.0, domain_page_df=1)
    assert checker.check(question, PAGES) == verdict
