"""Does a company's own posting state its hiring process? Its lines that do, for an answer quoted from
the posting when the guide has no interview write-up for the company (rag/answer/answerability.py).

Read from the posting's text structure, not from a list of companies: a heading naming the process
("Our hiring process", "How our process works", "Interview process") and the lines under it up to the
next heading, or a sentence that puts an interview word beside a step or an evaluation ("You will be
evaluated on … during the interview process", "a take-home, then two technical interviews"), or one
naming the hiring process beside how it is run or how long it takes ("We use AI in our hiring
process", "Our interview process takes about 4 weeks"): such a line alone answers no question about
the steps (`answers`). A line that only asks for accommodations, a benefits list or an
equal-opportunity line names no step: not a process; a notice sentence inside a paragraph is dropped,
not the paragraph.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from rag.answer.context import join_overlapping
from rag.answer.figure_kinds import KindAsk
from rag.answer.interviews import listed_steps
from rag.answer.prompts import load_prompt
from rag.index.bm25 import BM25Index
from rag.index.catalog import Company
from rag.index.text_tokens import tokenize
from rag.names import name_words
from rag.records import Chunk

_HIRING = frozenset({"hire", "interview", "recruit", "candid", "applic", "select"})
_PROCESS = frozenset({"process", "step", "stage", "round", "expect"})
STEP_UNITS = _PROCESS | {"interview"}  # what "how many …" counts of a hiring process
# A line naming an interview step or what the interviews judge ("round" not alone: "well-rounded").
_STEP = frozenset(
    {
        "stage",
        "step",
        "onsit",
        "screen",
        "assess",
        "evalu",
        "test",
        "present",
        "loop",
        "call",
        "video",
        "phone",
    }
)
_PAIRS = (frozenset({"take", "home"}), frozenset({"live", "code"}))
_CHECKED = frozenset(tokenize("background reference referee"))  # the checks before an offer
_VERIFIED = _CHECKED | frozenset(tokenize("verify verification"))  # "we verify employment history"
# What a sentence naming the hiring process itself ("our hiring process", "the recruitment process")
# says of how it is run: AI in screening, a background or identity check, a shortlist, the camera, an
# in-person interview; or how long it takes. Such lines alone state no step (`names_steps`).
_NAMED_PROCESS = re.compile(r"\b(?:hiring|recruit\w*|interview|application|selection) process", re.I)
_CONDUCT = re.compile(
    r"\bAI\b|(?i:\b(?:artificial intelligence|background (?:check|verification)|reference checks?"
    r"|identity|verif\w+|shortlist\w*|camera|on-?site|in[- ]person)\b)"
)
_DURATION = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six)(?:[–-]\d+)?\W*(?:business )?(?:day|week)s?\b", re.I
)
# A question naming steps ("interview rounds", "a take-home") is not answered by such lines alone.
_STEP_ASK = frozenset({"round", "stage", "step", "loop"})
# Notices that name the interviews without describing them: accommodations, equal opportunity, pay
# ranges "assessed during the interview process", privacy, agencies, fraud, flexible working.
_NOTICE = frozenset(
    {"accommod", "disabl", "adjust", "equal", "discrimin", "bia", "divers", "privaci", "data", "agenc"}
    | {"fee", "scam", "fraud", "fraudul", "salari", "compens", "flexibl"}
)
_HIRING_ONLY = _HIRING - {"interview"}  # a list item on its own is a duty unless it names hiring
MAX_HEADING_WORDS = 7  # a section heading is a short line without a sentence's end
MAX_SECTION_LINES = 12  # lines kept under one process heading
MAX_WORDS = 140  # words quoted from the posting in all
_LABEL = re.compile(r"^([A-Z][\w-]*(?: [\w-]+){0,2}):\s+\S")  # "Interview tips: …", a short label
_END = re.compile(r"[.!?;,]\s*$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|(?<=[a-z][.!?])(?=[A-Z][a-z])")  # "stakeholders.As …"
_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_COUNT = r"\b(?:\d+|one|two|three|four|five|six|seven)\b"
# "how many …" wants a count of steps, "how long …" a duration: the line stating it goes first
_FIGURES = (
    (
        re.compile(r"\bhow many\b", re.I),
        re.compile(rf"{_COUNT}[\w -]{{0,30}}\b(?:interview|round|stage|step)", re.I),
    ),
    (re.compile(r"\bhow long\b", re.I), re.compile(rf"{_COUNT}\W*(?:minute|hour|day|week|month)", re.I)),
)


@dataclass(frozen=True)
class PostingProcess:
    """The lines of one of a company's postings that state its hiring process, and their chunks."""

    doc_id: str
    title: str
    lines: tuple[str, ...]
    chunks: tuple[Chunk, ...]


