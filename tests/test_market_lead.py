"""A market answer's lead: the guide's own figure for what the spec counts, quoted before the computed one."""

import pytest

from rag.answer.extractive import render_lead
from rag.answer.market_lead import market_lead, named
from rag.market.render import _stated, guide_statement
from rag.market.spec import Filters, QuerySpec
from tests.test_lead import flat, source

LANGUAGES = (
    "Top languages:\n\n- Python - 738 jobs (82.5%)\n- Java - 133 jobs (14.9%)\n- Go - 101 jobs (11.3%)\n"
    "- SQL - 88 jobs (9.8%)\n\nIn Berlin the mix is different, but Python still leads."
)
ML = (
    "PyTorch dominates - 2.6x more common than TensorFlow for model work.\n\n"
    "- PyTorch - 165 jobs (26.6%)\n- TensorFlow - 93 jobs (15.0%)\n\n"
    "Prompt engineering appears in 58% of the AI-First roles.\n\n"
    "Customer-facing roles: 231 (25.8%)\n\nManagement roles: 155 (17.3%)"
)
SUPPORT = (
    "GenAI skills in AI-Support roles:\n\n- LLMs (general) - 15.3%\n- RAG - 13.3%\n"
    "- Prompt engineering - 7.5%\n- LangChain - 6.7%"
)


def top_only(*values: str) -> QuerySpec:
    return QuerySpec(measure="top", field="skill", only=list(values))


def share(**subset) -> QuerySpec:
    return QuerySpec(measure="share", subset=Filters(**subset))


def test_a_spec_names_what_it_counts_and_its_population():
    berlin = named(
        QuerySpec(measure="count", filters=Filters(city=["Berlin"]), subset=Filters(skills_all=["Go"]))
    )
    assert (berlin.counted, berlin.population, berlin.ranking) == (
        (frozenset({"go"}),),
        (frozenset({"berlin"}),),
        frozenset(),
    )
    assert named(share(management=True, stage=["series_b"])).counted == (
        frozenset({"seri", "b"}),
        frozenset({"manag"}),
    )
    ranking = named(QuerySpec(measure="top", field="skill", filters=Filters(ai_type=["ai-support"])))
    assert (ranking.counted, ranking.population, ranking.ranking) == (
        (),
        (frozenset({"ai", "support"}),),
        frozenset({"skill"}),
    )


def texts(parts) -> list[str]:
    return [x.text for part in parts for x in part.lines]


def rendered(parts) -> str:
    return "\n\n".join(map(render_lead, parts))


def test_compared_values_each_get_the_line_about_them_shown_where_they_stand_in_their_list():
    parts = market_lead(
        "go or java - which one do jobs ask for more?", top_only("Go", "Java"), [source(1, LANGUAGES)], flat
    )
    # Go is third: the list's top and the item above (Java, the other value) come with it, once.
    assert rendered(parts) == (
        "[1] *Jobs — Skills*\n\nTop languages:\n- Python - 738 jobs (82.5%)\n- Java - 133 jobs (14.9%)\n"
        "- Go - 101 jobs (11.3%)"
    )


def test_a_comparison_leads_with_the_line_comparing_them_then_each_side():
    parts = market_lead(
        "pytorch or tensorflow - which one shows up more in jobs?",
        top_only("PyTorch", "TensorFlow"),
        [source(1, ML)],
        flat,
    )
    assert texts(parts) == [
        "PyTorch dominates - 2.6x more common than TensorFlow for model work.",
        "PyTorch - 165 jobs (26.6%)",
        "TensorFlow - 93 jobs (15.0%)",
    ]


def test_role_flags_are_counted_values_and_a_line_about_something_else_is_no_figure_for_them():
    question = "how many jobs are customer-facing or management roles?"
    parts = market_lead(question, share(customer_facing=True, management=True), [source(1, ML)], flat)
    assert texts(parts) == [
        "Management roles: 155 (17.3%)",
        "Customer-facing roles: 231 (25.8%)",
    ]
    # "Prompt engineering appears in 58% of the AI-First roles": it names AI-First, it is about prompts.
    assert (
        market_lead("what share of jobs are ai-first?", share(ai_type=["ai-first"]), [source(1, ML)], flat)
        == ()
    )


