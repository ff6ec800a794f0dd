"""A table's rows that the question names, under their header; a date for a "when" question, read
from a table row whose cell is a link (rag/answer/table_rows.py, rag/answer/lead.py)."""

import pytest

from rag.answer.extractive import render_quotes
from rag.answer.figure_shapes import asked_shapes
from rag.answer.lead import pick_lead
from rag.answer.standing import placed_lead
from rag.answer.table_rows import pick_rows
from tests.test_lead import flat, source

SESSIONS = (
    "| # | Session | Date | Status |\n|---|---|---|---|\n"
    "| 1 | [Shipping Your First Agent](01-first-agent.md) | Apr 7, 2026 | Recording available |\n"
    "| 2 | [Evals Without Tears](02-evals.md) | Apr 21, 2026 | Recording available |\n"
    "| 3 | [Pricing Inference](03-pricing.md) | May 5, 2026 | Upcoming |\n"
)
STACK = (
    "| Tool | Frequency |\n|---|---|\n"
    "| Postgres | 40%+ |\n| Gradio | 20%+ |\n| Redis | 15%+ |\n| Qdrant | 10%+ |\n"
)


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("when was the 'evals without tears' session held?", True),
        ("what date is the pricing session?", True),
        ("when should I start applying?", False),
        ("how long is the pricing session?", False),
    ],
)
def test_a_when_question_asks_for_a_date(question, asks):
    import rag.answer.figure_shapes as shapes_of

    assert (shapes_of._DATE in asked_shapes(question)) is asks


def test_a_when_question_leads_with_the_row_stating_the_date_its_link_read_as_text():
    sessions = [source(1, SESSIONS, "Sessions")]
    lead = pick_lead("when was the 'evals without tears' session held?", sessions, flat)
    assert lead.table() == (
        "| # | Session | Date | Status |\n|---|---|---|---|\n"
        "| 2 | Evals Without Tears | Apr 21, 2026 | Recording available |"
    )


def test_a_line_of_links_is_still_no_lead_line():
    links = "- [Evals Without Tears](a.md) and [Pricing Inference](b.md), Apr 21, 2026\n"
    assert pick_lead("when was the evals without tears session?", [source(1, links, "S")], flat) is None


def test_the_rows_a_question_names_lead_under_their_header():
    sources = [source(1, "Most take-homes ship a small web app.", "Intro"), source(2, STACK, "Stack")]
    lead = placed_lead("do take-homes use Redis or Gradio much?", sources, flat)
    assert render_quotes([], lead) == (
        "*Quoted from the guide — the most relevant passages, not a generated answer:*\n\n"
        "[2] *Jobs — Stack*\n\n| Tool | Frequency |\n|---|---|\n| Gradio | 20%+ |\n| Redis | 15%+ |"
    )
    recorded = pick_rows("which of the sessions have recordings up?", [source(1, SESSIONS, "Sessions")], flat)
    assert [line.cells[1] for line in recorded.lines] == ["Shipping Your First Agent", "Evals Without Tears"]


def test_no_rows_when_the_question_names_none_or_every_row():
    assert pick_rows("do take-homes use Kafka much?", [source(1, STACK, "Stack")], flat) is None
    every = "do take-homes use Postgres, Gradio, Redis or Qdrant much?"
    assert pick_rows(every, [source(1, STACK, "Stack")], flat) is None
