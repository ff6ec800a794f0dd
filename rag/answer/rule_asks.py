"""Rule asks (a place's law, an employer's on its staff). A part with a frame of obligation, permission or
entitlement ("do I have to …", "do I need a …", "am I allowed / entitled to …", "is it mandatory …", "can
they make me …", "am I owed …") that names who sets the rule: a jurisdiction (a country, a US state, a big
city, "the US", "the EU") or the asker's own employer ("my employer", "my contract", "at work"). The same
frame without either asks for advice the guide gives in its own words ("do I need to learn Python?", "will a
recruiter open my GitHub?"), as does one about what it takes to get hired or to learn a skill ("do I have
to relocate to San Francisco to get an AI job?"), and a question naming an employer in the corpus asks
about that employer's postings ("do I have to be in SF for Drata?"): none of them is a rule ask. A rule ask
is covered only by one sentence that states a rule (a word of obligation, permission or law) and holds
POLICY_COVER of the part's other words, place included: a market table of the place's salaries or a posting
from it says nothing about the place's law. Whether a question uses a word of a tax, a pension or another
statutory scheme (`asks_statutory`) is read here too: answerability.py refuses such a question with a word no
chunk uses ("kiwisaver employer contribution rate nz").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.places import place_in

# A frame of obligation, permission or entitlement, opening at a word boundary anywhere in a part.
_FRAME = re.compile(
    r"\b(?:(?:do|does|did|would|will)\s+(?:\w+\s+){1,3}?(?:have|need|got)\s+(?:to|an?)\b|"
    r"(?:have|has|need|needs)\s+to\s+(?:give|pay|tell|sign|register|approve|accept|disclose|work)\b|"
    r"(?:am|is|are)\s+(?:\w+\s+){0,3}?(?:legally\s+)?(?:allowed|permitted|entitled|required|obliged|"
    r"obligated|owed|forced|eligible)\b|"
    r"(?:mandatory|compulsory|obligatory|binding)\b|"
    r"(?:can|could|may)\s+(?:\w+\s+){0,3}?(?:make|force|require|stop|prevent|ban|forbid|fire|claim|cancel|"
    r"cut|lower|reduce|change|read|track|monitor|deduct|withhold|refuse|keep)\s+(?:me|my|us|our)\b|"
    r"(?:can|could|may)\s+i\b)",
    re.I,
)
# The asker's own employer or contract sets the rule ("my job", "my current job" is the asker's work, and
# "can I switch while keeping my current job?" asks for advice).
_OWN_EMPLOYER = re.compile(
    r"(?i)\b(?:my|our)\s+(?:\w+\s+){0,2}?(?:employer|company|boss|manager|contract|workplace)\b|\bat\s+work\b|"
    r"\bwork\s+laptop\b"
)
# What it takes to get hired or to learn a skill is the guide's advice, whoever sets it: "do I have to
# relocate to San Francisco to get an AI job?", "do I need to speak German to get a job in Berlin?".
_CAREER_STEP = re.compile(
    r"(?i)\b(?:to|before\s+I|so\s+I\s+can)\s+(?:get|land|find|become|be\s+hired|break\s+into|switch|move|"
    r"transition)\b|\b(?:need|have)\s+to\s+(?:learn|know|study|speak|master|practi[cs]e)\b"
    # "would I have to turn up in person at any point during the recruitment?": a step of getting hired
    r"|\b(?:during|in|for)\s+(?:the\s+)?(?:recruitment|recruiting|hiring|interview|application)"
    r"(?:\s+process)?\b"
)


@dataclass(frozen=True)
class RuleAsk:
    """A part asking a rule's determination, the frame that asks it and who sets the rule."""

    part: str
    frame: str
    place: str | None  # the jurisdiction named; None: the asker's employer sets the rule


def rule_ask(question: str, parts: list[str], names_employer: bool) -> RuleAsk | None:
    """The first part asking what a place's law or the asker's employer requires, permits or grants, or
    None. `names_employer`: the question names an employer of the corpus (its postings say its rules)."""
    if names_employer:
        return None
    for part in parts:
        m = _FRAME.search(part)
        if m and not _CAREER_STEP.search(part):
            place = place_in(question)
            if place is None and not _OWN_EMPLOYER.search(question):
                return None
            return RuleAsk(part, m.group(0), place)
    return None


# A statutory scheme's words: "kiwisaver employer contribution rate nz", "azores regional minimum wage
# supplement amount" (a word the corpus never writes beside them names a place's or a scheme's own rules)
_STATUTORY = re.compile(
    r"\b(?:tax(?:es|ed)?|pensions?|insurance|contributions?|minimum wage|rules|social security|premiums?|"
    r"statutory|schemes?|levy|deduct\w*|payroll|withholding|allowances?|entitle\w*|subsid\w*|government)\b",
    re.I,
)


def asks_statutory(question: str) -> bool:
    """Whether the question uses a word of a tax, a pension, an insurance or another statutory scheme."""
    return bool(_STATUTORY.search(question))
