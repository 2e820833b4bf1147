"""Numbers as spreadsheets write them: the Indonesian and the English locale.

Indonesian Excel writes `1.234.567` for 1,234,567 and `3,5` for 3.5, and saves CSV
with `;` between fields; English Excel writes `1,234,567` and `3.5`. A text cell is
evidence of one locale when only that locale can read it:

    Indonesian: 1.234.567 | 1.234,5 | 3,5 | -2,99562   (a comma decimal, or 2+ dot groups)
    English:    1,234,567 | 1,234.5 | 3.5 | -2.99562   (a dot decimal, or 2+ comma groups)
    either:     2.000 | 5,000                          (one group of three digits)

The locale is the one stated (`--locale id|en`), else the one the files show (a
`;`-separated file counts for Indonesian unless the cells show English); evidence of
both is refused. A count cell that either locale could read (`2.000`: 2000 or 2) is
refused unless the locale was stated or shown to be Indonesian: that cell is exactly
how a storage cap of 5,000 once became 5. A count whose decimal mark (the locale's)
has exactly three zeros behind it (`6,000` read in the Indonesian locale, `1.000` in
the English one) is refused in either locale, stated or shown (`Parsed.thousands`): no
count is written so, it is a thousands group of the other locale. A coordinate or
distance whose decimal mark is not followed by exactly three digits (`-2.99562`, `3,5`)
has one reading in either locale and is read so. Thousands grouped by spaces (a space,
no-break, thin or narrow no-break space between groups of exactly three digits: `14 639`)
have one reading too and are read so; any other space between digits is refused. Numbers
a workbook stores as numbers need no locale and are never evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Literal

import numpy as np
import pandas as pd

Locale = Literal["id", "en"]
LOCALES: tuple[Locale, ...] = ("id", "en")
LOCALE_NAMES = {"id": "Indonesian (1.234.567 and 3,5)", "en": "English (1,234,567 and 3.5)"}

_ID_ONLY = re.compile(r"^[+-]?(\d{1,3}(\.\d{3}){2,}(,\d+)?|\d{1,3}(\.\d{3})+,\d+|\d+,\d{1,2}|"
                      r"\d+,\d{4,}|\d{4,},\d+)$")
_EN_ONLY = re.compile(r"^[+-]?(\d{1,3}(,\d{3}){2,}(\.\d+)?|\d{1,3}(,\d{3})+\.\d+|\d+\.\d{1,2}|"
                      r"\d+\.\d{4,}|\d{4,}\.\d+)$")
AMBIGUOUS = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")
_ID_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_EN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
# Cells that mean "no value", the same in a CSV and a workbook.
MISSING = frozenset({"", "n/a", "na", "-", "null"})
# Excel's error values: what a cell holds when its formula failed (a VLOOKUP that found
# nothing gives #N/A), in the workbook and in a CSV saved from it. Never "no value": the
# figure the planner meant is not in the file (docs/spreadsheets.md).
EXCEL_ERRORS = frozenset({"#N/A", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!",
                          "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!"})
ERRORS_FOLDED = frozenset(e.casefold() for e in EXCEL_ERRORS)
# What to change for each error value: what made that formula fail (a VLOOKUP's #N/A is
# no division's #DIV/0!). An error not listed gets the general fix (grouping.FIXES).
_SAVE = " and save the file again, or type the value"
FORMULA_FIXES = {
    "#n/a": "the formula's lookup (VLOOKUP, XLOOKUP, MATCH) found nothing: check that the "
            "code it looks up is in the table it searches" + _SAVE,
    "#div/0!": "the formula divides by zero or by an empty cell: correct the cell it "
               "divides by" + _SAVE,
    "#ref!": "the formula points to cells that were deleted (a row, column or sheet "
             "removed): write it again with the cells it should read" + _SAVE,
    "#name?": "the formula names a function or range Excel does not know (a typo, or a "
              "function of a newer Excel): correct the name" + _SAVE,
    "#value!": "the formula computes with a value of the wrong type (text or a unit where a "
               "number belongs): correct the cells it reads" + _SAVE,
    "#num!": "the formula's result is a number Excel cannot compute (too large, or an "
             "impossible calculation): correct the formula or the cells it reads" + _SAVE,
    "#null!": "the formula's ranges do not meet (a space where a comma or colon belongs): "
              "correct the ranges" + _SAVE,
    "#spill!": "the formula's results spill into cells that are not empty: clear the cells "
               "below or beside it" + _SAVE,
    "#calc!": "the formula cannot compute its result (an empty array, a FILTER that finds "
              "nothing): correct the formula or the cells it reads" + _SAVE,
    "#getting_data": "the workbook was saved while the formula was still computing: open it, "
                     "wait until every value shows" + _SAVE,
    "#busy!": "the workbook was saved while the formula was still computing: open it, wait "
              "until every value shows" + _SAVE,
}


def formula_fix(typed: str) -> str:
    """What to change for a cell holding Excel's error value `typed` ('' for the general
    fix of an error without a fix of its own)."""
    return FORMULA_FIXES.get(typed.strip().casefold(), "")
# A decimal mark that no grouping could produce (not exactly three digits after it).
_DOT_DECIMAL = re.compile(r"^[+-]?\d+\.(\d{1,2}|\d{4,})$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,(\d{1,2}|\d{4,})$")
# A count whose decimal mark (the locale's) has exactly three zeros behind it: '6,000' in
# the Indonesian locale, '1.000' or '1,000.000' in the English one. Nobody writes 6 blanks
# as 6,000: it is 6000 grouped the other locale's way (see `thousands_reading`).
_ZERO_FRACTION = {"id": re.compile(r"^[+-]?[^,]*,000$"), "en": re.compile(r"^[+-]?[^.]*\.000$")}
# A number written with an exponent: 5e3, 1.2E+03 (a count refused: `Parsed.exponents`).
_EXPONENT = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$")
# Spaces Excel and word processors put between thousands groups: a space, a no-break
# space (U+00A0, French/Indonesian number formats), a thin and a narrow no-break space.
SPACES = " \u00a0\u2009\u202f"
# A number grouped by them in threes ('14 639', '1 234 567', '1 234,5'): one reading in
# either locale, the spaces left out. Any other space between digits is refused
# (files._cell_issues: 'remove the space').
_SPACE_GROUPS = re.compile(rf"[+-]?\d{{1,3}}(?:[{SPACES}]\d{{3}})+(?:[.,]\d+)?")
_SPACE_OUT = str.maketrans(dict.fromkeys(SPACES, ""))
_DATE_TEXT = re.compile(r"^\d{1,4}[/-]\d{1,2}[/-]\d{1,4}$")
# A number Excel turned into a date and a CSV saved as text: '1-Des' (Indonesian Excel),
# '1-Dec', 'Des-24', '1 Des 2024'.
_MONTH = r"(?:jan|feb|mar|apr|mei|may|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec)[a-z]*\.?"
_DATE_WORDS = re.compile(rf"^(?:\d{{1,2}}[-/ ]{_MONTH}(?:[-/ ]\d{{2,4}})?|{_MONTH}[-/ ]\d{{2,4}})$",
                         re.I)


@dataclass
class Evidence:
    """Cells that only one locale can read: (column label, cell text) examples."""

    indonesian: list[tuple[str, str]]
    english: list[tuple[str, str]]

    def add(self, label: str, cells: list[str]) -> None:
        """Look at a column's text cells (numbers only; a few examples are kept)."""
        joined = "".join(cells)
        if "," not in joined and "." not in joined:
            return
        # Comma cells are few (decimals in the Indonesian locale): look at all of them; dot
        # cells are every coordinate, and a sample of them decides as well as all of them.
        commas = [c.strip() for c in cells if "," in c] if "," in joined else []
        dots = [c.strip() for c in cells[:2000] if "." in c and "," not in c]
        # A cell without a comma reads Indonesian only with two dots or more (1.234.567):
        # the others are not matched one by one (a coordinate column holds only those).
        for sample, dotted in ((commas, commas), (dots, [c for c in dots if c.count(".") > 1])):
            # (the first three matches, by a C-level filter that stops there)
            if len(self.indonesian) < 3:
                self.indonesian += [(label, v) for v in islice(filter(_ID_ONLY.match, dotted),
                                                               3)]
            if len(self.english) < 3:
                self.english += [(label, v) for v in islice(filter(_EN_ONLY.match, sample), 3)]


