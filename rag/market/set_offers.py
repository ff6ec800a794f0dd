"""What jobs, their employers or their postings offer, include or state, asked of them as a set ("do AI
engineer jobs usually include a gym membership?", "which AI startups offer equity?", "is a background
check standard for AI jobs?"): the job data records no such thing, so no figure over the postings
answers it (rag/market/desk.py names it instead)."""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.index.text_tokens import tokenize
from rag.market.cues import GUIDE_ONLY, GUIDE_TOPICS
from rag.market.parser import Extraction
from rag.market.recorded import unchecked
from rag.market.unrecorded import AFTER_OFFERED, asked_thing

# "do AI engineer jobs usually include …", "do most AI roles come with …", "which AI startups offer …",
# "do postings tell you …": what jobs, their employers or their postings offer or state, as a set
_SET_OFFERS = re.compile(
    r"\b(?:jobs|roles|positions|postings|listings|ads|companies|employers|startups|firms)(?: that| which)?"
    r"(?: (?:usually|typically|generally|normally|commonly|often|always|ever|actually|really))?"
    r"(?: tend to)? (?:(offers?|comes? with|provides?|gives?|pays? for|covers?)"
    r"|includes?|tells?(?: you)?|says?|states?|disclose|reveals?) ([^,?;]+)",
    re.I,
)
# "which companies hiring AI engineers have a game room?", "are there roles in the job data that allow job
# sharing?", "which of the companies posting AI jobs are under a hiring freeze?": what some of the jobs or
# their employers have, asked of them as a set, after words saying which ("hiring AI engineers")
_SET_HAS = re.compile(
    r"\b(?:which|are there|do any|any)\b(?: of the| of these)? (?:[\w/-]+ ){0,3}?"
    r"(?:compan(?:y|ies)|employers?|jobs|roles|positions|postings|listings|ones|startups|firms)\b"
    r"(?: (?!(?:have|has|allow|allows|let|lets|are|is)\b)[\w/-]+){0,5}? (?:(?:that|which|who) )?"
    r"(?:have|has|allow|allows|let you|lets you|are (?:currently |still |now )?(?:under|on)) ([^,?;]+)",
    re.I,
)
# "is there usually a relocation package for AI engineers?", "is a background check standard for AI jobs?"
# (not "is there client communication in AI roles?": what the work holds, the guide's role pages say)
_USUALLY = r"(?:usually|typically|generally|normally|commonly|often)\s+"
_IS_USUAL = re.compile(
    rf"^\s*(?:is|are)\s+(?:there\s+)?(?:{_USUALLY})?((?:a|an|any)\s+[^,?;]+?)\s+(?:{_USUALLY})?"
    r"(?:(?:standard|common|typical|usual|normal|included|offered|provided)\s+)?(?:for|at)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:jobs|roles|positions|postings|engineers|developers|companies|employers|startups)\b",
    re.I,
)
# "more equity than big tech", "a good work-life balance": a comparison or a judgement, the guide's to make
_JUDGED = re.compile(
    r"(?:(?:a|an|the|any)\s+)?(?:more|less|fewer|better|worse|higher|lower|bigger|good|great|bad|decent|best)\b",
    re.I,
)


# "ai employers checking driving records?", "jobs asking about your sleep schedule", "which companies care
# about your golf handicap": what the jobs or their employers check, ask about or mention, as a set. What
# they need, require, want or expect is most often a skill: those verbs are `_WANTS`, judged more strictly.
_WANTS = r"need(?:s|ing)?|require(?:s|d)?|requiring|want(?:s|ing)?|expect(?:s|ing)?"
_CHECKS = (
    r"check(?:s|ing)?|ask(?:s|ing)?(?: (?:you )?(?:about|for))?|cares? about|caring about"
    r"|screen(?:s|ing)? for|test(?:s|ing)? for|mention(?:s|ing)?|talk(?:s|ing)? about"
)
_SET_ASKS = re.compile(
    r"\b(?:jobs|roles|positions|postings|listings|ads|adverts|companies|employers|startups|firms)"
    r"(?: (?:that|which|who))?(?: (?:usually|typically|generally|often|ever|actually|really))?"
    rf" (?:({_WANTS})|{_CHECKS}) ([^,?;!.]+)",
    re.I,
)
# "screen time limits mentioned in any postings": the thing first, the postings after
_MENTIONED_IN = re.compile(
    r"^\s*([^,?;!.]+?) (?:mentioned|listed|asked about|asked for|checked) (?:in|on|by) (?:any|the|some)?\s*"
    r"(?:ai |tech )?(?:jobs|roles|postings|listings|ads|adverts|job ads|companies|employers)\b",
    re.I,
)
_REFERS_BACK = frozenset("that this these those it them one stuff things".split())
# "which skills do the postings ask for apart from pytorch": the thing asked came before the verb
_NOT_OBJECT = frozenset("apart besides except other else most more now nowadays today also still too".split())
# chat words around the thing ("care about ur bench press lol"): no words of it
_CHAT = frozenset("ur u lol lmao haha pls plz please thx thanks tho though btw".split())


