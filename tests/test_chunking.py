"""Chunk boundaries, sizes, anchors and headers on the fixture corpus (fake 128-piece window)."""

import re
from pathlib import Path

import pytest

from ingest.chunking import Chunker, chunk_header
from ingest.corpus import CorpusManifest
from ingest.pages import load_page
from ingest.pipeline import load_documents
from ingest.problems import Problems
from tests.conftest import FIXTURE_CORPUS
from tests.fakes import FakeEmbedder

COMMIT = "c0ffee"


@pytest.fixture(scope="module")
def docs():
    manifest = CorpusManifest.load()
    return {d.id: d for d in load_documents(FIXTURE_CORPUS, manifest, COMMIT, Problems())}


@pytest.fixture(scope="module")
def chunker():
    return Chunker(FakeEmbedder(max_tokens=128), overlap=24)


def test_sections_carry_github_anchors_including_duplicates(docs, chunker):
    sections = [(s, a) for s, a, _ in chunker.sections(docs["page:portfolio/README.md"])]
    assert sections == [
        ("", ""),
        ("Choosing a capstone project", "choosing-a-capstone-project"),
        ("Example", "example"),
        ("Presenting your work", "presenting-your-work"),
        ("Example", "example-1"),
        ("Common mistakes", "common-mistakes"),
    ]


def test_nested_heading_path_and_punctuation_slugs(docs, chunker):
    sections = [(s, a) for s, a, _ in chunker.sections(docs["page:role/02-skills.md"])]
    assert sections[2:4] == [
        ("AI-First: 312 jobs (61.5%)", "ai-first-312-jobs-615"),
        (
            "AI-First: 312 jobs (61.5%) > Most requested skills in AI-First listings",
            "most-requested-skills-in-ai-first-listings",
        ),
    ]
    webinar = [a for _, a, _ in chunker.sections(docs["page:webinars/01-a-day-of-ai-engineer.md"])]
    assert "café-culture-" in webinar


def test_chunk_urls_deep_link_to_the_section_at_the_pinned_commit(docs, chunker):
    chunks = chunker.chunk(docs["page:interview/questions/01-theory.md"])
    assert chunks[4].url == (
        "https://github.com/alexeygrigorev/ai-engineering-field-guide/blob/c0ffee/"
        "interview/questions/01-theory.md#whats-a-good-eval"
    )
    assert chunks[4].section == 'What\'s a "good" eval?'
    assert chunks[0].url.endswith("/blob/c0ffee/interview/questions/01-theory.md")


def test_long_section_splits_into_windows_that_fit_and_cover_every_sentence(docs, chunker):
    doc = docs["page:interview/01-interview-process.md"]
    chunks = [c for c in chunker.chunk(doc) if c.section == "Long section"]
    assert len(chunks) == 11
    sizes = [chunker.tokens.count_tokens(c.embed_text) for c in chunks]
    assert max(sizes) <= 128
    assert all(c.embed_text.startswith("The Interview Process > Long section\n\n") for c in chunks)
    body = next(b for s, _, b in chunker.sections(doc) if s == "Long section")
    sentences = re.findall(r"[^.!?]+[.!?]", body)
    joined = " ".join(c.text for c in chunks)
    assert [s for s in sentences if s.strip() not in joined] == []
    # Neighbours overlap, so a sentence cut at a boundary is still whole somewhere.
    assert chunks[1].text.split()[0] in chunks[0].text


def test_posting_chunks_carry_the_posting_header_and_one_summary(docs, chunker):
    doc = docs["posting:4817291"]
    assert chunk_header(doc) == "AI Engineer, Agent Tooling at Quillbyte | London, GBR | Mid level"
    chunks = chunker.chunk(doc)
    assert [c.section for c in chunks] == ["Summary", "Summary", "Overview", "Overview"] + ["Description"] * 3
    assert chunks[0].id == "posting:4817291#summary"
    assert chunks[1].id == "posting:4817291#summary-1"
    assert chunks[0].text.splitlines()[:2] == [
        "Summary of the AI Engineer, Agent Tooling posting at Quillbyte. Location: London, GBR · "
        "Level: Mid level · Work type: FULL_TIME · Company size: 140 Employees · Posted: 2026-03-09.",
        "Salary: 70,000-100,000 GBP.",
    ]
    assert all(c.embed_text.startswith(chunk_header(doc)) for c in chunks)
    assert all(c.source_paths == doc.source_paths for c in chunks)
    assert chunks[0].metadata["compensation"]["currency"] == "GBP"


def test_page_title_and_fallback(tmp_path):
    page = tmp_path / "notes.md"
    page.write_text("No heading here, just text.\n")
    doc = load_page(tmp_path, page, "https://example.test/repo", "abc", Problems())
    assert (doc.id, doc.title, doc.url) == (
        "page:notes.md",
        "Notes",
        "https://example.test/repo/blob/abc/notes.md",
    )


def test_bad_pages_are_reported_not_fatal(tmp_path):
    (tmp_path / "empty.md").write_text("  \n")
    (tmp_path / "binary.md").write_bytes(b"# x\0\1")
    problems = Problems()
    for name in ("empty.md", "binary.md"):
        assert load_page(tmp_path, Path(tmp_path / name), "u", "c", problems) is None
    assert [(p.path, p.reason) for p in problems] == [
        ("empty.md", "empty file"),
        ("binary.md", "binary file (contains NUL bytes)"),
    ]
