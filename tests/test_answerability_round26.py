"""Round twenty-six, read from near_domain26-31 and unseen27-32 and invented variants: a perk named as one
("ski lift pass perk", "creche for staff", "company bowling nights", "monitor arm at desk, ml jobs") is
something some employers would have, refused when no passage writes it; job seekers' shorthand ("swe",
"prod", "mle", "prof") is spelled out for search and counts as its meaning; "a prod AI job" is AI work, not
another profession; a pay noun after another ask ("benefits + salary range", "ai: perks, ctc") is the ask;
"what size is", a size asked past the job's dash and a payment are sizes of a thing; a part naming the thing
whose amount is asked is no other ask; a currency's code is no name; "a first call with X … the later
stages" asks X's process, and "nxp" names "NXP Semiconductors". Invented corpus, exact verdicts, with
the neighbours each rule leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import asks_beside
from rag.answer.figure_kinds import money_asks
from rag.answer.interviews import as_employer, asks_interview_process
from rag.answer.set_asks import asked_of_some, some_have
from rag.answer.thing_size import thing_size
from rag.answer.word_cover import equivalent
from rag.index.bm25 import BM25Index
from rag.shorthand import spell_out
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(
        1,
        "page",
        "Company perks",
        "Some offices have a bowling alley; a lift pass is a common perk at a few.",
    ),
    chunk(
        2, "page", "Benefits", "Benefits: a gym membership, a yoga pass and a cycle scheme at some offices."
    ),
    chunk(3, "page", "Offices", "Offices offer a standing desk and free lunches for staff on late nights."),
    chunk(4, "page", "Paths", "Software engineers move into AI engineering in two to three months."),
]


def checker(everyday_page_df: int = 1) -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit(PAGES),
        unknown_idf=5.0,
        domain_page_df=1,
        everyday_page_df=everyday_page_df,
        page_similarity=lambda q: 0.6,
    )


@pytest.mark.parametrize(
    "question, thing",
    [
        ("ski lift pass perk", "ski lift pass"),
        ("dog walking service as a perk, lol, is that tracked anywhere?", "dog walking service"),
        ("electric scooter scheme ai jobs", "electric scooter"),
        ("on site kindergarten for staff kids", "kindergarten"),
        ("free bike repair at work, does anyone offer it?", "bike repair"),
        ("Do any of the AI companies help pay for hearing aids? Mine are due soon", "hearing aids"),
        ("Do any of these AI companies hand out free theatre tickets to staff?", "theatre tickets"),
        ("company bowling nights", "bowling nights"),
        ("e-bike lease through the employer - is that something the postings list?", "e-bike lease"),
        ("monitor arm at desk, ml jobs", "monitor arm"),
        # no perk: a question word, a judgement or the perks in general; "at work" without an offer
        ("what perks do AI startups give", None),
        ("any perks?", None),
        ("quorvo ai agents role perks", None),  # a role's perks, not a perk
        ("google perks", None),
        ("which companies have the best perks", None),
        ("kubeflow pipelines at work, does that transfer?", None),
        ("skills for ai jobs", None),
    ],
)
def test_a_perk_named_as_one_is_a_thing_some_employers_have(question, thing):
    assert some_have(question) == thing


def test_a_perk_beside_another_ask_is_not_the_only_ask():
    assert asked_of_some("ski lift pass perk, and how do I prepare for the onsite?") is None
    assert asked_of_some("ski lift pass perk") == "ski lift pass"


def test_a_perk_no_passage_writes_is_refused_as_named():
    c = checker()
    # "lift", "pass" and "perk" are in the passage, "ski" in none: the perk asked is named
    assert c.check("ski lift pass perk", PAGES[:1]) == Verdict("none", "missing-terms", ("ski lift pass",))
    # the perks the passages write are covered
    assert c.check("yoga pass perk", PAGES[1:2]) == Verdict("full", "covered")
    assert c.check("free lunches for staff", PAGES[2:3]) == Verdict("full", "covered")


def test_a_perk_whose_words_no_passage_writes_in_a_row_is_refused():
    # "bowling" (one page: seldom) and "nights" are each in a passage, never together
    c = checker(everyday_page_df=2)
    assert c.check("company bowling nights", PAGES[:3]) == Verdict(
        "none", "missing-terms", ("bowling nights",)
    )
    assert c.check("company bowling alley", PAGES[:3]) == Verdict("full", "covered")


@pytest.mark.parametrize(
    "text, spelled",
    [
        ("swe to ai engineer in how long?", "swe (software engineer) to ai engineer in how long?"),
        ("no prod experience, cheapest fix?", "no prod (production) experience, cheapest fix?"),
        ("DE or AIE: job security + wfh", "DE or AIE (AI engineer): job security + wfh (work from home)"),
        ("mle here. mle tips?", "mle (ML engineer) here. mle tips?"),  # once
        ("SWE vs software engineer", "SWE vs software engineer"),  # said already
        ("a product engineer", "a product engineer"),  # a word that starts as one is no shorthand
    ],
)
def test_shorthand_is_spelled_out_after_it(text, spelled):
    assert spell_out(text) == spelled


def test_shorthand_counts_as_its_meaning():
    assert equivalent("swe", PAGES[3:4])
    assert equivalent("SWEs", PAGES[3:4])
    assert not equivalent("mle", PAGES[3:4])


@pytest.mark.parametrize(
    "question, pay",
    [
        # the pay after another ask, past "+" or a colon right after a word: the pay is the ask
        ("Quorvo AI engineer (US) benefits + salary range", "salary range"),
        ("quorvo studios pune ai: perks, ctc", "ctc"),
        ("quorvo senior ml engineer belfast - hybrid? + salary", "salary"),
    ],
)
def test_a_pay_noun_after_another_ask_is_asked_beside_it(question, pay):
    asks = money_asks(question)
    assert [(a.part, a.other_parts) for a in asks] == [(pay, True)]


def test_a_pay_range_asked_alone_is_the_whole_part():
    assert [(a.part, a.other_parts) for a in money_asks("quorvo ai engineer salary range")] == [
        ("quorvo ai engineer salary range", False)
    ]


@pytest.mark.parametrize(
    "part, thing",
    [
        ("What size is the performance bonus for the Quorvo senior developer role?", ("bonu",)),
        ("quorvo ai data engineer - how big is the prof dev budget", ("budget",)),
        ("quorvo solutions referral payment amount", ("payment",)),
        ("quorvo ai data engineer - how do I prepare", ()),
    ],
)
def test_the_size_of_a_thing_asked(part, thing):
    assert thing_size(part) == thing


def test_a_part_naming_the_thing_asked_about_is_no_other_ask():
    question = "quorvo matching program, how much do they match on donations"
    assert asks_beside(question, ("how much do they match on donations",)) == []
    assert asks_beside(
        "quorvo gym perks, how much do they match on donations", ("how much do they match",)
    ) == ["quorvo gym perks"]


def test_a_currency_code_is_the_amounts_unit_not_a_name():
    offices = [
        chunk(5, "posting", "AI Engineer at Quorvo", "Hybrid work and flexible hours in Zurich.", "Quorvo")
    ]
    c = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *offices]),
        unknown_idf=5.0,
        domain_page_df=1,
        everyday_page_df=1,
        page_similarity=lambda q: 0.6,
    )
    verdict = c.check("quorvo ai engineer - hybrid and flexible hours? whats the salary in CHF", offices)
    assert (verdict.coverage, verdict.reason, verdict.missing) == (
        "partial",
        "figure-not-stated",
        ("whats the salary in CHF",),
    )
    # an unknown acronym that is no currency still names something the guide lacks
    assert c.check("quorvo ai engineer - hybrid and flexible hours? whats the QZX", offices).reason == (
        "not-mentioned"
    )


def test_prof_is_professional():
    development = [chunk(6, "page", "Growth", "A professional development budget is common.")]
    assert equivalent("prof", development)


def test_a_call_with_the_employer_beside_its_stages_asks_its_process():
    assert asks_interview_process("Got a first call with Quorvo AI. What are the later stages like?")
    assert not asks_interview_process("What stage is Quorvo AI at, seed or series A?")


def test_a_names_capitalised_three_letter_first_word_names_it_alone():
    assert as_employer("QZV Semiconductors", "qzv gen ai devops engineer interview rounds")
    assert not as_employer("Qzv Labs", "qzv gen ai devops engineer interview rounds")  # not an acronym
