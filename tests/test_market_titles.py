"""Round eleven's readings, on an invented vocabulary: a role title the data cannot filter on is said, a
level read from words that are not its name is said, and a city abbreviation is a city only where some
posting is located in it."""

from __future__ import annotations

import pytest

from rag.market.readings import LEVEL_NOTE, TITLE_NOTE
from rag.market.router import Router
from rag.market.skills import skill_key
from rag.market.spec import Filters, QuerySpec
from rag.market.vocab import Vocabulary

SKILLS = {"Python": None, "Machine learning": "ml", "RAG": "genai", "MLOps": "ops"}


@pytest.fixture(scope="module")
def router() -> Router:
    counts: dict[str, dict] = {field: {} for field in ("company", "work_type", "stage", "size_band")}
    counts.update(
        city={"New York": 5, "Oslo": 3}, country={"USA": 5, "NOR": 3}, skill=dict.fromkeys(SKILLS, 2)
    )
    counts.update(level={"Senior level": 4, "Entry level": 2, "Expert/Leader": 2}, ai_type={"ai-first": 8})
    return Router(Vocabulary(counts, {skill_key(s): s for s in SKILLS}, SKILLS))


@pytest.mark.parametrize(
    ("question", "title", "filters"),
    [
        ("pay range for ML engineer jobs in new york", "ML engineer", Filters(city=["New York"])),
        ("how many MLOps engineer postings in Oslo", "MLOps engineer", Filters(city=["Oslo"])),
        ("median salary for data scientist roles in Oslo", "data scientist", Filters(city=["Oslo"])),
    ],
)
def test_a_role_title_the_data_cannot_filter_on_is_said(router, question, title, filters):
    routed = router.route(question)
    assert routed.spec.where() == filters
    assert router.extractor.extract(question).notes == [TITLE_NOTE.format(title)]


def test_an_ai_engineer_is_every_posting_and_gets_no_title_note(router):
    assert router.extractor.extract("how many AI engineer jobs in Oslo").notes == []
    assert router.extractor.extract("how many jobs in Oslo ask for RAG").notes == []


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
