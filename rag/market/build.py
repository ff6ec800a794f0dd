"""Question -> QuerySpec for market questions: the measure, field, filters and subset read from
the extraction's mentions and intent words, deterministically."""

from __future__ import annotations

from collections.abc import Collection

from rag.market.cues import (
    CATEGORY_WORDS,
    COMPANY_COUNTS,
    COMPANY_LISTS,
    COMPANY_NOUNS,
    COMPANY_VERB_FILLER,
    COMPANY_VERBS,
    COUNTED_ADJECTIVES,
    DEMAND,
    GROUP_PAIRS,
    NUMBERS,
    OTHER_COMPANIES,
    POSTING_WORDS,
    PREDICATE_VERBS,
    STAGES_NOTE,
    STARTUP_NOTE,
    STARTUP_STAGES,
    SUBSET_FIELDS,
)
from rag.market.parser import Extraction, Mention
from rag.market.skills import skill_key
from rag.market.spec import COMPANY_MEASURES, Filters, QuerySpec

BREAKDOWN_FIELDS = ("city", "country", "level", "stage", "ai_type", "work_type", "company")


def group_field(ex: Extraction) -> tuple[str | None, str | None]:
    """The field a top/breakdown question is about ("which skills", "top cities"), and a skill category."""
    for phrase, category in CATEGORY_WORDS.items():
        if ex.has(phrase) and not any(m.field == "skill" and phrase in m.text.lower() for m in ex.mentions):
            return "skill", category
    taken = " ".join(m.text.lower() for m in ex.mentions)
    found = [(w, fld) for w, fld in GROUP_PAIRS if ex.has(w) and w not in taken]
    named = [(w, fld) for w, fld in found if ex.has(*(f"{q} {w}" for q in _ASKED_AFTER))]
    asked = [(w, fld) for w, fld in found if not _asking_employers(ex.tokens, w)]
    # "top skills employers ask for": the employers ask; the skills are what is ranked
    return ((named or asked or found)[0][1], None) if found else (None, None)


_ASKED_AFTER = ("which", "what", "top", "list", "name", *(f"top {n}" for n in (3, 5, 10, 15, 20)))


def _asking_employers(tokens: list[str], word: str) -> bool:
    """ "employers ask for", "companies look for": a company noun as the subject of a demand verb."""
    if word not in COMPANY_NOUNS:
        return False
    for i, t in enumerate(tokens[:-1]):
        rest = [w for w in tokens[i + 1 :] if w not in COMPANY_VERB_FILLER]
        if t == word and rest and rest[0] in COMPANY_VERBS:
            return True
    return False


def by_field(ex: Extraction) -> str | None:
    """ "by level", "per city", "for each company", "across levels": a group-by field."""
    text = " " + " ".join(ex.tokens) + " "
    for w, fld in GROUP_PAIRS:
        for cue in (
            "by",
            "per",
            "for each",
            "across",
            "for every",
            "across the",
            "by their",
            "broken down by",
        ):
            if f" {cue} {w} " in text:
                return fld
    return None


RANKING = ("most", "best", "highest", "top")


def salary_ranking(ex: Extraction, intents: set[str]) -> str | None:
    """The field whose values a salary question ranks, best paid first: "which companies pay the most",
    "best paying cities" (not "pay by level", which groups without ranking)."""
    if "salary" not in intents or by_field(ex) is not None or not ex.has(*RANKING):
        return None
    return group_field(ex)[0]


def _limit(ex: Extraction) -> int | None:
    for i, tok in enumerate(ex.tokens[:-1]):
        nxt = ex.tokens[i + 1]
        if tok == "top" and (nxt.isdigit() or nxt in NUMBERS):
            return int(nxt) if nxt.isdigit() else NUMBERS[nxt]
        if (tok.isdigit() or tok in NUMBERS) and nxt in ("most", "top", "biggest", "leading"):
            return int(tok) if tok.isdigit() else NUMBERS[tok]
    return None


def filters_of(mentions: list[Mention], ex: Extraction | None = None) -> Filters:
    """The postings the values `mentions` name pick (and `ex`'s dates): every filter of the desk."""
    data: dict = {}
    for m in mentions:
        if m.field == "skill":
            data.setdefault("skills_all", []).append(m.value)
        elif m.field in ("management", "customer_facing"):
            data[m.field] = m.value
        else:
            data.setdefault(m.field, []).extend(m.values())
    if ex is not None:
        data.update(posted_from=ex.posted_from, posted_to=ex.posted_to)
    if len(data.get("skills_all", [])) > 1 and _any_of(ex):
        data["skills_any"] = data.pop("skills_all")
    return Filters(**{k: list(dict.fromkeys(v)) if isinstance(v, list) else v for k, v in data.items()})


def _any_of(ex: Extraction | None) -> bool:
    return ex is not None and ex.has("or", "either", "any of")


def _same_skill(a: Mention, b: Mention) -> bool:
    """Two skill mentions of one word's family: "evals" and "Evaluations", "agent" and "agents"."""
    if a.field != "skill" or b.field != "skill":
        return False
    short, long = sorted((skill_key(str(m.value)).rstrip("s") for m in (a, b)), key=len)
    return len(short) >= 4 and " " not in long and long.startswith(short)


