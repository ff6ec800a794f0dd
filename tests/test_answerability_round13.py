"""Round thirteen of the answerability check: a question that asks the job data for each posting's
value of a field ("which roles in the dataset have …", "the typical start date for the jobs in the
data") and reaches the guide's route is about a field the data does not record. Invented corpus, exact
verdicts, with the neighbours the rule leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk

DATA_PAGES = [
    chunk(5, "page", "Job market data", "The dataset stores each posting's role, city, pay and skills."),
    chunk(
        6, "page", "Working hours", "Some roles have fixed core hours; a typical start date is agreed later."
    ),
]


@pytest.fixture(scope="module")
def data_checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(BM25Index().fit(DATA_PAGES), unknown_idf=5.0, domain_page_df=1)


@pytest.mark.parametrize(
    "question, verdict",
    [
        ("which roles in the dataset have fixed core hours?",
         Verdict("none", "missing-terms", ("which roles in the dataset have fixed core hours",))),
        ("what's the typical start date for the roles in the data?",
         Verdict("none", "missing-terms", ("what's the typical start date for the roles in the data",))),
        # a second part too short to ask anything else asks about the same field
        ("which roles in the dataset have fixed core hours, and how fixed?",
         Verdict("none", "missing-terms", ("which roles in the dataset have fixed core hours",))),
        # a second part that asks something else: not this rule's (the other checks answer it)
        ("which roles in the dataset have fixed core hours, and what city and skills does the dataset store?",
         Verdict("full", "covered")),
        # what the data holds, not each posting's value: answered
        ("what does the dataset store for each posting?", Verdict("full", "covered")),
        # not the data as a set: the guide's pages answer it
        ("which roles have fixed core hours?", Verdict("full", "covered")),
    ],
)  # fmt: skip
def test_a_field_asked_of_each_posting_reaching_the_guide_is_unrecorded(data_checker, question, verdict):
    assert data_checker.check(question, DATA_PAGES) == verdict
