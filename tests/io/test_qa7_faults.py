"""Tester qa7's faults (2026-11-30) in the file readers, each kind beyond its corpus case
(tests/data/spreadsheets/qa7-*, tests/io/test_corpus.py).

1. A newer column beside the old one ('Pemula Update', 'Stok Terbaru', 'Update Stok')
   was ignored with a note, and the old figures planned: now a second candidate for the
   field, refused when the values differ, noted when they are the same.
2. An .xlsx whose `<dimension>` understates the used range lost rows (and columns)
   silently in openpyxl's streamed read: every cell the file holds is read now, and the
   streamed and the whole load agree.
3. Excel's error values (#N/A of a failed VLOOKUP) were read as "no value" (a stock of
   0) or as text: refused as a failed formula, at the cell.
4. A hidden old sheet was planned while a visible sheet holding the update was "not
   read": refused, naming both.
5. Malformed workbooks gave a traceback (HTTP 500 on the page): refused as "cannot be
   read as .xlsx" (the page's answer: tests/web/test_page_unreadable.py).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from optimizer import InvalidInput
from optimizer.io import grouping, numbers, sheets
from optimizer.io.files import read_instance
from optimizer.io.sheets import read_workbook
from optimizer.io.shipments import read_shipments

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
CLEAN = CORPUS / "clean"


def _shipments_book(path: Path) -> None:
    """A shipments workbook of five sites, S1-S5, 100 to 500 blanks."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "shipments"
    sheet.append(["site_id", "blanks"])
    for i in range(1, 6):
        sheet.append([f"S{i}", 100 * i])
    book.save(path)


def _refused(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidInput) as caught:
        read_instance(path)
    return [(p.location, p.message, p.fix) for p in caught.value.problems]


def _with_column(tmp_path: Path, table: str, header: str, field: str, delta: int,
                 first: bool = False) -> Path:
    """clean with a column `header` beside `field` of `table`, holding its values + delta
    (placed before it when `first`)."""
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    values = frame[field].map(lambda v: str(int(v or 0) + delta) if (v or delta) else v)
    frame.insert(frame.columns.get_loc(field) + (0 if first else 1), header, values)
    frame.to_csv(path, index=False)
    return folder


# --------------------------------------------------------------------------- 1

NEWER = [("sites", "stock", h) for h in (
    "Stok Update", "Stok Baru", "Stok Revisi", "Stok Real", "Update Stok", "Stok Terbaru",
    "STOK TERBARU", "stok_koreksi", "Stok Perubahan", "Latest Stock", "stock (revised)",
    "New Stock", "Stok (lembar) Update")] + [("sites", "storage_cap", "Daya Tampung Baru"),
                                             ("sites", "printers", "Jumlah Printer Update")] + [
    ("areas", "first_time", h) for h in (
        "Pemula Update", "Pemula Terbaru", "Pemula Revisi", "Update Pemula", "pemula real")
] + [("areas", "replacement", "Penggantian Update"), ("areas", "population", "Wajib KTP Baru")]


@pytest.mark.parametrize(("table", "field", "header"), NEWER,
                         ids=[h for _, _, h in NEWER])
@pytest.mark.parametrize("first", [False, True], ids=["after", "before"])
def test_a_newer_column_with_other_values_is_refused_as_a_second_candidate(
        tmp_path: Path, table: str, field: str, header: str, first: bool) -> None:
    folder = _with_column(tmp_path, table, header, field, 500, first)
    problems = _refused(folder)
    said = [p for p in problems if "their values differ" in p[1]]
    assert said, problems
    location, message, fix = said[0]
    assert header in location + message and f"both read as {_what(table, field)}" in message
    assert "delete the other" in fix


@pytest.mark.parametrize(("table", "field", "header"), NEWER,
                         ids=[h for _, _, h in NEWER])
def test_a_newer_column_with_the_same_values_is_noted(tmp_path: Path, table: str, field: str,
                                                      header: str) -> None:
    loaded = read_instance(_with_column(tmp_path, table, header, field, 0))
    assert f"column '{header}' ignored ({field} is read from '{field}')" in \
        " ".join(loaded.notes)
    assert loaded.instance == read_instance(CLEAN).instance.model_copy(
        update={"name": loaded.instance.name})


