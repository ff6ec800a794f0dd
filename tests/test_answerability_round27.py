"""Round twenty-seven, read from near_domain32-33 and unseen33-34 and invented variants: a retirement
plan's match named last ("quorvo senior engineer 401k match") asks its percentage, as does its "match
rate"; an insurance's "sum assured" or "cover amount" and "how much learning budget" ask sizes; "is there
another way to apply?" asks how, not whether a thing comes with the job. Exact readings, with the
neighbours each rule leaves alone."""

import pytest

from rag.answer.asks import question_asks
from rag.answer.employer_asks import employer_asks
from rag.answer.figure_kinds import money_asks
from rag.answer.thing_size import thing_size


@pytest.mark.parametrize(
    "part, thing",
    [
        ("quorvo senior laravel ai engineer 401k match", ("401k", "401", "match")),
        ("quorvo ai role 401k match rate", ("401k", "401", "match")),
        ("what is the sum assured on the term life insurance they list", ("insur",)),
        ("quorvo personal accident insurance - cover amount", ("insur",)),
        ("How much learning budget do they give each year for courses", ("budget",)),
        # whether the plan matches at all, not how much; the match as one ask of several ("parental leave
        # length and 401k match?") is read with the question's other asks
        ("does quorvo offer a 401k match?", ()),
        ("401k match", ()),
        ("any 401k match", ()),
        ("which jobs match my skills", ()),
        ("how much do they value learning", ()),
    ],
)
def test_the_size_of_a_thing_asked(part, thing):
    assert thing_size(part) == thing


def test_another_way_of_doing_something_is_no_thing_that_comes_with_the_job():
    question = "I can't use the quorvo application form, is there another way to apply?"
    assert employer_asks(question) == ([], [])
    sized, whether = employer_asks("I'm joining quorvo, is there a gym on site?")
    assert (sized, [a.ask for a in whether]) == ([], ["is there a gym on site"])


def test_a_match_asked_beside_another_thing_is_still_asked_of_the_employer():
    question = "Quorvo AI/ML engineer NYC: parental leave length and 401k match?"
    assert question_asks(question)[1] == "401k match"
    assert [a.ask for a in employer_asks(question)[1]] == ["401k match"]


def test_pay_asked_in_its_currency_is_a_pay_ask_beside_the_others():
    asked = money_asks("quorvo senior python/react engineer - which time zone, and how much in USD")
    assert [(a.part, a.other_parts) for a in asked] == [("how much in USD", True)]
    asked = money_asks("quorvo python+react senior engineer - time zone and the usd pay figure")
    assert [(a.part, a.other_parts) for a in asked] == [("the usd pay figure", True)]
    assert money_asks("how much experience in USD-denominated billing") == []
