"""A company's short or one-word name counts in a question only as the corpus itself uses it: "Quartz
Valley" is a place when other postings use it so and Quartz Labs never writes "Quartz" alone; a word
the corpus writes in lower case for other things ("lattice of ideas") is no company in lower case; a
one-word name and the word after it that other postings use together and the company never does
("Verdant AI") is another name; a name inside a longer one ("Ledger" of "Tower Ledger") is not read;
a name inside web and mail addresses is no other use of it ("quillforce stuff" is Quillforce)
(rag/index/catalog.py)."""

import pytest

from rag.answer.interviews import written_names
from rag.index.bm25 import BM25Index
from rag.index.catalog import catalog_for
from tests.test_catalog_titles import chunk

# (title, employer, text) of each invented posting
POSTINGS = [
    # Quartz Labs always writes its full name; other postings say "Quartz Valley" (a place).
    ("AI Engineer", "Quartz Labs", "Quartz Labs builds chips. Quartz Labs pays well."),
    ("ML Engineer", "Kestrel", "Office in Quartz Valley."),
    ("Data Engineer", "Moraine", "Hybrid in Quartz Valley, Quartz Valley HQ."),
    # Monzella Bank calls itself "Monzella"; nobody else uses the word.
    ("Staff AI Engineer", "Monzella Bank", "Monzella is a bank. At Monzella we ship."),
    # Lattice writes its name capitalised; other postings use "lattice" as a word.
    ("AI Engineer", "Lattice", "Lattice builds HR tools."),
    ("ML Engineer", "Vantor", "A lattice of ideas; a lattice of teams."),
    # Verdant the company never writes "Verdant AI"; other postings name the Verdant AI platform.
    ("AI Engineer", "Verdant", "Verdant sells tax software."),
    ("ML Engineer", "Kestrel", "We use Verdant AI and Verdant AI pipelines."),
    ("AI Engineer", "Moraine", "Experience with Verdant AI."),
    # "Ledger" is an employer; "Tower Ledger" another.
    ("Staff AI Engineer", "Ledger", "Ledger keeps books."),
    ("Staff AI Engineer", "Tower Ledger", "Tower Ledger trades."),
    # Quillforce writes its name capitalised; other postings name it only inside web addresses.
    ("AI Engineer", "Quillforce", "Quillforce builds CRM tools."),
    (
        "ML Engineer",
        "Kestrel",
        "Apply at https://jobs.example.com/quillforce-agents or www.quillforce.example.",
    ),
    (
        "AI Engineer",
        "Moraine",
        "Questions: hr-quillforce@example.com. Apply via https://example.com/quillforce",
    ),
]
CORPUS = [chunk(n, "posting", f"{t} at {c}", text, c) for n, (t, c, text) in enumerate(POSTINGS, 1)]


@pytest.fixture(scope="module")
def catalog():
    return catalog_for(BM25Index().fit(CORPUS))


@pytest.mark.parametrize(
    "question, named",
    [
        ("Are there AI jobs in Quartz Valley?", []),
        ("Quartz Labs AI engineer - what does it pay?", ["Quartz Labs"]),
        ("Does Monzella give a take-home?", ["Monzella Bank"]),
        ("Is Lattice hiring AI engineers?", ["Lattice"]),
        ("is a lattice of agents a good design?", []),
        ("What is Verdant AI?", []),
        ("Does Verdant interview in person?", ["Verdant"]),
        ("Tower Ledger staff AI engineer - salary?", ["Tower Ledger"]),
        ("Ledger staff AI engineer - salary?", ["Ledger"]),
        ("do AI engineers automate quillforce stuff?", ["Quillforce"]),
    ],
)
def test_a_name_counts_only_as_the_corpus_uses_it(catalog, question, named):
    assert [c.name for c in catalog.companies_in(question)] == named


def test_the_uses_behind_the_readings(catalog):
    assert catalog.used_otherwise(("quartz",), lower=False)  # "Quartz" alone: 3 other uses, 0 own
    assert not catalog.used_otherwise(("monzella",), lower=False)  # 2 own uses
    assert catalog.used_otherwise(("lattice",), lower=True)  # "lattice": 2 other uses in lower case
    assert not catalog.used_otherwise(("lattice",), lower=False)
    assert catalog.part_of_other_name(("verdant",), "ai")
    assert not catalog.part_of_other_name(("verdant",), "sells")
    # a web or mail address is no use of the word: "quillforce" in lower case is used nowhere else
    assert not catalog.used_otherwise(("quillforce",), lower=True)


def test_a_place_is_not_a_written_company_for_the_figure_check(catalog):
    question = "What do AI engineers earn in Quartz Valley?"
    assert written_names([c.name for c in catalog.companies_in(question)], question) == []
