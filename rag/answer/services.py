"""Requests for a service the assistant does not offer: "Can you review my CV?", "Write me a cover
letter", "Apply to this posting for me", "Give me a mock interview", "Find me a job in Berlin".

The assistant answers questions from the guide; it does not read, write or send documents, run an
interview or search live job boards. Such a request would otherwise be answered with whatever
lines share its words (a "CV platform" that is computer vision). It is read from the clause's
structure: an address to the assistant ("can you", "could you", "I want you to", "let's", or an
imperative opening the clause), then an action the product cannot perform on its object (an
editing verb on the asker's own document, a writing verb on an application document, applying
or sending for the asker, an interview run with the asker, a job found for the asker). Verbs that
ask for information ("tell", "list", "explain", "show") never count: "Can you tell me what skills AI
engineers need?" and "Can you list companies hiring in Berlin?" are questions. A question asked beside
the request ("Review my CV and tell me which skills I lack", "Write my cover letter. What should it
say?") is answered after the sentence on what the assistant can't do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.answer.citations import check_citations
from rag.answer.context import Source
from rag.answer.figures import market_citations, market_cover
from rag.answer.prompts import load_prompt
from rag.answer.question_words import asks, from_question_word
from rag.answer.sanitize import sanitize_markdown
from rag.index.filters import Filters
from rag.records import Citation

LEAD = frozenset("hi hey hello ok okay so now also and then just kindly please pls quickly".split())
ADDRESSES = (
    "can you", "could you", "would you", "will you", "do you", "can u", "could u",
    "i want you to", "i need you to", "i would like you to", "id like you to", "lets", "let us",
)  # fmt: skip
EDIT = frozenset(
    "review check critique proofread edit correct improve fix rate grade score evaluate assess rewrite "
    "polish tailor optimize optimise read update revise redo format customize customise adapt roast "
    "tweak".split()
)
WRITE = frozenset("write draft create generate make prepare compose produce build".split())
SEND = frozenset("submit send forward".split())
RUN = frozenset("give do run conduct hold start simulate host have set practice practise".split())
FIND = frozenset("find get search land secure match hunt".split())
DOCUMENTS = (
    "cover letter", "motivation letter", "personal statement", "linkedin profile", "cv", "resume",
    "portfolio", "linkedin", "github", "application", "bio", "email", "letter",
)  # fmt: skip
OWN = frozenset("my our this that these attached".split())
JOBS = frozenset("job jobs role roles position positions opening openings internship internships".split())
INTERVIEW = ("mock", "practice interview", "practise interview", "interview simulation", "role play")
SHOWN = {
    "cv": "CV",
    "linkedin": "LinkedIn profile",
    "linkedin profile": "LinkedIn profile",
    "github": "GitHub",
}
SEARCHED, SECTIONS = 8, 3  # guide sections retrieved for the reply, and how many distinct ones it links
OBJECT_WORDS = 5  # a writing verb's document within this many words ("write me a short cover letter")
JOINED = frozenset("and then also plus".split())  # what joins a second ask to the request
_CLAUSE = re.compile(r"[.?!;:\n]+")  # what ends a clause (a request is read in one)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class ServiceAsk:
    """A request for a service not offered: its kind, the asked action as written, its object's words."""

    kind: str  # "document", "apply", "interview" or "job"
    action: str  # the request from its verb on, e.g. "review my cv"
    document: str = ""  # the document asked about, e.g. "cover letter" ("" for the other kinds)
    wanted: str = ""  # a job search's words after its verb, less "me" ("a job in berlin")
    after: str = ""  # a document request's words after the document ("for a barista job")
    rest: str = ""  # a question asked beside the request, as written ("tell me which skills I lack")


def service_ask(message: str) -> ServiceAsk | None:
    """The first clause of `message` that asks the assistant for a service it does not offer, with the
    question asked beside it, if any."""
    read = [(clause, _request(clause)) for clause in _CLAUSE.split(message)]
    found = next((ask for _, ask in read if ask is not None), None)
    return replace(found, rest=_rest(read)) if found is not None else None


def _request(clause: str) -> ServiceAsk | None:
    words = _words(clause)
    if (start := _addressed(words)) is not None:
        return _ask(words[start:], start > 0)
    return None


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("é", "e").replace("'", ""))


def _rest(read: list[tuple[str, ServiceAsk | None]]) -> str:
    """The question asked beside the request, as written: in the request's clause, what "and" / "then"
    joins after it ("… my CV and tell me which skills I lack": "which skills I lack"), else another
    clause that asks one ("Write my cover letter. What should it say?"); "" when there is none."""
    for clause, ask in read:
        words = clause.split()
        if ask is not None:  # the request's clause: the first ask joined after its verb
            joins = (i for i, w in enumerate(words[1:-1], 1) if w.lower() in JOINED and asks(words[i + 1 :]))
            rest = " ".join(words[next(joins, len(words)) + 1 :])
        else:
            rest = clause.strip() if asks(words) else ""
        if rest:
            return from_question_word(rest)
    return ""


def _addressed(words: list[str]) -> int | None:
    """Where the requested action starts: after the address ("can you please"), or at 0 for a bare
    imperative; None when the clause is not addressed to the assistant (a question about it)."""
    i = 0
    while i < len(words) and words[i] in LEAD:
        i += 1
    rest = words[i:]
    for address in ADDRESSES:
        parts = address.split()
        if rest[: len(parts)] == parts:
            i += len(parts)
            while i < len(words) and words[i] in LEAD:
                i += 1
            if words[i : i + 2] == ["help", "me"]:  # "can you help me write my CV?"
                i += 2
            return i
    return i if rest else None


