"""Embedding in worker processes (rag/index/embed_pool.py) with the fake embedder: results, failures."""

import os
import subprocess
import sys
import time

import numpy as np
import pytest

from rag.errors import EmbeddingWorkerError
from rag.index.embed_pool import encode_in_workers
from tests.fakes import FakeWorkerSpec, hashed_vectors

BLOCKS = [[f"text {i} of block {b}" for i in range(5)] for b in range(6)]
DIED = "a worker process died or could not start (its own error, if any, is printed above)"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_workers_give_every_block_the_vectors_encoded_in_this_process():
    got = dict(encode_in_workers(FakeWorkerSpec(), BLOCKS, workers=2))
    assert sorted(got) == list(range(6))
    for i, block in enumerate(BLOCKS):
        assert np.array_equal(got[i], hashed_vectors(block))


@pytest.mark.parametrize(
    ("how", "why"),
    [
        ("exit", DIED),
        ("start", DIED),
        ("raise", "a worker failed: ValueError: cannot embed 'text 0 of block 3'"),
    ],
)
def test_a_failing_worker_raises_the_typed_error_after_the_blocks_it_finished(how, why):
    done = []
    with pytest.raises(EmbeddingWorkerError) as failed:
        for i, _ in encode_in_workers(FakeWorkerSpec("text 0 of block 3", how), BLOCKS, workers=2):
            done.append(i)
    assert str(failed.value) == (
        f"Embedding in worker processes failed: {why}. The vectors embedded so far are cached, so running "
        "the ingest again continues from there; FIELDGUIDE_EMBED_WORKERS=1 embeds in the ingest process "
        "instead."
    )
    assert 3 not in done and (how == "start") == (done == [])


def test_workers_of_a_killed_ingest_exit(tmp_path):
    pid_file = tmp_path / "worker.pid"
    script = (
        "from rag.index.embed_pool import encode_in_workers\n"
        "from tests.fakes import FakeWorkerSpec\n"
        f"spec = FakeWorkerSpec('hang', 'hang', {str(pid_file)!r})\n"
        "list(encode_in_workers(spec, [['hang'], ['other']], workers=2))\n"
    )
    # stderr: the killed process's resource tracker reports the semaphores it cleans up
    ingest = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline and ingest.poll() is None, "the worker never started"
            time.sleep(0.05)
    finally:
        ingest.kill()
        ingest.wait()
    worker = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{worker}") and _state(worker) != "Z":
        assert time.monotonic() < deadline, "the worker outlived its ingest"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"
