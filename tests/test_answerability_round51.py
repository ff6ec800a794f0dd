"""Round fifty-one, read from near_domain97-108 and unseen68-109 misses; exact readings, invented corpus:
- a guide page naming an employer ("Sentrawell - 6 jobs") answers no quantity of its perks unless it has the
  perk's words too; a quantity of anything else (its data) is still left to the page;
- "how long is X's caregiver leave", "exact figure for the learning budget", "what does the employer
  contribute", "size of …", "…, how big" ask a quantity of the perk;
- "…, in weeks" or "…, in shares or RSUs" names the unit of the figure asked, no ask of its own;
- whether a thing comes with the job is answered only by a sentence with every word of it ("an employer
  match on the 401k": not "equal opportunity employer" and "candidates who match" apart); "does the 401k
  have a match" asks it too, "is there any stock" asks of stock, and an interview rule is the write-ups';
- a one-word name the pages use often opens a question capitalised ("Spotwell lists …") when no text writes
  it in lower case; a typo keeps its first letter ("zither" is no "either");
- "share price" is a company's shares, no share of postings;
- "open to sponsorship" is answered by "will not sponsor"; a relocation package listed after office days is
  the part not covered."""

from __future__ import annotations

import pytest

from rag.answer.answerability import Verdict
from rag.answer.asks import SizeAsk, unit_only
from rag.answer.employer_asks import employer_asks, unstated_sizes
from rag.answer.employer_quantity import asked_things, bare_quantity, names_perk
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.market.intents import intents_of
from rag.market.parser import Extractor
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round33 import vocabulary
from tests.test_answerability_round36 import posting
from tests.test_answerability_round41 import checker_over

# A page lists the employer; its posting names its leave and its pipelines, no figure of the leave
TOP = chunk(
    310, "page", "Jobs analysis", "Top companies by job count:\n\n- Sentrawell - 6 jobs\n- Orrin - 3 jobs"
)
SENTRAWELL = posting(
    311,
    "Sentrawell",
    "Benefits:\n- Paid parental leave and caregiver leave\n- Health insurance\n\nOur pipelines move "
    "petabytes of telemetry every day.",
)
# ... and a page that says how long its leave is
LEAVE_PAGE = chunk(312, "page", "Perks", "Sentrawell gives 16 weeks of paid parental leave to every parent.")


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("sentrawell parental leave length", ("parent", "leav")),
        ("how long is caregiver leave at sentrawell", ("caregiv", "leav")),
    ],
)
def test_a_page_naming_the_employer_without_the_perk_leaves_its_quantity_to_the_postings(question, thing):
    checker = checker_over(TOP, SENTRAWELL)
    named = checker.catalog.companies_in(question)
    assert checker.figures.unquantified_things(question, [TOP, SENTRAWELL], named) == [(question, thing)]


def test_a_page_with_the_perks_words_or_a_thing_no_perk_is_the_pages():
    checker = checker_over(TOP, SENTRAWELL, LEAVE_PAGE)
    leave = "sentrawell parental leave length"
    assert checker.figures.unquantified_things(leave, [LEAVE_PAGE], checker.catalog.companies_in(leave)) == []
    data = "how much telemetry do sentrawell's pipelines move"
    checker = checker_over(TOP, SENTRAWELL)
    assert checker.figures.unquantified_things(data, [TOP], checker.catalog.companies_in(data)) == []


@pytest.mark.parametrize(
    ("question", "things"),
    [
        (
            "what figure does Hallbeck put on its annual growth & development money",
            [
                (
                    "what figure does Hallbeck put on its annual growth & development money",
                    ("annual", "growth"),
                )
            ],
        ),
        (
            "hallbeck pension: what does the employer contribute?",
            [("hallbeck pension: what does the employer contribute", ("pension",))],
        ),
        (
            "hallbeck: size of the retreat budget?",
            [("hallbeck: size of the retreat budget", ("retreat", "budget"))],
        ),
        ("hallbeck retreat budget, how big", [("hallbeck retreat budget", ("retreat", "budget"))]),
        ("how big is hallbeck", []),  # a company's size
    ],
)
def test_more_ways_to_ask_a_perks_quantity(question, things):
    idf = {"develop": 0.5, "money": 3.0}
    assert asked_things(question, ["Hallbeck"], lambda s: idf.get(s, 3.0), 1.0) == things


