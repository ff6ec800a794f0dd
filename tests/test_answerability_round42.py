"""Round forty-two, read from near_domain65-68 and unseen66-69; exact verdicts, invented corpus:
- how things seem to the asker, their feelings and the people of their own story ("nobody seems to",
  "scary", "my boss", "the sort of companies") are no content a passage must have;
- the candidate's own thing asked of the jobs as a set in a clause ("care if you were in a rowing club",
  "make you sit a typing test first"), or named alone before them ("uniform waist size for ai jobs"); an
  employer's name inside the thing ("a Duolingo streak") does not make it that employer's question;
- "who led their latest round" asks about a funding round, not an interview's;
- the pay asked of an employer is that of the postings the question singles out, by a city or by a word
  of one title only ("celonis london hybrid? salary?": its London posting states none); "pay to relocate
  me" asks no pay;
- the market desk reads British spellings as the guide's American ones ("customisation"), "poster" as an
  employer and "combo" as skills asked together, and hands a question to the guide when a line of its
  analysis pages tallies what the postings table lacks ("research" of "| Research | 39 | 4.4% |")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.employer_pay import asked_postings, pay_asks, unpaid_asks
from rag.answer.interviews import asks_interview_process
from rag.answer.set_asks import asked_of_some, asks_of_candidates
from rag.index.bm25 import BM25Index
from rag.market.desk import MarketDesk
from rag.market.recorded import Rarity
from rag.market.stated_gap import analysis_chunks, guide_states_gap
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)
from tests.test_market_router import router  # noqa: F401 (the router fixture)


def checker_over(*extra) -> AnswerabilityChecker:
    bm25 = BM25Index().fit([*PAGES, *notes(8), *extra])
    return AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)


@pytest.mark.parametrize(
    "question",
    [
        "my boss seems scared of remote roles",
        "remote teams: nobody seems to want an office",
        "the sort of remote roles that is scary",
    ],
)
def test_the_askers_feelings_and_people_are_no_content(question):
    assert checker_over().check(question, PAGES) == Verdict("full", "covered")


def test_the_askers_other_words_still_are():
    assert checker_over().check("my boss seems scared of remote hackathons", PAGES) == Verdict(
        "partial", "missing-terms", ("hackathons",)
    )


@pytest.mark.parametrize(
    ("question", "thing", "of_candidates"),
    [
        ("which companies care if you were in a rowing club at uni", "rowing club", True),
        ("do any AI eng postings care if you play a musical instrument", "musical instrument", True),
        ("any AI roles that make you sit a typing test first", "typing test", True),
        ("uniform waist size for ai jobs", "uniform waist size", False),
        ("office floor number per job?", "office floor number", False),
        ("ucas points for ai grad schemes", "ucas points", False),
        # a question of the guide's, not a thing before the jobs
        ("what skills for ai jobs", None, False),
        ("python for ai jobs", None, False),  # one word: the guide's to answer
    ],
)
def test_the_candidates_own_thing_asked_of_the_jobs(question, thing, of_candidates):
    assert asked_of_some(question) == thing
    assert asks_of_candidates(question) is of_candidates


def test_an_employers_name_inside_the_thing_asked():
    question = "Do any of these postings ask for a Duolingo streak as proof you're learning a language?"
    assert asked_of_some(question, ["Duolingo"]) == "Duolingo streak"
    # the employer's own postings may say what it asks for
    assert asked_of_some("does duolingo ask for a streak", ["Duolingo"]) is None


# Typing and tests, never a typing test; Fenwick's posting has a streak of no language app.
TYPING = chunk(
    40, "page", "Tests", "Roles make you write the test first; typing your code fast matters less."
)
FENWICK = chunk(
    41,
    "posting",
    "AI Engineer at Fenwick",
    "Fenwick postings show proof of learning: a streak of releases.",
    "Fenwick",
)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        (
            "any AI roles that make you sit a typing test first",
            Verdict("none", "missing-terms", ("typing test",)),
        ),
        (
            "do any of the postings ask for a Fenwick streak as proof of learning",
            Verdict("none", "missing-terms", ("Fenwick streak",)),
        ),
    ],
)
def test_the_thing_no_chunk_writes_in_a_row_is_refused(question, verdict):
    assert checker_over(TYPING, FENWICK).check(question, [TYPING, FENWICK]) == verdict


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("nory founding ai product eng - team size + who led their latest round", False),
        ("how much did the seed round raise", False),
        ("who led the series b round at quorvo", False),
        ("how many rounds does quorvo have", True),
        ("what was the latest round like at quorvo", True),
        ("quorvo final round: system design?", True),
    ],
)
def test_a_funding_round_is_no_interview_round(question, asks):
    assert asks_interview_process(question) is asks


def test_a_british_spelling_is_the_guides_american_one(engine):  # noqa: F811
    question = "What share of the postings treat model customisation as the core of the role?"
    everyday = MarketDesk(engine, lambda: Rarity({"custom": 4, "core": 4, "model": 4}, {}))
    assert everyday.unrecorded_words(question) is None
    # without the American spelling on the guide's pages it names an attribute the table lacks
    british = MarketDesk(engine, lambda: Rarity({"core": 4, "model": 4}, {}))
    assert british.unrecorded_words(question) == "customisation"


def test_a_poster_is_an_employer_and_a_combo_is_skills_together(router):  # noqa: F811
    top = router.route("biggest single poster of ai eng jobs in the data")
    assert (top.route, top.spec.measure, top.spec.field) == ("market", "top", "company")
    combo = router.route("python plus docker - what share of jobs want that combo")
    assert (combo.route, combo.spec.measure) == ("market", "cooccur")


ANALYSIS = chunk(
    50, "page", "Jobs analysis", "| Role type | Jobs | % |\n| Research | 39 | 4.4% |\n| Applied | 856 |"
)
OTHER_PAGE = chunk(51, "page", "Notes", "| Research | 12 | 3% |")


def test_the_analysis_pages_tally_what_the_table_lacks(router):  # noqa: F811
    assert analysis_chunks([ANALYSIS, OTHER_PAGE], ANALYSIS.source_paths) == (ANALYSIS,)

    def nothing(query, depth, filters):
        return []

    def states(question, gap):
        return guide_states_gap(router.extractor, nothing, question, gap, 8, (ANALYSIS,))

    assert states("research AI roles, how many?", "research")
    assert states("Research roles share?", "Research roles")  # "roles" is a job word, no word of the gap
    assert states("Research labs share?", "Research labs") is False  # no line has the two words
    assert states("applied AI roles, how many?", "applied")  # a table's number counts what its row lists


def test_the_desk_hands_a_tallied_gap_to_the_guide(engine):  # noqa: F811
    desk = MarketDesk(engine, lambda: Rarity({}, {}), lambda: (ANALYSIS,))

    def nothing(query, depth, filters):
        return []

    assert desk.guide_states("research AI roles, how many?", "research", nothing, 8)
    assert not desk.guide_states("research AI roles, how many?", "occasional", nothing, 8)


def located(n: int, company: str, title: str, location: str, text: str, compensation=None):
    c = chunk(n, "posting", f"{title} at {company}", text, company)
    return replace(c, metadata={**c.metadata, "location": location, "compensation": compensation})


# Draven's London posting states no pay; its New York one does.
DRAVEN_LONDON = located(
    60, "Draven", "Senior AI Engineer", "London, GBR", "Hybrid: three days a week in London."
)
DRAVEN_NY = located(
    61,
    "Draven",
    "AI Solutions Engineer - Orbit",
    "New York, USA",
    "Hybrid in New York. Salary: 90,000-95,000 USD.",
    {"min": 90000.0, "max": 95000.0, "currency": "USD", "period": "year", "text": "90,000-95,000 USD"},
)


@pytest.mark.parametrize(
    ("question", "locations"),
    [
        ("draven london hybrid? salary?", ["London, GBR"]),
        ("draven new york ai eng: hybrid? salary?", ["New York, USA"]),
        ("draven orbit eng - salary?", ["New York, USA"]),  # a word of one title only
        ("draven ai eng: hybrid? salary?", ["London, GBR", "New York, USA"]),
    ],
)
def test_the_postings_a_question_singles_out(question, locations):
    checker = checker_over(DRAVEN_LONDON, DRAVEN_NY)
    (company,) = checker.catalog.companies_in(question)
    assert [p.location for p in asked_postings(question, company, checker.catalog)] == locations


def test_the_pay_of_the_posting_in_the_city_asked():
    checker = checker_over(DRAVEN_LONDON, DRAVEN_NY)
    (company,) = checker.catalog.companies_in("Draven")
    documents = [DRAVEN_LONDON, DRAVEN_NY]
    assert unpaid_asks("draven london hybrid? salary?", company, checker.catalog, documents) == (
        ("salary",),
        False,
    )
    assert unpaid_asks("draven ai eng: hybrid? salary?", company, checker.catalog, documents) == ((), False)
    assert unpaid_asks("draven new york: hybrid? salary?", company, checker.catalog, documents) == ((), False)


def test_a_thing_opening_the_question_with_the_employers_name_is_the_employers():
    assert asked_of_some("toku token spend limits", ["Toku"]) is None
    assert asked_of_some("token spend limits") == "token spend"


def test_pay_to_relocate_asks_no_pay():
    assert pay_asks("would draven pay to relocate me to NYC for the AI engineer contract?") == []
    assert pay_asks("draven AI engineer contract: what does it pay?") == [
        "draven AI engineer contract: what does it pay"
    ]
