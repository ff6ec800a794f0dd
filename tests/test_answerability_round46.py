"""Round forty-six, read from near_domain85-88 and unseen86-89; exact verdicts, invented corpus:
- "… plus do they …" and "… and would they …" start a part of their own ("zs ai engineer, remote days
  per week plus do they sponsor visas"), so a visa policy no passage states leaves the rest answered;
- a named employer's contract term, asked whether, is answered by that employer's own words only: what a
  guide page says of sponsorship in general is not its policy, and its posting's line on the term is
  enough, whatever else the part names; a figure of the term ("overtime pay rate") is read as before;
- a visa class as postings write it ("H-1B") answers one typed without the hyphen ("h1b"), in the policy
  check and in the words check;
- relocation is a contract term; "on an H-1B, would X sponsor me" is one ask, not a list of terms;
- one employer's figure that the job table would read as its share of all postings ("X's annual
  incentive - is it like 10 or 20 percent?") is the guide's to answer, and a number of customers is one of
  clients, companies or teams ("trusted by over 3,000 accounting teams");
- what "would help me compare offers" tells why the asker asks, and asks nothing;
- "pls" is no word of content, nor is the asker's "hate"; "people-manager" is the management flag;
- a question on a tax, a pension or another statutory scheme with a word no chunk uses ("kiwisaver
  employer contribution rate nz") is not covered;
- "onsite percentage" is where one works, not an onsite round; "wfh?" is answered by an office-first
  line, and "bombed" by a failed interview."""

from __future__ import annotations

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.counts import states_count
from rag.answer.employer_pay import employers_share
from rag.answer.interviews import asks_interview_process
from rag.answer.own_passages import never_written
from rag.answer.policy import listed_terms, policy_cover, policy_or_rule_ask
from rag.answer.question_words import parts
from rag.answer.rule_asks import asks_statutory
from rag.answer.word_cover import expressed
from rag.index.bm25 import BM25Index
from rag.index.text_tokens import tokenize
from rag.market.desk import MarketDesk
from rag.market.recorded import Rarity
from rag.market.spec import Filters, QuerySpec
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)
from tests.test_market_router import router  # noqa: F401 (the router fixture)

HYBRID = chunk(
    90,
    "posting",
    "Research Engineer at Quillon Bio",
    "We operate a hybrid working culture: the team is in the office 3 days a week.",
    "Quillon Bio",
)
OVERTIME = chunk(
    91,
    "posting",
    "AI Tools Developer at Quillon Bio",
    "Delivery may require occasional overtime.",
    "Quillon Bio",
)
NO_VISA = chunk(
    92,
    "posting",
    "Senior AI Engineer at Ferrow",
    "You must be eligible to work without sponsorship.",
    "Ferrow",
)
H1B = chunk(
    93,
    "posting",
    "AI Engineer - Director at Brannock",
    "Brannock will not hire seekers who need Brannock sponsorship through the H-1B lottery.",
    "Brannock",
)
# guide pages on moving abroad, so that "sponsorship" is a common word as in the guide
SPONSORS = [
    chunk(94 + i, "page", "Moving abroad", "Many AI employers offer visa sponsorship: ask early.")
    for i in range(4)
]
QUILLON_PAGE = chunk(98, "page", "Interview notes", "Quillon Bio offers visa sponsorship for research roles.")


def checker(pages: int) -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, *notes(pages), *SPONSORS, HYBRID, OVERTIME, NO_VISA, H1B, QUILLON_PAGE]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "zs senior ai engineer ml, remote days per week plus do they sponsor visas",
            ["zs senior ai engineer ml, remote days per week", "do they sponsor visas"],
        ),
        (
            "zalando principal swe - how much wfh and would they sponsor my visa to Berlin",
            ["zalando principal swe - how much wfh", "would they sponsor my visa to Berlin"],
        ),
        # "would it be …" judges what comes before it: one part
        ("remote and would it be ok to ask", ["remote and would it be ok to ask"]),
    ],
)
def test_plus_do_they_and_and_would_they_start_a_part(question, asked):
    assert parts(question) == asked


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "ascertain founding engineer - 'meaningful equity' means how much exactly? percentage or number "
            "of shares would help me compare offers",
            ["ascertain founding engineer - 'meaningful equity' means how much exactly"],
        ),
        # what helps the asker, then another ask: both asks stay
        ("would a range help me? and what's the base", ["would a range help me", "and what's the base"]),
    ],
)
def test_what_would_help_the_asker_is_no_ask(question, asked):
    assert parts(question) == asked


def test_a_guide_pages_sponsorship_is_not_a_named_employers():
    question = "quillon bio research engineer: how many office days, and is visa sponsorship on offer"
    verdict = checker(20).check(question, [HYBRID, *SPONSORS])
    assert verdict == Verdict("partial", "policy-not-stated", ("is visa sponsorship on offer",))
    # a page naming the employer says its policy
    assert checker(20).check(question, [HYBRID, QUILLON_PAGE]) == Verdict("full", "covered", ())


def test_the_employers_own_line_on_the_term_answers_it_whatever_else_the_part_names():
    question = "on an H-1B, would Ferrow sponsor me for the senior AI engineer role in Boston"
    ask = policy_or_rule_ask(question, True)
    assert listed_terms(ask) == [ask]  # one ask, not a list of terms
    assert policy_cover(ask, [NO_VISA, *SPONSORS], lambda s: 1.0, question, {("ferrow",)}) == 1.0


