"""The command line's usage errors in a language (`blanko ... --lang id`).

Typer (0.27) parses the command line with its own copy of Click (`typer._click`), whose
messages are English f-strings, not gettext: there is no "click" domain to translate.
So the CLI (optimizer.cli.common) writes each usage error itself, from what the error
IS, never from its English:

- the exception's class and attributes (a missing option and its name, an unknown
  option and the close matches, an option given without its value);
- a value its parameter type refuses: the type (whole number, number, choice, range,
  date) and the value typed, caught where the parameter converts it;
- a count typed with thousands separators (`--blanks 1.000`): refused in every
  language with what to type instead (optimizer.io.separators), never read as 1 or
  1000 silently.

English keeps Typer's own words, byte-identical, except for a refused value: every
language says what to type after it (`Type 8.5: ...`), and a range's bounds are grouped.
Strings are marked `N_(context, text)` for `pybabel extract -k N_:1c,2` (babel.cfg);
this module is imported only when a command line is refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from optimizer.i18n.messages import N_

CONTEXT = "cli.usage"
USAGE = N_("cli.usage", "Usage: ")
ERROR = N_("cli.usage", "Error")
HELP = N_("cli.usage", "Try [blue]'{command_path} {help_option}'[/] for help.")
MISSING_OPTION = N_("cli.usage", "Missing option {name}.")
MISSING_ARGUMENT = N_("cli.usage", "Missing argument {name}.")
NO_SUCH_OPTION = N_("cli.usage", "No such option: {name}")
POSSIBLE = N_("cli.usage", "(Possible options: {names})")
NEEDS_VALUE = N_("cli.usage", "Option {name} requires a value.")
TAKES_NO_VALUE = N_("cli.usage", "Option {name} does not take a value.")
EXTRA = N_("cli.usage", "Got unexpected extra argument(s) ({args})")
NO_SUCH_COMMAND = N_("cli.usage", "No such command '{name}'.")
MISSING_COMMAND = N_("cli.usage", "Missing command.")
DID_YOU_MEAN = N_("cli.usage", "Did you mean {names}?")
INVALID = N_("cli.usage", "Invalid value for {name}: {message}")
# What a parameter type says of a value it refuses.
NOT_WHOLE = N_("cli.usage", "'{value}' is not a whole number.")
NOT_NUMBER = N_("cli.usage", "'{value}' is not a number.")
NOT_CHOICE = N_("cli.usage", "'{value}' is not one of {choices}.")
NOT_IN_RANGE = N_("cli.usage", "{value} is not in the range {range}.")
NOT_DATE = N_("cli.usage", "'{value}' is not a date: write e.g. 2026-11-29 or "
                           "2026-11-29T08:00:00.")
SEPARATED = N_("cli.usage", "'{value}' {message}: {fix}")
# What to type instead, after the refusal (every language, English too).
FIX_WHOLE = N_("cli.usage", "Type a whole number in digits, without separators or units, "
                            "e.g. 40000.")
FIX_NUMBER = N_("cli.usage", "Type a number in digits with a dot before the decimals, "
                             "without separators or units, e.g. 8.5.")
FIX_COMMA = N_("cli.usage", "Type {number}: the command line writes decimals with a dot.")
# A whole number written as a decimal or with an exponent (3000.0, 3e3): what it means.
FIX_WRITE_WHOLE = N_("cli.usage", "Write {whole}: a whole number in digits, without a decimal "
                                  "point or exponent.")
OUT_OF_RANGE = N_("cli.usage", "{value} is out of range.")
FIX_RANGE = N_("cli.usage", "Type {kind} {range}.")
WHOLE = N_("cli.usage", "a whole number")
NUMBER = N_("cli.usage", "a number")
FROM_TO = N_("cli.usage", "from {low} to {high}")
ABOVE_AT_MOST = N_("cli.usage", "above {low} and at most {high}")
AT_LEAST = N_("cli.usage", "of {low} or more")
ABOVE = N_("cli.usage", "above {low}")
AT_MOST = N_("cli.usage", "of at most {high}")

# Typer's sentences raised as a plain UsageError (ctx.fail), by their fixed start.
_PLAIN = (("Got unexpected extra argument(s)", EXTRA), ("Missing command", MISSING_COMMAND))
_NO_SUCH_COMMAND = re.compile(r"^No such command '(?P<name>.*?)'\.(?: Did you mean "
                              r"(?P<matches>.*)\?)?$", re.S)


def say(lang: str, template: str, **fields: str) -> str:
    """`template` in `lang`, its fields filled."""
    from optimizer.i18n import _fill, translate

    return _fill(translate(lang, CONTEXT, template), fields)


def usage_error(error: Any, lang: str) -> str | None:
    """The message of a Click usage error (typer._click.exceptions) in `lang`, written
    from its class and attributes; None to keep Typer's own (English, or unknown)."""
    from typer._click import exceptions as click

    if lang == "en":
        return None
    ctx = getattr(error, "ctx", None)
    if isinstance(error, click.MissingParameter):
        param = error.param
        name = error.param_hint if isinstance(error.param_hint, str) else (
            param.get_error_hint(ctx) if param is not None and ctx is not None else "")
        template = MISSING_ARGUMENT if getattr(param, "param_type_name", "") == "argument" \
            else MISSING_OPTION
        return say(lang, template, name=name)
    if isinstance(error, click.NoSuchOption):
        text = say(lang, NO_SUCH_OPTION, name=error.option_name)
        if error.possibilities:
            text += " " + say(lang, POSSIBLE, names=", ".join(sorted(error.possibilities)))
        return text
    if isinstance(error, click.BadOptionUsage):
        flag = _is_flag(ctx, error.option_name)
        return say(lang, TAKES_NO_VALUE if flag else NEEDS_VALUE, name=repr(error.option_name))
    if isinstance(error, click.BadParameter):
        if not getattr(error, "worded", False):
            return None  # not raised by a worded parameter type: Typer's words
        hint = error.param_hint if isinstance(error.param_hint, str) else (
            error.param.get_error_hint(ctx) if error.param is not None and ctx is not None
            else "")
        return say(lang, INVALID, name=hint, message=error.message)
    if type(error) is click.UsageError:
        unknown = _NO_SUCH_COMMAND.match(error.message)
        if unknown:  # typer's own sentence, and the close matches it appends
            text = say(lang, NO_SUCH_COMMAND, name=unknown["name"])
            if unknown["matches"]:
                text += " " + say(lang, DID_YOU_MEAN, names=_or(lang, [
                    m.strip() for m in unknown["matches"].split(",")]))
            return text
        for start, template in _PLAIN:
            if error.message.startswith(start):
                rest = error.message[len(start):]
                return say(lang, template, args=_between(rest, "(", ")"),
                           name=_between(rest, "'", "'"))
    return None


