"""Rankings, fusion, filters and collapsing on the fixture index (fake embedder)."""

import pytest

from rag.index.filters import Filters, location_keys
from rag.index.retrieve import reciprocal_rank_fusion
from rag.records import Chunk, Citation


def ids(hits):
    return [h.chunk.id for h in hits]


@pytest.mark.parametrize(
    ("query", "mode", "expected"),
    [
        ("Airflow pipelines to retrieval pipelines", "bm25", "page:learning-paths/from-data-engineer.md#2"),
        ("Airflow pipelines to retrieval pipelines", "dense", "page:learning-paths/from-data-engineer.md#2"),
        ("tokenization and attention", "hybrid", "page:interview/questions/01-theory.md#1"),
        ("temperature top-k nucleus sampling", "hybrid", "page:interview/questions/01-theory.md#2"),
        ("beekeeper hive inspection", "hybrid", "page:portfolio/README.md#2"),
        ("Nordlicht interview process design memo", "hybrid", "company:5290814#0"),
    ],
)
def test_top_hit(deps, query, mode, expected):
    assert ids(deps.retriever.retrieve(query, k=1, mode=mode)) == [expected]


def test_hybrid_fuses_both_rankings(deps):
    hits = deps.retriever.retrieve("tokenization and attention", k=3, mode="hybrid")
    assert ids(hits) == [
        "page:interview/questions/01-theory.md#1",
        "page:interview/questions/01-theory.md#6",
        "page:learning-paths/from-data-engineer.md#6",
    ]
    # First in both lists with k=20: 2 / (20 + 1).
    assert hits[0].score == pytest.approx(2 / 21)


def test_filters_are_shared_by_both_halves(deps):
    london = deps.retriever.retrieve("salary", k=5, mode="bm25", filters=Filters(location="london"))
    assert ids(london) == ["posting:4817291#4", "posting:4817291#3", "posting:4817291#summary"]
    quillbyte = deps.retriever.retrieve(
        "AI engineer", k=10, mode="dense", filters=Filters(company="QUILLBYTE"), collapse=True
    )
    assert ids(quillbyte) == ["posting:4817291#1", "posting:4817203#1", "company:4817203#0"]
    companies = deps.retriever.retrieve("AI engineer", k=10, filters=Filters(kind="company"))
    assert ids(companies) == ["company:4817203#0", "company:6103557#0", "company:5290814#0"]
    berlin = deps.retriever.retrieve(
        "AI engineer", k=10, filters=Filters(location="Berlin", kind="posting"), collapse=True
    )
    assert [h.chunk.doc_id for h in berlin] == [
        "posting:8617735",
        "posting:3378860",
        "posting:4817203",
        "posting:8233716",
    ]


def test_collapse_keeps_one_hit_per_document(deps):
    plain = deps.retriever.retrieve("what does quillbyte pay", k=10)
    collapsed = deps.retriever.retrieve("what does quillbyte pay", k=4, collapse=True)
    assert len({h.chunk.doc_id for h in plain}) < len(plain)
    assert ids(collapsed) == [
        "company:4817203#0",
        "posting:4817203#2",
        "posting:6103557#3",
        "page:interview/questions/01-theory.md#5",
    ]


def test_hit_json_is_the_search_contract(deps):
    hit = deps.retriever.retrieve("beekeeper hive inspection", k=1)[0]
    data = hit.to_json()
    assert list(data)[:5] == ["title", "section", "url", "source_paths", "score"]
    assert data["title"] == "Building a Portfolio"
    assert data["section"] == "Example"
    assert data["url"].endswith("/portfolio/README.md#example")
    assert data["source_paths"] == ["portfolio/README.md"]
    cited = {k: data[k] for k in ("title", "section", "url", "source_paths")}
    assert Citation.of(3, hit.chunk).to_json() == {"n": 3, **cited}


def test_empty_query_and_bad_mode(deps):
    assert deps.retriever.retrieve("   ", k=3) == []
    with pytest.raises(ValueError, match="mode must be one of hybrid, dense, bm25"):
        deps.retriever.retrieve("x", mode="fuzzy")


def _chunk(cid):
    return Chunk(cid, cid, "page", "t", "", "u", [], "", "")


def test_reciprocal_rank_fusion_is_exact():
    a, b, c = _chunk("a"), _chunk("b"), _chunk("c")
    fused = reciprocal_rank_fusion([([(a, 9.0), (b, 5.0)], 1.0), ([(b, 0.9), (c, 0.1)], 0.5)], k=10)
    assert [(ch.id, round(s, 6)) for ch, s in fused] == [
        ("b", round(1 / 12 + 0.5 / 11, 6)),
        ("a", round(1 / 11, 6)),
        ("c", round(0.5 / 12, 6)),
    ]


