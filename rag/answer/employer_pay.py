"""The pay asked of one named employer whose postings state none.

"convatec office days and salary?", "rillet ml/ai engineer - which days in the office, whats the salary",
"workwhile ai product swe: which cities can I work from, hybrid? plus base": the employer's posting answers
the other asks but states no pay, and its summary says so ("Salary: not stated in the posting", written by
ingest/postings.py). Quoting that posting as a full answer hides the gap, and refusing the whole question
drops what it does answer. So each ask (asks.py) that asks for pay is read against the data: the pay is
stated when one of the employer's postings the question asks about (those in a city it names, or of a title
it names: "celonis london hybrid? salary?" is not about its New York posting's range) has a pay range (the
`compensation` the ingest parsed, as Posting.paid records it) or a sentence of those postings among the
passages states an amount beside a pay word, not a company's turnover ("we paid $11.2 billion to workers").
When it is not, the pay asks are the part not covered; the question is not covered at all when it asks
nothing else than the pay of a job it names ("X senior ml engineer, salary?"). Whether a posting lists pay
("does the X job list a salary?") is answered by the posting saying it does not, so it is no pay ask here.
Nor is one employer's pay the job table's to answer from other postings (`employers_pay`, read by
pipeline.guide_only before the table is asked).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.asks import question_asks, questioned
from rag.answer.figures import PAY_MADE_OF, figure_units, states_amount
from rag.answer.question_words import parts, tells
from rag.index.catalog import Catalog, Company, Posting
from rag.index.posting_names import title_terms
from rag.names import NAME_WORD
from rag.places import is_place
from rag.records import Chunk

# Pay asked as job seekers type it: "salary", "pay range", "base", "comp", "ctc", "what does it pay".
# Not "pay for" (what a perk covers) or "pay to relocate me", nor holiday, sick or parental pay, a pay rise or
# review.
_PAY = re.compile(
    r"\b(?:salary|salaries|compensation|comp|ctc|wages?|ote|(?:day|hourly|daily) rate)\b"
    r"|\bpackage(?=\s+in\s+(?:lpa|lakhs?|inr|rupees)\b)"  # "what's the package in LPA"
    r"|(?<!holiday )(?<!sick )(?<!parental )(?<!maternity )(?<!paternity )(?<!overtime )"
    r"\bpay\b(?!\s+(?:for|rise|raise|review|transparency|gap|equity|parity|cut|increase|slip|an?|the|their|"
    r"his|her|my|your|any|some|fees?|it|them|back|off|out|attention|to)\b)"
    r"|(?:^|[+&#]\s*|\b(?:plus|and|also|the|what's|whats|what is)\s+)"
    r"base(?:\s+(?:pay|salary|range|comp))?\s*#?$",
    re.I,
)
# Whether the posting lists pay at all (the posting's own "not stated" answers it), or what it says of pay
# ("X says top-of-market salary"): a remark
_LISTED = re.compile(
    r"\b(?:says?|said|claims?|list(?:s|ed)?|stat(?:e|es|ed)|show(?:s|n)?|mention(?:s|ed)?|disclos(?:e|es|ed)|"
    r"includ(?:e|es|ed)|post(?:s|ed)|publish(?:es|ed)?|transparen(?:t|cy)|advertis(?:e|es|ed))\b",
    re.I,
)
# How pay is set or talked about ("how do they decide on promotions and pay", "can I ask about salary
# first"): no amount asked, in the whole part
_HOW_SET = re.compile(
    r"\b(?:decid(?:e|es|ed)|determin(?:e|es|ed)|negotiat\w*|discuss\w*|(?:ask|talk)(?:ing)? about|bring up|"
    r"work(?:ed)? out|calculat\w*|structur\w*|benchmark\w*|expectations?)\b",
    re.I,
)
# Another thing measured against the pay: "what % of salary is the bonus", "equity on top of the base"
_BESIDE_PAY = re.compile(
    r"\b(?:of|on top of|beyond|besides|than|above|over)\s+(?:the\s+|my\s+|your\s+|their\s+)?(?:base\s+)?"
    r"(?:salary|pay|base|comp|compensation)\b",
    re.I,
)
# words of a job's name beside its employer's and its title's ("the AI engineer role in leeds")
_JOB_WORDS = frozenset(
    "the a an in at for of role job position opening posting listing vacancy team based founder stage "
    "level".split()
)
# words of job titles that ask about the job too ("hybrid + pay": is it hybrid; "experience and pay")
_ASKED_WORDS = frozenset(
    "remote hybrid onsite site office contract contractor freelance visa relocation experience".split()
)
# A company's size in money, not pay: "we paid $11.2 billion to workers", "$40M raised"
_TURNOVER = re.compile(r"\b(?:billion|million|bn|mn)\b|\d\s?[bBmM]\b")


def pay_asks(question: str) -> list[str]:
    """The question's asks (asks.py) that ask for pay, not whether a posting lists it."""
    told = [p for p in parts(question) if _HOW_SET.search(p)]  # "how do they decide on promotions and pay"
    return [
        a
        for a in question_asks(question)
        if _PAY.search(a)
        and not (_LISTED.search(a) or _BESIDE_PAY.search(a) or PAY_MADE_OF.search(a))
        and not any(a in p for p in told)
    ]


