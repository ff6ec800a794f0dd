"""What an offline answer's quoted lines look like: links read as their text, no footnote marks, and
no line that starts inside a link (rag/answer/sentences.py, used by rag/answer/extractive.py)."""

import pytest

from rag.answer.extractive import _sentences
from rag.answer.sentences import quotable, unlinked


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
