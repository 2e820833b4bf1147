"""Tester qa10's faults (2026-11-30), each kind beyond its corpus case
(tests/data/spreadsheets/qa10-*).

1. A table under a sheet name not read: an optional one was planned without it, the
   only word a note among the others ("sheet 'Jarak Tempuh' is not read"): the
   measured km of a sheet 'Jarak Tempuh' replaced by great-circle km x 1.3, the tiers'
   order of a sheet 'Prioritas' (or a file `prioritas.csv`) by first-time cards first.
   A required one was refused as "has no 'areas' table", not naming the sheet that
   holds it. Refused now, naming the sheet (or file) to rename, as a data folder's
   file of another name already was.
2. An office marked as not printing in a column not read (`Status` 'Tidak Aktif',
   `Keterangan` 'Printer rusak', 'Tidak' under `Aktif`, '(TUTUP)' in its name) was
   planned printing with its printers. Refused at the column, naming the rows.
3. The stock laid out one column a date (`01/11/2026 | 30/11/2026`, or Excel date
   cells as headers) was ignored: a stock of 0 at every office. Refused when no column
   is read as stock.
4. A coordinate out of range was told "check the unit: counts are cards, distances km,
   coordinates degrees" whatever made it so: the latitude and longitude columns
   swapped, and coordinates whose decimal point Indonesian Excel read as a thousands
   separator (-2.976 saved as -2976). Each is said as what it is, with its fix.
5. Blanks at the office not to be printed (`Blangko Rusak`, `Stok Cadangan`) or not
   there yet (`Stok Dalam Perjalanan`) beside `Stok` were ignored as unknown columns:
   if `Stok` counts them, damaged, reserved or travelling blanks were planned as
   printed. Refused as blanks that came in or went out already were.
6. The measured km as a matrix, one column per office ('matriks jarak'), was refused as
   "site_id is required but missing; add a column headed site_id" (under a title row,
   four such lines): refused once as a matrix, with how to write it.
7. The kelurahan kept a sheet (or file) per kecamatan: refused as two versions of one
   table, the fix "keep only the sheet with the data you mean: delete the other" (and
   qa10's own first fix "delete the other copies"), which, followed, planned one
   kecamatan's kelurahan. Sheets (files) of one table sharing no row id are said as
   parts, the fix to copy their rows into one.
8. A count that a formula made a fraction, in a cell formatted without decimals ('0',
   '#,##0'): Excel shows 907, the refusal said "must be a whole number, got 906.9".
   It says now that Excel shows it rounded, each value with what Excel shows.
9. Coordinates in degrees, minutes and seconds (3°0'28.9"LS) were told "type numbers
   only (no text, units, or true/false)": said as what they are, each with its decimal
   degrees.
10. Both coordinates in one cell ('-3.00802, 104.7436') under 'Koordinat' were told "did
    you mean lat? if it holds lat, rename the column to lat": said as a pair, the fix
    to split it.
11. A workbook with a password to open it, or an old .xls under an .xlsx name, was
    "cannot be read as .xlsx (BadZipFile): open it in Excel and save it again" (saved
    again, the password stays): said as what it is.
12. A backlog column pasted over another (the same figure in every row) was planned
    `optimal`: refused at the later column, naming the other.
13. A letterhead, the report's title and its period above the table (16 rows): the
    header was looked for in the first 15 rows only, and the file refused as six
    required columns missing. Looked for in the first 30.
14. The kecamatan typed in the first row of its block only (blank below, as a report
    shows it): the fix was "fill in the id". It says to fill the kecamatan down.
15. A `--shipments` row a remark says is not sent ('Batal', 'dibatalkan, diganti tahap
    2') was pinned all the same: refused at the remark's column, naming the rows.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from optimizer.i18n.problems import localize_problems
from optimizer.io.files import read_instance
from optimizer.schema import InvalidInput

CORPUS = Path(__file__).parent.parent / "data" / "spreadsheets"
CLEAN = CORPUS / "clean"


def _problems(path: Path, lang: str = "en", **options: Any) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        read_instance(path, **options)
    problems = caught.value.problems if lang == "en" else localize_problems(
        caught.value.problems, lang)
    return [f"{p.location}: {p.message} / {p.fix}" for p in problems]


def _book(path: Path, extra: Callable[[Workbook], None] | None = None,
          sites: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> Path:
    """The clean instance as a workbook (sheets kantor, kelurahan, kecamatan), with
    `extra` sheets added and the offices' frame changed by `sites`."""
    book = Workbook()
    book.remove(book.active)
    for title, table in (("kantor", "sites"), ("kelurahan", "areas"),
                         ("kecamatan", "districts")):
        frame = pd.read_csv(CLEAN / f"{table}.csv", dtype=str, keep_default_na=False)
        if table == "sites" and sites is not None:
            frame = sites(frame)
        ws = book.create_sheet(title)
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append([_cell(v) for v in row])
    if extra is not None:
        extra(book)
    book.save(path)
    return path


