"""A scripted OpenAI-compatible server on loopback for tests (and for trying the CLI by hand).

It speaks POST /v1/chat/completions, streaming (SSE `data: {...}` events and `data: [DONE]`) and
not, and answers each request with the next reply of its script. Every request body is kept in
`requests` so tests can check what the product sent.

    python -m evals.openai_stub --port 8765 --text "Answer [1]."   # serve one reply forever
"""

from __future__ import annotations

import argparse
import contextlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Pause:
    """Inside a stream: stop sending for `seconds` (or until the server stops)."""

    seconds: float


@dataclass
class Reply:
    """One scripted HTTP reply: status, headers, and a body or streamed events."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""  # the whole body of a non-streaming reply
    events: list[str | Pause] | None = None  # SSE data payloads of a streaming reply


def _chunk(delta: dict, finish_reason: str | None = None, usage: dict | None = None) -> str:
    choices = [{"index": 0, "delta": delta, "finish_reason": finish_reason}] if delta is not None else []
    payload = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "scripted",
        "choices": choices,
    }
    if usage is not None:
        payload["usage"] = usage
    return json.dumps(payload)


def usage(prompt: int = 100, completion: int = 10) -> dict:
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def stream(
    tokens: list[str],
    finish_reason: str = "stop",
    stall_after: int | None = None,
    stall_s: float = 30.0,
    with_usage: dict | None = None,
) -> Reply:
    """A streamed completion of `tokens`; `stall_after` pauses after that many tokens, forever."""
    events: list[str | Pause] = [_chunk({"role": "assistant", "content": ""})]
    for i, token in enumerate(tokens):
        if stall_after is not None and i == stall_after:
            events.append(Pause(stall_s))
        events.append(_chunk({"content": token}))
    if stall_after is not None and stall_after >= len(tokens):
        events.append(Pause(stall_s))
    events.append(_chunk({}, finish_reason))
    events.append(_chunk(None, usage=with_usage or usage(completion=len(tokens))))
    events.append("[DONE]")
    return Reply(headers={"Content-Type": "text/event-stream"}, events=events)


def completion(text: str, finish_reason: str = "stop") -> Reply:
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "scripted",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish_reason}
        ],
        "usage": usage(completion=len(text.split())),
    }
    return Reply(headers={"Content-Type": "application/json"}, body=json.dumps(body).encode())


def tool_call(name: str, arguments: dict | str) -> Reply:
    """A non-streamed completion that calls the function `name` (arguments: an object or raw text)."""
    raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
    call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": raw}}
    message = {"role": "assistant", "content": None, "tool_calls": [call]}
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "scripted",
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
        "usage": usage(),
    }
    return Reply(headers={"Content-Type": "application/json"}, body=json.dumps(body).encode())


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    body = json.dumps({"error": {"message": message, "type": "server_error", "code": None}})
    return Reply(
        status=status, headers={"Content-Type": "application/json", **(headers or {})}, body=body.encode()
    )


def raw_stream(events: list[str | Pause]) -> Reply:
    """A stream of arbitrary SSE data payloads (e.g. malformed JSON)."""
    return Reply(headers={"Content-Type": "text/event-stream"}, events=list(events))


class ScriptedOpenAI:
    """Start with `with ScriptedOpenAI() as server:`; `server.base_url` goes to the client."""

    def __init__(
        self,
        replies: list[Reply] | None = None,
        repeat: Reply | None = None,
        port: int = 0,
        repeat_plain: Reply | None = None,
    ):
        self.script: deque[Reply] = deque(replies or [])
        self.repeat = repeat  # served when the script is empty
        self.repeat_plain = repeat_plain  # ... to a request without "stream": true, if given
        self.requests: list[dict] = []
        self.cut = threading.Event()  # set when a client closed a stream before its end
        self.cut_streams = 0
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def push(self, *replies: Reply) -> None:
        with self._lock:
            self.script.extend(replies)

    def __enter__(self) -> ScriptedOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.stop.set()  # releases paused streams
        self._server.shutdown()
        self._server.server_close()

    def _next(self, request: dict) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.script:
                return self.script.popleft()
        if self.repeat_plain is not None and not request.get("stream"):
            return self.repeat_plain
        return self.repeat or error(500, "script exhausted")

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            """The HTTP handler that answers each request with the next scripted reply."""

            # Keep-alive, as real servers: a stream is sent chunked, a body with its length.
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def handle(self) -> None:
                # A client may drop a kept-alive connection while it waits for the next request.
                with contextlib.suppress(ConnectionResetError, BrokenPipeError):
                    super().handle()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    request = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    request = {"_raw": raw.decode(errors="replace")}
                request["_path"] = self.path
                reply = server._next(request)
                if self.path.rstrip("/") != "/v1/chat/completions":
                    reply = error(404, f"no route {self.path}")
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.events is None:
                    self.send_header("Content-Length", str(len(reply.body)))
                else:
                    self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                if reply.events is None:
                    self.wfile.write(reply.body)
                    return
                for event in reply.events:
                    if isinstance(event, Pause):
                        if server.stop.wait(event.seconds):
                            self.close_connection = True
                            return
                        continue
                    if not self._send_chunk(f"data: {event}\n\n".encode()):
                        return
                self._send_chunk(b"")  # the last chunk: the body ends, the connection stays

            def _send_chunk(self, data: bytes) -> bool:
                try:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                    return True
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                    with server._lock:
                        server.cut_streams += 1
                    server.cut.set()
                    return False

        return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--text", default="The guide answers this [1].", help="Streamed answer text.")
    parser.add_argument("--delay", type=float, default=0.05, help="Seconds between streamed words.")
    args = parser.parse_args()
    words = [w + " " for w in args.text.split(" ")]
    words[-1] = words[-1].rstrip()
    reply = stream(words)
    if args.delay:  # pace the words so streaming is visible
        paced: list[str | Pause] = []
        for event in reply.events or []:
            paced += [event, Pause(args.delay)]
        reply.events = paced
    # Follow-ups are condensed by a non-streaming call first: answer it with a fixed query.
    plain = completion("What does the guide say about this?")
    server = ScriptedOpenAI(repeat=reply, port=args.port, repeat_plain=plain)
    with server:
        print(f"serving {server.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
