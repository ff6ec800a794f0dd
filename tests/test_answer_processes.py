"""Answers' first CPU step in worker processes (ui/answer_processes.py): the same result as in the web
process, and the web process takes the step back whenever a worker cannot give it."""

import pickle
import tempfile

import pytest

from ingest.pipeline import Ingest
from rag.answer.async_answer import _plan
from rag.answer.pipeline import Answer, Answerer, Clock
from rag.deps import Deps
from rag.errors import LLMStalledError, UnknownValueError
from rag.market.desk import with_market
from tests.answer_helpers import DATA_ENGINEERING, service_answer
from tests.fakes import FakeEmbedder
from tests.live_server import fixture_settings
from ui.answer_processes import AnswerProcesses
from ui.service import ChatService

OFF_TOPIC = "How long should sourdough proof in a cold fridge?"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return fixture_settings(tmp_path_factory.mktemp("processes"))


@pytest.fixture(scope="module")
def answerer(built):
    deps = with_market(Deps.open(built, embedder=FakeEmbedder()))
    yield Answerer(deps, None)
    deps.close()


@pytest.fixture
def processes(built, tmp_path, monkeypatch):
    # A worker searches a private copy of the shard (this process holds it); one that is killed
    # leaves its copy behind: under tmp_path, not in the machine's temp folder.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    workers = AnswerProcesses(built, 1, FakeEmbedder)
    workers.start()
    assert workers.wait_ready(60) == 1
    yield workers
    workers.close()


def planned(events, generation, routed):
    """What a plan says, less what differs per run (answer ids, times)."""
    said = [(type(e).__name__, e.answer if isinstance(e, Answer) else e.text) for e in events]
    if generation is None:
        return said, None, routed
    hits = [(h.chunk.id, h.score) for h in generation.run.retrieved]
    return said, (generation.messages, hits, generation.run.verdict), routed


@pytest.mark.parametrize("with_llm", [True, False])
@pytest.mark.parametrize("question", [DATA_ENGINEERING, OFF_TOPIC])
def test_a_worker_plans_exactly_what_the_web_process_plans(processes, answerer, question, with_llm):
    version = answerer.deps.index.version
    args = (question, [], None, Clock(), None, with_llm)
    got = processes.plan(answerer, version, None, *args)
    assert processes.served == 1
    assert planned(*got) == planned(*_plan(answerer, *args))


def test_a_stale_version_or_a_dead_worker_leaves_the_step_to_the_web_process(processes, answerer):
    args = (DATA_ENGINEERING, [], None, Clock(), None, True)
    expected = planned(*_plan(answerer, *args))
    assert planned(*processes.plan(answerer, "20990101-000000", None, *args)) == expected
    assert processes.served == 0  # the worker has another version open: the step ran here
    processes._procs[0].kill()
    processes._procs[0].join(10)
    assert planned(*processes.plan(answerer, answerer.deps.index.version, None, *args)) == expected
    assert (processes.served, processes.serving) == (0, 0)


def test_the_service_answers_through_its_workers_and_stops_them_on_close(built):
    settings = built
    alone = ChatService(settings, embedder=FakeEmbedder(), llm=None)
    alone.start()
    assert alone.processes is None  # given its clients (fakes): no workers of its own
    workers = AnswerProcesses(settings, 1, FakeEmbedder)
    service = ChatService(settings, embedder=FakeEmbedder(), llm=None, processes=workers)
    service.start()
    try:
        answers = [service_answer(s, DATA_ENGINEERING, client="t", channel="api") for s in (alone, service)]
    finally:
        alone.close()
        service.close()
    assert answers[1].answer == answers[0].answer
    assert answers[1].citations == answers[0].citations
    assert workers.served == 1
    assert workers._procs == [] and workers.serving == 0


def test_typed_errors_cross_processes_as_they_are():
    for error in (UnknownValueError("company", "Acme", [("Acne", 3)], "at company"), LLMStalledError(30.0)):
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy), copy.args, vars(copy)) == (
            type(error),
            str(error),
            error.args,
            vars(error),
        )


def test_a_worker_follows_an_index_switch(settings, corpus, ingested, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    workers = AnswerProcesses(settings, 1, FakeEmbedder)
    workers.start()
    assert workers.wait_ready(60) == 1
    page = corpus / "portfolio" / "README.md"
    page.write_text(page.read_text() + "\n## Otters\n\nOtters hold hands while sleeping.\n")
    try:
        Ingest(settings, FakeEmbedder(), progress=False).run(corpus)
        deps = with_market(Deps.open(settings, embedder=FakeEmbedder()))
        try:
            assert deps.index.version != ingested.version
            answerer = Answerer(deps, None)
            args = ("Do otters hold hands while sleeping?", [], None, Clock(), None, True)
            got = workers.plan(answerer, deps.index.version, None, *args)
            assert workers.served == 1  # the worker opened the new version and answered from it
            assert planned(*got) == planned(*_plan(answerer, *args))
            assert got[1].run.retrieved[0].chunk.url.endswith("portfolio/README.md#otters")
        finally:
            deps.close()
    finally:
        workers.close()


def test_a_killed_workers_shard_copy_is_removed_when_the_web_process_finds_it_gone(
    answerer, built, tmp_path, monkeypatch
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the answerer holds the shard: workers copy it
    first = AnswerProcesses(built, 1, FakeEmbedder)
    first.start()
    assert first.wait_ready(60) == 1
    [copy] = tmp_path.glob("fieldguide-edge-*")
    first._procs[0].kill()  # SIGKILL: no `close`, so the worker cannot remove its copy
    first._procs[0].join(10)
    assert sorted(p.name for p in copy.iterdir()) == ["edge", "edge.lock"]
    second = AnswerProcesses(built, 1, FakeEmbedder)
    second.start()  # the next start removes it: its lock is held by no process
    try:
        assert second.wait_ready(60) == 1
        [new] = tmp_path.glob("fieldguide-edge-*")
        assert new != copy
        second._procs[0].kill()
        second._procs[0].join(10)
        args = (DATA_ENGINEERING, [], None, Clock(), None, True)
        second.plan(answerer, answerer.deps.index.version, None, *args)  # finds its worker gone
        assert (list(tmp_path.iterdir()), second.serving) == ([], 0)
    finally:
        first.close()
        second.close()
