"""Raw tables from files as Excel and Windows save them.

CSV: UTF-8 with or without a byte-order mark, UTF-16 with a BOM, Windows-1252 (and
other single-byte code pages, by charset-normalizer); `,` `;` tab or `|` between fields;
CRLF or LF; a title row (or several) above the header; a trailing empty column.
Workbooks (.xlsx, .xlsm): sheet names in any case or in Indonesian; a title row;
formula cells whose value Excel never saved are named, never read as empty. Every row
and cell the file holds is read, whatever its `<dimension>` says (a program that wrote
the file may have left it smaller than the sheet); a workbook openpyxl cannot parse is
refused as one that cannot be read (`reading`), never a traceback.

A raw table keeps the header row as written (so that notes can say which header was
read as which field) and every cell as written (text for CSV; numbers, text, dates for
a workbook), with the file's row number of every data row.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from optimizer.io import headers
from optimizer.schema import InvalidInput, Problem

_SEPARATORS = (",", ";", "\t", "|")
_SEPARATOR_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
# The rows a header is looked for in: a letterhead (kop surat: the city, the Dinas, its
# address and telephone), a title and the period above the table take 15 rows and more
# (tester qa10: 16 rows above the header, refused as six required columns missing).
_HEAD_ROWS = 30
# Single-byte code pages a Windows PC in Indonesia saves with, and the UTF-16 family.
_CODE_PAGES = ["cp1252", "utf_16", "utf_16_le", "utf_16_be", "latin_1"]


@dataclass
class RawTable:
    """One table as read: header cells, data cells (str or typed), file row numbers."""

    table: str
    source: str                      # 'areas.csv' or 'book.xlsx[Kelurahan]'
    header: list[str]
    frame: pd.DataFrame              # columns 0..n-1, one per header cell
    first_row: int                   # file row number of the frame's first data row
    separator: str = ""
    notes: list[str] = field(default_factory=list)

    row_numbers: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # A workbook's merged cells below the header: frame column -> (first and last file
    # row, the range as Excel names it, whether it spans this one column only). The
    # cells a range covers hold its value (filled here); the reader decides what may be
    # read so (files._merged).
    merged: dict[int, list[tuple[int, int, str, bool]]] = field(default_factory=dict)
    header_row: int = 0              # a workbook's (first) header row, 1-based
    book: Path | None = None         # a workbook's file and sheet (to look at a cell's format)
    sheet: str = ""
    # The file's column number (1-based, as Excel and a text editor count) of each frame
    # column: an empty column dropped (`_trim`) leaves a gap. Empty: columns 1..n.
    numbers: list[int] = field(default_factory=list)
    # A workbook's number cells formatted as a percentage: file row -> {frame column:
    # value} (Excel shows 2 as 200 %; the reader refuses them in count columns).
    percent: dict[int, dict[int, float]] = field(default_factory=dict)
    # A workbook's number cells whose number format shows another figure than the cell
    # holds (`formats.shown`: ';;;', '0"000"', '#,##0,'): file row -> {frame column:
    # (value, format)}; the reader refuses them in number columns it reads.
    shown: dict[int, dict[int, tuple[float, str]]] = field(default_factory=dict)
    # The file rows of data rows whose every filled cell is struck through in Excel
    # (a row the office crossed out; the reader refuses them: `struck_problem`).
    struck: list[int] = field(default_factory=list)

    def column(self, position: int) -> int:
        """The file's column number of frame column `position` (what a planner counts)."""
        return self.numbers[position] if position < len(self.numbers) else position + 1
    # A units row under the header ('(jiwa)' under 'Wajib KTP'), skipped (`_skip_not_data`):
    # its file row and each column's unit (frame column -> the unit as written, brackets
    # off), for the reader to check against the field the column is read as.
    units: tuple[int, dict[int, str]] | None = None
    # A workbook's frame column -> the sheet's column letter ('I'), for the columns Excel
    # hides; and, while the table is made, the letter of every frame column.
    hidden_columns: dict[int, str] = field(default_factory=dict)
    letters: list[str] = field(default_factory=list)
    # A header over two rows (`_second_header_row`): its upper and lower rows as typed (by
    # the sheet's column, 0-based), and the upper one with a cell merged across columns
    # written in each: a table pasted page by page repeats them (`_skip_not_data`).
    header_rows: tuple[list[str], list[str], list[str]] | None = None

    def row(self, index: int) -> int:
        """The file's row number of data row `index` (what a planner sees in Excel)."""
        return int(self.row_numbers[index])


def rounded_cell(raw: RawTable, row: int, value: float) -> str:
    """What Excel shows of a workbook cell in file row `row` that holds the fraction
    `value` under a number format without decimals ('893' for 892.6 formatted '0' or
    '#,##0': a formula's estimate, =D4*10%, shown whole), else ''. Reads the workbook's
    formats once (only for refused cells; tester qa10: "must be a whole number, got
    892.6" over a cell the planner saw as 893)."""
    if raw.book is None or not raw.sheet or float(value).is_integer():
        return ""
    try:
        stamp = raw.book.stat().st_mtime_ns
    except OSError:
        return ""
    for held, code in _number_formats(str(raw.book), raw.sheet, stamp).get(row, ()):
        if held != value:
            continue
        first = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", code.split(";")[0])
        if code == "General" or "%" in first or not re.search(r"[0#?]", first) \
                or re.search(r"\.[0#?]", first):
            return ""
        whole = int(abs(value) + 0.5) * (1 if value >= 0 else -1)
        return f"{whole:,}" if "," in first else str(whole)
    return ""


@functools.lru_cache(maxsize=4)
def _number_formats(book: str, sheet_name: str, stamp: int) -> dict[int, list[tuple[Any, str]]]:
    """Every number cell's value and number format of a sheet, by file row (1-based)."""
    import openpyxl

    del stamp  # (a key only: the file changed, the formats are read again)
    out: dict[int, list[tuple[Any, str]]] = {}
    try:
        opened = openpyxl.load_workbook(book, read_only=True, data_only=True)
    except Exception:  # (read once already: the plain message is said instead)
        return out
    try:
        sheet = opened[sheet_name]
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            for cell in cells:
                value = getattr(cell, "value", None)
                if isinstance(value, float):
                    out.setdefault(number, []).append(
                        (value, str(getattr(cell, "number_format", "") or "General")))
    except Exception:  # (read whole before: the plain message is said instead)
        return {}
    finally:
        opened.close()
    return out


def percent_cell(raw: RawTable, row: int, value: float) -> str:
    """Excel's percentage of a workbook cell in file row `row` that holds `value` and is
    formatted as a percentage ('45' for 0.45 shown as 45 %), else ''. Opens the workbook
    again: only for a refused cell."""
    if raw.book is None or not raw.sheet:
        return ""
    import openpyxl

    try:
        book = openpyxl.load_workbook(raw.book, read_only=True, data_only=True)
    except Exception:  # (read once already: the plain message is said instead)
        return ""
    try:
        sheet = book[raw.sheet]
        sheet.reset_dimensions()  # (the file's <dimension> may be smaller than the sheet)
        for cells in sheet.iter_rows(min_row=row, max_row=row):
            for cell in cells:
                if getattr(cell, "value", None) == value \
                        and "%" in str(getattr(cell, "number_format", "")):
                    return f"{value * 100:.10g}"
    except Exception:  # (read whole before: the plain message is said instead)
        return ""
    finally:
        book.close()
    return ""


def fail(location: str, message: str, fix: str = "") -> InvalidInput:
    return InvalidInput([Problem(location=location, message=message, fix=fix)])


# --------------------------------------------------------------------------- CSV


def decode(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding name) of a CSV file's bytes; a byte-order mark decides first."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    unmarked = _utf16_without_bom(data)
    if unmarked is not None:
        # Valid UTF-8 too (a NUL after each letter), and read so its headers were
        # 'a\x00r\x00e\x00a...': "area_id is required but missing" (tester qa9).
        try:
            return data.decode(unmarked), f"{unmarked.upper()} without byte-order mark"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CODE_PAGES).best()
    if best is None:
        raise fail(source, "is neither UTF-8, UTF-16 nor Windows-1252 text",
                   "in Excel, save it again as 'CSV UTF-8 (Comma delimited)'")
    names = {"cp1252": "Windows-1252", "latin_1": "ISO-8859-1"}
    return str(best), names.get(best.encoding, best.encoding.replace("_", "-").upper())


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the text's first bytes have a NUL every other byte
    (Latin letters, digits and separators in UTF-16 without a byte-order mark), else None.
    No CSV of UTF-8 or a code page holds NUL bytes."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    sample = sample[:len(sample) - len(sample) % 2]
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _score(table: str, cells: Sequence[str], tiers: Sequence[str]) -> int:
    known = {a for names in headers.aliases_of(table).values() for a in names}
    if table == "areas":
        known |= {headers.normalize(t) for t in tiers}
        known |= {a for names in headers.TIER_ALIASES.values() for a in names}
    return sum(1 for c in cells if any(k in known for k in headers.variants(c)))


def _header_row(table: str, rows: Sequence[Sequence[str]], tiers: Sequence[str]) -> int:
    """The row with the most known headers among the first rows (0 when none has two)."""
    best, at = 1, 0
    for i, row in enumerate(rows[:_HEAD_ROWS]):
        score = _score(table, row, tiers)
        if score > best:
            best, at = score, i
    return at


