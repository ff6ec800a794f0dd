"""A market question of several parts: the first part's figure, and each later part the postings
do not record named as not answered (rag/market/unrecorded.py, router.py). Invented postings."""

from __future__ import annotations

from rag.answer.pipeline import Answerer
from tests.test_market_answers import PYTHON_QUOTE, data_dir, deps  # noqa: F401 (the invented postings)


def test_a_later_part_the_postings_do_not_record_makes_the_figure_a_partial_answer(deps):  # noqa: F811
    part = "how has that changed since 2024"
    answer = Answerer(deps).ask(f"How many postings in Berlin list Python, and {part}?")
    assert (answer.route, answer.refused, answer.coverage, answer.missing) == (
        "market",
        False,
        "partial",
        [part],
    )
    assert answer.answer.startswith(
        PYTHON_QUOTE
        + "The job data does not record postings from 2024 (the postings run from 2026-01-29 to 2026-03-12), "
        f"so “{part}” is not answered here.\n\n**4 of the 4 postings in Berlin (100.0%) list Python"
    )
    openings = Answerer(deps).ask("How many openings does each posting in the dataset have?")
    assert (openings.refused, openings.coverage, openings.missing) == (True, "none", ["openings"])
    assert openings.answer.startswith("The job data does not record openings, so no figure about it")


def test_a_later_part_naming_a_field_not_recorded_leaves_the_first_parts_figure(deps):  # noqa: F811
    part = "do they sponsor visas"
    answer = Answerer(deps).ask(f"How many postings in Berlin list Python, and {part}?")
    assert (answer.route, answer.refused, answer.coverage, answer.missing) == (
        "market",
        False,
        "partial",
        [part],
    )
    assert answer.answer.startswith(
        PYTHON_QUOTE + f"The job data does not record visa sponsorship, so “{part}” is not answered here.\n\n"
        "**4 of the 4 postings in Berlin (100.0%) list Python"
    )
    whole = Answerer(deps).ask("How many postings in Berlin sponsor visas?")  # the field is what is counted
    assert (whole.refused, whole.coverage, whole.missing) == (True, "none", ["visa sponsorship"])
