"""A planner's own shipments (`blanko evaluate --shipments`): site -> blanks, from a file.

Read the way `--data` is read (docs/spreadsheets.md): a CSV in UTF-8 (with or without a
BOM), UTF-16 or Windows-1252, fields separated by `,` `;` tab or `|`, a title row above
the header, blank rows and an empty trailing column dropped; or an `.xlsx` workbook
(the sheet named like `shipments`/`pengiriman`, else its only sheet). Headers through
`headers.SHIPMENT_ALIASES` (`kode_kantor`, `blangko`, `jumlah_blangko`, ... any case);
numbers through `numbers.parse` in the locale stated or shown (`1.000` is refused as
ambiguous unless the locale is stated or shown to be Indonesian, like every count).

Every bad cell is an `InvalidInput` problem naming file, row and column and saying what
to change; nothing is guessed silently (every way the file was read that differs from
the plain case is a note).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from optimizer.io import grouping, headers, numbers, plausible
from optimizer.io.files import skip_notes_below
from optimizer.io.grouping import CellIssue
from optimizer.io.numbers import Locale
from optimizer.io.sheets import (
    RawTable,
    fail,
    hidden_columns,
    merged_problem,
    percent_issue,
    read_csv,
    shown_issues,
    struck_problem,
)
from optimizer.schema import InvalidInput, Problem

MAX_BLANKS = 10**12
SHEET_NAMES = ("shipments", "shipment", "pengiriman", "kiriman", "alokasi")
FIX_TOTALS_ROW = "delete it: every row must be one office's shipment"
FIX_EMPTY_BLANKS = ("fill in the blanks this site gets, or delete the row to leave the site "
                    "to the plan")


@dataclass
class Shipments:
    """site_id -> blanks the planner fixes, with the notes on how the file was read."""

    pins: dict[str, int]
    notes: list[str] = field(default_factory=list)
    # Where each pin was read, so that a later check (a site the instance does not know)
    # can name the cell: the file as problems name it, the site_id column's label, and
    # each site's row.
    source: str = ""
    site_column: str = "site_id"
    rows: dict[str, int] = field(default_factory=dict)
    # The file names its offices by name, not id: `pins` is keyed by the names as typed
    # until `pins_for` reads them as the offices of an instance.
    by_name: bool = False
    # site_id -> the name typed beside it (a file with both), checked by `pins_for`;
    # and that column's label.
    names: dict[str, str] = field(default_factory=dict)
    name_column: str = ""


def read_shipments(path: Path, locale: Locale | None = None) -> Shipments:
    """Rows of site_id and blanks (a header row first) -> {site_id: blanks}.

    `locale` states how text numbers are written ('id': 1.000 is a thousand; 'en':
    1,000 is); without it the file decides (a ';' file or a cell like 60,5 shows
    Indonesian) and a count either locale could read is refused.
    Raises InvalidInput naming file, row and column of every bad value: no such file,
    a missing column, an empty site id, a site listed twice, blanks that are empty or
    not a whole number from 0 to 10^12.
    """
    if not path.is_file():
        raise fail(str(path), "is not a file", "give the path of a .csv or .xlsx file")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        raw = _sheet(path)
    elif suffix == ".xls":
        raise fail(path.name, "is an old Excel 97-2003 workbook",
                   "open it in Excel or LibreOffice and save it as .xlsx")
    else:
        raw = read_csv(path, "shipments", ())
    notes = list(raw.notes)
    cols = _resolve(raw.header)
    if cols.errors:
        raise InvalidInput([Problem(location=f"{raw.source}, column {h}" if h else raw.source,
                                    message=m, fix=f) for h, m, f in cols.errors])
    # 'Sumber: ...' or a signature block below the shipments: skipped as in --data files.
    by_name = "site_id" not in cols.fields  # offices by name (`pins_for`)
    site_at = cols.fields["name" if by_name else "site_id"]
    name_at = cols.fields.get("name") if not by_name else None
    below = skip_notes_below(raw, {site_at})
    if below:
        notes.append(below)
    if cols.renamed:
        notes.append(f"{raw.source}: read " + ", ".join(f"'{h}' as {f}" for h, f in cols.renamed))
    notes += [f"{raw.source}: column '{h}' ignored ({why})" for h, why in cols.ignored]
    blanks_at = cols.fields["blanks"]
    # A hidden column read, a column read with merged cells, a row struck through:
    # refused as in a --data workbook (io.sheets; tester qa9: a hidden 'Alokasi' was
    # pinned with no word).
    hidden, shut = hidden_columns(raw, {p: f for f, p in cols.fields.items()})
    notes += shut
    problems = [*hidden, *(merged_problem(raw, p) for p in sorted(raw.merged)
                          if p in (site_at, blanks_at))]
    struck = struck_problem(raw)
    if struck is not None:
        problems.append(struck)
    problems += _cancelled(raw, {site_at, blanks_at, *cols.fields.values()}, blanks_at)
    if problems:
        raise InvalidInput(problems)
    site_label = _label(raw, site_at, "name" if by_name else "site_id")
    typed_names = _ids(raw.frame[name_at]) if name_at is not None else []
    blanks_label = _label(raw, blanks_at, "blanks")
    cells = raw.frame[blanks_at]
    texts = [v for v in cells.tolist() if isinstance(v, str)]
    evidence = numbers.Evidence([], [])
    evidence.add(f"{raw.source} {blanks_label}", texts)
    semicolons = [raw.source] if raw.separator == ";" else []
    chosen, why, conflict = numbers.decide(locale, evidence, semicolons)
    if conflict:
        raise fail(raw.source, f"the files show two ways of writing numbers: {conflict}",
                   "state which one is meant with --locale id or --locale en, or make the "
                   "cells agree")
    if chosen == "id" and locale is None:
        notes.append(f"numbers read in the {numbers.LOCALE_NAMES['id']} locale ({why}); state "
                     "--locale id|en to override")
    parsed = numbers.parse(cells, chosen, count=True, stated=locale is not None)
    issues: list[CellIssue] = []
    thousands = set(parsed.thousands_rows().tolist())
    failed = set(parsed.errors or ())
    pins: dict[str, int] = {}
    first_row: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, (site, value) in enumerate(zip(_ids(raw.frame[site_at]), parsed.values,
                                          strict=True)):
        row = raw.row(i)
        total = plausible.totals_in(site) is not None if site else any(
            isinstance(v, str) and plausible.totals_in(v.strip()) is not None
            for v in raw.frame.iloc[i].tolist())
        if total:
            # JUMLAH / Total under the shipments (tester qa7), also typed in a name column
            # beside a blank id (qa8): "unknown site 'JUMLAH'" or "must not be empty"
            # would have a planner look for an office of that name or fill in an id.
            issues.append(CellIssue(raw.source, site_label, row, "totals_row",
                                    "this looks like a totals row", repr(site) if site
                                    else repr(_total_text(raw.frame.iloc[i].tolist())),
                                    fix=FIX_TOTALS_ROW))
            continue
        if not site:
            issues.append(CellIssue(raw.source, site_label, row, "string_too_short",
                                    "must not be empty"))
            continue
        errors = [(label, typed) for label, typed in (
            (site_label, site), (blanks_label, str(cells.iloc[i]).strip()))
            if typed.casefold() in numbers.ERRORS_FOLDED and (label == site_label
                                                               or i in failed)]
        if errors:
            # Excel's error value (#N/A of a VLOOKUP, #DIV/0!): said as such, with the fix
            # for that error, never as an unknown site or a blanks cell not a number.
            issues += [CellIssue(raw.source, label, row, "formula_error",
                                 "holds an Excel error value: the cell's formula failed",
                                 repr(typed), fix=numbers.formula_fix(typed))
                       for label, typed in errors]
            continue
        if site in first_row:
            issues.append(CellIssue(raw.source, site_label, row, "duplicate_id",
                                    "repeat an id of an earlier row", repr(site),
                                    text=f"duplicate id '{site}' (first in row "
                                                         f"{first_row[site]})"))
            continue
        first_row[site] = row
        if typed_names and typed_names[i]:
            names[site] = typed_names[i]
        if i in thousands:
            typed = str(cells.iloc[i]).strip()
            message, fix, _ = numbers.thousands_reading(typed, chosen)
            issues.append(CellIssue(raw.source, blanks_label, row, "thousands_as_decimal",
                                    message, repr(typed), fix=fix))
            continue
        percent = raw.percent.get(row, {}).get(blanks_at)
        if percent is not None:
            # (Excel shows 0.2 as 20 %, 2 as 200 %: said as the --data reader says it)
            issues.append(percent_issue(raw.source, blanks_label, row, percent))
            continue
        issue = _blanks_issue(raw.source, blanks_label, row, value, bool(parsed.missing[i]),
                              bool(parsed.ambiguous[i]), bool(parsed.dates[i]), cells.iloc[i])
        if issue is not None:
            issues.append(issue)
        elif isinstance(value, int):
            pins[site] = value
    if raw.shown:  # ';;;' over 5000, '0"000"' over 5: Excel shows another figure
        issues += shown_issues(raw, blanks_label, blanks_at, parsed.values)
    if not issues:
        issues += _boxes_disagree(raw, cols, blanks_label, parsed.values, chosen)
    if issues:
        raise InvalidInput(grouping.group(issues))
    return Shipments(pins, notes, raw.source, site_label, first_row, by_name, names,
                     _label(raw, name_at, "name") if name_at is not None else "")


def _resolve(header: Sequence[object]) -> headers.Columns:
    """`headers.resolve` of a shipments header, where `Kantor` beside a column of office
    codes (`Kode Kantor | Kantor`, as the plan workbook's Indonesian `Kantor` sheet writes
    them) is the offices' names, not a second column of ids."""
    keys = [headers.normalize(h) for h in header]
    codes = set(headers.SHIPMENT_ALIASES["site_id"]) - {"kantor"}
    if "kantor" not in keys or not codes & set(keys):
        return headers.resolve("shipments", header)
    named = ["nama_kantor" if key == "kantor" else h for h, key in zip(header, keys, strict=True)]
    cols = headers.resolve("shipments", named)
    typed = str(header[keys.index("kantor")])
    cols.renamed = [(typed if h == "nama_kantor" else h, f) for h, f in cols.renamed]
    return cols


