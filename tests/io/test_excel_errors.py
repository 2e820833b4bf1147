"""Each of Excel's error values is refused once, with a fix for what made that formula fail.

A '#NAME?' or '#N/A' in a kecamatan or id column was said twice: as a failed formula and
again as a kecamatan "neither a code nor a name of districts.csv" (whose fix was to add
'#N/A' to districts.csv); and every error got the fix of a failed VLOOKUP, '#DIV/0!' too.
The shipments file said '#DIV/0!' in its blanks column as "must be a whole number" and
took '#N/A' for a site id. Corpus: tests/data/spreadsheets/formula-errors-id-columns.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from optimizer import InvalidInput
from optimizer.io import grouping, numbers
from optimizer.io.files import read_instance
from optimizer.io.shipments import read_shipments

CLEAN = Path(__file__).parents[1] / "data" / "spreadsheets" / "clean"


def _refused(path: Path, read=read_instance) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidInput) as caught:
        read(path)
    return [(p.location, p.message, p.fix) for p in caught.value.problems]


def _with_cell(tmp_path: Path, table: str, row: int, column: int, typed: str) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(CLEAN, folder)
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[row - 1].split(",")
    cells[column] = typed
    lines[row - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("error", ["#N/A", "#NAME?", "#REF!", "#VALUE!"])
@pytest.mark.parametrize(("table", "column", "field"), [
    ("areas", 2, "district_id"), ("sites", 2, "district_id"), ("areas", 0, "area_id"),
    ("sites", 0, "site_id")])
def test_an_excel_error_in_an_id_or_kecamatan_column_is_said_once(
        tmp_path: Path, error: str, table: str, column: int, field: str) -> None:
    problems = _refused(_with_cell(tmp_path, table, 3, column, error))
    assert problems == [(f"{table}.csv row 3, column {field}",
                         f"holds an Excel error value: the cell's formula failed, got "
                         f"'{error}'", numbers.formula_fix(error))]


@pytest.mark.parametrize(("error", "words"), [
    ("#N/A", "lookup"), ("#DIV/0!", "divides by zero"), ("#REF!", "deleted"),
    ("#NAME?", "function or range Excel does not know"), ("#VALUE!", "wrong type"),
    ("#NUM!", "cannot compute"), ("#NULL!", "ranges do not meet"),
    ("#SPILL!", "spill"), ("#CALC!", "empty array"), ("#GETTING_DATA", "still computing")])
def test_each_excel_error_has_a_fix_that_fits_it(error: str, words: str) -> None:
    fix = numbers.formula_fix(error)
    assert words in fix
    assert ("VLOOKUP" in fix) == (error == "#N/A")


def test_errors_of_two_kinds_in_one_column_are_said_each_with_its_fix(tmp_path: Path) -> None:
    folder = _with_cell(tmp_path, "sites", 2, 8, "#N/A")
    path = folder / "sites.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[8] = "#DIV/0!"
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [(p[1], p[2]) for p in _refused(folder)] == [
        ("holds an Excel error value: the cell's formula failed, got '#N/A'",
         numbers.formula_fix("#N/A")),
        ("holds an Excel error value: the cell's formula failed, got '#DIV/0!'",
         numbers.formula_fix("#DIV/0!"))]


def test_an_error_without_a_fix_of_its_own_gets_the_general_fix(tmp_path: Path) -> None:
    [(_, _, fix)] = _refused(_with_cell(tmp_path, "sites", 2, 8, "#CONNECT!"))
    assert fix == grouping.FIXES["formula_error"] == "correct the formula and save the file " \
        "again, or type the value"


def test_the_shipments_file_says_excel_errors_as_such(tmp_path: Path) -> None:
    path = tmp_path / "kiriman.csv"
    path.write_text("site_id,blanks\nKEC-16.71.01,1000\n#N/A,500\nKEC-16.71.03,#DIV/0!\n",
                    encoding="utf-8")
    assert _refused(path, read_shipments) == [
        ("kiriman.csv row 3, column site_id",
         "holds an Excel error value: the cell's formula failed, got '#N/A'",
         numbers.formula_fix("#N/A")),
        ("kiriman.csv row 4, column blanks",
         "holds an Excel error value: the cell's formula failed, got '#DIV/0!'",
         numbers.formula_fix("#DIV/0!"))]
