"""Units an office writes in brackets that name the field's own unit are read, not
refused (a tester's office files, /tmp/qa2 cases 03, 05, 06, 55, 56, 59): a refusal of a
good file blocks the planner as surely as a wrong plan misleads them."""

from __future__ import annotations

import pytest

from optimizer.io.headers import resolve, unit_problem


@pytest.mark.parametrize(("target", "header"), [
    ("cards_per_printer_day", "Kapasitas per Printer per Hari (keping/hari)"),
    ("cards_per_printer_day", "Kapasitas per Printer per Hari (lembar/hari)"),
    ("cards_per_printer_day", "Kapasitas per Printer (kartu/printer/hari)"),
    ("stock", "Stok (lembar KTP-el)"),
    ("stock", "Stok (bh)"),
    ("printers", "Jumlah Printer (bh)"),
    ("population", "Jumlah Wajib KTP (org)"),
    ("first_time", "Pemula (org)"),
    ("replacement", "Penggantian (org)"),
])
def test_the_fields_own_unit_is_read(target: str, header: str) -> None:
    assert unit_problem(target, header) is None


@pytest.mark.parametrize(("target", "header"), [
    ("stock", "Stok (dus)"), ("cards_per_printer_day", "Kapasitas (per bulan)"),
    ("working_days", "Hari Kerja (minggu)"), ("km", "Jarak Tempuh (menit)")])
def test_other_units_are_still_refused(target: str, header: str) -> None:
    assert unit_problem(target, header) is not None


@pytest.mark.parametrize("header", ["Stok Saat Ini", "Stok Terakhir", "Stok Sekarang"])
def test_the_stock_now_is_read_as_the_stock(header: str) -> None:
    columns = resolve("sites", ["Kode Kantor", "Kecamatan", header])
    assert columns.fields.get("stock") == 2


@pytest.mark.parametrize(("name", "table"), [
    ("Data Kantor", "sites"), ("Data Kelurahan", "areas"), ("DATA KECAMATAN", "districts"),
    ("Daftar Kelurahan", "areas"), ("Tabel Jarak", "distances"), ("Data", None),
    ("Data Kelurahan Okt", None), ("Kantor", "sites")])
def test_a_table_sheet_may_be_named_data_of_it(name: str, table: str | None) -> None:
    """'Data Kantor', 'Data Kelurahan', 'Data Kecamatan' (a tester's office workbook) are
    the tables: they were refused with 'has no sites table; add sites.csv'."""
    from optimizer.io.headers import table_of

    assert table_of(name) == table
