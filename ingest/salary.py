"""Compensation ranges stated in posting text, e.g. "140,000-200,000 USD/Year" or "£70,000-£100,000"."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR"}
_CODES = ("USD", "GBP", "EUR", "CAD", "AUD", "CHF", "SGD", "INR")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CUR = r"(?:(?:USD|CAD|AUD|SGD)\s?\$|[$£€]|(?:{})\s?)".format("|".join(_CODES))
_RANGE = re.compile(
    rf"(?P<cur1>{_CUR})?\s?(?P<lo>{_NUM})\s?(?P<k1>[kK])?\s*"
    rf"(?:-|–|—|to|and)\s*"
    rf"(?P<cur2>{_CUR})?\s?(?P<hi>{_NUM})\s?(?P<k2>[kK])?"
    rf"(?:\s?(?P<code>{'|'.join(_CODES)})\b)?"
    r"(?P<tail>[^\n]{0,24})",
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
    value = float(number.replace(",", ""))
    return value * 1000 if k else value


def parse_compensation(text: str) -> Compensation | None:
    """The first range with a currency marker; None when the text states no such range."""
    flat = " ".join(text.split())
    for m in _RANGE.finditer(flat):
        currency = _currency(m["cur1"]) or _currency(m["cur2"]) or m["code"]
        if not currency:
            continue
        k_lo = m["k1"] or (m["k2"] if not m["k1"] and float(m["lo"].replace(",", "")) < 1000 else None)
        lo, hi = _value(m["lo"], k_lo), _value(m["hi"], m["k2"])
        if hi < lo or lo <= 0:
            continue
        tail = m["tail"]
        period = next((name for name, rx in _PERIODS if rx.search(tail)), None)
        end = m.end("code") if m["code"] else m.end("hi") + (1 if m["k2"] else 0)
        return Compensation(lo, hi, currency, period, flat[m.start() : end].strip())
    return None
