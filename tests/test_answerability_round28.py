"""Round twenty-eight, read from near_domain34-35 and unseen35-36 and invented variants: money raised ("how
much funding", "how much has X raised", "X total funding $"), the upside on top of base, a profit share, a
perk's cap and what an employer puts towards a thing are sizes asked; an intern's stipend is pay; a word the
passages lack opening the question before a title names an absent employer; "what did they ask" asks about
the interview; "ml jobs w/ X" asks what some have; "hiring managers" hire, no profession is hired; "TF" and
"torch" are spelled out, not inside "tf-idf". Invented corpus, exact verdicts, with the neighbours each rule
leaves alone."""

import pytest

from evals.answer_eval import names_gap
from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import money_asks
from rag.answer.interviews import asks_interview_process
from rag.answer.role_scope import role_phrases
from rag.answer.set_asks import some_have
from rag.answer.thing_size import thing_size
from rag.index.bm25 import BM25Index
from rag.shorthand import spell_out
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(1, "page", "Offers", "Offers add perks; ask how much each is worth and get the pay figure first."),
    chunk(2, "page", "Startups", "A startup's funding decides its runway; ask about it in the final round."),
    chunk(3, "page", "Remote work", "Remote roles are common; some teams want an office in SF."),
    chunk(7, "page", "Money", "Put money aside each month; each offer states its pay."),
]


def notes(n: int) -> list:
    """More of the guide's pages, so that a word of one posting weighs as a rare word does."""
    return [chunk(10 + i, "page", f"Notes {i}", "Notes on learning paths and interviews.") for i in range(n)]


QUORVO = chunk(
    4,
    "posting",
    "AI Engineer at Quorvo",
    "About us: we raised $25M from top-tier investors and build voice agents.\n\n"
    "Benefits:\n\n- Support for certifications\n- Competitive salary with significant upside",
    "Quorvo",
)
VELTRO = chunk(
    5,
    "posting",
    "ML Engineer at Veltro",
    "Veltro is backed by leading investors.\n\nBenefits:\n\n- $1,500 a year towards certifications",
    "Veltro",
)
# "zentrix" is a word of the corpus (a tool named in a posting), never in the passages asked about
TOOLING = chunk(6, "posting", "Data Engineer at Mavel", "We migrate pipelines off zentrix.", "Mavel")


def checker(pages: int = 8) -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, *notes(pages), QUORVO, VELTRO, TOOLING]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("how much money has quorvo raised", ("rais", "fund", "seed")),
        ("Thinking about the Quorvo job - how much funding do they actually have", ("fund", "rais", "seed")),
        ("quorvo total funding $", ("fund", "rais", "seed")),
        ("quorvo research engineer - how big is the upside on top of base", ("upsid",)),
        ("quorvo senior engineer: partner profit share %", ("profit",)),
        ("quorvo principal engineer professional development reimbursement cap", ("reimburs",)),
        ("Quorvo - how much do they put towards certifications each year", ("certif",)),
        ("Quorvo AI platform engineer, what's the yearly professional development budget?", ("budget",)),
        # no size asked, or the size one ask of several after the comma
        ("is quorvo well funded", ()),
        ("how do I raise my day rate", ()),
        ("Quorvo AI engineer, what's the budget, and is it yearly?", ()),
        ("how much do they put in the take-home", ()),
    ],
)
def test_the_size_of_a_thing_asked(part, thing):
    assert thing_size(part) == thing


def test_a_salary_number_after_a_comma_and_an_interns_stipend_are_pay_asked():
    assert [a.part for a in money_asks("quorvo ai engineer berlin, actual salary number?")] == [
        "quorvo ai engineer berlin, actual salary number"
    ]
    stipend = "quorvo ai intern mumbai stipend"
    assert [a.part for a in money_asks(f"{stipend}?")] == [stipend]
    assert money_asks("quorvo ai intern mumbai, remote?") == []


def test_money_raised_is_answered_where_a_posting_states_it_and_refused_where_none_does():
    c = checker()
    assert c.check("how much money has quorvo raised", [QUORVO]) == Verdict("full", "covered")
    assert c.check("how much money has veltro raised", [VELTRO]) == Verdict(
        "none", "figure-not-stated", ("how much money has veltro raised",)
    )


def test_what_an_employer_puts_towards_a_thing_needs_a_figure_beside_the_thing():
    c = checker()
    veltro = "Veltro - how much do they put towards certifications each year"
    assert c.check(veltro, [VELTRO]) == Verdict("full", "covered")
    quorvo = "Quorvo - how much do they put towards certifications each year"
    assert c.check(quorvo, [QUORVO]) == Verdict("none", "figure-not-stated", (quorvo,))


def test_a_missing_word_opening_the_question_before_a_title_names_an_absent_employer():
    c = checker(pages=16)
    assert c.check("zentrix ai voice agent engineer - remote or sf office?", PAGES) == Verdict(
        "none", "not-mentioned", ("zentrix",)
    )
    # the same word elsewhere in the question is a missing word, named beside the answer
    verdict = c.check("remote ai voice agent engineer roles that migrate off zentrix?", PAGES)
    assert (verdict.coverage, verdict.reason) != ("none", "not-mentioned")


def test_what_they_asked_is_an_interview_question():
    assert asks_interview_process("anyone done Quorvo's senior ai engineer hiring, what did they ask")
    assert asks_interview_process("what did the recruiter ask")
    assert not asks_interview_process("what do they ask for in the posting")


def test_jobs_with_a_thing_ask_what_some_have():
    assert some_have("ml jobs w/ sleep coaching perk") == "sleep coaching perk"
    assert some_have("how do I deal w/ rejection") is None


@pytest.mark.parametrize(
    ("missing", "gold", "named"),
    [
        (["pay"], ["₹", "CTC", "LPA"], True),
        (["what CTC are they offering"], ["salary"], True),
        (["the hourly rate"], ["$", "per hour", "salary"], True),
        (["remote"], ["₹", "CTC", "LPA"], False),
    ],
)
def test_a_salary_gap_is_named_in_indian_and_hourly_words_too(missing, gold, named):
    assert names_gap(missing, gold) is named


@pytest.mark.parametrize(
    ("question", "roles"),
    [
        ("do hiring managers check commit streaks", []),
        ("does the hiring team read cover letters", []),
        ("what do airlines look for when hiring flight attendants?", [("flight", "attendants")]),
    ],
)
def test_who_hires_is_not_who_is_hired(question, roles):
    assert role_phrases(question) == roles


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("TF still worth it or torch only", "TF (TensorFlow) still worth it or torch (PyTorch) only"),
        ("PyTorch or TF?", "PyTorch or TF (TensorFlow)?"),
        # a word joined to another by a hyphen is part of another term
        ("tf-idf vs bm25", "tf-idf vs bm25"),
        ("SWE-ML roles", "SWE-ML roles"),
    ],
)
def test_framework_shorthand_is_spelled_out_but_not_inside_a_hyphenated_term(text, spelled):
    assert spell_out(text) == spelled
