"""Problems grouped by file, column and kind: one line each, then the fix.

One bad header or one column typed in the wrong locale can break every row of a file;
a planner needs one line that says so (how many cells, the first rows, a value), and
what to change, not a wall of 200 lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from optimizer.schema import Problem

SHOWN_ROWS = 5

# An id written two ways (schema._Lookalikes): '16.71.01.1001' and '16.71.01.1001\u200b'.
LOOKALIKE_FIX = ("write the id the same way in both tables: type it again where it holds "
                 "invisible characters (pasted from a web page or a PDF), in one letter case")

# kind -> what to change (kinds are pydantic's error types and this loader's own).
FIXES: dict[str, str] = {
    "int_type": "type whole numbers only (no decimals, text or units)",
    "int_from_float": "type whole numbers only (no decimals)",
    "int_parsing": "type whole numbers only (no text or units)",
    "bool_type": "type true or false",
    "float_type": "type numbers only (no text, units, or true/false)",
    "float_parsing": "type numbers only (no text or units)",
    "finite_number": "type a real number",
    "missing_value": "fill in a number (0 where there is none); blank, N/A and - mean no value",
    # (each error value has its own, numbers.FORMULA_FIXES; this one for the others)
    "formula_error": "correct the formula and save the file again, or type the value",
    "ambiguous_number": "state the locale: --locale id reads 2.000 as two thousand, "
                        "--locale en reads it as two; or type the number without separators",
    "date_in_number": "Excel turned the number into a date: format the column as Number "
                      "(Format Cells > Number) and type the values again",
    "greater_than_equal": "correct the values (they cannot be that small)",
    "less_than_equal": "correct the values (check the unit: counts are cards, distances km, "
                       "coordinates degrees)",
    "greater_than": "correct the values (they cannot be that small)",
    "unknown_district": "use the codes (or the names) of the districts table",
    "unknown_area": "use the area ids of the areas table",
    "unknown_site": "use the site ids of the sites table",
    "duplicate_id": "give every row its own id",
    "duplicate_code": "delete one of the two rows (a code with dots and the same code "
                      "without them are one place); write every code one way",
    "duplicate_pair": "list each area and site pair once",
    "district_two_ways": "write each kecamatan the same way in every row",
    "lookalike_area": LOOKALIKE_FIX,
    "lookalike_site": LOOKALIKE_FIX,
    "lookalike_district": LOOKALIKE_FIX,
    "string_pattern_mismatch": "ids must not be empty or hold spaces, commas, semicolons or "
                               "control characters; names must not hold control characters",
    "string_too_short": "fill in the id",
    "missing_tier": "fill in the backlog of every tier",
    # optimizer.io.plausible: valid numbers that cannot be what the files mean.
    "long_distance": "check the unit (km, not metres), the decimal and thousands separators "
                     "and the coordinates of the area and the office",
    "short_distance": "check the coordinates of the area and the office (a lost minus sign, "
                      "latitude and longitude swapped) and the km (unit, separators); a km "
                      "not measured is no 0: delete the row, the distance is then computed "
                      "from the coordinates",
    "far_coordinates": "check the latitude and longitude: decimal degrees (e.g. -2.99 and "
                       "104.75) with the file's decimal mark, not swapped, the minus sign kept, "
                       "never 0 for a blank",
    "stock_over_cap": "correct the stock (blanks at the office now) or the storage cap (the "
                      "most it may hold, stock included)",
}


@dataclass(frozen=True)
class CellIssue:
    """One bad cell: where (file, column, row), what kind, and the value as shown."""

    source: str
    column: str
    row: int | None
    kind: str
    message: str            # without the value: 'must be a whole number'
    shown: str = ""         # the value: "2.5", "'abc'"
    fix: str = ""
    text: str = ""          # the whole message when it is the only one of its group


def group(issues: Iterable[CellIssue]) -> list[Problem]:
    """One problem per (file, column, kind), in the order first seen."""
    groups: dict[tuple[str, str, str, str], list[CellIssue]] = {}
    for issue in issues:
        # Two readings name the first cell's value as their example: one group a column.
        # Excel's errors, one group an error value (each its own fix: #N/A is a lookup's).
        same = "" if issue.kind == "ambiguous_number" else issue.message + (
            issue.fix if issue.kind == "formula_error" else "")
        groups.setdefault((issue.source, issue.column, issue.kind, same), []).append(issue)
    problems = []
    for (source, column, kind, _), found in groups.items():
        message = found[0].message
        fix = found[0].fix or FIXES.get(kind, "")
        first = found[0]
        if len(found) == 1:
            where = source if first.row is None else f"{source} row {first.row}"
            if column:
                where += f", column {column}"
            text = first.text or message + (f", got {first.shown}" if first.shown else "")
            problems.append(Problem(location=where, message=text, fix=fix))
            continue
        rows = [i.row for i in found if i.row is not None]
        shown = sorted({i.shown for i in found if i.shown}, key=lambda v: [
            i.shown for i in found].index(v))
        text = f"{len(found)} cells: {message}"
        if rows:
            listed = ", ".join(str(r) for r in rows[:SHOWN_ROWS])
            more = f" and {len(rows) - SHOWN_ROWS} more" if len(rows) > SHOWN_ROWS else ""
            text += f" (rows {listed}{more})"
        if shown:
            text += "; " + ", ".join(shown[:3]) + (", ..." if len(shown) > 3 else "")
        where = f"{source}, column {column}" if column else source
        problems.append(Problem(location=where, message=text, fix=fix))
    return problems


_GOT = re.compile(r"^(.*?), got (.*)$", re.S)


def split_value(message: str) -> tuple[str, str]:
    """'must be a whole number, got 2.5' -> ('must be a whole number', '2.5')."""
    match = _GOT.match(message)
    return (match.group(1), match.group(2)) if match else (message, "")
