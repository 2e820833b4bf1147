"""Tester qa9's faults (2026-11-30) in how workbooks are read, each kind beyond its corpus
case (tests/data/spreadsheets/number-format-*, row-struck-through, cell-struck-through;
tests/data/shipments/qa9-*).

1. A `--shipments` workbook was streamed: a hidden column read ('Alokasi' pinned 1,500
   and 2,000 with no word), a hidden row read with no note, a merged blanks cell read
   as empty. It is read now as a `--data` sheet is (io.sheets: the same helpers). A row
   struck through in every filled cell (an office the office crossed out) was planned:
   refused, in `--data` and `--shipments` alike.
2. A number format that shows another figure than the cell holds (`;;;`: an empty cell
   over 5000; `0"000"`: 5000 over 5; `#,##0,`: 5 over 5000) was ignored: refused in
   every number column read, naming the cell, what Excel shows and what it holds.
5. A `--shipments` date cell was shown as "datetime.datetime(2026, 1, 15, 0, 0)", and a
   percentage cell got no word of its format: both said as the `--data` reader says them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from optimizer.i18n.problems import localize_problems
from optimizer.io import formats
from optimizer.io.shipments import read_shipments
from optimizer.schema import InvalidInput

SHIPMENTS = Path(__file__).parent.parent / "data" / "shipments"
CORPUS = Path(__file__).parent.parent / "data" / "spreadsheets"


def _problems(path: Path, lang: str = "en") -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        read_shipments(path)
    problems = caught.value.problems if lang == "en" else localize_problems(
        caught.value.problems, lang)
    return [f"{p.location}: {p.message} / {p.fix}" for p in problems]


def test_a_hidden_shipments_column_read_is_refused():
    (line,) = _problems(SHIPMENTS / "qa9-hidden-column.xlsx")
    assert "column B 'Alokasi (lembar)' is hidden in Excel and would be read as blanks" in line
    assert "unhide column B" in line


def test_a_hidden_shipments_row_is_read_with_the_data_readers_note():
    read = read_shipments(SHIPMENTS / "qa9-hidden-row.xlsx")
    assert read.pins == {"KEC-16.71.15": 1500, "KEC-16.71.07": 2000}
    assert any("1 row(s) are hidden in Excel (a filter or hidden rows: 3) and were read like "
               "the others" in n for n in read.notes), read.notes


def test_a_merged_blanks_cell_is_refused_as_in_data():
    # B3:B4 merged: read whole, 2,000 would be pinned at two offices; streamed, row 4 was
    # "empty" (fill in the blanks), which sent the planner to type a figure.
    (line,) = _problems(SHIPMENTS / "qa9-merged.xlsx")
    assert "column Alokasi: has merged cells (B3:B4)" in line


def test_a_shipments_date_and_percentage_are_said_as_the_planner_sees_them():
    lines = _problems(SHIPMENTS / "qa9-date-percent.xlsx")
    assert any("row 2, column Alokasi (blanks): holds a date where a number belongs, got "
               "'2026-01-15'" in x for x in lines), lines
    assert not any("datetime" in x for x in lines), lines
    assert any("row 3, column Alokasi (blanks): is formatted as a percentage: Excel shows "
               "20 %, the cell holds 0.2" in x for x in lines), lines
    assert any("Excel menampilkan 20 %" in x
               for x in _problems(SHIPMENTS / "qa9-date-percent.xlsx", "id"))


def _shipments_book(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "alokasi"
    for row in (["Kode Kantor", "Alokasi"], ["KEC-16.71.01", 1500], ["KEC-16.71.02", 2000],
                ["KEC-16.71.03", 2]):
        sheet.append(row)
    edit(sheet)
    path = tmp_path / "alokasi.xlsx"
    book.save(path)
    return path


def test_shipments_formats_and_strikes_are_refused_as_in_data(tmp_path: Path):
    def hidden(sheet):  # type: ignore[no-untyped-def]
        sheet["B2"].number_format = ";;;"

    assert "is formatted ';;;', which hides the figure: Excel shows an empty cell, the cell " \
           "holds 1500" in _problems(_shipments_book(tmp_path, hidden))[0]

    def whole_percent(sheet):  # type: ignore[no-untyped-def]
        sheet["B4"].number_format = "0%"  # 2 shown as 200 %

    assert "Excel shows 200 %, the cell holds 2, and a count is never a percentage" in \
        _problems(_shipments_book(tmp_path, whole_percent))[0]

    def struck(sheet):  # type: ignore[no-untyped-def]
        for cell in sheet[3]:
            cell.font = Font(strike=True)

    assert "1 row(s) are struck through in Excel (every filled cell: rows 3)" in \
        _problems(_shipments_book(tmp_path, struck))[0]

    def one_struck(sheet):  # type: ignore[no-untyped-def]
        sheet["B3"].font = Font(strike=True)  # (one figure struck: no row crossed out)

    assert read_shipments(_shipments_book(tmp_path, one_struck)).pins["KEC-16.71.02"] == 2000


@pytest.mark.parametrize(("code", "value", "shown"), [
    (";;;", 5000, ""),                  # Excel shows nothing
    (";;;", -5, ""),
    ('0"000"', 5, "5000"),              # literal digits after the figure
    ("0\\0\\0\\0", 5, "5000"),          # the same, escaped
    ('"0"', 5000, "0"),                 # a text instead of the figure
    ("#,##0,", 5000, "5"),              # scaled by 1000
    ('#,##0,"rb"', 5000, "5rb"),
    ('0.0,,"jt"', 2500000, "2.5jt"),    # scaled by a million
    ("#,##0;;;", -5, ""),               # negatives hidden
])
def test_formats_that_show_another_figure(code: str, value: float, shown: str):
    assert formats.may_mislead(code)
    assert formats.shown(code, value) == shown


@pytest.mark.parametrize(("code", "value"), [
    ("General", 5000), ("0", 5000), ("#,##0", 5000), ("#,##0.00", 5), ("0.000", 5),
    ("[$-421]#,##0", 5000), ('"Rp"#,##0', 1250), ("[$Rp-421]#,##0", 1250),
    ('0 "lembar"', 5), ("@", 5), ("#,##0;-#,##0;", 0), ("#,##0;(#,##0)", -5),
    ('_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-', 0), ("[Red]#,##0", 5), ("0.00E+00", 5000),
    (";;;", 0),  # (0 hidden: no other figure)
])
def test_formats_that_show_the_figure(code: str, value: float):
    assert formats.shown(code, value) is None


def test_a_format_in_a_coordinate_or_km_is_refused_too(tmp_path: Path):
    # Every number column read, not only counts: a latitude shown as '-3' over -2.99562.
    from optimizer.io.files import read_instance

    folder = tmp_path / "book.xlsx"
    shutil.copy(CORPUS / "cell-struck-through.xlsx", folder)
    book = openpyxl.load_workbook(folder)
    book["Kantor"]["D4"].number_format = '0"°"'  # fine: shows the figure (rounded)
    book["Kelurahan"]["D5"].number_format = '"-3"'
    book.save(folder)
    with pytest.raises(InvalidInput) as caught:
        read_instance(folder)
    (problem,) = caught.value.problems
    assert "row 5, column Lintang (lat)" in problem.location
    assert "is formatted '\"-3\"': Excel shows '-3'" in problem.message


def test_a_header_naming_its_unit_is_not_named_twice(tmp_path: Path):
    # 4: 'Jarak (km)' read as km was said "column Jarak (km) (km)".
    from optimizer.io import headers
    from optimizer.io.files import read_instance

    assert headers.label("Jarak (km)", "km") == "Jarak (km)"
    assert headers.label("Stok (lembar)", "stock") == "Stok (lembar) (stock)"
    assert headers.label("km", "km") == "km"
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "km-comma-read-english", folder)
    jarak = folder / "distances.csv"
    jarak.write_text(jarak.read_text().replace(";km\n", ";Jarak (km)\n", 1))
    with pytest.raises(InvalidInput) as caught:
        read_instance(folder)
    assert caught.value.problems[0].location == "distances.csv, column Jarak (km)"


def test_every_fix_naming_a_command_line_option_has_the_pages_words():
    # 4: the page has no --locale, --tiers or --dataset: each fix of the catalog that names
    # one is said with the page's control (or what to change in the file).
    import re

    from api.web.pages import _page_fix
    from optimizer.i18n.problems import FIXES
    from optimizer.schema import Problem

    said = [(key, re.sub(r"\{(\w+)\}", "X1", text)) for key, text in FIXES
            if re.search(r"--(locale|tiers|dataset)\b", text) and not key.startswith("fix.page")]
    assert len(said) >= 8
    for key, text in said:
        page = _page_fix(Problem(location="areas.csv", message="m", fix=text))
        assert not re.search(r"--(locale|tiers|dataset)\b", page), (key, page)
