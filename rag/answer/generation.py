"""One LLM answer in progress: the prompt's messages, the gate that turns raw model text into
safe, checked text while it streams, and how the stream ends (an answer, the model's refusal, or
a fallback). The sync pipeline and the web app's async one both drive it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.answer.answerability import partial_note
from rag.answer.citations import check_citations, in_citation_order, renumbered
from rag.answer.context import Context
from rag.answer.llm import Delta, StreamEnd, Usage
from rag.answer.prompts import PromptTemplate, load_prompt
from rag.answer.refusal_notes import model_note
from rag.answer.sanitize import sanitize_markdown
from rag.errors import LLMError

if TYPE_CHECKING:
    from rag.answer.pipeline import _Run

REFUSAL_MARKER = "NOT_IN_GUIDE"
_OPENERS = {"[": "]", "(": ")", "<": ">"}


@dataclass(frozen=True)
class TextDelta:
    """Checked answer text to show while the answer streams."""

    text: str
    replace: bool = False  # True: `text` replaces everything shown so far (rare correction)


def _balanced_cut(raw: str) -> int:
    """End of the longest prefix that ends after whitespace with no [, ( or < left open."""
    depth = {k: 0 for k in _OPENERS}
    closers = {v: k for k, v in _OPENERS.items()}
    cut = ticks = 0
    for i, ch in enumerate(raw):
        if ch == "`":
            ticks += 1
        elif ch in depth and (ch != "<" or raw[i + 1 : i + 2].isalpha() or raw[i + 1 : i + 2] in "/!"):
            depth[ch] += 1
        elif ch in closers and depth[closers[ch]]:
            depth[closers[ch]] -= 1
        elif ch.isspace() and not any(depth.values()) and ticks % 2 == 0:
            cut = i + 1
    return cut


class _Gate:
    """Raw model text in, safe text out: citations checked, markdown sanitised, and only ever
    extended (text is held back until a bracket, tag or the refusal marker is complete)."""

    def __init__(self, context: Context):
        self.valid, self.urls = context.numbers(), context.urls()
        self.raw = ""
        self.shown = ""

    def safe(self, raw: str) -> str:
        return sanitize_markdown(renumbered(check_citations(raw, self.valid)), self.urls)

    def feed(self, token: str) -> str:
        self.raw += token
        head = self.raw.lstrip()
        if REFUSAL_MARKER.startswith(head[: len(REFUSAL_MARKER)]):
            return ""
        text = self.safe(self.raw[: _balanced_cut(self.raw)]).rstrip()
        if text.startswith(self.shown) and len(text) > len(self.shown):
            delta, self.shown = text[len(self.shown) :], text
            return delta
        return ""

    @property
    def refused(self) -> bool:
        return self.raw.strip().startswith(REFUSAL_MARKER)


ANSWERED, REFUSED, FALL_BACK = "answered", "refused", "fall back"


class Generation:
    """The model's answer to one question over its sources: feed it the stream, then `end()` it."""

    def __init__(self, run: _Run, context: Context, prompt: PromptTemplate):
        self.run, self.context, self.prompt = run, context, prompt
        # the asks the check found no source stating go with the question, so the model does not guess them
        question = run.query
        if run.verdict.coverage == "partial" and run.verdict.missing:
            question += "\n\n" + model_note(run.verdict.missing)
        self.messages = prompt.messages(
            sources=context.render(), question=question, refusal_marker=REFUSAL_MARKER
        )
        self.gate = _Gate(context)
        self.finish: StreamEnd | None = None

    def feed(self, event: Delta | StreamEnd) -> TextDelta | None:
        """The safe text a stream event adds (None when it adds none yet)."""
        if isinstance(event, StreamEnd):
            self.finish = event
            return None
        delta = self.gate.feed(event.text)
        if not delta:
            return None
        self.run.clock.first()
        return TextDelta(delta)

    def end(self, failure: LLMError | None, max_tokens: int) -> tuple[str, list]:
        """(ANSWERED, the last deltas and the Answer), (REFUSED, []) when the model said the
        guide does not cover it, or (FALL_BACK, []) with `run.failure` set when nothing was shown
        and the offline answer should be given instead."""
        run, gate, finish = self.run, self.gate, self.finish
        if finish is not None:
            run.usage = (run.usage or Usage()) + finish.usage if (run.usage or finish.usage) else None
        if gate.refused and failure is None:
            return REFUSED, []
        checked, context = in_citation_order(
            check_citations(gate.raw.replace(REFUSAL_MARKER, ""), self.context.numbers()), self.context
        )
        text = sanitize_markdown(checked.text, self.context.urls()).strip()
        if run.verdict.coverage == "partial" and text and not _says_not_covered(text):
            text += "\n\n" + partial_note(run.verdict.missing)
        if not gate.shown and (failure is not None or not text):
            # Nothing reached the user yet: fall back to the offline answer, and say why.
            run.failure = failure or LLMError("the LLM returned an empty answer")
            return FALL_BACK, []
        incomplete = failure is not None or (finish is not None and finish.finish_reason == "length")
        if incomplete:
            reason = failure.reason if failure else f"it reached the {max_tokens}-token limit"
            text += "\n\n" + load_prompt("fallback").render("incomplete", reason=reason)
        events: list = []
        if text.startswith(gate.shown):
            if len(text) > len(gate.shown):
                run.clock.first()
                events.append(TextDelta(text[len(gate.shown) :]))
        else:
            events.append(TextDelta(text, replace=True))
        answer = run.finish(text, "llm", self.prompt, context.sources, checked, incomplete=incomplete)
        return ANSWERED, [*events, answer]


def _says_not_covered(text: str) -> bool:
    """The model already named the part the guide does not cover (answer prompt rule)."""
    lowered = text.lower()
    return "does not cover" in lowered or "doesn't cover" in lowered
