"""Skill names folded to one canonical spelling: case, separators, plurals and the alias file."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ALIASES_PATH = Path(__file__).with_name("skill_aliases.toml")
_SEPARATORS = re.compile(r"[\s_\-]+")


def split_spellings(spellings: Iterable[str]) -> list[str]:
    """A skill list's items with broken splits repaired: an item whose brackets do not pair came from
    a list split inside "Head (A, B)", so it is split at its commas, "Head (A" gives Head and A, and
    "B)" gives B ("Cloud Platforms (Aws" -> "Cloud Platforms", "Aws"). Paired items stay whole."""
    out: list[str] = []
    for item in spellings:
        text = str(item).strip()
        if text.count("(") == text.count(")"):
            out.append(text)
            continue
        for piece in text.split(","):
            out.extend(p.strip() for p in piece.replace(")", "").split("(") if p.strip())
    return out


def skill_key(name: str) -> str:
    """The comparison key of a spelling: NFKC, lower case, one space for any run of -, _ or spaces."""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    return _SEPARATORS.sub(" ", text).strip().rstrip(",;:").strip()


@dataclass(frozen=True)
class SkillAliases:
    """The alias file: spelling key -> canonical name, exact spellings kept apart, non-plural keys."""

    by_key: dict[str, str]
    exact: dict[str, str]
    no_plural: frozenset[str]
    kinds: frozenset[str] = frozenset()  # keys of spellings that name a kind of skill, not one

    def is_kind(self, spelling: str) -> bool:
        """ "Frameworks", "Cloud platforms": a kind of skill, left out of the skills."""
        key = skill_key(spelling)
        return key in self.kinds or (key.endswith("s") and key[:-1] in self.kinds)

    @classmethod
    def load(cls, path: Path = ALIASES_PATH) -> SkillAliases:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        by_key: dict[str, str] = {}
        for canonical, variants in data.get("aliases", {}).items():
            for spelling in [canonical, *variants]:
                key = skill_key(spelling)
                if by_key.setdefault(key, canonical) != canonical:
                    raise ValueError(
                        f"{path}: {spelling!r} is listed under {by_key[key]!r} and {canonical!r}"
                    )
        exact = dict(data.get("case_sensitive", {}))
        no_plural = frozenset(skill_key(k) for k in data.get("no_plural", {}).get("keys", []))
        kinds = frozenset(skill_key(k) for k in data.get("not_skills", {}).get("kinds", []))
        return cls(by_key, exact, no_plural, kinds)


class SkillFolder:
    """Maps every spelling seen in the data to one canonical skill name.

    Built from all spellings (with repeats): a group's name is the alias file's canonical name, or
    else its most frequent spelling (ties: the alphabetically first). Spellings that name a kind of
    skill ("Frameworks") are no skill: they have no name."""

    def __init__(self, spellings: Iterable[str], aliases: SkillAliases | None = None):
        self.aliases = aliases or SkillAliases.load()
        counts = Counter(s.strip() for s in spellings if s and s.strip() and not self.aliases.is_kind(s))
        self._keys = {skill_key(s) for s in counts} | set(self.aliases.by_key)
        members: dict[str, Counter] = {}
        for spelling, n in counts.items():
            members.setdefault(self._group(spelling), Counter())[spelling] += n
        self._names = {
            group: group[1:] if group.startswith("=") else min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            for group, c in members.items()
        }
        self.canonical = {s: self._names[self._group(s)] for s in counts}

    def _group(self, spelling: str) -> str:
        """A group id: "=" + canonical name for alias-file skills, else the folded key."""
        if spelling in self.aliases.exact:
            return "=" + self.aliases.exact[spelling]
        key = skill_key(spelling)
        for candidate in (key, key + "s"):  # "LLM" folds into the alias file's "LLMs"
            if candidate in self.aliases.by_key and candidate not in self.aliases.no_plural:
                return "=" + self.aliases.by_key[candidate]
        if key.endswith("s") and key not in self.aliases.no_plural and key[:-1] in self._keys:
            key = key[:-1]
            if key in self.aliases.by_key:
                return "=" + self.aliases.by_key[key]
        return key

    def name(self, spelling: str) -> str | None:
        """The canonical name of a spelling seen in the data (None for a kind of skill)."""
        return self.canonical.get(spelling.strip())

    def forms(self) -> dict[str, str]:
        """Every known spelling key (data and alias file) -> canonical name, for matching questions."""
        out = {skill_key(s): name for s, name in self.canonical.items() if s not in self.aliases.exact}
        for key, canonical in self.aliases.by_key.items():
            if "=" + canonical in self._names:
                out.setdefault(key, canonical)
        return out


def split_slashed(
    tokens: list[str], raw: list[str], is_skill: Callable[[str], bool]
) -> tuple[list[str], list[str]]:
    """The question's tokens (lower-cased, and as typed) with skills joined by a slash apart, "or" between
    them ("sklearn/xgboost"); a slashed skill of its own stays one ("ci/cd")."""
    out_tokens, out_raw = [], []
    for token, typed in zip(tokens, raw, strict=True):
        pieces = token.split("/")
        if len(pieces) > 1 and not is_skill(token) and all(is_skill(p) for p in pieces):
            for k, (piece, written) in enumerate(zip(pieces, typed.split("/"), strict=True)):
                out_tokens += ["or", piece] if k else [piece]
                out_raw += ["or", written] if k else [written]
        else:
            out_tokens.append(token)
            out_raw.append(typed)
    return out_tokens, out_raw
