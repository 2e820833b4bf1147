"""Instances in: a folder of CSVs, an .xlsx workbook, or an instance .json.

The tables are `sites`, `areas`, and optionally `districts`, `distances` and `tiers`
(CSV files or sheets; names in any case or in Indonesian, see `headers.TABLE_ALIASES`).
Headers are read through the alias table of `optimizer.io.headers`; numbers through
`optimizer.io.numbers` (Indonesian or English locale); files through
`optimizer.io.sheets` (encodings, separators, title rows, uncached formulas).

Demand tiers are declared, never inferred: `first_time` then `replacement` unless a
`tiers` table (columns `name` and optional `order`) or the `tiers` argument says
otherwise. Districts may be given by code or by name (matched to the districts table,
case and spacing aside).

Nothing is guessed silently: every way a file was read that differs from the plain
case (a header alias, an ignored column, the locale, the encoding) is a note in
`Loaded.notes`, and every bad value is an `InvalidInput` problem grouped by file,
column and kind, naming the rows and saying what to change.
"""

from __future__ import annotations

import datetime
import functools
import re
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import contains, gt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from optimizer.engine.lines import paused_gc
from optimizer.io import grouping, headers, numbers, plausible
from optimizer.io.fastrows import DictColumn, Seen, fast_instance_from_columns
from optimizer.io.grouping import CellIssue
from optimizer.io.numbers import Locale
from optimizer.io.separators import locale_fix, two_readings, without_exponent
from optimizer.io.sheets import (
    RawTable,
    fail,
    hidden_columns,
    merged_problem,
    percent_cell,
    percent_issue,
    read_csv,
    read_workbook,
    rounded_cell,
    shown_issues,
    stock_sheet,
    struck_problem,
)
from optimizer.io.strict_json import JsonRefused, strict_json
from optimizer.schema import (
    DEFAULT_TIERS,
    Instance,
    InvalidInput,
    Problem,
    id_key,
    invisible_characters,
    problems_from,
)

TABLES = ("sites", "areas", "districts", "distances", "tiers")
INT_FIELDS = {
    "sites": ("printers", "cards_per_printer_day", "working_days", "stock", "storage_cap"),
    "areas": ("population",),
    "districts": (),
    "distances": (),
    "tiers": ("order",),
}
FLOAT_FIELDS = {"sites": ("lat", "lon"), "areas": ("lat", "lon"), "districts": (),
                "distances": ("km",), "tiers": ()}
OPTIONAL = {"storage_cap", "stock", "population", "name", "order"}
_TIER = re.compile(r"^[a-z][a-z0-9_]*$")
# A kecamatan code of digits, with its dots or without (16.71.01, 167101).
_CODE_DIGITS = re.compile(r"^\d+(?:\.\d+)*$")
# A number the Indonesian locale reads with the dot as thousands: 21.099, 1.234.567.
_DOTTED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+$")
# A number the English locale reads with the comma as thousands: 2,176, 21,099.
_COMMAED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+$")
# What cannot be an id (schema.Id): spaces, commas, semicolons, control characters.
_NOT_ID = re.compile(r"[\s,;\x00-\x1f\x7f-\x9f]")
# Kecamatan written in two letter cases said one a line; the others in one more line.
_SHOWN_CLASHES = 3
# Columns whose cells merged down over rows are read in each row (files._merged).
_FILLED = frozenset({"district_id", "name"})
_MISREAD = frozenset({"read_dotted", "read_commaed"})
_RANGE_KINDS = frozenset({"less_than_equal", "greater_than_equal", "less_than", "greater_than"})
# A latitude header that says south (LS, lintang selatan): values written positive there.
_SOUTH = re.compile(r"\bLS\b|selatan|\bsouth\b", re.I)
# A code Excel showed in scientific notation and saved so (a CSV saved from a column too
# narrow for 1671011001: '1,67101E+09' in the Indonesian locale, '1.67101E+09' in the
# English): Excel's form, one digit, up to 14 decimals, E, a signed exponent of 2-3 digits.
_SCIENTIFIC = re.compile(r"-?\d(?:[.,]\d{1,14})?[Ee][+-]\d{2,3}")
_ID_FIELDS = frozenset({"site_id", "area_id", "district_id"})
# A space (any of numbers.SPACES) between two digits.
_SPACED_DIGITS = re.compile(r"\d[ \u00a0\u2009\u202f]+\d")
# A blank coordinate: never "0 where there is none" (0, 0 is 15,000 km from Indonesia).
_COORDINATE_FIX = {
    ("areas", "lat"): "fill in the kelurahan's latitude in decimal degrees, e.g. -2.99 "
                      "(never 0)",
    ("areas", "lon"): "fill in the kelurahan's longitude in decimal degrees, e.g. 104.75 "
                      "(never 0)",
    ("sites", "lat"): "fill in the office's latitude in decimal degrees, e.g. -2.99 (never 0)",
    ("sites", "lon"): "fill in the office's longitude in decimal degrees, e.g. 104.75 "
                      "(never 0)",
}
# A number with a mark after its last digit ('5.', '5,'): no locale writes one so.
_TRAILING_MARK = re.compile(r"^[+-]?\d+[.,]$")
# A blank km: never "0 where there is none" (0 km plans residents 10 km away as next door).
_MISSING_FIX = {**_COORDINATE_FIX,
                ("distances", "km"): "delete the row (without it the distance is computed "
                                     "from the coordinates) or type the measured road km; "
                                     "never 0 for a distance not measured"}
# What to check when a measured distance is far above the coordinates' (by the locale
# the numbers were read in: the usual cause is a decimal point read as thousands).
_LONG_FIX = {
    "id": "check the unit (km, not metres) and the separators: the numbers were read in "
          "the Indonesian locale, where 2.176 is two thousand one hundred seventy-six; "
          "write km with a decimal comma (2,176), or write every file in one locale and "
          "state it with --locale",
    "en": "check the unit (km, not metres) and the separators: the numbers were read in "
          "the English locale, where 2,176 is two thousand one hundred seventy-six; write "
          "km with a decimal point (2.176), or write every file in one locale and state it "
          "with --locale",
}
# A digit, an E and a digit (1,67101E+09): what every such cell holds, searched for over
# the whole column at once before any cell is matched alone.
_SCIENTIFIC_PART = re.compile(r"\d[eE][+-]?\d")


@dataclass(frozen=True)
class _Table:
    """A table read a column at a time: `n` rows; `columns[key]` holds every row's value
    of a row key (a field, or `backlog`: a dict per area, as a `DictColumn` of the tiers'
    columns); `dropped[key]` marks the rows that leave an optional field out (an empty
    cell: the model's default applies)."""

    n: int
    columns: dict[str, Sequence[Any]]
    dropped: dict[str, np.ndarray]

    def rows(self) -> list[dict[str, Any]]:
        """One dict per row, keys in column order, without the keys a row leaves out."""
        keys = list(self.columns)
        columns = [c.dicts() if isinstance(c, DictColumn) else c
                   for c in (self.columns[k] for k in keys)]
        rows = [dict(zip(keys, values, strict=True))
                for values in zip(*columns, strict=True)] if keys \
            else [{} for _ in range(self.n)]
        for key, empty in self.dropped.items():
            for i in np.flatnonzero(empty):
                del rows[i][key]
        return rows


@dataclass
class Loaded:
    """An instance with the notes on how its files were read (for the planner to see)."""

    instance: Instance
    notes: list[str] = field(default_factory=list)


def load_instance(path: str | Path, name: str | None = None, *, locale: Locale | None = None,
                  tiers: Sequence[str] | None = None) -> Instance:
    """Read an instance from a folder of CSVs, an `.xlsx` workbook or a `.json` file.

    `locale` states how text numbers are written ('id': 1.234,5; 'en': 1,234.5); without
    it the files decide, and an ambiguous count is refused. `tiers` declares the demand
    tiers in priority order (else a tiers table, else first_time, replacement).
    For a `.json` instance, `tiers` may only reorder the instance's own tiers and a
    `locale` is refused (its numbers are JSON numbers): neither is ignored silently.
    Raises InvalidInput with every problem grouped by file, column and kind.
    """
    return read_instance(path, name, locale=locale, tiers=tiers).instance


def read_instance(path: str | Path, name: str | None = None, *, locale: Locale | None = None,
                  tiers: Sequence[str] | None = None) -> Loaded:
    """`load_instance` with the notes on how each file was read."""
    path = Path(path)
    if path.suffix.lower() == ".json" and path.is_file():
        return _read_json(path, locale, tiers)
    if path.is_dir():
        raws, notes = _read_folder(path, tiers)
    elif path.suffix.lower() in {".xlsx", ".xlsm"} and path.is_file():
        raws, notes = read_workbook(path, lambda t: _tiers_for_sniffing(t, tiers),
                                     tiers_stated=bool(tiers))
    elif path.suffix.lower() == ".xls" and path.is_file():
        raise fail(path.name, "is an old Excel 97-2003 workbook",
                   "open it in Excel or LibreOffice and save it as .xlsx")
    else:
        raise fail(str(path), "must be a folder of CSV files, an .xlsx workbook or an "
                              "instance .json file")
    missing = [t for t in ("sites", "areas") if t not in raws]
    if missing and path.is_dir():
        books = sorted(f.name for f in path.iterdir()
                       if f.is_file() and f.suffix.lower() in BOOK_SUFFIXES)
        if books:  # a table per workbook (kantor.xlsx, kelurahan.xlsx): never read
            raise fail(str(path), f"has no CSV file of a table it needs ({', '.join(missing)}), "
                                  f"but holds workbooks ({', '.join(books)}): a folder is "
                                  f"read as CSV files, one per table", FOLDER_BOOKS_FIX)
    if missing:
        raise InvalidInput([Problem(location=str(path), message=f"has no '{t}' table",
                                    fix=f"add {t}.csv (or a sheet named {t}; also accepted: "
                                        f"{', '.join(headers.TABLE_ALIASES[t][1:5])})")
                            for t in missing])
    return _Builder(raws, notes, locale, tiers).build(name or path.stem)


# --------------------------------------------------------------------------- JSON


def _read_json(path: Path, locale: Locale | None, tiers: Sequence[str] | None) -> Loaded:
    """A .json instance; `tiers` reorders its tiers (the same names, a new priority), with
    the note a folder's --tiers gets. A `locale` is refused: a JSON number is read one way,
    and a locale that changed nothing would be a silent no-op."""
    if locale is not None:
        raise fail("--locale", "does not apply to a .json instance: its numbers are JSON "
                               "numbers, read one way",
                   "leave --locale out (it is for a folder of CSVs or an .xlsx)")
    if not tiers:
        return Loaded(_load_json(path))
    given = tuple(tiers)
    if any(not _TIER.match(t) for t in given) or len(set(given)) != len(given):
        raise fail("--tiers", f"tier names must be unique, lower case letters, digits "
                              f"and _ (got {', '.join(given)})")
    instance = _load_json(path)
    if set(given) != set(instance.tiers):
        raise fail("--tiers", f"{path.name} has the tiers {', '.join(instance.tiers)}: --tiers "
                              f"may only reorder them (given: {', '.join(given)})",
                   f"list each of {', '.join(instance.tiers)} once, highest priority first")
    reordered = Instance.model_validate({**instance.model_dump(), "tiers": list(given)})
    return Loaded(reordered, [f"tiers (highest priority first): {', '.join(given)} (--tiers)"])


def _load_json(path: Path) -> Instance:
    try:
        data = strict_json(path.read_bytes(), path.name)
    except JsonRefused as refused:
        if not refused.pointer:
            raise
        # A key twice or a number JSON does not allow, at its place in the file, as the
        # instance's own problems are said ("kota.json at /areas/2/lon").
        raise InvalidInput([p.model_copy(update={"location": f"{path.name} at {p.pointer}"})
                            for p in refused.problems]) from None
    if isinstance(data, dict) and isinstance(data.get("instance"), dict):
        # The service's GET /v1/datasets/NAME?instance=true answer: the dataset's summary,
        # the instance one member of it (validated whole: 'Input should be a valid tuple').
        name = data.get("name") if isinstance(data.get("name"), str) else "NAME"
        raise fail(path.name, f"is a dataset's description (the answer of GET "
                              f"/v1/datasets/{name}?instance=true), not an instance: the "
                              "instance is its member 'instance'",
                   "save the value of its 'instance' member alone as the .json file (or plan "
                   f"the dataset by its name: --dataset {name})")
    try:
        instance = Instance.model_validate(data)
    except ValidationError as error:
        kinds = [str(e["type"]) for e in error.errors(include_url=False)]
        # The whole file (pointer ''): its name alone, not "list.json at ".
        raise InvalidInput([p.model_copy(update={"location": f"{path.name} at {p.pointer}"
                                                 if p.pointer else path.name,
                                                 "fix": grouping.FIXES.get(kind, "")})
                            for p, kind in zip(problems_from(error), kinds, strict=True)]) \
            from None
    except TypeError as error:
        raise fail(path.name, f"a value has the wrong type ({error})") from None
    found = plausible.findings(instance)
    if found:
        problems = []
        for f in found:
            pointer = f"/{f.table}/{f.index}/{f.field}"
            problems.append(Problem(location=f"{path.name} at {pointer}", message=f.text,
                                    pointer=pointer, fix=f.fix or grouping.FIXES[f.kind]))
        raise InvalidInput(problems)
    return instance


# --------------------------------------------------------------------------- tables


def _tiers_for_sniffing(table: str, tiers: Sequence[str] | None) -> Sequence[str]:
    return tuple(tiers or DEFAULT_TIERS) if table == "areas" else ()


# The files of a data folder that may hold a table (`folder_tables`).
FOLDER_SUFFIXES = (".csv", ".txt", ".tsv")
BOOK_SUFFIXES = (".xlsx", ".xlsm")
# A table per workbook (kantor.xlsx, kelurahan.xlsx), as offices keep them: the input is
# one workbook with a sheet per table, or CSV files (tester qa11: a folder of them was
# said to have "no 'sites' table; add sites.csv", the page said "upload one workbook at a
# time", and either workbook alone was still refused).
_BOOKS_HOW = ("copy the sheets into one workbook (in Excel: right-click a sheet's tab, Move "
              "or Copy, To book), each sheet named as its table (kantor, kelurahan, "
              "kecamatan, jarak)")
FOLDER_BOOKS_FIX = (f"{_BOOKS_HOW}, and give that workbook to --data; or save each sheet as "
                    f"CSV (File, Save As, CSV) into the folder")
UPLOAD_BOOKS_FIX = (f"{_BOOKS_HOW}, and upload that workbook; or save each sheet as CSV "
                    f"(File, Save As, CSV) and upload the CSV files together")


def folder_tables(names: Sequence[str], where: str) -> tuple[dict[str, str], list[str]]:
    """Which table each file of a data folder holds, by its name alone: the rule of the
    command line's `--data FOLDER` and of the page's uploaded CSV files.

    `names`: file names without folders, in any order; names not ending in
    FOLDER_SUFFIXES are passed over. A name stands for a table by `headers.table_of`
    (any case; Indonesian and English names; `Data Kantor`, `Daftar Kelurahan`).
    Returns ({table: file name}, notes on the files that are no table). Raises
    InvalidInput located at `where` (the folder, or the page's file field) when two names
    are one table, the same name twice included (sites.csv and Sites.csv, kantor.csv and
    sites.csv): planning with one of them would drop the other's rows silently.
    """
    found: dict[str, str] = {}
    notes: list[str] = []
    listed = [n for n in sorted(names) if Path(n).suffix.lower() in FOLDER_SUFFIXES]
    # A copy's name ('kelurahan (1).csv', a download saved again) stands for its table when
    # no file has the table's own name and no other copy does (tester qa7: the page said
    # "no areas table"); beside the original it is compared as an updated copy.
    own = {headers.table_of(Path(n).stem) for n in listed}
    copies: dict[str, list[str]] = {}
    for name in listed:
        table = headers.copy_table_of(Path(name).stem)
        if table is not None and table not in own:
            copies.setdefault(table, []).append(name)
    by_copy = {names_[0]: table for table, names_ in copies.items() if len(names_) == 1}
    for name in listed:
        table = headers.table_of(Path(name).stem) or by_copy.get(name)
        if table is None:
            notes.append(f"{name}: not read (the tables are {', '.join(TABLES)})")
            continue
        if table in found:
            raise fail(where, f"{found[table]} and {name} are both the {table} table",
                       "keep one of them" if not headers.may_be_parts(
                           table, Path(found[table]).stem, Path(name).stem) else
                       "if both hold rows to plan (kelurahan in one, desa in the other), "
                       "copy the rows of one below the rows of the other in one file and "
                       "delete the emptied file; if one is an old copy, delete it")
        found[table] = name
        if name in by_copy:
            notes.append(f"read '{name}' as the {table} table")
    return found, notes


