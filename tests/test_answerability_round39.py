"""Round thirty-nine, read from near_domain48-62 and unseen54-58; exact verdicts, invented corpus:
- an employer the corpus lacks, of common words, opening the question: "<word> ai salaries", a team's area
  before "engineer interview process", "ai/data jobs", and a first word of another employer's name beside a
  word no chunk uses; or asked about ("anything on Augment Code");
- an allowance's own kind ("commuting" allowance) must stand in the sentence stating its figure, and a
  question none of whose amounts is stated is refused whole;
- "match rate", "payout" and "how much did X invest" ask a thing's size;
- hiring itself wants what it weighs ("… for getting hired", "in ai hiring"), and hiring managers or any
  posting rate or value what a candidate has;
- "what kind of technical questions do they usually ask" asks about the interviews;
- one employer's pay asked beside something else of it is its own postings' to answer;
- "HQ" is written "headquartered"."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.common_word_names import unknown_employer
from rag.answer.figure_kinds import money_asks
from rag.answer.interviews import asks_interview_process
from rag.answer.set_asks import asks_postings_for
from rag.answer.stated import amount_cover, thing_kind
from rag.answer.thing_size import thing_size
from rag.answer.word_cover import equivalent
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.index.text_tokens import tokenize
from rag.market.router import Router
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round33 import vocabulary
from tests.test_answerability_round36 import posting

# Every word of the unknown employers is one some chunk uses, never two of them in a row.
WORDS = [
    chunk(40, "page", "Reflection", "A reflection on careers: generative AI salaries rise."),
    chunk(41, "page", "Retail", "A dollar saved in general; AI and data jobs in retail."),
    chunk(42, "page", "Modal", "Modal dialogs in labs; infra engineer interview process notes."),
    chunk(43, "page", "Augment", "Augment your code with tests. The hiring process for ML engineers."),
    chunk(44, "page", "Fintech", "Fintech hiring grows; a superb drive."),
]
MARLOW = posting(45, "Marlow Financial Technologies", "Marlow builds ledgers. Hybrid in Leeds.")


def words_index() -> BM25Index:
    return BM25Index().fit([*PAGES, *notes(4), *WORDS, MARLOW])


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("reflection ai salaries", "reflection ai"),
        ("dollar general AI/data jobs", "dollar general"),
        ("modal labs infra engineer interview process", "modal labs"),
        ("augment code hiring process for ML engineers", "augment code"),
        ("Does the guide have anything on Augment Code - interview loop or skills?", "Augment Code"),
        # a word of the guide's written beside "AI" is no employer
        ("generative ai salaries", None),
        # "ai", "did he" open no employer's name
        ("ai jobs that pay for home cleaning?", None),
        ("did he verify ML roles all being genai now", None),
        # Marlow Financial Technologies, unless the word beside it is one no chunk uses
        ("marlow fintech hiring", None),
        ("marlow quasarbyte hiring", "marlow quasarbyte"),
    ],
)
def test_an_employer_of_common_words_the_corpus_lacks(question, name):
    bm25 = words_index()
    assert unknown_employer(bm25, catalog_for(bm25), question) == name


@pytest.mark.parametrize(
    ("part", "thing", "kind"),
    [
        ("At Brightwick, how much is the commuting allowance", ("allow",), {"commut"}),
        ("how much tuition reimbursement do you get per year", ("reimburs",), {"tuition"}),
        ("how big is the yearly learning budget", ("budget",), {"learn"}),
        # no word says which: a period, a digit, the employer's name
        ("how generous is the 401k match", ("401k", "401", "match"), set()),
        ("what's the yearly allowance", ("allow",), set()),
        ("Brightwick allowance amount", ("allow",), set()),
    ],
)
def test_the_word_saying_which_thing_is_asked(part, thing, kind):
    assert thing_kind(part, thing, ["Brightwick"]) == kind


# Its phone allowance has a figure; its commuting allowance and pension match have none.
BRIGHTWICK = posting(
    46,
    "Brightwick",
    "Benefits:\n- Commuting allowance\n- Phone allowance of up to €25/month (depending on your role)\n"
    "- A pension plan where you contribute a percentage of your salary",
)


def perks_checker() -> AnswerabilityChecker:
    bm25 = BM25Index().fit([*PAGES, *notes(8), BRIGHTWICK])
    return AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)


def test_another_allowances_figure_states_none_of_the_commuting_allowance():
    weight = perks_checker()._idf
    (commuting,) = money_asks("At Brightwick, how much is the commuting allowance?")
    (phone,) = money_asks("At Brightwick, how much is the phone allowance?")
    assert amount_cover(commuting, [BRIGHTWICK], lambda s: weight(s) ** 2, ["Brightwick"]) == 0.0
    assert amount_cover(phone, [BRIGHTWICK], lambda s: weight(s) ** 2, ["Brightwick"]) == 1.0


def test_a_question_none_of_whose_amounts_is_stated_is_refused_whole():
    question = (
        "At Brightwick, how much is the commuting allowance and what percentage does the company put "
        "into the pension?"
    )
    assert perks_checker().check(question, [BRIGHTWICK]) == Verdict(
        "none",
        "figure-not-stated",
        (
            "At Brightwick, how much is the commuting allowance",
            "what percentage does the company put into the pension",
        ),
    )


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("401k match rate", ("401k", "401", "match")),
        ("what's the 401k/RRSP match rate", ("match",)),
        ("wwt profit sharing payout", ("profit",)),
        ("workwhile: how much did khosla invest", ("fund", "rais", "seed")),
        # time put into learning is no money
        ("how much time should I invest", ()),
        ("how much should I invest in learning rag", ()),
        ("whats the hourly rate for freelancers", ()),
    ],
)
def test_a_rate_a_payout_and_an_investment_ask_a_things_size(part, thing):
    assert thing_size(part) == thing


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("good scrabble rating for getting hired lol", True),
        ("speedcubing times in ai hiring?", True),
        ("ballroom dancing on my CV - do AI hiring managers rate it", True),
        ("lifeguard certification on an AI engineer CV: does any posting value it", True),
        ("Which of the AI jobs would be impressed by my stamp collection", True),
        # the asker's chances, not what hiring wants
        ("a fresh bootcamp cert - realistic to get hired straight in as a senior ai engineer", False),
        ("how do I get hired as an AI engineer", False),
    ],
)
def test_hiring_itself_wants_what_it_weighs(question, asks):
    assert asks_postings_for(question) is asks


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("first call with Rilla next week - what kind of technical questions do they usually ask?", True),
        ("what sort of questions did the team ask", True),
        ("what do they ask for in the job ad", False),
    ],
)
def test_the_questions_they_ask_are_the_interviews(question, asks):
    assert asks_interview_process(question) is asks


OWN = "one named posting or employer: its own text answers"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("quillfern re london: HQ where, salary?", OWN),
        (
            "Quillfern Re London - where is HQ, and what's the salary?",
            OWN,
        ),
        ("Quillfern Re London: where is the office, and what does it pay?", OWN),
        # its pay alone, or beside a count over its postings, stays the table's
        ("quillfern re london salary?", "aggregate question (salary)"),
        ("what does Quillfern Re pay and how many roles do they have?", "aggregate question (count, salary)"),
    ],
)
def test_one_employers_pay_beside_another_ask_is_its_own_texts(question, reason):
    assert Router(vocabulary()).route(question).reason == reason


def test_hq_is_written_headquartered():
    office = chunk(
        47, "posting", "AI Engineer at Brightwick", "Headquartered in Leeds, with a global footprint."
    )
    assert equivalent("HQ", [office])
    assert not equivalent("HQ", [BRIGHTWICK])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AI-/&:,?'0")), max_size=40))
def test_the_new_readings_take_any_text(text):
    """No text raises; a kind is a word of the part, and an unknown employer is written in the question."""
    bm25 = words_index()
    assert thing_kind(text, ("allow",)) <= set(tokenize(text))
    name = unknown_employer(bm25, catalog_for(bm25), text)
    assert name is None or name in text
    assert isinstance(asks_postings_for(text), bool)
