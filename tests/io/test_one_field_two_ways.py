"""Inputs that could mean two things are read only when both readings agree, else refused
naming both: two columns of one field, a stock of a period, a unit a field is not counted
in, Excel's copy of a sheet, ids that differ only in letter case or invisible characters.

The wrong plans these guard against (QA cases 88-91, 97, 101, 106, 107, 116, 15, 61):
'Stok Awal' (opening stock, long used) planned as stock; 'Pemula' read and 'Siap Cetak
Pemula' only noted; 'Stok (dus)' read as 2 cards; 'Jarak Tempuh (menit)' read as km;
the old 'areas' sheet planned beside the edited 'areas (2)'; 'S2' and 's2' two offices.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from pydantic import ValidationError

from api.main import create_app
from api.settings import Settings
from optimizer import InvalidInput, load
from optimizer.io import headers
from optimizer.schema import Instance, id_key

CLEAN = Path(__file__).parents[1] / "data" / "spreadsheets" / "clean"
TIERS = ("first_time", "replacement")


def _others(table: str, name: str) -> list[str]:
    required = [f for f in headers.REQUIRED[table] if f != name]
    return required + (list(TIERS) if table == "areas" and name not in TIERS else
                       [t for t in TIERS if t != name] if table == "areas" else [])


# Every field (and default tier) with two aliases, but a name and a kecamatan given by
# code beside its name (the earlier alias read, the other noted: tested below).
PAIRS = [(table, name, aliases[0], aliases[-1])
         for table, fields in headers.ALIASES.items() for name, aliases in fields.items()
         if name != "name" and len(aliases) > 1
         and not (name == "district_id" and aliases[-1] == "nama_kecamatan")]
PAIRS += [("areas", tier, aliases[1], aliases[-1])
          for tier, aliases in headers.TIER_ALIASES.items()]


@pytest.mark.parametrize(("table", "name", "first", "second"), PAIRS)
def test_two_columns_of_one_field_are_refused_unless_they_agree(table: str, name: str,
                                                                first: str, second: str):
    header = [*_others(table, name), first, second]
    at = len(header) - 2
    what = f"tier {name}" if name in TIERS else name
    for same in (None, lambda i, j: False):
        cols = headers.resolve(table, header, TIERS, same=same)
        assert cols.errors == [(second, f"and '{first}' (columns {at + 1} and {at + 2}) are both "
                                        f"read as {what}, and their values differ",
                                f"keep the column that holds {what} and delete the other (or "
                                "rename it to a header that is not read)")]
    cols = headers.resolve(table, header, TIERS, same=lambda i, j: {i, j} == {at, at + 1})
    assert cols.errors == []
    assert (cols.tiers if name in TIERS else cols.fields)[name] == at
    assert cols.ignored == [(second, f"{name} is read from '{first}'")]


def test_a_kecamatan_code_beside_its_name_is_read_from_the_code():
    cols = headers.resolve("areas", ["area_id", "Kecamatan", "Kode Kecamatan", "lat", "lon",
                                     *TIERS], TIERS)
    assert cols.errors == [] and cols.fields["district_id"] == 2
    assert cols.ignored == [("Kecamatan", "district_id is read from 'Kode Kecamatan'")]


def test_perekaman_baru_is_no_first_time_column():
    # Residents recorded this month are not the print-ready backlog.
    beside = headers.resolve("areas", ["area_id", "district_id", "lat", "lon", "Perekaman Baru",
                                       "Siap Cetak Pemula", "replacement"], TIERS)
    assert beside.errors == [] and beside.tiers["first_time"] == 5
    assert [h for h, _ in beside.ignored] == ["Perekaman Baru"]
    alone = headers.resolve("areas", ["area_id", "district_id", "lat", "lon", "Perekaman Baru",
                                      "replacement"], TIERS)
    assert [(h, m) for h, m, _ in alone.errors] == [
        ("first_time", "(backlog of tier first_time) is required but missing")]
    assert alone.ignored == [("Perekaman Baru", "residents recorded this month, not the "
                                                "print-ready backlog of a tier")]


SITES = ["site_id", "name", "district_id", "lat", "lon", "printers", "cards_per_printer_day",
         "working_days"]


@pytest.mark.parametrize("header", ["Stok Awal", "Stok Akhir", "stok_awal", "Stok Awal Bulan",
                                    "Saldo Akhir", "Sisa Stok Bulan Lalu", "Persediaan Akhir",
                                    "Stok Akhir (lembar)", "Opening Stock", "Closing stock"])
def test_a_stock_of_a_period_is_never_read_as_the_stock_now(header: str):
    cols = headers.resolve("sites", [*SITES, "Penerimaan", header])
    assert "stock" not in cols.fields
    assert cols.errors == [(header, "is a stock at the start or the end of a period, not "
                                    "clearly the stock now",
                            "rename the column that holds the blanks at the office now to "
                            "stock, and delete the other stock columns")]
    beside = headers.resolve("sites", [*SITES, "Stok", header])
    assert beside.errors == [] and beside.fields["stock"] == len(SITES)
    assert (header, "stock is read from 'Stok'") in beside.ignored


REFUSED_UNITS = [
    ("sites", "stock", "Stok (dus)", "dus"), ("sites", "stock", "Stok Blangko (box)", "box"),
    ("sites", "stock", "Stok (rim)", "rim"), ("sites", "stock", "Stok (%)", "%"),
    ("sites", "storage_cap", "Kapasitas Gudang (dus)", "dus"),
    ("sites", "working_days", "Hari Kerja (minggu)", "minggu"),
    ("sites", "working_days", "Hari Kerja (per bulan)", "per bulan"),
    ("sites", "cards_per_printer_day", "cards_per_printer_day (per bulan)", "per bulan"),
    ("sites", "cards_per_printer_day", "Kapasitas Cetak per Printer (per jam)", "per jam"),
    ("sites", "printers", "Jumlah Printer (rusak)", "rusak"),
    ("distances", "km", "Jarak Tempuh (menit)", "menit"),
    ("distances", "km", "Jarak [jam]", "jam"),
    # ('Bujur (BB)', west, is a hemisphere checked against the values' signs:
    # tests/io/test_hemispheres_notes_copies.py)
    ("areas", "population", "Wajib KTP (KK)", "KK"),
    ("areas", "first_time", "Pemula (ribu)", "ribu"),
    ("areas", "replacement", "Penggantian (x1000)", "x1000"),
]


@pytest.mark.parametrize(("table", "name", "header", "unit"), REFUSED_UNITS)
def test_a_unit_the_field_is_not_counted_in_is_refused_at_its_column(table: str, name: str,
                                                                     header: str, unit: str):
    cols = headers.resolve(table, [*_others(table, name), header], TIERS)
    kind = headers.UNIT_KINDS.get(name, ("backlog", frozenset()))[0]
    expected = headers.UNIT_EXPECTED[kind]
    assert cols.errors == [(header, f"has the unit '{unit}', but {name} must be {expected}",
                            f"convert the values to {expected} and remove '({unit})' from "
                            "the header")]


def test_a_distance_in_metres_says_to_convert_them():
    """'Jarak (m)': the fix converts metres to km (tests/io/test_qa1_errors.py)."""
    cols = headers.resolve("distances", [*_others("distances", "km"), "Jarak (m)"], TIERS)
    assert cols.errors == [("Jarak (m)", "has the unit 'm', but km must be road km",
                            headers.METRES_FIX)]


ACCEPTED_UNITS = [
    ("sites", "stock", "Stok (lembar)"), ("sites", "stock", "Stok Blangko (keping)"),
    ("sites", "storage_cap", "Daya Tampung Gudang (lembar)"),
    ("sites", "printers", "Jumlah Printer Aktif (unit)"),
    ("sites", "cards_per_printer_day", "Kapasitas Cetak per Printer per Hari (keping)"),
    ("sites", "cards_per_printer_day", "Kapasitas Cetak per Printer (per hari)"),
    ("sites", "working_days", "Hari Kerja (hari)"), ("distances", "km", "Jarak (km)"),
    ("distances", "km", "Jarak Tempuh (km)"), ("areas", "lat", "Lintang (derajat)"),
    # (LS): south; its values' signs decide (tests/io/test_qa4_leftouts.py)
    ("areas", "lat", "Lintang (LS)"),
    ("areas", "lon", "Bujur (BT)"), ("areas", "population", "Jumlah Wajib KTP (jiwa)"),
    ("areas", "first_time", "Pemula (orang)"), ("areas", "replacement", "Penggantian (keping)"),
    ("sites", "site_id", "Kode Kantor (ID)"), ("areas", "name", "Nama Kelurahan (lengkap)"),
]


@pytest.mark.parametrize(("table", "name", "header"), ACCEPTED_UNITS)
def test_a_unit_the_field_is_counted_in_is_read(table: str, name: str, header: str):
    cols = headers.resolve(table, [*_others(table, name), header], TIERS)
    assert cols.errors == []
    read = cols.tiers if name in TIERS else cols.fields
    assert read[name] == len(_others(table, name))


@pytest.mark.parametrize(("sheet", "table"), [
    ("areas (2)", "areas"), ("Copy of areas", "areas"), ("Salinan Kantor", "sites"),
    ("kelurahan - copy", "areas"), ("Kecamatan (3)", "districts"), ("sites lama", "sites"),
    ("areas", None), ("Sheet1", None), ("Rekap (2)", None), ("Copy of Sheet1", None)])
def test_a_sheet_named_like_a_copy_of_a_table(sheet: str, table: str | None):
    assert headers.copy_of(sheet) == table


def _workbook(path: Path, copy_first: bool, factor: int) -> Path:
    frames = {t: pd.read_csv(CLEAN / f"{t}.csv", dtype=str, keep_default_na=False)
              for t in ("sites", "areas", "districts")}
    copy = frames["sites"].copy()
    copy["stock"] = [str(int(v) * factor + (factor - 1) * 100) for v in copy["stock"]]
    book = Workbook()
    book.remove(book.active)
    order = [("Copy of sites", copy)] if copy_first else []
    order += [(t, f) for t, f in frames.items()]
    order += [] if copy_first else [("Copy of sites", copy)]
    for title, frame in order:
        ws = book.create_sheet(title)
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append(list(row))
    book.save(path)
    return path


@pytest.mark.parametrize("copy_first", [True, False])
def test_a_copy_of_a_sheet_with_other_data_is_refused_naming_both(tmp_path: Path,
                                                                  copy_first: bool):
    with pytest.raises(InvalidInput) as refused:
        load(_workbook(tmp_path / "b.xlsx", copy_first, 2))
    (problem,) = refused.value.problems
    assert problem.location == "b.xlsx"
    assert problem.message == ("sheets 'sites' and 'Copy of sites' could both be the sites "
                               "table, and their data differ")
    same = load(_workbook(tmp_path / "same.xlsx", copy_first, 1))
    assert [s.stock for s in same.sites] == \
        [int(v) for v in pd.read_csv(CLEAN / "sites.csv").stock]


@pytest.mark.parametrize(("first", "second"), [
    ("S1", "s1"), ("KEC-16.71.09", "kec-16.71.09"), ("1001", "1001\u200b"),
    ("1001", "\u200b1001"), ("A1", "A\u00ad1"), ("A1", "\ufeffA1"), ("Ab", "aB"),
    ("A1", "\uff211"),
    # qa5 F1: dashes drawn like '-' (a site id with U+2010 planned as a second office).
    ("KEC-99.01", "KEC\u201099.01"), ("KEC-99.01", "KEC\u201199.01"),
    ("KEC-99.01", "KEC\u221299.01"), ("KEC-99.01", "KEC\u201399.01"),
    ("KEC-99.01", "KEC\uff0d99.01"), ("KEC-99.01", "KEC\ufe6399.01")])
def test_ids_one_but_for_case_or_invisible_characters_are_refused(first: str, second: str):
    assert id_key(first) == id_key(second)
    data = json.loads(load(CLEAN).model_dump_json())
    data["sites"][1]["site_id"] = first
    twin = dict(data["sites"][2], site_id=second)
    data["sites"].append(twin)
    with pytest.raises(ValidationError) as refused:
        Instance.model_validate(data)
    (error,) = refused.value.errors()
    assert error["loc"] == ("sites", len(data["sites"]) - 1, "site_id")
    assert "(first at sites[1] as " in error["msg"]
    assert "ids that differ only in letter case, invisible characters or the form of their " \
        "characters (a dash other than '-') are one id" in error["msg"]


@pytest.mark.parametrize("table", ["areas", "districts"])
def test_area_and_district_ids_one_but_for_a_dash_are_refused(table: str):
    """The same folding for kelurahan and kecamatan ids as for offices (qa5 F1): a row
    whose id differs from an earlier one only by U+2212 for '-' is one id twice."""
    data = json.loads(load(CLEAN).model_dump_json())
    key = {"areas": "area_id", "districts": "district_id"}[table]
    data[table][0][key] = "X-1"
    data[table].append(dict(data[table][1], **{key: "X\u22121"}))
    with pytest.raises(ValidationError) as refused:
        Instance.model_validate(data)
    locs = [e["loc"] for e in refused.value.errors()]
    assert (table, len(data[table]) - 1, key) in locs
    assert any("'X\\u22121' (first at " in e["msg"] for e in refused.value.errors())


def test_a_distance_naming_an_office_with_a_minus_sign_shows_the_dash():
    """A reference to 'KEC\u221216.71.01' where the sites hold 'KEC-16.71.01': refused as a
    look-alike, the dash written out (U+2212 and '-' look the same on screen)."""
    data = json.loads(load(CLEAN).model_dump_json())
    site = data["sites"][0]["site_id"]
    assert "-" in site
    area = data["areas"][0]
    data["distances"] = [{"area_id": area["area_id"], "site_id": site.replace("-", "\u2212"),
                          "km": 2.0}]
    with pytest.raises(ValidationError) as refused:
        Instance.model_validate(data)
    (error,) = refused.value.errors()
    assert error["type"] == "lookalike_site"
    assert "\\u2212" in error["msg"] and "a dash other than '-'" in error["msg"]


def test_ids_that_differ_otherwise_are_still_two():
    data = json.loads(load(CLEAN).model_dump_json())
    data["sites"].append(dict(data["sites"][2], site_id="KEC-16.71.03b"))
    assert len(Instance.model_validate(data).sites) == len(data["sites"])


def test_the_api_refuses_s1_beside_s1_lower_case():
    data = json.loads(load(CLEAN).model_dump_json())
    data["sites"].append(dict(data["sites"][0], site_id=data["sites"][0]["site_id"].lower()))
    settings = Settings(workers=1, queue_size=4, preload_datasets=[], max_time_limit_s=30)
    with TestClient(create_app(settings)) as client:
        answer = client.post("/v1/plans", json={"instance": data, "shipment": {"blanks": 6000},
                                                "save": False})
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert error["pointer"] == f"/instance/sites/{len(data['sites']) - 1}/site_id"
    assert "duplicate id 'kec-16.71.01' (first at " in error["message"]


def test_a_csv_folder_with_an_office_id_in_lower_case_is_refused(tmp_path: Path):
    folder = tmp_path / "f"
    shutil.copytree(CLEAN, folder)
    sites = folder / "sites.csv"
    lines = sites.read_text(encoding="utf-8").splitlines()
    lines.append(lines[3].replace("KEC-16.71.03", "kec-16.71.03"))
    sites.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        load(folder)
    (problem,) = refused.value.problems
    assert problem.location == f"sites.csv row {len(lines)}, column site_id"
    assert problem.message == ("duplicate id 'kec-16.71.03' (first in row 4 as 'KEC-16.71.03'; "
                               "ids that differ only in letter case, invisible characters or "
                               "the form of their characters (a dash other than '-') are one "
                               "id)")
