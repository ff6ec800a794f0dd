"""The eval questions file: JSON Lines with id, question, gold (corpus paths), optional kind/split."""

from __future__ import annotations

import json
from dataclasses import dataclass
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
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalInputError(f"{path}:{number}: not a question object ({exc})") from exc
        if q.id in seen:
            raise EvalInputError(f"{path}:{number}: duplicate question id {q.id!r}")
        seen.add(q.id)
        questions.append(q)
    return questions
