"""The `blanko` command: plans for planners, from bundled data or their own files.

One module per group of commands; each registers its commands on the shared Typer
`app` of `optimizer.cli.common` when imported. They are imported on first need
(`common.COMMANDS`): `blanko plan ...` loads the plan commands alone, `blanko --help`
and a Click runner every one.
"""

from __future__ import annotations

import gc
import importlib
from typing import TYPE_CHECKING, Any

# Importing Typer makes objects that live until the process ends: no cyclic collection
# while it loads; `app()` then freezes them (optimizer.cli.common.paused_gc).
_collecting = gc.isenabled()
gc.disable()
try:
    from optimizer.cli.common import MODULES, app, settle_gc
finally:
    if _collecting:
        settle_gc()
        gc.enable()

if TYPE_CHECKING:
    from optimizer.cli import evaluate, plan, serve, store, studies, sweep, template


def __getattr__(name: str) -> Any:
    if name not in MODULES:
        raise AttributeError(f"module 'optimizer.cli' has no attribute {name!r}")
    return importlib.import_module(f"optimizer.cli.{name}")


__all__ = ["app", "evaluate", "plan", "serve", "store", "studies", "sweep", "template"]
