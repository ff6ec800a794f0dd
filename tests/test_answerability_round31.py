"""Round thirty-one, read from near_domain41, near_domain42 and invented variants: a month word beside "how
much" is the amount's period, not a trend of postings; a lower-case employer opening the question has its own
postings decide whether its figure is stated; "what's the 401(k) match rate" asks a share; "how much goes into
the X account" sizes the account; a rate and a size both unstated refuse the question; "whats the package"
asks the pay, listed after other asks too; "ok" asks nothing; a name ending in "ai" is no typo of a word; what
the jobs ask of a candidate, a perk a team hosts or one "at work" are asked of the postings; funding
asked beside its backers. Invented corpus, exact verdicts, with the neighbours each rule leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import SizeAsk, size_asks
from rag.answer.figure_kinds import kind_asks, money_asks
from rag.answer.figures import figure_ask
from rag.answer.own_passages import opens_job
from rag.answer.set_asks import some_have
from rag.answer.thing_size import same_thing, thing_size
from rag.answer.word_cover import equivalent
from rag.index.bm25 import BM25Index
from rag.index.catalog import Catalog
from rag.market.router import Router
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round30 import FUNDING
from tests.test_market_round27 import OWN_TEXT, vocabulary

# Quillfern Re names its perks with no figure beside them, and states its office days.
QUILLFERN = chunk(
    4,
    "posting",
    "Backend Engineer at Quillfern Re",
    "Benefits:\n\n- 401(k) matching\n- Monthly Quillfern account contribution\n"
    "- A generous holiday allowance\n\nWe work from the office 2-3 days each week.",
    "Quillfern Re",
)
# Another employer states its holiday in days: no figure of Quillfern Re's
BRAMBLE = chunk(
    5, "posting", "AI Engineer at Bramblecote", "Benefits:\n\n- 25 days holiday allowance", "Bramblecote"
)
WORDS = chunk(
    6,
    "page",
    "Requirements",
    "Postings list skills, shoes of the trade and a size of team; ask how much goes in each month.",
)


def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, WORDS, *notes(8), QUILLFERN, BRAMBLE]),
        unknown_idf=5.0,
        domain_page_df=1,
        # near a page, above the pair rule's band (compounds.BAND_SIMILARITY, round fifty-eight)
        page_similarity=lambda q: 0.65,
    )


@pytest.mark.parametrize(
    ("question", "intents"),
    [
        ("Quillfern Re staff ML engineer: how much are the monthly wellness reimbursements?", OWN_TEXT),
        ("Quillfern Re backend engineer - how much goes into the account each month?", OWN_TEXT),
        # a trend of postings: a posting noun or a demand verb beside the month word
        ("how many postings list Python per month?", "aggregate question (by_month, count)"),
        ("how much has demand for Python changed each month", "aggregate question (by_month)"),
    ],
)
def test_a_month_word_beside_how_much_is_the_amounts_period(question, intents):
    routed = Router(vocabulary()).route(question)
    assert routed.reason == intents


def test_a_lower_case_employers_own_postings_decide_its_figure():
    question = "quillfern re generous holiday allowance = how many days"
    # its "2-3 days each week" is no holiday, and Bramblecote's "25 days" is another employer's
    assert checker().check(question, [QUILLFERN, BRAMBLE]) == Verdict(
        "none", "duration-not-stated", (question,)
    )


def test_the_match_rate_is_a_share_and_the_account_a_size():
    question = (
        "Quillfern Re backend engineer - what's the 401(k) match rate, and how much goes into the "
        "Quillfern account each month?"
    )
    first = "Quillfern Re backend engineer - what's the 401(k) match rate"
    assert [a.kind for a in kind_asks(question)] == ["share"]
    assert [a.part for a in money_asks(question)] == [first]
    assert [(a.ask, a.thing) for a in size_asks(question)] == [
        ("how much goes into the Quillfern account each month", ("account",))
    ]
    # neither is stated: nothing of the question is answered
    assert checker().check(question, [QUILLFERN]) == Verdict(
        "none", "share-not-stated", (first, "how much goes into the Quillfern account each month")
    )


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("how much goes into the Quillfern account each month", ("account",)),
        ("how much do they put towards certifications each year", ("certif",)),
        ("how much time goes into the take-home", ()),
        ("how much effort goes into prep", ()),
    ],
)
def test_what_goes_into_a_thing_is_its_size(part, thing):
    assert thing_size(part) == thing


def test_whats_the_package_asks_the_pay_and_ok_asks_nothing():
    assert [a.part for a in money_asks("quillfern re backend - in office full-time? whats the package")] == [
        "whats the package"
    ]
    assert money_asks("what's the package manager they use") == []
    verdict = checker().check("quillfern re: in office ok, pay?", [QUILLFERN])
    assert (verdict.coverage, "ok" in verdict.missing) == ("partial", False)


def test_a_name_ending_in_ai_is_no_typo():
    catalog = Catalog(
        [chunk(1, "page", "Notes", "Clarify the task first; clarify it twice.")], {"clarifi": 1.0}
    )
    assert catalog.correct("clarifai") is None
    assert catalog.correct("clarifu") == "clarifi"


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("which AI postings ask for your star sign", "star sign"),
        ("shoe size requirements for ai roles?? lol", "shoe size"),
        ("minimum typing speed for ai engineers in wpm", "typing speed"),
        ("degree requirements for AI jobs?", "degree"),
        (
            "I'm hunting for AI teams that organise axe throwing socials - can the guide filter by that?",
            "axe throwing socials",
        ),
        ("looking for companies with a dog-friendly office", "dog-friendly office"),
        # no thing asked of the jobs
        ("what are the requirements for ai engineers", None),
        ("tips for ai engineers", None),
        ("job requirements for ai roles", None),
        ("I'm hunting for AI teams - any tips?", None),
        ("prompt engineering vs kubernetes - which one do more postings ask for?", None),
    ],
)
def test_what_the_jobs_ask_of_a_candidate(question, thing):
    assert some_have(question) == thing


def test_a_thing_no_posting_asks_is_refused():
    assert checker().check("shoe size requirements for ai roles?? lol", [WORDS]) == Verdict(
        "none", "missing-terms", ("shoe size",)
    )


# A webinar answer whose heading says "legitimate": "legit" is its shorthand, no employer's name after "vs"
PROOF = chunk(
    7,
    "page",
    "What proof of work makes a legitimate engineer rather than a hobbyist?",
    "Tests, monitoring and user feedback: that proof of work counts.",
)


def test_shorthand_after_vs_is_a_word_its_heading_spells_out():
    assert (equivalent("legit", [PROOF]), equivalent("legit", [WORDS])) == (True, False)
    question = "hobbyist vs legit engineer — what proof of work counts?"
    checked = AnswerabilityChecker(
        BM25Index().fit([*PAGES, WORDS, *notes(8), PROOF]), unknown_idf=5.0, domain_page_df=1
    )
    assert checked.check(question, [PROOF]) == Verdict("full", "covered")
    # an unknown word after "vs" is still an employer's name
    assert checked.check("hobbyist vs zorblex engineer — what proof of work counts?", [PROOF]) == Verdict(
        "none", "not-mentioned", ("zorblex",)
    )


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        (
            "I'm a trivia nerd - which of these employers host a weekly pub quiz for their staff, if any?",
            "weekly pub quiz",
        ),
        ("chess club at work?", "chess club"),
        ("how to use AI at work?", None),
    ],
)
def test_a_perk_hosted_or_at_work(question, thing):
    assert some_have(question) == thing


def test_a_lower_case_ai_company_opening_an_interview_question_is_a_name():
    assert opens_job("voyage ai interview process", 0, 6)
    assert not opens_job("whiteboard interview process", 0, 10)


@pytest.mark.parametrize(
    ("question", "part", "others"),
    [
        (
            "munich FDE at quillfern: how much travelling, how many days in, what's the pay",
            "what's the pay",
            True,
        ),
        ("Quillfern AI engineer, what's the salary", "Quillfern AI engineer, what's the salary", False),
        (  # "&" joins one thing's words
            "Quillfern AI engineer, how much is the home office & equipment stipend",
            "Quillfern AI engineer, how much is the home office & equipment stipend",
            False,
        ),
    ],
)
def test_the_pay_asked_in_a_list_of_asks(question, part, others):
    ask = figure_ask(question)
    assert (ask.part, ask.other_parts) == (part, others)


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("how much has Quillfern raised from sequoia and altimeter", ("rais", "fund", "seed")),
        ("quillfern funding size, village global backed", FUNDING),
        ("How much did TA Associates and Berkshire Partners actually put into Quillfern", FUNDING),
        ("how much has Quillfern raised and how many staff", ()),
        ("how much do they put into your 401k and pension", ()),
    ],
)
def test_funding_asked_beside_its_backers(question, thing):
    assert thing_size(question) == thing


def test_funding_asked_beside_the_askers_situation_is_a_terse_ask():
    ask = figure_ask("how much has Quillfern raised from sequoia and altimeter? trying to judge the equity")
    assert (ask.part, ask.other_parts) == ("how much has Quillfern raised from sequoia and altimeter", False)


def test_money_put_into_a_company_and_how_well_capitalised_it_is_are_one_ask():
    question = (
        "How much did TA Partners and Berk Capital actually put into Quillfern? I'm weighing their AI "
        "engineer role and want to know how well capitalised they are"
    )
    ask = figure_ask(question)
    assert (ask.part, ask.other_parts) == (
        "How much did TA Partners and Berk Capital actually put into Quillfern",
        False,
    )
    # a later part about another thing: the question is no terse ask of one size
    assert figure_ask("How much did Berk Capital put into Quillfern? And what's the office like?") is None
    assert same_thing("how well capitalised are they", "how much did A put into Quillfern")
    assert not same_thing("Capital One AI engineer", "how much did A put into Quillfern")


# "star" and "sign" each written, never in a row; "system design skills" written in a row
STARS = chunk(
    8,
    "page",
    "Signals",
    "A repo with many stars is a good sign. Postings ask for system design skills.",
)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("which AI postings ask for your star sign", Verdict("none", "missing-terms", ("star sign",))),
        ("which AI postings ask for system design skills", Verdict("full", "covered")),
        # not asked of the jobs: a thing of common words is no refusal by itself
        ("a star sign at work?", Verdict("full", "covered")),
    ],
)
def test_what_the_jobs_ask_is_refused_when_no_chunk_writes_it(question, verdict):
    # the guide's pages use "star" and "sign" often: neither is a rare word
    signals = [chunk(20 + i, "page", f"Signals {i}", "Many stars are a good sign.") for i in range(3)]
    corpus = BM25Index().fit([*PAGES, WORDS, *notes(8), STARS, *signals])
    checked = AnswerabilityChecker(corpus, unknown_idf=5.0, domain_page_df=1, page_similarity=lambda q: 0.6)
    assert checked.check(question, [STARS]) == verdict


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        (
            "quillfern annual bonus size, 401k match",
            [
                SizeAsk("quillfern annual bonus size", ("bonu",)),
                SizeAsk("401k match", ("401k", "401", "match")),
            ],
        ),
        (
            "quillfern senior ai engineer: referral bonus amount and 401k match %",
            [
                SizeAsk("quillfern senior ai engineer: referral bonus amount", ("bonu",)),
                SizeAsk("401k match %", ("401k", "401", "match")),
            ],
        ),
        # no size word: "401k match" first may ask whether there is one
        ("quillfern remote - 401k match and how much pto really", []),
        # the first ask a size beside a yes/no one: only the size
        ("quillfern annual bonus size, remote?", [SizeAsk("quillfern annual bonus size", ("bonu",))]),
        # a pay ask first: figures.py reads it; a thing listed after the pay asks its size, as before
        ("quillfern salary, 401k match", [SizeAsk("401k match", ("401k", "401", "match"))]),
    ],
)
def test_a_size_asked_first_beside_other_asks(question, asks):
    assert size_asks(question) == asks