def _first_rows(path: Path, limit: int | None = 200) -> list[list[str]]:
    """The first `limit` rows (None: all) of a text file not read as a table, split as a
    CSV (the separator sniffed among , ; tab |), or [] when it is no text of rows."""
    import csv

    try:
        data = path.read_bytes()
        data = data if limit is None else data[:65536]
    except OSError:
        return []
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return []
    lines = text.splitlines()[:limit] if limit is not None else text.splitlines()
    try:
        dialect: Any = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(lines, dialect)]


def _updated_copies(path: Path, files: Mapping[str, Path], found: Mapping[str, str],
                    tiers: Sequence[str] | None) -> list[str]:
    """Files of the folder not read as a table whose header could be read as a table that
    is (`sheets.holds_table`): an updated table saved beside the old one
    ('kelurahan_terbaru.csv', 'update_26nov.csv'). Raises InvalidInput when their rows
    differ (planning the old one would plan figures the planner did not mean); notes a
    copy with the same rows."""
    from optimizer.io.sheets import data_rows, declares_tiers, holds_table, parts_fix, row_keys

    notes = []
    read = set(found.values())
    for name in sorted(files):
        if name in read or Path(name).suffix.lower() not in FOLDER_SUFFIXES:
            continue
        rows = _first_rows(files[name])
        stem = Path(name).stem
        named = headers.copy_of(stem) or headers.named_like(stem)
        # (the table its name holds first, then the tables of more columns: a kelurahan
        # file holds the kecamatan's code and name too)
        order = sorted(found, key=lambda t: (t != named, -len(headers.REQUIRED[t])))
        # A table the folder lacks whose header this file has ('kelurahan_30nov.csv',
        # 'Kelurahan Terbaru.csv' and no kelurahan.csv): it is that table under a name not
        # read, not a copy of the districts table (a kelurahan file has the kecamatan's
        # code and name too), and the fix names the file to make.
        # (the tables a folder must have; an optional one when the name says it: a
        # report per kecamatan beside the tables is no kecamatan table)
        wanted = {"areas", "sites"} | ({"districts", "distances"} & {named or ""})
        for table in sorted(wanted, key=lambda t: (t != named, -len(headers.REQUIRED[t]))):
            if table in found or not holds_table(table, rows,
                                                 list(_tiers_for_sniffing(table, tiers))):
                continue
            if any(len(headers.REQUIRED[t]) >= len(headers.REQUIRED[table])
                   and t != table and holds_table(t, rows, list(_tiers_for_sniffing(t, tiers)))
                   for t in found):
                break  # (as much another table the folder has: compared with it below)
            raise fail(str(path), f"{name} has the header of the {table} table, but no file "
                                  f"is named as the {table} table",
                       f"name the file that holds the {table} table you mean "
                       f"{_TABLE_FILES[table]} (or {table}.csv); delete the other copies, "
                       "if any")
        if "tiers" not in found and not tiers and declares_tiers(
                rows, _tiers_for_sniffing("areas", tiers)):
            # ('prioritas.csv' with 'Kelompok;Urutan': the tiers' order, not read, and
            # the default order planned: tester qa10)
            raise fail(str(path), f"{name} has the header of the tiers table, but no file "
                                  "is named as the tiers table",
                       f"name the file that holds the tiers table you mean "
                       f"{_TABLE_FILES['tiers']} (or tiers.csv); delete the other copies, "
                       "if any")
        for table in order:
            kept = found[table]
            tiers_of = list(_tiers_for_sniffing(table, tiers))
            if not holds_table(table, rows, tiers_of):
                continue
            full = _first_rows(files[name], limit=None)
            if data_rows(full, table, tiers_of) == data_rows(
                    _first_rows(files[kept], limit=None), table, tiers_of):
                notes.append(f"{name}: not read (a copy of {kept} with the same data)")
                break
            others = [full, _first_rows(files[kept], limit=None)]
            if all(row_keys(rows, table, tiers_of) for rows in others) and not set.intersection(
                    *(row_keys(rows, table, tiers_of) for rows in others)):
                # (no row id in both: a file per kecamatan, not an edited copy; deleting
                # one would plan the other's kelurahan only: tester qa10)
                raise fail(str(path), f"{kept} and {name} could both be the {table} table, "
                                      "and no row id is in both",
                           parts_fix(table, [kept, name], "file"))
            raise fail(str(path), f"{kept} and {name} could both be the {table} table",
                       f"keep only the file with the data you mean: delete the other and "
                       f"name the one kept {table}.csv")
    return notes


# The file name a table is read from, as a fix says it (Indonesian first).
_TABLE_FILES = {"areas": "kelurahan.csv", "sites": "kantor.csv", "districts": "kecamatan.csv",
                "distances": "jarak.csv", "tiers": "kelompok.csv"}


def _read_folder(path: Path, tiers: Sequence[str] | None) -> tuple[dict[str, RawTable],
                                                                    list[str]]:
    files = {f.name: f for f in path.iterdir() if f.is_file()}
    found, notes = folder_tables(list(files), str(path))
    copies = _updated_copies(path, files, found, tiers)
    notes = [n for n in notes if not any(n.startswith(c.split(":")[0] + ":")
                                         for c in copies)] + copies
    raws = {t: read_csv(files[name], t, _tiers_for_sniffing(t, tiers))
            for t, name in found.items()}
    # 'stok_blangko.csv' beside a sites file without a stock column (tester qa11a): every
    # office's stock 0 but for a note; refused as a workbook's such sheet is.
    unread = {Path(name).stem: name for name in files if name not in found.values()
              and Path(name).suffix.lower() in FOLDER_SUFFIXES}
    stocked = stock_sheet(path.name, [(stem, []) for stem in unread], raws.get("sites"),
                          _tiers_for_sniffing("sites", tiers), where=unread.__getitem__)
    if stocked is not None:
        raise InvalidInput([stocked])
    return raws, notes


