"""A bare figure line read under the line that labels it; a pay line read under every word for pay."""

from rag.answer.context import Context
from rag.answer.extractive import _sentences, render_lead
from rag.answer.lead import lines_of, named_terms, pick_lead
from rag.answer.posting_parts import stating_parts, with_posting_parts
from rag.answer.sentences import split_units
from rag.answer.standing import placed_lead
from rag.answer.value_labels import bare_figure, label_of, labelled_figures, pay_terms, under_label
from rag.index.text_tokens import tokenize
from tests.test_lead import flat, source
from tests.test_posting_parts import CULTURE, OPENING, given, part
from tests.test_value_lookup import search_over

BELOW = (
    "All benefits follow the plan documents.\n\n"
    "The US base salary range for this role is below.\n\n"
    "$141,500—$298,000 USD\n\n"
    "Lumora is an equal opportunity employer."
)
HEADED = (
    "Work Environment\n\n- Mostly onsite, open to remote.\n\n"
    "Pay Range\n\n$120,250—$190,750 USD\n\nWhat We Offer:"
)
NAMED_OTHERWISE = "Perks\n\nThe base salary range for this position is $205,000 - $250,000."


def test_a_bare_figure_line_is_one_that_starts_with_its_figure_and_is_short():
    assert bare_figure("$141,500—$298,000 USD")
    assert bare_figure("120,000 EUR")
    assert not bare_figure("38 mentions (0.8%)")  # a count: read under its heading (lead.lines_of)
    assert not bare_figure("1.")
    assert not bare_figure("Lumora is an equal opportunity employer.")
    assert not bare_figure("$141,500 to $298,000 USD for the senior level in the US")  # 9 words


def test_a_bare_figure_line_takes_the_short_line_before_it_as_its_label():
    units = split_units(BELOW)
    assert label_of(units, 2, BELOW) == "The US base salary range for this role is below."
    assert label_of(units, 1, BELOW) is None  # a sentence, not a bare figure
    assert labelled_figures(units, BELOW) == {
        2: "The US base salary range for this role is below. $141,500—$298,000 USD"
    }
    # A heading-like line without a full stop is joined with a colon; a list item labels nothing.
    headed = labelled_figures(split_units(HEADED), HEADED)
    assert list(headed.values()) == ["Pay Range: $120,250—$190,750 USD"]
    assert under_label("Compensation:", "$90,000") == "Compensation: $90,000"
    # A line stating a figure of its own, or a long one, is no label.
    text = "Teams grew 40% last year.\n\n$2,000 USD"
    assert labelled_figures(split_units(text), text) == {}
    long = "We are proud of the team we built over the last few years in three offices.\n\n$2,000 USD"
    assert labelled_figures(split_units(long), long) == {}


def test_the_labelled_figure_is_one_line_for_the_lead_and_for_the_quotes():
    assert [x.text for x in lines_of(source(1, BELOW, "Description"))] == [
        "All benefits follow the plan documents.",
        "The US base salary range for this role is below.",
        # The figure's own line, "$141,500—$298,000 USD" before:
        "The US base salary range for this role is below. $141,500—$298,000 USD",
        "Lumora is an equal opportunity employer.",
    ]
    assert [s for _, s in _sentences(BELOW)] == [
        "All benefits follow the plan documents.",
        "The US base salary range for this role is below. $141,500—$298,000 USD",
        "Lumora is an equal opportunity employer.",
    ]


def test_a_line_stating_money_under_one_word_for_pay_counts_as_naming_every_word_for_pay():
    salary = frozenset(tokenize("base salary range"))
    assert pay_terms(salary) >= frozenset(tokenize("pay compensation"))
    assert pay_terms(frozenset(tokenize("tuition help"))) == frozenset(tokenize("tuition help"))
    line = lines_of(source(1, NAMED_OTHERWISE, "Description"))[-1]
    assert line.text == "The base salary range for this position is $205,000 - $250,000."
    assert "pay" in named_terms(line) and "pay" not in line.terms  # its own words stay for repeats
    # Money without a word for pay does not: "$2K for learning" is no answer to "pay?".
    perks = "Perks\n\n- Learning budget of $2,000 per year for courses"
    budget = lines_of(source(1, perks, "Description"))[-1]
    assert budget.text == "Learning budget of $2,000 per year for courses"
    assert "pay" not in named_terms(budget)
    named_otherwise = [source(1, NAMED_OTHERWISE, "Description")]
    lead = pick_lead("what does the senior engineer role pay?", named_otherwise, flat)
    assert render_lead(lead) == "**The base salary range for this position is $205,000 - $250,000.** [1]"


def test_a_named_postings_pay_under_a_label_joins_its_source_and_leads():
    opening = part("posting:1#0", OPENING)
    context = Context([given(opening)], 50, 10_000)
    question = "Lumora principal AI engineer in Austin: pay?"
    ranked = [part("posting:1#2", CULTURE), part("posting:1#5", BELOW), part("posting:1#6", HEADED)]
    # Before: neither part names "pay", so neither was kept.
    assert [c.id for c in stating_parts(question, given(opening), search_over(ranked))] == [
        "posting:1#5",
        "posting:1#6",
    ]
    widened = with_posting_parts(question, context, search_over(ranked[:2]), flat, lambda t: len(t.split()))
    assert [[c.id for c in s.chunks] for s in widened.sources] == [["posting:1#0", "posting:1#5"]]
    lead = placed_lead(question, widened.sources, flat)
    assert render_lead(lead) == (
        "**The US base salary range for this role is below. $141,500—$298,000 USD** [1]"
    )


def test_another_word_for_pay_joins_a_part_only_for_an_amount_the_named_posting_lacks():
    summary = part("posting:1#summary", "Salary: 141,500-298,000 USD per year.")
    ranked = [part("posting:1#5", BELOW), part("posting:1#6", HEADED)]
    question = "Lumora principal AI engineer in Austin: pay?"
    # The summary states the pay ("salary" answers "pay"): the range under "salary" adds nothing, the
    # one under "Pay Range" names the question's own word and is joined as before.
    assert [c.id for c in stating_parts(question, given(summary), search_over(ranked))] == ["posting:1#6"]
    # Without the summary's amount, both are what the question asks for.
    bare = part("posting:1#summary", "Location: Austin, USA · Work type: FULL_TIME")
    found = stating_parts(question, given(bare), search_over(ranked))
    assert [c.id for c in found] == ["posting:1#5", "posting:1#6"]
