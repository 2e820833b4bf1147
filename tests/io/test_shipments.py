"""`--shipments` files as a tester saved them from Excel (tests/data/shipments): each is
read as exactly what it says, or refused naming file, row and column with a fix."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from optimizer.i18n.problems import localize_problems
from optimizer.io.shipments import read_shipments
from optimizer.schema import InvalidInput

CORPUS = Path(__file__).parent.parent / "data" / "shipments"

# file -> the pins it means (the cells as a planner reads them).
READ = {
    "bad1.csv": {"S1": 1000, "S2": 25},  # ';' file: Indonesian, 1.000 is a thousand; ';' row
    "bad2.csv": {"S1": 60},             # ';' file, 60,0 is sixty
    "bad4.csv": {"S9": 5},              # an unknown site is the engine's to refuse
    "bad5.csv": {"S1": 500},
    "bad6.csv": {"S1": 60},             # kode_kantor;jumlah_blanko and a cleared ';;' row
    "c1.csv": {"S1": 60},               # BOM, CRLF, a cleared ',' row and a blank line
    "c3.csv": {"S1": 60},               # "60,0" has one reading (comma decimal): sixty
    "c4.csv": {"S1": 60},               # tab separated
    "c5.csv": {"S1": 60},               # Site_ID,Blanks
    "c6.csv": {"S1": 60},               # 60.0
    "c7.csv": {"S1": 60},               # ' S1 ' stripped
    "c8.csv": {"S1": 60},               # blank lines at the end
    "c9.csv": {"S1": 60},               # a remarks column, ignored with a note
    "c10.csv": {"S1": 60},              # kode_kantor,blangko
    "c12.csv": {"S1": 60},              # UTF-16 (Excel "Unicode text")
    "pins-strand.csv": {"S1": 30},      # plain; the pin strands blanks (test_plan_messages)
    # qa5: a pin on 'kec-16.71.01' (the sites hold KEC-16.71.01): read as written; the
    # evaluation names the site it may mean (tests/test_cli_evaluate.py)
    "qa5-pins-case.csv": {"kec-16.71.01": 2000},
    # qa8: notes below the shipments ('Sumber: ...', a signature block in the first or the
    # second column) were refused as offices: skipped with a note, as in --data files
    "qa8-notes-sumber.csv": {"KEC-16.71.01": 1500, "KEC-16.71.02": 2000, "KEC-16.71.03": 1250},
    "qa8-signature-semicolon.csv": {"KEC-16.71.01": 1500, "KEC-16.71.02": 2000},
    "qa8-signature-second-column.csv": {"KEC-16.71.01": 1500, "KEC-16.71.02": 2000},
    # qa9: a hidden row is read, with the --data reader's note (tests/io/test_qa9_workbooks.py)
    "qa9-hidden-row.xlsx": {"KEC-16.71.15": 1500, "KEC-16.71.07": 2000},
}

# qa10c: a plan's Kantor sheet saved as plain `site_id,blanks` (500 blanks moved between
# two offices; every shipment cut by 10 %): read as written (tests/test_cli_qa10.py).
READ.update({name: {row["site_id"]: int(row["blanks"]) for row in
                    csv.DictReader((CORPUS / name).read_text(encoding="utf-8").splitlines())}
             for name in ("qa10-moved-500.csv", "qa10-pins-90-percent.csv")})

# file -> (location, start of the message, start of the fix) of its one problem.
TOTALS_FIX = "delete it: every row must be one office's shipment"
REFUSED = {
    "bad3.csv": ("bad3.csv row 2, column blanks", "must be >= 0, got '-5'", "correct"),
    "bad7.csv": ("bad7.csv row 3, column site_id", "duplicate id 'S1' (first in row 2)",
                 "give every row"),
    "c2.csv": ("c2.csv row 2, column blanks", "could be read two ways", "state the locale"),
    "c11.csv": ("c11.csv row 2, column blanks", "must be a whole number, got '6²'",
                "type whole numbers"),
    # qa7: the sheet's totals row (JUMLAH under the offices; a title above and Total
    # below a blank line) was "unknown site 'JUMLAH'; use the site ids".
    "qa7-jumlah-row.csv": ("qa7-jumlah-row.csv row 3, column site_id",
                           "this looks like a totals row, got 'JUMLAH'", TOTALS_FIX),
    "qa7-title-total.csv": ("qa7-title-total.csv row 7, column site_id",
                            "this looks like a totals row, got 'Total'", TOTALS_FIX),
    # qa8: 'Jumlah' typed in the name column beside a blank id was "must not be empty;
    # fill in the id"
    "qa8-jumlah-in-name-column.csv": ("qa8-jumlah-in-name-column.csv row 4, column "
                                      "kode_kantor (site_id)",
                                      "this looks like a totals row, got 'Jumlah'", TOTALS_FIX),
    # qa9: a hidden 'Alokasi' column was pinned with no word; a blanks cell merged over two
    # offices' rows was "empty" (tests/io/test_qa9_workbooks.py)
    "qa9-hidden-column.xlsx": ("qa9-hidden-column.xlsx[alokasi], column B (Alokasi (lembar))",
                               "column B 'Alokasi (lembar)' is hidden in Excel and would be "
                               "read as blanks", "unhide column B"),
    "qa9-merged.xlsx": ("qa9-merged.xlsx[alokasi], column Alokasi",
                        "has merged cells (B3:B4)", "unmerge the cells"),
    # qa10: rows a remark says are not sent ('Batal') were pinned all the same
    # (tests/io/test_qa10_faults.py)
    "qa10-cancelled-rows.csv": ("qa10-cancelled-rows.csv, column Keterangan",
                                "says a shipment is not sent in row(s) 4, 5 ('Batal')",
                                "delete the rows of shipments not sent"),
}
# qa9: a date and a percentage (two problems: tests/io/test_qa9_workbooks.py)
TWO = {"qa9-date-percent.xlsx"}


def test_the_corpus_is_covered_whole():
    assert {p.name for p in CORPUS.iterdir()} == set(READ) | set(REFUSED) | TWO


@pytest.mark.parametrize("name", sorted(READ))
def test_each_file_reads_what_it_means(name: str):
    assert read_shipments(CORPUS / name).pins == READ[name]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_bad_file_is_refused_located_with_a_fix(name: str):
    with pytest.raises(InvalidInput) as caught:
        read_shipments(CORPUS / name)
    [problem] = caught.value.problems
    location, message, fix = REFUSED[name]
    assert problem.location == location
    assert problem.message.startswith(message)
    assert problem.fix.startswith(fix)


def test_notes_say_how_the_file_was_read():
    notes = read_shipments(CORPUS / "bad6.csv").notes
    assert "bad6.csv: fields separated by ';'" in notes
    assert "bad6.csv: read 'kode_kantor' as site_id, 'jumlah_blanko' as blanks" in notes
    assert "c9.csv: column 'keterangan' ignored (not a known column)" in read_shipments(
        CORPUS / "c9.csv").notes


def test_notes_below_the_shipments_are_named_when_skipped():
    notes = read_shipments(CORPUS / "qa8-signature-second-column.csv").notes
    assert ("qa8-signature-second-column.csv: 3 row(s) below the table are notes, not data "
            "(rows 5, 6, 7, from 'Palembang, 30 November 2026'): skipped") in notes
    assert any("from 'Sumber: Disdukcapil'" in n
               for n in read_shipments(CORPUS / "qa8-notes-sumber.csv").notes)


def test_a_stated_locale_decides_an_ambiguous_count():
    # 1.000: a thousand in Indonesian; refused unstated (c2.csv above).
    assert read_shipments(CORPUS / "c2.csv", "id").pins == {"S1": 1000}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_count_with_three_zeros_behind_the_decimal_mark_is_refused(lang: str):
    # 1.000 with --locale en was read as 1 blank (qa3 item 2): nobody writes 1 so; it is a
    # thousand grouped the Indonesian way. Refused, in either language, with both readings.
    with pytest.raises(InvalidInput) as caught:
        read_shipments(CORPUS / "c2.csv", "en")
    [problem] = localize_problems(caught.value.problems, lang)
    assert problem.location == ("c2.csv row 2, column blanks" if lang == "en" else
                                "c2.csv baris 2, kolom blanks")
    if lang == "en":
        assert problem.message == (
            "is 1 as read in the English locale (a decimal point with three zeros behind "
            "it), but no count is written so: it looks like 1000 with an Indonesian "
            "thousands dot, got '1.000'")
        assert problem.fix == "type 1000 (without separators), or 1 if that is meant"
    else:
        assert problem.message.startswith("bernilai 1 bila dibaca dalam format angka Inggris")
        assert problem.fix == "ketik 1000 (tanpa pemisah), atau 1 bila memang itu yang dimaksud"


def test_a_row_with_data_beyond_the_header_is_refused_not_shifted(tmp_path: Path):
    (tmp_path / "p.csv").write_text("site_id;blanks\nS1;60\nS2;5;7\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="row 3 has 3 fields, the header 2: the fields "
                                           "beyond the header hold '7'"):
        read_shipments(tmp_path / "p.csv")


@pytest.mark.parametrize(("text", "location", "message"), [
    ("site_id,blanks\nS1,\n", "p.csv row 2, column blanks", "is empty (blank, N/A or -)"),
    ("site_id,blanks\n,5\n", "p.csv row 2, column site_id", "must not be empty"),
    ("site_id,blanks\nS1,1000000000001\n", "p.csv row 2, column blanks",
     "must be <= 1,000,000,000,000, got '1000000000001'"),
    ("site_id,blanks\nS1,2.5\n", "p.csv row 2, column blanks",
     "must be a whole number, got '2.5'"),
    ("kantor,jumlah\nS1,5\n", "p.csv, column blanks", "is required but missing"),
])
def test_bad_cells_name_row_and_column(tmp_path: Path, text: str, location: str, message: str):
    (tmp_path / "p.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_shipments(tmp_path / "p.csv")
    assert [(p.location, p.message) for p in caught.value.problems] == [(location, message)]
    assert all(p.fix for p in caught.value.problems)


def test_a_workbook_reads_like_the_csv(tmp_path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Pengiriman"
    for row in (["Kode Kantor", "Jumlah Blangko"], [1001, 60], ["S2", 25.0]):
        sheet.append(row)
    book.save(tmp_path / "p.xlsx")
    assert read_shipments(tmp_path / "p.xlsx").pins == {"1001": 60, "S2": 25}


def test_every_refusal_is_known_to_the_catalog(tmp_path: Path):
    """Each refusal's message and fix change under --lang id (no English left over)."""
    (tmp_path / "p.csv").write_text("site_id,blanks\nS1,\n,3\nS2,-1\nS3,x\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_shipments(tmp_path / "p.csv")
    problems = caught.value.problems
    for english, indonesian in zip(problems, localize_problems(problems, "id"), strict=True):
        assert english.message != indonesian.message and english.fix != indonesian.fix


def test_the_docs_list_every_shipment_alias():
    from optimizer.io.headers import SHIPMENT_ALIASES

    docs = (Path(__file__).parents[2] / "docs" / "spreadsheets.md").read_text(encoding="utf-8")
    for field, names in SHIPMENT_ALIASES.items():
        row = f"| `{field}` | " + ", ".join(f"`{a}`" for a in names[1:]) + " |"
        assert row in docs
