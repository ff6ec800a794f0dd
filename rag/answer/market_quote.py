"""A market answer's quoted part: the guide's own figures for what it asks, over the guide's sections.

The sources are the question's top sections, with the guide's analysis-page chunks that state a figure
about each value the spec counts (`value_lookup`) and about each skill it is about (`skill_figures`).
Among them `market_lead` picks the lines for what the question asks, and the skills' own lines follow
(those the picked lines do not hold already). Everything is quoted under its own citation and labelled
as the guide's analysis, renumbered from 1, before the figure computed from the postings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rag.answer.context import Source, build_context
from rag.answer.extractive import render_lead
from rag.answer.market_lead import counted_names, market_lead
from rag.answer.prompts import load_prompt
from rag.answer.sanitize import sanitize_markdown
from rag.answer.skill_figures import joined, skill_leads, skill_pages, spec_skills
from rag.answer.value_lookup import found_chunks, with_value_lines


@dataclass(frozen=True)
class GuideQuote:
    """A market answer's quoted lead: its sources (renumbered from 1) and the rendered part."""

    sources: list[Source]
    text: str

    @property
    def next_citation(self) -> int:
        return len(self.sources) + 1

    def around(self, computed: str) -> str:
        """The quoted lead, then the computed answer under its own label."""
        return f"{self.text}\n\n{load_prompt('market_lead').render('computed')}\n\n{computed}"


def _value_test(desk, spec) -> Callable[[str], bool] | None:
    """Whether a list item's subject is a value of the field a top or breakdown ranks (of its skill
    category, if it has one), by the data's vocabulary; None for other measures."""
    vocab = getattr(getattr(desk, "engine", None), "vocab", None)
    if vocab is None or spec.measure not in ("top", "breakdown") or spec.field not in vocab.counts:
        return None
    field, category = spec.field, spec.skill_category

    def test(text: str) -> bool:
        value = vocab.lookup(field, text) if text else None
        return value is not None and (category is None or vocab.skill_category.get(value) == category)

    return test


def _sources(answerer, question: str, spec) -> tuple[list[Source], list[Source]]:
    """The question's top sections with the analysis-page chunks stating the spec's counted values'
    figures, and those with the chunks stating its skills' figures too (numbered after them). The
    question's own lead is read among the first: the skills' chunks are there for their lines."""
    settings, retriever = answerer.settings, answerer.deps.retriever
    budget, count = settings.answer_context_tokens, answerer.count_tokens
    hits = retriever.retrieve(question, k=settings.answer_k)
    given = answerer.quotable(build_context(hits, count, budget)).sources
    if not settings.market_value_lines:
        return given, given
    desk = answerer.deps.market
    if names := counted_names(spec):
        given = with_value_lines(given, found_chunks(retriever.bm25, names, given, frozenset(desk.samples())),
                                 count, budget)  # fmt: skip
    skills = spec_skills(spec)
    found = skill_pages(desk, retriever.index.bm25.chunks).chunks(skills) if skills else []
    return given, with_value_lines(given, found, count, budget) if found else given


def quote_for_market(answerer, question: str, routed) -> GuideQuote | None:
    """The guide's lead for a market question (`routed`: the router's decision, with its spec) over
    the guide's top sections for it, sources renumbered from 1; None when there is no figure to
    compare (a field not recorded, an unknown value, a count of companies: the guide's analyses count
    job descriptions) or the guide states none."""
    settings, desk = answerer.settings, answerer.deps.market
    if not settings.extractive_lead or routed.spec is None or routed.not_recorded or routed.unknown:
        return None
    spec = routed.spec
    if spec.unit == "companies":
        return None
    own, given = _sources(answerer, question, spec)
    idf = answerer.relevance.term_idf
    parts = market_lead(question, spec, given, idf, _value_test(desk, spec), own_sources=own)
    if settings.market_value_lines:
        vocab, pages = desk.engine.vocab, frozenset(desk.samples())
        parts = joined(
            [*parts, *skill_leads(spec, given, lambda name: vocab.lookup("skill", name), pages, parts)]
        )
    if not parts:
        return None
    cited = dict.fromkeys(line.n for part in parts for line in part.lines)
    numbers = {n: i for i, n in enumerate(cited, start=1)}
    by_n = {s.n: s for s in given}
    sources = [replace(by_n[n], n=i) for n, i in numbers.items()]
    parts = tuple(replace(p, lines=tuple(replace(x, n=numbers[x.n]) for x in p.lines)) for p in parts)
    samples = desk.samples()
    sample = next((samples[p] for s in sources for p in s.hit.chunk.source_paths if p in samples), "")
    header = load_prompt("market_lead").render("guide", sample=f" ({sample})" if sample else "")
    body = sanitize_markdown("\n\n".join(map(render_lead, parts)), {s.url for s in sources})
    return GuideQuote(sources, f"{header}\n\n{body}")
