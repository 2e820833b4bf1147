"""How every message of the library writes its figures in English (its `text`).

One rule for all messages, so that `optimizer.i18n` renders the same English from a
message's `params` byte for byte, and the Indonesian from the same values:

- a figure is grouped by thousands and a float that is whole loses its ".0":
  `num(12000) == "12,000"`, `num(8.0) == "8"`, `num(1234.5) == "1,234.5"`;
- a count and its noun agree: `counted(1, "{n} blank", "{n} blanks") == "1 blank"`,
  `counted(2500, ...) == "2,500 blanks"` (the i18n catalog holds the same pair as
  `<context>.one` and `<context>.many`; Indonesian has one form for both);
- a distance in km (resident-km, km saved) has one decimal, like the CLI's summary:
  `km(217.8) == "217.8"`, `km(1234.0) == "1,234.0"`; never three decimals, which an
  Indonesian reader takes for thousands (217.800 is 217,800 to them); a figure that one
  decimal would show as 0.0 keeps two (`km(0.04) == "0.04"`);
- a share strictly between 0 and 1 is never written as 0 % or 100 %, nor a change that is
  not zero as 0.0 points: its percentage keeps as many more decimals as it needs
  (`percent_places(99.995) == 3`: 99.995 %, not 100.0 % with residents still waiting);
- a change is never written with a sign inside a word that already says its
  direction: the caller picks "falls by" / "rises by" / "unchanged" (`direction`)
  and writes the size (`abs`).
"""

from __future__ import annotations

from typing import Literal


def num(value: int | float) -> str:
    """A figure as messages write it: grouped thousands, no trailing '.0', and never '-0'.

    Floats keep Python's shortest repr of their digits (the engine rounds km to the
    metre and coverage to 6 decimals before they reach a message).
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value == 0:
        return "0"
    return f"{value:,}"


def km(value: float) -> str:
    """A km figure as messages write it: grouped, one decimal (two below 0.05, so that a
    saving is never written 0.0); see the module's rules."""
    shown = f"{value:,.1f}"
    if value != 0 and shown.lstrip("-") == "0.0":
        return f"{value:,.2f}"
    return shown


def percent_places(percent: float, places: int = 1, level: bool = True) -> int:
    """Decimals to write `percent` with: `places`, or more where `places` would round it to
    what it is not. A level (a coverage, 0-100) strictly between 0 and 100 is never shown
    as 0 or 100 (a kecamatan with one resident of 20,000 still waiting is 99.995 %, not
    100.0 %, which reads as everyone served; one card for 20,000 is 0.005 %, not 0.0 %);
    a change (`level=False`) that is not 0 is never shown as 0. The margin is taken on
    the value itself, so that Python's rounding and a spreadsheet's agree (at most 12)."""
    gap = abs(percent)
    if level:
        if not 0 < percent < 100:
            return places
        gap = min(percent, 100 - percent)
    if gap == 0 or gap != gap:
        return places
    while places < 12 and 0.5 * 10.0 ** -places >= gap * (1 - 1e-9):
        places += 1
    return places


def counted(n: int, one: str, many: str) -> str:
    """`one` when n is 1, else `many`, with `{n}` replaced by `num(n)`."""
    return (one if n == 1 else many).replace("{n}", num(n))


def direction(change: float) -> Literal["rise", "fall", "same"]:
    """Which way a change goes, so that the word, not a sign, says it."""
    return "rise" if change > 0 else "fall" if change < 0 else "same"
