"""What every `blanko` command shares: the Typer app, consoles, options, exit codes.

Start-up: `blanko --help` and each command import only what they use. Modules under
optimizer/cli import typer and the standard library at the top; the engine, the
readers, pydantic, pandas and rich load inside the command that needs them (the
consoles, optimizer.cli.base, create their rich Console on first use, and what rich
would write without any style, into a pipe or a file, they write without it:
optimizer.cli.plain). `blanko plan` of a bundled dataset imports no Typer at all
(optimizer.cli.launch). Measure with
`python -X importtime -c "from optimizer.cli import app"`. Run as the `blanko` process
(`app()`), the objects start-up makes are frozen out of the cyclic collector
(paused_gc), and pydantic's search for plugins is answered without importlib.metadata
when none is installed (_skip_pydantic_plugin_search).
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click import exceptions as click_errors
from typer._click import types as click_types
from typer._click.core import Context as ClickContext
from typer.core import TyperGroup
from typer.models import CommandInfo, TyperInfo

from optimizer.cli import base

# Re-exported: the commands and the tests import them here.
from optimizer.cli.base import _WIDTH as _WIDTH
from optimizer.cli.base import EXIT_INFEASIBLE as EXIT_INFEASIBLE
from optimizer.cli.base import EXIT_INVALID as EXIT_INVALID
from optimizer.cli.base import EXIT_OK as EXIT_OK
from optimizer.cli.base import Done as Done
from optimizer.cli.base import Lang as Lang
from optimizer.cli.base import _instance as _instance
from optimizer.cli.base import _language as _language
from optimizer.cli.base import _LazyConsole as _LazyConsole
from optimizer.cli.base import _pydantic_plugins_declared as _pydantic_plugins_declared
from optimizer.cli.base import _skip_pydantic_plugin_search as _skip_pydantic_plugin_search
from optimizer.cli.base import _travel_limit as _travel_limit
from optimizer.cli.base import console as console
from optimizer.cli.base import errors as errors
from optimizer.cli.base import fail_invalid as fail_invalid
from optimizer.cli.base import paused_gc as paused_gc
from optimizer.cli.base import settle_gc as settle_gc

if TYPE_CHECKING:
    from optimizer.schema import InvalidInput

# Each command (or group of commands) and the module under optimizer/cli that registers it,
# in the order `blanko --help` lists them (tests/test_cli.py checks the table).
COMMANDS = {"evaluate": "evaluate", "plan": "plan", "datasets": "plan", "serve": "serve",
            "compare": "studies", "replay": "studies", "sweep": "sweep",
            "template": "template", "plans": "store", "db": "store"}
MODULES = ("evaluate", "plan", "serve", "store", "studies", "sweep", "template")


class _Blanko(typer.Typer):
    """The `blanko` app, whose command modules are imported on first need.

    Run as a command (`app()`, `app(args)`), it imports only the module of the command
    named first when that module makes a group of two or more commands (`blanko plan`
    needs neither the plan store's nor the studies' commands, whose parameters Typer
    would otherwise turn into Click options at every start); anything else (help, an
    unknown name, a command alone in its module) and any other use of the commands (a
    Click runner, the help) imports them all, listed in `COMMANDS` order.
    """

    def __init__(self, **options: Any):
        self._narrow = False
        self._all = False
        super().__init__(**options)

    @property
    def registered_commands(self) -> list[CommandInfo]:
        self._load_all()
        return self._commands

    @registered_commands.setter
    def registered_commands(self, value: list[CommandInfo]) -> None:
        self._commands = value

    @property
    def registered_groups(self) -> list[TyperInfo]:
        self._load_all()
        return self._groups

    @registered_groups.setter
    def registered_groups(self, value: list[TyperInfo]) -> None:
        self._groups = value

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        given = args[0] if args else kwargs.get("args")
        words: Sequence[str] = sys.argv[1:] if given is None else given
        module = COMMANDS.get(words[0]) if words else None
        self._narrow = not self._all and module is not None
        base._own_process = True
        gc.freeze()  # what importing Typer made (optimizer/cli/__init__.py): see paused_gc
        _skip_pydantic_plugin_search()
        try:
            if module is not None and self._narrow:
                with paused_gc():
                    importlib.import_module(f"optimizer.cli.{module}")
                if len(self._commands) + len(self._groups) < 2:
                    self._narrow = False  # one command alone would be run without its name
            return super().__call__(*args, **kwargs)
        finally:
            self._narrow = False
            base._own_process = False

    def _load_all(self) -> None:
        if self._all or self._narrow or not hasattr(self, "_groups"):
            return
        self._all = True
        for module in MODULES:
            importlib.import_module(f"optimizer.cli.{module}")
        order = {name: i for i, name in enumerate(COMMANDS)}

        def rank(info: CommandInfo | TyperInfo) -> int:
            name = info.name
            if name is None and isinstance(info, CommandInfo) and info.callback is not None:
                name = typer.main.get_command_name(info.callback.__name__)
            return order.get(str(name), len(order))

        self._commands.sort(key=rank)
        self._groups.sort(key=rank)


class _WordedGroup(TyperGroup):
    """The `blanko` command group: its usage errors in the command line's language.

    `--lang` (else BLANKO_LANG or the locale) is read off the arguments before Typer
    parses them, so that an error in parsing them is written in it too
    (optimizer.i18n.usage): Typer's Click copy has English f-strings and no gettext. Every
    parameter's conversion is wrapped: a count typed with thousands separators
    (`--blanks 1.000`), or a decimal either locale reads (`--max-travel-km 1.000`: 1000
    or 1), is refused with what to type instead, in any language, and a
    value its type refuses is said in the language. English keeps Typer's own words.
    """

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        words = list(sys.argv[1:] if args is None else args)
        self._language = _early_language(words)
        _word_parameters(self, self._language)
        try:
            return super().main(args, prog_name, complete_var, standalone_mode,
                                windows_expand_args, **extra)
        finally:
            _restore_typer_words()

    def make_context(self, info_name: str | None, args: list[str],
                     parent: ClickContext | None = None, **extra: Any) -> ClickContext:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click_errors.ClickException as error:
            _word_error(error, getattr(self, "_language", "en"))
            raise

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except click_errors.ClickException as error:
            _word_error(error, getattr(self, "_language", "en"))
            raise


def _early_language(words: Sequence[str]) -> str:
    """--lang id|en among the arguments, else the environment's (the rule of
    optimizer.i18n.language_from_env, without importing the catalog)."""
    for i, word in enumerate(words):
        value = words[i + 1] if word == "--lang" and i + 1 < len(words) else (
            word.partition("=")[2] if word.startswith("--lang=") else None)
        if value in ("id", "en"):
            return value
    for name in ("BLANKO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:
            primary = value.split(":")[0].split("_")[0].split(".")[0].split("-")[0].lower()
            return "id" if primary in {"id", "in"} else "en"
    return "en"


def _word_parameters(command: Any, lang: str) -> None:
    """Wrap each parameter's conversion in the command tree (see _WordedGroup)."""
    for param in getattr(command, "params", ()):
        if not getattr(param, "_worded", False):
            param.type_cast_value = _worded_cast(param, param.type_cast_value, lang)
            param._worded = True
    for sub in getattr(command, "commands", {}).values():
        _word_parameters(sub, lang)


