"""A law named by acronym or in lower case, a tax, a worker's tax class, and an employer the law binds
(rag/answer/policy.py); a term no passage says; a place's law kept off the job data (branch policy19)."""

import asyncio

import pytest

from rag.answer.async_answer import stream_answer
from rag.answer.pipeline import Answerer
from rag.answer.policy import asks_law, policy_ask, policy_cover, policy_or_rule_ask
from rag.records import Chunk
from tests.answer_helpers import market_fixture
from tests.test_market_answers import CountingWorkers


def chunk(text: str) -> Chunk:
    return Chunk("c1", "d1", "page", "Notes", "", "https://example.org/notes", ["notes.md"], text, text, {})


@pytest.mark.parametrize(
    "question, kind, term, place",
    [
        ("Is it legal under GDPR for Quillbyte to record my interview?", "law", "GDPR", None),
        ("under the CCPA can I make a company delete my data?", "law", "CCPA", None),
        ("Under the CCPA, do I have the right to see my notes?", "law", "CCPA", None),  # before "right to"
        ("under ontario's working for workers act must ads say so?", "law", "working for workers act", None),
        ("does spain's beckham law apply if I move to madrid?", "law", "beckham law", None),
        ("What does employment law in Germany say about remote work?", "law", "employment law", "Germany"),
        ("do I pay tax in both countries if I work from Spain?", "tax", "tax", "Spain"),
        ("how are RSUs taxed in the UK?", "tax", "taxed", "UK"),
        ("what ryczałt tax rate applies to IT?", "tax", "tax", None),
        ("am I a W-2 employee or a 1099 contractor?", "contract", "W-2", None),
        ("can a California employer ask my pay?", "legal", "can a California employer", "California"),
    ],
)  # fmt: skip
def test_a_law_a_tax_or_a_tax_class_is_read(question, kind, term, place):
    ask = policy_or_rule_ask(question, False)
    assert (ask.kind, ask.term, ask.place) == (kind, term, place)


@pytest.mark.parametrize(
    "question",
    [
        "what falls under LLM engineering?",  # an acronym, but no law
        "Can I deploy my project under AWS free tier?",
        "Does Conway's law apply to AI teams?",
        "What are scaling laws?",
        "what should I wear to an interview at a law firm?",
        "what stack did the tax document chatbot take-home use?",  # a product's subject
        "what happens in column tax's interview panels?",  # a name
        "is the act of negotiating twice rude?",
        "Can a company hire me without a degree?",  # hiring, not a party the law binds
        "Do I need 2 years of Python for AI engineering?",
    ],
)
def test_no_law_or_tax_is_read(question):
    assert policy_ask(question) is None


def test_a_term_no_passage_says_is_not_covered_by_other_words_absent_too():
    weight = lambda s: 1.0  # noqa: E731
    ask = policy_ask("do my stock options keep vesting while I'm on parental leave?")
    benefits = chunk("We offer a learning budget and remote work.")  # none of the part's words, no "vest"
    vests = chunk("Equity vests over four years.")
    assert (policy_cover(ask, [benefits], weight), policy_cover(ask, [vests], weight)) == (0.0, 1.0)
    # a named employer's posting: its other parts (quoted whole) may state the term
    text = "Benefits: a learning budget."
    posting = Chunk("p1", "d2", "posting", "AI Engineer at Quillbyte", "", "https://x.org/p", ["p.yaml"],
                    text, text, {"company": "Quillbyte"})  # fmt: skip
    named = policy_ask("does Quillbyte keep vesting on parental leave?")
    assert policy_cover(named, [posting], weight, "does Quillbyte keep vesting on parental leave?") == 1.0


def test_a_law_named_is_answered_only_by_a_sentence_naming_it():
    weight = lambda s: 1.0  # noqa: E731
    question = "Is it legal under GDPR to record my remote interview?"
    ask = policy_ask(question)
    # a sentence of law with the rest of the part's words, but not about GDPR (read as a legal point before)
    legal = chunk("GDPR governs candidate data. Recording an interview remotely is not legal.")
    named = chunk("Under GDPR, recording a remote interview is legal only with consent.")
    covers = (policy_cover(ask, [legal], weight), policy_cover(ask, [named], weight))
    assert (ask.kind, covers) == ("law", (0.0, 1.0))


@pytest.mark.parametrize(
    "question, law",
    [
        ("if I work remotely from Spain for a US company, do I pay tax in both countries?", True),
        ("can a California employer ask what I earn now?", True),
        ("is a 13th-month salary mandatory in Switzerland?", True),  # a place's rule
        ("What do AI engineers earn in Spain?", False),
        ("Do postings offer visa sponsorship?", False),  # a contract term the postings' text may count
        ("Does Quillbyte sponsor visas?", False),
    ],
)
def test_a_places_law_or_a_tax_is_not_the_job_datas(question, law):
    assert asks_law(question, False) is law


@pytest.fixture(scope="module")
def market_deps(tmp_path_factory):
    deps = market_fixture(tmp_path_factory.mktemp("policy-law"))
    yield deps
    deps.close()


GERMANY = "how are AI engineer salaries taxed in Germany?"


def test_a_places_tax_asked_with_pay_words_is_the_guides_refusal_not_the_job_datas_pay(market_deps):
    assert market_deps.market.route_turn(GERMANY).route == "market"  # the router reads "salaries"
    answer = Answerer(market_deps, None).ask(GERMANY)
    assert (answer.refused, answer.route, answer.market) == (True, "guide", None)
    assert answer.answer.startswith("The field guide doesn't mention “Germany”")  # no fixture text has it
    # the job data's pay for the place itself is still the table's
    assert Answerer(market_deps, None).ask("what does an AI engineer earn in California?").route == "market"


def test_the_web_path_sends_a_places_law_to_the_guides_refusal(market_deps):
    async def run() -> list:
        answerer = Answerer(market_deps, None)
        return [e async for e in stream_answer(answerer, None, GERMANY, [], CountingWorkers())]

    *_, answer = asyncio.run(run())
    assert (answer.refused, answer.route, answer.market) == (True, "guide", None)