def test_how_big_alone_asks_of_the_things_before_it():
    assert bare_quantity("how big") and bare_quantity("and how large is it")
    assert not bare_quantity("how big is the team")
    assert names_perk(("parent", "leav")) and not names_perk(("telemetri", "pipelin"))


@pytest.mark.parametrize(
    ("ask", "unit"),
    [
        ("in weeks", True),
        ("in shares or RSUs", True),
        ("per month or per year", True),
        ("in %", True),
        ("in london", False),
        ("remote", False),
        ("roughly", False),
    ],
)
def test_a_unit_is_no_ask_of_its_own(ask, unit):
    assert unit_only(ask) is unit


BENEFITS = posting(
    313,
    "Jumpwell",
    "We are an equal opportunity employer.\n\nCandidates who match most of the criteria should apply.\n\n"
    "Benefits: 401(k) plan, an equity grant in shares or RSUs and pre-IPO stock options.",
)


MATCH = "jumpwell principal ai eng: how big is the equity package, and is there an employer match on the 401k"


@pytest.mark.parametrize(
    ("question", "whether"),
    [
        (
            MATCH,
            [SizeAsk("is there an employer match on the 401k", ("match", "401k", "401"))],
        ),
        (
            "jumpwell senior SWE - how much equity and does the 401k have a match",
            [SizeAsk("does the 401k have a match", ("match", "401k", "401"))],
        ),
        (
            "jumpwell AI engineer: how many PTO days, and is there any stock?",
            [SizeAsk("is there any stock", ("stock",))],
        ),
        (
            "jumpwell role: where to ask for accommodations, and do they have rules on AI when interviewing",
            [],
        ),
    ],
)
def test_whether_a_thing_comes_with_the_job(question, whether):
    assert employer_asks(question)[1] == whether


def test_a_thing_of_several_words_is_mentioned_in_one_sentence():
    assert unstated_sizes(MATCH, [BENEFITS], ["Jumpwell"], [BENEFITS]) == (
        "is there an employer match on the 401k",
    )
    stock = "jumpwell AI engineer: how many PTO days, and is there any stock?"
    assert unstated_sizes(stock, [BENEFITS], ["Jumpwell"], [BENEFITS]) == ()


def test_no_part_of_an_equity_size_and_an_unmentioned_match_is_answered():
    question = "jumpwell senior SWE - how much equity and does the 401k have a match"
    verdict = checker_over(BENEFITS).check(question, [BENEFITS])
    assert (verdict.coverage, verdict.reason) == ("none", "figure-not-stated")
    assert verdict.missing[-2:] == ("jumpwell senior SWE - how much equity", "does the 401k have a match")


def test_a_grants_size_asked_in_shares_is_refused_whole():
    question = "Jumpwell lists equity for the AI engineer job but how big is the grant, in shares or RSUs?"
    assert checker_over(BENEFITS).check(question, [BENEFITS]).coverage == "none"


def spotwell_catalog():
    spotwell = posting(320, "Spotwell", "Spotwell streams music. Benefits: monthly meal allowance.")
    writer = posting(321, "Writer", "Writer builds AI for enterprises.")
    pages = [
        chunk(
            322 + i,
            "page",
            f"Case studies {i}",
            f"Spotwell and Writer shipped agents; a writer of {i} posts.",
        )
        for i in range(3)
    ]
    return catalog_for(BM25Index().fit([*PAGES, *notes(4), spotwell, writer, *pages]))


