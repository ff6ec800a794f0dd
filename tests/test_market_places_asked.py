"""Places and no place in questions about jobs, on invented postings: a city typed as its abbreviation
("SF") and a region after "in the" ("the Bay Area") are asked of, a count of a place no posting is in is
said in words, and "is anyone hiring AI engineers?" with no filter counts every posting."""

from __future__ import annotations

import pytest

from rag.market.spec import QuerySpec

EXIST = "asks whether there are jobs of a kind or in a place: the postings, counted"
DATES = "collected once, posted 2025-09-03 to 2026-02-05"
# job id: company, location, posted date, skills
POSTINGS = {
    1: ("Quillbyte", "Berlin, DEU", "2025-09-03", ["Python"]),
    2: ("Quillbyte", "London, GBR", "2025-11-20", ["Python"]),
    3: ("Petrichor Labs", "London, GBR", "2026-01-14", ["Python"]),
    4: ("Cobaltline", "", "2026-02-05", ["Python"]),
}
REGION = (
    "The job data names each posting's city and country, not regions or smaller towns, and Bay Area is "
    f"not a city or country it can match, so the 4 postings ({DATES}) cannot be counted there. Ask about a "
    "city or a country instead, e.g. “Are there AI engineer jobs in Germany?”."
)


@pytest.fixture(scope="module")
def desk(postings_desk):
    return postings_desk(POSTINGS)


def test_a_city_typed_as_its_abbreviation_is_the_place_asked(desk):
    reply = desk.answer("Are there AI engineer jobs in SF?")
    assert (reply.route, reply.reason, reply.result) == ("market", EXIST, None)
    assert reply.text == (
        f"No: none of the 4 job postings in the guide's data ({DATES}) is located in San Francisco, so the "
        "data shows no such jobs there; it cannot say what is open now. 1 of the postings records no city, "
        "so some of those may be there."
    )


@pytest.mark.parametrize(
    "question", ["Are there AI engineer jobs in the Bay Area?", "How many postings are in the Bay Area?"]
)
def test_a_region_after_in_the_is_no_place_the_data_can_count(desk, question):
    assert desk.answer(question).text == REGION


@pytest.mark.parametrize(
    "question",
    [
        "How many skills are counted in the AI engineer sample?",
        "Which skills lead in the Quillbyte job study?",
    ],
)
def test_capitalised_words_after_in_the_that_run_into_a_lower_case_word_are_no_place(desk, question):
    routed = desk.route(question)
    assert routed.unknown is None or routed.unknown.field not in ("city", "country")
    assert "not a city or country it can match" not in (desk.answer(question).text or "")


def test_a_name_after_in_the_that_the_data_holds_is_still_read_as_it(desk):
    routed = desk.route("Are there AI engineer jobs in the UK?")
    assert (routed.reason, routed.spec.subset.country, routed.unknown) == (EXIST, ["GBR"], None)


def test_a_count_of_a_place_no_posting_is_in_is_said_in_words(desk):
    assert desk.answer("How many postings are in Toronto?").text == (
        f"None of the 4 job postings in the guide's data ({DATES}) is located in Toronto, so the data shows "
        "no such jobs there; it cannot say what is open now. 1 of the postings records no city, so some of "
        "those may be there."
    )


@pytest.mark.parametrize("question", ["Is anyone hiring AI engineers?", "Are there AI engineer jobs?"])
def test_whether_anyone_hires_with_no_filter_is_every_posting_counted(desk, question):
    routed = desk.route(question)
    assert (routed.route, routed.reason, routed.spec, routed.hiring) == (
        "market", EXIST, QuerySpec(measure="count"), "anyone",
    )  # fmt: skip
    assert desk.answer(question).text.split("\n\n")[1] == (
        "**All 4 postings: the data holds AI engineering job postings only.**"
    )


@pytest.mark.parametrize(
    "question",
    ["Is anyone hiring AI engineers who know Rust well?", "Are there AI engineer jobs for people like me?"],
)
def test_other_words_beside_no_filter_keep_the_guide(desk, question):
    assert desk.route(question).hiring is None
