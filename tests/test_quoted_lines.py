"""What an offline answer's quoted lines look like: links read as their text, no footnote marks, and
no line that starts inside a link (rag/answer/sentences.py, used by rag/answer/extractive.py)."""

import pytest

from rag.answer.context import Context, Source
from rag.answer.extractive import _sentences, select_quotes
from rag.answer.sentences import names_sources, quotable, unlinked
from rag.records import Chunk, Hit
from tests.fakes import FakeEmbedder


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("Practical coding, not puzzle-based. [^prep-notes]", "Practical coding, not puzzle-based."),
        (
            "[Rowan's Notes: My Interview Loop (Got Hired!)](https://blog.example/notes-(2025)) - a write-up",
            "Rowan's Notes: My Interview Loop (Got Hired!) - a write-up",
        ),
        ("Read https://example.org/a and <https://example.org/b> first", "Read and first"),
        (
            "Numbered refs (2) stay; [the guide](https://x.example/g) is its text",
            "Numbered refs (2) stay; the guide is its text",
        ),
    ],
)
def test_unlinked(line, shown):
    assert unlinked(line) == shown


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("example.org/p/from-backend-to-ai) - interviewed at 30 companies", False),
        ("RAG/agents) are common in these roles", False),
        ("[^note]: [A source](https://example.org)", False),
        ("Use 2/3 of the budget (roughly) for evals.", True),
        ("The CI/CD step runs after review.", True),
    ],
)
def test_quotable(raw, ok):
    assert quotable(raw) is ok


def test_an_offline_quote_of_a_reading_list_keeps_the_entrys_words_not_its_link():
    text = (
        "mple.org/p/backend-to-ai) - interviewed at 30 companies over two months\n"
        "- [Rowan Vale: Four Take-Homes Compared](https://blog.example/take-homes) - graded on tests "
        "and a short write-up [^vale]\n"
    )
    assert [s for _, s in _sentences(text)] == [
        "Rowan Vale: Four Take-Homes Compared - graded on tests and a short write-up"
    ]


def test_a_reading_list_entry_in_title_case_is_quoted_but_a_bare_title_line_is_not():
    entry = "- [How We Built Our Agent Research System](https://blog.example/r) - orchestrator-worker"
    title = "Why You'll Love Working Here At Lumen Labs"
    text = f"{entry} pattern, June 2025\n\n{title}\n"
    quoted = {sentence: position for position, sentence in _sentences(text)}
    assert quoted == {"How We Built Our Agent Research System - orchestrator-worker pattern, June 2025": 0}


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Source: Vellum Deep Research (2 rounds), Mar 2026. Limited to forum threads.", True),
        ("- **Sources:** Reddit r/cscareers, late 2025.", True),
        ("*Data source: the job board's export, January 2026*", True),
        ("Open source: most take-homes allow any open-source library.", False),
        ("The source of truth is the eval set.", False),
    ],
)
def test_a_line_naming_the_pages_sources_is_told_in_each_of_its_sentences(line, names):
    text = f"# Take-Home Policies\n\n{line}\n"
    assert [names_sources(text, text.index(s)) for s in (line[:8], line[-12:])] == [names, names]


TAKE_HOMES = (
    "# Take-Home Policies (2025-2026)\n\n"
    "Source: Vellum Deep Research (2 rounds), Mar 2026. 41 sources cited, take-home threads only.\n\n"
    '- Driftwood Labs: Vellum and other assistants "welcome" during the take-home, said up front.\n'
)


def _quoted(question: str) -> list[str]:
    page = Source(1, Hit(Chunk("c1", "d1", "page", "Take-Homes", "", "https://g/1", ["1.md"], TAKE_HOMES,
                               TAKE_HOMES), 1.0), TAKE_HOMES, truncated=False)  # fmt: skip
    return [q.text for q in select_quotes(question, Context([page], 0, 0), FakeEmbedder(), 4, words=0)]


def test_a_pages_source_line_is_quoted_only_for_a_question_about_its_sources():
    assert _quoted("Can I use Vellum during a take-home?") == [
        'Driftwood Labs: Vellum and other assistants "welcome" during the take-home, said up front.'
    ]
    assert _quoted("How many sources did the Vellum take-home research cite?")[0] == (
        "Source: Vellum Deep Research (2 rounds), Mar 2026."
    )
