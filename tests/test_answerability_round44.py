"""Round forty-four, read from near_domain73-76; exact verdicts, invented corpus:
- the asker is no employer: "If I take the … role" opens no employer's name;
- a capitalised shorthand word ("WFH") the passages lack is an everyday word, so the covered part of a
  question asking it beside a figure is still answered;
- where the asker is ("Based in Leeds - could I do X's role from home") is their situation, not content
  asked, in a question naming an employer;
- "in your data" names the job data as a set;
- "how much are they each month" after a statement asks the size of what the statement names;
- "X L&D budget per year and …" asks the budget's size first;
- "size of the vista deal" asks an amount.
After reading the new pairs (near_domain77-80, unseen78-81): "legal" in a list of domains ("medical or
legal") is no legal point; turning up in person during the recruitment is a step of getting hired, not a
place's rule; "am I doomed?" judges the asker's prospects; "anything" is a pronoun, no content;
"hybrid or onsite, whats the package" asks the package on its own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import SizeAsk, size_asks
from rag.answer.interviews import employer_run
from rag.answer.policy import policy_or_rule_ask
from rag.answer.question_words import NO_CONTENT, judgement_spans, own_state_spans, parts
from rag.answer.set_asks import about_data
from rag.answer.thing_size import thing_size
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, QUORVO, TAMSIN, VELTRO, notes

BRINDLE = chunk(
    70,
    "posting",
    "Python AI Engineer at Brindle",
    "Remote within the UK: you could be based anywhere and work from home. Permanent role.\n\n"
    "We build Python services; how much you ship matters.",
    "Brindle",
)
KESTON = chunk(
    71,
    "posting",
    "Lead Software Engineer - Predictive AI at Keston Bank",
    "Ability to work on-site at an approved location in Bengaluru. Relocation assistance is not available.",
    "Keston Bank",
)
PERKS = chunk(72, "page", "Perks", "Some teams allow WFH on Fridays; others keep offices in Leeds.")


def checker(pages: int) -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, *notes(pages), PERKS, QUORVO, VELTRO, TAMSIN, BRINDLE, KESTON]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )


@pytest.mark.parametrize(
    ("question", "run"),
    [
        ("If I take the Keston Bank predictive AI role remotely, how often would I travel in?", None),
        ("If I take an ML job in Oslo, when is holiday pay paid out?", None),
        ("Back Market applied AI engineer - how many rounds?", "Back Market"),
    ],
)
def test_the_asker_is_no_employer(question, run):
    assert employer_run(question) == run


def test_if_i_take_a_role_is_answered_for_its_employer():
    question = (
        "If I take the Keston Bank predictive AI role remotely, how often would I travel in, "
        "and what's the salary range?"
    )
    verdict = checker(20).check(question, [KESTON])
    assert (verdict.coverage, verdict.reason) == ("partial", "figure-not-stated")
    assert verdict.missing[-1] == "what's the salary range"


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("Keston Bank lead SWE predictive AI in Bengaluru: on-site or WFH, and CTC?", ("WFH", "CTC")),
        (
            "Keston Bank lead SWE predictive AI in Bengaluru: on-site or WFH, relocation help, and CTC?",
            ("WFH", "help", "CTC"),
        ),
    ],
)
def test_shorthand_the_passages_lack_leaves_the_rest_answered(question, missing):
    assert checker(20).check(question, [KESTON]) == Verdict("partial", "figure-not-stated", missing)


@pytest.mark.parametrize(
    ("question", "spans"),
    [
        ("Based in Leeds - could I do Brindle's role from home?", ["Leeds"]),
        ("I'm in Pune and saw Brindle's opening. Is it based here?", ["Pune"]),
        ("Brindle AI role - I live in Colorado, what range applies?", ["Colorado"]),
        ("Living in Spain and eyeing Brindle's opening", ["Spain"]),
        ("which states can I live in for remote, and pay?", []),  # asked, not told
        ("I'm weighing an offer from Brindle and would like to know the pay", ["weighing"]),
    ],
)
def test_where_the_asker_is(question, spans):
    assert [question[a:b].strip() for a, b in own_state_spans(question, place=True)] == spans


def test_where_the_asker_is_is_read_only_when_asked():
    assert own_state_spans("Based in Leeds - could I do Brindle's role from home?") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab I'm in live Based, -?")), max_size=60))
def test_spans_of_the_asker_lie_in_any_text(text):
    """No text raises; the spans read with `place` include those without, each within the text."""
    plain, placed = own_state_spans(text), own_state_spans(text, place=True)
    assert set(plain) <= set(placed)
    assert all(0 <= a <= b <= len(text) for a, b in placed)


def test_where_the_asker_is_is_no_content_asked():
    question = (
        "Based in Leeds - could I do Brindle's permanent python AI role from home, and how much does it pay?"
    )
    assert checker(12).check(question, [BRINDLE]) == Verdict(
        "partial", "figure-not-stated", ("how much does it pay",)
    )


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("is staff turnover tracked anywhere in your data?", True),
        ("do any of the companies in your dataset offer a sabbatical", True),
        ("what does your data say", False),
        ("is turnover tracked in the job data?", True),
    ],
)
def test_your_data_is_the_job_data(question, about):
    assert about_data(question) is about


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "Veltro says it offers stipends toward phone and internet. How much are they each month?",
            ["Veltro says it offers stipends toward phone and internet — How much are they each month"],
        ),
        # "they" doing something is the employer: its own ask
        ("Veltro lists a gym stipend. How much do they pay?", ["How much do they pay"]),
    ],
)
def test_how_much_are_they_asks_of_the_things_named_before(question, asked):
    assert parts(question) == asked


def test_stipends_stated_without_a_figure_are_refused():
    question = "Veltro says it offers stipends toward phone and internet. How much are they each month?"
    assert checker(20).check(question, [VELTRO]).coverage == "none"


@pytest.mark.parametrize(
    ("question", "sizes"),
    [
        (
            "veltro L&D budget per year and how long the sabbatical is",
            [SizeAsk("veltro L&D budget per year", ("budget",))],
        ),
        (
            "veltro wellness stipend per month and 401k match?",
            [
                SizeAsk("veltro wellness stipend per month", ("stipend",)),
                SizeAsk("401k match", ("401k", "401", "match")),
            ],
        ),
        ("veltro L&D budget and how long the sabbatical is", []),  # whether there is one: no size
    ],
)
def test_a_budget_per_year_asks_its_size(question, sizes):
    assert size_asks(question) == sizes


def test_a_budget_per_year_and_a_duration_neither_stated_are_refused():
    verdict = checker(20).check("veltro L&D budget per year and how long the sabbatical is", [VELTRO])
    assert (verdict.coverage, verdict.reason) == ("none", "duration-not-stated")
    assert verdict.missing[-2:] == ("how long the sabbatical is", "veltro L&D budget per year")


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("veltro: size of the vista deal?", ("deal",)),
        ("veltro: how big was the deal", ("deal",)),
        ("is veltro a good deal for a junior", ()),  # no size asked
    ],
)
def test_the_size_of_a_deal_is_an_amount(part, thing):
    assert thing_size(part) == thing


# After reading the new pairs (near_domain77-80, unseen78-81)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        (
            "Is fine-tuning something I'll need for agents, or is it more for domain stuff like medical or "
            "legal?",
            None,
        ),
        ("Examples of document-extraction take-homes? Mine will probably be healthcare or legal.", None),
        ("is it legal to ask my salary history in Ohio?", "legal"),
        ("is that even legal?", "legal"),
    ],
)
def test_legal_in_a_list_of_domains_is_no_legal_point(question, kind):
    ask = policy_or_rule_ask(question, False)
    assert (ask.kind if ask else None) == kind


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        (
            "legal engineer (libra) in berlin - would i have to turn up in person during the recruitment?",
            False,
        ),
        ("do I have to show up in person for the interview process in Berlin?", False),
        ("in Berlin do I have to register my address?", True),
    ],
)
def test_a_step_of_getting_hired_is_no_rule_of_a_place(question, rule):
    ask = policy_or_rule_ask(question, False)
    assert (ask is not None and ask.kind == "rule") is rule


@pytest.mark.parametrize(
    ("question", "judged"),
    [
        ("DS here - am I doomed?", ["doomed"]),
        ("am I too old?", ["old"]),
        ("am I eligible for the internship", []),  # not the clause's end
        ("is it ok to ask for the range?", ["ok"]),
    ],
)
def test_the_askers_own_prospects_judged(question, judged):
    assert [question[a:b] for a, b in judgement_spans(question)] == judged


@pytest.mark.parametrize("word", ["anything", "Anything", "something", "everyone"])
def test_an_indefinite_pronoun_is_no_content(word):
    assert word.lower() in NO_CONTENT
    verdict = checker(20).check(f"Veltro: yearly learning budget? {word} on offer?", [VELTRO])
    assert verdict == Verdict("partial", "missing-terms", ("offer",))


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "veltro AI developer bangalore - hybrid or onsite, whats the package",
            ["veltro AI developer bangalore - hybrid or onsite", "whats the package"],
        ),
        (
            "veltro AI developer - hybrid or onsite, what's the package",
            ["veltro AI developer - hybrid or onsite", "what's the package"],
        ),
        # no choice before the comma: one ask
        (
            "veltro AI developer bangalore, whats the package",
            ["veltro AI developer bangalore, whats the package"],
        ),
    ],
)
def test_whats_after_a_choice_asks_on_its_own(question, asked):
    assert parts(question) == asked
