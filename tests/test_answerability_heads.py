"""A question near no guide page whose missing everyday word is what it is about ("the price of a used
car") is off-topic, not answered in part from the words it shares with the guide ("negotiate"); a
missing word that only modifies a covered one, a question near a page, or one naming a company keeps
its partial answer. Invented corpus, exact verdicts."""

import pytest

from rag.answer.answerability import NEAR_TOPIC_SIMILARITY, AnswerabilityChecker, Verdict
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk

QUORVO = "Negotiate the price of the offer with the recruiter."
VANTOR = "Build pricing models for each car we sell."
PAGES = [
    chunk(1, "page", "Offers", "Negotiate the price of your time: use the first offer to ask for more."),
    chunk(2, "page", "Resumes", "A two-column resume is a problem for the parser; keep one column."),
    chunk(3, "page", "Take-homes", "Most take-homes ask for a small RAG app with tests."),
    chunk(4, "posting", "AI Engineer at Quorvo", QUORVO, "Quorvo"),
    chunk(5, "posting", "AI Engineer at Vantor Motors", VANTOR, "Vantor Motors"),
    *(chunk(10 + i, "posting", "AI Engineer", "Ship LLM features in Python.", "Halden") for i in range(20)),
]
BELOW = NEAR_TOPIC_SIMILARITY - 0.02  # near no guide page, far from none either


def checker_at(similarity: float) -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit(PAGES), unknown_idf=3.0, page_similarity=lambda q: similarity, domain_page_df=1,
        everyday_page_df=1,
    )  # fmt: skip


def test_a_missing_word_the_question_is_about_makes_it_off_topic():
    verdict = checker_at(BELOW).check("Can I negotiate the price of a used car?", PAGES[:1])
    assert verdict == Verdict("none", "off-topic")


@pytest.mark.parametrize(
    ("question", "similarity", "missing"),
    [
        ("Can I negotiate the price of a used car?", NEAR_TOPIC_SIMILARITY, ("car",)),  # near a page
        ("Is my fancy two-column resume a problem?", BELOW, ("fancy",)),  # modifies the covered "resume"
    ],
)
def test_near_a_page_or_a_modifying_word_keeps_the_partial_answer(question, similarity, missing):
    verdict = checker_at(similarity).check(question, PAGES[:2])
    assert (verdict.coverage, verdict.reason, verdict.missing) == ("partial", "missing-terms", missing)


def test_a_question_naming_a_company_keeps_the_partial_answer():
    verdict = checker_at(BELOW).check("Can I negotiate the price of a used car at Quorvo?", PAGES[:4])
    assert (verdict.coverage, verdict.missing) == ("partial", ("car",))