def _cell(text: object) -> object:
    if not isinstance(text, str) or text.startswith("16.71") or text == "":
        return None if text == "" else text
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def _distances(book: Workbook, title: str) -> None:
    ws = book.create_sheet(title)
    ws.append(["Kode Kelurahan", "Kode Kantor", "Jarak (km)"])
    areas = pd.read_csv(CLEAN / "areas.csv", dtype=str)
    sites = pd.read_csv(CLEAN / "sites.csv", dtype=str)
    for area in areas.area_id:
        for site in sites.site_id:
            ws.append([area, site, 3.5])


def _tiers(book: Workbook, title: str, header: tuple[str, str] = ("Kelompok", "Urutan"),
           names: tuple[str, str] = ("Penggantian", "Pemula")) -> None:
    ws = book.create_sheet(title)
    ws.append(list(header))
    for order, name in enumerate(names, start=1):
        ws.append([name, order])


# 1. A table under a sheet name not read ---------------------------------------------


@pytest.mark.parametrize("title", ["Jarak Tempuh", "Matriks Jarak", "Jarak Kelurahan-Kantor",
                                   "jarak (2)", "Data Jarak Jalan"])
def test_measured_km_under_another_sheet_name_are_refused(tmp_path: Path, title: str):
    path = _book(tmp_path / "kota.xlsx", lambda b: _distances(b, title))
    (line,) = _problems(path)
    assert (f"kota.xlsx: sheet '{title}' has the header of the distances table, but no "
            "sheet is named as the distances table") in line
    assert "name the sheet that holds the distances table you mean jarak (or distances)" \
        in line


def test_measured_km_in_a_sheet_named_jarak_plan(tmp_path: Path):
    loaded = read_instance(_book(tmp_path / "kota.xlsx", lambda b: _distances(b, "Jarak")))
    assert loaded.instance.distances and {d.km for d in loaded.instance.distances} == {3.5}


@pytest.mark.parametrize("title", ["Prioritas", "Urutan Prioritas", "Kelompok Prioritas",
                                   "Tier (2)"])
def test_the_tiers_order_under_another_sheet_name_is_refused(tmp_path: Path, title: str):
    path = _book(tmp_path / "kota.xlsx", lambda b: _tiers(b, title))
    (line,) = _problems(path)
    assert (f"sheet '{title}' has the header of the tiers table, but no sheet is named as "
            "the tiers table") in line
    assert "name the sheet that holds the tiers table you mean kelompok (or tiers)" in line


def test_the_tiers_order_under_another_name_is_not_read_when_tiers_are_given(
        tmp_path: Path):
    path = _book(tmp_path / "kota.xlsx", lambda b: _tiers(b, "Prioritas"))
    loaded = read_instance(path, tiers=["first_time", "replacement"])
    assert tuple(loaded.instance.tiers) == ("first_time", "replacement")


def test_the_tiers_order_in_a_sheet_named_kelompok_is_read(tmp_path: Path):
    loaded = read_instance(_book(tmp_path / "kota.xlsx", lambda b: _tiers(b, "Kelompok")))
    # (the default tiers named in Bahasa Indonesia: their columns read as theirs)
    assert tuple(loaded.instance.tiers) == ("penggantian", "pemula")


@pytest.mark.parametrize("header,names", [
    (("No Urut", "Nama"), ("Budi Santoso", "Siti Aminah")),   # a staff list
    (("Nama", "Urutan"), ("Kantor Sako", "Kantor Plaju")),   # a ranking of offices
])
def test_a_ranked_list_of_other_names_is_no_tiers_table(tmp_path: Path,
                                                        header: tuple[str, str],
                                                        names: tuple[str, str]):
    path = _book(tmp_path / "kota.xlsx", lambda b: _tiers(b, "Pegawai", header, names))
    loaded = read_instance(path)
    assert tuple(loaded.instance.tiers) == ("first_time", "replacement")
    assert any("sheet 'Pegawai' is not read" in n for n in loaded.notes), loaded.notes


