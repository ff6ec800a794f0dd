"""Round fifty-eight, read from the round's first runs (near_domain133-136, unseen134-137); exact readings,
invented corpus:
- a home assignment, a paid or work trial, a case study, a background check or verification and phoning
  the asker's previous managers are hiring steps; "I'm interviewing for their role" is the asker's state;
- a posting's hiring lines answer a background or reference check only when they name one (or a check it
  verifies), and its sentences naming the check asked answer it;
- a one-word name in camel case is written as its two words ("sumer sports" for "SumerSports"), and a
  hiring word a few words after "does" and a name places it as the employer;
- "I can't see a number anywhere" asks nothing;
- "would they sponsor me" asks a contract term;
- "not" is no word of a thing ("might not pan out"); "DMing" is messaging; "ESOP" is employee stock options;
- a little nearer a guide page than before, two words no chunk writes side by side, each seldom on the guide's
  pages and neither a participle, are still one thing of the jobs ("incident commander duty for AI
  engineers")."""

from __future__ import annotations

import pytest

from rag.answer.compounds import unwritten_pair
from rag.answer.interviews import as_employer, asks_interview_process, spellings
from rag.answer.policy_cues import CONTRACT_ASK
from rag.answer.posting_process import PostingProcess, answers, asked_lines
from rag.answer.question_words import tells
from rag.answer.verdict import question_terms
from rag.answer.word_cover import equivalent
from rag.index.acronyms import camel_words
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.names import hiring_after
from rag.shorthand import spell_out
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round56 import (
    test_common_words_no_chunk_writes_together_are_one_thing_of_the_jobs as one_thing_of_the_jobs,
)


@pytest.mark.parametrize(
    ("question", "process"),
    [
        ("quorvo: paid trial project or home assignment?", True),
        ("does Quorvo do a work trial", True),
        ("quorvo ai engineer take-home or case study", True),
        ("pdq.com AI role background check?", True),
        ("Does Quorvo run a background verification before making an offer?", True),
        ("omni.co - do they phone my previous managers before offering", True),
        # the asker's state, then another ask
        ("Which company did Quorvo buy, and in what year? I'm interviewing for their staff AI role", False),
        ("I'm interviewing at Quorvo next week - how many rounds?", True),
        # no hiring step
        ("is the Quorvo trial period six months", False),
        ("my background is in physics, can I apply to Quorvo?", False),
        ("should I call my previous manager for advice", False),
        ("Will Quorvo phone my former boss?", True),
    ],
)
def test_more_hiring_steps_and_the_askers_own_interviews(question, process):
    assert asks_interview_process(question) is process


CHECKS = PostingProcess(
    "posting:3", "AI Engineer", ("Our process: a recruiter call, a technical interview, a team chat.",), ()
)
VERIFIED = PostingProcess("posting:4", "AI Engineer", ("Offers are contingent on a background check.",), ())


@pytest.mark.parametrize(
    ("process", "question", "answered"),
    [
        (CHECKS, "does Quorvo run a background check before the offer?", False),
        (CHECKS, "does Quorvo check references?", False),
        (CHECKS, "what are Quorvo's interview steps?", True),
        (VERIFIED, "does Quorvo run a background check before the offer?", True),
    ],
)
def test_hiring_lines_answer_a_check_only_when_they_name_it(process, question, answered):
    assert answers(process, question) is answered


def test_a_camel_case_name_is_written_as_its_two_words():
    assert camel_words("SumerSports") == ("sumer", "sports")
    assert camel_words("Quorvo") == ()
    assert camel_words("NVIDIA") == ()
    assert camel_words("OpenAI Labs") == ()  # not one word
    assert camel_words("GoTo") == ()  # parts too short to be words of a name
    assert "sumer\\W*sports" in spellings("SumerSports")
    question = "sumer sports ai application engineer take-home or case study"
    assert as_employer("SumerSports", question)


