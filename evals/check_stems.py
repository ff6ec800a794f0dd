"""Every word of the active index, stemmed by `rag.index.text_tokens` (nltk's Porter stemmer loaded
without nltk's package `__init__`) and by nltk imported whole: the same stems, and the chunks'
tokens give exactly the index's BM25 terms (so the index needs no re-ingest).

    FIELDGUIDE_DATA_DIR=<index copy> python -m evals.check_stems

Reads only the BM25 file (not the Qdrant Edge shard). Exits 1 if any stem differs.
"""

from __future__ import annotations

import json
import sys

from rag.config import Settings
from rag.index.store import IndexStore, open_bm25
from rag.index.text_tokens import _STOP, _WORD, porter_stemmer_class, tokenize


def main() -> None:
    light = porter_stemmer_class()()
    assert "nltk" not in sys.modules and "scipy" not in sys.modules
    store = IndexStore(Settings())
    version = store.active_version()
    folder = store.versions_dir / version
    bm25 = open_bm25(folder, json.loads((folder / "manifest.json").read_text()))
    words, tokens = set(), set()
    for chunk in bm25.chunks:
        words.update(w for w in _WORD.findall(chunk.embed_text.lower()) if w not in _STOP)
        tokens.update(tokenize(chunk.embed_text))
    terms = set(bm25.idf)
    import nltk
    from nltk.stem.porter import PorterStemmer

    whole = PorterStemmer()
    checked = sorted(words | terms)
    differing = [w for w in checked if light.stem(w) != whole.stem(w)]
    bm25.close()
    report = {
        "version": version,
        "nltk": nltk.__version__,
        "chunks": len(bm25.chunks),
        "distinct_words": len(words),
        "index_terms": len(terms),
        "words_checked": len(checked),
        "stems_differing": differing[:20],
        "tokens_equal_index_terms": tokens == terms,
    }
    print(json.dumps(report, indent=1))
    sys.exit(1 if differing or tokens != terms else 0)


if __name__ == "__main__":
    main()
