"""Tester qa11's command-line findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app

BOOKS = Path(__file__).parent / "data" / "page-uploads" / "qa11-table-per-workbook"


@pytest.mark.parametrize(("lang", "said", "fix"), [
    ("en", "has no CSV file of a table it needs (sites, areas), but holds workbooks "
           "(kantor.xlsx, kecamatan.xlsx, kelurahan.xlsx): a folder is read as CSV files, one "
           "per table",
     "and give that workbook to --data; or save each sheet as CSV (File, Save As, CSV) into "
     "the folder"),
    ("id", "tidak memiliki berkas CSV untuk tabel yang diperlukan (sites, areas), tetapi "
           "berisi buku kerja (kantor.xlsx, kecamatan.xlsx, kelurahan.xlsx)",
     "lalu berikan buku kerja itu ke --data; atau simpan setiap sheet sebagai CSV"),
])
def test_a_folder_of_a_workbook_per_table_says_so(lang: str, said: str, fix: str) -> None:
    # Was: "has no 'sites' table; fix: add sites.csv" beside the kantor.xlsx it holds.
    result = CliRunner().invoke(app, ["plan", "--data", str(BOOKS), "--blanks", "40000",
                                      "--quiet", "--lang", lang])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert said in output and fix in output, output


SCHEDULES = Path(__file__).parent / "data" / "schedules"


@pytest.mark.parametrize(("args", "said", "fix"), [
    (["plan", "--dataset", "palembang", "--data", str(BOOKS), "--blanks", "100"],
     "--dataset/--data: berikan tepat salah satunya",
     "perbaikan: pertahankan salah satunya: nama dataset bawaan"),
    (["plan", "--dataset", "palembang", "--blanks", "100", "--tiers", "lansia"],
     "--locale/--tiers: hanya berlaku untuk --data", "perbaikan: hilangkan keduanya"),
    (["plan", "--dataset", "palembang", "--blanks", "100", "--horizon-json", "h.json"],
     "--horizon-json: menulis rentang rencana ke depan: berikan juga --schedule", None),
    (["plan", "--dataset", "palembang", "--blanks", "100", "--schedule", "tranches=2,every=5"],
     "schedule: kunci yang kurang: ['blanks'] pada 'tranches=2,every=5'",
     "perbaikan: tulis seperti contoh 'tranches=12,every=20,blanks=10000-30000'"),
    (["plan", "--dataset", "palembang", "--blanks", "100", "--schedule",
      str(SCHEDULES / "qa11-header-only.csv")],
     "qa11-header-only.csv: tidak memuat satu tahap pun",
     "perbaikan: tambahkan satu baris hari,blangko per tahap"),
    (["plan", "--dataset", "palembang", "--blanks", "100", "--schedule",
      "tranches=2,every=5,blanks=100,days=3"],
     "schedule.days: rentang waktu (3 hari) harus melewati tahap terakhir (hari 5)",
     "perbaikan: berikan days= di atas 5, atau hilangkan days="),
    (["plan", "--dataset", "palembang", "--blanks", "100", "--save", "--schedule",
      "tranches=2,every=5,blanks=100"],
     "--save: menyimpan rencana satu pengiriman", "perbaikan: hilangkan --schedule"),
    (["replay", "--dataset", "palembang", "--schedule", "tranches=2,every=5,blanks=100",
      "--release", "below=5", "--out", "replay-out"],
     "release: kunci yang kurang: ['blanks']",
     "perbaikan: tulis seperti contoh 'below=5000,blanks=10000,lead=5'"),
])
def test_option_refusals_are_said_in_indonesian_with_a_fix(
        args: list[str], said: str, fix: str | None, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Each was English under --lang id ("give exactly one of them", "lists no tranche",
    # "missing keys ['blanks'] in ...; expected e.g. ..."), most with no fix line.
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*args, "--quiet", "--lang", "id"] if args[0] == "plan"
                                else [*args, "--lang", "id"])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert said in output, output
    assert fix is None or fix in output, output


def test_a_scenario_files_refusals_are_said_in_indonesian_with_a_fix(tmp_path: Path) -> None:
    # An analyst's copy of supply-bound.toml: a name with capitals and spaces, a key in
    # Indonesian. Both were English under --lang id, with no fix.
    scenario = Path(__file__).parent / "data" / "qa11" / "supply-bound-edited.toml"
    result = CliRunner().invoke(app, ["sweep", str(scenario), "--replications", "1", "--out",
                                      str(tmp_path / "out"), "--lang", "id"])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert "supply-bound-edited.toml, replikasi: bukan kunci yang dikenal" in output, output
    assert "perbaikan: ganti namanya menjadi salah satu kunci yang dikenal" in output
    assert "supply-bound-edited.toml, name: harus berupa huruf kecil, angka dan '-'" in output
    assert "perbaikan: tulis namanya seperti contoh supply-bound" in output


@pytest.mark.parametrize(("lang", "said", "fix"), [
    ("en", "59 cells: is a code of kecamatan-nomor-urut.xlsx[kecamatan] without its leading "
           "zeros (Excel drops them from a number cell) (rows 2, 3, 4, 5, 6 and 54 more); "
           "'1' = '01', '2' = '02', '3' = '03', ...",
     "fix: format the column as Text (Format Cells > Text) and type the codes with their "
     "leading zeros"),
    ("id", "59 sel: adalah kode di kecamatan-nomor-urut.xlsx[kecamatan] tanpa angka nol di "
           "depannya (Excel menghapusnya dari sel angka)",
     "perbaikan: format kolom sebagai Teks (Format Cells > Text)"),
])
def test_kecamatan_codes_that_lost_their_leading_zeros_are_said_so(
        lang: str, said: str, fix: str) -> None:
    # A kecamatan table numbering its kecamatan '01'..'18' (text), the kantor and kelurahan
    # sheets the same numbers in number cells (1..9 lost their zero): "is neither a code
    # nor a name of ...; use the codes or names", with no word of the zeros.
    book = Path(__file__).parent / "data" / "qa11" / "kecamatan-nomor-urut.xlsx"
    result = CliRunner().invoke(app, ["plan", "--data", str(book), "--blanks", "40000",
                                      "--quiet", "--lang", lang])
    assert result.exit_code == 2, result.output
    output = " ".join(result.output.split())
    assert said in output and fix in output, output
    assert "is neither a code nor a name" not in output