def asked_postings(question: str, company: Company, catalog: Catalog) -> list[Posting]:
    """The employer's postings the question singles out: those in a city it names ("celonis london
    hybrid? salary?"), else those of a title it names; all of them when it singles out none."""
    named = {p.title for p in catalog.posting_names.named(question) if p.company == company.name}
    chosen = [p for p in company.postings if p.title.removesuffix(f" at {company.name}") in named]
    chosen = chosen or _by_own_title_words(question, company)
    words = f" {' '.join(NAME_WORD.findall(question.lower()))} "
    placed = [p for p in company.postings if (city := _city(p)) and f" {city} " in words]
    return placed or chosen or company.postings


def _by_own_title_words(question: str, company: Company) -> list[Posting]:
    """The employer's postings with a title word the question has and none of its other titles has
    ("pear vc atrix FDE": "Forward Deployed Engineer (AI Solutions) - Atrix")."""
    asked = title_terms(question) - title_terms(company.name)
    titles = [title_terms(p.title.removesuffix(f" at {company.name}")) for p in company.postings]
    return [
        p
        for i, p in enumerate(company.postings)
        if asked & (titles[i] - frozenset().union(*titles[:i], *titles[i + 1 :]))
    ]


def _city(posting: Posting) -> str:
    """The city of a posting's location ("london" of "London, GBR"; none of "USA")."""
    place = posting.location.split(",")[0] if "," in posting.location else ""
    return " ".join(NAME_WORD.findall(place.lower()))


def pay_stated(company: Company, catalog: Catalog, documents: Sequence[Chunk], question: str = "") -> bool:
    """Whether one of the employer's postings the question asks about (`asked_postings`) has a pay range,
    or a sentence of its `documents` (chunks of those postings) states an amount beside a pay word that is
    no company's turnover."""
    postings = asked_postings(question, company, catalog)
    if any(p.paid for p in postings):
        return True
    if len(postings) < len(company.postings):  # singled out: only those postings' own chunks
        documents = [c for c in documents if c.url in {p.url for p in postings}]
    for chunk in documents:
        for stems, sentence in figure_units(chunk.text):
            if states_amount(sentence, stems) and not _TURNOVER.search(sentence):
                return True
    return False


def unpaid_asks(
    question: str, company: Company, catalog: Catalog, documents: Sequence[Chunk]
) -> tuple[tuple[str, ...], bool]:
    """The asks for pay of the employer's job that its postings never state (none when they state it),
    and whether they are all the question asks besides naming the job (words of its name, of job titles
    and places only: "X senior ml engineer in bengaluru, salary?")."""
    asked = pay_asks(question)
    if not asked or not documents or pay_stated(company, catalog, documents, question):
        return (), False
    rest = [a for a in question_asks(question) if a not in asked]
    return tuple(asked), all(
        (names_job(a, [company], catalog) and not questioned(question, a)) or tells(a) for a in rest
    )


def names_job(ask: str, companies: Sequence[Company], catalog: Catalog) -> bool:
    """The ask only names the job: words of its employer's name, of job titles and places ("X senior ml
    engineer in bengaluru", "For the AI software engineer job at X"), none asking of it ("remote")."""
    own = {w for c in companies for w in NAME_WORD.findall(c.name.lower())} | catalog.title_words | _JOB_WORDS
    return all(w in own - _ASKED_WORDS or is_place(w) for w in NAME_WORD.findall(ask.lower()))


# A statistic over postings, or a comparison with them: "what's the median AI salary in SF? I have a Stripe
# offer" asks the table whoever is named
_STATISTIC = re.compile(
    r"\b(?:median|average|mean|typical(?:ly)?|percentiles?|overall|in general|across|compar\w*|vs|versus|"
    r"than|market)\b",
    re.I,
)


def employers_pay(question: str, spec, employers: list[str]) -> bool:
    """One employer named (`employers`, as the catalog reads them) and its pay asked, which the job table's
    `spec` (rag/market/spec.py; None: no table query) reads as the pay of other postings, with no company
    filter: "t-systems ai eng: pune? salary?" is that posting's to answer, not the median of Pune's."""
    if spec is None or spec.measure != "salary" or len(employers) != 1 or _STATISTIC.search(question):
        return False
    return not (spec.filters.company or spec.subset.company)


# Postings named as a set: "what share of postings are at X" asks the table, "X's incentive - like 10
# percent?" does not (singular "posting" or "role": one job)
_POSTINGS = re.compile(
    r"\b(?:postings|posts|jobs|roles|listings|openings|ads|adverts|positions|vacancies|data|dataset|hiring)\b",
    re.I,
)


def employers_share(question: str, spec, employers: list[str]) -> bool:
    """One employer named and nothing else, and the job table's `spec` would give its share (or count) of all
    postings for a question that names no postings: "horizon media's annual incentive - is it like 10 or 20
    percent?" asks a figure of that employer's, not "1 of 1,765 postings is at Horizon Media"."""
    if (
        spec is None
        or spec.measure not in ("share", "count")
        or len(employers) != 1
        or _POSTINGS.search(question)
    ):
        return False
    read = (spec.filters, spec.subset)
    return any(f.company for f in read) and not any(
        v for f in read for k, v in vars(f).items() if k != "company"
    )