# Cells of both locales (a sentence of optimizer.i18n.problems' catalog).
LOCALES_CONFLICT = "cells in the Indonesian locale ({indonesian}) and in the English locale " \
                   "({english})"


def decide(stated: Locale | None, evidence: Evidence,
           semicolons: list[str]) -> tuple[Locale | None, str, str]:
    """(locale, why, conflict): the locale to read text numbers in, and why.

    `conflict` is non-empty when the cells show both locales and none was stated.
    """
    if stated is not None:
        return stated, f"stated with --locale {stated}", ""
    ids, ens = evidence.indonesian, evidence.english
    if ids and ens:
        return None, "", LOCALES_CONFLICT.format(indonesian=_examples(ids),
                                                  english=_examples(ens))
    if ids:
        return "id", f"cells such as {_examples(ids)}", ""
    if ens:
        return "en", f"cells such as {_examples(ens)}", ""
    if semicolons:
        return "id", f"{', '.join(semicolons)} separated by ';'", ""
    return None, "", ""


def _examples(found: list[tuple[str, str]]) -> str:
    return ", ".join(f"'{v}' ({where})" for where, v in found[:2])


@dataclass
class Parsed:
    """A column's numbers: values (float, or the cell as read where it is no number)."""

    values: list[object]
    missing: np.ndarray          # cell means "no value" (blank, N/A, NA, -)
    ambiguous: np.ndarray        # count cell either locale could read
    dates: np.ndarray            # a date where a number belongs
    # count cell whose decimal mark has exactly three zeros behind it ('6,000' read in the
    # Indonesian locale, '1.000' in the English one): a thousands group, never 6 or 1
    thousands: np.ndarray | None = None
    # text cells left as typed (no number in the locale, not missing): their indexes
    texts: list[int] | None = None
    # count cells written with an exponent ('5e3', '1.2E+03'): their indexes. No office
    # types a count so (Excel shows 5E+03 only for numbers too wide for the cell).
    exponents: list[int] | None = None
    # cells holding an Excel error value (#N/A, #REF!, ...: `EXCEL_ERRORS`): their indexes
    errors: list[int] | None = None

    def thousands_rows(self) -> np.ndarray:
        """Indexes of the `thousands` cells (none when the column had no such cell)."""
        if self.thousands is None:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self.thousands)


