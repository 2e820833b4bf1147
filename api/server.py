"""Run the service under uvicorn with the server-level settings (`blanko serve`)."""

from __future__ import annotations

import uvicorn

from api.protocol import ProblemH11Protocol
from api.settings import Settings

# uvicorn waits this long past the drain's grace for the last responses to go out.
_SLACK_S = 1.0


def uvicorn_config(settings: Settings) -> uvicorn.Config:
    """The uvicorn configuration the settings imply (the app itself from the factory)."""
    return uvicorn.Config(
        "api.main:create_app", factory=True, host=settings.host, port=settings.port,
        access_log=False,
        # h11, not httptools: it bounds the request line and headers (max_header_bytes),
        # and its 400 for an unreadable request is made a problem (api.protocol).
        http=ProblemH11Protocol,
        # The app drains on SIGTERM (api.main): queued requests get 503 at once, running
        # ones get shutdown_grace_s; uvicorn must not cancel them before that.
        timeout_graceful_shutdown=int(settings.shutdown_grace_s + _SLACK_S + 0.999),
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=int(settings.keep_alive_s + 0.999),
        h11_max_incomplete_event_size=settings.max_header_bytes)


def run(settings: Settings | None = None) -> None:
    """Serve until SIGTERM or SIGINT; the process exits within shutdown_grace_s + 2 s."""
    uvicorn.Server(uvicorn_config(settings or Settings())).run()
