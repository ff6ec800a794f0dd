"""Make answer markdown safe to render: no raw HTML, no images, no links except to the sources.

Applied to every answer (generated, extractive or refusal). Sources and model output are both
untrusted, so this runs on the final text and on every streamed prefix:

- HTML comments, and script/style/iframe/object/embed/template elements with their content, go;
  every other tag is dropped and its text kept; an unclosed tag start is escaped.
- Images (inline and reference style) are removed.
- A markdown link keeps its link only when the URL is one of the answer's source URLs; otherwise
  just its text stays. Reference definitions are removed.
- Autolinks and bare URLs that are not source URLs become "[link removed]".
- `javascript:`/`vbscript:` schemes left anywhere are broken ("javascript[blocked]:"), and so is
  `data:` before a media type ("data[blocked]:text/html"); "the data: 31 %" stays prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LINK_REMOVED = "[link removed]"

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_DANGEROUS = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript|svg|math)\b[^>]*>.*?(?:</\1\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
# A URL inside ( ): no spaces or angle brackets, parentheses nested one level; an optional title.
_URL = r"<?(?P<url>(?:[^()\s<>]|\([^()\s]*\))*)>?"
_TITLE = r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?"
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*" + _URL + _TITLE + r"\s*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\(\s*" + _URL + _TITLE + r"\s*\)")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?P<url>[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_OPEN_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_BARE_URL = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]+")
# `data:` only before a media type or its parameters: "From the data: 31%" is prose, not a scheme.
_SCHEME = re.compile(r"(?i)\b(javascript|vbscript|data(?=\s*:\s*(?:[a-z]+/[\w.+-]+|[;,])))(\s*):")
_TRAILING = ".,;:!?'\""


def _allowed(url: str, allowed: set[str]) -> bool:
    return url.strip() in allowed


def sanitize_markdown(text: str, allowed_urls: Iterable[str] = ()) -> str:
    allowed = {u.strip() for u in allowed_urls if u and u.strip()}
    kept: list[str] = []  # allowed links, held out of the later passes as placeholders

    def hold(markup: str) -> str:
        kept.append(markup)
        return f"\x00{len(kept) - 1}\x00"

    text = text.replace("\x00", "")
    text = _COMMENT.sub("", text)
    text = _DANGEROUS.sub("", text)
    text = _IMAGE.sub("", text)

    def link(match: re.Match) -> str:
        label = _inline(match["text"].strip(), allowed)
        if _allowed(match["url"], allowed) and label:
            return hold(f"[{label}]({match['url'].strip()})")
        return match["text"]

    # Repeat so a link hidden inside another link's text is handled too.
    previous = None
    while previous != text:
        previous, text = text, _LINK.sub(link, text)
    text = _REF_DEF.sub("", text)
    text = _AUTOLINK.sub(
        lambda m: hold(f"<{m['url']}>") if _allowed(m["url"], allowed) else LINK_REMOVED, text
    )
    text = _inline(text, allowed)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m[1])], text)


def _inline(text: str, allowed: set[str]) -> str:
    """Tags, unclosed tag starts, bare foreign URLs and script schemes."""
    text = _TAG.sub("", text)
    text = _OPEN_TAG.sub("&lt;", text)

    def bare(match: re.Match) -> str:
        url = match[0].rstrip(_TRAILING)
        tail = match[0][len(url) :]
        return (url if _allowed(url, allowed) else LINK_REMOVED) + tail

    text = _BARE_URL.sub(bare, text)
    return _SCHEME.sub(lambda m: f"{m[1]}[blocked]{m[2]}:", text)