def test_location_keys_match_any_part():
    assert location_keys("New York, NY, USA") == ["new york, ny, usa", "new york", "ny", "usa"]
    assert location_keys(None) == []
    fields = {
        "kind": "posting",
        "company_key": "quillbyte",
        "location_keys": ["berlin, deu", "berlin", "deu"],
    }
    assert Filters(location="BERLIN").matches(fields)
    assert not Filters(location="London").matches(fields)
    assert Filters(kind="posting", company="Quillbyte").matches(fields)
    assert not Filters(kind="page").matches(fields)


@pytest.mark.parametrize("query", ["tokenization and attention", "salary salary in london", "agent tooling"])
def test_bm25_postings_score_exactly_like_rank_bm25(deps, query):
    from rank_bm25 import BM25Okapi

    from rag.index.text_tokens import tokenize

    bm25 = deps.index.bm25  # loaded from the saved score arrays
    okapi = BM25Okapi([tokenize(c.embed_text) for c in bm25.chunks])
    terms = tokenize(query)
    assert bm25.scores(terms) == pytest.approx(okapi.get_scores(terms))
    assert bm25.idf == pytest.approx(okapi.idf)


def test_bm25_filter_masks_agree_with_filters(deps):
    from rag.index.filters import filter_fields

    bm25 = deps.index.bm25
    fields = [filter_fields(c.kind, c.metadata) for c in bm25.chunks]
    for flt in (
        Filters(kind="page"),
        Filters(company="Quillbyte"),
        Filters(location="berlin", kind="posting"),
    ):
        assert bm25.mask(flt).tolist() == [flt.matches(f) for f in fields]
        assert any(flt.matches(f) for f in fields)


def routed(deps, **params):
    from rag.index.retrieve import FusionParams, Retriever

    return Retriever(deps.index, deps.embedder, FusionParams(**params))


def test_a_generic_question_is_routed_to_the_guide_pages(deps):
    question = "what skills do AI engineers need"
    plain = deps.retriever.retrieve(question, k=3, collapse=True)
    assert [h.chunk.doc_id for h in plain] == ["posting:8724410", "page:role/02-skills.md", "posting:8502264"]
    pages = routed(deps, page_weight=1.0, company_weight=1.0).retrieve(question, k=3, collapse=True)
    assert [h.chunk.doc_id for h in pages] == [
        "page:role/02-skills.md",
        "page:README.md",
        "page:learning-paths/from-data-engineer.md",
    ]


def test_a_named_company_is_routed_to_its_documents_not_the_pages(deps):
    retriever = routed(deps, page_weight=1.0, company_weight=1.0)
    question = "Saltmarsh Finance salary and skills"
    assert retriever.routes(question) == [(Filters(company="Saltmarsh Finance"), 1.0)]
    assert retriever.routes("what skills do AI engineers need") == [(Filters(kind="page"), 1.0)]
    assert [h.chunk.doc_id for h in retriever.retrieve(question, k=2, collapse=True)] == [
        "posting:8140025",
        "posting:8390142",
    ]
    assert routed(deps).routes(question) == []  # both weights 0: no routing


def test_document_aggregation_adds_further_chunks(deps):
    from rag.index.retrieve import collapse_documents

    def chunk(cid, doc):
        return Chunk(cid, doc, "page", "T", "", "u", [], "x", "x")

    ranked = [(chunk("a#0", "a"), 0.5), (chunk("b#0", "b"), 0.4), (chunk("b#1", "b"), 0.3)]
    assert [(c.id, s) for c, s in collapse_documents(ranked)] == [("a#0", 0.5), ("b#0", 0.4)]
    assert [(c.id, round(s, 3)) for c, s in collapse_documents(ranked, 0.5)] == [("b#0", 0.55), ("a#0", 0.5)]


def test_a_named_company_also_gets_the_pages_at_the_company_page_weight(deps):
    retriever = routed(deps, page_weight=1.5, company_weight=0.5, company_page_weight=1.0)
    assert retriever.routes("Saltmarsh Finance interview rounds") == [
        (Filters(company="Saltmarsh Finance"), 0.5),
        (Filters(kind="page"), 1.0),
    ]
    assert retriever.routes("what skills do AI engineers need") == [(Filters(kind="page"), 1.5)]


def test_link_share_counts_markdown_links_and_bare_urls():
    from rag.index.catalog import link_share

    assert link_share("no links here") == 0.0
    assert link_share("[a](http://x.io)") == 1.0
    text = "see [docs](http://d.io) or http://e.io now"
    assert link_share(text) == pytest.approx((len("[docs](http://d.io)") + len("http://e.io")) / len(text))


