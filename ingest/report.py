"""The ingest report: one screen at the end of an ingest, and the body of the index manifest."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from ingest.problems import Problem
from rag.records import KINDS


@dataclass
class IngestReport:
    """What one ingest did: corpus, model, counts, problems and timings (also the manifest body)."""

    version: str = ""
    corpus_root: str = ""
    corpus: dict = field(default_factory=dict)
    model: str = ""
    build_key: str = ""  # corpus content + model + chunking settings (see Ingest.build_key)
    build: dict = field(default_factory=dict)  # the settings in the build key, by name
    files: dict[str, str] = field(default_factory=dict)  # each file's hash, to say what changed
    documents: dict[str, int] = field(default_factory=dict)
    chunks: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    embedded: int = 0
    cached: int = 0
    points_written: int = 0
    points_deleted: int = 0
    boilerplate: dict = field(default_factory=dict)  # lines many postings share (never quoted)
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["problems"] = [p.to_dict() for p in self.problems]
        return data

    def _boilerplate_line(self) -> str:
        lines, near = self.boilerplate.get("lines", 0), self.boilerplate.get("near_lines", 0)
        return (
            f"Boilerplate: {lines} {'line' if lines == 1 else 'lines'} shared by at least "
            f"{self.boilerplate.get('min_postings', '-')} postings and {near} near copies of them, "
            f"in {self.boilerplate.get('postings', 0)} postings (never quoted)."
        )

    def render(self) -> str:
        kinds = [k for k in KINDS if k in self.documents] or list(KINDS)
        actions = Counter(p.action for p in self.problems)
        where = self.corpus.get("commit") or f"content {self.corpus.get('content_hash', '')[:12]}"
        lines = [
            f"Index version {self.version} is now active.",
            f"Corpus: {self.corpus_root} ({where})",
            f"Model:  {self.model}",
            "",
            f"{'kind':<10}{'documents':>10}{'chunks':>10}",
            *[f"{k:<10}{self.documents.get(k, 0):>10}{self.chunks.get(k, 0):>10}" for k in kinds],
            f"{'total':<10}{sum(self.documents.values()):>10}{sum(self.chunks.values()):>10}",
            "",
            f"Chunks embedded: {self.embedded}, taken from cache: {self.cached}. "
            f"Index points written: {self.points_written}, deleted: {self.points_deleted}.",
            self._boilerplate_line(),
            f"Files skipped: {actions['skipped']}, ingested partially: {actions['partial']}.",
            *[f"  {p.action:<8} {p.path}: {p.reason}" for p in self.problems],
            "",
            "Timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.timings.items()),
        ]
        return "\n".join(lines)
