"""The length of an employer's own interview step ("how long is Quillbyte's pairing exercise?") is
stated only by a sentence, row or item naming the step, or under a heading naming it: another step's
length in the same posting is no answer (rag/answer/figure_kinds.py, `step_thing` and `kind_cover`)."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import kind_asks, kind_cover, step_thing
from rag.index.bm25 import BM25Index
from rag.records import Chunk
from tests.test_answerability_round10 import chunk

ONE = lambda s: 1.0  # noqa: E731


def posting(text: str, section: str = "Interview process") -> Chunk:
    return Chunk(
        "p1", "q1", "posting", "Quillbyte - Platform Engineer", section, "https://example.org/q", ["q.md"],
        text, text, {"company": "Quillbyte"},
    )  # fmt: skip


def test_the_thing_is_the_words_after_the_cue_up_to_a_preposition_or_verb():
    assert step_thing("how long is Quillbyte's pairing exercise for the platform role") == {"pair", "exercis"}
    take_home = {"quillbyt", "take", "home", "exam"}
    assert step_thing("how long does the Quillbyte take-home exam last") == take_home
    assert step_thing("how much time does the system design round take") == {"system", "design", "round"}


def test_no_thing_for_a_pronoun_a_person_or_a_clause():
    assert step_thing("how long is each") == frozenset()
    assert step_thing("how long do I get for it") == frozenset()
    assert step_thing("how long did candidates get") == frozenset()
    assert step_thing("how long is a very long multi-stage hiring loop") == frozenset()  # five words
    assert step_thing("how many hours a week do engineers work") == frozenset()  # no "how long is"


def test_only_a_duration_ask_carries_a_thing():
    (duration,) = kind_asks("how long is Quillbyte's pairing exercise?")
    (count,) = kind_asks("how many pairing exercises does Quillbyte run?")
    assert (duration.thing, count.thing) == ({"pair", "exercis"}, frozenset())


def test_another_steps_length_in_the_employers_posting_does_not_state_it():
    (ask,) = kind_asks("how long is Quillbyte's pairing exercise?")
    other = posting("Steps:\n\n- Recruiter call (30 min)\n- Pairing exercise\n- Final panel (2 hours)\n")
    named = posting("Steps:\n\n- Recruiter call (30 min)\n- Pairing exercise (90 min)\n- Final panel\n")
    assert kind_cover(ask, [other], ONE, ["Quillbyte"]) == 0.0
    assert kind_cover(ask, [named], ONE, ["Quillbyte"]) == 1.0


def test_a_heading_naming_the_step_states_the_length_beneath_it():
    (ask,) = kind_asks("how long is Quillbyte's pairing exercise?")
    beneath = posting("It lasts 90 minutes, with a senior engineer.", "Interview process > Pairing exercise")
    assert kind_cover(ask, [beneath], ONE, ["Quillbyte"]) == 1.0


def test_without_a_named_employer_the_step_is_not_checked():
    # the posting's title holds the part's words, so the length of another step covers the part
    (unnamed,) = kind_asks("how long is the pairing exercise?")
    (named,) = kind_asks("how long is Quillbyte's pairing exercise?")
    steps = posting("Interview steps:\n\n- Recruiter call (30 min)\n- Final panel (2 hours)\n")
    steps = Chunk(**{**steps.__dict__, "title": "Quillbyte - Pairing Exercise Lead"})
    assert kind_cover(unnamed, [steps], ONE, []) == 1.0
    assert kind_cover(named, [steps], ONE, ["Quillbyte"]) == 0.0


STEPS = [
    chunk(
        1, "posting", "Quillbyte - Platform Engineer",
        "You build our Python stack. Steps:\n\n"
        "- Recruiter call (30 min)\n- Pairing exercise\n- Final panel (2 hours)\n",
        "Quillbyte",
    ),
    chunk(2, "page", "Interview process", "Loops run long: a screen, a pairing exercise, a panel."),
    chunk(3, "page", "Learning paths", "Learn Python first, then build and ship a small project."),
]  # fmt: skip


@pytest.mark.parametrize(
    "question, verdict",
    [
        # the posting names the step but gives the length of other steps only: refused
        ("how long is Quillbyte's pairing exercise?",
         Verdict("none", "duration-not-stated", ("how long is Quillbyte's pairing exercise",))),
        # a step whose length the posting states beside it: answered
        ("how long is Quillbyte's recruiter call?", Verdict("full", "covered")),
        # the steps asked with it are covered: the length is the part not covered
        ("what stack does Quillbyte use, and how long is the pairing exercise?",
         Verdict("partial", "duration-not-stated", ("how long is the pairing exercise",))),
    ],
)  # fmt: skip
def test_an_employers_step_is_refused_or_partial_when_no_unit_gives_its_length(question, verdict):
    checker = AnswerabilityChecker(BM25Index().fit(STEPS), unknown_idf=5.0, domain_page_df=1)
    assert checker.check(question, STEPS) == verdict
