"""Whole excerpts around the offline answer's quotes: gaps filled, a section's figure, figures nearby."""

from rag.answer.context import Context
from rag.answer.excerpt import widen
from rag.answer.sentences import split_units
from tests.test_lead import source

STORY = (
    "### Improve the pipeline\n\n"
    "Task: improve an existing retrieval pipeline. Identify weaknesses and propose fixes. "
    "The candidate wrote 12 pages of notes and changed about 40 lines of code.\n\n"
    "Got the offer for clear reasoning about failure modes."
)
USE_CASE = (
    "### Handling Legal Text\n\n"
    "41 mentions (0.9%)\n\n"
    "Problem: Generic models miss the wording of contracts.\n\n"
    "AI Solution: Fine-tuned models for legal text."
)
STATS = (
    "Skills in platform listings:\n\n"
    "- Kubernetes appears in 23% of the platform listings.\n"
    "- Terraform 19%, mostly for GPU clusters.\n"
    "- Vector stores 12%, named next to the serving stack."
)
ROUNDS = (
    "Based on 120+ interview rounds reported by candidates:\n\n"
    "- Puzzles are fading. About 65% of senior loops had none.\n"
    "- System design moved to model serving."
)


def at(text: str, starts: str, n: int = 1) -> tuple[int, int, str]:
    """(n, position, text) of the unit of `text` that starts with `starts`, as a quote names it."""
    unit = next(u for u in split_units(text) if u.text(text).lstrip("- ").startswith(starts))
    return n, unit.start, unit.text(text).lstrip("- ")


def none(terms: frozenset[str]) -> float:
    return 0.0


def added(texts: list[str], quoted, asked=none, budget: int = 120) -> list[tuple[int, str]]:
    context = Context([source(i, t) for i, t in enumerate(texts, start=1)], tokens=0, budget=0)
    return [(a.n, a.text) for a in widen(quoted, context, asked, budget)]


def test_the_sentences_between_two_quotes_of_one_section_are_filled_in():
    quoted = [at(STORY, "Task:"), at(STORY, "Got the offer")]
    assert added([STORY], quoted) == [
        (1, "Identify weaknesses and propose fixes."),
        (1, "The candidate wrote 12 pages of notes and changed about 40 lines of code."),
    ]
    assert added([STORY], quoted, budget=20) == []  # all or nothing, within the word budget


def test_a_sections_own_figure_line_comes_with_any_quote_of_it_under_the_heading():
    assert added([USE_CASE], [at(USE_CASE, "AI Solution")]) == [
        (1, "Handling Legal Text: 41 mentions (0.9%)")
    ]


def test_a_lists_basis_comes_with_its_item_but_another_items_figure_only_if_it_is_asked_about():
    assert added([ROUNDS], [at(ROUNDS, "Puzzles are fading")]) == [
        (1, "Based on 120+ interview rounds reported by candidates:"),
        (1, "About 65% of senior loops had none."),  # a further sentence of the same item
    ]
    quoted = [at(STATS, "Kubernetes appears")]
    assert added([STATS], quoted) == []  # "Terraform 19%" is another value's figure
    after = STATS + "\n\nInfrastructure skills lead this list."
    assert added([after], [at(after, "Infrastructure skills")]) == []  # nor the list's last item
    terraform = frozenset({"terraform"})
    asks_terraform = lambda terms: 1.0 if terms & terraform else 0.0  # noqa: E731
    assert added([STATS], quoted, asks_terraform) == [(1, "Terraform 19%, mostly for GPU clusters.")]


def test_nothing_is_added_across_sources_headings_or_twice():
    quoted = [at(STORY, "Got the offer"), at(USE_CASE, "Problem:", n=2)]
    # The story's figure sentence is right before its quote; the use case's figure line opens its section.
    assert added([STORY, USE_CASE], quoted) == [
        (1, "The candidate wrote 12 pages of notes and changed about 40 lines of code."),
        (2, "Handling Legal Text: 41 mentions (0.9%)"),
    ]
    twice = [at(STORY, "The candidate wrote"), at(STORY, "Got the offer")]
    assert added([STORY], twice) == []


MARKET = (
    "Market data:\n\n"
    "- Roles building on models grew 180% in early 2025 across the listings we tracked.\n"
    "- Open engineering positions settled near 150,000, up 15% from the low point of the year before.\n"
    "- Platform listings 9%"
)


def test_an_item_that_is_a_sentence_naming_the_question_comes_with_its_neighbour():
    growing = frozenset({"posit"})  # "positions"
    asks = lambda terms: 0.05 if terms & growing else 0.0  # noqa: E731  (below MIN_ASKED)
    # The next item is a sentence of its own that names part of the question: the passage's figure.
    assert added([MARKET], [at(MARKET, "Roles building")], asks) == [
        (1, "Open engineering positions settled near 150,000, up 15% from the low point of the year before.")
    ]
    # It names none of the question: another value's figure, left out; so is a value's short line.
    assert added([MARKET], [at(MARKET, "Roles building")]) == []
    assert added([MARKET], [at(MARKET, "Open engineering")], asks) == []
