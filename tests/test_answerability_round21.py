"""Round twenty-one of the answerability check: a code of digits and capitals the corpus never writes
("409A") is a name; a word the passages lack inside a policy part is the term's own qualifier ("the
platinum talent visa": that part is not stated, not a talent visa answered with one word missing); and
only a word of the AI or software trade moves a question about another profession into AI engineering
("the fitness test" is no AI role). Invented corpus, exact verdicts, with the neighbours each rule leaves
alone."""

import pytest

from rag.answer.answerability import EVERYDAY_PAGE_DF, AnswerabilityChecker, Verdict
from rag.answer.policy import policy_or_rule_ask
from rag.answer.role_scope import foreign_role
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(
        1,
        "page",
        "Offers",
        "Compare startup offers by base pay, equity and the strike price of your options.",
    ),
    chunk(2, "page", "Visas", "Some employers sponsor a work visa when you move for an AI engineer role."),
    chunk(3, "page", "Career switch", "A teacher or an analyst can become an AI engineer with projects."),
    chunk(4, "page", "Testing", "Test your LLM app with evals; a test set of real questions helps."),
    chunk(
        5,
        "page",
        "Visa routes",
        "A talent visa lets AI engineers move with an offer; the H1B needs a lottery.",
    ),
]
POSTINGS = [
    chunk(
        6,
        "posting",
        "Test Engineer at Quorvo",
        "Location: Berlin. You will test our models. We sponsor a work visa for AI engineers who move.",
        "Quorvo",
    ),
    chunk(
        8, "posting", "QA Test Engineer at Veltro", "Location: Lyon. Test our product with evals.", "Veltro"
    ),
    chunk(9, "posting", "AI Product Engineer at Veltro", "Ship product features on LLMs.", "Veltro"),
    chunk(10, "posting", "Product Manager at Quorvo", "Own the product roadmap.", "Quorvo"),
    # three employers' titles: "test" and "product" are title words (posting_names.TITLE_WORD_EMPLOYERS)
    chunk(11, "posting", "Test Lead at Nimbar", "Lead testing of our AI product.", "Nimbar"),
    chunk(12, "posting", "Product Designer at Nimbar", "Design AI product flows.", "Nimbar"),
]


@pytest.fixture(scope="module")
def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(BM25Index().fit([*PAGES, *POSTINGS]), unknown_idf=5.0)


def test_a_code_the_corpus_never_writes_is_a_name(checker):
    question = "my startup's strike price comes from a 409A valuation - how is that set?"
    assert checker.check(question, PAGES[:1]) == Verdict("none", "not-mentioned", ("409A",))
    # a code the corpus writes, and an amount, are not
    assert checker.check("do I need the H1B lottery to move as an AI engineer?", PAGES[4:]).reason != (
        "not-mentioned"
    )
    assert checker.check("is a 200K base pay with options a good offer?", PAGES[:1]).reason != "not-mentioned"


def test_a_word_the_passages_lack_inside_a_visa_part_is_the_visa_asked():
    # a word of the corpus (a posting's "platinum"), so that it is a key word the passages lack
    posting = chunk(
        7, "posting", "ML Engineer at Quorvo", "Platinum health cover. We sponsor visas.", "Quorvo"
    )
    checker = AnswerabilityChecker(BM25Index().fit([*PAGES, posting]), unknown_idf=2.0)
    passages = PAGES[1:2] + PAGES[4:]
    part = "can I move as an AI engineer on the platinum talent visa"
    assert checker.check(part + "?", passages) == Verdict("none", "policy-not-stated", (part,))
    assert checker.check("can I move as an AI engineer on a talent visa?", passages).coverage == "full"


@pytest.mark.parametrize(
    "question, foreign",
    [
        ("what's the fitness test to become a firefighter?", ("firefighter",)),
        ("how do I become a firefighter?", ("firefighter",)),
        # a word of the AI trade outside the profession: a move into AI engineering
        ("can a firefighter become an AI engineer?", None),
        # "product", a title word of the software trade: "a proper setup" is no profession here
        ("if all I do is pulling product attributes out of a photo, what does a proper setup need?", None),
    ],
)
def test_only_a_word_of_the_trade_moves_a_profession_into_ai(checker, question, foreign):
    assert foreign_role(question, catalog_for(checker.bm25), EVERYDAY_PAGE_DF) == foreign


def test_the_employers_as_a_set_asked_a_thing_no_passage_names_is_not_covered():
    # the employers as a set ("the companies hiring AI engineers", "an employer in the job list"): quoting
    # a few passages answers no part of what they have
    text = "Companies hiring AI engineers list offices, an employer in the job list, free perks at the office"
    pages = [chunk(30 + i, "page", f"Market {i}", f"{text}, accessible teams {i}.") for i in range(3)]
    posting = chunk(
        20, "posting", "AI Engineer at Quorvo", "Wheelchair users welcome. A barber visits.", "Quorvo"
    )
    checker = AnswerabilityChecker(BM25Index().fit([*PAGES, *pages, *POSTINGS, posting]), unknown_idf=2.0)
    passages = [*pages, *POSTINGS]
    for question, missing in [
        ("are the offices of the companies hiring AI engineers wheelchair accessible?", "wheelchair"),
        ("is there an employer in the job list with a free barber at the office?", "barber"),
    ]:
        assert checker.check(question, passages) == Verdict("none", "missing-terms", (missing,))
    covered = checker.check("are the offices of the companies hiring AI engineers accessible?", passages)
    assert covered.coverage == "full"


@pytest.mark.parametrize(
    "question, term",
    [
        ("is the syntec collective agreement binding for AI engineers?", "collective agreement"),
        (
            "does a collective bargaining agreement cover AI engineers in Sweden?",
            "collective bargaining agreement",
        ),
        ("do AI engineers ever work under a union contract?", "union contract"),
        ("is there a union for AI engineers?", None),
    ],
)
def test_a_sector_agreement_is_a_contract_term(question, term):
    ask = policy_or_rule_ask(question, employer_named=False)
    assert (ask.term if ask else None) == term
