"""Tester qa9's faults (2026-11-30) in how offices' spreadsheets are read, each kind beyond
its corpus case (tests/data/spreadsheets/qa9-*, tests/io/test_corpus.py).

1. A header over two rows lost its upper words: 'SUDAH CETAK' (cards already printed)
   merged over 'Pemula | Penggantian' was read as 'Pemula', 'Penggantian' and planned as
   the backlog (450,749 first-time applicants planned for 150,000); 'RUSAK' over
   'Printer' planned the broken printers as working; in a CSV the upper row was skipped
   as a title row. The upper words are now part of each column's header, which is read
   as a one-row header is ('Sudah Cetak Pemula' refused, 'SIAP CETAK Pemula' read); a
   title row (one text over the whole table) stays a title.
2. 'Kapasitas per Printer', 'Kapasitas Printer per Bulan', 'Kartu per Printer per Jam' were
   refused as "about printers too ... keep one printers column", a fix that then failed
   with "cards_per_printer_day is required". 'Kapasitas per Printer' is read as
   cards_per_printer_day (per day is meant, as 'Kapasitas Cetak per Printer' already
   was); a rate per month, week or hour is refused with how to convert it, never read as
   a day's rate.
3. A totals row merged across columns ('JUMLAH' over A24:E24) got one "unmerge the cells"
   line for each column it covers: now one "this looks like a totals row, delete it".
4. 'Koordinat Y' and 'Koordinat X' were both told "rename the column to lat": Y (north) is
   read as lat and X (east) as lon, as GIS exports mean them (swapped, the values are
   refused by the range of a latitude).
5. A very hidden sheet (Excel's 'veryHidden') was to be shown with right-click > Unhide,
   which does not list it: the fix says what works (copy the visible sheets into a new
   workbook; or show it in the VBA editor).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from optimizer.io.files import read_instance
from tests.io.test_qa7_faults import CLEAN, CORPUS, _refused

# Upper words that say the columns below are not the backlog waiting to be printed.
NOT_BACKLOG = ["SUDAH CETAK", "BELUM REKAM", "TERCETAK", "SUDAH REKAM", "SUKET", "TARGET",
               "BULAN LALU", "DICETAK", "REALISASI CETAK", "KEBUTUHAN BLANGKO"]


def _areas_two_rows(tmp_path: Path, upper: str, *, csv: bool = False,
                    title: str | None = None) -> Path:
    """clean with the areas' backlog headed `upper` over 'Pemula | Penggantian': as a
    workbook (the upper cell merged across both columns, the others merged down) or as
    CSV files (the upper word typed in the first of the two cells). `title`: a row above
    the header, its text in the first cell (merged across the table in the workbook)."""
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    frame = pd.read_csv(folder / "areas.csv", dtype=str, keep_default_na=False)
    width = len(frame.columns)
    top = [*frame.columns[:6], upper, ""]
    below = [""] * 6 + ["Pemula", "Penggantian"]
    rows = [top, below, *frame.to_numpy().tolist()]
    if title is not None:
        rows = [[title] + [""] * (width - 1), *rows]
    if csv:
        pd.DataFrame(rows).to_csv(folder / "areas.csv", index=False, header=False)
        return folder
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in ("sites", "districts"):
        table = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        sheet = book.create_sheet(name)
        sheet.append(list(table.columns))
        for row in table.itertuples(index=False):
            sheet.append([_number(v) for v in row])
    sheet = book.create_sheet("areas")
    for row in rows:
        sheet.append([_number(v) if i >= 3 else (v or None) for i, v in enumerate(row)])
    first = 2 if title is not None else 1
    if title is not None:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=first, start_column=7, end_row=first, end_column=8)
    for column in range(1, 7):
        sheet.merge_cells(start_row=first, start_column=column, end_row=first + 1,
                          end_column=column)
    out = tmp_path / "book.xlsx"
    book.save(out)
    return out


def _number(value: str) -> object:
    try:
        number = float(value)
    except ValueError:
        return value or None
    return int(number) if number.is_integer() and "." not in value else number


@pytest.mark.parametrize("csv", [False, True], ids=["xlsx", "csv"])
@pytest.mark.parametrize("upper", NOT_BACKLOG)
def test_upper_words_of_a_two_row_header_are_never_dropped(tmp_path: Path, upper: str,
                                                          csv: bool) -> None:
    """'SUDAH CETAK' over 'Pemula' is read as 'SUDAH CETAK Pemula', which is no tier: the
    backlog is refused as missing, naming the column (was: read as 'Pemula' and planned)."""
    problems = _refused(_areas_two_rows(tmp_path, upper, csv=csv))
    located = [p[0] for p in problems]
    assert any(loc.endswith(f"column {upper} Pemula") for loc in located), problems
    assert any(loc.endswith("column first_time") and "required but missing" in m
               for loc, m, _ in problems), problems


@pytest.mark.parametrize("csv", [False, True], ids=["xlsx", "csv"])
@pytest.mark.parametrize("title", [None, "DATA KELURAHAN KOTA PALEMBANG 2026"])
def test_siap_cetak_over_the_tiers_is_read_and_a_title_stays_a_title(
        tmp_path: Path, csv: bool, title: str | None) -> None:
    """'SIAP CETAK' (ready to print) over 'Pemula | Penggantian' is the backlog; a title in
    the first cell above the table is skipped as before."""
    loaded = read_instance(_areas_two_rows(tmp_path, "SIAP CETAK", csv=csv, title=title))
    clean = read_instance(CLEAN)
    assert [a.backlog for a in loaded.instance.areas] == \
        [a.backlog for a in clean.instance.areas]
    assert any("'SIAP CETAK Pemula' as tier first_time" in n for n in loaded.notes), \
        loaded.notes


def _sites_two_rows(tmp_path: Path, upper: str, lower: str, field: str = "printers") -> Path:
    """clean as a workbook whose sites sheet heads the `field` column `upper` (row 1) over
    `lower` (row 2), the other headers merged down over both rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in ("sites", "areas", "districts"):
        table = pd.read_csv(CLEAN / f"{name}.csv", dtype=str, keep_default_na=False)
        sheet = book.create_sheet(name)
        if name == "sites":
            at = list(table.columns).index(field)
            sheet.append([upper if i == at else h for i, h in enumerate(table.columns)])
            sheet.append([lower if i == at else None for i in range(len(table.columns))])
            for column in range(1, len(table.columns) + 1):
                if column != at + 1:
                    sheet.merge_cells(start_row=1, start_column=column, end_row=2,
                                      end_column=column)
        else:
            sheet.append(list(table.columns))
        for row in table.itertuples(index=False):
            sheet.append([_number(v) if i >= 3 else (v or None) for i, v in enumerate(row)])
    out = tmp_path / "book.xlsx"
    book.save(out)
    return out


