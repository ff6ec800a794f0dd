"""Round forty-seven, read from near_domain89-92 and unseen90-93; exact verdicts, invented corpus:
- a question asking whether the job data has a column, a field or a filter for something ("ebay feedback
  score as a field in the postings?", "can i filter the job data by fitbit daily step count") is answered
  by what the postings table records: a thing none of whose words names a column or a value is not recorded;
- a share asked "by funding stage %" is the breakdown by stage, not a share of every posting;
- a short code of letters and digits no chunk uses ("ao3") is a missing word, however short;
- capitalised words asked what they ask in interviews ("what Lambda Labs asks") that no chunk writes in a
  row name an employer the corpus lacks;
- how an employer screens candidates, and its selection stages, are its interview process;
- a figure put on a perk ("put a figure on the moving package", "the dollar figure", "equity package
  size", a 401(k) match, "…, typical percentage?") is an amount or share asked;
- "5 business days" and "30 extra days" state durations, "millions of documents" a count;
- a government subsidy is a statutory scheme's; a visa line answers whether an employer helps with a work
  permit;
- "NY Life" names New York Life, a city between an employer's name and its title leaves the title named
  ("Visa Bengaluru lead AI eng"); the employer Visa is no visa asked, and its postings' "Visa" says nothing
  of visas."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.common_word_names import unwritten_name_at
from rag.answer.counts import states_count, states_duration
from rag.answer.figure_kinds import kind_ask, money_ask
from rag.answer.interviews import asks_interview_process
from rag.answer.policy import policy_cover, policy_gap, policy_or_rule_ask
from rag.answer.rule_asks import asks_statutory
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.index.posting_names import PostingNames
from rag.market.column_asks import column_asked, unrecorded_column
from rag.market.desk import MarketDesk
from rag.market.parser import Extraction, tokenize
from rag.market.recorded import Rarity
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round29 import PAGES, notes
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)
from tests.test_market_router import router  # noqa: F401 (the router fixture)

PERKS = chunk(
    90,
    "posting",
    "Applied AI Engineer, Fullstack - EMEA at Brevanne AI",
    "Benefits:\n- Parental: generous parental leave policy\n- 🌎 Visa sponsorship",
    "Brevanne AI",
)
NY_LIFE = chunk(
    91,
    "posting",
    "Senior Associate - AI Engineer at New York Life Insurance Company",
    "Range: $124,000-$177,000. Discretionary bonus eligible: Yes.",
    "New York Life Insurance Company",
)
REQUIREMENTS = chunk(
    95, "page", "Job requirements", "Job requirements ask for a GitHub account with projects."
)
LAMBDA = [
    chunk(92, "page", "Serverless", "AWS Lambda runs functions without servers."),
    chunk(93, "page", "Research labs", "Research labs hire ML infrastructure engineers."),
]


def checker(pages: int) -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, *notes(pages), PERKS, NY_LIFE, REQUIREMENTS, *LAMBDA]),
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("ebay feedback score as a field in the postings?", "ebay feedback score"),
        (
            "is there a duolingo score column in the job data, want to filter by language learners",
            "duolingo score",
        ),
        ("can i filter the job data by fitbit daily step count", "fitbit daily step count"),
        ("Is there a field for Sporcle quiz scores in the structured job data", "Sporcle quiz scores"),
        ("what fields are in each structured job yaml?", None),
        ("cryotherapy sessions as a perk - is there a field for that in the job data", None),
        ("in that model A vs B take-home, which data fields mattered?", None),
    ],
)
def test_the_thing_asked_as_a_column(question, thing):
    assert column_asked(question) == thing


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("ebay feedback score as a field in the postings?", "ebay feedback score"),
        ("can i filter the job data by fitbit daily step count", "fitbit daily step count"),
        ("is there a visa sponsorship field in the postings", "visa sponsorship"),
        # a column's word, or a value the parser reads, is recorded
        ("can i filter the job data by seniority", None),
        ("is there a salary column in the job data", None),
        ("can i filter the postings by Berlin", None),
    ],
)
def test_a_column_the_postings_table_does_not_have(engine, question, gap):  # noqa: F811
    desk = MarketDesk(engine, lambda: Rarity({"filter": 4, "column": 4, "field": 4}, {}))
    assert desk.route(question).not_recorded == gap


_COLUMN_WORDS = (
    "is there a an column field filter by for as the job data ebay score salary that , ? - 9 é".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_COLUMN_WORDS), max_size=14).map(" ".join))
def test_the_thing_asked_as_a_column_lies_in_any_text(text):
    """No text raises; the thing asked is the question's own words, and a gap is that thing or none."""
    thing = column_asked(text)
    if thing is not None:
        assert thing.lower() in text.lower()
        assert unrecorded_column(thing, Extraction(*tokenize(text))) in (thing, None)


