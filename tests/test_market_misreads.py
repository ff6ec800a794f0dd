"""Round ten's misreads, on an invented vocabulary: a common word is no misspelt skill, a question is
checked for a figure about postings before it gets one, two skills' shares are compared, "Go" after
a follow-up's lead is the skill, and a city typed in lower case that no posting is in is said so."""

from __future__ import annotations

import pytest

from rag.market.args import spec_flags, spec_from_flags, spec_from_pairs
from rag.market.follow_up import FollowUps
from rag.market.phrases import command
from rag.market.router import Router
from rag.market.skills import skill_key
from rag.market.spec import Filters, QuerySpec
from rag.market.vocab import Vocabulary
from rag.places import city_at, is_city

SKILLS = {"Python": None, "TypeScript": "languages", "Go": "languages", "AWS": "cloud", "Azure": "cloud",
          "logs": "ops", "Docker": "ops", "Web development": "web", "React": "web", "Kafka": "data",
          "Agent design patterns": "genai"}  # fmt: skip
GUIDE = "no aggregate over postings asked for"
NO_VALUE = "the postings or skills asked about are no value of the data: {}"


@pytest.fixture(scope="module")
def router() -> Router:
    counts: dict[str, dict] = {field: {} for field in ("company", "work_type", "stage", "size_band")}
    counts.update(
        city={"Berlin": 5, "London": 3}, country={"DEU": 5, "GBR": 3}, skill=dict.fromkeys(SKILLS, 2)
    )
    counts.update(level={"Senior level": 4, "Entry level": 4}, ai_type={"ai-first": 6, "ai-support": 2})
    return Router(Vocabulary(counts, {skill_key(s): s for s in SKILLS}, SKILLS))


def test_a_short_common_word_is_no_misspelt_skill(router):
    routed = router.route("is there a blog post that lists lots of agent design patterns?")
    assert (routed.route, routed.reason) == ("guide", GUIDE)
    ex = router.extractor.extract("are there lots of jobs in Berlin?")
    assert [(m.field, m.value) for m in ex.mentions] == [("city", "Berlin")]
    assert ex.notes == [] and ex.unknown == []
    assert router.extractor._closest("lots", ("skill",)) is None
    assert router.extractor._closest("londn", ("city",)) == ("city", "London")  # five letters: a typo
    assert router.route("Do lots of postings ask for Docker?").spec == QuerySpec(
        measure="share", subset=Filters(skills_all=["Docker"])
    )


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        # "company data" is data of another kind: no group by company, no job data named
        ("how often are AI engineers hired to turn company data into insights?", GUIDE),
        # the counted postings are said to be something no value of the data names
        ("how many of the AI engineer jobs were really old-school ML?", NO_VALUE.format("old-school ML")),
        # a skill named as a kind of skills ("web development skills" are React, FastAPI...)
        (
            "how many of the LLM-focused roles also expect web development skills?",
            NO_VALUE.format("web development skills"),
        ),
        ("what share of the vibe-coding jobs ask for Python?", NO_VALUE.format("vibe-coding")),
    ],
)
def test_a_figure_over_other_postings_is_not_given(router, question, reason):
    routed = router.route(question)
    assert (routed.route, routed.reason, routed.spec) == ("guide", reason, None)


def test_postings_the_data_names_still_get_their_figure(router):
    routed = router.route("How many of the LLM-focused roles ask for Python?")
    assert routed.spec == QuerySpec(
        measure="count", filters=Filters(ai_type=["ai-first"]), subset=Filters(skills_all=["Python"])
    )
    assert routed.notes == [
        "Read 'LLM-focused roles' as AI type ai-first (roles working on AI systems directly)."
    ]
    routed = router.route("how many of the analyzed AI engineering jobs are senior?")
    assert routed.spec == QuerySpec(measure="count", subset=Filters(level=["Senior level"]))
    assert router.route("how many postings in the data ask for Kafka?").spec == QuerySpec(
        measure="count", subset=Filters(skills_all=["Kafka"])
    )
    assert router.route("How many postings are there?").spec == QuerySpec(measure="count")


@pytest.mark.parametrize(
    "question", ["How common is AWS compared to Azure?", "how popular is aws vs azure", "How common is AWS?"]
)
def test_two_skills_shares_are_compared_from_the_data(router, question):
    routed = router.route(question)
    if question == "How common is AWS?":  # one skill, no posting word: the guide's, as before
        assert (routed.route, routed.spec) == ("guide", None)
        return
    assert routed.route == "market"
    assert routed.spec == QuerySpec(measure="top", field="skill", only=["AWS", "Azure"], limit=2)


