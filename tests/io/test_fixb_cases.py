"""Inputs that used to plan something other than they mean, or to say so badly: each is
refused naming the file, row and what to change (English and Bahasa Indonesia), or
plans with figures that say what limits it. The files are corpus cases
(tests/data/spreadsheets, manifest.toml)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.engine.solve import solve
from optimizer.i18n import render
from optimizer.i18n.cli import word
from optimizer.i18n.problems import problem_text
from optimizer.io.exports import read_plan_json
from optimizer.io.files import read_instance
from optimizer.io.report import _reason as report_reason
from optimizer.schema import Instance, Policy, Shipment

CORPUS = Path(__file__).parents[1] / "data" / "spreadsheets"
runner = CliRunner()


def plan(case: str, *args: str, blanks: int = 6000) -> tuple[int, str]:
    result = runner.invoke(app, ["plan", "--data", str(CORPUS / case), "--blanks", str(blanks),
                                 *args])
    return result.exit_code, " ".join(result.output.split())


REFUSED = {
    "district-name-ambiguous": (
        ["sites.csv row 5, column district_id: names more than one kecamatan: districts.csv "
         "rows 2, 5 give that name to 16.71.01, 16.71.04, got 'Ilir Barat II'",
         "fix: write the code of the kecamatan meant (16.71.01, 16.71.04) instead of its name"],
        ["sites.csv baris 5, kolom district_id: menyebut lebih dari satu kecamatan: "
         "districts.csv baris 2, 5 memberi nama itu kepada 16.71.01, 16.71.04",
         "perbaikan: tulis kode kecamatan yang dimaksud (16.71.01, 16.71.04)"]),
    "kelurahan-code-dots-and-nodots": (
        ["areas.csv row 27, column area_id: duplicate id '1671011001' (first in row 2): the "
         "same Kemendagri code as '16.71.01.1001' once the dots are left out",
         "fix: delete one of the two rows"],
        ["areas.csv baris 27, kolom area_id: kode '1671011001' ganda (pertama di baris 2): "
         "kode Kemendagri yang sama dengan '16.71.01.1001' bila titiknya dihilangkan",
         "perbaikan: hapus salah satu dari kedua baris"]),
    "district-name-is-other-code": (
        ["districts.csv row 2, column name: the name of kecamatan 16.71.01 is the code of "
         "kecamatan 16.71.04: sites.csv, areas.csv name '16.71.04', which could mean either",
         "fix: give the kecamatan its own name"],
        ["districts.csv baris 2, kolom name: nama kecamatan 16.71.01 adalah kode kecamatan "
         "16.71.04: sites.csv, areas.csv menyebut '16.71.04', yang dapat berarti keduanya",
         "perbaikan: beri kecamatan itu namanya sendiri"]),
    "tiers-same-order": (
        ["tiers.csv, column order: tiers 'first_time', 'replacement' have the same order 1 "
         "(rows 2, 3)", "fix: give every tier its own order"],
        ["tiers.csv, kolom order: golongan 'first_time', 'replacement' mempunyai urutan yang "
         "sama 1 (baris 2, 3)", "perbaikan: beri setiap golongan urutannya sendiri"]),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_wrong_plan_is_refused_in_both_languages(case: str, lang: str):
    code, output = plan(case, "--lang", lang, "--quiet")
    assert code == 2, output
    english, indonesian = REFUSED[case]
    for fragment in english if lang == "en" else indonesian:
        assert fragment in output, output


def test_a_unique_district_name_is_still_read_as_its_code():
    code, output = plan("district-name-ambiguous", "--quiet")
    assert code == 2
    # 16.71.01's office names its kecamatan by code: only the shared name is refused.
    assert output.count("names more than one kecamatan") == 1


def test_codes_with_and_without_dots_are_one_id_in_the_schema():
    area = {"district_id": "16.71.01", "lat": -3.0, "lon": 104.7, "population": 10,
            "backlog": {"first_time": 1, "replacement": 0}}
    data = {"name": "x", "districts": [{"district_id": "16.71.01"}],
            "sites": [{"site_id": "S", "district_id": "16.71.01", "lat": -3.0, "lon": 104.7,
                       "printers": 1, "cards_per_printer_day": 10, "working_days": 1}],
            "areas": [{**area, "area_id": "16.71.01.1001"}, {**area, "area_id": "1671011001"}]}
    with pytest.raises(ValidationError) as error:
        Instance.model_validate(data)
    (found,) = error.value.errors()
    assert found["type"] == "duplicate_code" and found["loc"] == ("areas", 1, "area_id")
    text = found["msg"].replace("at areas[0]", "in row 2")
    assert "kode Kemendagri yang sama dengan '16.71.01.1001'" in problem_text(text, "id")
    # Ids that only look alike stay apart: 1671011001 and a name-like id.
    data["areas"][1]["area_id"] = "16710110011"
    assert len(Instance.model_validate(data).areas) == 2


def test_ids_are_code_keyed_exactly_when_some_id_is_an_undotted_code():
    # schema._code_keys asks by C-level maps whether any id is 4, 6 or 10 digits (a
    # Kemendagri code without dots), as a generator over the ids did.
    from optimizer.schema import _code_keys

    def before(ids: list[str]) -> bool:
        return any(len(v) in {4, 6, 10} and v.isdigit() for v in ids)

    samples = [["A1", "16.71.01.1001"], ["1671"], ["167101"], ["1671011001"], ["16710"],
               ["16710110011"], ["A", "1671011001", "B"], ["\u0661\u0662\u0663\u0664"],
               ["12\u00b234"], [], ["16.71", "1671.01"], ["167101", "16.71.01"]]
    for ids in samples:
        assert (_code_keys(ids) is not None) == before(ids), ids
    assert _code_keys(["16.71.01.1001", "1671011001", "A1"]) == ["1671011001", "1671011001",
                                                                 "A1"]


def test_codes_without_dots_give_one_warning_with_a_count():
    loaded = read_instance(CORPUS / "kelurahan-codes-nodots")
    result = solve(loaded.instance, Shipment(blanks=6000))
    codes = [m.code for m in result.messages]
    assert codes.count("KEMENDAGRI_AREA_NODOTS") == 1 and "KEMENDAGRI_AREA_CODE" not in codes
    (warning,) = [m for m in result.messages if m.code == "KEMENDAGRI_AREA_NODOTS"]
    assert warning.params["count"] == 25
    assert "1671011001, 1671011002, 1671011003, ..." in warning.text
    assert "tanpa titik: 25" in render(warning, "id")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_kecamatan_with_only_replacements_waiting_is_limited_by_the_shipment(
        lang: str, tmp_path: Path):
    book = tmp_path / "plan.xlsx"
    code, output = plan("replacements-only-kecamatan", "--lang", lang, "--xlsx", str(book),
                        blanks=3000)
    assert code == 0, output
    supply = word("reason", "supply", lang)
    line = output[output.index("D2 "):output.index("D3 ")]
    assert supply.split()[0] in line and word("reason", "none", lang) not in line, line
    sheets = openpyxl.load_workbook(book)
    (kecamatan,) = [{r[0]: r[-1] for r in sheet.iter_rows(values_only=True)}
                    for sheet in sheets.worksheets
                    if sheet.max_column == 12 and sheet.cell(2, 1).value == "D1"]
    assert kecamatan["D2"] == kecamatan["D1"] == report_reason("supply", lang)
    summary = [r[1] for r in sheets.worksheets[0].iter_rows(values_only=True)]
    assert 400 in summary and 1800 in summary  # first-time and replacements still waiting


@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_infeasible_plan_keeps_every_blank_central_in_every_output(lang: str,
                                                                       tmp_path: Path):
    out, tables, book = tmp_path / "p.json", tmp_path / "csv", tmp_path / "p.xlsx"
    code, output = plan("clean", "--reserve", "7000", "--json", str(out), "--csv",
                        str(tables), "--xlsx", str(book), "--lang", lang)
    assert code == 3, output
    assert ("kept central 6,000" if lang == "en" else "6.000") in output
    kpis = read_plan_json(out).kpis
    assert (kpis.blanks_shipped, kpis.blanks_kept_central) == (0, 6000)
    rows = {r["kpi"]: r["value"] for r in csv.DictReader((tables / "kpis.csv").open())}
    assert float(rows["blanks_kept_central"]) == 6000 and rows["resident_km_total"] == ""
    summary = [r[1] for r in openpyxl.load_workbook(book).worksheets[0].iter_rows(
        values_only=True)]
    assert 6000 in summary


def test_english_decimals_read_in_the_indonesian_locale_say_so_in_indonesian():
    code, output = plan("english-km-read-indonesian", "--locale", "id", "--lang", "id",
                        "--quiet")
    assert code == 2, output
    assert ("distances.csv, kolom km: 2 sel: di luar rentang bila dibaca dalam format "
            "Indonesia, yang memakai titik sebagai pemisah ribuan: angkanya tampak ditulis "
            "dalam format Inggris (125 sel di kolom ini memuat titik seperti itu, mis. '2.176' "
            "dibaca sebagai 2176)") in output
    assert "perbaikan: bila berkas menulis desimal dengan titik (2.176), nyatakan --locale en" \
        in output


def test_a_kecamatan_no_office_reaches_is_planned_and_said_in_indonesian():
    # 16.71.04 has no office and none within 0.5 km (16.71.02's has 0 printers): both
    # plan the same way, the rest served, the reason in the table and the warnings.
    code, output = plan("kecamatan-without-office", "--max-travel-km", "0.5", "--lang", "id")
    assert code == 0, output
    assert "DISTRICT_WITHOUT_OFFICE: 2 kecamatan dengan warga yang menunggu" in output
    assert "16.71.02, 16.71.04" in output
    assert "AREA_UNREACHABLE: 11 kelurahan dengan 10.587 warga" in output


def test_a_kecamatan_no_office_reaches_has_the_reason_on_its_lines_for_the_api():
    loaded = read_instance(CORPUS / "kecamatan-without-office")
    plan = solve(loaded.instance, Shipment(blanks=6000), Policy(max_travel_km=0.5))
    assert plan.status == "optimal" and plan.kpis.cards_by_tier["first_time"] == 6000
    reasons = {(d.district_id, d.tier): d.unmet_reason for d in plan.districts if d.unmet}
    assert reasons[("16.71.04", "first_time")] == reasons[("16.71.02", "first_time")] == "reach"
    assert {d.served for d in plan.districts if d.district_id in ("16.71.02", "16.71.04")} == {0}


WHOLE = [("--blanks", "3000.0", "'3000.0' is not a whole number. Write 3000: a whole number",
          "'3000.0' bukan bilangan bulat. Tulis 3000: bilangan bulat"),
         ("--blanks", "1e3", "'1e3' is not a whole number. Write 1000:",
          "'1e3' bukan bilangan bulat. Tulis 1000:"),
         ("--max-travel-km", "nan", "Invalid value for '--max-travel-km': 'nan' is not a "
          "number. Type a number in digits", "Nilai '--max-travel-km' tidak valid: 'nan' "
          "bukan angka."),
         ("--time-limit", "nan", "Invalid value for '--time-limit': 'nan' is not a number.",
          "Nilai '--time-limit' tidak valid: 'nan' bukan angka.")]


@pytest.mark.parametrize(("option", "value", "english", "indonesian"), WHOLE)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_whole_number_written_as_a_decimal_and_nan_are_named_with_the_fix(
        option: str, value: str, english: str, indonesian: str, lang: str):
    args = ["plan", "--dataset", "palembang", "--lang", lang, "--blanks", "3000",
            option, value]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    said = " ".join(result.output.replace("│", " ").split())
    assert (english if lang == "en" else indonesian) in said, said
    assert "out of range" not in said and "must be a finite number" not in said


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_lot_size_above_the_shipment_is_named_as_the_limit(lang: str, tmp_path: Path):
    book = tmp_path / "plan.xlsx"
    code, output = plan("replacements-only-kecamatan", "--lot-size", "7000", "--lang", lang,
                        "--xlsx", str(book), blanks=3000)
    assert code == 0, output
    lot = word("reason", "lot_size", lang)
    assert lot in ("lot_size", "ukuran lot")
    table = output[output.index("│ D1 "):]
    table = table[:table.index("└")]
    assert table.count(lot) == 3, table  # one a kecamatan
    assert word("reason", "supply", lang).split()[0] not in table
    (kecamatan,) = [{r[0]: r[-1] for r in sheet.iter_rows(values_only=True)}
                    for sheet in openpyxl.load_workbook(book).worksheets
                    if sheet.max_column == 12 and sheet.cell(2, 1).value == "D1"]
    assert {kecamatan[d] for d in ("D1", "D2", "D3")} == {report_reason("lot_size", lang)}


def test_latitudes_headed_ls_written_positive_are_blamed_not_the_offices():
    for lang, said, fix in (
            # The header's LS (south) is read over negative values only (qa4: refused
            # whatever its values before); positive ones under it are refused at the areas
            # column, whatever the offices' latitudes.
            ("en", "areas.csv, column Lintang (LS): has the unit 'LS' (south latitude), but "
                   "25 of its values are positive (rows 2, 3, 4, 5, 6, ...): whether they are "
                   "south cannot be told from the sign",
             "fix: write the latitudes in decimal degrees, negative south of the equator "
             "(-2.99562), and remove '(LS)' from the header"),
            ("id", "areas.csv, kolom Lintang (LS): bersatuan 'LS' (lintang selatan), tetapi 25 "
                   "nilainya positif (baris 2, 3, 4, 5, 6, ...)",
             "perbaikan: tulis lintang dalam derajat desimal, negatif di selatan "
             "khatulistiwa (-2,99562), dan hapus '(LS)' dari judul")):
        code, output = plan("latitude-ls-positive", "--lang", lang, "--quiet")
        assert code == 2 and said in output and fix in output, output
        assert "sites.csv" not in output


@pytest.mark.parametrize(("case", "indonesian"), [
    ("no-districts-unknown-kecamatan",
     ["menyebut kecamatan yang tidak disebut baris mana pun di areas.csv",
      "perbaikan: gunakan kode kecamatan yang dipakai areas.csv (16.71.1, 16.71.2, 16.71.7)"]),
    ("row-not-split", ["areas.csv baris 2, kolom area_id: lebih panjang dari 64 karakter",
                       "perbaikan: buat id dan nama singkat"]),
    ("date-text-counts", ["berisi tanggal di tempat yang seharusnya angka (baris 5, 6)",
                          "perbaikan: Excel mengubah angka menjadi tanggal"])])
def test_small_refusals_in_indonesian(case: str, indonesian: list[str]):
    code, output = plan(case, "--lang", "id", "--quiet")
    assert code == 2, output
    for fragment in indonesian:
        assert fragment in output, output


@pytest.mark.parametrize("text", ["1-Des", "1-Dec", "12-Mei", "Des-24", "1 Des 2024"])
def test_date_texts_are_dates(text: str):
    import pandas as pd

    from optimizer.io.numbers import parse

    parsed = parse(pd.Series([text, "5"], dtype="string"), "en", count=True, stated=True)
    assert list(parsed.dates) == [True, False]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_template_names_its_path_not_an_option(lang: str, tmp_path: Path):
    result = runner.invoke(app, ["template", str(tmp_path / "t.csv"), "--lang", lang])
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    assert "--xlsx" not in output and f"{tmp_path / 't.csv'}: " in output
    assert ("must end in .xlsx" if lang == "en" else "harus berakhiran .xlsx") in output
    missing = runner.invoke(app, ["template", "/nonexistent-fixb/t.xlsx", "--lang", lang])
    assert missing.exit_code == 2
    assert ("/nonexistent-fixb/t.xlsx: cannot be written: the folder /nonexistent-fixb does "
            "not exist" if lang == "en" else "/nonexistent-fixb/t.xlsx: tidak dapat ditulis: "
            "folder /nonexistent-fixb tidak ada") in " ".join(missing.output.split())


SCHEDULES = Path(__file__).parents[1] / "data" / "schedules"


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ["days-repeated.csv row 4, column day: day 20 does not come after day 20 of row 3: "
            "tranche days must increase", "fix: list each tranche once, in the order of its day"]),
    ("id", ["days-repeated.csv baris 4, kolom day: hari 20 tidak datang sesudah hari 20 di "
            "baris 3", "perbaikan: cantumkan setiap tahap sekali"])])
def test_a_schedule_day_out_of_order_names_its_row_and_the_fix(lang: str, said: list[str]):
    result = runner.invoke(app, ["plan", "--data", str(CORPUS / "clean"), "--blanks", "10000",
                                 "--schedule", str(SCHEDULES / "days-repeated.csv"), "--quiet",
                                 "--lang", lang])
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    for fragment in said:
        assert fragment in output, output
