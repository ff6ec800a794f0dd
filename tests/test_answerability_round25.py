"""Round twenty-five of the answerability check, read from near_domain24-25, unseen25 and invented variants:
the asker's stance ("supposedly") is no word asked about; "I applied to X" names the employer and
"recruitment steps" asks its process; "&" and a full stop before a capital start a part, and a statement
before a question is its premise; "yrs" counts years; a named employer's posting is read whole for a
count, and a word of the ask it never writes ("leave") leaves the count unstated; a size asked after the
asker's situation ("Got an offer … and want to know how generous the match is") is all the question
asks; "is there a number for the bonuses, like a target %" asks a size; a pay noun alone after another
ask ("office days and salary in £") asks the amount. Invented corpus, exact verdicts, with the
neighbours each rule leaves alone."""

from dataclasses import replace

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import kind_asks, money_asks
from rag.answer.figures import FigureAsk, bare_pay
from rag.answer.interviews import as_employer, asks_interview_process, written
from rag.answer.question_words import parts, situations, tells
from rag.answer.refusal_notes import refusal_lead
from rag.answer.thing_size import amounted, thing_size
from rag.answer.word_cover import equivalent
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from rag.records import Chunk
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(1, "page", "Paths", "Data engineers have one of the smoothest moves into AI engineering."),
    chunk(
        2, "page", "Offers", "Read an offer's pay, bonus and match before you sign; ask what each is worth."
    ),
    # everyday words, on a page of their own
    chunk(
        3, "page", "Notes", "Many want to know the target amount of a role; like leave, it is senior work."
    ),
    chunk(10, "page", "Chat", "Teams chat on IM."),
]


def posting(n: int, part: int, text: str) -> Chunk:
    """A chunk of the one Quorvo posting (its chunks share a document)."""
    c = chunk(n, "posting", "Senior AI Engineer at Quorvo", text, "Quorvo")
    return replace(c, id=f"c4#{part}", doc_id="d4")


QUORVO = [
    posting(4, 0, "Experience: 4-6 Years Location: Pune | Hybrid (3 days in office per week)"),
    posting(5, 1, "Benefits:\n\n- Generous 401(k) match\n- Equity"),
]
VELTRO = chunk(
    6,
    "posting",
    "ML Engineer at Veltro",
    "Benefits:\n\n- Performance bonuses\n- Team lunches. We work from the Leeds office 2 days a week.",
    "Veltro",
)


def checker() -> AnswerabilityChecker:
    return AnswerabilityChecker(
        BM25Index().fit([*PAGES, *QUORVO, VELTRO]),
        unknown_idf=5.0,
        domain_page_df=1,
        everyday_page_df=1,
        page_similarity=lambda q: 0.6,
    )


def test_the_askers_stance_is_no_word_asked_about():
    c = checker()
    assert c.check("why is it supposedly one of the smoothest moves into AI engineering", PAGES[:1]) == (
        Verdict("full", "covered")
    )
    # a word of the question's own topic the passages lack still counts
    assert c.check("why is sailing one of the smoothest moves into AI engineering", PAGES[:1]).missing == (
        "sailing",
    )


def test_applied_to_names_the_employer_and_recruitment_steps_ask_its_process():
    assert as_employer("Quorvo", "Hi, I applied to Quorvo for a GenAI role. What are the hiring stages?")
    assert not as_employer("Quorvo", "how do I move to Quorvo for a take-home?")
    assert asks_interview_process("quorvo jr ai engineer recruitment steps")
    assert asks_interview_process("what are the hiring stages at quorvo")
    assert not asks_interview_process("quorvo recruitment marketing budget")
    # a posting's "recruitment process" is mostly its accommodations, which its own text answers
    assert not asks_interview_process(
        "quorvo senior ai engineer - can the recruitment process be adjusted for me?"
    )


def test_an_ampersand_and_a_full_stop_before_a_capital_start_a_part():
    assert parts("quorvo senior ai pune - how many yrs exp & how many leave days") == [
        "quorvo senior ai pune - how many yrs exp",
        "how many leave days",
    ]
    # a statement before the question is its premise; "Sr." is no sentence's end
    assert parts("Quorvo's postings mention a 401(k) match. What rate do they match up to?") == [
        "What rate do they match up to"
    ]
    assert parts("Sr. AI engineer at Quorvo: what is the pay?") == [
        "Sr. AI engineer at Quorvo: what is the pay"
    ]
    assert parts("I'm weighing an offer from Quorvo. Is there a bonus?") == ["Is there a bonus"]
    assert situations("I'm weighing an offer from Quorvo. Is there a bonus?") == [
        "I'm weighing an offer from Quorvo"
    ]