def test_a_newer_column_alone_is_read_as_its_field(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / "sites.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",stock,", ",Stok Terbaru,", 1),
                    encoding="utf-8")
    loaded = read_instance(folder)
    assert "'Stok Terbaru' as stock" in " ".join(loaded.notes)


def _what(table: str, field: str) -> str:
    return f"tier {field}" if table == "areas" and field in ("first_time", "replacement") \
        else field


# --------------------------------------------------------------------------- 2

def _understated(source: Path, out: Path, ref: str) -> Path:
    """`source` with every sheet's <dimension ref> set to `ref` (what some programs write)."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in book.infolist():
            data = book.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(),
                              data)
                assert f'<dimension ref="{ref}"/>'.encode() in data
            new.writestr(item, data)
    return out


@pytest.fixture(scope="module")
def correct_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """qa7-dimension-fewer-rows.xlsx saved again by openpyxl, which writes the true
    dimension (the data as the planner sees it in Excel)."""
    out = tmp_path_factory.mktemp("resaved") / "resaved.xlsx"
    book = openpyxl.load_workbook(CORPUS / "qa7-dimension-fewer-rows.xlsx")
    book.save(out)
    return out


@pytest.mark.parametrize("case", ["qa7-dimension-fewer-rows.xlsx",
                                  "qa7-dimension-fewer-columns.xlsx"])
def test_a_workbook_is_read_whole_whatever_its_dimension_says(case: str,
                                                              correct_workbook: Path) -> None:
    read = read_instance(CORPUS / case).instance
    assert len(read.areas) == 107
    assert read.model_copy(update={"name": "x"}) == \
        read_instance(correct_workbook).instance.model_copy(update={"name": "x"})


@pytest.mark.parametrize("ref", ["A1", "A1:C3", "A1:J20", "B5:D9"])
def test_any_understated_dimension_reads_the_same(tmp_path: Path, correct_workbook: Path,
                                                  ref: str) -> None:
    cut = _understated(correct_workbook, tmp_path / "cut.xlsx", ref)
    assert read_instance(cut).instance.model_copy(update={"name": "x"}) == \
        read_instance(correct_workbook).instance.model_copy(update={"name": "x"})


def test_the_streamed_and_the_whole_load_read_the_same_cells(tmp_path: Path,
                                                             correct_workbook: Path) -> None:
    cut = _understated(correct_workbook, tmp_path / "cut.xlsx", "A1:C3")
    tiers = {"areas": ("first_time", "replacement")}

    def tiers_for(table: str) -> tuple[str, ...]:
        return tiers.get(table, ())

    streamed, _ = read_workbook(cut, tiers_for)
    named = {t: r.sheet for t, r in streamed.items()}
    whole = sheets._with_layout(cut, named, streamed, tiers_for)
    for table, raw in streamed.items():
        assert raw.header == whole[table].header
        assert raw.row_numbers.tolist() == whole[table].row_numbers.tolist()
        pd.testing.assert_frame_equal(raw.frame, whole[table].frame)


def test_a_shipments_workbook_is_read_whole_too(tmp_path: Path) -> None:
    _shipments_book(tmp_path / "ok.xlsx")
    cut = _understated(tmp_path / "ok.xlsx", tmp_path / "cut.xlsx", "A1:B2")
    assert read_shipments(cut).pins == {f"S{i}": 100 * i for i in range(1, 6)}


# --------------------------------------------------------------------------- 3

def _clean_workbook(path: Path) -> Path:
    """clean's three tables as the sheets of one workbook, numbers as numbers."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in ("districts", "sites", "areas"):
        frame = pd.read_csv(CLEAN / f"{table}.csv", dtype=str, keep_default_na=False)
        sheet = book.create_sheet(table)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([_cell(c, h) for c, h in zip(row, frame.columns, strict=True)])
    book.save(path)
    return path


