"""Readings said in the answer, on an invented vocabulary: a role title is a filter on the postings' titles
(round twelve; round eleven only said it was not applied), a level read from words that are not its name is
said, and a city abbreviation is a city only where some posting is located in it."""

from __future__ import annotations

import pytest

from rag.market.readings import LEVEL_NOTE
from rag.market.router import Router
from rag.market.skills import skill_key
from rag.market.spec import Filters, QuerySpec
from rag.market.titles import TITLE_NOTE, title_note
from rag.market.vocab import Vocabulary

SKILLS = {"Python": None, "Machine learning": "ml", "RAG": "genai", "MLOps": "ops"}
TITLES = ("senior machine learning engineer", "ml platform engineer", "staff software engineer, ai agents",
          "data scientist ii", "mlops engineer", "ai engineer")  # fmt: skip


@pytest.fixture(scope="module")
def router() -> Router:
    counts: dict[str, dict] = {field: {} for field in ("company", "work_type", "stage", "size_band")}
    counts.update(
        city={"New York": 5, "Oslo": 3}, country={"USA": 5, "NOR": 3}, skill=dict.fromkeys(SKILLS, 2)
    )
    counts.update(level={"Senior level": 4, "Entry level": 2, "Expert/Leader": 2}, ai_type={"ai-first": 8})
    return Router(Vocabulary(counts, {skill_key(s): s for s in SKILLS}, SKILLS, TITLES))


@pytest.mark.parametrize(
    ("question", "title", "filters"),
    [
        ("pay range for ML engineer jobs in new york", "ML engineer", Filters(city=["New York"])),
        ("how many MLOps engineer postings in Oslo", "MLOps engineer", Filters(city=["Oslo"])),
        ("median salary for data scientist roles in Oslo", "data scientist", Filters(city=["Oslo"])),
    ],
)
def test_a_role_title_filters_on_the_postings_titles_and_is_said(router, question, title, filters):
    routed = router.route(question)
    assert routed.spec.where() == filters.merged(Filters(title=[title]))
    assert router.extractor.extract(question).notes == [title_note(title)]


def test_the_title_note_says_the_words_matched_and_what_was_left_out():
    assert title_note("ML engineer") == TITLE_NOTE.format(
        "ML engineer", "'ML' … 'engineer'", " ('ML' also as 'Machine Learning')"
    )
    assert title_note("staff AI engineers") == (
        "Read 'staff AI engineers' as a job title: postings whose title has 'staff' … 'engineer', in that "
        "order ('AI' left out: every posting is an AI engineering role)."
    )


def test_a_title_level_word_in_a_title_is_part_of_it_and_no_level(router):
    routed = router.route("what share of staff AI engineer jobs ask for Python?")
    assert routed.spec == QuerySpec(
        measure="share", filters=Filters(title=["staff AI engineer"]), subset=Filters(skills_all=["Python"])
    )
    assert routed.notes == [title_note("staff AI engineer")]
    senior = router.route("how many senior ML engineer postings are in Oslo?")  # a plain level stays one
    assert senior.spec.subset == Filters(city=["Oslo"], level=["Senior level"], title=["ML engineer"])


def test_an_ai_engineer_is_every_posting_and_gets_no_title(router):
    assert router.extractor.extract("how many AI engineer jobs in Oslo").notes == []
    assert router.route("how many AI engineer jobs in Oslo").spec == QuerySpec(
        measure="count", subset=Filters(city=["Oslo"])
    )
    assert router.extractor.extract("how many jobs in Oslo ask for RAG").notes == []


def test_a_title_no_posting_has_is_said_and_a_verb_is_no_title(router):
    routed = router.route("how many quantum engineer jobs are there")
    assert (routed.route, str(routed.unknown)) == (
        "market",
        "No posting has a title with 'quantum engineer'. "
        "See `fieldguide market vocab title` for the values the data holds.",
    )
    assert router.extractor.extract("how many companies hire engineers in Oslo").unknown == []


def test_a_level_read_from_other_words_is_said_once(router):
    routed = router.route("how many lead or principal positions are there")
    assert routed.spec == QuerySpec(measure="count", subset=Filters(level=["Expert/Leader"]))
    ex = router.extractor.extract("how many lead or principal positions are there")
    assert ex.notes == [LEVEL_NOTE.format("'lead' or 'principal'", "Expert/Leader")]
    staff = router.extractor.extract("how many staff level jobs ask for python")
    assert staff.notes == [LEVEL_NOTE.format("'staff'", "Expert/Leader")]
    for plain in ("junior", "senior", "entry-level"):  # a plain name of its level
        assert router.extractor.extract(f"how many {plain} jobs ask for python").notes == []


