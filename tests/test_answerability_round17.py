"""Round seventeen of the answerability check: the price of a named thing ("how much is a Zorblax Pro
subscription?", "how much were the offers?") and what someone spends ("how much do candidates spend on API
credits?") are amounts asked; a price is stated only by an amount beside the thing's words. An article or
"several" states no number of people ("an engineer" is no number of panelists). Invented
corpus, exact verdicts, with the neighbours the cue leaves alone (a degree, time, effort)."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import money_asks, states
from rag.answer.stated import PAY_COMPONENT
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(1, "page", "Tools", "Give the first engineer a Zorblax Pro subscription; it helps much."),
    chunk(2, "page", "Tool prices", "A Zorblax Pro subscription is $20 per month for one seat."),
    chunk(3, "page", "Take-homes", "Candidates spend API credits on a take-home; keep the receipts."),
    chunk(4, "page", "Offers", "One engineer got two offers after the take-home; both were strong."),
    chunk(5, "posting", "AI Engineer at Quorvo", "Salary: $150k-$190k. A home office stipend.", "Quorvo"),
]


@pytest.fixture(scope="module")
def checker() -> AnswerabilityChecker:
    # a word one page uses is everyday here ("much"): the figure check is what decides
    return AnswerabilityChecker(BM25Index().fit(PAGES), unknown_idf=5.0, domain_page_df=1, everyday_page_df=1)


@pytest.mark.parametrize(
    "question",
    [
        "how much is a Zorblax Pro subscription per month?",
        "how much were the offers?",
        "how much is Quorvo's home office stipend?",
        "how much do candidates usually spend on API credits?",
        "how big is the learning and development stipend at Quorvo?",
    ],
)
def test_the_price_of_a_named_thing_is_an_amount_asked(question):
    assert [a.part for a in money_asks(question)] == [question.removesuffix("?")]


@pytest.mark.parametrize(
    "question",
    [
        "as a product engineer, how much is product sense expected of me?",  # a degree: no determiner
        "how much time do candidates spend on a take-home?",  # a duration
        "how much effort should I spend on the take-home?",
        "how much of the week do engineers spend in meetings?",
        "how much is too much prep for an onsite?",
    ],
)
def test_a_degree_time_or_effort_is_no_amount(question):
    assert money_asks(question) == []


def test_a_pay_component_is_read_past_an_owner_and_five_words():
    owner = PAY_COMPONENT.search("how much is Quorvo's one-time home office setup stipend")
    assert owner.group(1) == "stipend"
    assert PAY_COMPONENT.search("how big is the learning and development stipend").group(1) == "stipend"
    assert PAY_COMPONENT.search("how much is it worth to learn about the market and the stipend") is None


def test_a_price_is_stated_only_by_an_amount_beside_the_thing(checker):
    question = "how much is a Zorblax Pro subscription per month?"
    part = "how much is a Zorblax Pro subscription per month"
    # the thing named, no amount: not stated
    assert checker.check(question, PAGES[:1]) == Verdict("none", "figure-not-stated", (part,))
    # "$20 per month" beside it: stated, with no pay word in the sentence
    assert checker.check(question, PAGES[:2]) == Verdict("full", "covered")


def test_what_candidates_spend_and_what_offers_were_worth_are_refused_without_an_amount(checker):
    spend = "how much do candidates spend on API credits?"
    assert checker.check(spend, PAGES[2:3]) == Verdict(
        "none", "figure-not-stated", ("how much do candidates spend on API credits",)
    )
    # another figure of the posting ("$150k-$190k" salary) is no price of the offers the page tells of
    offers = "the engineer who got two offers after the take-home - how much were the offers?"
    assert checker.check(offers, [PAGES[3], PAGES[4]]) == Verdict("none", "figure-not-stated", (offers[:-1],))


@pytest.mark.parametrize(
    "sentence, counted, stated",
    [
        ("Next steps: a coding interview for an engineer, then a portfolio review.", "peopl", False),
        ("Several people from the team join the panel.", "peopl", False),
        ("an LLM and a vector store", "llm", False),  # nor of any counted thing (rag/answer/counts.py)
        ("A panel of 4 engineers meets you onsite.", "peopl", True),
        ("Total: 3-6 rounds.", "round", True),
        ("Two take-homes and an onsite.", "take", True),
    ],
)
def test_an_article_or_several_states_no_number_of_people(sentence, counted, stated):
    assert states("count", sentence, counted) is stated


def test_an_article_still_states_a_duration():
    assert states("duration", "The recruiter call takes an hour.", None)


def test_a_price_asked_of_a_named_employer_is_stated_only_in_its_passages():
    pages = [
        chunk(
            1,
            "posting",
            "AI Engineer at Quorvo",
            "Salary: $150k-$190k. Benefits: a 401(k) match, much liked.",
            "Quorvo",
        ),
        chunk(
            2, "posting", "AI Engineer at Zentrix", "Benefits: 401(k) match up to 4% of salary.", "Zentrix"
        ),
        chunk(
            3, "posting", "ML Engineer at Quorvo", "Salary: $160k. Our 401(k) match is 5% of pay.", "Quorvo"
        ),
    ]
    # other pages, so that "401(k)" and "match" weigh something
    checker = AnswerabilityChecker(
        BM25Index().fit([*pages, *PAGES[:4]]), unknown_idf=5.0, domain_page_df=1, everyday_page_df=1
    )
    question = "Quorvo AI engineer: salary and how much is the 401(k) match?"
    # another employer's "up to 4%" is no figure of Quorvo's match
    assert checker.check(question, pages[:2]) == Verdict(
        "partial", "figure-not-stated", ("how much is the 401(k) match",)
    )
    assert checker.check(question, [pages[0], pages[2]]) == Verdict("full", "covered")


def test_a_price_asked_of_pay_itself_is_stated_as_pay_is(checker):
    # "Salary: $150k-$190k." in its posting states Quorvo's pay, though no figure stands beside "Quorvo"
    assert checker.check("How much is Quorvo's salary?", PAGES[4:5]) == Verdict("full", "covered")
