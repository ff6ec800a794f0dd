"""Answers in the terminal as plain text: markdown tables as aligned columns, lists as lists, no
emphasis markers, links as "text (url)"; citations ([1]) and the words themselves unchanged.

rich renders the markdown (without colour or control codes, so a pipe or a file gets the same text).
A streamed answer is rendered a block at a time: a block ends at a blank line outside a code fence,
so a table is aligned once its last row has arrived and the reader still sees the answer grow.
"""

from __future__ import annotations

import re
import shutil
import sys

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Heading, ListItem, Markdown
from rich.segment import Segment

PIPE_WIDTH = 100  # the width when stdout is no terminal (a pipe, a file, tests)
_FENCE = re.compile(r"^\s*(```|~~~)", re.MULTILINE)
_BLANK = re.compile(r"\n[ \t]*\n")


class _Heading(Heading):
    """A heading on the left, as its own line (rich centres a level-one heading)."""

    LEVEL_ALIGN = dict.fromkeys(Heading.LEVEL_ALIGN, "left")


class _Item(ListItem):
    """A numbered item as " 1. text", indented as rich indents a bullet (rich writes " 1 text")."""

    def render_number(
        self, console: Console, options: ConsoleOptions, number: int, last_number: int
    ) -> RenderResult:
        width = len(str(last_number)) + 3
        lines = console.render_lines(self.elements, options.update(width=options.max_width - width))
        for i, line in enumerate(lines):
            yield Segment(f"{number}.".rjust(width - 1) + " " if i == 0 else " " * width)
            yield from line
            yield Segment("\n")


class _PlainMarkdown(Markdown):
    """rich's markdown with left headings and numbered items that keep their dot."""

    elements = {**Markdown.elements, "heading_open": _Heading, "list_item_open": _Item}


def terminal_width() -> int:
    """The terminal's width, or PIPE_WIDTH when stdout is no terminal."""
    return shutil.get_terminal_size((PIPE_WIDTH, 24)).columns if sys.stdout.isatty() else PIPE_WIDTH


def to_plain(markdown: str, width: int = PIPE_WIDTH) -> str:
    """One markdown text as plain text, lines no wider than `width` (a wider table cell wraps)."""
    if width < 20:
        raise ValueError(f"width must be at least 20 columns, not {width}")
    if not markdown.strip():
        return ""
    console = Console(
        width=width, no_color=True, force_terminal=False, color_system=None, highlight=False, emoji=False
    )
    with console.capture() as captured:
        console.print(_PlainMarkdown(markdown, hyperlinks=False))
    lines = [line.rstrip() for line in captured.get().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


class PlainStream:
    """Turns streamed markdown into plain text, a finished block at a time."""

    def __init__(self, width: int = PIPE_WIDTH):
        self.width = width
        self.pending = ""
        self.started = False

    def _render(self, block: str) -> str:
        text = to_plain(block, self.width)
        if not text:
            return ""
        out = ("\n\n" if self.started else "") + text
        self.started = True
        return out

    def feed(self, delta: str) -> str:
        """The plain text of the blocks `delta` completes ("" while the current block goes on)."""
        self.pending += delta
        end = _last_block_end(self.pending)
        if end is None:
            return ""
        done, self.pending = self.pending[:end], self.pending[end:]
        return self._render(done)

    def close(self) -> str:
        """The plain text of what is left (the last block)."""
        done, self.pending = self.pending, ""
        return self._render(done)


def _last_block_end(text: str) -> int | None:
    """Where the last blank line outside a code fence ends, or None."""
    end = None
    for match in _BLANK.finditer(text):
        if len(_FENCE.findall(text[: match.start()])) % 2 == 0:
            end = match.end()
    return end
