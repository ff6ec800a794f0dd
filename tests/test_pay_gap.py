"""The pay word as the verb of something the postings do not record (rag/market/unrecorded.py
`pay_gap`): what postings pay for, how or how often they pay. A count that would take in every posting
in a question of several parts, and an acronym as the offered thing, are not recorded either (fnr19)."""

import pytest

from rag.market.desk import RECORDED_FIELDS
from rag.market.unrecorded import pay_gap, unrecorded
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)
from tests.test_unrecorded import DATES, desk  # noqa: F401 (a desk over it)


@pytest.mark.parametrize(
    "question, gap",
    [
        ("How many of the postings pay for gym memberships like ClassPass?",
         "what postings pay for besides the salary (“pay for gym memberships like ClassPass”)"),
        ("What share of the AI engineer jobs pay part of the salary in stock or tokens?",
         "how the salary is paid (“pay part of the salary in stock or tokens”)"),
        ("Are most AI engineer jobs paid biweekly or monthly?",
         "how often pay is paid (“paid biweekly or monthly”)"),
        # the period a salary range is stated in is recorded
        ("Are most AI engineer jobs paid monthly or yearly?", None),
        # the thing paid for is a role, a posting, a value the parser took or a field: the salary's
        ("What do the postings pay for senior engineers?", None),
        ("What do the postings pay for Python?", None),
        ("How much do the jobs pay for this role?", None),
        ("What do AI engineer postings pay?", None),
        # a named employer's own lines may state it: the guide's figure check decides
        ("How much does Quillbyte pay for its paid work trial?", None),
    ],
)  # fmt: skip
def test_pay_gap(desk, question, gap):  # noqa: F811
    assert pay_gap(question, desk.router.extractor.extract(question)) == gap


def test_a_pay_word_of_something_else_is_refused_not_answered_with_salaries(desk):  # noqa: F811
    question = "Do any of the postings pay for AI tool subscriptions like Cursor? How many?"
    routed = desk.route(question)
    gap = "what postings pay for besides the salary (“pay for AI tool subscriptions like Cursor”)"
    assert (routed.route, routed.not_recorded, routed.spec) == ("market", gap, None)
    assert desk.answer(question, routed).text == (
        f"The job data does not record {gap}, so no figure about it can be computed from the "
        f"{desk.engine.n_total:,} postings. What the postings record: {RECORDED_FIELDS}."
    )
    # the salary of the same postings is still a figure
    assert desk.route("What do the postings that list Python pay?").spec.measure == "salary"


@pytest.mark.parametrize(
    "question, gap",
    [
        # "and how many are there?" restates the count: what is counted is the first part's words
        ("Which postings let you bring dogs to the office, and how many are there?",
         "bring dogs to the office"),
        ("Which postings give a sabbatical after five years, and how many are there?",
         "sabbatical after five years"),
        ("What share of the postings have a probation period, and how long is it usually?",
         "probation period"),
        ("How many postings are there, and how many are in Berlin?", None),
    ],
)  # fmt: skip
def test_a_count_of_every_posting_in_several_parts_names_the_first_parts_words(desk, question, gap):  # noqa: F811
    assert unrecorded(question, desk.router.extractor.extract(question), *DATES, True) == gap


@pytest.mark.parametrize(
    "question, gap",
    [
        ("How many of the AI engineer jobs come with an HSA and employer contributions to it?",
         "HSA and employer contributions"),
        ("Which postings offer an ESPP?", "ESPP"),
        # a capitalised name stays with the desk's rule for names; a value the parser took is the figure
        ("How many of the postings offer Zorblax?", None),
        ("How many of the postings include RAG?", None),
    ],
)  # fmt: skip
def test_an_offered_acronym_is_no_name(desk, question, gap):  # noqa: F811
    assert unrecorded(question, desk.router.extractor.extract(question), *DATES, True) == gap
