"""The BM25 tokenizer's Porter stemmer (rag/index/text_tokens.py): nltk's own, imported without
nltk's package `__init__` (scipy, scikit-learn: seconds at every app start), with nltk's stems."""

import json
import subprocess
import sys
from pathlib import Path

WORDS = "running generously dying skies agreed engineering retrieval interviews companies happily".split()
# nltk 3.9+'s PorterStemmer (NLTK_EXTENSIONS mode), as the index's terms were made.
STEMS = ["run", "gener", "die", "sky", "agre", "engin", "retriev", "interview", "compani", "happili"]

PROBE = f"""
import inspect, json, sys
from rag.index.text_tokens import porter_stemmer_class, tokenize
tokens = tokenize({" ".join(WORDS)!r})
loaded = sorted(m for m in ("nltk", "scipy", "sklearn") if m in sys.modules)
mine = porter_stemmer_class()
import nltk  # the whole package, as llama-index imports it: after the stemmer, still whole
from nltk.stem.porter import PorterStemmer
print(json.dumps({{
    "tokens": tokens,
    "loaded": loaded,
    "nltk_stems": [PorterStemmer().stem(w) for w in {WORDS!r}],
    "whole": callable(nltk.word_tokenize) and nltk.stem.PorterStemmer is PorterStemmer,
    "same_file": inspect.getsourcefile(mine) == inspect.getsourcefile(PorterStemmer),
}}))
"""


def test_tokens_are_nltk_porter_stems_without_importing_nltk_scipy_or_sklearn():
    root = Path(__file__).resolve().parents[1]  # this checkout's modules, whatever the cwd
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=root)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {"tokens": STEMS, "loaded": [], "nltk_stems": STEMS, "whole": True, "same_file": True}
