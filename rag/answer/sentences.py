"""Split chunk text into sentence-sized units without a model: prose sentences, list items,
table rows and whole code blocks, each with its character span so callers can cut cleanly."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# A sentence ends at . ! ? (optionally closed by quotes or brackets) followed by whitespace and
# something that can start a sentence, or, where a scrape lost the space, right between a word and a
# capitalised one ("… and experience.The compensation package …"; not "Node.js").
_BOUNDARY = re.compile(
    r"(?<=[.!?])([\"'”’)\]]*)(?:\s+(?=[\"'“‘(\[*_]*[A-Z0-9€$£])|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]{2,}\b))"
)
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "vs.",
    "etc.",
    "approx.",
    "incl.",
    "Dr.",
    "Mr.",
    "Ms.",
    "Mrs.",
    "St.",
    "No.",
    "Inc.",
    "Ltd.",
    "Pvt.",
    "Jr.",
    "Sr.",
    "U.S.",
    "U.K.",
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_FIELD = re.compile(r"^[A-Z][\w /()&'-]{0,40}:(?:\s|$)")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_BRACKETED_NUMBER = re.compile(r"\[(\d[\d,; ]*)\]")
_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|^\s*#+\s*")
_FILE_NAME = re.compile(r"\S+\.(?:ya?ml|md|json|csv)\b")
MD_LINK = re.compile(r"\[([^\]^][^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")  # [text](url), url may hold (...)
FOOTNOTE_REF = re.compile(r"\s*\[\^[^\]]*\]")  # "[^source]" after a sentence
_CUT_LINK = re.compile(r"^\s*[^\s\[\]()]*/[^\s\[\]]*\)")  # a chunk that starts inside a link's URL
_BARE_URL = re.compile(r"\s*<?https?://[^\s>]+>?")
_HAS_LINK = re.compile(r"\]\(|https?://")
DUPLICATE_JACCARD = 0.6
DUPLICATE_CONTAINED = 0.8


@dataclass(frozen=True)
class Unit:
    """A sentence-sized span of chunk text: a prose sentence, list item, table row, code block or heading."""

    start: int
    end: int
    kind: str  # prose, item, table, code, heading

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return spans


def _prose_units(text: str, start: int, end: int) -> list[Unit]:
    """Sentences of one paragraph (start..end), boundaries after abbreviations skipped."""
    units, begin = [], start
    for match in _BOUNDARY.finditer(text, start, end):
        before = text[begin : match.start()]
        if before.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", before):
            continue
        units.append(Unit(begin, match.start() + len(match[1]), "prose"))  # closing quotes stay
        begin = match.end()
    if text[begin:end].strip():
        units.append(Unit(begin, end, "prose"))
    return units


def split_units(text: str) -> list[Unit]:
    """Units in order; joined with their gaps they give back `text`."""
    units: list[Unit] = []
    paragraph: tuple[int, int] | None = None
    fence_start: int | None = None

    def flush() -> None:
        nonlocal paragraph
        if paragraph:
            units.extend(_prose_units(text, *paragraph))
            paragraph = None

    for start, end in _line_spans(text):
        line = text[start:end]
        if fence_start is not None:
            if _FENCE.match(line):
                units.append(Unit(fence_start, end, "code"))
                fence_start = None
            continue
        if _FENCE.match(line):
            flush()
            fence_start = start
        elif not line.strip():
            flush()
        elif line.lstrip().startswith("#"):
            flush()
            units.append(Unit(start, end, "heading"))
        elif line.lstrip().startswith("|"):
            flush()
            units.append(Unit(start, end, "table"))
        elif _ITEM.match(line):
            flush()
            # The marker ("1.") is no sentence end: split after it, then give it to the first unit.
            items = _prose_units(text, start + _ITEM.match(line).end(), end)
            units.extend(Unit(start if i == 0 else u.start, u.end, "item") for i, u in enumerate(items))
        elif paragraph and not _FIELD.match(line) and not text[: paragraph[1]].endswith(":"):
            paragraph = (paragraph[0], end)
        elif paragraph:  # "Field: value" lines (postings, company processes) stand alone
            flush()
            paragraph = (start, end)
        else:
            paragraph = (start, end)
    flush()
    if fence_start is not None:  # an unclosed fence runs to the end
        units.append(Unit(fence_start, len(text.rstrip()), "code"))
    return units


def fit_prefix(text: str, fits) -> str:
    """The longest prefix of `text` ending at a unit boundary for which `fits(prefix)` holds.
    `fits` must be monotonic (a prefix of a fitting text fits): then a binary search over the
    boundaries finds it in log2(units) calls instead of one per unit."""
    ends = [unit.end for unit in split_units(text)]
    low, high = 0, len(ends)  # the first `low` prefixes fit; none from `high` on
    while low < high:
        mid = (low + high) // 2
        if fits(text[: ends[mid]]):
            low = mid + 1
        else:
            high = mid
    return text[: ends[low - 1]] if low else ""


def clean_line(raw: str) -> str:
    text = _MARKER.sub("", " ".join(raw.split()))
    # A "[2]" inside the guide's own text must not read as one of our citations.
    return _BRACKETED_NUMBER.sub(r"(\1)", text)


def unlinked(line: str) -> str:
    """A quoted line as a reader sees it: a link's text without its URL (links to pages outside the
    guide would only read "[link removed]"), no footnote marks, no bare URLs."""
    text = _BARE_URL.sub("", FOOTNOTE_REF.sub("", MD_LINK.sub(r"\1", line)))
    return " ".join(text.split())


def quotable(raw: str) -> bool:
    """Not a footnote definition, a line of links, a line cut inside a link, or a file reference."""
    return (
        not raw.lstrip().startswith("[^")
        and not _CUT_LINK.match(raw)
        and raw.count("](") < 2
        and raw.count("http") < 2
        and not _FILE_NAME.search(raw)
    )


def near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    """Mostly the same words, or one sentence's words nearly all inside the other's."""
    if not a or not b:
        return a == b
    shared = len(a & b)
    return shared / len(a | b) >= DUPLICATE_JACCARD or shared / min(len(a), len(b)) >= DUPLICATE_CONTAINED


def mostly_links(lines: Sequence[str]) -> bool:
    """Half the (non-blank) lines or more hold a link: a reading list or a page's sources, not steps or
    content."""
    lines = [line for line in lines if line.strip()]
    return bool(lines) and 2 * sum(bool(_HAS_LINK.search(line)) for line in lines) >= len(lines)
