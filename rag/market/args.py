"""A QuerySpec as flat flags and back: `fieldguide market --city X --by level`, the query parameters
of `GET /api/market` and the CSV link are one vocabulary, so every answer's command reruns as-is."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError

from rag.errors import MarketSpecError
from rag.market.spec import Filters, QuerySpec

# flag -> Filters field
FILTER_FLAGS = {
    "skill": "skills_all",
    "any-skill": "skills_any",
    "city": "city",
    "country": "country",
    "level": "level",
    "ai-type": "ai_type",
    "company": "company",
    "title": "title",
    "stage": "stage",
    "work-type": "work_type",
    "management": "management",
    "customer-facing": "customer_facing",
    "from": "posted_from",
    "to": "posted_to",
}
_FLAG_OF = {v: k for k, v in FILTER_FLAGS.items()}
_SCALARS = ("management", "customer_facing", "posted_from", "posted_to")
_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _filters(pairs: Iterable[tuple[str, str]]) -> Filters:
    data: dict = {}
    for flag, value in pairs:
        name = FILTER_FLAGS.get(flag)
        if name is None:
            raise MarketSpecError(f"unknown filter {flag!r}; filters: {', '.join(FILTER_FLAGS)}")
        if name in ("management", "customer_facing"):
            if str(value).lower() not in _BOOLS:
                raise MarketSpecError(f"{flag} must be true or false, not {value!r}")
            data[name] = _BOOLS[str(value).lower()]
        elif name in _SCALARS:
            data[name] = value
        else:
            data.setdefault(name, []).append(value)
    return validated(Filters, data)


def _match_pair(text: str) -> tuple[str, str]:
    flag, sep, value = text.partition("=")
    if not sep or not value.strip():
        raise MarketSpecError(f"--match takes FILTER=VALUE (e.g. skill=RAG), not {text!r}")
    return flag.strip(), value.strip()


def validated(model, data: dict):
    """The model, or a MarketSpecError that says which value is wrong and why (one line)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'spec'}: {e['msg']}" for e in exc.errors()[:3]
        )
        raise MarketSpecError(f"invalid market query: {problems}") from None


def spec_from_flags(
    filters: Iterable[tuple[str, str]],
    match: Iterable[str] = (),
    measure: str | None = None,
    by: str | None = None,
    category: str | None = None,
    stat: str | None = None,
    limit: int | None = None,
    unit: str | None = None,
    only: Iterable[str] = (),
) -> QuerySpec:
    """The spec of a set of flags. Without --measure: a breakdown by --by, else a count. `only`: the
    values of --by compared ("AWS", "Azure"), not the most common ones."""
    measure = measure or ("breakdown" if by else "count")
    data: dict = {"measure": measure}
    if unit:
        data["unit"] = unit
    data["filters"] = _filters(filters)
    data["subset"] = _filters(_match_pair(m) for m in match)
    if by:
        data["field" if measure in ("top", "breakdown") else "group_by"] = by
    if only:
        data["only"] = list(only)
    if category:
        data["skill_category"] = category
    if stat:
        data["salary_stat"] = stat
    if limit is not None:
        data["limit"] = limit
    elif measure == "breakdown":
        data["limit"] = 20
    return validated(QuerySpec, data)


def _pairs(f: Filters) -> list[tuple[str, str]]:
    out = []
    for name, value in f.model_dump(exclude_defaults=True).items():
        for v in value if isinstance(value, list) else [value]:
            out.append((_FLAG_OF[name], str(v).lower() if isinstance(v, bool) else str(v)))
    return out


def spec_flags(spec: QuerySpec) -> list[tuple[str, str]]:
    """(flag, value) pairs that `spec_from_flags` turns back into this spec."""
    out = [("measure", spec.measure)]
    if spec.unit != "postings":
        out.append(("unit", spec.unit))
    by = spec.field or spec.group_by
    if by:
        out.append(("by", by))
    out += [("only", str(v)) for v in spec.only]
    out += _pairs(spec.filters)
    out += [("match", f"{k}={v}") for k, v in _pairs(spec.subset)]
    if spec.skill_category:
        out.append(("category", spec.skill_category))
    if spec.measure == "salary" and spec.salary_stat != "median":
        out.append(("stat", spec.salary_stat))
    default_limit = 20 if spec.measure == "breakdown" else 10
    if spec.limit != default_limit and (spec.measure in ("top", "breakdown", "cooccur") or spec.group_by):
        out.append(("limit", str(spec.limit)))
    return out


def spec_from_pairs(pairs: Iterable[tuple[str, str]]) -> QuerySpec:
    """The spec of query parameters (flag names as keys; repeated keys for several values)."""
    options: dict[str, str] = {}
    filters, match, only = [], [], []
    for key, value in pairs:
        if key in ("measure", "by", "category", "stat", "limit", "unit"):
            if key in options:
                raise MarketSpecError(f"{key} given twice")
            options[key] = value
        elif key == "match":
            match.append(value)
        elif key == "only":
            only.append(value)
        else:
            filters.append((key, value))
    limit = options.pop("limit", None)
    if limit is not None and not limit.strip().isdigit():
        raise MarketSpecError(f"limit must be a whole number, not {limit!r}")
    limit_n = int(limit) if limit is not None else None
    return spec_from_flags(filters, match, limit=limit_n, only=only, **options)