def test_a_required_table_under_another_sheet_name_is_named(tmp_path: Path):
    path = _book(tmp_path / "kota.xlsx")
    book = load_workbook(path)
    book["kelurahan"].title = "Kelurahan Nov 2026"
    book.save(path)
    (line,) = _problems(path)
    assert ("sheet 'Kelurahan Nov 2026' has the header of the areas table, but no sheet is "
            "named as the areas table") in line
    assert "you mean kelurahan (or areas)" in line


def test_a_tiers_file_under_another_name_is_refused(tmp_path: Path):
    folder = shutil.copytree(CLEAN, tmp_path / "kota")
    (folder / "urutan_prioritas.csv").write_text("Kelompok;Urutan\r\nPenggantian;1\r\n"
                                                 "Pemula;2\r\n", encoding="utf-8")
    (line,) = _problems(folder)
    assert ("urutan_prioritas.csv has the header of the tiers table, but no file is named as "
            "the tiers table") in line
    assert "kelompok.csv (or tiers.csv)" in line
    assert tuple(read_instance(folder, tiers=["first_time", "replacement"]).instance.tiers) \
        == ("first_time", "replacement")


def test_misnamed_tables_are_said_in_indonesian(tmp_path: Path):
    path = _book(tmp_path / "kota.xlsx", lambda b: _distances(b, "Jarak Tempuh"))
    (line,) = _problems(path, "id")
    assert "has the header" not in line and "name the sheet" not in line, line
    assert "'Jarak Tempuh'" in line


# 2. An office marked as not printing --------------------------------------------------


