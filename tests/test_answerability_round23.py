"""Round twenty-three of the answerability check, read from near_domain20, unseen21 and invented
variants: what some employers have, asked with the thing first ("a meditation room at work - which
companies") or with any verb ("companies that assign a buddy"), named as the question writes it; the
asker's situation told beside the question is no part of it; a terse list after the pay asks each
thing's figure ("VP salary, vacation days"); "&" splits asks only after a figure's word; a match asked
with a verb ("how much do they match on the 401(k)") and a component's size named as such ("what
grant size") need a figure beside the thing; missing words that carry the question away from the guide
refuse it; the people hired at a clause's end and each of "a court reporter / stenographer" are
professions asked about; "JetBrains'" is the employer's possessive. Invented corpus, exact verdicts,
with the neighbours each rule leaves alone."""

import numpy as np
import pytest

from rag.answer.answerability import TOPIC_PULL, AnswerabilityChecker, Verdict
from rag.answer.asks import SizeAsk, question_asks, size_asks
from rag.answer.employer_asks import unstated_sizes
from rag.answer.figure_kinds import money_asks
from rag.answer.figures import figure_ask
from rag.answer.interviews import as_employer, asks_interview_process
from rag.answer.own_passages import employer_acts
from rag.answer.policy import listed_terms, policy_or_rule_ask
from rag.answer.question_words import listed_after_pay, parts, situations
from rag.answer.role_scope import role_phrases
from rag.answer.set_asks import some_have
from rag.answer.verdict import question_terms
from rag.answer.word_cover import WordVectors
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk

PAGES = [
    chunk(1, "page", "Offices", "Most AI companies run an office with a kitchen; some pay for a gym."),
    chunk(2, "page", "Learning plan", "A beginner plan: learn Python first, then build a small RAG app."),
    chunk(
        3,
        "page",
        "Take-homes",
        "Take-home tasks ask for a RAG app with tests and a short write-up. Offers may add RSUs.",
    ),
    chunk(6, "page", "First weeks", "Starting work at a new job: give it a few weeks."),
]
POSTINGS = [
    chunk(
        4,
        "posting",
        "AI Engineer at Quorvo",
        "Salary: $150,000-$180,000. 401(k) program with employer match. Tuition assistance.",
        "Quorvo",
    ),
    chunk(
        5,
        "posting",
        "ML Engineer at Veltro",
        "Base pay $120K-$140K. Annual bonus of 10% of base. A meditation app.",
        "Veltro",
    ),
]


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("meditation room at work - which companies", "meditation room"),
        ("give me companies that assign an onboarding buddy to new hires", "onboarding buddy"),
        ("dry cleaning service as a perk, any ai company do that", "dry cleaning service"),
        ("Gym membership: which employers offer one?", "Gym membership"),
        ("does anyone give a bike-to-work scheme - which ai companies", "bike-to-work scheme"),
        # a question before the dash, or the holders doing something of their own: no thing they have
        ("what is RAG - which companies", None),
        ("give me companies that are hiring in Berlin", None),
    ],
)
def test_the_thing_first_or_any_verb_after_that_is_a_set_ask(question, thing):
    assert some_have(question) == thing


def test_a_thing_some_employers_have_is_named_as_the_question_writes_it():
    checker = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *POSTINGS]), unknown_idf=5.0, domain_page_df=1, page_similarity=lambda q: 0.6
    )
    assert checker.check("meditation room at work - which companies", [PAGES[0], PAGES[3]]) == Verdict(
        "none", "missing-terms", ("meditation room",)
    )


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "Quorvo AI engineer 401k - what percentage do they match? I'm comparing two offers.",
            ["Quorvo AI engineer 401k - what percentage do they match"],
        ),
        # the situation still asks something: a part
        (
            "how many postings want React? I'm a backend dev wondering whether I need it",
            ["how many postings want React", "I'm a backend dev wondering whether I need it"],
        ),
        # told alone, the situation stays
        ("I want to move to AI. I have 5 years in Java", ["I want to move to AI. I have 5 years in Java"]),
    ],
)
def test_the_askers_situation_is_no_part(question, asked):
    assert parts(question) == asked


