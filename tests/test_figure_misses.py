"""evals/figure_misses.py: a missed figure is a selection miss when the answer's sources state it,
a retrieval miss when only deeper chunks do (or none)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from evals.figure_misses import classify
from evals.questions import Question

QUESTION = Question("q", "what does it pay?", ("a.md",), "posting", "dev", "", (), ("130,000", "200,000"))
RANGE = "Salary: $130,000 - $200,000 a year."


def answer(text: str, sources: tuple[str, ...] = (), refused: bool = False, route: str = "guide"):
    body = {"answer": text, "refused": refused, "citations": []}
    return SimpleNamespace(
        refused=refused,
        route=route,
        sources=[SimpleNamespace(text=s) for s in sources],
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
    ],
)
def test_a_missed_figure_is_put_down_to_selection_or_retrieval(given, deeper, why):
    assert classify(given, QUESTION, deeper) == why
