"""Boilerplate the offline answer never quotes: text many postings share, header lines, contact addresses.

A unit of a posting (a sentence, list item or table row, as `split_units` cuts it; MIN_WORDS words
or more, not a line introducing a list) is boilerplate when it occurs in at least MIN_POSTINGS
postings: careers-site notices, phishing warnings, equal-opportunity statements, benefits blurbs.
Before counting, the posting's own job title and company are masked, so "Acme is an equal
opportunity employer" and "Birch is an equal opportunity employer" are one line, and so is every
posting summary's title line ("Summary of the <title> posting at <company>"). Re-posts of one job
(same title at the same company) count once. Only the posting's own text counts; the lines the
ingest writes about it (its facts, salary, AI type) never do. A unit holding an e-mail address or a
phone number is dropped from every source.

A company's own wording of a notice ("Acme is an equal opportunity employer and we value diversity at
our company") is shared by fewer postings. Such a unit is a near copy when its words are, on average,
the words of the shared lines: each word's boilerplate share is the share of the posting units holding
it that are shared lines, a word fewer than WORD_UNITS units hold counts 0 (a product, a skill, a
place: the posting's own), and the mean over the unit's words is at least NEAR_SHARE. Requirements and
tasks use the words of requirements ("5+ years of experience with Python": mean 0.07), notices those of
notices. A unit with a digit (a figure, a 401(k)), one naming the job's own terms (pay, bonus, equity,
visa sponsorship, where and how it is worked: what posting questions ask) or one of fewer than NEAR_WORDS
words is never a near copy.

Ingest detects the table from the chunks and writes it into the index version (FILE); an answerer
loads it once, and computes it from the version's chunks when a version built before it has none.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rag.answer.context import Context, join_overlapping
from rag.answer.sentences import clean_line, split_units
from rag.errors import BoilerplateFileError
from rag.records import Chunk

log = logging.getLogger("fieldguide.boilerplate")
FILE = "boilerplate.json"
FORMAT = 2
MIN_POSTINGS = 5  # chosen on the real guide: see evals/README.md, "Posting boilerplate"
# Shorter lines are headings ("Benefits"), never quoted; dropping them could join the paragraphs they part.
MIN_WORDS = 4
# Near copies: chosen on the real guide, see evals/README.md, "boiler16".
NEAR_SHARE = 0.22
NEAR_WORDS = 6
WORD_UNITS = 20
STRIPPED_KEPT = 4096  # sources remembered stripped (a few MB of text)
_MASK = "§"
_NON_WORD = re.compile(r"[\W_]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# +1 (203) 964-0096, 800-865-7580, 617.909.6275: not a year range, a salary or a version number.
_PHONE = re.compile(
    r"(?<![\w.$€£/-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w%])"
)
_DIGIT = re.compile(r"\d")
# The job's own terms, in a pay-transparency or visa line worded in a notice's words ("We do not offer
# visa sponsorship at this time"): the answer to a posting question, never a near copy.
_TERMS = re.compile(
    r"\b(?:salar(?:y|ies)|pay|compensation|bonus(?:es)?|equity|visas?|sponsor\w*|remote|hybrid|office|"
    r"on ?site|relocat\w*|stipends?)\b"
)
_MARKER_ONLY = re.compile(r"^\s*(?:[-*+•]|\d+[.)])?\s*$")


def normal(text: str) -> str:
    """Lower case words separated by single spaces: what two copies of a line have in common."""
    return _NON_WORD.sub(" ", clean_line(text).lower()).strip()


def posting_names(title: str, company: str | None) -> tuple[str, ...]:
    """The names masked in a posting's lines (normalised, longest first): "<job> at <company>", the
    job title and the company; `title` is the posting's title as chunks carry it ("<job> at <company>")."""
    job = title.removesuffix(f" at {company}") if company else title
    names = {normal(n) for n in (title, job, company or "") if n}
    return tuple(sorted((n for n in names if len(n) >= 2), key=lambda n: (-len(n), n)))


def unit_key(text: str, names: tuple[str, ...] = ()) -> str:
    """The line as counted: normalised, with the posting's own names masked."""
    key = normal(text)
    for name in names:
        key = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", _MASK, key)
    return key


def has_contact(text: str) -> bool:
    """True when the text holds an e-mail address or a phone number."""
    return bool(_EMAIL.search(text) or _PHONE.search(text))


def _names(chunk: Chunk) -> tuple[str, ...]:
    return posting_names(chunk.title, chunk.metadata.get("company")) if chunk.kind == "posting" else ()