def _heading(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and line[:1].isupper()
        and not _END.search(line)
        and not _ITEM.match(line)
    )


def _joined(text: str) -> list[str]:
    """The text's lines, a wrapped line's rest ("or remote)": lower case after an open line) joined on."""
    out: list[str] = []
    for line in (line.strip() for line in text.splitlines()):
        if line and out and line[:1].islower() and not re.search(r"[.!?:]$", out[-1]):
            out[-1] += " " + line
        elif line:
            out.append(line)
    return out


def _process_heading(line: str) -> int:
    """2 for a heading naming a hiring process ("Our hiring process", "Interview process") or a label
    naming the interviews before a colon ("Interview tips: We will ask you these questions!"), 1 for one
    naming a process only ("How our process works"), else 0."""
    if (label := _LABEL.match(line)) and "interview" in tokenize(label.group(1)):
        return 2
    stems = set(tokenize(line))
    if not _heading(line) or line.endswith(":") or stems & _NOTICE:
        return 0
    if stems & _HIRING and stems & _PROCESS:
        return 2
    return 1 if "process" in stems else 0


def _step_sentence(sentence: str) -> bool:
    """A sentence putting "interview" beside a step or what the interviews judge."""
    stems = set(tokenize(sentence))
    if stems & _NOTICE or "interview" not in stems:
        return False
    return bool(stems & _STEP) or any(pair <= stems for pair in _PAIRS) or "pressur" in stems


def _conduct_sentence(text: str) -> bool:
    """Text naming the hiring process beside how it is run or how long it takes."""
    return bool(_NAMED_PROCESS.search(text) and (_CONDUCT.search(text) or _DURATION.search(text)))


def _sentences(line: str) -> list[str]:
    return _SENTENCE.split(line)


def _conduct(line: str) -> str:
    """The first two neighbouring sentences of the line, notices aside, that name the hiring process
    and how it is run ("… essential to our hiring process. Interview responses created with AI …"),
    or ""."""
    sentences = [s for s in _sentences(line) if not set(tokenize(s)) & _NOTICE]
    for i in range(len(sentences)):
        pair = sentences[i : i + 2]
        if _conduct_sentence(" ".join(pair)):
            return next((s for s in pair if _conduct_sentence(s)), " ".join(pair))
    return ""


def _quote(line: str) -> str:
    """What the line states of the process: the line when it states an interview step across its
    sentences, else its sentences that state one, else how the hiring process is run; or ""."""
    if _step_sentence(line):
        return line
    steps = [s for s in _sentences(line) if _step_sentence(s)]
    return " ".join(steps) if steps else _conduct(line)


def _before_notice(line: str) -> str:
    """The line's sentences before its first notice ("Get started by submitting your CV … AVEVA is
    committed to … people with disabilities." keeps its first sentence)."""
    kept = []
    for sentence in _sentences(line):
        if set(tokenize(sentence)) & _NOTICE:
            break
        kept.append(sentence)
    return " ".join(kept)


def process_lines(text: str) -> list[str]:
    """The posting text's lines stating its hiring process, in order: each process heading with the
    lines under it (to the next heading, MAX_SECTION_LINES at most), and step sentences elsewhere."""
    lines = _joined(text)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line, strength = lines[i], _process_heading(lines[i])
        if strength:
            body, j = [], i + 1
            labelled = bool(_LABEL.match(line))  # its lines end at the next heading or label
            while j < len(lines) and len(body) < MAX_SECTION_LINES:
                if _heading(lines[j]) and (labelled or not lines[j].endswith(":")):
                    break
                body.append(lines[j])
                j += 1
            kept = [k for b in body if (k := _before_notice(b))]
            hiring = any(set(tokenize(b)) & _HIRING for b in kept)
            if any(_quote(b) for b in kept) or (
                strength == 2 and (hiring or any(_ITEM.match(b) for b in kept))
            ):
                out.extend([line, *kept])
            i = j
            continue
        hiring_item = not _ITEM.match(line) or set(tokenize(line)) & _HIRING_ONLY
        if hiring_item and (quote := _quote(line)):
            out.append(quote)
        i += 1
    return list(dict.fromkeys(out))


