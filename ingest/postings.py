"""Job postings: a raw posting and its LLM-structured twin, joined on the job id into ONE document."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ingest.pages import github_url
from ingest.problems import BadFile, Problems, read_yaml_mapping
from ingest.salary import Compensation, parse_ranges
from rag.names import display_company
from rag.records import Document

_ID = re.compile(r"^(\d+)_")
MORE_RANGES = 4  # further pay ranges of a posting its summary's salary line names
MAX_SPREAD = 3.0  # a range's top over its bottom, at most, for it to read as pay (not a misread figure)


def _get(d: dict, *keys: str) -> Any:
    for key in keys:
        d = d.get(key) if isinstance(d, dict) else None
    return d


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value).strip()] if value else []


def flatten_skills(skills: Any) -> list[str]:
    """{'genai': ['RAG'], 'ml': ['PyTorch', 'RAG']} -> ['RAG', 'PyTorch'] (first mention wins)."""
    values = skills.values() if isinstance(skills, dict) else [skills]
    seen: dict[str, str] = {}
    for group in values:
        for skill in _strings(group):
            seen.setdefault(skill.lower(), skill)
    return list(seen.values())


def _index_by_id(root: Path, pattern: str, problems: Problems) -> dict[str, Path]:
    found = {}
    for path in sorted(root.glob(pattern)):
        match = _ID.match(path.name)
        if not match:
            problems.add(
                path.relative_to(root).as_posix(), "skipped", "unexpected file name: no '<job id>_' prefix"
            )
            continue
        found[match.group(1)] = path
    return found


def _read(path: Path | None) -> tuple[dict | None, str | None]:
    if path is None:
        return None, None
    try:
        return read_yaml_mapping(path), None
    except BadFile as exc:
        return None, str(exc)


def load_postings(
    root: Path,
    raw_glob: str,
    structured_glob: str,
    repo_url: str,
    commit: str,
    problems: Problems,
    only_ids: set[str] | None = None,
    progress: Callable[[list[str]], Iterable[str]] = iter,
) -> list[Document]:
    """One document per job id (its raw and structured files); `progress` wraps the id list (a bar)."""
    raw_files = _index_by_id(root, raw_glob, problems)
    structured_files = _index_by_id(root, structured_glob, problems)
    docs = []
    for job_id in progress(sorted(raw_files.keys() | structured_files.keys(), key=int)):
        if only_ids is not None and job_id not in only_ids:
            continue
        raw_path, st_path = raw_files.get(job_id), structured_files.get(job_id)
        paths = [p.relative_to(root).as_posix() for p in (raw_path, st_path) if p]
        raw, raw_error = _read(raw_path)
        st, st_error = _read(st_path)
        notes = []
        if raw_path is None:
            notes.append("no raw posting for this structured file")
        elif raw_error:
            notes.append(f"raw file: {raw_error}")
        if st_path is None:
            notes.append("no structured twin for this raw posting")
        elif st_error:
            notes.append(f"structured file: {st_error}")
        doc = _build(job_id, raw or {}, st or {}, paths, repo_url, commit, notes)
        if doc is None:
            problems.add(paths[0], "skipped", "; ".join(notes) or "no title or company in either file")
            continue
        if notes:
            problems.add(paths[0], "partial", "; ".join(notes))
        docs.append(doc)
    return docs


def _build(
    job_id: str, raw: dict, st: dict, paths: list[str], repo_url: str, commit: str, notes: list[str]
) -> Document | None:
    title = raw.get("title") or _get(st, "position", "title")
    company = raw.get("company") or _get(st, "company", "name")
    missing = [key for key in ("title", "company") if raw and not raw.get(key)]
    if not title or not company:
        notes.append("no title or company in either file")
        return None
    if missing:
        notes.append(f"raw file lacks {', '.join(missing)}: taken from the structured twin")
    title, company = str(title).strip(), display_company(company)  # "Visa Inc," -> "Visa Inc"
    description = str(raw.get("description") or "").strip()
    ranges = parse_ranges(description) if description else []
    compensation = ranges[0] if ranges else None
    skills = flatten_skills(_get(st, "position", "skills")) or _strings(raw.get("skills"))
    meta = {
        "job_id": job_id,
        "company": company,
        "location": raw.get("location") or None,
        "level": raw.get("level") or None,
        "work_type": raw.get("work_type") or None,
        "company_size": raw.get("company_size") or None,
        "posted_date": str(raw["posted_date"]) if raw.get("posted_date") else None,
        "source_url": raw.get("url") or None,
        "industries": _strings(raw.get("industries")),
        "compensation": compensation.to_dict() if compensation else None,
        "ai_type": _get(st, "position", "ai_type", "type"),
        "skills": skills,
        "responsibilities": _strings(_get(st, "position", "responsibilities")),
        "use_cases": _strings(_get(st, "position", "use_cases")),
        "company_stage": _get(st, "company", "stage"),
        "company_focus": _get(st, "company", "focus"),
        # For the postings table (ingest/market_table.py): the skills of both files, and two flags.
        "title": title,
        "raw_skills": _strings(raw.get("skills")),
        "skill_groups": {str(k): _strings(v) for k, v in (_get(st, "position", "skills") or {}).items()},
        "customer_facing": _get(st, "position", "is_customer_facing"),
        "management": _get(st, "position", "is_management"),
    }
    return Document(
        id=f"posting:{job_id}",
        kind="posting",
        title=f"{title} at {company}",
        source_paths=paths,
        url=github_url(repo_url, commit, paths[0]),
        text=_posting_markdown(
            title, company, meta, _get(st, "position", "ai_type", "reasoning"), description, ranges
        ),
        metadata=meta,
        summary=_summary_lines(title, company, meta, ranges),
    )


def _facts(meta: dict) -> str:
    facts = [
        ("Location", meta["location"] or "not stated"),
        ("Level", meta["level"]),
        ("Work type", meta["work_type"]),
        ("Company size", meta["company_size"]),
        ("Posted", meta["posted_date"]),
    ]
    return " · ".join(f"{name}: {value}" for name, value in facts if value)


def _posting_markdown(title, company, meta, reasoning, description, ranges: list[Compensation]) -> str:
    """The posting's body. Skills, responsibilities and use cases live in the summary chunk."""
    company_line = ", ".join(str(v) for v in (meta["company_stage"], meta["company_focus"]) if v)
    lines = [f"# {title} at {company}", "", "## Overview", _facts(meta)]
    if company_line:
        lines.append(f"Company: {company} ({company_line}).")
    lines.append(f"Compensation: {pay_text(ranges) or 'not stated'}.")
    if meta["source_url"]:
        lines.append(f"Original posting: {meta['source_url']}")
    if meta["ai_type"]:
        lines += ["", f"AI type: {meta['ai_type']}. {str(reasoning or '').strip()}".strip()]
    if description:
        lines += ["", "## Description", _unwrap(description)]
    return "\n".join(lines) + "\n"


