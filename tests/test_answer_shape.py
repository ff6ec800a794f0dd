"""The answer-shape metrics of `fieldguide eval answers` (evals/answer_shape.py): figures stated,
key terms quoted and length, after normalising how numbers are written."""

from __future__ import annotations

from types import SimpleNamespace

from evals.answer_shape import answer_words, excerpt_text, normalise, shape_metrics, states
from evals.questions import Question


def test_figures_and_key_terms_match_after_normalising_numbers():
    assert normalise("Base: $128,250.00 –\n  $266,875.00 a year") == "base: 128250-266875 a year"
    assert normalise("$152K to $315.8k") == "152000-315800"
    assert states("median process has 4 steps (3–5)", "3-5") and states("has 4 steps", "4")
    assert not states("4.5% of postings", "4") and not states("14 steps", "4")
    assert states("| Senior | $350K-500K |", "500K")


def test_a_range_is_stated_whether_written_with_to_or_a_dash():
    assert states("Salary: 80,000-150,000 USD.", "$80,000 to $150,000")
    assert states("between $80,000 to $150,000 a year", "80,000-150,000")
    assert states("Typically 2 to 3 hours", "2-3 hours") and states("10 to 15 minute demo", "10-15 minutes")
    assert not states("Salary: 80,000-140,000 USD.", "$80,000 to $150,000")
    assert not states("up 95% to 80%", "95-80") and not states("went to 2 offices", "2-3")
    assert normalise("from 2020 to 2024, then to 5 teams") == "from 2020-2024, then to 5 teams"


def test_a_duration_is_stated_whatever_its_unit_is_written_like():
    assert states("a 2-3 hour technical deep dive", "2-3 hours")
    assert states("a 45-min introductory chat", "45 minutes") and states("60 minutes with the CTO", "60 min")
    assert states("Typically 2–6 weeks", "2-6 week") and states("a 5-day trial", "5 days")
    assert not states("a 2-3 hour deep dive", "2-3 days") and not states("45 minimum", "45 min")


def test_a_date_is_stated_whether_its_month_is_written_out_or_abbreviated():
    assert states("| 4 | Take-Homes | Mar 9, 2026 | Upcoming |", "March 9, 2026")
    assert states("a repo from January 2026", "Jan 2026") and states("held Sept. 2025", "Sep 2025")
    assert not states("| Mar 19, 2026 |", "March 9, 2026") and not states("Mar 2025", "March 2026")
    assert normalise("we march 3 miles in march") == "we mar 3 miles in march"  # only before a number


def record(answer: str, refused: bool = False, split: str = "test", kind: str = "posting"):
    q = Question("q", "pay?", ("a.md",), kind, split, "", ("$130,000", "from home"), ("130,000", "200,000"))
    cited = [{"source_paths": ["a.md"]}] if not refused else []
    return SimpleNamespace(question=q, answer={"answer": answer, "refused": refused, "citations": cited})


def test_shape_metrics_per_split_and_kind():
    good = record(
        "*Quoted from the guide:*\n\n[1] *Acme — Summary*\n\nSalary: $130,000 - $200,000 a year. [1]"
    )
    half = record("Salary from $130,000. Work from home. [1]", split="dev")
    refused = record("The guide doesn't cover this.", refused=True, split="dev", kind="role")
    assert excerpt_text(good.answer["answer"]) == "Salary: $130,000 - $200,000 a year."
    assert answer_words(good.answer["answer"]) == 6
    shape = shape_metrics([good, half, refused], lambda r: "a.md" in r.answer["citations"][0]["source_paths"])
    assert shape["all"]["all"] == {
        "n": 3,
        "with_figures": 3,
        "all_figures_stated": 0.3333,
        "figure_share": 0.5,
        "all_key_terms": 0.3333,
        "key_term_share": 0.5,
        "gold_citation_share": 1.0,
        "words_median": 6.0,
        "words_p90": 6,
    }
    assert shape["dev"]["per_kind"]["role"]["words_median"] is None
    assert shape["test"]["all"]["all_figures_stated"] == 1.0


def test_the_p90_length_is_the_nearest_rank_so_two_answers_give_the_longer():
    short, long = record("Salary from $130,000. [1]"), record("Salary from $130,000 to $200,000 a year. [1]")
    assert [answer_words(r.answer["answer"]) for r in (short, long)] == [3, 7]
    assert shape_metrics([short, long], lambda r: True)["all"]["all"]["words_p90"] == 7
