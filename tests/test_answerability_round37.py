"""Round thirty-seven, read from near_domain54-56 and invented variants; exact verdicts, invented corpus:
- words no chunk uses side by side or joined by "&" ("holland & barrett"), or one name of hyphen-joined
  capitalised parts ("Hy-Vee's"), name a thing the corpus never writes;
- an employer's acronym that its own postings write ("wwt", "Amex GBT") names it, and so does a short name in
  lower case after "from";
- "how much money is that" asks a quantity of the thing before it;
- the pay that the amount check read as the whole question ("rillet ml/ai engineer - which days in the office,
  whats the salary") is the part not covered when the employer's postings state none;
- "onsite in NYC" is a workplace and "is that legit" a scam check, not an interview process."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.answerability import AnswerabilityChecker
from rag.answer.employer_quantity import asked_things, bare_quantity
from rag.answer.interviews import asks_interview_process
from rag.answer.own_passages import unknown_runs
from rag.answer.verdict import Verdict
from rag.index.acronyms import acronyms
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_answerability_round36 import FERNHOLLOW, OFFICE, QUILLMOOR, pay_checker, posting

# Wendmoor Wide Technology writes its acronym; Cobalt Trail Capital's "CTC" is other postings' word too.
WENDMOOR = posting(
    40,
    "Wendmoor Wide Technology",
    "At WWT we build agents for retail banks. WWT offers profit sharing and a 401(k) match.\n"
    "Benefits: adoption assistance and wellbeing resources for you and your family.",
)
TRAVEL = posting(
    41,
    "Ashgrove Express Global Business Travel",
    "Ashgrove GBT runs trips for companies. Ashgrove GBT engineers own the booking agents.\n"
    "Benefits: adoption assistance, parental leave and wellbeing resources.",
)
COBALT = posting(42, "Cobalt Trail Capital", "CTC: 30 LPA. Hybrid in Pune.")
OTHER_CTC = [posting(43 + i, f"Pune Lab {i}", "Annual CTC: 25 LPA, in Pune.") for i in range(3)]
# the everyday words the questions use
WORDS = chunk(
    50,
    "page",
    "Data science",
    "Data science teams: what each interview is like for an engineer; jobs in a store you manage, hiring "
    "outside it; prompt "
    "design; how much money a perk is actually worth, as offers lists it.",
)


def corpus() -> BM25Index:
    return BM25Index().fit([*PAGES, *notes(8), WORDS, WENDMOOR, TRAVEL, COBALT, *OTHER_CTC])


def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(corpus(), unknown_idf=4.0, domain_page_df=1, page_similarity=lambda q: 0.6)


@pytest.mark.parametrize(
    "words, initials",
    [
        (("world", "wide", "technology"), ["wwt"]),
        (("american", "express", "global", "business", "travel"), ["aegbt", "egbt", "gbt"]),
        # legal words, "of" and digits are no initials; two words' initials are too short
        (("bank", "of", "north", "lakes", "inc"), ["bnl"]),
        (("the", "hartford"), []),
        (("hiya",), []),
    ],
)
def test_a_names_acronyms_are_the_initials_of_its_last_three_or_more_words(words, initials):
    assert acronyms(words) == initials


def test_an_acronym_its_own_postings_write_names_the_employer():
    catalog = catalog_for(corpus())
    found = {q: [c.name for c in catalog.companies_in(q)] for q in (
        "wwt profit sharing payout and 401k match rate",
        "ashgrove gbt lists adoption assistance",
        "what's a normal ctc in pune",
    )}  # fmt: skip
    assert found == {
        "wwt profit sharing payout and 401k match rate": ["Wendmoor Wide Technology"],
        "ashgrove gbt lists adoption assistance": ["Ashgrove Express Global Business Travel"],
        # other postings write "CTC" more often than Cobalt Trail Capital does: no name of it
        "what's a normal ctc in pune": [],
    }
    assert sorted(catalog.alias_names(catalog.companies_in("wwt jobs")[0])) == [
        "wendmoor",
        "wendmoor wide technology",
        "wendmoorwidetechnology",
        "wwt",
    ]


@pytest.mark.parametrize(
    "question, runs",
    [
        ("holland & barrett data science / ai team - what's the interview like", ["holland & barrett"]),
        ("Is there anything about Hy-Vee's data or AI jobs?", ["Hy-Vee"]),
        ("my Zorvex quiltmark is broken", ["Zorvex quiltmark"]),
        # lower-case words alone may be everyday words a corpus lacks
        ("my zorvex quiltmark is broken", []),
        # one unknown word alone is left to the other checks; so are short ones and apostrophe-less "wont"
        ("zorvex ai engineer jobs", []),
        ("uni wont teach me prompt design", []),
        ("hy-vee jobs", []),
        # a word with one typo of a corpus word is no name ("intervew")
        ("zorvex intervew questions", []),
    ],
)
def test_words_no_chunk_uses_side_by_side_name_a_thing_the_corpus_lacks(question, runs):
    assert unknown_runs(question, catalog_for(corpus())) == runs


@pytest.mark.parametrize(
    "question, verdict",
    [
        ("holland & barrett data science / ai team - what's the interview like",
         ("none", "not-mentioned", ("holland & barrett",))),
        ("I manage a Hy-Vee store. Is there anything in here about Hy-Vee's data or AI jobs?",
         ("none", "not-mentioned", ("Hy-Vee",))),
    ],
)  # fmt: skip
def test_a_question_naming_words_no_chunk_uses_is_refused_with_them(question, verdict):
    found = checker().check(question, PAGES)
    assert (found.coverage, found.reason, found.missing) == verdict


def test_how_much_money_asks_a_quantity_of_the_thing_before_it():
    idf = {"adopt": 3.0, "assist": 3.0}
    things = asked_things(
        "ashgrove gbt lists adoption assistance - how much money is that actually",
        ["Ashgrove Express Global Business Travel", "ashgrove gbt"],
        lambda s: idf.get(s, 0.5),
        2.0,
    )
    assert things == [
        ("ashgrove gbt lists adoption assistance - how much money is that actually", ("adopt", "assist"))
    ]
    assert bare_quantity("how much money is that") and not bare_quantity("how much is the learning budget")


def test_a_perk_of_an_employer_named_by_its_acronym_that_its_postings_state_no_figure_of():
    found = checker().check(
        "ashgrove gbt lists adoption assistance - how much money is that actually", [TRAVEL, WORDS]
    )
    assert (found.coverage, found.reason, found.missing) == (
        "none",
        "size-not-stated",
        ("adoption assistance",),
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["holland", "&", "Hy-Vee's", "zorvex", "quiltmark", "wwt", "ashgrove", "gbt", "ctc", "and",
             "salary", "interview", "how much money is that", "-", "?", "uni", "wont", "AI", "jobs", "'s"]
        ),
        max_size=12,
    )
)  # fmt: skip
def test_the_run_and_acronym_checks_take_any_mix_of_their_words(words):
    question = " ".join(words)
    catalog = catalog_for(corpus())
    runs = unknown_runs(question, catalog)
    assert all(run in question for run in runs) and len(runs) == len(set(runs))
    verdict = checker().check(question, [TRAVEL, WENDMOOR])
    assert verdict.coverage in ("full", "partial", "none")


def pay_gaps():
    checker = pay_checker()
    return checker.figures, checker.catalog


@pytest.mark.parametrize(
    "question, company, gap, verdict",
    [
        # the amount check read the whole question as one pay ask: the pay is the part not covered
        ("Fernhollow Robotics senior ai engineer - which days in the office, whats the salary",
         "Fernhollow Robotics", "none", ("partial", "figure-not-stated", ("whats the salary",))),
        # another quantity asked beside the pay: left to the amount check's refusal
        ("Fernhollow Robotics senior ai engineer - how many office days, whats the salary",
         "Fernhollow Robotics", "none", None),
        # a job's description beside the pay asks nothing else
        ("Fernhollow Robotics senior ai engineer (remote, leeds) - base salary range?",
         "Fernhollow Robotics", "none", None),
        # nothing asked but the pay of the job it names
        ("Fernhollow Robotics senior ai engineer in leeds, whats the salary",
         "Fernhollow Robotics", "none", None),
        # an employer whose postings state a range; a gap already partial
        ("Quillmoor Analytics senior ai engineer - which days in the office, whats the salary",
         "Quillmoor Analytics", "none", None),
        ("Fernhollow Robotics senior ai engineer - which days in the office, whats the salary",
         "Fernhollow Robotics", "partial", None),
    ],
)  # fmt: skip
def test_the_pay_read_as_the_whole_question_is_the_part_not_covered(question, company, gap, verdict):
    figures, catalog = pay_gaps()
    named = [catalog.companies[(*company.lower().split(),)]]
    passages = [FERNHOLLOW if company.startswith("Fern") else QUILLMOOR, OFFICE]
    found = figures.unpaid_beside(
        question, passages, named, Verdict(gap, "figure-not-stated", (question,)), Verdict("full", "covered")
    )
    assert (found and (found.coverage, found.reason, found.missing)) == verdict


@pytest.mark.parametrize(
    "question, asks",
    [
        # where the job is done, not an onsite round
        ("Is Zorbo's senior AI engineer job onsite in NYC? Who would I report to?", False),
        ("is the role onsite or can I work from home", False),
        ("how long is Zorbo's onsite and what's in it?", True),
        # whether a contact is a scam, not the steps
        ("got an interview invite from zorbo by text message, is that legit", False),
        ("got a job offer from zorbo on whatsapp without any interview, legit?", False),
        ("zorbo senior AI eng: how do they check candidates are legit, is there a live tech test", True),
    ],
)
def test_an_onsite_workplace_and_a_scam_check_ask_no_interview_process(question, asks):
    assert asks_interview_process(question) is asks


def test_a_short_name_in_lower_case_after_from_names_the_employer():
    catalog = catalog_for(corpus())
    assert [
        c.name for c in catalog.companies_in("got a recruiter ping from ashgrove for the booking role")
    ] == ["Ashgrove Express Global Business Travel"]
    assert catalog.companies_in("got a recruiter ping about ashgrove for the booking role") == []


@pytest.mark.parametrize(
    "question, name",
    [
        # one word no chunk uses where an employer stands, or words side by side: not for the job data
        ("Is Zorvexa hiring AI engineers outside Leeds, and what do they pay?", "Zorvexa"),
        ("holland & barrett ai jobs, pay?", "holland & barrett"),
        # an employer the corpus has, and no name at all
        ("Is Ashgrove hiring AI engineers, and what do they pay?", None),
        ("what do AI engineers in Leeds get paid?", None),
    ],
)
def test_a_name_the_corpus_never_uses_keeps_the_question_from_the_job_data(question, name):
    assert checker().absent_name(question) == name


def test_initials_joined_by_an_ampersand_name_an_employer_of_two_words_so_joined():
    bm25 = BM25Index().fit([*PAGES, posting(60, "Pellow & Gamt", "Data roles in Hyderabad.")])
    catalog = catalog_for(bm25)
    assert [c.name for c in catalog.companies_in("P&G AI SRE job in Hyderabad, is it office based")] == [
        "Pellow & Gamt"
    ]
    assert catalog.companies_in("p g and c/c++ jobs") == []


@pytest.mark.parametrize(
    "question, verdict",
    [
        # a question after a few words of the asker's situation asks something besides the pay
        ("Just graduated and looking at the AI engineer job at Fernhollow Robotics - is it hybrid or "
         "remote, and what's the salary?", ("partial", "figure-not-stated", ("what's the salary",))),
        # the situation alone asks nothing
        ("looking at the AI engineer job at Fernhollow Robotics, what's the salary",
         ("none", "figure-not-stated", ("what's the salary",))),
    ],
)  # fmt: skip
def test_a_question_after_the_askers_situation_is_asked_besides_the_pay(question, verdict):
    figures, catalog = pay_gaps()
    company = catalog.companies[("fernhollow", "robotics")]
    found = figures.unpaid(question, [FERNHOLLOW, OFFICE], company, Verdict("full", "covered"))
    assert (found.coverage, found.reason, found.missing) == verdict
