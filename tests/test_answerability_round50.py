"""Round fifty, read from near_domain101-104 and unseen102-105 and older misses; exact readings, invented
corpus:
- a market refusal's gap of several words hands over to the guide when one of the guide's lines holds each
  of its words beside a share or a table's number ("research vs production ones": "| Applied/Production |
  856 | 95.6% |"); filler ("type", "ones", "work") is no word of it;
- a table row's number cell is a figure ("| Sales/Solutions | 21 | Pre-sales |" counts its jobs);
- "what fraction / proportion" is answered by a percentage;
- "the jobs analysed are …": the participle says which jobs, the jobs are counted;
- "bother" is a stance and "ex" a former one: no content;
- a company named by a word the guide's pages also write in lower case ("Side") is on them only where they
  write it capitalised inside a sentence, not "Side projects …" opening one, so its interviews are known
  only by its postings; a name never written in lower case ("Coinbase: …") is on them wherever written;
- an employer's name asks no adapted interview ("Adaptive ML hiring process"), nor says its posting offers
  one; "Luma Financial" names "Luma Financial Technologies" as the employer; "planet (weareplanet.com)" is
  the name as the employer writes it, bracket and all;
- "fire drill frequency at the offices?", "… in these jobs" ask the employers as a set;
- "sick pay" is no salary; a field the table lacks, asked of one employer's job, is its posting's to answer;
- a "slice" of the dataset is a share."""

from __future__ import annotations

import pytest

from rag.answer.figure_kinds import kind_ask
from rag.answer.interviews import as_employer
from rag.answer.pipeline import guide_only
from rag.answer.posting_process import asked_lines
from rag.answer.set_asks import some_have
from rag.answer.verdict import Verdict
from rag.answer.word_cover import equivalent
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.market.cues import WORKPLACE
from rag.market.router import Routed
from rag.market.stated_gap import asked_phrases, states_gap, stating_line
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round42 import PAGES, checker_over
from tests.test_market_router import router  # noqa: F401 (the router fixture)

ROLES = chunk(
    301,
    "page",
    "Jobs analysis",
    "## Kinds of roles\n\n| Kind | Jobs | Share |\n|---|---:|---:|\n| Research | 41 | 4.6% |\n"
    "| Applied/Production | 850 | 95.4% |\n\nResearch roles work on:\n\n- Novel algorithms and methods\n",
)
SUPPORT = chunk(
    302,
    "page",
    "Jobs analysis",
    "| Category | Jobs | Description |\n|---|---:|---|\n| Platform | 160 | GPU clusters |\n"
    "| Sales/Solutions | 23 | Pre-sales, customer demos |\n",
)


@pytest.mark.parametrize(
    ("question", "gap", "phrases"),
    [
        (
            "Out of all the jobs analysed, what fraction are research-type compared with production ones?",
            "production ones",
            ("production",),
        ),
        (
            "share of postings that are novel-algorithm type work",
            "novel-algorithm type work",
            ("novel", "algorithm"),
        ),
        ("how many AI jobs offer a four day week", "four day week", ("four", "week")),
        # job words and filler are never the asked thing
        ("share of AI roles in the dataset", "roles", ()),
        ("what share of those kinds of jobs", "those kinds", ()),
    ],
)
def test_the_words_a_gap_of_several_words_asks(question, gap, phrases):
    assert asked_phrases(question, gap) == phrases


def test_a_guide_line_with_each_word_of_the_gap_beside_a_share_states_it():
    production = "of all the jobs analysed, what fraction are research-type vs production ones?"
    assert states_gap(production, "production ones", [ROLES]) == (0, "| Applied/Production | 850 | 95.4% |")
    # "Novel algorithms" is on a line without a figure, and no line has both words beside one
    assert (
        states_gap(
            "share of postings that are novel-algorithm type work", "novel-algorithm type work", [ROLES]
        )
        is None
    )
    assert states_gap("how many AI jobs offer a four day week", "four day week", [ROLES]) is None


def test_a_table_rows_number_is_a_count_of_what_it_lists():
    assert (
        stating_line(SUPPORT.text, ("presales",), shares_only=True)
        == "| Sales/Solutions | 23 | Pre-sales, customer demos |"
    )
    assert states_gap("how many ai-support jobs are presales type", "presales", [SUPPORT]) == (
        0,
        "| Sales/Solutions | 23 | Pre-sales, customer demos |",
    )
    # a year in a cell is no count
    assert stating_line("| Founded | 2019 | Pre-sales team |", ("presales",), shares_only=True) is None
    # every word must be on the line
    assert stating_line(SUPPORT.text, ("presales", "platform"), shares_only=True, every=True) is None


