"""A company with no interview write-up whose own posting states its hiring process: the answer
quotes the posting's process lines (rag/answer/posting_process.py); a posting that only lists benefits,
an equal-opportunity line, a pay range "assessed during the interview process" or an accommodation
notice keeps the "no write-up" reply, unless the question asks to have the interviews adapted; "onsite
or remote" asks where the job is, not about an onsite round. A figure asked of the process must be
stated in the quoted lines (a count of steps: by the steps listed), else it is refused, or named as not
covered beside the rest. Invented corpus, exact verdicts and text."""

import pytest

from rag.answer.answerability import AnswerabilityChecker
from rag.answer.interviews import asks_interview_process
from rag.answer.posting_process import (
    PostingProcess,
    asked_lines,
    posting_process,
    process_lines,
    quoted_chunk,
    render_process,
)
from rag.index.bm25 import BM25Index
from rag.records import Chunk

URL = "https://example.org/"


def posting(n: int, company: str, title: str, text: str, section: str = "Description") -> Chunk:
    path = f"job-market/data_raw/{n}.yaml"
    meta = {"company": company}
    return Chunk(
        f"c{n}#{section}", f"posting:{n}", "posting", f"{title} at {company}", section, URL + path, [path],
        text, f"{title} at {company}\n{text}", meta,
    )  # fmt: skip


PAGE = Chunk(
    "p1", "page:1", "page", "Interview process", "", URL + "interview/1.md", ["interview/1.md"],
    "Most companies run a screen, a take-home and an onsite round.",
    "Interview process\nMost companies run a screen, a take-home and an onsite round.", {},
)  # fmt: skip
FERNHOLT_TEXT = """We build agents for shipping clerks.
Perks
- Free lunches
Our hiring process
We keep it short and tell you where you stand.
It usually looks like this:
- Intro call with a recruiter
- Pairing interview on a real ticket
- Two-hour take-home, reviewed with the team
About us
Fernholt is an equal opportunity employer."""
FERNHOLT = posting(11, "Fernholt", "AI Engineer", FERNHOLT_TEXT)
FERNHOLT_OTHER = posting(
    12, "Fernholt", "Staff AI Engineer", "You will be evaluated on agent design in the interviews."
)
GLIMMERDALE = posting(
    13, "Glimmerdale", "Senior AI Engineer",
    "Benefits\n- Gym budget\n- Pension\nGlimmerdale is an equal opportunity employer.\n"
    "Salary depends on skills assessed during the interview process.\n"
    "If you need accommodations during the interview process, let us know.",
)  # fmt: skip
CORPUS = [PAGE, FERNHOLT, FERNHOLT_OTHER, GLIMMERDALE]


@pytest.fixture(scope="module")
def checker() -> AnswerabilityChecker:
    """The check over the invented corpus; its `bm25` is the corpus's index."""
    return AnswerabilityChecker(BM25Index().fit(CORPUS), unknown_idf=5.0)


def test_a_process_heading_gives_its_lines_to_the_next_heading():
    assert process_lines(FERNHOLT_TEXT) == [
        "Our hiring process",
        "We keep it short and tell you where you stand.",
        "It usually looks like this:",
        "- Intro call with a recruiter",
        "- Pairing interview on a real ticket",
        "- Two-hour take-home, reviewed with the team",
    ]


@pytest.mark.parametrize(
    "text, lines",
    [
        (
            "You will be evaluated on agent design in the interviews.",
            ["You will be evaluated on agent design in the interviews."],
        ),
        ("Salary depends on skills assessed during the interview process.", []),  # a pay range
        ("If you need accommodations during the interview process, let us know.", []),
        ("We never charge a fee at any stage of the interview process.", []),  # a fraud notice
        ("- Take notes in customer interview sessions and assess workflows", []),  # a duty, not hiring
        ("Our process\n- Write specs\n- Ship weekly", []),  # a process heading with no hiring step
        ("Benefits\n- Gym budget\nWe are an equal opportunity employer.", []),
    ],
)
def test_a_line_states_the_process_only_with_a_step_beside_interview(text, lines):
    assert process_lines(text) == lines


def test_no_write_up_but_a_posting_with_its_process_is_answered_from_it(checker):
    verdict = checker.check("what's Fernholt's interview process for AI engineers?", [FERNHOLT, PAGE])
    assert (verdict.coverage, verdict.reason, verdict.company.name) == ("full", "posting-process", "Fernholt")
    assert verdict.process.doc_id == "posting:11"
    assert render_process(verdict.process, "Fernholt", "what's Fernholt's interview process?") == (
        "The field guide has no interview write-up for Fernholt, but its job posting “AI Engineer” "
        "describes how the company hires. Quoted from the posting (the employer's own words, not an "
        "interview write-up):"
        "\n\n**Our hiring process**\n\nWe keep it short and tell you where you stand.\n\n"
        "It usually looks like this:\n\n- Intro call with a recruiter\n- Pairing interview on a real ticket\n"
        "- Two-hour take-home, reviewed with the team [1]"
    )


def test_the_posting_the_question_names_comes_first(checker):
    process = posting_process(checker.bm25, "Fernholt", [FERNHOLT_OTHER, PAGE])
    assert (process.doc_id, process.lines) == (
        "posting:12",
        ("You will be evaluated on agent design in the interviews.",),
    )


def test_a_how_long_question_gets_the_line_with_the_duration_first(checker):
    process = posting_process(checker.bm25, "Fernholt", [FERNHOLT])
    text = render_process(process, "Fernholt", "how long is Fernholt's take-home?")
    assert text.split("\n\n")[1] == "**Two-hour take-home, reviewed with the team**"
    assert text.endswith("- Pairing interview on a real ticket [1]")


