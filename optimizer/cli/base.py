"""What the `blanko` commands share that needs no Typer: exit codes, the consoles, the
garbage collector's pauses, the language, the instance of --dataset or --data.

`blanko plan` with a bundled dataset runs without importing Typer (its import and the
making of its Click command are ~30 ms of a ~0.2 s process): optimizer.cli.launch reads
the few options it allows and calls optimizer.cli.planning, which imports from here.
optimizer.cli.common imports every name below for the other commands.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

if TYPE_CHECKING:
    from rich.console import Console

    from optimizer.io.numbers import Locale
    from optimizer.schema import Instance, InvalidInput

EXIT_OK, EXIT_INVALID, EXIT_INFEASIBLE = 0, 2, 3


class Done(Exception):
    """A command ends with this exit code (0 included). Under Typer, the command turns it
    into Typer's Exit (optimizer.cli.plan, optimizer.cli.common._fail_invalid); run
    without Typer, optimizer.cli.launch exits with it."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


# Set while `app()` runs a command as its own process (the `blanko` script): see paused_gc.
_own_process = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside (restored after, even on an error): around
    start-up's imports and reading the bundled data, whose objects live until the
    process ends. In the `blanko` process (`app()`) they are then frozen (gc.freeze):
    the collector never walks them again. Otherwise it would walk them at each full
    collection while the command runs (measured: `blanko plan --dataset palembang`,
    ~40 ms CPU of ~470 with the collector on throughout). Run in-process (a Click
    runner, a test), nothing is frozen: pausing alone changes no result."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _own_process:
            gc.freeze()
        if enabled:
            gc.enable()


def settle_gc() -> None:
    """Move every object the collector tracks into its oldest generation, unscanned: what
    an import made while the collector was off (paused_gc) and lives until the process
    ends. Left young, the first collection after `gc.enable()` would walk them all
    (importing Typer: ~2.5 ms CPU of `blanko plan`, ~6 ms under load); the oldest
    generation is walked only by a full collection, and `app()` freezes it (the `blanko`
    process). Nothing stays frozen (`gc.freeze()` then `gc.unfreeze()`: CPython moves the
    frozen objects back into the oldest generation); when something else froze objects
    before, nothing is done, so as not to unfreeze them."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


_PYDANTIC_LOADER = "pydantic.plugin._loader"


def _skip_pydantic_plugin_search() -> None:
    """When no installed distribution declares a pydantic plugin, tell pydantic so
    before it looks.

    pydantic builds its first validator through `pydantic.plugin._loader.get_plugins`,
    whose module imports importlib.metadata (email, zipfile, csv: ~15 ms CPU of
    `blanko plan`) to list the entry points of group `pydantic`. Their declarations
    are read here off the `entry_points.txt` of every *.dist-info and *.egg-info folder
    on sys.path (what importlib.metadata reads, ~1 ms); none found, that module is a
    stand-in whose get_plugins returns no plugin, as pydantic's would. Any declaration,
    or a sys.path entry that is not a folder (a zip), leaves pydantic's own loader.
    tests/test_startup.py holds the stand-in to pydantic's loader.
    """
    if _PYDANTIC_LOADER in sys.modules or _pydantic_plugins_declared():
        return
    import types

    loader = types.ModuleType(_PYDANTIC_LOADER, "No pydantic plugin is installed "
                                                "(optimizer.cli.common).")
    loader.PYDANTIC_ENTRY_POINT_GROUP = "pydantic"  # type: ignore[attr-defined]
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[_PYDANTIC_LOADER] = loader


def _pydantic_plugins_declared() -> bool:
    """Whether any distribution on sys.path may declare an entry point of group
    `pydantic` (a section `[pydantic]` in its entry_points.txt)."""
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return True  # a zip: let importlib.metadata read it
        except OSError:
            continue  # no such folder
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"),
                          encoding="utf-8", errors="replace") as file:
                    declared = file.read()
            except OSError:
                continue
            if any(line.strip() == "[pydantic]" for line in declared.splitlines()):
                return True
    return False


# Tables are wide; outside a terminal (a pipe, a log) do not fold them at 80 columns.
_WIDTH = shutil.get_terminal_size((160, 24)).columns


class _LazyConsole:
    """A rich Console made on first use (importing rich costs ~70 ms at start-up).

    Attributes and `with console:` go to the real Console; `real()` hands it over
    where a library checks its type.
    """

    def __init__(self, **options: Any):
        self._lazy_options = options
        self._lazy_console: Console | None = None

    def real(self) -> Console:
        if self._lazy_console is None:
            with paused_gc():
                from rich.console import Console

                self._lazy_console = Console(**self._lazy_options)
        return self._lazy_console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)

    def _stream(self) -> Any:
        """The file rich's Console would write to now (it follows sys.stdout)."""
        stream = sys.stderr if self._lazy_options.get("stderr") else sys.stdout
        return getattr(stream, "rich_proxied_file", stream)

    def print(self, *objects: Any, **options: Any) -> None:
        """Console.print; a line or a table that rich would write without any style (a
        pipe, a file) is written without importing rich (optimizer.cli.plain)."""
        from optimizer.cli import plain

        real = self._lazy_console
        if len(objects) == 1 and self._plain_options() and (
                real is None or not real._buffer_index) and plain.write(
                self._stream(), objects[0], self._lazy_options["width"], options):
            return
        self.real().print(*(o.rich() if isinstance(o, plain.Layout) else o
                            for o in objects), **options)

    def _plain_options(self) -> bool:
        """Whether this Console's options are those optimizer.cli.plain writes as: a
        width given, no other option than stderr and highlighting (styles alone)."""
        return set(self._lazy_options) <= {"highlight", "width", "stderr"} and isinstance(
            self._lazy_options.get("width"), int)

    @property
    def width(self) -> int:
        """The Console's width: the width it was made with, outside a terminal."""
        from optimizer.cli import plain

        if self._lazy_console is None and self._plain_options() and plain.plain_stream(
                self._stream()):
            return int(self._lazy_options["width"])
        return self.real().width

    def __enter__(self) -> Console:
        return self.real().__enter__()

    def __exit__(self, *exc: object) -> None:
        self.real().__exit__(*exc)


