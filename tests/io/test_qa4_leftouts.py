"""Tester qa4's left-outs: files an office makes that were refused for no reason, or
refused with a message that did not say what to change (or said it wrong).

Each kind is a corpus case too (tests/data/spreadsheets, `qa4-*`, planned through
`blanko plan` by tests/io/test_corpus.py); here each kind is checked beyond the one
example: other marks, dates, codes and numbers of the same kind, and the page's words.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimizer import InvalidInput, i18n, page_fix
from optimizer.io import headers, numbers
from optimizer.io.files import load_instance, read_instance
from optimizer.io.separators import locale_fix

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"


def _copy(tmp_path: Path, case: str = "clean") -> Path:
    folder = tmp_path / case
    shutil.copytree(CORPUS / case, folder)
    return folder


def _edit(path: Path, old: str, new: str, lines: range | None = None) -> None:
    rows = path.read_text(encoding="utf-8").splitlines()
    rows = [r.replace(old, new) if lines is None or i in lines else r
            for i, r in enumerate(rows)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _problems(path: Path, **kwargs: object) -> str:
    with pytest.raises(InvalidInput) as caught:
        load_instance(path, **kwargs)  # type: ignore[arg-type]
    return "\n".join(f"{p.location}: {p.message} | {p.fix}" for p in caught.value.problems)


def _with_columns(folder: Path, at: int, header: list[str], cells: list[list[str]]) -> None:
    path = folder / "sites.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    out = []
    for i, row in enumerate(rows):
        fields = row.split(",")
        extra = header if i == 0 else cells[(i - 1) % len(cells)]
        out.append(",".join(fields[:at] + extra + fields[at:]))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# ------------------------------------------------------------- 1 a check column beyond a gap

@pytest.mark.parametrize("mark", ["1", "v", "x", "OK", "\u2713", "ya"])
def test_a_check_column_beyond_an_empty_column_is_noted_at_its_own_column(tmp_path, mark):
    folder = _copy(tmp_path)
    _with_columns(folder, 6, ["", ""], [["", mark]])
    loaded = read_instance(folder)
    assert "sites.csv: column 'column 8' ignored (it has no header)" in loaded.notes
    assert loaded.instance == load_instance(CORPUS / "clean")


def test_figures_beyond_an_empty_column_are_refused_with_the_files_column_numbers(tmp_path):
    folder = _copy(tmp_path)
    _with_columns(folder, 6, ["", "", ""], [["", "", "2"], ["", "", "3"]])
    said = _problems(folder)
    assert "sites.csv, column printers: heads several columns that hold numbers (columns 6, " \
           "9; the others have no header)" in said


def test_a_check_column_right_beside_the_printers_is_still_refused(tmp_path):
    # 'Printer' merged over two columns: which one counts the working printers is unknown.
    folder = _copy(tmp_path)
    _with_columns(folder, 6, [""], [["1"]])
    assert "(columns 6, 7; the others have no header)" in _problems(folder)


def test_two_printer_columns_are_numbered_as_in_the_file(tmp_path):
    folder = _copy(tmp_path)
    _with_columns(folder, 5, ["Printer Aktif", ""], [["1", ""], ["0", ""]])
    assert "(columns 6 and 8) are both read as printers" in _problems(folder)


# ------------------------------------------------------------- 5 Printer over Jumlah | Aktif

@pytest.mark.parametrize(("subs", "kept"), [(("Jumlah", "Aktif"), "Aktif"),
                                             (("Total", "Berfungsi"), "Berfungsi"),
                                             (("Aktif", "Tidak Aktif"), "Aktif")])
def test_a_printers_header_over_two_rows_says_to_keep_the_working_ones(tmp_path, subs, kept):
    folder = _copy(tmp_path)
    path = folder / "sites.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    head = rows[0].split(",")
    out = [",".join([*head[:5], "Printer", "", *head[6:]]),
           ",".join([""] * 5 + list(subs) + [""] * 4)]
    for row in rows[1:]:
        f = row.split(",")
        out.append(",".join([*f[:5], str(int(f[5]) + 1), f[5], *f[6:]]))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    said = _problems(folder)
    assert f"keep the column of the printers that work ('{kept}'): delete the other " \
           "columns and row 2, and head the kept column Printer" in said
    indonesian = i18n.localize_problems(
        [p for p in _invalid(folder).problems], "id")[0].fix
    assert f"pertahankan kolom printer yang berfungsi ('{kept}')" in indonesian


def _invalid(folder: Path) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        load_instance(folder)
    return caught.value


def test_working_printers_words():
    assert headers.working_printers("Aktif") and headers.working_printers("Berfungsi")
    assert not headers.working_printers("Tidak Aktif")
    assert not headers.working_printers("Rusak") and not headers.working_printers("Jumlah")


# ------------------------------------------------------------- 3 trailing comma on data rows

@pytest.mark.parametrize("table", ["areas", "sites", "districts"])
def test_a_comma_at_the_end_of_every_data_row_only_is_ignored(tmp_path, table):
    folder = _copy(tmp_path)
    path = folder / f"{table}.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([rows[0]] + [r + "," for r in rows[1:]]) + "\n",
                    encoding="utf-8")
    loaded = read_instance(folder)
    assert loaded.instance == load_instance(CORPUS / "clean")
    assert any("every data row ends with an empty field" in n for n in loaded.notes)


def test_a_filled_field_beyond_the_header_is_refused_at_its_row(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "areas.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows = [rows[0]] + [r + ("," if i != 9 else ",12") for i, r in enumerate(rows[1:])]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert "areas.csv: row 11 has 9 fields, the header 8: the fields beyond the header hold " \
           "'12'" in _problems(folder)


def test_a_split_number_in_one_row_is_still_refused(tmp_path):
    # Only one row longer than the header: an unquoted 1,250 split in two, not a comma at
    # the end of every row.
    folder = _copy(tmp_path)
    _edit(folder / "sites.csv", ",1200,", ",1,200,")
    assert "a number written with a thousands comma and no quotes" in _problems(folder)


# ------------------------------------------------------------- 4 kecamatan codes and dots

def test_kecamatan_codes_without_dots_in_sites_and_areas_are_the_districts_codes(tmp_path):
    folder = _copy(tmp_path)
    for table in ("sites", "areas"):
        for k in range(1, 5):
            _edit(folder / f"{table}.csv", f",16.71.0{k},", f",16710{k},", range(1, 99))
    loaded = read_instance(folder)
    assert loaded.instance == load_instance(CORPUS / "clean")
    assert any("kecamatan code(s) written with the dots of districts.csv left out or put "
               "in" in n and "167101 = 16.71.01" in n for n in loaded.notes)


def test_dotted_codes_against_an_undotted_districts_table(tmp_path):
    folder = _copy(tmp_path)
    for k in range(1, 5):
        _edit(folder / "districts.csv", f"16.71.0{k},", f"16710{k},")
    instance = load_instance(folder)
    assert {a.district_id for a in instance.areas} == {f"16710{k}" for k in range(1, 5)}


@pytest.mark.parametrize("written", ["1671011", "167100", "16.71.1", "16.71.001"])
def test_other_digits_are_still_refused(tmp_path, written):
    folder = _copy(tmp_path)
    _edit(folder / "areas.csv", ",16.71.01,", f",{written},", range(1, 3))
    assert "is neither a code nor a name of districts.csv" in _problems(folder)


# ------------------------------------------------------------- 7 dated stock, (LS) latitude

@pytest.mark.parametrize("header", ["Stok per 30 Nov 2026", "Stok (30/11/2026)",
                                    "Stok tgl 30-11-2026", "Stok Blangko per 30 November 2026",
                                    "Stok Nov 2026", "Stok 2026-11-30",
                                    "Stok (lembar) per 30 Nov 2026"])
def test_a_stock_header_with_a_date_is_the_stock(tmp_path, header):
    folder = _copy(tmp_path)
    _edit(folder / "sites.csv", ",stock,", f",{header},", range(0, 1))
    loaded = read_instance(folder)
    assert loaded.instance == load_instance(CORPUS / "clean")
    assert f"sites.csv: read '{header}' as stock" in loaded.notes


@pytest.mark.parametrize("header", ["first_time (s.d. 30/11/2026)", "first_time s/d 30-11-2026",
                                    "first_time sd 30 Nov 2026",
                                    "first_time sampai dengan 30/11/2026",
                                    "first_time per 26-11-2026", "first_time hingga Nov 2026"])
def test_a_backlog_header_up_to_a_date_is_the_backlog(tmp_path, header):
    """Tester qa5's 'Penggantian (s.d. 30/11/2026)' (s.d.: sampai dengan, up to) was told
    it had the unit 's.d. 30/11/2026' and to convert the values: the waiting list up to a
    date is the backlog, as the stock on a date is the stock."""
    folder = _copy(tmp_path)
    _edit(folder / "areas.csv", ",first_time,", f",{header},", range(0, 1))
    loaded = read_instance(folder)
    assert loaded.instance == load_instance(CORPUS / "clean")
    assert f"'{header}' as tier first_time" in " ".join(loaded.notes)


def test_a_dated_opening_stock_is_still_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "sites.csv", ",stock,", ",Stok Awal per 1 Nov 2026,", range(0, 1))
    assert "is a stock at the start or the end of a period" in _problems(folder)


@pytest.mark.parametrize("header", ["Lintang (LS)", "Lintang (Lintang Selatan)", "Lat (S)"])
def test_a_south_latitude_header_over_negative_values_is_read(tmp_path, header):
    folder = _copy(tmp_path)
    _edit(folder / "areas.csv", ",lat,", f",{header},", range(0, 1))
    assert load_instance(folder) == load_instance(CORPUS / "clean")


def test_a_south_latitude_header_over_some_positive_values_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "sites.csv", ",lat,", ",Lintang (LS),", range(0, 1))
    _edit(folder / "sites.csv", ",-2.99562,", ",2.99562,", range(1, 2))
    said = _problems(folder)
    assert "sites.csv, column Lintang (LS): has the unit 'LS' (south latitude), but 1 of its " \
           "values are positive (rows 2): whether they are south cannot be told" in said
    assert "remove '(LS)' from the header" in said


# ------------------------------------------------------------- 8 exponents and percentages

@pytest.mark.parametrize(("typed", "digits"), [("5e3", "5000"), ("5E+03", "5000"),
                                               ("1.2e3", "1200"), ("12E2", "1200")])
def test_a_count_written_with_an_exponent_is_refused_with_its_digits(tmp_path, typed, digits):
    folder = _copy(tmp_path)
    _edit(folder / "sites.csv", ",1200,", f",{typed},")
    said = _problems(folder)
    assert f"column stock: is written with an exponent ({typed} = {digits}), but no count " \
           "is typed so" in said
    assert f"type the count in digits ({digits} if that is meant)" in said


def test_an_exponent_in_a_backlog_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "areas.csv", ",893,572", ",893,5.72e2")
    assert "column replacement: is written with an exponent (5.72e2 = 572)" in _problems(folder)


def test_parse_leaves_a_count_exponent_as_typed():
    parsed = numbers.parse(pd.Series(["5e3", "12"], dtype="string"), "en", count=True,
                           stated=False)
    assert parsed.exponents == [0] and parsed.values[1] == 12
    decimals = numbers.parse(pd.Series(["1e-3"], dtype="string"), "en", count=False,
                             stated=False)
    assert decimals.exponents is None


# ------------------------------------------------------------- 2 English counts

def test_an_english_count_proved_by_the_same_file_is_read(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "sites.csv", ",5000", ',"5,000"')
    _edit(folder / "sites.csv", ",2500", ',"2,500"')
    # A grouped English figure in the same file (only English writes 1,200.00).
    _edit(folder / "sites.csv", ",1200,", ',"1,200.00",')
    loaded = read_instance(folder)
    assert loaded.instance == load_instance(CORPUS / "clean")
    assert any("cell(s) of storage_cap like '5,000' read as 5000" in n for n in loaded.notes)


def test_an_english_count_proved_by_a_decimal_point_in_its_column_is_read(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "sites.csv", ",5000", ',"5,000"')
    _edit(folder / "sites.csv", ",2500", ",2500.0")
    assert load_instance(folder) == load_instance(CORPUS / "clean")


def test_dotted_coordinates_prove_nothing_in_a_semicolon_file(tmp_path):
    # An Indonesian office pastes -2.99562 from a map into its ';' file: the counts stay
    # refused. (In a ',' file the dotted coordinates are the file's decimal mark, so its
    # counts' commas group thousands: tests/io/test_hemispheres_notes_copies.py.)
    folder = _copy(tmp_path)
    _edit(folder / "sites.csv", ",5000", ',"5,000"')
    (folder / "sites.csv").write_text(
        (folder / "sites.csv").read_text(encoding="utf-8").replace(",", ";")
        .replace('"5;000"', "5,000"), encoding="utf-8")
    said = _problems(folder)
    assert "state --locale en: it reads 5,000 as 5000" in said


def test_a_proof_in_another_file_is_no_proof(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "sites.csv", ",5000", ',"5,000"')
    (folder / "sites.csv").write_text(
        (folder / "sites.csv").read_text(encoding="utf-8").replace(",", ";")
        .replace('"5;000"', "5,000"), encoding="utf-8")
    _edit(folder / "areas.csv", ",9069,", ',"1,009,069",')
    assert "could be read two ways" in _problems(folder)


def test_the_english_count_fix_on_the_command_line_and_the_page():
    fix = locale_fix("12,500", count=True)
    assert fix == ("if the file writes numbers the English way, state --locale en: it reads "
                   "12,500 as 12500 (read in Indonesian it is 12,5, and no count is written "
                   "so); or type 12500 without separators")
    page = page_fix(fix)
    assert page is not None and "choose 'English: 1,234,567 and 3.5' under 'How your files " \
                                "write numbers' on the form: it reads 12,500 as 12500" in page
    assert "--locale" not in page
    for text in (fix, page):
        indonesian = i18n.fix_text(text, "id")
        assert indonesian != text and "12500" in indonesian and "12,500" in indonesian
    # A dotted count keeps the sentence with both readings (5.000: 5000 or 5).
    assert locale_fix("5.000", count=True).startswith("state the locale: --locale id")


@pytest.mark.parametrize("fmt", ["0%", "0.00%", '0" %"'])
def test_a_whole_count_shown_as_a_percentage_is_refused(tmp_path, fmt):
    import openpyxl

    book = openpyxl.load_workbook(CORPUS / "workbook-id.xlsx")
    found = None
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=1, max_row=8):
            for c in row:
                if headers.table_of(ws.title) == "sites" and isinstance(c.value, str) \
                        and headers.normalize(c.value) in headers.aliases_of("sites")["printers"]:
                    found = (ws, c.row, c.column)
    assert found is not None
    ws, row, column = found
    ws.cell(row + 1, column).value = 2
    ws.cell(row + 1, column).number_format = fmt
    path = tmp_path / "book.xlsx"
    book.save(path)
    said = _problems(path)
    assert "is formatted as a percentage: Excel shows 200 %, the cell holds 2, and a count " \
           "is never a percentage" in said


def test_a_percentage_format_on_a_coordinate_is_no_count(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(CORPUS / "workbook-id.xlsx")
    styled = 0
    for ws in book.worksheets:
        if headers.table_of(ws.title) != "sites":
            continue
        for row in ws.iter_rows(min_row=1, max_row=8):
            for c in row:
                if isinstance(c.value, str) and headers.normalize(c.value) in \
                        headers.aliases_of("sites")["lon"]:
                    ws.cell(c.row + 1, c.column).number_format = "0%"
                    styled += 1
    assert styled == 1
    path = tmp_path / "book.xlsx"
    book.save(path)
    assert load_instance(path, "b") == load_instance(CORPUS / "workbook-id.xlsx", "b")
