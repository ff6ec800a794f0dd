"""Round twenty-six's market routing, on an invented vocabulary: pay compared with software roles outside
AI goes to the guide (every posting is an AI engineering role), and an interview's "design questions"
are the guide's topic, not skills to count in the postings."""

from __future__ import annotations

import pytest

from rag.market.router import Router
from rag.market.skills import skill_key
from rag.market.vocab import Vocabulary

SKILLS = {"Python": None, "GPUs": "infra", "queues": "infra"}
OUTSIDE = "compares pay with roles outside AI, which no posting is"
TOPIC = "a topic of the guide's pages, not a field of the postings"


@pytest.fixture(scope="module")
def router() -> Router:
    counts: dict[str, dict] = {field: {} for field in ("company", "work_type", "stage", "size_band", "level")}
    counts.update(
        city={"Berlin": 5, "London": 3}, country={"DEU": 5, "GBR": 3}, skill=dict.fromkeys(SKILLS, 2)
    )
    counts.update(ai_type={"ai-first": 6, "ai-support": 2})
    return Router(Vocabulary(counts, {skill_key(s): s for s in SKILLS}, SKILLS))


@pytest.mark.parametrize(
    "question",
    [
        "do ai engineers get paid more than normal SWEs? heard there's a premium",
        "do AI engineers earn more than software engineers?",
        "is AI engineering pay higher than traditional software developers",
    ],
)
def test_pay_against_software_roles_outside_ai_goes_to_the_guide(router, question):
    routed = router.route(question)
    assert (routed.route, routed.reason) == ("guide", OUTSIDE)


def test_pay_compared_between_places_is_still_a_figure(router):
    assert router.route("do AI engineers in London earn more than in Berlin?").route == "market"


def test_an_interviews_design_questions_are_the_guides_topic(router):
    question = "Which design questions come up for the infra kind of AI role? Anything about GPU job queues?"
    routed = router.route(question)
    assert (routed.route, routed.reason) == ("guide", TOPIC)
    assert router.route("how many AI jobs want GPUs and queues?").route == "market"
