"""Counts typed with thousands separators (`1.000`, `10.000`, `1,000`, `1.000.000`): what a
planner meant is for them to say, never for the reader to guess.

A count typed on the command line or in a schedule has no locale of its own: `1.000` is
one thousand to an Indonesian planner and one to an English one. Such a count is
refused with what to type instead (docs/spreadsheets.md, "Numbers"). No heavy imports:
the CLI's parameter types use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Digits in groups of three behind one kind of mark: 1.000, 10,000, 1.000.000.
_GROUPED = re.compile(r"^(?P<sign>[+-]?)(?P<head>\d{1,3})(?P<groups>(?:(?P<mark>[.,])\d{3})+)$")


@dataclass(frozen=True)
class Separated:
    """A count written with thousands separators: `big`, the count they group; `small`,
    the whole number the text is as a decimal in the other locale (None when that is no
    whole number or there are two marks)."""

    typed: str
    big: str
    small: str | None

    @property
    def message(self) -> str:
        """What is wrong (a sentence of optimizer.i18n.problems' catalog)."""
        if self.small is None:
            return "is written with thousands separators"
        return two_readings(self.typed)

    @property
    def fix(self) -> str:
        """What to type instead (a sentence of optimizer.i18n.problems' catalog)."""
        if self.small is None:
            return f"type {self.big} (without separators)"
        return f"type {self.big} (without separators) or {self.small}"


# One group of three digits behind one mark: the text either locale reads (a cell's too).
_ONE_GROUP = re.compile(r"^(?P<sign>[+-]?)(?P<head>\d{1,3})(?P<mark>[.,])(?P<tail>\d{3})$")


# What to change for a cell either locale reads, its value as the example: on the command
# line (grouping.FIXES' generic sentence without one) and on the page's form.
LOCALE_FIX = ("state the locale: --locale id reads {typed} as {indonesian}, --locale en reads "
              "it as {english}; or type the number without separators")
PAGE_FIX = ("choose the number format of your files on the form: Indonesian reads {typed} as "
            "{indonesian}, English as {english}; or type the number without separators")
# The same for a count written with a comma and three digits (12,500): its Indonesian
# reading (12,5; or 12 of 12,000, which no count is written as) is refused, so the one
# thing to do is to say the file is English, or to type the digits.
COUNT_LOCALE_FIX = ("if the file writes numbers the English way, state --locale en: it reads "
                    "{typed} as {english} (read in Indonesian it is {indonesian}, and no count "
                    "is written so); or type {english} without separators")
COUNT_PAGE_FIX = ("if the file writes numbers the English way, choose 'English: 1,234,567 and "
                  "3.5' under 'How your files write numbers' on the form: it reads {typed} as "
                  "{english} (read in Indonesian it is {indonesian}, and no count is written "
                  "so); or type {english} without separators")
_COUNT_LOCALE_FIX = re.compile("^" + re.escape(COUNT_LOCALE_FIX)
                               .replace(r"\{typed\}", "(?P<typed>.+?)", 1)
                               .replace(r"\{typed\}", "(?P=typed)")
                               .replace(r"\{english\}", "(?P<english>.+?)", 1)
                               .replace(r"\{english\}", "(?P=english)")
                               .replace(r"\{indonesian\}", "(?P<indonesian>.+?)") + "$")
_LOCALE_FIX = re.compile("^" + re.escape(LOCALE_FIX).replace(r"\{typed\}", "(?P<typed>.+?)")
                         .replace(r"\{indonesian\}", "(?P<indonesian>.+?)")
                         .replace(r"\{english\}", "(?P<english>.+?)") + "$")


def readings(text: str) -> tuple[str, str, str] | None:
    """(typed, Indonesian reading, English reading) of a value either locale reads, each
    reading written its own locale's way: '1.500' -> ('1.500', '1500', '1.5'); '10,500'
    -> ('10,500', '10,5', '10500'); None for text of another shape."""
    typed = text.strip()
    match = _ONE_GROUP.match(typed)
    if match is None:
        return None
    sign = "-" if match["sign"] == "-" else ""
    big = sign + str(int(match["head"] + match["tail"]))
    decimals = match["tail"].rstrip("0")
    head = sign + str(int(match["head"]))
    if match["mark"] == ".":  # a thousands dot in Indonesian, a decimal point in English
        return typed, big, head + ("." + decimals if decimals else "")
    return typed, head + ("," + decimals if decimals else ""), big


def locale_fix(text: str, count: bool = False) -> str:
    """LOCALE_FIX with `text`'s readings ('' for text of another shape); for a `count`
    written with a comma (12,500), COUNT_LOCALE_FIX: only the English reading is a count."""
    found = readings(text)
    if found is None:
        return ""
    typed, indonesian, english = found
    template = COUNT_LOCALE_FIX if count and "," in typed else LOCALE_FIX
    return template.format(typed=typed, indonesian=indonesian, english=english)


def page_fix(fix: str) -> str | None:
    """A LOCALE_FIX as the page's form says it (PAGE_FIX); None for any other fix."""
    match = _COUNT_LOCALE_FIX.match(fix)
    if match is not None:
        return COUNT_PAGE_FIX.format(**match.groupdict())
    match = _LOCALE_FIX.match(fix)
    return None if match is None else PAGE_FIX.format(**match.groupdict())


def two_readings(text: str) -> str:
    """What is wrong with a value either locale reads, with that value as the example:
    '1.000' -> 'could be read two ways (1.000 is 1000 in Indonesian, 1 in English)';
    '10,500' -> '... (10,500 is 10,5 in Indonesian, 10500 in English)'. Each reading is
    written the way its own locale writes it; text of another shape gets the sentence
    without an example ('could be read two ways')."""
    found = readings(text)
    if found is None:
        return "could be read two ways"
    typed, indonesian, english = found
    return f"could be read two ways ({typed} is {indonesian} in Indonesian, {english} in English)"

def separated(text: str) -> Separated | None:
    """'1.000' -> Separated('1.000', '1000', '1'); '1.500' -> ('1500', None: 1.5 is no
    count); '1.000.000' -> ('1000000', None); '1000', '1,5', 'abc' -> None."""
    typed = text.strip()
    match = _GROUPED.match(typed)
    if match is None:
        return None
    mark = match["mark"]
    groups = match["groups"]
    sign = "-" if match["sign"] == "-" else ""
    big = sign + match["head"] + groups.replace(mark, "")
    small = None
    if groups.count(mark) == 1 and groups[1:] == "000":
        small = sign + match["head"]  # 1.000 as a decimal is 1 (a whole number)
    return Separated(typed, str(int(big)), small if small is None else str(int(small)))


# One mark and exactly three digits behind it, the head no leading zero: 1.000, 12,500.
_DECIMAL_GROUPED = re.compile(r"^(?P<sign>[+-]?)(?P<head>[1-9]\d{0,2})[.,](?P<tail>\d{3})$")


def separated_decimal(text: str) -> Separated | None:
    """A decimal option's value either locale could read: '1.000' -> Separated('1.000',
    '1000', '1'); '1,500' -> ('1500', '1.5'); '12.250' -> ('12250', '12.25'); None for
    '8.5', '12.25', '0.500' (no thousands group has a leading zero), '1.000.000', '1000'.

    `big` is the thousands reading, `small` the decimal one with trailing zeros dropped.
    """
    match = _DECIMAL_GROUPED.match(text.strip())
    if match is None:
        return None
    sign = "-" if match["sign"] == "-" else ""
    decimals = match["tail"].rstrip("0")
    small = sign + match["head"] + ("." + decimals if decimals else "")
    return Separated(text.strip(), sign + match["head"] + match["tail"], small)


# A decimal written with a comma that no grouping could produce: 8,5 (the option wants 8.5).
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


# A number written with an exponent: 1e1, 2.5E-1, 5e4 (a count refuses them as no int).
_EXPONENT = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$")


def without_exponent(text: str) -> str | None:
    """'1e1' -> '10', '2.5E-1' -> '0.25', '-1.5e3' -> '-1500': the number an exponent
    writes, in digits; None for text without one ('8.5', 'abc')."""
    typed = text.strip()
    if not _EXPONENT.match(typed):
        return None
    from decimal import Decimal, InvalidOperation

    try:
        digits = format(Decimal(typed).normalize(), "f")
    except (InvalidOperation, ValueError):
        return None
    return digits if len(digits) <= 30 else None


class OptionRefused(ValueError):
    """A typed option value `read_option` refuses: what is wrong (`message`, a sentence of
    optimizer.i18n.problems' catalog, without the value) and what to type (`fix`, one too).

    `separated`: the thousands separators that make it ambiguous or grouped ('1.000'),
    else None; `kind`: 'separated', 'nan', 'exponent', 'not_whole' or 'not_number'."""

    def __init__(self, typed: str, kind: str, message: str, fix: str,
                 separated: Separated | None = None):
        super().__init__(f"{message}, got {typed!r}")
        self.typed, self.kind, self.message, self.fix = typed, kind, message, fix
        self.separated = separated


def read_option(text: str, whole: bool) -> int | float:
    """A number typed for a command-line option (`--blanks`, `--max-travel-km`) or a field
    of the page's form: the ONE rule both follow, whatever the language.

    A count (`whole`) is what Python's `int` reads (`40000`, `+40000`, ` 40000 `); a
    decimal what `float` reads without an exponent (`8.5`, not `1e1`).
    Refused, raising OptionRefused with what to type instead:

    - thousands separators in a count (`1.000`, `40,000`, `1.000.000`): `1.000` is one
      thousand to an Indonesian planner and one to an English one;
    - in a decimal, one mark with three digits behind it (`1.000`, `8,500`): 1000 or 1,
      8500 or 8.5 (`separated_decimal`); and NaN, which passes every range;
    - a count written as a decimal or an exponent (`5e4`, `3000.0`), a decimal written
      with an exponent (`1e1`: one rule for every number, the README's "5e4 is written
      50000"), and anything else no number (`8,5` for a decimal: decimals take a dot).

    Returns an int when `whole`, else a float (ranges are the caller's: the option's
    type, the schema's). Raises OptionRefused.
    """
    typed = text.strip()
    if whole:
        try:
            return int(text)
        except ValueError:
            pass
        found = separated(text)
        if found is not None:
            raise OptionRefused(typed, "separated", found.message, found.fix, found)
        try:
            amount = float(text)
        except ValueError:
            amount = float("nan")
        if amount == amount and abs(amount) != float("inf") and amount.is_integer():
            raise OptionRefused(typed, "not_whole", "must be a whole number",
                                f"write {int(amount)}: a whole number in digits, without a "
                                "decimal point or exponent")
        raise OptionRefused(typed, "not_whole", "must be a whole number",
                            "type whole numbers only (no decimals, text or units)")
    if typed.lower().lstrip("+-") == "nan":
        raise OptionRefused(typed, "nan", "must be a number",
                            "type numbers only (no text or units)")
    found = separated_decimal(text)
    if found is not None:
        raise OptionRefused(typed, "separated", found.message, found.fix, found)
    if _EXPONENT.match(typed):
        plain = without_exponent(typed)
        raise OptionRefused(typed, "exponent", "must be written without an exponent",
                            f"write {plain}: a number in digits, without an exponent"
                            if plain is not None else
                            "type the number in digits, without an exponent")
    try:
        return float(text)
    except ValueError:
        pass
    if _DECIMAL_COMMA.match(typed):
        raise OptionRefused(typed, "not_number", "must be a number",
                            f"type {typed.replace(',', '.')}: decimals are written with a dot")
    raise OptionRefused(typed, "not_number", "must be a number",
                        "type numbers only (no text or units)")


__all__ = ["COUNT_LOCALE_FIX", "COUNT_PAGE_FIX", "LOCALE_FIX", "PAGE_FIX", "OptionRefused",
           "Separated", "locale_fix", "page_fix",
           "read_option", "readings", "separated", "separated_decimal", "two_readings",
           "without_exponent"]
