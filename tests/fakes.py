"""Real fake classes for tests: a deterministic embedder that needs no model."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from rag.index.text_tokens import tokenize as lexical_tokens

_PIECE = re.compile(r"\w+|[^\w\s]")


class FakeEmbedder:
    """Hashed bag-of-stems vectors: texts sharing words are close, so rankings are predictable.

    "Word pieces" are words and punctuation marks, plus 2 special tokens, so chunk sizes can be
    checked by hand.
    """

    name = "fake-bag-of-words"

    def __init__(self, dim: int = 256, max_tokens: int = 128):
        self.dim = dim
        self.max_tokens = max_tokens
        self.encoded: list[str] = []

    @property
    def model_key(self) -> str:
        return f"{self.name}:{self.dim}:{self.max_tokens}"

    @property
    def cache_key(self) -> str:
        return self.model_key

    def limit_threads(self, threads: int) -> None:
        self.threads = threads

    def load(self) -> None:
        """Nothing to load."""

    def tokenize(self, text: str) -> list[str]:
        return _PIECE.findall(text)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text)) + 2

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        self.encoded.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in lexical_tokens(text):
                h = int.from_bytes(hashlib.md5(token.encode()).digest()[:4], "little")
                out[row, h % self.dim] += 1.0 if h & (1 << 31) else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out
