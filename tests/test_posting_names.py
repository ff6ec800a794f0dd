"""Which posting a question names: its employer however spelt, beside the words of one of its titles
(invented employers and titles)."""

from __future__ import annotations

import pytest

from rag.index.posting_names import NamedPosting, PostingNames, name_keys
from rag.market.router import Router
from rag.market.skills import skill_key
from rag.market.vocab import Vocabulary

POSTINGS = [
    ("Quillbyte Inc.", "Senior Applied AI Engineer"),
    ("Quillbyte Inc.", "Staff Software Engineer, AI & Automation"),
    ("Future (futurelabs.test)", "AI Engineer Open Platform"),
    ("Normal Widgets", "AI Engineer"),
    ("Petrichor Health", "AI/ML Engineer"),
    ("Petrichor Health", "AI/ML Engineer, Senior"),
    ("Seek (seekout.test)", "Senior Software Engineer - Applied AI"),
    ("Applied Gears", "Software Engineer (AI)"),
    ("Oakmont Mutual Life Insurance Company", "Senior Software Engineer - AI"),
    ("Kestrel Bank", "Senior Staff Software Engineer, AI Customer Operations"),
]


@pytest.fixture(scope="module")
def names() -> PostingNames:
    return PostingNames(POSTINGS)


def test_a_name_is_read_without_its_bracket_and_legal_suffix_and_by_its_first_words():
    assert name_keys("Quillbyte Inc.") == [("quillbyte",)]
    assert name_keys("Future (futurelabs.test)") == [("future",)]
    assert name_keys("Oakmont Mutual Life Insurance Company") == [
        ("oakmont", "mutual", "life", "insurance"),
        ("oakmont", "mutual", "life"),
        ("oakmont",),
    ]
    assert name_keys("The Hartwell Group") == [("the", "hartwell", "group"), ("the", "hartwell")]


QUILL, FUTURE, OAKMONT = "Quillbyte Inc.", "Future (futurelabs.test)", "Oakmont Mutual Life Insurance Company"


@pytest.mark.parametrize(
    ("question", "named"),
    [
        # lower case, without "Inc.", a title word abbreviated
        ("quillbyte sr applied AI engineer - top pay tier?", (QUILL, "Senior Applied AI Engineer", 1.0)),
        (
            "Quillbyte staff SWE AI & automation: pay?",
            (QUILL, "Staff Software Engineer, AI & Automation", 1.0),
        ),
        # a common word names the employer when its title follows
        ("Future plc AI engineer open platform - salary?", (FUTURE, "AI Engineer Open Platform", 1.0)),
        (
            "what does a senior applied AI engineer at quillbyte earn?",
            (QUILL, "Senior Applied AI Engineer", 1.0),
        ),
        (
            "oakmont mutual life senior software engineer AI: office days?",
            (OAKMONT, "Senior Software Engineer - AI", 1.0),
        ),
        # "ops" is "operations": six of the title's seven words
        (
            "kestrel senior staff engineer ai customer ops: pay, and learning budget?",
            ("Kestrel Bank", "Senior Staff Software Engineer, AI Customer Operations", 0.8571),
        ),
    ],
)
def test_a_question_names_the_posting(names, question, named):
    assert names.named(question)[0] == NamedPosting(*named)


@pytest.mark.parametrize(
    "question",
    [
        "got hired as an 'AI engineer' but it's mostly glue code... is that normal?",  # name far from title
        "what's the future of AI engineering?",  # the title's words not covered
        "Quillbyte: what does the interview look like?",  # no title words at all
        "do senior applied AI engineers still use quillbyte?",  # after the title, not as its employer
    ],
)
def test_a_question_names_no_posting(names, question):
    assert names.named(question) == []


def test_an_employer_named_whole_puts_out_one_named_by_a_common_first_word(names):
    assert [p.company for p in names.named("Seek senior software engineer (applied AI): salary?")] == [
        "Seek (seekout.test)"
    ]


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
        "skill": {"Java": 3, "Python": 5},
    }
    skills = ("Java", "Python")
    titles = tuple(t.lower() for _, t in POSTINGS)
    vocab = Vocabulary(
        counts, {skill_key(s): s for s in skills}, dict.fromkeys(skills), titles, tuple(POSTINGS)
    )
    return Router(vocab)


ONE_POSTING = ("guide", "one named posting or employer: its own text answers")


@pytest.mark.parametrize(
    ("question", "routed"),
    [
        (
            "quillbyte senior applied AI engineer - do I have to be in SF, and what's the top pay tier?",
            ONE_POSTING,
        ),
        (
            "Quillbyte staff SWE AI & automation (Java, Python): pay, and how often in the office?",
            ONE_POSTING,
        ),
        ("petrichor health AI/ML engineer (not the senior one) salary?", ONE_POSTING),
        # a count of the posting's own terms is its text's to state
        ("quillbyte senior applied AI engineer - salary and how many EMI share options?", ONE_POSTING),
        ("quillbyte senior applied AI engineer: how many vacation days?", ONE_POSTING),
        # a count of a named employer's postings stays a figure over the postings
        (
            "How many senior applied AI engineer postings does Quillbyte have?",
            ("market", "aggregate question (count)"),
        ),
        (
            "quillbyte senior applied AI engineer: how many roles like it are there?",
            ("market", "aggregate question (count)"),
        ),
    ],
)
def test_a_named_posting_is_answered_from_its_text_not_a_table(router, question, routed):
    decision = router.route(question)
    assert (decision.route, decision.reason) == routed
