"""GitHub heading anchors (github-slugger rules)."""

import pytest

from ingest.anchors import Slugger, heading_text, slugify


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("AI-First: 621 jobs (69.4%)", "ai-first-621-jobs-694"),
        ('What\'s a "good" eval?', "whats-a-good-eval"),
        ("RAG & Agents / Tools", "rag--agents--tools"),
        ("Café culture ☕", "café-culture-"),
        ("Über Größe", "über-größe"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("[Docs](https://example.com/docs) and more", "docs-and-more"),
        ("![logo](img/logo.png) Title", "logo-title"),
        ("Use `pip install` now", "use-pip-install-now"),
        ("**Bold** and *italic*", "bold-and-italic"),
        ('<a name="x"></a>Tagged heading', "tagged-heading"),
        ("Closing hashes ##", "closing-hashes"),
        ("  Padded  ", "padded"),
    ],
)
def test_slugify(heading, slug):
    assert slugify(heading) == slug


def test_slugify_underscore_emphasis():
    assert slugify("**Bold** and _em_ text") == "bold-and-em-text"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("[Docs](https://example.com) page", "Docs page"),
        ("![alt text](a.png) and [link](b.md)", "alt text and link"),
        ("Title <br/> <sup>1</sup>", "Title  1"),
        ("  Closing ###  ", "Closing"),
        ("Plain", "Plain"),
    ],
)
def test_heading_text(raw, text):
    assert heading_text(raw) == text


@pytest.mark.parametrize(
    ("headings", "slugs"),
    [
        (["Example", "Example", "Example"], ["example", "example-1", "example-2"]),
        (["Example", "Example", "Example-1"], ["example", "example-1", "example-1-1"]),
        (["Example-1", "Example", "Example"], ["example-1", "example", "example-2"]),
        (["Intro", "Setup", "Intro"], ["intro", "setup", "intro-1"]),
    ],
)
def test_slugger_duplicates(headings, slugs):
    slugger = Slugger()
    assert [slugger.slug(h) for h in headings] == slugs


def test_sluggers_are_independent():
    first, second = Slugger(), Slugger()
    assert [first.slug("A"), first.slug("A"), second.slug("A")] == ["a", "a-1", "a"]
