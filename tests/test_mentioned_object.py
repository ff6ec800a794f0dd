"""What a count of postings that mention something counts (rag/market/mentions.py `mentioned_object`): the
words after the verb are the postings' text, not a value of the data ("mention German language" sets no
country), and the rest of the question narrows. Exact figures on the invented fixture corpus, on invented
postings, and on the real guide (checked apart from the project: evals/README.md, desk17)."""

from __future__ import annotations

import pytest

from ingest.market_table import build_tables, write_tables
from rag.market.desk import MarketDesk
from rag.market.engine import MarketEngine
from rag.market.mentions import count_mentions, mention_pattern, mention_phrase
from rag.market.spec import Filters
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)
from tests.test_market_mentions import _doc, real_guide


@pytest.mark.parametrize(
    "question, phrase, within",
    [
        ("How many Berlin jobs mention German language?", "German language", Filters(city=["Berlin"])),
        ("How many postings mention German?", "German", Filters()),  # not a count of Germany's postings
        ("How many London postings mention on-call?", "on-call", Filters(city=["London"])),  # no skill
        ("What share of postings in New York mention a 401(k)?", "401(k)", Filters(city=["New York"])),
        ("How many senior postings talk about a 4-day week?", "4-day week", Filters(level=["Senior level"])),
        ("How many postings refer to Germany?", "Germany", Filters()),
        ("How many Berlin postings mention English, really?", "English", Filters(city=["Berlin"])),
    ],
)
def test_the_mentioned_words_are_counted_and_the_rest_narrows(engine, question, phrase, within):  # noqa: F811
    routed = MarketDesk(engine).route(question)
    assert (routed.route, routed.spec, routed.not_recorded) == ("market", None, None)
    assert (routed.mentioned, routed.mentioned_within) == (phrase, within)


@pytest.mark.parametrize(
    "question, filters, subset",
    [
        (
            "How many Berlin postings mention Python?",
            Filters(city=["Berlin"]),
            Filters(skills_all=["Python"]),
        ),
        ("What share of postings mention RAG?", Filters(), Filters(skills_all=["RAG"])),
    ],
)
def test_a_skill_of_the_data_keeps_its_own_figure(engine, question, filters, subset):  # noqa: F811
    routed = MarketDesk(engine).route(question)
    assert routed.mentioned is None
    assert (routed.spec.filters, routed.spec.subset) == (filters, subset)


def _starts(desk: MarketDesk, said: dict[str, str]) -> None:
    """Each question's answer begins with its figure."""
    for question, head in said.items():
        assert desk.answer(question).text.startswith(head), question


def test_the_narrowed_figures_on_the_invented_corpus(engine):  # noqa: F811
    said = {
        "How many Berlin jobs mention German?": "**1 of the 4 postings in Berlin (25.0%) mentions “German”**",
        "How many Berlin jobs mention German language?": "**0 of the 4 postings in Berlin (0.0%) mention",
        "How many postings mention German?": "**1 of all 13 postings (7.7%) mentions “German”**",
        "What share of postings in New York mention a 401(k)?": "**0 of the 2 postings in New York (0.0%)",
    }
    _starts(MarketDesk(engine), said)


def test_a_parenthesised_letter_and_a_hyphen_match_their_spellings(tmp_path):
    texts = {
        "1": "A 401(k) plan.",
        "2": "401k match",
        "3": "Join our on-call rotation.",
        "4": "On call weekly.",
        "5": "Oncall, 4-day week.",
        "6": "Contact us at 401 King St; a calling.",
    }
    write_tables(build_tables([_doc(i, t) for i, t in texts.items()]), tmp_path / "m.duckdb", parquet=False)
    eng = MarketEngine(tmp_path / "m.duckdb")
    try:
        assert mention_pattern("401(k)") == r"(?i)\b401[-( ]?ks?\b"
        for phrase, ids in (("401(k)", ["1", "2"]), ("on-call", ["3", "4", "5"]), ("4-day week", ["5"])):
            found = count_mentions(eng, phrase, limit=10)
            assert sorted(e["job_id"] for e in found.examples) == ids, phrase
    finally:
        eng.close()


def test_a_401k_beside_a_refusal_is_one_word(engine):  # noqa: F811
    question = "Which postings in New York offer a 401(k) match?"
    ex = MarketDesk(engine).router.extractor.extract(question)
    assert mention_phrase(question, "401(k) match", ex) == "401(k) match"  # was "k match"


@pytest.mark.real_corpus
def test_on_the_real_guide_the_mentioned_words_are_counted_within_the_city(tmp_path):
    """Figures from PyYAML + an in-memory DuckDB over the raw files' location, title and description,
    apart from ingest (evals/README.md, desk17)."""
    real = real_guide(tmp_path)
    try:
        _starts(
            MarketDesk(real),
            {
                "How many Berlin jobs mention German language?": "**1 of the 36 postings in Berlin (2.8%)",
                "How many postings mention German language?": "**1 of all 1,765 postings (0.1%) mentions",
                "How many London postings mention on-call?": "**3 of the 123 postings in London (2.4%)",
                "How many postings mention on-call?": "**48 of all 1,765 postings (2.7%) mention “on-call”**",
                "How many postings in New York mention a 401(k)?": "**61 of the 185 postings in New York",
                "What share of postings mention a 401(k)?": "**372 of all 1,765 postings (21.1%) mention",
            },
        )
    finally:
        real.close()
