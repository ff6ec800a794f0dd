"""Round eleven of the answerability check: a question about the job data as a set asking for a field
the data does not record ("headquartered", "VP") is refused, however common the word is in postings'
raw text, when no passage an answer uses has it and the guide's pages seldom use it. Invented corpus,
exact verdicts; each case with a neighbour the rule leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(
        1, "page", "Job market data", "The dataset holds AI engineer postings: skills, level, city and pay."
    ),
    chunk(
        2, "page", "Reading postings", "Postings list the skills an AI engineer needs, the level and the pay."
    ),
    chunk(3, "page", "Skills", "Python and evals lead the skills; each posting has a city and a level."),
    chunk(4, "page", "Working hours", "Hours vary: a day of an AI engineer has meetings and working hours."),
    chunk(5, "page", "Team life", "Working hours and meetings shape the week; a team has working hours."),
    chunk(6, "page", "Remote work", "Remote teams keep core working hours for meetings."),
]
# Twelve postings whose raw text says where the employer is headquartered: a common word in the
# corpus (low idf, never "key"), and one no guide page uses.
POSTINGS = [
    chunk(
        10 + i, "posting", f"AI Engineer at Firm{i}", f"Headquartered in City{i}. Build agents.", f"Firm{i}"
    )
    for i in range(12)
]


@pytest.fixture(scope="module")
def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(BM25Index().fit([*PAGES, *POSTINGS]), unknown_idf=5.0)


@pytest.mark.parametrize(
    "question, verdict",
    [
        # the job data as a set, asked for a field no used passage has: refused, the field named
        (
            "where are the AI engineer postings in the dataset headquartered?",
            Verdict("none", "missing-terms", ("headquartered",)),
        ),
        (
            "in the job data, which postings are headquartered in a city?",
            Verdict("none", "missing-terms", ("headquartered",)),
        ),
        # two parts: the covered one is answered, the field named
        (
            "which skills lead in the job data, and where are the postings headquartered?",
            Verdict("partial", "missing-terms", ("headquartered",)),
        ),
        # the passages have every word: answered
        ("which skills do the AI engineer postings in the dataset list?", Verdict("full", "covered")),
        # a word the guide's pages use often is everyday, not a field ("working hours"): answered (asked
        # of each posting, "which postings … list working hours?", it is refused: round thirteen)
        (
            "do the postings in the dataset list meetings and working hours?",
            Verdict("full", "covered"),
        ),
        # not the job data as a set: the rule does not run
        ("where are AI engineer postings headquartered?", Verdict("full", "covered")),
    ],
)
def test_a_field_the_job_data_does_not_record_is_refused(checker, question, verdict):
    assert checker.check(question, PAGES[:3]) == verdict


def test_the_field_counts_as_recorded_when_a_used_passage_has_it(checker):
    question = "where are the AI engineer postings in the dataset headquartered?"
    assert checker.check(question, [*PAGES[:3], POSTINGS[0]]) == Verdict("full", "covered")
