"""Round six of the answerability check: what a figure is about (every figure part, the counted word,
a share's population, the names a part writes, table rows under their header), pronouns and low
relevance scores, a law named as "the X Act", and attributes of the job data's companies that no
column records. Each rule: a question it refuses (or
answers in part), and an answerable neighbour it leaves alone."""

import pytest

from rag.answer.answerability import AnswerabilityChecker, Verdict
from rag.answer.figure_kinds import kind_asks, kind_cover, money_ask
from rag.answer.figures import FigureAsk, figure_cover
from rag.answer.pipeline import Answerer
from rag.answer.policy import PolicyAsk, policy_ask, policy_cover
from rag.answer.question_names import subjects
from rag.answer.stated import amount_cover
from rag.market.desk import MarketDesk
from rag.market.unrecorded import unrecorded
from rag.records import Chunk
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)

ONE = lambda s: 1.0  # noqa: E731
DATES = ("2026-01-29", "2026-03-12")


def chunk(text: str, title: str = "Notes", section: str = "") -> Chunk:
    return Chunk("c1", "d1", "page", title, section, "https://example.org/n", ["n.md"], text, text, {})


def test_every_figure_part_is_asked_and_a_pronoun_takes_the_questions_words():
    first, second = kind_asks(
        "Quillbyte's Relay Gateway: how many use cases run on it, and how many tokens a month?"
    )
    assert (first.kind, first.unit, second.kind, second.unit) == ("count", "use", "count", "token")
    assert first.subjects == (frozenset({"quillbyt"}), frozenset({"relay", "gateway"}))
    # "how long does it take": the part names nothing, so the figure is about the question's words
    (ask,) = kind_asks("Quillbyte data engineer - what are the rounds, and how long does it take?")
    assert (ask.part, ask.keys) == ("how long does it take", ("quillbyt", "data", "engin", "round", "take"))


def test_the_counted_word_covers_nothing_by_itself():
    (ask,) = kind_asks("How many members does the Orbit Guild community have?")
    assert (ask.unit, ask.keys, ask.subjects) == (
        "member",
        ("orbit", "guild", "commun"),
        (frozenset({"orbit", "guild"}),),
    )
    other = chunk("[Lantern Discord] - 200,000+ members, the largest community", "Awesome", "Communities")
    own = chunk("The Orbit Guild community has 12,000 members.", "Awesome", "Communities")
    assert (kind_cover(ask, [other], ONE), kind_cover(ask, [own], ONE)) == (0.0, 1.0)


def test_people_are_counted_by_a_number_of_members_not_by_any_number():
    (ask,) = kind_asks("is the lantern discord worth joining - how many people are there?")
    members = chunk("[Lantern Discord] - 200,000+ members, paper discussions")
    weeks = chunk("The Lantern Discord runs a 9-week course.")
    assert (kind_cover(ask, [members], ONE), kind_cover(ask, [weeks], ONE)) == (1.0, 0.0)


def test_a_share_of_a_population_is_stated_about_it():
    (ask,) = kind_asks("What percentage of candidates cheat in remote interviews?")
    rounds = chunk("In-person rounds rose from 24% to 38%, driven by cheating in remote interviews.")
    stated = chunk("About 15% of candidates cheat in remote interviews.")
    assert ask.unit == "candid"
    assert (kind_cover(ask, [rounds], ONE), kind_cover(ask, [stated], ONE)) == (0.0, 1.0)


def test_names_a_part_writes():
    assert subjects("How many members does the AI Shipping Crew have") == (frozenset({"ship", "crew"}),)
    assert subjects("how many hours a week do AI engineers work") == ()  # "AI" names nothing


def test_an_amount_whose_part_names_nothing_is_about_the_question():
    question = "Quillbyte data engineer: what are the interview stages, and what's the salary?"
    assert figure_cover(money_ask(question), [chunk("Interns earn $40k a year.")], ONE) < 0.4
    assert money_ask(question) == FigureAsk(
        "what's the salary", ("quillbyt", "data", "engin", "interview", "stage"), True
    )
    assert money_ask("What does Quillbyte pay?").keys == ("quillbyt",)  # its own words: unchanged


