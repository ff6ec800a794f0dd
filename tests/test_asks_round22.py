"""Round twenty-two of the amount and size asks, read from near-domain misses and invented variants: the
amount asked as "what's the amount", "the real range", "the base pay number", tersely after a job title
("… engineer salary", "- how much", "whats the base") or as a request ("tell me the pay for …"); a
remark after the question ("they only say competitive") and a premise before it ("X gives a bonus,
right?") are no parts; "401k" is no amount; a named employer's pay is stated only in its own passages or
beside its name; "do they give any stock options" asks whether the job comes with the thing; a share
asked of a named employer is read in its whole postings too; "+" and "&" join asks; "what was the … rate"
asks a share. Exact parts and verdicts, with the neighbours left alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.asks import question_asks
from rag.answer.employer_asks import employer_asks, unstated_sizes
from rag.answer.figure_kinds import kind_asks, money_asks
from rag.answer.figures import FigureAsk, figure_ask
from rag.answer.interviews import written
from rag.answer.question_words import parts
from rag.answer.stated import amount_cover
from rag.index.bm25 import BM25Index
from tests.test_answerability_round10 import chunk


@pytest.mark.parametrize(
    "question, part",
    [
        ("nansen AI engineer - 'competitive salary' sounds nice but what's the real range?",
         "nansen AI engineer - 'competitive salary' sounds nice but what's the real range"),
        ("humata staff engineer - I want the actual base pay number before I apply",
         "humata staff engineer - I want the actual base pay number before I apply"),
        ("what's the amount?", "what's the amount"),
        # a number of something, the asker's own number, or a range of skills: no amount asked
        ("what's the number of rounds at Quorvo?", None),
        ("what's the number one problem AI engineers solve?", None),
        ("recruiter keeps pushing me for a salary number on the first call, what do i do", None),
        ("what is the range of skills they want?", None),
    ],
)  # fmt: skip
def test_an_amount_asked_in_other_words(question, part):
    ask = figure_ask(question)
    assert (ask.part if ask else None) == part


def test_what_s_the_amount_is_about_what_the_question_names():
    question = "yuno gives a one-time home office bonus to remote people, right? what's the amount?"
    assert parts(question) == ["what's the amount"]
    assert money_asks(question) == [
        FigureAsk("what's the amount", ("yuno", "give", "one", "home", "offic", "bonu", "remot", "right"),
                  False)
    ]  # fmt: skip


@pytest.mark.parametrize(
    "question, expected",
    [
        ("freed ML engineer - what's the salary band? they only say competitive",
         ["freed ML engineer - what's the salary band"]),
        ("what's the salary band? it just says DOE", ["what's the salary band"]),
        # a second question, or a remark opening the question, stays a part
        ("what's the salary band? they say competitive, is that normal",
         ["what's the salary band", "they say competitive, is that normal"]),
        ("they only say competitive - what's the salary band?",
         ["they only say competitive - what's the salary band"]),
        ("Acme gives a bonus, right?", ["Acme gives a bonus, right"]),
    ],
)  # fmt: skip
def test_a_remark_or_a_premise_is_no_part(question, expected):
    assert parts(question) == expected


def test_401k_is_no_amount_and_a_named_employers_pay_is_its_own():
    benefits = chunk(
        1, "posting", "AI Engineer at Humata", "Full benefits package and a 401k program.", "Humata"
    )
    page = chunk(2, "page", "Offers", "A staff AI engineer base salary is $250,000 at big tech.")
    ask = figure_ask("Humata staff AI engineer - what's the base salary?")
    assert amount_cover(ask, [benefits], lambda s: 1.0, ["Humata"]) == 0.0
    # another page's amount answers the employer's pay only when it names the employer
    assert amount_cover(ask, [benefits, page], lambda s: 1.0, ["Humata"]) == 0.0
    assert amount_cover(ask, [benefits, page], lambda s: 1.0) > 0.4
    named = chunk(3, "page", "Offers", "At Humata a staff AI engineer base salary is $250,000.")
    assert amount_cover(ask, [benefits, named], lambda s: 1.0, ["Humata"]) > 0.4


def test_do_they_give_any_stock_options_asks_whether_the_job_comes_with_them():
    posting = chunk(
        1, "posting", "AI Engineer at Firmo", "Salary $135,000 to $162,000. Health cover.", "Firmo"
    )
    question = "firmo software engineer - what's the pay range and do they give any stock options?"
    assert written("Firmo", question)
    assert employer_asks(question)[1][0].ask == "do they give any stock options"
    assert unstated_sizes(question, [posting], ["Firmo"], [posting]) == ("do they give any stock options",)
    with_stock = chunk(
        2, "posting", "AI Engineer at Firmo", "Salary $135,000. Stock options for all.", "Firmo"
    )
    assert unstated_sizes(question, [with_stock], ["Firmo"], [with_stock]) == ()


def test_a_share_asked_of_a_named_employer_is_read_in_its_whole_postings():
    pay = chunk(1, "posting", "AI Engineer at Quorvo", "Salary: $120,000-$150,000 per year.", "Quorvo")
    pay = pay.__class__(**{**pay.__dict__, "doc_id": "posting:1"})
    text = "401(k) with company match. Dental."
    benefits = pay.__class__(**{**pay.__dict__, "id": "c1b", "text": text, "embed_text": text})
    # a guide page writes "401k match", so the lexical check takes the words as everyday ones
    other = chunk(3, "page", "Benefits", "A 401k match of 4% is common at big tech.")
    index = BM25Index().fit([pay, benefits, other])
    checker = AnswerabilityChecker(index, unknown_idf=5.0, domain_page_df=1, everyday_page_df=1)
    question = "Quorvo AI engineer: salary, and what % is the 401k match?"
    assert checker.check(question, [pay]) == Verdict(
        "partial", "share-not-stated", ("what % is the 401k match",)
    )


@pytest.mark.parametrize(
    "question, asked",
    [
        ("censia full stack engineer salary", True),
        ("tell me the pay for the censia full-stack AI/LLM role", True),
        ("censia fullstack node react ai role - how much", True),
        ("nebius sre ai studio - whats the base", True),
        # advice on pay, a base model, a skill that pays: no amount asked
        ("how do I negotiate salary", False),
        ("what's the base model they use", False),
        ("which data engineer skills pay", False),
    ],
)
def test_a_terse_pay_ask(question, asked):
    assert (figure_ask(question) is not None) is asked


def test_plus_and_ampersand_join_asks():
    assert question_asks("starr AI engineer salary + bonus?") == ["starr AI engineer salary", "bonus"]
    assert question_asks("harness AI engineer: base range & equity %") == [
        "harness AI engineer: base range",
        "equity %",
    ]
    assert question_asks("R&D AI engineer salary?") == ["R&D AI engineer salary"]


def test_a_rate_asked_in_the_past_is_a_share():
    assert [a.kind for a in kind_asks("what was the acceptance rate for Quorvo's take-home?")] == ["share"]
    assert kind_asks("what was the Quorvo take-home about?") == []