def _cell(value: str, header: str) -> object:
    if header in ("area_id", "site_id", "district_id", "name") or value == "":
        return value
    return float(value) if "." in value else int(value)


@pytest.mark.parametrize("error", sorted(numbers.EXCEL_ERRORS))
@pytest.mark.parametrize(("table", "column", "field"), [
    ("sites", 9, "stock"), ("sites", 10, "storage_cap"), ("areas", 7, "first_time"),
    ("areas", 4, "lat"), ("areas", 3, "district_id"), ("sites", 2, "name")])
def test_every_excel_error_value_in_a_read_workbook_cell_is_refused(
        tmp_path: Path, error: str, table: str, column: int, field: str) -> None:
    path = _clean_workbook(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    cell = book[table].cell(3, column)
    cell.value = error
    cell.data_type = "e"  # (saved as Excel saves it: <c t="e"><v>#N/A</v></c>)
    book.save(path)
    assert f'<c r="{cell.coordinate}" t="e"><v>{error}</v></c>' in \
        zipfile.ZipFile(path).read(f"xl/worksheets/sheet{book.sheetnames.index(table) + 1}.xml"
                                   ).decode()
    problems = _refused(path)
    said = [p for p in problems if "formula failed" in p[1]]
    assert said, problems
    location, message, fix = said[0]
    assert location == f"book.xlsx[{table}] row 3, column {field}"
    assert message == f"holds an Excel error value: the cell's formula failed, got '{error}'"
    # The fix is the error's own (#N/A a lookup's, #DIV/0! a division's: a VLOOKUP fix was
    # once given to every error), and the cell is said once (no "unknown district" too).
    assert fix == (numbers.formula_fix(error) or grouping.FIXES["formula_error"])
    assert [p for p in problems if p[0] == location] == [said[0]]


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#NAME?", "#SPILL!"])
def test_an_excel_error_value_saved_in_a_csv_is_refused_too(tmp_path: Path, error: str) -> None:
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / "sites.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[8] = error  # stock
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _refused(folder)
    assert ("sites.csv row 2, column stock",
            f"holds an Excel error value: the cell's formula failed, got '{error}'") in \
        [p[:2] for p in problems]


@pytest.mark.parametrize("typed", ["N/A", "-", "na", ""])
def test_typed_no_value_keeps_its_rule(tmp_path: Path, typed: str) -> None:
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / "sites.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[8] = typed  # stock: optional, no value is 0
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_instance(folder).instance.sites[0].stock == 0


# --------------------------------------------------------------------------- 4

def _unhidden(source: Path, out: Path) -> Path:
    book = openpyxl.load_workbook(source)
    for sheet in book.worksheets:
        sheet.sheet_state = "visible"
    book.save(out)
    return out


@pytest.mark.parametrize(("case", "hidden", "visible"), [
    ("qa7-hidden-old-areas-visible-rekap.xlsx", "kelurahan", "Rekap Nov"),
    ("qa7-hidden-old-sites-visible-update.xlsx", "kantor", "Update Des")])
def test_a_hidden_sheet_read_beside_a_visible_one_like_it_is_refused(
        tmp_path: Path, case: str, hidden: str, visible: str) -> None:
    [(location, message, fix)] = _refused(CORPUS / case)
    assert location == case
    assert "hidden in Excel" in message
    if case.endswith("rekap.xlsx"):
        # 'Rekap Nov' heads its kecamatan 'Kec', read since fixH: it is a second areas
        # table, whose data differ from the hidden one's; refused as two tables, the
        # hidden one named so (and, both shown, refused alike).
        assert f"sheets '{hidden}' and '{visible}' could both be the areas table, and " \
               "their data differ" in message
        assert "keep only the sheet with the data you mean" in fix
        with pytest.raises(InvalidInput):
            read_instance(_unhidden(CORPUS / case, tmp_path / "shown.xlsx"))
        return
    assert f"sheet '{hidden}'" in message and f"sheet '{visible}'" in message
    assert f"delete the hidden sheet '{hidden}'" in fix and "Unhide" in fix
    # Both visible, the planner sees both: the one named as a table is read, the other
    # noted as not read (docs/spreadsheets.md).
    loaded = read_instance(_unhidden(CORPUS / case, tmp_path / "shown.xlsx"))
    assert f"sheet '{visible}' is not read" in " ".join(loaded.notes)


def test_a_hidden_sheet_read_alone_is_planned_with_a_note() -> None:
    loaded = read_instance(CORPUS / "sheet-hidden-read.xlsx")
    assert "sheet 'Kelurahan' is hidden in Excel and was read as the areas table" in \
        " ".join(loaded.notes)


# --------------------------------------------------------------------------- 5

UNREADABLE = sorted(p.name for p in CORPUS.glob("qa7-unreadable-*.xlsx"))


def test_the_unreadable_cases_are_there() -> None:
    assert len(UNREADABLE) == 5


@pytest.mark.parametrize("name", UNREADABLE)
def test_a_malformed_workbook_is_refused_as_unreadable(name: str) -> None:
    [(location, message, fix)] = _refused(CORPUS / name)
    assert location == name
    assert message.startswith("cannot be read as .xlsx (")
    assert fix == "open it in Excel and save it again (as .xlsx)"


def _rewritten(source: Path, out: Path, change: Callable[[bytes], bytes]) -> Path:
    """`source` with its first sheet's XML changed by `change`."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in book.infolist():
            data = book.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                changed = change(data)
                assert changed != data
                data = changed
            new.writestr(item, data)
    return out


@pytest.mark.parametrize("change", [
    lambda xml: xml[:len(xml) // 2],  # cut short
    lambda xml: xml.replace(b"<v>300</v>", b"<v>abc</v>"),  # no number
    lambda xml: xml.replace(b'r="B4"', b'r="ZZZZ4"'),  # beyond column XFD
], ids=["truncated", "number", "cellref"])
def test_a_malformed_shipments_workbook_is_refused_as_unreadable(
        tmp_path: Path, change: Callable[[bytes], bytes]) -> None:
    _shipments_book(tmp_path / "ok.xlsx")
    bad = _rewritten(tmp_path / "ok.xlsx", tmp_path / "bad.xlsx", change)
    with pytest.raises(InvalidInput) as caught:
        read_shipments(bad)
    assert caught.value.problems[0].message.startswith("cannot be read as .xlsx (")


def test_a_fault_of_blankos_own_while_reading_is_not_taken_for_a_broken_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The boundary catches what the parser raises, not what Blanko's code does with the
    rows: a bug there must surface as itself (a traceback to fix), not as a file to
    save again."""
    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("a bug in Blanko")

    monkeypatch.setattr(sheets, "_sheet_table", broken)
    with pytest.raises(ValueError, match="a bug in Blanko"):
        read_instance(CORPUS / "qa7-dimension-fewer-rows.xlsx")


def test_a_truncated_zip_is_refused_as_unreadable(tmp_path: Path) -> None:
    data = (CORPUS / "qa7-dimension-fewer-rows.xlsx").read_bytes()
    for cut in (len(data) // 3, len(data) - 200):
        path = tmp_path / f"cut{cut}.xlsx"
        path.write_bytes(data[:cut])
        [(location, message, _)] = _refused(path)
        assert location == path.name and message.startswith("cannot be read as .xlsx")


def test_a_chart_sheet_is_noted_as_not_read(tmp_path: Path) -> None:
    """A chart sheet (no cells) beside the tables was a traceback ('Chartsheet' object has
    no attribute 'iter_rows'): noted as not read, the tables planned."""
    from openpyxl.chart import BarChart, Reference

    path = _clean_workbook(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(book["areas"], min_col=7, min_row=1, max_row=10))
    book.create_chartsheet("Grafik").add_chart(chart)
    book.save(path)
    loaded = read_instance(path)
    assert "book.xlsx: sheet 'Grafik' is not read (a chart sheet)" in loaded.notes
    assert len(loaded.instance.areas) == len(read_instance(CLEAN).instance.areas)