def test_a_fraction_is_stated_as_a_percentage():
    assert equivalent("fraction", [ROLES])
    assert equivalent("proportion", [ROLES])
    assert not equivalent("fraction", [chunk(303, "page", "Notes", "Most teams hire in spring.")])


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("what fraction of the jobs analysed are research positions?", "job"),
        ("how many rounds scheduled are there", "round"),
        ("how many AI engineers does Loomwise employ", "engin"),
    ],
)
def test_a_participle_after_the_counted_noun_says_which(question, unit):
    assert kind_ask(question).unit == unit


@pytest.mark.parametrize(
    "question",
    ["ex data scientist: remote roles?", "why do companies bother with remote roles"],
)
def test_bother_and_ex_are_no_content(question):
    careers = chunk(319, "page", "Careers", "Data scientists move into remote roles; companies hire them.")
    assert checker_over(careers).check(question, [careers]) == Verdict("full", "covered")
    assert checker_over(careers).check(question + " in antarctica", [careers]).missing == ("antarctica",)


def _side_catalog(*extra):
    side_pages = [
        chunk(310 + i, "page", f"Portfolio {i}", f"Side projects show what you build on the side, part {i}.")
        for i in range(3)
    ]
    side = chunk(314, "posting", "AI Engineer at Side", "Build agents for real estate teams.", "Side")
    return catalog_for(BM25Index().fit([*PAGES, *side_pages, side, *extra])).companies[("side",)]


def test_a_common_word_names_a_company_on_the_pages_only_capitalised_inside_a_sentence():
    assert _side_catalog().postings_only
    written = chunk(315, "page", "Interview notes", "Candidates at Side had two rounds.")
    assert not _side_catalog(written).postings_only


def test_a_name_never_written_in_lower_case_is_on_the_pages_wherever_written():
    notes = chunk(320, "page", "Interview notes", "Quillbank: two rounds and a take-home.")
    quillbank = chunk(321, "posting", "AI Engineer at Quillbank", "Build fraud models.", "Quillbank")
    link = chunk(322, "page", "Repos", "[quillbank-assignment](https://github.com/x/quillbank-assignment)")
    catalog = catalog_for(BM25Index().fit([*PAGES, notes, quillbank, link]))
    assert catalog.companies[("quillbank",)].in_pages


ADAPTIVE = chunk(
    316,
    "posting",
    "AI Engineer at Adaptive Loom",
    "As an AI Engineer at Adaptive Loom, you will help customers build production applications.",
    "Adaptive Loom",
)


def test_an_employers_name_asks_no_adapted_interview():
    index = BM25Index().fit([*PAGES, ADAPTIVE])
    assert asked_lines(index, "Adaptive Loom", [ADAPTIVE], "adaptive loom hiring process stages") is None


def test_an_employers_first_words_name_it():
    question = "Luma Financial - do they do a technical round when you apply"
    assert as_employer("Luma Financial Technologies", question)
    assert not as_employer("Luma Financial Technologies", "is a financial round common")


def test_a_name_with_its_own_bracket_is_read_as_written():
    planet = chunk(
        317, "posting", "AI Engineer at Planet (weareplanet.com)", "Ship models.", "Planet (weareplanet.com)"
    )
    catalog = catalog_for(BM25Index().fit([*PAGES, planet]))
    named = catalog.companies_in("how does planet (weareplanet.com) run interviews for AI engineers")
    assert [c.name for c in named] == ["Planet (weareplanet.com)"]


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("fire drill frequency at the offices?", "fire drill frequency"),
        ("meeting-free fridays at any of the posted companies?", "meeting-free fridays"),
        ("office temperature in these jobs", "office temperature"),
    ],
)
def test_a_thing_at_the_offices_is_asked_of_every_employer(question, thing):
    assert some_have(question) == thing


def test_sick_pay_is_no_salary(router):  # noqa: F811
    assert router.route("sick pay waiting days uk").route == "guide"
    assert router.route("UK AI engineer pay").route == "market"


def test_a_field_the_table_lacks_of_one_employers_job_is_its_postings(router):  # noqa: F811
    nebius = chunk(318, "posting", "Hardware Engineer at Nebius", "Work on-site in data centres.", "Nebius")
    checker = checker_over(nebius)
    remote = Routed("market", "asks for a figure the job data does not record", not_recorded=WORKPLACE)
    assert guide_only("nebius US hardware job - fully remote?", checker, remote)
    assert not guide_only("are AI jobs fully remote?", checker, remote)


def test_a_slice_is_a_share():
    assert equivalent("slice", [ROLES])
