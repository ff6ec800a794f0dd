"""Job seekers' shorthand for roles and work, and what it stands for: "swe" is a software engineer.

Search spells it out after the word (rag/index/retrieve.py) so that both indexes meet the guide's own
words ("swe to ai engineer in how long?" reaches the webinar answer that says "software engineer"),
and answerability takes the spelled form as the word's equivalent (rag/answer/word_cover.py).
"""

from __future__ import annotations

import re

SHORTHAND: dict[str, str] = {
    "swe": "software engineer",
    "swes": "software engineers",
    "sde": "software engineer",
    "sdes": "software engineers",
    "aie": "AI engineer",
    "aies": "AI engineers",
    "mle": "ML engineer",
    "mles": "ML engineers",
    "fde": "forward deployed engineer",  # "distyl FDE role"
    "fdes": "forward deployed engineers",
    "prod": "production",
    "prof": "professional",  # "prof dev budget"
    "wfh": "work from home",
    "yoe": "years of experience",
    "yrs": "years",  # "how many yrs"
    "yr": "year",
    "hm": "hiring manager",  # "will the HM read my unit tests"
    "hms": "hiring managers",
    "jd": "job description",
    "jds": "job descriptions",
    "oss": "open source",  # "OSS contributions"
    "appsec": "application security",
    "qs": "questions",  # "behavioural qs"
    "finetuning": "fine-tuning",
    "finetune": "fine-tune",
    "mgmt": "management",  # "portfolio mgmt"
    "mgr": "manager",
    "tf": "TensorFlow",
    "torch": "PyTorch",
    **dict.fromkeys(("esop", "esops"), "employee stock options"),  # "any ESOP", "do they give ESOPs"
}
_WORD = re.compile(r"\b[A-Za-z]+\b")


def spell_out(text: str) -> str:
    """The text with each shorthand word's meaning after it, unless the text says it already:
    "no prod experience" -> "no prod (production) experience"."""
    out, seen, at = [], set(), 0
    for m in _WORD.finditer(text):
        word = m[0].lower()
        meaning = SHORTHAND.get(word)
        if meaning is None or word in seen or meaning.lower() in text.lower():
            continue
        if "-" in (text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]):  # "tf-idf": another term
            continue
        seen.add(word)
        out += [text[at : m.end()], f" ({meaning})"]
        at = m.end()
    return "".join(out) + text[at:]


def in_full(text: str) -> str:
    """The text with each shorthand word replaced by its meaning: "share of finetuning-focused roles" ->
    "share of fine-tuning-focused roles" (the words a figure's sentence would write)."""
    return _WORD.sub(lambda m: SHORTHAND.get(m[0].lower(), m[0]), text)
