"""The `blanko` command: plans for planners, from bundled data or their own files.

One module per group of commands; each registers its commands on the shared Typer
`app` of `optimizer.cli.common` when imported here.
"""

from optimizer.cli import evaluate, plan, serve, store, studies, sweep, template
from optimizer.cli.common import app

__all__ = ["app", "evaluate", "plan", "serve", "store", "studies", "sweep", "template"]