console = cast("Console", _LazyConsole(highlight=False, width=max(_WIDTH, 120)))
errors = cast("Console", _LazyConsole(stderr=True, highlight=False, width=max(_WIDTH, 120)))


class Lang(StrEnum):
    id = "id"
    en = "en"


def _language(given: Lang | None) -> str:
    """--lang, else BLANKO_LANG or the locale (optimizer.i18n.language_from_env)."""
    if given is not None:
        return given.value
    from optimizer.i18n import language_from_env

    return language_from_env()


def _instance(dataset: str | None, data: Path | None, locale: str | None = None,
              tiers: str | None = None, lang: str = "en",
              ) -> tuple[Instance, float | None, tuple[str, ...]]:
    """The instance of --dataset or --data; how --data was read is printed to stderr (in
    `lang`, through the catalog: optimizer.i18n.notes)."""
    with paused_gc():
        from optimizer.io import datasets
        from optimizer.schema import InvalidInput, Problem

    if (dataset is None) == (data is None):
        raise InvalidInput([Problem(location="--dataset/--data",
                                    message="give exactly one of them",
                                    fix="keep one of the two: a bundled dataset's name "
                                        "(blanko datasets lists them) or the path of your own "
                                        "files")])
    if dataset is not None:
        if locale is not None or tiers is not None:
            raise InvalidInput([Problem(location="--locale/--tiers",
                                        message="apply to --data only",
                                        fix="leave them out: a bundled dataset's numbers "
                                            "and tiers are its own")])
        with paused_gc():  # the bundled instance lives until the command ends
            ds = datasets.load(dataset)
        return ds.instance, ds.suggested_max_travel_km, ds.estimated_columns
    assert data is not None
    if not data.exists():
        raise InvalidInput([Problem(location=str(data), message="does not exist")])
    if locale is not None and locale not in ("id", "en"):
        raise InvalidInput([Problem(location="--locale", message=f"must be id or en, got "
                                    f"'{locale}'")])
    declared = [t.strip() for t in tiers.split(",") if t.strip()] if tiers else None
    stated: Locale | None = "id" if locale == "id" else "en" if locale == "en" else None
    from optimizer.io.files import read_instance  # the readers (pandas) only for --data

    loaded = read_instance(data, locale=stated, tiers=declared)
    if loaded.notes:
        from optimizer.i18n import translate
        from optimizer.i18n.notes import READ, notes_text

        read = translate(lang, "cli", READ)
        for note in notes_text(loaded.notes, lang):
            errors.print(read.replace("{note}", note), soft_wrap=True, markup=False)
    return loaded.instance, None, ()


def _travel_limit(given: float | None, suggested: float | None) -> float | None:
    """The limit the planner typed, else the dataset's suggestion."""
    return given if given is not None else suggested


def fail_invalid(error: InvalidInput, lang: str = "en") -> NoReturn:
    """Print every located problem and its fix (in `lang`, through the catalog) and stop
    with exit code 2 (Done; optimizer.cli.common._fail_invalid raises Typer's Exit)."""
    from optimizer.i18n import translate
    from optimizer.i18n.problems import localize_problems

    errors.print(f"[bold red]{translate(lang, 'cli', 'Invalid input')}[/]")
    fix = translate(lang, "cli", "fix: {fix}")
    for problem in localize_problems(error.problems, lang):
        errors.print(f"  {problem}", markup=False, soft_wrap=True)
        if problem.fix:
            errors.print("    " + fix.replace("{fix}", problem.fix), markup=False,
                         soft_wrap=True)
    raise Done(EXIT_INVALID)
