"""Round twenty-nine, read from near_domain36-37 and unseen37-38 and invented variants: a thing's size asked
by any figure word beside it ("equity ballpark?", "what does it come to"), after a job's name and a colon or a
comma, or back of what the clause before names; money raised asked as such ("funding raised", "total
raised", "valuation?"); a money thing named alone after a job's name; joined company names ("TamsinLabs");
"HM" as hiring manager; a part after " + what…". Invented corpus, exact verdicts, with the neighbours each
rule leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.question_words import parts
from rag.answer.thing_size import thing_size
from rag.answer.word_cover import hyphenated
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.shorthand import spell_out
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(1, "page", "Offers", "Offers add perks; ask what each may come to in total, then the pay figure."),
    chunk(2, "page", "Startups", "A startup's funding decides its runway; ask about it in the final round."),
    chunk(3, "page", "Remote work", "Remote roles are common; some teams want an office in SF."),
]


def notes(n: int) -> list:
    """More of the guide's pages, so that a word of one posting weighs as a rare word does."""
    return [chunk(10 + i, "page", f"Notes {i}", "Notes on learning paths and interviews.") for i in range(n)]


# Quorvo states what it raised and its stipend; Veltro names its backers and its perks, with no figure.
QUORVO = chunk(
    4,
    "posting",
    "AI Engineer at Quorvo",
    "About us: we raised $25M from top-tier investors.\n\nBenefits:\n\n- $1,200 yearly learning budget\n"
    "- Relocation support of $5,000",
    "Quorvo",
)
VELTRO = chunk(
    5,
    "posting",
    "ML Engineer at Veltro",
    "Veltro is backed by leading investors.\n\nBenefits:\n\n- Yearly learning budget\n- Relocation support\n"
    "- Meaningful equity",
    "Veltro",
)
TAMSIN = chunk(
    6,
    "posting",
    "Sr AI Engineer at Tamsin Labs",
    "TamsinLabs has offices in Lisbon and Austin.",
    "Tamsin Labs",
)


def checker(pages: int = 8) -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, *notes(pages), QUORVO, VELTRO, TAMSIN]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        # a figure word anywhere beside the thing
        ("veltro equity ballpark?", ("equiti",)),
        ("veltro relocation support, any numbers", ("reloc",)),
        ("veltro ml engineer relocation package - what does it come to", ("reloc",)),
        ("roughly what size grant at veltro", ("grant",)),
        # after a job's name and a colon or a comma
        ("Veltro ML engineer: what's the sign-on bonus?", ("sign", "bonu")),
        ("veltro ml engineer, bonus amount", ("bonu",)),
        ("veltro ml engineer, office days per week?", ("day",)),
        ("veltro devops ai role: yearly learning budget?", ("budget",)),
        # back of what the clause before names, an aside in brackets aside
        ("veltro (ML + .Net) mentions financial rewards - what does that come to", ("reward",)),
        ("veltro calls itself well-funded, how much money is that exactly", ("fund", "rais", "seed")),
        # money raised asked as such
        ("veltro funding raised", ("fund", "rais", "seed")),
        ("veltro total raised", ("rais", "fund", "seed")),
        ("Veltro ML engineer: what's their total VC raise", ("rais", "fund", "seed")),
        ("do we know how big their seed was", ("seed", "fund", "rais")),
        ("veltro valuation?", ("valuat",)),
        # no size asked, a count of jobs, or the size one ask of several
        ("is veltro well funded", ()),
        ("who backs veltro", ()),
        ("has veltro raised money", ()),
        ("how much should I raise my rate", ()),
        ("how big a slice of day-to-day work is evaluation", ()),
        ("how many jobs offer equity", ()),
        ("how much of the week goes to meetings", ()),  # a degree ("how much" alone is read in asks.py)
        ("does veltro offer relocation", ()),
        ("pay range and bonus size", ()),
        ("what is the bonus structure - how does it work", ()),
    ],
)
def test_the_size_of_a_thing_asked(part, thing):
    assert thing_size(part) == thing


@pytest.mark.parametrize(
    "question",
    [
        "veltro funding raised",
        "veltro total raised",
        "veltro ml engineer: yearly learning budget?",
        "veltro ml engineer relocation support - what does it come to",
        "veltro equity ballpark?",
    ],
)
def test_a_size_no_posting_states_is_refused(question):
    assert checker().check(question, [VELTRO]) == Verdict(
        "none", "figure-not-stated", (question.rstrip("?"),)
    )


@pytest.mark.parametrize(
    "question",
    [
        "quorvo funding raised",
        "quorvo total raised",
        "quorvo ai engineer: yearly learning budget?",
        "quorvo ai engineer relocation support - what does it come to",
    ],
)
def test_the_same_size_is_answered_where_the_posting_states_it(question):
    assert checker().check(question, [QUORVO]) == Verdict("full", "covered")


def test_a_company_is_named_by_its_words_joined():
    catalog = catalog_for(BM25Index().fit([*PAGES, *notes(8), QUORVO, VELTRO, TAMSIN]))
    assert [c.name for c in catalog.companies_in("tamsinlabs office locations")] == ["Tamsin Labs"]
    assert [c.name for c in catalog.companies_in("TamsinLabs office locations")] == ["Tamsin Labs"]
    assert catalog.companies_in("tamsin office locations") == []  # one word of two names no company


def test_hm_is_spelled_out_as_hiring_manager():
    assert spell_out("will the HM read my unit tests") == "will the HM (hiring manager) read my unit tests"
    assert spell_out("what hiring managers want from HMs") == "what hiring managers want from HMs"


def test_a_plus_before_a_question_word_starts_a_new_part():
    question = "veltro ml engineer london, can I work remotely + what's the salary"
    assert parts(question) == ["veltro ml engineer london, can I work remotely", "what's the salary"]
    assert parts("python + sql enough for an ai role?") == ["python + sql enough for an ai role"]


def test_a_word_the_passages_write_with_hyphens_is_covered():
    passages = [
        chunk(30, "page", "Supporting roles", "Pre-sales engineers run demos; some teams keep on-call rotas.")
    ]
    assert hyphenated("presales", passages)
    assert hyphenated("Oncall", passages)
    assert not hyphenated("presale", passages)  # another word
    assert not hyphenated("sales", passages)  # a part of the word, not it
