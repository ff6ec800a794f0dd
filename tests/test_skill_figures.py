"""The guide's own stated figures for a skill a market answer is about, read by the data's skill names
(invented pages in the guide's layout, an invented vocabulary)."""

from rag.answer.context import Source
from rag.answer.extractive import render_lead
from rag.answer.lead import lines_of
from rag.answer.market_lead import market_lead
from rag.answer.skill_figures import (
    MAX_PER_SKILL,
    SkillPages,
    joined,
    skill_leads,
    skills_of,
    spec_skills,
)
from rag.market.skills import skill_key
from rag.market.spec import Filters, QuerySpec
from rag.market.vocab import Vocabulary
from rag.records import Chunk, Hit
from tests.test_lead import flat

SKILLS = (
    "PostgreSQL",
    "Docker",
    "CI/CD",
    "Kubernetes",
    "Backend",
    "Agents",
    "LLMs",
    "Machine learning",
    "RAG",
    "OpenAI",
)
FORMS = {**{skill_key(s): s for s in SKILLS}, skill_key("Postgres"): "PostgreSQL"}
VOCAB = Vocabulary({"skill": dict.fromkeys(SKILLS, 3)}, FORMS, dict.fromkeys(SKILLS))
PAGE = "role/skills.md"
PAGES = frozenset({PAGE})
DATABASES = (
    "Top database skills:\n\n- vector stores - 90 jobs\n- PostgreSQL - 80 jobs\n- Pinecone - 50 jobs\n"
    "- Postgres - 40 jobs"
)
OPS = "Top ops skills:\n\n- Docker - 270 jobs\n- CI/CD - 250 jobs\n- Terraform - 100 jobs"
COMPARISON = (
    "| Skill | AI-First | AI-Support |\n|:---|---:|---:|\n"
    "| Agents | 30.0% | 8.0% |\n| Docker | 31.0% | 29.0% |"
)
EXPECTED = (
    "| Category | Skills | % |\n|---|---|--:|\n"
    "| Ops | Docker (30.5%), CI/CD (27.5%), Kubernetes (26.5%) | - |"
)
HEADING = "### Machine Learning: 15 jobs (1.7%)\n\nClassical model work without LLMs."


def lookup(name: str) -> str | None:
    return VOCAB.lookup("skill", name)


def page(n: int, text: str, section: str, path: str = PAGE) -> Source:
    chunk = Chunk(
        f"c{n}", "doc-skills", "page", "Jobs Analysis", section, f"https://g/{n}", [path], text, text
    )
    return Source(n, Hit(chunk, 1.0), text, truncated=False)


def share(**filters) -> QuerySpec:
    return QuerySpec(
        measure="share", subset=Filters(skills_all=filters.pop("skills")), filters=Filters(**filters)
    )


def rendered(leads) -> str:
    return "\n\n".join(map(render_lead, leads))


def test_a_line_is_about_the_skills_its_subject_or_entries_name_in_any_spelling_the_data_folds():
    lines = {
        x.text: x for s in (page(1, DATABASES, "Skills"), page(2, EXPECTED, "Expected")) for x in lines_of(s)
    }
    assert skills_of(lines["Postgres - 40 jobs"], lookup) == {"PostgreSQL"}
    assert skills_of(lines["vector stores - 90 jobs"], lookup) == frozenset()
    ops = lines["Ops · Docker (30.5%), CI/CD (27.5%), Kubernetes (26.5%) · -"]
    assert skills_of(ops, lookup) == {"Docker", "CI/CD", "Kubernetes"}
    rows = lines_of(page(3, "| Category | Jobs |\n|---|---|\n| Backend/General SWE | 20 |", "Support"))
    assert skills_of(rows[0], lookup) == {"Backend"}  # the name of two read part by part
    (llms,) = lines_of(page(4, "- LLMs (general) - 15.3%", "Support"))
    assert skills_of(llms, lookup) == {"LLMs"}


def test_a_skill_gets_each_of_its_lines_under_its_lists_line_or_its_tables_header():
    leads = skill_leads(
        share(skills=["PostgreSQL"]), [page(1, DATABASES, "Skills Analysis")], lookup, PAGES, ()
    )
    assert rendered(leads) == (
        "[1] *Jobs Analysis — Skills Analysis*\n\nTop database skills:\n- PostgreSQL - 80 jobs\n"
        "- Postgres - 40 jobs"
    )
    other_page = [page(1, DATABASES, "Skills Analysis", path="learning/README.md")]
    assert skill_leads(share(skills=["PostgreSQL"]), other_page, lookup, PAGES, ()) == ()