def bad_value(param_type: Any, value: Any, lang: str, english: str = "") -> str | None:
    """What `param_type` (a typer._click type) says of a `value` it refused, in `lang`,
    and what to type instead; None for a type this table does not know (its own words
    are kept).

    English starts with Typer's own sentence (`english`, the refusal's message) for a
    value that is no number; a range is written with its bounds grouped in the
    language (`0 to 1,000,000,000,000`; `0 sampai 1.000.000.000.000`), never Click's
    `0<=x<=1000000000000`.
    """
    from typer._click import types
    from typer._types import TyperChoice

    typed = str(value)
    if isinstance(param_type, types.IntParamType) and _number(typed) and not _integer(typed):
        # 3000.0 or 3e3 for a count: not "out of range" but not written whole.
        amount = float(typed)
        fix = say(lang, FIX_WRITE_WHOLE, whole=str(int(amount))) \
            if math.isfinite(amount) and amount.is_integer() else say(lang, FIX_WHOLE)
        return say(lang, NOT_WHOLE, value=typed) + " " + fix
    if isinstance(param_type, types.FloatParamType) and _number(typed) \
            and math.isnan(float(typed)):
        return say(lang, NOT_NUMBER, value=typed) + " " + say(lang, FIX_NUMBER)
    if isinstance(param_type, types.IntRange | types.FloatRange) and _number(typed):
        whole = isinstance(param_type, types.IntRange)
        return say(lang, OUT_OF_RANGE, value=typed) + " " + say(
            lang, FIX_RANGE, kind=say(lang, WHOLE if whole else NUMBER),
            range=_span(param_type, lang))
    if isinstance(param_type, types.IntParamType):
        if isinstance(param_type, types.IntRange):
            english = f"{typed!r} is not a valid int."  # as Typer says it without a range
        head = english if lang == "en" and english else say(lang, NOT_WHOLE, value=typed)
        return head + " " + say(lang, FIX_WHOLE)
    if isinstance(param_type, types.FloatParamType):
        if isinstance(param_type, types.FloatRange):
            english = f"{typed!r} is not a valid float."  # as Typer says it without a range
        head = english if lang == "en" and english else say(lang, NOT_NUMBER, value=typed)
        meant = _decimal_comma(typed)
        return head + " " + (say(lang, FIX_COMMA, number=meant) if meant
                             else say(lang, FIX_NUMBER))
    if lang == "en":
        return None  # choices and dates: Typer's own words say what is accepted
    if isinstance(param_type, TyperChoice):
        choices = _or(lang, [repr(str(c)) for c in param_type.choices])
        return say(lang, NOT_CHOICE, value=typed, choices=choices)
    if isinstance(param_type, types.DateTime):
        return say(lang, NOT_DATE, value=typed)
    return None


