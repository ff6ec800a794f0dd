"""The question vocabulary both layers read (rag/answer/question_words.py): a question's parts, the
judgement asked of an action in either order ("is it ok to ask …", "is asking … ok?"), the asker's
own action, and the yes/no openers the market router and the hiring check share."""

from __future__ import annotations

import re

import pytest

from rag.answer.question_words import (
    AUXILIARIES,
    YES_NO_OPENERS,
    alternation,
    auxiliaries_but,
    judged,
    judgement_spans,
    own_action,
    parts,
)


def _judged_words(text: str) -> list[str]:
    return [text[a:b] for a, b in judgement_spans(text)]


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Is asking the recruiter for the salary range ok?", ["ok"]),
        ("Is it ok to ask the recruiter for the salary range?", ["ok"]),
        ("Would negotiating twice be rude?", ["rude"]),
        ("Is asking for more too late?", ["too late"]),
        ("I got an offer, is negotiating it ok?", ["ok"]),
        # a preposition's object is what the question is about, not a judgement
        ("Is having a portfolio important for juniors?", []),
        ("Is Zentrik hiring?", []),  # a name, not a gerund: nothing judged
        ("Is Python required?", []),
        ("Is it Quorvo that pays the salary range", []),  # a name is no judgement
    ],
)
def test_a_judgement_is_read_before_or_after_the_action_it_judges(question, words):
    assert _judged_words(question) == words
    assert judged(question) is bool(words)


@pytest.mark.parametrize(
    ("question", "own"),
    [
        ("Can I negotiate a higher salary after getting an offer?", True),
        ("should we ask about pay in the first call?", True),
        ("Do I earn more at a startup?", False),  # the asker's pay is asked
        ("Can I expect a raise after a year?", False),
        ("Can AI engineers negotiate salary?", False),
        ("How can I negotiate?", False),  # no yes/no question
    ],
)
def test_a_yes_no_question_of_the_askers_own_action(question, own):
    assert own_action(question) is own


def test_a_question_is_split_into_parts_before_a_question_word_or_an_auxiliary():
    assert parts("What does Quorvo pay, and how long is the take-home?") == [
        "What does Quorvo pay",
        "how long is the take-home",
    ]
    # "and was …" starts no part yet: a split there changes answers on the tuning sets
    assert parts("Pay at Quorvo and was the take-home paid?") == ["Pay at Quorvo and was the take-home paid"]
    assert parts("RAG and evals at Quorvo?") == ["RAG and evals at Quorvo"]  # "and" between nouns


def test_the_vocabulary_builds_patterns_that_match_whole_words():
    aux = re.compile(rf"{alternation(AUXILIARIES)}\b", re.I)
    assert aux.fullmatch("Does") and aux.fullmatch("should") and not aux.match("dog")
    assert set(YES_NO_OPENERS) < set(AUXILIARIES)
    assert auxiliaries_but("was", "were", "could") == (
        "do", "does", "did", "is", "are", "can", "will", "would", "should", "has", "have"
    )  # fmt: skip
    assert alternation(("tell me", "c++")) == r"(?:tell\ me|c\+\+)"
