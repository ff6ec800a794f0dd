"""Amounts the guide does not state, questions far from every guide page, and companies whose
interviews no passage describes (rag/answer/figures.py, rag/answer/answerability.py), on the
invented guide."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict, describes_interviews
from rag.answer.figures import FigureAsk, figure_ask, figure_cover
from rag.answer.pipeline import Answerer
from rag.index.catalog import Company
from rag.records import Chunk
from tests.answer_helpers import DATA_ENGINEERING

SALTMARSH = "What does Saltmarsh Finance pay"
STAFF = "how much is total comp for a staff engineer"
PARTIAL = "“what does the role pay”; the answer above covers only the rest of the question.*"


@pytest.fixture(scope="module")
def deps(answer_deps):
    return answer_deps


def answerer(deps) -> Answerer:
    return Answerer(deps, None, deps.settings.model_copy(update={"refusal_threshold": 0.0}))


def chunk(text: str, title: str = "Notes", kind: str = "page", company: str = "") -> Chunk:
    meta = {"company": company} if company else {}
    return Chunk("c1", "d1", kind, title, "", "https://example.org/notes", ["notes.md"], text, text, meta)


@pytest.mark.parametrize(
    "question, ask",
    [
        ("What does Saltmarsh Finance pay?", FigureAsk(SALTMARSH, ("saltmarsh", "financ"), False)),
        (STAFF + "?", FigureAsk(STAFF, ("total", "staff", "engin"), False)),
        (
            "What are Quillbyte's rounds, and what does the role pay?",
            FigureAsk("what does the role pay", ("role",), True),
        ),
        # a pronoun: the words that name what the amount is about are in the other part
        (
            "worth joining Quillbyte? what does it pay",
            FigureAsk("what does it pay", ("worth", "join", "quillbyt"), True),
        ),
        ("How much of the job is cost tuning?", None),  # an amount of work, not of money
        ("Should I negotiate my salary?", None),
        (DATA_ENGINEERING, None),
    ],
)  # fmt: skip
def test_figure_ask(question, ask):
    assert figure_ask(question) == ask


def test_an_amount_counts_next_to_a_pay_word_and_what_the_question_names():
    ask = figure_ask("What does Saltmarsh Finance pay?")
    weight = {"saltmarsh": 9.0, "financ": 1.0}.get
    stated = chunk(
        "Fraud copilot.\n\nThe salary is $120,000 to $150,000.", title="AI Engineer at Saltmarsh Finance"
    )
    raised = chunk("Saltmarsh Finance raised $6.5M in its seed round.")  # an amount, but no pay word
    elsewhere = chunk("At Quillbyte the base salary is £80k.")
    assert (
        figure_cover(ask, [stated], weight),
        figure_cover(ask, [raised], weight),
        figure_cover(ask, [elsewhere], weight),
        figure_cover(ask, [chunk("Saltmarsh salary: $150k")], weight),
    ) == (1.0, 0.0, 0.0, 0.9)


def test_pay_stated_in_the_companys_posting_is_answered(deps):
    answer = answerer(deps).ask("What does Tinderbox Health pay its AI engineers?")
    assert (answer.refused, answer.coverage) == (False, "full")
    # the posting stating the range is among the passages the answer was given
    assert any("$120,000 and $150,000" in s.hit.chunk.text for s in answer.sources)


def test_pay_no_passage_states_is_refused_naming_the_figure(deps):
    answer = answerer(deps).ask("What does Saltmarsh Finance pay its AI engineers?")
    assert (answer.refused, answer.coverage, answer.missing) == (
        True,
        "none",
        ["What does Saltmarsh Finance pay its AI engineers"],
    )
    assert answer.answer.startswith(
        "The field guide doesn't state that figure (“What does Saltmarsh Finance pay its AI engineers”): "
        "none of the passages closest to the question gives an amount for it.\n\n"
        "The closest sections are:\n- ["
    )


def test_a_second_part_asking_an_unstated_amount_makes_the_answer_partial(deps):
    question = "How do data engineers move into AI engineering, and what does the role pay?"
    answer = answerer(deps).ask(question)
    assert (answer.refused, answer.coverage, answer.missing) == (False, "partial", ["what does the role pay"])
    assert answer.answer.endswith("*The guide does not cover " + PARTIAL)


def test_a_question_far_from_every_guide_page_is_off_topic(deps):
    a = answerer(deps)
    passages = [h.chunk for h in deps.retriever.retrieve(DATA_ENGINEERING, k=8)]

    def checker(similarity: float) -> AnswerabilityChecker:
        return AnswerabilityChecker(
            deps.index.bm25, a.relevance.unknown, page_similarity=lambda q: similarity
        )

    assert checker(0.21).check(DATA_ENGINEERING, passages) == Verdict("none", "off-topic")
    assert checker(0.22).check(DATA_ENGINEERING, passages) == Verdict("full", "covered")
    assert a.answerability.page_similarity(DATA_ENGINEERING) > 0.22  # the product's checker has one


def test_interviews_are_described_only_next_to_the_company_or_in_its_own_posting():
    acme = Company("Acme Labs")
    named = chunk("Acme Labs runs a recruiter screen, then a take-home.")
    own = chunk("Our interview has three rounds.", kind="posting", company="Acme Labs")
    other = chunk("Our interview has three rounds.", kind="posting", company="Quillbyte")
    process = chunk("Questions about Acme Labs' recruiting process go to careers@acme.example.")
    counted = chunk("| Acme Labs | 37 |")
    assert [describes_interviews(acme, [c]) for c in (named, own, other, process, counted)] == [
        True,
        True,
        False,
        False,
        False,
    ]
