"""Tester qa5's good files refused (F4-F6): kecamatan written with the word 'Kec.' before
their name, a row of units under the header, and the header repeated mid-table. Each is
read as the same file without it (the same instance), with a note naming what was not
read; what could change a plan (a unit that is not the column's, a name that is two
kecamatan's) is still refused at its row and column.

The workbooks are tester qa5's (tests/data/spreadsheets/qa5-*.xlsx); the CSV cases are
tests/data/tiny/ with the row added, made here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.i18n.notes import notes_text
from optimizer.i18n.problems import localize_problems
from optimizer.io.files import read_instance
from optimizer.schema import InvalidInput

DATA = Path(__file__).parents[1] / "data"
CORPUS = DATA / "spreadsheets"
runner = CliRunner()


def _without_row(book: Path, sheet: str, row: int, out: Path) -> Path:
    wb = openpyxl.load_workbook(book)
    wb[sheet].delete_rows(row)
    wb.save(out)
    return out


def _tiny(tmp_path: Path, areas: str | None = None, sites: str | None = None) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA / "tiny", folder)
    for name, text in (("areas.csv", areas), ("sites.csv", sites)):
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def _insert(path: Path, after: int, line: str) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join([*lines[:after], line, *lines[after:]]) + "\n"


def _refusal(path: Path, lang: str = "en") -> str:
    with pytest.raises(InvalidInput) as caught:
        read_instance(path)
    return "\n".join(f"{p.location}: {p.message} | {p.fix}"
                     for p in localize_problems(caught.value.problems, lang))


# ------------------------------------------------------------------ F5 a units row


def test_units_row_is_skipped_and_the_rest_read_as_without_it(tmp_path: Path):
    book = CORPUS / "qa5-units-row.xlsx"
    loaded = read_instance(book)
    plain = read_instance(_without_row(book, "areas", 2, tmp_path / "plain.xlsx"))
    assert loaded.instance.model_dump() == plain.instance.model_dump() | {
        "name": loaded.instance.name}
    note = ("qa5-units-row.xlsx[areas]: row 2 holds units ('(derajat)', '(derajat)', "
            "'(jiwa)', '(orang)', '(orang)'), not a row of data: skipped")
    assert note in loaded.notes
    assert ("qa5-units-row.xlsx[areas]: baris 2 berisi satuan ('(derajat)', '(derajat)', "
            "'(jiwa)', '(orang)', '(orang)'), bukan baris data: dilewati"
            in notes_text(loaded.notes, "id"))


def test_units_row_in_a_csv_with_unit_words(tmp_path: Path):
    """Units written without brackets ('orang') and in square brackets, in a CSV."""
    areas = _insert(DATA / "tiny" / "areas.csv", 1, ",,,[derajat],[derajat],jiwa,orang,orang")
    loaded = read_instance(_tiny(tmp_path, areas=areas))
    assert loaded.instance.areas == read_instance(DATA / "tiny").instance.areas
    assert any("areas.csv: row 2 holds units" in n for n in loaded.notes), loaded.notes
    # (the rows keep their file numbers: a bad cell below is named at its own row)
    broken = areas.replace("A2,Area two,K1,-3.01,104.76,800,200,40",
                           "A2,Area two,K1,-3.01,104.76,800,banyak,40")
    assert "areas.csv row 4, column first_time" in _refusal(_tiny(tmp_path / "b", areas=broken))


def test_a_unit_that_is_not_the_columns_is_refused_at_its_row(tmp_path: Path):
    """'(dus)' under the stock: boxes read as cards would be a wrong plan, so the units
    row is checked as a header's unit is, not skipped silently."""
    sites = _insert(DATA / "tiny" / "sites.csv", 1, ",,,(derajat),(derajat),(unit),"
                    "(kartu/hari),(hari),(dus),(lembar)")
    text = _refusal(_tiny(tmp_path, sites=sites))
    assert ("sites.csv row 2, column stock: has the unit 'dus', but stock must be a number of "
            "cards (lembar, keping) | convert the column's values to that unit, then delete "
            "row 2 (a row of units is not read)") in text, text
    assert "cards_per_printer_day" not in text and "storage_cap" not in text
    indonesian = _refusal(_tiny(tmp_path / "id", sites=sites), "id")
    assert "hapus baris 2 (baris satuan tidak dibaca)" in indonesian, indonesian


