"""A prose answer as one passage: the best section's consecutive sentences, a second source only
for the question terms it adds, a matching question heading's answer from its start."""

from rag.answer.context import Context, Source
from rag.answer.extractive import select_quotes
from rag.answer.passage import adding, best_run, prose_run
from rag.answer.sentences import split_units
from rag.index.text_tokens import tokenize
from rag.records import Chunk, Hit
from tests.fakes import FakeEmbedder

PAGE = (
    "Analysts make strong pipeline engineers. Their habit of checking numbers carries over. "
    "The gap is shipping code.\n\n"
    "Most teams hire analysts for dashboards. Pipeline work needs tests and reviews. "
    "Nobody minds the coffee.\n\n"
    "- Learn Git first\n- Learn Docker next"
)
ANSWER = "Yes, but only the basics.\n\nContainers come up in every take-home. Start with one small service."
OTHER = "Recruiters screen analysts by their portfolio. A pipeline engineer role pays well."


def source(n: int, text: str, section: str = "", title: str = "Analyst Path") -> Source:
    chunk = Chunk(f"c{n}", f"d{n}", "page", title, section, f"https://g/{n}", [f"{n}.md"], text, text)
    return Source(n, Hit(chunk, 1.0), text, truncated=False)


def context(*sources: Source) -> Context:
    return Context(list(sources), tokens=0, budget=0)


def asked_by(question: str):
    wanted = frozenset(tokenize(question))
    return lambda terms: len(terms & wanted) / len(wanted)


def at(text: str, starts: str) -> int:
    return next(u.start for u in split_units(text) if u.text(text).lstrip("- ").startswith(starts))


def test_the_run_grows_from_the_best_sentence_and_drops_a_further_paragraphs_idle_end():
    asked = asked_by("How do analysts become pipeline engineers?")
    run = prose_run(1, 0, context(source(1, PAGE)), asked)
    assert run.text == (
        "Analysts make strong pipeline engineers. Their habit of checking numbers carries over. "
        "The gap is shipping code. Most teams hire analysts for dashboards. Pipeline work needs tests "
        "and reviews."
    )  # "Nobody minds the coffee." names none of the question, outside the best sentence's paragraph
    short = prose_run(1, 0, context(source(1, PAGE)), asked, budget=20)
    assert short.text == (
        "Analysts make strong pipeline engineers. Their habit of checking numbers carries over. "
        "The gap is shipping code."
    )


def test_a_list_item_or_a_missing_source_starts_no_run():
    asked = asked_by("How do analysts learn Git?")
    assert prose_run(1, at(PAGE, "Learn Git"), context(source(1, PAGE)), asked) is None
    assert prose_run(2, 0, context(source(1, PAGE)), asked) is None


def test_under_a_matching_question_heading_the_answer_is_quoted_from_its_start():
    qa = source(1, ANSWER, section="Q&A > Should analysts learn Docker before applying?")
    middle = at(ANSWER, "Containers")
    matching = prose_run(1, middle, context(qa), asked_by("Should analysts learn Docker first?"))
    assert matching.text == (
        "Yes, but only the basics. Containers come up in every take-home. Start with one small service."
    )
    other = prose_run(1, middle, context(qa), asked_by("Do take-homes use containers?"))
    assert other.text == "Containers come up in every take-home. Start with one small service."


def test_the_best_section_is_the_source_whose_picked_sentences_score_most_together():
    ctx = context(source(1, OTHER), source(2, PAGE))
    asked = asked_by("How do analysts become pipeline engineers?")
    picked = [(1, 0, 0.9), (2, 0, 0.6), (2, at(PAGE, "Most teams"), 0.5)]
    assert best_run(picked, ctx, asked).n == 2
    assert best_run([(2, at(PAGE, "Learn Git"), 0.9)], ctx, asked) is None
    assert best_run([], ctx, asked) is None


def test_another_sentence_is_kept_only_when_it_says_something_the_run_does_not():
    asked = asked_by("How do analysts become pipeline engineers?")
    run = prose_run(1, 0, context(source(1, PAGE)), asked)

    def terms(text: str) -> frozenset[str]:
        return frozenset(tokenize(text))

    others = [
        (1, at(PAGE, "Most teams"), terms("Most teams hire analysts for dashboards.")),  # in the run
        (2, 0, terms("Recruiters screen analysts by their portfolio.")),
        (3, 0, terms("Strong analysts make pipeline engineers.")),  # the run's first sentence again
        (4, 0, terms("Checking numbers is a habit that carries over, and shipping code is the gap.")),
    ]
    assert adding(run, others) == [(2, 0)]


def test_select_quotes_gives_the_run_as_one_quote_and_another_sources_sentence_under_its_own():
    ctx = context(source(1, PAGE), source(2, OTHER))
    quotes = select_quotes(
        "How do analysts become pipeline engineers?", ctx, FakeEmbedder(), 4, idf=lambda t: 1.0
    )
    assert [(q.n, q.text) for q in quotes] == [
        (
            1,
            "Analysts make strong pipeline engineers. Their habit of checking numbers carries over. "
            "The gap is shipping code. Most teams hire analysts for dashboards. Pipeline work needs "
            "tests and reviews.",
        ),
        (2, "A pipeline engineer role pays well."),
    ]


def test_the_top_sections_best_sentence_is_quoted_beside_higher_scoring_ones():
    question = "is running LLMs on my own laptop justified?"
    laptop = source(2, "Running LLMs on your own laptop is a fun project for a weekend.")
    ctx = context(
        source(1, "Running models on your own machine is justified when data must stay in house."), laptop
    )
    quotes = select_quotes(question, ctx, FakeEmbedder(), 1, idf=lambda t: 1.0, words=0)
    assert [(q.n, q.text) for q in quotes] == [
        (1, "Running models on your own machine is justified when data must stay in house."),
        (2, "Running LLMs on your own laptop is a fun project for a weekend."),
    ]
    # a top section that says nothing of the question adds nothing
    ctx = context(source(1, "Cooking pasta on a weekend takes ten minutes."), laptop)
    quotes = select_quotes(question, ctx, FakeEmbedder(), 1, idf=lambda t: 1.0, words=0)
    assert [q.n for q in quotes] == [2]