def test_the_ai_type_asked_comes_first_then_the_whole_samples_line_then_rows_comparing_types():
    sources = [
        page(1, OPS, "Skills Analysis"),
        page(2, COMPARISON, "Skill Comparison (AI-First vs AI-Support)"),
        page(3, EXPECTED, "Non-GenAI Skills Expected"),
    ]
    assert MAX_PER_SKILL == 2
    plain = skill_leads(share(skills=["Docker"]), sources, lookup, PAGES, ())
    assert [x.text for lead in plain for x in lead.lines] == [
        "Docker - 270 jobs",
        "Ops · Docker (30.5%), CI/CD (27.5%), Kubernetes (26.5%) · -",
    ]
    typed = skill_leads(share(skills=["Docker"], ai_type=["ai-first"]), sources, lookup, PAGES, ())
    assert rendered(typed) == (
        "[2] *Jobs Analysis — Skill Comparison (AI-First vs AI-Support)*\n\n"
        "| Skill | AI-First | AI-Support |\n|---|---|---|\n| Docker | 31.0% | 29.0% |\n\n"
        "[1] *Jobs Analysis — Skills Analysis*\n\nTop ops skills:\n- Docker - 270 jobs"
    )
    per_type = QuerySpec(
        measure="share",
        subset=Filters(skills_all=["Agents"]),
        group_by="ai_type",
        only=["ai-first", "ai-support"],
    )
    assert [x.text for lead in skill_leads(per_type, sources, lookup, PAGES, ()) for x in lead.lines] == [
        "Agents · 30.0% · 8.0%"
    ]


def test_lines_shown_already_count_for_their_skill_and_a_repeated_line_is_quoted_once():
    sources = [
        page(1, OPS, "Skills Analysis"),
        page(2, OPS, "Framework Ecosystem"),
        page(3, EXPECTED, "Expected"),
    ]
    leads = skill_leads(share(skills=["CI/CD"]), sources, lookup, PAGES, ())
    assert [x.text for lead in leads for x in lead.lines] == [
        "CI/CD - 250 jobs",
        "Ops · Docker (30.5%), CI/CD (27.5%), Kubernetes (26.5%) · -",
    ]
    shown = skill_leads(share(skills=["Docker"]), sources, lookup, PAGES, ())  # Docker's two lines
    assert skill_leads(share(skills=["Docker"]), sources, lookup, PAGES, shown) == ()
    ops_row = [shown[1]]  # the row names CI/CD too: one more line for it
    assert [x.text for lead in skill_leads(share(skills=["CI/CD"]), sources, lookup, PAGES, ops_row)
            for x in lead.lines] == ["CI/CD - 250 jobs"]  # fmt: skip


def test_rows_of_one_table_and_items_of_one_list_are_joined_in_their_order():
    sources = [page(1, OPS, "Skills Analysis"), page(2, COMPARISON, "Skill Comparison")]
    docker = skill_leads(share(skills=["Docker"]), sources, lookup, PAGES, ())
    agents = skill_leads(share(skills=["Agents"]), sources, lookup, PAGES, ())
    both = joined([*agents, *docker])
    assert rendered(both) == (
        "[2] *Jobs Analysis — Skill Comparison*\n\n| Skill | AI-First | AI-Support |\n|---|---|---|\n"
        "| Agents | 30.0% | 8.0% |\n| Docker | 31.0% | 29.0% |\n\n"
        "[1] *Jobs Analysis — Skills Analysis*\n\nTop ops skills:\n- Docker - 270 jobs"
    )


def test_a_heading_states_its_sections_figure_not_a_skills():
    sources = [page(1, HEADING, "AI Engineering Job Types")]
    spec = share(skills=["Machine learning"])
    assert skill_leads(spec, sources, lookup, PAGES, ()) == ()
    assert market_lead("do AI engineer jobs want machine learning?", spec, sources, flat) == ()
    ai_type = QuerySpec(measure="share", subset=Filters(ai_type=["ml-first"]))  # a job type's heading stays
    assert [x.text for p in market_lead("how many jobs are machine learning jobs?", ai_type, sources, flat)
            for x in p.lines] == ["Machine Learning: 15 jobs (1.7%)"]  # fmt: skip


def test_the_analysis_pages_chunks_are_found_per_skill_and_a_spec_names_its_skills():
    chunks = [s.hit.chunk for s in (page(1, DATABASES, "Skills"), page(2, OPS, "Ops"))]
    chunks.append(page(3, OPS, "Ops", path="learning/README.md").hit.chunk)
    found = SkillPages(chunks, PAGES, lookup)
    assert [c.id for c in found.chunks(["Docker", "PostgreSQL", "RAG"])] == ["c2", "c1"]
    top = QuerySpec(
        measure="top", field="skill", only=["Docker", "CI/CD"], filters=Filters(skills_all=["RAG"])
    )
    assert spec_skills(top) == ["RAG", "Docker", "CI/CD"]
    assert spec_skills(QuerySpec(measure="top", field="company", only=["Acme"])) == []


def test_an_item_of_a_list_of_other_things_is_no_skills_line():
    companies = page(
        1, "Top companies:\n\n- Capital Two - 28 jobs\n- Quillbyte - 15 jobs\n- OpenAI - 7 jobs", "Stats"
    )
    assert skill_leads(share(skills=["OpenAI"]), [companies], lookup, PAGES, ()) == ()
    genai = page(
        2, "Top GenAI skills:\n\n- RAG - 300 jobs\n- Agents - 120 jobs\n- OpenAI - 70 jobs", "Skills"
    )
    assert [x.text for lead in skill_leads(share(skills=["OpenAI"]), [companies, genai], lookup, PAGES, ())
            for x in lead.lines] == ["OpenAI - 70 jobs"]  # fmt: skip
