"""Round fifty-three, read from near_domain96-116 and unseen110-117 misses; exact readings, invented corpus:
- a figure asked in a clause of no words of its own ("… lists parental leave - how long is it?") asks of the
  clause before, and the words of the named employer's job titles are not what it is about (a "4-7 years"
  in sales engineering states no leave);
- an amount asked as "the exact figure for the X budget", "how much money per month", a cap or a limit;
- "X .NET engineer job mentions a tuition program" tells what a posting says;
- a company's name that is a common word names it in lower case heading the question ("spotwell: …"),
  unless the corpus mostly writes it in lower case for something else."""

from __future__ import annotations

import pytest

from rag.answer.figure_kinds import kind_asks, money_asks
from rag.answer.figure_subject import about_subject, asking_clause, kind_stated
from rag.answer.figures import figure_units
from rag.answer.question_words import tells
from rag.answer.stated import states_size, written_out
from rag.answer.word_cover import verb_of_noun
from rag.index.catalog import Company, Posting
from rag.market.parser import Extractor
from rag.market.recorded import unrecorded_attribute
from rag.market.router import not_recorded
from tests.test_answerability_round10 import chunk
from tests.test_answerability_round33 import vocabulary
from tests.test_answerability_round51 import spotwell_catalog
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)
from tests.test_recorded import EveryWordRare, desk  # noqa: F401 (the market desk over it)

# A sales engineer's posting: its years of experience in one line, its leave named with no length
BRACKWELL = chunk(
    530,
    "posting",
    "AI Sales Engineer at Brackwell",
    "About the role: you partner with Sales on every deal at Brackwell.\n\n"
    "- Have 4-7 years of experience in Solutions Engineering or Sales Engineering.\n\n"
    "Brackwell lists its benefits for the ad below.\n\nBenefits:\n\n- Flexible PTO\n- Parental Leave",
    "Brackwell",
)
LEAVE = (
    "My partner and I are expecting. Brackwell's AI sales engineer ad lists parental leave - how long is it?"
)


def test_a_clause_of_asking_words_only_asks_of_the_clause_before():
    (ask,) = kind_asks(LEAVE)
    assert asking_clause(ask) == "Brackwell's AI sales engineer ad lists parental leave - how long is it"
    (ask,) = kind_asks("brackwell new-parent leave: how long")
    assert asking_clause(ask) == "brackwell new-parent leave: how long"
    (ask,) = kind_asks("Brackwell sales engineer - how long is the take-home?")
    assert asking_clause(ask) == "how long is the take-home"


# how many of the guide's page chunks use each word of the question
PAGE_DF = {"sale": 12, "ad": 12, "list": 16, "parent": 1, "leav": 1, "engin": 584, "ai": 715}


def stated(question: str, postings: list[Posting]) -> bool:
    (ask,) = kind_asks(question)
    brackwell = Company("Brackwell", postings=postings)
    return kind_stated(ask, [BRACKWELL], lambda s: 1.0, ["Brackwell"], [brackwell], PAGE_DF)


def test_a_figure_of_the_job_titles_words_is_not_the_one_asked():
    title = [Posting("AI Sales Engineer at Brackwell", "https://example.com/brackwell")]
    assert stated(LEAVE, title) is False
    assert stated(LEAVE, []) is True  # "sales" read as what is asked about: the years in it
    # the title's words count when the question asks of nothing else
    assert stated("Brackwell AI sales engineer - how long is it?", title) is True


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Quillmoor AI platform engineer: exact figure for the learning & dev budget?", True),
        ("quillmoor - how much money per month towards body and mind stuff", True),
        ("Quillmoor job mentions a tuition program; what's the yearly cap on that", True),
        ("quillmoor tuition help cap?", True),
        ("how much time per week do quillmoor engineers spend in meetings", False),
        ("what's the cap table like at quillmoor", False),
        ("which figure on the skills page shows the python share", False),
    ],
)
def test_an_amount_asked_as_a_figure_a_rate_or_a_cap(question, asked):
    assert bool(money_asks(question)) is asked


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("Brackwell .NET engineer job mentions a tuition reimbursement program", True),
        ("the role lists a learning budget", True),
        ("which job lists python", False),
        ("does the role mention rag", False),
    ],
)
def test_what_a_job_or_role_mentions_is_told(text, told):
    assert tells(text) is told