def _worded_cast(param: Any, cast: Any, lang: str) -> Any:
    def convert(ctx: ClickContext, value: Any) -> Any:
        counts = isinstance(param.type, click_types.IntParamType)
        decimal = isinstance(param.type, click_types.FloatParamType)
        if (counts or decimal) and isinstance(value, str):
            # The one rule for typed numbers, the page's form's too (read_option): what it
            # refuses for separators or NaN is said here; any other value it refuses is no
            # int or float to Typer either, which refuses it below (bad_value words it).
            from optimizer.io.separators import OptionRefused, read_option

            try:
                read_option(value, whole=counts)
            except OptionRefused as refused:
                from optimizer.i18n.usage import bad_value, said_separated

                if refused.separated is not None:
                    raise _worded(click_errors.BadParameter(
                        said_separated(refused.separated, lang), ctx=ctx,
                        param=param)) from None
                if refused.kind == "exponent":
                    # 1e1 km: refused as --blanks 5e4 is, one rule for every number.
                    from optimizer.i18n.usage import said_exponent

                    raise _worded(click_errors.BadParameter(
                        said_exponent(refused, lang), ctx=ctx, param=param)) from None
                if refused.kind == "nan":
                    # NaN passes every range (no comparison holds): refused here, named.
                    raise _worded(click_errors.BadParameter(
                        bad_value(param.type, value, lang) or value, ctx=ctx,
                        param=param)) from None
        try:
            return cast(ctx, value)
        except click_errors.BadParameter as error:
            if isinstance(value, tuple | list):
                raise
            from optimizer.i18n.usage import bad_value

            # In every language: what is wrong and what to type (English starts with
            # Typer's own sentence).
            said = bad_value(param.type, value, lang, error.message)
            if said is None:
                raise
            raise _worded(click_errors.BadParameter(said, ctx=ctx, param=param)) from error
    return convert


def _worded(error: click_errors.BadParameter) -> click_errors.BadParameter:
    error.worded = True  # type: ignore[attr-defined]  # its message is ours (usage_error)
    return error


_TYPER_WORDS: dict[str, str] = {}


