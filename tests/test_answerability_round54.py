"""Round fifty-four, read from near_domain96-116 misses; exact readings, invented corpus:
- an English word the corpus never uses is no typo of one it does ("booth" is no "both", "probation" no
  "proration"), unless spelled otherwise ("favourite", "Korean");
- a period said of the thing asked ("annual leave") is read with it: "90 days annually" abroad is no leave;
- an employer typed in lower case after "at" is the one whose postings state its figures;
- what an employer contributes or matches is an amount, and a terse "X 401k employer match?" a share;
- a short name in lower case heading the question before a hiring word or a dash, or after "does" before a
  hiring word, names the employer ("brindlecove interview rounds"); a name opening with "The" is named
  without it, one of two sides joined by a dash by either side;
- reference checks and an offer's turnaround are steps of hiring;
- a child on the way is the asker's situation; "leave - weeks?" asks a duration; "how much stock would I
  get", a payout and "is there a match and how much" ask amounts; a commuter benefit comes in amounts, and
  its monthly limit is no trend of postings;
- a question word or a preposition is no word of an employer's name ("why pay AI engineers …");
- "diagnosis" is written as "diagnostics"; the asker's own situation names no thing nor field asked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.answer.answerability import EVERYDAY_PAGE_DF as EVERYDAY
from rag.answer.common_word_names import unwritten_employer_run
from rag.answer.compounds import unmet_compound
from rag.answer.figure_kinds import kind_asks, money_asks
from rag.answer.figure_subject import kind_stated
from rag.answer.interviews import asks_interview_process, written_names
from rag.answer.question_words import NO_CONTENT, situation_spans, situations
from rag.answer.thing_size import thing_size
from rag.answer.word_cover import kin_of_noun
from rag.index.bm25 import BM25Index
from rag.index.catalog import Company, catalog_for
from rag.index.typos import correction, english_stems
from rag.market.intents import intents_of
from rag.market.parser import Extractor
from rag.names import hiring_after
from tests.test_answerability_round10 import PAGES, chunk
from tests.test_answerability_round33 import vocabulary
from tests.test_answerability_round35 import index as employer_index
from tests.test_answerability_round36 import posting
from tests.test_answerability_round42 import checker_over
from tests.test_answerability_round52 import NORTHWIND
from tests.test_answerability_round52 import catalog as badge_catalog

NOTES = chunk(
    540,
    "page",
    "Notes",
    "Both interview rounds need practice. Proration of pay, a favorite project, an office in Korea.",
)


def test_an_english_word_the_corpus_never_uses_is_no_typo():
    catalog = catalog_for(BM25Index().fit([NOTES, *PAGES]))
    assert {"booth", "probat"} <= english_stems()  # the embedding model's words
    assert catalog.correct("booth") is None  # not "both"
    assert catalog.correct("probat") is None  # "probation", not "proration"
    assert catalog.correct("intervew") == "interview"
    assert catalog.correct("favourit") == "favorit"  # British spelling
    assert catalog.correct("korean") == "korea"  # its people's name


def test_a_typo_needs_five_letters_and_no_ai_ending():
    idf = {"both": 1.0, "clarifi": 1.0}
    assert correction("bth", idf, idf) is None
    assert correction("clarifai", idf, idf) is None


def test_contractions_typed_without_apostrophe_and_a_plate_of_work_are_no_content():
    assert {"theres", "heres", "wheres", "hows", "whos", "plate"} <= NO_CONTENT


# Tidewell's perks: its leave named with no length, 90 days a year abroad
TIDEWELL = chunk(
    541,
    "posting",
    "Senior Engineer at Tidewell",
    "Benefits:\n\n- Time Off - Generous annual leave on top of bank holidays.\n"
    "- Work From Abroad - Work from anywhere for up to 90 days annually.",
    "Tidewell",
)
# how many of the guide's page chunks use each word: "leave" too many to say what a figure is about
PAGE_DF = {"annual": 3, "leav": 80, "day": 60, "tidewel": 0}


def test_a_period_word_is_read_with_the_word_it_dates():
    (ask,) = kind_asks("how many days annual leave at tidewell")

    def stated(posting) -> bool:
        return kind_stated(ask, [posting], lambda s: 1.0, ["Tidewell"], [Company("Tidewell")], PAGE_DF)

    assert stated(TIDEWELL) is False  # the 90 days are spent abroad
    assert stated(replace(TIDEWELL, text=TIDEWELL.text + "\n- 25 days annual leave.")) is True


def test_an_employer_after_at_in_lower_case_is_written():
    assert written_names(["Tidewell"], "how many days annual leave at tidewell", typed=True) == ["Tidewell"]
    assert written_names(["Tide"], "how many days annual leave at tide", typed=True) == ["Tide"]
    assert written_names(["Tide"], "how many days annual leave at tide") == []
    assert written_names(["Tide"], "the tide of AI hiring: how many days to an offer", typed=True) == []


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What does Quillmoor contribute to the pension for its senior engineers?", True),
        ("what does quillmoor match on the 401(k)", True),
        ("what do employers contribute to the pension in the UK", True),
        ("what does a pension plan do for an AI engineer", False),
    ],
)
def test_what_an_employer_contributes_or_matches_is_an_amount(question, asked):
    assert bool(money_asks(question)) is asked


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("quillmoor 401k employer match?", "share"),
        ("quillmoor pension company contribution rate", "share"),
        ("does quillmoor have a 401k employer match?", None),
        ("any employer match at quillmoor", None),
    ],
)
def test_a_terse_ask_of_the_match_is_a_share(question, kind):
    assert next((a.kind for a in kind_asks(question)), None) == kind


def test_a_hiring_word_after_the_name_places_an_employer():
    assert hiring_after("brindlecove interview rounds".split(), 0, 1) is True
    assert hiring_after("does brindlecove do a take home".split(), 1, 2) is True
    assert hiring_after("brindlecove tips for juniors".split(), 0, 1) is False
    assert hiring_after("is brindlecove interview heavy".split(), 1, 2) is False  # not after "does"


def test_a_short_name_in_lower_case_before_a_hiring_word_names_the_employer():
    postings = [
        posting(542, "Brindlecove Group", "Brindlecove Group builds retail analytics. Benefits: 401(k)."),
        posting(543, "The Marlow Financial Services Group", "Marlow insures homes. Benefits: pension."),
    ]
    catalog = catalog_for(BM25Index().fit([*PAGES, *postings]))

    def named(question: str) -> list[str]:
        return [c.name for c in catalog.companies_in(question)]

    assert named("brindlecove interview rounds for AI engineers") == ["Brindlecove Group"]
    assert named("does brindlecove do a take-home or pair programming") == ["Brindlecove Group"]
    assert named("brindlecove tips for a portfolio") == []
    assert named("brindlecove - do they call referees before the offer") == ["Brindlecove Group"]
    assert named("marlow financial services interview stages?") == ["The Marlow Financial Services Group"]


def test_either_side_of_a_dash_in_a_name_names_it():
    halves = posting(544, "Ferrow AI - Delivery Intelligence Platform", "Ferrow AI routes parcels.")
    catalog = catalog_for(BM25Index().fit([*PAGES, halves]))
    name = "Ferrow AI - Delivery Intelligence Platform"
    assert [c.name for c in catalog.companies_in("ferrow ai interview: is there a take-home task")] == [name]
    assert [c.name for c in catalog.companies_in("Delivery Intelligence Platform interview loop?")] == [name]
    assert catalog.companies_in("a human in the ferrow ai loop") == []  # lower case, no employer's place


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("does Brindlecove call references before making an offer", True),
        ("quadrivia - do they call referees before the offer", True),
        ("are there reference checks before the offer at Brindlecove?", True),
        ("rackspace FDE offer turnaround?", True),
        ("how do I write a reference letter for a former intern", False),
        ("citing references in my portfolio README", False),
    ],
)
def test_reference_checks_and_the_wait_for_an_offer_are_hiring_steps(question, asks):
    assert asks_interview_process(question) is asks


def test_a_child_on_the_way_is_the_askers_situation():
    question = "hiya parental leave - how long is it? baby due in spring"
    assert situations(question) == ["baby due in spring"]
    assert situations("baby steps into AI: where do I start? which course first") == []


def test_amounts_and_durations_asked_tersely():
    (ask,) = kind_asks("egen new-parent leave - weeks?")
    assert (ask.kind, ask.unit) == ("duration", "week")
    assert money_asks("how much stock would I get joining Quillmoor as a research engineer")
    assert money_asks("quillmoor life cover payout?")
    assert not money_asks("how much stock matters when comparing AI offers")
    assert not money_asks("harrowgate employee referral payout amount")  # a perk's size (employer_quantity)
    assert thing_size("quillmoor savings plan - is there an employer match and how much") == ("match",)
    assert thing_size("what's the monthly limit on the pre-tax commuter benefit") == ("commut",)


def test_a_perks_monthly_limit_is_no_trend_of_postings():
    extractor = Extractor(vocabulary())
    assert "by_month" not in intents_of(
        extractor.extract(
            "Quillfern Re AI engineer: what's the monthly limit on the pre-tax commuter benefit?"
        )
    )
    assert "by_month" not in intents_of(
        extractor.extract("what's the monthly wellness stipend at Quillfern Re")
    )
    assert "by_month" in intents_of(extractor.extract("Quillfern Re postings per month"))


@pytest.mark.parametrize(
    "question",
    ["why pay AI engineers to do research?", "thin line between AI eng and a SWE leaning on copilots?"],
)
def test_a_question_word_or_a_preposition_names_no_employer(question):
    bm25 = employer_index()
    assert unwritten_employer_run(bm25, catalog_for(bm25), question) is None


def test_a_greek_noun_is_written_as_its_kin():
    uses = chunk(545, "page", "Use cases", "Healthcare: AI-powered diagnostics assistance; analyze scans.")
    assert kin_of_noun("diagnosis", [uses]) is True
    assert kin_of_noun("analysis", [uses]) is True
    assert kin_of_noun("synthesis", [uses]) is False
    assert kin_of_noun("basis", [chunk(546, "page", "Notes", "A basic RAG app.")]) is False


def test_the_askers_own_situation_names_no_thing_asked():
    question = "I'm a nurse retraining into tech. Which badge colour would I get as a new AI hire"
    assert situation_spans(question) == [(0, 32)]
    assert unmet_compound(question, [NORTHWIND], 0.3, badge_catalog(), EVERYDAY) == "badge colour"
    told = "I'm a badge colour fan. Which of these roles mention a mentor?"
    assert unmet_compound(told, [NORTHWIND], 0.3, badge_catalog(), EVERYDAY) is None


def test_the_askers_situation_names_no_field_of_the_job_data_unless_asked_of():
    checker = checker_over()
    said = [
        chunk(
            547,
            "page",
            "Notes",
            "We love that the postings mention remote work, a job, a day off and offers.",
        )
    ]
    told = "I'm a nurse retraining into tech. Do the postings mention remote work?"
    assert checker._unrecorded(told, said) == ()
    asked = "I'd love a job where you get your birthday off. Do the postings offer that?"
    assert checker._unrecorded(asked, said) == ("birthday",)
