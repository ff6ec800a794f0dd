"""Round fifty-seven, read from the round's first runs (near_domain129-132, unseen130-133); exact readings,
invented corpus:
- "X life insurance, what's the cover" and "X commuter benefits, how much do they actually cover" ask an
  amount of what they name;
- "funding to date + latest round", "raised in their last round" ask of a funding round; "Before X makes an
  offer" names X as the employer;
- "would they help me move" asks for a paid move (not "help me move forward"), and "we will support
  relocation" helps with one;
- an engineer's shorthand of title words ("FDE") stands after an employer as a title does;
- a remark of the ads ("The ads only call it generous") and a guess of the figure ("A week each, or
  longer?") ask nothing beside a duration;
- things of the jobs asked "per team", "each company", "at these orgs";
- a word no chunk uses, a clause on what the firm does, then jobs asked: an absent employer ("composio agent
  tooling - hiring AI engineers?");
- "monthly value?", "max coverage in dollars", "how much can I claim back" ask amounts; "what's the count?"
  a count."""

from __future__ import annotations

import pytest

from rag.answer.figure_kinds import kind_asks, money_asks
from rag.answer.interviews import as_employer, asks_interview_process
from rag.answer.own_passages import opens_job
from rag.answer.policy_cues import MOVE_PAID, RELOCATION_HELP
from rag.answer.question_words import tells
from rag.answer.thing_size import guessed_figure, thing_size
from rag.index.posting_names import title_words
from tests.test_answerability_round56 import (
    test_common_words_no_chunk_writes_together_are_one_thing_of_the_jobs as one_thing_of_the_jobs,
)


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("zentrix employer-paid life insurance, what's the cover", ("insur",)),
        ("zentrix life insurance, what is the coverage", ("insur",)),
        ("quorvo AI roles list commuter benefits, how much do they actually cover", ("commut",)),
        ("does the insurance cover dependents", ()),
        ("what's the cover", ()),
    ],
)
def test_a_cover_asked_after_what_gives_it_is_its_amount(part, thing):
    assert thing_size(part) == thing


@pytest.mark.parametrize(
    ("question", "process"),
    [
        ("quorvo funding to date + latest round", False),
        ("how much they raised in their last round and who led it", False),
        ("Quorvo valuation after the most recent round?", False),
        ("quorvo - what happens in the last round", True),
        ("I raised a concern in the last round of interviews at Quorvo, was that bad?", True),
    ],
)
def test_a_funding_round_is_no_hiring_step(question, process):
    assert asks_interview_process(question) is process


def test_an_employer_making_an_offer_is_the_employer_asked_about():
    question = "Before Brindlewood makes an offer for the AI role, do they ring your references?"
    assert as_employer("Brindlewood Health", question)
    assert not as_employer("Brindlewood Health", "I like Brindlewood a lot, do they ring your references?")


@pytest.mark.parametrize(
    ("text", "paid"),
    [
        ("would they help me move?", True),
        ("could they help us relocate", True),
        ("will this course help me move forward", False),
        ("help me move into ML", False),
    ],
)
def test_help_moving_the_asker_is_a_paid_move(text, paid):
    assert (MOVE_PAID.search(text) is not None) is paid


@pytest.mark.parametrize(
    ("sentence", "helps"),
    [
        ("We will support relocation for candidates interested in moving to SF.", True),
        ("Relocation is available for this role.", True),
        ("We assist with relocation.", True),
        ("You may relocate later.", False),
        ("Relocation is not possible.", False),
    ],
)
def test_a_posting_supporting_relocation_helps_with_a_move(sentence, helps):
    assert (RELOCATION_HELP.search(sentence) is not None) is helps


def test_an_engineers_shorthand_of_title_words_is_a_title_word():
    titles = {(c, "Forward Deployed Engineer") for c in ("A", "B", "C")} | {("D", "Software Engineer")}
    titles |= {(c, "AI Engineer (5+ years of experience)") for c in ("A", "B", "C")}
    common, _openers = title_words(titles)
    assert "fde" in common
    assert "swe" not in common  # "software" is in one employer's titles only
    assert "yoe" not in common  # years of experience: no role, though every word is in titles
    common, _openers = title_words({(c, "Forward Deployed Engineer") for c in ("A", "B")})
    assert "fde" not in common


@pytest.mark.parametrize(
    ("question", "others"),
    [
        ("How long is the parental leave plan at Quorvo? The ads only call it generous", False),
        ("How long is Quorvo's winter break for staff engineers? A week each, or longer?", False),
        ("How long is Quorvo's winter break? Also, is the role remote?", True),
    ],
)
def test_a_remark_or_a_guess_asks_nothing_beside_a_duration(question, others):
    (ask,) = kind_asks(question)
    assert ask.other_parts is others


def test_a_remark_of_the_ads_and_a_guess_of_the_figure():
    assert tells("The ads only call it generous")
    assert tells("the postings just say competitive")
    assert not tells("The ads say what exactly?")
    assert guessed_figure("A week each, or longer?")
    assert guessed_figure("maybe 3 days, or more")
    assert not guessed_figure("is it remote or hybrid")


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("company phone per team?", "company phone"),
        ("stack ranking at these orgs", "stack ranking"),
        ("stack ranking used by each company", "stack ranking"),
        ("company phone for every AI team?", "company phone"),
        # near a guide page: its topic in other words
        ("company phone per team?|0.65", None),
        # no jobs as a set
        ("stack ranking, each quarter", None),
    ],
)
def test_things_asked_of_each_team_or_company(question, thing):
    one_thing_of_the_jobs(question, thing)  # round 56's reading, over its invented index


@pytest.mark.parametrize(
    ("question", "unknown", "opens"),
    [
        ("zorblo parcel firm - machine learning engineer openings?", True, True),
        ("zorblo agent tooling - hiring AI engineers?", True, True),
        ("zorblo: any roles?", True, True),
        # a word the corpus has ("parcel") may be a word of the question, not a name
        ("parcel firm - machine learning engineer openings?", False, False),
        # no jobs asked after the clause
        ("zorblo for beginners - how do you read the map", True, False),
    ],
)
def test_a_word_no_chunk_uses_before_a_clause_and_jobs_names_an_employer(question, unknown, opens):
    first = question.split()[0].rstrip(":")
    assert opens_job(question, 0, len(first), unknown) is opens


@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("quorvo meal card: monthly value?", True),
        ("quorvo fertility benefit - max coverage in dollars?", True),
        ("Quorvo lists a wellbeing reimbursement. How much can I actually claim back each year?", True),
        ("is the monthly value of a mentor worth it", False),
    ],
)
def test_more_ways_to_ask_an_amount(question, money):
    assert bool(money_asks(question)) is money


def test_whats_the_count_asks_a_count():
    (ask,) = kind_asks("Quorvo ads list paid company holidays - what's the count?")
    assert ask.kind == "count"
    assert kind_asks("what is the count of jobs by city") == []
