"""The one filter vocabulary shared by the BM25 index and both Qdrant backends."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

FIELDS = ("kind", "company_key", "location_keys")  # payload keys under "filters", each indexed


def location_keys(location: str | None) -> list[str]:
    """'New York, NY, USA' -> ['new york, ny, usa', 'new york', 'ny', 'usa'] so any part matches."""
    if not location:
        return []
    whole = " ".join(location.lower().split())
    parts = [p.strip() for p in whole.split(",") if p.strip()]
    return list(dict.fromkeys([whole, *parts]))


def company_key(company: str | None) -> str | None:
    return " ".join(company.lower().split()) if company else None


def filter_fields(kind: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """Payload fields the filters match on, derived once at ingest time."""
    return {
        "kind": kind,
        "company_key": company_key(metadata.get("company")),
        "location_keys": location_keys(metadata.get("location")),
    }


@dataclass(frozen=True)
class Filters:
    """kind: exact; company: case-insensitive exact; location: any comma-separated part."""

    kind: str | None = None
    company: str | None = None
    location: str | None = None

    def __bool__(self) -> bool:
        return any((self.kind, self.company, self.location))

    @cached_property
    def _wanted(self) -> dict[str, str]:
        wanted = {}
        if self.kind:
            wanted["kind"] = self.kind
        if self.company:
            wanted["company_key"] = company_key(self.company)
        if self.location:
            wanted["location_keys"] = location_keys(self.location)[0]
        return wanted

    def matches(self, fields: dict[str, Any]) -> bool:
        for key, value in self._wanted.items():
            have = fields.get(key)
            if isinstance(have, list) and value not in have:
                return False
            if not isinstance(have, list) and have != value:
                return False
        return True

    def conditions(self) -> list[tuple[str, str]]:
        """(payload path, value) pairs that must all match; a list field matches any element."""
        return [(f"filters.{key}", value) for key, value in self._wanted.items()]