def test_a_share_by_funding_stage_is_the_breakdown_by_stage(router):  # noqa: F811
    routed = router.route("ai eng jobs by funding stage %")
    assert (routed.route, routed.spec.measure, routed.spec.field) == ("market", "breakdown", "stage")


def test_a_short_code_no_chunk_uses_is_missing():
    verdict = checker(20).check("ao3 account in job requirements?", [REQUIREMENTS])
    assert verdict == Verdict("none", "not-mentioned", ("ao3",))


def test_what_an_unwritten_name_asks_in_interviews():
    bm25 = BM25Index().fit([*PAGES, *notes(20), *LAMBDA])
    question = "any notes on what Lambda Labs asks in its ML infrastructure interviews?"
    assert unwritten_name_at(bm25, catalog_for(bm25), question) == "Lambda Labs"
    assert unwritten_name_at(bm25, catalog_for(bm25), "what AWS Lambda asks of a handler") is None


@pytest.mark.parametrize(
    ("question", "interviews"),
    [
        ("how do Work Bests screen candidates", True),
        ("what is it like going through the selection stages at Apollo GraphQL", True),
        ("how do I select a vector database", False),
        # AI used in hiring, which a posting may state, is no interview process
        ("does pointclickcare use AI to screen candidates", False),
        ("screen reader support in the chat UI", False),
    ],
)
def test_screening_and_selection_stages_are_interviews(question, interviews):
    assert asks_interview_process(question) is interviews


@pytest.mark.parametrize(
    "question",
    [
        "does ge aerospace put a figure on the moving package for the staff ai/ml job",
        "Would like to know the dollar figure EarnIn puts toward courses and conferences",
        "sidecar health bonus % and equity package size",
        "Child Mind Institute senior AI developer, the exact 401(k) employer contribution",
        "what does sparq match on the 401(k)",
    ],
)
def test_a_figure_put_on_a_perk_is_an_amount_asked(question):
    assert money_ask(question) is not None


def test_a_percentage_after_the_thing_is_a_share_asked():
    ask = kind_ask("divergent lead swe ai planning incentive bonus, typical percentage?")
    assert (ask.kind, ask.part) == (
        "share",
        "divergent lead swe ai planning incentive bonus, typical percentage",
    )
    assert money_ask("is the bonus worth it, all things considered") is None
    assert money_ask("ideogram vacation + 401k match") is None  # whether there is one, not its amount


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("This role is expected to accept applications for a minimum of 5 business days.", True),
        ("Workation: 30 extra days to work remotely from anywhere.", True),
        ("Our business grows every day.", False),
    ],
)
def test_a_kind_of_day_between_the_number_and_its_unit(sentence, stated):
    assert states_duration(sentence, None) is stated


def test_millions_state_a_count():
    assert states_count("AI engineers work with large-scale data including millions of documents", "document")


def test_a_government_subsidy_is_a_statutory_scheme():
    assert asks_statutory("gozo remote worker, any government wage subsidy an employer would pass on")
    assert not asks_statutory("gozo remote worker, any AI jobs near me")


def test_a_visa_line_answers_whether_an_employer_helps_with_a_work_permit():
    question = "brevanne fullstack applied ai emea, would they help with a work permit"
    ask = policy_or_rule_ask(question, True)
    assert ask.term == "work permit"
    assert policy_cover(ask, [PERKS], lambda s: 1.0, question, {("brevanne", "ai")}) == 1.0


def test_ny_life_names_new_york_life():
    bm25 = BM25Index().fit([*PAGES, *notes(20), NY_LIFE])
    names = [c.name for c in catalog_for(bm25).companies_in("NY Life AI eng pay band, bonus eligible?")]
    assert names == ["New York Life Insurance Company"]


def test_a_city_between_the_name_and_the_title():
    postings = PostingNames([("Visa Inc", "Lead AI Engineer - Data and AI Platform")])
    named = postings.named("Visa Bengaluru lead AI eng: office days")
    assert [(p.company, p.title) for p in named] == [("Visa Inc", "Lead AI Engineer - Data and AI Platform")]
    # ... but not the title's words in another order (round forty-five)
    assert postings.named("Visa Bengaluru AI lead eng: office days") == []


def test_the_employer_visa_is_no_visa_asked():
    question = "Visa Bengaluru lead AI eng: office days"
    office = chunk(94, "posting", "Lead AI Engineer at Visa Inc", "This is a hybrid position.", "Visa Inc")
    verdict = Verdict("full", "covered")
    assert policy_gap(question, {("visa",)}, [office], lambda s: 1.0, lambda *a: [], verdict) is None


def test_the_employer_visas_lines_say_nothing_of_visas():
    question = "monarch money ai swe - need to be near an office? any visa help"
    ask = policy_or_rule_ask(question, False)
    payments = chunk(
        96, "posting", "Staff Engineer at Visa Inc", "Build payment systems at Visa.", "Visa Inc"
    )
    assert policy_cover(ask, [payments], lambda s: 1.0, question, set()) == 0.0
