"""The real web app on a loopback port, for API, browser and load tests: uvicorn in a thread,
serving `create_app()` over the fixture corpus with the FakeEmbedder (and, when given, an LLM at
a scripted OpenAI-compatible server)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from rag.answer.llm import LLMClient
from rag.config import Settings
from tests.answer_helpers import build_fixture_index, settings_for
from tests.fakes import FakeEmbedder
from ui.app import create_app, server_options
from ui.service import ChatService


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`with LiveServer(app) as server:` serves `app` at `server.url` until the block ends."""

    def __init__(self, app, port: int | None = None, settings: Settings | None = None):
        """With `settings`, uvicorn is configured as `fieldguide serve` configures it (root path...)."""
        self.port = port or free_port()
        options = server_options(settings) if settings else {}
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on", **options
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


def fixture_settings(root: Path, **overrides) -> Settings:
    """Settings over a fixture index built under `root` (built once; reused if already there)."""
    data = root / "data"
    if not (data / "index" / "ACTIVE").exists():
        hostile = overrides.pop("hostile", False)
        build_fixture_index(root, hostile=hostile)
    overrides.pop("hostile", None)
    return settings_for(data, **overrides)


def fixture_app(settings: Settings, llm_base_url: str | None = None):
    """The app and its service, with the FakeEmbedder and (optionally) the scripted LLM."""
    llm = None
    if llm_base_url:
        llm = LLMClient.from_settings(
            settings.model_copy(update={"openai_base_url": llm_base_url, "llm_model": "scripted-model"})
        )
    service = ChatService(settings, embedder=FakeEmbedder(), llm=llm)
    return create_app(settings, service), service
