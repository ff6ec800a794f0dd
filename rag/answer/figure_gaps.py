"""The figure checks of rag/answer/answerability.py: an amount, share, duration, count, size or pay asked
that no passage states about what the question names.

An amount (figures.py), share, duration or count (figure_kinds.py) no passage states about what the question
names is refused, or the part named as not covered when another part is covered (not when the others miss key
words too, nor when every part asks an amount none states). Every figure part is checked, in a sentence or
table row naming what the part names (an employer's step, its most specific word; an employer's figure in its
passages or beside its name), a rate per its period (stated.py, figure_subject.py). A size asked beside other
asks ("salary, and bonus size?") needs a figure beside it (asks.py), and of a named employer "how much stock"
a figure beside it in its postings and "is there a bonus on top" the thing mentioned in them. A count or
duration asked beside an amount ("salary, and how many days a week in the office?") is checked as well. Of one
named employer: the pay its postings never state (employer_pay.py), and a quantity of a perk they mention
without a figure ("X paid parental leave length?", employer_quantity.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from rag.answer.asks import asks_beside, question_asks, questioned, sized_aside, unit_only
from rag.answer.employer_asks import unstated_sizes
from rag.answer.employer_pay import names_job, pay_asks, unpaid_asks
from rag.answer.employer_quantity import asked_things, bare_quantity, names_perk, thing_words
from rag.answer.employer_quantity import unquantified as perk_unquantified
from rag.answer.figure_kinds import KindAsk, kind_asks, money_asks
from rag.answer.figure_subject import kind_stated
from rag.answer.figures import FIGURE_COVER
from rag.answer.interviews import written_names
from rag.answer.posting_process import document_chunks
from rag.answer.question_words import tells
from rag.answer.stated import amount_cover
from rag.answer.verdict import Verdict, not_stated
from rag.index.bm25 import BM25Index
from rag.index.catalog import Catalog, Company, name_words
from rag.index.text_tokens import tokenize
from rag.records import Chunk

# "how many of the LLM-focused roles …" or "how many ML engineer jobs are GenAI now": which of a set of jobs
PART_OF = re.compile(
    r"\bhow many of (?:the|these|those|all|our|your)\b"
    r"|\bhow many (?:[\w-]+ ){0,3}(?:jobs|roles|postings|positions|listings) (?:are|were|have|want|need|list|"
    r"mention|require|ask for) (?!there\b)",
    re.I,
)

# the words of a question, not of a job's description ("which days in the office", "can i work from abroad")
_QUESTION = re.compile(
    r"\b(?:what|which|where|when|who|how|whether|can|could|is|are|do|does|will|would)\b", re.I
)
_CLAUSES = re.compile(r"\s[-–—]+\s|:\s")  # "instabase sales engineer - wellness stipend per month"
# an ask of a quantity of any kind, beside the pay: "…, salary and how much equity?"
_QUANTITY = re.compile(r"%|\bpercent|\bhow (?:much|many|big|large|high|generous|long|often)\b", re.I)


class FigureGaps:
    """The figures a question asks that the passages, or a named employer's postings, do not state."""

    def __init__(self, bm25: BM25Index, catalog: Catalog, idf: Callable[[str], float], thing_idf: float):
        """`idf`: a stem's idf over all chunks; `thing_idf`: the idf a word of a perk asked has at least."""
        self.bm25 = bm25
        self.catalog = catalog
        self.idf = idf
        self.thing_idf = thing_idf

    def unpaid(
        self, question: str, passages: Sequence[Chunk], company: Company, verdict: Verdict
    ) -> Verdict | None:
        """The pay asked of the one named employer when its postings state none (employer_pay.py)."""
        unpaid, naming = unpaid_asks(question, company, self.catalog, self.own_documents(passages, [company]))
        if not unpaid:
            return None
        if naming:  # "X senior ml engineer, salary?": the pay is all it asks
            return Verdict("none", "figure-not-stated", unpaid)
        # a missing word inside a pay ask is named by the ask ("salary in £", not "salary" beside it)
        kept = [m for m in verdict.missing if not any(m in ask for ask in unpaid)]
        return Verdict("partial", "figure-not-stated", tuple(dict.fromkeys((*kept, *unpaid))))

    def unpaid_beside(
        self,
        question: str,
        passages: Sequence[Chunk],
        named: Sequence[Company],
        gap: Verdict,
        verdict: Verdict,
    ) -> Verdict | None:
        """A pay not stated, read as the whole question by the amount check ("rillet ml/ai engineer - which
        days in the office, whats the salary"), when the one named employer's postings state no pay and the
        question's other asks ask something (a question word, not a job's description: "X engineer (remote,
        london) - base salary range?") and no figure: the pay asks are the part not covered (`unpaid`), the
        rest answered. `verdict`: the words check's."""
        if len(named) != 1 or gap.coverage != "none" or gap.reason != "figure-not-stated":
            return None
        paid = self.unpaid(question, passages, named[0], verdict)
        if paid is None or paid.coverage != "partial" or len(paid.missing) != len(pay_asks(question)):
            return None
        rest = [a for a in question_asks(question) if a not in paid.missing]
        if not any(_QUESTION.search(a) or questioned(question, a) for a in rest):
            return None
        return None if any(money_asks(a) or kind_asks(a) or _QUANTITY.search(a) for a in rest) else paid

    def unquantified(
        self, question: str, passages: Sequence[Chunk], named: Sequence[Company], verdict: Verdict
    ) -> Verdict:
        """A quantity of one named employer's perk that its postings mention but state no figure of
        (employer_quantity.py), else `verdict`; an employer the guide's pages discuss is left to them. The
        words the passages lack may lie in the ask ("outreach employee referral payout amount")."""
        things = self.unquantified_things(question, passages, named)
        if not things:
            return verdict
        asked = {ask for ask, _thing in things}
        if verdict.missing and not all(any(m in ask for ask in asked) for m in verdict.missing):
            return verdict
        rest = [a for a in question_asks(question) if a not in asked and not bare_quantity(a)]
        rest = [a for a in rest if not unit_only(a)]  # "…, in weeks": the unit of the figure asked
        coverage = "partial" if rest else "none"
        return Verdict(coverage, "size-not-stated", tuple(thing_words(ask, thing) for ask, thing in things))

    def unquantified_things(
        self, question: str, passages: Sequence[Chunk], named: Sequence[Company]
    ) -> list[tuple[str, tuple[str, ...]]]:
        """The asks of a quantity of the one named employer's perks (`asked_things`), when its postings
        state a figure of none of them; [] otherwise. A guide page naming the employer is left to answer
        only where it has a word of the perk too ("SentinelOne - 6 jobs" says nothing of its leave)."""
        if len(named) != 1:  # (an interview file lists steps: its own figures are read with the postings')
            return []
        names = [named[0].name, *self.catalog.alias_names(named[0])]  # "amex gbt": no word of a perk
        titles = [p.title.removesuffix(f" at {named[0].name}") for p in named[0].postings]
        things = asked_things(question, names, self.idf, self.thing_idf, titles)
        pages = self.catalog.page_mentions(name_words(named[0].name))
        perks = all(names_perk(thing) for _ask, thing in things)
        if pages and (not perks or any(set(t) & set(tokenize(c.text)) for _a, t in things for c in pages)):
            return []
        documents = self.own_documents(passages, named) if things else []
        return things if things and all(perk_unquantified(thing, documents) for _ask, thing in things) else []

    def unstated(
        self,
        question: str,
        named: Sequence[Company],
        passages: Sequence[Chunk],
        verdict: Verdict,
        everyday: bool,
        counted: Callable[[KindAsk], bool] = lambda _ask: False,
    ) -> Verdict | None:
        """The verdict for the first amount, share, duration or count asked that no passage states about
        the question's subject (`not_stated`), or None when each is stated (or `counted`). `named`: the
        companies the question names (`Catalog.companies_in`)."""
        # a figure of the employer's is in its own postings, its name typed in lower case too
        # ("speechmatics generous holiday allowance = how many days": the catalog reads it as the name)
        names = written_names([c.name for c in named], question, typed=True)
        asks = money_asks(question)

        def unstated(ask) -> bool:
            return amount_cover(ask, passages, lambda s: self.idf(s) ** 2, names) < FIGURE_COVER

        if (ask := next((a for a in asks if unstated(a)), None)) is not None:
            # "X: holiday allowance and the pay figure": the days stated, the pay not
            if not ask.other_parts and (pay := sized_aside(ask.part, passages, names)):
                return not_stated("figure-not-stated", pay, True, verdict, everyday)
            reason = "share-not-stated" if ask.thing else "figure-not-stated"  # "what % is the match"
            if not ask.other_parts:  # other parts tell, or are about the same thing: none of their words
                verdict = replace(verdict, missing=())
            # "how much is the commuting allowance and what % goes into the pension": no ask is answered
            none_stated = ask is asks[0] and len(asks) > 1 and all(unstated(a) for a in asks[1:])
            if none_stated and all(any(p in a.part for a in asks) for p in question_asks(question)):
                return Verdict("none", reason, tuple(a.part for a in asks))
            return not_stated(reason, ask.part, ask.other_parts, verdict, everyday)
        # A named employer's postings are read whole too, and a word of the ask none of its chunks has
        # weighs there (figure_kinds.kind_cover): a posting that never says "leave" states no count of
        # leave days, and its benefits chunk saying "company match" states no share of it.
        given = {c.id for c in passages}
        extra = [c for c in self.own_documents(passages, named) if c.id not in given] if names else []
        # ... and another employer's posting states none of its figures ("blackbaud parental leave, how
        # long": another's "16 weeks of parental leave" does not say)
        if len(named) == 1 and names:
            own = named[0].name
            passages = [c for c in passages if c.kind != "posting" or c.metadata.get("company") == own]
        sources = (passages, [*passages, *extra]) if extra else (passages,)
        read = partial(kind_stated, idf=self.idf, names=names, companies=named)

        def stated(kind: KindAsk, page_df) -> bool:
            return all(read(kind, passages=p, page_df=page_df) for p in sources)

        def unstated_kind(kind: KindAsk) -> bool:
            return not stated(kind, page_df=self.catalog.page_stem_df) and not (
                # "how many of the LLM-focused roles …" asks a part of a set: a share of it answers too
                kind.kind == "count"
                and PART_OF.search(kind.part)
                and stated(replace(kind, kind="share", unit=None), page_df=self.catalog.page_stem_df)
            )

        kinds = kind_asks(question)
        for kind in kinds:
            # a count or duration asked beside the amount ("salary, and how many days in the office?")
            if counted(kind) or any(kind.part in a.part or a.part in kind.part for a in asks):
                continue
            if unstated_kind(kind):
                # "… After how long do you get it, and how many weeks off is it?": no ask is answered
                every = len(kinds) > 1 and [k.part for k in kinds] == question_asks(question)
                if every and all(k is kind or unstated_kind(k) for k in kinds):
                    return Verdict("none", f"{kind.kind}-not-stated", tuple(k.part for k in kinds))
                return not_stated(f"{kind.kind}-not-stated", kind.part, kind.other_parts, verdict, everyday)
        return None

    def unsized(
        self, question: str, passages: Sequence[Chunk], named: Sequence[Company], verdict: Verdict
    ) -> Verdict | None:
        """The asks after the first for a size no passage states (`unstated_sizes`), or None. Words the
        passages lack are named with them, a word inside such an ask by the ask ("the yearly bonus %", not
        "yearly" beside it). The question is refused when its other asks only tell ("Got an offer from X and
        want to know how generous the match is"), name the job, or ask a quantity of a perk its postings
        never state ("wellness stipend per month and 401k match?")."""
        names = written_names([c.name for c in named], question)
        sizes = unstated_sizes(question, passages, names, self.own_documents(passages, named))
        kept = tuple(m for m in verdict.missing if not any(m in ask for ask in sizes))
        if not sizes or (verdict.coverage != "full" and kept):
            return replace(verdict, missing=(*kept, *sizes)) if sizes else None
        # named by the ask's last clause: "wellness stipend per month" of "instabase sales engineer - …"
        perks = {
            a: _CLAUSES.split(a)[-1].strip() for a, _t in self.unquantified_things(question, passages, named)
        }
        beside = asks_beside(question, sizes)
        told = all(tells(a) or names_job(a, named, self.catalog) or a in perks for a in beside)
        unsized = (*(perks[a] for a in beside if a in perks), *(perks.get(a, a) for a in sizes))
        return Verdict("none" if told else "partial", "size-not-stated", unsized)

    def rest_unsized(
        self, question: str, passages: Sequence[Chunk], named: Sequence[Company], gap: Verdict
    ) -> Verdict:
        """A figure not stated, asked beside sizes no passage states either ("what's the 401(k) match rate,
        and how much goes into the Acorns account each month?"): no part is answered, so it is refused."""
        names = written_names([c.name for c in named], question)
        documents = self.own_documents(passages, named)
        # "… how big is the equity package, and is there an employer match": a thing never mentioned either
        sizes = unstated_sizes(question, passages, names, documents)
        if not sizes or not all(tells(a) for a in asks_beside(question, [*sizes, *gap.missing])):
            return gap
        return Verdict("none", gap.reason, tuple(dict.fromkeys((*gap.missing, *sizes))))

    def own_documents(self, passages: Sequence[Chunk], named: Sequence[Company]) -> list[Chunk]:
        """Every chunk of the named employers' postings among the passages, those the answer uses or not."""
        employers = {name_words(c.name) for c in named}
        own = [c.doc_id for c in passages if name_words(str(c.metadata.get("company") or "")) in employers]
        return document_chunks(self.bm25, own) if own else []