_DOCS: weakref.WeakKeyDictionary[BM25Index, dict[tuple[str, ...], dict[str, list[Chunk]]]] = (
    weakref.WeakKeyDictionary()
)


def company_postings(bm25: BM25Index, company: str) -> dict[str, list[Chunk]]:
    """The company's postings' description chunks by document, in index order (indexed once)."""
    if bm25 not in _DOCS:
        docs: dict[tuple[str, ...], dict[str, list[Chunk]]] = {}
        for chunk in bm25.chunks:
            owner = str(chunk.metadata.get("company") or "")
            if chunk.kind == "posting" and owner and chunk.section not in ("Summary", "Overview"):
                docs.setdefault(name_words(owner), {}).setdefault(chunk.doc_id, []).append(chunk)
        _DOCS[bm25] = docs
    return _DOCS[bm25].get(name_words(company), {})


_CHUNKS: weakref.WeakKeyDictionary[BM25Index, dict[str, list[Chunk]]] = weakref.WeakKeyDictionary()


def document_chunks(bm25: BM25Index, doc_ids: Sequence[str]) -> list[Chunk]:
    """Every chunk of the documents `doc_ids` (summary and overview too), in index order."""
    if bm25 not in _CHUNKS:
        by_doc: dict[str, list[Chunk]] = {}
        for chunk in bm25.chunks:
            by_doc.setdefault(chunk.doc_id, []).append(chunk)
        _CHUNKS[bm25] = by_doc
    return [c for d in dict.fromkeys(doc_ids) for c in _CHUNKS[bm25].get(d, [])]


def posting_process(bm25: BM25Index, company: str, passages: Sequence[Chunk]) -> PostingProcess | None:
    """The first of the company's postings (those among `passages` first, in their order: the one the
    question names) whose text states its hiring process, or None."""
    for doc_id, chunks in _postings_in_order(bm25, company, passages):
        text = chunks[0].text
        for chunk in chunks[1:]:
            text = join_overlapping(text, chunk.text)
        if lines := _within(process_lines(text)):
            return _quoted(doc_id, chunks, lines, company)
    return None


def _postings_in_order(
    bm25: BM25Index, company: str, passages: Sequence[Chunk]
) -> Iterator[tuple[str, list[Chunk]]]:
    """The company's postings (doc id, chunks in the document's order), those among `passages` first."""
    docs = company_postings(bm25, company)
    order = [*dict.fromkeys(c.doc_id for c in passages if c.doc_id in docs), *docs]
    for doc_id in dict.fromkeys(order):
        yield doc_id, docs[doc_id]


def _quoted(doc_id: str, chunks: list[Chunk], lines: Sequence[str], company: str) -> PostingProcess:
    """The lines quoted from one posting, with the chunks they come from."""
    used = tuple(c for c in chunks if any(line[:40] in c.text for line in lines))
    title = chunks[0].title.removesuffix(f" at {company}")
    return PostingProcess(doc_id, title, tuple(lines), used or (chunks[0],))


# Asking to have the interviews adapted ("can I ask them to adjust the interview for me?"): a posting's
# accommodation notice is the answer, though it names no step (not its equal-opportunity line)
_ADAPTED = frozenset(
    tokenize("adjust adjustment adapt accommodation accommodate customise customize accessible accessibility")
)
_ADAPT_ASK = _ADAPTED | frozenset(
    tokenize("disability disabled neurodivergent dyslexia deaf wheelchair autistic adhd impaired interpreter")
)
_ADAPTED_LINE = _ADAPTED | {"tailor"}  # "our recruitment process is tailored to your needs"


def asked_lines(
    bm25: BM25Index, company: str, passages: Sequence[Chunk], question: str
) -> PostingProcess | None:
    """The sentences of the company's first posting (those among `passages` first) answering what the
    question asks of how it hires: adapted interviews (an offer of that beside its hiring or interviews) or
    a background or reference check (a sentence naming one); None when it asks neither or none says."""
    name = set(tokenize(company))  # "Adaptive ML" asks for no adapted interview, nor says it offers one
    asked = set(tokenize(question)) - name
    if asked & _ADAPT_ASK:
        return _first_with(
            bm25, company, passages, lambda s: _ADAPTED_LINE & (t := set(tokenize(s)) - name) and t & _HIRING
        )
    if checks := asked & _CHECKED:
        return _first_with(
            bm25, company, passages, lambda s: (m := _CHECK_LINE.search(s)) and set(tokenize(m[0])) & checks
        )
    return None


