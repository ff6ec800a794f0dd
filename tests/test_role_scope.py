"""A question about another profession is off-topic (rag/answer/role_scope.py): the professions a question
asks about, read from its constructions, and the corpus's roles, read from its job titles and headings.
Invented corpus, exact verdicts; each rule with a neighbour it leaves alone."""

import asyncio

import pytest

from rag.answer.answerability import EVERYDAY_PAGE_DF, AnswerabilityChecker, Verdict
from rag.answer.async_answer import stream_answer
from rag.answer.pipeline import Answerer
from rag.answer.role_scope import foreign_role, role_phrases
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.records import Chunk
from tests.answer_helpers import market_fixture
from tests.test_market_answers import CountingWorkers

URL = "https://example.org/"
OFF_TOPIC = "The field guide doesn't cover this question. It is a guide to AI engineering careers"


def chunk(n: int, kind: str, title: str, section: str, text: str, company: str = "") -> Chunk:
    meta = {"company": company} if company else {}
    path = f"{kind}/{n}.md"
    return Chunk(f"c{n}", f"d{n}", kind, title, section, URL + path, [path], text, f"{title}\n{text}", meta)


# "engineer", "ai", "manager" and "product" are in three employers' titles; "analyst" in one; "lighthouse" and
# "keeper" nowhere, and "keeper" in one page; "store" in three pages' text, "harbor" in three headings.
PAGES = [
    chunk(1, "page", "Roles", "Becoming an AI engineer", "How to become an AI engineer: build and ship."),
    chunk(
        2,
        "page",
        "Roles",
        "Harbor notes",
        "A former keeper of records can become an engineer and earn more; store it.",
    ),
    chunk(
        3,
        "page",
        "Pay",
        "Harbor pay",
        "What AI engineers earn as they become senior: salary bands, a vector store.",
    ),
    chunk(
        4,
        "page",
        "Interviews",
        "Harbor interviews",
        "To become one, earn an interview loop: screen, take-home, store.",
    ),
]
POSTINGS = [
    chunk(5, "posting", "Senior AI Engineer at Quorvo", "", "Build agents.", "Quorvo"),
    chunk(6, "posting", "AI Product Manager at Zentrix", "", "Own the roadmap.", "Zentrix"),
    chunk(7, "posting", "ML Engineer at Lumen", "", "Train models.", "Lumen"),
    chunk(8, "posting", "Engineering Manager, AI at Quorvo", "", "Lead a team.", "Quorvo"),
    chunk(9, "posting", "Data Analyst at Lumen", "", "Build dashboards.", "Lumen"),
    chunk(10, "posting", "AI Engineer, Platform at Nordway", "", "Build platforms.", "Nordway"),
    chunk(11, "posting", "Product Manager at Nordway", "", "Ship products.", "Nordway"),
    chunk(12, "posting", "Product Engineer at Quorvo", "", "Ship features.", "Quorvo"),
]


@pytest.fixture(scope="module")
def bm25() -> BM25Index:
    return BM25Index().fit([*PAGES, *POSTINGS])


@pytest.mark.parametrize(
    "question, roles",
    [
        ("how do I become a certified lighthouse keeper?", [("certified", "lighthouse", "keeper")]),
        ("what does a lighthouse keeper earn?", [("lighthouse", "keeper")]),
        ("whats the average salary of a harbor store manager?", [("harbor", "store", "manager")]),
        ("is a career as a lighthouse keeper worth it?", [("lighthouse", "keeper", "worth")]),
        ("what comes up in a lighthouse keeper interview?", [("lighthouse", "keeper")]),
        ("how do I find a part-time keeper job?", [("part-time", "keeper")]),
        # the asker's own role is not asked about: "as a" without "career", "I'm a"
        ("as a lighthouse keeper, how do I become an AI engineer?", [("ai", "engineer")]),
        ("I'm a lighthouse keeper, can I move into AI engineering?", []),
        ("what do ML engineers earn?", []),  # no article: the plural asks about the job data's roles
        # before "salary" an adjective stands as often as a profession: only an owner asks about one
        ("Can I negotiate a higher salary after getting an offer?", []),
        ("what is a lighthouse keeper's salary?", [("lighthouse", "keeper's")]),
    ],
)
def test_the_professions_a_question_asks_about(question, roles):
    assert role_phrases(question) == roles


