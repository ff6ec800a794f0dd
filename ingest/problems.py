"""Files that could not be ingested whole: recorded, counted in the report, never fatal."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

import yaml

log = logging.getLogger("fieldguide.ingest")
log.addHandler(logging.NullHandler())

try:  # libyaml's loader is ~10x faster over the 3,500 posting files
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader


@dataclass(frozen=True)
class Problem:
    """A corpus file skipped or only partly read at ingest, and why."""

    path: str
    action: str  # "skipped" or "partial"
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


class Problems(list):
    """The problems of one ingest, each logged as it is added."""

    def add(self, path: str, action: str, reason: str) -> None:
        log.warning("%s %s: %s", action, path, reason)
        self.append(Problem(path, action, reason))


class BadFile(Exception):
    """A file that cannot be read as the mapping its kind needs; the message says why."""


def read_yaml_mapping(path) -> dict:
    data = path.read_bytes()
    if not data.strip():
        raise BadFile("empty file")
    if b"\0" in data:
        raise BadFile("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadFile(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    try:
        loaded = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BadFile(f"invalid YAML{where}: {problem}") from exc
    if not isinstance(loaded, dict):
        raise BadFile(f"unexpected layout: top level is a {type(loaded).__name__}, not a mapping")
    return loaded
