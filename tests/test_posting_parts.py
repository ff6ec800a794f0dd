"""A posting the question names, read whole: its parts stating the asked figure join its source."""

from rag.answer.context import Context, Source
from rag.answer.extractive import render_lead
from rag.answer.posting_parts import (
    LOOKUP_DEPTH,
    lead_sources,
    named_posting,
    names_company,
    negated,
    stating_parts,
    with_posting_parts,
)
from rag.answer.standing import placed_lead
from rag.index.filters import Filters
from rag.records import Chunk, Hit
from tests.test_lead import flat, source
from tests.test_value_lookup import search_over

OPENING = (
    "Location: Austin, USA · Work type: FULL_TIME · Posted: 2026-01-11\n"
    "Lumora builds agents for clinics. Hybrid (minimum 4 days in office)."
)
PAY = (
    "What we offer\n\nThe base salary range for this position is $210,000-$260,000.\n\n"
    "- Learning budget up to $2K/year"
)
CULTURE = "We are a small team that likes to ship. Join us on this next phase of growth!"


def part(
    cid: str, text: str, doc: str = "posting:1", title: str = "Principal AI Engineer at Lumora"
) -> Chunk:
    return Chunk(
        cid,
        doc,
        "posting",
        title,
        "Description",
        f"https://g/{doc}.yaml",
        [f"{doc}.yaml"],
        text,
        text,
        {"company": "Lumora"},
    )


def given(chunk: Chunk, n: int = 1) -> Source:
    return Source(n, Hit(chunk, 1.0), chunk.text, False)


def test_the_question_names_the_employer_as_written_or_by_the_first_words_of_a_long_name():
    assert names_company("Lumora", "Lumora principal AI engineer in Austin: base pay?")
    assert names_company("Oslo Harbour Mutual Insurance Co", "Oslo Harbour Mutual senior engineer: salary?")
    # Two words of a four-word name are a place, not the employer.
    assert not names_company("Oslo Harbour Mutual Insurance Co", "how much do jobs in Oslo Harbour pay?")
    assert not names_company("Lumora", "what does a principal AI engineer earn?")


def test_the_named_posting_is_the_one_whose_title_covers_most_of_the_question():
    frontend = given(part("f#0", OPENING, "posting:2", "Frontend Engineer - Agents at Lumora"), 1)
    backend = given(part("b#0", OPENING, "posting:3", "Backend Engineer - Agents at Lumora"), 2)
    page = source(3, "Backend engineers at Lumora earn well.", "Pay", "Lumora backend engineer pay")
    question = "Lumora backend engineer for agents - what's the pay?"
    assert named_posting(question, [frontend, backend, page], flat) is backend
    assert named_posting("what's the pay for backend engineers?", [frontend, backend, page], flat) is None


def test_the_parts_kept_are_the_postings_own_that_state_a_figure_of_the_asked_kind():
    opening = part("posting:1#0", OPENING)
    ranked = [
        part("posting:1#2", CULTURE),  # no figure
        part(
            "posting:1#4", "Our customers saved $1,200 each last year."
        ),  # money, none of the question's words
        part("posting:9#1", PAY, doc="posting:9"),  # another posting of the company
        opening,  # already given
        part("posting:1#3", PAY),
    ]
    calls: list = []
    question = "Lumora principal AI engineer in Austin: base pay and office days?"
    found = stating_parts(question, given(opening), search_over(ranked, calls))
    assert [c.id for c in found] == ["posting:1#3"]
    assert calls == [(question, LOOKUP_DEPTH, Filters(kind="posting", company="Lumora"))]


def test_the_asked_pay_leads_from_the_part_retrieval_did_not_give():
    opening = part("posting:1#0", OPENING)
    context = Context(
        [given(opening), source(2, "Principal engineers lead teams.", "Levels", "Roles")], 50, 10_000
    )
    ranked = [part("posting:1#2", CULTURE), part("posting:1#3", PAY)]
    question = "Lumora principal AI engineer in Austin: what's the base salary?"
    assert placed_lead(question, context.sources, flat) is None  # before: no pay among the sources
    widened = with_posting_parts(question, context, search_over(ranked), flat, lambda text: len(text.split()))
    assert [[c.id for c in s.chunks] for s in widened.sources] == [["posting:1#0", "posting:1#3"], ["c2"]]
    lead = placed_lead(question, widened.sources, flat)
    assert render_lead(lead) == "**The base salary range for this position is $210,000-$260,000.** [1]"
    # A question that asks for no figure, or names no posting's employer, is left as it was.
    assert (
        with_posting_parts(
            "Lumora principal AI engineer: what is the team like?", context, search_over(ranked), flat, len
        )
        is context
    )
    assert (
        with_posting_parts("what do principal AI engineers earn?", context, search_over(ranked), flat, len)
        is context
    )


def test_where_a_posting_is_named_the_other_postings_lead_nothing():
    frontend = given(
        part("f#0", "Pay at Lumora: $140,000-$200,000 per year.", "posting:2", "Frontend Engineer at Lumora")
    )
    backend = given(
        part(
            "b#0",
            "Base salary: $150,000 to $190,000, plus a $500 home office stipend.",
            "posting:3",
            "Backend Engineer at Lumora",
        ),
        2,
    )
    page = source(3, "Backend engineers at Lumora ship weekly.", "Teams", "Lumora")
    question = "Lumora backend engineer - what's the pay?"
    # Before: the frontend posting's pay leads (its own line names "pay" and the employer).
    assert placed_lead(question, [frontend, backend, page], flat).lines[0].n == 1
    kept = lead_sources(question, [frontend, backend, page], flat)
    assert [s.n for s in kept] == [2, 3]
    assert render_lead(placed_lead(question, kept, flat)) == (
        "**Base salary: $150,000 to $190,000, plus a $500 home office stipend.** [2]"
    )
    # No posting named: every source may lead.
    assert lead_sources("what do backend engineers earn?", [frontend, backend, page], flat) == [
        frontend,
        backend,
        page,
    ]


def test_of_two_titles_covering_the_question_the_one_without_a_word_it_rules_out_is_named():
    senior = given(part("s#0", OPENING, "posting:2", "AI/ML Engineer, Senior at Lumora"), 1)
    plain = given(part("p#0", OPENING, "posting:3", "AI/ML Engineer at Lumora"), 2)
    assert named_posting("lumora AI/ML engineer (not the senior one) salary?", [senior, plain], flat) is plain
    # Equal cover: the title with fewer words beyond the question, though ranked lower.
    assert named_posting("lumora AI/ML engineer salary?", [senior, plain], flat) is plain
    assert named_posting("lumora senior AI/ML engineer salary?", [senior, plain], flat) is senior
    assert negated("Lumora engineer (not the senior one), not a Intern") == frozenset({"senior", "intern"})
