"""A lead line for each kind of figure a question asks for, and durations written "3+ years", "45-min"."""

import pytest

from rag.answer.extractive import render_lead
from rag.answer.figure_shapes import asked_kinds, asked_shapes
from rag.answer.lead import pick_lead
from rag.answer.lead_kinds import with_other_kinds
from rag.answer.standing import placed_lead
from tests.test_lead import flat, source

POSTING = (
    "Salary: 120,000-140,000 USD per year.\n\n"
    "- 4+ years of experience building backend services in Python\n"
    "- Our team has shipped software for 12 years in a row\n"
    "- Hybrid, 2 days a week in the Denver office"
)
SPLIT = (
    "Salary: 120,000-140,000 USD per year.\n\n"
    "Our culture has been recognized 13 years in a row by the city's business press."
)


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("4+ years of experience in Python", "4+ years"),
        ("a 45-min recruiter chat", "45-min"),
        ("a 3-day take-home", "3-day"),
        ("2-3 hours of work", "2-3 hours"),
        ("6–8 hrs in total", "6–8 hrs"),
    ],
)
def test_a_duration_is_read_with_a_plus_or_a_hyphen_before_its_unit(text, duration):
    [shape] = asked_shapes("how long is it?")
    assert shape.search(text)[0] == duration
    assert shape.search("Founded in 2026, version 2 of the product") is None


def test_a_question_asking_two_kinds_names_each_with_the_words_that_ask_it():
    assert [
        (asking, clause) for _, asking, clause in asked_kinds("Lumora engineer: salary and experience needed")
    ] == [
        ("salary", "salary"),
        ("experience", "experience needed"),
    ]
    kinds = asked_kinds("what's the salary, and how long is the project presentation?")
    assert [clause for _, _, clause in kinds] == ["salary", "how long is the project presentation"]
    assert [clause for _, _, clause in asked_kinds("what does it pay?")] == ["pay"]
    assert asked_kinds("Go or Java, which more?") == []  # a comparison is no kind of its own


def test_the_second_kind_of_figure_gets_its_own_lead_line():
    question = "Lumora senior backend platform engineer in Denver: salary and experience needed?"
    sources = [source(1, POSTING, "Overview", "Senior Backend Platform Engineer at Lumora")]
    # The experience line names too little of the question to join the pay line on its own terms.
    alone = pick_lead(question, sources, flat)
    assert [x.text for x in alone.lines] == ["Salary: 120,000-140,000 USD per year."]
    lead = placed_lead(question, sources, flat)
    assert [x.text for x in lead.lines] == [
        "Salary: 120,000-140,000 USD per year.",
        "4+ years of experience building backend services in Python",
    ]
    assert render_lead(lead) == (
        "**Salary: 120,000-140,000 USD per year.** [1]\n\n"
        "**4+ years of experience building backend services in Python** [1]"
    )


def test_a_duration_line_without_the_asking_words_adds_nothing():
    question = "Lumora backend engineer - what experience do they want and what's the base?"
    sources = [source(1, SPLIT, "Overview", "Backend Engineer at Lumora")]
    lead = pick_lead(question, sources, flat)
    assert with_other_kinds(lead, question, sources, flat) is lead
    assert [x.text for x in lead.lines] == ["Salary: 120,000-140,000 USD per year."]


def test_one_kind_of_figure_and_no_lead_are_left_as_they_are():
    sources = [source(1, POSTING, "Overview", "Backend Engineer at Lumora")]
    lead = pick_lead("what does the Lumora backend engineer job pay?", sources, flat)
    assert with_other_kinds(lead, "what does the Lumora backend engineer job pay?", sources, flat) is lead
    assert with_other_kinds(None, "salary and experience needed?", sources, flat) is None
