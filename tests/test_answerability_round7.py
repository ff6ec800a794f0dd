"""Round seven of the answerability check: abbreviations the passages write out, a count of days,
everyday words near a guide page, a part named as the question asks it, past costs, more terms of
employment and points of law, and what a question about the job data as a set asks that no column
holds. Each rule: a question it refuses (or answers in part), and an answerable neighbour it leaves
alone."""

import pytest

from evals.answer_eval import names_gap
from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import kind_asks, kind_cover, money_ask
from rag.answer.figures import FigureAsk
from rag.answer.pipeline import Answerer
from rag.answer.policy import policy_ask
from rag.answer.stated import written_out
from rag.market.desk import MarketDesk
from rag.market.unrecorded import unrecorded
from rag.records import Chunk
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)

ONE = lambda s: 1.0  # noqa: E731
DATES = ("2026-01-29", "2026-03-12")


def chunk(text: str, title: str = "Notes", company: str = "") -> Chunk:
    meta = {"company": company} if company else {}
    return Chunk("c1", "d1", "page", title, "", "https://example.org/n", ["n.md"], text, text, meta)


@pytest.fixture(scope="module")
def checker(answer_deps) -> AnswerabilityChecker:
    a = Answerer(answer_deps, None, answer_deps.settings.model_copy(update={"refusal_threshold": 0.0}))
    return AnswerabilityChecker(answer_deps.index.bm25, a.relevance.unknown)


def test_an_abbreviation_the_passages_write_out_is_not_missing():
    passages = [chunk("Quillbyte has offices in San Francisco and New York City.")]
    assert [written_out(w, passages) for w in ("SF", "NYC", "LA", "Sf", "SFO")] == [
        True,
        True,
        False,  # no "L… A…" in the passage
        False,  # not written as an abbreviation
        False,
    ]


def test_office_days_are_counted_as_days_and_named_by_their_abbreviation():
    (ask,) = kind_asks("Quillbyte staff AI engineer in NYC - how many office days?")
    assert (ask.kind, ask.unit) == ("count", "day")
    posting = chunk(
        "You will be based in our New York City office 3 days a week.", "Staff AI Engineer", "Quillbyte"
    )
    assert kind_cover(ask, [posting], ONE, ["Quillbyte"]) == 1.0
    # the neighbour "how many tokens a month" still counts tokens
    assert [a.unit for a in kind_asks("how many tokens a month?")] == ["token"]


def test_a_past_cost_is_an_amount_asked_for():
    question = "how many rounds did Quillbyte run, and what did the analysis cost?"
    assert money_ask(question) == FigureAsk("what did the analysis cost", ("did", "analysi"), True)
    assert money_ask("what did the interviewer ask about RAG?") is None


@pytest.mark.parametrize(
    "question, kind, term",
    [
        ("does a non-solicitation clause stop me from hiring my old teammates?", "contract",
         "non-solicitation clause"),
        ("if my company pays for a course and I quit, do I have to pay it back?", "contract", "pay it back"),
        ("can I use the model commercially - what does the license allow?", "contract", "license"),
        ("can my employer read the prompts I type at work?", "legal", "can my employer"),
        ("under the EU pay transparency directive, must job ads show a salary range?", "law",
         "EU pay transparency directive"),
    ],
)  # fmt: skip
def test_more_terms_of_employment_and_points_of_law(question, kind, term):
    ask = policy_ask(question)
    assert (ask.kind, ask.term) == (kind, term)


def test_neighbours_that_ask_no_point_of_law():
    assert policy_ask("can my portfolio project use an open model?") is None
    assert policy_ask("can my manager help me move into AI engineering?") is None
    assert policy_ask("can a company hire me without a degree?") is None  # about hiring, not one's rights
    assert policy_ask("what does the company pay AI engineers?") is None
    assert policy_ask("How can my company start hiring AI engineers?") is None  # asks how, not a right


def test_a_part_not_stated_is_named_as_the_question_asks_it(checker):
    question = "How many rounds does Quillbyte run, and how many candidates have taken its take-home?"
    passages = [chunk("Quillbyte runs 4 rounds and a take-home.", "Quillbyte interview process")]
    assert checker.check(question, passages) == Verdict(
        "partial", "count-not-stated", ("how many candidates have taken its take-home",)
    )


@pytest.fixture(scope="module")
def desk(engine):  # noqa: F811
    return MarketDesk(engine)


@pytest.mark.parametrize(
    "question, market, gap",
    [
        ("For the contract roles in the job data, how long are the contracts?", False,
         "durations (“how long are the contracts”)"),
        ("For the management roles in the data, how many direct reports would I have?", True,
         "direct reports"),
        ("Which AI engineer postings in the dataset offer a 401(k) match, and how much?", False,
         "401(k) match"),
        ("How much funding has each company in the job dataset raised?", False, "amounts of funding"),
        # neighbours: a recorded field, pay, a date, a name, one posting, no data named
        ("How many skills do the postings in the dataset list on average?", True, None),
        ("Which postings in the dataset offer the highest salary?", True, None),
        ("How much do the postings in the dataset pay?", True, None),
        ("How long ago were the postings in the dataset published?", True, None),
        ("Which postings in the dataset include Python?", True, None),
        ("How long is the take-home for AI engineer roles?", False, None),
    ],
)  # fmt: skip
def test_what_a_question_about_the_data_as_a_set_asks_that_no_column_holds(desk, question, market, gap):
    ex = desk.router.extractor.extract(question)
    assert unrecorded(question, ex, *DATES, market) == gap


@pytest.mark.parametrize(
    "missing, terms, named",
    [
        (["what does it pay"], ["salary"], True),  # pay and salary are one gap
        (["what does the course cost without it"], ["price"], True),
        (["what does it pay"], ["price"], False),  # pay is no price
        (["taken"], ["candidates"], False),
        (["how many candidates have taken it"], ["candidates"], True),
    ],
)
def test_a_partial_answer_names_the_gap_in_its_own_words_or_the_same_thing(missing, terms, named):
    assert names_gap(missing, terms) is named


def test_a_figure_not_stated_leaves_the_rest_answered_when_it_misses_only_everyday_words(checker):
    text = "Data engineers move into AI engineering by owning evals. Quillbyte runs 4 rounds."
    question = "How do data engineers move into AI engineering with mentors, and what did the course cost?"
    assert checker.check(question, [chunk(text)]) == Verdict(
        "partial", "figure-not-stated", ("mentors", "what did the course cost")
    )
