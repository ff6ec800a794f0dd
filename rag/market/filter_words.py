"""The words a market question names filter values by: funding stages, AI types, flags, levels, kinds of
role, startups, leads, role nouns and months, with the data's skills that a question rarely means."""

from __future__ import annotations

import calendar
import re

from rag.market.vocab import ALIASES

# Words that are skills in the data but, in a question, almost always mean something else.
NOT_SKILLS = {
    "ai", "ml", "engineering", "make", "go", "rest", "cloud", "research", "design", "data", "work", "team",
    "time", "experience", "communication", "startup", "startups", "product", "remote", "leadership",
    "management", "customer", "support", "ai engineering", "software engineering", "llm engineering",
    "ai engineer", "job", "jobs", "roles", "role", "market", "hiring", "demand", "interview", "interviews",
    "salary", "pay", "compensation", "company", "companies", "skills", "skill", "city", "level", "first",
    "senior", "junior", "mentoring", "english", "intern", "internship", "contract",
}  # fmt: skip
# only in this exact case ("combine" is a verb; "Combine" a framework)
CASED_SKILLS = {"go": "Go", "r": "R", "c": "C", "rest": "REST", "make": "Make", "combine": "Combine"}
PAIRING = {"or", "vs", "versus", "and"}
STAGE_PHRASES = {
    "seed": "seed", "seed stage": "seed", "series a": "series_a", "series b": "series_b",
    "series c": "series_c_plus", "series c+": "series_c_plus", "series d": "series_c_plus",
    "series e": "series_c_plus", "public companies": "public", "public company": "public",
    "publicly traded": "public", "listed companies": "public", "listed firms": "public",
    "public firms": "public", "private companies": "private_other",
}  # fmt: skip
AI_TYPE_PHRASES = {k: v for k, v in ALIASES["ai_type"].items() if v != "unknown"}
FLAG_PHRASES = {
    "customer-facing": ("customer_facing", True), "customer facing": ("customer_facing", True),
    "client-facing": ("customer_facing", True), "client facing": ("customer_facing", True),
    "management": ("management", True), "manager": ("management", True), "managers": ("management", True),
    "people management": ("management", True), "managing": ("management", True),
    "manage people": ("management", True), "managing people": ("management", True),
    "manage a team": ("management", True), "managing a team": ("management", True),
    "people manager": ("management", True), "people-manager": ("management", True),
    "talk to clients": ("customer_facing", True), "talk to customers": ("customer_facing", True),
    "talking to clients": ("customer_facing", True), "talking to customers": ("customer_facing", True),
    "work with clients": ("customer_facing", True), "working with clients": ("customer_facing", True),
}  # fmt: skip
LEVEL_WORDS = {"senior", "junior", "mid-level", "mid level", "midlevel", "entry-level", "entry level",
               "staff", "principal", "expert", "graduate", "intermediate", "seniors", "juniors",
               "graduates"}  # fmt: skip
# A kind of role, not a skill, before a plural role noun ("AI platform roles", "infrastructure jobs"):
# the data's AI type ai-support, which the guide describes as platforms, infrastructure and tooling.
SUPPORT_ROLES = {"platform", "platforms", "ai platform", "ml platform", "infrastructure", "infra",
                 "ai infrastructure", "ml infrastructure", "ai infra", "tooling", "ai tooling"}  # fmt: skip
SUPPORT_NOTE = "Read {!r} as AI type ai-support (platforms, infrastructure, tooling)."
# "LLM-focused roles", "GenAI-heavy jobs", "LLM-app jobs": roles that build with LLMs, the data's AI-first.
LLM_ROLE = re.compile(r"(?:llms?|genai|gen-ai)-(?!first\b|support\b)[a-z]+")
LLM_ROLE_NOTE = "Read {!r} as AI type ai-first (roles working on AI systems directly)."
# Startups: companies at a funding stage the data holds (Seed to Series C+), said in a note.
STARTUP_WORDS = {"startup", "startups", "start-up", "start-ups"}
LEAD_WORDS = {"lead", "leads", "leader", "leaders"}  # a level only before a role noun or beside another level
LEAD_AFTER = {"or", "and", "level", "engineer", "engineers", "roles", "jobs", "positions", "openings"}
ROLE_NOUNS = {"roles", "jobs", "positions", "engineers", "openings", "postings", "listings", "engineering",
              "role", "job", "position", "team", "teams"}  # fmt: skip
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
