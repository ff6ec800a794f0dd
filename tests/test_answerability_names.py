"""How the answerability check reads names in a question (invented corpus of
tests/test_company_mentions.py): companies named as alternatives in an interview question ("at Vellum
Orbit or Quorra") are answered by one the passages describe, so the "no write-up" reply is kept for
questions about each of them or both (rag/answer/interviews.py `alternatives`); a US state's code after
a city ("Raleigh, NC") says which place and is no key term to find (rag/names.py `state_spans`)."""

import pytest

from rag.answer.answerability import AnswerabilityChecker
from rag.answer.interviews import alternatives
from rag.index.bm25 import BM25Index
from tests.test_company_mentions import CHUNKS, catalog, page

# The passage describes Vellum Orbit's rounds; Quorra and Stellate have postings and no word on theirs.
ROUNDS = page(
    "interview/05-trends.md",
    "Rounds",
    "Vellum Orbit interviews: a 75-minute pairing round, then a design loop.",
)
RALEIGH = page("role/01-vision.md", "Offices", "Vellum Orbit hires AI engineers for its office in Raleigh.")
# "NC" is a rare word of the corpus, written elsewhere: a key term the passage above lacks.
DURHAM = page("role/02-teams.md", "Teams", "Stellate has a research team in Durham, NC.")


def verdict(question: str, passage):
    bm25 = BM25Index().fit([*CHUNKS, RALEIGH, DURHAM])
    checker = AnswerabilityChecker(bm25, unknown_idf=max(bm25.idf.values()) + 1.0)
    found = checker.check(question, [passage])
    return found.reason, found.missing


@pytest.mark.parametrize(
    ("question", "reason", "missing"),
    [
        ("Any interview tips for Vellum Orbit or Quorra?", "covered", ()),
        ("Any interview tips for Quorra or Vellum Orbit?", "covered", ()),
        ("Any interview tips for Vellum Orbit and Quorra?", "postings-only", ("Quorra",)),
        ("Any interview tips for Quorra?", "postings-only", ("Quorra",)),
        ("Any interview tips for Quorra or Stellate?", "postings-only", ("Quorra",)),
    ],
)
def test_one_alternative_described_answers_the_question(question, reason, missing):
    assert verdict(question, ROUNDS) == (reason, missing)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("at Vellum Orbit or Quorra?", True),
        ("Vellum Orbit, Stellate or Quorra: which interviews are hard?", True),
        ("Vellum Orbit, Stellate, or Quorra?", True),
        ("Vellum Orbit and Quorra?", False),
        ("Vellum Orbit vs Quorra?", False),
        ("Vellum Orbit interview, or rather Quorra?", False),
    ],
)
def test_alternatives_are_names_joined_by_or(question, expected):
    named = catalog().companies_in(question)
    assert len(named) >= 2
    assert alternatives(named, question) is expected


@pytest.mark.parametrize(
    ("question", "reason", "missing"),
    [
        ("Does Vellum Orbit hire AI engineers in Raleigh, NC?", "covered", ()),
        ("Does Vellum Orbit hire AI engineers in Raleigh?", "covered", ()),
        ("Does Vellum Orbit hire AI engineers in Zorbington, NC?", "not-mentioned", ("Zorbington",)),
    ],
)
def test_a_state_after_a_city_is_no_term_to_find(question, reason, missing):
    assert verdict(question, RALEIGH) == (reason, missing)