def test_yrs_counts_years_and_a_word_no_chunk_of_the_named_employers_posting_has_weighs():
    first, second = kind_asks("quorvo senior ai pune - how many yrs exp & how many leave days")
    assert (first.unit, second.unit) == ("year", "day")
    c = checker()
    # the years are stated; no line of the posting says "leave", so none states a count of leave days
    assert c.check("quorvo senior ai pune - how many yrs exp & how many leave days", QUORVO) == Verdict(
        "partial", "count-not-stated", ("how many leave days",)
    )
    assert c.check("quorvo senior ai pune - how many yrs exp & how many office days", QUORVO) == Verdict(
        "full", "covered"
    )


def test_a_size_asked_after_the_askers_situation_is_all_it_asks():
    assert tells("Got an offer from Quorvo for the AI engineer role")
    assert not tells("Got an offer from Quorvo, what is the pay")
    verdict = checker().check(
        "Got an offer from Quorvo for the AI role, and the 401(k) match amount", QUORVO[1:]
    )
    assert verdict == Verdict("none", "size-not-stated", ("the 401(k) match amount",))
    assert refusal_lead(verdict)[0].startswith("The field guide doesn't state that figure")
    # beside a real ask, the answer covers the rest
    verdict = checker().check("quorvo senior ai engineer: is it hybrid, and the 401(k) match amount", QUORVO)
    assert verdict == Verdict("partial", "size-not-stated", ("the 401(k) match amount",))
    # "how generous the match is" asks the amount itself
    question = "Got an offer from Quorvo for the AI role and want to know how generous the 401(k) match is"
    assert checker().check(question, QUORVO[1:]) == Verdict("none", "figure-not-stated", (question,))


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("Is there a number for the performance-based bonuses, like a target percentage", ("bonus",)),
        ("is there a number for the performance bonuses at veltro", ("bonus",)),
        ("any figure on the 401k match", ("401k", "401", "match")),
        ("Is there a number for the interview rounds", ()),
        ("Is there a number for the bonuses and the match", ()),
    ],
)
def test_a_number_asked_for_a_thing_that_comes_in_amounts(part, thing):
    assert thing_size(part) == thing


def test_bonuses_come_in_amounts_as_a_bonus_does():
    assert amounted("performance bonuses") == ("bonus",)
    assert amounted("a yearly bonus") == ("bonu",)


def test_the_bonus_number_asked_of_an_employer_who_states_none_is_refused():
    question = (
        "I'm weighing an offer from Veltro. Is there a number for the performance bonuses, like a target %?"
    )
    assert checker().check(question, [VELTRO]) == Verdict(
        "none", "figure-not-stated", ("Is there a number for the performance bonuses, like a target %",)
    )


def test_a_pay_noun_alone_after_another_ask_asks_the_amount():
    assert bare_pay("veltro ml engineer leeds - office days and salary in £") == ["salary in £"]
    assert bare_pay("veltro ml engineer leeds - office days and pay range") == ["pay range"]
    assert bare_pay("remote work and salary") == []  # no job named: a topic, not a posting's figure
    assert bare_pay("veltro ml engineer - salary and office days") == []  # the first ask is the terse pay
    asks = money_asks("veltro ml engineer leeds - office days and salary in £")
    assert asks == [FigureAsk("salary in £", ("veltro", "ml", "engin", "leed", "offic"), True)]
    verdict = checker().check("veltro ml engineer leeds - office days and salary in £", [VELTRO])
    assert verdict == Verdict("partial", "figure-not-stated", ("salary in £",))


@pytest.mark.parametrize(
    "question",
    [
        "Im a data engineer, how long until I could move into AI engineering",
        "roughly how long until a data engineer could move into AI engineering",
    ],
)
def test_an_apostrophe_left_out_or_a_hedge_on_the_figure_is_no_word_asked_about(question):
    page = chunk(
        7, "page", "Timeline", "Not long: a data engineer could move into AI engineering after 3-4 months."
    )
    c = AnswerabilityChecker(
        BM25Index().fit([*PAGES, page]), unknown_idf=2.5, domain_page_df=1, page_similarity=lambda q: 0.6
    )
    assert c.check(question, [page]) == Verdict("full", "covered")