def _word_error(error: click_errors.ClickException, lang: str) -> None:
    """Write `error` in `lang` where it will be shown (Typer's rich panel): its message,
    the usage line, the help hint and the panel's title."""
    if lang == "en" or getattr(error, "_in_language", False):
        return
    from typer import rich_utils

    from optimizer.i18n import usage

    error._in_language = True  # type: ignore[attr-defined]
    said = usage.usage_error(error, lang)
    if said is not None:
        error.format_message = lambda: said  # type: ignore[method-assign]
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        english = ctx.get_usage()
        error.ctx = _WordedContext(ctx, english.replace(  # type: ignore[attr-defined]
            "Usage: ", usage.say(lang, usage.USAGE), 1))
    for name, template in (("ERRORS_PANEL_TITLE", usage.ERROR), ("RICH_HELP", usage.HELP)):
        _TYPER_WORDS.setdefault(name, getattr(rich_utils, name))
        setattr(rich_utils, name, usage.say(lang, template))


def _restore_typer_words() -> None:
    if not _TYPER_WORDS:
        return
    from typer import rich_utils

    for name, english in _TYPER_WORDS.items():
        setattr(rich_utils, name, english)
    _TYPER_WORDS.clear()


class _WordedContext:
    """A Click context whose usage line is in the language (for Typer's error panel)."""

    def __init__(self, ctx: ClickContext, usage: str):
        self._ctx, self._usage = ctx, usage

    def get_usage(self) -> str:
        return self._usage

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ctx, name)


app = _Blanko(cls=_WordedGroup, add_completion=False, no_args_is_help=True,
              help="Blanko: split each shipment of e-KTP blanks across printing offices.")
# Options the commands share, declared once.
class _Described:
    """A range whose help reads `0<=x<=1,000,000,000,000` (Click writes the bounds
    ungrouped); refusals are written by optimizer.i18n.usage, in the language."""

    min: float | None
    max: float | None
    min_open: bool
    max_open: bool

    def _describe_range(self) -> str:
        def bound(value: float) -> str:
            return f"{int(value) if float(value).is_integer() else value:,}"

        low = "" if self.min is None else bound(self.min) + ("<" if self.min_open else "<=")
        high = "" if self.max is None else ("<" if self.max_open else "<=") + bound(self.max)
        return f"{low}x{high}"


class IntRange(_Described, click_types.IntRange):
    """click's IntRange, its help's bounds grouped."""


class FloatRange(_Described, click_types.FloatRange):
    """click's FloatRange, its help's bounds grouped."""


# Counts as the schema takes them (optimizer.schema.Count: 0..MAX_COUNT, 10^12): a value
# out of range is refused where it is typed, with the range written in the language and
# what to type (optimizer.i18n.usage).
COUNT_MAX = 10**12
BlanksOpt = Annotated[int, typer.Option("--blanks", help="Blanks in this shipment.",
                                        click_type=IntRange(0, COUNT_MAX))]
DatasetOpt = Annotated[str | None, typer.Option(
    "--dataset", help="A bundled dataset (see `blanko datasets`).")]
DataOpt = Annotated[Path | None, typer.Option(
    "--data", help="A folder of CSVs, an .xlsx or a .json.")]
MaxTravelOpt = Annotated[float | None, typer.Option(
    "--max-travel-km", click_type=FloatRange(0.0, 1000.0, min_open=True),
    help="Farthest a resident is sent outside their own district "
         "(default: the dataset's suggestion, else no limit).")]
LocaleOpt = Annotated[str | None, typer.Option(
    "--locale", help="How numbers in --data are written: id (1.234.567 and 3,5) or en "
                     "(1,234,567 and 3.5). Default: what the files show; an ambiguous "
                     "count is refused.")]
TiersOpt = Annotated[str | None, typer.Option(
    "--tiers", help="Demand tiers of --data, highest priority first, comma separated "
                    "(default: a tiers table, else first_time,replacement).")]
ReserveOpt = Annotated[int, typer.Option("--reserve", help="Blanks kept at the central office.",
                                         click_type=IntRange(0, COUNT_MAX))]
LotSizeOpt = Annotated[int, typer.Option("--lot-size", help="Ship in whole lots of this size.",
                                         click_type=IntRange(1, COUNT_MAX))]


# Seeds as numpy and the service take them (api.store_jobs: 0..2^31-1): a negative seed is
# refused where it is typed, not by numpy's SeedSequence deep in a replay (tester qa9).
SEED_MAX = 2**31 - 1
REPLICATIONS_MAX = 10_000

LangOpt = Annotated[Lang | None, typer.Option(
    "--lang", help="Language of messages and outputs: id (Bahasa Indonesia) or en "
                   "(default: BLANKO_LANG, else the locale, e.g. LANG=id_ID.UTF-8).")]


def _fail_invalid(error: InvalidInput, lang: str = "en") -> NoReturn:
    """Print every located problem and its fix (in `lang`, through the catalog) and exit 2."""
    try:
        fail_invalid(error, lang)
    except Done as done:
        raise typer.Exit(done.code) from None
