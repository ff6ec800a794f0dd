"""The list a question after steps or a hiring process asks for: numbered steps before bullets."""

from rag.answer.lists import ORDER_BONUS, pick_list
from tests.test_lead import flat, source

POSTING = (
    "What we look for:\n\n- Strong Python engineering skills\n- Experience shipping LLM features\n"
    "- Understanding of business processes at Lumen"
)
STEPS = (
    "Interview steps:\n\n1. Intro call (30 min)\n2. Take-home exercise\n3. Panel with the founders (1 hour)"
)
BULLETS = (
    "How we hire at Lumen:\n\n- Intro call with a recruiter\n- Take-home exercise\n- Panel with the founders"
)


def items(lead) -> list[str]:
    return [line.text for line in lead.lines]


def test_a_hiring_process_question_gets_the_list_introduced_as_interview_steps():
    sources = [
        source(1, POSTING, "Description", "AI Engineer at Lumen"),
        source(2, STEPS, "", "Lumen interview process"),
    ]
    lead = pick_list("what is Lumen's hiring process?", sources, flat)
    assert (lead.intro, items(lead), lead.lines[0].n) == (
        "Interview steps:",
        ["Intro call (30 min)", "Take-home exercise", "Panel with the founders (1 hour)"],
        2,
    )
    assert pick_list("who interviews me at Lumen?", sources, flat).intro == "Interview steps:"
    # The posting's list names as much of the question ("business processes", Lumen), but is no
    # interview process: its introducing line, section and first item name none.
    assert pick_list("what is Lumen's hiring process?", sources[:1], flat) is None
    # Without a steps or process wording there is no list lead.
    assert pick_list("what does Lumen look for?", sources, flat) is None


def test_a_numbered_list_of_steps_comes_before_a_bulleted_one_that_matches_as_well():
    bulleted, numbered = source(1, BULLETS, "Hiring", "Lumen"), source(2, STEPS, "Hiring", "Lumen")
    assert ORDER_BONUS == 0.1
    lead = pick_list("what are the steps at Lumen?", [bulleted, numbered], flat)
    assert (lead.lines[0].n, lead.lines[0].marker) == (2, "1.")
    # A numbered list gets no bonus that lifts it over the match every list needs.
    assert pick_list("what are the steps to get a visa sponsorship?", [numbered], flat) is None
