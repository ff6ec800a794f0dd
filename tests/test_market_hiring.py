"""A yes/no question whether a named employer of the postings is hiring, on invented postings: its
postings counted with the question's filters, as "how many postings does X have?" is, and said to be
postings collected once, not live openings; other employers and other questions keep their route."""

from __future__ import annotations

import pytest

from rag.market.spec import Filters, QuerySpec

HIRING = "asks whether an employer of the data is hiring: its postings, counted"
# job id: company, location, posted date
POSTINGS = {
    1: ("Quillbyte", "Berlin, DEU", "2025-09-03"),
    2: ("Quillbyte", "London, GBR", "2025-11-20"),
    3: ("Quillbyte", "London, GBR", "2026-01-14"),
    4: ("Petrichor Labs", "Berlin, DEU", "2025-10-02"),
    5: ("Cobaltline", "New York, USA", "2026-02-05"),
}
COLLECTED = (
    "Whether {0} is hiring now the guide cannot say: its job postings were collected once (posted "
    "2025-09-03 to 2026-02-05), so they show who was hiring then, not live openings. {0}'s postings in "
    "that data:"
)


@pytest.fixture(scope="module")
def desk(postings_desk):
    return postings_desk(POSTINGS)


def _at(company: str, **where) -> QuerySpec:
    return QuerySpec(measure="count", subset=Filters(company=[company], **where))


@pytest.mark.parametrize(
    ("question", "spec"),
    [
        ("Is Quillbyte hiring?", _at("Quillbyte")),
        ("Does Quillbyte hire AI engineers?", _at("Quillbyte")),
        ("Is Quillbyte hiring AI engineers in London?", _at("Quillbyte", city=["London"])),
        ("Does Petrichor Labs have openings for AI engineers?", _at("Petrichor Labs")),
        ("Are there openings at Cobaltline?", _at("Cobaltline")),
    ],
)
def test_whether_an_employer_of_the_data_is_hiring_is_its_postings_count(desk, question, spec):
    routed = desk.route(question)
    assert (routed.route, routed.reason, routed.spec) == ("market", HIRING, spec)


def test_the_count_is_the_one_how_many_postings_gets_with_the_snapshot_said_first(desk):
    asked = desk.answer("Is Quillbyte hiring AI engineers in London?")
    counted = desk.answer("How many postings does Quillbyte have in London?")
    assert asked.result.spec == counted.result.spec
    assert (asked.result.n_matching, asked.result.n_total) == (2, 5)
    assert asked.text.startswith(COLLECTED.format("Quillbyte") + "\n\n")
    assert asked.text.removeprefix(COLLECTED.format("Quillbyte") + "\n\n") == counted.text
    assert not counted.text.startswith("Whether")


def test_no_posting_in_the_place_asked_is_a_zero_not_a_guess(desk):
    reply = desk.answer("Is Petrichor Labs hiring in London?")
    assert reply.result.n_matching == 0
    assert reply.text.startswith(COLLECTED.format("Petrichor Labs"))


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Is Zephyrine hiring?", "no aggregate over postings asked for"),  # no posting is from it
        ("Is Quillbyte's hiring process long?", "a topic of the guide's pages, not a field of the postings"),
        ("Is Quillbyte hiring remote engineers?", "one named posting or employer: its own text answers"),
        ("How can my company start hiring AI engineers?", "no aggregate over postings asked for"),
        ("Is Quillbyte a good place to work?", "no aggregate over postings asked for"),
    ],
)
def test_other_questions_keep_their_route(desk, question, reason):
    routed = desk.route(question)
    assert (routed.route, routed.reason, routed.hiring) == ("guide", reason, None)


@pytest.mark.parametrize(
    "question", ["Is Quillbyte or Cobaltline hiring?", "Is Quillbyte hiring more than Cobaltline?"]
)
def test_two_employers_are_no_yes_no_about_one(desk, question):
    routed = desk.route(question)
    assert routed.reason != HIRING and routed.hiring is None
