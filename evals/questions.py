"""The eval questions file: JSON Lines with id, question, gold (corpus paths), optional kind/split."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rag.errors import EvalInputError


@dataclass(frozen=True)
class Question:
    """One eval question: text, gold source paths, kind and split."""

    id: str
    question: str
    gold: tuple[str, ...]
    kind: str = "unspecified"
    split: str | None = None
    answer: str = ""  # the short verified answer
    key_terms: tuple[str, ...] = ()  # verbatim terms a correct excerpt contains
    figures: tuple[str, ...] = ()  # numbers the answer must state, as the guide writes them
    # How much of it the guide answers: "full", "partial" or "none" (default: from gold) and, for
    # near-domain questions, the type of gap and the words naming what is not covered.
    answerability: str | None = None
    gap: str | None = None
    missing_terms: tuple[str, ...] = ()
    postings: tuple[str, ...] = ()  # company-postings-only: that company's posting paths

    @property
    def coverage(self) -> str:
        """The expected coverage: "full", "partial" or "none"."""
        return self.answerability or ("full" if self.gold else "none")


def load_questions(path: Path) -> list[Question]:
    if not path.is_file():
        raise EvalInputError(f"questions file not found: {path}")
    questions, seen = [], set()
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            q = Question(
                id=str(row["id"]),
                question=str(row["question"]),
                gold=tuple(row.get("gold") or ()),
                kind=row.get("kind") or "unspecified",
                split=row.get("split"),
                answer=str(row.get("answer") or ""),
                key_terms=tuple(row.get("key_terms") or ()),
                figures=tuple(row.get("figures") or ()),
                answerability=row.get("answerability"),
                gap=row.get("type"),
                missing_terms=tuple(row.get("missing_terms") or ()),
                postings=tuple(row.get("postings") or ()),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalInputError(f"{path}:{number}: not a question object ({exc})") from exc
        if q.coverage not in ("full", "partial", "none"):
            raise EvalInputError(f"{path}:{number}: answerability must be full, partial or none")
        if q.id in seen:
            raise EvalInputError(f"{path}:{number}: duplicate question id {q.id!r}")
        seen.add(q.id)
        questions.append(q)
    return questions


def load_question_files(paths: Sequence[Path]) -> list[Question]:
    """The questions of several files, in order. Where files share an id ("v001" in two sets), every id is
    written with its file's name ("unseen2:v001"), so a metric keyed by id counts each question once."""
    files = [(path, load_questions(path)) for path in paths]
    ids = [q.id for _, questions in files for q in questions]
    if len(set(ids)) == len(ids):
        return [q for _, questions in files for q in questions]
    return [replace(q, id=f"{path.stem}:{q.id}") for path, questions in files for q in questions]