def test_a_table_row_states_an_amount_under_its_header():
    ask = money_ask("new grad data engineer: what total comp should I expect at big tech?")
    table = chunk(
        "Compensation ranges:\n\n| Level | Big Tech Total Comp | Startup Range |\n|---|---|---|\n"
        "| New Grad | $150K-$250K | $120K-$200K |\n| Senior | $300K-$450K | $200K-$300K |\n"
    )
    assert figure_cover(ask, [table], ONE) == 0.0  # the row alone has no pay word
    # the row with its header holds new, grad, total, big, tech of the part's nine words
    assert amount_cover(ask, [table], ONE) == 5 / 9
    assert amount_cover(ask, [chunk("Seniors earn $300K at big tech.")], ONE) == 2 / 9


def test_a_named_law_is_addressed_only_by_a_sentence_naming_it():
    ask = policy_ask("What does the EU AI Act require from data engineers?")
    assert ask == PolicyAsk("law", "What does the EU AI Act require from data engineers", "EU AI Act",
                            ("requir", "data", "engin"), False)  # fmt: skip
    compliance = chunk("Data engineers own compliance and the regulations their pipelines require.")
    named = chunk("The EU AI Act requires data engineers to log the training data they use.")
    assert (policy_cover(ask, [compliance], ONE), policy_cover(ask, [named], ONE)) == (0.0, 1.0)
    assert policy_ask("How do data engineers act on eval results?") is None  # a verb, not a law


@pytest.fixture(scope="module")
def checker(answer_deps) -> AnswerabilityChecker:
    a = Answerer(answer_deps, None, answer_deps.settings.model_copy(update={"refusal_threshold": 0.0}))
    return AnswerabilityChecker(answer_deps.index.bm25, a.relevance.unknown, refusal_threshold=0.35)


def test_pronouns_are_never_missing_content(checker):
    passages = [chunk("Data engineers move into AI engineering by owning evals.")]
    assert checker.check(
        "Does a data engineer himself move into AI engineering by owning evals?", passages
    ) == (Verdict("full", "covered"))


@pytest.fixture(scope="module")
def desk(engine):  # noqa: F811
    return MarketDesk(engine)


@pytest.mark.parametrize(
    "question, market, gap",
    [
        ("What annual revenue do the companies behind these AI postings make?", False, "annual revenue"),
        ("In what year was each company in the job data founded?", False, "founded"),
        ("How many of the AI engineer postings offer a four-day work week?", True, "four-day work week"),
        # neighbours: a recorded field, a count of everything, a name, a figure the router computes
        ("Which countries are the companies in the job data headquartered in?", False, None),
        ("How many AI engineer postings are there?", True, None),
        ("how many AI jobs did GEICO have in the dataset?", True, None),
        ("How many of the AI engineer postings are full-time?", True, None),
        ("Which companies in the job data post the most AI engineer jobs?", True, None),
    ],
)  # fmt: skip
def test_an_attribute_of_the_datas_companies_or_an_unparsed_count(desk, question, market, gap):
    ex = desk.router.extractor.extract(question)
    assert unrecorded(question, ex, *DATES, market) == gap


def test_a_second_figure_no_passage_states_makes_the_answer_partial(checker):
    question = "How many rounds does Quillbyte run, and how many tokens does its gateway process?"
    passages = [
        chunk("Quillbyte runs 4 rounds. Its gateway serves every team.", "Quillbyte interview process")
    ]
    assert checker.check(question, passages) == Verdict(
        "partial", "count-not-stated", ("how many tokens does its gateway process",)
    )
    # a figure about a named employer is stated beside its name (or in its own posting)
    stated = chunk("Quillbyte runs 4 rounds. The Quillbyte gateway processes 2 billion tokens.")
    assert checker.check(question, [stated]) == Verdict("full", "covered")