def test_the_two_words_of_a_camel_case_name_name_the_company():
    sumer = chunk(
        570, "posting", "AI Application Engineer at SumerSports", "Football analytics.", "SumerSports"
    )
    cat = catalog_for(BM25Index().fit([*PAGES, *notes(8), sumer]))
    assert [c.name for c in cat.companies_in("sumer sports: any take-home?")] == ["SumerSports"]
    assert [c.name for c in cat.companies_in("the interview at sumer sports")] == ["SumerSports"]
    assert cat.companies_in("which sumer sports do AI engineers play") == []  # not where an employer stands


def test_a_hiring_word_after_does_and_a_name_places_the_employer():
    words = "does happy dad hard seltzer check references before an offer".split()
    assert hiring_after(words, 1, 4)
    assert not hiring_after("does happy dad hard seltzer taste good".split(), 1, 4)


@pytest.mark.parametrize(
    ("text", "told"),
    [
        # a name's remark is no remark: "X lists a 401(k) - do they match" asks of what X lists
        ("Quorvo mentions a meal programme for lunch and dinner", False),
        ("Sounds like a fun perk but I can't see a number anywhere", True),
        ("couldn't find any figure in the ad", True),
        ("I can't see a number anywhere - what is it?", False),
        ("Quorvo mentions what exactly", False),
    ],
)
def test_a_remark_on_the_posting_or_on_a_missing_number_asks_nothing(text, told):
    assert tells(text) is told


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("zillow senior MLE: yrs wanted, and would they sponsor me", True),
        ("do they sponsor?", False),  # bare, beside a visa asked of the asker's own state
        ("will Quorvo sponsor international hires", True),
        ("company-sponsored hackathons?", False),
        ("who are the sponsors of the meetup", False),
    ],
)
def test_sponsoring_the_asker_is_a_contract_term(text, asked):
    assert (CONTRACT_ASK.search(text) is not None) is asked


def test_not_is_no_word_of_a_thing():
    index = BM25Index().fit([*PAGES, *notes(8)])
    question = "do the research roles have work that might not pan out"
    terms = {t.surface: t for t in question_terms(question)}
    assert not unwritten_pair(question, terms["not"], terms["pan"], catalog_for(index), index)


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("company phone for ai engineers?|0.55", "company phone"),
        ("company phone for ai engineers?|0.65", None),  # nearer still: the page's topic in other words
        ("interview phone for ai engineers?|0.55", None),  # "interview" is on every notes page
        ("interview phone for ai engineers?|0.45", "interview phone"),  # farther: as before
        ("company phoned for ai engineers?|0.55", None),  # a participle describes, names no thing
    ],
)
def test_a_pair_a_little_nearer_a_page_needs_seldom_words(question, thing):
    one_thing_of_the_jobs(question, thing)  # round 56's reading, over its invented index


def test_a_posting_naming_the_check_asked_answers_it():
    quorvo = chunk(
        571,
        "posting",
        "AI Engineer at Quorvo",
        "Build agents.\n\nOffers are contingent on a successful background check. A background in ML helps.",
        "Quorvo",
    )
    index = BM25Index().fit([*PAGES, *notes(8), quorvo])
    found = asked_lines(index, "Quorvo", [], "quorvo ai engineer - background check before the offer?")
    assert found is not None and found.lines == ("Offers are contingent on a successful background check.",)
    assert asked_lines(index, "Quorvo", [], "does quorvo call my references?") is None
    assert asked_lines(index, "Quorvo", [], "what stack does quorvo use?") is None
    verifies = PostingProcess(
        "posting:5", "AI Engineer", ("We verify employment history for all hires.",), ()
    )
    assert answers(verifies, "does Quorvo do background checks?")


def test_a_direct_message_and_an_esop_in_other_words():
    outreach = [chunk(572, "page", "Referrals", "Reach out to engineers with a short message.")]
    assert equivalent("DMing", outreach)
    assert not equivalent("DMing", PAGES)
    assert spell_out("any ESOP at quorvo?") == "any ESOP (employee stock options) at quorvo?"
