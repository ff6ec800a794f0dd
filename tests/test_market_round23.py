"""Round twenty-three of the market router, on invented postings: the role's pay asked with no filter
("how much do AI engineers earn?") is a figure over every posting; a pay word naming another thing ("a
salary advance", "a pay cut") asks no pay; a posting named in a question's first part is answered from
its text though a later part says "roles"; four or more words right after an employer's name, each one
of its title's, name that posting; "VP" is a role; "adverts" are postings."""

from __future__ import annotations

import pytest

from rag.index.posting_names import NamedPosting, PostingNames
from rag.market.router import Router
from rag.market.skills import skill_key
from rag.market.vocab import Vocabulary

POSTINGS = [
    ("Quillbyte Inc.", "Senior Staff Machine Learning Engineer, Applied AI"),
    ("Quillbyte Inc.", "Staff Machine Learning Engineer, Search"),
    ("Tarnwell Health", "Senior Software Engineer (Backend, Tech Lead - AI-Enabled Systems)"),
    ("Corvan", "Generative AI Common Platform Engineer - VP"),
]
ONE_POSTING = ("guide", "one named posting or employer: its own text answers")
GUIDE = ("guide", "no aggregate over postings asked for")


@pytest.fixture(scope="module")
def router() -> Router:
    counts = {
        "city": {"Berlin": 5},
        "country": {"DEU": 5},
        "level": {"Senior level": 4, "Mid level": 5},
        "company": dict.fromkeys({c for c, _ in POSTINGS}, 1),
        "work_type": {"FULL_TIME": 9},
        "stage": {},
        "ai_type": {"ai-first": 9},
        "size_band": {},
        "skill": {"Java": 3, "Python": 5, "React": 2},
    }
    skills = ("Java", "Python", "React")
    titles = tuple(t.lower() for _, t in POSTINGS)
    vocab = Vocabulary(
        counts, {skill_key(s): s for s in skills}, dict.fromkeys(skills), titles, tuple(POSTINGS)
    )
    return Router(vocab)


@pytest.mark.parametrize(
    ("question", "routed"),
    [
        ("How much do AI engineers earn?", ("market", "aggregate question (salary)")),
        ("how much does an AI engineer make?", ("market", "aggregate question (salary)")),
        # no pay asked of the role: the guide's
        ("how much should I ask for as an AI engineer?", GUIDE),
        ("Can I get a salary advance at any of the companies hiring AI engineers?", GUIDE),
        ("should I take a pay cut to join an AI startup?", GUIDE),
        # the posting named in the first part
        (
            "quillbyte senior staff ML engineer (applied AI): pay range, how long roles stay open, and is "
            "there an annual bonus?",
            ONE_POSTING,
        ),
        ("tarnwell health senior backend tech lead (AI): salary", ONE_POSTING),
        ("corvan genai platform VP salary", ONE_POSTING),
        ("How many AI engineer adverts want React?", ("market", "aggregate question (count)")),
    ],
)
def test_round_twenty_three_routes(router, question, routed):
    decision = router.route(question)
    assert (decision.route, decision.reason) == routed


def test_four_words_after_the_name_each_of_the_title_name_the_posting():
    names = PostingNames(POSTINGS)
    title = "Senior Software Engineer (Backend, Tech Lead - AI-Enabled Systems)"
    assert names.named("tarnwell health senior backend tech lead (AI): salary") == [
        NamedPosting("Tarnwell Health", title, 0.75)
    ]
    # three such words, or a word that is none of the title's in the first four: no posting named
    assert names.named("tarnwell health senior backend lead: salary") == []
    assert names.named("tarnwell health senior frontend tech lead (AI): salary") == []