def test_a_figure_of_a_named_employers_term_is_read_as_before():
    question = "quillon bio ai tools overtime pay rate"
    ask = policy_or_rule_ask(question, True)
    rates = chunk(99, "page", "Contracting", "Contractors quote a day rate, and pay varies.")
    weight = {"pay": 3.0, "rate": 3.0}.get
    # the posting mentions overtime, and nothing of its pay: the part's other words weigh
    cover = policy_cover(ask, [OVERTIME, rates], lambda s: weight(s, 1.0), question, {("quillon", "bio")})
    assert cover == 0.4


def test_a_visa_class_written_with_its_hyphen_answers_one_without():
    question = "brannock AI director h1b sponsorship"
    ask = policy_or_rule_ask(question, True)
    assert ask.term == "h1b"
    assert policy_cover(ask, [H1B], lambda s: 1.0, question, {("brannock",)}) == 1.0
    assert expressed("h1b", [H1B], None)
    assert not expressed("h1c", [H1B], None)
    assert checker(20).check(question, [H1B]) == Verdict("full", "covered", ())


def test_relocation_is_a_contract_term():
    ask = policy_or_rule_ask("would quillon bio pay to relocate me to NYC for the contract?", True)
    assert (ask.kind, ask.term) == ("contract", "relocate")


@pytest.mark.parametrize(
    ("question", "interviews"),
    [
        ("diligent bengaluru ai engineer onsite percentage & visa support", False),
        ("how many onsite rounds at diligent", True),
    ],
)
def test_an_onsite_percentage_is_the_workplace(question, interviews):
    assert asks_interview_process(question) is interviews


@pytest.mark.parametrize(
    ("word", "text", "said"),
    [
        ("wfh", "Office-first culture: working from the office 4+ days per week.", True),
        ("wfh", "Free lunch on Fridays.", False),
        ("bombed", "Candidates who failed a round may reapply after six months.", True),
    ],
)
def test_a_word_said_otherwise(word, text, said):
    assert expressed(word, [chunk(99, "posting", "AI Engineer at Ferrow", text, "Ferrow")], None) is said


def test_pls_and_the_askers_hate_are_no_attribute(engine):  # noqa: F811
    desk = MarketDesk(engine, lambda: Rarity({"idea": 4, "work": 4, "day": 4, "put": 4, "centr": 4}, {}))
    assert desk.unrecorded_words("seed + series a share pls") is None
    question = "if I hate the idea of LoRA work all day, how many listings put it at the centre of the role"
    assert desk.unrecorded_words(question) is None


def test_a_people_manager_is_the_management_flag(router):  # noqa: F811
    routed = router.route("how many listings are people-manager gigs?")
    assert (routed.route, routed.spec.measure, routed.spec.subset.management) == ("market", "count", True)


HORIZON = QuerySpec(measure="share", subset=Filters(company=["Horizon Media"]))


@pytest.mark.parametrize(
    ("question", "spec", "employers", "own"),
    [
        ("horizon media's annual incentive - is it like 10 or 20 percent?", HORIZON, ["Horizon Media"], True),
        ("what share of postings are at horizon media", HORIZON, ["Horizon Media"], False),
        (
            "horizon media in london: what percent",
            QuerySpec(measure="share", subset=Filters(company=["Horizon Media"], city=["London"])),
            ["Horizon Media"],
            False,  # a place read too: the table's
        ),
        (
            "horizon media's incentive - is it like 10 percent?",
            QuerySpec(measure="share"),
            ["Horizon Media"],
            False,
        ),
        ("horizon media's incentive - is it like 10 percent?", None, ["Horizon Media"], False),
    ],
)
def test_one_employers_figure_is_no_share_of_the_postings(question, spec, employers, own):
    assert employers_share(question, spec, employers) is own


PENSIONS = chunk(
    100,
    "page",
    "Benefits",
    "Employer pension contribution rates vary by country and by employer in NZ and UK.",
)


def test_a_statutory_scheme_no_chunk_names_is_not_covered():
    index = BM25Index().fit([*PAGES, *notes(20), PENSIONS])
    check = AnswerabilityChecker(index, unknown_idf=5.0, domain_page_df=1, page_similarity=lambda q: 0.6)
    question = "kiwisaver employer pension contribution rate nz"
    assert check.check(question, [PENSIONS]) == Verdict("none", "missing-terms", ("kiwisaver",))
    # a word no chunk uses, not even with a typo: "intervew" is "interview" mistyped
    assert never_written(check.catalog, ["kiwisaver"])
    assert not never_written(check.catalog, ["interview round", "intervew"])
    assert asks_statutory(question) and not asks_statutory("kiwisaver logo colours")


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("Our software is trusted by over 3,000 accounting teams.", True),
        ("We serve 40 enterprise clients.", True),
        ("The team ships 3 releases a week to customers.", False),  # no number of customers
    ],
)
def test_customers_are_counted_as_clients_companies_or_teams(sentence, stated):
    assert states_count(sentence, tokenize("customers")[0]) is stated
