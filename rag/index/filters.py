"""The one filter vocabulary shared by the BM25 and the Qdrant index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qdrant_client import models


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
        for key, value in self._wanted().items():
            have = fields.get(key)
            if isinstance(have, list) and value not in have:
                return False
            if not isinstance(have, list) and have != value:
                return False
        return True

    def to_qdrant(self) -> models.Filter | None:
        wanted = self._wanted()
        if not wanted:
            return None
        return models.Filter(
            must=[
                models.FieldCondition(key=f"filters.{key}", match=models.MatchValue(value=value))
                for key, value in wanted.items()
            ]
        )
