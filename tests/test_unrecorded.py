"""What a market question asks that the postings table does not record although the router built a
query (rag/market/unrecorded.py): an attribute of each posting, a year no posting is from, a term of
employment. The desk answers them as a field not recorded, or sends them to the guide."""

import pytest

from rag.market.desk import OFFERED_REASON, RECORDED_FIELDS, MarketDesk, counts_everything, unparsed_name
from rag.market.recorded import Rarity
from rag.market.set_offers import set_offer_gap
from rag.market.unrecorded import WORLD_GAP, unrecorded
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)

DATES = ("2026-01-29", "2026-03-12")


@pytest.fixture(scope="module")
def desk(engine):  # noqa: F811
    return MarketDesk(engine)


@pytest.mark.parametrize(
    "question, market, gap",
    [
        ("How many openings does each AI engineer posting in the dataset have?", True, "openings"),
        ("Who is the hiring manager for each job in the dataset?", False, "hiring manager"),
        ("Which skills does each posting in the dataset list?", True, None),  # skills are recorded
        ("What level is each of these postings?", True, None),
        ("How many AI engineering jobs will be posted in 2027?", True,
         "postings from 2027 (the postings run from 2026-01-29 to 2026-03-12)"),
        ("How many AI engineering jobs were posted in 2026?", True, None),
        ("How much paid parental leave do AI engineers get?", True, "parental leave"),
        # a guide question about roles may ask about a year or a term: only an attribute of each posting
        ("How much paid parental leave do AI engineers get?", False, None),
        # one part of several: answered, the gap is the rest's caveat
        ("How many postings list RAG, and how has that changed since 2024?", True, None),
        # the postings' own verb names nothing asked; the thing in the question's words
        ("What share of postings permit pets at the office?", True, "pets at the office"),
        ("How many of the AI engineer postings offer a four-day work week?", True, "four-day work week"),
        # a share of the companies counts companies: "companies" names no field to count by
        ("What % of the companies hiring AI engineers are remote-first?", True, "remote-first"),
        ("What % of the companies hiring AI engineers are employee-owned (ESOP)?", True, "employee-owned"),
        ("What % of the companies hiring AI engineers are in each stage?", True, None),
        ("What % of AI engineer postings are senior?", True, None),
        # job ads are the postings: how long they stay up is not recorded
        ("How long did the AI engineer job ads stay up before the roles were filled?", False,
         "durations (“How long did the AI engineer job ads stay up before the roles were filled”)"),
        # the whole market, not the postings: no count of it
        ("How many AI engineering jobs were posted worldwide in January 2026?", True, WORLD_GAP),
        ("How many AI engineering jobs were posted in January 2026?", True, None),
        ("How many postings are remote-friendly worldwide?", True, "remote-friendly worldwide"),
        # a topic of the guide's pages, asked of the companies: the guide's
        ("Which companies give take-home assignments for AI roles?", False, None),
        # … but a count of the postings is the postings' ("legal" is no guide topic here)
        ("How many AI engineer postings come with a legal services plan?", False, "legal services plan"),
        # a verb and a pronoun: no attribute to count by, and none to name but the words themselves
        ("What share of AI engineer jobs allow it?", True,
         "“allow it” (the question does not say what that refers to)"),
    ],
)  # fmt: skip
def test_unrecorded(desk, question, market, gap):
    ex = desk.router.extractor.extract(question)
    assert unrecorded(question, ex, *DATES, market) == gap


def test_the_desk_answers_an_unrecorded_attribute_of_each_posting(desk):
    question = "How many openings does each AI engineer posting in the dataset have?"
    routed = desk.route(question)
    assert (routed.route, routed.reason, routed.not_recorded) == (
        "market",
        "asks for what the job data does not record",
        "openings",
    )
    assert desk.answer(question, routed).text == (
        f"The job data does not record openings, so no figure about it can be computed from the "
        f"{desk.engine.n_total:,} postings. What the postings record: {RECORDED_FIELDS}."
    )


