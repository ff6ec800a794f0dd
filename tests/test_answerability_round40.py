"""Round forty, read from near_domain40-62 and unseen64; exact verdicts, invented corpus:
- a question to the jobs as a set whose other words only frame the words no passage has ("wordle streak on
  the CV, any AI employer care about that lol") is refused, not answered in part;
- a perk's quantity asked "per month", its "cap" or "payout", that the employer's postings never state is
  no covered part beside an unstated size: the question is refused whole;
- a market refusal for words no column accounts for is handed to the guide when a page's line states them
  beside a figure ("Secondary/occasional FT | 94 | 15.1%"); the asker's own state opening the question
  ("im decent at LLM stuff but weak on ops - …") names no field;
- words of job seekers: "been through X's loop" is the hiring process, "the package in LPA" is pay, "deaf"
  asks to have the interviews adapted, and "<name> ai specialist" is that employer's AI job."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.employer_pay import pay_asks
from rag.answer.figure_kinds import money_asks
from rag.answer.interviews import asks_interview_process
from rag.answer.own_passages import unwritten_ai_names
from rag.answer.question_words import without_asker_clause
from rag.answer.set_asks import frames_only
from rag.index.bm25 import BM25Index
from rag.market.recorded import beyond_the_asker
from rag.market.stated_gap import asked_phrases, states_gap, stating_line
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round36 import posting
from tests.test_posting_process import CORPUS, GLIMMERDALE, PAGE


@pytest.mark.parametrize(
    ("question", "missing", "framed"),
    [
        ("favourite film question on AI job applications??", ("film",), True),
        ("wordle streak on the CV, any AI employer care about that lol", ("streak",), True),
        ("cat person or dog person - does any employer actually ask lol", ("cat", "dog"), True),
        ("Which of the AI jobs would be impressed by my stamp collection", ("stamp",), True),
        # GitHub is asked about too, and hiring managers are no set of jobs
        ("Do I need a consistent commit streak on GitHub to impress hiring managers?", ("streak",), False),
        ("are pure ML engineer jobs shrinking while AI engineer ones grow?", ("shrinking",), False),
        ("stakeholder wrangling part of the job?", ("wrangling",), False),
        # two words away from the missing one is content: "hacker" is not framing
        ("hacker news karma requirements for ai eng applicants", ("karma",), False),
        ("favourite film question on AI job applications??", (), False),
        # missing words in two parts: the second asks something of its own
        (
            "do any AI employers have a music room, and how do I prepare for the onsite?",
            ("room", "prepare"),
            False,
        ),
    ],
)
def test_the_jobs_as_a_set_and_words_that_only_frame_them(question, missing, framed):
    assert frames_only(question, missing) is framed


# Origami and chess are words of the guide's; no chunk has "streak".
HOBBIES = chunk(
    50, "page", "Hobbies", "Origami or chess on job applications: AI employers rarely care about hobbies."
)


def test_a_hobby_asked_of_the_jobs_as_a_set_is_refused_whole():
    bm25 = BM25Index().fit([*PAGES, *notes(8), HOBBIES])
    checker = AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)
    verdict = checker.check("origami streak on AI job applications?", [HOBBIES])
    assert verdict == Verdict("none", "missing-terms", ("streak",))


# Its wellness stipend, 401(k) and referral bonus come with no figure; its learning budget has one.
HARROWGATE = posting(
    52,
    "Harrowgate",
    "Benefits:\n- Wellness stipend for gym memberships\n- 401(k) with matching\n- Employee referral bonus\n"
    "- Learning budget of $1,500 a year\n- Team lunch once a month",
)


def perks_checker() -> AnswerabilityChecker:
    bm25 = BM25Index().fit([*PAGES, *notes(8), HARROWGATE])
    return AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        (
            "harrowgate ai engineer - wellness stipend per month and 401k match?",
            Verdict("none", "size-not-stated", ("wellness stipend per month", "401k match")),
        ),
        # the budget's figure is stated: the match is the part not covered
        (
            "harrowgate ai engineer - learning budget per year and 401k match?",
            Verdict("partial", "size-not-stated", ("401k match",)),
        ),
        (
            "harrowgate employee referral payout amount",
            Verdict("none", "size-not-stated", ("employee referral",)),
        ),
    ],
)
def test_a_perks_quantity_its_postings_never_state(question, verdict):
    assert perks_checker().check(question, [HARROWGATE]) == verdict


@pytest.mark.parametrize(
    ("question", "gap", "phrases"),
    [
        ("how often is FT just a secondary thing in AI-first ads", "secondary", ("secondary",)),
        ("presales share among ai-support postings", "presales", ("presales",)),
        # job words are never the asked thing (a gap of several words: test_answerability_round50.py)
        ("share of AI roles in the dataset", "roles", ()),
    ],
)
def test_the_words_a_free_gap_asks(question, gap, phrases):
    assert asked_phrases(question, gap) == phrases


SKILLS = chunk(
    53,
    "page",
    "Jobs analysis",
    "Depth of fine-tuning:\n| Secondary/occasional FT | 94 | 15.1% | FT mentioned but not core |\n"
    "| Sales | 21 | Pre-sales demos at 12% of roles |",
)


def test_a_guide_line_states_a_free_gap_beside_its_figure():
    assert states_gap("how often is FT just a secondary thing in AI-first ads", "secondary", [SKILLS]) == (
        0,
        "| Secondary/occasional FT | 94 | 15.1% | FT mentioned but not core |",
    )
    assert stating_line(SKILLS.text, ("presales",)) == "| Sales | 21 | Pre-sales demos at 12% of roles |"
    assert states_gap("share of postings with a piano", "piano", [SKILLS]) is None
    # a count of something else states no share of the postings
    trends = chunk(54, "page", "Trends", "- 62,000 tech layoffs in 2025, but hiring for AI grew.")
    assert states_gap("how many of the AI jobs are at companies with layoffs", "layoffs", [trends]) is None


@pytest.mark.parametrize(
    ("question", "rest"),
    [
        (
            "im decent at LLM stuff but weak on docker/k8s/ci - what share of AI-first roles want ops skills",
            "what share of AI-first roles want ops skills",
        ),
        ("I'm a backend dev. How many roles want Go?", " How many roles want Go?"),
        # nothing after the clause: the question is kept whole
        ("im a data engineer", "im a data engineer"),
        ("what share of roles want Go? I'm curious", "what share of roles want Go? I'm curious"),
    ],
)
def test_the_askers_own_state_opening_the_question(question, rest):
    assert without_asker_clause(question) == rest


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Has anyone been through Glimmerdale's loop for the AI job?", True),
        ("going through their hiring process next week, tips?", True),
        ("been through the visa process for the UK?", False),
    ],
)
def test_going_through_the_loop_is_the_hiring_process(question, asks):
    assert asks_interview_process(question) is asks


def test_the_package_in_lpa_is_pay():
    assert [a.part for a in money_asks("roughly what's the package in LPA")] == [
        "roughly what's the package in LPA"
    ]
    assert pay_asks("Is it full-time, and what's the package in LPA?") == ["what's the package in LPA"]
    assert money_asks("whats the relocation package in total") == []
    assert pay_asks("is there a relocation package?") == []


def test_a_deaf_candidate_asks_to_have_the_interviews_adapted():
    question = "I'm deaf and would need support during interviews - who do I contact at Glimmerdale"
    verdict = AnswerabilityChecker(BM25Index().fit(CORPUS), unknown_idf=5.0).check(
        question, [GLIMMERDALE, PAGE]
    )
    assert (verdict.coverage, verdict.reason) == ("full", "posting-process")
    assert verdict.process.lines == ("If you need accommodations during the interview process, let us know.",)


def test_an_employers_ai_specialist_job_is_no_other_company():
    brindlewood = posting(
        60, "Brindlewood Holdings", "AI Specialist - Senior Fullstack Engineer. Based in Pune."
    )
    bm25 = BM25Index().fit([*PAGES, *notes(8), brindlewood])
    checker = AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)
    named = checker.catalog.companies_in("Brindlewood Holdings")
    found = [
        unwritten_ai_names(bm25, checker.catalog, q, checker.key_idf, named)
        for q in (
            "brindlewood ai specialist fullstack - which city is it in",
            "brindlewood ai - any openings?",
        )
    ]
    assert found == [[], ["brindlewood ai"]]


def test_the_askers_words_name_no_field_unless_the_question_goes_on_about_them():
    def unrecorded(text: str) -> str | None:  # the desk's reading: the first word no column accounts for
        return next((w for w in ("decent", "golfer", "simulator") if w in text), None)

    decent = "im decent at LLM stuff but weak on docker - what share of AI-first roles want ops skills"
    golfer = "I'm a big golfer - do any of the AI roles come with a golf simulator on site"
    assert beyond_the_asker(decent, unrecorded) is None
    assert beyond_the_asker(golfer, unrecorded) == "golfer"
    assert beyond_the_asker("what share of roles want a decent laptop", unrecorded) == "decent"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab imAI-–,.?'0")), max_size=40))
def test_the_new_readings_take_any_text(text):
    """No text raises; what is left of a question is its end, and a gap's phrases are words of it."""
    assert isinstance(frames_only(text, ("ab",)), bool)
    assert text.endswith(without_asker_clause(text))
    assert all(p in text.lower() for p in asked_phrases(text, "ab bab"))