def test_a_common_name_opening_the_question_capitalised_names_the_employer():
    catalog = spotwell_catalog()
    assert [
        c.name for c in catalog.companies_in("Spotwell lists a monthly meal allowance, how much is it")
    ] == ["Spotwell"]
    # the pages write "writer" in lower case: opening the question, it is a word
    assert catalog.companies_in("Writer tips for an AI blog") == []
    assert [c.name for c in catalog.companies_in("is the role at Writer remote")] == ["Writer"]


def test_a_typo_keeps_its_first_letter():
    pages = [chunk(330, "page", "Notes", "Either way, an interview needs practice."), *PAGES]
    catalog = catalog_for(BM25Index().fit(pages))
    assert catalog.correct("zither") is None
    assert catalog.correct("intervew") == "interview"


def test_a_share_price_is_no_share_of_postings():
    extractor = Extractor(vocabulary())
    assert "share" not in intents_of(
        extractor.extract("how much off the share price do staff get through the ESPP")
    )
    assert "share" in intents_of(extractor.extract("what share of postings offer a share purchase plan"))


GEICORP = posting(
    340,
    "Geicorp",
    "Staff engineer role, open to all levels. Hybrid: three office days a week in New York.\n\nAt this "
    "time Geicorp will not sponsor a new applicant for employment authorization for this position.",
)


VISAS = chunk(341, "page", "Visas", "Sponsorship rules differ from one country to the next.")


def test_open_to_sponsorship_is_answered_by_will_not_sponsor():
    question = "Is the Geicorp staff engineer role open to sponsorship at all?"
    assert checker_over(GEICORP, VISAS).check(question, [GEICORP, VISAS]) == Verdict("full", "covered")


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("geicorp staff engineer NYC, office days and relocation package", ("relocation package",)),
        ("geicorp staff engineer hybrid days + relocation help?", ("relocation help",)),
    ],
)
def test_relocation_listed_after_office_days_is_the_part_not_covered(question, missing):
    assert checker_over(GEICORP).check(question, [GEICORP]) == Verdict(
        "partial", "policy-not-stated", missing
    )


WEXFLOW = posting(
    350, "Wexflow", "Benefits: a sabbatical programme for long-serving staff, and health cover."
)


def test_every_duration_asked_and_none_stated_is_refused_whole():
    question = "wexflow sabbatical programme: after how long do you get it, and how many weeks off is it?"
    assert checker_over(WEXFLOW).check(question, [WEXFLOW]) == Verdict(
        "none",
        "duration-not-stated",
        ("wexflow sabbatical programme: after how long do you get it", "how many weeks off is it"),
    )


def test_a_tally_is_a_count_and_brushing_up_no_content():
    uses = chunk(351, "page", "Use cases", "AI support use cases: 696 mentions (15.4%) across the postings.")
    assert checker_over(uses).check("ai-support use-case tally", [uses]) == Verdict("full", "covered")
    skills = chunk(352, "page", "Skills", "Postings ask for evaluation and embeddings besides PyTorch.")
    question = "which skills do postings ask for apart from pytorch? thinking of brushing up on evaluation"
    assert checker_over(skills).check(question, [skills]) == Verdict("full", "covered")


def test_experience_asked_beside_the_pay_is_answered():
    unisphere = posting(
        353, "Unisphere", "You bring 5+ years of experience building ML systems in Bengaluru."
    )
    # other employers' titles have the word: "experience" asked is still no part of a job's name
    titled = [
        chunk(
            354 + i,
            "posting",
            f"Senior AI/ML Engineer, Experience at Lumen{i}",
            "Design agents.",
            f"Lumen{i}",
        )
        for i in range(3)
    ]
    question = "unisphere senior engineer AI/ML bengaluru experience and pay"
    verdict = checker_over(unisphere, *titled).check(question, [unisphere])
    assert verdict == Verdict("partial", "figure-not-stated", ("pay",))
