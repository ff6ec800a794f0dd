"""How a company's own posting says it runs its hiring (rag/answer/posting_process.py): a sentence naming
the hiring process beside AI in screening, a background check, a shortlist, the camera, an in-person
interview or how long it takes; an interview step in a paragraph that ends in a notice; a process
heading whose paragraph goes on into a notice. Such lines answer a question about them, not one about
the steps ("interview rounds") or a step they do not name ("live coding"). Invented corpus, exact text."""

import pytest

from rag.answer.answerability import AnswerabilityChecker
from rag.answer.posting_process import PostingProcess, answers, names_steps, process_lines
from rag.index.bm25 import BM25Index
from tests.test_posting_process import FILLER, PAGE, posting


@pytest.mark.parametrize(
    "text, lines",
    [
        (
            "We reply fast. Our interview process tends to take about 4 weeks to complete.",
            ["Our interview process tends to take about 4 weeks to complete."],
        ),
        (
            "We use artificial intelligence in our hiring process. Learn more here.",
            ["We use artificial intelligence in our hiring process."],
        ),
        (  # the process and how it is run in two neighbouring sentences
            "Honesty is key to our hiring process. Answers written with AI remove you.",
            ["Honesty is key to our hiring process. Answers written with AI remove you."],
        ),
        (  # a list item glued to the next sentence by the source: the hiring sentence alone
            "- Communication: clear writing.As part of our hiring process, shortlisted candidates undergo a "
            "background check.",
            ["As part of our hiring process, shortlisted candidates undergo a background check."],
        ),
        (  # a step sentence in a paragraph ending in a notice: the step sentence
            "Candidates interviewing remotely must be on camera during video interviews. Let us know if you "
            "need accommodations.",
            ["Candidates interviewing remotely must be on camera during video interviews."],
        ),
        (
            "Hiring process\nInterested? Send your CV through our application portal. We are committed to "
            "recruiting people with disabilities.\nAbout us",
            ["Hiring process", "Interested? Send your CV through our application portal."],
        ),
        # "backgrounds" is no background check; a fee notice is not how it hires
        ("We welcome people of all backgrounds. Tell us what you need for the application process.", []),
        ("Tide-like Co does not charge fees at any stage of the recruitment process.", []),
        # the process and "verification" two sentences apart: not said of the process
        (
            "We follow employment eligibility verification rules. Our site is accessible. Ask for help with "
            "the application process.",
            [],
        ),
    ],
)
def test_lines_saying_how_the_hiring_process_is_run(text, lines):
    assert process_lines(text) == lines


AI_ONLY = PostingProcess(
    "posting:1", "AI Engineer", ("We use artificial intelligence in our hiring process.",), ()
)
VIDEO = PostingProcess(
    "posting:2",
    "AI Engineer",
    ("Candidates interviewing remotely must be on camera during video interviews.",),
    (),
)


@pytest.mark.parametrize(
    "process, question, answered",
    [
        (AI_ONLY, "does Quarnby use AI in its hiring process?", True),
        (AI_ONLY, "what's the hiring process at Quarnby?", True),
        (AI_ONLY, "what are Quarnby's interview rounds?", False),  # steps asked, none stated
        (AI_ONLY, "does Quarnby give a take-home?", False),
        (VIDEO, "does Quarnby do video interviews?", True),
        (VIDEO, "what are Quarnby's interview stages?", True),  # an interview step is stated
        (VIDEO, "does Quarnby do live coding?", False),  # the step asked is not named
    ],
)
def test_lines_answer_what_they_state(process, question, answered):
    assert answers(process, question) is answered
    assert names_steps(process) is (process is VIDEO)


QUARNBY = posting(
    21,
    "Quarnby",
    "AI Engineer",
    "We build agents.\nWe use artificial intelligence in our hiring process. Learn more.",
)


@pytest.fixture(scope="module")
def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(BM25Index().fit([PAGE, QUARNBY, *FILLER]), unknown_idf=5.0)


def test_a_question_about_ai_in_hiring_is_answered_from_the_posting(checker):
    verdict = checker.check("does Quarnby use AI in its interview process?", [QUARNBY, PAGE])
    assert (verdict.coverage, verdict.reason) == ("full", "posting-process")
    assert verdict.process.lines == ("We use artificial intelligence in our hiring process.",)


def test_a_question_about_rounds_keeps_the_no_write_up_reply(checker):
    verdict = checker.check("what are Quarnby's interview rounds?", [QUARNBY, PAGE])
    assert (verdict.coverage, verdict.reason, verdict.missing) == ("none", "postings-only", ("Quarnby",))