def read_csv(path: Path, table: str, tiers: Sequence[str]) -> RawTable:
    """A CSV file as a raw table (see the module docstring for what is accepted)."""
    source = path.name
    text, encoding = decode(path.read_bytes(), source)
    head_lines = text[:20_000].splitlines()[:_HEAD_ROWS]
    best: tuple[int, int, str] = (-1, 0, ",")
    for separator in _SEPARATORS:
        rows = list(csv.reader(head_lines, delimiter=separator))
        at = _header_row(table, rows, tiers)
        score = _score(table, rows[at], tiers) if rows else 0
        if score > best[0]:
            best = (score, at, separator)
    _, at, separator = best
    # A header over two rows ('KODE' typed over 'KECAMATAN | KELURAHAN', the cell right of
    # it left blank): joined as a workbook's is, the data read from below its last row.
    texts = list(csv.reader(head_lines, delimiter=separator))
    found = texts[at] if at < len(texts) else []
    at, joined, _, header_rows, two_row_notes = _two_rows(
        table, source, [_typed(r) for r in texts], texts, at, found, (), tiers)
    try:
        frame = _frame(text, separator, at, source)
    except pd.errors.EmptyDataError:
        raise fail(source, "is empty", "fill in the header row and the data") from None
    trailing = frame.attrs.get("trailing", 0)
    header = [str(c).strip() for c in frame.iloc[0].tolist()]
    if header_rows is not None:
        header = [(joined[i] if i < len(joined) else "").strip() for i in range(len(header))]
    frame = frame.iloc[1:].reset_index(drop=True)
    frame.columns = pd.RangeIndex(frame.shape[1])
    notes = []
    if encoding not in {"UTF-8"}:
        notes.append(f"{source}: read as {encoding} text")
    if separator != ",":
        notes.append(f"{source}: fields separated by {_SEPARATOR_NAMES[separator]}")
    notes.extend(two_row_notes)
    if trailing:
        notes.append(f"{source}: every data row ends with an empty field the header does not "
                     "have (a comma at the end of the line): ignored")
    raw = RawTable(table, source, header, frame, first_row=at + 2, separator=separator,
                   notes=notes, header_rows=header_rows)
    return _trim(raw)


def _frame(text: str, separator: str, at: int, source: str) -> pd.DataFrame:
    """The cells from the header row on, as text. A row with more fields than the header
    is refused (a name holding the separator shifts its cells) unless every extra field is
    empty: Excel writes `;;` for a row whose cells were cleared."""
    def read(names: range | None) -> pd.DataFrame:
        return pd.read_csv(io.StringIO(text), sep=separator, header=None, skiprows=at,
                           dtype=str, keep_default_na=False, skipinitialspace=True,
                           skip_blank_lines=False, names=names)
    try:
        return read(None)
    except pd.errors.ParserError as error:
        opened = _unclosed_quote(text, separator, at)
        if opened is not None:
            line, column, start = opened
            header = next(csv.reader(io.StringIO(text.splitlines()[at]),
                                     delimiter=separator), [])
            where = f"{source} row {line}" + (
                f", column {header[column].strip()}" if column < len(header)
                and header[column].strip() else "")
            raise fail(where, f"a double quote opens a field on line {line} ({start}) and is "
                              "never closed: the rest of the file would be read as one cell",
                       f"close the quote at the end of the field on line {line}, or remove "
                       "it (a field needs quotes only when it holds the separator)") from None
        refused = fail(source, f"cannot be read as a table ({_parser_detail(error)})",
                       "a name holding the separator must be in double quotes; or save the "
                       "file again from Excel as CSV")
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=separator))[at:]
        except csv.Error:
            raise refused from None
        width = len(rows[0]) if rows else 0
        if not width:
            raise refused from None
        if separator == ",":
            _refuse_split_texts(rows, width, at, source)
        for number, r in enumerate(rows, start=at + 1):
            extra = [c.strip() for c in r[width:] if c.strip()]
            if extra:  # (the first row with a filled field beyond the header's)
                shown = ", ".join(f"'{c}'" for c in extra[:3])
                raise fail(source, f"row {number} has {len(r)} fields, the header {width}: "
                                   f"the fields beyond the header hold {shown}",
                           "give that column a header, or delete what is beyond the "
                           "header's columns; a name holding the separator must be in "
                           "double quotes") from None
        # Every data row one field longer than the header, that field empty in each (a
        # trailing comma written on the data rows only): a comma at the end of the line,
        # not a number split at its thousands comma, which would have to happen in every
        # row, each with its own last cell blank.
        data = [r for r in rows[1:] if any(c.strip() for c in r)]
        trailing = len(data) >= 2 and all(len(r) == width + 1 for r in data)
        if separator == "," and not trailing:
            for number, r in enumerate(rows, start=at + 1):
                splits = _split_numbers(r) if len(r) > width else []
                if splits:
                    # The extra fields are empty, but one of them may be the row's own last
                    # cell, pushed out by a number split at its comma: refused, not guessed.
                    shown = ", ".join(f"'{v}'" for v in splits[:3])
                    raise fail(source, f"row {number} has {len(r)} fields, the header "
                                       f"{width}: a number written with a thousands comma "
                                       f"and no quotes is split into two fields ({shown}?)",
                               "put a number with a thousands comma in double quotes "
                               "(\"1,250\") or write it without the comma (1250); if no "
                               "number is split, delete the extra comma at the end of the "
                               "row") from None
        try:
            frame = read(range(max(len(r) for r in rows)))
        except pd.errors.ParserError:
            raise refused from None
        kept = frame[list(range(width))]
        if trailing:
            kept.attrs["trailing"] = len(data)
        return kept


def _refuse_split_texts(rows: list[list[str]], width: int, at: int, source: str) -> None:
    """Refuse the first row longer than the header that shows why, in a ',' file: a
    decimal comma ('-3,00802' split into '-3' and '00802': Indonesian numbers saved with
    ',' between fields), or a name holding a comma ('..., Jl. Merdeka'). Told of a
    thousands comma or of fields beyond the header, a planner looks for the wrong thing
    (tester qa7). Returns when no row shows either."""
    for number, r in enumerate(rows, start=at + 1):
        if len(r) <= width:
            continue
        names = _split_names(r)
        if names:
            raise fail(source, f"row {number} has {len(r)} fields, the header {width}: a "
                               f"text holding a comma and no quotes is split into two fields "
                               f"('{names[0]}'?)",
                       "put a text holding a comma in double quotes, or save the file again "
                       "from Excel as CSV (it quotes them)") from None
        decimals = _split_decimals(r)
        if decimals:
            shown = ", ".join(f"'{v}'" for v in decimals[:3])
            raise fail(source, f"row {number} has {len(r)} fields, the header {width}: "
                               f"numbers written with a decimal comma are split into two "
                               f"fields each ({shown}?)",
                       "save the file with ';' between the fields (Excel does in an "
                       "Indonesian locale), or put each number with a decimal comma in "
                       "double quotes (\"-3,00802\")") from None


# A number's whole part, and a decimal comma's fraction. Two whole numbers side by side
# (printers 1, cards 150; days 20, stock 0) are common; digits with a leading zero (00802), or
# one after a negative whole part (-2 then 99562), is no count of its own. Three digits
# could be a thousands group (1,050): those are _split_numbers's.
_WHOLE = re.compile(r"^\s*[+-]?\d{1,3}$")
_FRACTION = re.compile(r"^\d+$")
_NUMBERISH = re.compile(r"^\s*[+-]?[\d.,\s]*\d[\d.,\s]*%?$")


def _split_decimals(fields: list[str]) -> list[str]:
    """['-3,00802'] for neighbouring fields that read as one number split at a decimal
    comma: a whole part, then digits that are neither a count of their own nor a thousands
    group (the comment above); [] when none do."""
    return [f"{head.strip()},{tail.strip()}"
            for head, tail in itertools.pairwise(fields)
            if _WHOLE.match(head) and _FRACTION.match(tail) and len(tail) != 3
            and ((tail.startswith("0") and len(tail) > 1) or head.strip().startswith("-"))]


def _split_names(fields: list[str]) -> list[str]:
    """['Kantor Kecamatan Ilir Barat II, Jl. Merdeka'] for a text field followed by a text
    field that starts with a space (how a comma is typed inside a name); [] when none."""
    return [f"{head},{tail}" for head, tail in itertools.pairwise(fields)
            if tail[:1].isspace() and tail.strip() and head.strip()
            and not _NUMBERISH.match(head) and not _NUMBERISH.match(tail)]
def _unclosed_quote(text: str, separator: str, at: int) -> tuple[int, int, str] | None:
    """Where a double quote opening a field is never closed, as the CSV is read from
    line `at` (0-based) on: the file's line number (1-based), the field's position on
    its line and the text from the quote on ('"Kantor Kecamatan Seberang Ulu I,16.71...');
    None when every quote is closed."""
    lines = text.splitlines(keepends=True)
    inside: tuple[int, int, str] | None = None
    for number in range(at, len(lines)):
        line = lines[number]
        field_start, column, i = True, 0, 0
        if inside is not None:
            field_start = False
        while i < len(line):
            char = line[i]
            if inside is not None:
                if char == '"':
                    if line[i + 1:i + 2] == '"':
                        i += 2
                        continue
                    inside = None
                i += 1
                continue
            if char == separator:
                field_start, column = True, column + 1
            elif char == '"' and field_start:
                shown = line[i:].rstrip("\r\n")
                inside = (number + 1, column, shown[:40] + ("..." if len(shown) > 40 else ""))
            elif not char.isspace():
                field_start = False
            i += 1
    return inside


# An unquoted number split at its thousands comma: '1' and '250' of '1,250'.
_HEAD = re.compile(r"^\s*[+-]?\d{1,3}$")
_GROUP = re.compile(r"^\d{3}(?:\.\d+)?\s*$")


def _split_numbers(fields: list[str]) -> list[str]:
    """['1,150', '1,250'] for the neighbouring fields of `fields` that read as one number
    split at a thousands comma ('1' then '250'); [] when none do."""
    return [f"{head.strip()},{tail.strip()}"
            for head, tail in itertools.pairwise(fields)
            if _HEAD.match(head) and _GROUP.match(tail)]


def _parser_detail(error: Exception) -> str:
    text = str(error).strip().splitlines()[-1]
    return text.replace("Error tokenizing data. C error: ", "")


