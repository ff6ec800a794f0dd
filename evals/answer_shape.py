"""Does the answer read like an answer: figures stated, key terms quoted, length in words.

Checked against each question's verified answer (`figures`, `key_terms` in the questions file),
after collapsing whitespace and normalising how numbers are written ("$128,250.00" and "128250",
"152K" and "152000", "3–5", "3 to 5" and "3-5"), since raw posting text breaks phrases across lines, and
how a duration's unit is written ("a 2-3 hour deep dive" states "2-3 hours", "a 45-min chat"
"45 minutes"), and a date's month ("Mar 9, 2026" states "March 9, 2026").
Pure functions over finished records; `shape_metrics` is merged into `score_answers`' result.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from rag.answer.citations import CITATION
from rag.stats import percentile_or_none

_MARKUP = re.compile(r"\*\*|[*`|]")
_DASH = re.compile(r"\s*[-–—]\s*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_CENTS = re.compile(r"(?<=\d)\.00\b")
_CURRENCY = re.compile(r"[$£€]")
_KILO = re.compile(r"(\d+(?:\.\d+)?)k\b")
_TO = re.compile(r"(?<=\d) to (?=\d)")  # a range "80000 to 150000" written as "80000-150000"
# A duration's unit one way: "2-3 hour deep dive" and "a 45-min chat" state "2-3 hours" and "45 minutes".
_UNITS = (
    (re.compile(r"\b(?:minutes?|mins?)\b"), "min"),
    (re.compile(r"\b(?:hours?|hrs?)\b"), "hour"),
    (re.compile(r"\b(day|week|month|year)s\b"), r"\1"),
)
# A month before its day or year, abbreviated: "March 9, 2026" and "Mar 9, 2026", "Sept 2025" and "Sep 2025".
_MONTH = re.compile(r"\b(jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?= \d)")
_UNIT_HYPHEN = re.compile(r"(?<=\d)-(?=(?:min|hour|day|week|month|year)\b)")
_LABEL_LINE = re.compile(r"^(?:\[\d+\] )?\*[^*].*\*$")  # "*Quoted from…*", a part's "[1] *Title*"


def normalise(text: str) -> str:
    """Lower case, markup and currency signs gone, numbers and duration units written one way,
    spaces collapsed."""
    text = _MARKUP.sub(" ", text.lower())
    text = _CURRENCY.sub("", _CENTS.sub("", _THOUSANDS.sub("", text)))
    text = _KILO.sub(lambda m: f"{round(float(m[1]) * 1000):d}", text)
    for unit, short in _UNITS:
        text = unit.sub(short, text)
    text = _TO.sub("-", _MONTH.sub(r"\1", " ".join(text.split())))
    return _UNIT_HYPHEN.sub(" ", _DASH.sub("-", text))


def states(text: str, figure: str) -> bool:
    """`figure` appears in `text` as a whole number (so "4" is not found in "4.5%" or "14"), and a
    figure ending in a word as a whole word."""
    wanted = normalise(figure)
    end = r"(?![a-z])" if wanted[-1:].isalpha() else ""  # "45 min" is not in "45 minimum"
    return re.search(rf"(?<![\d.]){re.escape(wanted)}(?!\d|\.\d){end}", normalise(text)) is not None


def excerpt_text(answer: str) -> str:
    """The answer without its label lines and citation markers: what the asker reads."""
    lines = [line for line in answer.strip().splitlines() if not _LABEL_LINE.match(line.strip())]
    return CITATION.sub("", "\n".join(lines)).strip()


def answer_words(answer: str) -> int:
    return len(excerpt_text(answer).split())


def question_shape(record) -> dict:
    """One question's figure, key-term and length checks (None where it has nothing to check)."""
    q, answer = record.question, record.answer
    text = "" if answer["refused"] else excerpt_text(answer["answer"])
    figures = [states(text, f) for f in q.figures]
    terms = [normalise(t) in normalise(text) for t in q.key_terms]
    return {
        "all_figures": all(figures) if figures else None,
        "figure_share": sum(figures) / len(figures) if figures else None,
        "all_key_terms": all(terms) if terms else None,
        "key_term_share": sum(terms) / len(terms) if terms else None,
        "words": None if answer["refused"] else len(text.split()),
    }


def _mean(values: list) -> float | None:
    kept = [float(v) for v in values if v is not None]
    return round(sum(kept) / len(kept), 4) if kept else None


def _group(records: Sequence, rows: Sequence[dict], cites_gold) -> dict:
    answered = [r for r in records if not r.answer["refused"]]
    words = [row["words"] for row in rows if row["words"] is not None]
    return {
        "n": len(records),
        "with_figures": sum(row["all_figures"] is not None for row in rows),
        "all_figures_stated": _mean([row["all_figures"] for row in rows]),
        "figure_share": _mean([row["figure_share"] for row in rows]),
        "all_key_terms": _mean([row["all_key_terms"] for row in rows]),
        "key_term_share": _mean([row["key_term_share"] for row in rows]),
        "gold_citation_share": _mean([cites_gold(r) for r in answered]),
        "words_median": statistics.median(words) if words else None,
        "words_p90": percentile_or_none(words, 90),
    }


def shape_metrics(records: Sequence, cites_gold) -> dict:
    """Per split, then per kind within it, over the answerable questions ("all" for every split)."""
    answerable = [r for r in records if r.question.gold]
    rows = {id(r): question_shape(r) for r in answerable}
    out: dict[str, dict] = {}
    for split in ["all", *sorted({r.question.split for r in answerable if r.question.split})]:
        mine = [r for r in answerable if split == "all" or r.question.split == split]
        kinds = sorted({r.question.kind for r in mine})
        out[split] = {
            "all": _group(mine, [rows[id(r)] for r in mine], cites_gold),
            "per_kind": {
                k: _group(
                    [r for r in mine if r.question.kind == k],
                    [rows[id(r)] for r in mine if r.question.kind == k],
                    cites_gold,
                )
                for k in kinds
            },
        }
    return out


def per_question_shape(record) -> dict:
    """The per-question row's extra keys."""
    return question_shape(record) if record.question.gold else {}


SHAPE_COLUMNS = ("all_figures_stated", "all_key_terms", "gold_citation_share", "words_median")


def shape_table(shape: dict) -> list[str]:
    """Lines of the `fieldguide eval answers` table: one row per split and kind."""
    lines = [f"{'split':<8}{'kind':<22}{'n':>5}{'figs':>6}" + "".join(f"{c:>21}" for c in SHAPE_COLUMNS)]
    for split, block in shape.items():
        for kind, row in [("all", block["all"]), *block["per_kind"].items()]:
            cells = "".join(
                f"{'-' if row[c] is None else format(row[c], '.3f' if c != 'words_median' else '.0f'):>21}"
                for c in SHAPE_COLUMNS
            )
            lines.append(f"{split:<8}{kind:<22}{row['n']:>5}{row['with_figures']:>6}{cells}")
    return lines