class _Builder:
    """Raw tables -> a validated instance, collecting notes and located issues."""

    def __init__(self, raws: dict[str, RawTable], notes: list[str], locale: Locale | None,
                 tiers: Sequence[str] | None):
        self.raws = raws
        self.notes = list(notes)
        self.stated_locale = locale
        self.stated_tiers = tiers
        self.issues: list[CellIssue] = []
        self.problems: list[Problem] = []
        self.labels: dict[str, dict[str, str]] = {}
        self.positions: dict[str, dict[str, int]] = {}  # table -> field -> frame column
        self.district_values: dict[str, set[Any]] = {}
        self.listed: dict[tuple[str, int], tuple[list[Any], np.ndarray | None]] = {}
        self.stripped: dict[tuple[str, int], list[Any]] = {}
        # (source, column label) -> cells of a decimal column read with a dot (Indonesian
        # locale, '21.099' -> 21099) or a comma (English, '21,099') as thousands: how
        # many, the first as typed, its value, and the locale read in.
        self.dotted: dict[tuple[str, str], tuple[int, str, Any, str]] = {}
        # A kecamatan's code or name as schema.id_key folds it -> (as written, its row).
        self.folded_districts: dict[str, tuple[str, int]] | None = None
        # The rows' values as the instance's models hold them, when made a column at a
        # time (fastrows.Seen per table), for the checks after reading.
        self.seen: dict[str, Seen] = {}
        # The rows as given to the schema (the slow path), to say a bad cell by its row.
        self.rows_read: dict[str, Any] = {}
        self.scientific = False  # a code in Excel's scientific notation (_scientific_ids)
        for raw in raws.values():
            self.notes += raw.notes

    def build(self, name: str) -> Loaded:
        tiers = self._tiers()
        columns = {t: headers.resolve(t, raw.header, tiers if t == "areas" else (),
                                      same=functools.partial(_same_values, raw),
                                      differ=functools.partial(_differing_rows, raw),
                                      numbers=raw.numbers)
                   for t, raw in self.raws.items()}
        self._distance_matrix(columns)
        self._coordinate_pairs(columns)
        for table, cols in columns.items():
            source = self.raws[table].source
            if cols.renamed:
                self.notes.append(f"{source}: read " + ", ".join(
                    f"'{h}' as {f}" for h, f in cols.renamed))
            for header, why in cols.ignored:
                self.notes.append(f"{source}: column '{header}' ignored ({why})")
            for header, message, fix in cols.errors:
                where = f"{source}, column {header}" if header else source
                self.problems.append(Problem(location=where, message=message, fix=fix))
        for table, cols in columns.items():
            self._notes_below(self.raws[table], cols)
        for table, cols in columns.items():
            if table == "sites":
                self.problems += _offices_said_closed(self.raws[table], cols)
            self.problems += _headerless_numbers(self.raws[table], cols)
            self.problems += _units_row(self.raws[table], cols)
            self._hidden_columns(self.raws[table], cols)
        self._merged(columns)
        if self.problems:
            raise InvalidInput(self.problems + self._other_totals_rows(columns))
        self._totals_rows(columns)
        self._not_rows(columns)
        locale = self._locale(columns)
        data: dict[str, Any] = {"name": name, "tiers": list(tiers)}
        with paused_gc():  # ~100,000 acyclic lists and dicts (optimizer.engine.lines)
            read: dict[str, _Table] = {
                table: self._columns(table, columns[table], locale, tiers)
                for table in ("districts", "sites", "areas", "distances") if table in self.raws}
        if self.scientific:  # (every other check of those ids would be about Excel's form)
            raise InvalidInput(self.problems + grouping.group(self.issues))
        self._names_that_are_codes(read)
        self._names_without_districts(read)
        self._area_codes_dotted(read)
        self._hemispheres(columns, read)
        instance = None
        if not self._names_for_codes(read):
            try:
                # Valid tables are made a column at a time, without a dict per row
                # (optimizer.io.fastrows); anything else is validated row by row below,
                # which names every error as before.
                seen: dict[str, Seen] = {}
                instance = fast_instance_from_columns(name, list(tiers), {
                    table: (t.n, t.columns, t.dropped) for table, t in read.items()}, seen)
                if instance is not None:
                    self.seen = seen
            except ValidationError:
                instance = None
        try:
            if instance is None:
                data.update({table: t.rows() for table, t in read.items()})
                self._district_names(data)
                self.rows_read = data
                instance = Instance.model_validate(data)
        except ValidationError as error:
            self._schema_issues(error)
            instance = None
        if self.issues or self.problems or instance is None:
            issues = self._read_dotted(_failed_formulas_once(self.issues))
            # A column read in the other locale first: the other problems of the files
            # may be the same misreading.
            misread = [i for i in issues if i.kind in _MISREAD]
            raise InvalidInput(grouping.group(misread) + self.problems + grouping.group(
                [i for i in issues if i.kind not in _MISREAD]))
        self._codes_against_names(instance, columns)
        self._pasted_columns(instance)
        self._plausible(instance, locale)
        _remember_rows(instance, {t: (raw.source, raw, self.labels.get(t, {}))
                                  for t, raw in self.raws.items()})
        return Loaded(instance, self.notes)

    def _coordinate_pairs(self, columns: Mapping[str, headers.Columns]) -> None:
        """Both coordinates in one cell ('-3.00802, 104.7436', as a map copies them) under
        one header ('Koordinat', 'Lat/Long') while neither latitude nor longitude is read:
        refused once as that, with how to split it (tester qa10: "did you mean lat? if it
        holds lat, rename the column to lat", which would read no number)."""
        for table in ("sites", "areas"):
            raw, cols = self.raws.get(table), columns.get(table)
            if raw is None or cols is None or "lat" in cols.fields or "lon" in cols.fields:
                continue
            read = set(cols.fields.values()) | set(cols.tiers.values())
            for position, header in enumerate(raw.header):
                if position in read or position >= raw.frame.shape[1]:
                    continue
                cells = [str(v).strip() for v in raw.frame[position].tolist() if not _blank(v)]
                pairs = [c for c in cells if _COORDINATE_PAIR.match(c)]
                if not cells or 2 * len(pairs) < len(cells):
                    continue
                cols.errors[:] = [e for e in cols.errors
                                  if e[0] not in ("lat", "lon", header)]
                self.problems.append(Problem(
                    location=f"{raw.source}, column {header}",
                    message=f"holds both coordinates in one cell ('{pairs[0]}'), but the "
                            "latitude and the longitude are read from two columns",
                    fix="split it into two columns headed Lintang and Bujur (Excel: Data > "
                        "Text to Columns, Delimited, by the comma), latitude first as a map "
                        "gives them, and delete this one"))
                break

    def _pasted_columns(self, instance: Instance) -> None:
        """Two count columns of the areas (the tiers' backlogs, the population) holding the
        same figure in every row: one column pasted over the other (tester qa10: the
        'Pemula' column pasted into 'Penggantian' planned 107 kelurahan with as many
        replacements as first-time applicants, `optimal`). By chance it does not happen:
        five rows or more with a figure above 0, three figures or more among them."""
        raw, labels = self.raws.get("areas"), self.labels.get("areas", {})
        positions = self.positions.get("areas", {})
        if raw is None or len(instance.areas) < 5:
            return
        series = {t: [a.backlog[t] for a in instance.areas] for t in instance.tiers}
        if "population" in positions:
            series["population"] = [a.population for a in instance.areas]
        names = sorted((n for n in series if n in positions), key=lambda n: positions[n])
        problems = []
        for i, later in enumerate(names):
            values = series[later]
            if sum(map(gt, values, repeat(0))) < 5 or len(set(values)) < 3:
                continue
            first = next((n for n in names[:i] if series[n] == values), None)
            if first is None:
                continue
            problems.append(Problem(
                location=f"{raw.source}, column {labels.get(later, later)}",
                message=f"holds the same figure as column {labels.get(first, first)} in "
                        f"every row ({len(values)} rows): one column pasted over the other?",
                fix="type this column's own figures (0 where there is none); if they are "
                    "right, correct the other column"))
        if problems:
            raise InvalidInput(problems)

    def _distance_matrix(self, columns: Mapping[str, headers.Columns]) -> None:
        """A distances table laid out as a matrix, one column per office headed by its id
        or name ('Kode Kelurahan | KEC-16.71.01 | KEC-16.71.02 ...', as offices draw a
        'matriks jarak'): refused once as that, with how to write it (tester qa10: "site_id
        is required but missing; add a column headed site_id", and "the column 'Kantor
        Kecamatan Ilir Barat II' ... may hold it")."""
        raw, sites = self.raws.get("distances"), self.raws.get("sites")
        if raw is None or sites is None:
            return
        cols, site_cols = columns["distances"], columns["sites"]
        if "site_id" in cols.fields or "km" in cols.fields:
            return
        known: set[str] = set()
        for name in ("site_id", "name"):
            if name in site_cols.fields and site_cols.fields[name] < sites.frame.shape[1]:
                known |= {headers.normalize(v) for v in
                          sites.frame[site_cols.fields[name]].tolist() if not _blank(v)}
        known -= {""}
        # (the header row, or a row below a title the header was not found under: the
        # matrix has one known header at most, 'Kode Kelurahan')
        offices: list[str] = []
        for row in [list(raw.header), *raw.frame.head(10).values.tolist()]:
            offices = [str(h).strip() for h in row if not _blank(h)
                       and headers.normalize(h) in known]
            if len(offices) >= 2:
                break
        if len(offices) < 2:
            return
        cols.errors.clear()  # (each a consequence of the layout)
        shown = ", ".join(offices[:3]) + (", ..." if len(offices) > 3 else "")
        self.problems.append(Problem(
            location=raw.source,
            message=f"is a matrix of distances, one column per office ({len(offices)} "
                    f"columns: {shown}), but the distances table has one row per kelurahan "
                    "and office",
            fix="write it as three columns, the kelurahan's code, the office's code and the "
                "km (Kode Kelurahan, Kode Kantor, Jarak (km)), one row per kelurahan and "
                "office (Excel: Data > From Table/Range, select the office columns, "
                "Transform > Unpivot Columns); or delete it, and the km are computed from "
                "the coordinates"))

    def _merged(self, columns: Mapping[str, headers.Columns]) -> None:
        """A workbook's cells merged below the header (sheets.RawTable.merged). A kecamatan
        (or a name) merged down over its kelurahan's rows is read in each row it covers,
        with a note: that is what the office means. Any other column read (ids, counts,
        coordinates) with merged cells is refused: a count merged over two rows is one
        figure, and read in each row it would be counted twice."""
        for table, raw in self.raws.items():
            if not raw.merged:
                continue
            cols = columns[table]
            read = {p: f for f, p in cols.fields.items()} | {p: t for t, p in cols.tiers.items()}
            totals = self._merged_totals(raw)
            for position, spans in sorted(raw.merged.items()):
                spans = [span for span in spans if span[2] not in totals]
                if position not in read or not spans:
                    continue
                header = raw.header[position]
                refs = ", ".join(ref for _, _, ref, _ in spans[:5]) + (
                    ", ..." if len(spans) > 5 else "")
                if read[position] in _FILLED and all(v for *_, v in spans) and \
                        position not in cols.tiers.values():
                    self.notes.append(f"{raw.source}: column '{header}' has merged cells "
                                      f"({refs}), read as their value in every row they "
                                      "cover")
                    continue
                self.problems.append(merged_problem(raw, position))

    def _merged_totals(self, raw: RawTable) -> set[str]:
        """The merged ranges of one row across columns whose text is a total ('JUMLAH'
        merged over A24:E24): each is refused once as a totals row (tester qa9: five
        'unmerge the cells' lines, one for each column it covers, hid what to do)."""
        rows = {int(r): i for i, r in enumerate(raw.row_numbers)}
        found: set[str] = set()
        for position, spans in sorted(raw.merged.items()):
            for top, bottom, ref, single in spans:
                if single or top != bottom or ref in found or top not in rows:
                    continue
                value = raw.frame[position].iloc[rows[top]]
                text = "" if value is None else str(value).strip()
                if not plausible.TOTALS.search(text):
                    continue
                found.add(ref)
                self.problems.append(Problem(
                    location=f"{raw.source} row {top}, column {raw.header[position]}",
                    message=f"this looks like a totals row, got {text!r}",
                    fix="delete it: every row must be one kelurahan, office or kecamatan"))
        return found

    def _other_totals_rows(self, columns: Mapping[str, headers.Columns]) -> list[Problem]:
        """With a totals row merged across columns refused (`_merged_totals`), the totals
        rows of the other tables too, so that one round of fixes is enough."""
        said = {p.location.split(", column ")[0] for p in self.problems
                if p.message.startswith("this looks like a totals row")}
        if not said:
            return []
        try:
            self._totals_rows(columns)
        except InvalidInput as caught:
            return [p for p in caught.problems if p.location.split(", column ")[0] not in said]
        return []

    def _listed(self, table: str, position: int) -> tuple[list[Any], np.ndarray | None]:
        """A column's cells as a list, and (a CSV's text column) which are missing (NaN: a
        short row's cells), read off the frame once for every step that looks at them
        (totals rows, locale, values). Nothing changes the list."""
        key = (table, position)
        if key not in self.listed:
            cells = self.raws[table].frame[position]
            listed = cells.tolist()
            na = _text_na(cells, listed) if isinstance(cells.dtype, pd.StringDtype) else None
            self.listed[key] = (listed, na)
        return self.listed[key]

    def _texts(self, table: str, position: int) -> list[Any]:
        """`_texts` of a column, made once for the steps that read it (totals rows, then
        values). Nothing changes the list."""
        key = (table, position)
        if key not in self.stripped:
            self.stripped[key] = _texts(self.raws[table].frame[position],
                                        *self._listed(table, position))
        return self.stripped[key]

    # ------------------------------------------------------------------ plausibility

    def _totals_rows(self, columns: Mapping[str, headers.Columns]) -> None:
        """Refuse the totals row an Excel sheet ends with (JUMLAH, TOTAL in an id or name):
        read as a kelurahan or an office it would plan for residents counted twice."""
        found = []
        for table, raw in self.raws.items():
            cols = columns[table]
            for name in ("area_id", "site_id", "district_id", "name"):
                if name not in cols.fields:
                    continue
                header = raw.header[cols.fields[name]]
                texts = self._texts(table, cols.fields[name])
                try:
                    joined = "\n".join(texts)
                except TypeError:  # (a workbook's cell that is no text)
                    texts = [str(v) for v in texts]
                    joined = "\n".join(texts)
                if plausible.totals_in(joined) is None:
                    continue  # (the usual case: one search over the column)
                found += [(raw.row(i), raw.source, header, text)
                          for i, text in enumerate(texts) if plausible.TOTALS.search(text)]
        if found:
            rows = sorted(set(found))
            seen: set[tuple[str, int]] = set()
            problems = []
            for row, source, header, text in rows:
                if (source, row) in seen:
                    continue
                seen.add((source, row))
                problems.append(Problem(
                    location=f"{source} row {row}, column {header}",
                    message=f"this looks like a totals row, got {text!r}",
                    fix="delete it: every row must be one kelurahan, office or kecamatan"))
            raise InvalidInput(problems)

    def _not_rows(self, columns: Mapping[str, headers.Columns]) -> None:
        """Refuse rows of the kelurahan and office tables that are no place at all: a row
        of column numbers under the header (Excel reports number their columns 1, 2, 3,
        ...), and a row without id and coordinates (a note typed between the rows, a sum
        row without a label). Told to fill in the id and the latitude, a planner would
        make a place of it; the fix is to delete the row."""
        problems = []
        for table in ("areas", "sites"):
            if table not in self.raws:
                continue
            raw, cols = self.raws[table], columns[table]
            key = "area_id" if table == "areas" else "site_id"
            what = "a kelurahan" if table == "areas" else "an office"  # (two sentences each)
            place = [cols.fields[f] for f in (key, "lat", "lon") if f in cols.fields]
            if len(place) < 3 or not len(raw.frame):
                continue
            frame = raw.frame
            empty: list[int] = []
            (ids, ids_na), (lats, lats_na) = (self._listed(table, place[0]),
                                              self._listed(table, place[1]))
            maybe = _maybe_no_place(ids, ids_na, lats, lats_na)
            # (a note may take two cells, 'Sumber:' | 'SIAK', in the id and name columns)
            others = sorted({p for f, p in cols.fields.items() if f not in (key, "name")}
                            | set(cols.tiers.values()))
            listed = [self._listed(table, p)[0] for p in range(frame.shape[1])] if maybe \
                else []
            for index in maybe:
                cells = [column[index] for column in listed]
                numbered = _column_numbers(cells)
                if numbered is not None:
                    problems.append(Problem(
                        location=f"{raw.source} row {raw.row(index)}",
                        message=f"holds the numbers of the columns ({numbered}), not {what}",
                        fix=f"delete the row: every row must be {what}"))
                elif _blank(cells[place[1]]) and _blank(cells[place[2]]) and (
                        _blank(cells[place[0]])
                        or (all(_blank(cells[p]) for p in others)
                            and not _unsplit(cells[place[0]]))):
                    empty.append(raw.row(index))
            if empty:
                rows = ", ".join(str(r) for r in empty[:5]) + (", ..." if len(empty) > 5 else "")
                problems.append(Problem(
                    location=f"{raw.source} row {empty[0]}",
                    message=f"{len(empty)} row(s) are not {what}: no coordinates, and no id "
                            "or nothing but an id and a name, like a note or a sum below "
                            f"the table (rows {rows})",
                    fix=f"delete the rows that are not {what} (notes, sums, column numbers); "
                        f"if one is {what}, fill in its id and coordinates"))
        if problems:
            raise InvalidInput(problems)

    def _scientific_ids(self, raw: RawTable, label: str, values: Sequence[Any]) -> None:
        """Codes Excel turned into numbers shown in scientific notation ('1,67101E+09'):
        their last digits are lost, so codes that differed may now read as one (a tester's
        19 kelurahan all '1,67101E+09' were told only 'must not contain spaces, commas').
        One issue a cell, said as that, with the fix (format the column as Text and type
        the codes again); `build` refuses them before the ids are checked otherwise."""
        joined = "\n".join(_texts_of(values))
        if _SCIENTIFIC_PART.search(joined) is None:
            return  # (the usual case: one search over the column, ids with letters too)
        found = [(i, v) for i, v in enumerate(values)
                 if isinstance(v, str) and _SCIENTIFIC.fullmatch(v)]
        if not found:
            return
        counts: dict[str, int] = {}
        for _, v in found:
            counts[v] = counts.get(v, 0) + 1
        shared = sum(c for c in counts.values() if c > 1)
        message = ("is a code Excel turned into a number in scientific notation: its last "
                   "digits are lost")
        if shared:
            message += f" ({shared} rows now share one id)"
        fix = ("format the column as Text (Format Cells > Text) in the workbook and type the "
               "codes again, or paste them from the source list: Excel keeps a code as typed "
               "only in a Text column")
        for i, v in found:
            self.issues.append(CellIssue(raw.source, label, raw.row(i), "scientific_id",
                                         message, repr(v), fix=fix,
                                         text=f"{message}, got {v!r}"))
        self.scientific = True

    def _notes_below(self, raw: RawTable, cols: headers.Columns) -> None:
        """Skip the notes below the table, with a note (`skip_notes_below`)."""
        note = skip_notes_below(raw, {p for f, p in cols.fields.items() if f in _ID_FIELDS})
        if note:
            self.notes.append(note)

    def _hidden_columns(self, raw: RawTable, cols: headers.Columns) -> None:
        """A hidden column that would be read is refused, one not read noted
        (sheets.hidden_columns, as for a `--shipments` workbook); a row struck through is
        refused (sheets.struck_problem)."""
        read = {p: f for f, p in cols.fields.items()}
        read.update((p, f"tier {t}") for t, p in cols.tiers.items())
        problems, notes = hidden_columns(raw, read)
        self.problems += problems
        self.notes += notes
        struck = struck_problem(raw)
        if struck is not None:
            self.problems.append(struck)

    def _plausible(self, instance: Instance, locale: Locale | None) -> None:
        """Refuse values that cannot be what the files mean (optimizer.io.plausible)."""
        found = plausible.findings(instance, self.seen)
        if not found:
            return
        south = self._south_positive(instance)
        if south:  # the table whose values are wrong, not the one that disagrees with it
            raise InvalidInput(south)
        issues = []
        for f in found:
            raw = self.raws[f.table]
            fix = f.fix
            if f.kind == "long_distance":
                fix = _LONG_FIX[locale or "en"]
            column = self.labels.get(f.table, {}).get(f.field, f.field)
            issues.append(CellIssue(raw.source, column,
                                    None if f.column else raw.row(f.index), f.kind,
                                    f.message, f.shown, fix=fix,
                                    text=_rows_in(f.text, self.raws)))
        raise InvalidInput(grouping.group(issues))

    def _south_positive(self, instance: Instance) -> list[Problem]:
        """A latitude column headed LS (lintang selatan: south latitude) that holds positive
        values, in a refused instance: the convention of the header, not a lost minus
        sign of the other table's correct latitudes (which the places' checks blame)."""
        problems = []
        for table, rows in (("areas", instance.areas), ("sites", instance.sites)):
            position = self.positions.get(table, {}).get("lat")
            if table not in self.raws or position is None or not rows:
                continue
            header = str(self.raws[table].header[position])
            if not _SOUTH.search(header):
                continue
            positive = sum(1 for r in rows if r.lat > 0)
            if positive * 2 > len(rows):
                problems.append(Problem(
                    location=f"{self.raws[table].source}, column {header}",
                    message=f"the header says LS (south latitude) and {positive} of its "
                            f"{len(rows)} latitudes are positive: a latitude is read with its "
                            "sign, so they lie north of the equator, far from the other table",
                    fix="write latitudes south of the equator with a minus sign (e.g. "
                        "-3.00802) and head the column lat"))
        return problems

    # ------------------------------------------------------------------ tiers

    def _tiers(self) -> tuple[str, ...]:
        if self.stated_tiers:
            given = tuple(self.stated_tiers)
            bad = [t for t in given if not _TIER.match(t)]
            if bad or len(set(given)) != len(given):
                raise fail("--tiers", f"tier names must be unique, lower case letters, digits "
                                      f"and _ (got {', '.join(given)})")
            if "tiers" in self.raws:
                self.notes.append(f"{self.raws['tiers'].source}: not read (tiers given with "
                                  "--tiers)")
            self.notes.append(f"tiers (highest priority first): {', '.join(given)} (--tiers)")
            return given
        raw = self.raws.get("tiers")
        if raw is None:
            return DEFAULT_TIERS
        cols = headers.resolve("tiers", raw.header)
        if cols.errors:
            raise InvalidInput([Problem(location=f"{raw.source}, column {h}" if h
                                        else raw.source, message=m, fix=f)
                                for h, m, f in cols.errors])
        names = [str(v).strip() for v in raw.frame[cols.fields["name"]].tolist()]
        order: list[float] = list(range(len(names)))
        if "order" in cols.fields:
            parsed = numbers.parse(raw.frame[cols.fields["order"]], "en", count=False,
                                   stated=True)
            for i, value in enumerate(parsed.values):
                if not isinstance(value, float | int) or isinstance(value, bool):
                    raise fail(f"{raw.source} row {raw.row(int(i))}, column order",
                               f"must be a number, got {value!r}", "number the tiers 1, 2, 3")
            order = [float(v) for v in parsed.values]  # type: ignore[arg-type]
        problems = []
        at: dict[float, list[int]] = {}
        for i, value in enumerate(order):
            at.setdefault(value, []).append(i)
        for value, tied in at.items():
            if len(tied) > 1:  # model.md: a strict order; row order is no tie-break
                problems.append(Problem(
                    location=f"{raw.source}, column order",
                    message=f"tiers {', '.join(repr(names[i]) for i in tied)} have the same "
                            f"order {_order_text(value)} (rows "
                            f"{', '.join(str(raw.row(i)) for i in tied)})",
                    fix="give every tier its own order: 1 for the highest priority, then 2, "
                        "3, ..."))
        declared = []
        for i, text in sorted(enumerate(names), key=lambda p: (order[p[0]], p[0])):
            tier = headers.normalize(text)
            if not _TIER.match(tier):
                problems.append(Problem(location=f"{raw.source} row {raw.row(int(i))}, column name",
                                        message=f"'{text}' is not a tier name",
                                        fix="start with a letter; use letters, digits and _"))
            declared.append(tier)
        dupes = sorted({t for t in declared if declared.count(t) > 1})
        problems += [Problem(location=f"{raw.source}, column name",
                             message=f"tier '{t}' is declared twice", fix="declare it once")
                     for t in dupes]
        if not declared:
            problems.append(Problem(location=raw.source, message="declares no tier",
                                    fix="list the tiers, highest priority first"))
        if problems:
            raise InvalidInput(problems)
        self.notes.append(f"tiers (highest priority first): {', '.join(declared)} "
                          f"({raw.source})")
        return tuple(declared)

    # ------------------------------------------------------------------ locale

    def _locale(self, columns: Mapping[str, headers.Columns]) -> Locale | None:
        evidence = numbers.Evidence([], [])
        semicolons = []
        for table, raw in self.raws.items():
            if raw.separator == ";":
                semicolons.append(raw.source)
            cols = columns[table]
            numeric = [*INT_FIELDS[table], *FLOAT_FIELDS[table]]
            positions = [(f, cols.fields[f]) for f in numeric if f in cols.fields]
            positions += [(f"tier {t}", p) for t, p in cols.tiers.items()]
            for label, position in positions:
                texts, na = self._listed(table, position)
                if na is None or na.any():  # (a workbook's typed cells, or a short row)
                    texts = [v for v in texts if isinstance(v, str)]
                if raw.separator == ";" and label in ("lat", "lon"):
                    # Dotted coordinates in a ';' file prove nothing (docs/spreadsheets.md):
                    # an Indonesian office pastes them so from a map. Only a comma in them
                    # (-2,99562) is evidence (tester qa9: '-3.00802' made a ';' file
                    # English, its '1.250' refused as two readings, its km read as
                    # thousands, its '1.250,00' "two ways of writing numbers").
                    pasted = numbers.Evidence([], [])
                    pasted.add(f"{raw.source} {label}", texts)
                    evidence.indonesian += pasted.indonesian[:3 - len(evidence.indonesian)]
                    continue
                evidence.add(f"{raw.source} {label}", texts)
        locale, why, conflict = numbers.decide(self.stated_locale, evidence, semicolons)
        if conflict:
            raise fail("numbers", f"the files show two ways of writing numbers: {conflict}",
                       "state which one is meant with --locale id or --locale en, or make "
                       "the cells agree")
        if locale == "id" and self.stated_locale is None:
            self.notes.append(f"numbers read in the {numbers.LOCALE_NAMES[locale]} locale "
                              f"({why}); state --locale id|en to override")
        return locale

    # ------------------------------------------------------------------ rows

    def _columns(self, table: str, cols: headers.Columns, locale: Locale | None,
                 tiers: Sequence[str]) -> _Table:
        """Typed columns, converted a column at a time; odd cells keep their text."""
        raw = self.raws[table]
        n = len(raw.frame)
        columns: dict[str, list[Any]] = {}
        dropped: dict[str, np.ndarray] = {}
        targets = [(f, p, False) for f, p in cols.fields.items()]
        targets += [(t, p, True) for t, p in cols.tiers.items()]
        for name, position, is_tier in targets:
            cells = raw.frame[position]
            header = raw.header[position]
            label = headers.label(header, name)
            self.labels.setdefault(table, {})[name] = label
            self.positions.setdefault(table, {})[name] = position
            is_int = is_tier or name in INT_FIELDS[table]
            if is_int or name in FLOAT_FIELDS[table]:
                listed, na = self._listed(table, position)
                proof = None
                if is_int and locale == "en" and self.stated_locale is None \
                        and _any_comma(listed):
                    proof = numbers.english_proof(
                        [self._listed(table, p)[0] for p in self._number_positions(table, cols)],
                        listed)
                    if proof is None and raw.separator == ",":
                        # (a comma-separated file whose coordinates can only be written
                        # with a decimal point: the comma in its counts groups thousands)
                        proof = next((found for f, limit in (("lat", 90.0), ("lon", 180.0))
                                      if f in cols.fields and (found := numbers.coordinate_proof(
                                          self._listed(table, cols.fields[f])[0], limit))),
                                     None)
                read_in = locale
                if locale == "id" and self.stated_locale is None and raw.separator == ";" \
                        and name in ("lat", "lon") \
                        and not _any_comma(listed):
                    # Coordinates pasted from a map into a ';' file are written with a
                    # dot, whatever the file's locale (docs/spreadsheets.md): -3.008 is
                    # -3.008 degrees there, never -3008 (no coordinate is grouped).
                    read_in = "en"
                parsed = numbers.parse(cells, read_in, count=is_int,
                                       stated=self.stated_locale is not None,
                                       listed=listed, na=na, english=proof is not None)
                if proof is not None:
                    self._english_read(raw, label, listed, proof)
                if is_int and raw.percent:
                    self._percent_counts(raw, label, position, parsed.values)
                if raw.shown:
                    self.issues += shown_issues(raw, label, position, parsed.values)
                values = parsed.values
                if not is_int:
                    self._count_dotted(raw, label, cells, values, locale or "en", listed, na)
                optional = name in OPTIONAL and not is_tier
                if optional:
                    dropped[name] = parsed.missing
                self._cell_issues(raw, label, parsed, optional, values,
                                  _MISSING_FIX.get((table, name), ""), locale, is_int)
            else:
                values = self._texts(table, position)
                if not numbers.EXCEL_ERRORS.isdisjoint(values):
                    for j, value in enumerate(values):
                        if value in numbers.EXCEL_ERRORS:
                            self._formula_error(raw, label, j, value)
                if name in _ID_FIELDS:
                    self._scientific_ids(raw, label, values)
                if name in OPTIONAL:
                    dropped[name] = np.asarray(values, dtype=object) == ""
            columns[name if not is_tier else f"\0{name}"] = values
            if name == "district_id" and not is_tier:
                self.district_values[table] = set(values)
        keys = [k for k in columns if not k.startswith("\0")]
        fields: dict[str, Sequence[Any]] = {k: columns[k] for k in keys}
        if table == "areas":
            ordered = sorted(tiers)
            counts = [columns[f"\0{t}"] for t in ordered]
            if any(len(c) != n for c in counts):
                raise AssertionError("a tier column lost or gained rows")
            # The dicts are made after validation (fastrows.DictColumn); rows() makes them
            # for the row-by-row path.
            if counts and n:  # (a tier has a column, or is refused before)
                fields["backlog"] = DictColumn(ordered, counts)
            elif counts:
                fields["backlog"] = []
        return _Table(n, fields, dropped)

    def _formula_error(self, raw: RawTable, label: str, index: int, typed: str) -> None:
        """Refuse a cell holding Excel's error value (#N/A of a VLOOKUP that found nothing,
        #REF!, #DIV/0!, ...: numbers.EXCEL_ERRORS): its formula failed, and the figure it
        was to give is not in the file (read as no value, a stock of #N/A was planned as
        0)."""
        self.issues.append(CellIssue(raw.source, label, raw.row(index), "formula_error",
                                     "holds an Excel error value: the cell's formula failed",
                                     repr(typed.strip()), fix=numbers.formula_fix(typed)))

    def _percent_counts(self, raw: RawTable, label: str, position: int,
                        values: list[Any]) -> None:
        """Refuse a whole count in a cell Excel shows as a percentage (2 shown as 200 %):
        a count is never a percentage, and the cell's 2 is not what the planner sees. A
        percentage that is no whole number (0.45) is said by the schema's check."""
        for i, row in enumerate(raw.row_numbers.tolist()):
            value = raw.percent.get(row, {}).get(position)
            if value is None or not float(value).is_integer():
                continue
            self.issues.append(percent_issue(raw.source, label, row, value))
            values[i] = 0

    def _number_positions(self, table: str, cols: headers.Columns) -> list[int]:
        """The positions of a table's number columns (counts, coordinates, km, tiers)."""
        numeric = [*INT_FIELDS[table], *FLOAT_FIELDS[table]]
        return [*(cols.fields[f] for f in numeric if f in cols.fields), *cols.tiers.values()]

    def _english_read(self, raw: RawTable, label: str, listed: list[Any], proof: str) -> None:
        """Note the counts like '12,500' read as 12500 because the file proves English."""
        read = [v.strip() for v in listed if isinstance(v, str)
                and numbers.AMBIGUOUS.match(v.strip()) and "," in v]
        if read:
            typed = read[0]
            self.notes.append(f"{raw.source}: {len(read)} cell(s) of {label} like '{typed}' "
                              f"read as {typed.replace(',', '')}: the file writes numbers the "
                              f"English way ('{proof}')")

    def _count_dotted(self, raw: RawTable, label: str, cells: Any, values: list[Any],
                      locale: str, listed: list[Any], na: np.ndarray | None) -> None:
        """Remember how many cells of a decimal column were read with the mark as thousands
        (the Indonesian locale's dot, 2.176 -> 2176; the English locale's comma, 2,176 ->
        2176): a file of the other locale read so (see _read_dotted). `listed`, `na`: the
        column's cells as a list and which are missing (`_listed`; not changed)."""
        texts = listed if na is not None and not na.any() else \
            [v for v in listed if isinstance(v, str)]  # (a CSV's text column: all text)
        if not texts:
            return
        pattern = _DOTTED if locale == "id" else _COMMAED
        mark = "." if locale == "id" else ","
        if mark not in "".join(texts):
            return  # (the usual case: no mark of thousands in the column; one C search)
        dotted = [i for i, v in enumerate(listed)
                  if isinstance(v, str) and pattern.match(v.strip())]
        if dotted:
            first = dotted[0]
            self.dotted[(raw.source, label)] = (len(dotted), str(cells.iloc[first]).strip(),
                                                values[first], locale)

    def _read_dotted(self, issues: list[CellIssue]) -> list[CellIssue]:
        """A value out of range in a decimal column read in the Indonesian locale, where
        the column holds dotted numbers: say how it was read and how many cells were read
        so, and suggest --locale en (not "must be <= 20,000" of 21.099)."""
        if not self.dotted:
            return issues
        out = []
        for issue in issues:
            found = self.dotted.get((issue.source, issue.column))
            if found is None or issue.kind not in _RANGE_KINDS:
                out.append(issue)
                continue
            count, typed, value, locale = found
            shown = _order_text(float(value)) if isinstance(value, float | int) else str(value)
            if locale == "id":
                out.append(CellIssue(
                    issue.source, issue.column, issue.row, "read_dotted",
                    f"is out of range as read in the Indonesian locale, where a dot groups "
                    f"thousands: the numbers look written in the English style ({count} "
                    f"cells of the column hold such a dot, e.g. '{typed}' read as {shown})",
                    issue.shown,
                    fix="if the file writes decimals with a dot (2.176), state --locale en; "
                        "if not, correct the values"))
            else:
                out.append(CellIssue(
                    issue.source, issue.column, issue.row, "read_commaed",
                    f"is out of range as read in the English locale, where a comma groups "
                    f"thousands: the numbers look written in the Indonesian style ({count} "
                    f"cells of the column hold such a comma, e.g. '{typed}' read as "
                    f"{shown})", issue.shown,
                    fix="if the file writes decimals with a comma (2,176), state --locale "
                        "id; if not, correct the values"))
        return out

    def _cell_issues(self, raw: RawTable, label: str, parsed: numbers.Parsed, optional: bool,
                     values: list[Any], missing_fix: str = "",
                     locale: Locale | None = None, count: bool = False) -> None:
        for j in parsed.errors or ():
            self._formula_error(raw, label, j, str(values[j]))
            values[j] = 0
        for i in np.flatnonzero(parsed.ambiguous):
            self.issues.append(CellIssue(
                raw.source, label, raw.row(int(i)), "ambiguous_number",
                two_readings(str(values[i])), repr(str(values[i])),
                fix=locale_fix(str(values[i]), count=count)))
            values[i] = 0
        for i in parsed.thousands_rows():
            typed = str(values[i]).strip()
            message, fix, _ = numbers.thousands_reading(typed, locale)
            self.issues.append(CellIssue(raw.source, label, raw.row(int(i)),
                                         "thousands_as_decimal", message, repr(typed), fix=fix))
            values[i] = 0
        for j in parsed.exponents or ():
            typed = str(values[j]).strip()
            digits = without_exponent(typed)
            self.issues.append(CellIssue(
                raw.source, label, raw.row(j), "exponent_count",
                f"is written with an exponent ({typed} = {digits}), but no count is typed "
                "so", repr(typed),
                fix=f"type the count in digits ({digits} if that is meant); if Excel shows it "
                    "so, format the column as Number (Format Cells > Number)"))
            values[j] = 0
        for j in parsed.texts or ():
            typed = str(values[j]).strip()
            if j in (parsed.exponents or ()):
                continue
            if _TRAILING_MARK.match(typed):
                # '5.' or '5,': no locale writes a number so (and a CSV has no quotes to
                # speak of: never "not text in quotes"); the digits are what to type.
                self.issues.append(CellIssue(
                    raw.source, label, raw.row(j), "int_type" if count else "float_type",
                    "must be a whole number" if count else "must be a number", repr(typed),
                    fix=f"type {typed[:-1].lstrip('+')}: no mark after the last digit"))
                values[j] = 0
            elif _SPACED_DIGITS.search(typed):
                # '14 63' or '1 4639': a space between digits that groups no thousands
                # ('14 639' is read as 14639: numbers._SPACE_GROUPS)
                digits = re.sub(f"[{numbers.SPACES}]", "", typed)
                self.issues.append(CellIssue(
                    raw.source, label, raw.row(j), "int_type" if count else "float_type",
                    "must be a whole number" if count else "must be a number", repr(typed),
                    fix=f"remove the space: type {digits} (a space is read only between "
                        "thousands groups of three digits, as in 14 639)"))
                values[j] = 0
        for i in np.flatnonzero(parsed.dates & ~parsed.ambiguous):
            value = values[i]
            shown = numbers.date_text(value)
            self.issues.append(CellIssue(raw.source, label, raw.row(int(i)), "date_in_number",
                                         "holds a date where a number belongs",
                                         repr(shown)))
            values[i] = 0
        if not optional:
            for i in np.flatnonzero(parsed.missing & ~parsed.ambiguous):
                self.issues.append(CellIssue(raw.source, label, raw.row(int(i)), "missing_value",
                                             "is empty (blank, N/A or -)", fix=missing_fix))
                values[i] = 0

    # ------------------------------------------------------------------ districts

    def _names_for_codes(self, read: Mapping[str, _Table]) -> bool:
        """True when sites or areas name a district that is not a code of the districts
        table (`_district_names` then reads those names as codes, row by row)."""
        districts = read.get("districts")
        if districts is None or not districts.n:
            return False
        # (district_id is required: every row has one when the column is there)
        column = districts.columns.get("district_id")
        ids = set(column) if column is not None else {None}
        given = self.district_values
        return not all(given.get(t, ids) <= ids for t in ("sites", "areas"))

    def _names_that_are_codes(self, read: Mapping[str, _Table]) -> None:
        """A kecamatan whose NAME is another kecamatan's code (D1 named 'D2'): 'D2' in
        sites or areas could mean either, so it is refused, not read as the code."""
        districts = read.get("districts")
        if districts is None or "name" not in districts.columns:
            return
        codes = districts.columns.get("district_id") or []
        names = districts.columns["name"]
        known = {str(c) for c in codes}
        clash = {str(n): (str(c), i) for i, (c, n) in enumerate(zip(codes, names, strict=True))
                 if str(n) in known and str(n) != str(c)}
        if not clash:
            return  # (the usual case: no name is another's code)
        used: dict[str, list[str]] = {}
        for table in ("sites", "areas"):
            column = read[table].columns.get("district_id") if table in read else None
            for value in set(column or ()) & clash.keys():
                used.setdefault(value, []).append(self.raws[table].source)
        districts_raw = self.raws["districts"]
        label = self.labels.get("districts", {}).get("name", "name")
        for value in sorted(used):
            named, row = clash[value]
            self.issues.append(CellIssue(
                districts_raw.source, label, districts_raw.row(row), "name_is_code",
                f"the name of kecamatan {named} is the code of kecamatan {value}: "
                f"{', '.join(used[value])} name '{value}', which could mean either", "",
                fix="give the kecamatan its own name (a name that is no kecamatan's code)"))

    def _names_without_districts(self, read: Mapping[str, _Table]) -> None:
        """Without a districts table the kecamatan are the values sites and areas give, as
        ids. A value that cannot be an id (a name with spaces: 'Ilir Barat II') is said once
        a column, and values that differ only in letter case ('SAKO', 'sako': one id to the
        model, but one kecamatan or two to whoever typed them) once a kecamatan, with their
        files and rows; nothing is guessed. Names that are clean ids ('Sako') are read as
        the ids of their kecamatan."""
        if "districts" in self.raws:
            return
        self._prefixed_codes_without_districts(read)
        self._codes_dotted_without_districts(read)
        spellings: dict[str, dict[str, list[tuple[str, int]]]] = {}
        for table in ("sites", "areas"):
            column = read[table].columns.get("district_id") if table in read else None
            if column is None:
                continue
            raw = self.raws[table]
            label = self.labels.get(table, {}).get("district_id", "district_id")
            distinct = dict.fromkeys(column)  # (values in row order, each once)
            bad = {v for v in distinct if isinstance(v, str) and v and _NOT_ID.search(v)}
            names = [i for i, v in enumerate(column) if v in bad] if bad else []
            if names:
                shown = list(dict.fromkeys(str(column[i]) for i in names))
                self.problems.append(Problem(
                    location=f"{raw.source}, column {label}",
                    message=f"holds kecamatan names, not codes, in {len(names)} rows from row "
                            f"{raw.row(names[0])} ({', '.join(repr(v) for v in shown[:3])}"
                            f"{', ...' if len(shown) > 3 else ''}), and there is no kecamatan "
                            "table to read them by",
                    fix="add a kecamatan table (kecamatan.csv, or a sheet named kecamatan, "
                        "with the columns Kode Kecamatan and Nama Kecamatan), or write the "
                        "kecamatan codes in this column"))
            for value in distinct:  # (the rows only for a clash, below)
                if isinstance(value, str) and value:
                    spellings.setdefault(id_key(value), {}).setdefault(value, [])
        clashes = {v for found in spellings.values() if len(found) > 1 for v in found}
        if self.problems:  # (a kecamatan table also reads names in any letter case)
            raise InvalidInput(self.problems)
        if not clashes:
            return
        for table in ("sites", "areas"):
            column = read[table].columns.get("district_id") if table in read else None
            for i, value in enumerate(column or ()):
                if value in clashes:
                    spellings[id_key(value)][value].append((table, i))
        clashing = [found for found in spellings.values() if len(found) > 1]
        for found in clashing[:_SHOWN_CLASHES]:
            parts = []
            for value, where in found.items():
                by_file: dict[str, list[int]] = {}
                for table, i in where:
                    by_file.setdefault(self.raws[table].source, []).append(
                        self.raws[table].row(i))
                parts.append(f"{value!r} (" + "; ".join(
                    f"{source}: {', '.join(str(r) for r in rows[:5])}"
                    f"{', ...' if len(rows) > 5 else ''}"
                    for source, rows in by_file.items()) + ")")
            table, _ = next(iter(found.values()))[0]
            label = self.labels.get(table, {}).get("district_id", "district_id")
            self.problems.append(Problem(
                location=f"{self.raws[table].source}, column {label}",
                message=f"the kecamatan {', '.join(parts)} (file: rows) differ only in letter "
                        "case: one kecamatan or two cannot be told",
                fix="write each kecamatan the same way in every row, or add a kecamatan table "
                    "(Kode Kecamatan, Nama Kecamatan) and write its codes"))
        if len(clashing) > _SHOWN_CLASHES:  # (one line for the others, not a wall)
            more = clashing[_SHOWN_CLASHES:]
            others = ", ".join(" / ".join(repr(v) for v in found) for found in more[:3])
            self.problems.append(Problem(
                location=self.problems[-1].location,
                message=f"{len(more)} more kecamatan are written in different letter case "
                        f"({others}{', ...' if len(more) > 3 else ''})",
                fix="write each kecamatan the same way in every row, or add a kecamatan table "
                    "(Kode Kecamatan, Nama Kecamatan) and write its codes"))
        raise InvalidInput(self.problems)

    def _hemispheres(self, columns: Mapping[str, headers.Columns],
                     read: Mapping[str, _Table]) -> None:
        """A coordinate headed with its hemisphere ('Lintang (LS)', 'Lintang (LU)', 'Bujur
        (BT)', 'Bujur (BB)', 'Latitude (N)', ...; in the header or a units row under it)
        is read as written when every value has the hemisphere's sign. A value of the
        other sign is refused, naming the column and rows: under LU (north) a minus says
        south, and reading it so silently planned Palembang's kelurahan from a header
        that said north; under LS (south) or BB (west) a positive value may be an office's
        way of writing south (offices write south latitudes both ways under LS), so which
        is meant cannot be told (-2.99 written 2.99 would put a kelurahan 660 km north)."""
        for table in ("sites", "areas"):
            if table not in columns or table not in read:
                continue
            raw = self.raws[table]
            units = raw.units[1] if raw.units is not None else {}
            for target in ("lat", "lon"):
                position = columns[table].fields.get(target)
                if position is None:
                    continue
                side = headers.hemisphere(target, raw.header[position])
                below = None  # the units row that says the hemisphere, if the header does not
                if side is None and position in units:
                    side = headers.hemisphere(target, f"({units[position]})")
                    below = raw.units[0] if raw.units is not None else None
                if side is None:
                    continue
                unit, sign = side
                values = read[table].columns.get(target) or ()
                wrong = [i for i, v in enumerate(values)
                         if isinstance(v, int | float) and not isinstance(v, bool)
                         and v * sign < 0]
                if not wrong:
                    continue
                rows = ", ".join(str(raw.row(i)) for i in wrong[:5]) + (
                    ", ..." if len(wrong) > 5 else "")
                named = {("lat", -1): "south latitude", ("lat", 1): "north latitude",
                         ("lon", 1): "east longitude", ("lon", -1): "west longitude"}[
                    (target, sign)]
                if below is not None:
                    self.problems.append(self._hemisphere_below(
                        raw, position, below, unit, named, sign, len(wrong), rows))
                    continue
                if sign < 0:
                    message = (f"has the unit '{unit}' ({named}), but {len(wrong)} of its "
                               f"values are positive (rows {rows}): whether they are "
                               f"{named.split()[0]} cannot be told from the sign")
                else:
                    message = (f"has the unit '{unit}' ({named}), but {len(wrong)} of its "
                               f"values are negative (rows {rows}): the header says "
                               f"{named.split()[0]}, the minus sign says "
                               f"{'south' if target == 'lat' else 'west'}")
                plain = headers.without_side(raw.header[position])
                fix = (f"write the latitudes in decimal degrees, negative south of the "
                       f"equator (-2.99562), and head the column '{plain}'"
                       if plain is not None and target == "lat" else
                       f"write the longitudes in decimal degrees, negative west of "
                       f"Greenwich (Indonesia lies east: 104.75215), and head the column "
                       f"'{plain}'" if plain is not None else
                       f"write the latitudes in decimal degrees, negative south of the "
                       f"equator (-2.99562), and remove '({unit})' from the header"
                       if target == "lat" else
                       f"write the longitudes in decimal degrees, negative west of "
                       f"Greenwich (Indonesia lies east: 104.75215), and remove '({unit})' "
                       "from the header")
                self.problems.append(Problem(
                    location=f"{raw.source}, column {raw.header[position]}",
                    message=message, fix=fix))

    @staticmethod
    def _hemisphere_below(raw: RawTable, position: int, row: int, unit: str, named: str,
                          sign: int, count: int, rows: str) -> Problem:
        """`_hemispheres`' refusal when the hemisphere is written in a units row under the
        header (row `row`), not in the header: at that row's cell, its fix naming it (a
        fix to 'remove it from the header' sent the planner to a header without it)."""
        side = named.split()[0]
        if sign < 0:
            message = (f"says '{unit}' ({named}) in the units row, but {count} of the "
                       f"column's values are positive (rows {rows}): whether they are "
                       f"{side} cannot be told from the sign")
        else:
            message = (f"says '{unit}' ({named}) in the units row, but {count} of the "
                       f"column's values are negative (rows {rows}): the units row says "
                       f"{side}, the minus sign says "
                       f"{'south' if named.endswith('latitude') else 'west'}")
        fix = (f"write the latitudes in decimal degrees, negative south of the equator "
               f"(-2.99562), and delete '{unit}' from row {row}"
               if named.endswith("latitude") else
               f"write the longitudes in decimal degrees, negative west of Greenwich "
               f"(Indonesia lies east: 104.75215), and delete '{unit}' from row {row}")
        return Problem(location=f"{raw.source} row {row}, column {raw.header[position]}",
                       message=message, fix=fix)

    def _prefixed_codes_without_districts(self, read: Mapping[str, _Table]) -> None:
        """Without a districts table, a kecamatan written as the word and its code
        ('Kecamatan 167101', 'Kec. 16.71.01') is that code, as with a districts table
        (`_district_names`): the word is not read, with a note. A name after the word
        ('Kec. Ilir Barat II') needs a districts table to be read and stays refused."""
        for table in ("sites", "areas"):
            column = read[table].columns.get("district_id") if table in read else None
            if not column:
                continue
            codes: dict[str, str] = {}
            for value in dict.fromkeys(column):
                if isinstance(value, str) and (bare := _without_prefix(value, _KECAMATAN)) \
                        and _CODE_DIGITS.match(bare[1]):
                    codes[value] = bare[1]
            if not codes:
                continue
            values = [codes.get(v, v) if isinstance(v, str) else v for v in column]
            read[table].columns["district_id"] = values
            self.district_values[table] = set(values)
            label = self.labels.get(table, {}).get("district_id", "district_id")
            first = next(iter(codes))
            word = _without_prefix(first, _KECAMATAN)
            self.notes.append(f"{self.raws[table].source}: column {label}: the word before "
                              f"the kecamatan names ({word[0] if word else ''!r}, as in "
                              f"{first!r}) is not read: the name after it is")

    def _codes_dotted_without_districts(self, read: Mapping[str, _Table]) -> None:
        """Without a districts table, a kecamatan code of sites written with the dots of
        the areas' code left out or put in (167101 where areas write 16.71.01): the same
        digits are the same code, read as the areas write it, and noted. A code whose
        digits are of no areas' code, or of two, stays as written (refused later)."""
        if "sites" not in read or "areas" not in read:
            return
        areas = {v for v in read["areas"].columns.get("district_id") or () if isinstance(v, str)}
        column = read["sites"].columns.get("district_id")
        if not column or not areas:
            return
        by_digits: dict[str, list[str]] = {}
        for code in areas:
            if _CODE_DIGITS.match(code):
                by_digits.setdefault(code.replace(".", ""), []).append(code)
        dotted: dict[str, str] = {}
        for value in set(column) - areas:
            if isinstance(value, str) and _CODE_DIGITS.match(value):
                same = by_digits.get(value.replace(".", ""), [])
                if len(same) == 1:
                    dotted[value] = same[0]
        if not dotted:
            return
        values = [dotted.get(v, v) for v in column]
        read["sites"].columns["district_id"] = values
        self.district_values["sites"] = set(values)
        areas_source, source = self.raws["areas"].source, self.raws["sites"].source
        shown = ", ".join(f"{v} = {c}" for v, c in sorted(dotted.items())[:3])
        self.notes.append(f"{source}: {len(dotted)} kecamatan code(s) written with the dots of "
                          f"{areas_source} left out or put in, read as its codes (the same "
                          f"digits: {shown}{', ...' if len(dotted) > 3 else ''})")

    def _area_codes_dotted(self, read: Mapping[str, _Table]) -> None:
        """A kelurahan code of the distances written with the dots of the areas' codes
        left out or put in (1671011001 where the areas write 16.71.01.1001; tester qa9:
        "2033 cells: name an unknown area"), as kecamatan codes are: the same digits are
        the same code when they are one area's and no other's, read as the areas write
        it, with a note. A code whose digits are no area's, or two areas' (16.71.01.1001
        and 1671011001 both in the areas), stays as written (refused as unknown)."""
        if "distances" not in read or "areas" not in read:
            return
        ids = read["areas"].columns.get("area_id")
        column = read["distances"].columns.get("area_id")
        if not ids or not column:
            return
        known = {v for v in ids if isinstance(v, str)}
        unknown = {v for v in column if isinstance(v, str) and v not in known
                   and _CODE_DIGITS.match(v)}
        if not unknown:
            return  # (the usual case: every distance names an area as the areas write it)
        by_digits: dict[str, list[str]] = {}
        for code in known:
            if _CODE_DIGITS.match(code):
                by_digits.setdefault(code.replace(".", ""), []).append(code)
        dotted: dict[str, str] = {}
        for value in unknown:
            same = by_digits.get(value.replace(".", ""), [])
            if len(same) == 1:
                dotted[value] = same[0]
        if not dotted:
            return
        read["distances"].columns["area_id"] = [dotted.get(v, v) for v in column]
        source = self.raws["distances"].source
        shown = ", ".join(f"{v} = {c}" for v, c in sorted(dotted.items())[:3])
        self.notes.append(f"{source}: {len(dotted)} kelurahan code(s) written with the dots of "
                          f"{self.raws['areas'].source} left out or put in, read as its codes "
                          f"(the same digits: {shown}{', ...' if len(dotted) > 3 else ''})")

    def _district_names(self, data: dict[str, Any]) -> None:
        """District names where codes belong -> codes (case and spacing aside)."""
        districts = data.get("districts")
        if not districts:
            return
        ids = {d.get("district_id") for d in districts}
        given = self.district_values
        if all(given.get(t, ids) <= ids for t in ("sites", "areas")):
            return  # every district is given by its code (the usual case: no row loop)
        by_name: dict[str, list[tuple[str, int]]] = {}
        for i, d in enumerate(districts):
            if d.get("name"):
                by_name.setdefault(_name_key(d["name"]), []).append((d["district_id"], i))
                # 'Kecamatan Ilir Barat II' in the kecamatan table is found by 'Ilir Barat
                # II' too (tester qa6: every area was refused); a bare name two kecamatan
                # would answer to is refused as naming more than one (never a guess).
                bare = _without_prefix(str(d["name"]), _KECAMATAN)
                if bare is not None and bare[1]:
                    by_name.setdefault(_name_key(bare[1]), []).append((d["district_id"], i))
        # A Kemendagri code written with its dots or without (167101 for 16.71.01): the
        # same digits are the same code; only a code of one kecamatan is read so.
        by_digits: dict[str, list[str]] = {}
        for d in districts:
            code = d.get("district_id")
            if isinstance(code, str) and _CODE_DIGITS.match(code):
                by_digits.setdefault(code.replace(".", ""), []).append(code)
        fallback = districts[0].get("district_id")
        where = self.raws["districts"].source
        by_fold: dict[str, list[tuple[str, int]]] = {}

        def folded_names() -> dict[str, list[tuple[str, int]]]:
            """The kecamatan by their names folded as plausible._name_key folds (made
            once, when a value is found by no other way)."""
            if not by_fold:
                for i, d in enumerate(districts):
                    if d.get("name"):
                        key = plausible._name_key(str(d["name"]))
                        if key and all(c != d["district_id"] for c, _ in by_fold.get(key, [])):
                            by_fold.setdefault(key, []).append((d["district_id"], i))
            return by_fold

        for table in ("sites", "areas"):
            matched = 0
            folded: dict[str, str] = {}  # a name as written -> the districts table's name
            dotted: dict[str, str] = {}  # value as written -> the districts table's code
            prefixed: dict[str, str] = {}  # the word before the name -> a cell as written
            raw = self.raws[table]
            label = self.labels.get(table, {}).get("district_id", "district_id")
            for i, row in enumerate(data.get(table, ())):
                value = row.get("district_id")
                if isinstance(value, str) and value not in ids:
                    same = by_digits.get(value.replace(".", ""), []) \
                        if _CODE_DIGITS.match(value) else []
                    if len(same) == 1:
                        row["district_id"] = dotted.setdefault(value, same[0])
                        continue
                    found = by_name.get(_name_key(value), [])
                    if not found and (bare := _without_prefix(value, _KECAMATAN)) is not None:
                        # 'Kec. Ilir Barat II': the name after the word, when that is one
                        # kecamatan's name (or code) and no more (never a guess).
                        found = by_name.get(_name_key(bare[1]), [])
                        code = bare[1]
                        if code not in ids and _CODE_DIGITS.match(code):
                            # ('Kecamatan 167101': the code after the word, its dots
                            # left out or put in, when its digits are one kecamatan's)
                            same = by_digits.get(code.replace(".", ""), [])
                            code = same[0] if len(same) == 1 else code
                        if code in ids and all(c != code for c, _ in found):
                            found = [*found, (code, -1)]
                        if len(found) == 1:
                            prefixed.setdefault(bare[0], value)
                    if not found:
                        # 'Ilir Barat Dua' for 'Ilir Barat II' (tester qa9): folded as the
                        # copy rules fold names (numbers in words, Roman numerals,
                        # abbreviations), when one kecamatan's name folds so and no other.
                        found = folded_names().get(plausible._name_key(value), [])
                        if len(found) == 1:
                            folded.setdefault(value, districts[found[0][1]]["name"])
                    if len(found) == 1:
                        row["district_id"] = found[0][0]
                        matched += 1
                    elif len(found) > 1:
                        # One name, two kecamatan: either code would be a guess (a wrong
                        # plan), so the planner writes the one meant.
                        codes = ", ".join(code for code, _ in found)
                        rows = ", ".join(str(self.raws["districts"].row(j)) for _, j in found
                                         if j >= 0)
                        self.issues.append(CellIssue(
                            raw.source, label, raw.row(i), "ambiguous_district",
                            f"names more than one kecamatan: {where} rows {rows} give that "
                            f"name to {codes}", repr(value),
                            fix=f"write the code of the kecamatan meant ({codes}) instead "
                                "of its name"))
                        row["district_id"] = fallback  # reported above
                    elif value and (zeros := _zeros_dropped(value, ids)) is not None:
                        # '1' for '01': a number cell of Excel drops the leading zero
                        # (tester qa11: "is neither a code nor a name", no word of why).
                        self.issues.append(CellIssue(
                            raw.source, label, raw.row(i), "zeros_dropped_district",
                            f"is a code of {where} without its leading zeros (Excel drops "
                            "them from a number cell)", f"{value!r} = {zeros!r}",
                            fix="format the column as Text (Format Cells > Text) and type the "
                                "codes with their leading zeros, or write the kecamatan's "
                                "names"))
                        row["district_id"] = fallback  # reported above, not twice
                    elif value and (alike := self._district_lookalike(districts, value)):
                        short, shown, single = alike
                        self.issues.append(CellIssue(raw.source, label, raw.row(i),
                                                     "lookalike_district", short, shown,
                                                     text=single))
                        row["district_id"] = fallback  # reported above, not twice
                    elif value:
                        self.issues.append(CellIssue(
                            raw.source, label, raw.row(i), "unknown_district",
                            f"is neither a code nor a name of {where}", repr(value),
                            fix=f"use the codes or names of {where}, or add the kecamatan "
                                "there"))
                        row["district_id"] = fallback  # reported above, not twice
            if matched:
                self.notes.append(f"{self.raws[table].source}: {matched} district(s) given by "
                                  "name, read as their codes")
            if dotted:
                shown = ", ".join(f"{v} = {c}" for v, c in list(dotted.items())[:3])
                self.notes.append(f"{raw.source}: {len(dotted)} kecamatan code(s) written with "
                                  f"the dots of {where} left out or put in, read as its codes "
                                  f"(the same digits: {shown}"
                                  f"{', ...' if len(dotted) > 3 else ''})")
            if folded:
                shown = ", ".join(f"'{v}' = '{n}'" for v, n in list(folded.items())[:3])
                self.notes.append(f"{raw.source}: column {label}: {len(folded)} kecamatan "
                                  f"name(s) written otherwise than in {where} (numbers in "
                                  f"words or Roman numerals, abbreviations), read as its "
                                  f"names: {shown}{', ...' if len(folded) > 3 else ''}")
            if prefixed:
                self.notes.append(f"{self.raws[table].source}: column {label}: the word "
                                  f"before the kecamatan names ({', '.join(map(repr, prefixed))}"
                                  f", as in {next(iter(prefixed.values()))!r}) is not read: "
                                  "the name after it is")

    def _district_lookalike(self, districts: list[dict[str, Any]],
                            value: str) -> tuple[str, str, str] | None:
        """A kecamatan given as a code (or name) of the districts table but for invisible
        characters or letter case ('16.71.01\u200b'): `_lookalike`'s words, else None."""
        if self.folded_districts is None:
            self.folded_districts = {}
            for j, d in enumerate(districts):
                for text in (d.get("district_id"), d.get("name")):
                    if isinstance(text, str) and text:
                        self.folded_districts.setdefault(" ".join(id_key(text).split()),
                                                         (text, j))
        found = self.folded_districts.get(" ".join(id_key(value).split()))
        if found is None:
            return None
        same, j = found
        chars = ", ".join(invisible_characters(value, same))
        return self._lookalike({"table": "districts", "same": same, "index": j,
                                "invisible": chars}, value)

    def _codes_against_names(self, instance: Instance,
                             columns: Mapping[str, headers.Columns]) -> None:
        """A kecamatan code column beside a kecamatan name column (Kode Kecamatan and
        Kecamatan) in the areas or sites table: the code is read, the name only noted,
        so a row whose name is another kecamatan's of the districts table was planned in
        the code's kecamatan, silently (a tester's kelurahan). Refused at the name's
        cell, naming both kecamatan. A name the districts table does not hold is not
        compared (a spelling of its own); a districts table without names, neither."""
        named = [d for d in instance.districts if d.name]
        if not named or "districts" not in self.raws:
            return
        by_name: dict[str, list[str]] = {}
        for d in named:
            by_name.setdefault(_name_key(d.name or ""), []).append(d.district_id)
        names = {d.district_id: d.name or "" for d in instance.districts}
        codes = {d.district_id.replace(".", "").casefold(): d.district_id
                 for d in instance.districts}
        source = self.raws["districts"].source
        issues = []
        for table, rows in (("areas", [a.district_id for a in instance.areas]),
                            ("sites", [s.district_id for s in instance.sites])):
            cols = columns.get(table)
            if cols is None or "district_id" not in cols.alternate:
                continue
            position = cols.alternate["district_id"]
            raw = self.raws[table]
            header = str(raw.header[position]).strip()
            read = str(raw.header[cols.fields["district_id"]]).strip()
            cells = _texts(raw.frame[position], *self._listed(table, position))
            for i, (final, cell) in enumerate(zip(rows, cells, strict=False)):
                if not isinstance(cell, str) or not cell:
                    continue
                meant = by_name.get(_name_key(cell), [])
                if not meant and (bare := _without_prefix(cell, _KECAMATAN)) is not None:
                    meant = by_name.get(_name_key(bare[1]), [])  # ('Kec. Sako')
                if not meant or final in meant \
                        or codes.get(cell.replace(".", "").casefold()) == final:
                    continue
                other = meant[0]
                issues.append(CellIssue(
                    raw.source, header, raw.row(i), "district_code_vs_name",
                    f"names another kecamatan of {source} than column '{read}' gives",
                    repr(cell),
                    fix=f"make the kecamatan's code and name agree with {source}, or delete "
                        "one of the two columns",
                    text=f"names kecamatan {other} ({names.get(other, '')}), but column "
                         f"'{read}' gives kecamatan {final} ({names.get(final, '')}) of "
                         f"{source}, got {cell!r}"))
        if issues:
            raise InvalidInput(grouping.group(issues))

    # ------------------------------------------------------------------ schema errors

    def _schema_issues(self, error: ValidationError) -> None:
        """Pydantic's errors as cell issues: file, column, row and kind."""
        for e in error.errors(include_url=False):
            loc = [p for p in e["loc"] if not (isinstance(p, str) and "[" in p)]
            text = _explain(e)
            if not loc or loc[0] not in self.raws:
                where = self.raws[loc[0]].source if loc and loc[0] in self.raws else "instance"
                self.problems.append(Problem(location=where, message=_rows_in(text, self.raws)))
                continue
            raw = self.raws[str(loc[0])]
            row = raw.row(int(loc[1])) if len(loc) > 1 and isinstance(loc[1], int) else None
            column = str(loc[-1]) if len(loc) > 2 and isinstance(loc[-1], str) else ""
            typed = self._typed(raw, column, loc[1] if len(loc) > 1 else None, e.get("input"))
            if column == "backlog":
                column = ""
            text = _rows_in(text, self.raws)
            short, shown = grouping.split_value(text)
            if shown and typed:  # a number as the file wrote it: 21099, not 21099.0
                shown = typed
            kind = str(e["type"])
            single = fix = ""
            if kind in {"unknown_district", "unknown_area", "unknown_site", "duplicate_id",
                        "duplicate_code", "duplicate_pair"}:
                short, shown, single = _custom(kind), repr(e.get("input")), text
            if kind.startswith("lookalike_"):
                short, shown, single = self._lookalike(e.get("ctx") or {}, e.get("input"))
            if kind == "duplicate_id" and str(loc[0]) == "areas":
                said = self._cut_area_code(str(e.get("input")))
                if said is not None:  # 1001 of 16.71.01.1001 in every kecamatan (qa11a)
                    kind, (short, fix), single = "cut_area_code", said, ""
            if kind == "unknown_site":
                said = district_as_site(str(e.get("input")), self._site_districts())
                if said is not None:  # 16.71.01 for KEC-16.71.01 (tester qa11a)
                    kind, (short, fix), single = "district_as_site", said, ""
            if kind == "unknown_district" and "districts" not in self.raws \
                    and "areas" in self.raws:
                # No districts table: the kecamatan are the ones the kelurahan name.
                areas = self.raws["areas"].source
                known = sorted(str(d) for d in self.district_values.get("areas", ()) if d)
                listed = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
                short = f"name a kecamatan that no row of {areas} names"
                single = f"{text} (the kecamatan of {areas}: {listed})"
                fix = (f"use the kecamatan codes {areas} uses ({listed}), or add a districts "
                       "table")
            value = e.get("input")
            if kind in {"int_type", "int_from_float"} and isinstance(value, float) \
                    and row is not None and raw.book is not None:
                shown_as = percent_cell(raw, row, value)
                if shown_as:  # 0.45 in a cell Excel shows as 45 %: say what it shows
                    short, shown = (f"is formatted as a percentage: Excel shows {shown_as} %, "
                                    f"the cell holds {value!r}, and a count is a whole "
                                    f"number"), ""
                    kind = "percent_cell"
                    fix = ("format the column as Number (Format Cells > Number) and type the "
                           "counts again")
                rounded = "" if kind == "percent_cell" else rounded_cell(raw, row, value)
                if rounded:  # 892.6 in a cell Excel shows as 893: say what it shows
                    short = ("is formatted without decimals, so Excel shows it rounded, "
                             "but the cell holds a fraction, and a count is a whole number")
                    shown = f"{value:.10g} \u2192 {rounded}"
                    kind = "rounded_cell"
                    fix = ("type the whole number meant, or round the formula's result "
                           "(=ROUND(...; 0)) and save the file again")
            degrees = _dms_degrees(value) if kind in ("float_type", "float_parsing") and \
                column in ("lat", "lon") else None
            if degrees is not None:  # 3°0'28.9"LS: a map's or a GPS's form
                kind, short, fix = (
                    "dms_coordinate", "is written in degrees, minutes and seconds, not in "
                    "decimal degrees",
                    "type decimal degrees, degrees + minutes / 60 + seconds / 3600, negative "
                    "south of the equator (and west of Greenwich), with the file's decimal "
                    "mark: 3°0'28.9\"LS is -3.00803")
                shown = f"'{str(value).strip()}' = {degrees}"
            if kind == "string_too_short" and column == "district_id" and \
                    self._filled_down(raw):
                # (the kecamatan typed in the first row of its block only, as a report
                # shows it: "fill in the id" did not say which; tester qa10)
                fix = ("the kecamatan is written in the first row of its block only: fill it "
                       "down into every row of the block (select the column, Home > Find & "
                       "Select > Go To Special > Blanks, type = and the cell above, then "
                       "Ctrl+Enter; then copy the column and paste it as values)")
            if kind in _OUT_OF_RANGE and column in ("lat", "lon") and isinstance(
                    loc[1] if len(loc) > 1 else None, int):
                misread = _coordinate_misread(column, value, self._other_coordinate(
                    str(loc[0]), int(loc[1]), column))
                if misread is not None:
                    kind, short, fix = misread
            column = self.labels.get(raw.table, {}).get(column, column)
            if kind == "string_too_long":
                limit = (e.get("ctx") or {}).get("max_length")
                short, shown = f"is longer than {limit} characters", ""
                fix = ("keep ids and names short; a row whose cells are not split (another "
                       "separator than the file's) reads as one long cell")
            self.issues.append(CellIssue(raw.source, column, row, kind, short, shown,
                                         fix=fix, text=single))


    def _cut_area_code(self, value: str) -> tuple[str, str] | None:
        """A kelurahan id repeated in other kecamatan that is the last 4 digits of a
        Kemendagri code (1001 of 16.71.01.1001, the number a kelurahan has within its
        kecamatan: tester qa11a's SIAK export cut to 4 digits was told "give every row its
        own id"): the grouped line's words and the fix, else None."""
        rows = self.rows_read.get("areas")
        if not _KELURAHAN_NUMBER.fullmatch(value) or not isinstance(rows, list):
            return None
        kecamatan = [str(r.get("district_id")) for r in rows
                     if isinstance(r, dict) and str(r.get("area_id")) == value]
        if len(kecamatan) < 2 or len(set(kecamatan)) != len(kecamatan):
            return None
        example = (f" ({kecamatan[0]}.{value} for {value} of kecamatan {kecamatan[0]})"
                   if _KECAMATAN_ID.fullmatch(kecamatan[0]) else "")
        return ("repeat a kelurahan's number in another kecamatan: the last 4 digits of the "
                "Kemendagri code, which every kecamatan numbers from 1001 (desa from 2001)",
                f"write each kelurahan's whole code, its kecamatan's code, a dot and the "
                f"number{example}, in every row (Excel: =C2&\".\"&A2 with the kecamatan's "
                f"code in column C and the number in A, then paste as values)")

    def _site_districts(self) -> list[tuple[str, str]]:
        """(site_id, district_id) of the sites rows as read."""
        rows = self.rows_read.get("sites")
        if not isinstance(rows, list):
            return []
        return [(str(r.get("site_id")), str(r.get("district_id"))) for r in rows
                if isinstance(r, dict)]

    def _filled_down(self, raw: RawTable) -> bool:
        """Whether a table's kecamatan column is filled in the first row of blocks of rows
        only: its first row filled, two rows filled at least and two blank at least."""
        position = self.positions.get(raw.table, {}).get("district_id")
        if position is None or position >= raw.frame.shape[1] or not len(raw.frame):
            return False
        blank = [_blank(v) for v in raw.frame[position].tolist()]
        return not blank[0] and sum(blank) >= 2 and len(blank) - sum(blank) >= 2

    def _other_coordinate(self, table: str, index: int, field: str) -> Any:
        """The row's other coordinate as read (the longitude of a latitude), or None."""
        rows = self.rows_read.get(table)
        if not isinstance(rows, list) or index >= len(rows) or not isinstance(rows[index],
                                                                               dict):
            return None
        return rows[index].get("lon" if field == "lat" else "lat")

    def _lookalike(self, ctx: Mapping[str, Any], value: Any) -> tuple[str, str, str]:
        """An id the table it names does not hold as written but for invisible characters
        or letter case (schema._Lookalikes): the grouped line's words, its value (the id
        = as the table writes it, both with their invisible characters written out) and
        the single line, naming the file and row that hold the id."""
        table, same = str(ctx.get("table", "")), ctx.get("same")
        raw = self.raws.get(table)
        source = raw.source if raw is not None else table
        short = (f"name an id that {source} writes otherwise: with invisible characters, or "
                 "in another letter case (after =: as it writes it)")
        shown = f"{value!r} = {same!r}"
        row = raw.row(int(ctx.get("index", 0))) if raw is not None else None
        chars = ctx.get("invisible") or ""
        how = (f"it differs only by invisible characters ({chars})" if chars else
               "it differs only in letter case or in the form of its characters (full-width "
               "digits, a dash other than '-')")
        where = f" in row {row}" if row is not None else ""
        text = f"names the id {value!r}, which {source} writes {same!r}{where}: {how}"
        return short, shown, text

    def _typed(self, raw: RawTable, field: str, index: object, value: object) -> str:
        """A refused number's cell as the file wrote it ('21099', where the reader made
        21099.0 of it), else ''. Text cells only (a CSV, or text in a workbook); a
        workbook's number cell an integral float written whole."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ""
        position = self.positions.get(raw.table, {}).get(field)
        cell: object = None
        if position is not None and isinstance(index, int) and 0 <= index < len(raw.frame):
            cell = raw.frame[position].iloc[index]
        if isinstance(cell, str) and cell.strip():
            return cell.strip()
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return ""


_NUMBER_TEXT = re.compile(r"^[+-]?[\d.,\s\u00a0]*\d[\d.,\s\u00a0]*$")
# Sub-headers that split a count by sex (Dukcapil reports: PEMULA over L | P | JML).
_SEX_WORDS = frozenset({"l", "p", "lk", "pr", "laki", "laki_laki", "perempuan", "wanita",
                        "pria", "male", "female", "m", "f", "jml", "jumlah", "total", "l_p",
                        "lp", "l+p"})


def _units_row(raw: RawTable, cols: headers.Columns) -> list[Problem]:
    """The units of a units row under the header (sheets.RawTable.units, skipped as data)
    checked as units in the header are: one a column read as a count, coordinate or
    distance must not name another unit ('(dus)' under Stok, '(meter)' under Jarak),
    which skipped silently would plan boxes as cards. Ids and names take any."""
    if raw.units is None:
        return []
    row, units = raw.units
    read = {p: f for f, p in cols.fields.items()} | {p: t for t, p in cols.tiers.items()}
    problems = []
    for position, unit in sorted(units.items()):
        if position not in read:
            continue
        found = headers.unit_problem(read[position], f"({unit})")
        if found is not None:
            problems.append(Problem(
                location=f"{raw.source} row {row}, column {raw.header[position]}",
                message=found[0],
                fix=f"convert the column's values to that unit, then delete row {row} (a "
                    "row of units is not read)"))
    return problems


def _is_number_cell(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        return value == value
    return isinstance(value, str) and bool(_NUMBER_TEXT.match(value))


# What a column of check marks holds (a planner's ticks, 'sudah dicek'): never a figure.
_CHECK_MARKS = frozenset({"1", "0", "v", "x", "ok", "y", "n", "ya", "tidak", "yes", "no",
                          "\u2713", "\u2714", "\u221a", "\u2717", "\u2718", "sudah", "belum",
                          "cek", "done", "-"})


def _check_marks(cells: Sequence[Any]) -> bool:
    """True when every cell is a check mark (1 or 0, v, x, ✓, OK, ya): a column of ticks."""
    for value in cells:
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float | np.integer | np.floating):
            if value not in (0, 1):
                return False
        elif str(value).strip().casefold() not in _CHECK_MARKS:
            return False
    return True


# What an office's status or remark says when it does not print now (normalized as a
# header is: 'Tidak Aktif' -> 'tidak_aktif'): closed, inactive, its printer broken or in
# repair. Matched as whole words of the cell.
_NOT_PRINTING = ("tidak_aktif", "tdk_aktif", "non_aktif", "nonaktif", "tutup", "ditutup",
                 "tidak_beroperasi", "tdk_beroperasi", "belum_beroperasi",
                 "tidak_operasional", "non_operasional", "tidak_melayani", "tidak_mencetak",
                 "tidak_bisa_cetak", "tidak_bisa_mencetak", "tidak_dapat_mencetak",
                 "belum_bisa_cetak", "tidak_cetak", "closed", "inactive", "not_active",
                 "not_operating", "not_printing", "out_of_service")
# ... or that something it prints with is broken: said of a printer (the cell's or the
# header's word, or a status column's cell alone: 'Rusak'), not of a building ('Kondisi
# Gedung: Rusak ringan' is no office that does not print).
_BROKEN = ("rusak", "mati", "tidak_berfungsi", "tdk_berfungsi", "dalam_perbaikan",
           "sedang_diperbaiki", "broken", "out_of_order", "error", "gangguan")
_PRINTING_THINGS = frozenset({"printer", "printers", "mesin", "alat", "perangkat",
                              "pencetak", "cetak", "jaringan", "koneksi", "server"})
_STATUS_HEADERS = frozenset({"status", "kondisi", "keadaan", "condition", "state"})
# ... unless it says it works again ('Printer rusak, sudah diperbaiki').
_PRINTING_AGAIN = ("sudah_diperbaiki", "telah_diperbaiki", "sudah_normal", "normal_kembali",
                   "aktif_kembali", "sudah_aktif", "sudah_diganti", "telah_diganti",
                   "repaired", "fixed", "working_again")
# ... nor a closing said with its hours ('Tutup hari Sabtu/Minggu', 'tutup pukul 15.00').
_CLOSED = frozenset({"tutup", "ditutup", "closed"})
_HOURS = frozenset({"hari", "sabtu", "minggu", "jumat", "senin", "selasa", "rabu", "kamis",
                    "jam", "pukul", "pkl", "wib", "sore", "siang", "malam", "weekend",
                    "sunday", "saturday", "weekends", "libur_nasional", "istirahat"})
# A column that says whether the office works ('Aktif', 'Beroperasi', 'Status Aktif'), and
# the answers that say it does not.
_STATUS_WORDS = frozenset({"aktif", "active", "beroperasi", "operasional", "buka", "open",
                           "berfungsi", "operating"})
_NO_WORDS = frozenset({"tidak", "tdk", "no", "n", "t", "x", "false", "belum", "non"})


def _says_not_printing(value: object, header: str) -> bool:
    if value is None or isinstance(value, bool | int | float) or not str(value).strip():
        return False
    key = f"_{headers.normalize(value)}_"
    if any(f"_{p}_" in key for p in _PRINTING_AGAIN):
        return False
    said_of = {p for p in _NOT_PRINTING if f"_{p}_" in key}
    if said_of and not (said_of <= _CLOSED and set(key.split("_")) & _HOURS):
        return True  # (but 'Tutup hari Minggu', 'tutup pukul 15.00': its hours)
    said = set(headers.normalize(header).split("_"))
    status = bool(said & _STATUS_HEADERS) and said <= _STATUS_HEADERS | {"kantor", "office"}
    if any(f"_{p}_" in key for p in _BROKEN) and (
            set(key.split("_")) & _PRINTING_THINGS or said & _PRINTING_THINGS or status):
        return True
    return bool(said & _STATUS_WORDS) and key.strip("_") in _NO_WORDS


def _texts_of(values: Sequence[Any]) -> Iterator[str]:
    """The values that are texts, in order (C-level passes: a national column is 84,000
    cells)."""
    return compress(values, map(isinstance, values, repeat(str)))


def _any_comma(values: Sequence[Any]) -> bool:
    """Whether a text among the values holds a comma (C-level passes)."""
    return any(map(contains, _texts_of(values), repeat(",")))


def _may_say_not_printing(values: list[object], header: str) -> bool:
    """False when no cell of the column can say that its office does not print
    (`_says_not_printing`): none holds a word of `_NOT_PRINTING` or `_BROKEN`, found in
    the whole column normalized at once (normalizing each cell was ~0.3 s of a national
    instance's 7,280 office names; a phrase within one cell is one in the whole, which
    normalizes cell by cell, the cells apart). A status column ('Aktif': 'T') is read
    cell by cell."""
    if set(headers.normalize(header).split("_")) & _STATUS_WORDS:
        return True
    texts = [str(v) for v in values
             if v is not None and not isinstance(v, bool | int | float)]
    whole = f"_{headers.normalize(' '.join(texts))}_"
    return any(f"_{p}_" in whole for p in (*_NOT_PRINTING, *_BROKEN))


def _offices_said_closed(raw: RawTable, cols: headers.Columns) -> list[Problem]:
    """An office whose status or remark (a column not read: `Status`, `Keterangan`,
    `Aktif`, or a remark in its name, `Kantor Kecamatan Sako (TUTUP)`) says that it does
    not print now ('Tidak Aktif', 'Tutup', 'Printer rusak', 'Dalam perbaikan'; 'Tidak'
    under `Aktif`), while its printers, cards per printer-day and working days are read
    as printing: tester qa10's two offices marked 'Tidak Aktif' in a `Status` column were
    planned printing 6,000 cards, the column only noted as ignored. Blanko reads no
    status (only the planner knows whether the printers figure counts it already), so the
    row is refused at the column, naming the rows and what they say; an office whose
    printers (cards or days) are already 0 prints nothing and is not refused."""
    read = {p for f, p in cols.fields.items() if f != "name"} | set(cols.tiers.values())
    capacity = [cols.fields[f] for f in ("printers", "cards_per_printer_day", "working_days")
                if f in cols.fields]
    problems = []
    for position, header in enumerate(raw.header):
        if position in read or position >= raw.frame.shape[1]:
            continue
        values = raw.frame[position].tolist()
        if not _may_say_not_printing(values, header):
            continue
        said: list[tuple[int, str]] = []
        for i, value in enumerate(values):
            if not _says_not_printing(value, header):
                continue
            if any(_zero_cell(raw.frame[c].iloc[i]) for c in capacity):
                continue
            said.append((raw.row(i), str(value).strip()))
        if not said:
            continue
        rows = ", ".join(str(r) for r, _ in said[:5]) + (
            f" and {len(said) - 5} more" if len(said) > 5 else "")
        problems.append(Problem(
            location=f"{raw.source}, column {header}",
            message=f"says an office does not print now in row(s) {rows} "
                    f"('{said[0][1]}'), but its printers are read as printing: the column "
                    "is not read",
            fix="if the office does not print now, write 0 for its printers (or delete its "
                "row); if it prints, clear the cell"))
    return problems


def _zero_cell(value: object) -> bool:
    """A count cell that says nothing is printed: 0, blank or a dash."""
    if value is None or isinstance(value, bool):
        return value is None
    if isinstance(value, int | float):
        return value == 0
    text = str(value).strip()
    return text in ("", "-", "0", "0,0", "0.0", "0,00", "0.00")


def _headerless_numbers(raw: RawTable, cols: headers.Columns) -> list[Problem]:
    """Refuse columns without a header that hold numbers right beside a column read as a
    number (a tier's backlog, population, a count, a coordinate, km): the cells of a
    header merged over several columns (`PEMULA` over `L | P | JML`; a CSV's
    `first_time,,,`). Read from its first column only, the figure would be a part (the
    men only), and the plan wrong; the planner says which column is meant.

    A column of check marks only (1 or 0, v, ✓, OK) apart from the read column by an
    empty column (a planner's `cek` column beyond a gap) is no part of it: a merged
    header spans the columns beside it, and a tick is no figure. It cannot change the
    plan and is only noted (by `headers.resolve`, at its own column number). Columns
    are numbered as in the file (`RawTable.column`: a dropped empty column counts)."""
    numeric = {p: f for f, p in cols.fields.items()
               if f in INT_FIELDS[raw.table] or f in FLOAT_FIELDS[raw.table]}
    numeric |= {p: t for t, p in cols.tiers.items()}
    if not numeric:
        return []
    blank = [not headers.normalize(h) for h in raw.header]
    groups: dict[int, list[int]] = {}
    for position, empty in enumerate(blank):
        if not empty:
            continue
        left = position - 1
        while left >= 0 and blank[left]:
            left -= 1
        if left < 0 or left not in numeric:
            continue
        cells = [v for v in raw.frame[position].tolist() if not _blank(v)]
        count = sum(1 for v in cells if _is_number_cell(v))
        if not count or 2 * count < len(cells):
            continue
        # An empty column between (dropped, or blank in every row) parts it from the read one.
        gap = raw.column(position) - raw.column(left) > position - left or any(
            all(_blank(v) for v in raw.frame[q].tolist()) for q in range(left + 1, position))
        if gap and _check_marks(cells):
            continue
        groups.setdefault(left, []).append(position)
    problems = []
    for left, others in sorted(groups.items()):
        header = raw.header[left]
        what = numeric[left]
        shown = ", ".join(str(raw.column(p)) for p in others)
        first = [raw.frame[p].iloc[0] if len(raw.frame) else None for p in (left, *others)]
        dated = [_header_date(v) for v in first]
        if all(isinstance(v, str) and v.strip() and not _is_number_cell(v) for v in first) \
                and None in dated:
            subs = ", ".join(f"'{str(v).strip()}'" for v in first)
            row = raw.row(0)
            working = [str(v).strip() for v in first if headers.working_printers(str(v))]
            if all(headers.normalize(v) in _SEX_WORDS for v in first):
                message = (f"is a header over two rows, split by sex: '{header}' over {subs} "
                           f"(row {row}); only its first column would be read as {what}")
                fix = (f"keep one column of {what}, the total of both sexes (JML = L + P): "
                       f"delete the other columns and row {row}, and head the total {header}")
            else:
                message = (f"is a header over two rows: '{header}' over {subs} (row {row}); "
                           f"only its first column would be read as {what}")
                if what == "printers" and len(working) == 1:
                    # 'Printer' over 'Jumlah | Aktif': the plan prints with the working ones.
                    fix = (f"keep the column of the printers that work ('{working[0]}'): "
                           f"delete the other columns and row {row}, and head the kept "
                           f"column {header}")
                elif what == "printers":
                    fix = (f"keep one column holding the printers that work (not all "
                           f"printers, not the broken ones): delete the other columns and "
                           f"row {row}, and head the kept column {header}")
                else:
                    fix = (f"keep one column of {what}: delete the other columns and row "
                           f"{row}, and head the kept column {header}")
        elif None not in dated:
            # 'STOK BLANGKO' over one column a date (Excel date cells, row 2): the stock
            # on each date; the first (oldest) alone would be read (tester qa11a).
            dates = [str(d) for d in dated]
            latest = max(dates) if all(_ISO_DATE.match(d) for d in dates) else None
            row = raw.row(0)
            message = (f"is a header over two rows, one column a date: '{header}' over "
                       f"{', '.join(dates)} (row {row}), the {what} on each date; only its "
                       f"first column ({dates[0]}) would be read as {what}")
            fix = (f"keep the column of the {what} now (most often the latest date's"
                   + (f", {latest}" if latest else "") + f"): delete the other dated columns "
                   f"and row {row}, and head the kept column {header}")
        else:
            message = (f"heads several columns that hold numbers (columns {raw.column(left)}, "
                       f"{shown}; the others have no header): only its first column would be "
                       f"read as {what}")
            fix = (f"keep one column of {what} (the total, JML = L + P, when it is split by "
                   f"sex), head it {header} and delete the others; or give each column a "
                   "header of its own")
        problems.append(Problem(location=f"{raw.source}, column {header}", message=message,
                                fix=fix))
    return problems


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _header_date(value: Any) -> str | None:
    """The date (2026-11-30) a cell of a header's second row is, an Excel date cell or a
    date written as text ('30/11/2026'), else None."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str) and value.strip():
        return headers.date_only(value)
    return None


_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,3})\s*\)?$")


