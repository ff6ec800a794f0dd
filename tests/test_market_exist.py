"""A yes/no question whether there are jobs of a kind or in a place, on invented postings: the
postings counted with the question's filters, led by "collected once, not live openings"; a city or
country no posting is in is said so in words, a region the data cannot place is said to be none, and
questions a count does not answer keep their route."""

from __future__ import annotations

import pytest

from rag.market.spec import Filters, QuerySpec

IN_BERLIN = QuerySpec(measure="count", subset=Filters(city=["Berlin"]))
EXIST = "asks whether there are jobs of a kind or in a place: the postings, counted"
# job id: company, location, posted date, skills
POSTINGS = {
    1: ("Quillbyte", "Berlin, DEU", "2025-09-03", ["Python"]),
    2: ("Quillbyte", "London, GBR", "2025-11-20", ["Python", "Docker"]),
    3: ("Petrichor Labs", "London, GBR", "2026-01-14", ["Docker"]),
    4: ("Petrichor Labs", "Berlin, DEU", "2025-10-02", ["Python"]),
    5: ("Cobaltline", "", "2026-02-05", ["Python"]),
}
LEAD = (
    "Whether such jobs are open now the guide cannot say: its job postings were collected once (posted "
    "2025-09-03 to 2026-02-05), so they show who was hiring then, not live openings. The postings in that "
    "data:\n\n"
)


@pytest.fixture(scope="module")
def desk(postings_desk):
    return postings_desk(POSTINGS)


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        ("Are there AI engineer jobs in Berlin?", IN_BERLIN),
        ("Are there any jobs in London?", QuerySpec(measure="count", subset=Filters(city=["London"]))),
        ("Is anyone hiring AI engineers in Berlin?", IN_BERLIN),
        ("Any Docker jobs in Germany?",
         QuerySpec(measure="count", filters=Filters(country=["DEU"]), subset=Filters(skills_all=["Docker"]))),
    ],
)  # fmt: skip
def test_whether_there_are_jobs_is_the_postings_count(desk, question, spec):
    routed = desk.route(question)
    assert (routed.route, routed.reason, routed.spec, routed.hiring) == ("market", EXIST, spec, "anyone")


def test_the_count_is_the_one_how_many_gets_after_the_snapshot_line(desk):
    asked = desk.answer("Are there AI engineer jobs in London?")
    counted = desk.answer("How many postings are in London?")
    assert (asked.result.n_matching, asked.result.n_total) == (2, 5)
    assert asked.text == LEAD + counted.text


def test_a_city_no_posting_is_in_is_said_in_words(desk):
    reply = desk.answer("Are there AI engineer jobs in Lagos?")
    assert (reply.route, reply.reason, reply.result) == ("market", EXIST, None)
    assert reply.text == (
        "No: none of the 5 job postings in the guide's data (collected once, posted 2025-09-03 to "
        "2026-02-05) is located in Lagos, so the data shows no such jobs there; it cannot say what is open "
        "now. 1 of the postings records no city, so some of those may be there."
    )


def test_a_city_with_its_state_and_a_country_are_places_too(desk):
    assert "is located in Austin TX, so" in desk.answer("Are there AI engineer jobs in Austin, TX?").text
    canada = desk.answer("Any remote AI jobs in Canada?")  # no posting is there, remote or not
    assert "is located in Canada" in canada.text and "1 of the postings records no country" in canada.text


def test_an_area_is_no_place_the_data_can_count(desk):
    # a world region is its countries (tests/test_answerability_round33.py); a smaller area is none
    assert desk.answer("Are there AI engineer jobs in the Bay Area?").text == (
        "The job data names each posting's city and country, not regions or smaller towns, and Bay Area is "
        "not a city or country it can match, so the 5 postings (collected once, posted 2025-09-03 to "
        "2026-02-05) cannot be counted there. Ask about a city or a country instead, e.g. “Are there AI "
        "engineer jobs in Germany?”."
    )


@pytest.mark.parametrize(
    "question",
    [
        "Are there interview questions about RAG?",  # no jobs asked about
        "Are there AI engineer jobs in Berlin, and how do I apply?",  # a second part no count answers
        "Are there jobs in Berlin where you only need Python?",
        "Is there a demand for AI engineers in Berlin?",
        "Are there more jobs in Berlin or London?",  # a comparison: the market's own reading
        "How many postings are in Berlin?",
    ],
)
def test_other_questions_are_no_yes_no_about_jobs(desk, question):
    routed = desk.route(question)
    assert routed.reason != EXIST and routed.hiring is None


def test_a_field_the_data_does_not_record_keeps_its_reply_where_the_place_has_postings(desk):
    routed = desk.route("Are there remote AI engineer jobs in Berlin?")
    assert (routed.reason, routed.hiring) == ("asks for a figure the job data does not record", None)
