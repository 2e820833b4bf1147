"""Seven ways offices write good or misleading files (helper leftA's faults):

1. a coordinate header naming its hemisphere ('Lintang (LU)', 'Bujur (BB)', 'Latitude
   (N)') is checked against the values' signs: a sign the header contradicts is refused
   naming the column and rows, never read one way silently;
2. a workbook column of width 0 (or nearly) is a hidden column: refused if read, noted if
   not;
3. a kecamatan written as the word and its code ('Kecamatan 167101') is read by the code;
4. notes below a table ('Sumber: ...', a signature block) are skipped with a note; a row
   with a figure is read (or refused) as before;
5. a header over two rows repeated mid-table is skipped, as a one-row header is;
6. a units row in a sheet compared as an updated copy is skipped there too;
7. a ',' CSV whose coordinates can only be decimal points reads its comma counts as
   English, with a note; a count either locale could read stays refused (--locale).

The corpus cases are tests/data/spreadsheets (make_corpus.py helper_left_a); the CSV cases
here are tests/data/tiny with a cell or row changed.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from optimizer.i18n.notes import notes_text
from optimizer.i18n.problems import localize_problems
from optimizer.io import numbers
from optimizer.io.files import read_instance
from optimizer.schema import InvalidInput

DATA = Path(__file__).parents[1] / "data"
CORPUS = DATA / "spreadsheets"


def _tiny(tmp_path: Path, **tables: str) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA / "tiny", folder)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def _text(name: str) -> str:
    return (DATA / "tiny" / f"{name}.csv").read_text(encoding="utf-8")


def _refusal(path: Path, lang: str = "en") -> str:
    with pytest.raises(InvalidInput) as caught:
        read_instance(path)
    return "\n".join(f"{p.location}: {p.message} | {p.fix}"
                     for p in localize_problems(caught.value.problems, lang))


# ------------------------------------------------------------------ 1 hemispheres


@pytest.mark.parametrize(("table", "old", "header", "said"), [
    ("areas", "lat", "Lintang (LU)", "'LU' (north latitude), but 3 of its values are negative"),
    ("areas", "lat", "Latitude (N)", "'N' (north latitude), but 3 of its values are negative"),
    ("areas", "lat", "Lintang [Utara]", "'Utara' (north latitude), but 3 of its values are "
                                        "negative"),
    ("sites", "lon", "Bujur (BB)", "'BB' (west longitude), but 2 of its values are positive"),
    ("sites", "lon", "Longitude (W)", "'W' (west longitude), but 2 of its values are positive"),
])
def test_a_hemisphere_the_signs_contradict_is_refused_at_its_column(
        tmp_path: Path, table: str, old: str, header: str, said: str):
    text = _text(table).replace(f",{old},", f",{header},", 1)
    refused = _refusal(_tiny(tmp_path, **{table: text}))
    assert f"{table}.csv, column {header}: has the unit {said} (rows 2, 3" in refused, refused
    assert f"remove '({header.split('(')[-1].split('[')[-1][:-1]})' from the header" \
        in refused


def test_one_minus_under_east_is_refused_at_its_row(tmp_path: Path):
    sites = _text("sites").replace("Office two,K2,-3.0,104.80", "Office two,K2,-3.0,-104.80")
    sites = sites.replace(",lon,", ",Bujur (BT),", 1)
    refused = _refusal(_tiny(tmp_path, sites=sites))
    assert ("sites.csv, column Bujur (BT): has the unit 'BT' (east longitude), but 1 of its "
            "values are negative (rows 3): the header says east, the minus sign says west"
            in refused), refused


def test_a_hemisphere_its_values_agree_with_is_read_as_written(tmp_path: Path):
    """North of the equator under LU, east under BT, south under LS: the same places as
    under plain headers (the header's hemisphere is the values' sign)."""
    north = {name: _text(name).replace(",-3.0", ",3.0").replace(",-3.01", ",3.01")
             for name in ("areas", "sites")}
    plain = read_instance(_tiny(tmp_path / "plain", **north)).instance
    headed = {"areas": north["areas"].replace(",lat,lon,", ",Lintang (LU),Bujur (BT),", 1),
              "sites": north["sites"].replace(",lat,lon,", ",Latitude (N),Longitude (E),", 1)}
    read = read_instance(_tiny(tmp_path / "headed", **headed))
    assert read.instance.areas == plain.areas and read.instance.sites == plain.sites
    south = read_instance(_tiny(tmp_path / "south", areas=_text("areas").replace(
        ",lat,", ",Lintang (LS),", 1)))
    assert south.instance.areas == read_instance(DATA / "tiny").instance.areas


@pytest.mark.parametrize("units", [",,,(LU),(BT),(jiwa),(orang),(orang)", ",,,LU,BT,,,"])
def test_a_hemisphere_in_a_units_row_is_checked_as_in_the_header(tmp_path: Path, units: str):
    """Checked as in the header, but said at the units row's cell, its fix naming that row:
    this was 'areas.csv, column lat: ... the header says north' with the fix "remove '(LU)'
    from the header", a header without it; and a bare 'LU' / 'BT' units row was no units
    row (refused as latitudes 'LU' and empty ids)."""
    lines = _text("areas").splitlines()
    areas = "\n".join([lines[0], units, *lines[1:]]) + "\n"
    refused = _refusal(_tiny(tmp_path, areas=areas))
    assert "areas.csv row 2, column lat: says 'LU' (north latitude) in the units row, but 3 " \
           "of the column's values are negative (rows 3, 4, 5): the units row says north, " \
           "the minus sign says south" in refused, refused
    assert "and delete 'LU' from row 2" in refused, refused
    assert "header" not in refused, refused


def test_the_hemisphere_refusals_in_bahasa_indonesia(tmp_path: Path):
    areas = _text("areas").replace(",lat,lon,", ",Lintang (LU),Bujur (BB),", 1)
    refused = _refusal(_tiny(tmp_path, areas=areas), "id")
    assert "bersatuan 'LU' (lintang utara), tetapi 3 nilainya negatif" in refused, refused
    assert "bersatuan 'BB' (bujur barat), tetapi 3 nilainya positif" in refused, refused
    assert "tulis bujur dalam derajat desimal" in refused, refused


# ------------------------------------------------------------------ 2 zero-width columns


def _width(book: Path, sheet: str, column: int, width: str) -> Path:
    """The workbook with `column` of `sheet` given `width` as Excel writes it (openpyxl
    leaves a width of 0 out)."""
    part = openpyxl.load_workbook(book, read_only=True)[sheet]._worksheet_path  # type: ignore[union-attr]
    with zipfile.ZipFile(book) as z:
        data = {name: z.read(name) for name in z.namelist()}
    xml = re.sub(r"<cols>.*?</cols>", "", data[part].decode("utf-8"))
    data[part] = xml.replace("<sheetData", f'<cols><col min="{column}" max="{column}" '
                                          f'width="{width}" customWidth="1"/></cols>'
                                          "<sheetData", 1).encode("utf-8")
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in data.items():
            z.writestr(name, content)
    return book


def _book(tmp_path: Path, name: str = "book.xlsx") -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in ("sites", "areas", "districts"):
        ws = book.create_sheet(table)
        for line in _text(table).splitlines():
            ws.append([float(c) if re.fullmatch(r"-?\d+(\.\d+)?", c) else (c or None)
                       for c in line.split(",")])
    book.save(tmp_path / name)
    return tmp_path / name


@pytest.mark.parametrize("width", ["0", "0.4", "0.0"])
def test_a_column_of_no_width_that_is_read_is_refused_as_a_hidden_one(tmp_path: Path,
                                                                       width: str):
    book = _width(_book(tmp_path), "sites", 9, width)  # column I: stock
    refused = _refusal(book)
    assert "book.xlsx[sites], column I (stock): column I 'stock' is hidden in Excel and " \
           "would be read as stock" in refused, refused


def test_a_narrow_column_that_can_be_seen_is_read(tmp_path: Path):
    book = _width(_book(tmp_path), "sites", 9, "0.6")
    assert read_instance(book).instance.sites == read_instance(DATA / "tiny").instance.sites


def test_a_column_of_no_width_that_is_not_read_is_noted(tmp_path: Path):
    book = _book(tmp_path)
    wb = openpyxl.load_workbook(book)
    wb["areas"]["I1"] = "Keterangan"
    wb["areas"]["I2"] = "lama"
    wb.save(book)
    loaded = read_instance(_width(book, "areas", 9, "0"))
    assert "book.xlsx[areas]: column I 'Keterangan' is hidden in Excel and is not read" \
        in loaded.notes
    assert loaded.instance.areas == read_instance(DATA / "tiny").instance.areas


# ------------------------------------------------------------------ 3 'Kecamatan 167101'


def _districts(tmp_path: Path, codes: dict[str, str], written: dict[str, str],
               table: bool = True) -> Path:
    districts = "district_id,name\n" + "".join(f"{c},District {c}\n" for c in codes.values())
    areas = _text("areas")
    for old, new in written.items():
        areas = areas.replace(f",{old},", f",{new},")
    sites = _text("sites")
    for old, new in codes.items():
        sites = sites.replace(f",{old},", f",{new},")
    folder = _tiny(tmp_path, areas=areas, sites=sites, districts=districts)
    if not table:
        (folder / "districts.csv").unlink()
    return folder


@pytest.mark.parametrize("one,two", [
    ("Kecamatan 167101", "Kecamatan 167102"),
    ("Kec. 16.71.01", "KEC 167102"),
    ("kecamatan 16.71.01", "Kecamatan16.71.02"),
])
def test_the_word_and_a_code_read_by_the_code(tmp_path: Path, one: str, two: str):
    codes = {"K1": "16.71.01", "K2": "16.71.02"}
    loaded = read_instance(_districts(tmp_path, codes, {"K1": one, "K2": two}))
    assert [a.district_id for a in loaded.instance.areas] == ["16.71.01", "16.71.01",
                                                              "16.71.02"]
    assert any("the word before the kecamatan names" in n for n in loaded.notes), loaded.notes


def test_the_word_and_a_code_of_no_kecamatan_is_refused(tmp_path: Path):
    codes = {"K1": "16.71.01", "K2": "16.71.02"}
    folder = _districts(tmp_path, codes, {"K1": "Kecamatan 167109", "K2": "16.71.02"})
    assert "is neither a code nor a name of districts.csv" in _refusal(folder)


def test_the_word_and_a_code_without_a_kecamatan_table(tmp_path: Path):
    codes = {"K1": "16.71.01", "K2": "16.71.02"}
    loaded = read_instance(_districts(tmp_path, codes, {"K1": "Kecamatan 167101",
                                                        "K2": "Kecamatan 167102"},
                                      table=False))
    assert [a.district_id for a in loaded.instance.areas] == ["167101", "167101", "167102"]
    assert [s.district_id for s in loaded.instance.sites] == ["167101", "167102"]
    # (a name after the word still needs a kecamatan table)
    named = _districts(tmp_path / "named", codes, {"K1": "Kec. Ilir Barat", "K2": "16.71.02"},
                       table=False)
    assert "there is no kecamatan table to read them by" in _refusal(named)


# ------------------------------------------------------------------ 4 notes below a table


@pytest.mark.parametrize("lines", [
    ["Sumber: SIAK Disdukcapil,,,,,,,"],
    ["", "Keterangan: data per 30 November 2026,,,,,,,", "Catatan,,,,,,,"],
    ["", ",,,,,\"Palembang, 30 November 2026\",,", ",,,,,Kepala Dinas,,", "", "",
     ",,,,,\"Drs. H. Ahmad Fauzi, M.Si\",,", ",,,,,NIP. 19700101 199001 1 001,,"],
])
def test_notes_below_the_table_are_skipped_with_a_note(tmp_path: Path, lines: list[str]):
    areas = _text("areas") + "\n".join(lines) + "\n"
    loaded = read_instance(_tiny(tmp_path, areas=areas))
    assert loaded.instance.areas == read_instance(DATA / "tiny").instance.areas
    notes = [n for n in loaded.notes if "below the table are notes" in n]
    assert notes and notes[0].startswith("areas.csv: "), loaded.notes
    assert "baris di bawah tabel adalah catatan" in notes_text(notes, "id")[0]


@pytest.mark.parametrize("line", [
    "Catatan: susulan,,,,,,120,",  # a figure in a backlog column
    "A9,Area nine,K2,,,,,",  # an id and a kecamatan: a kelurahan without figures
    "A9 Area nine K2 -3.0 104.8 700 100 10,,,,,,,",  # a whole row in one cell
    ",,K2,,,,,",  # a kecamatan's code alone
])
def test_a_row_below_that_may_be_data_is_not_skipped(tmp_path: Path, line: str):
    areas = _text("areas") + line + "\n"
    assert "areas.csv row 5" in _refusal(_tiny(tmp_path, areas=areas))


def test_notes_after_a_totals_row_leave_the_totals_row_refused(tmp_path: Path):
    """The notes after a totals row are skipped; the totals row is refused as before,
    alone (not with a second problem about the notes)."""
    areas = _text("areas") + "JUMLAH,,,,,3300,1000,190\n\nSumber: SIAK,,,,,,,\n"
    with pytest.raises(InvalidInput) as caught:
        read_instance(_tiny(tmp_path, areas=areas))
    assert [p.location for p in caught.value.problems] == ["areas.csv row 5, column area_id"]
    assert "totals row" in caught.value.problems[0].message


def test_a_note_above_a_data_row_is_not_skipped(tmp_path: Path):
    """Only the rows after the last data row are notes: a note between kelurahan rows is
    refused as before."""
    lines = _text("areas").splitlines()
    areas = "\n".join([*lines[:3], "Catatan: pindahan,,,,,,,", *lines[3:]]) + "\n"
    assert "areas.csv row 4" in _refusal(_tiny(tmp_path, areas=areas))


def test_the_corpus_notes_plan_as_the_table_without_them(tmp_path: Path):
    book = CORPUS / "notes-signature-below-table.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["Kelurahan"]
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row > 29:
            ws.unmerge_cells(str(merged))
    ws.delete_rows(29, ws.max_row)
    wb.save(tmp_path / "plain.xlsx")
    loaded = read_instance(book)
    assert loaded.instance.areas == read_instance(tmp_path / "plain.xlsx").instance.areas


# ------------------------------------------------------------------ 5 two-row header again


def test_a_two_row_header_repeated_is_skipped(tmp_path: Path):
    book = CORPUS / "two-row-header-repeated.xlsx"
    loaded = read_instance(book)
    plain = read_instance(CORPUS / "two-row-header.xlsx")
    assert loaded.instance.areas == plain.instance.areas
    assert ("two-row-header-repeated.xlsx[Kelurahan]: 2 row(s) repeat the header (rows 17, "
            "18), not rows of data: skipped") in loaded.notes


def test_a_repeat_with_a_figure_in_its_lower_row_is_not_skipped(tmp_path: Path):
    wb = openpyxl.load_workbook(CORPUS / "two-row-header-repeated.xlsx")
    ws = wb["Kelurahan"]
    column = next(c for c in range(1, ws.max_column + 1) if ws.cell(18, c).value == "Pemula")
    ws.cell(18, column + 1, 250)  # 'Penggantian' -> a figure
    wb.save(tmp_path / "figure.xlsx")
    # (read as data: its cells merged down over the two rows are refused, as before)
    assert "figure.xlsx[Kelurahan], column Kode Kelurahan: has merged cells (A17:A18)" \
        in _refusal(tmp_path / "figure.xlsx")


# ------------------------------------------------------------------ 6 units row in a copy


def test_an_updated_copy_with_a_units_row_and_the_same_data_is_a_copy(tmp_path: Path):
    loaded = read_instance(CORPUS / "sheet-updated-units-row.xlsx")
    assert ("sheet-updated-units-row.xlsx: sheet 'Kelurahan Update' is not read (a copy of "
            "sheet 'Kelurahan' with the same data)") in loaded.notes
    wb = openpyxl.load_workbook(CORPUS / "sheet-updated-units-row.xlsx")
    wb["Kelurahan Update"]["G5"] = int(wb["Kelurahan Update"]["G5"].value) + 50
    wb.save(tmp_path / "differs.xlsx")
    assert "their data differ" in _refusal(tmp_path / "differs.xlsx")


def test_a_file_copy_with_a_units_row_is_a_copy(tmp_path: Path):
    lines = _text("areas").splitlines()
    folder = _tiny(tmp_path)
    (folder / "kelurahan_terbaru.csv").write_text(
        "\n".join([lines[0], ",,,(derajat),(derajat),(jiwa),(orang),(orang)", *lines[1:]])
        + "\n", encoding="utf-8")
    loaded = read_instance(folder)
    assert "kelurahan_terbaru.csv: not read (a copy of areas.csv with the same data)" \
        in loaded.notes


# ------------------------------------------------------------------ 7 English by coordinates


@pytest.mark.parametrize(("cell", "limit", "proof"), [
    ("-2.99562", 90, True), ("-2.976", 90, True), ("104.750", 180, True), ("3.5", 90, True),
    ("1.000", 180, True),  # (1000 degrees is no longitude)
    ("-3", 90, False), ("-2,99", 90, False), ("250.5", 180, False),
])
def test_a_coordinate_proves_the_decimal_point(cell: str, limit: float, proof: bool):
    assert (numbers.coordinate_proof([cell], limit) == cell) is proof


def test_comma_counts_in_a_comma_file_with_dotted_coordinates_read_as_english(
        tmp_path: Path):
    sites = _text("sites").replace(",10,500", ',10,"1,500"')
    areas = _text("areas").replace(",1500,500,", ',"1,500",500,')
    loaded = read_instance(_tiny(tmp_path, sites=sites, areas=areas))
    assert loaded.instance.sites[1].storage_cap == 1500
    assert loaded.instance.areas[2].population == 1500
    assert "sites.csv: 1 cell(s) of storage_cap like '1,500' read as 1500: the file writes " \
           "numbers the English way ('-3.0')" in loaded.notes, loaded.notes


def test_a_dotted_count_beside_stays_refused_with_the_locale_fix(tmp_path: Path):
    sites = _text("sites").replace(",10,500", ',10,"1,500"')
    areas = _text("areas").replace(",1500,500,", ",1.500,500,")
    refused = _refusal(_tiny(tmp_path, sites=sites, areas=areas))
    assert "areas.csv row 4, column population: could be read two ways" in refused, refused
    assert "--locale id reads 1.500 as 1500" in refused


def test_coordinates_without_a_decimal_point_prove_nothing(tmp_path: Path):
    """Whole-degree coordinates ('-3', '105') say nothing of the decimal mark: refused."""
    sites = _text("sites").replace("-3.0,104.75", "-3,104").replace("-3.0,104.80", "-3,105")
    sites = sites.replace(",10,500", ',10,"1,500"')
    areas = _text("areas").replace(",-3.0,", ",-3,").replace(",-3.01,", ",-3,")
    areas = areas.replace("104.75", "104").replace("104.76", "104").replace("104.80", "105")
    assert "could be read two ways" in _refusal(_tiny(tmp_path, sites=sites, areas=areas))
