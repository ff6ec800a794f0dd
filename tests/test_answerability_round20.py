"""Round twenty of the answerability check: pay stated the Indian way ("CTC", "LPA", lakhs), a posting's title
before a colon names no subject, a lower-case name the corpus never uses where a name goes (after "at",
"does", or in brackets), a word's length judged as written ("wedding" is no two-letter word), a profession
as the subject of the question ("does a lighthouse keeper need …"), a tax election, and a page's list of a
company's steps. Invented corpus, exact verdicts, with the neighbours each rule leaves alone."""

import pytest

from rag.answer.answerability import EVERYDAY_PAGE_DF, AnswerabilityChecker, Verdict
from rag.answer.figures import figure_ask, states_amount
from rag.answer.own_passages import name_position
from rag.answer.policy import policy_ask
from rag.answer.role_scope import foreign_role, role_phrases
from rag.answer.verdict import question_terms
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.index.text_tokens import tokenize
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(1, "page", "Interview process", "Most companies run a screen, a take-home and an onsite round."),
    chunk(2, "page", "Offers", "Compare offers by base pay, equity and the hiring timeline."),
    chunk(3, "page", "Visas", "Some employers sponsor visas; others need an existing right to work."),
    chunk(4, "page", "Career switch", "A teacher or an analyst can become an AI engineer with projects."),
    chunk(
        8,
        "page",
        "Timeline",
        "How long the hiring process takes varies; some loops are long, with many steps.",
    ),
    chunk(9, "page", "Checks", "Full stack hires often face a background check after the offer."),
]
POSTINGS = [
    chunk(
        5,
        "posting",
        "AI Engineer at Quorvo",
        "Location: Bengaluru. 3-5 years of experience in full stack work. Background checks after the final "
        "interview.",
        "Quorvo",
    ),
    chunk(
        6,
        "posting",
        "AI Engineer at Zentrix",
        "Location: Bengaluru. INR 16 Lakh to 24 Lakh (CTC).",
        "Zentrix",
    ),
    chunk(
        7,
        "posting",
        "AI Engineer at Lumen",
        "Location: Pune. Background checks take 2 weeks after the final interview.",
        "Lumen",
    ),
]


@pytest.fixture(scope="module")
def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(BM25Index().fit([*PAGES, *POSTINGS]), unknown_idf=5.0)


@pytest.mark.parametrize(
    "question",
    [
        "quorvo AI engineer bengaluru, what's the CTC?",
        "Quorvo AI engineer - CTC?",
        "what's the CTC range at Quorvo?",
    ],
)
def test_ctc_asks_for_pay(question):
    assert figure_ask(question) is not None


@pytest.mark.parametrize(
    "sentence, stated",
    [
        ("INR 16 Lakh to 24 Lakh (CTC).", True),
        ("Compensation: 10 LPA - 25 LPA", True),
        ("Salary: ₹25 Lakhs + bonus", True),
        ("Coverage up to three times your annual CTC.", False),  # a pay word, no amount
    ],
)
def test_lakhs_and_lpa_are_amounts(sentence, stated):
    assert states_amount(sentence, frozenset(tokenize(sentence))) is stated


def test_a_ctc_stated_by_another_employer_does_not_answer_one_about_quorvo(checker):
    question = "quorvo AI engineer bengaluru, what's the CTC?"
    verdict = checker.check(question, POSTINGS)
    assert (verdict.coverage, verdict.reason) == ("none", "figure-not-stated")
    covered = checker.check("zentrix AI engineer bengaluru, what's the CTC?", POSTINGS)
    assert (covered.coverage, covered.reason) == ("full", "covered")


def test_a_title_before_a_colon_is_not_what_a_duration_is_about(checker):
    # "3-5 years" stands beside "full stack", words of the title: no duration of the checks
    verdict = checker.check(
        "quorvo full stack engineer: how long do the background checks take?", POSTINGS[:1]
    )
    assert (verdict.coverage, verdict.reason) == ("none", "duration-not-stated")
    stated = checker.check("lumen full stack engineer: how long do the background checks take?", POSTINGS[2:])
    # (a background check is a hiring step: the posting's line naming it is quoted, round fifty-eight)
    assert (stated.coverage, stated.reason) == ("full", "posting-process")


@pytest.mark.parametrize(
    "question, word, named",
    [
        ("can I move there on the opportunity card (zorbleck) to job hunt?", "zorbleck", True),
        ("can I move there on the opportunity card ( zorbleck ) to job hunt?", "zorbleck", True),
        ("is the zorbleck card (for job hunting) worth it?", "zorbleck", False),  # not alone in brackets
    ],
)
def test_a_word_alone_in_brackets_stands_where_a_name_goes(question, word, named):
    term = next(t for t in question_terms(question) if t.surface == word)
    assert name_position(question, term.start, term.end) is named


