"""Answers' first CPU step in worker processes, beside the web process instead of on its GIL.

The web process runs the event loop (Gradio, HTTP, the LLM streams) and, in threads, each answer's
first CPU step (`async_answer._plan`: route, retrieve, relevance, context, answerability): all on
one GIL, so a burst of new chats queues for it. Here a CPU slot's thread hands that step to an idle
worker process and waits on its pipe without the GIL; the worker returns the step's result (a
refusal or the LLM's prompt with its sources, 1-30 KB pickled). Off by default
(FIELDGUIDE_ANSWER_PROCESSES=0): on a nearly idle 2-core machine two workers were slower
(docs/BENCHMARKS.md, round eight).

Workers are forked when the service starts, before it opens anything: a Qdrant Edge shard (and
its Rust threads) does not survive a fork, so each worker opens its own clients and index (the
Edge shard admits one process, so a worker searches a private copy: `EdgeVectors.open`). A worker
follows index switches (each request names the version) and is dropped if it dies; whenever no
worker can take a step, the caller runs it in its own thread, as without workers.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import pickle
import queue
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from rag.answer.async_answer import _plan
from rag.answer.pipeline import Answerer, Clock
from rag.config import Settings
from rag.deps import Deps
from rag.index.edge import remove_stale_copies
from rag.index.embedder import Embedder
from rag.index.store import IndexStore
from rag.market.desk import with_market
from rag.ops.warm import warm

log = logging.getLogger("fieldguide.processes")
READY_TIMEOUT_S = 300.0  # a worker opens its clients and index; the app waits this long for it


class _Planner:
    """A worker's own clients, index and answerers (one per prompt version), opened in the worker."""

    def __init__(self, settings: Settings, make_embedder: Callable[[], Embedder]):
        self.settings = settings
        self.embedder = make_embedder()
        self.embedder.limit_threads(settings.query_threads)
        self.embedder.load()
        self.store = IndexStore(settings)
        self.deps: Deps | None = None
        self.answerers: dict[int | None, Answerer] = {}

    def open(self, version: str | None) -> bool:
        """The active version opened (if it is not already); whether it is `version`."""
        if self.deps is not None and self.deps.index.version == version:
            return True
        deps = with_market(Deps.open(self.settings, embedder=self.embedder, store=self.store))
        if self.deps is not None:
            self.deps.close()
        self.deps, self.answerers = deps, {}
        warm(self.answerer(None))  # as the web process does: before the first question
        gc.freeze()  # the index stays: full collections need not walk it (see ChatService._refresh)
        return deps.index.version == version

    def answerer(self, prompt_version: int | None) -> Answerer:
        if prompt_version not in self.answerers:
            self.answerers[prompt_version] = Answerer(self.deps, None, prompt_version=prompt_version)
        return self.answerers[prompt_version]

    def plan(self, version, prompt_version, started, question, history, condensed, failure, with_llm):
        if not self.open(version):
            return "stale", None  # the active version moved on: the web process runs this one
        clock = Clock()
        clock.start = started  # perf_counter is the system's monotonic clock: one for all processes
        answerer = self.answerer(prompt_version)
        return "ok", _plan(answerer, question, history, condensed, clock, failure, with_llm)

    def close(self) -> None:
        if self.deps is not None:
            self.deps.close()  # removes the private copy of the shard


def _serve(conn: Connection, settings: Settings, make_embedder, inherited: list[Connection]) -> None:
    """A worker's life: open, say so, then run steps until the web process closes the pipe."""
    # What it inherited (the app's modules) stays for good. Frozen, its collections do not walk it,
    # which writes to every inherited page (copy-on-write: ~0.4 s of CPU and ~100 MB at start).
    gc.freeze()
    for other in inherited:  # the other workers' pipes: theirs must close when the web process goes
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the web process, which closes this
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the web server's handler it inherited
    signal.set_wakeup_fd(-1)  # the web process's event loop listens on the inherited one
    planner = None
    try:
        planner = _Planner(settings, make_embedder)
        try:
            planner.open(None)
        except Exception as exc:  # noqa: BLE001 - no index yet: opened with the first request
            log.info("answer worker: no index opened at start (%s)", exc)
        conn.send(("ready", None))
        while True:
            data = conn.recv_bytes()  # EOFError: the web process has gone
            try:
                request = pickle.loads(data)
                if request is None:
                    return
                reply = planner.plan(*request)
            except Exception as exc:  # noqa: BLE001 - the web process runs the step again and raises
                reply = "failed", f"{type(exc).__name__}: {exc}"
            try:
                conn.send(reply)
            except (pickle.PicklingError, TypeError, AttributeError) as exc:  # an unpicklable result
                conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    except (EOFError, BrokenPipeError):
        return
    finally:
        if planner is not None:
            planner.close()


