"""Postings whose own text mentions the question's phrase (rag/market/mentions.py): the phrase taken from
the question, its spelled variants matched by DuckDB on word boundaries, the figure as the answer to a
count of mentions and beside a not-recorded refusal (which stays a refusal), offline and with an LLM.
Exact figures on invented postings and on the invented fixture corpus."""

from __future__ import annotations

import re

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.market_table import build_tables, posting_text, write_tables
from rag.answer.pipeline import Answerer
from rag.market.desk import RECORDED_FIELDS, MarketDesk
from rag.market.engine import MarketEngine
from rag.market.mentions import CAVEAT, MATCHING, count_mentions, mention_pattern, mention_phrase
from rag.market.spec import Filters
from rag.records import Document
from tests.test_market import engine  # noqa: F401 (the postings table of the invented corpus)
from tests.test_recorded import _with_llm, deps  # noqa: F401 (the ingested fixture index, with its desk)
from ui.format import answer_message

# Invented descriptions: each spelling once, and words that only contain the letters ("GraphDB").
TEXTS = {
    "1": "We value a PhD in machine learning.",
    "2": "A Ph.D. or equivalent\nexperience; e-mail us.",
    "3": "PhDs welcome. Contact by email.",
    "4": "We run GraphDB and pay for phd-level depth.",
    "5": "No degree needed; we use Graph DB at scale, E-Mail alerts too.",
    "6": "Staffing agency work and other agencies.",
}


def _doc(job_id: str, text: str) -> Document:
    meta = {"job_id": job_id, "company": f"Co{job_id}", "title": f"Engineer {job_id}", "raw_skills": ["R"]}
    body = f"# Engineer {job_id} at Co{job_id}\n\n## Overview\nLevel: x\n\n## Description\n{text}\n"
    return Document(f"posting:{job_id}", "posting", f"Engineer {job_id} at Co{job_id}", [f"p{job_id}"],
                    f"u{job_id}", body, meta)  # fmt: skip


@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    path = tmp_path_factory.mktemp("mentions") / "market.duckdb"
    write_tables(build_tables([_doc(i, t) for i, t in TEXTS.items()]), path, parquet=False)
    eng = MarketEngine(path)
    yield eng
    eng.close()


def test_the_table_holds_each_postings_title_and_description_on_one_line():
    assert posting_text(_doc("2", TEXTS["2"])) == "Engineer 2 A Ph.D. or equivalent experience; e-mail us."


@pytest.mark.parametrize(
    "phrase, pattern, ids",
    [
        ("PhD", r"(?i)\bp\.?h\.?ds?\b", ["1", "2", "3", "4"]),  # not "GraphDB"
        ("Ph.D.", r"(?i)\bp\.?h\.?ds?\b", ["1", "2", "3", "4"]),
        ("email", r"(?i)\be-?mails?\b", ["2", "3", "5"]),
        ("e-mail", r"(?i)\be[- ]?mails?\b", ["2", "3", "5"]),
        ("agencies", r"(?i)\ba-?genc(?:y|ies)\b", ["6"]),
        ("staffing agency", r"(?i)\bs-?taffing[- ]?a-?genc(?:y|ies)\b", ["6"]),
        ("graph DB", r"(?i)\bg-?raph[- ]?d\.?bs?\b", ["4", "5"]),
    ],
)
def test_a_phrase_matches_its_spelled_variants_on_word_boundaries(invented, phrase, pattern, ids):
    assert mention_pattern(phrase) == pattern
    found = count_mentions(invented, phrase, limit=10)
    assert (found.n_matching, found.n_total) == (len(ids), 6)
    assert sorted(e["job_id"] for e in found.examples) == ids


WEEK = "four-day work week"
REMOTE = "remote work or office attendance (the data records only full-time, internship or contract)"


@pytest.mark.parametrize(
    "question, gap, phrase",
    [
        ("Is a PhD required for AI engineer roles?", "degree requirements", "PhD"),
        ("What share of postings mention a Ph.D.?", "degree requirements", "Ph.D."),
        ("Do AI engineer postings offer visa sponsorship?", "visa sponsorship", "visa sponsorship"),
        ("How many postings typically mention a four-day work week?", "four-day work week", WEEK),
        ("How many openings does each posting have?", "openings", None),  # a posting word: no phrase
        ("How many jobs are forecast for 2027?", "postings from 2027 (the postings run from x to y)", None),
        ("How many postings mention the way it works out here?", "the", None),  # a stop word
        ("How many postings mention very big green shiny trucks?", "very big green shiny trucks", None),
        ("How many hours a week do these jobs expect?", "hours week", None),  # what the count counts
        ("What percentage of cold job applications get a reply?", "applicant numbers", None),
        ("How big is the team behind these postings?", "team sizes", "team"),  # "big": the measure asked
        ("What percent of the jobs are remote within the EU?", REMOTE, "remote"),  # words after it qualify it
    ],
)
def test_the_phrase_is_the_questions_own_words_for_the_gap(engine, question, gap, phrase):  # noqa: F811
    ex = MarketDesk(engine).router.extractor.extract(question)
    assert mention_phrase(question, gap, ex) == phrase