@dataclass(frozen=True)
class Boilerplate:
    """The boilerplate lines of one index version (keys as `unit_key` writes them) and their counts."""

    keys: frozenset[str]
    min_postings: int = MIN_POSTINGS
    postings: int = 0  # postings with at least one boilerplate line
    counts: tuple[tuple[str, int], ...] = ()  # (key, postings) most shared first
    near: tuple[tuple[str, int], ...] = ()  # near copies of them: (key, postings), most held first
    # Sources come back often (a conversation's follow-ups, popular sections): each is stripped once.
    _stripped: dict = field(default_factory=dict, compare=False, repr=False)

    def drops(self, raw: str, chunk: Chunk) -> bool:
        """True when this unit of `chunk`'s text is boilerplate or holds a contact address."""
        if has_contact(raw):
            return True
        if chunk.kind != "posting":
            return False
        key = unit_key(raw, _names(chunk))
        return key in self.keys and _counted(raw, key)

    def without(self, text: str, chunk: Chunk) -> str:
        """`text` less its boilerplate units; a line left empty (or a bare list marker) goes whole."""
        spans = [(u.start, u.end) for u in split_units(text) if self.drops(u.text(text), chunk)]
        if not spans:
            return text
        kept = bytearray(b"\x01") * len(text)
        for start, end in spans:
            # With the spaces after it (or, at a line's end, before it): no double or trailing space.
            after = len(text) - len(text[end:].lstrip(" \t")) - end
            before = 0 if after else len(text[:start]) - len(text[:start].rstrip(" \t"))
            kept[start - before : end + after] = bytes(end + after - start + before)
        out, pos = [], 0
        for line in text.splitlines(keepends=True):
            rest = "".join(ch for ch, keep in zip(line, kept[pos : pos + len(line)], strict=True) if keep)
            pos += len(line)
            if line.strip() and _MARKER_ONLY.match(rest):
                continue
            out.append(rest)
        return "".join(out)

    def _without_cached(self, text: str, chunk: Chunk) -> str:
        key = (text, chunk.kind, chunk.title, chunk.metadata.get("company"))
        out = self._stripped.get(key)
        if out is None:
            if len(self._stripped) >= STRIPPED_KEPT:
                self._stripped.clear()
            out = self._stripped[key] = self.without(text, chunk)
        return out

    def strip(self, context: Context) -> Context:
        """The context with every source's boilerplate removed (numbers and order unchanged)."""
        sources = [replace(s, text=self._without_cached(s.text, s.hit.chunk)) for s in context.sources]
        return replace(context, sources=sources)

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "min_postings": self.min_postings,
            "postings": self.postings,
            "lines": [{"key": key, "postings": n} for key, n in self.counts],
            "near": [{"key": key, "postings": n} for key, n in self.near],
        }

    def summary(self) -> dict:
        """What the ingest report and manifest record: how many lines, over how many postings."""
        return {
            "lines": len(self.counts),
            "near_lines": len(self.near),
            "postings": self.postings,
            "min_postings": self.min_postings,
        }

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Boilerplate | None:
        """The table in `path`; None when it is missing or from another format or threshold."""
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text())
            if data.get("format") != FORMAT or data.get("min_postings") != MIN_POSTINGS:
                return None
            counts, near = (
                tuple((str(line["key"]), int(line["postings"])) for line in data[part])
                for part in ("lines", "near")
            )
            postings = int(data["postings"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BoilerplateFileError(str(path), str(exc)) from exc
        return cls(frozenset(k for k, _ in counts + near), MIN_POSTINGS, postings, counts, near)


def _counted(raw: str, key: str) -> bool:
    """A line that can be boilerplate: a few words at least, and no "What you'll do:" (the answer
    quotes it only with the items it introduces)."""
    return len(key.split()) >= MIN_WORDS and not raw.rstrip().endswith(":")


def _posting_units(chunks: Iterable[Chunk]) -> dict[str, set[str]]:
    """Each posting's counted keys: its own text (not the Overview the ingest writes) and its summary's
    header lines (a line naming the posting's title or company)."""
    units: dict[str, set[str]] = defaultdict(set)
    for (doc_id, _), keys in _units_by_part(chunks).items():
        units[doc_id] |= keys
    return units


def _units_by_part(chunks: Iterable[Chunk]) -> dict[tuple[str, bool], set[str]]:
    """`_posting_units` per (posting, True for its summary's header lines)."""
    sections: dict[tuple[str, str, bool], tuple[Chunk, str]] = {}
    for c in chunks:
        if c.kind != "posting" or c.section == "Overview":
            continue
        key = (c.doc_id, c.section, "#summary" in c.id)
        first, text = sections.get(key, (c, ""))
        sections[key] = (first, join_overlapping(text, c.text) if text else c.text)
    units: dict[tuple[str, bool], set[str]] = defaultdict(set)
    for (_, _, summary), (chunk, text) in sections.items():
        names = _names(chunk)
        for unit in split_units(text):
            raw = unit.text(text)
            key = unit_key(raw, names)
            if _counted(raw, key) and (not summary or _MASK in key):
                units[(chunk.doc_id, summary)].add(key)
    return units


def word_shares(body: dict[str, set[str]], shared: frozenset[str]) -> dict[str, float]:
    """Each word of the postings' own text (`body`: keys per posting): the share of the units holding
    it that are `shared` lines; words fewer than WORD_UNITS units hold are left out."""
    held: Counter = Counter()
    in_shared: Counter = Counter()
    for keys in body.values():
        for key in keys:
            words = set(key.split()) - {_MASK}
            held.update(words)
            if key in shared:
                in_shared.update(words)
    return {w: in_shared[w] / n for w, n in held.items() if n >= WORD_UNITS}


def near_share(key: str, shares: dict[str, float]) -> float:
    """The mean boilerplate share of the key's words (the posting's masked names left out)."""
    words = [w for w in key.split() if w != _MASK]
    return sum(shares.get(w, 0.0) for w in words) / len(words) if words else 0.0


def _near_copies(body: dict[str, set[str]], shared: frozenset[str]) -> tuple[tuple[str, int], ...]:
    shares = word_shares(body, shared)
    holders: Counter = Counter()
    for keys in body.values():
        for key in keys - shared:
            words = key.split()
            if (
                len(words) >= NEAR_WORDS
                and not _DIGIT.search(key)
                and not _TERMS.search(key)
                and near_share(key, shares) >= NEAR_SHARE
            ):
                holders[key] += 1
    return tuple(sorted(holders.items(), key=lambda kv: (-kv[1], kv[0])))


def detect(chunks: Iterable[Chunk], min_postings: int = MIN_POSTINGS) -> Boilerplate:
    """The lines at least `min_postings` postings share (re-posts of one job counted once), and the
    near copies of them (the module's docstring)."""
    if isinstance(min_postings, bool) or not isinstance(min_postings, int) or min_postings < 2:
        raise ValueError(f"min_postings must be an integer of at least 2, not {min_postings!r}")
    chunks = list(chunks)
    titles = {c.doc_id: c.title.casefold() for c in chunks if c.kind == "posting"}
    parts = _units_by_part(chunks)
    units: dict[str, set[str]] = defaultdict(set)
    for (doc_id, _), part_keys in parts.items():
        units[doc_id] |= part_keys
    jobs: dict[str, set[str]] = defaultdict(set)
    for doc_id, keys in units.items():
        for key in keys:
            jobs[key].add(titles[doc_id])
    shared = [(key, len(v)) for key, v in jobs.items() if len(v) >= min_postings]
    counts = sorted(shared, key=lambda kv: (-kv[1], kv[0]))
    exact = frozenset(k for k, _ in counts)
    near = _near_copies({d: k for (d, summary), k in parts.items() if not summary}, exact)
    keys = exact | {k for k, _ in near}
    touched = sum(1 for doc_keys in units.values() if doc_keys & keys)
    return Boilerplate(keys, min_postings, touched, tuple(counts), near)


_COMPUTED: dict[tuple[str, str], Boilerplate] = {}  # per version: a process opens it once


def for_index(index) -> Boilerplate:
    """The active version's table (an ActiveIndex); computed from its chunks when it has none."""
    path = index.dir / FILE if index.dir is not None else None
    found = Boilerplate.load(path) if path is not None else None
    if found is not None:
        return found
    where = (str(index.dir), index.version)
    if where in _COMPUTED:
        return _COMPUTED[where]
    started = time.process_time()
    found = _COMPUTED[where] = detect(index.bm25.chunks)
    log.warning(
        "index version %s has no boilerplate table of this release: computed it from its chunks "
        "(%.1f CPU s); `fieldguide ingest` stores it in a new version",
        index.version,
        time.process_time() - started,
    )
    return found
