"""Pure helpers that turn answers into chat messages and chat messages back into history."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.pipeline import Answer
from rag.records import Citation

SOURCES_HEADING = "**Sources**"
LABEL_EXTRACTIVE = "**Extractive answer · no LLM configured** — quoted from the guide, not generated."
LABEL_FALLBACK = "**Extractive answer · the LLM failed** — quoted from the guide, not generated."
LABEL_REFUSED = "**Not in the guide** — the guide does not cover this question."
LABELS = (LABEL_EXTRACTIVE, LABEL_FALLBACK, LABEL_REFUSED)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>#|!~])")


def escape_markdown(text: str) -> str:
    """Text (a title, a section) shown literally: no links, emphasis or HTML of its own."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def answer_label(answer: Answer) -> str | None:
    if answer.refused:
        return LABEL_REFUSED
    if answer.mode == "extractive":
        return LABEL_FALLBACK if answer.fallback_reason else LABEL_EXTRACTIVE
    return None


def sources_markdown(citations: Sequence[Citation]) -> str:
    """Numbered, clickable deep links: "[n] Title — Section" to the section's anchor."""
    if not citations:
        return ""
    lines = [SOURCES_HEADING, ""]
    for c in citations:
        label = escape_markdown(c.title)
        if c.section:
            label += " — " + escape_markdown(c.section)
        lines.append(f"{c.n}. [{label}]({c.url})")
    return "\n".join(lines)


def streaming_message(text: str, label: str | None) -> str:
    return f"{label}\n\n{text}" if label else text


def answer_message(answer: Answer) -> str:
    """The final chat message: label (extractive or refusal), the answer, then its sources."""
    parts = [answer_label(answer), answer.answer.strip(), sources_markdown(answer.citations)]
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
    return head.strip()


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