def test_the_average_someone_is_compared_with_is_no_count_asked():
    assert kind_asks("where am I stronger than the average switcher?") == []
    assert kind_asks("what's the average base for a senior switcher?")[0].kind == "count"


def test_a_fee_asked_for_the_interview_is_no_question_of_its_steps():
    assert not asks_interview_process(
        "quorvo dev - recruiter asked me to pay a fee for the interview, normal?"
    )
    assert asks_interview_process("quorvo dev - what happens in the interview?")
    assert asks_interview_process("quorvo lead ai engineer: tech screen format?")
    assert asks_interview_process("quorvo lead ai engineer: how long is the phone screening?")
    assert not asks_interview_process("quorvo lead ai engineer: screen reader support?")


def test_a_lower_case_short_name_opening_the_question_before_a_title_names_the_company():
    postings = [chunk(8, "posting", "AI Engineer at Quorvo Analytics", "Build agents.", "Quorvo Analytics")]
    catalog = catalog_for(BM25Index().fit([*postings, *PAGES]))
    assert [c.name for c in catalog.companies_in("quorvo ai engineer hiring process?")] == [
        "Quorvo Analytics"
    ]
    assert catalog.companies_in("which ai engineer roles does quorvo list") == []


def test_a_name_opening_the_question_a_word_or_two_before_a_title_is_written_as_an_employers():
    assert written("Velt Bank", "velt bank gcp ai engineer parental leave - how many weeks")
    assert not written("Velt Bank", "velt bank parental leave - how many weeks")


@pytest.mark.parametrize(
    ("question", "pays"),
    [
        ("veltro ml engineer leeds - office days + ctc", ["ctc"]),
        ("veltro ml engineer leeds - can I be fully remote? also base pay", ["also base pay"]),
        ("veltro ml engineer leeds - how much vacation and whats the monthly pay", ["whats the monthly pay"]),
        ("veltro ml engineer leeds - can I be fully remote? also the team", []),
    ],
)
def test_a_later_pay_ask_typed_tersely_asks_the_amount(question, pays):
    assert [a.part for a in money_asks(question)] == pays


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        ("quorvo 401k - do they match and how much", ("401k", "401")),
        ("what's the yearly cap on education reimbursement at quorvo", ("reimburs",)),
        ("quorvo tuition assistance amount for the java role", ("assist",)),
        ("They mention learning reimbursement - is there a yearly cap or figure anywhere", ("reimburs",)),
        ("quorvo 401k - do they match and who runs it", ()),
    ],
)
def test_more_ways_to_ask_the_size_of_a_thing(part, thing):
    assert thing_size(part) == thing


def test_a_bare_how_much_asks_of_the_part_before_it_and_a_remark_that_asks_is_a_part():
    assert parts("quorvo 401k - do they match and how much") == ["quorvo 401k - do they match and how much"]
    assert parts("quorvo 401k - do they match, and how much is the base") == [
        "quorvo 401k - do they match",
        "how much is the base",
    ]
    question = "Considering Quorvo. They mention learning reimbursement - is there a yearly cap?"
    assert parts(question) == ["They mention learning reimbursement - is there a yearly cap"]
    assert parts("Quorvo pays well? they say competitive") == ["Quorvo pays well"]


@pytest.mark.parametrize(
    ("word", "text", "found"),
    [
        ("AIE", "An AI engineer ships products.", True),
        ("wfh", "The role is fully remote.", True),
        ("ctc", "Salary: 20 LPA.", True),
        ("hyd", "Location: Hyderabad, India.", True),
        ("wfh", "The role is in the office.", False),
    ],
)
def test_job_seekers_abbreviations_are_written_out(word, text, found):
    assert equivalent(word, [chunk(9, "posting", "AI Engineer at Quorvo", text, "Quorvo")]) is found


@pytest.mark.parametrize(
    ("part", "thing"),
    [
        (
            "Hi, I'm at the Quorvo opening - how much does the employer match on the 401K",
            ("match", "401k", "401"),
        ),
        (
            "quorvo's job says 401k match, but how much do they match on my contributions",
            ("match", "contribut"),
        ),
        ("How much tuition reimbursement would Quorvo give me as an AI engineer", ("reimburs",)),
        ("What's the bonus target at Quorvo for the senior AI engineer role, as a % of base", ("bonu",)),
        ("how much of the job is RAG", ()),
        ("how much does the employer match on the 401K and what is the base", ()),
    ],
)
def test_how_much_of_a_thing_that_comes_in_amounts_asks_its_size(part, thing):
    assert thing_size(part) == thing
