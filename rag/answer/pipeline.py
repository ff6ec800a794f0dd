"""The answer pipeline: condense, retrieve, refuse or assemble sources, generate or extract,
check citations, sanitise.

`Answerer.stream()` yields `TextDelta`s (safe, checked text, ready to show) and then exactly one
`Answer`; `ask()` returns just the Answer. Library code: LLM failures become a fallback or an
incomplete answer, never an exception; only index errors and bugs propagate.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rag.answer.answerability import AnswerabilityChecker, Verdict, partial_note, refusal_lead
from rag.answer.citations import check_citations
from rag.answer.condense import Condensed, Message, condense, condense_offline
from rag.answer.context import Context, Source, build_context
from rag.answer.extractive import render_quotes, select_quotes
from rag.answer.llm import Deadline, Delta, LLMClient, StreamEnd, Usage
from rag.answer.prompts import PromptTemplate, load_prompt
from rag.answer.sanitize import sanitize_markdown
from rag.config import Settings
from rag.deps import Deps
from rag.errors import LLMError
from rag.index.relevance import RELEVANCE_DEPTH, RelevanceScorer
from rag.records import Hit

log = logging.getLogger("fieldguide.answer")
REFUSAL_MARKER = "NOT_IN_GUIDE"
CLOSEST_SECTIONS = 3
_OPENERS = {"[": "]", "(": ")", "<": ">"}


@dataclass(frozen=True)
class TextDelta:
    text: str
    replace: bool = False  # True: `text` replaces everything shown so far (rare correction)


@dataclass
class Answer:
    question: str
    query: str
    answer: str
    citations: list[dict]
    refused: bool
    mode: str  # "llm" or "extractive"
    prompt_id: str
    prompt_version: str
    latency_ms: dict[str, float | None]
    invalid_citations_removed: int = 0
    usage: dict | None = None
    incomplete: bool = False
    fallback_reason: str | None = None
    answer_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    relevance: float | None = None
    sources: list[Source] = field(default_factory=list)  # every source given (not only cited)
    retrieved: list[Hit] = field(default_factory=list)  # the top answer_k hits, sources or not
    variant: str = ""  # the answer prompt this question was assigned (A/B arm), e.g. "answer.v2"
    coverage: str = "full"  # how much of the question the guide covers: "full", "partial" or "none"
    missing: list[str] = field(default_factory=list)  # the question's words the guide does not cover

    def to_json(self) -> dict[str, Any]:
        """The `fieldguide ask --json` object (a public contract: keep the keys)."""
        return {
            "answer": self.answer,
            "citations": [dict(c) for c in self.citations],
            "refused": self.refused,
            "mode": self.mode,
            "prompt_version": self.prompt_version,
            "latency_ms": dict(self.latency_ms),
            "invalid_citations_removed": self.invalid_citations_removed,
            "answer_id": self.answer_id,
            "prompt_id": self.prompt_id,
            "usage": dict(self.usage) if self.usage else None,
            "incomplete": self.incomplete,
            "fallback_reason": self.fallback_reason,
            "prompt_variant": self.variant,
            "coverage": self.coverage,
            "missing": list(self.missing),
        }


class _Clock:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.marks: dict[str, float | None] = {"retrieval": None, "first_token": None, "total": None}

    def ms(self) -> float:
        return round((time.perf_counter() - self.start) * 1000, 1)

    def first(self) -> None:
        if self.marks["first_token"] is None:
            self.marks["first_token"] = self.ms()

    def done(self) -> dict[str, float | None]:
        self.marks["total"] = self.ms()
        return dict(self.marks)


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
        return sanitize_markdown(check_citations(raw, self.valid).text, self.urls)

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


def _closest(hits: list[Hit]) -> list[Hit]:
    seen, out = set(), []
    for hit in hits:
        if hit.chunk.doc_id not in seen:
            seen.add(hit.chunk.doc_id)
            out.append(hit)
    return out[:CLOSEST_SECTIONS]


def refusal_text(hits: list[Hit], verdict: Verdict | None = None) -> str:
    prompt = load_prompt("refusal")
    closest = _closest(hits)
    lead, links = refusal_lead(verdict) if verdict else ("", set())
    parts = [lead or prompt.render("header")]
    if closest:
        lines = []
        for hit in closest:
            c = hit.chunk
            label = f"{c.title} — {c.section}" if c.section else c.title
            lines.append(prompt.render("line", label=label.replace("[", "(").replace("]", ")"), url=c.url))
        parts.append(prompt.render("closest") + "\n" + "\n".join(lines))
    return sanitize_markdown("\n\n".join(parts), {h.chunk.url for h in closest} | links)


class Answerer:
    def __init__(
        self,
        deps: Deps,
        llm: LLMClient | None = None,
        settings: Settings | None = None,
        prompt_version: int | None = None,
    ):
        """`prompt_version`: the answer prompt to use (A/B arm); default the configured one."""
        self.deps = deps
        self.llm = llm
        self.settings = settings or deps.settings
        self.relevance = RelevanceScorer(deps.index.bm25)
        self.answerability = AnswerabilityChecker(deps.index.bm25, self.relevance.unknown)
        self.answer_prompt = load_prompt("answer", prompt_version or self.settings.answer_prompt_version)

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer:
        for event in self.stream(question, history):
            if isinstance(event, Answer):
                return event
        raise AssertionError("stream() ended without an Answer")

    def stream(self, question: str, history: Sequence[Message] = ()) -> Iterator[TextDelta | Answer]:
        for event in self._stream(question, history):
            if isinstance(event, Answer):
                log.info(
                    "answer %s mode=%s prompt=%s.%s refused=%s incomplete=%s fallback=%r "
                    "latency_ms=%s usage=%s",
                    event.answer_id,
                    event.mode,
                    event.prompt_id,
                    event.prompt_version,
                    event.refused,
                    event.incomplete,
                    event.fallback_reason,
                    event.latency_ms,
                    event.usage,
                )
            yield event

    def _stream(self, question: str, history: Sequence[Message]) -> Iterator[TextDelta | Answer]:
        clock = _Clock()
        llm = self.llm
        deadline = llm.deadline() if llm else None
        failure: LLMError | None = None
        try:
            condensed = condense(history, question, llm, deadline)
        except LLMError as exc:  # the LLM is down: do not try it twice for one answer
            failure, llm = exc, None
            condensed = Condensed(condense_offline(history, question), "rules-after-llm-error")
        usage = condensed.usage
        start = time.perf_counter()
        depth = max(self.settings.answer_k, RELEVANCE_DEPTH)
        hits = self.deps.retriever.retrieve(condensed.query, k=depth)
        score = self.relevance.score(condensed.query, hits)
        clock.marks["retrieval"] = round((time.perf_counter() - start) * 1000, 1)
        base = {
            "question": question,
            "query": condensed.query,
            "relevance": score,
            "variant": f"{self.answer_prompt.id}.{self.answer_prompt.version_label}",
        }
        hits = hits[: self.settings.answer_k]
        base["retrieved"] = hits
        context = build_context(hits, self.deps.embedder.count_tokens, self.settings.answer_context_tokens)
        if not context.sources or score < self.settings.refusal_threshold:
            verdict = Verdict("none", "off-topic")
        else:  # before any LLM call: the model is not asked what the guide cannot answer
            verdict = self.answerability.check(condensed.query, [s.hit.chunk for s in context.sources])
        base["coverage"], base["missing"] = verdict.coverage, list(verdict.missing)
        if verdict.coverage == "none":
            yield from self._refuse(
                base,
                hits,
                clock,
                "extractive" if llm is None else "llm",
                usage,
                failure,
                prompt=load_prompt("refusal"),
                verdict=verdict,
            )
            return
        if llm is not None:
            outcome = yield from self._generate(llm, base, context, hits, clock, deadline, usage)
            if outcome is None:  # answered (or refused) by the model
                return
            failure, usage = outcome
        yield from self._extract(base, context, hits, clock, failure, usage)

    # -- the three ways an answer ends -----------------------------------------------------------
    def _refuse(
        self, base, hits, clock, mode, usage, failure, prompt: PromptTemplate, sources=(), verdict=None
    ):
        text = refusal_text(hits, verdict)
        if failure is not None:
            text = self._fallback_notice(failure) + "\n\n" + text
        clock.first()
        yield TextDelta(text)
        yield Answer(
            **{**base, "coverage": "none"},
            answer=text,
            citations=[],
            refused=True,
            mode=mode,
            prompt_id=prompt.id,
            prompt_version=prompt.version_label,
            latency_ms=clock.done(),
            usage=_usage_json(usage),
            fallback_reason=str(failure) if failure else None,
            sources=list(sources),
        )

    @staticmethod
    def _fallback_notice(failure: LLMError) -> str:
        return load_prompt("fallback").render("before", reason=failure.reason)

    def _extract(self, base, context: Context, hits, clock, failure: LLMError | None, usage):
        prompt = load_prompt("extractive")
        quotes = select_quotes(
            base["query"],
            context,
            self.deps.embedder,
            self.settings.extractive_sentences,
            idf=self.relevance.term_idf,
        )
        if not quotes:  # nothing quotable: as good as not covered
            refusal = load_prompt("refusal")
            yield from self._refuse(base, hits, clock, "extractive", usage, failure, refusal, context.sources)
            return
        body = render_quotes(quotes)
        if base["coverage"] == "partial":
            body += "\n\n" + partial_note(base["missing"])
        if failure is not None:
            body = self._fallback_notice(failure) + "\n\n" + body
        checked = check_citations(body, context.numbers())
        text = sanitize_markdown(checked.text, context.urls())
        clock.first()
        for line in text.splitlines(keepends=True):
            yield TextDelta(line)
        by_n = context.by_number()
        yield Answer(
            **base,
            answer=text,
            citations=[by_n[n].citation() for n in sorted(checked.cited)],
            refused=False,
            mode="extractive",
            prompt_id=prompt.id,
            prompt_version=prompt.version_label,
            latency_ms=clock.done(),
            invalid_citations_removed=checked.removed,
            usage=_usage_json(usage),
            fallback_reason=str(failure) if failure else None,
            sources=list(context.sources),
        )

    def _generate(self, llm: LLMClient, base, context: Context, hits, clock, deadline: Deadline, usage):
        """Streams the model's answer and yields its Answer (returning None), or yields nothing
        final and returns (failure, usage) for the caller to fall back on."""
        prompt = self.answer_prompt
        messages = prompt.messages(
            sources=context.render(), question=base["query"], refusal_marker=REFUSAL_MARKER
        )
        gate = _Gate(context)
        finish: StreamEnd | None = None
        failure: LLMError | None = None
        try:
            for event in llm.stream(messages, deadline=deadline):
                if isinstance(event, Delta):
                    delta = gate.feed(event.text)
                    if delta:
                        clock.first()
                        yield TextDelta(delta)
                else:
                    finish = event
        except LLMError as exc:
            failure = exc
        if finish is not None:
            usage = (usage or Usage()) + finish.usage if (usage or finish.usage) else None
        if gate.refused and failure is None:
            yield from self._refuse(base, hits, clock, "llm", usage, None, prompt, context.sources)
            return None
        checked = check_citations(gate.raw.replace(REFUSAL_MARKER, ""), context.numbers())
        text = sanitize_markdown(checked.text, context.urls()).strip()
        if base["coverage"] == "partial" and text and not _says_not_covered(text):
            text += "\n\n" + partial_note(base["missing"])
        if not gate.shown and (failure is not None or not text):
            # Nothing reached the user yet: fall back to the offline answer, and say why.
            return failure or LLMError("the LLM returned an empty answer"), usage
        incomplete = failure is not None or (finish is not None and finish.finish_reason == "length")
        if incomplete:
            reason = failure.reason if failure else f"it reached the {llm.max_tokens}-token limit"
            text += "\n\n" + load_prompt("fallback").render("incomplete", reason=reason)
        if text.startswith(gate.shown):
            if len(text) > len(gate.shown):
                clock.first()
                yield TextDelta(text[len(gate.shown) :])
        else:
            yield TextDelta(text, replace=True)
        by_n = context.by_number()
        yield Answer(
            **base,
            answer=text,
            citations=[by_n[n].citation() for n in sorted(checked.cited)],
            refused=False,
            mode="llm",
            prompt_id=prompt.id,
            prompt_version=prompt.version_label,
            latency_ms=clock.done(),
            invalid_citations_removed=checked.removed,
            usage=_usage_json(usage),
            incomplete=incomplete,
            fallback_reason=None,
            sources=list(context.sources),
        )
        return None


def _says_not_covered(text: str) -> bool:
    """The model already named the part the guide does not cover (answer prompt rule)."""
    lowered = text.lower()
    return "does not cover" in lowered or "doesn't cover" in lowered


def _usage_json(usage: Usage | None) -> dict | None:
    return usage.to_json() if usage else None
