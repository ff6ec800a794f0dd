"""Round thirty-eight, read from near_domain54-57 and from trying employers' names as job seekers type them;
exact verdicts, invented corpus:
- the asker's situation that goes on to a yes/no question ("Thinking of applying to X's role - is it based in
  London and what does it pay?") is an ask, and so is a yes/no question before a comma and "how";
- a first word joined by "-" or "&" is the employer's short name ("T-Systems", "S&P");
- a one-word name that other postings use in lower case for other things names the employer when it opens the
  question before a job title or follows "at" or "join" ("snowflake ai engineer salary");
- "Pvt." ends no sentence."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.answerability import AnswerabilityChecker
from rag.answer.asks import question_asks
from rag.answer.interviews import asks_interview_process
from rag.answer.question_words import own_state_spans, parts, tells
from rag.answer.sentences import split_units
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round36 import FERNHOLLOW, HAZELDENE, OFFICE, QUILLMOOR, posting

TESSEL = posting(
    60, "Tessel-Vane ICT India Pvt. Ltd.", "Build agents in Pune. Salary: not stated in the posting."
)
SANDQ = posting(61, "S&Q Global", "S&Q Global builds ratings agents. Hybrid in New York.")
PIP = posting(62, "P-4 AI", "P-4 AI builds agents for factories.")
# "Lantern" is a word the guide's pages use; Quarry is a tool other postings write in lower case
LANTERN = posting(63, "Lantern", "Lantern builds search for shops. Hybrid in Berlin.")
LANTERN_PAGES = [
    chunk(70 + i, "page", f"Lanterns {i}", "A lantern lights the path to a first job.") for i in range(3)
]
QUARRY = posting(64, "Quarry", "Quarry builds the Quarry warehouse. Remote in the US.")
QUARRY_USERS = [posting(80 + i, f"Harbor Lab {i}", "Our stack: python, quarry and dbt.") for i in range(4)]


# the everyday words of the askers' situations
SITUATIONS = chunk(
    90,
    "page",
    "Applying",
    "Thinking of applying for a senior role? A call about a job is a good time to ask.",
)


def pay_checker() -> AnswerabilityChecker:
    bm25 = BM25Index().fit([*PAGES, *notes(8), FERNHOLLOW, QUILLMOOR, HAZELDENE, OFFICE, SITUATIONS])
    return AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)


def catalog():
    return catalog_for(
        BM25Index().fit(
            [*PAGES, *notes(4), TESSEL, SANDQ, PIP, LANTERN, *LANTERN_PAGES, QUARRY, *QUARRY_USERS]
        )
    )


@pytest.mark.parametrize(
    "text, told",
    [
        ("Thinking of applying to Kraken's senior ML role - is it based in London", False),
        ("Got a call about Xco's Pune AI job - is it hybrid", False),
        ("I'm weighing an offer: does the team sit in Berlin", False),
        # the situation alone, or going on to no question
        ("Thinking of applying to Kraken's senior ML role", True),
        ("Got a call about Xco's Pune AI job - it is hybrid", True),
        ("I'm comparing two offers", True),
    ],
)
def test_a_situation_that_goes_on_to_a_yes_no_question_asks(text, told):
    assert tells(text) is told


@pytest.mark.parametrize(
    "question, asked",
    [
        (
            "Thinking of applying to Kraken's senior ML role - is it based in London and what does it pay?",
            ["Thinking of applying to Kraken's senior ML role - is it based in London", "what does it pay"],
        ),
        (
            "Got a call about Xco's Pune AI job - is it hybrid, and what CTC are they offering?",
            ["Got a call about Xco's Pune AI job - is it hybrid", "what CTC are they offering"],
        ),
        # a statement before "what does it pay" is still its premise
        (
            "Xco's posting mentions a learning budget. What is it worth each year?",
            ["Xco's posting mentions a learning budget — What is it worth each year"],
        ),
    ],
)
def test_the_parts_of_a_situation_that_asks(question, asked):
    assert parts(question) == asked


@pytest.mark.parametrize(
    "question, asked",
    [
        (
            "yahoo senior AI eng monetization - is it hybrid, how many office days a week",
            ["yahoo senior AI eng monetization - is it hybrid", "how many office days a week"],
        ),
        # a choice before the comma, as before
        (
            "better half founding ai engineer - contractor or employee, what's the hourly rate",
            ["better half founding ai engineer - contractor or employee", "what's the hourly rate"],
        ),
        # no yes/no question before the comma: one part (its asks are split at the comma later)
        (
            "yahoo senior AI eng monetization, how many office days a week",
            ["yahoo senior AI eng monetization, how many office days a week"],
        ),
    ],
)
def test_a_yes_no_question_before_a_comma_and_how_is_a_part(question, asked):
    assert parts(question) == asked
    assert question_asks(question) == [a for p in asked for a in p.split(", ")]


@pytest.mark.parametrize(
    "question, verdict",
    [
        # the office is covered, the pay the posting never states is the part not covered
        ("Thinking of applying to Fernhollow Robotics's AI role - is it hybrid and what does it pay?",
         ("partial", "figure-not-stated", ("what does it pay",))),
        ("Got a call about Fernhollow Robotics's AI job - is it hybrid, how much does it pay",
         ("partial", "figure-not-stated", ("how much does it pay",))),
    ],
)  # fmt: skip
def test_the_covered_ask_after_the_situation_is_answered(question, verdict):
    found = pay_checker().check(question, [FERNHOLLOW, OFFICE, SITUATIONS])
    assert (found.coverage, found.reason, found.missing) == verdict


@pytest.mark.parametrize(
    "question, names",
    [
        ("tessel-vane ai engineer salary", ["Tessel-Vane ICT India Pvt. Ltd."]),
        ("What does Tessel-Vane pay?", ["Tessel-Vane ICT India Pvt. Ltd."]),
        ("S&Q ai engineer - hybrid?", ["S&Q Global"]),
        ("SQ ai engineer - hybrid?", []),  # initials are written with their "&"
        ("what does P-4 pay", []),  # too short a short name
        ("P-4 AI salary", ["P-4 AI"]),
        # a word the guide's pages use: only capitalised inside the question, as before
        ("lantern ai engineer salary", []),
        ("the AI engineer interview at Lantern", ["Lantern"]),
        ("a lantern for ai engineers", []),
        ("working at lantern", []),
        ("working at Lantern", ["Lantern"]),
        # a tool's name in lower case: an employer only where one stands
        ("quarry ai engineer salary", ["Quarry"]),
        ("the interview at quarry", ["Quarry"]),
        ("do postings want quarry", []),
    ],
)
def test_employers_are_found_as_job_seekers_write_their_names(question, names):
    assert [c.name for c in catalog().companies_in(question)] == names


def test_pvt_ends_no_sentence():
    text = "Tessel-Vane ICT India Pvt. Limited builds agents. It is in Pune."
    assert [u.text(text) for u in split_units(text)] == [
        "Tessel-Vane ICT India Pvt. Limited builds agents.",
        "It is in Pune.",
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab -&,?:.TPQ", max_size=60))
def test_reading_any_text_for_parts_and_names_never_fails(text):
    assert all(p for p in parts(text))
    catalog().companies_in(text)


BRACKEN = posting(
    65,
    "Brackenfield Capital",
    "Benefits: an individual education budget, a company pension scheme and a hybrid office in Berlin.",
)


@pytest.mark.parametrize(
    "question, verdict",
    [
        # the words before the asks only name the job: each size not stated is all it asks
        ("For the senior AI engineer job at Brackenfield Capital, how big is the individual education budget"
         ", and how much does the company put into the pension scheme?",
         ("none", "size-not-stated", ("how big is the individual education budget",
                                      "how much does the company put into the pension scheme"))),
        # an ask of the office beside them is answered
        ("Brackenfield Capital AI engineer - is it hybrid, and how big is the individual education budget?",
         ("partial", "size-not-stated", ("how big is the individual education budget",))),
    ],
)  # fmt: skip
def test_sizes_beside_words_naming_the_job_are_all_it_asks(question, verdict):
    bm25 = BM25Index().fit([*PAGES, *notes(8), BRACKEN, OFFICE, SITUATIONS, *QUARRY_USERS])
    checker = AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)
    found = checker.check(question, [BRACKEN, OFFICE, SITUATIONS])
    assert (found.coverage, found.reason, found.missing) == verdict


@pytest.mark.parametrize(
    "question, asks",
    [
        ("Been through Zorbo's process? I'd like to know what the technical stage looks like", True),
        ("zorbo tech stages for the ML role", True),
        # a stage of something else
        ("which stage of the pipeline does the reranker sit in", False),
        ("did anyone get through the visa process", False),
    ],
)
def test_the_technical_stage_is_an_interview_step(question, asks):
    assert asks_interview_process(question) is asks


@pytest.mark.parametrize(
    "question, words",
    [
        ("I'm weighing an offer at Zorbo and would like to know the bonus", ["weighing"]),
        ("we are currently considering two offers", ["considering"]),
        ("Im comparing roles", ["comparing"]),
        # what others do, or no -ing word after "I'm"
        ("they are weighing my offer", []),
        ("I'm a data engineer", []),
    ],
)
def test_what_the_asker_is_doing_is_their_state(question, words):
    assert [question[a:b] for a, b in own_state_spans(question)] == words
