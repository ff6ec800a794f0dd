"""The embedding model on ONNX Runtime: exported once from the local weights, cached, optionally int8.

The exported graph is the whole sentence-transformers pipeline (BERT, mean pooling over the
attention mask, L2 normalisation), so its output is the sentence vector. `torch` is imported only
to export; encoding needs onnxruntime, tokenizers and numpy.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from rag.errors import EmbeddingModelError

OPSET = 17
EXPORT_VERSION = 1  # bump when the exported graph changes, so cached exports are rebuilt
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
AXES = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
LIBRARIES = ("torch", "transformers", "sentence-transformers", "onnx", "onnxruntime")
SUPPORTED_MODULES = {
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
}


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "missing"


def check_exportable(model_path: Path) -> None:
    """Only BERT-style models with mean pooling export here: the graph re-implements the pooling."""
    modules = json.loads((model_path / "modules.json").read_text())
    kinds = {m["type"] for m in modules}
    pooling = [m for m in modules if m["type"].endswith(".Pooling")]
    config = json.loads((model_path / pooling[0]["path"] / "config.json").read_text()) if pooling else {}
    modes = {k for k, on in config.items() if k.startswith("pooling_mode") and on}
    if not kinds <= SUPPORTED_MODULES or modes != {"pooling_mode_mean_tokens"}:
        raise EmbeddingModelError(
            f"{model_path} cannot run on ONNX here: only Transformer + mean Pooling (+ Normalize) "
            f"models are supported (it has {sorted(kinds)}, pooling {sorted(modes)}); use the torch backend."
        )


def export_key(model_path: Path) -> str:
    """Changes with the model's files, the export settings and the versions of the libraries involved."""
    files = sorted(p for p in model_path.rglob("*") if p.is_file())
    parts = [EXPORT_VERSION, OPSET, *(_version(p) for p in LIBRARIES)]
    parts += [(str(p.relative_to(model_path)), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def _export(model_path: Path, out: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    class SentenceVector(torch.nn.Module):
        """BERT + mean pooling + L2 normalisation, as sentence-transformers computes them."""

        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            tokens = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(dim=1) / torch.clamp(mask.sum(dim=1), min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    bert = SentenceTransformer(str(model_path), device="cpu")[0].auto_model
    # A padded example, so the traced graph keeps the attention mask (an all-ones mask may be
    # optimised away by transformers and the graph would then ignore padding).
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])
    mask = (ids != 0).long()
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            SentenceVector(bert).eval(),
            (ids, mask, torch.zeros_like(ids)),
            str(out),
            input_names=list(INPUTS),
            output_names=["sentence_embedding"],
            dynamic_axes={**AXES, "sentence_embedding": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )


def _quantize(fp32: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Per-channel weight scales: cosine to torch >= 0.98 on the guide's chunks, against 0.89 per tensor.
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True)


def _build(path: Path, make) -> Path:
    """Write via a temporary name, so a killed export never leaves a half-written model behind."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
        try:
            make(tmp)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
    return path


def onnx_model_file(model_path: Path, models_dir: Path, quantized: bool) -> Path:
    """The cached export of `model_path` (fp32 or int8), made on first use."""
    check_exportable(model_path)
    slug = re.sub(r"[^\w.-]+", "-", model_path.name)
    folder = models_dir / f"{slug}-onnx-{export_key(model_path)}"
    fp32 = _build(folder / "model.onnx", lambda tmp: _export(model_path, tmp))
    return _build(folder / "model-int8.onnx", lambda tmp: _quantize(fp32, tmp)) if quantized else fp32


class OnnxEncoder:
    """Runs an exported model with onnxruntime; batches are sorted by length so little is padded."""

    def __init__(self, model_file: Path, tokenizer: Tokenizer, max_tokens: int, batch_size: int):
        self.model_file = model_file
        self.batch_size = batch_size
        self._tokenizer = tokenizer
        self._tokenizer.enable_truncation(max_tokens)  # the model's window, as sentence-transformers cuts
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._threads = 0
        self._session = None

    def set_threads(self, threads: int) -> None:
        """0 lets onnxruntime use every core (ingest); one short query is fastest on one."""
        if threads != self._threads:
            self._threads, self._session = threads, None

    def _open(self):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        return ort.InferenceSession(str(self.model_file), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str], dim: int, show_progress: bool = False) -> np.ndarray:
        self._session = self._session or self._open()
        out = np.zeros((len(texts), dim), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), self.batch_size):
            rows = order[start : start + self.batch_size]
            pieces = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([p.ids for p in pieces], dtype=np.int64)
            mask = np.array([p.attention_mask for p in pieces], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            out[rows] = self._session.run(None, feeds)[0]
        return out