def test_a_common_word_name_heading_the_question_in_lower_case():
    catalog = spotwell_catalog()
    assert [c.name for c in catalog.companies_in("spotwell: how long is the parental leave")] == ["Spotwell"]
    assert [c.name for c in catalog.companies_in("spotwell - meal allowance per month?")] == ["Spotwell"]
    # not inside the question, nor a name the corpus writes in lower case for another thing
    assert catalog.companies_in("is the spotwell meal allowance monthly") == []
    assert catalog.companies_in("writer: tips for an AI blog") == []


@pytest.mark.parametrize(
    ("question", "companies"),
    [
        ("quillfern re: how many jobs", ["Quillfern Re"]),
        ("Quillfern Re - how many listings in the sample", ["Quillfern Re"]),
        ("how many jobs say quillfern re", []),  # no cue, not heading the question
    ],
)
def test_an_employer_heading_a_market_question_is_its_company(question, companies):
    ex = Extractor(vocabulary()).extract(question)
    assert [m.value for m in ex.mentions if m.field == "company"] == companies


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("are there separate appsec jobs just for AI applications in the data?", None),
        ("how many LLM applications are in the postings", None),
        ("how many applications does each AI posting get", "applicant numbers"),
    ],
)
def test_ai_applications_are_software_not_applicants(question, gap):
    assert not_recorded(Extractor(vocabulary()).extract(question)) == gap


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("how many postings have the plain title AI Engineer", None),
        ("how many postings have exactly the title AI Engineer, verbatim", None),
        ("how many postings have the plain title AI Engineer and a probation", "probation"),
    ],
)
def test_how_exactly_a_title_is_asked_names_no_attribute(desk, question, gap):  # noqa: F811
    reading = desk.router.extractor.extract(question)
    assert unrecorded_attribute(reading, desk.recorded, EveryWordRare()) == gap


@pytest.mark.parametrize(
    ("word", "text", "expressed"),
    [
        ("valuation", "Fireworks is a Series C company valued at $4 billion.", True),
        ("integrations", "The agent integrates with Slack.", True),
        ("ration", "The ratio is small.", False),
        ("station", "We state our values.", False),  # "-ation" nouns only
    ],
)
def test_an_action_noun_is_written_as_its_verb(word, text, expressed):
    assert (
        verb_of_noun(word, [chunk(531, "posting", "AI Engineer at Fireworks", text, "Fireworks")])
        is expressed
    )


def test_three_initials_may_stand_for_words_in_lower_case():
    page = chunk(532, "page", "Questions", "What is grouped query attention? Ask about San Francisco too.")
    assert written_out("GQA", [page]) is True
    assert written_out("SF", [page]) is True
    assert written_out("QA", [page]) is False  # two letters: only capitalised words ("query attention")


def test_a_label_line_is_read_with_the_line_under_it():
    text = "Annual Cash Compensation Range:\n\n$313,800—$502,080 USD\n\nEqual opportunity employer."
    units = [raw for _stems, raw in figure_units(text)]
    assert units == [
        "Annual Cash Compensation Range:",
        "Annual Cash Compensation Range: $313,800—$502,080 USD",
        "Equal opportunity employer.",
    ]


def test_funding_is_stated_by_what_backs_or_was_raised():
    assert states_size("Backed by $250M from leading investors.", ("fund",)) is True
    assert states_size("We raised $25M last year.", ("fund",)) is True
    assert states_size("Backed by $250M from leading investors.", ("bonus",)) is False


def test_a_count_of_things_described_after_a_relative_word_counts_the_things():
    (ask,) = kind_asks("number of ads whose title was simply Applied AI Engineer")
    assert (ask.kind, ask.unit) == ("count", "ad")


def test_an_amount_per_period_of_the_thing_before_is_no_ask_beside_it():
    (ask,) = money_asks("does quillmoor put money into the HSA, and how much per year")
    assert (ask.part, ask.other_parts) == ("how much per year", False)


def test_a_career_move_in_other_words_is_the_same_subject():
    text = (
        "Make the switch; your commute is short.\n\nAfter 3-4 months of study, you are ready to transition."
    )
    page = chunk(533, "page", "From data engineer", text)
    (ask,) = kind_asks("as a data engineer how long would the switch to ai engineering take")
    assert about_subject(ask, [page], {"switch": 3, "transit": 4}) is True
    (ask,) = kind_asks("as a data engineer how long would the commute to the office take")
    assert about_subject(ask, [page], {"commut": 3, "offic": 4}) is False
