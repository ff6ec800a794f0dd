"""The answer's own CPU: shortcuts that must give exactly what the plain computation gives."""

import gc
from dataclasses import replace

import numpy as np
import pytest
from tokenizers import Tokenizer, models, pre_tokenizers

from rag.answer.boilerplate import Boilerplate
from rag.answer.context import build_context
from rag.config import DEFAULT_MODEL
from rag.index.bm25 import BM25Index
from rag.index.embedder import Embedder, WordPieceCounter, splits_at_spaces
from rag.records import Chunk, Hit
from tests.fakes import FakeEmbedder
from ui.service import ChatService

TRICKY = [
    "",
    " ",
    "\n\n",
    "two  spaces and a trailing one ",
    '<source n="12">\ntitle: RAG — Evaluation\nurl: https://example.org/a-b?c=1#x\n\nText.\n</source>',
    "caf\u00e9 na\u00efve \u0301accent, UPPER-case, don't",
    "tab\tinside, no\u00a0break space, ideographic\u3000space",
    "form\x0cfeed joins, line\u2028separator",
    "\u4e2d\u6587 characters and emoji \U0001f600!",
    "[MASK] [CLS]glued [SEP]",
    "a" * 150 + " word longer than WordPiece reads",
]


def whole_count(tokenizer: Tokenizer, text: str) -> int:
    return len(tokenizer.encode(text, add_special_tokens=True).ids)


def test_word_by_word_counts_equal_whole_encodes():
    embedder = Embedder(DEFAULT_MODEL, backend="onnx-int8")
    tokenizer = embedder._tokenizer
    assert splits_at_spaces(tokenizer)
    counter = WordPieceCounter(tokenizer)
    texts = TRICKY + [" ".join(TRICKY), "\n".join(reversed(TRICKY))]
    assert [counter(t) for t in texts] == [whole_count(tokenizer, t) for t in texts]
    assert [counter(t) for t in texts] == [embedder.count_tokens(t) for t in texts]  # words remembered
    assert counter("") == 2  # [CLS] and [SEP]


def test_a_tokenizer_that_may_join_words_counts_whole_texts():
    vocab = {"[UNK]": 0, "a": 1, "b": 2}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    counter = WordPieceCounter(tokenizer)
    assert not counter.by_words
    assert [counter(t) for t in ("a b", "a  b c", "")] == [2, 3, 0]
    assert counter._words == {}


def chunk(i: int, text: str) -> Chunk:
    return Chunk(f"doc{i}#{i}", f"doc{i}", "page", "T", "", f"https://x/{i}", [f"d{i}.md"], text, text)


@pytest.fixture
def tied() -> BM25Index:
    """Ties at every cut: groups of identical documents."""
    texts = (
        ["retrieval evaluation"] * 4 + ["retrieval"] * 5 + ["evaluation metrics"] * 3 + ["other words"] * 2
    )
    return BM25Index().fit([chunk(i, t) for i, t in enumerate(texts)])


def test_bm25_top_k_is_the_full_sort_cut_at_k(tied):
    scores = tied.scores(["retriev", "evalu"])
    full = sorted(np.flatnonzero(scores > 0), key=lambda i: (-scores[i], i))
    for k in range(len(tied.chunks) + 2):
        found = [(c.id, s) for c, s in tied.search("retrieval evaluation", k)]
        assert found == [(tied.chunks[i].id, float(scores[i])) for i in full[:k]]
    # The five short "retrieval" documents first, then the first of four tied at the cut.
    assert [c.id for c, _ in tied.search("retrieval evaluation", 6)] == [
        "doc4#4", "doc5#5", "doc6#6", "doc7#7", "doc8#8", "doc0#0",
    ]  # fmt: skip


def test_the_service_freezes_its_heap_once_the_index_is_open(settings, ingested):
    gc.unfreeze()
    service = ChatService(settings, embedder=FakeEmbedder(), llm=None)
    service.start()
    try:
        frozen = gc.get_freeze_count()
        assert service.readiness()["ready"]
    finally:
        service.close()
    assert frozen > 1000
    assert gc.get_freeze_count() == 0


SCAM_KEY = "beware § recruiters never ask you to pay a fee"


def posting(i: int, company: str) -> Chunk:
    text = f"Build agents.\n- Beware: {company} recruiters never ask you to pay a fee.\n- Ship evals."
    return Chunk(
        f"p{i}#0", f"p{i}", "posting", f"Engineer at {company}", "", f"https://x/p{i}", [f"p{i}.md"],
        text, text, {"company": company},
    )  # fmt: skip


def test_a_source_is_stripped_of_boilerplate_once_as_the_plain_strip_does(monkeypatch):
    table = Boilerplate(frozenset({SCAM_KEY}), counts=((SCAM_KEY, 5),), postings=5)
    context = build_context([Hit(posting(1, "Acme"), 2.0), Hit(posting(2, "Initech"), 1.0)], len, 10_000)
    plain = [table.without(s.text, s.hit.chunk) for s in context.sources]
    assert plain == ["Build agents.\n- Ship evals."] * 2
    calls = []
    without = Boilerplate.without
    monkeypatch.setattr(Boilerplate, "without", lambda self, *a: (calls.append(a), without(self, *a))[1])
    assert [s.text for s in table.strip(context).sources] == plain
    assert [s.text for s in table.strip(context).sources] == plain
    assert len(calls) == 2  # each source once, the second strip from memory
    other = replace(context.sources[0], hit=Hit(posting(1, "Globex"), 2.0))  # same text, other company
    assert table.strip(replace(context, sources=[other])).sources[0].text == other.text
    assert len(calls) == 3
