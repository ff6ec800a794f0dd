"""The answer pipeline: condense, retrieve, refuse or assemble sources, generate or extract,
check citations, sanitise.

`Answerer.stream()` yields `TextDelta`s (safe, checked text, ready to show) and then exactly one
`Answer`; `ask()` returns just the Answer. Library code: LLM failures become a fallback or an
incomplete answer, never an exception; only index errors and bugs propagate.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rag.answer.answerability import Verdict, checker_for, partial_note
from rag.answer.boilerplate import for_index as boilerplate_for
from rag.answer.citations import CitationCheck, check_citations, in_citation_order
from rag.answer.company_lead import company_lead, gap_quotes, gap_verdict, render_gap
from rag.answer.condense import Condensed, Message, condense, condense_offline
from rag.answer.context import Context, Source, build_context
from rag.answer.employer_pay import employers_pay, employers_share
from rag.answer.figures import handed_over, market_citations, market_cover
from rag.answer.generation import ANSWERED, REFUSAL_MARKER, REFUSED, Generation, TextDelta
from rag.answer.grounding import Grounding
from rag.answer.learn_order import ordered_first, ordered_lead
from rag.answer.llm import LLMClient, Usage
from rag.answer.market_quote import quote_for_market
from rag.answer.named_values import value_lead
from rag.answer.policy import asks_law
from rag.answer.posting_parts import with_posting_parts
from rag.answer.posting_process import render_process
from rag.answer.prompts import PromptTemplate, load_prompt
from rag.answer.refusal_notes import refusal_text
from rag.answer.replies import Answer, Clock, log_answer, small_talk
from rag.answer.role_scope import other_profession
from rag.answer.sanitize import sanitize_markdown
from rag.answer.services import service_ask, service_note, service_reply
from rag.answer.which_page import page_lead
from rag.config import Settings
from rag.deps import Deps
from rag.errors import LLMError
from rag.index.relevance import RELEVANCE_DEPTH, RelevanceScorer
from rag.records import Hit

__all__ = ["REFUSAL_MARKER", "Answer", "Answerer", "TextDelta", "log_answer", "refusal_text"]


def guide_only(question: str, checker, routed=None) -> bool:
    """Whether the job data answers nothing of the question whatever the router reads: another profession's
    pay ("a retail store manager"), a place's law or a tax ("do I pay tax in both countries?"), an employer
    it has no postings from ("periodic labs hiring ai engineers? salary?", "Is StepFun hiring …, what do they
    pay?"), one employer's pay the `routed` table would take from other postings (`employers_pay`), a
    figure of one employer's that it would read as its share of all postings (`employers_share`), or where
    one employer's job is done (remote or in the office: no column of the table)."""
    named = [c.name for c in checker.catalog.companies_in(question)]
    return (
        other_profession(question, checker)
        or asks_law(question, bool(named))
        or (not named and checker.absent_name(question) is not None)
        or (routed is not None and employers_pay(question, routed.spec, named))
        or (routed is not None and employers_share(question, routed.spec, named))
        # where one employer the router missed has its job done: its posting says ("nebius … remote?")
        or (routed is not None and routed.asks_workplace and len(named) == 1)
    )


class Answerer:
    """The answer pipeline over one index and (optionally) one LLM."""

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
        # Popular sections come back often: their rendered sources are counted once (thread-safe cache).
        self.count_tokens = lru_cache(maxsize=8192)(deps.embedder.count_tokens)
        self.answerability = checker_for(deps, self.relevance.unknown, self.settings.refusal_threshold)
        budget, documents = self.settings.answer_context_tokens, self.settings.lookup_documents
        self.grounding = Grounding(self.answerability, deps.index.bm25, self.count_tokens, budget, documents)
        self.answer_prompt = load_prompt("answer", prompt_version or self.settings.answer_prompt_version)
        self.boilerplate = boilerplate_for(deps.index) if self.settings.drop_boilerplate else None

    def quotable(self, context: Context) -> Context:
        """What an answer may quote, or the LLM read: the context less posting boilerplate (when dropped)."""
        return self.boilerplate.strip(context) if self.boilerplate else context

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer:
        for event in self.stream(question, history):
            if isinstance(event, Answer):
                return event
        raise AssertionError("stream() ended without an Answer")

    def stream(self, question: str, history: Sequence[Message] = ()) -> Iterator[TextDelta | Answer]:
        for event in self._routed(question, history):
            if isinstance(event, Answer):
                log_answer(event)
            yield event

    def _routed(
        self, question: str, history: Sequence[Message], offline=False
    ) -> Iterator[TextDelta | Answer]:
        """The router first (a follow-up read with its turns): market questions are answered from the
        postings table, mixed ones get the guide's answer plus the figure (numbered after the guide's).
        `offline`: without the LLM even when one is configured."""
        llm = None if offline else self.llm
        if (chatted := small_talk(question) or self.service(question)) is not None:  # no question
            yield from chatted
            return
        desk = self.deps.market
        routed = desk.route_turn(question, history) if desk is not None else None
        # another profession's pay is not the job data's ("a retail store manager"): the guide refuses it
        if routed is None or routed.route == "guide" or guide_only(question, self.answerability, routed):
            yield from self._stream(question, history, llm)
            return
        if routed.route == "market":
            yield from self._market(question, routed, llm, history)
            return
        for event in self._guide_beside_figure(question, history, llm):
            if isinstance(event, Answer):
                yield self.add_figure(event, question, routed, llm)
            yield event

    def _guide_beside_figure(
        self, question: str, history: Sequence[Message], llm
    ) -> Iterator[TextDelta | Answer]:
        """The guide's answer to a question a figure is added to; when the guide refuses it whole and a part
        asks the count the figure gives ("is golang worth it, how many posts want go?"), its answer to the
        other parts (held back until then, so that no refusal is shown first)."""
        guide = self.deps.market.guide_part(question)
        if guide == question:
            yield from self._stream(question, history, llm)
            return
        events = list(self._stream(question, history, llm))
        if any(isinstance(e, Answer) and e.refused for e in events):
            events = list(self._stream(guide, history, llm))
            for event in events:
                if isinstance(event, Answer):
                    event.question = question
        yield from events

    def service(self, question: str) -> list[TextDelta | Answer] | None:
        """The reply to a request for a service the assistant does not offer ("review my CV"), without a
        model call; None for a question."""
        ask = service_ask(question)
        if ask is None or (ask.after and other_profession(ask.after, self.answerability)):
            return None  # a cover letter "for a barista job" is off-topic: the guide's check refuses it
        if ask.rest:  # "… and tell me which skills I lack": that question answered after what can't be done
            # offline: a service reply is computed in a CPU worker, where no LLM call may wait
            answer = next(e for e in self._routed(ask.rest, (), offline=True) if isinstance(e, Answer))
            answer.answer = f"{service_note(ask)}\n\n{answer.answer}"
            answer.question, answer.coverage, answer.missing = (
                question,
                "partial",
                [ask.action, *answer.missing],
            )
            return [TextDelta(answer.answer), answer]
        clock = Clock()
        reply = service_reply(ask, self.deps.retriever, self.deps.market)
        clock.first()
        prompt, route = load_prompt("service"), "both" if reply.market else "guide"
        answer = Answer(
            question, question, reply.text, reply.citations, False, "extractive", prompt.id,
            prompt.version_label, clock.done(), sources=reply.sources, route=route, market=reply.market,
            coverage="partial", missing=[ask.action],
        )  # fmt: skip
        return [TextDelta(reply.text), answer]

    def add_figure(self, answer: Answer, question: str, routed, llm) -> TextDelta:
        """A mixed question's figure from the postings, appended to the guide's `answer` (its
        citations numbered after the guide's); the returned piece is what the reader sees added."""
        first = max((c.n for c in answer.citations), default=0) + 1
        reply = self.deps.market.answer(question, routed, llm, first_citation=first, quoted=answer.answer)
        figure = "\n\n**From all the job postings:** " + reply.text
        answer.answer += figure
        answer.citations = [*answer.citations, *market_citations(reply.citations)]
        answer.route, answer.market = "both", reply.to_json()
        return TextDelta(figure)

    def market(self, question: str, routed, llm, history: Sequence[Message] = ()) -> list[TextDelta | Answer]:
        """A market answer in the web service's CPU worker: hands over to the guide only offline."""
        return list(self._market(question, routed, llm, history, hand_over=self.llm is None))

    def _market(
        self, question: str, routed, llm=None, history=(), hand_over=True
    ) -> Iterator[TextDelta | Answer]:
        """The figure; or, when there is none, the guide's answer if its text states the asked thing."""
        clock = Clock()
        quote = quote_for_market(self, routed.asked or question, routed)  # the guide's own figure first
        first, quoted = (quote.next_citation, quote.text) if quote else (1, "")
        reply = self.deps.market.answer(question, routed, llm, first_citation=first, quoted=quoted)
        gap, missing, coverage = market_cover(routed, reply)  # no figure: a refusal; or parts uncovered
        desk, search, depth = self.deps.market, self.deps.retriever.bm25, self.settings.answer_k
        stated = hand_over and gap and desk.guide_states(question, gap[0], search, depth)  # the guide says it
        answer_llm = None if llm is None else self.llm  # `llm` may be the web worker's prefetched tool call
        events = list(self._stream(question, history, answer_llm)) if stated else []
        if events and (note := handed_over(events[-1], gap[0])):
            yield TextDelta(note)
            yield from events
            return
        text = quote.around(reply.text) if quote and not gap else reply.text
        sources = quote.sources if quote and not gap else []
        clock.first()
        yield TextDelta(text)
        yield Answer(
            question=question, query=routed.asked or question, answer=text, refused=bool(gap),
            citations=[s.citation() for s in sources] + market_citations(reply.citations), sources=sources,
            coverage=coverage, missing=missing, prompt_version=reply.spec_source or "parser",
            mode="llm" if reply.spec_source == "llm" else "extractive", prompt_id="market", route="market",
            latency_ms=clock.done(), fallback_reason=reply.llm_failure, market=reply.to_json(),
        )  # fmt: skip

    def _stream(self, question: str, history: Sequence[Message], llm) -> Iterator[TextDelta | Answer]:
        clock = Clock()
        deadline = llm.deadline() if llm else None
        try:
            condensed, failure = condense(history, question, llm, deadline), None
        except LLMError as exc:  # the LLM is down: do not try it twice for one answer
            failure, llm = exc, None
            condensed = Condensed(condense_offline(history, question), "rules-after-llm-error")
        events, generation = self.plan(question, condensed, clock, failure, with_llm=llm is not None)
        yield from events
        if generation is None:
            return
        failure = None
        try:
            for event in llm.stream(generation.messages, deadline=deadline):
                delta = generation.feed(event)
                if delta:
                    yield delta
        except LLMError as exc:
            failure = exc
        events, answered = self.ended(generation, failure, llm.max_tokens)
        yield from events
        if not answered:
            yield from self.extract(generation)

    def plan(
        self, question: str, condensed: Condensed, clock: Clock, failure: LLMError | None, with_llm: bool
    ) -> tuple[list[TextDelta | Answer], Generation | None]:
        """The CPU part of an answer: retrieve, score, build the context, check answerability. Then
        either the whole answer (a refusal, or the offline answer without an LLM) or the LLM's turn."""
        start = time.perf_counter()
        hits = self.deps.retriever.retrieve(condensed.query, k=max(self.settings.answer_k, RELEVANCE_DEPTH))
        score = self.relevance.score(condensed.query, hits)
        hits = ordered_first(
            condensed.query, hits, self.deps.index.bm25, self.relevance.term_idf, self.settings.answer_k
        )
        clock.marks["retrieval"] = round((time.perf_counter() - start) * 1000, 1)
        run = _Run(
            question=question,
            query=condensed.query,
            relevance=score,
            prompt_variant=f"{self.answer_prompt.id}.{self.answer_prompt.version_label}",
            retrieved=hits[: self.settings.answer_k],
            clock=clock,
            usage=condensed.usage,
            failure=failure,
        )
        # before any LLM call: the model is not asked what the guide cannot answer
        context, run.verdict = self.grounding(condensed.query, run.retrieved, score)
        if run.verdict.process is not None and run.verdict.company is not None:  # from its own posting
            return list(self._from_posting(run)), None
        if run.verdict.coverage == "none":
            mode = "llm" if with_llm else "extractive"
            return list(self._refuse(run, mode, load_prompt("refusal"))), None
        if self.settings.extractive_lead:  # a named posting's parts stating the figure: the model's too
            bm25, idf = self.deps.retriever.bm25, self.relevance.term_idf
            context = with_posting_parts(condensed.query, context, bm25, idf, self.count_tokens)
        if with_llm:
            return [], Generation(run, self.quotable(context), self.answer_prompt)
        return list(self._extract(run, context)), None

    def ended(
        self, generation: Generation, failure: LLMError | None, max_tokens: int
    ) -> tuple[list[TextDelta | Answer], bool]:
        """(the events that end the model's answer, True), or ([], False): give `extract()` instead."""
        outcome, events = generation.end(failure, max_tokens)
        if outcome == REFUSED:
            run = generation.run
            return list(self._refuse(run, "llm", generation.prompt, generation.context.sources)), True
        return events, outcome == ANSWERED

    def extract(self, generation: Generation) -> list[TextDelta | Answer]:
        """The offline answer after the LLM failed (CPU work: it embeds sentences)."""
        return list(self._extract(generation.run, generation.context))

    # -- the three ways an answer ends -----------------------------------------------------------
    def _refuse(self, run: _Run, mode: str, prompt: PromptTemplate, sources: Sequence[Source] = ()):
        text = refusal_text(run.retrieved, run.verdict if run.verdict.coverage == "none" else None)
        if run.failure is not None:
            text = self._fallback_notice(run.failure) + "\n\n" + text
        run.clock.first()
        yield TextDelta(text)
        yield run.finish(text, mode, prompt, sources, refused=True)

    def _from_posting(self, run: _Run):
        """The company's hiring process quoted from its own posting (no interview write-up for it)."""
        process, company = run.verdict.process, run.verdict.company
        hits = [Hit(chunk, 1.0) for chunk in process.chunks]
        context = build_context(hits, self.count_tokens, self.settings.answer_context_tokens)
        text = render_process(process, company.name, run.query)
        if run.verdict.coverage == "partial":  # a figure asked that the quoted lines do not state
            text += "\n\n" + partial_note(run.verdict.missing)
        checked, context = in_citation_order(check_citations(text, context.numbers()), context)
        text = sanitize_markdown(checked.text, context.urls())
        run.clock.first()
        yield TextDelta(text)
        yield run.finish(text, "extractive", load_prompt("extractive"), context.sources, checked)

    @staticmethod
    def _fallback_notice(failure: LLMError) -> str:
        return load_prompt("fallback").render("before", reason=failure.reason)

    def _extract(self, run: _Run, context: Context):
        idf = self.relevance.term_idf
        lead = None
        if self.settings.extractive_lead:  # a named value's own line
            budget = self.settings.answer_context_tokens
            sources, lead = value_lead(
                run.query, context.sources, self.deps.retriever.bm25, None, self.count_tokens, budget
            )
            context = replace(context, sources=sources)
        quotable = self.quotable(context)
        if self.settings.extractive_lead and lead is None:  # "which webinar …": the page's title
            lead = page_lead(run.query, quotable.sources)
        if self.settings.extractive_lead and lead is None:
            lead, quotable = ordered_lead(run.query, quotable, self.deps.index.bm25, idf)
        lead, gap = company_lead(run.query, lead, quotable.sources, self.deps.index.bm25, idf)
        limit, words = self.settings.extractive_sentences, self.settings.extractive_words
        quotes = gap_quotes(gap, run.query, quotable, self.deps.embedder, limit, idf, lead, words)
        if not quotes and quotable.sources != context.sources:  # asked of a notice: "drug-free workplace?"
            quotable = context
            quotes = gap_quotes(gap, run.query, quotable, self.deps.embedder, limit, idf, lead, words)
        if not quotes:  # nothing quotable: as good as not covered
            yield from self._refuse(run, "extractive", load_prompt("refusal"), context.sources)
            return
        body = render_gap(quotes, lead, gap)
        if run.verdict.coverage == "partial":
            body += "\n\n" + partial_note(run.verdict.missing)
        run.verdict = gap_verdict(run.verdict, gap)  # the answer's first line names the gap already
        if run.failure is not None:
            body = self._fallback_notice(run.failure) + "\n\n" + body
        checked, context = in_citation_order(check_citations(body, context.numbers()), context)
        text = sanitize_markdown(checked.text, context.urls())
        run.clock.first()
        for line in text.splitlines(keepends=True):
            yield TextDelta(line)
        yield run.finish(text, "extractive", load_prompt("extractive"), context.sources, checked)


@dataclass
class _Run:
    """One question on its way to an answer: what the steps found so far, finished into an Answer."""

    question: str
    query: str
    relevance: float
    prompt_variant: str
    retrieved: list[Hit]  # the top answer_k hits
    clock: Clock
    usage: Usage | None = None  # condensing and generation together
    failure: LLMError | None = None  # why the answer falls back to the offline one
    verdict: Verdict = field(default_factory=lambda: Verdict("full", "covered"))  # answerability

    def finish(
        self,
        text: str,
        mode: str,
        prompt: PromptTemplate,
        sources: Sequence[Source] = (),
        checked: CitationCheck | None = None,
        *,
        refused: bool = False,
        incomplete: bool = False,
    ) -> Answer:
        """The Answer: `text` as shown, citing the `checked` numbers among `sources`."""
        by_n = {s.n: s for s in sources}
        return Answer(
            question=self.question, query=self.query, answer=text,
            citations=[by_n[n].citation() for n in sorted(checked.cited)] if checked else [],
            refused=refused, mode=mode, prompt_id=prompt.id, prompt_version=prompt.version_label,
            latency_ms=self.clock.done(), invalid_citations_removed=checked.removed if checked else 0,
            usage=self.usage.to_json() if self.usage else None, incomplete=incomplete,
            fallback_reason=str(self.failure) if self.failure else None, relevance=self.relevance,
            sources=list(sources), retrieved=self.retrieved, prompt_variant=self.prompt_variant,
            coverage="none" if refused else self.verdict.coverage, missing=list(self.verdict.missing),
        )  # fmt: skip
