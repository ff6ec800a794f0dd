"""Round sixteen of the answerability check: the words of "is it ok to …" ask for a judgement, not an
amount and not content ("ok" is a word the guide never writes), and an adjective before "salary" is no
profession ("negotiate a higher salary"). Invented corpus, exact verdicts, with the neighbours the rules
leave alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import money_asks
from rag.answer.question_words import judged
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(
        1, "page", "Salary negotiation", "Ask the recruiter about the salary range before you name a number."
    ),
    chunk(
        2, "page", "Handling offers", "After getting an offer you can negotiate a higher salary or a bonus."
    ),
    chunk(3, "page", "Offers", "Negotiate the offer; the recruiter expects it after the salary talk."),
    chunk(4, "posting", "AI Engineer at Quorvo", "All ok? Salary range: $150k-$190k.", "Quorvo"),
]


@pytest.fixture(scope="module")
def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(BM25Index().fit(PAGES), unknown_idf=5.0, domain_page_df=1)


@pytest.mark.parametrize(
    "question, verdict",
    [
        ("Is it ok to ask the recruiter about the salary range?", Verdict("full", "covered")),
        ("Is it okay to ask the recruiter about the salary range?", Verdict("full", "covered")),
        ("Is it rude to ask the recruiter about the salary range?", Verdict("full", "covered")),
        # the judgement after the action it judges
        ("Is asking the recruiter about the salary range ok?", Verdict("full", "covered")),
        ("Is asking the recruiter about equity ok?", Verdict("none", "missing-terms", ("equity",))),
        ("Can I negotiate a higher salary after getting an offer?", Verdict("full", "covered")),
        # what follows the judgement is still checked: no page has "equity"
        ("Is it ok to ask the recruiter about equity?", Verdict("none", "missing-terms", ("equity",))),
    ],
)  # fmt: skip
def test_a_judgement_asked_and_an_adjective_before_salary_are_not_content(checker, question, verdict):
    assert checker.check(question, PAGES[:3]) == verdict


def test_a_judgement_of_asking_about_a_range_asks_no_amount():
    assert judged("Is it ok to ask the recruiter about the salary range")
    assert money_asks("Is it ok to ask the recruiter about the salary range?") == []
    # the amount itself asked: a figure the passages must state
    assert [a.part for a in money_asks("What is the salary range the recruiter gives?")] == [
        "What is the salary range the recruiter gives"
    ]
    assert not judged("Is it Quorvo that pays the salary range")  # a name is not a judgement
    assert judged("I have an offer, but is it ok to ask for more")
    assert not judged("how many hours is it meant to be")  # not opening a clause: no judgement asked
