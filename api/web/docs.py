"""/docs (Swagger UI) and /redoc served from files inside installed packages, no CDN.

FastAPI's own pages load Swagger UI, ReDoc, a favicon and Google Fonts from the
internet, so on an intranet without it they are blank. The same pages are built here
with the JavaScript and CSS the PyPI package `fastapi-offline` ships, mounted at
/static/docs; Swagger's online validator badge and ReDoc's web fonts are turned off,
and ReDoc's sidebar logo, which its script loads from Redocly's CDN, is pointed at the
local favicon (the one change made to the served script; tests/web checks that no
request leaves the server).
"""

from __future__ import annotations

import functools
from importlib import resources

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles

DOCS_STATIC = "/static/docs"
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"


@functools.cache
def redoc_script() -> bytes:
    """fastapi-offline's redoc.standalone.js with its one CDN image made local."""
    script = resources.files("fastapi_offline").joinpath("static/redoc.standalone.js")
    return script.read_bytes().replace(REDOC_LOGO, f"{DOCS_STATIC}/favicon.png".encode())


def install(app: FastAPI) -> None:
    """Mount the assets and add GET /docs and GET /redoc (the app is built with both off)."""

    @app.get(f"{DOCS_STATIC}/redoc.standalone.js", include_in_schema=False)
    async def redoc_js() -> Response:  # before the mount, so this route answers first
        return Response(redoc_script(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    app.mount(DOCS_STATIC, StaticFiles(packages=[("fastapi_offline", "static")]),
              name="docs-static")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    async def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url, title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_STATIC}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None})

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=openapi_url, title=f"{app.title} - ReDoc",
                              redoc_js_url=f"{DOCS_STATIC}/redoc.standalone.js",
                              redoc_favicon_url=f"{DOCS_STATIC}/favicon.png",
                              with_google_fonts=False)
