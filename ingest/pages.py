"""Guide pages: every markdown file the manifest lists becomes one document."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.problems import Problems
from rag.records import Document

_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def github_url(repo_url: str, commit: str, rel_path: str, anchor: str = "") -> str:
    url = f"{repo_url}/blob/{commit}/{rel_path}"
    return f"{url}#{anchor}" if anchor else url


def load_page(root: Path, path: Path, repo_url: str, commit: str, problems: Problems) -> Document | None:
    rel = path.relative_to(root).as_posix()
    data = path.read_bytes()
    if b"\0" in data:
        problems.add(rel, "skipped", "binary file (contains NUL bytes)")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(rel, "skipped", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    if not text.strip():
        problems.add(rel, "skipped", "empty file")
        return None
    match = _TITLE.search(text)
    title = match.group(1) if match else path.stem.replace("-", " ").title()
    return Document(
        id=f"page:{rel}",
        kind="page",
        title=title,
        source_paths=[rel],
        url=github_url(repo_url, commit, rel),
        text=text,
        metadata={"section_group": rel.split("/")[0] if "/" in rel else "guide"},
    )