@pytest.mark.parametrize(
    ("part", "listed"),
    [
        ("quorvo AI engineer salary, vacation days", ["vacation days"]),
        ("quorvo AI engineer - salary, pto days and 401k match", ["pto days", "401k match"]),
        # "and" or a question mark after the pay: no terse list
        ("quorvo AI engineer: pay, and any stock options", []),
        ("what is the pay", []),
    ],
)
def test_the_things_listed_after_the_pay(part, listed):
    assert listed_after_pay(part) == listed


@pytest.mark.parametrize(
    ("question", "asks", "sizes"),
    [
        (
            "quorvo ai engineer pay, tuition assistance",
            ["quorvo ai engineer pay", "tuition assistance"],
            [SizeAsk("tuition assistance", ("tuition", "assist"))],
        ),
        (
            "cushman & wakefield ai lead pay bonus",
            ["cushman & wakefield ai lead pay", "bonus"],
            [SizeAsk("bonus", ("bonu",))],
        ),
        ("X base range & equity %", ["X base range", "equity %"], [SizeAsk("equity %", ("equiti",))]),
        # not a thing that comes in amounts or days, or asked whether it comes: no figure asked
        ("Quorvo ML engineer: salary, remote?", ["Quorvo ML engineer: salary", "remote"], []),
        (
            "quorvo ai engineer - salary range? any equity?",
            ["quorvo ai engineer - salary range", "any equity"],
            [],
        ),
        ("quorvo ai engineer - base salary and bonus?", ["quorvo ai engineer - base salary", "bonus"], []),
        (
            "Quorvo AI engineer: starting pay, and how much do they match on the 401(k)?",
            ["Quorvo AI engineer: starting pay", "how much do they match on the 401(k)"],
            [SizeAsk("how much do they match on the 401(k)", ("match", "401"))],
        ),
    ],
)
def test_a_terse_list_after_the_pay_asks_each_things_figure(question, asks, sizes):
    assert question_asks(question) == asks
    assert size_asks(question) == sizes


def test_a_match_asked_with_a_verb_and_a_tuition_amount_need_a_figure_beside_the_thing():
    checker = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *POSTINGS]), unknown_idf=5.0, domain_page_df=1, page_similarity=lambda q: 0.6
    )
    match = "Quorvo AI engineer: starting pay, and how much do they match on the 401(k)?"
    verdict = checker.check(match, [POSTINGS[0], PAGES[3]])
    assert (verdict.coverage, verdict.missing) == ("partial", ("how much do they match on the 401(k)",))
    assert checker.check("Quorvo AI engineer pay, tuition assistance", POSTINGS[:1]) == Verdict(
        "partial", "size-not-stated", ("tuition assistance",)
    )
    # a bonus stated as a share of base is a figure beside it
    assert checker.check("Veltro ML engineer pay bonus", POSTINGS[1:]) == Verdict("full", "covered")


def test_a_components_size_named_as_such_is_an_amount_asked():
    (ask,) = money_asks("Quorvo AI engineer, pre-IPO equity: roughly what grant size would I get")
    assert ask.part == "Quorvo AI engineer, pre-IPO equity: roughly what grant size would I get"
    assert money_asks("what size of team do AI engineers work in?") == []


def test_missing_words_that_carry_the_question_away_from_the_guide_refuse_it():
    def similarity(question: str) -> float:  # nearer the learning page without "skateboarding"
        return 0.30 if "skateboarding" in question else 0.30 + TOPIC_PULL

    bm25 = BM25Index().fit([*PAGES, *POSTINGS])
    checker = AnswerabilityChecker(bm25, unknown_idf=5.0, domain_page_df=1, page_similarity=similarity)
    question = "give me a beginner plan to learn skateboarding"
    assert checker.check(question, PAGES[1::2]) == Verdict("none", "missing-terms", ("skateboarding",))
    # an everyday word that moves the question less is named, not refused
    near = AnswerabilityChecker(
        bm25,
        unknown_idf=5.0,
        domain_page_df=1,
        page_similarity=lambda q: 0.55 if "skateboarding" in q else 0.56,
    )
    assert near.check(question, PAGES[1::2]) == Verdict("partial", "missing-terms", ("skateboarding",))


