"""`blanko serve`: the HTTP service."""

from __future__ import annotations

from typing import Annotated

import typer

from optimizer.cli.common import app


@app.command()
def serve(
    host: Annotated[str, typer.Option(envvar="BLANKO_HOST", help="Address to listen on.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="BLANKO_PORT", help="Port to listen on.")] = 8000,
    workers: Annotated[int | None, typer.Option(
        envvar="BLANKO_WORKERS", min=1, help="Solver processes (default: the number of cores).")]
    = None,
) -> None:
    """Start the HTTP service (settings: BLANKO_* environment variables, see the README)."""
    import os

    # The app reads its settings from the environment; the library never imports the API
    # (this command is where the two meet, at run time only).
    os.environ.update({"BLANKO_HOST": host, "BLANKO_PORT": str(port)})
    if workers is not None:
        os.environ["BLANKO_WORKERS"] = str(workers)
    from api.server import run

    run()