def test_page_chunks_made_of_links_are_demoted(deps):
    from rag.index.catalog import catalog_for
    from rag.index.retrieve import demote_pages

    def chunk(cid):
        return Chunk(cid, cid, "page", "T", "", "u", [], "x", "x")

    ranked = [(chunk("links"), 0.5), (chunk("prose"), 0.4)]
    share = {"links": 0.8, "prose": 0.0}
    assert demote_pages(ranked, share, 0.0) == ranked
    assert [(c.id, round(s, 3)) for c, s in demote_pages(ranked, share, 0.75)] == [
        ("prose", 0.4),
        ("links", 0.2),
    ]
    shares = catalog_for(deps.index.bm25).link_share
    assert set(shares) == {c.id for c in deps.index.bm25.chunks if c.kind == "page"}


def test_research_data_pages_are_scaled_by_the_data_weight():
    from rag.index.retrieve import demote_pages

    def chunk(cid):
        return Chunk(cid, cid, "page", "T", "", "u", [], "x", "x")

    ranked = [(chunk("export"), 0.5), (chunk("chapter"), 0.4), (chunk("links"), 0.3)]
    data, share = frozenset({"export"}), {"links": 0.5}
    assert demote_pages(ranked, share, 0.0, data, 1.0) == ranked
    assert [(c.id, round(s, 3)) for c, s in demote_pages(ranked, share, 0.0, data, 0.7)] == [
        ("chapter", 0.4),
        ("export", 0.35),
        ("links", 0.3),
    ]
    assert [(c.id, round(s, 3)) for c, s in demote_pages(ranked, share, 0.75, data, 0.7)] == [
        ("chapter", 0.4),
        ("export", 0.35),
        ("links", 0.188),
    ]


def test_research_data_is_the_pages_under_a_data_folder(deps):
    from rag.index.catalog import Catalog, catalog_for, in_data_folder

    assert in_data_folder("interview/data/research-exports/trends.md")
    assert in_data_folder("interview/data/sources/all-links.md")
    assert not in_data_folder("interview/05-trends.md")
    assert not in_data_folder("job-market/data_raw/1_A.yaml")  # only a folder named exactly data
    assert not in_data_folder("data.md")

    def chunk(cid, kind, path):
        return Chunk(cid, cid, kind, "T", "", "u", [path], "x", "x")

    chunks = [
        chunk("export", "page", "interview/data/research-exports/trends.md"),
        chunk("chapter", "page", "interview/05-trends.md"),
        chunk("process", "company", "interview/data/job-descriptions/1.yaml"),
    ]
    assert Catalog(chunks, {}).data_chunks == {"export"}
    # The invented guide keeps company write-ups under interview/data/, but no page: nothing is demoted.
    assert any(c.kind == "company" for c in deps.index.bm25.chunks)
    assert catalog_for(deps.index.bm25).data_chunks == frozenset()


def test_a_research_data_page_falls_behind_the_chapters(deps, monkeypatch):
    from rag.config import Settings
    from rag.deps import fusion_params
    from rag.index.catalog import catalog_for
    from rag.index.retrieve import Retriever

    retriever = Retriever(deps.index, deps.embedder, fusion_params(Settings()))
    question = "what skills do AI engineers need"
    top = retriever.retrieve(question, k=3, collapse=True)
    assert [(h.chunk.doc_id, round(h.score, 4)) for h in top] == [
        ("page:role/02-skills.md", 0.2869),
        ("page:learning-paths/from-data-engineer.md", 0.2218),
        ("page:README.md", 0.2205),
    ]
    skills = frozenset(c.id for c in deps.index.bm25.chunks if c.doc_id == "page:role/02-skills.md")
    monkeypatch.setattr(catalog_for(deps.index.bm25), "data_chunks", skills)  # as if it were an export
    top = retriever.retrieve(question, k=3, collapse=True)
    assert [(h.chunk.doc_id, round(h.score, 4)) for h in top] == [
        ("page:learning-paths/from-data-engineer.md", 0.2218),
        ("page:README.md", 0.2205),
        ("page:role/02-skills.md", 0.2009),
    ]


def test_figure_chunks_are_the_pages_chunks_stating_shares(deps):
    from rag.index.catalog import catalog_for

    figures = catalog_for(deps.index.bm25).figure_chunks
    assert figures and {c.doc_id for c in deps.index.bm25.chunks if c.id in figures} == {
        "page:role/02-skills.md"
    }


def test_a_question_about_postings_adds_the_figure_rankings(deps):
    retriever = routed(deps, page_weight=1.5, company_weight=0.5, figures_weight=1.0)
    assert retriever.asks_for_figures("how many job ads want vector databases?")
    assert not retriever.asks_for_figures("what do AI engineers do all day?")
    assert not retriever.asks_for_figures("Saltmarsh Finance postings")  # a company is named
    assert not routed(deps, page_weight=1.5).asks_for_figures("how many job ads want vector databases?")
    question = "how many job ads want vector databases?"
    rankings = retriever.rankings(question, 5)
    assert [w for _, w in rankings] == [1.0, 1.0, 1.5, 1.5, 1.0, 1.0]
    for ranking, _ in rankings[4:]:
        assert ranking and {c.doc_id for c, _ in ranking} == {"page:role/02-skills.md"}
