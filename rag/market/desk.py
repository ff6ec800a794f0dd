"""The market desk: routes a question, builds its spec (the parser, or an LLM's function call that
is validated and falls back to the parser), runs it and renders the answer the chat, the API and
the CLI show. One per postings table (index version)."""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from rag.answer.question_words import ASK_AFTER_COMMA, MIN_PART_TERMS, parts
from rag.errors import LLMError, MarketError
from rag.index.text_tokens import tokenize
from rag.market.args import spec_flags, validated
from rag.market.cues import GUIDE_ONLY, names_job_data
from rag.market.engine import MarketEngine, MarketResult
from rag.market.follow_up import FollowUps
from rag.market.hiring import PLACE_FIELDS, collected_once, nowhere
from rag.market.intents import counts_postings
from rag.market.mentions import (
    Mentions,
    asks_for_mentions,
    beside_refusal,
    citations,
    count_mentions,
    figure_text,
    mention_phrase,
    mentioned_object,
    narrowed_to,
    no_mention,
)
from rag.market.recorded import Rarity, beyond_the_asker, recorded_words, unrecorded_attribute
from rag.market.render import render
from rag.market.router import EVERY_SHARE, NO_AGGREGATE, Routed, Router
from rag.market.schema import DB_FILE
from rag.market.set_offers import asks_set_offer, set_ask_gap, set_offer_gap
from rag.market.spec import QuerySpec
from rag.market.stated_gap import analysis_chunks, guide_states_gap
from rag.market.unrecorded import uncovered_parts, unrecorded

log = logging.getLogger("fieldguide.market")
CSV_PATH = "/api/market/postings.csv"
OFFERED_REASON = "asks what jobs or their employers offer that the job data does not record"
ASKED_REASON = "asks what jobs or their employers check or ask about that the job data does not record"
TOOL_NAME = "market_query"
RECORDED_FIELDS = (
    "skills, city and country, level, AI type, company (stage and size), work type, management and "
    "customer-facing flags, stated salary ranges and the posting date"
)
_SYSTEM = (
    "You turn a question about AI-engineering job postings into one call of {tool}. `filters` pick the "
    "postings counted in the denominator, `subset` the ones counted within them; `unit` is companies when "
    "the question counts companies or employers, not postings. Use the data's values "
    "where you know them: cities like {cities}; countries as ISO3 codes ({countries}); levels {levels}."
)


@dataclass
class MarketReply:
    """A market answer: route, spec (and who built it), figures, and the rendered text."""

    route: str
    reason: str
    text: str
    citations: list[dict] = field(default_factory=list)
    spec: QuerySpec | None = None
    spec_source: str | None = None  # "parser" or "llm"
    result: MarketResult | None = None
    chart: dict | None = None
    command: str | None = None
    csv_url: str | None = None
    llm_failure: str | None = None  # why the LLM's spec was not used
    mentions: Mentions | None = None  # postings whose own text mentions the asked thing

    def to_json(self) -> dict[str, Any]:
        """The market part of an answer's JSON: route, spec, result (n_total, n_matching, share, rows)."""
        return {
            "route": self.route,
            "spec": self.spec.model_dump(mode="json", exclude_defaults=True) if self.spec else None,
            "spec_source": self.spec_source,
            "result": self.result.to_json() if self.result else None,
            "chart": self.chart,
            "command": self.command,
            "csv_url": self.csv_url,
            "mentions": self.mentions.to_json() if self.mentions else None,
        }


def csv_url(spec: QuerySpec) -> str:
    return f"{CSV_PATH}?{urlencode(spec_flags(spec))}"


def tool_definition() -> dict:
    """The spec's JSON schema as an OpenAI function (what function calling fills in): a fresh copy."""
    return json.loads(_tool_json())


@functools.cache
def _tool_json() -> str:
    # pydantic rebuilds the schema on every call (about 1 ms of the event loop per market answer)
    tool = {
        "name": TOOL_NAME,
        "description": "Compute an exact figure over all job postings (counts, shares, top values, pay).",
        "parameters": QuerySpec.model_json_schema(),
    }
    return json.dumps(tool)


def with_market(deps):
    """`deps` with its index version's market desk attached (None when the version has no table),
    so the answer pipeline routes market questions; closed with the deps."""
    from rag.answer.own_passages import in_corpus
    from rag.index.catalog import catalog_for

    def rarity() -> Rarity:
        return Rarity.of(catalog_for(deps.index.bm25), functools.partial(in_corpus, deps.index.bm25))

    analysis = functools.cache(lambda: analysis_chunks(deps.index.bm25.chunks, deps.market.samples()))
    deps.market = MarketDesk.open(deps.index.dir / DB_FILE, rarity, analysis) if deps.index.dir else None
    return deps


