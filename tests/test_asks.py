"""A question's asks for the size of a thing (rag/answer/asks.py): a figure must stand beside the thing,
and an ask no passage states is named as the part an answer does not cover, offline and with the
scripted LLM (the check runs before the model, which is told what no source states)."""

from dataclasses import replace

import pytest

from evals.openai_stub import stream
from rag.answer.answerability import Verdict
from rag.answer.asks import SizeAsk, question_asks, size_asks
from rag.answer.employer_asks import employer_asks, unstated_sizes
from rag.answer.pipeline import Answerer
from rag.answer.stated import states_size
from rag.records import Chunk
from tests.answer_helpers import answerer_without_threshold

HARBORLIGHT = "Harborlight Analytics applied AI engineer: pay range and bonus size?"
TINDERBOX = "What does the Tinderbox Health AI engineer role pay, and how big is the equity grant?"
NOTE = "; the answer above covers only the rest of the question.*"


def answerer(deps, server=None) -> Answerer:
    return answerer_without_threshold(deps, server.base_url if server else None)


@pytest.mark.parametrize(
    ("sentence", "thing", "states"),
    [
        ("A 15% annual bonus is paid each March.", ("bonu",), True),
        ("Bonus: 10% of base salary.", ("bonu",), True),
        ("We match 4% of salary into the 401(k).", ("match", "401"), True),
        # a figure for something else, parted from the thing by a clause or an addition
        ("The pay range is 140,000-200,000 USD/Year, plus an annual bonus.", ("bonu",), False),
        ("Base compensation is $185K – $240K plus equity, with relocation.", ("equiti",), False),
        ("| Senior | $250K-$400K + equity |", ("equiti",), False),
        ("The salary is $120,000, and a bonus is possible.", ("bonu",), False),
        # the thing's own digits and a year state no size
        ("The 401(k) plan has matching contributions.", ("match", "401"), False),
        ("Founded in 2019, the equity pool is large.", ("equiti",), False),
    ],
)
def test_a_size_is_stated_only_beside_the_thing(sentence, thing, states):
    assert states_size(sentence, thing) is states


def test_a_question_splits_into_asks_and_its_size_asks_name_the_thing():
    assert question_asks("Cobaltline voice agents engineer: salary, office days, plus equity amount?") == [
        "Cobaltline voice agents engineer: salary",
        "office days",
        "equity amount",
    ]
    assert size_asks(HARBORLIGHT) == [SizeAsk("bonus size", ("bonu",))]
    assert size_asks("What skills matter, and how generous is the commission on top?") == [
        SizeAsk("how generous is the commission on top", ("commiss", "top"))
    ]
    # how far, or a quantity a level answers: no size asked
    assert size_asks("What does the role involve, and how much is product sense expected of me?") == []
    assert size_asks("What does the role involve, and how much experience do they want?") == []
    assert size_asks("What does the role involve, and how much of the job is evaluation?") == []
    # amounts of pay and counts have their own checks
    assert size_asks("What does the role pay, and how many rounds are there?") == []


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        (
            "Larkspur Media engineer: salary and the size of the bonus?",
            [SizeAsk("the size of the bonus", ("bonu",))],
        ),
        # "401K" is the passages' "401(k)": its own digits, and the match
        (
            "Larkspur Media engineer: pay, and what's the 401K match?",
            [SizeAsk("what's the 401K match", ("401k", "401", "match"))],
        ),
        (
            "Larkspur Media engineer: pay and their 401(k) match?",
            [SizeAsk("their 401(k) match", ("401", "match"))],
        ),
        # a bare "how much" asks a degree or a level as often as a size; no determiner: which things match
        ("Larkspur Media engineer: pay and how much experience?", []),
        ("Larkspur Media engineer: salary, and how much stock?", []),
        ("What does the role involve, and how much do they match?", []),
        ("What skills matter and which jobs match?", []),
        # "the value of" asks what something is worth, not its size
        ("Which vector databases should I learn, and what's the value of learning them?", []),
        ("What does the role pay, and how much of it is bonus?", []),
    ],
)
def test_the_size_of_a_thing_and_a_match_ask_for_a_size(question, asks):
    assert size_asks(question) == asks


def posting(text: str) -> Chunk:
    return Chunk("c", "d", "posting", "Engineer at Larkspur Media", "Overview", "u", ["p.yaml"], text, text)


def test_only_a_question_of_several_asks_is_answered_in_part():
    passages = [posting("The salary is $120,000, and a bonus is possible.")]
    assert unstated_sizes("How big is the bonus?", passages) == ()
    assert unstated_sizes("Salary, and how big is the bonus?", passages) == ()  # a pay component: figures.py
    assert unstated_sizes("Salary and bonus size?", passages) == ("bonus size",)
    assert unstated_sizes("Salary, bonus size?", [*passages, posting("A 9% bonus.")]) == ()
    match = [posting("Benefits include a 401(k) matching program.")]
    assert unstated_sizes("Salary, and what's the 401K match?", match) == ("what's the 401K match",)
    assert unstated_sizes("Salary, and what's the 401K match?", [posting("A 401(k) with a 6% match.")]) == ()
    assert unstated_sizes("Salary, and what's the 401K match?", [posting("A 401k match.")]) == (
        "what's the 401K match",
    )
    assert (
        unstated_sizes("Salary, and how much stock?", [posting("Stock: 1,200 RSUs over four years.")]) == ()
    )


