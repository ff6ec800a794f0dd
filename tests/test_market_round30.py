"""Round thirty's market routing: an employer named before a city ("Checkout.com London AI roles") is the
employer, so its own postings' text answers what the table does not record (invented data)."""

from __future__ import annotations

from rag.market.router import Router
from tests.test_market_round27 import OWN_TEXT, vocabulary


def test_an_employer_named_before_a_city_is_asked_of_its_own_text():
    router = Router(vocabulary())
    mentions = router.extractor.extract("Quillfern Re Berlin AI roles - how hybrid are they?").mentions
    assert [(m.field, m.value) for m in mentions] == [("company", "Quillfern Re"), ("city", "Berlin")]
    routed = router.route("Quillfern Re Berlin AI roles - how hybrid are they?")
    assert (routed.route, routed.reason) == ("guide", OWN_TEXT)
    # no employer named: the roles in Berlin are a group whose office days the table does not record
    routed = router.route("Berlin AI roles - how hybrid are they?")
    assert (routed.route, routed.not_recorded) == (
        "market",
        "remote work or office attendance (the data records only full-time, internship or contract)",
    )
    # a city after a word that names no employer stays a city
    assert [(m.field, m.value) for m in router.extractor.extract("roles in Berlin").mentions] == [
        ("city", "Berlin")
    ]