def test_of_two_durations_the_one_sharing_the_questions_words_goes_first():
    process = PostingProcess(
        "posting:9", "AI Engineer", ("Hiring steps", "- A 30-minute call", "- The process takes 3 weeks"), ()
    )
    text = render_process(process, "Fernholt", "how long does the hiring process take?")
    assert text.split("\n\n")[1:] == [
        "**The process takes 3 weeks**",
        "**Hiring steps**",
        "- A 30-minute call [1]",
    ]


def test_benefits_eeo_pay_and_accommodation_lines_keep_the_no_write_up_reply(checker):
    verdict = checker.check("what are Glimmerdale's interview rounds?", [GLIMMERDALE, PAGE])
    assert (verdict.coverage, verdict.reason, verdict.missing) == ("none", "postings-only", ("Glimmerdale",))
    assert verdict.process is None


def test_asked_to_adapt_the_interviews_the_accommodation_line_answers(checker):
    question = "Glimmerdale AI engineer - can I ask them to adjust the interview for me?"
    verdict = checker.check(question, [GLIMMERDALE, PAGE])
    assert (verdict.coverage, verdict.reason) == ("full", "posting-process")
    # the accommodation sentence only, not the equal-opportunity or pay lines beside it
    assert verdict.process.lines == ("If you need accommodations during the interview process, let us know.",)
    assert asked_lines(checker.bm25, "Fernholt", [FERNHOLT], "can I ask Fernholt for extra time?") is None


@pytest.mark.parametrize(
    "question, asks",
    [
        ("Fernholt lead AI engineer: onsite or remote, and pay?", False),  # the workplace
        ("is the Fernholt job hybrid or onsite?", False),
        ("does Fernholt have an onsite round?", True),
        ("does Fernholt run an onsite?", True),
        ("remote interviews at Fernholt - how many?", True),
    ],
)
def test_onsite_beside_remote_or_hybrid_is_the_workplace_not_a_round(question, asks):
    assert asks_interview_process(question) is asks


# Pages on other topics, so that the process's words weigh something (idf) as in a real index.
FILLER = [
    Chunk(
        f"f{i}",
        f"page:f{i}",
        "page",
        f"Notes {i}",
        "",
        URL + f"notes/{i}.md",
        [f"notes/{i}.md"],
        f"Vector search notes, part {i}: chunk sizes and embeddings.",
        f"Notes {i}\nVector search notes.",
        {},
    )  # fmt: skip
    for i in range(8)
]


@pytest.fixture(scope="module")
def weighed() -> AnswerabilityChecker:
    """The check over the invented corpus with FILLER pages."""
    return AnswerabilityChecker(BM25Index().fit([*CORPUS, *FILLER]), unknown_idf=5.0)


@pytest.mark.parametrize(
    "question, passages, verdict",
    [
        # the quoted lines state it: answered from the posting
        ("how long is Fernholt's take-home interview?", [FERNHOLT], ("full", "posting-process", ())),
        # a count of steps: the steps the quoted lines list answer it (no number computed)
        ("how many interview rounds does Fernholt have?", [FERNHOLT], ("full", "posting-process", ())),
        ("how many interview stages are there at Fernholt?", [FERNHOLT], ("full", "posting-process", ())),
        # not in the quoted lines: the figure's refusal, as for any answer
        (
            "how many weeks does Fernholt's hiring process take?",
            [FERNHOLT],
            ("none", "duration-not-stated", ("how many weeks does Fernholt's hiring process take",)),
        ),
        (
            "what percentage of candidates pass Fernholt's interviews?",
            [FERNHOLT],
            ("none", "share-not-stated", ("what percentage of candidates pass Fernholt's interviews",)),
        ),
        # one line, no list: a count of rounds is not stated
        (
            "how many interview rounds does Fernholt have?",
            [FERNHOLT_OTHER],
            ("none", "count-not-stated", ("how many interview rounds does Fernholt have",)),
        ),
        # a count of something other than its steps is not answered by the list
        (
            "how many candidates does Fernholt interview per role?",
            [FERNHOLT],
            ("none", "count-not-stated", ("how many candidates does Fernholt interview per role",)),
        ),
    ],
)
def test_a_figure_asked_of_a_posting_process_must_be_stated_in_its_quoted_lines(
    weighed, question, passages, verdict
):
    got = weighed.check(question, [*passages, PAGE])
    assert (got.coverage, got.reason, got.missing) == verdict
    assert (got.process is not None) is (verdict[0] == "full")


def test_a_figure_not_stated_beside_another_part_quotes_the_process_and_names_the_figure(weighed):
    question = "what's Fernholt's interview process, and how many weeks does it take?"
    verdict = weighed.check(question, [FERNHOLT, PAGE])
    assert (verdict.coverage, verdict.reason, verdict.missing) == (
        "partial",
        "duration-not-stated",
        ("how many weeks does it take",),
    )
    assert (verdict.company.name, verdict.process.doc_id) == ("Fernholt", "posting:11")


def test_the_figure_is_checked_in_the_quoted_lines_only():
    process = posting_process(BM25Index().fit(CORPUS), "Fernholt", [FERNHOLT])
    chunk = quoted_chunk(process)
    assert (chunk.id, chunk.doc_id, chunk.title) == ("c11#Description#process", "posting:11", FERNHOLT.title)
    assert chunk.text == "\n".join(process.lines)
    assert "Perks" not in chunk.text and "equal opportunity" not in chunk.text
