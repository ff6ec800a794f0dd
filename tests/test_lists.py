"""The list a question after steps or a hiring process asks for: numbered steps before bullets."""

from rag.answer.context import Source
from rag.answer.lists import ORDER_BONUS, pick_list
from rag.records import Chunk, Hit
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


def test_interview_steps_come_from_an_interview_process_not_a_postings_duties():
    duties = (
        "Your responsibilities as a senior Python engineer at Lumen may include:\n\n"
        "- Designing remote services\n- Building Python applications\n- Reviewing code with senior engineers"
    )
    sources = [
        source(1, duties, "Description", "Senior AI Python Engineer (Remote) at Lumen"),
        source(2, STEPS, "", "Lumen interview process"),
    ]
    lead = pick_list("Lumen senior AI python engineer (remote): what are the interview steps?", sources, flat)
    assert (lead.intro, lead.lines[0].n) == ("Interview steps:", 2)
    # A steps question that names no interview still takes the best list.
    plain = pick_list("Lumen senior AI python engineer (remote): what are the steps?", sources, flat)
    assert plain.lines[0].n == 1


def test_a_process_list_is_read_with_its_passage_naming_the_role():
    text = "Company: Lumen. Role: MERN Stack Developer (AI Agents).\n" + STEPS
    question = "lumen MERN dev (AI agents) - how does hiring go?"
    lead = pick_list(question, [source(1, text, "", "Lumen")], flat)
    assert items(lead) == ["Intro call (30 min)", "Take-home exercise", "Panel with the founders (1 hour)"]
    assert pick_list(question, [source(1, STEPS, "", "Lumen")], flat) is None


def test_of_a_passages_several_process_lists_the_one_naming_the_company_leads():
    text = (
        "What candidates report, company by company.\n\n"
        "Orbit, AI Engineer (Jan 2026):\n\n1. Recruiter call\n2. Take-home exercise\n3. Panel\n\n"
        "Lumen, Applied AI Engineer (Feb 2026):\n\n1. Theory round\n2. Coding round\n3. Values talk\n"
    )
    lead = pick_list("what's the interview process at Lumen?", [source(1, text, "Interview process")], flat)
    assert (lead.intro, items(lead)) == (
        "Lumen, Applied AI Engineer (Feb 2026):",
        ["Theory round", "Coding round", "Values talk"],
    )


def company_file(n: int, company: str) -> Source:
    text = f"Company: {company}. Role: AI Engineer.\n{STEPS}"
    chunk = Chunk(
        f"c{n}", f"d{n}", "company", f"{company} interview process", "", f"https://g/{n}", [], text, text
    )
    return Source(n, Hit(chunk, 1.0), text, truncated=False)


def test_a_question_about_one_round_at_a_named_company_gets_that_companys_steps():
    sources = [source(1, POSTING, "Description", "AI Engineer at Lumen"), company_file(2, "Lumen")]
    lead = pick_list("lumen AI engineer - what's the technical round like?", sources, flat)
    assert (lead.intro, lead.lines[0].n, len(lead.lines)) == ("Interview steps:", 2, 3)
    # Another company's file, or no company file, gives no list lead.
    assert pick_list("what's the technical round like at Orbit?", sources, flat) is None
    assert pick_list("lumen AI engineer - what's the technical round like?", sources[:1], flat) is None


def test_a_question_about_a_named_companys_interviews_or_whiteboarding_gets_its_steps():
    sources = [source(1, POSTING, "Description", "AI Engineer at Lumen"), company_file(2, "Lumen")]
    for question in (
        "Lumen senior AI engineer: do they do puzzle-style interviews?",
        "does Lumen make senior AI engineers whiteboard?",
    ):
        lead = pick_list(question, sources, flat)
        assert (lead.intro, lead.lines[0].n, len(lead.lines)) == ("Interview steps:", 2, 3)
    # Without its company file, or about interviews in general, no list leads.
    assert pick_list("does Lumen make senior AI engineers whiteboard?", sources[:1], flat) is None
    assert pick_list("do AI engineer interviews use puzzles?", sources, flat) is None


def test_the_line_introducing_the_lead_list_is_not_quoted_again_between_two_quotes():
    from rag.answer.context import Context
    from rag.answer.extractive import render_quotes, select_quotes
    from tests.fakes import FakeEmbedder

    write_up = (
        "Role: Staff Engineer for support automation at Lumen.\n\n"
        "Interview steps:\n\n1. Recruiter call\n2. System design interview\n3. Final panel\n\n"
        "Notable: Lumen offers a choice between a take-home and pairing."
    )
    sources = [source(1, write_up, "", "Lumen interview process")]
    question = "what is Lumen's interview process?"
    lead = pick_list(question, sources, flat)
    assert (lead.intro, items(lead)) == (
        "Interview steps:",
        ["Recruiter call", "System design interview", "Final panel"],
    )
    quotes = select_quotes(question, Context(sources, 0, 0), FakeEmbedder(), 4, flat, lead)
    assert [q.text for q in quotes] == [
        "Role: Staff Engineer for support automation at Lumen.",
        "Notable: Lumen offers a choice between a take-home and pairing.",
    ]
    assert render_quotes(quotes, lead).count("Interview steps:") == 1
