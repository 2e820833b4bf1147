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


def locale_fix(text: str) -> str:
    """LOCALE_FIX with `text`'s readings; '' for text of another shape."""
    found = readings(text)
    if found is None:
        return ""
    typed, indonesian, english = found
    return LOCALE_FIX.format(typed=typed, indonesian=indonesian, english=english)


def page_fix(fix: str) -> str | None:
    """A LOCALE_FIX as the page's form says it (PAGE_FIX); None for any other fix."""
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


__all__ = ["LOCALE_FIX", "PAGE_FIX", "Separated", "locale_fix", "page_fix", "readings",
           "separated", "separated_decimal", "two_readings"]
