"""A pay line ("Compensation: 120,000-150,000 USD per year.") answers only a question that asks for a
figure: it is neither quoted nor added as a section's figure line to "how do I become ...?"."""

from rag.answer.context import Source
from rag.answer.excerpt import widen
from rag.answer.extractive import other_employers, select_quotes
from rag.answer.figure_shapes import asks_figure, states_pay
from rag.records import Chunk, Hit
from tests.fakes import FakeEmbedder
from tests.test_passage import asked_by, at, context, source

POSTING = (
    "Compensation: 120,000-150,000 USD per year.\n\n"
    "Developer advocates teach engineers to use the AI tools. Advocates write guides and demos for "
    "developer communities."
)


def test_a_question_asking_no_figure_gets_no_pay_line():
    question = "How do I become a developer advocate for AI tools?"
    quotes = select_quotes(question, context(source(1, POSTING)), FakeEmbedder(), 4, idf=lambda t: 1.0)
    assert [q.text for q in quotes] == [
        "Developer advocates teach engineers to use the AI tools. Advocates write guides and demos for "
        "developer communities."
    ]


def test_a_question_naming_the_postings_employer_keeps_it():
    chunk = Chunk(
        "c1",
        "d1",
        "posting",
        "Developer Advocate at Quillbyte",
        "Description",
        "https://g/1",
        ["1.yaml"],
        POSTING,
        POSTING,
        {"company": "Quillbyte"},
    )
    posting = context(Source(1, Hit(chunk, 1.0), POSTING, truncated=False))
    named = select_quotes(
        "quillbyte developer advocate: remote?", posting, FakeEmbedder(), 4, idf=lambda t: 1.0
    )
    unnamed = select_quotes("developer advocate: remote?", posting, FakeEmbedder(), 4, idf=lambda t: 1.0)
    assert "Compensation: 120,000-150,000 USD per year." in [q.text for q in named]
    assert "Compensation: 120,000-150,000 USD per year." not in [q.text for q in unnamed]


def test_a_pay_question_keeps_it():
    question = "What does a developer advocate for AI tools earn?"
    quotes = select_quotes(question, context(source(1, POSTING)), FakeEmbedder(), 4, idf=lambda t: 1.0)
    assert [q.text for q in quotes][0] == "Compensation: 120,000-150,000 USD per year."


def test_the_sections_figure_line_is_not_added_when_unasked():
    ctx = context(source(1, POSTING))
    quoted = [
        (1, at(POSTING, "Developer advocates"), "Developer advocates teach engineers to use the AI tools.")
    ]
    asked = asked_by("How do I become a developer advocate?")
    assert [a.text for a in widen(quoted, ctx, asked)] == ["Compensation: 120,000-150,000 USD per year."]
    assert widen(quoted, ctx, asked, unasked=states_pay) == []


def test_which_questions_ask_a_figure_and_which_lines_state_pay():
    assert [asks_figure(q) for q in ("How do I become an AI engineer?", "Do I need Docker?")] == [
        False,
        False,
    ]
    assert [asks_figure(q) for q in ("What does Quillbyte pay?", "How long is the take-home?")] == [
        True,
        True,
    ]
    lines = ("Pay: $150,000.", "A base of 120,000 USD", "120,000 USD", "3-4 weeks", "It cost $2,070/month.")
    assert [states_pay(t) for t in lines] == [True, True, False, False, False]
    summary = "Location: London · Level: Senior · Work type: FULL_TIME · Posted: 2026-01-30 · Pay: $150,000"
    assert not states_pay(summary)  # a posting's summary line says more than its pay
    long = "Compensation: $115,000.00 - $132,500.00 (Range applies to US candidates only) + Benefits."
    assert states_pay(long)  # under a pay label, whatever its length


def _posting(n: int, company: str, text: str) -> Source:
    chunk = Chunk(
        f"c{n}", f"d{n}", "posting", f"AI Engineer at {company}", "Description", f"https://g/{n}",
        [f"{n}.yaml"], text, text, {"company": company},
    )  # fmt: skip
    return Source(n, Hit(chunk, 1.0), text, truncated=False)


def test_a_question_naming_one_employer_quotes_no_other_employers_posting():
    # round twenty-three: another company's 401(k) match is no answer to this one's
    own = _posting(
        1, "Quillbyte Inc.", "Compensation: 150,000-180,000 USD. 401(k) program with employer match."
    )
    other = _posting(2, "Hartwell", "401(k) Matching: we match 100% of the first 6% you put in, every year.")
    question = "quillbyte AI engineer: pay, and how much do they match on the 401(k)?"
    quotes = select_quotes(question, context(own, other), FakeEmbedder(), 4, idf=lambda t: 1.0)
    assert {q.n for q in quotes} == {1}
    assert other_employers(question, context(own, other)) == {2}
    # no employer named: every posting may answer
    assert other_employers("how much do AI employers match on the 401(k)?", context(own, other)) == set()
