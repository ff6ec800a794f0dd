"""Round fifty-five, read from near_domain51-120 and the round's first runs; exact readings, invented corpus:
- an employer typed in lower case at the head of a question is the employer when its own posting was
  retrieved first ("harrowgate internet reimbursement, how much a month");
- more ways to ask an amount ("how much is it actually worth", "what's the yearly credit", "size of
  stake", "sum insured", "budget in euros", "value per day", "cover amount", "is there a cap on", "life
  assurance multiple", "what's the payout"), a team's size as a count, "ownership %" as a share; how pay
  is benchmarked, and what its range is made of, ask no amount;
- "10 paid sick days" states a duration; "yrs" is years; "SWE" and "SDE II" are named by a software
  engineer's title, a city by the posting's place; where the asker is or comes from names nothing asked;
- "X: years, visa?" asks the years too; ", and roughly what …" is a part of its own; a term of employment
  beside "onsite" makes it the workplace;
- the wait from a call to an offer and behavioural questions are hiring steps; a web name may open with a
  digit ("10x (10xconstruction.ai)");
- "Honest question - I have …" tells the asker's situation; "how common is that" asks the jobs as a set;
- the thing named before "- how much" is stated only beside its own last word;
- a question the context answers only in a notice the answer would drop is answered from the notice."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.answer.boilerplate import Boilerplate
from rag.answer.counts import states_duration
from rag.answer.employer_pay import pay_asks
from rag.answer.figure_kinds import KIND_COVER, kind_asks, kind_cover, money_asks
from rag.answer.figures import FigureAsk
from rag.answer.interviews import asks_interview_process
from rag.answer.pipeline import Answerer
from rag.answer.question_names import heading_employer, subjects, with_heading
from rag.answer.question_words import parts, tells
from rag.answer.set_asks import frames_only
from rag.answer.stated import amount_cover
from rag.answer.verdict import Verdict
from rag.deps import Deps
from rag.index.acronyms import web_name_keys
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.shorthand import spell_out
from tests.answer_helpers import build_fixture_index, settings_for
from tests.fakes import FakeEmbedder
from tests.test_answerability_round10 import PAGES, chunk
from tests.test_answerability_round36 import posting
from tests.test_answerability_round42 import checker_over

HARROWGATE = posting(550, "Harrowgate", "Benefits:\n\n- Monthly internet reimbursement.\n- Paid time off.")
OTHER = posting(551, "Quillmoor Analytics", "Benefits:\n\n- $74 / Month Reimbursement for Internet.")


def test_a_name_heading_the_question_is_the_employer_whose_posting_came_first():
    catalog = catalog_for(BM25Index().fit([*PAGES, HARROWGATE, OTHER]))
    question = "harrowgate internet reimbursement, how much a month"
    company = heading_employer(catalog, question, [HARROWGATE, OTHER, PAGES[0]])
    assert company is not None and company.name == "Harrowgate"
    assert heading_employer(catalog, question, [OTHER, HARROWGATE]) is None  # another's posting first
    assert heading_employer(catalog, question, [PAGES[0], HARROWGATE]) is None  # a guide page first
    assert heading_employer(catalog, "Harrowgate internet reimbursement?", [HARROWGATE]) is None
    assert [c.name for c in with_heading(catalog, question, [HARROWGATE])] == ["Harrowgate"]
    assert with_heading(catalog, question, [PAGES[0]]) == catalog.companies_in(question)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("quillmoor lists a meal allowance, but how much is it actually worth each month?", True),
        ("quillmoor lists adoption assistance - how much money is that actually", False),
        ("quillmoor travel perk, what's the yearly credit", True),
        ("what size of stake comes with the quillmoor package?", True),
        ("quillmoor health cover sum insured", True),
        ("quillmoor L&D budget in euros?", True),
        ("quillmoor meal benefit value per day", True),
        ("Quillmoor lists term life insurance. What's the cover amount?", True),
        ("Is there a cap on what Quillmoor pays back for courses?", True),
        ("quillmoor life assurance multiple?", True),
        ("quillmoor company-paid life insurance: what's the payout for the AI roles", True),
        ("how much is it worth learning Rust for AI roles", False),
        ("I keep hearing about RAG, how much is it used in postings?", False),
        ("what is the credit card for", False),
        ("is there a cap on how many take-homes I should do", False),
        ("what is the value of a portfolio", False),
        ("Quillmoor AI engineer: is the pay range in the ad just base salary", False),
    ],
)
def test_more_ways_to_ask_an_amount(question, asked):
    assert bool(money_asks(question)) is asked


def test_how_pay_is_benchmarked_and_what_its_range_is_made_of_ask_no_pay():
    assert pay_asks("quillmoor pay benchmarking") == []
    assert pay_asks("Quillmoor AI engineer: is the pay range in the ad just base salary") == []
    assert pay_asks("quillmoor pay?") == ["quillmoor pay"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("quillmoor ai team size", "count"),
        ("how big is the ML team at quillmoor", "count"),
        ("quillmoor employee ownership %", "share"),
        ("how big is the market for AI engineers", None),
    ],
)
def test_a_teams_size_is_a_count_and_an_ownership_percent_a_share(question, kind):
    assert next((a.kind for a in kind_asks(question)), None) == kind


def test_sick_days_between_the_number_and_its_unit_state_a_duration():
    assert states_duration("10 paid sick days per year (pro rated)", "day") is True
    assert states_duration("3 volunteering days a year", "day") is True
    assert states_duration("Anticipated travel level: Low (0-15%)", "day") is False


def test_yrs_is_years():
    assert spell_out("how many yrs of python") == "how many yrs (years) of python"


SOFTWARE = chunk(
    552,
    "posting",
    "Senior Software Engineer II at Quillmoor",
    "Requirements:\n\n- 4+ years of experience building web applications.",
    "Quillmoor",
)


@pytest.mark.parametrize(
    "question",
    [
        "quillmoor senior SWE: how many yrs",
        "Quillmoor SDE II in Leeds - how many years of experience do they ask for",
    ],
)
def test_a_title_in_shorthand_and_the_postings_place_are_named_by_the_posting(question):
    placed = replace(SOFTWARE, metadata={**SOFTWARE.metadata, "location": "Leeds, GBR"})
    (ask,) = kind_asks(question)
    assert kind_cover(ask, [placed], lambda _s: 1.0, ["Quillmoor"]) >= KIND_COVER
    assert (
        kind_cover(ask, [replace(placed, title="Data Analyst at Quillmoor")], lambda _s: 1.0, ["Quillmoor"])
        == 0
    )


def test_where_the_asker_is_or_comes_from_names_nothing_asked():
    question = "For the NXP devops job, how many years on AWS do they want, if I move from Hyderabad?"
    assert subjects(question) == (frozenset({"nxp"}), frozenset({"aw"}))
    assert subjects("I'm outside India - how many years does Pfizer want") == (frozenset({"pfizer"}),)
    assert subjects("how many AI postings are in India") == (frozenset({"india"}),)


def test_the_years_before_a_term_after_the_job_are_asked_too():
    requirements = posting(553, "Quillmoor Analytics", "Requirements:\n\n- 8+ years of experience in AI/ML.")
    verdict = checker_over(requirements).check("quillmoor analytics staff R&D: years, visa?", [requirements])
    assert verdict == Verdict("partial", "policy-not-stated", ("visa",))


def test_a_part_after_and_roughly_what_is_its_own():
    question = "Quillmoor SDE II - how many years do they ask for, and roughly what CTC should I expect?"
    assert parts(question) == [
        "Quillmoor SDE II - how many years do they ask for",
        "what CTC should I expect",
    ]


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("how long does Quillmoor take from the first call to an offer for the staff role?", True),
        ("typical time to offer at quillmoor", True),
        ("Quillmoor junior AI engineer: what behavioural questions come up before the offer?", True),
        ("quillmoor genAI QA noida: onsite, relocation?", False),
        ("what should I put in my portfolio README", False),
    ],
)
def test_the_wait_for_an_offer_and_behavioural_questions_are_hiring_steps(question, asks):
    assert asks_interview_process(question) is asks


def test_a_web_name_may_open_with_a_digit():
    assert web_name_keys("10x (10xconstruction.ai)") == [("10xconstruction", "ai"), ("10xconstruction",)]
    assert web_name_keys("Acme (2024)") == []


def test_a_situation_after_a_casual_opener_is_told():
    assert tells("Honest question - I have an old conviction on my record") is True
    assert tells("Honest question - what do they ask") is False


def test_how_common_is_that_asks_the_jobs_as_a_set():
    assert frames_only(
        "psychometric test before an AI engineering offer, how common is that", ("psychometric",)
    )
    assert not frames_only("psychometric test before an AI engineering offer", ("psychometric",))


def test_the_thing_before_how_much_is_stated_beside_its_last_word():
    travel = posting(554, "Quillmoor Analytics", "Anticipated travel level: Low (0-15%).")
    ask = FigureAsk(
        "quillmoor parent travel program - how much", ("quillmoor", "parent", "travel", "program"), False
    )
    assert amount_cover(ask, [travel], lambda _s: 1.0, ["Quillmoor Analytics"]) == 0.0
    program = posting(555, "Quillmoor Analytics", "Parent travel program: up to $2,000 a year.")
    assert amount_cover(ask, [program], lambda _s: 1.0, ["Quillmoor Analytics"]) > 0.4


class _EveryLine(Boilerplate):
    """A table that finds every line of every source boilerplate."""

    def strip(self, context):
        return replace(context, sources=[replace(s, text="") for s in context.sources])


@pytest.fixture(scope="module")
def notice_deps(tmp_path_factory):
    deps = Deps.open(
        settings_for(build_fixture_index(tmp_path_factory.mktemp("r55"), notices=True)), FakeEmbedder()
    )
    yield deps
    deps.close()


def test_a_question_about_a_notice_is_answered_from_it(notice_deps):
    settings = notice_deps.settings.model_copy(update={"refusal_threshold": 0.0, "drop_boilerplate": True})
    answerer = Answerer(notice_deps, None, settings)
    answerer.boilerplate = _EveryLine(frozenset())
    answer = answerer.ask("Is Tinderbox Health an equal opportunity employer?")
    assert answer.refused is False
    assert "Tinderbox Health is an equal opportunity employer" in answer.answer
