import numpy as np

from evals.questions import Question
from evals.tune_passages import PassageLane, passage_texts, passages
from evals.tune_ranking import collect, fuse
from ingest.cache import IngestCache
from rag.index.catalog import catalog_for
from rag.records import Chunk

TEXT = (
    "Pick a problem you care about. Keep the scope tiny!\n"
    "- Shipping five half-finished notebooks.\n"
    "2. One polished capstone project\n"
    "Yes.\n"
    "## Common mistakes"
)


def chunk(text: str, section: str = "Common mistakes") -> Chunk:
    return Chunk(
        "page:p.md#0", "page:p.md", "page", "Building a Portfolio", section, "u", ["p.md"], text, text
    )


def test_passages_are_the_sentences_and_list_items_of_three_words_or_more():
    assert passages(TEXT) == [
        "Pick a problem you care about.",
        "Keep the scope tiny!",
        "Shipping five half-finished notebooks.",
        "One polished capstone project",
    ]


def test_each_variant_embeds_its_own_text():
    c = chunk(TEXT)
    assert passage_texts(c, "plain")[1] == "Keep the scope tiny!"
    assert passage_texts(c, "sentence")[1] == "Building a Portfolio > Common mistakes: Keep the scope tiny!"
    assert passage_texts(c, "card") == [
        "Building a Portfolio > Common mistakes: Pick a problem you care about."
    ]
    assert passage_texts(chunk("Yes.", section=""), "card") == ["Building a Portfolio"]


def test_a_chunk_scores_as_its_best_passage_and_passages_are_cached(deps, embedder, tmp_path):
    guide = [c for c in deps.index.bm25.chunks if c.kind in ("page", "company")]
    cache = IngestCache(tmp_path / "passages.sqlite")
    lane = PassageLane.build(guide, "plain", embedder, cache)
    query = embedder.encode(["does the agent refuse when a tracking number is missing"])[0]
    best = lane.best(query)
    ranked = PassageLane.ranking(guide, best, 3)
    top = ranked[0][0]
    assert (top.id, top.section) == ("page:portfolio/README.md#4", "Example")
    assert top.text.startswith("A former logistics analyst shipped a small agent")
    mine = lane.vectors[lane.owner == guide.index(top)] @ query
    assert ranked[0][1] == float(mine.max()) == float(best.max())
    assert len(lane.owner) == sum(len(passages(c.text)) for c in guide)
    before = len(embedder.encoded)
    again = PassageLane.build(guide, "plain", embedder, cache)
    cache.close()
    assert len(embedder.encoded) == before  # every passage came from the cache
    assert np.array_equal(again.vectors, lane.vectors)


def test_fuse_scales_fused_scores_by_the_boost(deps):
    question = Question("t1", "how should I present my portfolio on GitHub", ("portfolio/README.md",))
    lists = collect(deps, [question])["t1"]
    catalog = catalog_for(deps.index.bm25)
    plain = fuse(lists, deps.settings, catalog, (1.0, 0.0))
    last = list(plain)[-1]
    chunk_ids = [c.id for c, _ in lists["plain"][0] if c.doc_id == last]
    boosted = fuse(lists, deps.settings, catalog, (1.0, 0.0), boost={cid: 100.0 for cid in chunk_ids})
    assert list(boosted)[0] == last
    assert boosted[last] == 100.0 * plain[last]
