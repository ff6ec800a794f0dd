"""Company names as shown: the stray punctuation of a scrape dropped at ingest and in the market
render, an abbreviation's own period kept."""

from __future__ import annotations

import shutil

import pytest

from ingest.corpus import CorpusManifest
from ingest.pipeline import load_documents
from ingest.problems import Problems
from rag.market.vocab import label
from rag.names import display_company, state_spans
from tests.conftest import FIXTURE_CORPUS

RAW = "job-market/data_raw/4817291_Quillbyte_AI_Engineer_Agent_Tooling.yaml"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Visa Inc,", "Visa Inc"),
        ("Solv.", "Solv"),
        ("CAI (cai.io).", "CAI (cai.io)"),
        ("Lyric - Clarity in motion.", "Lyric - Clarity in motion"),
        ("MESO SCALE DIAGNOSTICS, LLC.", "MESO SCALE DIAGNOSTICS, LLC"),
        ("  Bank of  America; ", "Bank of America"),
        ("Acme Corp.,", "Acme Corp."),
        ("Snap Inc.", "Snap Inc."),
        ("T-Systems ICT India Pvt. Ltd.", "T-Systems ICT India Pvt. Ltd."),
        ("Oaktree Capital Management, L.P.", "Oaktree Capital Management, L.P."),
        ("Booking.com", "Booking.com"),
        (None, ""),
    ],
)
def test_display_company_drops_stray_punctuation_only(name, shown):
    assert display_company(name) == shown


def test_ingest_shows_a_posting_s_company_without_the_stray_comma(tmp_path):
    corpus = tmp_path / "guide"
    shutil.copytree(FIXTURE_CORPUS, corpus)
    raw = corpus / RAW
    raw.write_text(raw.read_text().replace("company: Quillbyte\n", "company: 'Quillbyte Inc,'\n"))
    docs = load_documents(corpus, CorpusManifest.load(), "c", Problems(), posting_ids={"4817291"})
    posting = next(d for d in docs if d.id == "posting:4817291")
    assert (posting.title, posting.metadata["company"]) == (
        "AI Engineer, Agent Tooling at Quillbyte Inc",
        "Quillbyte Inc",
    )
    assert "Inc," not in posting.text


def test_the_market_render_cleans_a_name_a_table_built_before_holds():
    assert (label("company", "Visa Inc,"), label("company", "Snap Inc.")) == ("Visa Inc", "Snap Inc.")


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Are there AI engineer jobs in Charlotte, NC?", ["NC"]),
        ("Austin,TX or Denver, CO?", ["TX", "CO"]),
        ("Does NC State teach RAG?", []),  # no place before it
        ("Charlotte, UK?", []),  # no US state
        ("Python, ML and AI, IN short?", []),  # "IN" follows an acronym, no place's name
    ],
)
def test_a_us_state_after_a_place_is_found(text, states):
    assert [text[a:b] for a, b in state_spans(text)] == states
