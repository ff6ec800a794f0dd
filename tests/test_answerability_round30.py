"""Round thirty, read from near_domain40 and invented variants: a thing's size asked by ", dollar figure?"
or ", how much $", back of the clause before ("mentions an education budget - how much is it per year?"),
past a remark on whether the postings say it; a funding round ("series a", "seed round") as money raised;
a coding test or an assessment as an interview step. Invented corpus, exact verdicts, with the neighbours
each rule leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.interviews import asks_interview_process
from rag.answer.question_words import parts, tells
from rag.answer.set_asks import some_have
from rag.answer.thing_size import thing_size
from rag.answer.verdict import question_terms
from rag.answer.word_cover import spelled_american
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, QUORVO, TAMSIN, VELTRO, notes

FUNDING = ("fund", "rais", "seed")
# the words these questions use beside the thing, so that only the figure is missing
WORDS = chunk(
    7, "page", "Reading an offer", "A series A posting mentions perks; ask for a dollar figure per year."
)


def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, WORDS, *notes(8), QUORVO, VELTRO, TAMSIN]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("veltro wellness reimbursements, dollar figure", ("reimburs",)),
        ("veltro relocation assistance, how much $", ("assist",)),
        ("veltro ml engineer job mentions an education budget - how much is it per year", ("budget",)),
        ("veltro says there's a signing bonus, how big is that", ("sign", "bonu")),
        ("veltro series a amount", FUNDING),
        ("veltro is series b - how big was the round, does either posting say", FUNDING),
        ("how big was veltro's seed round", FUNDING),
        # no size asked, or a count of jobs
        ("what stage is veltro, series a", ()),
        ("how many series A startups are hiring", ()),
        ("time series forecasting roles, any numbers", ()),
        ("veltro mentions an education budget - what is it for", ()),
        ("veltro relocation assistance, does the posting say", ()),
        # an acquisition's price asked past a dash
        ("Veltro got bought by Quorvo - for how much", ("bought",)),
        ("Veltro was acquired by Quorvo - how much did they pay", ("acquir",)),
        ("Veltro got bought by Quorvo - what do they build now", ()),
    ],
)
def test_the_size_of_a_thing_asked(part, thing):
    assert thing_size(part) == thing


@pytest.mark.parametrize(
    "question",
    [
        "veltro learning budget, dollar figure?",
        "veltro relocation support, how much $",
        "veltro ml engineer job mentions a yearly learning budget - how much is it per year?",
        "veltro series a amount",
    ],
)
def test_a_size_no_posting_states_is_refused(question):
    assert checker().check(question, [VELTRO]) == Verdict(
        "none", "figure-not-stated", (question.rstrip("?"),)
    )


@pytest.mark.parametrize(
    "question",
    [
        "quorvo ai engineer: learning budget, dollar figure?",
        "quorvo ai engineer: relocation support, dollar figure?",
    ],
)
def test_the_same_size_is_answered_where_the_posting_states_it(question):
    assert checker().check(question, [QUORVO]) == Verdict("full", "covered")


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("veltro ml engineer chennai: do they do a coding test", True),
        ("How does Veltro assess people for the ML job - is there a technical test?", True),
        ("is there an online assessment at veltro", True),
        ("veltro take-home or live coding?", True),
        # not a step of hiring
        ("which coding languages does veltro use", False),
        ("does veltro test its models in production", False),
        ("what skills should a tester learn", False),
    ],
)
def test_a_coding_test_or_an_assessment_is_a_step_of_hiring(question, asks):
    assert asks_interview_process(question) is asks


def test_time_said_in_passing_is_no_word_of_the_ask():
    words = [t.surface for t in question_terms("How much has Veltro raised so far, any figure at all?")]
    assert words == ["much", "Veltro", "raised", "any", "figure"]
    assert [t.surface for t in question_terms("how far is the office")] == ["far", "office"]


def test_a_situation_told_without_i_and_a_remark_on_the_posting_ask_nothing():
    assert parts("How much has Veltro raised? Saw their ML engineer opening") == [
        "How much has Veltro raised"
    ]
    assert parts("How much has Veltro raised? Saw what they pay?") == [
        "How much has Veltro raised",
        "Saw what they pay",
    ]
    assert tells("veltro staff ML eng: they mention education opportunities")
    assert tells("the ad mentions a learning budget")
    assert not tells("veltro staff ML eng: they mention education, what is it")
    assert not tells("veltro staff ML eng: what do they mention")


def test_a_size_asked_after_a_remark_on_the_posting_is_all_it_asks():
    question = "veltro ml engineer: they mention a learning budget, is there an actual yearly figure"
    assert checker().check(question, [VELTRO]) == Verdict(
        "none", "size-not-stated", ("is there an actual yearly figure",)
    )


@pytest.mark.parametrize(
    ("word", "covered"),
    [
        ("analysed", True),
        ("behaviour", True),
        ("modelling", True),
        ("centre", True),
        ("catalogue", True),
        ("practise", True),
        ("organisation", False),  # the passage writes no "organization"
        ("four", False),  # not "for"
        ("raise", False),
        ("analyzed", False),  # already American: another check's word
    ],
)
def test_a_british_spelling_is_covered_by_the_american_one(word, covered):
    passages = [
        chunk(
            40, "page", "Notes", "We analyzed the behavior of modeling teams at the center; see the catalog."
        ),
        chunk(41, "page", "Drills", "Practice daily, for an hour."),
    ]
    assert spelled_american(word, passages) is covered


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("refresher grants - which companies top up stock every year", "refresher grants"),
        ("nap pods - any startups provide them for staff", "nap pods"),
        ("python - which companies use it in production", None),  # another verb: no thing they have
        ("company hiking weekends, any startups do those things now", None),
    ],
)
def test_a_thing_named_first_and_the_holders_after_a_dash_with_what_they_give(question, thing):
    assert some_have(question) == thing