def _ask(words: list[str], addressed: bool) -> ServiceAsk | None:
    if len(words) < 2:
        return None
    verb, rest = words[0], words[1:]
    text = " ".join(rest)
    for_me = bool({"me", "my"} & set(rest)) or "on my behalf" in text
    if verb in ("interview", "quiz", "grill") and rest[0] == "me" or _runs_interview(verb, rest, text):
        return ServiceAsk("interview", _action(words, len(words)))
    document = _document(rest)
    if document and (
        (verb in EDIT and _owned(rest, document))
        or (verb in WRITE and _position(rest, document) < OBJECT_WORDS)
        or (verb in SEND and for_me)
    ):
        end = 1 + _position(rest, document) + len(document.split())
        kind = "document" if verb not in SEND else "apply"
        return ServiceAsk(kind, _action(words, end), document, after=" ".join(words[end:]))
    if verb == "apply" and rest[0] in ("to", "for") and (for_me or not addressed or OWN & set(rest)):
        return ServiceAsk("apply", _action(words, len(words)))
    job = next((i for i, w in enumerate(rest) if w in JOBS), None)
    searched = rest[0] == "me" or "for me" in text or verb in ("find", "search")
    if verb in FIND and job is not None and searched:
        if addressed and not for_me:  # "can you find a job without a degree?": the generic "you"
            return None
        wanted = " ".join(rest[1:] if rest[0] == "me" else rest).replace(" for me", "")
        return ServiceAsk("job", _action(words, len(words)), wanted=wanted)
    return None


def _runs_interview(verb: str, rest: list[str], text: str) -> bool:
    if verb in RUN and any(f" {phrase}" in f" {text}" for phrase in INTERVIEW):
        return True
    asks_me = verb == "ask" and rest[0] == "me" and "questions" in rest  # "ask me interview questions"
    return asks_me or (verb in ("practice", "practise") and "with me" in text)


def _document(rest: list[str]) -> str:
    text = f" {' '.join(rest)} "
    return next((d for d in DOCUMENTS if f" {d} " in text or f" {d}s " in text), "")


def _position(rest: list[str], document: str) -> int:
    first = document.split()[0]
    return next(i for i, w in enumerate(rest) if w in (first, first + "s"))


def _owned(rest: list[str], document: str) -> bool:
    """The asker's own document: "my CV", "this cover letter", "the attached resume"."""
    at = _position(rest, document)
    return bool(OWN & set(rest[max(0, at - 3) : at]))


def _action(words: list[str], end: int) -> str:
    return " ".join(words[:end])


@dataclass(frozen=True)
class ServiceReply:
    """What a service request is told: the text, the guide's sections it cites, a postings figure."""

    text: str
    sources: list[Source]
    citations: list[Citation]
    market: dict | None = None  # MarketReply.to_json() of a job search's "who was hiring" figure


def service_reply(ask: ServiceAsk, retriever, desk=None) -> ServiceReply:
    """What the assistant can't do, the postings' figure for a job search (`desk`: the market desk,
    asked "which companies are hiring for <the wanted job>"), then the guide's own sections for it."""
    prompt = load_prompt("service")
    parts, citations, market = [prompt.render(ask.kind, document=_shown(ask.document))], [], None
    if ask.kind == "job" and desk is not None and ask.wanted:
        question = f"Which companies are hiring for {ask.wanted}?"
        routed = desk.route(question)
        reply = desk.answer(question, routed) if routed.route == "market" else None
        if reply is not None and not market_cover(routed, reply)[0]:  # a figure, not a gap
            parts.append(prompt.render("job_postings", figure=reply.text))
            citations, market = market_citations(reply.citations), reply.to_json()
    first = max((c.n for c in citations), default=0) + 1
    query = prompt.render(f"{ask.kind}_query", document=_shown(ask.document))
    hits = retriever.retrieve(query, k=SEARCHED, filters=Filters(kind="page"))
    closest = list({h.chunk.url: h for h in hits}.values())[:SECTIONS]
    sources = [Source(first + i, hit, hit.chunk.text, False) for i, hit in enumerate(closest)]
    lines = [prompt.render("line", label=_label(s), url=s.url, n=s.n) for s in sources]
    guide = "\n".join(([prompt.render("job_guide")] if ask.kind == "job" else []) + lines)
    guide += "\n\n" + prompt.render("ask_instead", example=prompt.render(f"{ask.kind}_example"))
    checked = check_citations(guide, {s.n for s in sources})
    parts.append(sanitize_markdown(checked.text, {s.url for s in sources}))
    cited = [s.citation() for s in sources if s.n in checked.cited]
    return ServiceReply("\n\n".join(parts), sources, citations + cited, market)


def service_note(ask: ServiceAsk) -> str:
    """What the assistant can't do, said before the answer to the question asked beside the request."""
    prompt = load_prompt("service")
    return prompt.render("rest", cannot=prompt.render(ask.kind, document=_shown(ask.document)).split(":")[0])


def _label(source: Source) -> str:
    return source.label.replace("[", "(").replace("]", ")")


def _shown(document: str) -> str:
    return SHOWN.get(document, document)