# Cells that only the English locale reads and that group thousands with a comma:
# 1,250,000 | 1,250.5 (a count column's English proof, `english_proof`).
_EN_COMMA_GROUPS = re.compile(r"^[+-]?\d{1,3}((,\d{3}){2,}(\.\d+)?|(,\d{3})+\.\d+)$")


def english_proof(file_cells: list[list[object]], column: list[object]) -> str | None:
    """A cell that proves a file writes numbers the English way, for reading its counts
    like '12,500' (12500 in English, 12,5 in Indonesian): a number of the same file
    grouped by commas that only English reads (1,250,000; 1,250.5), or a decimal point
    in the same column (12.5). None when there is none: dotted coordinates (-2.99562) are
    no proof, an Indonesian office pastes them so from a map."""
    for cells in file_cells:
        for cell in cells:
            if isinstance(cell, str) and "," in cell and _EN_COMMA_GROUPS.match(cell.strip()):
                return cell.strip()
    for cell in column:
        if isinstance(cell, str) and "." in cell and _EN_ONLY.match(cell.strip()):
            return cell.strip()
    return None


_DOT_GROUPS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def coordinate_proof(column: list[object], limit: float) -> str | None:
    """A coordinate cell (a latitude, `limit` 90, or a longitude, 180) whose dot can
    only be a decimal point: not three digits behind it ('-2.9761', '104.75'), or three
    that read as thousands put it beyond the poles or the date line ('-2.976' is not
    -2976 degrees). In a comma-separated file with no Indonesian-only cell, such a cell
    proves the file's numbers English (files._Builder._columns): its decimal mark is the
    dot, so a comma in a count ('9,069') groups thousands. None when there is none."""
    for cell in column[:2000]:
        if not isinstance(cell, str) or "." not in cell or "," in cell:
            continue
        text = cell.strip()
        try:
            value = float(text)
        except ValueError:
            continue
        if abs(value) > limit:
            continue  # (no coordinate either way: the checks say so)
        if _DOT_DECIMAL.match(text) or (
                _DOT_GROUPS.match(text) and abs(int(text.replace(".", ""))) > limit):
            return text
    return None


