"""`blanko serve`: the HTTP service."""

from __future__ import annotations

from typing import Annotated

import typer

from optimizer.cli.common import app

# The defaults of the server-level settings; the app's own (api/settings.py) must agree,
# which tests/api/test_api.py checks. The library never imports the API: uvicorn imports
# the app and its protocol by name.
SHUTDOWN_GRACE_S = 10.0
KEEP_ALIVE_S = 5.0
MAX_HEADER_BYTES = 16_384
# uvicorn waits this long past the drain's grace for the last responses to go out.
_SLACK_S = 1.0


@app.command()
def serve(
    host: Annotated[str, typer.Option(envvar="BLANKO_HOST", help="Address to listen on.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="BLANKO_PORT", help="Port to listen on.",
                                      min=0, max=65535)] = 8000,
    workers: Annotated[int | None, typer.Option(
        envvar="BLANKO_WORKERS", min=1, help="Solver processes (default: the number of cores).")]
    = None,
    shutdown_grace: Annotated[float, typer.Option(
        envvar="BLANKO_SHUTDOWN_GRACE_S", min=0.0,
        help="On SIGTERM, seconds running jobs get to finish (queued ones get 503 at once).")]
    = SHUTDOWN_GRACE_S,
    max_connections: Annotated[int | None, typer.Option(
        envvar="BLANKO_MAX_CONNECTIONS", min=1,
        help="Connections plus requests in flight before uvicorn answers 503 itself.")] = None,
    keep_alive: Annotated[float, typer.Option(
        envvar="BLANKO_KEEP_ALIVE_S", min=0.001, help="Idle keep-alive timeout, seconds.")]
    = KEEP_ALIVE_S,
    max_header_bytes: Annotated[int, typer.Option(
        envvar="BLANKO_MAX_HEADER_BYTES", min=1024,
        help="Largest request line plus headers; more gets 400.")] = MAX_HEADER_BYTES,
) -> None:
    """Start the HTTP service (settings: BLANKO_* environment variables, see the README)."""
    import os

    import uvicorn

    # The app reads its settings from the environment.
    os.environ.update({"BLANKO_HOST": host, "BLANKO_PORT": str(port),
                       "BLANKO_SHUTDOWN_GRACE_S": str(shutdown_grace)})
    if workers is not None:
        os.environ["BLANKO_WORKERS"] = str(workers)
    uvicorn.run(
        "api.main:create_app", factory=True, host=host, port=port, access_log=False,
        # httptools, with the request line and headers still arriving bounded and the 400
        # for an unreadable request made a problem with an X-Request-ID (api/protocol.py;
        # it reads the bound from uvicorn's h11_max_incomplete_event_size setting).
        http="api.protocol:ProblemHttpToolsProtocol",
        h11_max_incomplete_event_size=max_header_bytes,
        # The app drains on SIGTERM (api.main): queued requests get 503 at once, running
        # ones get the grace; uvicorn must not cancel them before that.
        timeout_graceful_shutdown=int(shutdown_grace + _SLACK_S + 0.999),
        limit_concurrency=max_connections, timeout_keep_alive=int(keep_alive + 0.999))