def test_a_count_of_mentions_is_answered_with_the_figure(engine):  # noqa: F811
    desk = MarketDesk(engine)
    question = "What share of postings mention a degree?"
    routed = desk.route(question)
    assert (routed.route, routed.not_recorded, routed.mentioned) == ("market", None, "degree")
    reply = desk.answer(question, routed)
    assert reply.text == (
        f"**2 of all 13 postings (15.4%) mention “degree”** in their own text (title or description; "
        f"{MATCHING}).\n\n{CAVEAT} The job data's fields do not record it; this counts words in the "
        "postings' text.\n\nExample postings: [1], [2] (the most recent that mention it)."
    )
    assert [c["title"] for c in reply.citations] == [
        "Junior AI Engineer, Evaluation at Petrichor Labs",  # the most recent first
        "Staff ML Engineer, Perception and LLM Planning at Nordlicht Robotics",
    ]
    assert reply.to_json()["mentions"] == {
        "phrase": "degree", "pattern": r"(?i)\bd-?egrees?\b", "n_matching": 2, "n_total": 13,
        "filters": {},
    }  # fmt: skip
    assert not desk.needs_llm(routed)


def _refusal(total: int) -> str:
    return (
        f"The job data does not record degree requirements, so no figure about it can be computed from the "
        f"{total:,} postings. What the postings record: {RECORDED_FIELDS}."
    )


@pytest.mark.parametrize(
    "question",
    [
        "Is a degree required for AI engineer roles?",
        "What share of postings mention a degree, and how has that changed since 2019?",  # two parts
    ],
)
def test_a_field_not_recorded_keeps_its_refusal_and_adds_what_the_text_shows(engine, question):  # noqa: F811
    desk = MarketDesk(engine)
    routed = desk.route(question)
    reading = (routed.route, routed.not_recorded, routed.mentioned)
    assert reading == ("market", "degree requirements", "degree")
    assert desk.answer(question, routed, first_citation=3).text == (
        f"{_refusal(13)}\n\nIn their own text, 2 of all 13 postings (15.4%) mention “degree” ({MATCHING}), "
        f"e.g. [3], [4]. {CAVEAT}"
    )


# The fixture's 13 postings: 4 in Berlin (one of them, Petrichor Labs', says "degree"), 2 at Senior level
# (neither does), 2 in New York (Nordlicht Robotics' does); checked apart from the desk in
# test_a_narrowed_count_is_the_count_of_the_postings_the_filters_pick below.
@pytest.mark.parametrize(
    "question, within, head",
    [
        ("How many of the Berlin postings mention a degree?", {"city": ["Berlin"]},
         "**1 of the 4 postings in Berlin (25.0%) mentions “degree”**"),
        ("What share of senior postings mention a degree?", {"level": ["Senior level"]},
         "**0 of the 2 postings at Senior level (0.0%) mention “degree”**"),
        ("how many postings in new york mention a degree?", {"city": ["New York"]},
         "**1 of the 2 postings in New York (50.0%) mentions “degree”**"),
    ],
)  # fmt: skip
def test_a_count_of_mentions_is_over_the_postings_the_question_narrows_to(engine, question, within, head):  # noqa: F811
    desk = MarketDesk(engine)
    routed = desk.route(question)
    assert (routed.route, routed.not_recorded, routed.mentioned) == ("market", None, "degree")
    reply = desk.answer(question, routed)
    own = "its" if " mentions “" in head else "their"  # one posting: "mentions … in its own text"
    assert reply.text.startswith(f"{head} in {own} own text (title or description; {MATCHING}).")
    assert reply.to_json()["mentions"]["filters"] == within
    assert reply.to_json()["mentions"]["n_total"] == int(head.split(" of the ")[1].split()[0])


def test_the_figure_beside_a_refusal_is_over_the_postings_the_question_narrows_to(engine):  # noqa: F811
    desk = MarketDesk(engine)
    question = "Is a degree required for AI engineer roles in Berlin?"
    routed = desk.route(question)
    assert (routed.not_recorded, routed.mentioned) == ("degree requirements", "degree")
    assert desk.answer(question, routed).text == (
        f"{_refusal(13)}\n\nIn their own text, 1 of the 4 postings in Berlin (25.0%) mentions “degree” "
        f"({MATCHING}), e.g. [1]. {CAVEAT}"
    )


