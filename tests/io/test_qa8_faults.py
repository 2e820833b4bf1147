"""Tester qa8's faults (2026-11-30) in the header reader, each kind beyond its corpus case
(tests/data/spreadsheets/qa8-*, tests/io/test_corpus.py).

1. An old column beside a new one ('Pemula Lama' and 'Pemula Baru', 'Stok Lama' 300 and
   'Stok Baru' 500): the new one was read and the old one ignored as "not a known
   column", though it may be the figure before the update or a part to add to it (800
   blanks in all). Refused now for every field, naming both columns.
2. A tier's backlog headed 'KTP Baru' (ignored, not a known header) was refused as
   "first_time is required but missing" without naming the column: a header sharing a
   word with the tier's names ('KTP', 'Pemula', 'Cetak') is named as one that may hold it.
3. Two columns of one field ('Pemula' and 'Pemula (revisi)') with values differing in a
   few rows were refused without saying where: the refusal names up to 5 of the rows
   that differ (the file's row numbers) and how many in all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from optimizer.io.files import read_instance
from tests.io.test_qa7_faults import CLEAN, _refused


def _old_and_new(tmp_path: Path, table: str, field: str, old: str, new: str) -> Path:
    """clean with `field` of `table` headed `new`, and a column `old` before it holding
    other values (the field's values + 300 for counts, the values as they are else)."""
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    values = frame[field].map(lambda v: str(int(v or 0) + 300) if field in _COUNTED else v)
    frame = frame.rename(columns={field: new})
    frame.insert(frame.columns.get_loc(new), old, values)
    frame.to_csv(path, index=False)
    return folder


_COUNTED = {"stock", "printers", "storage_cap", "population", "first_time", "replacement"}

# (table, field, the old column's header, the new column's header)
OLD_NEW = [
    ("areas", "first_time", "Pemula Lama", "Pemula Baru"),
    ("areas", "first_time", "Pemula Sisa", "Pemula Baru"),
    ("areas", "first_time", "Sisa Pemula", "Pemula Terbaru"),
    ("areas", "first_time", "Tunggakan Pemula", "Pemula Update"),
    ("areas", "first_time", "Pemula Sebelumnya", "Pemula (revisi)"),
    ("areas", "replacement", "Penggantian Semula", "Penggantian Baru"),
    ("areas", "population", "Wajib KTP Lama", "Wajib KTP Baru"),
    ("sites", "stock", "Stok Lama", "Stok Baru"),
    ("sites", "stock", "Stok Awal", "Stok Terbaru"),
    ("sites", "stock", "Old Stock", "New Stock"),
    ("sites", "stock", "Previous Stock", "Latest Stock"),
    ("sites", "stock", "Stok Lama (lembar)", "Update Stok"),
    ("sites", "stock", "stock carried over", "stock updated"),
    ("sites", "storage_cap", "Daya Tampung Lama", "Daya Tampung Baru"),
    ("sites", "printers", "Jumlah Printer Lama", "Jumlah Printer Baru"),
    ("sites", "printers", "Printer Lama", "Printer Baru"),
]


@pytest.mark.parametrize(("table", "field", "old", "new"), OLD_NEW,
                         ids=[f"{o}+{n}" for _, _, o, n in OLD_NEW])
def test_an_old_count_beside_a_new_one_is_refused_naming_both(
        tmp_path: Path, table: str, field: str, old: str, new: str) -> None:
    problems = _refused(_old_and_new(tmp_path, table, field, old, new))
    what = f"tier {field}" if field in ("first_time", "replacement") else field
    said = [p for p in problems if p[0].endswith(f"column {old}")]
    assert said, problems
    _, message, fix = said[0]
    assert message.startswith(f"stands beside '{new}' (columns ") and \
        f"which is read as {what}: it may hold the earlier figure of {what} or a part to " \
        "add to it" in message
    assert f"keep the one column that holds {what} as meant (or one column with the total " \
        "of the two)" in fix


@pytest.mark.parametrize(("table", "field", "old", "new"), [
    ("areas", "district_id", "Kecamatan Lama", "Kecamatan Baru"),
    ("sites", "cards_per_printer_day", "Kapasitas Cetak per Printer Lama",
     "Kapasitas Cetak per Printer Baru"),
])
def test_an_old_value_beside_a_new_one_is_refused_naming_both(
        tmp_path: Path, table: str, field: str, old: str, new: str) -> None:
    problems = _refused(_old_and_new(tmp_path, table, field, old, new))
    said = [p for p in problems if p[0].endswith(f"column {old}")]
    assert said, problems
    _, message, fix = said[0]
    assert f"which is read as {field}: it may hold the earlier value of {field}" in message
    assert fix == f"keep the one column that holds {field} as meant and delete the other"


def test_an_old_column_beside_one_read_without_an_update_word_keeps_its_rule(
        tmp_path: Path) -> None:
    # 'Stok Awal' beside 'stock' is a period's stock, noted (tests/io/test_headers.py).
    loaded = read_instance(_old_and_new(tmp_path, "sites", "stock", "Stok Awal", "stock"))
    assert "column 'Stok Awal' ignored (stock is read from 'stock')" in " ".join(loaded.notes)


def test_an_old_name_beside_a_new_one_changes_no_plan_and_is_not_refused(
        tmp_path: Path) -> None:
    loaded = read_instance(_old_and_new(tmp_path, "sites", "name", "Nama Lama", "Nama Baru"))
    assert loaded.instance.sites


# --------------------------------------------------------------------------- 2

@pytest.mark.parametrize("header", ["KTP Baru", "Jml KTP", "KTP-el"])
def test_a_missing_tier_names_the_ignored_column_that_may_hold_it(tmp_path: Path,
                                                                   header: str) -> None:
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / "areas.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",first_time,", f",{header},", 1),
                    encoding="utf-8")
    problems = _refused(folder)
    assert ("areas.csv, column first_time",
            f"(backlog of tier first_time) is required but missing; the column '{header}' "
            "was ignored (not a known header) and may hold it",
            f"if '{header}' holds the backlog of tier first_time, rename it to first_time; "
            "if not, add a column headed first_time, or declare the tiers this file has "
            "(tiers table or --tiers)") in problems


