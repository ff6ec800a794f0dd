"""Failures of what the app depends on, over real loopback servers: a Qdrant server that is down,
goes away and comes back (tests/fake_qdrant.py), an LLM that stalls, rate-limits, fails or is not
there (evals/openai_stub.py), a second process opening the local index, and ingests killed with
SIGKILL at several points."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import gradio as gr
import httpx
import pytest
from qdrant_client import QdrantClient

from evals.openai_stub import error, stream
from evals.questions import Question
from evals.retrieval_eval import evaluate_retrieval
from ingest.pipeline import Ingest
from rag.deps import Deps
from rag.index.store import IndexStore
from tests.answer_helpers import DATA_ENGINEERING, FIXTURE_CORPUS, settings_for
from tests.fake_qdrant import FakeQdrant
from tests.fakes import FakeEmbedder
from tests.live_server import LiveServer, fixture_app, fixture_settings, free_port
from ui.app import create_app
from ui.chat import make_respond
from ui.service import RECHECK_S, RETIRE_AFTER_S, ChatService

ROOT = Path(__file__).resolve().parents[1]
UNAVAILABLE_S = 2.0  # an unusable index must be reported this fast


def unreachable(url: str) -> str:
    """The reason given while the Qdrant server at `url` refuses connections (the errno text varies)."""
    return rf"The Qdrant server at {re.escape(url)} is unreachable \(.*Connection refused\)\."


def post_ask(url: str, question: str = DATA_ENGINEERING, **body) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response = httpx.post(f"{url}/api/ask", json={"question": question, **body}, timeout=30)
    return response, time.monotonic() - start


def wait_for(predicate, within: float, step: float = 0.1) -> float:
    """Seconds until `predicate()` held; fails after `within` seconds."""
    start = time.monotonic()
    while not predicate():
        assert time.monotonic() - start < within, f"not within {within} s"
        time.sleep(step)
    return time.monotonic() - start


def ready(url: str) -> bool:
    return httpx.get(f"{url}/readyz").status_code == 200


def ingest_into_server(root: Path, url: str, **overrides):
    """Ingest (a copy of) the fixture corpus into the Qdrant server at `url`: the collections live
    there, the BM25 pickles and manifests in `root/data`. Returns the settings and the version."""
    corpus = root / "field-guide"
    if not corpus.exists():
        shutil.copytree(FIXTURE_CORPUS, corpus)
    settings = settings_for(root / "data", qdrant_url=url, rate_limit_per_minute=1000, **overrides)
    client = QdrantClient(url=url)
    try:
        store = IndexStore(settings, server_client=client)
        version = Ingest(settings, FakeEmbedder(), store=store, progress=False).run(corpus).version
    finally:
        client.close()
    return settings, version


# -- 1. the Qdrant server ---------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:Failed to obtain server version")  # qdrant-client's version check
def test_app_starts_with_qdrant_unreachable_and_says_why(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings = settings_for(tmp_path / "data", qdrant_url=url, rate_limit_per_minute=1000)
    application, _ = fixture_app(settings)
    with LiveServer(application) as server:
        assert httpx.get(f"{server.url}/healthz").json() == {"status": "ok"}
        readyz = httpx.get(f"{server.url}/readyz")
        asked, elapsed = post_ask(server.url)
    assert readyz.status_code == 503
    assert readyz.json()["ready"] is False
    assert re.fullmatch(unreachable(url), readyz.json()["reason"])
    assert asked.status_code == 503
    assert list(asked.json()) == ["error"]
    assert re.fullmatch(unreachable(url), asked.json()["error"])
    assert elapsed < UNAVAILABLE_S


def test_qdrant_going_away_and_coming_back_needs_no_restart(tmp_path):
    with FakeQdrant() as qdrant:
        settings, version = ingest_into_server(tmp_path, qdrant.url)
        application, _ = fixture_app(settings)
        with LiveServer(application) as server:
            assert httpx.get(f"{server.url}/readyz").json()["index"]["version"] == version
            served, _ = post_ask(server.url)
            assert (served.status_code, served.json()["mode"]) == (200, "extractive")

            # Killed mid-run: the next question says so, at once.
            qdrant.stop()
            asked, elapsed = post_ask(server.url)
            assert asked.status_code == 503
            assert re.fullmatch(unreachable(qdrant.url), asked.json()["error"])
            assert elapsed < UNAVAILABLE_S
            searched = httpx.get(f"{server.url}/api/search", params={"q": "Airflow"})
            assert searched.status_code == 503
            assert re.fullmatch(unreachable(qdrant.url), searched.json()["error"])
            readyz = httpx.get(f"{server.url}/readyz")
            assert (readyz.status_code, readyz.json()["ready"]) == (503, False)
            assert re.fullmatch(unreachable(qdrant.url), readyz.json()["reason"])

            # Back on the same port with the same data: the app picks it up by itself.
            qdrant.start()
            wait_for(lambda: ready(server.url), within=RECHECK_S + 3)
            again, _ = post_ask(server.url)
            assert (again.status_code, again.json()["mode"]) == (200, "extractive")
            assert again.json()["citations"] == served.json()["citations"]

            # Gone again while nobody asks: /readyz alone notices within one re-check.
            qdrant.stop()
            wait_for(lambda: not ready(server.url), within=RECHECK_S + 1.5)
            assert re.fullmatch(unreachable(qdrant.url), httpx.get(f"{server.url}/readyz").json()["reason"])
            qdrant.start()
            wait_for(lambda: ready(server.url), within=RECHECK_S + 3)
            assert post_ask(server.url)[0].status_code == 200


async def collect(events) -> list:
    return [event async for event in events]


def question_shown(question: str) -> list[dict]:
    return [{"role": "user", "content": [{"type": "text", "text": question}]}]


def chat_turn(respond, question: str) -> tuple[list, list[str]]:
    """One turn of the Gradio chat function: what it yielded, and the errors it showed, whether
    as a gr.Error or as a gr.Warning toast (which Gradio turns into a Python warning when the
    function runs outside a Gradio event, as here: the chat's API is private)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            outputs = asyncio.run(collect(respond(question_shown(question), {}, "conversation-1")))
        except gr.Error as exc:
            return [], [exc.message]
    return outputs, [str(w.message) for w in caught if "Qdrant" in str(w.message)]


def test_chat_ui_shows_why_when_qdrant_is_down(tmp_path):
    now = [1000.0]
    with FakeQdrant() as qdrant:
        settings, _ = ingest_into_server(tmp_path, qdrant.url)
        service = ChatService(settings, embedder=FakeEmbedder(), llm=None, clock=lambda: now[0])
        service.start()
        try:
            respond = make_respond(service)
            outputs, shown = chat_turn(respond, DATA_ENGINEERING)
            conversation, answers = outputs[-1]
            [message] = [part["text"] for part in conversation[-1]["content"]]
            assert conversation[-1]["role"] == "assistant"
            assert "learning-paths/from-data-engineer.md" in message
            assert (list(answers), shown) == (["1"], [])
            qdrant.stop()
            for attempt in range(2):  # mid-answer (the index is lost), then before it (not ready)
                start = time.monotonic()
                outputs, shown = chat_turn(respond, DATA_ENGINEERING)
                assert time.monotonic() - start < UNAVAILABLE_S, attempt
                # No answer: the conversation as the page shows it (the question), the answer ids unchanged.
                assert outputs == [(question_shown(DATA_ENGINEERING), gr.skip())], attempt
                assert len(shown) == 1, attempt
                assert re.fullmatch(unreachable(qdrant.url), shown[0]), attempt
            qdrant.start()
            now[0] += RECHECK_S  # the service looks at the server again
            outputs, shown = chat_turn(respond, DATA_ENGINEERING)
            assert (outputs[-1][0][-1]["content"][0]["text"], shown) == (message, [])
        finally:
            service.close()


def test_qdrant_answering_5xx_is_reported_on_one_line(tmp_path, caplog):
    """A proxy in front of Qdrant answering 502: unavailable, with one-line messages and logs."""
    with FakeQdrant() as qdrant:
        settings, _ = ingest_into_server(tmp_path, qdrant.url)
        application, _ = fixture_app(settings)
        with LiveServer(application) as server:
            assert post_ask(server.url)[0].status_code == 200
            qdrant.fail_with = 502
            asked, elapsed = post_ask(server.url)
            readyz = httpx.get(f"{server.url}/readyz").json()
    expected = (
        rf"The Qdrant server at {re.escape(qdrant.url)} is unreachable \(Unexpected Response: "
        r"502 \(Bad Gateway\) Raw response content: .*injected failure.*\)\."
    )
    assert asked.status_code == 503
    assert re.fullmatch(expected, asked.json()["error"])
    assert readyz["reason"] == asked.json()["error"]
    assert elapsed < UNAVAILABLE_S
    lost = [r.getMessage() for r in caplog.records if r.name == "fieldguide.service"]
    assert lost and all("\n" not in line for line in lost)


def test_server_mode_keeps_answering_after_a_replaced_version_is_closed(tmp_path):
    """A replaced index is closed RETIRE_AFTER_S after the swap; that must not close the Qdrant
    connection the newer versions use."""
    now = [1000.0]
    with FakeQdrant() as qdrant:
        settings, first = ingest_into_server(tmp_path, qdrant.url)
        service = ChatService(settings, embedder=FakeEmbedder(), llm=None, clock=lambda: now[0])
        with LiveServer(create_app(settings, service)) as server:

            def version() -> str:
                return httpx.get(f"{server.url}/readyz").json()["index"]["version"]

            assert version() == first
            _, second = ingest_into_server(tmp_path, qdrant.url)
            now[0] += RECHECK_S
            assert version() == second  # the first is retired, still open for answers in flight
            _, third = ingest_into_server(tmp_path, qdrant.url)
            now[0] += RETIRE_AFTER_S
            assert version() == third  # the first is closed now
            asked, _ = post_ask(server.url)
            assert (asked.status_code, asked.json()["mode"]) == (200, "extractive")
            assert httpx.get(f"{server.url}/api/search", params={"q": "Airflow"}).status_code == 200


# -- 2. the LLM ---------------------------------------------------------------------------------------
STALL_S, DEADLINE_S = 0.5, 3.0
LLM_SETTINGS = {
    "rate_limit_per_minute": 1000,
    "refusal_threshold": 0.0,
    "llm_stall_timeout_s": STALL_S,
    "llm_deadline_s": DEADLINE_S,
    "llm_connect_timeout_s": 1.0,
}


def notice(reason: str) -> str:
    return (
        f"*The language model could not answer ({reason}), so this answer is quoted from the guide instead.*"
    )


LLM_APP_SETTINGS = LLM_SETTINGS  # for conftest's llm_app


def assert_fell_back(
    response: httpx.Response, elapsed: float, reason: str, detail: str = "", deadline_s: float = DEADLINE_S
) -> None:
    """`detail` is a regular expression (connection errors word their errno differently per OS)."""
    body = response.json()
    assert response.status_code == 200
    assert (body["mode"], body["refused"], body["incomplete"]) == ("extractive", False, False)
    assert re.fullmatch(re.escape(reason) + (rf" \({detail}\)" if detail else ""), body["fallback_reason"])
    assert body["answer"].startswith(notice(reason) + "\n\n")
    assert body["citations"], "the quoted answer cites the guide"
    assert elapsed < deadline_s + 1.0


@pytest.mark.parametrize(
    ("replies", "reason", "detail", "requests"),
    [
        ([stream(["Never sent."], stall_after=0)], f"the LLM stopped sending for {STALL_S:g} s", "", 1),
        (
            [error(429, "Rate limit reached", {"Retry-After": "0"})] * 2,
            "the LLM provider is rate-limiting requests (HTTP 429; retry after 0 s)",
            "Rate limit reached",
            2,
        ),
        (
            [error(429, "Rate limit reached", {"Retry-After": "30"})],  # longer than it may wait
            "the LLM provider is rate-limiting requests (HTTP 429; retry after 30 s)",
            "Rate limit reached",
            1,
        ),
        ([error(500, "upstream crashed")] * 2, "the LLM server failed (HTTP 500)", "upstream crashed", 2),
    ],
    ids=["stalled-before-first-token", "429-twice", "429-retry-after-too-long", "500-twice"],
)
def test_llm_failure_falls_back_to_quotes_within_the_deadline(llm_app, replies, reason, detail, requests):
    before = len(llm_app.llm.requests)
    llm_app.llm.push(*replies)
    response, elapsed = post_ask(llm_app.url)
    assert_fell_back(response, elapsed, reason, detail)
    assert len(llm_app.llm.requests) - before == requests
    if "stopped sending" in reason:
        assert elapsed >= STALL_S


def test_llm_at_a_closed_port_falls_back(tmp_path):
    settings = fixture_settings(tmp_path, **LLM_SETTINGS)
    application, _ = fixture_app(settings, llm_base_url=f"http://127.0.0.1:{free_port()}/v1")
    with LiveServer(application) as server:
        response, elapsed = post_ask(server.url)
    assert_fell_back(response, elapsed, "could not reach the LLM server", r".*Connection refused")


@pytest.mark.parametrize(
    ("stall_s", "deadline_s", "at_least"),
    [(STALL_S, DEADLINE_S, 2 * STALL_S), (30.0, 1.5, 1.5)],  # tried twice; cut by the deadline
    ids=["stall-timeout-binds", "deadline-binds"],
)
def test_llm_that_accepts_but_never_answers_falls_back(tmp_path, stall_s, deadline_s, at_least):
    """The connection opens (the kernel accepts it) but no byte ever comes back."""
    overrides = {**LLM_SETTINGS, "llm_stall_timeout_s": stall_s, "llm_deadline_s": deadline_s}
    with socket.socket() as black_hole:
        black_hole.bind(("127.0.0.1", 0))
        black_hole.listen(16)
        port = black_hole.getsockname()[1]
        settings = fixture_settings(tmp_path, **overrides)
        application, _ = fixture_app(settings, llm_base_url=f"http://127.0.0.1:{port}/v1")
        with LiveServer(application) as server:
            response, elapsed = post_ask(server.url)
    assert_fell_back(response, elapsed, "the LLM server did not respond in time", deadline_s=deadline_s)
    assert elapsed >= at_least


# -- 3. a second process on the local index -----------------------------------------------------------
def test_a_second_process_searches_the_index_the_app_holds(tmp_path):
    settings = fixture_settings(tmp_path, rate_limit_per_minute=1000)
    application, _ = fixture_app(settings)
    with LiveServer(application) as server:
        assert ready(server.url)  # the app holds the active version's Qdrant folder
        scratch = tmp_path / "tmp"  # where the CLI's private copy of the shard goes
        scratch.mkdir()
        env = {**os.environ, "FIELDGUIDE_DATA_DIR": str(settings.data_dir), "TMPDIR": str(scratch)}
        # A second process (as `fieldguide search` would be), with the fixture's fake embedder.
        search = (
            "from rag.config import Settings; from rag.deps import Deps\n"
            "from tests.fakes import FakeEmbedder\n"
            "deps = Deps.open(Settings(), FakeEmbedder())\n"
            "print(deps.index.vectors.path.parent.parent == deps.index.dir, end=' ')\n"
            "print(*[h.chunk.source_paths[0] for h in deps.retriever.retrieve('Airflow pipelines', k=2)])\n"
            "deps.close()"
        )
        second = subprocess.run(
            [sys.executable, "-c", search], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert post_ask(server.url)[0].status_code == 200  # the app is unaffected
    # False: it searched its own copy, not the folder the app holds.
    expected = "False learning-paths/from-data-engineer.md learning-paths/from-data-engineer.md\n"
    assert (second.returncode, second.stdout) == (0, expected), second.stderr
    assert list(scratch.iterdir()) == []  # its private copy is gone


# -- 4. ingest killed with SIGKILL --------------------------------------------------------------------
EVAL_QUESTIONS = [
    Question("de", DATA_ENGINEERING, ("learning-paths/from-data-engineer.md",), "page"),
    Question("theory", "tokenization and attention", ("interview/questions/01-theory.md",), "page"),
    Question("hive", "beekeeper hive inspection", ("portfolio/README.md",), "page"),
    Question(
        "nordlicht",
        "Nordlicht interview process design memo",
        ("interview/data/job-descriptions/5290814.yaml",),
        "company",
    ),
    Question("skills", "Which skills are most requested?", ("role/02-skills.md",), "page"),
]

# Importing the ingest code takes ~10 s on a small machine, so one process imports it once and
# forks a fresh ingest process for each kill (the forking process holds no threads or files).
FORKER = """
import os, pathlib, sys, time, traceback
sys.path.insert(0, {root!r})
import ingest.pipeline
from ingest.pipeline import Ingest
from rag.config import Settings
from rag.index.edge import EdgeVectors
from rag.index.store import IndexStore
from tests.fakes import FakeEmbedder


def run_ingest(stage, data_dir, corpus, marker):
    ingest.pipeline.EMBED_BLOCK = 32  # four encode calls for the fixture corpus's 110 chunks

    def stall(*args, **kwargs):
        pathlib.Path(marker).write_text(stage)
        time.sleep(300)

    class SlowEmbedder(FakeEmbedder):
        blocks = 0

        def encode(self, texts, show_progress=False):
            if (stage, self.blocks) in (("early", 0), ("midway", 2)):
                stall()
            self.blocks += 1
            time.sleep(0.05)
            return super().encode(texts, show_progress)

    if stage == "index":
        upsert = EdgeVectors.upsert
        EdgeVectors.existing_hashes = lambda self: {{}}  # rewrite every point

        def half_then_stall(self, ids, vectors, payloads):
            half = len(ids) // 2
            upsert(self, ids[:half], vectors[:half], payloads[:half])
            self.flush()
            stall()

        EdgeVectors.upsert = half_then_stall
    elif stage == "late":
        IndexStore.activate = stall  # complete, manifest written, not switched to yet
    Ingest(Settings(data_dir=data_dir), SlowEmbedder(), progress=False).run(pathlib.Path(corpus))


print("ready", flush=True)
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            run_ingest(*line.rstrip("\\n").split("\\t"))
        except BaseException:
            traceback.print_exc()
            code = 3
        os._exit(code)
    print(pid, flush=True)
    print(os.waitpid(pid, 0)[1], flush=True)
"""


@pytest.fixture(scope="module")
def forker(tmp_path_factory):
    """`forker(stage, data_dir, corpus, marker)` starts an ingest in a new process; returns its pid
    and a function that waits for it to end and returns its wait status."""
    home = tmp_path_factory.mktemp("forker")
    script = home / "forker.py"
    script.write_text(FORKER.format(root=str(ROOT)))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIELDGUIDE_", "OPENAI_"))}
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=home,
        env=env,
    )
    assert proc.stdout.readline() == "ready\n"

    def start(*args: str):
        proc.stdin.write("\t".join(args) + "\n")
        proc.stdin.flush()
        pid = int(proc.stdout.readline())
        return pid, lambda: int(proc.stdout.readline())

    yield start
    proc.stdin.close()
    proc.wait(timeout=30)


def versions(settings) -> list[str]:
    return sorted(p.name for p in (settings.index_dir / "versions").iterdir())


def retrieval_eval(settings, embedder) -> dict:
    deps = Deps.open(settings, embedder)
    try:
        result = evaluate_retrieval(deps.retriever, EVAL_QUESTIONS)
        top = [h.chunk.id for q in EVAL_QUESTIONS for h in deps.retriever.retrieve(q.question, k=5)]
    finally:
        deps.close()
    del result["latency_ms"]
    return {**result, "top5": top}


@pytest.mark.parametrize("stage", ["early", "midway", "index", "late"])
def test_ingest_killed_leaves_the_previous_version_serving(
    tmp_path, forker, settings, embedder, corpus, stage
):
    first = Ingest(settings, embedder, progress=False).run(corpus).version
    baseline = retrieval_eval(settings, embedder)
    assert (baseline["n"], baseline["hit@5"]) == (5, 1.0)
    shutil.rmtree(settings.cache_dir)  # so the killed run has everything to embed again
    marker = tmp_path / "reached"
    pid, wait = forker(stage, str(settings.data_dir), str(corpus), str(marker))
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert time.monotonic() < deadline, "the ingest never got there"
            time.sleep(0.05)
    finally:
        os.kill(pid, signal.SIGKILL)
        status = wait()
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

    store = IndexStore(settings)
    assert store.active_version() == first
    left = [v for v in versions(settings) if v != first]
    if stage in ("early", "midway"):
        assert left == []  # killed before a version was started
    else:
        assert len(left) == 1
        manifest = store.manifest(left[0])
        assert (manifest or {}).get("complete") is (True if stage == "late" else None)
    assert retrieval_eval(settings, embedder) == baseline

    # The next ingest removes what the killed one left, completes, and serves the same results.
    embedder.encoded.clear()
    done = Ingest(settings, embedder, progress=False).run(corpus)
    assert versions(settings) == sorted([first, done.version])
    assert store.active_version() == done.version
    assert done.embedded == {"early": 110, "midway": 110 - 64, "index": 0, "late": 0}[stage]
    assert retrieval_eval(settings, embedder) == baseline


def test_keep_versions_keeps_that_many_even_when_fewer_exist(settings, embedder, corpus):
    keep4 = settings.model_copy(update={"keep_versions": 4})
    runs = [Ingest(keep4, embedder, progress=False).run(corpus).version for _ in range(3)]
    assert versions(settings) == sorted(runs)
