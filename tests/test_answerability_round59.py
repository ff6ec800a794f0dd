"""Round fifty-nine, read from the round's first runs (near_domain137-140, unseen138-141) and the misses left
on earlier sets; exact readings, invented corpus:
- a figure in a sentence listing several perks is the perk's it sits beside, not every perk's ("paid
  volunteer hours and 12 weeks paid parental leave" states no number of volunteer hours);
- "what's the count?" and a question-final "max?" ask a perk's quantity;
- a bare facet of the job asked before a contract term ("X chennai - experience needed, do they help with
  relocation") is an ask of its own: the term is the last piece's;
- a term of one named job asked after its first ask (stock, a bonus, remote work, sponsorship, a time zone, a
  shift) is read in that job's posting, not in the employer's other postings;
- "rag+agents" is two words; "centred" is focused; "ESOPs" are employee stock options; an employer named by
  an alias ("HBP") is the employer asked about."""

from __future__ import annotations

import pytest

from rag.answer.answerability import AnswerabilityChecker
from rag.answer.employer_quantity import asked_things, unquantified
from rag.answer.job_terms import unposted_terms
from rag.answer.policy import policy_ask
from rag.answer.verdict import Verdict, question_terms
from rag.answer.word_cover import american_spellings, equivalent
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.index.text_tokens import tokenize
from rag.shorthand import spell_out
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes

PERKS = chunk(
    1,
    "posting",
    "AI Engineer at Quorvo",
    "Paid time off, company paid holidays, paid volunteer hours and 12 weeks paid parental leave.\n"
    "A learning budget, $2,000 per year.\n"
    "Generous sabbatical leave, with up to 6 weeks after five years.\n"
    "The base salary is $150,000 - $190,000 per year, with a benefits package that includes a 401k and "
    "health insurance.",
    "Quorvo",
)


@pytest.mark.parametrize(
    ("thing", "unstated"),
    [
        ("paid volunteer hours", True),  # the 12 weeks are the parental leave's
        ("paid parental leave", False),
        ("learning budget", False),  # a bare figure right after it
        ("sabbatical", False),  # the next item names no other perk
        ("401k", True),  # the salary's figures are the salary's
        ("pet care", False),  # not mentioned at all: nothing to say of it
    ],
)
def test_a_figure_is_the_perk_it_sits_beside(thing, unstated):
    assert unquantified(tuple(tokenize(thing)), [PERKS]) is unstated


@pytest.mark.parametrize(
    ("question", "things"),
    [
        (
            "Quorvo AI engineer ads list paid company holidays - what's the count?",
            [
                (
                    "Quorvo AI engineer ads list paid company holidays - what's the count",
                    ("ad", "paid", "holiday"),
                )
            ],
        ),
        ("quorvo fertility benefit max?", [("quorvo fertility benefit max", ("fertil", "benefit"))]),
        ("what's the count of quorvo's offices in europe", []),  # no count asked at the end, no perk's "max"
    ],
)
def test_the_count_and_the_max_ask_a_perks_quantity(question, things):
    assert asked_things(question, ["Quorvo"], lambda s: 0.5 if s == "s" else 3.0, 1.0) == things


@pytest.mark.parametrize(
    ("question", "part"),
    [
        (
            "quorvo ai/ml engineer chennai - experience needed, do they help with relocation",
            "do they help with relocation",
        ),
        ("quorvo agentic AI engineer chennai, salary, relocation help?", "relocation help"),
        # no facet asked before: the whole part asks the term
        (
            "quorvo ai engineer chennai - do they help with relocation",
            "quorvo ai engineer chennai - do they help with relocation",
        ),
    ],
)
def test_a_facet_of_the_job_asked_first_is_its_own_ask(question, part):
    ask = policy_ask(question)
    assert ask is not None and ask.part == part


PLATFORM = chunk(
    591,
    "posting",
    "Staff Platform Engineer at Quorvo",
    "5+ years of experience running data platforms. You will work remotely across the US.",
    "Quorvo",
)
ML = chunk(
    592,
    "posting",
    "Senior ML Engineer at Quorvo",
    "7+ years of experience. An annual bonus plan and stock options. Occasional weekend shifts.",
    "Quorvo",
)


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("quorvo staff platform engineer: years of experience + any stock options", ("any stock options",)),
        (
            "quorvo staff platform engineer - years needed, and is there a sign-on bonus",
            ("is there a sign-on bonus",),
        ),
        ("quorvo staff platform engineer: years needed, any weekend shifts?", ("any weekend shifts",)),
        ("quorvo senior ML engineer: years of experience + any stock options", ()),  # its own posting says it
        ("quorvo staff platform engineer: years needed, fully remote?", ()),
        ("quorvo staff platform engineer stock options?", ()),  # one ask: the other checks read it
    ],
)
def test_a_term_of_the_named_job_is_read_in_its_posting(question, missing):
    index = BM25Index().fit([*PAGES, *notes(8), PLATFORM, ML])
    catalog = catalog_for(index)
    (company,) = catalog.companies_in(question)
    verdict = unposted_terms(question, company, [], catalog, index, Verdict("full", "covered"))
    assert verdict == (
        Verdict("partial", "missing-terms", missing) if missing else Verdict("full", "covered")
    )


def test_an_employer_named_by_its_alias_is_asked_about():
    hbp = chunk(
        598,
        "posting",
        "AI Developer at Harvard Business Publishing",
        "Work closely with HBP product teams. HBP editors and HBP engineers ship AI features.",
        "Harvard Business Publishing",
    )
    checker = AnswerabilityChecker(BM25Index().fit([*PAGES, *notes(8), hbp]), unknown_idf=4.0)
    verdict = checker.check("HBP AI developer: take-home task?", [hbp])
    assert (verdict.coverage, verdict.reason, verdict.missing) == (
        "none",
        "postings-only",
        ("Harvard Business Publishing",),
    )


def test_a_plus_joined_word_is_two_words():
    assert [t.surface for t in question_terms("rag+agents share, c++ jobs")] == [
        "rag",
        "agents",
        "share",
        "c++",
        "jobs",
    ]


def test_centred_is_focused():
    assert equivalent("centred", [chunk(596, "page", "Roles", "Fine-tuning focused roles are rare.")])
    assert american_spellings("centred") == {"centered"}


def test_esops_are_employee_stock_options():
    assert spell_out("do they give ESOPs") == "do they give ESOPs (employee stock options)"
