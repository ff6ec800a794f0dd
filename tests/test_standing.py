"""Where a quoted figure stands: a list item of figures under its list's top and its neighbour above."""

from rag.answer.extractive import render_lead
from rag.answer.lead import Lead, lines_of
from rag.answer.standing import pick_ranking, placed_lead, standing
from tests.test_lead import flat, source

RANKED = (
    "Most requested frameworks:\n\n- Flask - 90 jobs (30.0%)\n- Django - 60 jobs (20.0%)\n"
    "- Pyramid - 30 jobs (10.0%)\n- Bottle - 12 jobs (4.0%)\n- Falcon - 9 jobs (3.0%)"
)


def line(text: str, n: int = 1):
    return next(x for x in lines_of(source(n, RANKED)) if x.text == text)


def test_an_item_is_shown_under_the_lists_top_and_the_item_above_with_the_gap_marked():
    lead = standing(line("Bottle - 12 jobs (4.0%)"), [source(1, RANKED)])
    assert render_lead(lead) == (
        "[1] *Jobs — Skills*\n\nMost requested frameworks:\n- Flask - 90 jobs (30.0%)\n- …\n"
        "- Pyramid - 30 jobs (10.0%)\n- Bottle - 12 jobs (4.0%)"
    )


def test_the_top_item_and_the_second_need_no_gap():
    assert [x.text for x in standing(line("Flask - 90 jobs (30.0%)"), [source(1, RANKED)]).lines] == [
        "Flask - 90 jobs (30.0%)"
    ]
    assert [x.text for x in standing(line("Django - 60 jobs (20.0%)"), [source(1, RANKED)]).lines] == [
        "Flask - 90 jobs (30.0%)",
        "Django - 60 jobs (20.0%)",
    ]


def test_numbered_lists_keep_their_numbers_and_show_no_gap():
    text = "Steps by pass rate:\n\n1. Screen 80%\n2. Take-home 55%\n3. Onsite 30%\n4. Offer 12%"
    lead = standing(next(x for x in lines_of(source(1, text)) if x.text == "Offer 12%"), [source(1, text)])
    assert lead.markdown_list() == "Steps by pass rate:\n1. Screen 80%\n3. Onsite 30%\n4. Offer 12%"


def test_a_sentence_or_a_list_without_figures_stays_as_it_is():
    prose = "Flask leads with 90 jobs (30.0%) in the sample."
    assert standing(lines_of(source(1, prose))[0], [source(1, prose)]) is None
    plain = "Frameworks:\n\n- Flask, 90 jobs\n- Django\n- Pyramid\n- Bottle"
    item = next(x for x in lines_of(source(1, plain)) if x.text == "Flask, 90 jobs")
    assert standing(item, [source(1, plain)]) is None  # one item of four states a figure: no ranking


def test_the_offline_lead_for_one_item_of_a_ranking_is_that_item_in_its_list():
    lead = placed_lead("how many jobs ask for Pyramid?", [source(1, RANKED)], flat)
    assert isinstance(lead, Lead) and lead.kind == "list"
    assert [x.text for x in lead.lines] == [
        "Flask - 90 jobs (30.0%)",
        "Django - 60 jobs (20.0%)",
        "Pyramid - 30 jobs (10.0%)",
    ]
    # A lead of several items of one ranking (a comparison) shows each in the list.
    both = placed_lead("Flask or Falcon, which is asked for more?", [source(1, RANKED)], flat)
    assert both.markdown_list() == (
        "Most requested frameworks:\n- Flask - 90 jobs (30.0%)\n- …\n- Bottle - 12 jobs (4.0%)\n"
        "- Falcon - 9 jobs (3.0%)"
    )
    # Lines of different places stay lines.
    apart = RANKED + "\n\nFalcon postings grew 40% last year."
    lead = placed_lead("how common are Flask and Falcon in 2025, 40%?", [source(1, apart)], flat)
    assert (lead.kind, [x.text for x in lead.lines]) == (
        "line",
        ["Flask - 90 jobs (30.0%)", "Falcon - 9 jobs (3.0%)", "Falcon postings grew 40% last year."],
    )


def test_a_question_after_the_top_of_a_ranking_gets_the_ranking():
    prose = "Frameworks matter less than fundamentals, the survey says."
    lead = placed_lead("which frameworks do jobs request most?", [source(1, prose), source(2, RANKED)], flat)
    assert lead.markdown_list() == (
        "Most requested frameworks:\n- Flask - 90 jobs (30.0%)\n- Django - 60 jobs (20.0%)\n"
        "- Pyramid - 30 jobs (10.0%)\n- Bottle - 12 jobs (4.0%)\n- Falcon - 9 jobs (3.0%)"
    )
    assert pick_ranking("what do frameworks do?", [source(2, RANKED)], flat) is None
    plain = "Frameworks:\n\n- Flask\n- Django\n- Pyramid"
    assert pick_ranking("which frameworks do jobs request most?", [source(1, plain)], flat) is None


def test_a_ranking_must_rank_what_the_question_asks_about():
    # The summary list covers the question's words in its items, but ranks nothing the question names.
    summary = "- Flask leads web work - 90 jobs\n- Jobs mention frameworks 60 times\n- Django - 30 jobs"
    assert (
        pick_ranking("which frameworks do jobs request most?", [source(1, summary, "Summary")], flat) is None
    )


def test_a_lead_sentence_keeps_the_next_sentence_of_its_paragraph_when_that_states_an_asked_figure():
    text = (
        "The 80/20 rule: 80% of the grade comes from the project. Only 20% is the write-up [^a]\n\n"
        "A separate paragraph says 5% of students skip it."
    )
    lead = placed_lead(
        "how much of the grade comes from the project vs the write-up?", [source(1, text)], flat
    )
    assert render_lead(lead) == (
        "**The 80/20 rule: 80% of the grade comes from the project.** [1]\n\n**Only 20% is the write-up** [1]"
    )
    other = "The 80/20 rule: 80% of the grade comes from the project. The write-up is due on Friday."
    assert [
        x.text for x in placed_lead("how much of the grade is the project?", [source(1, other)], flat).lines
    ] == ["The 80/20 rule: 80% of the grade comes from the project."]


WORDS = (
    "Most common words in use cases:\n\n- data: 505 mentions\n- systems: 490 mentions\n"
    "- agents: 276 mentions\n- customer: 256 mentions\n- enterprise: 245 mentions"
)


def test_each_value_a_question_names_is_shown_in_the_ranking_however_common_its_word():
    # "agents" weighs little (it is everywhere), yet the question names it as a value of its own.
    idf = {"agent": 0.2, "enterpris": 3.0, "word": 3.0, "case": 1.0, "come": 2.0, "up": 2.0}.get
    lead = placed_lead(
        "how often do 'agents' and 'enterprise' come up in use case words?",
        [source(1, WORDS, "Most Common Words in Use Cases")],
        lambda t: idf(t, 1.0),
    )
    assert lead.markdown_list() == (
        "Most common words in use cases:\n- data: 505 mentions\n- systems: 490 mentions\n"
        "- agents: 276 mentions\n- customer: 256 mentions\n- enterprise: 245 mentions"
    )
