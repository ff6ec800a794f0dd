"""Compensation ranges stated in posting text, e.g. "140,000-200,000 USD/Year" or "£70,000-£100,000"."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR"}
_CODES = ("USD", "GBP", "EUR", "CAD", "AUD", "CHF", "SGD", "INR")
# Thousands grouped with commas, or with dots as in "70.000" (never a decimal: 3 digits after the dot).
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?![\d,])|\d+(?:\.\d+)?"
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_MAGNITUDE = re.compile(r"^\s?(?:million|billion|trillion|mn|bn|[mb]\b)", re.I)  # market sizes, not pay
_PERIOD_BEFORE = (  # "Annual Salary: $X - $Y", "Hourly rate is $X-$Y": the period named just before
    ("hour", re.compile(r"\bhourly\b|\bper hour\b", re.I)),
    ("month", re.compile(r"\bmonthly\b|\bper month\b", re.I)),
    ("year", re.compile(r"\bannual(?:ly)?\b|\byearly\b|\bper (?:year|annum)\b", re.I)),
)
_HEAD_CHARS = 40
_CUR = r"(?:(?:USD|CAD|AUD|SGD)\s?\$|[$£€]|(?:{})\s?)".format("|".join(_CODES))
_RANGE = re.compile(
    rf"(?P<cur1>{_CUR})?\s?(?P<lo>{_NUM})\s?(?P<k1>[kK])?\s*"
    rf"(?:-|–|—|to|and)\s*"
    rf"(?P<cur2>{_CUR})?\s?(?P<hi>{_NUM})\s?(?P<k2>[kK])?"
    rf"(?:\s?(?P<code>{'|'.join(_CODES)})\b)?"
    r"(?=(?P<tail>[^\n]{0,24}))",  # looked at, not consumed: the next range may start in it
)
_PERIODS = (
    ("hour", re.compile(r"/\s?h(ou)?r\b|per hour|hourly|an hour", re.I)),
    ("month", re.compile(r"/\s?mo(nth)?\b|per month|monthly", re.I)),
    ("year", re.compile(r"/\s?y(ea)?r\b|per year|per annum|annual|yearly|a year", re.I)),
)


@dataclass(frozen=True)
class Compensation:
    """A pay range parsed from a job posting: bounds, currency and period."""

    min: float
    max: float
    currency: str
    period: str | None
    text: str

    def to_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        def fmt(v: float) -> str:
            return f"{v:,.0f}" if v >= 100 else f"{v:,.2f}".rstrip("0").rstrip(".")

        per = f" per {self.period}" if self.period else ""
        return f"{fmt(self.min)}-{fmt(self.max)} {self.currency}{per}"


def _currency(marker: str | None) -> str | None:
    if not marker:
        return None
    marker = marker.strip()
    if marker in _SYMBOLS:
        return _SYMBOLS[marker]
    return marker.rstrip("$").strip() or None


def _value(number: str, k: str | None) -> float:
    digits = number.replace(".", "") if _DOT_THOUSANDS.match(number) else number.replace(",", "")
    value = float(digits)
    return value * 1000 if k else value


def _period_before(head: str, lo: float, hi: float) -> str | None:
    """The one period named just before a range, if the amounts fit it ("Salary/Hourly Rate Range:
    $170,000 - $215,000" is not an hourly rate)."""
    named = [name for name, rx in _PERIOD_BEFORE if rx.search(head)]
    if len(named) != 1:
        return None
    fits = {"hour": hi < 1000, "month": lo >= 100 and hi < 100_000, "year": lo >= 1000}
    return named[0] if fits[named[0]] else None


def parse_compensation(text: str) -> Compensation | None:
    """The first range with a currency marker; None when the text states no such range."""
    return next(iter(parse_ranges(text)), None)


def parse_ranges(text: str) -> list[Compensation]:
    """Every range with a currency marker, in the text's order ("Tier 1: $163,000-$217,000 ... Tier 3:
    $138,000-$185,000"), each once."""
    flat = " ".join(text.split())
    found: list[Compensation] = []
    for m in _RANGE.finditer(flat):
        currency = _currency(m["cur1"]) or _currency(m["cur2"]) or m["code"]
        if not currency:
            continue
        if _MAGNITUDE.match(m["tail"]) or _MAGNITUDE.match(flat[m.end("lo") : m.end("lo") + 9]):
            continue
        k_lo = m["k1"] or (m["k2"] if not m["k1"] and _value(m["lo"], None) < 1000 else None)
        lo, hi = _value(m["lo"], k_lo), _value(m["hi"], m["k2"])
        if hi < lo or lo <= 0:
            continue
        tail = m["tail"]
        period = next((name for name, rx in _PERIODS if rx.search(tail)), None)
        if period is None:
            period = _period_before(flat[max(0, m.start() - _HEAD_CHARS) : m.start()], lo, hi)
        end = m.end("code") if m["code"] else m.end("hi") + (1 if m["k2"] else 0)
        pay = Compensation(lo, hi, currency, period, flat[m.start() : end].strip())
        if all((c.min, c.max, c.currency) != (lo, hi, currency) for c in found):
            found.append(pay)
    return found
