"""What the chat UI and the API share: the clients (embedder, index, LLM, answer log), built once
when the app starts, and the few things a request can do with them.

The index is opened lazily and re-opened when an ingest switches the active version, so the app
starts (and says why it is not ready) before the first ingest, and picks up new versions without
a restart.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import threading
import time
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

import anyio.to_thread

from rag.answer.async_answer import stream_answer
from rag.answer.async_llm import AsyncLLMClient
from rag.answer.llm import LLMClient
from rag.answer.pipeline import Answer, Answerer, TextDelta
from rag.config import Settings
from rag.deps import Deps, load_query_embedder
from rag.errors import FieldGuideError
from rag.index.embedder import Embedder
from rag.index.filters import Filters
from rag.index.server import is_unreachable
from rag.index.store import IndexStore
from rag.market.desk import tool_definition, with_market
from rag.ops.answer_log import AnswerLog, AnswerRecord
from rag.ops.rollout import check_rollout, prompt_version_for
from rag.ops.warm import warm
from rag.records import Hit
from ui.answer_processes import AnswerProcesses, ProcessSteps
from ui.errors import NotReadyError
from ui.limits import Admission, InputLimits, RateLimiter
from ui.prometheus import Metrics

log = logging.getLogger("fieldguide.service")
RECHECK_S = 2.0  # how often the active version (or a failed open) is looked at again
RETIRE_AFTER_S = 120.0  # an index replaced by a newer version is closed this long after the swap
PURGE_EVERY_S = 3600.0  # old answer-log rows are deleted at start-up and then hourly
_AUTO = object()


def index_summary(deps: Deps) -> dict[str, Any]:
    m = deps.index.manifest
    return {
        "version": deps.index.version,
        "documents": m.get("documents"),
        "chunks": m.get("chunks"),
        "model": m.get("model"),
        "corpus": m.get("corpus"),
        "problems": len(m.get("problems") or []),
    }


class ChatService:
    """What the chat UI and the API share: the clients, built once, and answering with logging."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        llm: LLMClient | None | object = _AUTO,
        store: IndexStore | None = None,
        answer_log: AnswerLog | None = None,
        metrics: Metrics | None = None,
        clock=time.monotonic,
        processes: AnswerProcesses | None | object = _AUTO,
    ):
        """Cheap: nothing is opened until `start()` (the app's lifespan). Tests pass fakes. `processes`:
        by default worker processes when the service builds its own clients (see answer_processes)."""
        self.settings = settings
        self.embedder = embedder
        self.llm = llm
        self.store = store
        self.answer_log = answer_log
        self.metrics = metrics or Metrics()
        self.clock = clock
        self.limits = InputLimits.from_settings(settings)
        self.rate_limiter = RateLimiter(settings.rate_limit_per_minute, clock=clock)
        self.admission = Admission(
            settings.cpu_slots,
            settings.llm_streams,
            settings.chat_queue_size,
            max_wait_s=settings.chat_max_wait_s,
        )
        self.async_llm: AsyncLLMClient | None = None
        self.processes = processes
        self._answerers: tuple[Deps | None, dict[int | None, Answerer]] = (None, {})
        self._deps: Deps | None = None
        self._retired: list[tuple[float, Deps]] = []
        self._reason: str | None = "starting"
        self._checked_at = float("-inf")
        self._purged_at = float("-inf")
        self._lock = threading.Lock()
        self.started = False

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        check_rollout(self.settings)
        if self.processes is _AUTO:
            own = self.settings.answer_processes and self.embedder is None and self.store is None
            own = own and "fork" in multiprocessing.get_all_start_methods()  # not on Windows
            count, settings = self.settings.answer_processes, self.settings
            self.processes = (
                AnswerProcesses(settings, count, lambda: load_query_embedder(settings)) if own else None
            )
        if self.processes is not None:
            self.processes.start()  # forked before anything is opened here (answer_processes says why)
        if self.embedder is None:
            self.embedder = load_query_embedder(self.settings)
            self.embedder.limit_threads(self.settings.query_threads)
            self.embedder.load()  # at start-up, not on the first question
        if self.llm is _AUTO:
            self.llm = LLMClient.from_settings(self.settings)
        if isinstance(self.llm, LLMClient):
            self.async_llm = AsyncLLMClient.like(self.llm)
            # The market tool's JSON schema is built once per process (pydantic, about 10 ms of CPU, more
            # on a busy machine): now, not on the event loop under the first market question's burst.
            tool_definition()
        if self.answer_log is None:
            self.answer_log = AnswerLog.from_settings(self.settings)
        self._purge()
        self.store = self.store or IndexStore(self.settings)
        self.started = True
        self._refresh(force=True)
        if self.processes is not None and not self.processes.wait_ready():
            self.processes = None  # none started: the CPU steps run in this process's threads

    async def aclose(self) -> None:
        """Closes the async LLM client (on the event loop), then everything else."""
        if self.async_llm is not None:
            await self.async_llm.close()
        await anyio.to_thread.run_sync(self.close)

    def close(self) -> None:
        gc.unfreeze()  # what was frozen may be collected again once it is garbage
        if isinstance(self.processes, AnswerProcesses):
            self.processes.close()
        with self._lock:
            for deps in [d for _, d in self._retired] + ([self._deps] if self._deps else []):
                deps.close()
            self._deps, self._retired = None, []
        if isinstance(self.llm, LLMClient):
            self.llm.close()
        if self.answer_log is not None:
            self.answer_log.close()

    # -- the index -----------------------------------------------------------------------------------
    def _refresh(self, force: bool = False) -> None:
        """Open the active index version if it is not open, or has changed; remember why not."""
        now = self.clock()
        if not force and now - self._checked_at < RECHECK_S:
            return
        with self._lock:
            self._checked_at = now
            try:
                active = self.store.active_version()
                if self._deps is not None and active == self._deps.index.version:
                    return
                deps = with_market(Deps.open(self.settings, embedder=self.embedder, store=self.store))
                # Before it is handed out: the answerer's vocabulary scans cost seconds on the full
                # guide, and its lazily built parts a first question's worth, which the first
                # questions would otherwise wait for (with the event loop behind them: rag/ops/warm.py).
                warm(self._answerer(deps, None))
            except FieldGuideError as exc:
                if self._deps is None:
                    self._reason = str(exc)
                return
            except Exception as exc:
                if not is_unreachable(exc):
                    raise
                self._retire(now)  # its searches go to the same server: not ready either
                self._reason = self._unreachable(exc)
                log.warning("index not opened: %s", self._reason)
                return
            if self._deps is not None:
                log.info("index switched from %s to %s", self._deps.index.version, deps.index.version)
            self._retire(now)
            self._deps, self._reason = deps, None
            # The index, the answerer's caches and the app stay for good: a full collection would
            # otherwise walk their ~300k objects (0.17-0.36 s of CPU with every thread stopped).
            gc.freeze()
            keep = []
            for at, old in self._retired:
                if now - at >= RETIRE_AFTER_S:
                    old.close()
                else:
                    keep.append((at, old))
            self._retired = keep

    def _retire(self, now: float) -> None:
        """Stop handing out the open index (closed later: requests may still be using it)."""
        if self._deps is not None:
            self._retired.append((now, self._deps))
            self._deps = None

    def deps(self) -> Deps:
        if not self.started:
            raise NotReadyError("The service is starting.")
        self._refresh()
        if self._deps is None:
            raise NotReadyError(self._reason or "The index is not loaded.")
        return self._deps

    @property
    def answers_with_llm(self) -> bool:
        return isinstance(self.llm, LLMClient)

    def readiness(self) -> dict[str, Any]:
        mode = "llm" if self.answers_with_llm else "extractive"
        body: dict[str, Any] = {
            "ready": False,
            "answer_mode": mode,
            "llm_model": self.settings.llm_model if mode == "llm" else None,
        }
        try:
            deps = self.deps()
        except NotReadyError as exc:
            return {**body, "reason": str(exc), "index": None}
        return {**body, "ready": True, "reason": None, "index": index_summary(deps)}

    # -- requests ----------------------------------------------------------------------------------
    def search(self, query: str, k: int, kind: str | None = None) -> list[Hit]:
        question, _ = self.limits.check(query)
        deps = self.deps()
        try:
            return deps.retriever.retrieve(question, k=k, filters=Filters(kind=kind))
        except Exception as exc:
            if not is_unreachable(exc):
                raise
            raise self._lost(deps, exc) from exc

    def ask(
        self,
        question: object,
        history: object = (),
        *,
        client: str,
        channel: str,
        conversation_id: str | None = None,
    ) -> AsyncIterator[TextDelta | Answer]:
        """Checks input and rate now (raising typed errors); readiness and admission (NotReadyError,
        OverloadedError) when the returned stream starts, before its first event."""
        question, history = self.limits.check(question, history)
        self.rate_limiter.check(client)
        return self._answer(question, history, channel, conversation_id)

    async def _answer(self, question, history, channel, conversation_id):
        deps = await self._ready_deps()
        with self.admission.answer():
            llm = self.async_llm if self.answers_with_llm else None
            prompt_version = prompt_version_for(self.settings, conversation_id)
            answerer = self._answerer(deps, prompt_version)
            # The chat page re-renders the whole conversation per piece: it gets fewer, larger ones.
            ms = self.settings.chat_stream_window_ms if channel == "ui" else self.settings.stream_window_ms
            window = ms / 1000
            workers = self.admission
            if isinstance(self.processes, AnswerProcesses):
                workers = ProcessSteps(self.admission, self.processes, deps.index.version, prompt_version)
            try:
                events = stream_answer(answerer, llm, question, history, workers, window)
                async with aclosing(events):
                    async for event in events:
                        if isinstance(event, Answer):
                            await anyio.to_thread.run_sync(
                                self._log, event, channel, conversation_id, llm is not None
                            )
                        yield event
            except Exception as exc:
                if not is_unreachable(exc):
                    raise
                raise self._lost(deps, exc) from exc

    def _answerer(self, deps: Deps, version: int | None) -> Answerer:
        """One Answerer per index and prompt version (it keeps no per-question state; building one
        scans the vocabulary, which the event loop should not do per question)."""
        cached_deps, answerers = self._answerers
        if cached_deps is not deps:
            answerers = {}
            self._answerers = (deps, answerers)
        if version not in answerers:
            answerers[version] = Answerer(
                deps, self.llm if self.answers_with_llm else None, prompt_version=version
            )
        return answerers[version]

    async def _ready_deps(self) -> Deps:
        """`deps()`, in a worker thread when it may have to open an index."""
        if self._deps is not None and self.clock() - self._checked_at < RECHECK_S:
            return self.deps()
        return await anyio.to_thread.run_sync(self.deps)

    def _lost(self, deps: Deps, exc: Exception) -> NotReadyError:
        """The Qdrant server went away mid-request: stop using this index until it answers again."""
        reason = self._unreachable(exc)
        with self._lock:
            if self._deps is deps:
                self._retire(self.clock())
                self._reason = reason
        log.warning("index lost: %s", reason)
        return NotReadyError(reason)

    def _unreachable(self, exc: Exception) -> str:
        detail = " ".join(str(exc).split())  # one line: qdrant-client's messages span several
        return f"The Qdrant server at {self.settings.qdrant_url} is unreachable ({detail})."

    def _log(self, answer: Answer, channel: str, conversation_id: str | None, used_llm: bool) -> None:
        try:
            record = AnswerRecord.from_answer(
                answer,
                channel=channel,
                conversation_id=conversation_id,
                model=self.settings.llm_model if used_llm else None,
            )
            self.answer_log.record(record)
            self.metrics.observe_answer(answer, channel)
            if self.clock() - self._purged_at >= PURGE_EVERY_S:
                self._purge()
        except Exception:  # the answer was given; losing its log row must not turn it into an error
            log.exception("could not log answer %s", answer.answer_id)

    def _purge(self) -> None:
        self._purged_at = self.clock()
        removed = self.answer_log.purge(self.settings.log_retention_days)
        if removed:
            days = self.settings.log_retention_days
            log.info("deleted %d answer-log rows older than %d days", removed, days)

    def feedback(self, answer_id: str, rating: str, comment: str | None = None):
        return self.answer_log.add_feedback(answer_id, rating, comment)
