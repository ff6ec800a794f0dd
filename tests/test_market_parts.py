"""A market question of several parts: the first part's figure, and each later part the postings
do not record named as not answered (rag/market/unrecorded.py, router.py). Invented postings."""

from __future__ import annotations

import pytest

from rag.answer.pipeline import Answerer
from tests.test_market_answers import PYTHON_QUOTE, data_dir, deps  # noqa: F401 (the invented postings)

DATES = "2026-01-29 to 2026-03-12"  # the invented postings' first and last dates


@pytest.mark.parametrize(
    "part, gap",
    [
        ("how has that changed since 2024", f"postings from 2024 (the postings run from {DATES})"),
        ("do they sponsor visas", "visa sponsorship"),  # a field the postings do not record
    ],
)
def test_a_later_part_the_postings_do_not_record_leaves_the_first_parts_figure(deps, part, gap):  # noqa: F811
    answer = Answerer(deps).ask(f"How many postings in Berlin list Python, and {part}?")
    verdict = (answer.route, answer.refused, answer.coverage, answer.missing)
    assert verdict == ("market", False, "partial", [part])
    assert answer.answer.startswith(
        PYTHON_QUOTE + f"The job data does not record {gap}, so “{part}” is not answered here.\n\n"
        "**4 of the 4 postings in Berlin (100.0%) list Python"
    )


def test_a_field_not_recorded_that_is_the_whole_question_is_refused(deps):  # noqa: F811
    openings = Answerer(deps).ask("How many openings does each posting in the dataset have?")
    assert (openings.refused, openings.coverage, openings.missing) == (True, "none", ["openings"])
    assert openings.answer.startswith("The job data does not record openings, so no figure about it")
    whole = Answerer(deps).ask("How many postings in Berlin sponsor visas?")  # the field is what is counted
    assert (whole.refused, whole.coverage, whole.missing) == (True, "none", ["visa sponsorship"])
