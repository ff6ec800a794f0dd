"""The web app: one FastAPI application with the Gradio chat at `/`, the JSON API under `/api`,
health at `/healthz` and `/readyz`, the embed page at `/embed`, the dashboard at `/dashboard/`
and OpenAPI docs at `/docs` and `/redoc` (served offline, see ui/docs.py).

Integrations: the Gradio API endpoint `/chat` (ui/chat.py), MCP tools at `/mcp` (ui/mcp_server.py)
and the OpenAI-compatible `/v1` (ui/openai_compat.py), described at `/integrations`.

`create_app()` builds it; `serve()` runs it with uvicorn. The clients (embedder, index, LLM,
answer log) are created once, in the lifespan.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from contextlib import AsyncExitStack, asynccontextmanager

import anyio.to_thread
import gradio as gr
import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.config import Settings
from ui.api import router
from ui.chat import THEME, create_chat
from ui.dashboard import create_dashboard
from ui.docs import add_docs
from ui.embed import GRADIO_JS, embed_page
from ui.integrations import integrations_page
from ui.market_api import market_router
from ui.mcp_server import create_mcp, mount_mcp
from ui.openai_compat import SDK_HEADERS, is_openai_path, openai_error
from ui.openai_compat import router as openai_router
from ui.prometheus import MetricsMiddleware
from ui.service import ChatService

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
# Gradio's queue keeps per-event analytics for its /monitoring page (off here) and, by default,
# rebuilds them with pandas over up to 10,000 records after every queued event it completes: about
# 20 ms of CPU per chat answer once an app has run a while. Recomputed never, one record kept.
GRADIO_ANALYTICS_ENV = {"GRADIO_ANALYTICS_CACHE_FREQUENCY": str(2**62), "GRADIO_ANALYTICS_MAX_EVENTS": "1"}
# Gradio polls each app's queue every 1 ms (4-5 % of a core with the app idle, and the GIL's every
# millisecond under load); an answer waits 2.5 ms on average at 5 ms, the dashboard can wait longer.
CHAT_QUEUE_POLL_S = 0.005
DASHBOARD_QUEUE_POLL_S = 0.05
# Gradio also wakes each queue every 10 ms to send `gr.Progress` updates, which no event here has
# (200 wake-ups a second with the dashboard, about 1 % of a core on the event loop): every 0.5 s.
PROGRESS_POLL_S = 0.5


def mark_missing(module: str) -> None:
    """Gradio tries `import matplotlib` twice for every event it runs (to switch the plotting backend
    around it); when it is not installed, each try searches the import path again (0.1-0.2 ms). A
    module known to be missing is recorded as such (None in sys.modules, the import system's own
    mark): later imports fail at once and `importlib.util.find_spec` still answers None."""
    if module not in sys.modules and importlib.util.find_spec(module) is None:
        sys.modules[module] = None


def local_clients_only(request: Request) -> str | None:
    """The dashboard without a password: only for a browser on this machine."""
    host = request.client.host if request.client else None
    return "local" if host in LOOPBACK else None


def content_security_policy(allowed_origins: list[str]) -> str:
    """Who may frame the chat, plus defence in depth: no foreign images, plugins or fetches."""
    ancestors = " ".join(["'self'", *allowed_origins])
    return (
        f"frame-ancestors {ancestors}; img-src 'self' data: blob:; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )


class SecurityHeaders:
    """Adds the CSP (unless the response brings its own) and a few standard headers to every response."""

    def __init__(self, app: ASGIApp, csp: str):
        self.app, self.csp = app, csp.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"content-security-policy" for name, _ in headers):
                    headers.append((b"content-security-policy", self.csp))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over `max_bytes` with a 413, whether or not Content-Length is sent."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        message = f"The request body is larger than the {self.max_bytes:,}-byte limit."
        openai = is_openai_path(scope)
        too_large = openai_error(message, 413) if openai else JSONResponse({"error": message}, 413)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            return await too_large(scope, receive, send)
        received, refused = 0, False

        async def counting_receive() -> Message:
            nonlocal received, refused
            msg = await receive()
            received += len(msg.get("body", b""))
            if received > self.max_bytes and not refused:
                refused = True
                await too_large(scope, receive, send)
                return {"type": "http.disconnect"}  # the app stops reading; its reply is dropped
            return msg

        async def guarded_send(msg: Message) -> None:
            if not refused:
                await send(msg)

        await self.app(scope, counting_receive, guarded_send)


def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """FastAPI's own errors (a body that is not UTF-8, an unknown route) in the API's error shape."""
    if is_openai_path(request.scope):
        return openai_error(str(exc.detail), exc.status_code, headers=exc.headers)
    return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)


def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors()
    )
    if is_openai_path(request.scope):
        return openai_error(f"Invalid request: {problems}", 400)  # OpenAI's status for a bad request
    return JSONResponse({"error": f"Invalid request: {problems}"}, status_code=422)


def redirect_bare_mount_paths(app: FastAPI) -> None:
    """`/dashboard` redirects to `/dashboard/` (under the root path), and so on for every sub-app
    mounted so far: a mount matches only the paths below it, and the chat at `/` would answer 404."""

    def redirect(request: Request) -> RedirectResponse:
        root, path = request.scope.get("root_path", ""), request.scope["path"]
        # The server may or may not have put the root path in front of the path (ASGI allows both).
        route = path[len(root) :] if root and path.startswith(root) else path
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"{root}{route}/{query}")

    for route in list(app.routes):
        if isinstance(route, Mount) and route.path:
            app.add_route(route.path, redirect, methods=["GET", "HEAD"], include_in_schema=False)


async def build_route_tables(app: FastAPI) -> None:
    """FastAPI builds an included router's table of routes on the first request that looks through
    it (about 80 ms of CPU for the app's and Gradio's routes, on the event loop), so the first
    chats after a start would wait for it. One request that no route serves, sent to the router
    (past the middleware, so no metrics), looks through every table before it is answered 404."""
    path = "/.well-known/fieldguide-route-tables"
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
        "app": app,
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def ignore(message: Message) -> None:
        pass

    await app.router(scope, receive, ignore)


def thread_budget(settings: Settings) -> int:
    return 2 * settings.cpu_slots + 32


def create_app(settings: Settings, deps: ChatService | None = None) -> FastAPI:
    """The whole app. `deps` (tests pass one with fakes) is started and closed by the lifespan."""
    service = deps or ChatService(settings)
    mcp = create_mcp(service) if settings.mcp else None
    for name, value in GRADIO_ANALYTICS_ENV.items():  # read when a Blocks' queue is made
        os.environ.setdefault(name, value)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Answers wait on the event loop; worker threads run their CPU steps (at most cpu_slots at
        # once), log writes and the sync endpoints, so a few more than the default 40 are plenty.
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(limiter.total_tokens, thread_budget(settings))
        await run_in_threadpool(service.start)  # loading the embedder takes a few seconds
        await build_route_tables(app)
        try:
            async with AsyncExitStack() as stack:
                if mcp is not None:
                    await stack.enter_async_context(mcp.session_manager.run())
                yield
        finally:
            await service.aclose()

    app = FastAPI(
        title="Field Guide Chat API",
        description="Cited answers and search over the AI Engineering Field Guide.",
        version="1",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.include_router(market_router)  # before the API's catch-all for unknown /api paths
    app.include_router(router)
    app.include_router(openai_router)
    if mcp is not None:
        mount_mcp(app, mcp)
    csp = content_security_policy(settings.allowed_origins)
    add_docs(app, csp)

    @app.get("/embed", response_class=HTMLResponse, include_in_schema=False)
    def embed(request: Request) -> str:
        chat_url = settings.public_url or str(request.base_url)
        return embed_page(chat_url.rstrip("/") + "/", settings.allowed_origins)

    @app.get("/integrations", response_class=HTMLResponse, include_in_schema=False)
    def integrations(request: Request) -> str:
        chat_url = settings.public_url or str(request.base_url)
        key_required = settings.openai_compat_key is not None
        return integrations_page(chat_url.rstrip("/") + "/", settings.mcp, key_required)

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics() -> Response:
        body, content_type = service.metrics.render()
        return Response(body, media_type=content_type)

    @app.get("/gradio.js", include_in_schema=False)
    def gradio_js() -> FileResponse:
        return FileResponse(GRADIO_JS, media_type="text/javascript")

    # Added before Gradio is mounted, so Gradio keeps this allowlist instead of adding its own.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST"],
        # Gradio's web component sends its own headers on a cross-origin embed.
        allow_headers=[
            "Content-Type",
            "Accept",
            "x-gradio-user",
            "x-gradio-history-bucket",
            "Authorization",  # the OpenAI-compatible endpoint's bearer key
            "Mcp-Protocol-Version",
            *SDK_HEADERS,
        ],
        max_age=600,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, csp=csp)
    app.add_middleware(MetricsMiddleware, metrics=service.metrics)

    gradio_options = {
        "allowed_paths": [],
        "enable_monitoring": False,
        "mcp_server": False,
        "ssr_mode": False,
        "max_file_size": 0,
        "theme": THEME,
        "pwa": False,
    }
    password = settings.dashboard_password
    # Mounted before the chat: the chat's mount at the root catches every path after it.
    dashboard = create_dashboard(lambda: service.answer_log)
    dashboard._queue.sleep_when_free = DASHBOARD_QUEUE_POLL_S  # no public setting for it
    dashboard._queue.progress_update_sleep_when_free = PROGRESS_POLL_S
    gr.mount_gradio_app(
        app,
        dashboard,
        path="/dashboard",
        root_path=f"{settings.root_path}/dashboard" if settings.root_path else None,
        auth=("admin", password) if password else None,
        auth_dependency=None if password else local_clients_only,
        **gradio_options,
    )

    redirect_bare_mount_paths(app)
    blocks = create_chat(service)
    blocks.queue(default_concurrency_limit=settings.llm_streams, max_size=settings.chat_queue_size)
    blocks._queue.sleep_when_free = CHAT_QUEUE_POLL_S
    blocks._queue.progress_update_sleep_when_free = PROGRESS_POLL_S
    mark_missing("matplotlib")
    return gr.mount_gradio_app(
        app,
        blocks,
        path="",
        root_path=settings.root_path or None,
        footer_links=["api"],
        **gradio_options,
    )


def server_options(settings: Settings) -> dict:
    """uvicorn's settings for the app. The root path behind a proxy is the server's (FastAPI's own
    `root_path` argument is deprecated): uvicorn puts it in every request's scope."""
    return {"root_path": settings.root_path, "proxy_headers": True, "timeout_graceful_shutdown": 10}


def serve(settings: Settings, host: str, port: int) -> None:
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", **server_options(settings))
