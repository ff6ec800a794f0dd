"""Does the guide address the legal point or contract term a question asks about?

A question part that asks whether something is legal, enforceable or a right ("can an employer legally
ask …", "are non-compete clauses enforceable", "what are my rights", "does the 30% ruling apply", "can
they sue me"), or what a law it names requires ("the EU AI Act"), or about a term of an employment
contract (a notice period, vesting, a cliff, a non-compete, garden leave, probation, severance, an NDA,
IR35, visa sponsorship, a visa of a class it names ("an O-1 visa"), a kind of leave, vacation days,
on-call pay, who owns one's work (not "your own time"), a provider's terms of use, the window to exercise
stock options), is covered only if one sentence, list item or table row of the passages says something of
that kind (a word of law for a legal point, the term itself for a contract term) and, with its passage's
title and section, holds at least POLICY_COVER of the part's other words by idf (as figure_kinds.py
weighs them). Otherwise the answer would quote a sentence that merely shares the question's words: a
career guide's passages mention offers, salaries and employers often, the law about them rarely.

A job posting states its own employer's terms (benefits, visa policy): its sentences address a
policy question only when the question names that employer. "How does the H-1B lottery work?" is not
answered by one company's sponsorship boilerplate. A named employer's posting is read whole for the term
(`with_posting_terms`): it states its terms anywhere, and retrieval gives only a chunk or two of it.

Rule asks (a place's law, or the asker's employer, setting a rule) are read in rule_asks.py; the same
sentence test covers them with a word of obligation, permission or law.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from rag.answer.figures import sentences
from rag.answer.policy_cues import (
    ASKING_PIECE,
    CONTRACT_ASK,
    LAW_NAME,
    LEGAL_ASK,
    MOVE_PAID,
    PERK_ASK,
    RELOCATION,
    RELOCATION_HELP,
    TAX_ASK,
    perk_said,
    qualifies,
    term_named,
)
from rag.answer.question_words import (
    AUXILIARIES,
    LIST_BREAK,
    MIN_PART_TERMS,
    NOT_KEY_STEMS,
    WH_WORDS,
    alternation,
    listed_after_pay,
    parts,
    without_asker_clause,
)
from rag.answer.rule_asks import rule_ask
from rag.answer.stated import stated_cover
from rag.answer.verdict import Verdict, not_stated
from rag.index.catalog import name_words
from rag.index.filters import Filters
from rag.index.text_tokens import tokenize
from rag.places import place_in
from rag.records import Chunk

_LEGAL_WORDS = re.compile(
    r"\b(?:laws?|legal(?:ly)?|illegal|lawful|enforce\w*|rights|ruling|regulations?|statut\w*|courts?|sue\w*|lawsuits?|"
    r"jurisdictions?|compliance)\b",
    re.I,
)
# A sentence that states a rule: a word of obligation, permission, entitlement or law.
_RULE_WORDS = re.compile(
    r"\b(?:must|required?|requires|requirements?|mandatory|compulsory|obligat\w*|obliged|allow(?:s|ed)?|"
    r"permit(?:s|ted)?|permission|entitle\w*|eligib\w*|forbid\w*|prohibit\w*|bann?(?:ed|s)?|polic(?:y|ies)|"
    r"laws?|legal\w*|rules?|regulat\w*|(?:has|have|need|needs) to|cannot|can['’]t|may not)\b",
    re.I,
)
_POINTING = r"(?:it|them|that|this)"
_BACK = re.compile(rf"\b(?:one|{_POINTING})\s*$", re.I)
_CONFIRMED = re.compile(r"\bright\s*\?\s*\S", re.I)  # "X is US-only remote, right? and …": asked to confirm
_BACK_TO = re.compile(rf"\b{_POINTING}\b", re.I)  # "my contract says X - is that legal": the same matter
# a size asked of a perk ("how much equity", "what's the 401k match"): the figure checks' to answer
_SIZED = re.compile(r"\b(?:how (?:much|many|big|generous)|what(?:['’]?s| is| are)|rate|percent\w*)\b|%", re.I)
_PIECE = re.compile(r",\s+|\s+[-–—]\s+|(?<=\w)\.\s+")
# A legal word as an example, not a legal point asked ("fine-tuning for things like … regulations")
_EXAMPLE = re.compile(r"\b(?:like|such as|including|e\.g\.)\s+(?:[\w-]+\s+){0,4}(?:and\s+|or\s+)?$", re.I)
_TERM_WORD = re.compile(r"[a-z0-9]+")
_FIGURE = re.compile(r"\b(?:how (?:much|many|long)|rate|amount|length|size|percent\w*|weeks|days)\b|%", re.I)
# "on your own time", "my own project": a possessive before "own" says nothing of who owns a thing
_OWN_TIME = re.compile(r"\b(?:my|your|their|its|our|his|her|one['’]s) own\b", re.I)
TERM_LOOKUP_DEPTH = 100  # a named employer's posting chunks BM25 ranks for a contract term's part
POLICY_COVER = 0.5  # by idf: no answerable tuning question asks such a point; the unanswerable reach 0.46


@dataclass(frozen=True)
class PolicyAsk:
    """The part of a question asking a legal point or a contract term, and what it is about."""

    kind: str  # legal, law (a law named: its name is the term), contract, or rule (a rule ask, below)
    part: str
    term: str  # the words that ask it ("legally", "notice period")
    keys: tuple[str, ...]  # the part's other stems
    other_parts: bool
    place: str | None = None  # a rule's or a legal point's jurisdiction (`place_in`)


def _other_stems(text: str, cue: set[str]) -> list[str]:
    """The stems of `text` an ask is about, less its cue and auxiliaries ("would X sponsor")."""
    return [s for s in tokenize(text) if len(s) > 1 and s not in cue and s not in NOT_KEY_STEMS]


def policy_ask(question: str) -> PolicyAsk | None:
    """The first part of the question that asks a legal point or a contract term, or None. The asker's own
    state told first asks none when a later part asks one ("I'm abroad and would need a work visa - is X
    remote-first, and do they sponsor")."""
    all_parts = parts(question)
    asked = [p if _BACK_TO.search(rest := without_asker_clause(p)) else rest for p in all_parts]
    return _first_ask(question, asked) or _first_ask(question, all_parts)


# a law named before a legal point: "legal under GDPR" is answered only by a sentence naming GDPR
_CUES = (
    ("contract", CONTRACT_ASK),
    ("law", LAW_NAME),
    ("tax", TAX_ASK),
    ("legal", LEGAL_ASK),
    ("contract", MOVE_PAID),
    ("contract", RELOCATION),
)


def _first_ask(question: str, all_parts: list[str]) -> PolicyAsk | None:
    for part in all_parts:
        for kind, cue in _CUES:
            m = cue.search(part)
            if not m or (kind == "legal" and _EXAMPLE.search(part, 0, m.start())):
                continue
            cue_stems = set(tokenize(m.group(0)))
            if cue_stems == {"visa"}:  # "will they sponsor a visa": sponsoring is what a visa ask asks
                cue_stems.add("sponsor")
            stems = _other_stems(part, cue_stems)
            if not stems:  # "…, and what are my rights?": the other parts name what it is about
                stems = _other_stems(question, cue_stems)
            others = [p for p in all_parts if p is not part and len(tokenize(p)) >= MIN_PART_TERMS]
            # the term in the asker's own state, the rest asking something else: that state is the part
            told = len(part) - len(rest := without_asker_clause(part))
            if (
                told
                and m.end() <= told
                and (others or _ASKING_FIRST.match(rest))
                and not _BACK_TO.search(rest)
            ):
                clause = part[:told].rstrip(" -–—,;:.")  # "I'm abroad and would need a work visa - is X …"
                return PolicyAsk(kind, clause, m.group(0), tuple(dict.fromkeys(stems)), True)
            # "X new delhi. remote or office, any visa sponsorship": the last piece asks the term, an
            # earlier one something else
            *before, last = _PIECE.split(part)
            if before and m.start() >= len(part) - len(last) and any(ASKING_PIECE.search(b) for b in before):
                stems = _other_stems(last, cue_stems) or stems
                return PolicyAsk(kind, last, m.group(0), tuple(dict.fromkeys(stems)), True)
            # "citi VP salary, vacation days": the days are the part asked, the pay another
            item = next((t for t in listed_after_pay(part) if m.group(0).lower() in t.lower()), None)
            if item is not None:
                return PolicyAsk(kind, item, m.group(0), tuple(dict.fromkeys(stems)), True)
            return PolicyAsk(kind, part, m.group(0), tuple(dict.fromkeys(stems)), bool(others))
    return None


def listed_terms(ask: PolicyAsk) -> list[PolicyAsk]:
    """A terse list of contract terms ("iManage parental leave and pension matching", "Reltio annual
    leave, maternity and paternity"): each listed thing that names a term, asked on its own, with its own
    words and the first item's other words (the employer), a move paid for too ("X hybrid days + relocation
    help"); else [ask]. A list is no question: it opens with no question word or auxiliary ("can my
    employer cut my PTO and my pay?" is one ask)."""
    items = [t.strip() for t in _ITEM_BREAK.split(ask.part) if t.strip()]
    # ("on an H-1B, would X sponsor me" is one ask: an item that asks is no listed thing)
    if ask.kind != "contract" or len(items) < 2 or any(_ASKING_FIRST.match(t) for t in items):
        return [ask]
    out, head = [], CONTRACT_ASK.sub(" ", items[0])  # the list's first words, its own term aside
    for item in items:
        if (m := term_named(item)) is None:
            continue
        cue = set(tokenize(m.group(0)))
        words = item if item is items[0] else f"{head} {item}"
        stems = _other_stems(words, cue)
        out.append(PolicyAsk(ask.kind, item, m.group(0), tuple(dict.fromkeys(stems)), True, ask.place))
    return out or [ask]


def unaddressed(
    asks: Sequence[PolicyAsk],
    passages: Sequence[Chunk],
    idf: Callable[[str], float],
    question: str,
    employers: Collection[tuple[str, ...]],
    missing: Sequence[str],
) -> list[PolicyAsk]:
    """The asks no passage addresses (`policy_cover` below POLICY_COVER), or whose own qualifier is among
    the `missing` words ("the passeport talent visa", "a Kurzarbeit scheme")."""
    return [
        ask
        for ask in asks
        if policy_cover(ask, passages, idf, question, employers) < POLICY_COVER
        or any(qualifies(m, ask.part, ask.term) for m in missing)
    ]


_ADDED = re.compile(r"\s+\+\s+")  # "X office days + visa sponsorship"
_ITEM_BREAK = re.compile(rf"{LIST_BREAK.pattern}|{_ADDED.pattern}", re.I)
_ASKING_FIRST = re.compile(rf"\s*{alternation((*WH_WORDS, *AUXILIARIES))}\b", re.I)


def policy_or_rule_ask(question: str, employer_named: bool) -> PolicyAsk | None:
    """`policy_ask`, else the part asking what a place's law or the asker's employer requires, permits or
    grants (`rule_ask`; not read when the question names an employer of the corpus: `employer_named`)."""
    ask = policy_ask(question)
    if ask is not None:
        return replace(ask, place=place_in(question)) if ask.kind in _PLACE_KINDS else ask
    all_parts = parts(question)
    # a perk of a named employer's beside another ask ("planet ai engineer - is there equity on top, and how
    # hybrid"; "skedda remote AI role: equity?" asks the rest too, which the posting answers)
    perks = [(p, m) for p in all_parts if (m := PERK_ASK.search(p)) and not _SIZED.search(p)]
    if employer_named and perks and (len(all_parts) > 1 or _CONFIRMED.search(question)):
        part, m = perks[0]
        stems = _other_stems(part, set(tokenize(m.group(0))))
        return PolicyAsk("contract", part, m.group(0), tuple(dict.fromkeys(stems)), True)
    rule = rule_ask(question, all_parts, employer_named)
    if rule is None:
        return None
    frame = set(tokenize(rule.frame))
    stems = _other_stems(rule.part, frame)
    # "…, and how do I get one?": a part pointing back at the rule's object asks about the same matter
    others = [
        p for p in all_parts if p != rule.part and len(tokenize(p)) >= MIN_PART_TERMS and not _BACK.search(p)
    ]
    return PolicyAsk("rule", rule.part, rule.frame, tuple(dict.fromkeys(stems)), bool(others), rule.place)


def asks_law(question: str, employer_named: bool) -> bool:
    """Whether the question asks a point of law, a law named, a tax, or a place's rule: the job data's pay or
    counts for that place answer none of them ("do I pay tax in both countries?")."""
    ask = policy_or_rule_ask(question, employer_named)
    return ask is not None and (ask.kind in _PLACE_KINDS or ask.place is not None)


# A point of law, a law or a tax, asked of a place, is that place's ("doesn't cover the law or rules in …").
_PLACE_KINDS = ("legal", "law", "tax")


# Sponsoring a worker, not "company-sponsored events", "sponsored by the company" or "executive sponsors"
_SPONSORING = (
    r"(?<!-)(?<!company )(?<!executive )\bsponsor(?:s|ed|ing|ship)?\b"
    r"(?!\s+(?:by|of|events?|benefits|and attends)\b)"
)
_BACKING = ("sponsor", "help", "support", "assist", "transfer")  # what an employer does for a visa class
_VISA_CLASS = re.compile(r"(?:h-?1b|l-?1|o-?1|e-?3|tn)(?:\s+visas?)?|green\s+cards?|work\s+permits?", re.I)


def _says(ask: PolicyAsk) -> Callable[[str, frozenset[str]], bool]:
    if ask.kind == "legal":
        return lambda sentence, _stems: bool(_LEGAL_WORDS.search(sentence))
    if ask.kind == "rule":
        return lambda sentence, _stems: bool(_RULE_WORDS.search(sentence))
    # The term's words in order ("on-call", "on call"; "visa" for "visas"), not merely somewhere.
    words = [(tokenize(w) or [w])[0] for w in _TERM_WORD.findall(ask.term.lower())]
    # a letter or a number is the term's own ("W-2", "1099"), not a word's start ("with 2 years")
    pieces = [rf"{re.escape(w)}\b" if len(w) < 2 or w.isdigit() else rf"{re.escape(w)}\w*" for w in words]
    phrase = re.compile(r"\b" + r"[\s-]?".join(pieces), re.I)
    visa_class = _VISA_CLASS.fullmatch(ask.term.strip())
    if visa_class:  # "h1b" as postings write it: "H-1B"
        phrase = re.compile(rf"{phrase.pattern}|\b(?:{_VISA_CLASS.pattern})\b", re.I)
    if PERK_ASK.fullmatch(ask.term.strip()):
        said = perk_said(ask.term.strip())
        return lambda sentence, _stems: bool(said.search(sentence))
    if MOVE_PAID.fullmatch(ask.term.strip()):
        return lambda sentence, _stems: bool(RELOCATION_HELP.search(sentence))
    sponsoring = words in (["visa"], ["sponsorship"], ["sponsor"])  # "open to sponsorship": "not sponsor"
    if sponsoring or (visa_class and any(k.startswith(_BACKING) for k in ask.keys)):
        # "we are not able to sponsor" answers "will they sponsor a visa?", "I'm on an H-1B. Would X sponsor
        # me?" and "would they help with a work permit" (not "what do I need to qualify for an O-1 visa?")
        phrase = re.compile(rf"\bvisas?\b|{_SPONSORING}|{phrase.pattern}", re.I)
    return lambda sentence, _stems: bool(phrase.search(_OWN_TIME.sub(" ", sentence)))


def policy_cover(
    ask: PolicyAsk,
    passages: Sequence[Chunk],
    weight: Callable[[str], float],
    question: str | None = None,
    employers: Collection[tuple[str, ...]] = (),
) -> float:
    """The largest share (by weight) of the part's other words that one sentence saying something
    of the asked kind (with its passage's title and section) contains. Given the `question`, an
    employer's passages (a posting's `company`) count only when it names that employer: all of its
    name's words, or the name as the corpus's catalog found it in the question (`employers`, name
    words: "Seek (seekinsights)" names "Seek (seekinsights.com)")."""
    # a named employer's term, asked whether (not "overtime pay rate": a figure's checks are the figures')
    own = question is not None and ask.kind == "contract" and bool(employers) and not _FIGURE.search(ask.part)
    if question is not None:
        passages = _of_named(passages, question, employers, own=own)
    if (term := tuple(tokenize(ask.term))) not in employers:  # Visa Inc's lines say nothing of visas
        passages = [c for c in passages if name_words(str(c.metadata.get("company") or "")) != term]
    says = _says(ask)

    # No sentence of the asked kind at all ("vesting" where no passage says it): nothing addresses the point,
    # however few of the part's other words the passages hold. A named employer's posting is quoted whole
    # (rag/answer/posting_parts.py): its terms may be in a part not retrieved, unless the term is one of a
    # named employer's, which `with_posting_terms` has looked for in all of its posting.
    def said() -> bool:
        return any(says(text, stems) for c in passages for stems, text in sentences(c.text))

    if own:  # the named employer's own words on the term answer it, whatever else the part names
        return 1.0 if said() else 0.0
    if not any(c.metadata.get("company") for c in passages) and not said():
        return 0.0
    return stated_cover(ask.keys, passages, weight, says)


def policy_gap(
    question: str,
    employers: Collection[tuple[str, ...]],
    passages: Sequence[Chunk],
    idf: Callable[[str], float],
    search: Callable[..., list[tuple[Chunk, float]]],
    verdict: Verdict,
) -> Verdict | None:
    """The verdict when no passage addresses the legal point or contract term asked (`unaddressed`), the
    question naming `employers` (catalog name words); None when none is asked or all are addressed."""
    policy = policy_or_rule_ask(question, bool(employers))
    if policy is not None and tuple(tokenize(policy.term)) in employers:  # "Visa Bengaluru lead AI eng"
        policy = policy_or_rule_ask(question.replace(policy.term, "it", 1), True)
    # Another employer's visa or notice policy does not answer one about a name no passage has.
    listed = listed_terms(policy) if policy is not None else []
    read = with_posting_terms(listed, _of_named(passages, question, employers), search)
    gaps = unaddressed(listed, read, idf, question, employers, verdict.missing)
    if policy is None or not gaps:
        return None
    # "X parental leave and pension matching": each term on its own; an item naming no term is asked too
    # ("X office days + visa sponsorship", "X NYC, office days and relocation package", "X: years, visa?")
    items = [t.strip() for t in _ITEM_BREAK.split(policy.part) if t.strip()]
    asked = [*items[1:], *re.split(r":\s+|\s[-–—]\s+", items[0])[1:][-1:]] if len(items) > 1 else []
    other = [t for t in asked if not term_named(t)]
    added = listed[0] is not policy and (bool(_ADDED.search(policy.part)) or bool(other))
    if len(listed) > 1 or added:
        coverage = "partial" if len(gaps) < len(listed) or added else "none"
        return Verdict(coverage, "policy-not-stated", tuple(g.part for g in gaps))
    # a legal point's other parts are about the same matter ("rescind an offer"): all or nothing
    return replace(
        not_stated("policy-not-stated", policy.part, policy.other_parts, verdict), place=policy.place
    )


def with_posting_terms(
    asks: Sequence[PolicyAsk], passages: Sequence[Chunk], search: Callable[..., list[tuple[Chunk, float]]]
) -> list[Chunk]:
    """`passages` and the other chunks of their postings that say a contract term asked: a posting states
    its terms anywhere in it ("not eligible for visa sponsorship" in its last piece), and retrieval gives
    the one or two chunks that match the question best. `search(query, depth, filters)` is BM25."""
    postings = {c.doc_id: str(c.metadata["company"]) for c in passages if c.metadata.get("company")}
    have, out = {c.id for c in passages}, list(passages)
    for ask in (a for a in asks if a.kind == "contract"):
        says = _says(ask)
        for doc, company in postings.items():
            for chunk, _ in search(ask.part, TERM_LOOKUP_DEPTH, Filters(kind="posting", company=company)):
                if (
                    chunk.doc_id == doc
                    and chunk.id not in have
                    and any(says(t, s) for s, t in sentences(chunk.text))
                ):
                    have.add(chunk.id)
                    out.append(chunk)
    return out


def _of_named(
    passages: Sequence[Chunk], question: str, employers: Collection[tuple[str, ...]], own: bool = False
) -> list[Chunk]:
    """The guide's passages and those of an employer the question names (`policy_cover`). With `own` (a
    contract term of a named employer: "xaira … is visa sponsorship on offer") a guide page counts only
    where it names that employer: what the guide says of sponsorship in general is not that employer's."""
    asked = set(tokenize(question))
    out = []
    for c in passages:
        if company := str(c.metadata.get("company") or ""):
            if _names(company, asked) or name_words(company) in employers:
                out.append(c)
        elif not (own and employers) or _mentions(c.text, employers):
            out.append(c)
    return out


def _mentions(text: str, employers: Collection[tuple[str, ...]]) -> bool:
    stems = set(tokenize(text))
    return any(set(tokenize(" ".join(words))) <= stems for words in employers)


def _names(company: str, asked: set[str]) -> bool:
    """No employer (a guide page), or one whose name's words the question has."""
    words = set(tokenize(" ".join(name_words(company))))
    return not words or words <= asked
