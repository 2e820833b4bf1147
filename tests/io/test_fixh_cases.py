"""Faults of tester qa7 (helper fixH): a CSV quote never closed, named at its file line."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer import InvalidInput, load
from optimizer.io import headers
from optimizer.io.sheets import _unclosed_quote

CLEAN = Path(__file__).parents[1] / "data" / "spreadsheets" / "clean"


def test_unclosed_quote_is_found_at_its_line_and_field():
    text = ('a;b;c\n1;"x ""y"" z";3\n2;"two\nlines";4\n3; "open;5\n4;w;6\n')
    assert _unclosed_quote(text, ";", 0) == (5, 1, '"open;5')


def test_closed_quotes_are_no_fault():
    text = 'a,b\n1,"x, ""quoted"""\n2,"over\ntwo lines"\n3,in"side\n'
    assert _unclosed_quote(text, ",", 0) is None


@pytest.mark.parametrize("line", [2, 5])
def test_the_refusal_names_the_file_line_of_the_quote(tmp_path: Path, line: int):
    for f in CLEAN.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    areas = (tmp_path / "areas.csv").read_text(encoding="utf-8").split("\n")
    area, rest = areas[line - 1].split(",", 1)
    areas[line - 1] = f'{area},"{rest}'
    (tmp_path / "areas.csv").write_text("\n".join(areas), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load(tmp_path)
    text = str(caught.value)
    assert f"areas.csv row {line}, column name: a double quote opens a field on line {line}" \
        in text, text
    assert [p.fix for p in caught.value.problems] == [
        f"close the quote at the end of the field on line {line}, or remove it (a field needs "
        "quotes only when it holds the separator)"]


@pytest.mark.parametrize(("table", "header", "field"), [
    ("areas", "Pemula 2026", "first_time"),
    ("areas", "Pemula Tahun 2026", "first_time"),
    ("areas", "Pemula Thn. 2026", "first_time"),
    ("areas", "Pemula s.d. 30/11/2026 (jiwa)", "first_time"),
    ("areas", "Pemula Bulan November 2026", "first_time"),
    ("areas", "Pemula Nov'26", "first_time"),
    ("areas", "Penggantian Bln Nov 2026", "replacement"),
    ("sites", "Stok Tersedia per 30/11", "stock"),
    ("sites", "Stok 2026 (lembar)", "stock"),
    ("areas", "Kec", "district_id"),
    ("areas", "Nama Kel", "name"),
    ("sites", "Nama Kec", "district_id"),
    ("districts", "Nama Kec", "name"),
])
def test_dated_and_shortened_headers_are_read(table: str, header: str, field: str):
    cols = headers.resolve(table, [header], ("first_time", "replacement"))
    assert {**cols.fields, **cols.tiers}.get(field) == 0, cols


@pytest.mark.parametrize("header", ["Kode 16.71", "Kecamatan 167101", "Stok Bulan Ini",
                                    "Stok Awal per 1 Nov 2026", "Stok Akhir Nov 2026"])
def test_no_date_is_read_where_none_is_or_a_period_is_meant(header: str):
    cols = headers.resolve("sites", [header])
    assert "stock" not in cols.fields


def test_a_tiers_table_in_bahasa_reads_the_english_backlog_columns():
    cols = headers.resolve("areas", ["area_id", "district_id", "lat", "lon", "first_time",
                                     "replacement"], ("Penggantian", "Pemula"))
    assert cols.tiers == {"Pemula": 4, "Penggantian": 5} and cols.errors == []
    # Declared beside the default it names, the default's column is its own.
    both = headers.resolve("areas", ["area_id", "district_id", "lat", "lon", "first_time",
                                     "pemula"], ("first_time", "pemula"))
    assert both.tiers == {"first_time": 4, "pemula": 5}