def test_lead_as_a_verb_is_no_level(router):
    ex = router.extractor.extract("which skills lead to higher pay")
    assert [m.field for m in ex.mentions] == [] and ex.notes == []


def test_a_city_abbreviation_is_the_city_only_where_a_posting_is_located(router):
    sf = router.extractor.extract("how many jobs in sf")
    assert [str(e) for e in sf.unknown] == [
        "No posting is located in 'San Francisco'. "
        "See `fieldguide market vocab city` for the values the data holds."
    ]
    assert [(m.field, m.value) for m in router.extractor.extract("how many jobs in nyc").mentions] == [
        ("city", "New York")
    ]
    assert router.extractor.extract("how many jobs in la").unknown == []  # lower-case "la" is no city
    assert len(router.extractor.extract("how many jobs in LA").unknown) == 1


def test_a_title_pattern_matches_the_words_whole_and_in_order():
    from rag.market.titles import matching, shown, title_pattern, title_words

    assert title_words("Staff AI/ML Engineers") == ["staff", "ml", "engineer"]
    assert title_words("machine learning engineer") == ["ml", "engineer"]
    assert shown("full-stack AI developers") == "full stack … developer"
    titles = ["staff machine learning engineer", "ai/ml engineer", "html engineer", "engineer, ml",
              "mlops engineering lead", "ml engineering manager"]  # fmt: skip
    assert matching("ML engineer", titles) == 3  # not "html", not ML after the noun, not "mlops"
    assert title_pattern("ML engineer") == (
        "(?:^|[^a-z0-9])(?:ml|machine[^a-z0-9]*learning)[^a-z0-9](?:.*[^a-z0-9])?engineer(?:s|ing)?(?:[^a-z0-9]|$)"
    )


def test_the_engine_filters_on_titles_and_agrees_with_the_reference(tmp_path):
    from evals.market.reference import Reference
    from evals.market.run import figures
    from ingest.market_table import build_tables, write_tables
    from ingest.postings import load_postings
    from ingest.problems import Problems
    from rag.market.engine import MarketEngine
    from rag.market.render import render
    from tests.conftest import FIXTURE_CORPUS

    docs = load_postings(FIXTURE_CORPUS, "job-market/data_raw/*.yaml", "job-market/data_structured/*.yaml",
                         "u", "c", Problems())  # fmt: skip
    write_tables(build_tables(docs), tmp_path / "market.duckdb")
    engine, reference = MarketEngine(tmp_path / "market.duckdb"), Reference(FIXTURE_CORPUS)
    try:
        for title, n in (
            ("ML engineer", 1),
            ("staff AI engineer", 1),
            ("LLM engineer", 1),
            ("AI engineer", 12),
        ):
            spec = QuerySpec(measure="count", subset=Filters(title=[title]))
            assert figures(engine.run(spec)) == {"n_matching": n, "n_population": 13}
            assert reference.figures(spec.model_dump(exclude_defaults=True)) == figures(engine.run(spec))
        spec = QuerySpec(measure="share", filters=Filters(title=["platform engineer"]))
        result = engine.run(spec)
        assert (result.n_matching, result.n_population) == (1, 1)  # "LLM Platform Engineer" only
        text = render(result).text
        assert text.startswith(
            "**1 of the 1 posting with “platform … engineer” in the title (100.0%) matches** — 7.7% of all 13"
        )
        assert text.endswith("Reproduce: `fieldguide market --measure share --title 'platform engineer'`")
        assert engine.vocab.titled("quantum engineer") == 0
        assert engine.vocab.rows("title")[0] == ("engineer", 12, "")  # one is an "AI Solutions Architect"
    finally:
        engine.close()


def test_two_titles_set_against_each_other_are_no_figure_of_the_table(router):
    # Titles are filters, not a field a comparison ranks: "how does hiring for X compare with Y?"
    question = "Nordlys: how does hiring for the data scientist compare with the ML engineer trial?"
    assert router.route(question).route == "guide"
