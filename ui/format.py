"""Pure helpers that turn answers into chat messages and chat messages back into history."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.pipeline import Answer
from rag.records import Citation
from ui.chart import bar_chart_svg

SOURCES_HEADING = "**Sources**"
LABEL_FALLBACK = "**Extractive answer · the LLM failed** — quoted from the guide, not generated."
LABEL_REFUSED = "**Not in the guide** — the guide does not cover this question."
LABEL_MARKET = "**Computed from the job postings** — exact figures over every posting, not quoted text."
LABELS = (LABEL_FALLBACK, LABEL_REFUSED, LABEL_MARKET)
_CHART = re.compile(r'<svg class="market-chart".*?</svg>', re.S)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>#|!~])")


def escape_markdown(text: str) -> str:
    """Text (a title, a section) shown literally: no links, emphasis or HTML of its own."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def answer_label(answer: Answer) -> str | None:
    """The chat's label for a refusal, a fallback or a market figure; an offline answer's own first
    line says what it is."""
    if answer.route == "market":
        return LABEL_MARKET
    if answer.refused:
        return LABEL_REFUSED
    if answer.mode == "extractive" and answer.fallback_reason:
        return LABEL_FALLBACK
    return None


def sources_markdown(citations: Sequence[Citation]) -> str:
    """One "[n] Title — Section" line per source, linked to the section's anchor.

    Not a Markdown ordered list: a renderer numbers those 1, 2, 3 whatever they say, and the
    answer may cite [2] and [5]. Lines end in a backslash, CommonMark's hard line break.
    """
    if not citations:
        return ""
    lines = []
    for c in citations:
        label = escape_markdown(c.title)
        if c.section:
            label += " — " + escape_markdown(c.section)
        lines.append(f"\\[{c.n}\\] [{label}]({c.url})")
    return SOURCES_HEADING + "\n\n" + "\\\n".join(lines)


def answer_message(answer: Answer) -> str:
    """The final chat message: label (fallback, refusal or market), the answer, a market answer's
    bar chart, then its sources."""
    chart = bar_chart_svg(answer.market["chart"]) if answer.market and answer.market.get("chart") else ""
    parts = [answer_label(answer), answer.answer.strip(), chart, sources_markdown(answer.citations)]
    return "\n\n".join(p for p in parts if p)


def message_text(content: object) -> str:
    """Gradio 6 gives message content as a string or a list of {"type": "text", "text": ...} parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, list):
        return "\n".join(message_text(part) for part in content if message_text(part))
    return ""


def strip_decorations(text: str) -> str:
    """An answer message without the label and the sources list: what the model actually said."""
    for label in LABELS:
        if text.startswith(label):
            text = text[len(label) :]
            break
    head, _, _ = text.partition("\n\n" + SOURCES_HEADING + "\n")
    return _CHART.sub("", head).strip()


def history_messages(history: list[dict]) -> list[dict[str, str]]:
    """Chat history as plain {role, content} messages for the answer pipeline's condensing step."""
    messages = []
    for m in history:
        if m.get("role") not in ("user", "assistant"):
            continue
        text = message_text(m.get("content"))
        if m["role"] == "assistant":
            text = strip_decorations(text)
        if text:
            messages.append({"role": m["role"], "content": text})
    return messages