@pytest.mark.parametrize(("upper", "lower"), [
    ("RUSAK", "Printer"), ("TIDAK AKTIF", "Jumlah Printer"), ("RENCANA PENGADAAN 2027",
                                                             "Printer"),
    ("DIPINJAM KE KECAMATAN LAIN", "Printer"), ("MATI", "Printer")])
def test_printers_under_a_word_that_they_do_not_work_are_refused(
        tmp_path: Path, upper: str, lower: str) -> None:
    """'RUSAK' over 'Printer' counts broken printers: was read as the printers (planned as
    printing); now refused at the column as headed."""
    problems = _refused(_sites_two_rows(tmp_path, upper, lower))
    assert any(loc.endswith(f"column {upper} {lower}") for loc, _, _ in problems), problems



def test_a_word_grouping_coordinates_is_left_out_of_a_coordinate(tmp_path: Path) -> None:
    """'KOORDINAT' over 'Latitude' says nothing the lower header does not: read as lat."""
    loaded = read_instance(_sites_two_rows(tmp_path, "KOORDINAT", "Latitude", "lat"))
    assert [s.lat for s in loaded.instance.sites] == \
        [s.lat for s in read_instance(CLEAN).instance.sites]


def _renamed(tmp_path: Path, table: str, renames: dict[str, str],
             extra: dict[str, str] | None = None) -> Path:
    """clean with columns of `table` renamed, and `extra` columns (header -> copy of field)."""
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    for header, source in (extra or {}).items():
        frame[header] = frame[source]
    frame.rename(columns=renames).to_csv(folder / f"{table}.csv", index=False)
    return folder


@pytest.mark.parametrize("header", ["Kapasitas per Printer", "Kapasitas Printer",
                                    "KAPASITAS PER PRINTER (kartu/hari)"])
def test_a_capacity_per_printer_is_read_as_the_daily_rate(tmp_path: Path, header: str) -> None:
    loaded = read_instance(_renamed(tmp_path, "sites", {"cards_per_printer_day": header}))
    assert [s.cards_per_printer_day for s in loaded.instance.sites] == \
        [s.cards_per_printer_day for s in read_instance(CLEAN).instance.sites]


@pytest.mark.parametrize(("header", "word", "how"), [
    ("Kapasitas Printer per Bulan", "Bulan", "divide by the working days in one 'Bulan'"),
    ("Kapasitas per Printer per Minggu", "Minggu", "divide by the working days in one"),
    ("Kartu per Printer per Jam", "Jam", "multiply by the 'Jam' a printer prints in one "
                                        "working day"),
    ("Cards per Printer per Hour", "Hour", "multiply by the 'Hour'"),
    ("Kapasitas Cetak Printer/Bulan", "Bulan", "divide by the working days in one")])
