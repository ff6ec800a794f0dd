"""The data's vocabulary (skills, cities, countries, companies, levels, stages, ...), with counts:
maps what people type onto the values the postings hold, suggests the closest ones, prints them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cached_property

from rapidfuzz import fuzz, process

from rag.errors import MarketSpecError, UnknownValueError
from rag.market.skills import skill_key
from rag.market.spec import FIELD_LABELS, STAGE_LABELS, Filters
from rag.market.titles import matching, word_counts
from rag.names import display_company

COUNTRY_NAMES = {
    "USA": "United States",
    "GBR": "United Kingdom",
    "IND": "India",
    "DEU": "Germany",
    "NLD": "Netherlands",
}
WORK_TYPE_LABELS = {"FULL_TIME": "full-time", "INTERN": "internship", "CONTRACTOR": "contract"}
# What people type -> the data's value (used only when that value occurs in the data).
ALIASES: dict[str, dict[str, str]] = {
    "city": {
        "nyc": "New York", "new york city": "New York", "ny": "New York", "manhattan": "New York",
        "bangalore": "Bengaluru", "la": "Los Angeles", "delhi": "New Delhi", "gurgaon": "Gurugram",
        "bombay": "Mumbai", "madras": "Chennai",
    },
    "country": {
        "us": "USA", "u.s.": "USA", "u.s.a.": "USA", "united states": "USA", "america": "USA",
        "the us": "USA", "the usa": "USA", "uk": "GBR", "u.k.": "GBR", "united kingdom": "GBR",
        "britain": "GBR", "great britain": "GBR", "england": "GBR", "the uk": "GBR", "india": "IND",
        "germany": "DEU", "netherlands": "NLD", "the netherlands": "NLD", "holland": "NLD",
        "american": "USA", "british": "GBR", "indian": "IND", "german": "DEU", "dutch": "NLD",
    },
    "level": {
        "senior": "Senior level", "mid": "Mid level", "mid-level": "Mid level", "midlevel": "Mid level",
        "intermediate": "Mid level", "junior": "Entry level", "entry": "Entry level",
        "entry-level": "Entry level", "graduate": "Entry level", "expert": "Expert/Leader",
        "leader": "Expert/Leader", "lead": "Expert/Leader", "staff": "Expert/Leader",
        "principal": "Expert/Leader", "seniors": "Senior level", "juniors": "Entry level",
        "graduates": "Entry level",
    },
    "work_type": {
        "full-time": "FULL_TIME", "full time": "FULL_TIME", "fulltime": "FULL_TIME", "intern": "INTERN",
        "internship": "INTERN", "internships": "INTERN", "interns": "INTERN", "contract": "CONTRACTOR",
        "contractor": "CONTRACTOR", "contractors": "CONTRACTOR", "freelance": "CONTRACTOR",
    },
    "stage": {
        "seed": "seed", "seed stage": "seed", "series a": "series_a", "series b": "series_b",
        "series c": "series_c_plus", "series c+": "series_c_plus", "series d": "series_c_plus",
        "series e": "series_c_plus", "late stage": "series_c_plus", "public": "public",
        "publicly traded": "public", "listed": "public", "private": "private_other",
        "private/other": "private_other", "unknown": "unknown",
    },
    "ai_type": {
        "ai first": "ai-first", "ai-first": "ai-first", "ai support": "ai-support",
        "ai-support": "ai-support",
        "ml first": "ml-first", "ml-first": "ml-first", "unknown": "unknown",
    },
}  # fmt: skip
_WHAT = {
    "skill": "lists the skill",
    "city": "is located in",
    "country": "is located in the country",
    "company": "is from the company",
    "level": "has the level",
    "work_type": "has the work type",
    "stage": "has the company stage",
    "ai_type": "has the AI type",
    "size_band": "has the company size",
    "title": "has a title with",
}
SUGGEST_CUTOFF = 72  # rapidfuzz ratio (0-100) a typo must reach to be suggested
LIST_FIELDS = (
    "skills_all",
    "skills_any",
    "city",
    "country",
    "level",
    "ai_type",
    "company",
    "stage",
    "work_type",
    "title",
)


@dataclass
class Vocabulary:
    """Values per field with their posting counts, and the skills' spellings and categories."""

    counts: dict[str, dict[str, int]]  # field -> value -> postings
    skill_forms: dict[str, str]  # skill_key(spelling) -> canonical
    skill_category: dict[str, str | None]
    titles: tuple[str, ...] = dataclass_field(default=(), repr=False)  # every posting's title, lower-cased
    # every posting's (company, title) as the data spells them: a question may name one posting
    company_titles: tuple[tuple[str, str], ...] = dataclass_field(default=(), repr=False)

    @classmethod
    def load(cls, con) -> Vocabulary:
        counts: dict[str, dict[str, int]] = {}
        for field in ("city", "country", "level", "company", "work_type", "stage", "ai_type", "size_band"):
            rows = con.execute(
                f'SELECT "{field}", count(*) FROM postings WHERE "{field}" IS NOT NULL GROUP BY 1'
            ).fetchall()
            counts[field] = dict(rows)
        skills = con.execute("SELECT skill, category, n_postings FROM skills").fetchall()
        counts["skill"] = {s: n for s, _, n in skills}
        forms = dict(con.execute("SELECT form, skill FROM skill_forms").fetchall())
        rows = con.execute("SELECT company, title FROM postings WHERE title IS NOT NULL").fetchall()
        titles = tuple(t.lower() for _, t in rows)
        named = tuple((c, t) for c, t in rows if c)
        return cls(counts, forms, {s: c for s, c, _ in skills}, titles, named)

    @cached_property
    def title_vocabulary(self) -> frozenset[str]:
        """Every word of some posting's title."""
        return frozenset(word_counts(self.titles))

    def titled(self, phrase: str) -> int:
        """How many postings' titles have the title phrase's words, in order (rag.market.titles)."""
        return matching(phrase, self.titles)

    # -- resolving what people type ---------------------------------------------------------------
    def lookup(self, field: str, text: str) -> str | None:
        """The data's value for `text` (any case, an alias, a plural), or None."""
        values = self.counts[field]
        if field == "skill":
            key = skill_key(text)
            plurals = (key[:-1] if key.endswith("s") else None, key + "s") if len(key) > 3 else ()
            for candidate in (key, *plurals):
                if candidate and candidate in self.skill_forms:
                    return self.skill_forms[candidate]
            return None
        folded = " ".join(text.lower().split())
        alias = ALIASES.get(field, {}).get(folded)
        if alias in values:
            return alias
        by_fold = {v.lower(): v for v in values}
        if field == "country":
            by_fold.update({COUNTRY_NAMES[c].lower(): c for c in values if c in COUNTRY_NAMES})
        return by_fold.get(folded)

    def suggest(self, field: str, text: str, limit: int = 2) -> list[tuple[str, int]]:
        """The closest known values, most similar first, as (value, postings)."""
        values = self.counts[field]
        if field == "skill":
            to_value = self.skill_forms
        else:
            aliases = {k: v for k, v in ALIASES.get(field, {}).items() if v in values}
            to_value = {**aliases, **{v.lower(): v for v in values}}
        choices = list(to_value)
        best: dict[str, float] = {}
        for match, score, _ in process.extract(
            skill_key(text), choices, scorer=fuzz.ratio, limit=limit * 5, score_cutoff=SUGGEST_CUTOFF
        ):
            value = to_value[match]
            best[value] = max(score, best.get(value, 0))
        ranked = sorted(best, key=lambda v: (-round(best[v]), -values.get(v, 0), v))
        return [(v, values.get(v, 0)) for v in ranked[:limit]]

    def resolve(self, field: str, text: str) -> str:
        if field == "title":  # a phrase matched against the titles' words, kept as typed
            if not self.titled(text):
                raise UnknownValueError(field, text, [], _WHAT[field])
            return text
        value = self.lookup(field, text)
        if value is None:
            raise UnknownValueError(field, text, self.suggest(field, text), _WHAT.get(field, f"has {field}"))
        return value

    def resolve_filters(self, filters: Filters) -> Filters:
        """The same filters with every value replaced by the data's spelling (or UnknownValueError)."""
        data = filters.model_dump()
        for name in LIST_FIELDS:
            field = "skill" if name.startswith("skills") else name
            data[name] = list(dict.fromkeys(self.resolve(field, v) for v in data[name]))
        if data["posted_from"] and data["posted_to"] and data["posted_from"] > data["posted_to"]:
            raise MarketSpecError("posted_from is after posted_to: no posting can match")
        return Filters.model_validate(data)

    def related_skills(self, skill: str) -> list[tuple[str, int]]:
        """The other skills whose names hold `skill`'s words in a row ("model evaluation" and "evaluation
        frameworks" for "Evaluations"), as (skill, postings), most postings first."""
        words = _skill_words(skill)
        if not words:
            return []
        found = [
            (value, self.counts["skill"][value])
            for value, ws in self._skills_words.items()
            if value != skill and _holds(ws, words)
        ]
        return sorted(found, key=lambda kv: (-kv[1], kv[0]))

    @cached_property
    def _skills_words(self) -> dict[str, tuple[str, ...]]:
        """Every skill's words (`_skill_words`), read once: each count of a skill looks through them all."""
        return {value: _skill_words(value) for value in self.counts["skill"]}

    # -- showing values ---------------------------------------------------------------------------
    def rows(self, field: str) -> list[tuple[str, int, str]]:
        """(value, postings, note) for `fieldguide market vocab FIELD`, most postings first."""
        if field == "title":
            words = word_counts(self.titles)
            return [(w, n, "") for w, n in sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))]
        if field not in self.counts:
            raise MarketSpecError(f"no vocabulary for {field!r}; fields: {', '.join(self.fields())}")
        out = []
        for value, n in sorted(self.counts[field].items(), key=lambda kv: (-kv[1], kv[0])):
            note = (self.skill_category.get(value) or "") if field == "skill" else label(field, value)
            out.append((value, n, "" if note == value else note))
        return out

    def fields(self) -> list[str]:
        return list(self.counts)


def _skill_words(name: str) -> tuple[str, ...]:
    """A skill name's words, a plural folded ("Evaluations" -> ("evaluation",))."""
    words = re.findall(r"[\w+#.]+", skill_key(name).replace("/", " "))
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def _holds(words: tuple[str, ...], run: tuple[str, ...]) -> bool:
    """`run` stands in `words`, its words in a row."""
    n = len(run)
    return any(words[i : i + n] == run for i in range(len(words) - n + 1))


def label(field: str, value: object) -> str:
    """How a value is shown in answers and tables."""
    if value is None:
        return "not recorded"
    if field == "stage":
        return STAGE_LABELS.get(str(value), str(value))
    if field == "work_type":
        return WORK_TYPE_LABELS.get(str(value), str(value))
    if field == "country":
        name = COUNTRY_NAMES.get(str(value), str(value))
        return f"the {name}" if name.startswith(("United", "Netherlands")) else name
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field == "company":  # a table ingested before names were cleaned
        return display_company(str(value))
    return str(value)


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field)
