"""What a place's law or the asker's employer requires, permits or grants (rag/answer/policy.py), and how
the policy check refuses it when no passage states a rule about it (rag/answer/policy.py)."""

import pytest

from rag.answer.answerability import Verdict, refusal_lead
from rag.answer.figures import parts
from rag.answer.policy import PolicyAsk, policy_or_rule_ask
from rag.answer.rule_asks import RuleAsk, rule_ask
from rag.places import place_in

KEYSTROKES = "is my employer allowed to track my keystrokes while I work remotely?"


@pytest.mark.parametrize(
    "question, ask",
    [
        (
            "as an EU citizen, do I need a B permit to take an AI engineer job in Tokyo?",
            RuleAsk("as an EU citizen, do I need a B permit to take an AI engineer job in Tokyo",
                    "do I need a", "Tokyo"),
        ),
        (KEYSTROKES, RuleAsk(KEYSTROKES.rstrip("?"), "is my employer allowed", None)),
        (
            "can my Dutch employer make me work weekends?",
            RuleAsk("can my Dutch employer make me work weekends", "can my Dutch employer make me", None),
        ),
        ("is a 13th-month bonus mandatory in Austria?",
         RuleAsk("is a 13th-month bonus mandatory in Austria", "mandatory", "Austria")),
        # the same frames asking for advice: no place, no employer of the asker, or a step into a job
        ("What do I need to learn to switch my job to AI engineering?", None),
        ("Can I move into AI engineering from my current job as a QA tester?", None),
        ("How can my company start hiring AI engineers?", None),
        ("will a recruiter actually open my github repos", None),
        ("Do I have to relocate to San Francisco to get an AI engineering job?", None),
        ("Do I need to speak German to get an AI engineering job in Berlin?", None),
        ("Can I switch to AI engineering while keeping my current job?", None),
        ("Do I have to quit my job to do the AI engineering buildcamp?", None),
        ("How much do AI engineers earn in London?", None),
    ],
)  # fmt: skip
def test_rule_ask(question, ask):
    assert rule_ask(question, parts(question), False) == ask


def test_a_named_employer_of_the_corpus_sets_its_own_rules_in_its_postings():
    question = "Quillbyte AI engineer: can I be remote from Denver?"
    assert rule_ask(question, parts(question), False) == RuleAsk(question.rstrip("?"), "can I", "Denver")
    assert rule_ask(question, parts(question), True) is None


@pytest.mark.parametrize(
    "text, place",
    [
        ("jobs in South Korea and in the UK", "South Korea"),  # the first one named, the longest name
        ("as an EU citizen, can I work in the UK?", "UK"),  # where it happens, not the asker's own
        ("a UK citizen working from Spain", "UK"),  # none after "in": the first
        ("a U.S. startup", "U.S."),
        ("salary in Texas", "Texas"),
        ("my German employer", None),  # an adjective names no jurisdiction
        ("a Nice job in Reading", None),  # capitalised words that are small towns or none
    ],
)
def test_place_in(text, place):
    assert place_in(text) == place


def test_a_legal_cue_comes_before_a_rule_frame():
    assert policy_or_rule_ask("Is it legal for my employer to read my chats?", False).kind == "legal"
    assert policy_or_rule_ask(KEYSTROKES, False) == PolicyAsk(
        "rule",
        KEYSTROKES.rstrip("?"),
        "is my employer allowed",
        ("track", "keystrok", "while", "work", "remot"),
        False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "question, other_parts",
    [
        (
            "do I need a BSN before I can start a job in Amsterdam, and how do I get one?",
            False,
        ),  # points back
        ("is a 13th-month bonus mandatory in Austria, and which skills do AI engineers need?", True),
    ],
)
def test_a_part_pointing_back_at_the_rule_asks_about_the_same_matter(question, other_parts):
    assert policy_or_rule_ask(question, False).other_parts is other_parts


@pytest.mark.parametrize(
    "place, where",
    [("Austria", "in Austria"), ("US", "in the US"), ("U.K.", "in the U.K.")],
)
def test_a_place_rule_refusal_says_the_guide_does_not_cover_that_places_law(place, where):
    verdict = Verdict("none", "policy-not-stated", ("is a 13th-month bonus mandatory",), place=place)
    assert refusal_lead(verdict) == (
        f"The field guide doesn't cover the law or rules {where} (“is a 13th-month bonus mandatory”): it is "
        "a guide to AI engineering careers, and none of the passages closest to the question states such a "
        "rule. What it has nearest to the question, such as job postings and pay figures, is below.",
        set(),
    )
    # without a place: the general policy refusal
    assert refusal_lead(Verdict("none", "policy-not-stated", ("is a 13th-month bonus mandatory",)))[
        0
    ].startswith("The field guide doesn't address that")