def asks_set_offer(question: str) -> bool:
    """Whether the question asks what jobs, their employers or their postings offer, state, check or ask
    about, as a set."""
    return bool(
        _SET_OFFERS.search(question)
        or _IS_USUAL.search(question)
        or _SET_ASKS.search(question)
        or _MENTIONED_IN.search(question)
    )


def set_ask_gap(
    question: str, ex: Extraction, everyday: Callable[[str], bool], written: Callable[[str], bool] = unchecked
) -> str | None:
    """What jobs or their employers check, ask about or mention, asked of them as a set ("ai employers
    checking driving records?", "screen time limits mentioned in any postings"), when the job data
    records nothing of it: no word of it names a field or a value the parser took or is written as a
    name, no employer is named, it is no topic of the guide's pages, and it has a word the guide's pages
    seldom use or is a phrase no chunk writes. What they need, require, want or expect must have a word
    the guide's pages seldom use: "roles needing production ops work" asks about skills the guide
    describes, "jobs needing a cycling proficiency certificate" does not."""
    if any(m.field == "company" for m in ex.mentions) or ex.has(*GUIDE_ONLY, *GUIDE_TOPICS):
        return None
    if m := _SET_ASKS.search(question):
        said, wants = m.group(2), bool(m.group(1))
    elif m := _MENTIONED_IN.search(question):
        said, wants = m.group(1), False
    else:
        return None
    words = said.split()
    if not words or words[0].lower() in _NOT_OBJECT:
        return None
    said = " ".join(w for w in AFTER_OFFERED.sub("", said).split() if w.lower() not in _CHAT)
    thing = None if not said or _JUDGED.match(said) else asked_thing(said, ex, offered=False)
    if thing is None or _REFERS_BACK & set(thing.split()):
        return None
    return thing if _unrecorded(thing, everyday, written, phrase=not wants) else None


def _unrecorded(
    thing: str, everyday: Callable[[str], bool], written: Callable[[str], bool], phrase: bool
) -> bool:
    """The thing has a word the guide's pages seldom use or, judged as a `phrase`, is words of more than one
    that no chunk writes in a row."""
    stems = [s for w in re.findall(r"[a-z]{3,}", thing) for s in tokenize(w)]
    return not all(everyday(s) for s in stems) or (phrase and len(thing.split()) > 1 and not written(thing))


def set_offer_gap(
    question: str,
    ex: Extraction,
    everyday: Callable[[str], bool],
    written: Callable[[str], bool] = unchecked,
) -> str | None:
    """What jobs, their employers or their postings offer or state, asked of them as a set ("do AI
    engineer jobs usually include a gym membership?", "which AI startups offer equity?", "do postings
    tell you the hiring manager's name?"), when the job data records nothing of it: no word of it
    names a field or a value the parser took, no employer is named (its own lines may say), it is no
    topic of the guide's pages ("take-home"). What they include or state must have a word the guide's
    pages seldom use (`everyday(stem)` is False): "do AI roles usually include training models?" asks
    about the work, which the guide describes; what they offer, provide or pay for is a benefit. What
    some of them have, allow or are under ("a game room", "job sharing", "a hiring freeze") the same,
    or a phrase no chunk writes (`written(phrase)` is False): everyday words, a thing no one mentions."""
    if any(m.field == "company" for m in ex.mentions) or ex.has(*GUIDE_ONLY, *GUIDE_TOPICS):
        return None
    has = False  # what some of them have: judged by whether any chunk writes it too
    if m := _SET_OFFERS.search(question):
        said, benefit = m.group(2), bool(m.group(1))
    elif m := _IS_USUAL.search(question):  # whether a thing is usual: the same bar as what jobs include
        said, benefit = m.group(1), False
    elif m := _SET_HAS.search(question):
        if any(x.text.lower() in m.group(1).lower() for x in ex.mentions):  # "an office in London": a city
            return None
        said, benefit, has = m.group(1), False, True
    else:
        return None
    said = AFTER_OFFERED.sub("", said)
    thing = None if _JUDGED.match(said) else asked_thing(said, ex, offered=True)
    if thing is None:
        return None
    # what they "say" is often the asker's own words ("postings say 64% want ML - how heavy is…"): only a
    # thing some of them "have" is judged by whether any chunk writes it
    return thing if benefit or _unrecorded(thing, everyday, written, phrase=has) else None
