"""Why an ingest runs: no index yet, the guide changed (which files), or the settings changed (which).

The index manifest records what a version was built from: each file's hash (`files`) and the
settings that shape chunks and vectors (`build`). An ingest compares them with the corpus and
settings it is about to use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The settings in `build` (see Ingest.build_settings) under the names a user sets them by.
SETTING_NAMES = {"embedding_model": "FIELDGUIDE_EMBEDDING_MODEL", "chunk_overlap": "FIELDGUIDE_CHUNK_OVERLAP"}
UP_TO_DATE = "nothing changed since the last ingest; building a new version anyway"


@dataclass
class Staleness:
    """What differs between the active index and what an ingest would build now."""

    reasons: list[str] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return not self.reasons

    def message(self) -> str:
        return "; ".join(self.reasons) or UP_TO_DATE


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def guide_changes(old: dict[str, str], new: dict[str, str]) -> str | None:
    """ "the guide changed: 3 files (1 added, 1 changed, 1 removed)", or None when no file did."""
    added = len(new.keys() - old.keys())
    removed = len(old.keys() - new.keys())
    changed = sum(1 for name in new.keys() & old.keys() if new[name] != old[name])
    if not added + removed + changed:
        return None
    parts = [f"{n} {what}" for n, what in ((added, "added"), (changed, "changed"), (removed, "removed")) if n]
    return f"the guide changed: {_count(added + removed + changed, 'file')} ({', '.join(parts)})"


def settings_changes(old: dict, new: dict) -> list[str]:
    reasons = []
    old_chunker, new_chunker = old.get("chunker_version"), new["chunker_version"]
    if old_chunker != new_chunker:
        reasons.append(f"the chunker changed (version {old_chunker} → {new_chunker})")
    changed = [
        f"{env} {old.get(key)} → {new[key]}" for key, env in SETTING_NAMES.items() if old.get(key) != new[key]
    ]
    if changed:
        reasons.append("settings changed: " + ", ".join(changed))
    return reasons


def staleness(
    manifest: dict | None, files: dict[str, str], content_hash: str, build: dict, build_key: str
) -> Staleness:
    """Compares the active version's manifest with this corpus (`files`: file_hashes) and settings."""
    if not manifest:
        return Staleness(["no index yet"])
    if manifest.get("build_key") == build_key:
        return Staleness()
    reasons = []
    if "files" in manifest:
        reasons += [r for r in [guide_changes(manifest["files"], files)] if r]
    elif manifest.get("corpus", {}).get("content_hash") != content_hash:
        reasons.append("the guide changed")  # an index from before per-file hashes were recorded
    if "build" in manifest:
        reasons += settings_changes(manifest["build"], build)
    elif not reasons:
        reasons.append("settings changed (the index does not record which)")
    # Equal files and settings, different key: the index holds a subset of the postings (evals).
    return Staleness(reasons or ["the index was built from a different selection of postings"])