@pytest.mark.parametrize(
    ("question", "roles"),
    [
        ("what do airlines look for when hiring flight attendants?", [("flight", "attendants")]),
        (
            "what does a court reporter / stenographer need to get certified?",
            [("court", "reporter"), ("stenographer",)],
        ),
        ("what do hiring managers look for in a portfolio?", []),
        ("which companies are hiring ML engineers in Berlin right now", []),
    ],
)
def test_the_people_hired_and_each_of_two_professions_are_asked_about(question, roles):
    assert role_phrases(question) == roles


def test_a_name_ending_in_s_with_a_bare_apostrophe_is_the_employers_possessive():
    question = "What's JetBrains' interview process like for their AI roles?"
    assert as_employer("JetBrains", question)
    assert not as_employer("JetBrains", "is knowing JetBrains IDEs enough for a take-home?")


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Quorvo senior AI engineer: salary, onsite days, and how many vacation days?", False),
        ("how many days onsite at Quorvo?", False),
        ("what happens in the onsite at Quorvo?", True),
        # beside its pay as India's postings state it (round thirty-one)
        ("quorvo ml eng: onsite? CTC?", False),
        ("quorvo ml eng: onsite? salary?", True),
    ],
)
def test_onsite_days_are_the_workplace_not_an_onsite_round(question, asks):
    assert asks_interview_process(question) is asks


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("quorvo ai software engineer ai/ml nyc salary", "quorvo ai software engineer ai/ml nyc salary"),
        ("quorvo senior full stack equity amount", "quorvo senior full stack equity amount"),
        (
            "How big is Quorvo.AI's professional development stipend for the staff ML engineer role?",
            "How big is Quorvo.AI's professional development stipend for the staff ML engineer role",
        ),
        (
            "quorvo monthly wellness reimbursement, how much",
            "quorvo monthly wellness reimbursement, how much",
        ),
    ],
)
def test_terse_amounts_after_a_title_or_a_thing_are_asked(question, part):
    assert [a.part for a in money_asks(question)] == [part]


def test_the_askers_situation_is_no_content_and_a_gerund_tells_one():
    assert parts(
        "Quorvo AI engineer, what percentage does the 401(k) match? Comparing it with another offer"
    ) == ["Quorvo AI engineer, what percentage does the 401(k) match"]
    question = (
        "Could you list what take-homes are marked on? I'd like to know before I submit mine on Friday."
    )
    assert situations(question) == ["I'd like to know before I submit mine on Friday"]
    assert situations("I'd like to know what they pay? I'm in Berlin") == ["I'm in Berlin"]


def test_missing_words_only_in_a_later_ask_leave_the_first_answered():
    # a low none_share: "RSUs" alone would refuse the question; only in a later ask, the pay is answered
    checker = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *POSTINGS]), unknown_idf=3.0, none_share=0.1, domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )  # fmt: skip
    later = "Veltro ML engineer: base pay, any RSUs?"
    assert checker.check(later, POSTINGS[1:]) == Verdict("partial", "missing-terms", ("RSUs",))
    alone = "Veltro ML engineer: any RSUs?"
    assert checker.check(alone, POSTINGS[1:]) == Verdict("none", "missing-terms", ("RSUs",))