def parse(cells: pd.Series, locale: Locale | None, count: bool, stated: bool, *,
          listed: list[object] | None = None, na: np.ndarray | None = None,
          english: bool = False) -> Parsed:
    """Read one column of numbers (text from a CSV, or a workbook's typed cells).

    Returns floats where a cell holds a number in `locale`, else the cell as read (so
    that the error shows it). A count cell either locale could read is `ambiguous`
    unless the locale was stated or is Indonesian, or (`english`: the file proves its
    numbers English, `english_proof`) the locale is English and the mark a comma. Plain
    columns (no `.` or `,` in a
    count column, no `,` elsewhere) take one vectorized pass. `listed` and `na`, when
    given, are `cells.tolist()` and `cells.isna()` as the caller read them already (not
    changed here).
    """
    n = len(cells)
    raw: list[object] = cells.tolist() if listed is None else listed
    if isinstance(cells.dtype, pd.StringDtype):  # a CSV's text; a short row's cells are NaN
        is_text = ~(cells.isna().to_numpy(dtype=bool) if na is None else na)
    else:  # a workbook's typed cells
        is_text = np.fromiter((isinstance(v, str) for v in raw), dtype=bool, count=n)
    all_text = bool(is_text.all())
    texts = raw if all_text else [v if isinstance(v, str) else "" for v in raw]
    joined = "".join(texts)  # type: ignore[arg-type]
    spaced = False
    if any(c in joined for c in SPACES[1:]) or " " in joined.strip():
        # '14 639' (thousands grouped by spaces) read as 14639; a copy, not the caller's
        texts = [t.translate(_SPACE_OUT) if isinstance(t, str)
                 and any(c in t.strip() for c in SPACES)
                 and _SPACE_GROUPS.fullmatch(t.strip()) else t for t in texts]
        joined = "".join(texts)  # type: ignore[arg-type]
        spaced = True
    has_comma, has_dot = "," in joined, "." in joined
    if count and all_text:
        whole_numbers = _plain_counts(texts, joined)  # type: ignore[arg-type]
        if whole_numbers is not None:
            return Parsed(whole_numbers, np.zeros(n, dtype=bool), np.zeros(n, dtype=bool),
                          np.zeros(n, dtype=bool))
    values: list[object] = list(raw)
    numbers = _plain_floats(texts, joined) if all_text else None  # type: ignore[arg-type]
    if numbers is None:
        series = cells if all_text and isinstance(cells.dtype, pd.StringDtype) \
            and not spaced else pd.Series(texts, dtype=object)
        numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, copy=True)
        numbers[~is_text] = np.nan
    ambiguous = np.zeros(n, dtype=bool)
    dates = np.zeros(n, dtype=bool)
    grouped = np.zeros(n, dtype=bool)
    thousands: np.ndarray | None = None
    if has_comma or (has_dot and (locale == "id" or count)):
        text = pd.Series(texts, dtype=object).str.strip()
        grouped = is_text & text.str.contains(r"[.,]", regex=True).to_numpy(dtype=bool)
        if count and not (stated or locale == "id"):
            ambiguous = grouped & text.str.fullmatch(AMBIGUOUS).to_numpy(dtype=bool)
            if english and locale == "en":  # 12,500 in a file that proves English: 12500
                ambiguous &= ~text.str.contains(",", regex=False).to_numpy(dtype=bool)
        if locale == "id":
            ok = grouped & text.str.fullmatch(_ID_NUMBER).to_numpy(dtype=bool)
            converted = pd.to_numeric(text[ok].str.replace(".", "", regex=False)
                                      .str.replace(",", ".", regex=False), errors="coerce")
            numbers[ok] = converted.to_numpy(dtype=np.float64)
            numbers[grouped & ~ok] = np.nan
            if not count:
                # -2.99562 cannot be Indonesian thousands: only one reading, a decimal point.
                dot = grouped & ~ok & text.str.fullmatch(_DOT_DECIMAL).to_numpy(dtype=bool)
                numbers[dot] = pd.to_numeric(text[dot], errors="coerce").to_numpy(
                    dtype=np.float64)
        else:
            ok = grouped & text.str.fullmatch(_EN_NUMBER).to_numpy(dtype=bool)
            commas = ok & text.str.contains(",", regex=False).to_numpy(dtype=bool)
            if commas.any():
                numbers[commas] = pd.to_numeric(text[commas].str.replace(",", "", regex=False),
                                                errors="coerce").to_numpy(dtype=np.float64)
            numbers[grouped & ~ok] = np.nan
            if not count:
                # 3,5 cannot be English thousands: only one reading, a decimal comma.
                comma = grouped & ~ok & text.str.fullmatch(_COMMA_DECIMAL).to_numpy(dtype=bool)
                numbers[comma] = pd.to_numeric(text[comma].str.replace(",", ".", regex=False),
                                               errors="coerce").to_numpy(dtype=np.float64)
        numbers[ambiguous] = np.nan
        if count:
            zeros = _ZERO_FRACTION["id" if locale == "id" else "en"]
            thousands = grouped & ~ambiguous & ~np.isnan(numbers) \
                & text.str.fullmatch(zeros).to_numpy(dtype=bool)
            numbers[thousands] = np.nan
    exponents: list[int] = []
    if count and ("e" in joined or "E" in joined):
        for i in np.flatnonzero(is_text):
            if _EXPONENT.match(str(raw[i]).strip()):
                exponents.append(int(i))
                numbers[i] = np.nan  # (left as typed: refused by the reader)
    missing = np.zeros(n, dtype=bool)
    left: list[int] = []
    unread = np.flatnonzero(is_text & np.isnan(numbers))
    if len(unread):
        # Empty cells (a column left blank: every office's storage cap) are missing at
        # once, not a cell at a time; the others are looked at one by one below.
        empty = np.array([raw[i] for i in unread.tolist()], dtype=object) == ""
        missing[unread[empty]] = True
        unread = unread[~empty]
    errors: list[int] = []
    for i in unread:
        value = str(raw[i]).strip()
        if value.casefold() in MISSING:
            missing[i] = True
            continue
        if value.casefold() in ERRORS_FOLDED:
            errors.append(int(i))
            values[i] = value
            continue
        left.append(int(i))
        # 'nan' and 'inf' as the schema names them; a cell with separators (or a count's
        # exponent) stays text.
        values[i] = value if grouped[i] or _EXPONENT.match(value) else _plain(value)
        dates[i] = bool(_DATE_TEXT.match(value) or _DATE_WORDS.match(value))
    good = is_text & ~np.isnan(numbers)
    if count:
        whole = good & (np.floor(numbers) == numbers) & (np.abs(numbers) < 2**53)
        ints = np.where(whole, numbers, 0).astype(np.int64).tolist()
        if whole.all():
            values = ints
        else:
            for i in np.flatnonzero(whole):
                values[i] = ints[i]
            for i in np.flatnonzero(good & ~whole):
                # '1,200' read as 1.2 in the Indonesian locale: show the cell as typed.
                typed = str(raw[i]).strip()
                values[i] = float(numbers[i]) if _plain(typed) == numbers[i] else typed
    elif good.all():
        values = numbers.tolist()
    else:
        for i in np.flatnonzero(good):
            values[i] = float(numbers[i])
    if not all_text:
        for i in np.flatnonzero(~is_text):
            cell = values[i]
            if cell is None or (isinstance(cell, float) and cell != cell):
                missing[i] = True
            elif hasattr(cell, "isoformat") and not isinstance(cell, bool):
                dates[i] = True
            elif count and isinstance(cell, float) and cell.is_integer() \
                    and abs(cell) < 2**53:
                values[i] = int(cell)
    return Parsed(values, missing, ambiguous, dates,
                  thousands if thousands is not None and thousands.any() else None,
                  left or None, exponents or None, errors or None)