def _split(ex: Extraction, mentions: list[Mention]) -> tuple[Filters, Filters]:
    """(population, subset) of a count or share question."""
    verb = next((i for i, t in enumerate(ex.tokens) if t in PREDICATE_VERBS and i > 0), None)
    of = next((i for i, t in enumerate(ex.tokens) if t == "of"), None)
    if of is not None:  # "what share of London postings are senior?": the copula splits the two
        verb = next((i for i, t in enumerate(ex.tokens) if t in ("are", "is") and i > of), verb)
    before = [m for m in mentions if verb is not None and m.end <= verb]
    after = [m for m in mentions if verb is None or m.start > verb]
    # "evals are everywhere. Do postings ask for evaluation skills?": one skill said twice, counted once
    said = [m for m in before if any(_same_skill(m, a) for a in after)]
    mentions, before = [m for m in mentions if m not in said], [m for m in before if m not in said]
    if before and after:
        return filters_of(before), filters_of(after, ex)
    subset = [m for m in mentions if m.field in SUBSET_FIELDS]
    if subset and len(subset) < len(mentions):
        return filters_of([m for m in mentions if m not in subset]), filters_of(subset, ex)
    return Filters(), filters_of(mentions, ex)


def _company_noun(tokens: list[str], cues: tuple[str, ...]) -> int | None:
    """Where the company noun right after one of `cues` is ("how many (different) employers"), unless
    it owns postings ("what share of companies' postings")."""
    for cue in cues:
        words = cue.split()
        for i in range(len(tokens) - len(words) + 1):
            if tokens[i : i + len(words)] != words:
                continue
            j = i + len(words)
            while j < len(tokens) and tokens[j] in COUNTED_ADJECTIVES:
                j += 1
            if j < len(tokens) and tokens[j] in COMPANY_NOUNS:
                owns = j + 1 < len(tokens) and tokens[j + 1] in POSTING_WORDS
                return None if owns else j
    return None


def counted_companies(ex: Extraction) -> str | None:
    """The company noun a count or share counts ("how many employers want Python?", "what share of
    firms"): companies are counted, not postings. None when postings are counted."""
    j = _company_noun(ex.tokens, COMPANY_COUNTS)
    return ex.tokens[j] if j is not None else None


def listed_companies(ex: Extraction) -> str | None:
    """ "Which companies ask for Kubernetes?", "list employers hiring in Berlin": the companies that
    want a value of the data, answered by the companies with the most such postings. The verb right
    after the noun says so ("which employers have public rules ..." asks something else)."""
    j = _company_noun(ex.tokens, COMPANY_LISTS)
    if j is None or not ex.mentions:
        return None
    rest = [t for t in ex.tokens[j + 1 :] if t not in COMPANY_VERB_FILLER]
    return ex.tokens[j] if rest and rest[0] in COMPANY_VERBS else None


def build_spec(ex: Extraction, intents: set[str], stages: Collection[str] = STARTUP_STAGES) -> QuerySpec:
    """The question's spec; one that counts companies ("how many companies ask for X") has unit
    companies, and "startups" are read as companies at a funding stage of those the data holds
    (`stages`), said in a note."""
    spec = _spec(ex, intents)
    listed = listed_companies(ex) if "top" in intents and spec.measure == "count" else None
    if listed is not None:  # "which startups are hiring for LLMs?": the companies with most such postings
        spec = QuerySpec(measure="top", field="company", filters=spec.filters.merged(spec.subset))
        return _startups(spec, listed, ex, stages)
    noun = counted_companies(ex)
    if noun is None or spec.measure not in COMPANY_MEASURES or spec.only:
        return _startups(spec, listed_companies(ex), ex, stages) if spec.field == "company" else spec
    if spec.field == "company":  # "how many companies are there (in London)?": a count, not a table
        spec = QuerySpec(measure="count", subset=spec.filters)
    elif spec.group_by == "company":
        return spec
    return _startups(spec.model_copy(update={"unit": "companies"}), noun, ex, stages)


def _startups(spec: QuerySpec, noun: str | None, ex: Extraction, stages: Collection[str]) -> QuerySpec:
    """Companies asked about as startups: those at a funding stage the data holds, said in a note."""
    if noun != "startups":
        return spec
    funded = [s for s in STARTUP_STAGES if s in stages] or list(STARTUP_STAGES)
    note = STARTUP_NOTE.format(noun)
    if not any(n.lower() == note.lower() for n in ex.notes):  # the parser said it already
        ex.notes.append(note)
    return spec.model_copy(update={"filters": spec.filters.merged(Filters(stage=funded))})


def startups_compared(ex: Extraction) -> bool:
    """ "Do big companies ask for RAG more than startups?": startups set against other companies."""
    startups = any(m.field == "stage" and isinstance(m.value, tuple) for m in ex.mentions)
    skill = any(m.field == "skill" for m in ex.mentions)  # what is compared: how often a skill is asked
    return startups and skill and ex.has(*OTHER_COMPANIES) and ex.has(*COMPARE) and ex.has(*DEMAND)


