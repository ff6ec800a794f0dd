"""An employer whose one-word name opens other employers' job titles ("Junior") is not read into every
question about such a role (rag/index/catalog.py)."""

import pytest

from rag.answer.answerability import AnswerabilityChecker
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.records import Chunk

URL = "https://example.org/"


def chunk(n: int, kind: str, title: str, text: str, company: str) -> Chunk:
    path = f"{kind}/{n}.md"
    return Chunk(
        f"c{n}", f"d{n}", kind, title, "", URL + path, [path], text, f"{title}\n{text}", {"company": company}
    )


CORPUS = [
    chunk(1, "posting", "Fledgling AI Engineer at Kestrel", "Build agents. Salary $90,000.", "Kestrel"),
    chunk(2, "posting", "Fledgling ML Engineer at Vantor", "Train models.", "Vantor"),
    chunk(3, "posting", "Fledgling AI Developer at Moraine", "Ship copilots.", "Moraine"),
    chunk(4, "posting", "Lead AI Engineer at Fledgling", "Lead the platform team.", "Fledgling"),
    chunk(6, "posting", "AI Engineer at Fledgling", "Build evals.", "Fledgling"),
    chunk(
        5,
        "company",
        "Kestrel interview process",
        "Three rounds: a screen, a take-home, an onsite.",
        "Kestrel",
    ),
]


@pytest.fixture(scope="module")
def bm25() -> BM25Index:
    return BM25Index().fit(CORPUS)


@pytest.mark.parametrize(
    "question, named",
    [
        ("Kestrel Fledgling AI engineer - how many interview rounds?", ["Kestrel"]),
        ("what does Vantor ask a Fledgling AI engineer?", ["Vantor"]),
        ("Fledgling AI developer jobs: what do they pay?", []),
        ("Lead AI engineer at Fledgling: what skills?", ["Fledgling"]),
        ("what is Fledgling's interview process?", ["Fledgling"]),
        ("does Fledgling interview in person?", ["Fledgling"]),
    ],
)
def test_a_name_that_opens_job_titles_is_an_employer_only_where_a_name_stands(bm25, question, named):
    assert [c.name for c in catalog_for(bm25).companies_in(question)] == named


def test_a_seniority_word_is_not_a_postings_only_employer(bm25):
    checker = AnswerabilityChecker(bm25, unknown_idf=5.0)
    verdict = checker.check(
        "Kestrel Fledgling AI engineer - what are the interview rounds?", [CORPUS[4], CORPUS[0]]
    )
    assert (verdict.coverage, verdict.reason) == ("full", "covered")
    verdict = checker.check("Fledgling's interview rounds for the lead AI engineer?", [CORPUS[3]])
    assert (verdict.coverage, verdict.reason, verdict.missing) == ("none", "postings-only", ("Fledgling",))