@pytest.mark.parametrize("line", [
    ",,,(derajat),(derajat),1000,(orang),(orang)",  # a number: may be data
    "A9,,,(derajat),(derajat),(jiwa),(orang),(orang)",  # an id
    ",,,,,,(orang),",  # one cell only: a note, not a row of units
    ",,,utara,timur,,,",  # words a header's bracket may hold, but names too: no units row
])
def test_a_row_that_is_not_all_units_is_not_skipped(tmp_path: Path, line: str):
    areas = _insert(DATA / "tiny" / "areas.csv", 1, line)
    assert "areas.csv row 2" in _refusal(_tiny(tmp_path, areas=areas))


def test_column_numbers_are_no_units(tmp_path: Path):
    """'(1)', '(2)', ... under the header are Excel's column numbers: refused as before."""
    areas = _insert(DATA / "tiny" / "areas.csv", 1, "(1),(2),(3),(4),(5),(6),(7),(8)")
    assert "holds the numbers of the columns" in _refusal(_tiny(tmp_path, areas=areas))


# ------------------------------------------------------------------ F6 a repeated header


def test_repeated_header_is_skipped_and_the_rest_read_as_without_it(tmp_path: Path):
    book = CORPUS / "qa5-repeated-header.xlsx"
    loaded = read_instance(book)
    plain = read_instance(_without_row(book, "areas", 10, tmp_path / "plain.xlsx"))
    assert loaded.instance.model_dump() == plain.instance.model_dump() | {
        "name": loaded.instance.name}
    assert ("qa5-repeated-header.xlsx[areas]: 1 row(s) repeat the header (rows 10), not rows "
            "of data: skipped") in loaded.notes
    assert any("1 baris mengulang judul kolom (baris 10)" in n
               for n in notes_text(loaded.notes, "id"))


def test_repeated_header_in_a_csv_in_other_letter_case(tmp_path: Path):
    areas = _insert(DATA / "tiny" / "areas.csv", 2,
                    "AREA_ID, Name ,district_id,LAT,lon,population,first_time,Replacement")
    sites = _insert(DATA / "tiny" / "sites.csv", 3, (DATA / "tiny" / "sites.csv")
                    .read_text(encoding="utf-8").splitlines()[0])
    loaded = read_instance(_tiny(tmp_path, areas=areas, sites=sites))
    tiny = read_instance(DATA / "tiny").instance
    assert loaded.instance.areas == tiny.areas and loaded.instance.sites == tiny.sites
    assert "areas.csv: 1 row(s) repeat the header (rows 3), not rows of data: skipped" \
        in loaded.notes
    assert "sites.csv: 1 row(s) repeat the header (rows 4), not rows of data: skipped" \
        in loaded.notes


def test_a_row_like_the_header_but_not_it_is_still_refused(tmp_path: Path):
    """A row with the header's cells but one (a half-pasted header, a header with a
    count in it) is not skipped: it is refused at its row as before."""
    areas = _insert(DATA / "tiny" / "areas.csv", 2,
                    "area_id,name,district_id,lat,lon,population,first_time,100")
    assert "areas.csv row 3" in _refusal(_tiny(tmp_path, areas=areas))


# ------------------------------------------------------------------ F4 'Kec.' before a name


