"""A question after what to learn first, in which order or where to start gets a page's ordered path
as one list under its citation (rag/answer/learn_order.py; invented text)."""

from rag.answer.context import Context, Source
from rag.answer.extractive import render_lead
from rag.answer.learn_order import asks_order, best_path, ordered_lead, path_first, paths_of
from rag.index.bm25 import BM25Index
from rag.records import Chunk, Hit
from tests.fakes import guide_page

page = guide_page


PATH = "Kettle Path for Tea Engineers"
POTTER_PAGE = "From Potter to Tea Engineer"
CORE, WATER, LEAVES, POURING, EXTRA, CLAY, OVEN, GLAZE, KILN, STEPS, READING, TALK = (
    page(*row)
    for row in [
        ("0", "paths/README.md", PATH, "Core Skills", "The few skills that make most of the brew."),
        ("1", "paths/README.md", PATH, "Core Skills > Water",
         "- Water chemistry - hardness and pH\n- Boiling points"),
        ("2", "paths/README.md", PATH, "Core Skills > Leaves", "- Leaf grades - whole and broken\n- Storage"),
        ("3", "paths/README.md", PATH, "Core Skills > Pouring", "- Pouring height\n- Cup warming"),
        ("4", "paths/README.md", PATH, "Other Skills", "Seen in kettle job ads, not in the core path."),
        ("5", "paths/README.md", PATH, "Other Skills > Clay", "- Clay pots - unglazed for oolong"),
        ("6", "paths/README.md", PATH, "Other Skills > Ovens", "Ovens dry the leaves slowly."),
        ("7", "paths/README.md", PATH, "Other Skills > Glazes", "- Glazes - food-safe only"),
        ("8", "paths/from-potter.md", POTTER_PAGE, "Kiln Time", "A potter needs two months of steeping."),
        ("9", "paths/from-potter.md", POTTER_PAGE, "Suggested Path",
         "1. Start with water - hardness first\n2. Learn leaf grades\n"
         "3. Build a tasting set\n4. Learn pouring"),
        ("10", "paths/reading.md", "Tea Reading", "Books",
         "1. [Steeping Basics](https://x/a)\n2. [Leaf Atlas](https://x/b)\n3. [Kettle Lore](https://x/c)"),
        ("11", "talks/01.md", "Talk 1: A Day of a Tea Engineer", "Q&A > Where do I start?",
         "1. Drink tea\n2. Boil water\n3. Ask a potter"),
    ]
)  # fmt: skip
BM25 = BM25Index().fit([CORE, WATER, LEAVES, POURING, EXTRA, CLAY, OVEN, GLAZE, KILN, STEPS, READING, TALK])


def idf(term: str) -> float:
    return 1.0


def hits(*chunks: Chunk) -> list[Hit]:
    return [Hit(c, 1.0 / (i + 1)) for i, c in enumerate(chunks)]


def test_order_questions_are_told_from_others_and_a_figure_question_keeps_its_line():
    assert asks_order("What skills should I learn first to become a tea engineer?")
    assert asks_order("potter here - in what order should I tackle the tea stuff?")
    assert asks_order("where do I start with kettles?")
    assert asks_order("what is the roadmap for tea engineers?")
    assert not asks_order("is there a roadmap for tea engineers?")  # a yes/no question: its line leads
    assert not asks_order("which leaf grades does the path cover?")
    assert not asks_order("how long does it take to learn steeping first?")  # a duration: its line leads
    assert not asks_order("Kettle Co: what's the first step after applying?")  # one step, not a path


def test_how_to_become_or_move_into_an_ai_engineer_asks_for_a_path():
    assert asks_order("I'm a data scientist, how do I become an AI engineer?")
    assert asks_order("How do I move from backend engineering into AI engineering?")
    assert asks_order("how can I transition to AI engineering as a frontend dev?")
    assert asks_order("how should I get into LLM engineering?")
    assert not asks_order("how do I become a certified public accountant?")  # not the guide's role
    assert not asks_order("how do I get rid of fruit flies in my kitchen?")
    assert not asks_order("how can a data engineer transition to become an AI engineer?")  # someone else's


def test_a_page_has_its_numbered_lists_and_its_outlines_of_list_sections_in_page_order():
    found = paths_of([CORE, WATER, LEAVES, POURING, EXTRA, CLAY, OVEN, GLAZE])
    # "Other Skills" is no path: its "Ovens" section opens with prose, not a list
    assert [(p.head.id, p.numbered, p.intro) for p in found] == [
        ("paths/README.md#0", False, "The few skills that make most of the brew.")
    ]
    # the first step with all its items, the others with their first
    assert found[0].steps == (
        "Water: Water chemistry - hardness and pH; Boiling points",
        "Leaves: Leaf grades - whole and broken",
        "Pouring: Pouring height",
    )
    steps = paths_of([KILN, STEPS])
    assert [(p.head.id, p.numbered) for p in steps] == [("paths/from-potter.md#9", True)]
    assert steps[0].steps[0] == "Start with water - hardness first"
    assert paths_of([READING]) == []  # a numbered list of links is a reading list, not steps


def test_the_best_ranked_page_with_a_path_gives_it_and_its_chunk_leads_the_hits():
    question = "potter here: in what order do I learn water and leaf grades?"
    given = hits(KILN, TALK, LEAVES, CORE)
    assert best_path(question, given, BM25, idf).head.id == "paths/from-potter.md#9"
    out = path_first(question, given, BM25, idf, k=4)
    assert [h.chunk.id for h in out] == [
        "paths/from-potter.md#9",
        "paths/from-potter.md#8",
        "talks/01.md#11",
        "paths/README.md#2",
        "paths/README.md#0",
    ]
    assert out[0].score == given[0].score
    # not an order question, or no page with a path among the first k hits: as they are
    assert path_first("what does a potter need?", given, BM25, idf, k=4) == given
    assert path_first(question, hits(READING, KILN), BM25, idf, k=1) == hits(READING, KILN)


def test_a_question_naming_one_step_of_an_outline_is_about_that_step_not_the_outline():
    assert best_path("in what order do I learn water?", hits(WATER, KILN), BM25, idf) is None
    assert best_path("in what order do I learn water?", hits(KILN, WATER), BM25, idf).numbered
    assert (
        best_path("in what order do I learn tea?", hits(WATER, KILN), BM25, idf).head.id
        == "paths/README.md#0"
    )


def test_the_path_leads_the_offline_answer_as_one_numbered_list_quoting_its_page_alone():
    sources = [
        Source(1, Hit(CORE, 1.0), CORE.text, False),
        Source(2, Hit(TALK, 0.5), TALK.text, False),
        Source(3, Hit(WATER, 0.4), WATER.text, False),
    ]
    lead, context = ordered_lead(
        "What should I learn first to become a tea engineer?", Context(sources, 0, 1000), BM25, idf
    )
    assert render_lead(lead) == (
        "[1] *Kettle Path for Tea Engineers — Core Skills*\n\n"
        "The few skills that make most of the brew.\n"
        "1. Water: Water chemistry - hardness and pH; Boiling points\n"
        "2. Leaves: Leaf grades - whole and broken\n"
        "3. Pouring: Pouring height"
    )
    assert [s.n for s in context.sources] == [1, 3]  # the talk's Q&A is not quoted beside it
    # its opening line is not quoted again under it
    assert lead.covers(
        1, 0, "The few skills that make most of the brew.", frozenset({"few", "skill", "brew"})
    )