# Capitalised words of a question that name no value: the data's own terms and sentence words.
_GENERIC_NAMES = frozenset("ai ml llm llms genai gen i ok faq us uk eu".split())
_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][A-Za-z0-9&.-]*)")


def counts_everything(spec: QuerySpec | None) -> bool:
    """A count or share with no filter, subset or grouping: every posting, whatever was asked."""
    return (
        spec is not None
        and spec.measure in ("count", "share")
        and spec.group_by is None
        and spec.filters.is_empty()
        and spec.subset.is_empty()
    )


def unparsed_name(question: str) -> str | None:
    """A capitalised word inside the question ("GEICO", "Klarna") that is not one of the data's
    generic terms ("AI", "LLM"); the parser found no value in the question, so it named nothing."""
    for m in _NAME.finditer(question.strip()):
        if m.group(1).lower() not in _GENERIC_NAMES:
            return m.group(1)
    return None


class MarketDesk:
    """Routes, specifies, runs and renders market questions over one postings table."""

    def __init__(self, engine: MarketEngine, rarity: Callable[[], Rarity] | None = None, analysis=tuple):
        """`rarity`: how often the index's guide uses each word, and `analysis`: the guide's analysis pages'
        chunks, both read when first needed; without `rarity` every word may name a recorded field."""
        self.engine = engine
        self._rarity, self._analysis = rarity, analysis
        self.router = Router(engine.vocab)
        self.follow_ups = FollowUps(self.route, self.router.extractor)

    @classmethod
    def open(
        cls, path: Path, rarity: Callable[[], Rarity] | None = None, analysis=tuple
    ) -> MarketDesk | None:
        """The desk of a version's table; None when the version has none (built before the table)."""
        return cls(MarketEngine(path), rarity, analysis) if Path(path).is_file() else None

    @functools.cached_property
    def recorded(self) -> frozenset[str]:
        """The words of what the postings table records (rag/market/recorded.py)."""
        return recorded_words(self.engine.vocab)

    def unrecorded_words(self, text: str) -> str | None:
        """The words of `text` naming an attribute the table does not record (None: all accounted for)."""
        if self._rarity is None:
            return None
        extract = self.router.extractor.extract
        return beyond_the_asker(text, lambda t: unrecorded_attribute(extract(t), self.recorded, self.rarity))

    @functools.cached_property
    def rarity(self) -> Rarity | None:
        return self._rarity() if self._rarity else None

    def close(self) -> None:
        self.engine.close()

    def guide_part(self, question: str) -> str:
        """What the guide answers of a question the figure is added to: "worth learning TypeScript? how
        many postings want it" asks the guide the first part, the postings' figure answers the count."""
        asked = [a for p in parts(question) for a in ASK_AFTER_COMMA.split(p)]  # "…, how many posts want go"
        rest = [
            p
            for p in asked
            if len(tokenize(p)) >= MIN_PART_TERMS and not counts_postings(self.router.extractor.extract(p))
        ]
        return "? ".join(rest) + "?" if rest and len(rest) < len(asked) else question

    def route(self, question: str) -> Routed:
        """`_routed()`, with the phrase to count in the postings' own text when the table does not record
        what is asked: the figure itself when the question asks only how many postings mention it, or
        mention words the parser would read as values ("mention German language": no country filter)."""
        ex = self.router.extractor.extract(question)
        said = mentioned_object(question, ex) if self.engine.has_text else None
        if said and names_job_data(question) and not ex.has(*GUIDE_ONLY):
            return Routed(
                "market", "counts the postings whose own text mentions a phrase", mentioned=said,
                mentioned_within=narrowed_to(ex, said, ""),
            )  # fmt: skip
        routed = self._routed(question)
        if routed.route != "market" or not routed.not_recorded or not self.engine.has_text:
            return routed
        asked = routed.reason == ASKED_REASON  # the gap is the asked thing in the question's own words
        phrase = routed.not_recorded if asked else mention_phrase(question, routed.not_recorded, ex)
        within = narrowed_to(ex, phrase, routed.not_recorded) if phrase else None
        if phrase and asks_for_mentions(question, ex):
            return Routed(
                "market", "counts the postings whose own text mentions a phrase", mentioned=phrase,
                mentioned_within=within,
            )  # fmt: skip
        routed.mentioned, routed.mentioned_within = phrase, within
        return routed

    def _routed(self, question: str) -> Routed:
        """The router's decision; a question the table can give no figure for (a field it does not
        record, a skill no posting names) goes to the guide unless it asks about the job data itself
        ("should I push on base salary or equity?" is advice, not a count of postings)."""
        routed, ex, engine = self.router.route(question), self.router.extractor.extract(question), self.engine
        # a share of every posting asks of a field the data may not record ("… have meeting-free days?")
        market = routed.route == "market" or routed.reason == EVERY_SHARE
        if not routed.not_recorded and (market or names_job_data(question)):
            gap = unrecorded(question, ex, engine.posted_from, engine.posted_to, market)
            if gap and not any(gap.lower() in m.text.lower() for m in ex.mentions if m.field == "company"):
                routed = Routed("market", "asks for what the job data does not record", not_recorded=gap)
        routed = self._set_offer_gap(question, ex, routed) or routed
        if routed.route == "market" and routed.spec is not None and not routed.not_recorded:
            asked = parts(question) or [question]
            if gap := self.unrecorded_words(asked[0]):  # the figure's own part asks what no column holds
                routed = Routed("market", "asks for what the job data does not record", not_recorded=gap)
        if routed.route == "market" and routed.spec is not None:
            gaps = uncovered_parts(question, self.engine.posted_from, self.engine.posted_to)
            gaps = [(p, what) for p, what in gaps if p not in routed.uncovered]  # the router named these
            named = dict(gaps)
            later = [p for p in parts(question)[1:] if p not in named and p not in routed.uncovered]
            gaps += [(p, what) for p in later if (what := self.unrecorded_words(p))]
            for part, what in gaps:
                routed.uncovered.append(part)
                routed.notes.append(f"The job data does not record {what}, so “{part}” is not answered here.")
        if routed.route == "market" and routed.unmatched and not routed.not_recorded:  # no skill of the data
            return Routed(
                "guide", f"the skills asked about are no value of the data: {', '.join(routed.unmatched)}"
            )
        no_figure = routed.not_recorded or (routed.unknown is not None and routed.unknown.field == "skill")
        about_data = names_job_data(question) or asks_set_offer(question)
        if routed.route == "market" and no_figure and not about_data:
            return Routed("guide", "no figure in the job data, and the question is not about the data")
        if routed.route == "market" and counts_everything(routed.spec) and unparsed_name(question):
            # "How many AI jobs did GEICO have?": "1,765 of all 1,765 match" would answer another question
            return Routed("guide", "it would count every posting, but the question names something else")
        return routed

    def _set_offer_gap(self, question: str, ex, routed: Routed) -> Routed | None:
        """The refusal of what the question asks jobs or their employers offer, check or ask about that
        the table does not record (set_offers.py), when the router found no other gap and no figure of
        one posting. What they check or ask about is looked for in the postings' own text as asked."""
        if routed.not_recorded or routed.route not in ("market", "guide") or self.rarity is None:
            return None
        if routed.route == "guide" and routed.reason != NO_AGGREGATE:  # a guide topic, a named posting
            return None
        if offered := set_offer_gap(question, ex, self.rarity.everyday, self.rarity.written):
            return Routed("market", OFFERED_REASON, not_recorded=offered)
        if routed.route != "guide":  # a count of what postings check is the mention count's
            return None
        if asked := set_ask_gap(question, ex, self.rarity.everyday, self.rarity.written):
            return Routed("market", ASKED_REASON, not_recorded=asked)
        return None

    def route_turn(self, question: str, history=(), rewritten: str | None = None) -> Routed:
        """`route()` of a question in its conversation: a follow-up ("and in Germany?") is read with
        the earlier user turns (`rewritten`: an LLM's standalone rewrite of it; see follow_up.py)."""
        return self.follow_ups.read(question, history, rewritten) if history else self.route(question)

    def needs_llm(self, routed: Routed) -> bool:
        """Whether `answer()` would ask an LLM (given one) to write this question's query."""
        return (
            routed.route != "guide"
            and not routed.not_recorded
            and routed.unknown is None
            and (routed.spec is not None)
        )

    def tool_request(self, question: str) -> tuple[list[dict], dict]:
        """The messages and tool with which an LLM writes the query for `question`."""
        return self._messages(question), tool_definition()

    def _messages(self, question: str) -> list[dict]:
        counts = self.engine.vocab.counts
        top = {f: ", ".join(sorted(counts.get(f, {}), key=lambda v: -counts[f][v])[:8]) for f in counts}
        system = _SYSTEM.format(
            tool=TOOL_NAME,
            cities=top.get("city", ""),
            countries=top.get("country", ""),
            levels=top.get("level", ""),
        )
        return [{"role": "system", "content": system}, {"role": "user", "content": question}]

    def llm_spec(self, question: str, llm, deadline=None) -> QuerySpec:
        """The LLM's spec, validated and resolved against the data (MarketError / LLMError if not)."""
        args = llm.call_tool(*self.tool_request(question), deadline=deadline)
        spec = validated(QuerySpec, args)
        self.engine.resolve(spec)
        return spec

    def answer(
        self,
        question: str,
        routed: Routed | None = None,
        llm=None,
        deadline=None,
        first_citation: int = 1,
        quoted: str = "",
    ) -> MarketReply:
        """The answer to a market (or mixed) question; never raises for bad values, only says why.
        `quoted`: what the answer already quotes from the guide (its figures are not stated twice)."""
        routed = routed or self.route(question)
        n = self.engine.n_total
        found = (
            count_mentions(self.engine, routed.mentioned, within=routed.mentioned_within)
            if routed.mentioned
            else None
        )
        cites = citations(found, first_citation) if found else []
        if routed.not_recorded:
            text = (
                f"The job data does not record {routed.not_recorded}, so no figure about it can be "
                f"computed from the {n:,} postings. What the postings record: {RECORDED_FIELDS}."
            )
            if found and found.telling:  # what the postings' own words show beside the refusal
                return MarketReply(routed.route, routed.reason, f"{text}\n\n{beside_refusal(found, cites)}",
                                   cites, mentions=found)  # fmt: skip
            if found and found.n_matching == 0 and routed.reason == ASKED_REASON:  # the thing as asked
                text = f"{text}\n\n{no_mention(found)}"
            return MarketReply(routed.route, routed.reason, text)
        if found is not None:
            return MarketReply(routed.route, routed.reason, figure_text(found, cites), cites, mentions=found)
        # "are there jobs in Charlotte?", "how many postings are in Canada?": none located there
        if routed.unknown is not None and (routed.hiring or routed.unknown.field in PLACE_FIELDS):
            recorded = {f: sum(self.router.extractor.vocab.counts.get(f, {}).values()) for f in PLACE_FIELDS}
            dates = self.engine.posted_from, self.engine.posted_to
            text = nowhere(routed.unknown, recorded, n, *dates, yes_no=routed.hiring is not None)
            return MarketReply(routed.route, routed.reason, text)
        if routed.unknown is not None:
            return MarketReply(routed.route, routed.reason, routed.unknown.plain)
        if routed.spec is None:  # a question for the guide: no figure
            return MarketReply(routed.route, routed.reason, "")
        spec, source, failure = routed.spec, "parser", None
        if llm is not None:
            try:
                spec, source = self.llm_spec(routed.asked or question, llm, deadline), "llm"
            except (LLMError, MarketError) as exc:  # invalid or unusable: the parser's spec stands
                failure = str(exc)
                log.info("LLM market spec not used (%s); the parser's spec answers", failure)
        notes = routed.notes
        if routed.hiring:  # a snapshot of who was hiring, not live openings
            notes = [*notes, collected_once(routed.hiring, self.engine.posted_from, self.engine.posted_to)]
        reply = self.run(spec, first_citation, notes=notes, quoted=quoted)
        reply.route, reply.reason, reply.spec_source, reply.llm_failure = (
            routed.route,
            routed.reason,
            source,
            failure,
        )
        return reply

    def run(
        self, spec: QuerySpec, first_citation: int = 1, notes: list[str] = (), quoted: str = ""
    ) -> MarketReply:
        """Run a spec and render it (an unknown value is answered with its did-you-mean)."""
        try:
            result = self.engine.run(spec)
        except MarketError as exc:
            return MarketReply("market", "spec", str(exc), spec=spec)
        shown = render(result, first_citation, quoted)
        url = csv_url(result.spec)
        parts = [*notes, shown.text, f"Matching postings as CSV: [download]({url})"]
        return MarketReply(
            "market", "spec", "\n\n".join(parts), shown.citations, result.spec, "flags", result,
            shown.chart, shown.command, url,
        )  # fmt: skip

    def guide_states(self, question: str, gap: str, search, depth: int) -> bool:
        """Whether the guide's text states what the refusal for `gap` says the table lacks (stated_gap.py)."""
        return guide_states_gap(self.router.extractor, search, question, gap, depth, self._analysis())

    def samples(self) -> dict[str, str]:
        """The sample each page's own figures come from, by page path ("895 job descriptions, ...")."""
        return {f["page"]: f["sample"] for f in self.engine.guide_figures.values()}
