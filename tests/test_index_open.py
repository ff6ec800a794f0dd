"""What opening an index costs the app's start: no qdrant-client import unless a server is used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest


def test_the_embedded_store_path_does_not_import_qdrant_client():
    code = (
        "import sys, rag.deps, rag.index.server, rag.index.store\n"
        "from rag.index.server import is_unreachable\n"
        "assert is_unreachable(ConnectionError()) and not is_unreachable(ValueError())\n"
        "print(sorted(m for m in sys.modules if m.startswith('qdrant_client')))\n"
    )
    root = Path(__file__).resolve().parent.parent  # this checkout's code, not the installed one
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout == "[]\n"


@pytest.mark.parametrize(
    ("status", "unreachable"), [(None, True), (503, True), (500, True), (404, False), (400, False)]
)
def test_qdrant_client_errors_are_still_told_apart(status, unreachable):
    from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

    from rag.index.server import is_unreachable

    error = UnexpectedResponse(status, "reason", b"", httpx.Headers())
    assert is_unreachable(error) is unreachable
    assert is_unreachable(ResponseHandlingException(OSError("refused")))
    assert is_unreachable(httpx.ConnectError("refused"))
    assert not is_unreachable(KeyError("x"))
