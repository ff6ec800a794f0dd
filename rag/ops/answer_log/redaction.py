"""Redaction of what people type before it is stored: email addresses and phone numbers."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# A phone-shaped run: optional +country code and (area code), then digit groups joined by one space,
# dash or dot; groups after the first have 2+ digits. The checks in _phone() decide what it is.
_PHONE = re.compile(
    r"(?<![\w$£€.,/+-])"
    r"(?:\+\d{1,3}[ .-]?)?"
    r"(?:\(\d{1,5}\)[ .-]?)?"
    r"\d+(?:[ .-]\d{2,})*"
    r"(?![\w$£€%]|[.,/-]\d)"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE = re.compile(r"\d{4}([-./])\d{1,2}\1\d{1,2}|\d{1,2}([-./])\d{1,2}\2\d{4}")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?: \d{3})+")  # 150 000 000
_RANGE = re.compile(r"([1-9]\d+)-([1-9]\d+)")  # 150000-200000


def _phone(match: re.Match[str]) -> str:
    text = match.group()
    groups = re.findall(r"\d+", text)
    digits = sum(map(len, groups))
    plain = text.isdigit()
    if not 7 <= digits <= 15:
        return text
    if plain and digits < 10:  # a bare 7-9 digit number is an id (job postings have 7) more often
        return text
    if all(_YEAR.fullmatch(g) for g in groups) or _DATE.fullmatch(text):  # 2023-2024, 2024-01-15
        return text
    if _THOUSANDS.fullmatch(text):
        return text
    if (pair := _RANGE.fullmatch(text)) and len(pair[1]) == len(pair[2]):
        return text
    if "." in text and not text.startswith(("+", "(")) and len(groups) < 3:  # 3.14159265
        return text
    return "[phone]"


def redact(text: str) -> str:
    """`text` with email addresses replaced by [email] and phone numbers by [phone]."""
    return _PHONE.sub(_phone, _EMAIL.sub("[email]", text))
