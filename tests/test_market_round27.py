"""Round twenty-seven's market figures: a skill counted beside the skills that name it ("Evaluations"
beside "model evaluation"), one skill said twice in a question counted once, "talk to clients" and
"manage people" read as the data's flags, "combine" a verb unless capitalised, and one employer's roles
in the plural asked of their own text (invented data)."""

from __future__ import annotations

import pytest

from rag.market.render import render
from rag.market.router import Router
from rag.market.skills import skill_key
from rag.market.spec import Filters, QuerySpec
from rag.market.vocab import Vocabulary
from tests.test_market import engine  # noqa: F401 (the fixture corpus's engine)

SKILLS = {
    "C": 5, "C++": 3, "C#": 2, "C/C++": 1, "Evaluations": 1, "model evaluation": 4,
    "evaluation frameworks": 2, "evals": 3, "Python": 9, "Java": 4, "Combine": 1,
}  # fmt: skip
OWN_TEXT = "one named posting or employer: its own text answers"


def vocabulary() -> Vocabulary:
    counts: dict[str, dict] = {field: {} for field in ("company", "work_type", "stage", "size_band", "level")}
    counts.update(city={"Berlin": 5}, country={"DEU": 5}, ai_type={"ai-first": 6}, skill=dict(SKILLS))
    counts.update(company={"Quillfern Re": 2}, level={"Expert/Leader": 2})
    return Vocabulary(counts, {skill_key(s): s for s in SKILLS}, dict.fromkeys(SKILLS))


def test_related_skills_hold_the_skills_words_in_a_row_with_symbols_kept():
    vocab = vocabulary()
    assert vocab.related_skills("Evaluations") == [("model evaluation", 4), ("evaluation frameworks", 2)]
    assert vocab.related_skills("C++") == [("C/C++", 1)]  # not "C#": "++" and "#" are part of the name
    assert vocab.related_skills("C") == [("C/C++", 1)]
    assert vocab.related_skills("Python") == []
    assert vocab.related_skills("evals") == []  # "evaluation" is another word


def test_a_counted_skill_outnumbered_by_the_skills_naming_it_says_so(engine):  # noqa: F811
    result = engine.run(QuerySpec(measure="count", subset=Filters(skills_all=["LLMs"])))
    assert result.related == {"LLMs": [("LLM evaluation", 3), ("LLM planning", 1)]}
    text = render(result).text
    assert (
        "Only the skill “LLMs” is counted; other skills that name it are not: LLM evaluation (3 postings), "
        "LLM planning (1 posting) (`fieldguide market vocab skill` lists them all)."
    ) in text
    # RAG is listed by more postings than any skill naming it (none here): nothing to say
    assert engine.run(QuerySpec(measure="count", subset=Filters(skills_all=["RAG"]))).related == {}
    # a top list names its skills itself
    assert engine.run(QuerySpec(measure="top", field="skill")).related == {}


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Everyone says evals matter. Do postings ask for evaluations, and how many?", ["Evaluations"]),
        ("evals are hyped. how many postings list evals?", ["evals"]),
    ],
)
def test_one_skill_said_twice_is_counted_once(question, counted):
    spec = Router(vocabulary()).route(question).spec
    assert (spec.measure, spec.filters.skills_all, spec.subset.skills_all) == ("count", [], counted)


def test_two_skills_of_different_words_stay_population_and_subset():
    spec = Router(vocabulary()).route("of postings listing Python, how many list evals?").spec
    assert (spec.filters.skills_all, spec.subset.skills_all) == (["Python"], ["evals"])


@pytest.mark.parametrize(
    ("question", "flag"),
    [
        ("ai jobs where you talk to clients, what %", "customer_facing"),
        ("what share of postings manage people?", "management"),
        ("how many AI jobs involve talking to customers", "customer_facing"),
    ],
)
def test_talking_to_clients_and_managing_people_are_the_datas_flags(question, flag):
    routed = Router(vocabulary()).route(question)
    assert routed.route == "market"
    assert getattr(routed.spec.subset, flag) is True


def test_combine_is_a_verb_unless_capitalised():
    router = Router(vocabulary())
    spec = router.route("how many roles combine Python and Java?").spec
    assert spec.subset.skills_all == ["Python", "Java"]
    assert router.route("how many postings list Combine?").spec.subset.skills_all == ["Combine"]


def test_one_employers_roles_in_the_plural_are_asked_of_their_own_text():
    router = Router(vocabulary())
    routed = router.route("quillfern re principal ai roles - can they let me work hybrid as an adjustment")
    assert (routed.route, routed.reason) == ("guide", OWN_TEXT)
    # a count of them is the table's; roles of no named employer are a group
    assert router.route("how many quillfern re roles are in Berlin?").route == "market"
    assert router.route("principal ai roles - can they let me work hybrid?").reason != OWN_TEXT