def test_a_population_the_guide_line_does_not_name_gives_no_lead():
    spec = QuerySpec(measure="count", filters=Filters(city=["Berlin"]), subset=Filters(skills_all=["Python"]))
    assert market_lead("how many Berlin postings ask for Python?", spec, [source(1, LANGUAGES)], flat) == ()


def test_a_ranking_gets_the_guides_list_of_figures_for_its_population():
    spec = QuerySpec(measure="top", field="skill", filters=Filters(ai_type=["ai-support"]))
    parts = market_lead(
        "for AI-support jobs, which GenAI skill do they ask for most?",
        spec,
        [source(2, SUPPORT, "Support")],
        flat,
    )
    assert rendered(parts) == (
        "[2] *Jobs — Support*\n\nGenAI skills in AI-Support roles:\n"
        "- LLMs (general) - 15.3%\n- RAG - 13.3%\n- Prompt engineering - 7.5%\n- LangChain - 6.7%"
    )
    other = QuerySpec(measure="top", field="company", filters=Filters(ai_type=["ai-support"]))
    assert (
        market_lead("which companies hire AI-support engineers most?", other, [source(2, SUPPORT)], flat)
        == ()
    )


@pytest.mark.parametrize(
    ("quoted", "stated"),
    [
        ("**RAG - 321 jobs (35.9%)** [1]", True),
        ("**RAG - 321 jobs** [1]", False),  # the share is not quoted: the guide's figure sentence stays
        ("**The most in-demand pattern (35.9% of jobs mention RAG).** [1]", False),
        ("", False),
    ],
)
def test_the_guide_figure_sentence_is_left_out_only_when_the_quote_states_it(quoted, stated):
    figure = {"statement": "321 jobs (35.9%)", "n": 321}
    assert _stated(figure, quoted) is stated


@pytest.mark.parametrize(
    ("quoted", "statement"),
    [
        ("**RAG - 321 jobs (35.9%)** [1]", None),
        ("**The most in-demand pattern (35.9% of jobs mention RAG).** [1]", "321 jobs"),  # the share once
        ("**RAG - 321 jobs (35.95%)** [1]", "321 jobs (35.9%)"),
        ("", "321 jobs (35.9%)"),
    ],
)
def test_the_guide_figure_sentence_says_only_what_the_quote_does_not(quoted, statement):
    assert guide_statement({"statement": "321 jobs (35.9%)", "n": 321}, quoted) == statement


def test_a_value_word_names_the_longer_words_it_starts():
    text = "39.6% of AI-First roles explicitly require evaluation-related skills."
    parts = market_lead(
        "how many jobs ask for eval skills?", share(skills_all=["evals"]), [source(1, text)], flat
    )
    assert texts(parts) == [text]
    assert (
        market_lead(
            "how many jobs ask for go?", share(skills_all=["Go"]), [source(1, "Google - 12 jobs")], flat
        )
        == ()
    )


TITLES = (
    "Most common job titles:\n\n- Data Engineer - 40 jobs\n- Senior Data Engineer - 22 jobs\n"
    "- Staff Data Engineer - 9 jobs\n- Principal Data Engineer - 4 jobs"
)


def test_a_subject_the_question_names_in_the_guides_words_is_quoted_whatever_the_spec_counts():
    # The parser read "Principal" as a level; the guide's line names the title the question asks about.
    spec = QuerySpec(measure="count", filters=Filters(level=["Expert/Leader"]))
    parts = market_lead(
        "how many postings were titled Principal Data Engineer?", spec, [source(1, TITLES)], flat
    )
    assert rendered(parts) == (
        "[1] *Jobs — Skills*\n\nMost common job titles:\n- Data Engineer - 40 jobs\n- …\n"
        "- Staff Data Engineer - 9 jobs\n- Principal Data Engineer - 4 jobs"
    )
    # A two-word subject ("Data Engineer") is the field's own name, not the guide's wording.
    everything = QuerySpec(measure="count")
    assert market_lead("how many data engineer jobs are there?", everything, [source(1, TITLES)], flat) == ()