def test_a_term_of_employment_is_not_recorded_and_without_the_data_named_goes_to_the_guide(desk):
    data = "How much paid parental leave do the postings in the dataset offer?"
    routed = desk.route(data)
    assert (desk.router.route(data).route, routed.route, routed.not_recorded) == (
        "market",
        "market",
        "parental leave",
    )
    assert desk.route("How much paid parental leave do AI engineers get?").route == "guide"


def test_a_word_before_a_known_value_or_a_posting_noun_is_no_unknown_value(desk):
    extract = desk.router.extractor.extract
    assert extract("is Python asked for more in LLM-building roles?").unknown == []
    assert [u.value for u in extract("how many postings ask for Zorblax?").unknown] == ["Zorblax"]


@pytest.mark.parametrize(
    "question, name",
    [
        ("how many AI jobs did GEICO have in the dataset?", "GEICO"),
        ("do insurance firms like PwC hire many AI engineers?", "PwC"),
        ("How many postings are there in total?", None),
        ("How many AI engineer jobs are in the data? LLM ones too", None),  # sentence starts, data terms
    ],
)
def test_unparsed_name(question, name):
    assert unparsed_name(question) == name


def test_a_count_of_every_posting_for_a_name_the_table_lacks_goes_to_the_guide(desk):
    total = desk.route("How many job postings are in the dataset?")
    assert (total.route, counts_everything(total.spec)) == ("market", True)
    named = "How many AI jobs did Marrowfield Insurance have in the dataset?"
    assert counts_everything(desk.router.route(named).spec)
    routed = desk.route(named)
    assert (routed.route, routed.reason) == (
        "guide",
        "it would count every posting, but the question names something else",
    )


# What the postings are asked to offer is named by the offered thing's head noun, not by a value or a
# field word inside it (desk16): the salary word of "paid volunteer days", the skill of "a mentorship
# program"; a value of the data as the head, or things set side by side, stay the figure's.
@pytest.mark.parametrize(
    "question, gap",
    [
        ("What share of the jobs in the dataset give paid volunteer days?", "paid volunteer days"),
        ("How many of the AI engineer jobs come with a guardrails review program for new hires?",
         "guardrails review program for new hires"),
        ("Which AI engineer jobs give staff a discount on the company's own products?",
         "staff discount on company's own products"),
        ("How many postings offer hack weeks or innovation days?", "hack weeks or innovation days"),
        ("How many Python postings mention a four-day week?", "four-day week"),
        ("How many of the postings include python?", None),  # the head is a skill of the data
        ("How many of the postings offer a salary range?", None),  # the head is a recorded field
        ("how many postings mention pgvector compared to opensearch?", None),  # two skills compared
    ],
)  # fmt: skip
def test_what_postings_offer_is_named_by_its_head_noun(desk, question, gap):
    assert unrecorded(question, desk.router.extractor.extract(question), *DATES, True) == gap
    routed = desk.route(question)
    assert routed.route == "market" and (routed.spec is None) == (gap is not None)  # no figure of another


def test_the_companies_hiring_name_the_job_data_and_a_count_of_what_they_hold_is_refused(desk):
    data = "How many of the companies hiring AI engineers hold company retreats?"
    routed = desk.route(data)
    assert (routed.route, routed.not_recorded) == ("market", "company retreats")
    assert desk.answer(data, routed).text.startswith("The job data does not record company retreats, so no")
    # companies that are not said to be the ones hiring: the guide's question, judged by its own checks
    assert desk.route("How many companies hold company retreats?").route == "guide"


def _everyday(*stems):
    return lambda stem: stem in stems