def thousands_reading(typed: str, locale: Locale | None) -> tuple[str, str, str]:
    """(message, fix, small) for a count cell `parse` flags `thousands`: '6,000' in the
    Indonesian locale is 6 by its decimal comma, but it is 6000 written the English way;
    '1.000' in the English locale is 1, but 1000 written the Indonesian way. Sentences of
    optimizer.i18n.problems' catalog."""
    text = typed.strip()
    mark = "," if locale == "id" else "."
    head, _, _ = text.rpartition(mark)
    other = "." if mark == "," else ","
    small = str(int(head.replace(other, "")))
    big = str(int(head.replace(other, "") + "000"))
    if locale == "id":
        message = (f"is {small} as read in the Indonesian locale (a decimal comma with three "
                   f"zeros behind it), but no count is written so: it looks like {big} "
                   f"with an English thousands comma")
    else:
        message = (f"is {small} as read in the English locale (a decimal point with three "
                   f"zeros behind it), but no count is written so: it looks like {big} "
                   f"with an Indonesian thousands dot")
    return message, f"type {big} (without separators), or {small} if that is meant", small


# Text of cells that hold only digits, '.' and '-' (a plain export; no spaces, signs
# elsewhere, exponents or separators of the other kind are seen here).
_PLAIN_CHARS = re.compile(r"[0-9.\-]*")