def test_a_missing_tier_names_no_column_unlike_it(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / "areas.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",first_time,", ",Keterangan,", 1),
                    encoding="utf-8")
    problems = _refused(folder)
    assert ("areas.csv, column first_time", "(backlog of tier first_time) is required but "
            "missing") in [p[:2] for p in problems]


# --------------------------------------------------------------------------- 3

@pytest.mark.parametrize(("changed", "said"), [
    ([3], "in 1 row(s) (rows 5)"),
    ([1, 4], "in 2 row(s) (rows 3, 6)"),
    ([0, 2, 4, 6, 8], "in 5 row(s) (rows 2, 4, 6, 8, 10)"),
    ([0, 2, 4, 6, 8, 10, 12], "in 7 row(s) (rows 2, 4, 6, 8, 10, ...)"),
])
def test_two_columns_of_one_field_name_the_rows_where_they_differ(
        tmp_path: Path, changed: list[int], said: str) -> None:
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / "areas.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    revised = frame["first_time"].copy()
    for i in changed:  # data row i is the file's row i + 2 (the header is row 1)
        revised[i] = str(int(revised[i]) + 100)
    frame["Pemula (revisi)"] = revised
    frame.to_csv(path, index=False)
    problems = _refused(folder)
    assert ("areas.csv, column Pemula (revisi)",
            "and 'first_time' (columns 7 and 9) are both read as tier first_time, and their "
            f"values differ {said}") in [p[:2] for p in problems]


def test_a_workbooks_rows_are_named_as_excel_numbers_them(tmp_path: Path) -> None:
    # A title above the header: the rows named are the sheet's, not the data's.
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in ("areas", "sites", "districts"):
        frame = pd.read_csv(CLEAN / f"{table}.csv", dtype=str, keep_default_na=False)
        if table == "areas":
            revised = frame["first_time"].copy()
            revised[1] = str(int(revised[1]) + 100)
            frame["Pemula Update"] = revised
        sheet = book.create_sheet(table)
        sheet.append([f"Data {table} per 30 November 2026"])
        sheet.append([])
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([float(v) if v.replace(".", "", 1).lstrip("-").isdigit()
                          and c not in ("area_id", "district_id", "site_id") else v or None
                          for c, v in zip(frame.columns, row, strict=True)])
    path = tmp_path / "data.xlsx"
    book.save(path)
    problems = _refused(path)
    assert ("data.xlsx[areas], column Pemula Update",
            "and 'first_time' (columns 7 and 9) are both read as tier first_time, and their "
            "values differ in 1 row(s) (rows 5)") in [p[:2] for p in problems], problems
