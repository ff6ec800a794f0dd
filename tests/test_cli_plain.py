"""Answers printed as plain text in the terminal (ui/cli/plain.py): exact output."""

import pytest

from ui.cli.plain import PIPE_WIDTH, PlainStream, to_plain

ANSWER = """*Quoted from the guide — the most relevant passages, not a generated answer:*

**RAG shows up in 41% of AI-first postings.** [1]

[2] *Skills — AI-first vs AI-support*

| Skill | AI-first | AI-support |
|---|---|---|
| RAG | **41%** | 12% |
| Evaluation | 30% | 9% |

- **Learn Python** first [3]
- then `numpy` and [the docs](https://example.invalid/docs) [3]

## Order

1. Python
2. Retrieval
10. Evaluation
"""

PLAIN = """Quoted from the guide — the most relevant passages, not a generated answer:

RAG shows up in 41% of AI-first postings. [1]

[2] Skills — AI-first vs AI-support

 Skill       AI-first  AI-support
 ────────────────────────────────
 RAG         41%       12%
 Evaluation  30%       9%

 • Learn Python first [3]
 • then numpy and the docs (https://example.invalid/docs) [3]

Order

 1. Python
 2. Retrieval
 3. Evaluation"""


def test_tables_align_lists_stay_lists_and_markers_go():
    assert to_plain(ANSWER) == PLAIN


def test_a_long_line_wraps_at_the_width_and_a_wide_table_wraps_its_cells():
    text = "word " * 12 + "[1]"
    assert to_plain(text, width=20) == "word word word word\nword word word word\nword word word word\n[1]"
    table = "| a | b |\n|---|---|\n| one two three four | five six seven eight |"
    assert to_plain(table, width=24) == (
        " a           b\n"
        " ──────────────────────\n"
        " one two     five six\n"
        " three four  seven\n"
        "             eight"
    )


def test_nothing_to_print():
    assert to_plain("") == to_plain("  \n\n") == ""


@pytest.mark.parametrize("width", [0, 19, -1])
def test_a_width_under_twenty_columns_is_refused(width):
    with pytest.raises(ValueError, match=f"width must be at least 20 columns, not {width}"):
        to_plain("text", width)


def test_the_stream_prints_a_block_once_it_ends_and_the_same_text_in_the_end():
    plain = PlainStream()
    shown = [plain.feed(ch) for ch in ANSWER]
    shown.append(plain.close())
    assert "".join(shown) == PLAIN
    # The table comes out whole, after its last row and the blank line after it.
    table_at = ANSWER.index("| Evaluation | 30% | 9% |\n\n") + len("| Evaluation | 30% | 9% |\n\n")
    assert shown[table_at - 1].lstrip("\n").startswith(" Skill       AI-first  AI-support")
    assert "".join(shown[: table_at - 1]).endswith("Skills — AI-first vs AI-support")


def test_a_blank_line_inside_a_code_fence_does_not_end_the_block():
    plain = PlainStream()
    assert plain.feed("```\nfirst\n\nsecond\n") == ""
    assert plain.feed("```\n\nafter") == " first\n\n second"
    assert plain.close() == "\n\nafter"
    assert PIPE_WIDTH == 100
