"""The learned re-ranker: its features, the tree walk, its weights file and its place in hybrid search."""

import json

import numpy as np
import pytest

from rag.config import Settings
from rag.deps import Deps, fusion_params, load_reranker
from rag.errors import RerankerWeightsError
from rag.index.catalog import catalog_for
from rag.index.filters import Filters
from rag.index.rerank import FEATURES, WEIGHTS_FILE, Reranker, features, group_of
from rag.index.retrieve import Retriever
from rag.records import Chunk
from tests.fakes import FakeEmbedder

COL = {name: i for i, name in enumerate(FEATURES)}


def stump(feature: str, below: float, above: float, threshold: float = 0.5, pool: int = 100) -> Reranker:
    """One tree of one split: FEATURES[feature] <= threshold scores `below`, else `above`."""
    return Reranker(
        feature=np.array([[COL[feature], -1, -1]]),
        threshold=np.array([[threshold, 0.0, 0.0]]),
        left=np.array([[1, 0, 0]]),
        right=np.array([[2, 0, 0]]),
        value=np.array([[0.0, below, above]]),
        depth=1,
        pool=pool,
    )


def routed_with(deps, reranker):
    return Retriever(deps.index, deps.embedder, fusion_params(Settings()), reranker)


def chunk(cid, doc, kind="page", path="role/02-skills.md"):
    return Chunk(cid, doc, kind, "T", "S", "u", [path], "text", "text")


def test_a_chunk_groups_by_its_kind_or_its_pages_folder():
    assert group_of(chunk("a", "d", "posting", "job-market/data_raw/1.yaml")) == "posting"
    assert group_of(chunk("a", "d", "company", "interview/data/job-descriptions/1.yaml")) == "company"
    assert group_of(chunk("a", "d", path="role/04-use-cases.md")) == "role"
    assert group_of(chunk("a", "d", path="interview/questions/01-theory.md")) == "questions"
    assert group_of(chunk("a", "d", path="interview/data/research-exports/trends.md")) == "data"
    assert group_of(chunk("a", "d", path="awesome.md")) == "root"


def test_trees_are_walked_to_their_leaves():
    tree = stump("group_posting", below=1.0, above=-2.0)
    x = np.zeros((3, len(FEATURES)))
    x[1, COL["group_posting"]] = 1.0
    assert tree.scores(x).tolist() == [1.0, -2.0, 1.0]


def test_reorder_keeps_the_fused_scores_and_spreads_a_documents_chunks():
    fused = [(chunk("p1", "post", "posting"), 0.5), (chunk("a1", "A"), 0.4), (chunk("a2", "A"), 0.3)]
    fused += [(chunk("a3", "A"), 0.2), (chunk("b1", "B"), 0.1), (chunk("tail", "C"), 0.05)]
    x = np.zeros((5, len(FEATURES)))
    x[:, COL["cos"]] = [0.1, 0.9, 0.8, 0.7, 0.2]
    model = stump("cos", below=0.0, above=1.0, threshold=0.5)
    # pages above the posting (cos > 0.5), ties by chunk id; the chunk past the pool stays last
    together = model.reorder(fused, x, spread=False)
    assert [(c.id, s) for c, s in together] == [
        ("a1", 0.5), ("a2", 0.4), ("a3", 0.3), ("b1", 0.2), ("p1", 0.1), ("tail", 0.05)
    ]  # fmt: skip
    spread = model.reorder(fused, x, spread=True)
    assert [c.id for c, _ in spread] == ["a1", "a2", "b1", "p1", "a3", "tail"]


def test_features_of_a_routed_question_on_the_fixture_index(deps):
    retriever = routed_with(deps, None)
    question = "what skills do AI engineers need"
    lanes = retriever.lanes(question, 20)
    assert [lane.name for lane in lanes] == ["dense", "bm25", "page_dense", "page_bm25"]
    fused = retriever.fused(question, lanes)
    x = features(question, lanes, fused[:10], catalog_for(deps.index.bm25), deps.index.bm25)
    assert x.shape == (10, len(FEATURES))
    first = dict(zip(FEATURES, x[0].round(4).tolist(), strict=True))
    assert fused[0][0].id == "page:role/02-skills.md#7"
    assert {k: v for k, v in first.items() if v} == {
        "fused": 1.0, "cos": 0.3727, "cos_gap": -0.0664, "bm25": 0.7084, "has_cos": 1.0,
        "rr_dense": 0.9091, "rr_bm25": 0.8, "rr_page_dense": 0.9091, "rr_page_bm25": 0.9091,
        "lanes_found": 0.5714, "coverage": 0.4841, "heading_coverage": 0.3366, "log_length": 5.4205,
        "figure_chunk": 1.0, "doc_chunks": 1.7918, "doc_best": 1.0, "doc_sum": 4.8932, "first_of_doc": 1.0,
        "title_coverage": 0.3366, "doc_heading": 0.3366, "doc_coverage": 0.4841, "doc_bm25": 0.7084,
        "q_terms": 1.6094, "group_role": 1.0,
    }  # fmt: skip
    assert x[:, COL["first_of_doc"]].sum() == len({c.doc_id for c, _ in fused[:10]})