def _span(param_type: Any, lang: str) -> str:
    """A range's bounds in words: 'from 0 to 1,000,000,000,000', 'above 0, at most 1,000',
    '1 or more' (grouped the language's way)."""
    from optimizer.i18n import number

    def shown(bound: float | None) -> str:
        if bound is None:
            return ""
        return number(int(bound) if float(bound).is_integer() else bound, lang)

    low, high = param_type.min, param_type.max
    if low is not None and high is not None:
        template = ABOVE_AT_MOST if param_type.min_open else FROM_TO
    elif low is not None:
        template = ABOVE if param_type.min_open else AT_LEAST
    else:
        template = AT_MOST
    return say(lang, template, low=shown(low), high=shown(high))


def _integer(typed: str) -> bool:
    try:
        int(typed)
    except ValueError:
        return False
    return True


def _number(typed: str) -> bool:
    """Whether `typed` is a number (the range, not the type, refused it)."""
    try:
        float(typed)
    except ValueError:
        return False
    return True


_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def _decimal_comma(typed: str) -> str:
    """'8,5' -> '8.5': a number written with a decimal comma, as the command line wants
    it (a dot); '' for anything else."""
    text = typed.strip()
    return text.replace(",", ".") if _DECIMAL_COMMA.match(text) else ""


def separated_count(typed: str, lang: str, decimal: bool = False) -> str | None:
    """A count typed with thousands separators ('1.000') refused with what to type
    instead, in `lang`; None when `typed` has no such separators.

    `decimal`: `typed` is for a decimal option (--max-travel-km): '1.000' or '1,500' (one
    mark, three digits behind it) is refused as two readings, 1000 or 1, 1500 or 1.5
    (optimizer.io.separators.separated_decimal); '8.5' and '0.500' are None.
    """
    from optimizer.io.separators import separated, separated_decimal

    found = separated_decimal(typed) if decimal else separated(typed)
    if found is None:
        return None
    return said_separated(found, lang)


def said_separated(found: Any, lang: str) -> str:
    """A value with thousands separators (optimizer.io.separators.Separated) refused in
    `lang`: "'1.000' could be read two ways (...): type 1000 (without separators) or 1"."""
    from optimizer.i18n.problems import fix_text, problem_text

    return say(lang, SEPARATED, value=found.typed, message=problem_text(found.message, lang),
               fix=fix_text(found.fix, lang))


def said_exponent(refused: Any, lang: str) -> str:
    """A decimal typed with an exponent (optimizer.io.separators.OptionRefused of kind
    'exponent') refused in `lang`: "'1e1' must be written without an exponent: write 10:
    a number in digits, without an exponent"."""
    from optimizer.i18n.problems import fix_text, problem_text

    return say(lang, SEPARATED, value=refused.typed,
               message=problem_text(refused.message, lang), fix=fix_text(refused.fix, lang))


def _or(lang: str, items: Sequence[str]) -> str:
    from optimizer.i18n import translate
    from optimizer.i18n.validation import OR

    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + translate(lang, "validation.or", OR) + items[-1]


def _is_flag(ctx: Any, option: str) -> bool:
    command = getattr(ctx, "command", None)
    for param in getattr(command, "params", ()):
        if option in getattr(param, "opts", ()) + tuple(getattr(param, "secondary_opts", ())):
            return bool(getattr(param, "is_flag", False))
    return False


def _between(text: str, left: str, right: str) -> str:
    start = text.find(left)
    end = text.rfind(right)
    return text[start + 1:end] if 0 <= start < end else text.strip()


__all__ = ["bad_value", "said_exponent", "said_separated", "separated_count", "usage_error"]
