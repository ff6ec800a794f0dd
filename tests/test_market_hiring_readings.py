"""How a yes/no hiring question's employer is read, on an invented vocabulary: an adverb between the
name and the verb ("is Quillbyte still hiring?") keeps the employer's reading, and a name the data
holds only as a skill asked of as hiring ("is Meta hiring?") is an employer no posting is from, not
the skill (rag/market/readings.py, rag/market/hiring.py)."""

from __future__ import annotations

import pytest

from rag.market.hiring import HIRING_REASON as HIRING
from rag.market.hiring import nowhere
from rag.market.router import Router
from rag.market.skills import skill_key
from rag.market.vocab import Vocabulary

SKILLS = ("Python", "Docker", "Meta")
ABSENT = (
    "No posting is from the company 'Meta'. See `fieldguide market vocab company` for the values the data"
)
ABSENT += " holds."


@pytest.fixture(scope="module")
def router() -> Router:
    counts = {
        "city": {"Berlin": 5},
        "country": {"DEU": 5},
        "level": {"Senior level": 4},
        "company": {"Quillbyte": 3, "Petrichor Labs": 2},
        "work_type": {"FULL_TIME": 5},
        "stage": {"series_b": 3},
        "ai_type": {"ai-first": 5},
        "size_band": {},
        "skill": dict.fromkeys(SKILLS, 3),
    }
    return Router(Vocabulary(counts, {skill_key(s): s for s in SKILLS}, dict.fromkeys(SKILLS)))


@pytest.mark.parametrize(
    ("question", "employer"),
    [
        ("Is Quillbyte still hiring?", "Quillbyte"),
        ("Does Quillbyte actually hire AI engineers?", "Quillbyte"),
        ("Is Petrichor Labs currently hiring in Berlin?", "Petrichor Labs"),
        ("Is Quillbyte hiring?", "Quillbyte"),
    ],
)
def test_an_adverb_before_the_verb_keeps_the_employer(router, question, employer):
    routed = router.route(question)
    assert (routed.route, routed.reason, routed.hiring) == ("market", HIRING, employer)


@pytest.mark.parametrize(
    "question", ["Is Meta hiring AI engineers?", "Does Meta hire AI engineers?", "Is Meta still hiring?"]
)
def test_a_skill_asked_of_as_hiring_is_an_employer_no_posting_is_from(router, question):
    routed = router.route(question)
    assert (routed.route, routed.reason, routed.spec, routed.hiring) == (
        "market",
        "names a value no posting has",
        None,
        "Meta",
    )
    assert (routed.unknown.field, routed.unknown.value, str(routed.unknown)) == ("company", "Meta", ABSENT)


def test_a_rare_skill_that_has_the_postings_is_an_employer_and_a_common_one_the_skill(router):
    routed = router.route("How many postings does Meta have?")  # 3 postings list the skill Meta
    assert (routed.route, routed.unknown.field, routed.unknown.value) == ("market", "company", "Meta")
    big = {s: 500 for s in SKILLS}
    counts = {**router.extractor.vocab.counts, "skill": big}
    python_router = Router(Vocabulary(counts, {skill_key(s): s for s in SKILLS}, dict.fromkeys(SKILLS)))
    routed = python_router.route("How many postings does Python have?")  # 500 list it: the skill
    assert (routed.route, routed.unknown, routed.spec.subset.skills_all) == ("market", None, ["Python"])


def test_an_employer_no_posting_is_from_is_said_so_in_a_chat_users_words(router):
    # not the command's hint ("See `fieldguide market vocab company`"): the reader is in a chat
    unknown = router.route("Is Meta hiring AI engineers?").unknown
    assert nowhere(unknown, {"city": 4, "country": 5}, 5, "2025-08-01", "2026-02-27") == (
        "No: none of the 5 job postings in the guide's data (collected once, posted 2025-08-01 to "
        "2026-02-27) is from Meta, so the data cannot say whether it is hiring."
    )


@pytest.mark.parametrize(
    ("question", "skill"),
    [
        ("Is Python still used by AI engineers?", "Python"),
        ("Does Docker help with hiring?", "Docker"),  # the word after the name is no hiring verb
    ],
)
def test_a_skill_elsewhere_stays_a_skill(router, question, skill):
    ex = router.extractor.extract(question)
    assert not ex.unknown
    assert [m.value for m in ex.mentions if m.field == "skill"] == [skill]
