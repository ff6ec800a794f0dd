"""Versioned prompt templates, shipped as package data in rag/answer/prompt_templates/.

Each file is `<id>.v<version>.txt`: a header of `key: value` lines (id, version, description),
then sections introduced by `=== name ===`. Sections named `system` and `user` become chat
messages; other sections are text pieces (labels, notices). Rendering uses
`string.Template.substitute`, so a missing variable is an error, never an empty string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template

from rag.errors import PromptError

PACKAGE_DIR = "prompt_templates"
_FILE = re.compile(r"^(?P<id>[a-z][a-z0-9_-]*)\.v(?P<version>\d+)\.txt$")
_SECTION = re.compile(r"^=== (?P<name>[a-z_]+) ===$")
CHAT_ROLES = ("system", "user")


@dataclass(frozen=True)
class PromptTemplate:
    """One version of a prompt file: its named sections, rendered with values."""

    id: str
    version: int
    description: str
    sections: dict[str, str]

    @property
    def version_label(self) -> str:
        return f"v{self.version}"

    def render(self, section: str, **values: object) -> str:
        if section not in self.sections:
            raise PromptError(f"prompt {self.id}.v{self.version} has no section {section!r}")
        try:
            return Template(self.sections[section]).substitute(values)
        except KeyError as exc:
            raise PromptError(
                f"prompt {self.id}.v{self.version} section {section!r} needs variable {exc.args[0]!r}"
            ) from exc
        except ValueError as exc:
            raise PromptError(f"prompt {self.id}.v{self.version} section {section!r}: {exc}") from exc

    def messages(self, **values: object) -> list[dict[str, str]]:
        """The chat messages (system, then user) of a prompt with those sections."""
        roles = [role for role in CHAT_ROLES if role in self.sections]
        if not roles:
            raise PromptError(f"prompt {self.id}.v{self.version} has no system or user section")
        return [{"role": role, "content": self.render(role, **values)} for role in roles]


def parse_prompt(name: str, text: str) -> PromptTemplate:
    match = _FILE.match(name)
    if not match:
        raise PromptError(f"prompt file name {name!r} is not <id>.v<version>.txt")
    header: dict[str, str] = {}
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        section = _SECTION.match(line)
        if section:
            current = sections.setdefault(section["name"], [])
        elif current is not None:
            current.append(line)
        elif line.strip():
            key, sep, value = line.partition(":")
            if not sep:
                raise PromptError(f"{name}: header line {line!r} is not 'key: value'")
            header[key.strip()] = value.strip()
    if header.get("id") != match["id"] or header.get("version") != match["version"]:
        raise PromptError(
            f"{name}: header id/version {header.get('id')}/{header.get('version')} do not match the file name"
        )
    if not sections:
        raise PromptError(f"{name}: no '=== section ===' found")
    return PromptTemplate(
        id=match["id"],
        version=int(match["version"]),
        description=header.get("description", ""),
        sections={key: "\n".join(lines).strip("\n") for key, lines in sections.items()},
    )


def _files() -> dict[tuple[str, int], str]:
    out = {}
    for entry in resources.files("rag.answer").joinpath(PACKAGE_DIR).iterdir():
        match = _FILE.match(entry.name)
        if match:
            out[(match["id"], int(match["version"]))] = entry.name
    return out


def available() -> dict[str, list[int]]:
    versions: dict[str, list[int]] = {}
    for prompt_id, version in sorted(_files()):
        versions.setdefault(prompt_id, []).append(version)
    return versions


@cache
def load_prompt(prompt_id: str, version: int | None = None) -> PromptTemplate:
    """The given version of a prompt, or its newest one."""
    files = _files()
    versions = sorted(v for (pid, v) in files if pid == prompt_id)
    if not versions:
        raise PromptError(f"no prompt named {prompt_id!r} in rag/answer/{PACKAGE_DIR}")
    version = versions[-1] if version is None else version
    if (prompt_id, version) not in files:
        raise PromptError(f"prompt {prompt_id!r} has no version {version} (have {versions})")
    name = files[(prompt_id, version)]
    text = resources.files("rag.answer").joinpath(PACKAGE_DIR, name).read_text(encoding="utf-8")
    return parse_prompt(name, text)
