"""evals/figure_misses.py: a missed figure is a selection miss when the answer's sources state it,
a retrieval miss when only deeper chunks do (or none); a selection miss is put down to where the
figure stands."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from evals.figure_misses import Given, cause, classify, where_missed
from evals.questions import Question

QUESTION = Question("q", "what does it pay?", ("a.md",), "posting", "dev", "", (), ("130,000", "200,000"))
RANGE = "Salary: $130,000 - $200,000 a year."


def answer(text: str, sources: tuple[str, ...] = (), refused: bool = False, route: str = "guide"):
    body = {"answer": text, "refused": refused, "citations": []}
    return SimpleNamespace(
        refused=refused,
        route=route,
        sources=[SimpleNamespace(n=i, text=s, sections=("",)) for i, s in enumerate(sources, start=1)],
        to_json=lambda: body,
    )


@pytest.mark.parametrize(
    ("given", "deeper", "why"),
    [
        (answer(f"**{RANGE}** [1]", (RANGE,)), [], "stated"),
        (answer("- The team ships agents. [1]", ("The team ships agents.", RANGE)), [], "selection"),
        (answer("- The team ships agents. [1]", ("The team ships agents.",)), ["x", RANGE], "retrieval-20"),
        (answer("- The team ships agents. [1]", ("The team ships agents.",)), ["x"], "retrieval"),
        (answer("The guide doesn't cover this.", refused=True), [RANGE], "refused"),
        (answer("**12 of 1,765 postings**", route="market"), [RANGE], "market"),
        (answer(f"**{RANGE}** [1]", route="market"), [], "stated"),  # routed, but no miss
    ],
)
def test_a_missed_figure_is_put_down_to_selection_or_retrieval(given, deeper, why):
    assert classify(given, QUESTION, deeper) == why


PASSAGE = (
    "## Rounds\n\nThe loop has four rounds.\n\n- Screen (30 min)\n- Onsite (4 hours)\n\n"
    "| Stage | Time |\n|---|---|\n| Offer | 2 weeks |"
)


@pytest.mark.parametrize(
    ("figure", "text", "cited", "given", "where"),
    [
        ("4 hours", "- The loop has four rounds. [1]", {1}, [Given(1, PASSAGE)], "trimmed-item"),
        ("2 weeks", "- The loop has four rounds. [1]", {1}, [Given(1, PASSAGE)], "trimmed-table"),
        ("4 hours", "- Other text. [2]", {2}, [Given(1, PASSAGE), Given(2, "Other text.")], "unquoted"),
        ("40+", "- Other text. [1]", {1}, [Given(1, "Other text.", ("Retail (40+ mentions)",))], "heading"),
        ("90", "- Other text. [1]", {1}, [Given(1, "Other text.")], "not-given"),
    ],
)
def test_a_selection_miss_is_put_down_to_where_the_figure_stands(figure, text, cited, given, where):
    assert where_missed(figure, text, cited, given) == where


def test_a_figure_in_another_section_of_a_quoted_source_says_so():
    text = "Intro line of the page.\n\n## Later\n\nThe offer took 3 weeks in the end."
    assert where_missed("3 weeks", "- Intro line of the page. [1]", {1}, [Given(1, text)]) == (
        "trimmed-prose-other-section"
    )


@pytest.mark.parametrize(
    ("why", "retrieved", "given", "cited", "where", "expected"),
    [
        ("stated", {"a.md"}, {"a.md"}, {"a.md"}, {}, "stated"),
        ("refused", set(), set(), set(), {}, "refused"),
        ("market", set(), set(), set(), {}, "market"),
        ("retrieval", {"b.md"}, {"b.md"}, {"b.md"}, {}, "gold-not-retrieved"),
        ("retrieval", {"a.md", "b.md"}, {"b.md"}, {"b.md"}, {}, "gold-not-a-source"),
        ("retrieval-20", {"a.md"}, {"a.md"}, {"b.md"}, {}, "gold-not-cited"),
        ("retrieval-20", {"a.md"}, {"a.md"}, {"a.md"}, {}, "gold-cited-retrieval-20"),
        ("retrieval", {"a.md"}, {"a.md"}, {"a.md"}, {}, "gold-cited-retrieval"),
        (
            "selection",
            {"a.md"},
            {"a.md"},
            {"a.md"},
            {"130,000": "trimmed-item", "200,000": "trimmed-item", "3": "unquoted"},
            "not-quoted-trimmed-item",
        ),
    ],
)
def test_a_missed_question_has_one_cause(why, retrieved, given, cited, where, expected):
    assert cause(why, {"a.md"}, retrieved, given, cited, where) == expected