def _spec(ex: Extraction, intents: set[str]) -> QuerySpec:
    mentions = ex.mentions
    if startups_compared(ex):
        rest = [m for m in mentions if m.field != "stage"]
        said = {STARTUP_NOTE.format(m.text) for m in mentions if m.field == "stage"}
        ex.notes[:] = [*(n for n in ex.notes if n not in said), STAGES_NOTE]  # one note says both
        return QuerySpec(measure="share", subset=filters_of(rest, ex), group_by="stage")
    compared = _compared(ex, intents)
    if compared:
        fld, values = compared
        rest = [m for m in mentions if m.field != fld]
        # groups of postings set against each other on a skill: each group's share ("is AWS asked for
        # more in LLM-building roles or in platform roles?"), not counts over groups of other sizes
        if rest and ("share" in intents or fld != "skill" and any(m.field == "skill" for m in rest)):
            return QuerySpec(
                measure="share", subset=filters_of(rest, ex), group_by=fld, only=values, limit=len(values)
            )
        return QuerySpec(
            measure="top", field=fld, only=values, filters=filters_of(rest, ex), limit=len(values)
        )
    group, category = group_field(ex)
    by = by_field(ex)
    limit = _limit(ex)
    extra = {"limit": limit} if limit else {}
    if "cooccur" in intents and any(m.field == "skill" for m in mentions):
        return QuerySpec(measure="cooccur", filters=filters_of(mentions, ex), **extra)
    if "salary" in intents:
        ranked = salary_ranking(ex, intents)
        return QuerySpec(
            measure="salary",
            filters=filters_of(mentions, ex),
            group_by=ranked or by,
            salary_stat=_salary_stat(ex, ranked is not None),
            limit=limit or (10 if ranked else 30),
        )
    if "by_month" in intents:
        population, subset = _split(ex, mentions)
        return QuerySpec(measure="by_month", filters=population, subset=subset)
    if (
        "top" in intents
        and group
        and not ("share" in intents or "count" in intents)
        or ("top" in intents and group and by is None and not mentions_of(mentions, group))
    ):
        return QuerySpec(measure="top", field=group, skill_category=category if group == "skill" else None,
                         filters=filters_of(mentions, ex), **extra)  # fmt: skip
    if by and not mentions:
        return QuerySpec(measure="breakdown", field=by, limit=limit or 20)
    if "breakdown" in intents and (by or group):
        return QuerySpec(
            measure="breakdown", field=by or group, filters=filters_of(mentions, ex), limit=limit or 20
        )
    asked = next((m for m in reversed(mentions) if m.field in BREAKDOWN_FIELDS), None)
    if "mostly" in intents and asked is not None:  # "are most of these jobs at public companies?"
        rest = [m for m in mentions if m.field != asked.field]
        return QuerySpec(
            measure="breakdown", field=asked.field, filters=filters_of(rest, ex), limit=limit or 20
        )
    if not mentions and not (ex.posted_from or ex.posted_to):
        if by or group:
            return QuerySpec(measure="breakdown", field=by or group, limit=limit or 20)
        return QuerySpec(measure="count")
    population, subset = _split(ex, mentions)
    measure = "share" if "share" in intents else "count"
    return QuerySpec(measure=measure, filters=population, subset=subset, group_by=by, **extra)


COMPARE = ("vs", "versus", "compared", "compare", "or", "more", "than")


def _compared(ex: Extraction, intents: set[str]) -> tuple[str, list] | None:
    """ "AWS vs Azure vs GCP - which is asked for most?": two or more values of one field, compared."""
    if not (ex.has(*COMPARE) and (intents & {"top", "count", "share"} or ex.has("which", "more"))):
        return None
    if "share" in intents and not ex.has("vs", "versus", "compare", "compared"):
        return None
    for fld in ("skill", "city", "country", "level", "company", "ai_type", "stage", "work_type"):
        said = [m for m in ex.mentions if m.field == fld]
        values = list(dict.fromkeys(m.value for m in said))
        if (
            fld == "stage"
        ):  # "seed startups": the stage says which; "public companies vs startups": each stage
            said = [
                m for m in said if not (isinstance(m.value, tuple) and any(o.end == m.start for o in said))
            ]
            values = list(
                dict.fromkeys(v for m in said for v in (m.value if isinstance(m.value, tuple) else [m.value]))
            )
        if len(values) >= 2 and not ex.has("either", "any of"):
            return fld, values
    return None


def mentions_of(mentions: list[Mention], fld: str) -> bool:
    return any(m.field == fld for m in mentions)


def _salary_stat(ex: Extraction, ranked: bool = False) -> str:
    """The figure to lead with; groups ranked by who pays "the most" are ranked by their median."""
    if ex.has("highest", "maximum", "max", "top pay") or (ex.has("most", "best") and not ranked):
        return "max"
    if ex.has("lowest", "minimum", "min", "least"):
        return "min"
    if ex.has("p25", "25th", "lower quartile", "bottom quartile"):
        return "p25"
    if ex.has("p75", "75th", "upper quartile", "top quartile"):
        return "p75"
    return "median"
