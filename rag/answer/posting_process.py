"""Does a company's own posting state its hiring process? Its lines that do, for an answer quoted from
the posting when the guide has no interview write-up for the company (rag/answer/answerability.py).

Read from the posting's text structure, not from a list of companies: a heading naming the process
("Our hiring process", "How our process works", "Interview process") and the lines under it up to the
next heading, or a sentence that puts an interview word beside a step or an evaluation ("You will be
evaluated on … during the interview process", "a take-home, then two technical interviews"). A line
that only asks for accommodations, a benefits list or an equal-opportunity line names no step: not a
process.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.answer.context import join_overlapping
from rag.answer.figure_kinds import KindAsk
from rag.answer.prompts import load_prompt
from rag.index.bm25 import BM25Index
from rag.index.text_tokens import tokenize
from rag.names import name_words
from rag.records import Chunk

_HIRING = frozenset({"hire", "interview", "recruit", "candid", "applic", "select"})
_PROCESS = frozenset({"process", "step", "stage", "round", "expect"})
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
_END = re.compile(r"[.!?;,]\s*$")
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
    """2 for a heading naming a hiring process ("Our hiring process", "Interview process"), 1 for one
    naming a process only ("How our process works"), else 0."""
    stems = set(tokenize(line))
    if not _heading(line) or line.endswith(":") or stems & _NOTICE:
        return 0
    if stems & _HIRING and stems & _PROCESS:
        return 2
    return 1 if "process" in stems else 0


def _step_line(line: str) -> bool:
    """A sentence putting "interview" beside a step or what the interviews judge."""
    stems = set(tokenize(line))
    if stems & _NOTICE or "interview" not in stems:
        return False
    return bool(stems & _STEP) or any(pair <= stems for pair in _PAIRS) or "pressur" in stems


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
            while j < len(lines) and len(body) < MAX_SECTION_LINES:
                if _heading(lines[j]) and not lines[j].endswith(":"):
                    break
                body.append(lines[j])
                j += 1
            kept = [b for b in body if not set(tokenize(b)) & _NOTICE]
            hiring = any(set(tokenize(b)) & _HIRING for b in kept)
            if any(_step_line(b) for b in kept) or (
                strength == 2 and (hiring or any(_ITEM.match(b) for b in kept))
            ):
                out.extend([line, *kept])
            i = j
            continue
        if _step_line(line) and (not _ITEM.match(line) or set(tokenize(line)) & _HIRING_ONLY):
            out.append(line)
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
    docs = company_postings(bm25, company)
    order = [*dict.fromkeys(c.doc_id for c in passages if c.doc_id in docs), *docs]
    for doc_id in dict.fromkeys(order):
        chunks = docs[doc_id]  # index order: the document's order
        text = chunks[0].text
        for chunk in chunks[1:]:
            text = join_overlapping(text, chunk.text)
        lines = _within(process_lines(text))
        if lines:
            used = tuple(c for c in chunks if any(line[:40] in c.text for line in lines))
            title = chunks[0].title.removesuffix(f" at {company}")
            return PostingProcess(doc_id, title, tuple(lines), used or (chunks[0],))
    return None


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
    if ask.kind != "count" or ask.unit not in _PROCESS | {"interview"}:
        return False
    items = sum(bool(_ITEM.match(line)) for line in process.lines)
    return items >= 2 or any(line.count(" > ") >= 2 for line in process.lines)


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