def test_a_value_inside_the_counted_thing_narrows_nothing(engine):  # noqa: F811
    # "staff" is a level of the data, but here the ones given the discount: the phrase's and the gap's
    # words are what is asked, not a filter
    routed = MarketDesk(engine).route(
        "Which AI engineer jobs give staff a discount on the company's own products?"
    )
    assert routed.not_recorded == "staff discount on company's own products"
    assert routed.mentioned_within == Filters()


def test_a_narrowed_count_counts_within_the_filters(invented):
    found = count_mentions(invented, "PhD", limit=10, within=Filters(company=["Co4"]))
    assert (found.n_matching, found.n_total, [e["job_id"] for e in found.examples]) == (1, 1, ["4"])
    assert found.base == "the 1 posting at Co4"
    none = count_mentions(invented, "PhD", within=Filters(company=["Co5", "Co6"]))
    assert (none.n_matching, none.n_total, none.examples, none.telling) == (0, 2, [], False)


def test_no_mention_leaves_the_refusal_as_it_was(engine):  # noqa: F811
    question = "Is a PhD required for AI engineer roles?"
    routed = MarketDesk(engine).route(question)
    assert (routed.not_recorded, routed.mentioned) == ("degree requirements", "PhD")
    assert count_mentions(engine, "PhD").n_matching == 0
    assert MarketDesk(engine).answer(question, routed).text == _refusal(13)


def test_a_phrase_most_postings_use_is_not_shown_beside_a_refusal(engine):  # noqa: F811
    desk = MarketDesk(engine)
    question = "How big is the team behind these postings?"
    routed = desk.route(question)
    assert (routed.not_recorded, routed.mentioned) == ("team sizes", "team")
    assert count_mentions(engine, "team").n_matching == 7  # of 13: more than half
    assert desk.answer(question, routed).text.endswith(f"What the postings record: {RECORDED_FIELDS}.")
    direct = "What share of postings mention a team?"  # asked for: the figure, however common
    assert desk.answer(direct).text.startswith("**7 of all 13 postings (53.8%) mention “team”**")


def test_a_table_an_earlier_release_wrote_has_no_text_and_the_desk_answers_as_before(tmp_path):
    path = tmp_path / "old.duckdb"
    write_tables(build_tables([_doc(i, t) for i, t in TEXTS.items()]), path, parquet=False)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE posting_text")
    old = MarketEngine(path)
    try:
        assert not old.has_text and count_mentions(old, "PhD").n_matching == 0
        routed = MarketDesk(old).route("What share of postings mention a PhD?")
        assert (routed.not_recorded, routed.mentioned) == ("degree requirements", None)
    finally:
        old.close()


def test_the_pipeline_answers_the_count_and_refuses_the_requirement_offline_and_with_an_llm(deps):  # noqa: F811
    count = Answerer(deps).ask("How many postings mention a degree?")
    assert (count.route, count.refused, count.coverage, count.missing) == ("market", False, "full", [])
    assert count.answer.startswith("**2 of all 13 postings (15.4%) mention “degree”**")
    assert [c.n for c in count.citations] == [1, 2]
    assert count.to_json()["market"]["mentions"]["n_matching"] == 2  # the API's answer JSON
    assert count.to_json()["market"]["mentions"]["filters"] == {}  # over all postings
    chat = answer_message(count)  # the chat's message: the same text, then the example postings
    assert count.answer in chat and "Junior AI Engineer, Evaluation at Petrichor Labs" in chat
    blocking, web, requests = _with_llm(deps, "How many postings mention a degree?")
    assert blocking.answer == web.answer == count.answer and requests == []  # the figure is the data's
    question = "Is a degree required for AI engineer roles?"
    offline = Answerer(deps).ask(question)
    assert (offline.refused, offline.coverage, offline.missing) == (True, "none", ["degree requirements"])
    assert offline.answer.startswith(_refusal(13))
    assert "In their own text, 2 of all 13 postings (15.4%) mention “degree”" in offline.answer
    blocking, web, requests = _with_llm(deps, question)
    assert blocking.answer == web.answer == offline.answer and requests == []  # no model writes a number
    assert [c.source_paths for c in web.citations] == [c.source_paths for c in offline.citations]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.text(max_size=40))
