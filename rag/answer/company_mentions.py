"""What the guide's own pages say about a company's interviews when it has no write-up for it.

The guide has interview write-ups for 51 companies, but its interview chapters also mention others in
passing ("Anthropic: 90-minute CodeSignal ...", a question tagged "(Anthropic)"). A question about the
interview process of such a company is still answered with "no write-up", and these sentences are
quoted under it with their deep links, so the reply never claims the guide says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.figures import sentences
from rag.answer.sentences import quotable, split_units
from rag.index.catalog import Catalog, Company, link_share, name_words, unlinked_words
from rag.index.text_tokens import tokenize
from rag.records import Chunk

MENTIONS_QUOTED = 4  # sentences quoted at most, each from a different section
MAX_WORDS = 40  # a longer sentence is cut at a word boundary and marked with "…"
# Chapters about getting hired: a company named there is named for its hiring.
HIRING_FOLDERS = ("interview/", "home-assignments/")
# Words of hiring: a sentence elsewhere must use one to count ("take-home", "CodeSignal", "hire").
HIRING_STEMS = frozenset(
    tokenize("interview interviews round onsite screen loop assessment take-home assignment hire hiring")
    + tokenize("recruiter offer codesignal leetcode presentation candidates")
)
TAG_WORDS = 2  # a unit of the name and at most this many more words tags the unit before it
MAX_LINK_SHARE = 0.25  # a unit more links than this is a reading-list entry, not something the guide says
# ... unless the guide annotates the link with this many words of its own ("-- Acme MLE: project, theory")
NOTE_WORDS = 3
_WORDS = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Mention:
    """One sentence of a guide page naming a company in its hiring material, with its section."""

    sentence: str
    title: str
    section: str
    url: str


def _names(company: Company, text: str) -> bool:
    """The name's words in a row, its first as the name spells it ("Writer", not "a writer")."""
    key = name_words(company.name)
    raw = re.findall(r"[A-Za-z0-9]+", text)
    words = [w.lower() for w in raw]
    first = re.findall(r"[A-Za-z0-9]+", company.name)[0]
    return any(
        tuple(words[i : i + len(key)]) == key and raw[i][:1] == first[:1]
        for i in range(len(words) - len(key) + 1)
    )


def _hiring_page(chunk: Chunk) -> bool:
    return any(p.startswith(HIRING_FOLDERS) for p in chunk.source_paths)


def says_beside_links(raw: str, company: Company) -> bool:
    """The unit is the guide's own words, or a link it annotates with NOTE_WORDS words besides the name."""
    if link_share(raw) <= MAX_LINK_SHARE:
        return True
    return len([w for w in unlinked_words(raw) if w not in name_words(company.name)]) >= NOTE_WORDS


def _cut(sentence: str) -> str:
    words = " ".join(sentence.split()).split(" ")
    return " ".join(words[:MAX_WORDS]) + " …" if len(words) > MAX_WORDS else " ".join(words)


def interview_mentions(catalog: Catalog, company: Company, question: str) -> tuple[Mention, ...]:
    """Sentences of the guide's pages that name `company` where they speak of hiring, the ones
    sharing most words with the question first; one per section, MENTIONS_QUOTED at most."""
    asked = frozenset(tokenize(question))
    found: list[tuple[tuple, Mention]] = []
    for order, chunk in enumerate(catalog.page_mentions(name_words(company.name))):
        raws = [u.text(chunk.text) for u in split_units(chunk.text)]
        units = list(zip(raws, sentences(chunk.text), strict=True))
        for i, (raw, (stems, clean)) in enumerate(units):
            if not quotable(raw) or not _names(company, clean) or not says_beside_links(raw, company):
                continue
            if i and len(_WORDS.findall(clean.lower())) <= len(name_words(company.name)) + TAG_WORDS:
                # "(Anthropic)" after a question: the tag says where the sentence before it was asked
                before_stems, before = units[i - 1][1]
                stems, clean = stems | before_stems, f"{before.strip()} {clean.strip()}"
            if not (stems & HIRING_STEMS or _hiring_page(chunk)):
                continue
            mention = Mention(_cut(clean.strip()), chunk.title, chunk.section, chunk.url)
            # a sentence about this company before one listing it among many
            named = min(len(catalog.companies_in(clean)), 3)
            rank = (not stems & HIRING_STEMS, not _hiring_page(chunk), named, -len(stems & asked), order)
            found.append((rank, mention))
    out: list[Mention] = []
    for _, mention in sorted(found, key=lambda f: f[0]):
        if mention.url not in {m.url for m in out} and mention.sentence not in {m.sentence for m in out}:
            out.append(mention)
    return tuple(out[:MENTIONS_QUOTED])
