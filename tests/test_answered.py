"""The guide's own answer under a Q&A heading that asks the question: its opening leads the offline answer."""

from rag.answer.answered import answered_lead, offline_lead, opening, passage_body, question_heading
from rag.answer.extractive import render_lead, render_quotes
from rag.config import Settings
from tests.fakes import FakeEmbedder
from tests.test_lead import flat, source
from tests.test_standing import RANKED

QA = "Q&A During the Webinar > How long does a kettle take to boil water?"
ANSWER = (
    "### How long does a kettle take to boil water?\n\n"
    "A full kettle boils in about 4 minutes. A half-full one is faster. "
    "Descale it every month, or the element gets slower and the tea tastes of chalk. "
    "Nobody in our office has ever timed the kettle with a stopwatch, but we all have opinions about it "
    "and we share them at every single standup meeting we have all year.\n\n"
    "This sentence comes after the word limit and is left out."
)
OTHER = "Q&A During the Webinar > Which teapot should a beginner buy for green tea?"
OTHER_TEXT = "Buy a small glazed teapot with a fine strainer; clay ones keep old flavours."


def test_only_a_section_whose_own_heading_asks_a_question_is_a_qa_section():
    assert question_heading(source(1, ANSWER, QA)) == "How long does a kettle take to boil water?"
    assert question_heading(source(1, ANSWER, "Kettles > Boiling times")) == ""
    assert question_heading(source(1, ANSWER, "Why kettles? > Boiling times")) == ""  # a parent's question


def test_the_opening_is_the_answers_units_in_order_up_to_the_word_limit():
    lines = opening(source(3, ANSWER, QA))
    assert [x.text for x in lines] == [
        "A full kettle boils in about 4 minutes.",
        "A half-full one is faster.",
        "Descale it every month, or the element gets slower and the tea tastes of chalk.",
        "Nobody in our office has ever timed the kettle with a stopwatch, but we all have opinions about it "
        "and we share them at every single standup meeting we have all year.",
    ]
    assert {x.n for x in lines} == {3}


def test_an_opening_keeps_list_items_on_their_lines_and_stops_at_a_table_or_the_next_heading():
    text = (
        "How do I pack for a hike?\n\n"  # the question repeated under its heading is skipped
        "Pack light and check the weather first:\n\n- Water, two litres\n- A map\n\n"
        "| Item | Grams |\n|---|---|\n| Tent | 900 |\n"
    )
    lines = opening(source(1, text, "Q&A > How do I pack for a hike?"))
    assert passage_body(lines) == "Pack light and check the weather first:\n- Water, two litres\n- A map"
    after = "Carry two litres of water and a paper map on every hike.\n\n## Gear\n\nA tent of 900 grams."
    assert [x.text for x in opening(source(1, after, "Q&A > How do I pack?"))] == [
        "Carry two litres of water and a paper map on every hike."
    ]
    assert opening(source(1, "Yes, it is.", "Q&A > Is it?")) == ()  # too short to answer on its own
    finding = (
        "64% of hikers carry too much water\n\n"
        + "The usual mistakes:\n\n- Three litres\n- Two maps\n\nPack less."
    )
    assert passage_body(opening(source(1, finding, "Q&A > What do hikers get wrong?"))) == (
        "64% of hikers carry too much water\n\nThe usual mistakes:\n- Three litres\n- Two maps\n\nPack less."
    )


def test_the_closest_qa_heading_leads_with_its_opening_rendered_as_a_paragraph():
    sources = [source(1, OTHER_TEXT, OTHER, "Webinar 2"), source(2, ANSWER, QA, "Webinar 1")]
    lead = answered_lead("How long does a kettle take to boil water?", sources, FakeEmbedder())
    assert lead.kind == "passage"
    assert render_lead(lead) == (
        f"[2] *Webinar 1 — {QA}*\n\n"
        "A full kettle boils in about 4 minutes. A half-full one is faster. Descale it every month, or the "
        "element gets slower and the tea tastes of chalk. Nobody in our office has ever timed the kettle "
        "with a stopwatch, but we all have opinions about it and we share them at every single standup "
        "meeting we have all year."
    )
    assert render_quotes([], lead).startswith("*Quoted from the guide")


def test_no_lead_when_no_heading_is_close_enough_or_none_asks_a_question():
    sources = [source(1, OTHER_TEXT, OTHER), source(2, ANSWER, QA)]
    assert answered_lead("What do postings say about Kubernetes clusters?", sources, FakeEmbedder()) is None
    plain = [source(1, ANSWER, "Kettles > Boiling times")]
    embedder = FakeEmbedder()
    assert answered_lead("How long does a kettle take to boil water?", plain, embedder) is None
    assert embedder.encoded == []  # nothing to compare: nothing embedded


def test_a_figure_lead_comes_first_and_the_setting_turns_both_off():
    question = "How long does a kettle take to boil water?"
    sources = [source(1, ANSWER, QA)]
    assert offline_lead(question, sources, flat, FakeEmbedder(), Settings()).kind == "line"  # "4 minutes"
    off = Settings(extractive_lead=False)
    assert offline_lead(question, sources, flat, FakeEmbedder(), off) is None
    # No figure asked for: the Q&A answer leads.
    asked = "Should I descale the kettle that boils the water?"
    qa = [source(1, ANSWER, "Q&A > Should I descale the kettle that boils the water?")]
    assert offline_lead(asked, qa, flat, FakeEmbedder(), Settings()).kind == "passage"
    # A ranking question keeps its ranking.
    ranking = offline_lead(
        "which frameworks do jobs request most?", [source(2, RANKED)], flat, FakeEmbedder(), Settings()
    )
    assert ranking.kind == "list"