def test_any_question_and_gap_give_a_phrase_of_the_question_and_a_valid_query(engine, question, gap):  # noqa: F811
    ex = MarketDesk(engine).router.extractor.extract(question)
    phrase = mention_phrase(question, gap, ex)
    if phrase is not None:
        assert len(phrase.split()) <= 4 and all(w in question for w in phrase.split())
        found = count_mentions(engine, phrase)  # DuckDB compiles it: only letters and digits reach it
        assert 0 <= found.n_matching <= found.n_total and re.compile(found.pattern)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_the_desk_never_fails_on_any_question_asking_for_mentions(engine, text):  # noqa: F811
    desk = MarketDesk(engine)
    question = f"What share of postings mention {text}?"
    desk.answer(question, desk.route(question))


_CITIES = st.sampled_from([[], ["Berlin"], ["New York"], ["London"], ["Berlin", "London"]])
_LEVELS = st.sampled_from([[], ["Senior level"], ["Mid level"], ["Entry level", "Mid level"]])


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="aegdrPhDnt .-", min_size=1, max_size=12), _CITIES, _LEVELS)
def test_a_narrowed_count_is_the_count_of_the_postings_the_filters_pick(engine, phrase, city, level):  # noqa: F811
    """Against the table read apart from the desk: Python's re over each posting's text, its city and
    level compared in Python."""
    within = Filters(city=city, level=level)
    rows = (
        engine._cursor()
        .execute(
            "SELECT p.job_id, p.city, p.level, t.text FROM postings p JOIN posting_text t USING (job_id)"
        )
        .fetchall()
    )
    picked = [r for r in rows if (not city or r[1] in city) and (not level or r[2] in level)]
    if not re.search(r"[A-Za-z]", phrase):
        return
    found = count_mentions(engine, phrase, limit=100, within=within)
    expected = sorted(r[0] for r in picked if re.search(found.pattern.replace("(?i)", ""), r[3], re.I))
    assert found.n_total == len(picked)
    assert (found.n_matching, sorted(e["job_id"] for e in found.examples)) == (len(expected), expected)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["Berlin", "senior", "New York", "Python", "Quillbyte"]), st.text(max_size=80))
def test_the_desk_never_fails_on_a_narrowed_question_asking_for_mentions(engine, value, text):  # noqa: F811
    desk = MarketDesk(engine)
    question = f"How many {value} postings mention {text}?"
    reply = desk.answer(question, desk.route(question))
    if reply.mentions is not None:
        assert 0 <= reply.mentions.n_matching <= reply.mentions.n_total <= desk.engine.n_total


def real_guide(tmp_path) -> MarketEngine:
    """The postings table of the real guide at ../shared/field-guide (the test is skipped without it)."""
    from pathlib import Path

    from ingest.postings import load_postings
    from ingest.problems import Problems

    root = Path(__file__).resolve().parents[1].parent / "shared" / "field-guide"
    if not (root / "job-market").is_dir():
        pytest.skip("the real guide is not at ../shared/field-guide")
    docs = load_postings(
        root, "job-market/data_raw/*.yaml", "job-market/data_structured/*.yaml", "u", "c", Problems()
    )
    write_tables(build_tables(docs), tmp_path / "market.duckdb", parquet=False)
    return MarketEngine(tmp_path / "market.duckdb")


@pytest.mark.real_corpus
def test_on_the_real_guide_164_postings_mention_a_phd(tmp_path):
    """The figure checked by reading the raw YAML apart from ingest (evals/README.md): 164 of 1,765
    postings' titles or descriptions hold "PhD", "Ph.D." or "PhDs" as a word (a plain substring
    search also finds "GraphDB" and the posting whose raw file is not valid YAML)."""
    real = real_guide(tmp_path)
    try:
        desk = MarketDesk(real)
        question = "What share of postings mention a PhD?"
        assert desk.answer(question).text.startswith("**164 of all 1,765 postings (9.3%) mention “PhD”**")
        # narrowed (desk16; figures from PyYAML + an in-memory DuckDB over the raw files' location, level,
        # title and description, apart from ingest: evals/README.md)
        london = "How many London postings mention visa sponsorship?"
        assert desk.answer(london).text.startswith(
            "**4 of the 123 postings in London (3.3%) mention “visa sponsorship”**"
        )
        germany = "What share of senior postings in Germany mention a PhD?"
        assert desk.answer(germany).text.startswith(
            "**0 of the 10 postings in Germany and at Senior level (0.0%) mention “PhD”**"
        )
        pension = "How many of the London AI postings mention an employer pension contribution, and how much?"
        beside = "In their own text, 3 of the 123 postings in London (2.4%) mention “employer pension"
        assert f"{beside} contribution”" in desk.answer(pension).text
    finally:
        real.close()
