"""The API docs, /docs (Swagger UI) and /redoc, served with their scripts from the app itself.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, which an offline machine cannot reach.
The pinned fastapi-offline package ships the same bundles and a favicon; the app serves them
under /docs-assets, and each docs page's Content-Security-Policy allows exactly those files plus
the page's one inline start-up script (by its hash). (ReDoc's bundle also draws the Redocly logo
from its CDN; the CSP blocks that image, which then hides itself.)
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
ASSETS_PATH = "/docs-assets"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def docs_csp(base_csp: str, page: bytes) -> str:
    """`base_csp` plus: scripts from this origin and the page's own inline scripts, nothing else.

    ReDoc styles its elements inline and runs its search in a worker started from a blob: URL.
    """
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'"
        for s in _INLINE_SCRIPT.findall(page)
    )
    return (
        f"{base_csp}; default-src 'none'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
        "font-src 'self' data:; worker-src blob:"
    )


def add_docs(app: FastAPI, base_csp: str) -> None:
    """Serves /docs and /redoc (the app must be built with docs_url=None, redoc_url=None)."""
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIR), name="docs-assets")

    def with_csp(page: HTMLResponse) -> HTMLResponse:
        page.headers["content-security-policy"] = docs_csp(base_csp, page.body)
        return page

    def urls(request: Request) -> tuple[str, str]:
        root = request.scope.get("root_path", "").rstrip("/")
        return root + app.openapi_url, root + ASSETS_PATH

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        openapi_url, assets = urls(request)
        return with_csp(
            get_swagger_ui_html(
                openapi_url=openapi_url,
                title=f"{app.title} - Swagger UI",
                swagger_js_url=f"{assets}/swagger-ui-bundle.js",
                swagger_css_url=f"{assets}/swagger-ui.css",
                swagger_favicon_url=f"{assets}/favicon.png",
                oauth2_redirect_url=None,
                swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
            )
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        openapi_url, assets = urls(request)
        return with_csp(
            get_redoc_html(
                openapi_url=openapi_url,
                title=f"{app.title} - ReDoc",
                redoc_js_url=f"{assets}/redoc.standalone.js",
                redoc_favicon_url=f"{assets}/favicon.png",
                with_google_fonts=False,
            )
        )