def test_an_accented_word_is_one_term_as_typed():
    terms = question_terms("friskvårdsbidrag amount at swedish tech companies")
    assert [(t.stem, t.surface) for t in terms][:1] == [("rdsbidrag", "friskvårdsbidrag")]


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        (
            "Quorvo parental leave and pension matching",
            [("Quorvo parental leave", "parental leave", ("quorvo",))],
        ),
        (
            "Quorvo annual leave, sick leave and a gym",
            [("Quorvo annual leave", "annual leave", ("quorvo",)), ("sick leave", "sick leave", ("quorvo",))],
        ),
        # a question, not a list: one ask with every word
        (
            "can my employer cut my PTO and my pay?",
            [("can my employer cut my PTO and my pay", "PTO", ("employ", "cut", "pay"))],
        ),
    ],
)
def test_a_terse_list_of_contract_terms_is_asked_term_by_term(question, listed):
    ask = policy_or_rule_ask(question, True)
    assert [(a.part, a.term, a.keys) for a in listed_terms(ask)] == listed


def test_each_listed_term_is_covered_on_its_own():
    benefits = chunk(
        7, "posting", "AI Engineer at Quorvo", "Parental leave: 20 weeks at full pay. A gym.", "Quorvo"
    )
    checker = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *POSTINGS, benefits]), unknown_idf=5.0, domain_page_df=1,
        page_similarity=lambda q: 0.6,
    )  # fmt: skip
    question = "Quorvo parental leave, sick leave and a gym"
    assert checker.check(question, [benefits]) == Verdict("partial", "policy-not-stated", ("sick leave",))
    assert checker.check("Quorvo parental leave and a gym", [benefits]) == Verdict("full", "covered")


def test_a_named_employer_is_never_off_topic_by_distance_from_the_pages():
    far = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *POSTINGS]), unknown_idf=5.0, domain_page_df=1, page_similarity=lambda q: 0.1
    )
    assert far.check("Veltro base pay and annual bonus", POSTINGS[1:]) == Verdict("full", "covered")
    assert far.check("a beginner plan to learn RAG", PAGES[1:2]).reason == "off-topic"


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("quorvo ai/ml engineer (python) salary", True),
        ("quorvo senior ai engineer base pay number", True),
        ("which data engineer skills pay", False),  # a question word: no terse pay ask
    ],
)
def test_the_pay_typed_after_a_title_and_a_few_words(question, asked):
    assert (figure_ask(question) is not None) is asked


def test_a_thing_some_employers_have_with_a_word_no_chunk_has_is_refused():
    # word vectors that find every word expressed: "smoothie" is near the passage's "smoothly" in meaning,
    # but no chunk has it; "bar" is a word of the guide's pages (everyday_page_df=1), so not rare
    bar = chunk(8, "page", "Office life", "Startups run smoothly: a bar and a kitchen in most offices.")
    checker = AnswerabilityChecker(
        BM25Index().fit([*PAGES, *POSTINGS, bar]), unknown_idf=5.0, domain_page_df=1, everyday_page_df=1,
        page_similarity=lambda q: 0.6, word_vectors=WordVectors(lambda texts: np.ones((len(texts), 4))),
    )  # fmt: skip
    question = "smoothie bar in the office, which ai startups have one?"
    assert checker.check(question, [bar]) == Verdict("none", "missing-terms", ("smoothie bar",))
    assert checker.check("a kitchen in the office, which ai startups have one?", [bar]).coverage == "full"


@pytest.mark.parametrize(
    ("question", "word", "acts"),
    [
        ("greggs has an ai engineering team, right?", "greggs", True),
        ("does quorvo have an ML team in Berlin?", "quorvo", True),
        ("my manager has a big team", "manager", False),
    ],
)
def test_having_an_ai_team_is_an_employers_action(question, word, acts):
    start = question.index(word)
    assert employer_acts(question, start, start + len(word)) is acts


def test_whose_match_is_no_part_of_the_thing_sized():
    # "a company match" sizes the match: "a company of 180+ people" states no figure for it
    question = "Quorvo AI engineer - pay, and does the 401k come with a company match"
    (ask,) = size_asks(question)
    assert ask.thing == ("match",)
    studio = chunk(
        9,
        "posting",
        "AI Engineer at Quorvo",
        "Quorvo is a company of 180+ engineers. A retirement plan with a company match.",
        "Quorvo",
    )
    assert unstated_sizes(question, [studio], ["Quorvo"], [studio]) == (
        "does the 401k come with a company match",
    )