def _trim(raw: RawTable) -> RawTable:
    """Drop unnamed columns without data (a trailing comma) and rows without any data.

    Row numbers stay those of the file: a dropped blank row leaves a gap.
    """
    frame = raw.frame
    keep = [i for i, h in enumerate(raw.header)
            if h or not all(_is_blank(v) for v in frame[i].tolist())]
    if len(keep) < len(raw.header):
        raw.numbers = [raw.column(i) for i in keep]
        raw.header = [raw.header[i] for i in keep]
        if raw.letters:
            raw.letters = [raw.letters[i] for i in keep]
        frame = frame[keep]
        frame.columns = pd.RangeIndex(len(keep))
    numbers = raw.first_row + np.arange(len(frame))
    if not frame.empty:
        if raw.separator:  # CSV: text cells, blank lines read as missing
            # Only rows whose first cell is blank can be blank (one column compared, not all).
            first = frame[0].to_numpy(dtype=object)
            blank = pd.isna(first) | (first == "")
            for i in np.flatnonzero(blank):
                blank[i] = all(_is_blank(v) for v in frame.iloc[i].tolist())
        else:
            blank = frame.map(_is_blank).all(axis=1).to_numpy()
        if blank.any():
            frame = frame[~blank].reset_index(drop=True)
            numbers = numbers[~blank]
    raw.frame = frame
    raw.row_numbers = numbers
    _skip_not_data(raw)
    return raw


