"""Round twenty-one of the amount and size asks, read from near-domain misses: a pay figure asked as "the
actual salary number", "the hiring range" or what a pay component is "worth"; a rate of a thing as its
size ("the 401k match rate"); and an employer typed in lower case at the question's start before its job
title, which then counts only in its own passages. Exact parts, with the neighbours left alone."""

import pytest

from rag.answer.asks import SizeAsk, size_asks
from rag.answer.employer_asks import unstated_sizes
from rag.answer.figures import figure_ask
from rag.answer.interviews import written
from tests.test_answerability_round10 import chunk


@pytest.mark.parametrize(
    "question, part",
    [
        ("granola AI engineer: they say above market - what's the actual salary number?",
         "granola AI engineer: they say above market - what's the actual salary number"),
        ("it mentions a hiring range - what is it?", "it mentions a hiring range - what is it"),
        ("what are the performance bonuses worth?", "what are the performance bonuses worth"),
        # a judgement, or a thing that is no pay component: no amount asked
        ("is a master's degree worth it for AI engineering?", None),
        ("what is a good portfolio worth to recruiters?", None),
        ("what is the hiring process like?", None),
    ],
)  # fmt: skip
def test_an_amount_asked_in_other_words(question, part):
    ask = figure_ask(question)
    assert (ask.part if ask else None) == part


def test_a_rate_of_a_thing_is_its_size():
    assert size_asks("Acme AI engineer - pay range, and what's the 401k match rate?") == [
        SizeAsk("what's the 401k match rate", ("401k", "401", "match"))
    ]
    assert size_asks("Acme AI engineer - pay range, and what's the interview pass rate like?") == []


@pytest.mark.parametrize(
    "name, question, expected",
    [
        ("Granola", "granola AI engineer london - what's the salary?", True),
        ("Granola", "granola - what's the salary for the AI engineer?", True),
        ("Retool", "retool my resume for AI roles?", False),
        ("Granola", "is granola a good snack for interview days?", False),
        ("Granola", "Is Granola hiring AI engineers?", True),
    ],
)
def test_an_employer_typed_in_lower_case_opens_the_question(name, question, expected):
    assert written(name, question) is expected


def test_a_kind_of_thing_asked_beside_the_pay_is_no_thing_the_posting_must_name():
    posting = chunk(
        1, "posting", "AI Engineer at Acme", "Base $150,000. Free lunch and an onsite gym.", "Acme"
    )
    assert unstated_sizes("Acme AI engineer salary and perks?", [posting], ["Acme"], [posting]) == ()
    assert unstated_sizes("Acme AI engineer salary and bonus?", [posting], ["Acme"], [posting]) == ("bonus",)
