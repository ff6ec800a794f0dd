"""Round thirty-four, read from near_domain48-50 and invented variants: a company named "<word> AI" where
the corpus has the word only as a product's name or as the first word of another employer's name; a perk's
size asked as "what discount", "what does the company match up to" or "how much a day"; and a monthly
perk's worth, which is no trend of postings. Invented corpus and postings, exact verdicts and intents."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import question_asks
from rag.answer.counts import states_count
from rag.answer.own_passages import opens_job, unwritten_ai_names, written_as_name
from rag.answer.sentences import split_units
from rag.answer.thing_size import thing_size
from rag.answer.word_cover import spelled_american
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.market.cues import NOT_RECORDED
from rag.market.intents import intents_of
from rag.market.parser import Extractor
from rag.shorthand import in_full
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round33 import vocabulary

# "Quillby" is a legal tool in one posting; "Marlow Financial Technologies" and "Tessvar" are employers.
HUSK = chunk(
    4,
    "posting",
    "Legal AI Engineer at Husk Partners",
    "Skills: Prompt Engineering, Quillby, CoCounsel. Reflection on reflection prompts.",
    "Husk Partners",
)
MARLOW = chunk(
    5,
    "posting",
    "AI/ML Engineer at Marlow Financial Technologies",
    "Build GenAI features.\n\nBenefits:\n- Employee stock purchase plan (ESPP)\n- 401(k) with company match"
    "\n- In-office lunch stipends",
    "Marlow Financial Technologies",
)
TESSVAR = chunk(
    6, "posting", "AI Engineer at Tessvar", "Build agents at Tessvar. Salary $150,000.", "Tessvar"
)
# the words the size questions use beside the perk, so that only the figure is missing
WORDS = chunk(
    7,
    "page",
    "Reading an offer",
    "Ask what discount you get on the shares, what the company will match up to, and how much a day it is.",
)


def index() -> BM25Index:
    return BM25Index().fit([*PAGES, *notes(8), HUSK, MARLOW, TESSVAR, WORDS])


def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(index(), unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        # a product's name, never an employer's
        ("quillby ai legal llm eng roles", ["quillby ai"]),
        ("What does the guide say about interviewing at Quillby AI?", ["Quillby AI"]),
        # the first word of another employer's name, no title after "AI"
        ("marlow ai jobs for ml engineers?", ["marlow ai"]),
        # ... but with a title after it: that employer's AI team
        ("marlow ai research engineer salary", []),
        ("marlow ai/ml engineer - remote?", []),
        # an employer whose name is the word
        ("tessvar ai engineer pay", []),
        # a kind of employer, not a name
        ("quillby ai startups hiring?", []),
        # a word the corpus writes in lower case too
        ("reflection ai salaries", []),
        # not where a name goes
        ("how do postings use quillby ai tools", []),
    ],
)
def test_a_company_named_word_ai_that_the_corpus_has_only_otherwise(question, names):
    bm25 = index()
    catalog = catalog_for(bm25)
    assert unwritten_ai_names(bm25, catalog, question, 1.0, catalog.companies_in(question)) == names


def test_a_name_is_a_word_only_ever_written_with_a_capital():
    bm25 = index()
    assert written_as_name(bm25, "quillbi", "quillby")
    assert not written_as_name(bm25, "reflect", "reflection")  # "reflection prompts"
    assert not written_as_name(bm25, "absent", "absent")  # no chunk writes it
    # capitalised only as a title's or a sentence's first word: no name
    opener = BM25Index().fit(
        [chunk(1, "page", "Remote work", "Remote roles are common.\nRemote teams meet.")]
    )
    assert not written_as_name(opener, "remot", "remote")


def test_a_word_ai_company_is_refused_as_not_mentioned():
    verdict = checker().check("quillby ai legal llm eng roles", [HUSK, WORDS])
    assert verdict == Verdict("none", "not-mentioned", ("quillby ai",))


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("marlow ESPP - what discount do you get on the shares", ("discount",)),
        ("marlow 401k - what does the company match up to", ("401k", "401", "match")),
        ("marlow in-office lunch stipend, how much a day", ("stipend",)),
    ],
)
def test_more_ways_to_ask_a_perks_size(question, thing):
    assert thing_size(question) == thing


def test_how_much_a_day_after_a_perk_asks_its_rate():
    asked = "Marlow in-office lunch stipend, how much a day"
    assert question_asks(asked) == [asked]
    # a period after another ask is no thing of its own, nor a size of what comes before
    assert question_asks("salary, and how much a month") == ["salary", "how much a month"]


@pytest.mark.parametrize(
    "question",
    [
        "marlow ESPP - what discount do you get on the shares",
        "marlow 401(k) - what does the company match up to",
        "Marlow in-office lunch stipend, how much a day",
    ],
)
def test_a_perks_size_the_posting_does_not_state_is_refused(question):
    verdict = checker().check(question, [MARLOW, WORDS])
    assert (verdict.coverage, verdict.missing) == ("none", (question,))


def test_a_monthly_perks_worth_is_no_trend_of_postings():
    extractor = Extractor(vocabulary())
    assert "by_month" not in intents_of(
        extractor.extract("Quillfern Re's monthly wellness stipend - what's it worth?")
    )
    assert "by_month" in intents_of(extractor.extract("how many postings each month mention rag"))


def test_a_place_no_chunk_names_is_a_name_even_opening_the_question():
    verdict = checker().check("zanzibar social fund deductions for an IT contractor?", [MARLOW, WORDS])
    assert (verdict.coverage, verdict.reason, verdict.missing) == ("none", "not-mentioned", ("zanzibar",))


def test_an_unknown_word_opening_a_question_before_jobs_names_an_employer():
    verdict = checker().check("brindlecote king data science jobs", [MARLOW, WORDS])
    assert (verdict.coverage, verdict.reason) == ("none", "not-mentioned")
    assert opens_job("brindlecote data science jobs", 0, 11)
    assert not opens_job("brindlecote is a word", 0, 11)


def test_a_sentence_ends_where_a_scrape_lost_the_space():
    text = "Pay is $5 and experience.The package may include a bonus. Use Node.js here."
    assert [text[u.start : u.end] for u in split_units(text)] == [
        "Pay is $5 and experience.",
        "The package may include a bonus.",
        "Use Node.js here.",
    ]


def test_the_sizes_of_things_listed_together():
    assert thing_size("yahoo ai eng: size of the education stipend and the annual bonus") == (
        "stipend",
        "bonu",
    )
    assert thing_size("X: pay range and bonus size") == ()  # the pay is asked too
    verdict = checker().check(
        "marlow ai eng: size of the lunch stipends and the 401(k) match", [MARLOW, WORDS]
    )
    assert (verdict.coverage, verdict.reason) == ("none", "figure-not-stated")


def test_shorthand_in_full_for_a_figures_words():
    assert in_full("share of finetuning-focused roles") == "share of fine-tuning-focused roles"
    assert in_full("OSS contributions, appsec jobs and behavioural qs") == (
        "open source contributions, application security jobs and behavioural questions"
    )


def test_staff_are_people_counted_as_employees():
    assert states_count("Golin's 1700 global employees operate across 50+ offices worldwide", "staff")
    assert not states_count("Golin operates across 50+ offices worldwide", "staff")


def test_a_british_ending_in_oural_is_written_in_american():
    page = chunk(9, "page", "Questions", "Behavioral questions: describe a conflict.")
    assert spelled_american("behavioural", [page])


def test_worth_it_asks_no_size():
    assert thing_size("OSS contributions worth it for applications?") == ()
    assert thing_size("marlow relocation allowance, what's it worth") == ("reloc", "allow")


def test_skill_shares_are_no_equity():
    assert "shares" not in NOT_RECORDED["equity or stock"]
    assert "company shares" in NOT_RECORDED["equity or stock"]