def _column_numbers(cells: Sequence[Any]) -> str | None:
    """'1, 2, ..., 13' when a row's cells are its columns' numbers (1, 2, 3, ... or (1),
    (2), ... from left to right, at least four), else None."""
    found = []
    for position, value in enumerate(cells):
        if _blank(value):
            continue
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float | np.integer | np.floating):
            if value != int(value):
                return None
            number = int(value)
        else:
            match = _COLUMN_NUMBER.match(str(value).strip())
            if match is None:
                return None
            number = int(match.group(1))
        found.append((position, number))
    if len(found) < 4 or len({p - n for p, n in found}) != 1:
        return None
    return f"{found[0][1]}, {found[1][1]}, ..., {found[-1][1]}"


_FIGURE = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")


# The fields whose cells in a notes row below a table must be empty or note text.
_ID_FIELDS = frozenset({"area_id", "site_id", "district_id"})
# A note's first word below a table ('Catatan', 'Sumber: SIAK', 'Mengetahui,', 'ttd').
_NOTE_WORDS = frozenset({"catatan", "keterangan", "ket", "sumber", "source", "note", "notes",
                         "nb", "ttd", "mengetahui", "menyetujui", "disetujui", "diketahui",
                         "dibuat", "dicetak", "kepala", "camat", "lurah", "nip", "an", "a.n"})
