"""A term of one named job asked beside its other asks that the job's own posting never writes.

"geico senior SWE CRM AI: years of experience + any stock options", "saviynt principal SWE AI platform - yrs
of exp + any sign-on bonus", "EvolutionIQ staff platform eng: years needed, fully remote possible": the
posting answers the first ask, and the term asked after it (stock, a bonus, where the work is done, visa
sponsorship, relocation, a time zone, a shift, probation, insurance, on-call duty) is a term of that job. Its
words are common across the postings and the guide's pages (another posting's bonus, a page on remote work),
so the key-term check never finds them missing, and quoting the passages answers nothing of this job's term.
So an ask after the first that names such a term is read against the postings the question singles out
(employer_pay.py's `asked_postings`: of a city or title it names, else all of the employer's; and the
employer's postings among the passages) and the guide's pages naming the employer: when none of them writes a
word of the term's family, that ask is the part not covered. The first ask, which names the job, is left to
the other checks, and so is a question of one ask.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.asks import question_asks
from rag.answer.employer_pay import asked_postings
from rag.answer.verdict import Verdict
from rag.index.bm25 import BM25Index
from rag.index.catalog import Catalog, Company, name_words
from rag.records import Chunk

# A term asked, and the words a posting writes when it says anything of that term.
_FAMILIES = (
    (r"\b(?:stocks?|equity|rsus?|esops?|shares)\b", r"\b(?:stock|equity|rsus?|esops?|shares|ownership)\b"),
    (r"\b(?:bonus|bonuses|sign-?on|joining bonus)\b", r"\b(?:bonus|bonuses|incentive|incentives)\b"),
    (
        r"\b(?:remote|wfh|work from home|hybrid|on-?site|in[- ]office|in an office)\b",
        # the office as where the work is done, not "Office Life: catered lunches"
        r"\b(?:remote|remotely|hybrid|on-?site|in[- ]office|in[- ]person|work from home|wfh|office-based)\b"
        r"|\b(?:in|from|at|to) (?:the|our|an?|one of our) (?:[\w-]+ ){0,2}offices?\b",
    ),
    (  # not "company-sponsored events"
        r"\b(?:visas?|sponsor\w*|h-?1b)\b",
        r"\b(?:visas?|sponsor(?:s|ing|ship)?|h-?1b|work authori[sz]\w+)\b",
    ),
    (r"\brelocat\w*\b", r"\brelocat\w*\b"),
    (r"\b(?:time ?zones?|overlap)\b", r"\b(?:time ?zones?|overlap\w*|[ecmp][sd]?t|gmt|utc|cet|ist)\b"),
    (r"\bshifts?\b", r"\bshifts?\b"),
    (r"\bprobation\w*\b", r"\bprobation\w*\b"),
    (r"\bon[- ]?call\b|\bpager\b", r"\bon[- ]?call\b|\bpager\w*\b"),
    (r"\b(?:health|medical) insurance\b", r"\b(?:insurance|medical|health ?care|healthcare)\b"),
)
FAMILIES = tuple((re.compile(asked, re.I), re.compile(written, re.I)) for asked, written in _FAMILIES)


def unposted_terms(
    question: str,
    company: Company,
    passages: Sequence[Chunk],
    catalog: Catalog,
    bm25: BM25Index,
    verdict: Verdict,
) -> Verdict:
    """`verdict`, or the asks after the first whose term the postings the question singles out never write,
    as the part not covered (added to what `verdict` already names). The employer's postings among the
    `passages` count as singled out too: retrieval finds the job named where the title lookup may pick a
    shorter title ("senior QA engineer AI platform testing" is not "Senior AI QA Engineer")."""
    if verdict.coverage == "none" or not company.postings:
        return verdict
    asks = question_asks(question)
    asked = [a for a in asks[1:] if any(cue.search(a) for cue, _written in FAMILIES)]
    if not asked:
        return verdict
    own = [c for c in passages if c.kind == "posting" and c.metadata.get("company") == company.name]
    named = re.compile(r"\W+".join(map(re.escape, name_words(company.name))), re.I)
    own += [c for c in passages if c.kind != "posting" and named.search(f"{c.title} {c.text}")]
    urls = {p.url for p in asked_postings(question, company, catalog)} | {c.url for c in own}
    # (a guide page naming the employer may say its terms: "Quillon Bio offers visa sponsorship"; so may a
    # passage naming it)
    pages = catalog.page_mentions(name_words(company.name))
    postings = [c for c in bm25.chunks if c.kind == "posting" and c.url in urls]  # (asked seldom: no cache)
    texts = [c.text for c in [*postings, *own, *pages]]
    if not texts:
        return verdict
    missing = [
        a
        for a in asked
        if all(not any(written.search(t) for t in texts) for cue, written in FAMILIES if cue.search(a))
    ]
    missing = [a for a in missing if not any(a in m or m in a for m in verdict.missing)]
    if not missing:
        return verdict
    return Verdict(
        "partial", verdict.reason if verdict.missing else "missing-terms", (*verdict.missing, *missing)
    )
