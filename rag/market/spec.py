"""The typed market query: what to measure, over which postings. Values are checked against the
data's vocabulary before a query runs; the spec is compiled to parameterised SQL (rag/market/sql.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from rag.market.schema import AI_TYPES, SKILL_CATEGORIES, STAGES

Measure = Literal["count", "share", "top", "breakdown", "by_month", "salary", "cooccur"]
GroupField = Literal[
    "skill", "city", "country", "level", "ai_type", "company", "stage", "work_type",
    "management", "customer_facing", "size_band",
]  # fmt: skip
SalaryStat = Literal["median", "p25", "p75", "min", "max"]
Unit = Literal["postings", "companies"]
Stage = Literal[STAGES]  # type: ignore[valid-type]
AIType = Literal[AI_TYPES]  # type: ignore[valid-type]
SkillCategory = Literal[SKILL_CATEGORIES]  # type: ignore[valid-type]
Value = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Values = Annotated[list[Value], Field(max_length=20)]

MEASURES: tuple[str, ...] = Measure.__args__  # type: ignore[attr-defined]
UNITS: tuple[str, ...] = Unit.__args__  # type: ignore[attr-defined]
COMPANY_MEASURES = ("count", "share", "top", "breakdown")  # the measures that can count companies
GROUP_FIELDS: tuple[str, ...] = GroupField.__args__  # type: ignore[attr-defined]
STAGE_LABELS = {
    "seed": "Seed",
    "series_a": "Series A",
    "series_b": "Series B",
    "series_c_plus": "Series C+",
    "public": "Public",
    "private_other": "Private/other",
    "unknown": "Unknown",
}
FIELD_LABELS = {
    "skill": "skill",
    "city": "city",
    "country": "country",
    "level": "level",
    "ai_type": "AI type",
    "company": "company",
    "stage": "company stage",
    "work_type": "work type",
    "management": "management role",
    "customer_facing": "customer-facing",
    "size_band": "company size (employees)",
    "title": "job title",
}


class Filters(BaseModel):
    """Conditions on postings, all of which must hold (values within one list: any of them)."""

    model_config = ConfigDict(extra="forbid")

    skills_all: Values = Field([], description="Postings listing every one of these skills.")
    skills_any: Values = Field([], description="Postings listing at least one of these skills.")
    city: Values = Field([], description="City as the posting states it, e.g. 'New York'.")
    country: Values = Field([], description="Country, ISO3 code as in the data (USA, GBR, IND, DEU, NLD).")
    level: Values = Field(
        [], description="Level as in the data: Entry level, Mid level, Senior level, Expert/Leader."
    )
    ai_type: list[AIType] = Field([], description="ai-first, ai-support, ml-first or unknown.")
    company: Values = Field([], description="Company name.")
    title: Values = Field(
        [],
        description="Job title words, e.g. 'ML engineer' or 'staff engineer': postings whose title has "
        "these words in this order (any of the phrases; 'AI' is left out, every posting is an AI role).",
    )
    stage: list[Stage] = Field([], description="Company stage bucket.")
    work_type: Values = Field([], description="FULL_TIME, INTERN or CONTRACTOR.")
    management: bool | None = Field(None, description="Management roles only (true) or none (false).")
    customer_facing: bool | None = Field(
        None, description="Customer-facing roles only (true) or none (false)."
    )
    posted_from: date | None = Field(None, description="Posted on or after this date.")
    posted_to: date | None = Field(None, description="Posted on or before this date.")

    def is_empty(self) -> bool:
        return self == Filters()

    def skills(self) -> list[str]:
        return [*self.skills_all, *self.skills_any]

    def merged(self, other: Filters) -> Filters:
        """Both sets of conditions at once (lists are concatenated; the other's scalars win)."""
        out = self.model_dump()
        for name, value in other.model_dump().items():
            if isinstance(value, list):
                out[name] = list(dict.fromkeys([*out[name], *value]))
            elif value is not None:
                out[name] = value
        return Filters.model_validate(out)


class QuerySpec(BaseModel):
    """One market query. `filters` pick the population (the denominator); `subset` the postings
    counted within it (count, share, by_month). Other measures look at filters and subset together."""

    model_config = ConfigDict(extra="forbid")

    measure: Measure = Field(description="What to compute.")
    filters: Filters = Field(default_factory=Filters, description="The population.")
    subset: Filters = Field(default_factory=Filters, description="Counted within the population.")
    field: GroupField | None = Field(None, description="The field of a top or breakdown measure.")
    group_by: GroupField | None = Field(None, description="Count, share or salary per value of this field.")
    skill_category: SkillCategory | None = Field(None, description="Top skills of this category only.")
    only: Values = Field([], description="Only these values of field or group_by, e.g. to compare skills.")
    unit: Unit = Field(
        "postings",
        description="What count, share, top and breakdown count: postings, or companies (distinct company "
        "names with at least one posting that matches).",
    )
    salary_stat: SalaryStat = Field("median", description="The salary figure to lead with.")
    limit: int = Field(10, ge=1, le=100, description="Rows of a top, breakdown or grouped result.")

    @model_validator(mode="after")
    def _consistent(self) -> QuerySpec:
        if self.measure in ("top", "breakdown") and self.field is None:
            raise ValueError(f"measure {self.measure!r} needs a field (one of {', '.join(GROUP_FIELDS)})")
        if self.measure not in ("top", "breakdown") and self.field is not None:
            raise ValueError(f"field applies to top and breakdown only, not to {self.measure!r}")
        if self.group_by is not None and self.measure not in ("count", "share", "salary"):
            raise ValueError(f"group_by applies to count, share and salary only, not to {self.measure!r}")
        if self.only and self.field is None and self.group_by is None:
            raise ValueError("only applies with field or group_by (it restricts that field's values)")
        if self.skill_category is not None and self.field != "skill":
            raise ValueError("skill_category applies to a top or breakdown of skills only")
        if self.unit == "companies" and self.measure not in COMPANY_MEASURES:
            raise ValueError(
                f"unit 'companies' applies to {', '.join(COMPANY_MEASURES)}, not to {self.measure!r}"
            )
        if self.unit == "companies" and "company" in (self.field, self.group_by):
            raise ValueError("unit 'companies' cannot count companies per company: use unit 'postings'")
        if self.measure == "cooccur" and not self.where().skills_all:
            raise ValueError(
                "cooccur needs at least one skill in skills_all (the skill others co-occur with)"
            )
        return self

    def where(self) -> Filters:
        """Filters and subset together: the postings a top, breakdown, salary or cooccur looks at."""
        return self.filters.merged(self.subset)
