"""Round nine of the answerability check: every part asking an amount is checked (the size of a bonus
too), a name the corpus never uses opening an employer question, everyday words the passages lack
near a guide page, and what postings offer named by its last word. Each rule: a question it refuses
(or answers in part), and a neighbour it leaves alone."""

import pytest

from rag.answer.answerability import NEAR_TOPIC_SIMILARITY, AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import money_asks
from rag.answer.figures import FigureAsk
from rag.answer.interviews import employer_first
from rag.answer.pipeline import Answerer
from rag.answer.stated import amount_cover
from rag.market.unrecorded import unrecorded
from tests.test_answerability_round7 import ONE, chunk, desk, engine  # noqa: F401 (the invented postings)

BONUS = "Quillbyte staff AI engineer: base pay, and how much is the bonus?"
PAY_AND_BONUS = "What does the Quillbyte role pay, and how big is the signing bonus?"


@pytest.fixture(scope="module")
def unknown(answer_deps) -> float:
    a = Answerer(answer_deps, None, answer_deps.settings.model_copy(update={"refusal_threshold": 0.0}))
    return a.relevance.unknown


def checker_at(answer_deps, unknown: float, similarity: float | None = None) -> AnswerabilityChecker:
    near = None if similarity is None else (lambda q: similarity)
    return AnswerabilityChecker(answer_deps.index.bm25, unknown, page_similarity=near)


def test_every_part_asking_an_amount_is_asked():
    assert money_asks(BONUS) == [FigureAsk("how much is the bonus", ("bonu",), True)]
    assert money_asks(PAY_AND_BONUS) == [
        FigureAsk("What does the Quillbyte role pay", ("quillbyt", "role"), True),
        FigureAsk("how big is the signing bonus", ("big", "sign", "bonu"), True),
    ]
    # neighbours: an amount of work, and a bonus asked about but not its size
    assert money_asks("How much of the job is cost tuning?") == []
    assert money_asks("Is there a bonus at Quillbyte?") == []


def test_a_bonus_is_stated_by_an_amount_beside_the_word_bonus():
    (ask,) = money_asks(BONUS)
    stated = chunk("Base salary $150,000. A $20K signing bonus is paid after 90 days.")
    eligible = chunk("Base salary $150,000 to $180,000. The role is bonus eligible.")
    assert (amount_cover(ask, [stated], ONE), amount_cover(ask, [eligible], ONE)) == (1.0, 0.0)


def test_a_second_amount_no_passage_states_makes_the_answer_partial(answer_deps, unknown):
    checker = checker_at(answer_deps, unknown)
    title = "Staff AI Engineer at Quillbyte"
    posting = chunk("The base pay is $150,000 to $180,000 a year. How much bonus you get varies.", title)
    assert checker.check(BONUS, [posting]) == Verdict(
        "partial", "figure-not-stated", ("how much is the bonus",)
    )
    stated = chunk("The base pay is $150,000 plus a $20K bonus. How much more varies.", title)
    assert checker.check(BONUS, [stated]) == Verdict("full", "covered")


@pytest.mark.parametrize(
    "question, word, first",
    [
        ("Zorblat applied AI engineer - is there a system design round?", "Zorblat", True),
        ("Zorblat's rounds for ML engineers?", "Zorblat", True),
        ("Zorblat: how many interviews?", "Zorblat", True),
        ("Zorblat three interviews in a row, what now?", "Zorblat", False),  # no title or step after it
        ("is Zorblat applied AI worth it?", "Zorblat", False),  # not the first word
    ],
)
def test_a_word_opening_the_question_stands_where_an_employer_goes(question, word, first):
    start = question.index(word)
    assert employer_first(question, start, start + len(word)) is first


def test_a_name_the_corpus_never_uses_opening_an_employer_question_is_not_mentioned(answer_deps, unknown):
    checker = checker_at(answer_deps, unknown)
    passages = [chunk("A system design round is common for applied AI engineers.")]
    question = "Zorblat applied AI engineer - is there a system design round?"
    assert checker.check(question, passages) == Verdict("none", "not-mentioned", ("Zorblat",))
    # in lower case before a title too (round twenty-four: it was named as missing, the rest answered)
    assert checker.check(
        "zorblat applied AI engineer - is there a system design round?", passages
    ) == Verdict("none", "not-mentioned", ("zorblat",))


def test_everyday_words_near_a_guide_page_are_named_not_refused(answer_deps, unknown):
    question = "Do data engineers move into AI engineering with plain gumption?"
    passages = [chunk("Data engineers move into AI engineering by owning evals.")]
    assert checker_at(answer_deps, unknown).check(question, passages) == Verdict(
        "none", "missing-terms", ("plain gumption",)
    )
    near = checker_at(answer_deps, unknown, NEAR_TOPIC_SIMILARITY)
    below = checker_at(answer_deps, unknown, NEAR_TOPIC_SIMILARITY - 0.01)
    assert near.check(question, passages) == Verdict("partial", "missing-terms", ("plain gumption",))
    assert below.check(question, passages) == Verdict("none", "missing-terms", ("plain gumption",))


@pytest.mark.parametrize(
    "question, gap",
    [
        ("Which AI engineer postings in the data come with a company car?", "company car"),
        ("Which postings in the dataset include a learning and development budget?",
         "learning and development budget"),  # its own words, "and" kept (desk16)
        # neighbours: the last word names a field (pay), the parser takes a value (Python)
        ("Which postings in the dataset come with a salary range?", None),
        ("Which postings in the dataset offer Python work?", None),
    ],
)  # fmt: skip
def test_what_postings_offer_is_named_by_its_last_word(desk, question, gap):  # noqa: F811
    ex = desk.router.extractor.extract(question)
    assert unrecorded(question, ex, "2026-01-29", "2026-03-12", True) == gap