def _boxes_disagree(raw: RawTable, cols: headers.Columns, blanks_label: str,
                    blanks: Sequence[object], locale: Locale | None) -> list[CellIssue]:
    """Rows whose blanks are not their boxes times the box size every other row shows
    (`Jumlah Dus | Jumlah Lembar`: 3 boxes, 1,200 sheets where every other row has 500 a
    box): the blanks are read and the boxes are not, so a typo in either would pin the
    sheets silently (tester qa11a). The box size is the ratio of at least half the rows,
    three at least; rows with 0 or no boxes are not compared."""
    read = set(cols.fields.values())
    box_at = next((p for p, h in enumerate(raw.header) if p not in read
                   and headers.BOX_WORDS & set(headers.normalize(h).split("_"))), None)
    if box_at is None or box_at >= raw.frame.shape[1]:
        return []
    boxes = numbers.parse(raw.frame[box_at], locale, count=True, stated=True).values
    pairs = [(i, int(b), v) for i, (b, v) in enumerate(zip(boxes, blanks, strict=True))
             if isinstance(b, int) and not isinstance(b, bool) and b > 0
             and isinstance(v, int) and not isinstance(v, bool)]
    sizes: dict[int, int] = {}
    for _, b, v in pairs:
        if v % b == 0:
            sizes[v // b] = sizes.get(v // b, 0) + 1
    if not sizes:
        return []
    size, agree = max(sizes.items(), key=lambda item: (item[1], -item[0]))
    if agree < 3 or 2 * agree < len(pairs):
        return []
    box_label = str(raw.header[box_at])
    # (figures without grouping: 1200 reads the same in either locale)
    return [CellIssue(raw.source, blanks_label, raw.row(i), "boxes_disagree",
                      f"is not the boxes in column {box_label} times {size} blanks a box, as "
                      f"in the other rows (in brackets: the boxes)", f"{v} ({b})",
                      fix=f"correct the blanks or the boxes of the row (the blanks are read, "
                          f"the boxes are not): {size} blanks a box",
                      text=f"is {v}, not the {b} boxes in column {box_label} times {size} "
                           f"blanks a box ({b * size}), as in the other rows")
            for i, b, v in pairs if v != b * size]


def kecamatan_offices(typed: str, kecamatan: Mapping[str, str]) -> str:
    """The offices of the kecamatan `typed` names ('Ilir Barat II', 'Kec. Ilir Barat II',
    'Kecamatan Ilir Barat 2': compared as names are), else ''."""
    from optimizer.io.plausible import office_name_key

    key = office_name_key(typed)
    for name, offices in kecamatan.items():
        folded = office_name_key(name)
        if key in (folded, office_name_key(f"Kecamatan {name}")):
            return offices
    return ""


# What a remark says of a shipment that is not sent ('Batal', 'dibatalkan', 'Tidak jadi',
# 'Ditunda', 'cancelled'), normalized as a header is, matched as whole words.
_CANCELLED = ("batal", "dibatalkan", "pembatalan", "tidak_jadi", "tdk_jadi", "ditunda",
              "tunda", "tidak_dikirim", "tdk_dikirim", "urung", "cancel", "cancelled",
              "canceled", "void", "postponed")


def _cancelled(raw: RawTable, read: set[int], blanks_at: int) -> list[Problem]:
    """A shipment row a column not read says is not sent ('Batal', 'dibatalkan, diganti
    tahap 2'): pinned all the same, its office priced with blanks the planner cancelled
    (tester qa10). Refused at that column, naming the rows; the fix: delete the row (the
    office left to the plan) or write 0 (sent nothing), or clear the remark. A row of 0
    blanks sends nothing and is not refused."""
    problems = []
    nothing = [v is None or (isinstance(v, int | float) and not isinstance(v, bool)
                             and v == 0) or str(v).strip() in ("", "0", "-")
               for v in raw.frame[blanks_at].tolist()]
    for position, header in enumerate(raw.header):
        if position in read or position >= raw.frame.shape[1]:
            continue
        said = []
        for i, value in enumerate(raw.frame[position].tolist()):
            if not isinstance(value, str) or not value.strip() or nothing[i]:
                continue
            key = f"_{headers.normalize(value)}_"
            if any(f"_{word}_" in key for word in _CANCELLED):
                said.append((raw.row(i), value.strip()))
        if said:
            rows = ", ".join(str(r) for r, _ in said[:5]) + (", ..." if len(said) > 5 else "")
            problems.append(Problem(
                location=f"{raw.source}, column {header}",
                message=f"says a shipment is not sent in row(s) {rows} ('{said[0][1]}'), but "
                        "its blanks are read as pinned: the column is not read",
                fix="delete the rows of shipments not sent (the offices are then left to "
                    "the plan), or write 0 blanks for them; if they are sent, clear the "
                    "cells"))
    return problems


def _blanks_issue(source: str, column: str, row: int, value: object, missing: bool,
                  ambiguous: bool, date: bool, cell: object) -> CellIssue | None:
    """The problem of one blanks cell, or None when it holds a whole number 0..10^12."""
    typed = repr(str(cell).strip()) if isinstance(cell, str) else repr(cell)
    if ambiguous:
        from optimizer.io.separators import locale_fix, two_readings

        return CellIssue(source, column, row, "ambiguous_number",
                         two_readings(str(cell)), typed, fix=locale_fix(str(cell)))
    if missing:
        return CellIssue(source, column, row, "missing_value", "is empty (blank, N/A or -)",
                         fix=FIX_EMPTY_BLANKS)
    if date:  # (as the --data reader shows it: '2026-01-15', not datetime.datetime(...))
        return CellIssue(source, column, row, "date_in_number",
                         "holds a date where a number belongs",
                         repr(numbers.date_text(value if value is not None else cell)))
    if isinstance(value, bool) or not isinstance(value, int):
        kind = "int_from_float" if isinstance(value, float) and value == value else "int_type"
        return CellIssue(source, column, row, kind, "must be a whole number", typed)
    if value < 0:
        return CellIssue(source, column, row, "greater_than_equal", "must be >= 0", typed)
    if value > MAX_BLANKS:
        return CellIssue(source, column, row, "less_than_equal",
                         f"must be <= {MAX_BLANKS:,}", typed,
                         fix="correct the values (check the unit: counts are cards, distances "
                             "km, coordinates degrees)")
    return None


def _total_text(cells: list[object]) -> str:
    """The cell of a row that says it is a total ('Jumlah')."""
    return next(v.strip() for v in cells
                if isinstance(v, str) and plausible.totals_in(v.strip()) is not None)


def _label(raw: RawTable, position: int, name: str) -> str:
    header = raw.header[position]
    return headers.label(header, name)


def _ids(cells: pd.Series) -> list[str]:
    out = []
    for value in cells.tolist():
        if value is None or (isinstance(value, float) and value != value):
            out.append("")
        elif isinstance(value, float) and value.is_integer():
            out.append(str(int(value)))  # a workbook's id typed as 1001
        else:
            out.append(str(value).strip())
    return out


# The plan workbook's sheets (optimizer.io.report.report_sheets, in English and in
# Bahasa Indonesia): its summary, and the offices with their blanks to send.
PLAN_BOOK_SHEETS = (("summary", "offices"), ("ringkasan", "kantor"))


def _plan_offices_sheet(book: Any) -> list[str]:
    """[the Offices sheet's name] when `book` is a plan workbook (its summary sheet first,
    its offices second, as `blanko plan --xlsx` writes them), else []."""
    names = list(book.sheetnames)
    keys = [headers.normalize(n) for n in names]
    for summary, offices in PLAN_BOOK_SHEETS:
        if keys[:2] == [summary, offices]:
            return [names[1]]
    return []


def _sheet(path: Path) -> RawTable:
    """The shipments sheet of a workbook: the one named so, else the only one. Read as a
    `--data` sheet is (io.sheets): loaded again whole when it has hidden rows or columns
    or merged cells, and the cells formatted as a percentage or so as to show another
    figure, and the rows struck through, found for the reader to refuse."""
    from optimizer.io.sheets import (
        _layout_matters,
        _refuse_uncached,
        _sheet_table,
        keep_styled,
        open_book,
        reading,
        sheet_rows,
        styled,
        whole_sheet,
    )

    book = open_book(path)
    try:
        named = [n for n in book.sheetnames if headers.normalize(n) in SHEET_NAMES]
        if not named:
            # The plan workbook (`blanko plan --xlsx`), its offices' blanks edited or not:
            # its Offices sheet (tester qa11a: refused as no shipments sheet).
            named = _plan_offices_sheet(book)
        if not named and len(book.sheetnames) != 1:
            raise fail(path.name, f"is not one of {', '.join(SHEET_NAMES)}",
                       "name the sheet of the shipments 'shipments' (or keep only that sheet)")
        name = (named or book.sheetnames)[0]
        with reading(path.name):
            rows = sheet_rows(book[name])
        part = getattr(book[name], "_worksheet_path", None)
        raw = _sheet_table("shipments", f"{path.name}[{name}]", rows, ())
        raw.book, raw.sheet = path, name
        styled(book, name, raw, path.name)
    finally:
        book.close()
    if raw.frame.isna().to_numpy().any():
        formulas = open_book(path, data_only=False)
        try:
            with reading(path.name):
                written = sheet_rows(formulas[name])
        finally:
            formulas.close()
        _refuse_uncached(raw.source, rows, written)
    if _layout_matters(path, [(part, raw.header_row)]):
        import openpyxl

        with reading(path.name):
            whole = openpyxl.load_workbook(path, read_only=False, data_only=True)
        try:
            with reading(path.name):
                rows, merges, hidden, columns = whole_sheet(whole[name])
        finally:
            whole.close()
        streamed = raw
        raw = _sheet_table("shipments", streamed.source, rows, (), merges, hidden, columns)
        keep_styled(streamed, raw)
    return raw


def pins_for(read: Shipments, sites: Sequence[tuple[str, str | None]],
             kecamatan: Mapping[str, str] | None = None) -> tuple[dict[str, int], list[str]]:
    """The pins of `read` as site ids of an instance whose offices are `sites` (site_id,
    name), and the notes on how names were read. A file naming its offices by name
    (`Nama Kantor | Jumlah Blangko`, tester qa11a) is read by name, each name as the
    offices' names compare (case, spacing, punctuation and the standard abbreviations
    aside: plausible.office_name_key); a name no office has, or two offices have, is
    refused at its row. A file with ids and names has each name checked against its id:
    a name that is another office's (columns sorted apart, a row pasted under the wrong
    code) is refused at its row, never pinned to either. `kecamatan` (a kecamatan's
    name -> the offices in it, as 'KEC-16.71.01' or 'KEC-16.71.04, DISDUKCAPIL'): a name
    that is a kecamatan's, not an office's, is refused naming its offices."""
    from optimizer.io.plausible import office_name_key

    by_key: dict[str, list[str]] = {}
    for site_id, name in sites:
        if name:
            by_key.setdefault(office_name_key(name), []).append(site_id)
    problems: list[Problem] = []
    notes: list[str] = []
    of_id = dict(sites)
    # A column read as ids ('Kantor') that holds the offices' names, every one of them,
    # and no id: read by name as well.
    names_only = bool(read.pins) and not read.by_name and all(
        typed not in of_id and len(by_key.get(office_name_key(typed), [])) == 1
        for typed in read.pins)
    if read.by_name or names_only:
        pins: dict[str, int] = {}
        taken: dict[str, str] = {}
        for typed, blanks in read.pins.items():
            where = f"{read.source} row {read.rows.get(typed, 0)}, column {read.site_column}"
            found = by_key.get(office_name_key(typed), [])
            offices = kecamatan_offices(typed, kecamatan or {})
            if not found and offices:
                problems.append(Problem(
                    location=where,
                    message=f"is the name of a kecamatan, not of an office (its offices: "
                            f"{offices}), got '{typed}'",
                    fix="write the office's name as the sites table writes it (or its id, "
                        "in a column Kode Kantor)"))
                continue
            if len(found) != 1:
                problems.append(Problem(
                    location=where,
                    message=(f"names no office of the sites table, got '{typed}'" if not found
                             else f"is the name of {len(found)} offices ({', '.join(found)}), "
                                  f"got '{typed}'"),
                    fix="write the office's name as the sites table writes it, or add a "
                        "column of the offices' ids (Kode Kantor) and use it"))
                continue
            site_id = found[0]
            if site_id in taken:
                problems.append(Problem(
                    location=where,
                    message=f"names office {site_id} again: '{typed}' (first as "
                            f"'{taken[site_id]}' in row {read.rows.get(taken[site_id], 0)})",
                    fix="keep one row an office: delete the other, or correct its name"))
                continue
            taken[site_id] = typed
            pins[site_id] = blanks
        if problems:
            raise InvalidInput(problems)
        notes.append(f"{read.source}: offices read by their names in column "
                     f"{read.site_column} (no column of ids)")
        return pins, notes
    for site_id, typed in read.names.items():
        if site_id not in of_id:
            continue  # (an unknown id is refused by the caller, naming it)
        key = office_name_key(typed)
        own = of_id[site_id]
        found = by_key.get(key, [])
        if own and key != office_name_key(own) and found and site_id not in found:
            problems.append(Problem(
                location=f"{read.source} row {read.rows.get(site_id, 0)}, column "
                         f"{read.name_column}",
                message=f"is the name of office {', '.join(found)}, but the row's id is "
                        f"{site_id} ({own}), got '{typed}'",
                fix="correct the row: the id and the name must be of one office (were the "
                    "columns sorted apart?)"))
    if problems:
        raise InvalidInput(problems)
    return dict(read.pins), notes
