"""A number the passages never state about the question's subject is not answered with a number beside
it: an article, a time unit's number or a path's digits count nothing; "people" beside a figure says
nothing of whose; a one-line list is one unit per step; a figure asked beside a salary is checked too
(rag/answer/figure_kinds.py, figures.py, figure_subject.py, answerability.py). Invented corpus, exact
verdicts."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import kind_asks, money_asks, states, step_thing
from rag.answer.figure_subject import about_subject, rate_period
from rag.answer.figures import figure_units, sentences
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk


@pytest.mark.parametrize(
    "sentence, counted, stated",
    [
        ("Your strongest move is a competing offer.", "offer", False),  # an article counts nothing
        ("We are looking for an agent builder.", "agent", False),
        ("Several rounds follow the screen.", "round", False),
        ("Respect candidate time: 2-3 days for take-homes.", "candid", False),  # days, not candidates
        ("Take-home + 1-hour on-site panel", "panel", False),
        ("A 15min call with the founder.", "call", False),
        ("Plan for 3-4 months of engineering practice.", "peopl", False),  # "engineering" is no one
        ("[Webinar](webinars/03-the-webinar.md) - a webinar", "webinar", False),  # a path's digits
        ("Total: 3-6 rounds, 2-6 weeks.", "round", True),
        ("Two calls of 15 minutes each.", "call", True),
        ("A panel of 4 engineers meets you onsite.", "peopl", True),
        ("It takes 3 days.", "day", True),  # a count of days is a count of its unit
    ],
)
def test_only_a_number_of_the_counted_thing_counts_it(sentence, counted, stated):
    assert states("count", sentence, counted) is stated


def test_an_article_still_states_a_duration():
    assert states("duration", "The recruiter call takes an hour.", None)


@pytest.mark.parametrize(
    "question, unit",
    [
        ("what's the maximum number of tools an agent should have?", "tool"),  # ends before "an"
        ("how many AI engineers does Quorvo employ?", "engin"),
        ("how many rounds are there?", "round"),
    ],
)
def test_the_counted_noun_ends_before_a_determiner(question, unit):
    (ask,) = kind_asks(question)
    assert ask.unit == unit


def test_the_step_an_employer_takes_to_do_is_the_doing():
    assert step_thing("how long does Poggio Labs take to review my application before the call") == {
        "review",
        "applic",
    }
    assert step_thing("how long does it take to get an offer") == frozenset()


def test_a_list_written_in_one_line_is_one_unit_per_item():
    text = "Process: 1) Call with a talent partner, 2) 60min technical interview, and 3) 15min wrap-up."
    assert [s for _stems, s in figure_units(text)] == [
        "Process: ",
        "Call with a talent partner, ",
        "60min technical interview, ",
        "15min wrap-up.",
    ]
    # a link's target is no text
    assert sentences("[Repos](../data/repos-2.md) list")[0][1] == "[Repos]  list"


def test_a_rate_may_name_what_it_counts_between():
    assert rate_period("how many office days a week in their hybrid setup") == "week"
    (ask,) = kind_asks("Quorvo AI engineer: how many office days a week in the hybrid setup?")
    hybrid = chunk(1, "posting", "AI Engineer at Quorvo", "A hybrid setup; you join on day one.", "Quorvo")
    assert about_subject(ask, [hybrid], {"hybrid": 3, "setup": 4}) is False
    weekly = chunk(2, "posting", "AI Engineer at Quorvo", "Hybrid: 3 days a week in office.", "Quorvo")
    assert about_subject(ask, [weekly], {"hybrid": 3, "setup": 4}) is True


def test_people_beside_a_figure_say_nothing_of_whose():
    (ask,) = kind_asks("how many people sit on the onsite panel?")
    team = chunk(1, "page", "Hiring", "A team grows to 50-60 people. The onsite panel is friendly.")
    assert about_subject(ask, [team], {"panel": 4, "onsit": 5}) is False
    panel = chunk(2, "page", "Hiring", "The onsite panel has 4 people. A team grows to 50-60 people.")
    assert about_subject(ask, [panel], {"panel": 4, "onsit": 5}) is True


def test_whats_without_an_apostrophe_asks_an_amount():
    (ask,) = money_asks("Quorvo principal AI engineer - whats the salary?")
    assert ask.part == "Quorvo principal AI engineer - whats the salary"


POSTINGS = [
    chunk(1, "posting", "AI Engineer at Quorvo", "Salary: $150k-$190k. We are a hybrid team.", "Quorvo"),
    chunk(
        2, "posting", "AI Engineer at Zentrix", "Salary: $120k. Hybrid: 3 days a week in office.", "Zentrix"
    ),
    chunk(3, "page", "Interviews", "Speedy hires run several technical interviews, then decide."),
    chunk(4, "page", "Careers", "Offers and salaries vary; ask for the range."),
    # asked words the pages use: the figure check decides, not a missing word
    chunk(5, "page", "Questions", "Asked: how many office days a week, how long is each one, who runs it?"),
]


@pytest.fixture(scope="module")
def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit(POSTINGS), unknown_idf=5.0, domain_page_df=1, everyday_page_df=1
    )


def test_a_count_asked_beside_a_salary_is_checked_too(checker):
    question = "Quorvo AI engineer: salary, and how many office days a week?"
    assert checker.check(question, POSTINGS[:1]) == Verdict(
        "partial", "count-not-stated", ("how many office days a week",)
    )
    stated = chunk(
        6, "posting", "AI Engineer at Quorvo", "Salary: $150k. Hybrid: 2 days a week in office.", "Quorvo"
    )
    assert checker.check(question, [stated]) == Verdict("full", "covered")


def test_several_interviews_are_no_number_of_interviews(checker):
    question = "how many technical interviews do speedy hires run?"
    assert checker.check(question, POSTINGS[2:3]) == Verdict("none", "count-not-stated", (question[:-1],))


def test_a_share_answers_how_many_of_a_set():
    pages = [
        chunk(
            1, "page", "Skills", "Web development skills are expected by 34% of the roles focused on LLMs."
        ),
        chunk(2, "page", "Questions", "Asked: how many roles also expect skills, what share?"),
    ]
    checker = AnswerabilityChecker(
        BM25Index().fit([*pages, *POSTINGS]), unknown_idf=5.0, domain_page_df=1, everyday_page_df=1
    )
    # no number of roles is stated, a share of them is: "how many of the …" asks a part of the set
    question = "how many of the LLM-focused roles also expect web development skills?"
    assert checker.check(question, pages[:1]) == Verdict("full", "covered")
