"""Round nine's readings on invented postings: startups as a population, startups set against big
companies, the ranked field of "top skills employers ask for", "what is the median …", a doubled-letter
typo, and the skill vocabulary (no "AI", broken raw splits repaired)."""

from __future__ import annotations

import pytest

from rag.answer.figures import states_amount
from rag.index.text_tokens import tokenize
from rag.market.cues import STAGES_NOTE
from rag.market.skills import SkillFolder, split_spellings
from rag.market.spec import Filters, QuerySpec
from rag.records import Document

# job id: (company, location, raw skills, stage); Saltmarsh's list was split inside
# "Cloud Platforms (AWS, GCP)".
POSTINGS = {
    1: ("Quillbyte", "Berlin, DEU", ["Python", "RAG", "AI"], "Series B"),
    2: ("Quillbyte", "Berlin, DEU", ["Python", "Docker"], "Series B"),
    3: ("Petrichor Labs", "London, GBR", ["RAG", "Docker", "Artificial Intelligence"], "Public"),
    4: ("Nordlicht Robotics", "New York, USA", ["Python", "AI"], "Public"),
    5: ("Cobaltline", "New York, USA", ["RAG"], "Seed"),
    6: ("Saltmarsh", "London, GBR", ["Cloud Platforms (AWS", "GCP)", "Python"], "Public"),
}
STARTUPS = Filters(stage=["seed", "series_b"])  # the funding stages the data holds
STARTUP_NOTE = (
    "Read 'startups' as companies at a funding stage (Seed to Series C+): the data records a company's stage."
)


def _doc(i: int, company: str, location: str, skills: list[str], stage: str) -> Document:
    meta = {"job_id": str(i), "company": company, "location": location, "raw_skills": skills}
    return Document(
        f"posting:{i}", "posting", f"T{i}", [f"p{i}"], f"u{i}", "", {**meta, "company_stage": stage}
    )


@pytest.fixture(scope="module")
def desk(desk_of):
    return desk_of([_doc(i, *row) for i, row in POSTINGS.items()])


def test_a_broken_raw_split_gives_its_head_and_its_items_and_paired_brackets_stay_whole():
    items = ["Cloud Platforms (Aws", "Gcp)", "Gpus/Tpus),Aws,Azure", "Large Language Models (LLMs)", "Python"]
    assert split_spellings(items) == [
        "Cloud Platforms", "Aws", "Gcp", "Gpus/Tpus", "Aws", "Azure", "Large Language Models (LLMs)",
        "Python",
    ]  # fmt: skip


def test_ai_names_the_field_not_a_skill():
    folder = SkillFolder(["AI", "ai", "Artificial Intelligence", "Ai Tools", "Generative AI", "Python"])
    assert folder.canonical == {"Ai Tools": "Ai Tools", "Generative AI": "Generative AI", "Python": "Python"}


def test_the_table_holds_the_repaired_skills_and_no_ai(desk):
    assert desk.engine.vocab.counts["skill"] == {"Python": 4, "RAG": 3, "Docker": 2, "AWS": 1, "GCP": 1}


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        ("How many postings from startups ask for RAG?",
         QuerySpec(measure="count", filters=STARTUPS, subset=Filters(skills_all=["RAG"]))),
        ("Do startups ask for Docker?",
         QuerySpec(measure="share", filters=STARTUPS, subset=Filters(skills_all=["Docker"]))),
        ("What skills do start-ups look for most?",
         QuerySpec(measure="top", field="skill", filters=STARTUPS)),
    ],
)  # fmt: skip
def test_startups_anywhere_in_a_question_are_the_funding_stages_and_the_answer_says_so(desk, question, spec):
    routed = desk.route(question)
    assert routed.spec == spec
    assert routed.notes == [STARTUP_NOTE.replace("'startups'", "'start-ups'") if "start-ups" in question
                            else STARTUP_NOTE]  # fmt: skip


def test_one_startup_is_one_company_and_startup_jobs_are_the_funding_stages(desk):
    assert desk.route("what salary did the grad get at the Berlin startup?").spec == QuerySpec(
        measure="salary", filters=Filters(city=["Berlin"]), limit=30
    )
    assert desk.route("how many startup jobs ask for RAG").spec == QuerySpec(
        measure="count", filters=STARTUPS, subset=Filters(skills_all=["RAG"])
    )


def test_a_startup_count_states_its_population(desk):
    reply = desk.answer("Do startups ask for Docker?")
    assert reply.text.split("\n\n")[:2] == [
        STARTUP_NOTE,
        "**1 of the 3 postings at Seed or Series B companies (33.3%) lists Docker among their skills** — "
        "16.7% of all 6 postings.",
    ]


def test_startups_set_against_big_companies_are_compared_stage_by_stage(desk):
    routed = desk.route("do big companies ask for RAG more than startups?")
    assert routed.spec == QuerySpec(measure="share", subset=Filters(skills_all=["RAG"]), group_by="stage")
    assert routed.notes == [STAGES_NOTE]
    rows = [(r["value"], r["n_matching"], r["n_population"]) for r in desk.engine.run(routed.spec).rows]
    assert rows == [("public", 1, 3), ("series_b", 1, 2), ("seed", 1, 1)]


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        ("Top 10 skills employers ask for?", QuerySpec(measure="top", field="skill")),
        ("which companies want Python the most", QuerySpec(measure="top", field="company",
                                                           filters=Filters(skills_all=["Python"]))),
        ("which skills do companies in Berlin ask for",
         QuerySpec(measure="top", field="skill", filters=Filters(city=["Berlin"]))),
        ("What is the median salary for AI engineers in the US?",
         QuerySpec(measure="salary", filters=Filters(country=["USA"]), limit=30)),
        ("how manny postings require docker",
         QuerySpec(measure="count", subset=Filters(skills_all=["Docker"]))),
    ],
)  # fmt: skip
def test_new_user_phrasings_get_their_figure(desk, question, spec):
    assert desk.route(question).spec == spec


@pytest.mark.parametrize(
    "question",
    [
        "what is RAG?",
        "Should I join a startup or big tech?",
        "What skills do I need to list on my resume?",
        "Is it better to start at a startup or at a big company?",
        "new grad: what total comp should I expect at big tech vs an AI startup?",
    ],
)
def test_questions_about_startups_or_skills_that_ask_for_no_figure_stay_with_the_guide(desk, question):
    assert desk.route(question).route == "guide"


def test_a_benefits_stipend_is_no_stated_pay_but_an_intern_stipend_is():
    def states(sentence: str) -> bool:
        return states_amount(sentence, frozenset(tokenize(sentence)))

    assert not states("401k match & a $1,000 annual learning stipend.")
    assert not states("Home office stipend: a one-time $750.")
    assert states("Interns receive a stipend of $3,000 a month.")
    assert states("Base salary $150k, plus a $1,000 learning stipend.")
