"""What a refusal or a partial answer says for an answerability verdict (rag/answer/answerability.py):
the opening paragraph naming what the guide does not state, or the company's postings and what the
guide's pages say of its hiring, then the closest sections; and the note under a partial answer naming
the part not covered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.answer.prompts import load_prompt
from rag.answer.sanitize import sanitize_markdown
from rag.answer.sentences import mostly_links
from rag.records import Hit

if TYPE_CHECKING:
    from rag.answer.answerability import Verdict

POSTINGS_LISTED = 5
CLOSEST_SECTIONS = 3
_KIND_WORDS = {
    "share-not-stated": "a share",
    "duration-not-stated": "a duration",
    "count-not-stated": "a number",
}


def _quoted(names: Sequence[str]) -> str:
    quoted = [f"“{n}”" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _count(n: int) -> str:
    return f"{n} job posting" if n == 1 else f"{n} job postings"


def refusal_lead(verdict: Verdict) -> tuple[str, set[str]]:
    """The refusal's opening paragraph for a known reason ("" for off-topic), and the links it uses."""
    prompt = load_prompt("coverage")
    if verdict.reason == "postings-only" and verdict.company is not None:
        company = verdict.company
        count = _count(len(company.postings))
        if verdict.mentions:
            lines = [prompt.render("mentions_only", company=company.name)]
            for m in verdict.mentions:
                label = (
                    (f"{m.title} — {m.section}" if m.section else m.title).replace("[", "(").replace("]", ")")
                )
                lines.append(prompt.render("mention_line", sentence=m.sentence, label=label, url=m.url))
            lines.append("\n" + prompt.render("mentions_postings", company=company.name, postings=count))
        else:
            lines = [prompt.render("postings_only", company=company.name, postings=count)]
        listed = company.postings[:POSTINGS_LISTED]
        for p in listed:
            title = p.title.replace("[", "(").replace("]", ")")
            lines.append(prompt.render("posting_line", title=title, url=p.url))
        if len(company.postings) > len(listed):
            lines.append(prompt.render("more_postings", more=len(company.postings) - len(listed)))
        return "\n".join(lines), {p.url for p in listed} | {m.url for m in verdict.mentions}
    if verdict.reason in ("figure-not-stated", "size-not-stated") and verdict.missing:
        return prompt.render("figure_not_stated", names=_quoted(verdict.missing)), set()
    if verdict.reason == "policy-not-stated" and verdict.missing and verdict.place:
        place = f"the {verdict.place}" if verdict.place.replace(".", "").isupper() else verdict.place
        return prompt.render("place_rule_not_stated", names=_quoted(verdict.missing), place=place), set()
    if verdict.reason == "policy-not-stated" and verdict.missing:
        return prompt.render("policy_not_stated", names=_quoted(verdict.missing)), set()
    if verdict.reason in _KIND_WORDS and verdict.missing:
        what = _KIND_WORDS[verdict.reason]
        return prompt.render("kind_not_stated", names=_quoted(verdict.missing), what=what), set()
    if verdict.reason == "not-mentioned":
        return prompt.render("not_mentioned", names=_quoted(verdict.missing)), set()
    if verdict.reason == "off-topic":
        return prompt.render("off_topic"), set()
    if verdict.reason == "missing-terms" and verdict.missing:
        return prompt.render("missing_terms", names=_quoted(verdict.missing)), set()
    return "", set()


def partial_note(missing: Sequence[str]) -> str:
    """The note under a partial answer: the parts of the question it does not cover."""
    return load_prompt("coverage").render("partial", names=_quoted(missing))


def model_note(missing: Sequence[str]) -> str:
    """What the model is told with a partial question: the parts no source states, not to be guessed."""
    return load_prompt("coverage").render("model_partial", names=_quoted(missing))


def _closest(hits: Sequence[Hit], pages_first: bool) -> list[Hit]:
    """One hit per document, CLOSEST_SECTIONS at most, lists of links last; with `pages_first`, the
    guide's own pages only when any was retrieved (an off-topic question's postings share only a word:
    "Capital One")."""
    if pages_first and any(h.chunk.kind == "page" for h in hits):
        hits = [h for h in hits if h.chunk.kind == "page"]
    hits = sorted(
        hits, key=lambda h: mostly_links(h.chunk.text.splitlines())
    )  # a section that says something first
    seen, out = set(), []
    for hit in hits:
        if hit.chunk.doc_id not in seen:
            seen.add(hit.chunk.doc_id)
            out.append(hit)
    return out[:CLOSEST_SECTIONS]


def refusal_text(hits: Sequence[Hit], verdict: Verdict | None = None) -> str:
    """The whole refusal: the verdict's lead (or the plain header) and links to the closest sections."""
    prompt = load_prompt("refusal")
    closest = _closest(hits, verdict is not None and verdict.reason == "off-topic")
    lead, links = refusal_lead(verdict) if verdict else ("", set())
    parts = [lead or prompt.render("header")]
    if closest:
        lines = []
        for hit in closest:
            c = hit.chunk
            label = f"{c.title} — {c.section}" if c.section else c.title
            lines.append(prompt.render("line", label=label.replace("[", "(").replace("]", ")"), url=c.url))
        parts.append(prompt.render("closest") + "\n" + "\n".join(lines))
    return sanitize_markdown("\n\n".join(parts), {h.chunk.url for h in closest} | links)