def test_the_catalog_knows_title_words_and_heading_counts(bm25):
    catalog = catalog_for(bm25)
    assert {"ai", "engineer", "manager"} <= catalog.title_words
    assert "analyst" not in catalog.title_words  # one employer's title only
    assert catalog.heading_df["harbor"] == 3
    assert catalog.heading_df["becoming"] == 1


@pytest.mark.parametrize(
    "question, foreign",
    [
        ("how do I become a certified lighthouse keeper?", ("certified", "lighthouse", "keeper")),
        ("what does a lighthouse keeper earn?", ("lighthouse", "keeper")),
        # one title word and a foreign one ("lighthouse"): another profession
        ("what is the salary of a lighthouse manager?", ("lighthouse", "manager")),
        # two title words: an AI role whatever its other words
        ("what does a lighthouse AI engineer earn?", None),
        # words in three headings ("harbor") or three pages ("store") are the guide's own
        ("whats the average salary of a harbor store manager?", None),
        # a title word outside the profession: a move from it into AI engineering
        ("can a lighthouse keeper become an AI engineer?", None),
        ("is a career as a lighthouse keeper or an AI engineer better?", None),
        ("is a career as a lighthouse keeper better?", ("lighthouse", "keeper", "better")),
        ("how do I become an AI engineer?", None),
        # one employer's title ("Data Analyst at Lumen") does not make a role of the job data
        ("I'm a lighthouse keeper, how do I become a data analyst?", ("data", "analyst")),
        ("I'm a lighthouse keeper, how do I become a product manager?", None),
        ("Can I negotiate a higher salary after getting an offer?", None),
        ("what is a lighthouse keeper's salary?", ("lighthouse", "keeper's")),
        # one title word, AI's own: AI work in some setting ("never had a prod AI job")
        ("never had a lighthouse AI job, how do I get close to it?", None),
        ("never had a lighthouse keeper job, how do I get close to it?", ("lighthouse", "keeper")),
    ],
)
def test_a_profession_the_corpus_never_names_as_a_role(bm25, question, foreign):
    assert foreign_role(question, catalog_for(bm25), EVERYDAY_PAGE_DF) == foreign


def test_a_question_about_another_profession_is_refused_as_off_topic(bm25):
    checker = AnswerabilityChecker(bm25, unknown_idf=5.0)
    assert checker.check("how do I become a certified lighthouse keeper?", PAGES) == Verdict(
        "none", "off-topic"
    )
    assert checker.check("what does a lighthouse keeper earn?", PAGES) == Verdict("none", "off-topic")
    # a named company is never off-topic here: the company checks decide
    assert checker.check("how do I become a lighthouse keeper at Quorvo?", PAGES).reason != "off-topic"
    assert checker.check("can a lighthouse keeper become an AI engineer?", PAGES).reason != "off-topic"


@pytest.fixture(scope="module")
def market_deps(tmp_path_factory):
    deps = market_fixture(tmp_path_factory.mktemp("role-scope"))
    yield deps
    deps.close()


def test_another_professions_pay_is_refused_by_the_guide_not_answered_from_the_job_data(market_deps):
    question = "what does a lighthouse manager earn?"
    assert market_deps.market.route_turn(question).route == "market"  # the router reads a manager's pay
    answer = Answerer(market_deps, None).ask(question)
    assert (answer.refused, answer.route, answer.market) == (True, "guide", None)
    assert answer.answer.startswith(OFF_TOPIC)
    manager = Answerer(market_deps, None).ask("what does an engineering manager earn?")
    assert manager.route == "market"  # the job data's own roles still go to the table


def test_the_web_path_sends_another_professions_pay_to_the_guides_refusal(market_deps):
    async def run() -> list:
        answerer = Answerer(market_deps, None)
        question = "what does a lighthouse manager earn?"
        return [e async for e in stream_answer(answerer, None, question, [], CountingWorkers())]

    *_, answer = asyncio.run(run())
    assert (answer.refused, answer.route, answer.market) == (True, "guide", None)
    assert answer.answer.startswith(OFF_TOPIC)