def test_a_value_inside_a_table_cell_gets_the_row_under_its_header():
    text = (
        "| Category | Skills | % |\n|---|---|---|\n| Cloud | Hetzner (31.0%), Vultr (12.5%) | - |\n"
        "| Web | Django (8.0%) | ~30% |"
    )
    parts = market_lead(
        "is Hetzner or Vultr asked for more?", top_only("Hetzner", "Vultr"), [source(1, text)], flat
    )
    assert rendered(parts) == (
        "[1] *Jobs — Skills*\n\n| Category | Skills | % |\n|---|---|---|\n"
        "| Cloud | Hetzner (31.0%), Vultr (12.5%) | - |"
    )


def test_a_row_stating_both_sides_is_preferred_to_a_line_stating_one():
    table = "| Skill | AI-First | AI-Support |\n|---|---|---|\n"
    table += "| LangChain | 21.0% | 6.7% |\n| RAG | 44.0% | 13.3% |"
    sources = [source(1, SUPPORT, "Support"), source(2, table, "Skill comparison")]
    parts = market_lead("how often is langchain required?", share(skills_all=["LangChain"]), sources, flat)
    assert rendered(parts) == (
        "[2] *Jobs — Skill comparison*\n\n| Skill | AI-First | AI-Support |\n|---|---|---|\n"
        "| LangChain | 21.0% | 6.7% |"
    )


def test_a_question_after_the_top_whose_spec_finds_nothing_gets_the_guides_ranking():
    # The parser read the question as a salary one about a skill group; the guide ranks the group.
    ranking = (
        "Framework popularity:\n\n- Alpha - 40 jobs (8.0%)\n- Beta - 20 jobs (4.0%)\n- Gamma - 5 jobs (1.0%)"
    )
    spec = QuerySpec(measure="salary", filters=Filters(skills_all=["frameworks"]))
    parts = market_lead("which frameworks do jobs ask for most?", spec, [source(1, ranking)], flat)
    assert rendered(parts) == (
        "[1] *Jobs — Skills*\n\nFramework popularity:\n- Alpha - 40 jobs (8.0%)\n- Beta - 20 jobs (4.0%)\n"
        "- Gamma - 5 jobs (1.0%)"
    )
    assert market_lead("how do postings pay for frameworks?", spec, [source(1, ranking)], flat) == ()


SUPPORT_TABLE = (
    "AI-Support work by function:\n\n| Function | Jobs | Builds |\n|---|---|---|\n"
    "| Platform/Infrastructure | 90 | GPU clusters |\n| Sales/Solutions | 12 | Customer demos |"
)


def test_what_the_spec_leaves_out_gets_the_line_the_question_itself_leads_with():
    # The parser read only "AI-support"; the question asks about one function of those jobs.
    question = "the sales/solutions AI-support jobs - how many are there?"
    parts = market_lead(question, share(ai_type=["ai-support"]), [source(1, SUPPORT_TABLE)], flat)
    assert rendered(parts) == (
        "[1] *Jobs — Skills*\n\n| Function | Jobs | Builds |\n|---|---|---|\n"
        "| Sales/Solutions | 12 | Customer demos |"
    )


LONG_LANGUAGES = (
    "Top languages:\n\n- Python - 738 jobs (82.5%)\n- Java - 133 jobs (14.9%)\n- Go - 101 jobs (11.3%)\n"
    "- SQL - 88 jobs (9.8%)\n- Rust - 40 jobs (4.5%)\n- Scala - 20 jobs (2.2%)"
)


