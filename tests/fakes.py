"""Real fake classes for tests: a deterministic embedder that needs no model, and its worker spec."""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.records import Chunk

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

    def encode_blocks(self, blocks: list[list[str]], workers: int = 1):
        return ((i, self.encode(block)) for i, block in enumerate(blocks))

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        from rag.index.text_tokens import tokenize as lexical_tokens  # nltk: seconds to import

        self.encoded.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in lexical_tokens(text):
                h = int.from_bytes(hashlib.md5(token.encode()).digest()[:4], "little")
                out[row, h % self.dim] += 1.0 if h & (1 << 31) else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out


@dataclass(frozen=True)
class FakeWorkerSpec:
    """A worker spec (rag/index/embed_pool.py) for the fake embedder that fails on a text as `how` says."""

    # how: "exit" (the process dies), "raise" (encode raises), "start" (cannot start), "hang" (sleeps)

    fail_on: str = ""
    how: str = "exit"
    pid_file: str = ""

    def open(self):
        if self.how == "start":
            raise OSError("no model file")

        def encode(texts: list[str]) -> np.ndarray:
            if self.fail_on in texts:
                if self.how == "raise":
                    raise ValueError(f"cannot embed {self.fail_on!r}")
                if self.how == "hang":
                    Path(self.pid_file).write_text(str(os.getpid()))
                    time.sleep(120)
                os._exit(3)
            return hashed_vectors(texts)

        return encode


def hashed_vectors(texts: list[str]) -> np.ndarray:
    """A vector per text from its hash (what the fake worker spec encodes: no nltk to import)."""
    digests = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8) for t in texts]
    return np.stack(digests).astype(np.float32) if texts else np.zeros((0, 32), dtype=np.float32)


def guide_page(name: str, path: str, title: str, section: str, text: str) -> Chunk:
    """An invented guide-page chunk (id "<path>#<name>", doc "page:<path>"), no index files needed."""
    return Chunk(
        f"{path}#{name}", f"page:{path}", "page", title, section, f"https://g/{path}#{name}", [path], text,
        f"{title} {section} {text}",
    )  # fmt: skip
