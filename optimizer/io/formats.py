"""Excel number formats that show another figure than the cell holds.

A workbook's number cell is read as the number it holds, whatever Excel shows. Most
formats show that number (thousands separators, decimals, `"Rp"#,##0`, `0 "lembar"`, an
Indonesian locale's `[$-421]`), and a percentage format is refused in counts on its own
(io.files). A few show something else, and a planner who reads the sheet plans on what
they see (tester qa9): `;;;` shows an empty cell over 5000 (a hidden figure planned),
`0"000"` shows 5000 over 5 (5 planned), `#,##0,` and `#,##0,"rb"` show 5 or 5rb over
5000 (a figure divided by 1000 and rounded), `"0"` shows 0 over 5000. `may_mislead` says
whether a format can; `shown` says what Excel shows for a value under it when that
differs from the value (None when it shows the value itself, however written).
"""

from __future__ import annotations

import re

_PLACEHOLDERS = set("0#?")
_CONDITION = re.compile(r"^\[[<>=]")


def _tokens(section: str) -> list[tuple[str, str]]:
    """A format section as (kind, text): 'lit' shown as is (quoted text, an escaped or
    plain character), 'num' a number placeholder or mark (0 # ? , . % E+), 'gen' the
    word General; brackets (colour, locale, condition) and fills left out."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        c = section[i]
        if c == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            out.append(("lit", section[i + 1:end]))
            i = end + 1
        elif c == "\\" and i + 1 < len(section):
            out.append(("lit", section[i + 1]))
            i += 2
        elif c == "_" and i + 1 < len(section):
            out.append(("lit", " "))
            i += 2
        elif c == "*" and i + 1 < len(section):
            i += 2  # (a fill: the character repeated to the cell's width)
        elif c == "[":
            end = section.find("]", i + 1)
            end = len(section) if end < 0 else end
            inside = section[i + 1:end]
            if inside.startswith("$"):  # [$Rp-421]: the currency symbol before '-' shows
                out.append(("lit", inside[1:].split("-")[0]))
            i = end + 1
        elif section[i:i + 7].lower() == "general":
            out.append(("gen", section[i:i + 7]))
            i += 7
        elif c == "@":  # (the text format: a number shows as it is)
            out.append(("gen", c))
            i += 1
        elif c in _PLACEHOLDERS or c in ",.%":
            out.append(("num", c))
            i += 1
        elif c in "Ee" and i + 1 < len(section) and section[i + 1] in "+-":
            out.append(("num", section[i:i + 2]))
            i += 2
        else:
            out.append(("lit", c))
            i += 1
    return out


def _sections(code: str) -> list[str]:
    """A format's sections, split at ';' outside quotes and brackets."""
    out, part, quoted, bracket, escaped = [], [], False, False, False
    for c in code:
        if escaped:
            part.append(c)
            escaped = False
            continue
        if c == "\\" and not quoted:
            escaped = True
        elif c == '"':
            quoted = not quoted
        elif c == "[" and not quoted:
            bracket = True
        elif c == "]" and not quoted:
            bracket = False
        elif c == ";" and not quoted and not bracket:
            out.append("".join(part))
            part = []
            continue
        part.append(c)
    out.append("".join(part))
    return out


def literals_out(code: str) -> str:
    """A format without its quoted or escaped text (what is a placeholder or mark)."""
    return "".join(t for kind, t in _tokens(code) if kind != "lit")


def _odd(section: str, zero: bool) -> bool:
    """Whether a section shows another figure than the value: empty (Excel shows
    nothing; for 0, an empty zero section, the usual way to hide zeros, is no other
    figure), no placeholder at all (a text instead of the value), literal digits
    (`0"000"`), or a comma scaling by 1000 (`#,##0,`)."""
    tokens = _tokens(section)
    if not tokens or all(kind == "lit" and not t.strip() for kind, t in tokens):
        return not zero
    if not any(kind in ("num", "gen") and (kind == "gen" or t in _PLACEHOLDERS)
               for kind, t in tokens):
        return not zero or any(c.isdigit() and c != "0" for kind, t in tokens for c in t)
    if any(kind == "lit" and any(c.isdigit() for c in t) for kind, t in tokens):
        return True
    return _scale(tokens) > 0


def _scale(tokens: list[tuple[str, str]]) -> int:
    """How many commas scale the number by 1000: those after its last integer digit
    placeholder (before the decimal point, or at the end)."""
    marks = "".join(t for kind, t in tokens if kind == "num" and t in _PLACEHOLDERS | {",", "."})
    integer, _, fraction = marks.partition(".")
    if not integer.rstrip(",") and not fraction:
        return 0
    return len(integer) - len(integer.rstrip(",")) + len(fraction) - len(fraction.rstrip(","))


def may_mislead(code: str) -> bool:
    """Whether a number format can show another figure than a cell's value."""
    sections = _sections(code)
    if any(_CONDITION.match(s.strip()) for s in sections):
        return any(_odd(s, False) for s in sections[:3])
    return any(_odd(s, i == 2) for i, s in enumerate(sections[:3]))


def _section(code: str, value: float) -> tuple[str, bool]:
    """The section Excel formats `value` with, and whether it writes the minus itself."""
    sections = _sections(code)
    if len(sections) == 1 or value > 0 or (value == 0 and len(sections) == 2):
        return sections[0], value < 0
    if value < 0:
        return sections[1], False
    return sections[2], False


def shown(code: str, value: float) -> str | None:
    """What Excel shows for `value` under format `code` ('' for nothing) when that is
    another figure than the value, else None."""
    sections = _sections(code)
    if any(_CONDITION.match(s.strip()) for s in sections):
        odd = [s for s in sections[:3] if _odd(s, False)]
        return _render(odd[0], value, value < 0) if odd else None
    section, minus = _section(code, value)
    if not _odd(section, value == 0):
        return None
    return _render(section, value, minus)


def _render(section: str, value: float, minus: bool) -> str:
    """The text of `value` under one section (English marks: ',' groups, '.' decimals)."""
    tokens = _tokens(section)
    marks = "".join(t for kind, t in tokens if kind == "num")
    number = abs(value) * 100 ** marks.count("%") / 1000 ** _scale(tokens)
    integer, _, fraction = marks.replace("%", "").partition(".")
    decimals = sum(c in _PLACEHOLDERS for c in fraction)
    grouped = "," in integer.rstrip(",")
    if any(kind == "gen" for kind, _ in tokens):
        text = f"{number:.10g}"
    else:
        text = f"{number:,.{decimals}f}" if grouped else f"{number:.{decimals}f}"
        if integer.strip(",") and "0" not in integer and text.startswith("0"):
            text = text[1:]  # ('#' shows no leading zero)
    out, placed = [], False
    for kind, t in tokens:
        if kind == "lit":
            out.append(t)
        elif not placed:
            out.append(("-" if minus else "") + text)
            placed = True
    return "".join(out).strip()
