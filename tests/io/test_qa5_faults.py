"""Tester qa5's faults (2026-11-30) in the file readers and the library's checks.

- F1: an office's row pasted again under a new id planned with its printers twice
  (optimizer/io/plausible.py, `_site_copies`); the corpus case is
  tests/data/spreadsheets/qa5-dup-office (tests/io/test_corpus.py), the API's in
  tests/api/test_api_plausible.py, ids differing by a dash in
  tests/io/test_one_field_two_ways.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from optimizer import InvalidInput
from optimizer.io import plausible
from optimizer.io.files import read_instance

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
DUP_OFFICE = CORPUS / "qa5-dup-office"


def _sites(tmp_path: Path, last_row: str) -> Path:
    """qa5-dup-office with its last sites row replaced by `last_row`."""
    folder = tmp_path / "f"
    shutil.copytree(DUP_OFFICE, folder)
    sites = folder / "sites.csv"
    lines = sites.read_text(encoding="utf-8").splitlines()
    sites.write_text("\n".join([*lines[:-1], last_row]) + "\n", encoding="utf-8")
    return folder


def _refused(folder: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidInput) as caught:
        read_instance(folder)
    return [(p.location, p.message, p.fix) for p in caught.value.problems]


def test_an_office_row_pasted_again_under_a_new_id_is_refused():
    [(where, message, fix)] = _refused(DUP_OFFICE)
    assert where == "sites.csv row 5, column site_id"
    assert message.startswith("repeats the office first in row 2 (id KEC-16.71.01)")
    assert fix.startswith("delete one of the two rows")


@pytest.mark.parametrize("row", [
    # the copy's printers or working days updated, the old row left: one office twice
    "KEC-16.71.01B,Kantor Kecamatan Ilir Barat II,16.71.01,-2.99562,104.75215,2,150,20,0,",
    "KEC-16.71.01B,Kantor Kecamatan Ilir Barat II,16.71.01,-2.99562,104.75215,1,150,24,0,",
    # the same name in another letter case and spacing
    "KEC-16.71.01B,kantor kecamatan  ilir barat ii,16.71.01,-2.99562,104.75215,1,150,20,0,",
    # given another kecamatan: still one office at one point
    "KEC-16.71.01B,Kantor Kecamatan Ilir Barat II,16.71.02,-2.99562,104.75215,1,150,20,0,",
])
def test_one_office_given_twice_with_other_figures_is_refused_saying_both_fixes(
        tmp_path: Path, row: str):
    [(where, message, fix)] = _refused(_sites(tmp_path, row))
    assert where == "sites.csv row 5, column site_id"
    assert "the office first in row 2 (id KEC-16.71.01)" in message
    assert "delete" in fix


def test_unnamed_rows_are_a_copy_only_when_every_figure_is_the_same(tmp_path: Path):
    folder = _sites(tmp_path / "a", "KEC-16.71.01B,,16.71.01,-2.99562,104.75215,1,150,20,0,")
    (folder / "sites.csv").write_text(
        (folder / "sites.csv").read_text(encoding="utf-8").replace(
            "KEC-16.71.01,Kantor Kecamatan Ilir Barat II,", "KEC-16.71.01,,"), encoding="utf-8")
    [(where, message, _)] = _refused(folder)
    assert where == "sites.csv row 5, column site_id" and message.startswith("repeats")
    # two unnamed counters in one building with their own printers: two offices
    other = folder / "sites.csv"
    other.write_text(other.read_text(encoding="utf-8").replace(
        "KEC-16.71.01B,,16.71.01,-2.99562,104.75215,1,", "KEC-16.71.01B,,16.71.01,-2.99562,"
        "104.75215,2,"), encoding="utf-8")
    assert len(read_instance(folder).instance.sites) == 4


@pytest.mark.parametrize("row", [
    # two offices in one building (a Mal Pelayanan Publik): other names, one point
    "MPP-1671,Mal Pelayanan Publik Palembang,16.71.01,-2.99562,104.75215,1,150,20,0,",
    # one name, another place: two offices
    "KEC-16.71.01B,Kantor Kecamatan Ilir Barat II,16.71.01,-2.99000,104.74000,1,150,20,0,",
])
def test_two_real_offices_plan(tmp_path: Path, row: str):
    loaded = read_instance(_sites(tmp_path, row))
    assert len(loaded.instance.sites) == 4
    assert not plausible.findings(loaded.instance)


# --------------------------------------------------------------------------- F2, F8

HIDDEN_NOTES = CORPUS / "qa5-hidden-notes-column.xlsx"


def test_hidden_columns_hidden_as_one_range_are_each_refused_when_read(tmp_path: Path):
    """Excel writes adjacent hidden columns as one <col min max hidden> element: each of
    them is named (here the two backlog columns, read as tiers)."""
    import openpyxl

    book = openpyxl.load_workbook(HIDDEN_NOTES)
    book["areas"].column_dimensions.group("G", "H", hidden=True)
    path = tmp_path / "hidden-tiers.xlsx"
    book.save(path)
    problems = _refused(path)
    assert [p[0] for p in problems] == ["hidden-tiers.xlsx[areas], column G (Pemula)",
                                        "hidden-tiers.xlsx[areas], column H (Penggantian)"]
    assert "would be read as tier first_time" in problems[0][1]
    assert problems[1][2].startswith("unhide column H to have it read")


def test_a_hidden_column_that_is_not_read_is_only_noted():
    loaded = read_instance(HIDDEN_NOTES)
    assert ("qa5-hidden-notes-column.xlsx[sites]: column K 'Keterangan' is hidden in Excel "
            "and is not read") in loaded.notes


# --------------------------------------------------------------------------- F9

SCI_IDS = CORPUS / "qa5-csv-sci-ids"


@pytest.mark.parametrize(("typed", "shared"), [
    ("1,67101E+09", True),   # Indonesian locale (was: 'must not contain ... commas')
    ("1.67101E+09", True),   # English locale (was: duplicate ids)
    ("1.671011E+09", False),  # one row only: an id Excel cut all the same
])
def test_codes_in_excels_scientific_notation_are_refused_as_that(tmp_path: Path, typed: str,
                                                                  shared: bool):
    folder = tmp_path / "f"
    shutil.copytree(SCI_IDS, folder)
    areas = folder / "kelurahan.csv"
    lines = areas.read_text(encoding="utf-8").splitlines()
    if shared:
        lines = [line.replace("1,67101E+09", typed) for line in lines]
    else:  # every row its own code, but for the second row's
        lines = [lines[0]] + [line.replace("1,67101E+09", f"16.71.0{i:02d}.1001")
                              for i, line in enumerate(lines[1:])]
        lines[2] = lines[2].replace("16.71.001.1001", typed)
    areas.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [(where, message, fix)] = _refused(folder)
    assert where.startswith("kelurahan.csv")
    assert "Excel turned into a number in scientific notation" in message
    assert ("rows now share one id" in message) == shared
    assert fix.startswith("format the column as Text")


# --------------------------------------------------------------------------- F10

def test_thousands_grouped_by_spaces_read_as_the_numbers_typed_plainly(tmp_path: Path):
    """'14 639' (a space) and '1\u00a0411' (a no-break space) between groups of three
    digits have one reading: the same instance as the cells typed 14639 and 1411."""
    import openpyxl

    spaced = CORPUS / "qa5-space-thousands.xlsx"
    book = openpyxl.load_workbook(spaced)
    cells = [c for ws in book for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and ("\u00a0" in c.value or " " in c.value)
             and c.value.replace(" ", "").replace("\u00a0", "").isdigit()]
    assert [c.value for c in cells] == ["14 639", "1\u00a0411"]
    for c in cells:
        c.value = int(c.value.replace(" ", "").replace("\u00a0", ""))
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    one, other = read_instance(spaced).instance, read_instance(plain).instance
    assert one.model_copy(update={"name": ""}) == other.model_copy(update={"name": ""})


@pytest.mark.parametrize(("typed", "value"), [
    ("1 234 567", 1234567), ("2\u202f000", 2000), ("3\u2009500", 3500), ("-1 000", -1000)])
def test_spaces_between_three_digit_groups_are_thousands(typed: str, value: int):
    import pandas as pd

    from optimizer.io import numbers

    for locale in ("id", "en", None):
        parsed = numbers.parse(pd.Series([typed, "7"], dtype="string"), locale, count=True,
                               stated=locale is not None)
        assert parsed.values == [value, 7]


@pytest.mark.parametrize("typed", ["65 37", "1 4639", "12  345", "1 23 456"])
def test_a_space_that_groups_no_thousands_is_refused_saying_to_remove_it(tmp_path: Path,
                                                                        typed: str):
    folder = tmp_path / "f"
    shutil.copytree(CORPUS / "qa5-space-not-thousands", folder)
    areas = folder / "areas.csv"
    areas.write_text(areas.read_text(encoding="utf-8").replace("65 37", typed),
                     encoding="utf-8")
    [(where, message, fix)] = _refused(folder)
    assert where == "areas.csv row 3, column population"
    digits = typed.replace(" ", "")
    assert message == f"must be a whole number, got '{typed}'"
    assert fix.startswith(f"remove the space: type {digits} ")