# A wrapped pay range: "... is $140,000" then "- $215,000 per year" is one range, not a list item.
_AMOUNT_ENDS = re.compile(r"[$£€]\s?\d[\d,.]*\s?[kKmM]?$")
_RANGE_END = re.compile(r"-\s*[$£€]\s?\d")


def _unwrap(text: str) -> str:
    """Join hard-wrapped lines; keep paragraphs and list items on lines of their own."""
    out: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        continues_range = bool(out and _AMOUNT_ENDS.search(out[-1]) and _RANGE_END.match(stripped))
        starts_item = bool(re.match(r"([-*•]|\d+[.)])\s", stripped)) and not continues_range
        if (
            stripped
            and out
            and out[-1]
            and not starts_item
            and (continues_range or not line.startswith("    "))
        ):
            out[-1] += " " + stripped
        else:
            out.append(stripped)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def pay_text(ranges: list[Compensation]) -> str | None:
    """ "163,000-217,000 USD" and, when the posting states more pay ranges (by location or level),
    "; the posting also states 150,000-200,000 USD and 138,000-185,000 USD"; None without a range."""
    if not ranges:
        return None
    more = [r.describe() for r in ranges[1 : MORE_RANGES + 1] if _pay_like(r, ranges[0])]
    if not more:
        return ranges[0].describe()
    listed = f"{', '.join(more[:-1])} and {more[-1]}" if len(more) > 1 else more[0]
    return f"{ranges[0].describe()}; the posting also states {listed}"


def _pay_like(pay: Compensation, first: Compensation) -> bool:
    """A further range is pay like the first: its top at most MAX_SPREAD times its bottom, and of the
    first's order of magnitude (not "$1,000" of a stipend beside "$150,000" of pay)."""
    return pay.max <= MAX_SPREAD * pay.min and first.min / MAX_SPREAD <= pay.min <= first.max * MAX_SPREAD


def _summary_lines(title, company, meta, ranges: list[Compensation]) -> list[str]:
    """The summary chunk, most important first; lines that do not fit spill into more chunks."""
    lines = [
        f"Summary of the {title} posting at {company}. {_facts(meta)}.",
        f"Salary: {pay_text(ranges) or 'not stated in the posting'}.",
    ]
    if meta["skills"]:
        lines.append(f"Skills: {', '.join(meta['skills'])}.")
    lines += [f"Responsibility: {r}" for r in meta["responsibilities"]]
    lines += [f"Use case: {u}" for u in meta["use_cases"]]
    return lines