def test_a_rate_per_printer_in_another_period_is_refused_with_how_to_convert(
        tmp_path: Path, header: str, word: str, how: str) -> None:
    """Never read as a day's rate (a month's is ~20 days' cards) nor called printers."""
    problems = _refused(_renamed(tmp_path, "sites", {"cards_per_printer_day": header}))
    assert len(problems) == 1, problems
    location, message, fix = problems[0]
    assert location.endswith(f"column {header}")
    assert message == (f"gives cards per printer per '{word}', but cards_per_printer_day "
                       "must be cards per printer per working day")
    assert how in fix and fix.endswith("head the column cards_per_printer_day")


def test_a_monthly_rate_beside_the_daily_one_is_only_noted(tmp_path: Path) -> None:
    path = _renamed(tmp_path, "sites", {}, {"Kapasitas Printer per Bulan": "working_days"})
    loaded = read_instance(path)
    assert any("column 'Kapasitas Printer per Bulan' ignored (cards_per_printer_day is read "
               "from 'cards_per_printer_day')" in n for n in loaded.notes), loaded.notes


def _clean_book(path: Path) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in ("sites", "areas", "districts"):
        table = pd.read_csv(CLEAN / f"{name}.csv", dtype=str, keep_default_na=False)
        sheet = book.create_sheet(name)
        sheet.append(list(table.columns))
        for row in table.itertuples(index=False):
            sheet.append([_number(v) if i >= 3 else (v or None) for i, v in enumerate(row)])
    return book


@pytest.mark.parametrize("label", ["JUMLAH", "TOTAL", "Jumlah Kota Palembang", "Grand Total"])
@pytest.mark.parametrize("table", ["sites", "areas"])
def test_a_totals_row_merged_across_columns_is_refused_once(tmp_path: Path, label: str,
                                                           table: str) -> None:
    book = _clean_book(tmp_path)
    sheet = book[table]
    row = sheet.max_row + 1
    sheet.cell(row, 1, label)
    sheet.cell(row, 7, 12345)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    book.save(tmp_path / "book.xlsx")
    problems = _refused(tmp_path / "book.xlsx")
    assert len(problems) == 1, problems
    location, message, fix = problems[0]
    assert location.startswith(f"book.xlsx[{table}] row {row}, column ")
    assert message == f"this looks like a totals row, got {label!r}"
    assert fix == "delete it: every row must be one kelurahan, office or kecamatan"


@pytest.mark.parametrize(("y", "x"), [("Koordinat Y", "Koordinat X"), ("KOORDINAT_Y",
                                                                      "KOORDINAT_X"),
                                      ("Coordinate Y", "Coordinate X")])
def test_coordinates_y_and_x_are_read_as_lat_and_lon(tmp_path: Path, y: str, x: str) -> None:
    folder = _renamed(tmp_path, "sites", {"lat": y, "lon": x})
    frame = pd.read_csv(folder / "areas.csv", dtype=str, keep_default_na=False)
    frame.rename(columns={"lat": y, "lon": x}).to_csv(folder / "areas.csv", index=False)
    loaded, clean = read_instance(folder).instance, read_instance(CLEAN).instance
    assert [(s.lat, s.lon) for s in loaded.sites] == [(s.lat, s.lon) for s in clean.sites]
    assert [(a.lat, a.lon) for a in loaded.areas] == [(a.lat, a.lon) for a in clean.areas]


def _very_hidden(source: Path, out: Path) -> Path:
    book = openpyxl.load_workbook(source)
    for sheet in book.worksheets:
        if sheet.sheet_state == "hidden":
            sheet.sheet_state = "veryHidden"
    book.save(out)
    return out


SHOW = "Alt+F11, select the sheet in the Project pane, press F4 and set Visible to -1"


@pytest.mark.parametrize("case", ["qa7-hidden-old-sites-visible-update.xlsx",
                                  "qa7-hidden-old-areas-visible-rekap.xlsx"])
def test_a_very_hidden_sheet_is_not_told_to_be_unhidden(tmp_path: Path, case: str) -> None:
    """The qa7 cases (a hidden old sheet beside a visible one) with the sheet very hidden:
    no 'right-click > Unhide'; the visible sheets copied into a new workbook instead."""
    [(_, message, fix)] = _refused(_very_hidden(CORPUS / case, tmp_path / "book.xlsx"))
    assert "hidden in Excel" in message
    assert "right-click a sheet tab > Unhide" not in fix
    assert "copy the visible sheets into a new workbook" in fix and SHOW in fix


def test_two_sheets_of_one_table_one_very_hidden(tmp_path: Path) -> None:
    book = _clean_book(tmp_path)
    old = book.copy_worksheet(book["areas"])
    old.title = "kelurahan"
    old.sheet_state = "veryHidden"
    book.save(tmp_path / "book.xlsx")
    [(_, message, fix)] = _refused(tmp_path / "book.xlsx")
    assert "(sheet 'kelurahan' is hidden in Excel)" in message
    assert "Unhide to see it" not in fix
    assert "copy the visible sheets into a new workbook" in fix and SHOW in fix