def _fold(value: object) -> str:
    """A cell compared with a header cell: text, letter case and spacing aside."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).casefold().split())


# A unit in brackets, as a units row writes it under a header: '(jiwa)', '[km]', '(%)'.
_UNIT_CELL = re.compile(r"^\s*(?:\(\s*([^()]*?)\s*\)|\[\s*([^\[\]]*?)\s*\])\s*$")
# Unit words a units row may write without brackets: counts, people, degrees, km,
# metres and days (headers' unit words; not the words a header's bracket may also hold,
# such as 'aktif', 'timur' or 'printer', which a row of names could hold).
_UNIT_WORDS = frozenset(
    {u for kind in ("stock", "population", "lat", "working_days", "km")
     for u in headers.UNIT_KINDS[kind][1] if len(u) > 2 and u not in {"utara", "north",
                                                                       "timur", "east"}}
    | {u for u in headers.METRES | headers.UNITS if len(u) > 2}
    | {"km", "persen", "percent"}
    # A coordinate's hemisphere, bare as a units row writes it under Lintang and Bujur
    # ('LS', 'BT'): checked against the values' signs as '(LS)' is (files._hemispheres).
    | set(headers.BARE_SIDES))


def _unit(value: object) -> str | None:
    """The unit a units row's cell writes ('(jiwa)' -> 'jiwa', 'orang' -> 'orang'), or
    None when the cell is anything else (a number, an id, a name, a date)."""
    if not isinstance(value, str):
        return None
    match = _UNIT_CELL.match(value)
    if match:
        unit = match.group(1) if match.group(1) is not None else match.group(2)
        # ('(1)' is a column's number, not a unit: files._not_rows says so)
        return unit if re.search(r"[^\W\d_]|%|°", unit) else None
    return value.strip() if headers.normalize(value) in _UNIT_WORDS else None


def _skip_not_data(raw: RawTable) -> None:
    """Skip, with a note naming their rows, the rows of a table that cannot be data:

    - a row that repeats the header (every cell the header's, letter case and spacing
      aside), as a table pasted in parts (page by page, office by office) repeats it.
      Safe to skip: every table's header holds a column the row would fill with a word
      where the schema needs a number or an id without spaces (Pemula under Pemula,
      'Kode Kelurahan' under Kode Kelurahan), so as data the row is always refused; the
      header's cells are what the row says, nothing is lost.
    - the first row under the header when every non-empty cell (two at least) is a unit
      ('(derajat)', '(jiwa)', 'orang'; headers.UNIT_KINDS' words): it holds no id and no
      number, so it is no place. Its units are kept (`RawTable.units`) and checked by the
      reader against the fields their columns are read as, as units in the header are
      (a '(dus)' under Stok is refused, never skipped silently).

    Rows are only dropped: the others keep their file row numbers."""
    frame = raw.frame
    if frame.empty:
        return
    keys = [_fold(h) for h in raw.header]
    drop: list[int] = []
    if sum(1 for k in keys if k) >= 2:
        # (one column compared first, in one hashed pass: only rows whose first cell is
        # the header's as typed, in capitals, small letters or title case, are compared
        # whole; a first cell in other mixed case is refused as before, never misread)
        head = raw.header[0]
        spelled = {head, head.upper(), head.lower(), head.title(), head.capitalize()}
        spelled |= {" ".join(h.split()) for h in spelled}
        for i in np.flatnonzero(frame[0].isin(spelled).to_numpy(dtype=bool)).tolist():
            if [_fold(v) for v in frame.iloc[i].tolist()] == keys:
                drop.append(i)
    if raw.header_rows is not None:
        drop = sorted(set(drop) | set(_two_row_repeats(raw)))
    units: dict[int, str] = {}
    if not drop or drop[0] != 0:
        cells = frame.iloc[0].tolist()
        filled = [(p, v) for p, v in enumerate(cells) if not _is_blank(v)]
        found = {p: _unit(v) for p, v in filled}
        if len(filled) >= 2 and all(u is not None for u in found.values()):
            units = {p: str(u) for p, u in found.items()}
    if units:
        row = int(raw.row_numbers[0])
        raw.units = (row, units)
        shown = ", ".join(f"'{str(frame.iloc[0, p]).strip()}'" for p in sorted(units))
        raw.notes.append(f"{raw.source}: row {row} holds units ({shown}), not a row of data: "
                         "skipped")
        drop = [0, *drop]
    if not drop:
        return
    repeated = [int(raw.row_numbers[i]) for i in drop if i or not units]
    if repeated:
        shown = ", ".join(str(r) for r in repeated[:5]) + (", ..." if len(repeated) > 5
                                                           else "")
        raw.notes.append(f"{raw.source}: {len(repeated)} row(s) repeat the header (rows "
                         f"{shown}), not rows of data: skipped")
    keep = np.ones(len(frame), dtype=bool)
    keep[drop] = False
    gone = {int(raw.row_numbers[i]) for i in drop}
    raw.frame = frame[keep].reset_index(drop=True)
    raw.row_numbers = raw.row_numbers[keep]
    # (a repeated header's merged cells, 'SIAP CETAK' across its columns, are no data's)
    for position in list(raw.merged):
        kept = [span for span in raw.merged[position]
                if not all(r in gone for r in range(span[0], span[1] + 1))]
        if kept:
            raw.merged[position] = kept
        else:
            del raw.merged[position]


def _two_row_repeats(raw: RawTable) -> list[int]:
    """The data rows (frame indexes) that repeat a header over two rows, both rows: the
    upper one cell by cell as typed (or a cell merged across columns in each of them),
    the lower one as typed, or empty, or (a cell merged down over both rows) the upper
    row's cell. Each row holds two of the header's names at least, one of them a lower
    row's name ('Pemula' under 'SIAP CETAK'), so no data row is taken for one."""
    assert raw.header_rows is not None
    upper, lower, across = raw.header_rows
    width = len(raw.header)
    columns = [raw.column(p) - 1 for p in range(width)]

    def at(row: list[str], c: int) -> str:
        return _fold(row[c]) if c < len(row) else ""

    frame = raw.frame
    # (rows whose cell under a lower name is that name, found in one pass: the only
    # candidates for a repeat's lower row)
    named_low = [p for p, c in enumerate(columns) if at(lower, c)]
    if not named_low:
        return []
    p_low = named_low[0]
    found = frame[p_low].map(_fold).to_numpy(dtype=object) == at(lower, columns[p_low])
    out: list[int] = []
    for i in (np.flatnonzero(found) - 1).tolist():
        if i < 0:
            continue
        if i + 1 >= len(frame) or (out and out[-1] >= i):
            continue
        top = [_fold(v) for v in frame.iloc[i].tolist()]
        bottom = [_fold(v) for v in frame.iloc[i + 1].tolist()]
        named = below = 0
        for p, c in enumerate(columns):
            up, side, low = at(upper, c), at(across, c), at(lower, c)
            if top[p] not in {up, side}:
                break
            if bottom[p] != low and not (not low and bottom[p] in {"", top[p]}):
                break
            named += bool(top[p])
            below += bool(low) and bottom[p] == low
        else:
            if named >= 2 and below >= 1:
                out += [i, i + 1]
    return out


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (
        isinstance(value, str) and not value.strip())


# --------------------------------------------------------------------------- workbooks


def unreadable(name: str, error: BaseException) -> InvalidInput:
    """A workbook openpyxl (its zip, its XML) cannot read: broken, truncated or written by
    a program that does not follow the format. Excel repairs most such files."""
    return fail(name, f"cannot be read as .xlsx ({type(error).__name__})",
                "open it in Excel and save it again (as .xlsx)")


# An OLE compound file (what Excel writes for a workbook with a password to open, and for
# an old .xls): no zip, so openpyxl's "BadZipFile".
_COMPOUND = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


def compound(path: Path) -> None:
    """Refuse a workbook that is an OLE compound file, saying which: one Excel encrypted
    with a password to open, or an old .xls saved under an .xlsx name (tester qa10: both
    were "cannot be read as .xlsx (BadZipFile): open it in Excel and save it again",
    and saved again, the encrypted one keeps its password)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return
    if not head.startswith(_COMPOUND):
        return
    if _ENCRYPTED in head:
        raise fail(path.name, "is protected with a password to open it (Excel encrypts such "
                              "a workbook), and cannot be read",
                   "open it in Excel, remove the password (File > Info > Protect Workbook > "
                   "Encrypt with Password: clear it) and save it, or save a copy without the "
                   "password, and plan that")
    raise fail(path.name, "is an old Excel 97-2003 workbook (.xls) saved under an .xlsx name",
               "open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook)")


@contextlib.contextmanager
def reading(name: str) -> Iterator[None]:
    """The boundary between the library that parses a workbook and Blanko: any error
    raised inside (zipfile, zlib, XML parsing, openpyxl's ValueError of a cell reference
    'ZZZZ5' or a number 'abc') means the file cannot be read, and is refused so, naming
    `name`. Only openpyxl's calls run inside (the rows are read into lists first), so a
    fault of Blanko's own is never taken for a broken file."""
    try:
        yield
    except InvalidInput:
        raise
    except Exception as error:  # (whatever the parser raises: see the docstring)
        raise unreadable(name, error) from None


def open_book(path: Path, *, data_only: bool = True) -> Any:
    """A workbook opened to stream its sheets, every sheet's `<dimension>` dropped: openpyxl
    would read no row or column beyond it (a file whose dimension says A1:J20 over 108
    rows lost 88 rows silently)."""
    import openpyxl

    compound(path)
    with reading(path.name):
        book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
        try:
            for sheet in book.worksheets:
                sheet.reset_dimensions()
        except BaseException:
            book.close()
            raise
    return book


def is_worksheet(book: Any, sheet_name: str) -> bool:
    """Whether a sheet holds cells (a chart sheet does not)."""
    return hasattr(book[sheet_name], "iter_rows")


def sheet_rows(sheet: Any, max_row: int | None = None) -> list[list[object]]:
    """A streamed sheet's values, every row as long as the longest (as a whole load gives
    them: the sheet's used range, whatever its `<dimension>` says). Call inside
    `reading`."""
    rows = [list(r) for r in sheet.iter_rows(max_row=max_row, values_only=True)]
    width = max(map(len, rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([None] * (width - len(row)))
    return rows


def _refuse_report(name: str, sheets: tuple[str, ...]) -> None:
    """A plan's XLSX report (blanko plan --xlsx, the page's download), sheets Summary,
    Offices, Kecamatan, Kelurahan, Messages in English or Bahasa Indonesia, given as an
    input: refused as what it is. Its Offices or Kantor sheet was read as the sites table
    and refused column by column ("Office code: is not a known column; did you mean
    site_id?"), which sent a planner renaming the report's columns (tester qa10b)."""
    if not sheets or sheets[0] not in ("Summary", "Ringkasan"):
        return  # (every other workbook: no catalog read)
    from optimizer.io.report import report_sheets

    if any(sheets == report_sheets(lang) for lang in ("en", "id")):
        raise fail(name, f"is a plan's report written by Blanko (its sheets "
                         f"{', '.join(sheets)} hold a plan's figures), not an input to plan",
                   "plan from the workbook or the files that plan was made from (the sheets "
                   "or files sites and areas)")


# Words of a sheet's name that say it holds the offices' stock ('STOK BLANGKO', 'Stok per
# Tanggal', 'Persediaan Blangko', 'Sisa Blangko').
_STOCK_SHEET = frozenset({"stok", "stock", "persediaan", "sisa"})


def stock_sheet(book: str, unread: Sequence[tuple[str, list[list[object]]]],
                sites: RawTable | None, tiers: Sequence[str],
                where: Callable[[str], str] | None = None) -> Problem | None:
    """A sheet not read whose name says it holds stock ('STOK BLANGKO', one column a
    date) while the offices table has no stock column: read as nothing, every office's
    stock was 0, the plan `optimal` (tester qa11a). Refused naming the sheet; None when
    there is none, or the offices table gives the stock. `where`: a sheet's name as the
    problem names it (a folder's file: its file name), else `book[sheet]`."""
    if sites is None:
        return None
    named = [n for n, _ in unread if _STOCK_SHEET & set(headers.normalize(n).split("_"))]
    if not named or "stock" in headers.resolve("sites", sites.header, tiers).fields:
        return None
    return Problem(
        location=where(named[0]) if where is not None else f"{book}[{named[0]}]",
        message=f"may hold the offices' stock (its name says so), but the stock is read only "
                f"from a column of the offices table ({sites.source}), which has none: every "
                f"office's stock would be 0",
        fix=f"copy the stock now (most often the latest date's column) into the offices "
            f"table as a column headed Stok, each office's in its row (Excel: VLOOKUP by the "
            f"office's code), or 0 where an office holds none; then delete the sheet "
            f"'{where(named[0]) if where is not None else named[0]}'")


def read_workbook(path: Path, tiers_for: Callable[[str], Sequence[str]],
                  tiers_stated: bool = False) -> tuple[dict[str, RawTable], list[str]]:
    """The tables of a workbook, found by sheet name; notes on sheets not read.
    `tiers_stated`: the tiers are given on the command line (`--tiers`), so a tiers
    table under another sheet name would not be read either way."""
    values = open_book(path)
    tables: dict[str, RawTable] = {}
    notes: list[str] = []
    named: dict[str, str] = {}
    parts: dict[str, tuple[str | None, int]] = {}
    formulas = None
    read: dict[str, list[list[object]]] = {}  # sheet -> its rows, read once

    def rows_of(sheet_name: str) -> list[list[object]]:
        if sheet_name not in read:
            with reading(path.name):
                read[sheet_name] = sheet_rows(values[sheet_name])
        return read[sheet_name]

    try:
        with reading(path.name):
            states = {n: getattr(values[n], "sheet_state", "visible") for n in values.sheetnames}
            cells = {n for n in values.sheetnames if is_worksheet(values, n)}
        _refuse_report(path.name, tuple(states))
        copies: list[tuple[str, str]] = []  # (sheet, the table it is named like)
        unread: list[tuple[str, list[list[object]]]] = []  # (sheet, its first rows)
        hidden = {n for n, state in states.items() if state != "visible"}
        for sheet_name in states:
            if sheet_name not in cells:
                notes.append(f"{path.name}: sheet '{sheet_name}' is not read (a chart sheet)")
                continue
            table = headers.table_of(sheet_name)
            if table is None and headers.copy_of(sheet_name) is not None:
                copies.append((sheet_name, str(headers.copy_of(sheet_name))))
                continue
            if table is None:
                with reading(path.name):
                    head = sheet_rows(values[sheet_name], max_row=_HEAD_ROWS)
                like = _table_like(head, headers.named_like(sheet_name), tiers_for)
                if like is not None:
                    copies.append((sheet_name, like))
                    continue
                unread.append((sheet_name, head))
                notes.append(f"{path.name}: sheet '{sheet_name}' is not read (the tables are "
                             f"sheets named {', '.join(headers.TABLE_ALIASES)})")
                continue
            if table in named:
                # A hidden sheet is said as hidden (docs/spreadsheets.md): a planner who
                # cannot see an old sheet cannot tell which of the two it is.
                shut = [n for n in (named[table], sheet_name) if n in hidden]
                if shut:
                    raise fail(f"{path.name}", f"sheets '{named[table]}' and '{sheet_name}' "
                                               f"are both the {table} table (sheet "
                                               f"'{shut[0]}' is hidden in Excel)",
                               f"if the hidden sheet '{shut[0]}' is an old copy, copy the "
                               f"visible sheets into a new workbook ({_COPY_SHEETS}) and plan "
                               f"that workbook: '{shut[0]}' is very hidden, which Excel's "
                               f"Unhide does not list (to see it: {_SHOW_VERY_HIDDEN}); else "
                               "keep one of them, or rename the other"
                               if states[shut[0]] == "veryHidden" else
                               f"if the hidden sheet '{shut[0]}' is an old copy, delete it "
                               "(right-click a sheet tab > Unhide to see it); else keep one "
                               "of them, or rename the other")
                raise fail(f"{path.name}", f"sheets '{named[table]}' and '{sheet_name}' are "
                                           f"both the {table} table",
                           "keep one of them, or rename the other"
                           if not headers.may_be_parts(table, named[table], sheet_name) else
                           "if both hold rows to plan (kelurahan in one, desa in the other), "
                           "copy the rows of one below the rows of the other in one sheet "
                           "and delete the emptied sheet; if one is an old copy, delete it")
            named[table] = sheet_name
            rows = rows_of(sheet_name)
            source = f"{path.name}[{sheet_name}]"
            raw = _sheet_table(table, source, rows, tiers_for(table))
            # (openpyxl's name of the sheet's part in the file, to search it for merges)
            parts[table] = (getattr(values[sheet_name], "_worksheet_path", None),
                            raw.header_row)
            if _has_empty_cells(raw):  # only then can a formula be missing its value
                if formulas is None:
                    formulas = open_book(path, data_only=False)
                with reading(path.name):
                    written = sheet_rows(formulas[sheet_name])
                _refuse_uncached(source, rows, written)
            raw.book, raw.sheet = path, sheet_name
            styled(values, sheet_name, raw, path.name)
            tables[table] = raw
        # A table the workbook lacks whose header a sheet of another name has
        # ('Kelurahan Nov 2026', 'Jarak Tempuh', 'Prioritas'): that table under a name not
        # read. An optional one (measured km, the tiers' order) was planned without a
        # word but a note, the km computed and first-time cards first (tester qa10); as
        # a data folder's file is (files._updated_copies), it is refused, the fix naming
        # the sheet to rename. (An optional table when the sheet's name says it: a report
        # per kecamatan beside the tables is no kecamatan table.)
        misnamed: dict[str, list[str]] = {}
        for sheet_name, table in copies:
            if table not in named and not (table == "tiers" and tiers_stated) and (
                    table in ("areas", "sites") or table in (
                        headers.named_like(sheet_name), headers.copy_of(sheet_name))):
                misnamed.setdefault(table, []).append(sheet_name)
        if "tiers" not in named and not tiers_stated:
            misnamed.setdefault("tiers", []).extend(
                n for n, head in unread if declares_tiers(head, tiers_for("areas")))
        if "distances" not in named and "sites" in tables:
            # (the km as a matrix, one column per office, in 'Matriks Jarak': no header of
            # the distances table, but its name and the offices' ids or names say it)
            offices = _office_keys(tables["sites"])
            misnamed.setdefault("distances", []).extend(
                n for n, head in unread if headers.named_like(n) == "distances"
                and any(sum(1 for c in row if c is not None and headers.normalize(c)
                            in offices) >= 2 for row in head))
        stocked = stock_sheet(path.name, unread, tables.get("sites"), tiers_for("sites"))
        if stocked is not None:
            raise InvalidInput([stocked])
        if any(misnamed.values()):
            raise InvalidInput([Problem(
                location=path.name,
                message=f"sheet '{shown[0]}' has the header of the {table} table, but no "
                        f"sheet is named as the {table} table",
                fix=parts_fix(table, shown) if _parts(
                    [rows_of(n) for n in shown], table, tiers_for(table)) else
                    f"name the sheet that holds the {table} table you mean "
                    f"{_TABLE_SHEETS[table]} (or {table}); delete the other copies, if any")
                for table, shown in misnamed.items() if shown])
        for sheet_name, table in copies:
            if table not in named:
                notes.append(f"{path.name}: sheet '{sheet_name}' is not read (the tables are "
                             f"sheets named {', '.join(headers.TABLE_ALIASES)})")
            elif _cells(rows_of(sheet_name)) == _cells(rows_of(named[table])) or (
                    data_rows(rows_of(sheet_name), table, tiers_for(table))
                    == data_rows(rows_of(named[table]), table, tiers_for(table))):
                notes.append(f"{path.name}: sheet '{sheet_name}' is not read (a copy of sheet "
                             f"'{named[table]}' with the same data)")
            else:
                # Excel's copy of a sheet ('areas (2)', 'Kelurahan Update') may be the one
                # the planner edited: planning the other one would be a plan of figures
                # they did not mean.
                message = (f"sheets '{named[table]}' and '{sheet_name}' could both be the "
                           f"{table} table, and their data differ")
                shut = [n for n in (named[table], sheet_name) if n in hidden]
                if shut:
                    message += f" (sheet '{shut[0]}' is hidden in Excel)"
                fix = (f"keep only the sheet with the data you mean: delete the other "
                       f"and name the one kept {table}")
                if _parts([rows_of(named[table]), rows_of(sheet_name)], table,
                          tiers_for(table)):
                    # (no row id in both: a sheet per kecamatan, not an edited copy)
                    message = (f"sheets '{named[table]}' and '{sheet_name}' could both be "
                               f"the {table} table, and no row id is in both")
                    fix = parts_fix(table, [named[table]] + [
                        n for n, t in copies if t == table and n != named[table]])
                if shut and states[shut[0]] == "veryHidden":
                    fix += (f"; sheet '{shut[0]}' is very hidden, which Excel's Unhide does "
                            f"not list: to leave it out, copy the visible sheets into a new "
                            f"workbook ({_COPY_SHEETS}) and plan that workbook; to see it: "
                            f"{_SHOW_VERY_HIDDEN}")
                raise fail(f"{path.name}", message, fix)
        for table, sheet_name in named.items():
            shown = [n for n, head in unread if n not in hidden
                     and _kind_of(head, tiers_for) == table] if sheet_name in hidden else []
            if shown:
                # The hidden sheet is most often the old one kept out of sight, and the
                # visible one (headed its own way, 'Kode Kel', 'Kec') the planner's update:
                # planning the hidden one plans figures the planner cannot see.
                # (a very hidden sheet, Excel's 'veryHidden', is not listed by Unhide, nor
                # can it be deleted without showing it first: tester qa9)
                raise fail(path.name, f"sheet '{sheet_name}', read as the {table} table, is "
                                      f"hidden in Excel, and the visible sheet '{shown[0]}' "
                                      f"(not read) also holds a table like it",
                           f"if '{shown[0]}' holds the data to plan, copy the visible sheets "
                           f"into a new workbook ({_COPY_SHEETS}), name '{shown[0]}' "
                           f"{sheet_name} there and plan that workbook; if '{sheet_name}' "
                           f"does, show it first: it is very hidden, which Excel's Unhide "
                           f"does not list ({_SHOW_VERY_HIDDEN}), then delete '{shown[0]}'"
                           if states[sheet_name] == "veryHidden" else
                           f"if '{shown[0]}' holds the data to plan, delete the hidden sheet "
                           f"'{sheet_name}' and name '{shown[0]}' {sheet_name}; if '{sheet_name}' "
                           f"does, unhide it (right-click a sheet tab > Unhide) and delete "
                           f"'{shown[0]}'")
        for table, sheet_name in named.items():
            if sheet_name in hidden:
                notes.append(f"{path.name}: sheet '{sheet_name}' is hidden in Excel and was "
                             f"read as the {table} table")
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
    if _layout_matters(path, parts.values()):
        tables = _with_layout(path, named, tables, tiers_for)
    return tables, notes


def _office_keys(raw: RawTable) -> set[str]:
    """The offices' ids and names of a sites table as read, folded as headers are."""
    cols = headers.resolve("sites", raw.header)
    keys: set[str] = set()
    for name in ("site_id", "name"):
        position = cols.fields.get(name)
        if position is not None and position < raw.frame.shape[1]:
            keys |= {headers.normalize(v) for v in raw.frame[position].tolist()
                     if v is not None and str(v).strip()}
    return keys - {""}


def _parts(sheets: Sequence[Sequence[Sequence[object]]], table: str,
           tiers: Sequence[str]) -> bool:
    """Whether two sheets or more of one table each hold rows and no row id is in two."""
    keys = [row_keys(rows, table, tiers) for rows in sheets]
    return len(keys) >= 2 and all(keys) and sum(map(len, keys)) == len(set().union(*keys))


# The sheet name a table is read from, as a fix says it (Indonesian first).
_TABLE_SHEETS = {"areas": "kelurahan", "sites": "kantor", "districts": "kecamatan",
                 "distances": "jarak", "tiers": "kelompok"}


# How to leave a very hidden sheet out (it cannot be selected, so it is not copied) and
# how to show one (Excel's Unhide does not list it).
_COPY_SHEETS = ("select their tabs, right-click > Move or Copy > To book: (new book), tick "
                "Create a copy")
_SHOW_VERY_HIDDEN = ("Alt+F11, select the sheet in the Project pane, press F4 and set "
                     "Visible to -1 - xlSheetVisible")


def _table_like(head: Sequence[Sequence[object]], named: str | None,
                tiers_for: Callable[[str], Sequence[str]]) -> str | None:
    """The table a sheet not named as one may hold: the table its name holds among other
    words ('Kelurahan Update') when its first rows (`head`) have two of the table's
    headers, or any table three of whose headers it has (a sheet named 'Data Baru'). None
    when its headers are no table's."""
    texts = [["" if c is None else str(c) for c in row] for row in head]
    best, found = 2, None
    for table in headers.TABLE_ALIASES:
        tiers = tiers_for(table)
        score = max((_score(table, row, tiers) for row in texts), default=0)
        if table == named and score >= 2:
            found = table
            break
        if score > best:
            best, found = score, table
    # (a report sheet with some of a table's headers, 'Rekap Kecamatan' or 'Koordinat',
    # is no copy of it: only a sheet that could be read as the table is)
    return found if found is not None and holds_table(found, texts, tiers_for(found)) \
        else None


def _kind_of(head: Sequence[Sequence[object]],
             tiers_for: Callable[[str], Sequence[str]]) -> str | None:
    """The table whose headers a sheet's first rows have most of (three at least, more than
    any other table's), even where it could not be read as that table (a header of its
    own, 'Kode Kel'); None when none."""
    texts = [["" if c is None else str(c) for c in row] for row in head]
    scores = sorted(((max((_score(t, row, tiers_for(t)) for row in texts), default=0), t)
                     for t in headers.TABLE_ALIASES), reverse=True)
    if not scores or scores[0][0] < 3 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


def _fields(table: str, cells: Sequence[str], tiers: Sequence[str]) -> set[str]:
    """The fields of `table` (and "tier" for a backlog column) that a header row holds."""
    out: set[str] = set()
    tier_names = {headers.normalize(t) for t in tiers}
    tier_names |= {a for names in headers.TIER_ALIASES.values() for a in names}
    for cell in cells:
        said = set(headers.variants(cell))
        for name, aliases in headers.aliases_of(table).items():
            if said & set(aliases):
                out.add(name)
        if table == "areas" and said & tier_names:
            out.add("tier")
    return out


def holds_table(table: str, rows: Sequence[Sequence[str]], tiers: Sequence[str]) -> bool:
    """Whether one of the first rows of a sheet or file not read is a header row that
    could be read as `table`: every required field (headers.REQUIRED), a kecamatan's name
    too and, for the areas, a backlog column. A second such sheet beside the table read
    may be the planner's updated copy; a sheet with a few of its headers is a report."""
    need = set(headers.REQUIRED[table])
    if table == "districts":
        need.add("name")
    if table == "areas":
        need.add("tier")
    return any(need <= _fields(table, row, tiers) for row in rows[:_HEAD_ROWS])


def declares_tiers(rows: Sequence[Sequence[object]], tiers: Sequence[str]) -> bool:
    """Whether the first rows of a sheet or file not read hold a tiers table: a header
    row with a tier's name and its order (`Kelompok | Urutan`), and below it a row naming
    a tier the areas may hold (`Pemula`, `Penggantian`, a tier of `tiers`). Such a table
    under another name (`Prioritas`, `Urutan Prioritas`) was not read, and the default
    order planned: first-time cards first where the planner put replacements first
    (tester qa10)."""
    texts = [["" if c is None else str(c) for c in row] for row in rows]
    known = {headers.normalize(t) for t in tiers} | set(headers.TIER_ALIASES) | {
        a for names in headers.TIER_ALIASES.values() for a in names}
    names = headers.aliases_of("tiers")["name"]
    for at, row in enumerate(texts[:_HEAD_ROWS]):
        if not {"name", "order"} <= _fields("tiers", row, ()):
            continue
        column = next(i for i, cell in enumerate(row)
                      if set(headers.variants(cell)) & set(names))
        return any(column < len(below) and headers.normalize(below[column]) in known
                   for below in texts[at + 1:at + 1 + 50])
    return False


# The field that tells a table's rows apart (two sheets of one table sharing none of them
# hold parts of its rows, not two versions: a sheet per kecamatan).
_KEYS = {"areas": "area_id", "sites": "site_id", "districts": "district_id"}


def row_keys(rows: Sequence[Sequence[object]], table: str, tiers: Sequence[str]) -> set[str]:
    """The ids of a table's rows in a sheet or file not read (its `_KEYS` column below its
    header row), folded as headers are; empty for a table without such a key."""
    key = _KEYS.get(table)
    texts = [["" if c is None else str(c) for c in row] for row in rows[:_HEAD_ROWS]]
    at = _header_row(table, texts, tiers)
    head = texts[at] if at < len(texts) else []
    column = next((i for i, cell in enumerate(head) if key in _fields(table, [cell], tiers)),
                  None)
    if key is None or column is None:
        return set()
    return {headers.normalize(row[column]) for row in rows[at + 1:]
            if column < len(row) and not _is_blank(row[column])} - {""}


def parts_fix(table: str, sheets: Sequence[str], what: str = "sheet") -> str:
    """The fix for sheets (files) of one table that share no row id: each may hold a part
    of the rows (a sheet per kecamatan), and deleting all but one, as for two versions of
    the table, would plan the kelurahan of one part only (tester qa10)."""
    quoted = [f"'{n}'" for n in sheets]
    listed = ", ".join(quoted[:6]) + (", ..." if len(quoted) > 6 else "")
    if what == "sheet":
        return (f"if each holds a part of the rows (a sheet per kecamatan), copy the rows of "
                f"the sheets {listed} one below the other into one sheet named "
                f"{_TABLE_SHEETS[table]}, under one header row, and delete the others; if "
                "one is an old copy, delete it")
    return (f"if each holds a part of the rows (a file per kecamatan), copy the rows of the "
            f"files {listed} one below the other into one file named "
            f"{_TABLE_SHEETS[table]}.csv, under one header row, and delete the others; if "
            "one is an old copy, delete it")


def data_rows(rows: Sequence[Sequence[object]], table: str,
              tiers: Sequence[str]) -> list[tuple[str, ...]]:
    """The rows below a table's header row, in the columns that hold one of its fields
    (ordered by field; other columns, trailing empty cells and rows left out): two sheets
    or files headed differently ('Kode Kecamatan' and 'district_id', or with a column of
    their own beside) may hold the same data."""
    texts = [["" if c is None else str(c) for c in row] for row in rows[:_HEAD_ROWS]]
    at = _header_row(table, texts, tiers)
    head = texts[at] if at < len(texts) else []
    columns = sorted(([*sorted(_fields(table, [cell], tiers)), cell], i)
                     for i, cell in enumerate(head) if _fields(table, [cell], tiers))
    out: list[tuple[str, ...]] = []
    keys = [_fold(h) for h in head]
    for n, row in enumerate(rows[at + 1:]):
        # (no data, as `_skip_not_data` skips them when the table is read: a row of
        # units under the header, a row repeating the header)
        if n == 0:
            filled = [v for v in row if not _is_blank(v)]
            if len(filled) >= 2 and all(_unit(v) is not None for v in filled):
                continue
        if keys and keys[0] and row and _fold(row[0]) == keys[0] and \
                [_fold(v) for v in row[:len(keys)]] == keys:
            continue
        cells = tuple("" if i >= len(row) or _is_empty(row[i]) else str(row[i]).strip()
                      for _, i in columns)
        out.append(cells if any(cells) else ())
    while out and not out[-1]:
        out.pop()
    return [r for r in out if r]


def _with_layout(path: Path, named: dict[str, str], tables: dict[str, RawTable],
                 tiers_for: Callable[[str], Sequence[str]]) -> dict[str, RawTable]:
    """The tables read again from a whole load of the workbook, which knows the merged
    cells and hidden rows that a read-only (streamed) load does not."""
    import openpyxl

    with reading(path.name):
        book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    try:
        out = {}
        for table, sheet_name in named.items():
            with reading(path.name):
                rows, merges, hidden, columns = whole_sheet(book[sheet_name])
            out[table] = _sheet_table(table, tables[table].source, rows, tiers_for(table),
                                      merges, hidden, columns)
            keep_styled(tables[table], out[table])
        return out
    finally:
        book.close()


def keep_styled(streamed: RawTable, whole: RawTable) -> None:
    """What the streamed read found about a table's cells (its workbook, the cells
    formatted as a percentage or so as to show another figure, the rows struck through:
    by file row, the same in both reads) kept in the table read again whole."""
    whole.book, whole.sheet = streamed.book, streamed.sheet
    whole.percent, whole.shown, whole.struck = streamed.percent, streamed.shown, \
        streamed.struck


def whole_sheet(sheet: Any) -> tuple[list[list[object]], list[tuple[int, int, int, int]],
                                     set[int], set[int]]:
    """A whole-loaded sheet's rows, merged ranges (first and last row, first and last
    column), hidden rows and hidden columns (1-based). Call inside `reading`."""
    rows = [list(r) for r in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
    merges = [(r.min_row, r.max_row, r.min_col, r.max_col) for r in sheet.merged_cells.ranges]
    hidden = {r for r, d in sheet.row_dimensions.items() if d.hidden}
    # (a <col> element may hide a range of columns: min to max, 1-based; a column of
    # width 0, or nearly, is hidden as much as one flagged hidden: Excel shows neither,
    # and "Unhide" shows both)
    columns = {c for d in sheet.column_dimensions.values()
               if d.hidden or (d.width is not None and d.width < NARROW)
               for c in range(d.min or 1, (d.max or d.min or 1) + 1)}
    return rows, merges, hidden, columns


def hidden_columns(raw: RawTable, read: dict[int, str]) -> tuple[list[Problem], list[str]]:
    """A column Excel hides that would be read (`read`: frame column -> the field) is
    refused (a tester's hidden `Stok (lembar)` was read as the stock, 5,500 cards planned,
    with no word): a planner who hid a column may have meant to leave it out, and only
    they can say. Named by its sheet, letter and header; the fix: unhide it to have it
    read, or delete it. A hidden column that is not read is only noted (hidden rows are
    read and noted: a filter hides rows to look at some, not to leave them out). The
    problems and the notes; `--data` and `--shipments` alike."""
    problems: list[Problem] = []
    notes: list[str] = []
    for position, letter in sorted(raw.hidden_columns.items()):
        header = raw.header[position] if position < len(raw.header) else ""
        if position in read:
            problems.append(Problem(
                location=f"{raw.source}, column {letter} ({header})",
                message=f"column {letter} '{header}' is hidden in Excel and would be "
                        f"read as {read[position]}: a hidden column may be one meant "
                        "to be left out",
                fix=f"unhide column {letter} to have it read (select the columns beside "
                    "it, right-click > Unhide), or delete it"))
        else:
            notes.append(f"{raw.source}: column {letter} '{header}' is hidden in "
                         "Excel and is not read")
    return problems, notes


def merged_problem(raw: RawTable, position: int) -> Problem:
    """A column read with merged cells below the header (a count merged over two rows is
    one figure: read in each row it would be counted twice)."""
    spans = raw.merged[position]
    refs = ", ".join(ref for _, _, ref, _ in spans[:5]) + (", ..." if len(spans) > 5 else "")
    return Problem(location=f"{raw.source}, column {raw.header[position]}",
                   message=f"has merged cells ({refs}): a merged cell holds one value, not "
                           "one for each row it covers",
                   fix="unmerge the cells (Merge & Center off) and write each row's value")


FIX_PERCENT = "format the column as Number (Format Cells > Number) and type the counts again"


def percent_issue(source: str, label: str, row: int, value: float) -> Any:
    """A count cell Excel shows as a percentage (RawTable.percent): a whole one (2 shown
    as 200 %: "a count is never a percentage") or not (0.45 shown as 45 %: "a count is a
    whole number"); `--data` and `--shipments` alike."""
    from optimizer.io.grouping import CellIssue

    percent = f"{value * 100:.10g}"
    if float(value).is_integer():
        return CellIssue(source, label, row, "percent_count",
                         f"is formatted as a percentage: Excel shows {percent} %, the cell "
                         f"holds {int(value)}, and a count is never a percentage", "",
                         fix=FIX_PERCENT)
    return CellIssue(source, label, row, "percent_cell",
                     f"is formatted as a percentage: Excel shows {percent} %, the cell holds "
                     f"{value!r}, and a count is a whole number", "", fix=FIX_PERCENT)


FIX_SHOWN = ("format the cells as Number (Format Cells > Number > General) so that Excel "
             "shows what they hold, and type the figures meant")


def shown_issues(raw: RawTable, label: str, position: int,
                 values: Sequence[object]) -> list[Any]:
    """Refuse a number cell read whose number format shows another figure than it holds
    (`formats.shown`: `;;;` shows an empty cell over 5000, `0"000"` shows 5000 over 5,
    `#,##0,` shows 5 over 5000): the planner plans on what Excel shows, the plan would
    read what the cell holds (tester qa9: a hidden stock of 5000 and a stock of 5 shown as
    5000 planned, no word). Named by the cell, what Excel shows, what it holds and the
    format. `values`: the column as read (a cell refused otherwise is not said twice)."""
    from optimizer.io import formats
    from optimizer.io.grouping import CellIssue

    out = []
    for i, row in enumerate(raw.row_numbers.tolist()):
        found = raw.shown.get(row, {}).get(position)
        if found is None or i >= len(values) or not isinstance(values[i], int | float):
            continue
        value, code = found
        seen = formats.shown(code, value)
        if seen is None:
            continue
        held = f"{value:.15g}"
        # (one line for the cells of one format: its figures after it, '1rb' for 893)
        if seen:
            message = (f"is formatted '{code}': Excel shows another figure than the cell "
                       "holds (after ';': what Excel shows, what the cell holds in brackets), "
                       "and the plan reads what the cell holds")
            text = (f"is formatted '{code}': Excel shows '{seen}', the cell holds {held}, "
                    "and the plan reads what the cell holds")
            shown = f"'{seen}' ({held})"
        else:
            message = (f"is formatted '{code}', which hides the figure: Excel shows an empty "
                       "cell")
            text = f"{message}, the cell holds {held}"
            shown = held
        out.append(CellIssue(raw.source, label, row, "number_format", message, shown,
                             fix=FIX_SHOWN, text=text))
    return out


def struck_problem(raw: RawTable) -> Problem | None:
    """The rows of a table whose every filled cell is struck through in Excel, refused:
    a struck-through row is one the office crossed out. Read, it would be planned as if
    it stood (a tester's crossed-out office planned with its printers); dropped, a row
    struck through for another reason (done, checked) would lose a kelurahan unseen. Only
    the planner can say, so neither is guessed (unlike a hidden row: a filter hides rows
    to look at others, and hides nothing of what a row says)."""
    if not raw.struck:
        return None
    rows = ", ".join(str(r) for r in raw.struck[:5]) + (", ..." if len(raw.struck) > 5 else "")
    return Problem(location=raw.source,
                   message=f"{len(raw.struck)} row(s) are struck through in Excel (every "
                           f"filled cell: rows {rows}): a row struck through is one the "
                           "office crossed out",
                   fix="delete the rows that are not meant to be planned; if a row is, "
                       "remove its strikethrough (select it, Ctrl+5)")


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"\$?[A-Z]+\$?(\d+)(?::\$?[A-Z]+\$?(\d+))?\"")
_HIDDEN = re.compile(rb"\bhidden=\"(?:1|true)\"")
# A column narrower than this (in characters) cannot be seen: read as hidden.
NARROW = 0.5
_WIDTH = re.compile(rb"<(?:\w+:)?col\b[^>]*?\bwidth=\"([^\"]*)\"")


def _narrow(xml: bytes) -> bool:
    """Whether a sheet's XML gives a column a width under NARROW (0: Excel draws none)."""
    for match in _WIDTH.finditer(xml):
        try:
            if float(match.group(1)) < NARROW:
                return True
        except ValueError:
            continue
    return False


def _layout_matters(path: Path, parts: Iterable[tuple[str | None, int]]) -> bool:
    """Whether a table's sheet has hidden rows (or columns), or merged cells that may hold
    a header or data: one spanning rows, or one in a row from the sheet's header row on.
    `parts`: each table sheet's part in the file (None: unknown, every sheet is searched)
    and header row (1-based). A title merged across its row above the header (the usual
    case) does not matter: the workbook is then not loaded again, whole."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as book:
            sheets = [i.filename for i in book.infolist()
                      if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
            for part, header_row in parts:
                for name in [part] if part in sheets else sheets:
                    xml = book.read(name)
                    if _HIDDEN.search(xml) or _narrow(xml):
                        return True
                    for match in _MERGE.finditer(xml):
                        top = int(match.group(1))
                        bottom = int(match.group(2) or top)
                        if bottom > top or top >= header_row:
                            return True
    except (OSError, zipfile.BadZipFile, KeyError):
        return False  # (openpyxl has said what is wrong with the file)
    return False


def _cells(read: Sequence[Sequence[object]]) -> list[tuple[object, ...]]:
    """A sheet's values, trailing empty cells and rows left out (to compare two sheets)."""
    rows = []
    for row in read:
        cells = list(row)
        while cells and _is_empty(cells[-1]):
            cells.pop()
        rows.append(tuple(cells))
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _sheet_table(table: str, source: str, rows: list[list[object]],
                 tiers: Sequence[str], merges: Sequence[tuple[int, int, int, int]] = (),
                 hidden: set[int] | frozenset[int] = frozenset(),
                 hidden_columns: set[int] | frozenset[int] = frozenset()) -> RawTable:
    """A sheet's rows as a raw table. `merges`: merged ranges (first row, last row, first
    column, last column; 1-based, as openpyxl gives them); `hidden`: the rows Excel hides
    (a filter); `hidden_columns`: the columns it hides (1-based), kept in the table's
    `hidden_columns` (the reader refuses one it would read: files._hidden_columns). A
    header that continues on the next row (a merged 'SIAP CETAK' over 'Pemula |
    Penggantian') is read as one, its names joined."""
    texts = [["" if c is None else str(c) for c in row] for row in rows[:_HEAD_ROWS]]
    at = _header_row(table, texts, tiers)
    if not rows:
        raise fail(source, "is empty", "fill in the header row and the data")
    header = texts[at] if at < len(texts) else []
    at, header, header_row, header_rows, notes = _two_rows(table, source, rows, texts, at,
                                                           header, merges, tiers)
    width = len(header)
    data = [row[:width] + [None] * (width - len(row)) for row in rows[at + 1:]]
    spans: dict[int, list[tuple[int, int, str, bool]]] = {}
    for top, bottom, left, right in sorted(merges):
        if top <= at + 1 or left > width:
            continue  # (a title's or the header's merge)
        value = rows[top - 1][left - 1] if left - 1 < len(rows[top - 1]) else None
        ref = _range_name(top, bottom, left, right)
        for column in range(left, min(right, width) + 1):
            for r in range(top, bottom + 1):
                if (r, column) != (top, left) and r - at - 2 < len(data):
                    data[r - at - 2][column - 1] = value
            spans.setdefault(column - 1, []).append((top, bottom, ref, left == right))
    frame = pd.DataFrame(data, columns=range(width), dtype=object)
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    from openpyxl.utils import get_column_letter

    raw = _trim(RawTable(table, source, [h.strip() for h in header], frame,
                         first_row=at + 2, notes=notes, merged=spans,
                         header_row=header_row, header_rows=header_rows,
                         letters=[get_column_letter(i + 1) for i in range(width)]
                         if hidden_columns else []))
    if hidden_columns:
        shut = {get_column_letter(c) for c in hidden_columns}
        raw.hidden_columns = {i: letter for i, letter in enumerate(raw.letters)
                              if letter in shut}
    if hidden:
        rows_hidden = [int(r) for r in raw.row_numbers if int(r) in hidden]
        if rows_hidden:
            shown = ", ".join(str(r) for r in rows_hidden[:5]) + (
                ", ..." if len(rows_hidden) > 5 else "")
            raw.notes.append(f"{source}: {len(rows_hidden)} row(s) are hidden in Excel (a "
                             f"filter or hidden rows: {shown}) and were read like the others; "
                             "delete the rows that are not meant to be planned")
    return raw


def _two_rows(table: str, source: str, rows: list[list[object]], texts: list[list[str]],
              at: int, header: list[str], merges: Sequence[tuple[int, int, int, int]],
              tiers: Sequence[str],
              ) -> tuple[int, list[str], int, tuple[list[str], list[str], list[str]] | None,
                         list[str]]:
    """The header found in 0-based row `at`, joined with the row below or above it when
    that row continues or heads it (a workbook's sheet and a CSV file alike; a CSV has no
    merges): the header's last row, the header, its first row (1-based), its two rows as
    typed (RawTable.header_rows) and the notes to tell."""
    notes = [f"{source}: header in row {at + 1}; the {at} row(s) above it are skipped"] if at \
        else []
    header_row = at + 1
    below = _second_header_row(table, rows, at, header, merges, tiers)
    if below is not None and at + 1 < len(texts):
        # A name typed over several columns, the cells right of it blank (no merges: a
        # CSV file, or a sheet typed so): read so when that has fewer errors.
        typed = _second_header_row(table, rows, at, header,
                                   _typed_spans(header, texts[at + 1], at), tiers)
        if typed is not None and typed != below and not _repeated(table, typed, tiers) \
                and len(headers.resolve(table, typed, tiers).errors) \
                < len(headers.resolve(table, below, tiers).errors):
            below = typed
    header_rows = None
    above = _joined_with_above(table, rows, texts, at, merges, tiers) if below is None \
        else None
    if above is not None:
        # The row above the header heads it ('KODE' over 'KECAMATAN | KELURAHAN'): the
        # two rows are read as one, and the data start below the header row as found.
        at -= 1
        header_row = at + 1
        header, below = texts[at], above
        notes = [f"{source}: header in row {at + 1}; the {at} row(s) above it are skipped"] \
            if at else []
    if below is not None:
        lower = ["" if c is None else str(c) for c in rows[at + 1]]
        header_rows = (list(header), lower, _across(header, at, merges))
        joined = [h.strip() for h in below]
        names = [j for j, h in zip(joined, header, strict=False) if j != h.strip()]
        notes.append(f"{source}: the header spans rows {at + 1} and {at + 2}, read as one: "
                     + ", ".join(f"'{n}'" for n in names))
        header = below + [""] * (len(header) - len(below))
        at += 1
    return at, header, header_row, header_rows, notes


_CSV_NUMBER = re.compile(r"^\s*[+-]?(?:\d[\d.,\s]*)?\d%?\s*$")


def _typed(row: Sequence[str]) -> list[object]:
    """A CSV row's cells with the numbers as numbers (the two-row header looks for text
    only rows: a data row has a number)."""
    return [0.0 if _CSV_NUMBER.match(c) else c for c in row]


def _styles(book: Any) -> tuple[set[int], dict[int, str], set[int]]:
    """The workbook's cell styles whose number format is a percentage (built-in 9 and 10,
    or a format of its own holding %), those whose format of its own may show another
    figure than the cell holds (style -> the format: `formats.may_mislead`), and those
    whose font is struck through; all empty for most workbooks."""
    from optimizer.io import formats

    custom = list(getattr(book, "_number_formats", []))
    fonts = list(getattr(book, "_fonts", []))
    percent, odd, struck = set(), {}, set()
    for i, style in enumerate(getattr(book, "_cell_styles", [])):
        fmt = getattr(style, "numFmtId", 0)
        code = str(custom[fmt - 164]) if fmt >= 164 and fmt - 164 < len(custom) else ""
        if fmt in (9, 10) or "%" in code:
            percent.add(i)
        elif code and formats.may_mislead(code):
            odd[i] = code
        font = getattr(style, "fontId", 0)
        if font < len(fonts) and getattr(fonts[font], "strike", None):
            struck.add(i)
    return percent, odd, struck


def styled(book: Any, sheet_name: str, raw: RawTable, name: str) -> None:
    """Set a table's cells formatted as a percentage (`raw.percent`: file row -> {frame
    column: value}), its number cells formatted so as to show another figure
    (`raw.shown`) and its rows struck through (`raw.struck`). The sheet is read again
    only when the workbook has such a style."""
    percent, odd, struck = _styles(book)
    if not percent and not odd and not struck:
        return
    position = {raw.column(p): p for p in range(len(raw.header))}
    wanted = {int(r) for r in raw.row_numbers}
    crossed: dict[int, list[bool]] = {}
    with reading(name):
        for number, cells in enumerate(book[sheet_name].iter_rows(), start=1):
            if number not in wanted:
                continue
            for column, cell in enumerate(cells, start=1):
                style = getattr(cell, "_style_id", 0)
                value = getattr(cell, "value", None)
                if column not in position or value is None or value == "":
                    continue
                crossed.setdefault(number, []).append(style in struck)
                if not isinstance(value, int | float) or isinstance(value, bool):
                    continue
                if style in percent:
                    raw.percent.setdefault(number, {})[position[column]] = float(value)
                elif style in odd:
                    raw.shown.setdefault(number, {})[position[column]] = (float(value),
                                                                          odd[style])
    raw.struck = sorted(r for r, marks in crossed.items() if marks and all(marks))


def _second_header_row(table: str, rows: list[list[object]], at: int, header: list[str],
                       merges: Sequence[tuple[int, int, int, int]], tiers: Sequence[str],
                       ) -> list[str] | None:
    """The header joined with the row below it, when that row continues it: text only (no
    number, as a data row has), and more known headers read so than from the header row
    alone (a lower name counted as known alone too: 'SUDAH CETAK' over 'Pemula' is a
    header over two rows). An upper cell merged across columns heads each of them ('SIAP
    CETAK' over 'Pemula' and 'Penggantian' -> 'SIAP CETAK Pemula', 'SIAP CETAK
    Penggantian'). The upper words stay in the header, which is then read as a one-row
    header would be (tester qa9: 'SUDAH CETAK', the cards already printed, over 'Pemula |
    Penggantian' was read as 'Pemula' and planned as the backlog): only a word that groups
    coordinates ('KOORDINAT' over 'Latitude', `_GROUPS_COORDINATES`) is left out where the
    joined header is no header and the lower name is lat or lon."""
    if at + 1 >= len(rows):
        return None
    lower = rows[at + 1]
    if not any(isinstance(c, str) and c.strip() for c in lower) or any(
            isinstance(c, int | float) and not isinstance(c, bool) for c in lower):
        return None
    upper = _across(list(header) + [""] * max(0, len(lower) - len(header)), at, merges)
    joined, alone = [], []
    for position, up in enumerate(upper):
        low = lower[position] if position < len(lower) else None
        low_text = low.strip() if isinstance(low, str) else ""
        if not low_text:
            joined.append(up)
            alone.append(up)
        elif not up.strip():
            joined.append(low_text)
            alone.append(low_text)
        else:
            both = f"{up.strip()} {low_text}"
            joined.append(low_text if _groups_coordinates(table, up, low_text, both, tiers)
                          else both)
            alone.append(low_text)
    if max(_score(table, joined, tiers), _score(table, alone, tiers)) \
            <= _score(table, header, tiers):
        return None
    return joined


# Upper cells that only group the coordinates under them ('KOORDINAT' over 'Latitude |
# Longitude'): left out of a lower header read as lat or lon (normalized like headers).
_GROUPS_COORDINATES = frozenset({"koordinat", "titik_koordinat", "koordinat_gps", "gps",
                                 "lokasi", "letak", "posisi", "koordinat_lokasi",
                                 "letak_geografis", "coordinates", "coordinate", "location",
                                 "geolocation", "geolokasi"})


def _groups_coordinates(table: str, upper: str, lower: str, both: str,
                        tiers: Sequence[str]) -> bool:
    """Whether `upper` over `lower` only groups coordinates: 'KOORDINAT' over 'Latitude'
    (the joined 'KOORDINAT Latitude' is no header, 'Latitude' is lat)."""
    if headers.normalize(upper) not in _GROUPS_COORDINATES or _score(table, [both], tiers):
        return False
    found = headers.resolve(table, [lower], tiers)
    return bool(set(found.fields) & {"lat", "lon"})


def _across(header: Sequence[str], at: int, merges: Sequence[tuple[int, int, int, int]],
            ) -> list[str]:
    """The header row (0-based row `at`) with a cell merged across columns written in
    each column it covers ('SIAP CETAK' over the columns of 'Pemula | Penggantian')."""
    upper = list(header)
    for top, bottom, left, right in merges:
        if top <= at + 1 <= bottom and right > left:
            for column in range(left + 1, min(right, len(upper)) + 1):
                if not upper[column - 1].strip():
                    upper[column - 1] = upper[left - 1]
    return upper
def _repeated(table: str, cells: Sequence[str], tiers: Sequence[str]) -> bool:
    """Whether a known header stands twice in a row ('KECAMATAN' under 'KODE' and again
    under 'NAMA')."""
    seen: set[str] = set()
    for cell in cells:
        key = headers.normalize(cell)
        if not key or not _score(table, [cell], tiers):
            continue
        if key in seen:
            return True
        seen.add(key)
    return False


def _joined_with_above(table: str, rows: list[list[object]], texts: list[list[str]],
                       at: int, merges: Sequence[tuple[int, int, int, int]],
                       tiers: Sequence[str]) -> list[str] | None:
    """The header row joined with the row above it, when that row heads it: text only,
    and the header row found alone is ambiguous (a header stands twice: 'KECAMATAN |
    KELURAHAN' under both 'KODE' and 'NAMA') or leaves blank a column the row above
    names ('WAJIB KTP' merged down over both rows, or typed in the upper row only). The
    joined row ('KODE KECAMATAN', 'NAMA KECAMATAN', 'KOORDINAT LINTANG') is taken when
    it is read with no error at all; when the header row alone is ambiguous, also when
    it has fewer errors than that row (the file is refused either way, and its
    messages name the columns as the planner headed them: not 'KECAMATAN appears
    twice', nor 'WAJIB KTP' as a part of the column before it). None otherwise: the
    header row is read alone, as before."""
    if at < 1:
        return None
    upper, lower = texts[at - 1], texts[at]
    if any(isinstance(c, int | float) and not isinstance(c, bool) for c in rows[at - 1]):
        return None
    ambiguous = _repeated(table, lower, tiers)
    named = [i for i, c in enumerate(upper) if c.strip()]
    heads_blank = len(named) >= 2 and any(
        i >= len(lower) or not lower[i].strip() for i in named)
    spans = _typed_spans(upper, lower, at - 1)
    if _heads_columns(upper, lower, at - 1, merges):
        # 'SUDAH CETAK' typed over 'Pemula | Penggantian' (a CSV's ',,,,,,SUDAH CETAK,'):
        # its words are the columns' too, never dropped as a title's (tester qa9: the
        # cards already printed were planned as the backlog). Merged across, or typed in
        # the first of blank cells (`_typed_spans`): read so whatever the errors.
        joined = _second_header_row(table, rows, at - 1, upper, [*merges, *spans], tiers)
        if joined is not None and not _repeated(table, joined, tiers):
            return joined
    if not named or not (ambiguous or heads_blank):
        return None
    alone = len(headers.resolve(table, lower, tiers).errors) if ambiguous else 0
    fewer: list[str] | None = None
    for ranges in (list(merges), spans):
        joined = _second_header_row(table, rows, at - 1, upper, ranges, tiers)
        if joined is None or _repeated(table, joined, tiers):
            continue
        errors = len(headers.resolve(table, joined, tiers).errors)
        if not errors:
            return joined
        if errors < alone and fewer is None:
            fewer = joined
    return fewer


def _heads_columns(upper: Sequence[str], lower: Sequence[str], at: int,
                   merges: Sequence[tuple[int, int, int, int]]) -> bool:
    """Whether the row above the header (0-based row `at`) heads some of its columns ('SUDAH
    CETAK' over 'Pemula | Penggantian'), not a title: a text stands over a named column
    right of the table's first (a title is typed in the first cell, or merged across the
    whole table: 'DATA KELURAHAN KOTA PALEMBANG 2026'), and no cell is a label and its
    value ('Kota :', 'Kota: Palembang', as a report's heading writes them)."""
    named = [i for i, c in enumerate(upper) if c.strip()]
    columns = [i for i, c in enumerate(lower) if c.strip()]
    if not named or not columns or any(":" in upper[i] for i in named):
        return False
    whole = any(top <= at + 1 <= bottom and left - 1 <= columns[0] and right >= columns[-1] + 1
                for top, bottom, left, right in merges)
    return not whole and any(columns[0] < i <= columns[-1] and i < len(lower)
                             and lower[i].strip() for i in named)


def _typed_spans(upper: Sequence[str], lower: Sequence[str], at: int,
                 ) -> list[tuple[int, int, int, int]]:
    """Without merged cells, a name over several columns is typed in the first of them and
    the others left blank ('KODE', '' over 'KECAMATAN', 'KELURAHAN'): it heads the blank
    cells to its right that have a name below them, up to a name it already heads ('KODE'
    over 'KECAMATAN', 'KELURAHAN' and a second 'KELURAHAN' the name's: that one is not a
    code). As merged ranges of the upper row (0-based row `at`), for `_second_header_row`
    to try when the merges do not do."""
    spans = []
    for left, up in enumerate(upper):
        if not up.strip() or left >= len(lower) or not lower[left].strip():
            continue
        right, seen = left, {headers.normalize(lower[left])}
        while right + 1 < min(len(upper), len(lower)) and not upper[right + 1].strip() \
                and lower[right + 1].strip() \
                and headers.normalize(lower[right + 1]) not in seen:
            right += 1
            seen.add(headers.normalize(lower[right]))
        if right > left:
            spans.append((at + 1, at + 1, left + 1, right + 1))
    return spans


def _range_name(top: int, bottom: int, left: int, right: int) -> str:
    """'D4:D8' for rows 4-8 of column 4."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"


def _has_empty_cells(raw: RawTable) -> bool:
    return bool(raw.frame.isna().to_numpy().any())


def _refuse_uncached(source: str, rows: list[list[object]],
                     formulas: Sequence[Sequence[object]]) -> None:
    """Name formula cells whose value was never saved (openpyxl reads them as empty).

    `rows` are the sheet's values as read (cached values); `formulas` the same sheet's
    rows read with its formulas. Every cell empty in the first and a formula in the
    second counts.
    """
    from openpyxl.utils import get_column_letter

    found: list[str] = []
    for r, (values, written) in enumerate(zip(rows, formulas, strict=False), start=1):
        for c, value in enumerate(written):
            if isinstance(value, str) and value.startswith("=") and (
                    c >= len(values) or _is_empty(values[c])):
                found.append(f"{get_column_letter(c + 1)}{r}")
    if found:
        shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
        raise fail(source, f"{len(found)} formula cell(s) have no saved value ({shown})",
                   "open the file in Excel or LibreOffice, let it calculate, and save it; "
                   "or type the values instead of formulas")


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)
