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
        return "could be read two ways (2.000 is two thousand in Indonesian, two in English)"

    @property
    def fix(self) -> str:
        """What to type instead (a sentence of optimizer.i18n.problems' catalog)."""
        if self.small is None:
            return f"type {self.big} (without separators)"
        return f"type {self.big} (without separators) or {self.small}"


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


__all__ = ["Separated", "separated", "separated_decimal"]