def test_a_posting_mentioning_a_bonus_without_its_size_answers_in_part(answer_deps):
    deps = answer_deps
    a = answerer(deps)
    passages = [h.chunk for h in deps.retriever.retrieve(HARBORLIGHT, k=8)]
    assert a.answerability.check(HARBORLIGHT, passages) == Verdict(
        "partial", "size-not-stated", ("bonus size",)
    )
    answer = a.ask(HARBORLIGHT)
    assert (answer.refused, answer.coverage, answer.missing) == (False, "partial", ["bonus size"])
    assert "140,000-200,000 USD/Year" in answer.answer
    assert answer.answer.endswith("*The guide does not cover “bonus size”" + NOTE)


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        (TINDERBOX, "how big is the equity grant"),
        # a count asked beside the pay is checked too: the posting states no number of office days
        (
            "What does the Tinderbox Health AI engineer role pay, and how many days a week in the office?",
            "how many days a week in the office",
        ),
    ],
)
def test_an_amount_of_salary_is_no_size_of_the_equity_or_count_after_it(answer_deps, question, missing):
    # "a salary between $120,000 and $150,000 per year, meaningful equity, and a home office stipend"
    answer = answerer(answer_deps).ask(question)
    assert "We offer a salary between $120,000 and $150,000 per year" in answer.answer
    assert (answer.refused, answer.coverage, answer.missing) == (False, "partial", [missing])
    assert answer.answer.endswith(f"*The guide does not cover “{missing}”" + NOTE)


def test_the_llm_is_told_what_no_source_states_and_its_answer_names_it(answer_deps, server):
    server.push(stream(["The range is 140,000-200,000 USD/Year [1]."]))
    answer = answerer(answer_deps, server).ask(HARBORLIGHT)
    question = server.requests[0]["messages"][-1]["content"]
    assert question.endswith(
        "(Checked before you answer: no source states “bonus size”. Do not give a figure or detail for it; "
        "answer the rest and name it as not covered.)"
    )
    assert (answer.mode, answer.coverage, answer.missing, len(server.requests)) == (
        "llm",
        "partial",
        ["bonus size"],
        1,
    )
    assert answer.answer == (
        "The range is 140,000-200,000 USD/Year [1].\n\n*The guide does not cover “bonus size”" + NOTE
    )


@pytest.mark.parametrize(
    ("question", "sized", "whether"),
    [
        ("Larkspur Media engineer: salary, and how much stock?", [SizeAsk("how much stock", ("stock",))], []),
        (
            "Larkspur Media engineer: base, and how much commission on top?",
            [SizeAsk("how much commission on top", ("commiss",))],
            [],
        ),
        (
            "Larkspur Media engineer: salary, and is there a bonus on top?",
            [],
            [SizeAsk("is there a bonus on top", ("bonu",))],
        ),
        ("Larkspur Media engineer - pay range and bonus?", [], [SizeAsk("bonus", ("bonu",))]),
        # a part of something, a size ask of its own, a question word, the first ask: none of these
        ("Larkspur Media engineer: pay, and how much of it is bonus?", [], []),
        ("Larkspur Media engineer: pay range and bonus size?", [], []),
        ("Larkspur Media engineer: pay, and what skills?", [], []),
        # two words are a user's own phrase for what postings say otherwise ("work setup": "hybrid")
        ("Larkspur Media engineer: base salary and work setup?", [], []),
        ("Is there a bonus at Larkspur Media, and what's the pay?", [], []),
    ],
)
def test_a_named_employer_is_asked_how_much_of_a_thing_or_whether_it_comes(question, sized, whether):
    assert employer_asks(question) == (sized, whether)


def larkspur(text: str) -> Chunk:
    return replace(posting(text), metadata={"company": "Larkspur Media"})


def test_the_employer_postings_mention_the_thing_or_state_its_size():
    own = [larkspur("The salary is $120,000.")]
    plan = [larkspur("Generous employee stock purchase plan and an annual bonus.")]
    names = ["Larkspur Media"]
    stock = "Larkspur Media engineer: salary, and how much stock?"
    assert unstated_sizes(stock, own, names, plan) == ("how much stock",)
    assert unstated_sizes(stock, own, names, [larkspur("Stock: 1,200 RSUs over four years.")]) == ()
    # a bare "how much" is read only of a named employer's postings
    assert unstated_sizes(stock, own) == ()
    bonus = "Larkspur Media engineer: salary, and is there a bonus on top?"
    assert unstated_sizes(bonus, own, names, plan) == ()  # mentioned: whether it comes is answered
    assert unstated_sizes(bonus, own, names, own) == ("is there a bonus on top",)
    signing = "Larkspur Media engineer: salary, and is there a sign-on bonus?"
    assert unstated_sizes(signing, own, names, plan) == ("is there a sign-on bonus",)


def test_a_thing_the_posting_never_mentions_is_named_as_not_covered(answer_deps):
    question = "Harborlight Analytics applied AI engineer: pay range, and is there a stock grant?"
    answer = answerer(answer_deps).ask(question)
    assert (answer.refused, answer.coverage, answer.missing) == (
        False,
        "partial",
        ["is there a stock grant"],
    )
    assert "140,000-200,000 USD/Year" in answer.answer
    assert answer.answer.endswith("*The guide does not cover “is there a stock grant”" + NOTE)
    # the posting mentions an annual bonus: whether there is one is answered
    covered = answerer(answer_deps).ask(question.replace("a stock grant", "a bonus"))
    assert (covered.refused, covered.coverage, covered.missing) == (False, "full", [])
    # a word the passages lack is named by the ask it lies in
    equity = answerer(answer_deps).ask(question.replace("a stock grant", "equity"))
    assert (equity.refused, equity.coverage, equity.missing) == (False, "partial", ["is there equity"])
