"""A test double of a Qdrant server: real HTTP on a loopback port, speaking the small part of
Qdrant's REST API that qdrant-client uses in this project, backed by qdrant-client's own in-memory
engine (`QdrantClient(":memory:")`).

No Qdrant server binary can be installed on the test machines, so server mode
(FIELDGUIDE_QDRANT_URL) is tested against this. It is not Qdrant: it serves one request at a time,
implements only the routes below, and exists so that the product's HTTP client meets real
connection failures. `stop()` closes the port (new connections are refused, as when a server dies)
and `start()` opens it again on the same port with the same data, since the in-memory engine
lives as long as this object.

    server = FakeQdrant().start()        # server.url -> http://127.0.0.1:PORT
    server.stop(); server.start()        # a restart: same port, same collections
    server.fail_with = 502               # every request fails with this status until reset to None
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from qdrant_client import QdrantClient, models


def _parse(model: Any, body: dict) -> Any:
    return TypeAdapter(model).validate_python(body)


def _dump(result: Any) -> Any:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, list):
        return [_dump(r) for r in result]
    return result


def _completed() -> models.UpdateResult:
    return models.UpdateResult(operation_id=0, status=models.UpdateStatus.COMPLETED)


class FakeQdrant:
    def __init__(self, port: int = 0):
        self.engine = QdrantClient(":memory:")
        self.port = port
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request served
        self.fail_with: int | None = None  # answer every request with this status (a failing proxy)
        self._lock = threading.Lock()  # the in-memory engine is not thread-safe
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> FakeQdrant:
        server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close the listening socket: from now on connections are refused."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def close(self) -> None:
        self.stop()
        self.engine.close()

    def __enter__(self) -> FakeQdrant:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the REST API --------------------------------------------------------------------------
    def handle(self, method: str, path: str, body: dict) -> Any:
        """The `result` of one request; raises KeyError (404) or ValueError (400)."""
        db = self.engine
        if (method, path) == ("GET", "/collections"):
            return db.get_collections()
        if (method, path) == ("GET", "/aliases"):
            return db.get_aliases()
        if (method, path) == ("POST", "/collections/aliases"):
            ops = _parse(models.ChangeAliasesOperation, body)
            return db.update_collection_aliases(change_aliases_operations=ops.actions)
        match = re.fullmatch(r"/collections/([^/]+)(/.*)?", path)
        if not match:
            raise KeyError(path)
        name, rest = match.group(1), match.group(2) or ""
        if (method, rest) == ("GET", "/exists"):
            return models.CollectionExistence(exists=db.collection_exists(name))
        if (method, rest) == ("PUT", ""):
            create = _parse(models.CreateCollection, body)
            return db.create_collection(
                name, vectors_config=create.vectors, sparse_vectors_config=create.sparse_vectors
            )
        if not db.collection_exists(name):
            raise KeyError(f"Collection `{name}` doesn't exist!")
        if (method, rest) == ("GET", ""):
            return db.get_collection(name)
        if (method, rest) == ("DELETE", ""):
            return db.delete_collection(name)
        if (method, rest) == ("PUT", "/index"):
            _parse(models.CreateFieldIndex, body)
            return _completed()  # payload indexes change nothing in the in-memory engine
        if (method, rest) == ("PUT", "/points"):
            ops = _parse(models.PointInsertOperations, body)
            points = ops.points if isinstance(ops, models.PointsList) else ops.batch
            return db.upsert(name, points=points)
        if (method, rest) == ("POST", "/points/delete"):
            return db.delete(name, points_selector=_parse(models.PointsSelector, body))
        if (method, rest) == ("POST", "/points/count"):
            count = _parse(models.CountRequest, body)
            return db.count(name, count_filter=count.filter, exact=bool(count.exact))
        if (method, rest) == ("POST", "/points/scroll"):
            scroll = _parse(models.ScrollRequest, body)
            points, offset = db.scroll(
                name,
                scroll_filter=scroll.filter,
                limit=scroll.limit or 10,
                offset=scroll.offset,
                with_payload=scroll.with_payload if scroll.with_payload is not None else True,
                with_vectors=scroll.with_vector or False,
            )
            return models.ScrollResult(points=points, next_page_offset=offset)
        if (method, rest) == ("POST", "/points/query"):
            query = _parse(models.QueryRequest, body)
            return db.query_points(
                name,
                query=query.query,
                query_filter=query.filter,
                limit=query.limit or 10,
                offset=query.offset,
                with_payload=query.with_payload or False,
                with_vectors=query.with_vector or False,
                score_threshold=query.score_threshold,
            )
        raise KeyError(f"{method} {path}")

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection: stop() leaves none open

            def log_message(self, *args) -> None:
                pass

            def _reply(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _serve(self) -> None:
                path = self.path.split("?", 1)[0]
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null") if length else None
                fake.requests.append((self.command, path))
                if fake.fail_with is not None:
                    return self._reply(fake.fail_with, {"status": {"error": "injected failure"}, "time": 0.0})
                if (self.command, path) == ("GET", "/"):
                    version_info = {"title": "fake qdrant", "version": version("qdrant-client")}
                    return self._reply(200, version_info)
                try:
                    with fake._lock:
                        result = fake.handle(self.command, path, body)
                except KeyError as exc:
                    return self._reply(404, {"status": {"error": f"Not found: {exc}"}, "time": 0.0})
                except (ValueError, ValidationError) as exc:
                    return self._reply(400, {"status": {"error": f"Bad request: {exc}"}, "time": 0.0})
                self._reply(200, {"result": _dump(result), "status": "ok", "time": 0.0})

            do_GET = do_PUT = do_POST = do_DELETE = _serve

        return Handler
