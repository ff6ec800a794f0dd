"""Helpers for the browser tests (tests/test_browser.py): Chromium through Playwright, the real app
on loopback over the (invented) fixture corpus, a second loopback origin that embeds the chat,
and the chat page's controls.

Screenshots for the docs come from those tests, over the fixture corpus only:

    FIELDGUIDE_SCREENSHOTS=1 .venv/bin/pytest -q tests/test_browser.py -p no:randomly
    .venv/bin/python -m tests.browser_helpers        # the same
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.answer_helpers import settings_for
from tests.live_server import LiveServer, fixture_app
from ui.service import ChatService

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("FIELDGUIDE_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium tries (and fails) to reach Google services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
SCREENSHOTS = ROOT / "docs" / "screenshots"
# Read at import: conftest.py removes every FIELDGUIDE_* variable while a test runs.
SCREENSHOTS_ON = os.environ.get("FIELDGUIDE_SCREENSHOTS", "") not in ("", "0")

QUESTION_BOX = "#fieldguide-question textarea"
CHATBOT = "#fieldguide-chatbot"
BOT = f"{CHATBOT} [data-testid='bot']"
USER = f"{CHATBOT} [data-testid='user']"
TOAST = "[data-testid='toast-body']"
TOAST_TEXT = "[data-testid='toast-text']"


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def screenshot(page, name: str) -> None:
    """Saves docs/screenshots/<name> when FIELDGUIDE_SCREENSHOTS=1."""
    if SCREENSHOTS_ON:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name))


# -- the app -------------------------------------------------------------------------------------


@dataclass
class RunningApp:
    url: str
    service: ChatService
    data_dir: Path

    @property
    def origin(self) -> str:
        return self.url

    def rows(self) -> list[dict]:
        """The answer log's rows, oldest first (read straight from its SQLite file)."""
        with sqlite3.connect(f"file:{self.data_dir / 'answers.sqlite3'}?mode=ro", uri=True) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute("SELECT * FROM answer_log ORDER BY rowid")]


@contextmanager
def running_app(
    index: Path, workdir: Path, llm_base_url: str | None = None, **overrides
) -> Iterator[RunningApp]:
    """The real app over a private copy of the fixture index `index` (a data dir), on loopback.

    Settings are built with no FIELDGUIDE_*/OPENAI_* variable of the shell and no .env (module
    fixtures run outside the per-test isolation of conftest.py)."""
    data = workdir / "data"
    shutil.copytree(index, data)
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith("FIELDGUIDE_") or name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
                mp.delenv(name)
        mp.chdir(workdir)
        settings = settings_for(data, **overrides)
    app, service = fixture_app(settings, llm_base_url)
    with LiveServer(app) as server:
        yield RunningApp(server.url, service, data)


# -- a second origin ------------------------------------------------------------------------------


@dataclass
class HostSite:
    """Another origin on loopback (its own port) serving host pages: `pages[path] = body html`."""

    pages: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                if self.path == "/favicon.ico":  # no 404 in the console
                    self.send_response(204)
                    self.end_headers()
                    return
                body = site.pages.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                html = (
                    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                    "<title>Another site</title>"
                    "<style>body { font: 16px/1.5 system-ui, sans-serif; margin: 1rem 2rem; }</style>"
                    f"</head><body><h1>Another site that embeds the chat</h1>{body}</body></html>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(html)))
                self.end_headers()
                self.wfile.write(html)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> HostSite:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


# -- the chat page ---------------------------------------------------------------------------------


def open_chat(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(QUESTION_BOX)


def ask(target, question: str) -> None:
    """Types `question` in the chat (a page or a frame) and sends it."""
    target.locator(QUESTION_BOX).fill(question)
    target.locator(QUESTION_BOX).press("Enter")


def message_text(locator) -> str:
    return locator.locator(".message-content").inner_text().strip()


def links(locator) -> list[tuple[str, str | None, str | None]]:
    """(text, href, target) of every link in a message."""
    script = "els => els.map(a => [a.innerText, a.getAttribute('href'), a.target])"
    return [tuple(link) for link in locator.locator("a").evaluate_all(script)]


RECORD_STREAM = """() => {
  window.__seen = [];
  const record = () => {
    const bots = document.querySelectorAll("#fieldguide-chatbot [data-testid='bot'] .message-content");
    const text = bots.length ? bots[bots.length - 1].innerText.trim() : "";
    if (text && window.__seen[window.__seen.length - 1] !== text) window.__seen.push(text);
  };
  new MutationObserver(record).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def main() -> int:
    """Regenerates docs/screenshots/*.png by running the browser tests with screenshots on."""
    env = {**os.environ, "FIELDGUIDE_SCREENSHOTS": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "tests/test_browser.py"]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
