"""Round forty-one, read from near_domain40-64; exact verdicts, invented corpus:
- a perk's quantity asked "how often" or "per person", or "up to what amount per year" (a period, not years
  of experience), that the employer's postings never state is refused; "401k" is their "401(k)";
- a bonus's target (also "as a share of base") is its amount, stated only beside the bonus (a percentage
  too), not by the salary in the same sentence;
- a place or policy put with a question mark of its own beside the pay ("stacks AI eng: office-first?
  pay?") is asked, not a word naming the job: the pay is the part not covered, and the market desk hands
  the question to the posting's own text;
- an employer of common words opening the question before a colon or a team's interview ("surge ai:
  hiring AI engineers? pay?", "factory ai droids team interview process") is one the corpus lacks;
- a thing "required for ai eng roles??", that the employers "check", that applicants must meet, that "roles
  wanting" have, or asked before "?? which companies", is asked of the jobs as a set."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import questioned
from rag.answer.common_word_names import unwritten_employer_run
from rag.answer.employer_pay import unpaid_asks
from rag.answer.employer_quantity import asked_things
from rag.answer.figure_kinds import money_asks
from rag.answer.set_asks import asked_of_some
from rag.answer.stated import PAY_COMPONENT
from rag.index.bm25 import BM25Index
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round36 import posting
from tests.test_market_router import ONE_POSTING, router  # noqa: F401 (the router fixture)

# Its retreats, learning budget and 401(k) come with no figure; its gym stipend has one.
HALLBECK = posting(
    70,
    "Hallbeck",
    "Benefits:\n- Company retreats\n- Learning budget for every engineer\n- Health, Vision, Dental + 401(k)\n"
    "- Gym stipend of $50 a month",
)


# Another employer's words, so that the questions' words are the corpus's too
FILLER = posting(
    69,
    "Tollgate",
    "How much we match on the 401k, per person, each year: we reimburse courses and retreats, a share of "
    "base.",
)


def checker_over(*postings) -> AnswerabilityChecker:
    bm25 = BM25Index().fit([*PAGES, *notes(8), FILLER, *postings])
    return AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("hallbeck retreats - how often", Verdict("none", "size-not-stated", ("retreats",))),
        ("hallbeck learning budget per person?", Verdict("none", "size-not-stated", ("budget",))),
        ("hallbeck 401k - do they match, how much", Verdict("none", "size-not-stated", ("401k match",))),
        # the stipend's figure is stated
        ("hallbeck gym stipend per person?", Verdict("full", "covered")),
    ],
)
def test_a_perks_frequency_or_amount_per_person_its_postings_never_state(question, verdict):
    assert checker_over(HALLBECK).check(question, [HALLBECK, FILLER]) == verdict


def test_per_year_is_a_period_not_years_of_experience():
    def idf(stem):
        return 0.0 if stem == "up" else 5.0

    asked = asked_things("hallbeck reimburses courses - up to what amount per year?", ["Hallbeck"], idf, 1.0)
    assert asked == [("hallbeck reimburses courses - up to what amount per year", ("reimburs", "cours"))]
    assert asked_things("hallbeck 5 years experience - how much equity?", ["Hallbeck"], idf, 1.0) == []


# A salary and a bonus in one sentence: the bonus has no figure of its own.
WESTMERE = posting(
    71,
    "Westmere",
    "The compensation range for this role is 175,000 to 260,000 USD annually and may be eligible for an "
    "annual bonus.",
)
ORRIN = posting(72, "Orrin", "Salary: 150,000 USD. Annual bonus target of 15% of base salary.")


def test_a_bonus_target_is_its_amount():
    assert [a.part for a in money_asks("westmere legal ai eng annual bonus target?")] == [
        "westmere legal ai eng annual bonus target"
    ]
    assert PAY_COMPONENT.search("westmere legal ai eng annual bonus target").group(2) == "bonus"
    assert PAY_COMPONENT.search("westmere staff eng - bonus target as a share of base").group(2) == "bonus"
    assert PAY_COMPONENT.search("is the bonus target met by most people") is None
    refused = checker_over(WESTMERE, ORRIN).check("westmere legal ai eng annual bonus target?", [WESTMERE])
    assert refused == Verdict("none", "figure-not-stated", ("westmere legal ai eng annual bonus target",))
    share = "westmere staff eng - bonus target as a share of base"
    assert checker_over(WESTMERE, ORRIN).check(share, [WESTMERE, FILLER]) == Verdict(
        "none", "figure-not-stated", (share,)
    )
    assert checker_over(WESTMERE, ORRIN).check("orrin ai eng annual bonus target?", [ORRIN]) == Verdict(
        "full", "covered"
    )


@pytest.mark.parametrize(
    ("question", "ask", "asked"),
    [
        ("t-systems ai eng: pune? salary?", "t-systems ai eng: pune", True),
        ("stacks AI eng: office-first? pay?", "stacks AI eng: office-first", True),
        # a comma only names the job
        ("X engineer in pune, salary?", "X engineer in pune", False),
        ("what does it pay?", "what does it pay", True),
        ("salary?", "pune", False),
    ],
)
def test_an_ask_with_a_question_mark_of_its_own(question, ask, asked):
    assert questioned(question, ask) is asked


# Brackwater's posting says where it works and nothing of pay.
BRACKWATER = posting(73, "Brackwater", "Office-first: four days a week in our Leeds office. Python, RAG.")


def test_a_place_asked_beside_the_pay_is_the_covered_part():
    checker = checker_over(BRACKWATER, HALLBECK, WESTMERE, ORRIN)  # "senior", "engineer": title words
    (company,) = checker.catalog.companies_in("Brackwater")
    asked = unpaid_asks("brackwater AI eng: office-first? pay?", company, checker.catalog, [BRACKWATER])
    assert asked == (("pay",), False)
    # the job named, then its pay: the pay is all it asks
    assert unpaid_asks(
        "brackwater senior AI engineer in leeds, pay?", company, checker.catalog, [BRACKWATER]
    ) == (
        ("pay",),
        True,
    )
    assert checker.check("brackwater AI eng: office-first? pay?", [BRACKWATER, FILLER]) == Verdict(
        "partial", "figure-not-stated", ("pay",)
    )


def test_the_market_desk_hands_a_place_asked_beside_the_pay_to_the_posting(router):  # noqa: F811
    routed = router.route("quillbyte AI eng: berlin? pay?")
    assert (routed.route, routed.reason) == ("guide", ONE_POSTING)
    assert router.route("quillbyte AI eng in berlin, pay?").route == "market"


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("surge ai: hiring AI engineers? pay?", "surge ai"),
        ("factory ai droids team interview process", "factory ai"),
        # words of a team's work, not a name: no "ai" after the one word
        ("agents team interview process", None),
        ("the ml team interview process", None),
        # a topic before the colon, then the job's title
        ("chatbot context handling: ai eng's job?", None),
    ],
)
def test_an_employer_of_common_words_before_a_colon_or_a_teams_interview(question, name):
    bm25 = BM25Index().fit([*PAGES, *notes(8), HALLBECK])
    checker = AnswerabilityChecker(bm25, unknown_idf=4.0)
    assert unwritten_employer_run(bm25, checker.catalog, question) == name


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("touch typing required for ai eng roles??", "touch typing"),
        ("python required for ml jobs?", "python"),
        ("which AI employers check your github contribution streak", "github contribution streak"),
        ("hacker news karma requirements for ai eng applicants", "hacker news karma"),
        ("guaranteed parking space?? which companies", "guaranteed parking space"),
        ("security AI roles wanting lock picking skills?", "lock picking skills"),
        ("genai roles needing lots of tiktok followers", "tiktok followers"),
        # the asker's own hiring, not the jobs': no set of jobs asked
        ("touch typing required for my job?", None),
    ],
)
def test_what_the_jobs_require_or_check(question, thing):
    assert asked_of_some(question) == thing