def _with(column: str, values: dict[int, str]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(**{column: [values.get(i, "") for i in range(len(frame))]})
    return edit


@pytest.mark.parametrize("column,said", [
    ("Status", "Tidak Aktif"), ("Status", "NON AKTIF"), ("Status", "Tutup"),
    ("Keterangan", "Printer rusak, belum diperbaiki"),
    ("Keterangan", "printer dalam perbaikan"), ("Status", "Rusak"),
    ("Kondisi", "mati"), ("Keterangan", "Jaringan error sejak 25/11"),
    ("Catatan", "Kantor ditutup sementara"), ("Aktif", "Tidak"), ("Beroperasi", "T"),
    ("Status Operasional", "tidak beroperasi"), ("Remarks", "closed"),
    ("Keterangan", "Printer rusak sejak 3 hari"), ("Keterangan", "Tutup sementara"),
])
def test_an_office_said_not_to_print_is_refused(tmp_path: Path, column: str, said: str):
    path = _book(tmp_path / "kota.xlsx", sites=_with(column, {0: said, 3: said}))
    (line,) = _problems(path)
    assert (f"kota.xlsx[kantor], column {column}: says an office does not print now in "
            f"row(s) 2, 5 ('{said}'), but its printers are read as printing") in line
    assert "if the office does not print now, write 0 for its printers" in line


def test_an_office_closed_in_its_name_is_refused(tmp_path: Path):
    def closed(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.loc[0, "name"] = frame.loc[0, "name"] + " (TUTUP)"
        return frame
    (line,) = _problems(_book(tmp_path / "kota.xlsx", sites=closed))
    assert "column name: says an office does not print now" in line
    assert "in row(s) 2 ('Kantor Kecamatan Ilir Barat II (TUTUP)')" in line


@pytest.mark.parametrize("column,said", [
    ("Status", "Aktif"), ("Keterangan", "Printer rusak, sudah diperbaiki"),
    ("Keterangan", "Printer baru"), ("Aktif", "Ya"), ("Keterangan", "Tidak ada antrian"),
    ("Status", "Tidak"),  # (no column of whether it works: 'Tidak' alone says nothing)
    ("Kondisi Gedung", "Rusak ringan"),  # (a building, not what prints)
    ("Keterangan", "Tutup hari Sabtu/Minggu"), ("Keterangan", "tutup pukul 15.00 WIB"),
    ("Keterangan", "Atap bocor, plafon rusak"),
])
def test_an_office_that_prints_plans(tmp_path: Path, column: str, said: str):
    loaded = read_instance(_book(tmp_path / "kota.xlsx", sites=_with(column, {0: said})))
    assert loaded.instance.sites[0].printers == 1


def test_an_office_said_closed_that_prints_nothing_plans(tmp_path: Path):
    # KEC-16.71.02 (row 3) has 0 printers: marked 'Tidak Aktif', it prints nothing
    # either way; a blank printers cell is no office printing either
    loaded = read_instance(_book(tmp_path / "kota.xlsx",
                                 sites=_with("Status", {1: "Tidak Aktif"})))
    assert loaded.instance.sites[1].printers == 0


def test_an_office_said_closed_in_a_csv_folder_is_refused(tmp_path: Path):
    folder = shutil.copytree(CLEAN, tmp_path / "kota")
    frame = pd.read_csv(folder / "sites.csv", dtype=str, keep_default_na=False)
    _with("Keterangan", {2: "Printer rusak"})(frame).to_csv(folder / "sites.csv", index=False)
    (line,) = _problems(folder)
    assert "sites.csv, column Keterangan: says an office does not print now in row(s) 4 " \
           "('Printer rusak')" in line
    (said,) = _problems(folder, "id")
    assert "says an office" not in said and "'Printer rusak'" in said, said


# 3. The stock one column a date ---------------------------------------------------------


@pytest.mark.parametrize("heads", [
    (dt.datetime(2026, 11, 1), dt.datetime(2026, 11, 30)),
    ("01/11/2026", "30/11/2026"), ("1 Nov 2026", "30 Nov 2026"), ("Per 30/11/2026",),
    ("Oktober 2026", "November 2026"),
])
def test_stock_columns_headed_by_dates_only_are_refused(tmp_path: Path,
                                                        heads: tuple[object, ...]):
    def dated(book: Workbook) -> None:
        ws = book["kantor"]
        stock = [c.value for c in ws[1]].index("stock") + 1
        ws.delete_cols(stock)
        column = ws.max_column + 1
        for offset, head in enumerate(heads):
            ws.cell(1, column + offset, head)
            for row in range(2, ws.max_row + 1):
                ws.cell(row, column + offset, 1200 - 400 * offset)
    lines = _problems(_book(tmp_path / "kota.xlsx", dated))
    assert len(lines) == len(heads)
    assert all("is headed by a date only" in line and "no column is read as stock" in line
               and "head it stock (Stok)" in line for line in lines), lines


def test_dated_columns_beside_the_stock_are_only_noted(tmp_path: Path):
    def dated(book: Workbook) -> None:
        ws = book["kantor"]
        column = ws.max_column + 1
        ws.cell(1, column, "01/11/2026")
        for row in range(2, ws.max_row + 1):
            ws.cell(row, column, 2000)
    loaded = read_instance(_book(tmp_path / "kota.xlsx", dated))
    assert any("column '01/11/2026' ignored" in n for n in loaded.notes), loaded.notes


# 4. Coordinates out of range, said how ---------------------------------------------------


def _areas_edited(tmp_path: Path, edit: Callable[[pd.DataFrame], pd.DataFrame]) -> Path:
    folder = shutil.copytree(CLEAN, tmp_path / "kota")
    frame = pd.read_csv(folder / "areas.csv", dtype=str, keep_default_na=False)
    edit(frame).to_csv(folder / "areas.csv", index=False)
    return folder


@pytest.mark.parametrize("rows", [[0], [0, 1, 2], "all"])
def test_swapped_coordinates_are_said_swapped(tmp_path: Path, rows: Any):
    def swap(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        at = list(range(len(frame))) if rows == "all" else rows
        frame.loc[at, ["lat", "lon"]] = frame.loc[at, ["lon", "lat"]].to_numpy()
        return frame
    (line,) = _problems(_areas_edited(tmp_path, swap))
    assert "areas.csv" in line and "column lat" in line
    assert "is no latitude (beyond -90 to 90) but a longitude, and the row's longitude is " \
           "a latitude: the two columns look swapped" in line
    assert "swap the two columns" in line


@pytest.mark.parametrize("field,typed,shown", [
    ("lat", "-2976", "-2976"), ("lon", "104752", "104752"), ("lat", "-3008", "-3008")])
def test_a_coordinate_whose_dot_was_read_as_thousands_is_said_so(
        tmp_path: Path, field: str, typed: str, shown: str):
    def excel(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.loc[3, field] = typed
        return frame
    (line,) = _problems(_areas_edited(tmp_path, excel))
    what = "latitude (beyond -90 to 90)" if field == "lat" else \
        "longitude (beyond -180 to 180)"
    assert f"areas.csv row 5, column {field}: is no {what}: it looks like one whose " \
           "decimal point was read as a thousands separator, got " + shown in line
    assert "with the decimal comma of Indonesian Excel" in line
    (said,) = _problems(_areas_edited(tmp_path / "id", excel), "id")
    assert "thousands" not in said and shown in said, said


@pytest.mark.parametrize("field,typed", [("lat", "-95.5"), ("lat", "250"),
                                          ("lon", "-250.5"), ("lat", "-95000000")])
def test_other_coordinates_out_of_range_keep_their_message(tmp_path: Path, field: str,
                                                           typed: str):
    def far(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.loc[3, field] = typed
        return frame
    (line,) = _problems(_areas_edited(tmp_path, far))
    assert "swapped" not in line and "thousands" not in line, line
    assert "must be" in line, line


# 5. Blanks not to be printed beside the stock -------------------------------------------


@pytest.mark.parametrize("header", ["Blangko Rusak", "Stok Rusak", "Blangko Cacat",
                                    "Blangko Gagal Cetak", "Stok Cadangan",
                                    "Stok Dialokasikan", "Sisa Blangko Terpesan"])
def test_unprintable_blanks_beside_the_stock_are_refused(tmp_path: Path, header: str):
    path = _book(tmp_path / "kota.xlsx", sites=_with(header, {0: "120"}))
    (line,) = _problems(path)
    assert (f"column {header}: counts blanks at the office that are not to be printed "
            "(rusak, cadangan), beside 'stock': whether 'stock' counts them cannot be told"
            ) in line
    assert "write in 'stock' only the blanks that can be printed now" in line
    (said,) = _problems(path, "id")
    assert "blanks" not in said, said


@pytest.mark.parametrize("header", ["Stok Dalam Perjalanan", "Blangko In Transit"])
def test_blanks_on_their_way_beside_the_stock_are_refused(tmp_path: Path, header: str):
    (line,) = _problems(_book(tmp_path / "kota.xlsx", sites=_with(header, {0: "500"})))
    assert f"column {header}: counts blanks that came in (stok masuk), beside 'stock'" in line


def test_unprintable_blanks_without_a_stock_column_are_said_as_what_they_count(
        tmp_path: Path):
    # Once "is not a known column; did you mean stock? rename the column to stock":
    # followed, damaged blanks were planned as blanks the office can print.
    def without_stock(frame: pd.DataFrame) -> pd.DataFrame:
        return _with("Blangko Rusak", {0: "120"})(frame.drop(columns=["stock"]))
    (line,) = _problems(_book(tmp_path / "kota.xlsx", sites=without_stock))
    assert ("column Blangko Rusak: counts blanks at the office that are not to be printed "
            "(rusak, cadangan), not the blanks it can print now") in line
    assert "did you mean stock" not in line


# 6. The km as a matrix ------------------------------------------------------------------


def _matrix(book: Workbook, heads: str = "site_id", title: bool = False) -> None:
    sites = pd.read_csv(CLEAN / "sites.csv", dtype=str)
    areas = pd.read_csv(CLEAN / "areas.csv", dtype=str)
    ws = book.create_sheet("jarak")
    if title:
        ws.append(["MATRIKS JARAK (KM)"])
        ws.append([])
    ws.append(["Kode Kelurahan", *sites[heads]])
    for area in areas.area_id:
        ws.append([area, *[2.5] * len(sites)])


@pytest.mark.parametrize("heads,title", [("site_id", False), ("name", False),
                                         ("site_id", True)])
def test_a_distance_matrix_is_said_to_be_one(tmp_path: Path, heads: str, title: bool):
    path = _book(tmp_path / "kota.xlsx", lambda b: _matrix(b, heads, title))
    (line,) = _problems(path)
    assert line.startswith("kota.xlsx[jarak]: is a matrix of distances, one column per "
                           "office (5 columns: "), line
    assert "one row per kelurahan and office" in line and "Unpivot Columns" in line
    (said,) = _problems(path, "id")
    assert "matrix" not in said and "write it" not in said, said


def test_a_distance_matrix_under_another_sheet_name_is_refused(tmp_path: Path):
    def misnamed(book: Workbook) -> None:
        _matrix(book, "name", True)
        book["jarak"].title = "Matriks Jarak"
    (line,) = _problems(_book(tmp_path / "kota.xlsx", misnamed))
    assert "sheet 'Matriks Jarak' has the header of the distances table" in line


def test_a_report_of_km_per_kecamatan_is_no_distances_table(tmp_path: Path):
    def report(book: Workbook) -> None:
        ws = book.create_sheet("Rekap Jarak")
        ws.append(["Kecamatan", "Jarak rata-rata (km)"])
        ws.append(["Ilir Barat II", 2.5])
    loaded = read_instance(_book(tmp_path / "kota.xlsx", report))
    assert not loaded.instance.distances


def test_a_distance_matrix_csv_is_said_to_be_one(tmp_path: Path):
    folder = shutil.copytree(CLEAN, tmp_path / "kota")
    sites = pd.read_csv(CLEAN / "sites.csv", dtype=str)
    areas = pd.read_csv(CLEAN / "areas.csv", dtype=str)
    lines = [";".join(["Kode Kelurahan", *sites.site_id])]
    lines += [";".join([a, *["2,5"] * len(sites)]) for a in areas.area_id]
    (folder / "jarak.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    (line,) = _problems(folder)
    assert "jarak.csv: is a matrix of distances, one column per office" in line


def test_a_distances_table_missing_its_km_is_refused_as_before(tmp_path: Path):
    def pairs(book: Workbook) -> None:
        ws = book.create_sheet("jarak")
        ws.append(["Kode Kelurahan", "Kode Kantor", "Waktu"])
        ws.append(["16.71.01.1001", "KEC-16.71.01", "10 menit"])
    lines = _problems(_book(tmp_path / "kota.xlsx", pairs))
    assert any("column km: is required but missing" in line for line in lines), lines
    assert not any("matrix" in line for line in lines), lines


# 7. A sheet (file) per kecamatan ------------------------------------------------------


def _per_kecamatan(book: Workbook, first: str | None = "kelurahan") -> None:
    areas = pd.read_csv(CLEAN / "areas.csv", dtype=str, keep_default_na=False)
    del book["kelurahan"]
    for k, (code, part) in enumerate(areas.groupby("district_id", sort=True)):
        ws = book.create_sheet(first if k == 0 and first else f"Kec {code}")
        ws.append(list(part.columns))
        for row in part.itertuples(index=False):
            ws.append([_cell(v) for v in row])


@pytest.mark.parametrize("first", ["kelurahan", None])
def test_a_sheet_per_kecamatan_is_said_to_hold_parts(tmp_path: Path, first: str | None):
    path = _book(tmp_path / "kota.xlsx", lambda b: _per_kecamatan(b, first))
    (line,) = _problems(path)
    assert "no row id is in both" in line or "no sheet is named as the areas table" in line
    assert "copy the rows of the sheets" in line and "into one sheet named kelurahan" in line
    assert "delete the other copies" not in line and "keep only" not in line
    (said,) = _problems(path, "id")
    assert "copy the rows" not in said and "Kec 16.71.02" in said, said


def test_an_edited_copy_of_the_sheet_is_refused_as_before(tmp_path: Path):
    def edited(book: Workbook) -> None:
        copy = book.copy_worksheet(book["kelurahan"])
        copy.title = "kelurahan (2)"
        copy["G2"] = 999
    (line,) = _problems(_book(tmp_path / "kota.xlsx", edited))
    assert "sheets 'kelurahan' and 'kelurahan (2)' could both be the areas table, and " \
           "their data differ" in line
    assert "keep only the sheet with the data you mean" in line


def test_a_file_per_kecamatan_is_said_to_hold_parts(tmp_path: Path):
    folder = shutil.copytree(CLEAN, tmp_path / "kota")
    areas = pd.read_csv(CLEAN / "areas.csv", dtype=str, keep_default_na=False)
    one = areas.district_id == "16.71.01"
    areas[one].to_csv(folder / "areas.csv", index=False)
    areas[~one].to_csv(folder / "areas_2.csv", index=False)
    (line,) = _problems(folder)
    assert "areas.csv and areas_2.csv could both be the areas table, and no row id is in " \
           "both" in line
    assert "copy the rows of the files 'areas.csv', 'areas_2.csv'" in line


# 8. A fraction Excel shows whole --------------------------------------------------------


@pytest.mark.parametrize("code,shown", [("0", "907"), ("#,##0", "907"), ("#,##0_-", "907"),
                                        ('0 "jiwa"', "907"), ("[$-421]#,##0", "907")])
def test_a_fraction_shown_whole_is_said_so(tmp_path: Path, code: str, shown: str):
    def fraction(book: Workbook) -> None:
        cell = book["kelurahan"]["G2"]
        cell.value, cell.number_format = 906.9, code
    (line,) = _problems(_book(tmp_path / "kota.xlsx", fraction))
    assert "row 2, column first_time: is formatted without decimals, so Excel shows it " \
           f"rounded, but the cell holds a fraction, and a count is a whole number, got " \
           f"906.9 \u2192 {shown}" in line
    assert "=ROUND(" in line


@pytest.mark.parametrize("code", ["General", "0.0", "#,##0.00"])
def test_a_fraction_shown_with_decimals_keeps_its_message(tmp_path: Path, code: str):
    def fraction(book: Workbook) -> None:
        cell = book["kelurahan"]["G2"]
        cell.value, cell.number_format = 906.9, code
    (line,) = _problems(_book(tmp_path / "kota.xlsx", fraction))
    assert "must be a whole number, got 906.9" in line, line


# 9. Degrees, minutes and seconds ---------------------------------------------------------


@pytest.mark.parametrize("field,typed,degrees", [
    ("lat", "3°0'28.9\"LS", "-3.00803"), ("lat", "3° 0' 28.9\" S", "-3.00803"),
    ("lat", "S 3°0'28.9\"", "-3.00803"), ("lat", "-3°0'28.9\"", "-3.00803"),
    ("lat", "1°29'31\"LU", "1.49194"), ("lon", "104°44'37\"BT", "104.74361"),
    ("lon", "104° 44.617' E", "104.74362"), ("lat", "3°LS", "-3.00000"),
])
def test_degrees_minutes_seconds_are_said_with_their_decimal_degrees(
        tmp_path: Path, field: str, typed: str, degrees: str):
    def gps(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.loc[0, field] = typed
        return frame
    (line,) = _problems(_areas_edited(tmp_path, gps))
    assert f"areas.csv row 2, column {field}: is written in degrees, minutes and seconds, " \
           f"not in decimal degrees, got '{typed}' = {degrees}" in line
    assert "degrees + minutes / 60 + seconds / 3600" in line
    (said,) = _problems(_areas_edited(tmp_path / "id", gps), "id")
    assert "minutes" not in said and degrees in said, said


@pytest.mark.parametrize("typed", ["3 LS", "tiga", "3°0'28.9\"LS x"])
def test_other_text_coordinates_keep_their_message(tmp_path: Path, typed: str):
    def text(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.loc[0, "lat"] = typed
        return frame
    (line,) = _problems(_areas_edited(tmp_path, text))
    assert "minutes" not in line, line


# 10. Both coordinates in one cell ------------------------------------------------------------


@pytest.mark.parametrize("header,pair", [
    ("Koordinat", "{lat}, {lon}"), ("Lat/Long", "{lat},{lon}"), ("Lokasi GPS", "{lat} {lon}"),
    ("Titik", "({lat}, {lon})"), ("Koordinat", "{lat};{lon}"),
])
def test_both_coordinates_in_one_cell_are_said_so(tmp_path: Path, header: str, pair: str):
    def joined(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.insert(3, header, [pair.format(lat=a, lon=o)
                                 for a, o in zip(frame.lat, frame.lon, strict=True)])
        return frame.drop(columns=["lat", "lon"])
    (line,) = _problems(_areas_edited(tmp_path, joined))
    assert f"areas.csv, column {header}: holds both coordinates in one cell" in line
    assert "Text to Columns" in line
    (said,) = _problems(_areas_edited(tmp_path / "id", joined), "id")
    assert "holds both" not in said, said


def test_a_column_of_rt_rw_is_no_coordinates(tmp_path: Path):
    def rt_rw(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(**{"RT/RW": "01/02"}).drop(columns=["lat", "lon"])
    lines = _problems(_areas_edited(tmp_path, rt_rw))
    assert not any("both coordinates" in line for line in lines), lines
    assert any("column lat: is required but missing" in line for line in lines), lines


# 11. Compound files under an .xlsx name --------------------------------------------------


def test_an_encrypted_workbook_is_said_to_have_a_password(tmp_path: Path):
    (line,) = _problems(CORPUS / "qa10-workbook-encrypted.xlsx")
    assert "is protected with a password to open it" in line and "remove the password" in line
    (said,) = _problems(CORPUS / "qa10-workbook-encrypted.xlsx", "id")
    assert "password" not in said.split("/")[0], said


def test_an_xls_under_an_xlsx_name_is_said_so(tmp_path: Path):
    data = (CORPUS / "qa10-workbook-encrypted.xlsx").read_bytes()
    for name in ("EncryptionInfo", "EncryptedPackage"):
        data = data.replace(name.encode("utf-16-le"), "Workbook".encode("utf-16-le").ljust(
            len(name) * 2, b"\0"))
    (tmp_path / "kota.xlsx").write_bytes(data)
    (line,) = _problems(tmp_path / "kota.xlsx")
    assert "is an old Excel 97-2003 workbook (.xls) saved under an .xlsx name" in line


def test_encrypted_shipments_are_said_to_have_a_password(tmp_path: Path):
    from optimizer.io.shipments import read_shipments

    shutil.copy(CORPUS / "qa10-workbook-encrypted.xlsx", tmp_path / "kiriman.xlsx")
    with pytest.raises(InvalidInput) as caught:
        read_shipments(tmp_path / "kiriman.xlsx")
    assert "is protected with a password" in caught.value.problems[0].message


# 12. A column pasted over another ---------------------------------------------------------


@pytest.mark.parametrize("source,target", [("first_time", "replacement"),
                                           ("population", "first_time"),
                                           ("replacement", "first_time")])
def test_a_column_pasted_over_another_is_refused(tmp_path: Path, source: str, target: str):
    def pasted(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(**{target: frame[source]})
    (line,) = _problems(_areas_edited(tmp_path, pasted))
    later, first = sorted((source, target), key=["population", "first_time",
                                                 "replacement"].index)[::-1]
    assert f"column {later}: holds the same figure as column {first} in every row (25 " \
           "rows): one column pasted over the other?" in line


def test_columns_equal_by_chance_in_few_rows_plan(tmp_path: Path):
    def few(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame["replacement"] = "0"
        frame.loc[:3, "replacement"] = frame.loc[:3, "first_time"]  # 4 rows alike
        return frame
    assert read_instance(_areas_edited(tmp_path, few)).instance.areas


def test_columns_of_one_figure_plan(tmp_path: Path):
    def flat(frame: pd.DataFrame) -> pd.DataFrame:  # (an estimate: 10 and 10 everywhere)
        return frame.assign(first_time="10", replacement="10")
    assert read_instance(_areas_edited(tmp_path, flat)).instance.areas


# 13. A letterhead above the table ---------------------------------------------------------


@pytest.mark.parametrize("above", [16, 22, 29])
def test_a_long_letterhead_is_skipped(tmp_path: Path, above: int):
    def letterhead(book: Workbook) -> None:
        ws = book["kelurahan"]
        ws.insert_rows(1, above)
        for row in range(1, above + 1, 3):
            ws.cell(row, 1, f"KOP SURAT baris {row}")
    loaded = read_instance(_book(tmp_path / "kota.xlsx", letterhead))
    assert len(loaded.instance.areas) == 25
    assert any(f"header in row {above + 1}; the {above} row(s) above it are skipped" in n
               for n in loaded.notes), loaded.notes


# 14. The kecamatan in the first row of its block only ------------------------------------


def test_a_kecamatan_in_the_first_row_of_its_block_only_is_said_so(tmp_path: Path):
    def first_only(frame: pd.DataFrame) -> pd.DataFrame:
        codes = list(frame.district_id)
        return frame.assign(district_id=[c if i == 0 or c != codes[i - 1] else ""
                                         for i, c in enumerate(codes)])
    (line,) = _problems(_areas_edited(tmp_path, first_only))
    assert "column district_id: 21 cells: must not be empty" in line
    assert "the kecamatan is written in the first row of its block only: fill it down" \
        in line


def test_one_kecamatan_left_blank_keeps_its_fix(tmp_path: Path):
    def one(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.loc[5, "district_id"] = ""
        return frame
    (line,) = _problems(_areas_edited(tmp_path, one))
    assert "fill in the id" in line and "fill it down" not in line, line


# 15. A cancelled shipment ------------------------------------------------------------------


def test_a_cancelled_shipment_is_refused():
    from optimizer.io.shipments import read_shipments

    path = Path(__file__).parent.parent / "data" / "shipments" / "qa10-cancelled-rows.csv"
    with pytest.raises(InvalidInput) as caught:
        read_shipments(path)
    (problem,) = caught.value.problems
    assert problem.location == "qa10-cancelled-rows.csv, column Keterangan"
    assert problem.message == ("says a shipment is not sent in row(s) 4, 5 ('Batal'), but its "
                               "blanks are read as pinned: the column is not read")
    (said,) = localize_problems(caught.value.problems, "id")
    assert "says a shipment" not in said.message and "delete the rows" not in said.fix


@pytest.mark.parametrize("remark", ["Sudah dikirim", "Tahap 2", "Diterima 28/11"])
def test_a_shipment_with_another_remark_is_pinned(tmp_path: Path, remark: str):
    from optimizer.io.shipments import read_shipments

    path = tmp_path / "kiriman.csv"
    path.write_text(f"Kode Kantor;Jumlah Blangko;Keterangan\nKEC-16.71.01;2.000;{remark}\n",
                    encoding="utf-8")
    assert read_shipments(path).pins == {"KEC-16.71.01": 2000}
