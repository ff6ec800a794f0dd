"""Round thirty-two, read from near_domain43, near_domain44 and invented variants: venture money is funding
and a company's backers name its funding, not another ask; one thing's words joined by "and" or "+" ("the
yearly childcare and continued education reimbursements") are one ask of its size; a share or a size asked
first beside a figure asked later ("what % of salary is the bonus, and how much is the pension matching");
what the jobs require asked whether any does, or a field to filter them by; the talks named by their speaker
or as talks. Invented corpus, exact verdicts, with the neighbours each rule leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import SizeAsk, size_asks
from rag.answer.figures import figure_ask
from rag.answer.question_words import parts, situations
from rag.answer.set_asks import asks_of_candidates, some_have
from rag.answer.thing_size import same_thing, thing_size
from rag.answer.word_cover import equivalent
from rag.index.bm25 import BM25Index
from rag.index.page_names import names_talks
from rag.market.router import NO_AGGREGATE, Router
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round30 import FUNDING
from tests.test_audience_lanes import SHIPPED
from tests.test_market_round27 import vocabulary
from tests.test_retrieval import routed

# Fenwhistle names its perks and backers with no figure beside them; Brackwater states its stipend.
FENWHISTLE = chunk(
    4,
    "posting",
    "AI Engineer at Fenwhistle",
    "Fenwhistle is backed by Larkspur Ventures.\n\nBenefits:\n\n- A meaningful bonus program and pension "
    "matching\n- Monthly wellness and communication stipend\n- Childcare and continued education yearly "
    "reimbursements\n- Employee stock purchase plan with a discount",
    "Fenwhistle",
)
BRACKWATER = chunk(
    5, "posting", "AI Engineer at Brackwater", "Benefits:\n\n- $150 monthly wellness stipend", "Brackwater"
)
# the words these questions use beside the thing, so that only the figure is missing
WORDS = chunk(
    6,
    "page",
    "Reading an offer",
    "Ask what the total comes to, the share of salary, how much money and amount per month. Requirements "
    "for AI roles and postings list skills; filter roles by location.",
)


BONUS = "Fenwhistle's bonus program - what % of salary is the bonus, and how much is the pension matching?"
STIPEND = "fenwhistle monthly wellness + communication stipend amount"


def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, WORDS, *notes(8), FENWHISTLE, BRACKWATER]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("fenwhistle conversational AI — how much VC money have they got", FUNDING),
        ("how much venture capital does fenwhistle have", FUNDING),
        (
            "Fenwhistle AI engineer: how much do the yearly childcare and continued education reimbursements "
            "come to",
            ("reimburs",),
        ),
        ("fenwhistle monthly wellness + communication stipend amount", ("stipend",)),
        ("what's the ESPP discount", ("discount",)),
        # two things, or a thing and another ask: no one size
        ("X senior developer - pay range and bonus size", ()),
        ("how much is the 401k match and the bonus", ()),
        ("fenwhistle stipend amount and how many office days", ()),
        ("fenwhistle funding total and who backs it", ()),
        ("how much money do AI engineers make", ()),
        # money put in a company is its funding, not effort put in or money put in a thing
        ("Do we know how much money they've put in altogether", FUNDING),
        ("how much effort do people put in", ()),
        ("how much do they put in the take-home", ()),
    ],
)
def test_the_size_of_one_thing(part, thing):
    assert thing_size(part) == thing


def test_a_companys_backers_name_its_funding():
    assert same_thing("larkspur-backed", "fenwhistle funding total")
    assert same_thing("backed by Larkspur", "how much have they raised")
    assert not same_thing("Larkspur", "fenwhistle funding total")
    ask = figure_ask("fenwhistle funding total? larkspur-backed")
    assert (ask.part, ask.other_parts) == ("fenwhistle funding total", False)


def test_a_share_asked_first_beside_a_figure_asked_later():
    question = (
        "Fenwhistle's bonus program - what % of salary is the bonus, and how much is the pension matching?"
    )
    assert size_asks(question) == [
        SizeAsk("Fenwhistle's bonus program - what % of salary is the bonus", ("bonu",)),
        SizeAsk("how much is the pension matching", ("pension", "match")),
    ]
    # no size word in the first ask: it may ask whether (round thirty-one)
    assert size_asks("fenwhistle remote - 401k match and how much pto really") == []


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        (
            "fenwhistle funding total? larkspur-backed",
            Verdict("none", "figure-not-stated", ("fenwhistle funding total",)),
        ),
        (
            "fenwhistle monthly wellness + communication stipend amount",
            Verdict(
                "none", "figure-not-stated", ("fenwhistle monthly wellness + communication stipend amount",)
            ),
        ),
        (
            BONUS,
            Verdict(
                "none",
                "figure-not-stated",
                (
                    "how much is the pension matching",
                    "Fenwhistle's bonus program - what % of salary is the bonus",
                ),
            ),
        ),
        # Brackwater states it: answered
        ("brackwater monthly wellness stipend amount", Verdict("full", "covered")),
    ],
)
def test_a_size_no_posting_states_is_refused(question, verdict):
    assert checker().check(question, [FENWHISTLE, BRACKWATER]) == verdict


@pytest.mark.parametrize(
    ("question", "thing", "candidates"),
    [
        ("minimum height requirement for any of the AI engineering postings?", "minimum height", True),
        ("eye colour requirements lol", "eye colour", True),
        ("can I filter the AI postings by ferry access to the office?", "ferry access", True),
        (
            "Do any of the companies still ask for a handwriting sample when you apply for AI roles?",
            "handwriting sample",
            False,  # whether any does: refused only for a word the guide's pages seldom use
        ),
        ("do any AI jobs ask for your blood group", "blood group", True),  # the candidate's own
        ("which ai companies care about your golf handicap lol", "golf handicap", True),
        ("left-handed friendly AI employers", "left-handed", False),
        ("remote friendly companies", "remote", False),  # the corpus writes it: answered
        ("beginner friendly projects", None, False),
        ("job requirements lol", None, False),
        ("what are the requirements for ai engineers", None, False),
        ("how do I filter noise out of my eval set", None, False),
    ],
)
def test_what_the_jobs_require_or_a_field_to_filter_them_by(question, thing, candidates):
    assert (some_have(question), asks_of_candidates(question)) == (thing, candidates)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("eye colour requirements lol", Verdict("none", "missing-terms", ("eye colour",))),
        (
            "can I filter the AI postings by ferry access?",
            Verdict("none", "missing-terms", ("ferry access",)),
        ),
        # written in the corpus: answered
        ("can I filter the AI roles by location?", Verdict("full", "covered")),
    ],
)
def test_a_field_no_chunk_writes_is_refused(question, verdict):
    assert checker().check(question, [WORDS]) == verdict


@pytest.mark.parametrize(
    ("question", "talks"),
    [
        ("did alexey ever mention agents deleting tests", True),
        ("scared of being automated out of work - advice from the session?", True),
        ("how would the host prep for AI eng interviews", True),
        ("which webinar covers burnout", True),
        # his own page, a verb, or another session
        ("in Alexey's view where should the effort go", False),
        ("when to self host an llm instead of an api", False),
        ("how do I talk about my project in the interview", False),
        ("which portfolio idea shows retries and session persistence", False),
    ],
)
def test_the_talks_named_by_their_speaker_or_as_talks(question, talks):
    assert names_talks(question) == talks


def test_a_question_naming_the_talks_adds_rankings_over_them(deps):
    question = "what did the speakers say about the morning standup in the session?"
    lanes = routed(deps, **SHIPPED, talks_weight=0.5).lanes(question, 5)
    assert [(lane.name, lane.weight) for lane in lanes[-2:]] == [("page_dense", 0.5), ("page_bm25", 0.5)]
    for lane in lanes[-2:]:
        assert {c.doc_id for c, _ in lane.ranking} == {"page:webinars/01-a-day-of-ai-engineer.md"}
    plain = routed(deps, **SHIPPED, talks_weight=0.5).lanes("what happens at the morning standup?", 5)
    assert len(plain) == len(lanes) - 2
    assert len(routed(deps, **SHIPPED).lanes(question, 5)) == len(lanes) - 2  # weight 0: no such rankings


@pytest.mark.parametrize(
    ("question", "route"),
    [
        # a perk's amount asked with a bare "how much do": its posting's text answers, no salary table
        (
            "Quillfern lists gym membership and internet reimbursement for its remote team. How much do "
            "those actually cover each month?",
            ("guide", NO_AGGREGATE),
        ),
        ("how much do AI engineers make in Germany", ("market", "aggregate question (salary)")),
        ("how much do AI engineers make per day in Germany", ("market", "aggregate question (salary)")),
    ],
)
def test_a_perks_amount_is_no_salary_aggregate(question, route):
    routed = Router(vocabulary()).route(question)
    assert (routed.route, routed.reason) == route


def test_a_statement_with_when_inside_tells_the_askers_situation():
    question = "I tend to ramble when I talk about past projects. What do interviewers mark down?"
    assert situations(question) == ["I tend to ramble when I talk about past projects"]
    assert parts(question) == ["What do interviewers mark down"]
    # "when" asking, first or after a word of knowing, still asks
    assert situations("I'd like to know when they reply. What is the pay?") == []
    assert situations("Not sure if they sponsor visas. What is the pay?") == []


def test_a_poster_of_jobs_is_an_employer_posting_them():
    top = chunk(9, "page", "Top employers", "Capital Union posted the most postings.")
    assert (equivalent("poster", [top]), equivalent("poster", PAGES)) == (True, False)
