"""The `blanko` script: a plan of a bundled dataset without Typer, anything else through it.

`blanko plan --dataset palembang --blanks 50000 --json plan.json` spent ~30 ms of a
~0.25 s process importing Typer (its completion, subprocess and uuid modules, its copy
of Click) and making the Click command of two dozen options, none of which it uses.
`main` reads such a command line itself when every word in it is one of the few below,
written as Typer takes it without a question: the command `plan`, once each
`--dataset NAME`, `--blanks N` (digits, 0 to 10^12), `--json FILE`, `--lang id|en`,
`--quiet` and `--all`. It then calls the very body Typer's command calls
(optimizer.cli.planning.run_plan) with the same values, so the plan, its output and
its exit code are the same. Any other word, a value Typer could refuse or read
otherwise (a sign, a separator, `--opt=value`, an unreadable --json file, a word
given twice), help, a shell-completion request, or Windows (where Click expands
wildcards in the words): Typer runs the command, as before (`optimizer.cli.app`), and
says what it says.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# What the command line may hold for `main` to run the plan itself: option -> its
# run_plan parameter, for the options that take a value, and for the flags.
_VALUED = {"--dataset": "dataset", "--blanks": "blanks", "--json": "json_path",
           "--lang": "lang"}
_FLAGS = {"--quiet": "quiet", "--all": "all_districts"}
# A count as Typer's IntRange(0, 10^12) (optimizer.cli.common.BlanksOpt) takes it and
# the options' wording of numbers (optimizer.io.separators) lets it through.
_COUNT = re.compile(r"0|[1-9][0-9]{0,12}")
_COUNT_MAX = 10**12


def main() -> Any:
    """Run `blanko` with sys.argv (the console script's entry point)."""
    options = bundled_plan(sys.argv[1:])
    if options is None:
        from optimizer.cli import app

        return app()
    return _run_plan(options)


def bundled_plan(words: Sequence[str]) -> dict[str, Any] | None:
    """run_plan's keyword arguments for these words (after `blanko`), or None when Typer
    must read them (see the module's docstring)."""
    if not words or words[0] != "plan" or os.name == "nt" or _completion_asked():
        return None  # (on Windows, Click expands wildcards in the words first)
    options: dict[str, Any] = {}
    rest = list(words[1:])
    while rest:
        word = rest.pop(0)
        if word in _FLAGS:
            name = _FLAGS[word]
            if name in options:
                return None
            options[name] = True
            continue
        if word not in _VALUED or not rest:
            return None
        name, value = _VALUED[word], rest.pop(0)
        if name in options or not value or value.startswith("-"):
            return None
        if name == "blanks":
            if not _COUNT.fullmatch(value) or int(value) > _COUNT_MAX:
                return None
            options[name] = int(value)
        elif name == "lang":
            if value not in ("id", "en"):
                return None
            from optimizer.cli.base import Lang

            options[name] = Lang(value)
        elif name == "json_path":
            if not _path_taken(value):
                return None
            options[name] = Path(value)
        else:
            options[name] = value
    if "blanks" not in options or "dataset" not in options:
        return None
    # --db's environment variable, read as Click reads it (an empty value is none).
    options["db"] = os.environ.get("BLANKO_DATABASE_URL") or None
    return options


def _completion_asked() -> bool:
    """Whether a shell asks for completions (_BLANKO_COMPLETE, or any program name's):
    Typer answers those before it reads the command."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") and value
               for name, value in os.environ.items())


def _path_taken(value: str) -> bool:
    """Whether Typer's path type takes `value` as is (typer.models.TyperPath with its
    defaults): a path that does not exist, or one that exists and can be read."""
    try:
        os.stat(value)
    except OSError:
        return True
    return os.access(value, os.R_OK)


def _run_plan(options: dict[str, Any]) -> Any:
    """What Typer does around the command, for run_plan: the exit code of Done, 130 on
    an interrupt, 1 on a closed pipe; an unexpected error is raised for Typer's own
    exception hook to print."""
    from optimizer.cli import base

    # As optimizer.cli.common._Blanko.__call__ does for the `blanko` process.
    base._own_process = True
    gc.freeze()
    base._skip_pydantic_plugin_search()
    try:
        with base.paused_gc():
            from optimizer.cli.planning import run_plan

        run_plan(**options)
    except base.Done as done:
        sys.exit(done.code)
    except KeyboardInterrupt:
        sys.exit(130)
    except EOFError:
        from typer import rich_utils

        print(file=sys.stderr)
        rich_utils.rich_abort_error()
        sys.exit(1)
    except Exception as error:
        import errno

        if isinstance(error, OSError) and error.errno == errno.EPIPE:
            from typer._click.utils import PacifyFlushWrapper

            sys.stdout = PacifyFlushWrapper(sys.stdout)
            sys.stderr = PacifyFlushWrapper(sys.stderr)
            sys.exit(1)
        _as_typer_raises(error)
        raise
    finally:
        base._own_process = False
    return None


def _as_typer_raises(error: Exception) -> None:
    """Mark `error` as Typer's app marks what its command raises, and install Typer's
    exception hook, so that it is printed as under Typer (typer.main.Typer.__call__)."""
    import typer.main
    from typer.models import DeveloperExceptionConfig

    from optimizer.cli import app

    if sys.excepthook != typer.main.except_hook:
        sys.excepthook = typer.main.except_hook
    setattr(error, typer.main._typer_developer_exception_attr_name, DeveloperExceptionConfig(
        pretty_exceptions_enable=app.pretty_exceptions_enable,
        pretty_exceptions_show_locals=app.pretty_exceptions_show_locals,
        pretty_exceptions_short=app.pretty_exceptions_short))
