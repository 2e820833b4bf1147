"""Headers as people type them and numbers in both locales (units of the loader)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from optimizer.io import headers, numbers

README = Path(__file__).parents[2] / "docs" / "spreadsheets.md"


@pytest.mark.parametrize(("typed", "normal"), [
    ("  Kode Kelurahan ", "kode_kelurahan"), ("First-Time", "first_time"),
    ("Jarak (km)", "jarak_km"), ("WAJIB KTP", "wajib_ktp"), ("No.", "no"),
    ("Kapasitas per Printer / Hari", "kapasitas_per_printer_hari"), ("Lintang\u00a0", "lintang"),
])
def test_headers_are_normalized(typed: str, normal: str):
    assert headers.normalize(typed) == normal


def test_indonesian_headers_are_read_as_fields_and_said_so():
    cols = headers.resolve("areas", ["Kode Kelurahan", "Kelurahan", "Kecamatan", "Lintang",
                                     "Bujur", "Wajib KTP", "Penggantian", "Pemula", "Jumlah"],
                           ("first_time", "replacement"))
    assert cols.fields == {"area_id": 0, "name": 1, "district_id": 2, "lat": 3, "lon": 4,
                           "population": 5}
    assert cols.tiers == {"replacement": 6, "first_time": 7}
    assert ("Wajib KTP", "population") in cols.renamed
    assert cols.ignored == [("Jumlah", "a total (jumlah), not a tier")]
    assert cols.errors == []


def test_a_code_column_wins_over_a_name_column_for_the_same_field():
    cols = headers.resolve("areas", ["area_id", "Kecamatan", "kode_kecamatan", "lat", "lon",
                                     "first_time", "replacement"], ("first_time", "replacement"))
    assert cols.fields["district_id"] == 2
    assert ("Kecamatan", "district_id is read from 'kode_kecamatan'") in cols.ignored


def test_a_header_given_twice_and_a_typo_are_errors():
    cols = headers.resolve("sites", ["site_id", "site_id", "district_id", "lat", "lon",
                                     "printers", "cards_per_printer_day", "working_days",
                                     "stokk"])
    messages = [m for _, m, _ in cols.errors]
    assert messages[0].startswith("appears twice (columns 1 and 2)")
    assert "is not a known column; did you mean stock?" in messages


def test_undeclared_tiers_are_never_taken_from_columns():
    cols = headers.resolve("areas", ["area_id", "district_id", "lat", "lon", "urgent",
                                     "first_time"], ("first_time", "replacement"))
    assert cols.tiers == {"first_time": 5}
    assert cols.ignored[0][0] == "urgent"
    assert [(h, m) for h, m, _ in cols.errors] == [
        ("replacement", "(backlog of tier replacement) is required but missing")]


def test_sheet_names_in_any_case_or_indonesian():
    assert [headers.table_of(n) for n in ("Sites", "KANTOR", "kelurahan", "Kecamatan",
                                          "Jarak", "Catatan")] == [
        "sites", "sites", "areas", "districts", "distances", None]


def test_a_copys_name_stands_for_the_table_of_the_original_when_that_is_missing():
    """Tester qa7: 'kantor (2).csv' and 'kelurahan (1).csv' (a download saved again) were
    no table. A copy's suffix or prefix is dropped when no file has the table's own name;
    beside 'kelurahan.csv' the copy is no table by its name (it is compared as an updated
    copy, files._updated_copies), and two copies of one table are no table either."""
    names = ("kelurahan (1)", "Data Kantor (12)", "kantor - Copy", "Kantor - Salinan (2)",
             "Copy of kelurahan", "Salinan dari jarak", "kecamatan(3)")
    assert [headers.copy_table_of(n) for n in names] == [
        "areas", "sites", "sites", "sites", "areas", "distances", "districts"]
    assert [headers.table_of(n) for n in names] == [None] * len(names)
    # What is left must be a table's name: 'Salinan' alone, 'Catatan (1)', two suffixes.
    assert [headers.copy_table_of(n) for n in ("Salinan", "Catatan (1)", "sites (1) (2)",
                                               "kantor (1234)", "kantor")] == [None] * 5
    from optimizer.io.files import folder_tables

    found, _ = folder_tables(["kantor (2).csv", "kelurahan (1).csv", "districts.csv"], "up")
    assert found == {"sites": "kantor (2).csv", "areas": "kelurahan (1).csv",
                     "districts": "districts.csv"}
    found, notes = folder_tables(["kelurahan.csv", "kelurahan (1).csv", "kantor.csv"], "up")
    assert found == {"areas": "kelurahan.csv", "sites": "kantor.csv"}
    assert any(n.startswith("kelurahan (1).csv: not read") for n in notes)
    found, _ = folder_tables(["kelurahan (1).csv", "kelurahan (2).csv", "kantor.csv"], "up")
    assert found == {"sites": "kantor.csv"}


def test_the_readme_lists_the_alias_table_as_the_code_has_it():
    assert headers.alias_markdown() in README.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- numbers


def parse(cells: list[str], locale: numbers.Locale | None, count: bool = True,
          stated: bool = False) -> numbers.Parsed:
    return numbers.parse(pd.Series(cells, dtype="str"), locale, count=count, stated=stated)


@given(st.integers(0, 10**12))
def test_counts_written_either_way_read_back_in_their_locale(n: int):
    indonesian, english = f"{n:,}".replace(",", "."), f"{n:,}"
    assert parse([indonesian], "id").values == [n]
    assert parse([english], "en", stated=True).values == [n]


@given(st.floats(-180, 180, allow_nan=False).map(lambda x: round(x, 5)))
def test_coordinates_written_either_way_read_back_in_their_locale(x: float):
    text = f"{x:.5f}"
    assert parse([text.replace(".", ",")], "id", count=False).values == [float(text)]
    assert parse([text], "en", count=False).values == [float(text)]


@pytest.mark.parametrize("cell", ["2.000", "5,000", "-1.500", "999.999"])
def test_a_count_either_locale_could_read_is_ambiguous_unless_stated(cell: str):
    assert parse([cell], None).ambiguous.tolist() == [True]
    assert parse([cell], "en").ambiguous.tolist() == [True]  # shown, not stated
    assert parse([cell], "en", stated=True).ambiguous.tolist() == [False]
    assert parse([cell], "id").ambiguous.tolist() == [False]


def test_evidence_decides_the_locale_and_both_is_a_conflict():
    evidence = numbers.Evidence([], [])
    evidence.add("sites.csv lat", ["-2,99562", "12"])
    assert numbers.decide(None, evidence, [])[0] == "id"
    evidence.add("areas.csv lat", ["-3.00802"])
    locale, _, conflict = numbers.decide(None, evidence, [])
    assert locale is None and "'-2,99562'" in conflict and "'-3.00802'" in conflict
    assert numbers.decide("en", evidence, [])[0] == "en"
    assert numbers.decide(None, numbers.Evidence([], []), ["sites.csv"])[0] == "id"
    assert numbers.decide(None, numbers.Evidence([], []), [])[0] is None


def test_no_value_cells_are_the_same_in_csv_and_workbook():
    text = parse(["", "N/A", "na", "-", "#N/A", "7"], None)
    # (#N/A is Excel's error value of a failed formula, not "no value": refused)
    assert text.missing.tolist() == [True] * 4 + [False, False]
    assert text.errors == [4]
    typed = numbers.parse(pd.Series([None, "N/A", 7.0], dtype=object), None, count=True,
                          stated=False)
    assert typed.missing.tolist() == [True, True, False] and typed.values[2] == 7
