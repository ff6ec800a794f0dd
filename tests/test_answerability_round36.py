"""Round thirty-six, read from near_domain40-54 and invented variants: the pay asked of one named employer
whose postings state none ("convatec office days and salary?") is the part not covered, not answered by the
posting's "Salary: not stated in the posting"; a quantity asked of the things listed before it ("…, how
much each"); what employers or job ads want of a candidate that no chunk writes ("do ai job ads care if
youre in toastmasters"); and an employer's short name in lower case after "at". Invented corpus and
postings, exact verdicts."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.answerability import AnswerabilityChecker
from rag.answer.employer_pay import pay_asks
from rag.answer.employer_quantity import asked_things, bare_quantity
from rag.answer.set_asks import asks_postings_for
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes

PAY = {"min": 90000.0, "max": 120000.0, "currency": "USD", "period": "year", "text": "90,000-120,000 USD"}


def posting(n: int, company: str, text: str, compensation: dict | None = None):
    c = chunk(n, "posting", f"Senior AI Engineer at {company}", text, company)
    return replace(c, metadata={**c.metadata, "compensation": compensation})


# Fernhollow states no pay (its summary says so) and a turnover; Quillmoor states a range.
FERNHOLLOW = posting(
    30,
    "Fernhollow Robotics",
    "Summary of the Senior AI Engineer posting at Fernhollow Robotics.\nSalary: not stated in the posting.\n"
    "Hybrid: two office days a week in Leeds. In 2024 alone we paid $11.2 billion to workers worldwide.",
)
QUILLMOOR = posting(
    31,
    "Quillmoor Analytics",
    "Summary of the Senior AI Engineer posting at Quillmoor Analytics.\nSalary: 90,000-120,000 USD.\n"
    "Hybrid: two office days a week in Leeds.",
    PAY,
)
# a third employer's "Senior AI Engineer", so that those are title words (TITLE_WORD_EMPLOYERS)
HAZELDENE = posting(35, "Hazeldene Bank", "Build agents for payments.", PAY)
# the words the questions use, on a page, so that only the pay can be missing
OFFICE = chunk(32, "page", "Office days", "Hybrid roles list their office days and the salary band.")


def pay_checker() -> AnswerabilityChecker:
    bm25 = BM25Index().fit([*PAGES, *notes(8), FERNHOLLOW, QUILLMOOR, HAZELDENE, OFFICE])
    return AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)


@pytest.mark.parametrize(
    "question, passages, verdict",
    [
        # the other ask is answered by the posting; the pay it never states is the part not covered
        ("Fernhollow Robotics office days and salary?", "F",
         ("partial", "figure-not-stated", ("salary",))),
        ("Fernhollow Robotics senior AI engineer - hybrid? whats the salary band", "F",
         ("partial", "figure-not-stated", ("whats the salary band",))),
        # the pay is all it asks besides naming the job (its name, title words and a place)
        ("Fernhollow Robotics role in leeds, salary?", "F",
         ("none", "figure-not-stated", ("salary",))),
        # ... also when the amount check reads the pay beside the job's title
        ("Fernhollow Robotics AI engineer, salary?", "F", ("none", "figure-not-stated", ("salary",))),
        # a posting that states a range answers it
        ("Quillmoor Analytics office days and salary?", "Q", ("full", "covered", ())),
        # whether the posting lists pay, and how pay is set, ask no amount
        ("Fernhollow Robotics office days, and does the posting list a salary?", "F",
         ("full", "covered", ())),
    ],
)  # fmt: skip
def test_the_pay_a_named_employers_postings_never_state_is_not_covered(question, passages, verdict):
    found = pay_checker().check(question, [FERNHOLLOW if passages == "F" else QUILLMOOR, OFFICE])
    assert (found.coverage, found.reason, found.missing) == verdict


def test_an_employer_with_a_pay_range_is_recorded_as_paid():
    catalog = catalog_for(BM25Index().fit([*PAGES, FERNHOLLOW, QUILLMOOR, HAZELDENE]))
    paid = {c.name for c in catalog.companies.values() if any(p.paid for p in c.postings)}
    assert paid == {"Quillmoor Analytics", "Hazeldene Bank"}


@pytest.mark.parametrize(
    "question, asked",
    [
        ("convatec office days and salary?", ["salary"]),
        ("workwhile ai product swe: which cities can I work from, hybrid? plus base", ["plus base"]),
        ("bnsf sr/staff ai eng remote - from where, and base pay #", ["base pay #"]),
        ("rillet ml/ai engineer - which days in the office, whats the salary", ["whats the salary"]),
        # not pay asked: a perk it covers, a fee, a share of pay, how pay is set, what a posting says
        ("does Fernhollow pay for a gym", []),
        ("a recruiter asked me to pay a fee to move my application forward", []),
        ("what % of salary is the bonus", []),
        ("how do they decide on promotions and pay", []),
        ("Fernhollow says top-of-market salary and equity - how many options", []),
        ("is the base model open source", []),
    ],
)
def test_pay_asks_are_read_as_job_seekers_type_them(question, asked):
    assert pay_asks(question) == asked


def test_a_quantity_asked_alone_is_of_the_things_listed_before_it():
    idf = {"quarterli": 2.0, "well": 2.0, "mobil": 2.0, "internet": 2.0, "subsidi": 2.0}.get
    question = "Fernhollow quarterly wellness benefit + mobile/internet subsidy, how much each"
    assert asked_things(question, ["Fernhollow"], lambda s: idf(s, 0.5), 1.0) == [
        ("Fernhollow quarterly wellness benefit", ("quarterli", "well")),
        ("mobile/internet subsidy", ("mobil", "internet", "subsidi")),
    ]
    assert bare_quantity("how much each")
    assert bare_quantity("how much is that per month")
    assert not bare_quantity("how much stock")
    assert not bare_quantity("paid parental leave length")


@pytest.mark.parametrize(
    "question, asks",
    [
        ("do ai job ads care if youre in toastmasters", True),
        ("eagle scout on my resume - do ai employers ask for that", True),
        ("minimum toefl score the ai postings want", True),
        # no employers, job ads or applications as a set; or nothing they want
        ("what do ai engineers do all day", False),
        ("christmas hamper from any ai employer?", False),
        # one recruiter, hiring managers or a firm the asker works at: the guide's pages answer those
        ("should i tell the recruiter my salary expectation upfront or dodge it?", False),
        ("do hiring managers check commit streaks", False),
        ("law firm paralegal here, what AI stuff do legal teams actually want built", False),
    ],
)
def test_what_employers_or_job_ads_want_of_a_candidate(question, asks):
    assert asks_postings_for(question) is asks


WANTS = chunk(33, "page", "What employers want", "AI employers want Python, evals and a deployed project.")


def test_what_no_chunk_writes_is_not_something_employers_want():
    bm25 = BM25Index().fit([*PAGES, *notes(8), WANTS])
    checker = AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)
    found = checker.check("do ai employers want a toastmasters award with python", [WANTS])
    assert (found.coverage, found.reason, found.missing) == ("none", "missing-terms", ("toastmasters award",))
    # the same word asked of no set of employers is named as not covered, the rest answered
    found = checker.check("is a toastmasters award worth it beside python and evals", [WANTS])
    assert found.coverage == "partial"


BRACKENFOLD = chunk(
    34, "posting", "AI Engineer at Brackenfold Investments", "Build agents.", "Brackenfold Investments"
)


def test_a_short_name_in_lower_case_after_at_names_the_employer():
    catalog = catalog_for(BM25Index().fit([*PAGES, *notes(2), BRACKENFOLD]))
    assert [c.name for c in catalog.companies_in("what are the rounds like at brackenfold")] == [
        "Brackenfold Investments"
    ]
    assert catalog.companies_in("what are the rounds like, brackenfold") == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc $£#+&,?-:salrypbeo")), max_size=50))
def test_reading_pay_asks_never_raises(question):
    assert isinstance(pay_asks(question), list)
    assert isinstance(asks_postings_for(question), bool)


PAY_CHECKER = pay_checker()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Fernhollow Robotics", "salary", "how much", "each", "plus base", "do", "ai employers", "want",
             "toastmasters", "at", "fernhollow", ",", "?", "+", "and", "office days", "role in leeds"]
        ),
        max_size=10,
    )
)  # fmt: skip
def test_the_checker_never_raises_on_pay_perk_and_set_questions(words):
    verdict = PAY_CHECKER.check(" ".join(words), [FERNHOLLOW, OFFICE])
    assert verdict.coverage in ("full", "partial", "none")
