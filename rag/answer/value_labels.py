"""A bare money line read with the line that labels it, and a pay line read under every name for pay.

Postings often state their pay as a label line with the figure alone below it ("The US base salary
range for this role is below." then "$113,800—$316,600 USD"; "Pay Range" then "$155,550—$213,840
USD"). The figure line says nothing of what it states, so neither a lead nor a posting's parts could
tell it answers "pay?"; it is read under its label line, as a guide page's short figure line is read
under its heading. And postings name pay in several words: a line stating an amount of money in one
of them ("The base salary range for this position is $200,000 - $245,000.") answers a question asking
in another ("… pay?"), so such a line counts as naming all of them. All of it is the source's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.excerpt import FIGURE, SHORT
from rag.answer.sentences import FOOTNOTE_REF, Unit, clean_line
from rag.index.text_tokens import tokenize

LABEL_WORDS = 12  # a longer line is a sentence of its own, no label of the figure below it
# The words postings use for pay; "base" and "comp" only count on a line that states an amount.
PAY_TERMS = frozenset(tokenize("pay paid salary compensation comp wage base earnings OTE"))
_DIGIT_FREE = str.maketrans("", "", "0123456789")
_CURRENCY = re.compile(r"\b(?:USD|EUR|GBP)\b")


def bare_figure(line: str) -> bool:
    """A short line that states an amount of money first and says nothing of what it is ("$113,800
    USD"); a bare count ("1.", "38 mentions") is read under its heading as before, not a line above."""
    money = line.lstrip("~").startswith(("$", "€", "£")) or _CURRENCY.search(line) is not None
    return money and len(line.split()) <= SHORT and FIGURE.match(line.lstrip("~$€£")) is not None


def _line(text: str, unit: Unit) -> str:
    return clean_line(FOOTNOTE_REF.sub("", unit.text(text)))


def label_of(units: Sequence[Unit], i: int, text: str) -> str | None:
    """The line labelling units[i] when units[i] is a bare figure line right after a short prose line
    without a figure of its own ("Pay Range", "The salary range for this role is below."); else None."""
    if i == 0 or units[i].kind != "prose" or units[i - 1].kind != "prose":
        return None
    if not bare_figure(_line(text, units[i])):
        return None
    label = _line(text, units[i - 1])
    if not label or len(label.split()) > LABEL_WORDS or label.translate(_DIGIT_FREE) != label:
        return None
    return label


def under_label(label: str, figure: str) -> str:
    """The figure as read under its label: "Pay Range: $155,550—$213,840 USD"."""
    joined = " " if label.endswith((":", ".")) else ": "
    return f"{label}{joined}{figure}"


def labelled_figures(units: Sequence[Unit], text: str) -> dict[int, str]:
    """Index of each bare figure line that has a label -> the line as read under it."""
    out = {}
    for i in range(1, len(units)):
        label = label_of(units, i, text)
        if label is not None:
            out[i] = under_label(label, _line(text, units[i]))
    return out


def pay_terms(terms: frozenset[str]) -> frozenset[str]:
    """A line stating an amount of money: with every word for pay when it names one of them."""
    return terms | PAY_TERMS if terms & PAY_TERMS else terms