def test_two_values_of_one_list_are_shown_in_one_view_of_it():
    spec = share(skills_any=["Java", "Scala"])
    parts = market_lead("how many jobs ask for Java or Scala?", spec, [source(1, LONG_LANGUAGES)], flat)
    assert rendered(parts) == (
        "[1] *Jobs — Skills*\n\nTop languages:\n- Python - 738 jobs (82.5%)\n- Java - 133 jobs (14.9%)\n"
        "- …\n- Rust - 40 jobs (4.5%)\n- Scala - 20 jobs (2.2%)"
    )


PLACES = (
    "Our sample: 640 job descriptions covering Oslo, Bergen and Tromsø.\n\n"
    "Top employers:\n\n- Fjordline - 30 jobs\n- Oslo Mutual Insurance - 6 jobs\n\n"
    "Top cities:\n\n- Bergen - 41 jobs\n- Oslo - 12 jobs"
)


def test_a_place_or_company_gets_a_line_about_it_not_one_that_only_contains_its_name():
    oslo = QuerySpec(measure="count", subset=Filters(city=["Oslo"]))
    assert texts(market_lead("how many jobs in oslo", oslo, [source(1, PLACES)], flat)) == ["Oslo - 12 jobs"]
    # Without it: "Oslo Mutual Insurance" and the sample's list of places are no figure about Oslo.
    without = PLACES.replace("\n- Oslo - 12 jobs", "")
    assert market_lead("how many jobs in oslo", oslo, [source(1, without)], flat) == ()
    insurer = QuerySpec(measure="count", subset=Filters(company=["Oslo Mutual Insurance"]))
    question = "how many postings at Oslo Mutual Insurance?"
    assert texts(market_lead(question, insurer, [source(1, PLACES)], flat)) == [
        "Oslo Mutual Insurance - 6 jobs"
    ]


CONTENTS = (
    "Pages on companies:\n\n1. Vision - how I see the role, 3 comparisons\n2. Skills - 12 tables\n"
    "3. Use cases - 4,525 cases of what companies build\n\n"
    "Top companies by job count:\n\n- Fjordline - 30 jobs\n- Oslo Mutual Insurance - 6 jobs\n"
    "- Tromsø Data - 4 jobs"
)


def test_a_ranking_lead_must_rank_values_of_the_field_asked():
    companies = {"Fjordline", "Oslo Mutual Insurance", "Tromsø Data"}
    spec = QuerySpec(measure="top", field="company", limit=5)
    question = "top 5 companies by number of postings"
    parts = market_lead(question, spec, [source(1, CONTENTS)], flat, companies.__contains__)
    assert texts(parts) == ["Fjordline - 30 jobs", "Oslo Mutual Insurance - 6 jobs", "Tromsø Data - 4 jobs"]
    only_pages = CONTENTS.split("\n\nTop companies")[0]
    assert market_lead(question, spec, [source(1, only_pages)], flat, companies.__contains__) == ()


AI_FIRST_TITLES = (
    "Strongly AI-First titles (75%+ classified as AI-First):\n\n- AI Engineer - 240 jobs (96% AI-First)\n"
    "- Applied AI Engineer - 31 jobs (90% AI-First)\n- AI Platform Engineer - 9 jobs (70% AI-First)"
)


def test_a_place_counted_gets_no_line_about_the_field_at_large():
    # "AI engineer" in "are there AI engineer jobs in Oslo?" is the data's own field, not what is counted.
    oslo = QuerySpec(measure="count", subset=Filters(city=["Oslo"]))
    assert market_lead("Are there AI engineer jobs in Oslo?", oslo, [source(1, AI_FIRST_TITLES)], flat) == ()
    with_oslo = AI_FIRST_TITLES + "\n\nTop cities:\n\n- Oslo - 12 jobs\n- Bergen - 8 jobs"
    assert texts(market_lead("Are there AI engineer jobs in Oslo?", oslo, [source(1, with_oslo)], flat)) == [
        "Oslo - 12 jobs"
    ]
