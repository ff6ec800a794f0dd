"""Round twenty-four of the market router, on invented postings: a share asked with no condition the
desk can read ("how often do postings say deploy?") is no figure of the job data (every posting would
be counted), a comparison of skills still is; the asker's motive told after the question ("Trying to
gauge how ops-heavy this is") names no skill."""

from __future__ import annotations

import pytest

from rag.market.router import EVERY_SHARE as EVERY_SHARE_REASON
from tests.test_market_round23 import router  # noqa: F401  (the invented postings' router)
from tests.test_unrecorded import desk, engine  # noqa: F401  (the invented corpus's market desk)

EVERY_SHARE = ("guide", EVERY_SHARE_REASON)


@pytest.mark.parametrize(
    ("question", "routed"),
    [
        ("Roughly how often do postings say deploy or monitor in the duties list?", EVERY_SHARE),
        (
            "Roughly how often do postings say deploy or monitor in the duties list? Trying to gauge how "
            "ops-heavy this is",
            EVERY_SHARE,
        ),
        # a condition read, or skills compared: the data's figure
        ("how often do postings mention Python?", ("market", "aggregate question (share)")),
        (
            "How popular is Java compared to React in job postings?",
            ("market", "aggregate question (share, top)"),
        ),
    ],
)
def test_round_twenty_four_routes(router, question, routed):  # noqa: F811
    decision = router.route(question)
    assert (decision.route, decision.reason) == routed


def test_a_share_of_every_posting_is_still_read_for_a_field_the_data_does_not_record(desk):  # noqa: F811
    routed = desk.route("what share of the AI engineer jobs have meeting-free days each week?")
    assert (routed.route, routed.reason, routed.not_recorded) == (
        "market",
        "asks for what the job data does not record",
        "meeting-free days each week",
    )
