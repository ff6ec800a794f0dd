"""Ingest's embedding in worker processes: one single-threaded ONNX Runtime session per core.

On 2 cores two one-thread processes embed more chunks a second than one process on two intra-op
threads (docs/BENCHMARKS.md, "Embedding backends"). Workers are spawned (never forked, so no torch
or onnxruntime thread state is copied), open the model file the parent exported, get blocks of
texts and return vectors; the parent writes each block to the embedding cache as it arrives.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import wait as wait_for
from pathlib import Path

import numpy as np

from rag.errors import EmbeddingWorkerError


@dataclass(frozen=True)
class OnnxWorkerSpec:
    """What a worker needs to encode as the parent's embedder does: the exported model and tokenizer."""

    model_file: str
    tokenizer_json: str
    max_tokens: int
    batch_size: int
    dim: int

    def open(self) -> Callable[[list[str]], np.ndarray]:
        """An encode function on one thread (run in the worker)."""
        from tokenizers import Tokenizer

        from rag.index.onnx_model import OnnxEncoder

        tokenizer = Tokenizer.from_str(self.tokenizer_json)
        encoder = OnnxEncoder(Path(self.model_file), tokenizer, self.max_tokens, self.batch_size)
        encoder.set_threads(1)
        return lambda texts: encoder.encode(texts, self.dim)


_encode: Callable[[list[str]], np.ndarray] | None = None  # the worker's, set by _start_worker


def _exit_with_parent() -> None:
    """A worker whose ingest was killed exits too (it would otherwise wait on its queue forever)."""
    parent = multiprocessing.parent_process()
    if parent is not None:

        def watch() -> None:
            wait_for([parent.sentinel])
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()


def _start_worker(spec) -> None:
    global _encode
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the ingest, which stops its workers
    _exit_with_parent()
    _encode = spec.open()


def _encode_block(texts: list[str]) -> np.ndarray:
    assert _encode is not None
    return _encode(texts)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (a failed or abandoned ingest)."""
    processes = list((pool._processes or {}).values())  # no public way before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=10)
    pool.shutdown(wait=True)  # the pool's own thread notices the ended workers and closes its queues


def _failure(exc: BaseException) -> EmbeddingWorkerError:
    if isinstance(exc, BrokenProcessPool):
        why = "a worker process died or could not start (its own error, if any, is printed above)"
    else:
        why = f"a worker failed: {type(exc).__name__}: {exc}"
    return EmbeddingWorkerError(why)


def encode_in_workers(spec, blocks: list[list[str]], workers: int) -> Iterator[tuple[int, np.ndarray]]:
    """(block number, vectors) as each block finishes, in `workers` processes that `spec.open()`."""
    # Blocks are handed out in order, so the first (ingest's longest texts) start first. A worker that
    # fails or dies raises EmbeddingWorkerError; the blocks yielded before stay yielded.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(spec,))
    finished = False
    try:
        pending: dict[Future, int] = {pool.submit(_encode_block, b): i for i, b in enumerate(blocks)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=pending.__getitem__):
                index = pending.pop(future)
                try:
                    vectors = future.result()
                except Exception as exc:
                    raise _failure(exc) from exc
                yield index, vectors
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop(pool)
