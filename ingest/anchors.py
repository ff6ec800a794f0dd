"""GitHub's heading anchors (the rules of github-slugger), so citations deep-link to a section."""

from __future__ import annotations

import re
import unicodedata

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)_{1,2}(?=\S)(.+?)(?<=\S)_{1,2}(?!\w)")
_KEEP_CATEGORIES = ("L", "M", "N", "Pc")  # letters, marks, numbers, connector punctuation (_)


def heading_text(raw: str) -> str:
    """The text GitHub renders for a heading: links and images reduced to text, tags dropped."""
    text = raw.strip().rstrip("#").strip()
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _UNDERSCORE_EMPHASIS.sub(r"\1", text)  # _em_ renders as <em>; snake_case stays
    return _HTML_TAG.sub("", text)


def slugify(heading: str) -> str:
    text = heading_text(heading).lower()
    kept = "".join(ch for ch in text if ch in " -" or unicodedata.category(ch).startswith(_KEEP_CATEGORIES))
    return kept.replace(" ", "-")


class Slugger:
    """Per-document slugger: a repeated heading gets -1, -2, ... as on GitHub."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, heading: str) -> str:
        base = slugify(heading)
        slug = base
        while slug in self._seen:
            self._seen[base] += 1
            slug = f"{base}-{self._seen[base]}"
        self._seen[slug] = 0
        return slug