def test_go_after_a_follow_up_s_lead_is_the_skill(router):
    follow_ups = FollowUps(router.route, router.extractor)
    history = [{"role": "user", "content": "What share of postings ask for TypeScript?"}]
    routed = follow_ups.read("what about Go?", history)
    assert (routed.route, routed.spec) == (
        "market",
        QuerySpec(measure="share", subset=Filters(skills_all=["Go"])),
    )
    assert routed.asked == "What share of postings ask for Go?"
    assert follow_ups.read("Go?", history).route == "guide"  # a message of its own: "Go" may be the verb
    assert router.route("Go to the guide: how many postings ask for Python?").spec == QuerySpec(
        measure="count", subset=Filters(skills_all=["Python"])
    )


def test_a_city_typed_in_lower_case_that_no_posting_is_in_is_said_so(router):
    routed = router.route("how many jobs in san francisco")
    assert routed.route == "market" and routed.spec is None
    assert (routed.unknown.field, routed.unknown.value) == ("city", "san francisco")
    assert str(routed.unknown) == (
        "No posting is located in 'san francisco'. "
        "See `fieldguide market vocab city` for the values the data holds."
    )
    follow_ups = FollowUps(router.route, router.extractor)
    history = [{"role": "user", "content": "What share of postings ask for Python?"}]
    assert follow_ups.read("and in san francisco?", history).unknown.value == "san francisco"
    # other words after "in" are no place
    assert router.route("how many jobs in marketing").unknown is None
    assert router.route("how many jobs in berlin").spec == QuerySpec(
        measure="count", subset=Filters(city=["Berlin"])
    )


def test_city_names_are_big_cities_only():
    assert is_city("San Francisco") and is_city("  los   angeles ") and is_city("munich")
    assert not is_city("nice") and not is_city("reading") and not is_city("marketing")
    assert city_at(["jobs", "in", "san", "francisco", "please"], 2) == 2
    assert city_at(["jobs", "in", "san", "diego"], 2) == 2
    assert city_at(["jobs", "in", "fintech"], 2) == 0


def test_a_comparison_s_command_and_query_parameters_keep_the_compared_values():
    spec = QuerySpec(measure="top", field="skill", only=["AWS", "Azure"], limit=2)
    assert command(spec) == "fieldguide market --measure top --by skill --only AWS --only Azure --limit 2"
    assert spec_flags(spec) == [
        ("measure", "top"), ("by", "skill"), ("only", "AWS"), ("only", "Azure"), ("limit", "2")
    ]  # fmt: skip
    assert spec_from_pairs(spec_flags(spec)) == spec
    assert spec_from_flags([], measure="top", by="skill", limit=2, only=["AWS", "Azure"]) == spec


def test_a_skill_is_a_value_of_the_datas_skill_vocabulary_not_any_word_after_a_skill_cue(router):
    question = (
        "Do the job postings say anything about whether the company pays for a home internet connection?"
    )
    whether = router.route(question)  # the desk sends it to the guide (test_market_answers)
    assert (whether.route, whether.unknown, whether.unmatched, whether.spec) == (
        "market",
        None,
        ["whether"],
        None,
    )
    berlin = router.route("How many Berlin postings ask for quantum basketweaving?")  # no count of Berlin's
    assert (berlin.unknown, berlin.unmatched, berlin.spec) == (None, ["quantum basketweaving"], None)
    kafka = router.route("How many Senior postings ask for Kafka and mention parental leave?")
    assert (kafka.unmatched, kafka.spec) == (["parental leave"], None)  # no count of Kafka's alone
    near = router.route("How many postings ask for TypeScripting?")  # near a skill: a did-you-mean
    assert (near.route, near.unmatched, str(near.unknown)) == (
        "market",
        [],
        "No posting lists the skill 'TypeScripting'; did you mean TypeScript (2 postings)?",
    )
    assert router.extractor.extract("How many postings ask about Kafka?").unknown == []  # no empty span
    assert router.route("How many postings ask about Kafka?").spec == QuerySpec(
        measure="count", subset=Filters(skills_all=["Kafka"])
    )