def test_document_features_see_each_document_whole_over_the_pool(deps):
    retriever = routed_with(deps, None)
    question = "what skills do AI engineers need"
    lanes = retriever.lanes(question, 20)
    fused = retriever.fused(question, lanes)[:10]
    x = features(question, lanes, fused, catalog_for(deps.index.bm25), deps.index.bm25)
    docs = [c.doc_id for c, _ in fused]
    skills, root, data = (
        "page:role/02-skills.md",
        "page:README.md",
        "page:learning-paths/from-data-engineer.md",
    )
    assert docs == [
        skills,
        skills,
        root,
        skills,
        skills,
        data,
        data,
        skills,
        skills,
        "page:portfolio/README.md",
    ]
    # each chunk carries its document's rank of first appearance and its best cosine over the pool
    assert x[:, COL["doc_rank"]].round(4).tolist() == [0, 0, 0.6931, 0, 0, 1.0986, 1.0986, 0, 0, 1.3863]
    assert x[:, COL["doc_cos_gap"]].round(4).tolist() == [
        0, 0, -0.1646, 0, 0, -0.0819, -0.0819, 0, 0, -0.2768
    ]  # fmt: skip
    # the skills page's chunks cover 0.4841 or 0.3366 of the question's weight; together 0.4841
    assert x[:, COL["coverage"]].round(4).tolist() == [
        0.4841, 0.4841, 0.8109, 0.4841, 0.3366, 0.2951, 0.4841, 0.3366, 0.3366, 0.5159
    ]  # fmt: skip
    assert x[:, COL["doc_coverage"]].round(4).tolist() == [
        0.4841, 0.4841, 0.8109, 0.4841, 0.4841, 0.4841, 0.4841, 0.4841, 0.4841, 0.5159
    ]  # fmt: skip
    for doc in set(docs):
        rows = [i for i, d in enumerate(docs) if d == doc]
        for whole, part in (
            ("doc_cos_gap", "cos_gap"),
            ("doc_heading", "heading_coverage"),
            ("doc_bm25", "bm25"),
        ):
            assert (x[rows, COL[whole]] == x[rows, COL[part]].max()).all()


def test_a_reranker_reorders_hybrid_search_on_the_fixture_index(deps):
    question = "Nordlicht interview process design memo"
    plain = routed_with(deps, None).retrieve(question, k=5, collapse=True)
    assert [h.chunk.doc_id for h in plain] == [
        "page:interview/01-interview-process.md", "company:5290814", "posting:5290814",
        "page:role/02-skills.md", "page:webinars/01-a-day-of-ai-engineer.md",
    ]  # fmt: skip
    # a stump that puts the company's own documents (the company lanes found them) first; the
    # posting's further chunks add their share when collapsing
    company_first = routed_with(deps, stump("rr_company_dense", below=0.0, above=1.0, threshold=0.0))
    assert [h.chunk.doc_id for h in company_first.retrieve(question, k=3, collapse=True)] == [
        "posting:5290814", "company:5290814", "page:interview/01-interview-process.md",
    ]  # fmt: skip
    shipped = routed_with(deps, Reranker.load())
    assert [h.chunk.doc_id for h in shipped.retrieve(question, k=5, collapse=True)] == [
        "page:interview/01-interview-process.md", "company:5290814", "page:role/02-skills.md",
        "page:webinars/01-a-day-of-ai-engineer.md", "company:6103557",
    ]  # fmt: skip
    assert [h.chunk.id for h in shipped.retrieve(question, k=5)] == [
        "company:5290814#0", "page:interview/01-interview-process.md#1",
        "page:interview/01-interview-process.md#8", "page:role/02-skills.md#2", "page:role/02-skills.md#7",
    ]  # fmt: skip
    # filtered, dense-only and BM25-only searches are never re-ranked
    for params in ({"mode": "bm25"}, {"mode": "dense"}, {"filters": Filters(kind="page")}):
        assert ids_of(shipped.retrieve(question, k=5, **params)) == ids_of(
            routed_with(deps, None).retrieve(question, k=5, **params)
        )


def ids_of(hits):
    return [h.chunk.id for h in hits]


