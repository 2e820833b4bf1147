"""The `blanko` command: plans for planners, from bundled data or their own files.

One module per group of commands; each registers its commands on the shared Typer
`app` of `optimizer.cli.common` when imported. They are imported on first need
(`common.COMMANDS`): `blanko plan ...` loads the plan commands alone, `blanko --help`
and a Click runner every one. `app` itself (Typer) is imported on first use of the
name: the `blanko` script (optimizer.cli.launch) runs a plan of a bundled dataset
without it.
"""

from __future__ import annotations

import gc
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from optimizer.cli import evaluate, plan, serve, store, studies, sweep, template
    from optimizer.cli.common import app

# optimizer.cli.common.MODULES (a test holds the two alike)
_MODULES = ("evaluate", "plan", "serve", "store", "studies", "sweep", "template")


def __getattr__(name: str) -> Any:
    if name == "app":
        return _typer_app()
    if name not in _MODULES:
        raise AttributeError(f"module 'optimizer.cli' has no attribute {name!r}")
    return importlib.import_module(f"optimizer.cli.{name}")


def _typer_app() -> Any:
    # Importing Typer makes objects that live until the process ends: no cyclic
    # collection while it loads; `app()` then freezes them
    # (optimizer.cli.base.paused_gc).
    collecting = gc.isenabled()
    gc.disable()
    try:
        from optimizer.cli.common import app, settle_gc
    finally:
        if collecting:
            settle_gc()
            gc.enable()
    globals()["app"] = app
    return app


__all__ = ["app", "evaluate", "plan", "serve", "store", "studies", "sweep", "template"]
