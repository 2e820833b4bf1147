"""The planner's web page at `/` and offline /docs and /redoc (issue 15).

`install(app)` adds them to the service built by `api.main.create_app`: the page's
routes (api/web/pages.py), its static files (htmx, CSS, JS: /static/web), and the
Swagger UI / ReDoc pages with their assets served from the package (api/web/docs.py).
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from api.web import docs, pages


def install(app: FastAPI) -> None:
    app.mount("/static/web", StaticFiles(packages=[("api.web", "static")]), name="web-static")
    app.include_router(pages.public)
    app.include_router(pages.router)
    docs.install(app)


__all__ = ["install"]
