"""Company interview processes: interview/data/job-descriptions/<id>.yaml, one document each."""

from __future__ import annotations

from pathlib import Path

from ingest.pages import github_url
from ingest.problems import BadFile, Problems, read_yaml_mapping
from rag.names import display_company
from rag.records import Document


def load_companies(
    root: Path, files: list[Path], repo_url: str, commit: str, problems: Problems
) -> list[Document]:
    docs = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            data = read_yaml_mapping(path)
        except BadFile as exc:
            problems.add(rel, "skipped", str(exc))
            continue
        company = display_company(data.get("company"))
        process = process_lines(data)
        if not company or not process:
            missing = "company" if not company else "process_summary, steps or processes"
            problems.add(rel, "skipped", f"missing {missing}")
            continue
        role = str(data.get("role") or "").strip()
        notable = str(data.get("notable") or "").strip()
        postings = [str(f) for f in data.get("source_files") or []]
        lines = [
            f"# {company} interview process",
            "",
            f"Company: {company}." + (f" Role: {role}." if role else ""),
            *process,
        ]
        if notable:
            lines.append(f"Notable: {notable}")
        if postings:
            lines.append(f"Based on the postings: {', '.join(postings)}.")
        docs.append(
            Document(
                id=f"company:{path.stem}",
                kind="company",
                title=f"{company} interview process",
                source_paths=[rel],
                url=github_url(repo_url, commit, rel),
                text="\n".join(lines) + "\n",
                metadata={"company": company, "role": role or None, "posting_files": postings},
            )
        )
    return docs


def _steps(steps: object) -> list[str]:
    lines = []
    for number, step in enumerate(steps if isinstance(steps, list) else [], start=1):
        if isinstance(step, dict):
            extras = [str(step[k]) for k in ("duration", "details") if step.get(k)]
            name = str(step.get("name") or "step")
            lines.append(f"{number}. {name}" + (f" ({'; '.join(extras)})" if extras else ""))
        elif step:
            lines.append(f"{number}. {step}")
    return lines


def process_lines(data: dict) -> list[str]:
    """The process in any of the three layouts: process_summary, steps, or named processes."""
    lines = []
    if data.get("process_summary"):
        lines.append(f"Interview process: {str(data['process_summary']).strip()}")
    if steps := _steps(data.get("steps")):
        lines += ["Interview steps:", *steps]
    for process in data.get("processes") or []:
        if isinstance(process, dict) and (steps := _steps(process.get("steps"))):
            lines += [f"Interview steps for {process.get('name') or 'another track'}:", *steps]
    return lines