def test_a_lower_case_name_the_corpus_never_uses_is_refused_where_a_name_goes(checker):
    verdict = checker.check("how many interview rounds does zorbleck have for an AI engineer?", PAGES)
    # first in the question before a title it is a name too (round twenty-four; it was named as missing)
    assert checker.check("zorbleck AI engineer - how many interview rounds?", PAGES) == Verdict(
        "none", "not-mentioned", ("zorbleck",)
    )
    assert verdict == Verdict("none", "not-mentioned", ("zorbleck",))
    glossed = checker.check(
        "can I move on the opportunity card (zorbleck) to find AI engineer offers?", PAGES
    )
    assert glossed == Verdict("none", "not-mentioned", ("zorbleck",))
    # one typo of a corpus word is forgiven there: "compnies" is "companies"
    typo = checker.check("how many interview rounds do compnies run for an AI engineer?", PAGES)
    assert typo.reason != "not-mentioned"


def test_a_words_length_is_judged_as_written_not_by_its_stem(checker):
    # "wedding" stems to "wed": three letters, but seven as written, so it is looked for like any word
    near = AnswerabilityChecker(checker.bm25, unknown_idf=5.0, domain_page_df=1)
    verdict = near.check("how do I compare offers for a wedding?", PAGES)
    assert verdict == Verdict("none", "missing-terms", ("wedding",))
    assert near.check("how do I compare offers in LA?", PAGES) == Verdict("full", "covered")


@pytest.mark.parametrize(
    "question, roles",
    [
        ("does a lighthouse keeper need an apprenticeship?", [("lighthouse", "keeper")]),
        ("can a lighthouse keeper get a license online?", [("lighthouse", "keeper")]),
        ("does a take-home have tests?", [("take-home",)]),
        ("what should a lighthouse keeper put on a resume?", [("lighthouse", "keeper")]),
        ("a lighthouse keeper needs what?", []),  # no asking verb before the article
    ],
)
def test_a_profession_asked_about_as_the_subject(question, roles):
    assert role_phrases(question) == roles


@pytest.mark.parametrize(
    "question, foreign",
    [
        ("does a lighthouse keeper need an apprenticeship?", ("lighthouse", "keeper")),
        # another role of the job data named: a move into AI engineering
        ("can a lighthouse keeper learn enough to get an AI engineer job?", None),
        ("does a teacher need a degree to become an AI engineer?", None),
    ],
)
def test_a_subject_profession_the_corpus_never_names(checker, question, foreign):
    assert foreign_role(question, catalog_for(checker.bm25), EVERYDAY_PAGE_DF) == foreign


def test_a_tax_election_is_a_policy_ask():
    ask = policy_ask("should I file an 83(b) election for my startup options?")
    assert (ask.kind, ask.term) == ("tax", "file an 83(b) election")
    assert policy_ask("do I need a tax election for stock?").term == "tax"
    assert policy_ask("who won the election at the meetup?") is None


LISTED = chunk(
    10,
    "page",
    "Interview process",
    "What candidates report.\n\nNorthwind Labs, Applied AI Engineer (Jan 2026):\n\n1. Coding\n"
    "2. Past project deep-dive\n3. Take-home assignment\n\nMost companies run a screen first.",
)
NORTHWIND = chunk(
    11, "posting", "AI Engineer at Northwind Labs", "Build agents. Location: Paris.", "Northwind Labs"
)


@pytest.fixture(scope="module")
def listing_checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(BM25Index().fit([*PAGES, *POSTINGS, LISTED, NORTHWIND]), unknown_idf=5.0)


@pytest.mark.parametrize(
    "question",
    [
        "How many rounds does the Northwind Labs interview have?",
        "How many steps are in the Northwind Labs process?",
    ],
)
def test_a_pages_list_after_a_line_naming_the_company_answers_how_many_rounds(listing_checker, question):
    assert listing_checker.check(question, [LISTED, NORTHWIND]) == Verdict("full", "covered")


def test_without_the_list_the_company_is_known_only_by_its_postings(listing_checker):
    verdict = listing_checker.check("How many rounds does the Northwind Labs interview have?", [NORTHWIND])
    assert (verdict.coverage, verdict.reason) == ("none", "postings-only")
    # the list names no other company's steps
    other = listing_checker.check("How many rounds does the Quorvo interview have?", [LISTED, POSTINGS[0]])
    assert (other.coverage, other.reason) == ("none", "postings-only")


def test_who_owns_a_side_project_is_a_contract_term():
    assert policy_ask("is my side project owned by my employer if I built it on weekends?").term == (
        "owned by my employer"
    )
    assert policy_ask("is the repo owned by a friend?") is None