_NOTE_SPLIT = re.compile(r"[\s,;|]+")


def _note_text(value: Any, id_like: bool) -> bool:
    """Whether a cell is text a notes row below a table holds: letters, fewer than three
    figures (a whole row written in one cell has more; a signature's 'NIP. 1970...' is a
    note), and in an id or kecamatan column no id (a space, a colon or comma, or a note's
    word: 'Catatan', 'ttd')."""
    if not isinstance(value, str) or not re.search(r"[^\W\d_]", value):
        return False
    words = [w for w in _NOTE_SPLIT.split(value.strip()) if w]
    first = words[0].casefold().rstrip(".:,") if words else ""
    if first != "nip" and sum(1 for w in words if _FIGURE.match(w)) >= 3:
        return False
    return not id_like or bool(re.search(r"[\s:,]", value.strip())) or first in _NOTE_WORDS


def skip_notes_below(raw: RawTable, ids: set[int]) -> str | None:
    """Skip the rows below a table's last data row that are notes, not data: 'Sumber:
    Disdukcapil', 'Keterangan: ...', 'Catatan', a signature block ('Palembang, 30
    November 2026', 'Kepala Dinas', 'NIP. 1970...'); the note that says so, or None.
    Each such row holds text only (`_note_row`): no figure in any column, and in the id
    columns (frame positions `ids`) nothing or text no id can be (spaces, a colon, a
    note's word). A row with a figure (a sum, a kelurahan) ends the notes: it and the
    rows above it are read or refused as before; a totals row above the notes is still
    refused. Any table: areas, sites, districts, a planner's shipments."""
    frame = raw.frame
    if len(frame) < 2:
        return None
    start = len(frame)
    while start > 1 and _note_row(frame.iloc[start - 1].tolist(), ids):
        start -= 1
    if start == len(frame):
        return None  # (the usual case: one row looked at)
    rows = [int(r) for r in raw.row_numbers[start:]]
    first = next(str(v).strip() for v in frame.iloc[start].tolist() if not _blank(v))
    raw.frame = frame.iloc[:start].copy()
    raw.row_numbers = raw.row_numbers[:start]
    # (a signature merged across its row is no merged data cell)
    for position in list(raw.merged):
        kept = [span for span in raw.merged[position] if span[0] < rows[0]]
        if kept:
            raw.merged[position] = kept
        else:
            del raw.merged[position]
    shown = ", ".join(str(r) for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
    return (f"{raw.source}: {len(rows)} row(s) below the table are notes, not data (rows "
            f"{shown}, from {first!r}): skipped")


def _note_row(cells: Sequence[Any], ids: set[int]) -> bool:
    """Whether a row below a table is a note (`_notes_below`): every cell empty or note
    text, and some cell filled."""
    filled = False
    for position, value in enumerate(cells):
        if _blank(value):
            continue
        if not _note_text(value, position in ids):
            return False
        filled = True
    return filled


def _unsplit(value: Any) -> bool:
    """Whether a cell holds a whole row whose cells were not split (`16.71.01.1001 Talang
    -3.00 104.74 9069 446`: the separator is not the file's): three figures or more,
    said by the check of the id's length, not as a note."""
    return sum(1 for word in str(value).split() if _FIGURE.match(word)) >= 3


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or (
        isinstance(value, str) and not value.strip())


def _cells(raw: RawTable, position: int) -> list[str]:
    return ["" if v is None or (isinstance(v, float) and v != v) else str(v).strip()
            for v in raw.frame[position]]


def _same_values(raw: RawTable, first: int, second: int) -> bool:
    """Whether two columns hold the same value in every row (as the cells read)."""
    return _cells(raw, first) == _cells(raw, second)


def _differing_rows(raw: RawTable, first: int, second: int) -> list[int]:
    """The file rows where two columns hold different values (as the cells read)."""
    return [raw.row(i) for i, (a, b) in enumerate(zip(_cells(raw, first), _cells(raw, second),
                                                      strict=True)) if a != b]


# id(instance) -> (weak reference to it, table -> (file, raw table, column labels)): where
# an instance read from files has each row, for problems found after reading (a problem
# whose pointer is /areas/7/district_id is said at its file, row and column).
_ROWS: dict[int, tuple[weakref.ref[Instance], dict[str, tuple[str, RawTable, dict[str, str]]]]] = {}
_POINTER = re.compile(r"^/(\w+)/(\d+)/(\w+)$")


def _remember_rows(instance: Instance,
                   tables: dict[str, tuple[str, RawTable, dict[str, str]]]) -> None:
    key = id(instance)

    def forget(ref: weakref.ref[Instance], key: int = key) -> None:
        if _ROWS.get(key, (None,))[0] is ref:
            del _ROWS[key]

    _ROWS[key] = (weakref.ref(instance, forget), tables)


def file_location(instance: Instance, pointer: str) -> str | None:
    """'/areas/7/district_id' -> 'areas.csv row 9, column district_id' for an instance read
    from files (read_instance), else None."""
    found = _ROWS.get(id(instance))
    match = _POINTER.match(pointer)
    if found is None or found[0]() is not instance or match is None:
        return None
    table = found[1].get(match.group(1))
    index = int(match.group(2))
    if table is None or not 0 <= index < len(table[1].frame):
        return None
    source, raw, labels = table
    return f"{source} row {raw.row(index)}, column {labels.get(match.group(3), match.group(3))}"


# A kelurahan's (1xxx) or desa's (2xxx) number within its kecamatan, and a kecamatan's
# Kemendagri code (16.71.01).
_KELURAHAN_NUMBER = re.compile(r"[12]\d{3}")
_KECAMATAN_ID = re.compile(r"\d{2}\.\d{2}\.\d{2}")


def district_as_site(value: str, sites: Sequence[tuple[str, str]]
                     ) -> tuple[str, str] | None:
    """A kecamatan's id typed where an office's id belongs (`16.71.01` for `KEC-16.71.01`:
    tester qa11a, "unknown site" with no word of what it is): the grouped line's words and
    the fix, naming the office of `value`'s kecamatan (else of another kecamatan with one
    office) as an example, or None when `value` is no kecamatan of an office. `sites`: (site_id,
    district_id) of the input."""
    if not sites or value not in {d for _, d in sites} or value in {s for s, _ in sites}:
        return None
    offices: dict[str, list[str]] = {}
    for site_id, district in sites:
        offices.setdefault(district, []).append(site_id)
    own = offices[value]
    example = (value, own[0]) if len(own) == 1 else next(
        ((d, ids[0]) for d, ids in sorted(offices.items()) if len(ids) == 1), None)
    fix = ("write the id of the office (the sites table's site_id), not of its kecamatan"
           + (f": {example[1]} for kecamatan {example[0]}" if example else ""))
    return "name a kecamatan, not an office (a kecamatan code where an office's id belongs)", fix


def located(error: InvalidInput, instance: Instance | None) -> InvalidInput:
    """`error` with each problem that points into `instance` located in its file and row."""
    if instance is None:
        return error
    problems = []
    for p in error.problems:
        where = file_location(instance, p.pointer) if p.pointer else None
        problems.append(p if where is None else p.model_copy(update={"location": where}))
    return InvalidInput(problems)


def _zeros_dropped(value: str, ids: Any) -> str | None:
    """The one id that is `value` (digits) with the leading zeros a number cell drops
    ('1' for '01', '7' for '007'), else None."""
    if not value.isdigit():
        return None
    found = [i for i in ids if isinstance(i, str) and i != value and i.startswith("0")
             and i.isdigit() and i.lstrip("0") == value.lstrip("0")]
    return found[0] if len(found) == 1 else None


def _custom(kind: str) -> str:
    return {"unknown_district": "name a district that is neither a code nor a name of the "
                                "districts table",
            "unknown_area": "name an unknown area", "unknown_site": "name an unknown site",
            "duplicate_id": "repeat an id of an earlier row",
            "duplicate_code": "repeat the code of an earlier row (dots aside)",
            "duplicate_pair": "repeat an area and site pair of an earlier row"}.get(
        kind, kind)


# Two coordinates in one cell, as a map copies them: '-3.00802, 104.7436', '-3,008;104,74'.
_COORDINATE_PAIR = re.compile(r"^\(?\s*-?\d{1,3}[.,]\d+\s*(?:,\s+|\s*[;/|]\s*|\s+|,)"
                              r"\s*-?\d{1,3}[.,]\d+\s*\)?$")


# A coordinate in degrees, minutes and seconds (3°0'28.9"LS, S 3° 0' 28.9", 104°44'37"BT,
# 3° 0.48' S), with its hemisphere before or after it.
_HEMISPHERE = r"(?:LU|LS|BT|BB|N|S|E|W|utara|selatan|timur|barat)"
_DMS = re.compile(
    rf"^\s*(?P<before>{_HEMISPHERE})?\s*(?P<minus>[-\u2212])?\s*(?P<d>\d{{1,3}}(?:[.,]\d+)?)"
    "\\s*[°º˚]\\s*(?:(?P<m>\\d{1,2}(?:[.,]\\d+)?)\\s*['\u2032\u2019`]\\s*)?"
    "(?:(?P<s>\\d{1,2}(?:[.,]\\d+)?)\\s*(?:\"|\u2033|''|\u2019\u2019|\u201d)\\s*)?"
    rf"(?P<after>{_HEMISPHERE})?\.?\s*$", re.I)


def _dms_degrees(value: object) -> str | None:
    """A coordinate written in degrees, minutes and seconds as decimal degrees to five
    decimals ('-3.00803'; south and west negative), else None (tester qa10: such a column
    was told "type numbers only (no text, units, or true/false)")."""
    if not isinstance(value, str):
        return None
    match = _DMS.match(value)
    if match is None:
        return None
    parts = [float((match[name] or "0").replace(",", ".")) for name in ("d", "m", "s")]
    degrees = parts[0] + parts[1] / 60 + parts[2] / 3600
    side = (match["before"] or match["after"] or "").lower()
    if match["minus"] or side in ("ls", "bb", "s", "w", "selatan", "barat"):
        degrees = -degrees
    return f"{degrees:.5f}"


# Pydantic's kinds of a number out of its field's range.
_OUT_OF_RANGE = frozenset({"less_than_equal", "greater_than_equal"})


def _coordinate_misread(field: str, value: Any, other: Any) -> tuple[str, str, str] | None:
    """A latitude or longitude out of range that says how it came so (tester qa10), as
    (kind, message, fix), else None: a latitude that is a longitude beside a longitude
    that is a latitude (the two columns swapped: '104.7436' under 'Lintang'), or a whole
    number whose thousandth is a coordinate (-2966, 104769: Indonesian Excel reads a dot
    as its thousands separator, and '-2.966' pasted from a map became -2966). Before, both
    were told "check the unit: counts are cards, distances km, coordinates degrees"."""
    number = (int, float)
    if not isinstance(value, number) or isinstance(value, bool):
        return None
    limit = 90 if field == "lat" else 180
    if abs(value) <= limit:
        return None
    if field == "lat" and abs(value) <= 180 and isinstance(other, number) \
            and not isinstance(other, bool) and abs(other) <= 90:
        return ("coordinates_swapped",
                "is no latitude (beyond -90 to 90) but a longitude, and the row's longitude "
                "is a latitude: the two columns look swapped",
                "swap the two columns (latitude, Lintang: -11 to 6 in Indonesia, south "
                "negative; longitude, Bujur: 95 to 141), or their headers")
    if abs(value) >= 1000 and float(value).is_integer() and abs(value) / 1000 <= limit:
        what = "latitude" if field == "lat" else "longitude"
        bound = "-90 to 90" if field == "lat" else "-180 to 180"
        return (f"{field}_thousands",
                f"is no {what} (beyond {bound}): it looks like one whose decimal point was "
                "read as a thousands separator",
                "type the coordinates again as decimal degrees with the decimal comma of "
                "Indonesian Excel (-2,966 and 104,769: it reads -2.966 as -2966), or format "
                "the column as Text before pasting them from a map")
    return None


def _explain(e: Any) -> str:
    from optimizer.schema import _explain as explain

    return explain(e)


def _rows_in(text: str, raws: Mapping[str, RawTable]) -> str:
    """'(first at areas[0])' -> '(first in row 2)': internal paths never reach a user."""
    def row(match: re.Match[str]) -> str:
        table, index = match.group(1), int(match.group(2))
        if table in raws:
            return f"in row {raws[table].row(index)}"
        return f"in {table} item {index + 1}"
    return re.sub(r"at (\w+)\[(\d+)\]", row, text)


def _order_text(value: float) -> str:
    """An order as typed: 1, not 1.0."""
    return str(int(value)) if value.is_integer() else str(value)


# A word written before a kecamatan's name ('Kec. Ilir Barat II', 'KECAMATAN SAKO'), in
# any letter case, with or without its dot.
_KECAMATAN = re.compile(r"^\s*(kecamatan|kec\b\.?)\s*(?=\S)", re.IGNORECASE)


def _without_prefix(value: str, prefix: re.Pattern[str]) -> tuple[str, str] | None:
    """('Kec.', 'Ilir Barat II') for 'Kec. Ilir Barat II': the word and what follows it,
    or None when the value does not start with the word."""
    match = prefix.match(value)
    if match is None:
        return None
    return match.group(0).strip(), value[match.end():].strip()


def _failed_formulas_once(issues: list[CellIssue]) -> list[CellIssue]:
    """The issues without any other about a cell that holds an Excel error (#N/A, #NAME?:
    `_formula_error`): read as no value or as the error's text, the cell is refused
    again as an unknown kecamatan, site or area, or as not a number; its one fix is the
    formula's (tester: '#NAME?' in a kecamatan column was said twice, the second line
    telling the planner to add '#NAME?' to districts.csv)."""
    failed = {(i.source, i.column, i.row) for i in issues if i.kind == "formula_error"}
    if not failed:
        return issues
    return [i for i in issues
            if i.kind == "formula_error" or (i.source, i.column, i.row) not in failed]


def _name_key(name: str) -> str:
    return " ".join(str(name).casefold().replace("_", " ").split())


def _text(value: Any) -> Any:
    """A workbook cell where text belongs: numbers as written (an id typed as 1001)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _maybe_no_place(ids: list[Any], ids_na: np.ndarray | None, lats: list[Any],
                    lats_na: np.ndarray | None) -> list[int]:
    """The rows (ascending) that may be no place (`_Builder._not_rows`): an id short as a
    column number (six characters at most, starting with a digit or '(') or none, or no
    latitude. `ids`, `lats`: the columns' cells (`_Builder._listed`, with which are
    missing: `ids_na`, `lats_na`, None for a workbook's typed cells)."""
    if ids_na is not None and lats_na is not None and not ids_na.any() \
            and not lats_na.any():
        # A CSV's text columns, every cell a str: lengths in C, the few short ids (and
        # blank latitudes) looked at one by one.
        n = len(ids)
        short = np.flatnonzero(np.fromiter(map(len, ids), dtype=np.int64, count=n) <= 6)
        rows = {i for i in short.tolist() if ids[i][:1] in "(0123456789"}
        rows.update(np.flatnonzero(
            np.fromiter(map(len, lats), dtype=np.int64, count=n) == 0).tolist())
        return sorted(rows)
    # (one pass over two columns)
    return [i for i, v, lat in zip(range(len(ids)), ids, lats, strict=True)
            if not (type(v) is str and (len(v) > 6 or v[:1] not in "(0123456789"))
            or not ((type(lat) is str and lat) or (type(lat) is float and lat == lat)
                    or type(lat) is int)]


def _text_na(cells: pd.Series, listed: list[Any]) -> np.ndarray:
    """`cells.isna()` of a text column (a CSV's) as a bool array, `listed` its
    `cells.tolist()`: none when every cell is a str (the usual column, told by one join in
    C, a fifth of isna's time on 84,000 rows), else isna itself (a short row's cells)."""
    try:
        "".join(listed)
    except TypeError:  # (a missing cell is no str: NaN or NA)
        return cells.isna().to_numpy(dtype=bool)
    return np.zeros(len(listed), dtype=bool)


def _texts(cells: Any, listed: list[Any] | None = None, na: np.ndarray | None = None
           ) -> list[Any]:
    """Ids and names, stripped; a workbook's numbers as written (an id typed as 1001).
    `listed`, `na`: `cells.tolist()` and a text column's `cells.isna()`, when read
    already (the list is returned as it is when nothing is to strip: not to change)."""
    values: list[Any] = cells.tolist() if listed is None else listed
    if na is None and isinstance(cells.dtype, pd.StringDtype):
        na = _text_na(cells, values)
    if isinstance(cells.dtype, pd.StringDtype) and na is not None and not na.any():
        # A CSV column: strip only when some cell has spaces at an end (rarely).
        joined = "\0" + "\0".join(values) + "\0"
        if " \0" not in joined and "\0 " not in joined and "\t" not in joined:
            return values
    return [v.strip() if isinstance(v, str) else _text(v) for v in values]
