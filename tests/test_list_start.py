"""A numbered list lead that a chunk boundary cut shows the list from its first item, read from the
section's earlier chunks in the index (rag/answer/list_start.py; invented text)."""

from rag.answer.context import Context, Source
from rag.answer.extractive import render_lead
from rag.answer.learn_order import ordered_lead
from rag.answer.list_start import from_start
from rag.answer.lists import pick_list
from rag.index.bm25 import BM25Index
from rag.records import Hit
from tests.fakes import guide_page

PAGE = ("brew.md", "Kettle Interviews", "Typical Interview Process")
INTRO = guide_page("0", *PAGE, "Most kettle teams run this interview process:")
HEAD = guide_page("1", *PAGE, "1. Recruiter screen (20 min)\n2. Steeping round (45 min)\n3. Pouring round")
TAIL = guide_page("2", *PAGE, "4. Tasting panel (60 min)\n5. Founder chat\n6. Offer")
OTHER = guide_page("3", "brew.md", "Kettle Interviews", "Sources", "1. Notes\n2. More notes\n3. Even more")
BM25 = BM25Index().fit([INTRO, HEAD, TAIL, OTHER])
QUESTION = "What does the kettle interview process look like?"


def flat(term: str) -> float:
    return 1.0


def source(chunk) -> Source:
    return Source(1, Hit(chunk, 1.0), chunk.text, truncated=False)


def test_a_list_cut_by_a_chunk_boundary_is_shown_from_its_first_item():
    cut = pick_list(QUESTION, [source(TAIL)], flat)
    assert [line.marker for line in cut.lines] == ["4.", "5.", "6."]
    whole = from_start(cut, [source(TAIL)], BM25)
    assert [line.marker for line in whole.lines] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert render_lead(whole).splitlines()[2:6] == [
        "Most kettle teams run this interview process:",  # the list's introducing line, before the cut
        "1. Recruiter screen (20 min)",
        "2. Steeping round (45 min)",
        "3. Pouring round",
    ]
    assert all(line.position < 0 for line in whole.lines[:3])  # no quote of the source is taken for these


def test_a_list_from_its_start_or_without_earlier_items_is_left_as_it_is():
    head = pick_list(QUESTION, [source(HEAD)], flat)
    assert from_start(head, [source(HEAD)], BM25) is head
    other = pick_list("what are the steps of the sources?", [source(OTHER)], flat)
    assert from_start(other, [source(OTHER)], BM25) is other
    assert from_start(None, [source(TAIL)], BM25) is None


def test_the_offline_lead_of_a_process_question_starts_the_list_at_one():
    lead, _ = ordered_lead(QUESTION, Context([source(TAIL)], tokens=0, budget=0), BM25, flat)
    assert [line.text for line in lead.lines][:2] == ["Recruiter screen (20 min)", "Steeping round (45 min)"]
    context = Context([source(TAIL)], tokens=0, budget=0)
    loop, _ = ordered_lead("What does a kettle interview loop look like?", context, BM25, flat)
    assert loop is not None and loop.lines[0].marker == "1."