# A check before an offer, as a posting names it: "subject to a background check", "reference checks"
_CHECK_LINE = re.compile(
    r"\bbackground (?:checks?|verification|screening|investigation)|\breference checks?"
    r"|\breferences? (?:check|will be (?:checked|contacted|requested))",
    re.I,
)


def _first_with(
    bm25: BM25Index, company: str, passages: Sequence[Chunk], keep: Callable[[str], object]
) -> PostingProcess | None:
    """The sentences `keep` takes of the company's first posting (those among `passages` first) with any."""
    for doc_id, chunks in _postings_in_order(bm25, company, passages):
        if found := [s for c in chunks for line in _joined(c.text) for s in _sentences(line) if keep(s)]:
            return _quoted(doc_id, chunks, list(dict.fromkeys(found)), company)
    return None


def names_steps(process: PostingProcess) -> bool:
    """Whether the lines state a step of the process (a process heading's section, an interview step),
    not only how it is run (AI in screening, a background check, its length)."""
    return any(
        _process_heading(line) or _step_sentence(line) or any(map(_step_sentence, _sentences(line)))
        for line in process.lines
    )


def answers(process: PostingProcess, question: str) -> bool:
    """Whether the lines answer the question: a step it names ("a take-home", "live coding") is in
    them, and a question about the steps ("interview rounds") gets lines that state steps."""
    asked = set(tokenize(question))
    stated = set(tokenize(" ".join(process.lines)))
    if any(pair <= asked and not pair <= stated for pair in _PAIRS):
        return False
    if asked & _CHECKED and not stated & _VERIFIED:  # "a background check?" needs lines naming a check
        return False
    steps_asked = asked & _STEP_ASK or any(pair <= asked for pair in _PAIRS)
    return names_steps(process) or not steps_asked


def quoted_chunk(process: PostingProcess) -> Chunk:
    """The process lines as one passage (the posting's first chunk, its text the lines quoted): what a
    figure the question asks must be stated in, as for any answer's passages."""
    text = "\n".join(process.lines)
    first = process.chunks[0]
    return replace(first, id=f"{first.id}#process", text=text, embed_text=f"{first.title}\n{text}")


def lists_steps(process: PostingProcess, ask: KindAsk) -> bool:
    """Whether a count asked of the process's steps ("how many interview rounds", "how many stages") is
    answered by the steps its lines list (two list items or more, or a chain "A > B > C"): the reader
    counts them in the quote; no number is computed for the reply."""
    if ask.kind != "count" or ask.unit not in STEP_UNITS:
        return False
    items = sum(bool(_ITEM.match(line)) for line in process.lines)
    return items >= 2 or any(line.count(" > ") >= 2 for line in process.lines)


def steps_counted(ask: KindAsk, companies: Sequence[Company], passages: Sequence[Chunk]) -> bool:
    """A count of a named company's steps ("how many rounds") that a guide page's list of them answers
    (rag/answer/interviews.py `listed_steps`), as `lists_steps` is for a posting's lines."""
    return ask.kind == "count" and ask.unit in STEP_UNITS and listed_steps(companies, passages)


def _within(lines: list[str]) -> list[str]:
    """The first lines up to MAX_WORDS words in all."""
    out, words = [], 0
    for line in lines:
        if out and words + len(line.split()) > MAX_WORDS:
            break
        out.append(line)
        words += len(line.split())
    return out


def render_process(process: PostingProcess, company: str, question: str, number: int = 1) -> str:
    """The answer: a lead saying it comes from the posting, not a write-up, then its lines in their
    shape (headings bold, list items as a list), cited; the line with the count or duration first
    when the question asks "how many" or "how long"."""
    lead = load_prompt("coverage").render("posting_process", company=company, title=process.title)
    lines = list(process.lines)
    stating = [pattern for asks, pattern in _FIGURES if asks.search(question)]
    asked = set(tokenize(question))  # of several lines stating one, the one sharing most words with it
    found = [line for line in lines if any(p.search(line) for p in stating)]
    figure = max(found, key=lambda line: len(asked & set(tokenize(line))), default=None)
    blocks = [f"**{_ITEM.sub('', figure)}**"] if figure else []
    for line in lines:
        if line == figure:
            continue
        if _ITEM.match(line) and blocks and _ITEM.match(blocks[-1].splitlines()[-1]):
            blocks[-1] += "\n" + line
        else:
            blocks.append(f"**{line}**" if _process_heading(line) else line)
    return "\n\n".join([lead, *blocks]) + f" [{number}]"