class AnswerProcesses:
    """`count` forked workers that run `_plan`; a CPU slot's thread takes an idle one per step."""

    def __init__(self, settings: Settings, count: int, make_embedder: Callable[[], Embedder]):
        self.settings = settings
        self.count = count
        self.make_embedder = make_embedder
        self._conns: list[Connection] = []
        self._procs: list[multiprocessing.process.BaseProcess] = []
        self._idle: queue.SimpleQueue[Connection] = queue.SimpleQueue()
        self._counts = threading.Lock()
        self.serving = 0  # workers in the pool (a dead one is dropped)
        self.served = 0  # steps a worker gave

    def start(self) -> None:
        """Fork the workers (call before opening an index or starting native thread pools)."""
        ctx = multiprocessing.get_context("fork")
        for n in range(self.count):
            mine, theirs = ctx.Pipe()
            args = (theirs, self.settings, self.make_embedder, list(self._conns))
            proc = ctx.Process(target=_serve, args=args, name=f"fieldguide-answers-{n}", daemon=True)
            proc.start()
            theirs.close()
            self._conns.append(mine)
            self._procs.append(proc)

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> int:
        """Wait for each worker to open its index; those that fail are dropped. How many serve."""
        ready = 0
        for conn, proc in zip(self._conns, self._procs, strict=True):
            try:
                ok = conn.poll(timeout) and conn.recv() == ("ready", None)
            except (EOFError, OSError):
                ok = False
            if ok:
                self._idle.put(conn)
                ready += 1
            else:
                log.warning("answer worker %s did not start (exit code %s)", proc.name, proc.exitcode)
                conn.close()
        log.info("answer workers: %d of %d serving", ready, self.count)
        self.serving = ready
        return ready

    def plan(self, answerer: Answerer, version: str, prompt_version: int | None, *args) -> Any:
        """`_plan(answerer, question, history, condensed, clock, failure, with_llm)`, in an idle worker if
        there is one (the worker's own answerer for `version` and `prompt_version`), else here."""
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            return _plan(answerer, *args)
        question, history, condensed, clock, failure, with_llm = args
        request = (version, prompt_version, clock.start, question, history, condensed, failure, with_llm)
        try:
            data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - not picklable: this step runs here
            self._idle.put(conn)
            return _plan(answerer, *args)
        try:
            conn.send_bytes(data)
            reply = conn.recv_bytes()
        except (EOFError, OSError) as exc:
            with self._counts:
                self.serving -= 1
            log.warning("an answer worker went away (%s); %d left", exc, self.serving)
            conn.close()
            self._procs[self._conns.index(conn)].join(1)  # gone: its flock on its shard copy too
            remove_stale_copies()  # the copy a killed worker could not remove
            return _plan(answerer, *args)
        self._idle.put(conn)
        try:
            status, result = pickle.loads(reply)
        except Exception as exc:  # noqa: BLE001 - e.g. an exception object in the result without its args
            log.debug("an answer worker's result could not be read here (%r); running the step here", exc)
            return _plan(answerer, *args)
        if status != "ok":
            if status == "failed":
                log.warning("an answer worker failed a step (%s); running it here", result)
            return _plan(answerer, *args)
        with self._counts:
            self.served += 1
        return result

    def close(self, timeout: float = 10.0) -> None:
        """Ask every worker to stop (they close their indexes), then make sure they have."""
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.send(None)
            conn.close()
        for proc in self._procs:
            proc.join(timeout)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout)
        self._conns, self._procs, self.serving = [], [], 0
        remove_stale_copies()  # those of workers that had to be terminated


class ProcessSteps:
    """`Admission` as an answer's `Workers`, with the answer's first CPU step (`_plan`) handed to the
    worker processes; every other step (market queries, extractive answers) stays in the thread."""

    def __init__(self, admission, processes: AnswerProcesses, version: str, prompt_version: int | None):
        self.admission, self.processes = admission, processes
        self.version, self.prompt_version = version, prompt_version

    async def cpu(self, fn, *args):
        if fn is _plan:
            answerer, *rest = args
            step = (self.processes.plan, answerer, self.version, self.prompt_version, *rest)
            return await self.admission.cpu(*step)
        return await self.admission.cpu(fn, *args)

    def llm(self):
        return self.admission.llm()
