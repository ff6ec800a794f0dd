"""The figures the guide's own pages state ("RAG - 321 jobs (35.9%)", "AI-First: 621 jobs (69.4%)"),
so a market answer can cite the page that states a figure for the same measure, and its sample.

Only figures of the page's whole sample are kept: N of the page's stated sample must round to the
stated percentage (a share of a sub-group, e.g. "PyTorch - 165 jobs (26.6%)" of AI-First roles, is
not the same measure and is skipped).
"""

from __future__ import annotations

import re

from ingest.anchors import Slugger, heading_text
from rag.records import Document

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
_FIGURE = re.compile(
    r"^\s*(?P<mark>[-*]\s+|#{1,6}\s+)(?P<value>[^\n:()]+?)\s*(?:-|–|:)\s*(?P<n>\d[\d,]*)\s+jobs\s+"
    r"\((?P<share>\d+(?:\.\d+)?)%\)\s*$"
)
_SAMPLE = re.compile(r"(\d[\d,]*)\s+(?:\w+\s+)?job\s+(?:descriptions|listings|postings)", re.I)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PERIOD = re.compile(rf"(?:published in|\()\s*((?:{_MONTHS})\s+\d{{4}})", re.I)
AI_TYPES = {
    "ai-first": "ai-first",
    "ai-support": "ai-support",
    "machine learning": "ml-first",
    "ml": "ml-first",
}


def page_sample(text: str) -> tuple[int, str] | None:
    """(size, "895 job descriptions, January 2026") of the sample a page's figures come from."""
    m = _SAMPLE.search(text)
    if not m:
        return None
    size = int(m.group(1).replace(",", ""))
    period = _PERIOD.search(text)
    words = " ".join(m.group(0).split())
    return size, f"{words}, {period.group(1)}" if period else words


def _figure(value: str, bullet: bool) -> tuple[str, str] | None:
    """(field, value) of a stated figure: an AI type (a heading or a bullet) or a skill (a bullet)."""
    key = value.strip().lower()
    if key in AI_TYPES:
        return "ai_type", AI_TYPES[key]
    if not bullet or len(key) > 40 or not re.search(r"[a-z]", key):
        return None
    return "skill", value.strip()


def page_figures(page: Document) -> list[dict]:
    """Every whole-sample figure one page states, with the section it is in."""
    sample = page_sample(page.text)
    if sample is None:
        return []
    size, sample_text = sample
    slugger, section, anchor, out, seen = Slugger(), "", "", [], set()
    for line in page.text.splitlines():
        if h := _HEADING.match(line):  # a heading that states a figure opens its own section
            section, anchor = heading_text(h.group(2)), slugger.slug(h.group(2))
        m = _FIGURE.match(line)
        if not m:
            continue
        n, share = int(m.group("n").replace(",", "")), float(m.group("share"))
        if round(100 * n / size, 1) != share or not (
            found := _figure(m.group("value"), m.group("mark")[0] in "-*")
        ):
            continue
        if found in seen:  # a figure repeated further down the page: cite its first statement
            continue
        seen.add(found)
        out.append({
            "field": found[0], "value": found[1], "n": n, "share": share,
            "statement": f"{n:,} jobs ({m.group('share')}%)", "page": page.source_paths[0],
            "page_title": page.title,
            "section": section, "url": f"{page.url}#{anchor}" if anchor else page.url, "sample": sample_text,
        })  # fmt: skip
    return out


def guide_figures(pages: list[Document]) -> list[dict]:
    """The stated figures of every page (pages in path order)."""
    return [f for page in sorted(pages, key=lambda p: p.id) for f in page_figures(page)]