def test_the_shipped_weights_load_and_are_on_by_default():
    model = Reranker.load()
    assert Settings(_env_file=None).rerank is True
    assert model.pool == 100 and model.depth <= 5
    assert model.feature.shape == (100, model.value.shape[1])
    data = json.loads(WEIGHTS_FILE.read_text())
    assert data["features"] == list(FEATURES)
    assert set(data["trained_on"]) == {
        "dev",
        "unseen",
        "unseen2",
        "unseen3",
        "unseen4",
        "unseen5",
        "unseen6",
        "near_domain",
    }
    assert load_reranker(Settings(_env_file=None, rerank=False)) is None


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("not json", "unreadable"),
        ('{"features": ["fused"]}', "its feature list is not this version's"),
        ("FEATURES_ONLY", "missing or malformed field"),
        ("SHAPES", "tree arrays of unequal shapes"),
        ("BAD_NODE", "a node refers to an unknown feature or node"),
    ],
)
def test_a_bad_weights_file_is_a_typed_error(tmp_path, content, why):
    good = json.loads(WEIGHTS_FILE.read_text())
    if content == "FEATURES_ONLY":
        content = json.dumps({"features": list(FEATURES), "pool": 100})
    elif content == "SHAPES":
        good["trees"]["left"] = good["trees"]["left"][:-1]
        content = json.dumps(good)
    elif content == "BAD_NODE":
        good["trees"]["feature"][0][0] = len(FEATURES)
        content = json.dumps(good)
    path = tmp_path / "weights.json"
    path.write_text(content)
    with pytest.raises(RerankerWeightsError, match=why) as err:
        Reranker.load(path)
    assert err.value.path == str(path)
    assert "FIELDGUIDE_RERANK=false" in str(err.value)


def test_deps_refuse_a_missing_weights_file_before_opening_the_index(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path / "empty", rerank_weights=tmp_path / "none.json")
    with pytest.raises(RerankerWeightsError, match="none.json cannot be used: unreadable"):
        Deps.open(settings, FakeEmbedder())


def test_lightgbm_trees_convert_to_the_same_scores():
    lightgbm = pytest.importorskip("lightgbm")
    from evals.tune_reranker import PARAMS, to_reranker

    rng = np.random.default_rng(0)
    x = rng.random((400, len(FEATURES)))
    y = (x[:, COL["cos"]] + 0.5 * x[:, COL["bm25"]] > 0.9).astype(int)
    ranker = lightgbm.LGBMRanker(**{**PARAMS, "n_estimators": 20, "min_child_samples": 5})
    ranker.fit(x, y, group=[40] * 10)
    model = to_reranker(ranker.booster_.dump_model()["tree_info"], pool=40)
    assert np.allclose(model.scores(x), ranker.booster_.predict(x), atol=1e-9)


def test_training_reads_only_the_tuning_splits_keyed_by_file(tmp_path):
    from evals.tune_reranker import fold_questions

    rows = {
        "questions.jsonl": [
            {"id": "q1", "question": "dev q", "gold": ["a.md"], "split": "dev"},
            {"id": "q2", "question": "test q", "gold": ["a.md"], "split": "test"},
        ],
        "unseen6.jsonl": [{"id": "q1", "question": "tuned now", "gold": ["a.md"], "split": "unseen6"}],
        "unseen8.jsonl": [{"id": "q1", "question": "tuned too", "gold": ["a.md"], "split": "unseen8"}],
        "unseen9.jsonl": [{"id": "q1", "question": "tuned too", "gold": ["a.md"], "split": "unseen9"}],
        "unseen12.jsonl": [{"id": "q1", "question": "tuned too", "gold": ["a.md"], "split": "unseen12"}],
        "unseen14.jsonl": [{"id": "q1", "question": "tuned too", "gold": ["a.md"], "split": "unseen14"}],
        "unseen24.jsonl": [{"id": "q1", "question": "tuned last", "gold": ["a.md"], "split": "unseen24"}],
        "unseen25.jsonl": [{"id": "q1", "question": "held out", "gold": ["a.md"], "split": "unseen25"}],
        "near_domain2.jsonl": [
            {"id": "m1", "question": "partly", "gold": ["b.md"], "split": "near_domain2"},
            {"id": "m2", "question": "refuse", "gold": [], "split": "near_domain2"},
        ],
    }
    paths = []
    for name, lines in rows.items():
        path = tmp_path / name
        path.write_text("".join(json.dumps(line) + "\n" for line in lines))
        paths.append(path)
    assert [(fold, q.id) for fold, q in fold_questions(paths)] == [
        ("dev", "questions:q1"),
        ("unseen6", "unseen6:q1"),
        ("unseen8", "unseen8:q1"),
        ("unseen9", "unseen9:q1"),
        ("unseen12", "unseen12:q1"),
        ("unseen14", "unseen14:q1"),
        ("unseen24", "unseen24:q1"),
        ("near_domain", "near_domain2:m1"),
    ]


def test_a_left_out_folds_model_names_only_the_sets_it_learned_from():
    from evals.tune_reranker import trained_on

    rows = [{"fold": f} for f in ("dev", "dev", "unseen8", "near_domain", "unseen25")]
    assert trained_on(rows) == {"dev": 2, "unseen8": 1, "near_domain": 1}
    assert trained_on(rows, held="unseen8") == {"dev": 2, "near_domain": 1}
    assert trained_on(rows, held="dev") == {"unseen8": 1, "near_domain": 1}