def _plain_chars(joined: str) -> bool:
    """`_PLAIN_CHARS.fullmatch(joined) is not None`: every character a digit, '.' or '-',
    told by deleting them from the bytes (~15x the regular expression's speed on a
    column of 84,000 coordinates)."""
    try:
        return not joined.encode("ascii").translate(None, b"0123456789.-")
    except UnicodeEncodeError:  # (no character of the set is outside ASCII)
        return False


def _plain_floats(texts: list[str], joined: str) -> np.ndarray | None:
    """`pd.to_numeric(texts, errors="coerce")` as float64, at ~4x its speed, for the
    common column whose every cell is a plain number ("12", "-2.99562"); None for
    anything else (the caller then runs to_numeric itself).

    Python's float() and pandas read such text alike (both round correctly); float()
    raising on any cell ("", "-", "1.2.3"), a result that is not finite, or a negative
    zero (to_numeric reads "-0" as the integer 0) sends the column back to to_numeric,
    so that every cell reads as before (tests/io/test_headers_numbers.py compares them).
    """
    if not texts or not _plain_chars(joined):
        return None
    try:
        numbers = np.fromiter(map(float, texts), dtype=np.float64, count=len(texts))
    except ValueError:
        return None
    if not np.isfinite(numbers).all() or np.signbit(numbers[numbers == 0]).any():
        return None
    return numbers


_DIGITS = re.compile(r"[0-9]*")


def _plain_counts(texts: list[str], joined: str) -> list[object] | None:
    """The count column whose every cell is ASCII digits alone ("12", "007"), at most 15
    of them, as ints (what `parse` makes of it: each cell read as a float, whole and
    below 2**53, so exactly `int(cell)`), at ~3x the speed; None for any other column
    (a blank cell, a sign, a separator, a longer number), which `parse` reads as before."""
    if not texts or _DIGITS.fullmatch(joined) is None or "" in texts \
            or max(map(len, texts)) > 15:
        return None
    return list(map(int, texts))


def _plain(text: str) -> object:
    # 'nan', 'inf' as the schema would see them: a float it can name.
    try:
        return float(text)
    except ValueError:
        return text


def date_text(value: object) -> str:
    """A date a cell holds as a planner reads it ('2026-01-15'), not as Python writes it
    (`datetime.datetime(2026, 1, 15, 0, 0)`): `--data` and `--shipments` alike."""
    if hasattr(value, "date") and callable(value.date):
        return str(value.date().isoformat())
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)