@pytest.mark.parametrize(
    "question, everyday, gap",
    [
        ("Do AI engineer jobs usually come with a pension match?", (), "pension match"),
        ("Which AI startups offer pet insurance to new hires?", ("pet", "insur"), "pet insurance"),
        ("Which companies pay for conference travel?", (), "conference travel"),
        ("do most AI roles provide a company car?", ("compani", "car"), "company car"),
        # what jobs include or postings state: only with a word the guide's pages seldom use
        ("Do AI engineer roles usually include training models?", ("train", "model"), None),
        ("Do AI engineer roles usually include a gym membership?", ("gym",), "gym membership"),
        ("Do postings tell you the hiring manager's name?", ("hire", "manag", "name"), None),
        ("Are there AI engineer jobs that offer a compressed work week?", (), "compressed work week"),
        # whether a thing is usual: the bar of what jobs include
        ("Is there usually a relocation package for AI engineers?", (), "relocation package"),
        ("Is a background check standard for AI engineer jobs?", (), "background check"),
        ("Is there a career path for AI engineers?", ("career", "path"), None),
        ("is there any sales-ish client communication in AI engineering roles?", (), None),
        # a topic of the guide's pages, a field, a value the parser took, a name: not this gap
        ("Which companies give a take-home assignment?", (), None),
        # a comparison or a judgement
        ("Do AI startups offer more equity than big tech?", (), None),
        ("Do AI jobs offer a good work-life balance?", (), None),
        ("Do remote jobs usually offer a higher salary?", (), None),
        ("Do AI engineer jobs usually come with remote work?", (), None),
        ("Do AI engineer jobs usually come with LangChain?", (), None),
    ],
)  # fmt: skip
def test_what_jobs_or_employers_offer_as_a_set(desk, question, everyday, gap):
    ex = desk.router.extractor.extract(question)
    assert set_offer_gap(question, ex, _everyday(*everyday)) == gap


def test_the_desk_refuses_what_jobs_usually_offer_and_counts_its_mentions(engine):  # noqa: F811
    desk = MarketDesk(engine, rarity=lambda: Rarity(page_df={}, idf={}))
    question = "Do AI engineer jobs usually come with a gym membership?"
    routed = desk.route(question)
    assert (routed.route, routed.reason, routed.not_recorded) == ("market", OFFERED_REASON, "gym membership")
    assert desk.answer(question, routed).text.startswith(
        f"The job data does not record gym membership, so no figure about it can be computed from the "
        f"{desk.engine.n_total:,} postings."
    )
    # without the job data named, the employers as a set are still its subject
    routed = desk.route("Which employers provide noise-cancelling headphones?")
    assert (routed.route, routed.not_recorded) == ("market", "noise-cancelling headphones")


def test_a_value_no_posting_has_is_said_without_the_commands_hint(desk):
    """The chat's reader has no command line: `fieldguide market vocab` is the CLI's hint only."""
    routed = desk.route("how many quantum engineer jobs are there")
    assert "fieldguide market vocab" in str(routed.unknown)
    assert desk.answer("how many quantum engineer jobs are there", routed).text == (
        "No posting has a title with 'quantum engineer'."
    )


@pytest.mark.parametrize(
    "question, written, gap",
    [
        # what some of the jobs or their employers have, allow or are under, after words saying which
        ("Which companies hiring AI engineers have a game room at the office?", (), "game room"),
        ("Are there AI engineer roles in the job data that allow job sharing?", (), "job sharing"),
        ("Which of the companies posting AI jobs are currently under a hiring freeze?", (), "hiring freeze"),
        # everyday words some chunk writes in a row: the guide may well say it
        ("Which companies hiring AI engineers have a game room at the office?", ("game room",), None),
        # a value the parser took, a field, a judgement: not this gap
        ("Which companies hiring AI engineers have an office in London?", (), None),
        ("Which companies have the most AI engineer postings?", (), None),
        ("Which roles have the highest salaries?", (), None),
        # what postings "say" is the asker's own words: not judged by whether a chunk writes them
        ("Postings say 64% want ML - how heavy is that ML side in practice?", (), None),
    ],
)  # fmt: skip
def test_what_some_jobs_or_employers_have_as_a_set(desk, question, written, gap):
    ex = desk.router.extractor.extract(question)
    everyday = _everyday("game", "room", "job", "share", "hire", "freez", "offic", "want", "ml", "heavi")
    assert set_offer_gap(question, ex, everyday, lambda phrase: phrase in written) == gap
