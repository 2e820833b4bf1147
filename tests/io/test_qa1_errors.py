"""Tester qa1's faults 9a-9g and 10b: bad input gets one clear error naming the file, the
row or the column, and what to change, in the user's language; what is read anyway
(merged kecamatan cells, a two-row header, rows hidden by a filter) is said in a note.

The files are the corpus's (tests/data/spreadsheets, made by make_corpus.qa1_errors;
the schedules in tests/data/schedules). Each is read through the loader
(`read_instance`, the problems rendered in Bahasa Indonesia as the CLI and the page do)
and through `blanko plan --data` in both languages; tests/io/test_corpus.py plans the
same files from the manifest.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.i18n.notes import notes_text
from optimizer.i18n.problems import localize_problems
from optimizer.io import headers
from optimizer.io.files import read_instance
from optimizer.schema import InvalidInput, Problem
from optimizer.studies.replay import parse_schedule_csv

DATA = Path(__file__).parents[1] / "data"
CORPUS = DATA / "spreadsheets"
SCHEDULES = DATA / "schedules"
runner = CliRunner()

# case -> (English fragments, Indonesian fragments) of the refusal, location included.
REFUSED = {
    "district-names-no-table": (
        ["kantor.csv, column Kecamatan (district_id): holds kecamatan names, not codes, in 5 "
         "rows from row 2 ('Ilir Barat II', 'Seberang Ulu I', 'Seberang Ulu II', ...), and "
         "there is no kecamatan table to read them by",
         "add a kecamatan table (kecamatan.csv, or a sheet named kecamatan, with the columns "
         "Kode Kecamatan and Nama Kecamatan), or write the kecamatan codes in this column"],
        ["kantor.csv, kolom Kecamatan (district_id): memuat nama kecamatan, bukan kode, di 5 "
         "baris mulai baris 2 ('Ilir Barat II', 'Seberang Ulu I', 'Seberang Ulu II', ...), "
         "dan tidak ada tabel kecamatan untuk membacanya",
         "tambahkan tabel kecamatan (kecamatan.csv, atau sheet bernama kecamatan"]),
    "district-words-case-no-table": (
        ["sites.csv, column district_id: the kecamatan 'Sako' (sites.csv: 4; areas.csv: 14, "
         "16, 18, 20), 'SAKO' (areas.csv: 15, 17, 19) (file: rows) differ only in letter "
         "case: one kecamatan or two cannot be told",
         "write each kecamatan the same way in every row"],
        ["sites.csv, kolom district_id: kecamatan 'Sako' (sites.csv: 4; areas.csv: 14, 16, "
         "18, 20), 'SAKO' (areas.csv: 15, 17, 19) (berkas: baris) hanya berbeda huruf "
         "besar-kecilnya",
         "tulis setiap kecamatan dengan cara yang sama di setiap baris"]),
    "distances-jarak-meter": (
        ["jarak.csv, column Jarak Meter: has the unit 'Meter', but km must be road km",
         "convert the values from metres to km (divide by 1000: 2176 metres is 2.176 km) and "
         "head the column km"],
        ["jarak.csv, kolom Jarak Meter: bersatuan 'Meter', padahal km harus berupa km jalan",
         "ubah nilainya dari meter ke km (bagi dengan 1000: 2176 meter adalah 2,176 km)"]),
    "km-comma-read-english": (
        ["distances.csv, column km: 2 cells: is out of range as read in the English locale, "
         "where a comma groups thousands: the numbers look written in the Indonesian style "
         "(125 cells of the column hold such a comma, e.g. '2,176' read as 2176)",
         "if the file writes decimals with a comma (2,176), state --locale id"],
        ["distances.csv, kolom km: 2 sel: di luar rentang bila dibaca dalam format Inggris",
         "angkanya tampak ditulis dalam format Indonesia",
         "bila berkas menulis desimal dengan koma (2,176), nyatakan --locale id"]),
    "merged-backlog.xlsx": (
        ["merged-backlog.xlsx[Kelurahan], column Pemula: has merged cells (G5:G6): a merged "
         "cell holds one value, not one for each row it covers",
         "unmerge the cells (Merge & Center off) and write each row's value"],
        ["merged-backlog.xlsx[Kelurahan], kolom Pemula: memuat sel yang digabung (G5:G6)",
         "pisahkan sel yang digabung (matikan Merge & Center)"]),
}

# case -> (English note, Indonesian note) of a file read anyway, planned as the clean one.
NOTED = {
    "merged-kecamatan.xlsx": (
        "merged-kecamatan.xlsx[Kelurahan]: column 'Kecamatan' has merged cells (C4:C10, "
        "C11:C15, C16:C22, C23:C28), read as their value in every row they cover",
        "merged-kecamatan.xlsx[Kelurahan]: kolom 'Kecamatan' memuat sel yang digabung (C4:C10, "
        "C11:C15, C16:C22, C23:C28), dibaca sebagai nilainya di setiap baris yang "
        "ditutupinya"),
    "two-row-header.xlsx": (
        "two-row-header.xlsx[Kelurahan]: the header spans rows 3 and 4, read as one: "
        "'SIAP CETAK Pemula', 'SIAP CETAK Penggantian'",
        "two-row-header.xlsx[Kelurahan]: judul kolom menempati baris 3 dan 4, dibaca sebagai "
        "satu: 'SIAP CETAK Pemula', 'SIAP CETAK Penggantian'"),
    "filtered-rows.xlsx": (
        "filtered-rows.xlsx[Kelurahan]: 7 row(s) are hidden in Excel (a filter or hidden "
        "rows: 4, 5, 6, 7, 8, ...) and were read like the others; delete the rows that are "
        "not meant to be planned",
        "filtered-rows.xlsx[Kelurahan]: 7 baris disembunyikan di Excel (filter atau baris "
        "tersembunyi: 4, 5, 6, 7, 8, ...) dan tetap dibaca seperti baris lain"),
}


def _said(problems: Iterable[Problem]) -> str:
    return " ".join(" ".join(f"{p.location}: {p.message} fix: {p.fix}" for p in problems).split())


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_the_loader_refuses_with_file_column_and_fix_in_both_languages(case: str):
    with pytest.raises(InvalidInput) as raised:
        read_instance(CORPUS / case)
    problems = raised.value.problems
    english, indonesian = REFUSED[case]
    assert not any(p.location == "instance" for p in problems)
    said = _said(problems)
    for fragment in english:
        assert fragment in said, said
    said = _said(localize_problems(problems, "id"))
    for fragment in indonesian:
        assert fragment in said, said


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_blanko_plan_refuses_with_file_column_and_fix(case: str, lang: str):
    result = runner.invoke(app, ["plan", "--data", str(CORPUS / case), "--blanks", "6000",
                                 "--quiet", "--lang", lang])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    for fragment in REFUSED[case][lang == "id"]:
        assert fragment in output, output
    assert "instance:" not in output and "Traceback" not in output


@pytest.mark.parametrize(("header", "unit"), [("Jarak Meter", "Meter"), ("Jarak_m", "m"),
                                              ("Distance (m)", "m"),
                                              ("Jarak Tempuh (meter)", "meter")])
def test_a_distance_in_metres_is_never_renamed_to_km(header: str, unit: str):
    """9b: the fix converts; it never renames (a 1,000 x misread)."""
    found = headers.resolve("distances", ["Kode Kelurahan", "Kode Kantor", header])
    assert found.errors == [(header, f"has the unit '{unit}', but km must be road km",
                             headers.METRES_FIX)]
    assert "rename" not in headers.METRES_FIX


def test_a_metres_column_beside_a_km_column_is_only_noted():
    found = headers.resolve("distances", ["Kode Kelurahan", "Kode Kantor", "Jarak (km)",
                                          "Jarak Meter"])
    assert found.fields["km"] == 2 and not found.errors
    assert found.ignored == [("Jarak Meter", "km is read from 'Jarak (km)'")]


def test_the_first_refusal_of_a_misread_locale_is_the_misreading():
    """9g: the column read in the other locale comes before anything else refused."""
    with pytest.raises(InvalidInput) as raised:
        read_instance(CORPUS / "km-comma-read-english")
    assert "the numbers look written in the Indonesian style" in raised.value.problems[0].message


def test_single_word_names_without_a_kecamatan_table_are_ids():
    """9a: 'Sako' typed alike in every row is a clean id: planned, one kecamatan each."""
    loaded = read_instance(CORPUS / "district-words-no-table")
    assert sorted(d.district_id for d in loaded.instance.districts) == [
        "Kalidoni", "Kertapati", "Plaju", "Sako"]


@pytest.mark.parametrize("case", sorted(NOTED))
def test_the_loader_reads_what_the_office_means_and_says_so(case: str):
    clean = read_instance(CORPUS / "clean").instance
    loaded = read_instance(CORPUS / case)
    english, indonesian = NOTED[case]
    assert any(english in note for note in loaded.notes), loaded.notes
    assert any(indonesian in note for note in notes_text(loaded.notes, "id")), loaded.notes
    assert [a.model_dump() for a in loaded.instance.areas] == [
        a.model_dump() for a in clean.areas]
    assert [s.model_dump() for s in loaded.instance.sites] == [
        s.model_dump() for s in clean.sites]


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("case", sorted(NOTED))
def test_blanko_plan_reads_them_with_the_note(case: str, lang: str):
    result = runner.invoke(app, ["plan", "--data", str(CORPUS / case), "--blanks", "6000",
                                 "--quiet", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert NOTED[case][lang == "id"] in " ".join(result.output.split())


def test_a_header_row_below_data_like_text_is_no_second_header():
    """9d: the row under the header is data (numbers): never joined to the header."""
    loaded = read_instance(CORPUS / "merged-kecamatan.xlsx")
    assert not any("header spans" in n for n in loaded.notes)
    assert len(loaded.instance.areas) == 25


# --------------------------------------------------------------------------- 9f schedules

def test_a_schedule_with_indonesian_headers_is_read():
    schedule = parse_schedule_csv((SCHEDULES / "id-hari-blangko.csv").read_text(),
                                  "id-hari-blangko.csv")
    assert [(t.day, t.low) for t in schedule.tranches] == [(0, 10000), (20, 15000),
                                                           (40, 12000)]
    english = parse_schedule_csv("blanks,Day\n10000,0\n15000,20\n12000,40\n")
    assert english.tranches == schedule.tranches


@pytest.mark.parametrize("lang", ["en", "id"])
def test_blanko_plan_reads_a_schedule_headed_hari_blangko(lang: str):
    result = runner.invoke(app, ["plan", "--data", str(CORPUS / "clean"), "--blanks", "10000",
                                 "--schedule", str(SCHEDULES / "id-hari-blangko.csv"),
                                 "--quiet", "--lang", lang])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ["id-header-unknown.csv: the first line must name the columns day and blanks, got "
            "'hari;jumlah'", "fix: write the header day,blanks (or hari;blangko) on the first "
            "line, then one tranche a row"]),
    ("id", ["id-header-unknown.csv: baris pertama harus menamai kolom hari dan blangko, "
            "tertulis 'hari;jumlah'", "perbaikan: tulis judul hari;blangko (atau day,blanks) "
            "di baris pertama"])])
def test_a_schedule_header_not_known_is_refused_in_the_language(lang: str, said: list[str]):
    result = runner.invoke(app, ["plan", "--data", str(CORPUS / "clean"), "--blanks", "10000",
                                 "--schedule", str(SCHEDULES / "id-header-unknown.csv"),
                                 "--quiet", "--lang", lang])
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    for fragment in said:
        assert fragment in output, output


def test_a_schedule_cell_is_refused_at_its_row_and_column():
    with pytest.raises(InvalidInput) as raised:
        parse_schedule_csv("Hari;Blangko\n0;10000\n20;banyak\n", "jadwal.csv")
    assert raised.value.problems[0].location == "jadwal.csv row 3, column Blangko"


def test_many_kecamatan_in_two_letter_cases_are_said_in_four_lines(tmp_path: Path):
    """9a: every kecamatan typed two ways: three said with their rows, the rest in one line
    (not a wall of twenty), in both languages."""
    for name in ("sites.csv", "areas.csv"):
        text = (CORPUS / "district-words-no-table" / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        # Every other row of the areas in upper case: each kecamatan typed two ways.
        if name == "areas.csv":
            lines = [line if i % 2 or i == 0 else line.replace(",Kertapati,", ",KERTAPATI,")
                     .replace(",Plaju,", ",PLAJU,").replace(",Sako,", ",SAKO,")
                     .replace(",Kalidoni,", ",KALIDONI,") for i, line in enumerate(lines)]
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        read_instance(tmp_path)
    problems = raised.value.problems
    assert len(problems) == 4
    assert problems[-1].message == "1 more kecamatan are written in different letter case " \
                                   "('Kalidoni' / 'KALIDONI')"
    assert localize_problems(problems, "id")[-1].message == (
        "1 kecamatan lain ditulis dengan huruf besar-kecil yang berbeda ('Kalidoni' / "
        "'KALIDONI')")
