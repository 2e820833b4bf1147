"""Columns that were noted as ignored while they could change the plan.

1. 'KTP Baru' beside 'Pemula' (or 'first_time'): a second candidate for the first-time
   backlog (glossary: baru is a first-time applicant's new card), compared as 'Pemula
   Update' is: refused naming both columns when the values differ, noted when the same.
   Alone it is still not read (the missing tier's refusal names it: it may also count
   cards newly printed).
2. 'Stok Masuk Baru' (blanks that came in) beside 'Stok': whether 'Stok' counts them
   already cannot be told; ignored, blanks at the office were planned as missing, added,
   blanks counted already would be planned twice. Refused, the fix saying when to add them
   and when to leave them out; blanks that went out ('Stok Keluar') beside 'Stok' too.
Corpus: ktp-baru-beside-pemula-*, stok-masuk-baru-beside-stok.
"""

from __future__ import annotations

import pytest

from optimizer.io import headers

SITES = ["site_id", "name", "district_id", "lat", "lon", "printers", "cards_per_printer_day",
         "working_days"]
AREAS = ["area_id", "district_id", "lat", "lon"]
TIERS = ("first_time", "replacement")


@pytest.mark.parametrize("first", ["Pemula", "first_time", "Belum Punya KTP-el"])
@pytest.mark.parametrize("second", ["KTP Baru", "E-KTP Baru", "ktp_baru", "KTP Baru (orang)"])
def test_ktp_baru_beside_a_first_time_column_is_compared_with_it(first: str, second: str):
    texts = [*AREAS, first, second, "Penggantian"]
    differ = headers.resolve("areas", texts, TIERS, same=lambda i, j: False)
    assert differ.tiers["first_time"] == 4
    assert [e[0] for e in differ.errors] == [second]
    assert "are both read as tier first_time, and their values differ" in differ.errors[0][1]
    same = headers.resolve("areas", texts, TIERS, same=lambda i, j: True)
    assert same.errors == [] and (second, f"first_time is read from '{first}'") in same.ignored


def test_ktp_baru_alone_is_not_read():
    cols = headers.resolve("areas", [*AREAS, "KTP Baru", "Penggantian"], TIERS)
    assert "first_time" not in cols.tiers


@pytest.mark.parametrize("header", ["Stok Masuk Baru", "Stok Masuk", "Blangko Diterima",
                                    "Penerimaan Blangko", "Stok Tambahan", "Kiriman Blangko"])
def test_blanks_that_came_in_beside_the_stock_are_refused(header: str):
    cols = headers.resolve("sites", [*SITES, "Stok", header])
    assert cols.fields["stock"] == len(SITES)
    assert cols.errors == [(
        header, "counts blanks that came in (stok masuk), beside 'Stok', which is read as "
                "stock: whether 'Stok' counts them already cannot be told",
        "if these blanks are at the office and not counted in 'Stok', add them to 'Stok'; "
        "if 'Stok' counts them already, or they have not arrived, leave them out; then "
        "delete this column")]


def test_blanks_that_came_in_without_a_stock_column_are_refused():
    cols = headers.resolve("sites", [*SITES, "Stok Masuk"])
    assert "stock" not in cols.fields
    assert [e[:2] for e in cols.errors] == [(
        "Stok Masuk", "counts blanks that came in (stok masuk), not clearly the blanks at "
                      "the office now")]


@pytest.mark.parametrize("header", ["Stok Keluar", "Blangko Terpakai", "Pemakaian Stok"])
def test_blanks_that_went_out_beside_the_stock_are_refused(header: str):
    cols = headers.resolve("sites", [*SITES, "Stok", header])
    assert [e[:2] for e in cols.errors] == [(
        header, "counts blanks that went out (stok keluar): whether 'Stok' is the stock "
                "before or after them cannot be told")]
    # Without a stock column it is said as what it counts, not as an unknown column whose
    # nearest known name is stock: renamed to stock, as that advice said, the blanks that
    # went out were planned as blanks at the office.
    assert [e[:2] for e in headers.resolve("sites", [*SITES, header]).errors] == [(
        header, "counts blanks that went out (stok keluar), not the blanks at the office now")]


@pytest.mark.parametrize("header", ["Tanggal Stok Masuk", "Tgl Blangko Diterima",
                                    "Penerimaan"])
def test_dates_and_words_without_stock_are_not_flows(header: str):
    assert headers.resolve("sites", [*SITES, "Stok", header]).errors == []
