"""Round forty-three, read from near_domain69-72 and unseen70-73; exact verdicts, invented corpus:
- an employer of common words the corpus lacks, before "data & ai roles", after "applying to" with a
  lower-case "at" inside its name ("Pets at Home's data team"), or asked whether it hires ("Does JB Hi-Fi
  hire AI engineers"); the asker's "I" is never a word of it;
- a company named in a fenced example of a page (the job data's format) is not discussed by the guide;
- a short name in lower case owning what is asked ("the hiring loop for abstrabit's intern role") is the
  employer's;
- a place no passage names, asked about in a question naming no employer ("cook islands super fund rates"),
  refuses the question; "a perm contract" names no place;
- "what percentage or how many shares" of the equity postings mention asks its size, not a share of them;
- "total funding" opening a question of several asks asks the money raised ("aspora total funding, sequoia
  etc?").
After reading the new pairs (near_domain73-76): a word no chunk uses opening the question before the pay
("nexusflow salary for applied AI") names an employer the corpus lacks, and the candidate's thing before
the jobs may end in "?? lol"."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import SizeAsk, size_asks
from rag.answer.common_word_names import unknown_employer
from rag.answer.set_asks import asked_of_some
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.market.mentions import asks_for_mentions
from rag.places import in_place_name
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round39 import words_index
from tests.test_market_router import router  # noqa: F401 (the router fixture)


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("dollar general data & ai roles - salary?", "dollar general"),
        ("I'm applying to Modal at Home's data team for an AI role. What should I expect?", "Modal at Home"),
        ("Does Brass Kettle hire AI engineers, and what's their process like?", "Brass Kettle"),
        ("Is Modal Labs still hiring ML engineers?", "Modal Labs"),
        ("I stack shelves at Brass Kettle and I'm learning Python - any AI roles?", "Brass Kettle"),
        # a name the corpus writes, or a known employer, is no absent one
        ("Does Superb Drive hire AI engineers?", None),
        ("Does Marlow Financial Technologies hire AI engineers?", None),
        ("dollar general ai salary", "dollar general"),
    ],
)
def test_an_employer_of_common_words_the_corpus_lacks(question, name):
    bm25 = words_index()
    assert unknown_employer(bm25, catalog_for(bm25), question) == name


WORKRIDGE = chunk(
    60, "posting", "Senior Data Engineer at Workridge", "Benefits: tuition reimbursement.", "Workridge"
)
FORMAT = chunk(
    61,
    "page",
    "Data format",
    "Each file holds one posting:\n\n```yaml\ncompany: Workridge\ntitle: Engineer\n```",
)
PROSE = chunk(62, "page", "Employers", "Workridge hires data engineers in Ohio.")


def test_a_company_in_a_fenced_example_is_not_discussed_by_the_guide():
    bm25 = BM25Index().fit([*PAGES, WORKRIDGE, FORMAT])
    assert catalog_for(bm25).page_mentions(("workridge",)) == []
    bm25 = BM25Index().fit([*PAGES, WORKRIDGE, FORMAT, PROSE])
    assert [c.id for c in catalog_for(bm25).page_mentions(("workridge",))] == ["c62"]


ABSTREL = chunk(
    63,
    "posting",
    "Backend Developer (Class of 2026) at Abstrel Technologies",
    "Graduate role in Pune.",
    "Abstrel Technologies",
)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("what's the hiring loop like for abstrel's AI-focused intern role", ["Abstrel Technologies"]),
        ("what's the hiring loop like for abstrel’s intern role", ["Abstrel Technologies"]),
        ("what's the hiring loop like for the abstrel intern role", []),  # no owner: a word
        ("hiring loop at abstrel", ["Abstrel Technologies"]),
    ],
)
def test_a_short_name_owning_the_thing_asked_is_the_employer(question, names):
    catalog = catalog_for(BM25Index().fit([*PAGES, *notes(3), ABSTREL]))
    assert [c.name for c in catalog.companies_in(question)] == names


@pytest.mark.parametrize(
    ("question", "words", "place"),
    [
        ("cook islands national super fund rates", ["islands"], True),
        ("philippines de minimis benefits ceiling", ["philippines", "ceiling"], True),
        ("Cyprus non-dom status", ["Cyprus"], True),
        ("new moves to the Perm office?", ["Perm"], True),
        ("chaucer FTC: any route to a perm contract?", ["perm"], False),  # a lower-case one-word city
        ("remote roles in fintech", ["fintech"], False),
    ],
)
def test_a_word_of_a_place_the_question_names(question, words, place):
    assert in_place_name(question, words) is place


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Cyprus'’-,?")), max_size=40), st.lists(st.text(max_size=8)))
def test_a_place_is_read_in_any_text(text, words):
    """No text raises, and a place is found only for one of the words asked, as the text writes it."""
    place = in_place_name(text, words)
    assert isinstance(place, bool)
    assert not place or any(w.lower() in re.findall(r"[\w'-]+", text.lower()) for w in words)


def test_a_place_no_passage_names_refuses_the_question():
    bm25 = BM25Index().fit([*PAGES, *notes(8)])
    checker = AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)
    assert checker.check("remote roles in cyprus: what funding runway?", PAGES) == Verdict(
        "none", "missing-terms", ("cyprus",)
    )
    assert checker.check("remote roles: what funding runway for hackathons?", PAGES) == Verdict(
        "partial", "missing-terms", ("hackathons",)
    )


@pytest.mark.parametrize(
    ("question", "mentions"),
    [
        ("quorvo AI roles mention equity options - what percentage or how many shares?", False),
        ("do the postings that mention equity say what percentage of the company it is", False),
        ("what percentage of postings mention equity options", True),
    ],
)
def test_the_size_of_the_equity_mentioned_is_no_share_of_postings(router, question, mentions):  # noqa: F811
    assert asks_for_mentions(question, router.extractor.extract(question)) is mentions


@pytest.mark.parametrize(
    ("question", "sizes"),
    [
        ("veltro total funding, sequoia etc?", [SizeAsk("veltro total funding", ("fund", "rais", "seed"))]),
        (
            "veltro funding total, who backs them?",
            [SizeAsk("veltro funding total", ("fund", "rais", "seed"))],
        ),
        ("veltro funding, who backs them?", []),  # whether, or from whom: no size
    ],
)
def test_total_funding_asks_the_money_raised(question, sizes):
    assert size_asks(question) == sizes


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("zorblat salary for remote roles", Verdict("none", "not-mentioned", ("zorblat",))),
        ("zorblat pay bands?", Verdict("none", "not-mentioned", ("zorblat",))),
        # not opening the question: an everyday word the passages lack, named as not covered
        (
            "remote roles: what funding runway and zorblat salary?",
            Verdict("partial", "missing-terms", ("zorblat",)),
        ),
    ],
)
def test_a_word_no_chunk_uses_before_the_pay_names_an_employer(question, verdict):
    bm25 = BM25Index().fit([*PAGES, *notes(8)])
    checker = AnswerabilityChecker(bm25, unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)
    assert checker.check(question, PAGES) == verdict


@pytest.mark.parametrize("end", ["?", "?? lol", "? haha", ""])
def test_the_candidates_thing_before_the_jobs_ends_in_a_laugh(end):
    assert asked_of_some(f"grip strength test for ai jobs{end}") == "grip strength test"