def _districts_by_name(tmp_path: Path, written: dict[str, str]) -> Path:
    """tiny/ with the areas' kecamatan written as `written` (code -> as written)."""
    lines = (DATA / "tiny" / "areas.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[2] = written[cells[2]]
        out.append(",".join(cells))
    return _tiny(tmp_path, areas="\n".join(out) + "\n")


def test_kecamatan_prefix_names_read_as_the_plain_names(tmp_path: Path):
    book = CORPUS / "qa5-kec-prefix-names.xlsx"
    loaded = read_instance(book)
    wb = openpyxl.load_workbook(book)
    for (cell,) in wb["areas"].iter_rows(min_row=2, min_col=3, max_col=3):
        cell.value = cell.value.removeprefix("Kec. ")
    wb.save(tmp_path / "plain.xlsx")
    plain = read_instance(tmp_path / "plain.xlsx")
    assert [a.district_id for a in loaded.instance.areas] == \
        [a.district_id for a in plain.instance.areas]
    assert {a.district_id for a in loaded.instance.areas} == {"16.71.01", "16.71.02", "16.71.03"}
    assert any("the word before the kecamatan names ('Kec.', as in 'Kec. Ilir Barat II') is "
               "not read" in n for n in loaded.notes), loaded.notes
    assert any("kata sebelum nama kecamatan" in n for n in notes_text(loaded.notes, "id"))


@pytest.mark.parametrize("one,two", [
    ("KECAMATAN District one", "kec district two"),
    ("Kec.District one", "Kecamatan  District two"),
    ("kec. K1", "Kec K2"),  # the code after the word
])
def test_every_spelling_of_the_word(tmp_path: Path, one: str, two: str):
    loaded = read_instance(_districts_by_name(tmp_path, {"K1": one, "K2": two}))
    assert [a.district_id for a in loaded.instance.areas] == ["K1", "K1", "K2"]


def test_a_name_after_the_word_that_is_two_kecamatan_is_refused(tmp_path: Path):
    """'Kec. Sako' where two kecamatan are named Sako: either code would be a guess."""
    folder = _districts_by_name(tmp_path, {"K1": "Kec. Sako", "K2": "K2"})
    (folder / "districts.csv").write_text("district_id,name\nK1,Sako\nK2,Sako\n",
                                          encoding="utf-8")
    assert "names more than one kecamatan" in _refusal(folder)


def test_a_word_that_is_no_prefix_is_not_cut(tmp_path: Path):
    """'Kecubung' is a name of its own, not 'Kec' + 'ubung'; an unknown name stays refused."""
    folder = _districts_by_name(tmp_path, {"K1": "Kecubung", "K2": "K2"})
    (folder / "districts.csv").write_text("district_id,name\nK1,ubung\nK2,District two\n",
                                          encoding="utf-8")
    assert "is neither a code nor a name" in _refusal(folder)


def test_a_prefixed_name_beside_the_code_is_compared_with_it(tmp_path: Path):
    """A 'Kecamatan' name column beside 'Kode Kecamatan': 'Kec. District two' in a row
    whose code is K1 is refused (it was read as a spelling of its own, not compared)."""
    areas = ("area_id,name,district_id,Kecamatan,lat,lon,population,first_time,replacement\n"
             "A1,Area one,K1,Kec. District one,-3.0,104.75,1000,300,50\n"
             "A2,Area two,K1,Kec. District two,-3.01,104.76,800,200,40\n"
             "A3,Area three,K2,Kec. District two,-3.0,104.80,1500,500,100\n")
    text = _refusal(_tiny(tmp_path, areas=areas))
    assert "areas.csv row 3, column Kecamatan" in text, text


def test_the_corpus_files_plan_in_both_languages(tmp_path: Path):
    for name in ("qa5-kec-prefix-names.xlsx", "qa5-units-row.xlsx", "qa5-repeated-header.xlsx"):
        for lang in ("en", "id"):
            result = runner.invoke(app, ["plan", "--data", str(CORPUS / name), "--blanks",
                                         "6000", "--quiet", "--lang", lang])
            assert result.exit_code == 0, result.output


def test_a_kecamatan_table_with_the_word_before_its_names_is_found_by_the_bare_names(
        tmp_path: Path) -> None:
    """Tester qa6: the kecamatan table named 'Kecamatan Ilir Barat II' and the areas
    'Ilir Barat II': every area was refused ("neither a code nor a name"). Each area is
    now in the kecamatan of the clean case's code; a bare name two kecamatan answer to
    is still refused."""
    read = read_instance(CORPUS / "qa6-kecamatan-table-prefixed")
    clean = read_instance(CORPUS / "clean")
    assert [a.district_id for a in read.instance.areas] == \
        [a.district_id for a in clean.instance.areas]
    folder = tmp_path / "two"
    shutil.copytree(CORPUS / "qa6-kecamatan-table-prefixed", folder)
    text = (folder / "districts.csv").read_text(encoding="utf-8")
    # A second kecamatan whose own name is the first's bare name: 'Ilir Barat II' is two.
    (folder / "districts.csv").write_text(text.rstrip("\n") + "\n16.71.99,Ilir Barat II\n",
                                          encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        read_instance(folder)
    assert "names more than one kecamatan" in str(refused.value.problems)
