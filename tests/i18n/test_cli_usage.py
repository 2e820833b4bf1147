"""The command line's usage errors in `--lang id` (optimizer.i18n.usage), Typer's English
unchanged in `--lang en`, and counts typed with thousands separators refused in both
languages with what to type instead: `--blanks 1.000` and the lookahead schedules
(`--schedule` files of tests/data/schedules and specs).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.cli.common import _early_language
from optimizer.i18n import language_from_env

runner = CliRunner()
SCHEDULES = Path(__file__).resolve().parents[1] / "data" / "schedules"
PLAN = ("plan", "--dataset", "palembang", "--quiet")


def said(*args: str, env: dict[str, str] | None = None) -> str:
    """The refusal (exit 2), its box drawing and line folds taken out."""
    result = runner.invoke(app, list(args), env=env or {"BLANKO_LANG": "en"},
                           prog_name="blanko")
    assert result.exit_code == 2, result.output
    text = re.sub(r"[│╭╮╰╯─]", " ", result.output)
    return " ".join(text.split())


@pytest.mark.parametrize(("args", "indonesian", "english"), [
    # The example is the value typed, each reading written its own locale's way.
    (("--blanks", "1.000"),
     "Nilai '--blanks' tidak valid: '1.000' dapat dibaca dua cara (1.000 berarti 1000 "
     "dalam format Indonesia, 1 dalam format Inggris): ketik 1000 (tanpa pemisah) atau 1",
     "Invalid value for '--blanks': '1.000' could be read two ways (1.000 is 1000 "
     "in Indonesian, 1 in English): type 1000 (without separators) or 1"),
    (("--blanks", "10,000"),
     "'10,000' dapat dibaca dua cara (10,000 berarti 10 dalam format Indonesia, 10000 "
     "dalam format Inggris): ketik 10000 (tanpa pemisah) atau 10",
     "'10,000' could be read two ways (10,000 is 10 in Indonesian, 10000 in "
     "English): type 10000 (without separators) or 10"),
    # A decimal option: 1,500 is 1,5 (one and a half) in Indonesian, 1500 in English.
    (("--blanks", "5", "--max-travel-km", "1,500"),
     "'1,500' dapat dibaca dua cara (1,500 berarti 1,5 dalam format Indonesia, 1500 dalam "
     "format Inggris): ketik 1500 (tanpa pemisah) atau 1.5",
     "'1,500' could be read two ways (1,500 is 1,5 in Indonesian, 1500 in English): type "
     "1500 (without separators) or 1.5"),
    # Two groups: one reading only (a million); 1.500 is 1500 or 1.5, no count: one fix.
    (("--blanks", "1.000.000"),
     "'1.000.000' ditulis dengan pemisah ribuan: ketik 1000000 (tanpa pemisah)",
     "'1.000.000' is written with thousands separators: type 1000000 (without separators)"),
    (("--blanks", "40000", "--reserve", "1.500"),
     "Nilai '--reserve' tidak valid: '1.500' ditulis dengan pemisah ribuan: ketik 1500 "
     "(tanpa pemisah)",
     "Invalid value for '--reserve': '1.500' is written with thousands separators: type "
     "1500 (without separators)"),
])
def test_counts_with_thousands_separators_say_what_to_type(
        args: tuple[str, ...], indonesian: str, english: str) -> None:
    assert indonesian in said(*PLAN, *args, "--lang", "id")
    assert english in said(*PLAN, *args, "--lang", "en")


@pytest.mark.parametrize(("args", "indonesian", "english"), [
    ((), "Opsi '--blanks' wajib diisi.", "Missing option '--blanks'."),
    (("--blanks", "5", "--datset", "x"),
     "Tidak ada opsi --datset (opsi yang mungkin: --data, --dataset)",
     "No such option: --datset (Possible options: --data, --dataset)"),
    (("--blanks",), "Opsi '--blanks' memerlukan nilai.", "Option '--blanks' requires"),
    (("--blanks", "banyak"), "Nilai '--blanks' tidak valid: 'banyak' bukan bilangan bulat.",
     "Invalid value for '--blanks': 'banyak' is not a valid int."),
    (("--blanks", "5", "--time-limit", "lama"),
     "Nilai '--time-limit' tidak valid: 'lama' bukan angka.",
     "Invalid value for '--time-limit': 'lama' is not a valid float."),
    (("--blanks", "5", "lagi"), "Ada argumen tambahan yang tidak diharapkan (lagi)",
     "Got unexpected extra argument(s) (lagi)"),
])
def test_usage_errors_in_the_language(args: tuple[str, ...], indonesian: str,
                                      english: str) -> None:
    out_id = said(*PLAN, *args, "--lang", "id") if args[-1:] != ("--blanks",) else \
        said(*PLAN, "--lang", "id", *args)
    out_en = said(*PLAN, *args, "--lang", "en") if args[-1:] != ("--blanks",) else \
        said(*PLAN, "--lang", "en", *args)
    assert indonesian in out_id, out_id
    assert english in out_en, out_en
    assert "Galat" in out_id and "Error" in out_en
    if args[-1:] != ("--blanks",):  # Typer prints no usage line for an option's value
        assert out_id.startswith("Penggunaan: blanko plan")
        assert "Lihat 'blanko plan --help' untuk bantuan." in out_id
        assert out_en.startswith("Usage: blanko plan")


def test_an_unknown_command_and_its_close_matches() -> None:
    assert "Tidak ada perintah 'plns'. Maksud Anda 'plans' atau 'plan'?" in said(
        "plns", "--lang", "id")
    assert "No such command 'plns'. Did you mean 'plans', 'plan'?" in said("plns", "--lang", "en")
    assert "Tidak ada perintah 'apa'." in said("apa", env={"BLANKO_LANG": "id"})


def test_the_language_of_the_environment_without_lang() -> None:
    out = said(*PLAN, "--blanks", "1.000", env={"BLANKO_LANG": "id"})
    assert "dapat dibaca dua cara" in out
    # A choice refused in Indonesian names the choices with 'atau'.
    out = said("plans", "list", "--status", "disetujui", env={"BLANKO_LANG": "id"})
    assert "'disetujui' bukan salah satu dari 'draft', 'approved', 'published' atau " \
           "'superseded'." in out


@pytest.mark.parametrize("env", [
    {"BLANKO_LANG": "id_ID"}, {"BLANKO_LANG": "", "LANG": "in_ID.UTF-8"},
    {"LANGUAGE": "en:id"}, {"LC_ALL": "C.UTF-8"}, {}])
def test_the_early_language_is_the_cli_rule(env: dict[str, str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BLANKO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert _early_language(["plan"]) == language_from_env(env)
    assert _early_language(["plan", "--lang", "id"]) == "id"
    assert _early_language(["plan", "--lang=en"]) == "en"


@pytest.mark.parametrize(("schedule", "indonesian", "english"), [
    (str(SCHEDULES / "id-thousands-dot.csv"),
     "id-thousands-dot.csv baris 3, kolom blanks: dapat dibaca dua cara (10.000 berarti "
     "10000 dalam format Indonesia, 10 dalam format Inggris), tertulis '10.000' perbaikan: "
     "ketik 10000 (tanpa pemisah) atau 10",
     "id-thousands-dot.csv row 3, column blanks: could be read two ways (10.000 is 10000 in "
     "Indonesian, 10 in English), got '10.000' fix: type 10000 (without separators) or 10"),
    (str(SCHEDULES / "en-thousands-comma.csv"),
     "en-thousands-comma.csv baris 3, kolom blanks: dapat dibaca dua cara (10,000 berarti 10 "
     "dalam format Indonesia, 10000 dalam format Inggris)",
     "en-thousands-comma.csv row 3, column blanks: could be read two ways (10,000 is 10 in "
     "Indonesian, 10000 in English), got '10,000' fix: type 10000 (without separators) or 10"),
    # Excel's CSV in an Indonesian locale: ';' between the cells, '.' grouping thousands.
    # (A schedule's cell is named by its row and column, as a table's is.)
    (str(SCHEDULES / "id-excel-semicolon.csv"),
     "id-excel-semicolon.csv baris 3, kolom blanks: dapat dibaca dua cara",
     "id-excel-semicolon.csv row 3, column blanks: could be read two ways"),
    ("tranches=3,every=20,blanks=10,000",
     "schedule.blanks: dapat dibaca dua cara", "schedule.blanks: could be read two ways"),
    ("tranches=3,every=20,blanks=10.000-30.000",
     "tertulis '10.000' perbaikan: ketik 10000 (tanpa pemisah) atau 10",
     "got '10.000' fix: type 10000 (without separators) or 10"),
    ("tranches=3,every=20,blanks=1.000.000",
     "schedule.blanks: ditulis dengan pemisah ribuan, tertulis '1.000.000' perbaikan: ketik "
     "1000000 (tanpa pemisah)",
     "schedule.blanks: is written with thousands separators, got '1.000.000' fix: type "
     "1000000 (without separators)"),
])
def test_lookahead_schedules_with_thousands_separators(schedule: str, indonesian: str,
                                                       english: str) -> None:
    args = (*PLAN, "--blanks", "40000", "--schedule", schedule)
    assert indonesian in said(*args, "--lang", "id")
    assert english in said(*args, "--lang", "en")


def test_a_plain_count_still_plans() -> None:
    result = runner.invoke(app, [*PLAN, "--blanks", "40000", "--lang", "id"])
    assert result.exit_code == 0, result.output


def test_a_semicolon_schedule_without_separators_plans() -> None:
    # 40,000 now, 30,000 on day 20: the lookahead prints the provisional shipments.
    result = runner.invoke(app, [*PLAN, "--blanks", "40000", "--schedule",
                                 str(SCHEDULES / "id-excel-semicolon-plain.csv"), "--lang", "en"])
    assert result.exit_code == 0, result.output


def test_cells_either_locale_reads_name_their_own_value(tmp_path: Path) -> None:
    # Two ambiguous caps in one column: one line (first cell's value as the example), and
    # the fix names it too: 5.000 is 5000 the Indonesian way, 5 the English way.
    import shutil

    corpus = Path(__file__).resolve().parents[1] / "data" / "spreadsheets" / "ambiguous-counts"
    folder = tmp_path / "caps"
    shutil.copytree(corpus, folder)
    sites = folder / "sites.csv"
    sites.write_text(sites.read_text().replace(",2500\n", ",7.000\n", 1))
    args = ("plan", "--data", str(folder), "--blanks", "5000")
    out_en = said(*args, "--lang", "en")
    out_id = said(*args, "--lang", "id")
    assert ("2 cells: could be read two ways (5.000 is 5000 in Indonesian, 5 in English) "
            "(rows 2, 5); '5.000', '7.000'") in out_en, out_en
    assert "fix: state the locale: --locale id reads 5.000 as 5000, --locale en reads it " \
           "as 5;" in out_en, out_en
    assert "dapat dibaca dua cara (5.000 berarti 5000 dalam format Indonesia, 5 dalam " \
           "format Inggris)" in out_id, out_id
    assert "--locale id membaca 5.000 sebagai 5000, --locale en membacanya sebagai 5;" \
        in out_id, out_id
    assert "2.000" not in out_en + out_id and "two thousand" not in out_en


def test_the_page_says_a_cells_readings_with_its_form() -> None:
    # The page has no --locale: its fix names the form's choice, same value and readings.
    from api.web.pages import _page_fix
    from optimizer.io.separators import locale_fix
    from optimizer.schema import Problem

    fix = locale_fix("1,500")  # 1,5 (one and a half) in Indonesian, 1500 in English
    assert fix == ("state the locale: --locale id reads 1,500 as 1,5, --locale en reads it as "
                   "1500; or type the number without separators")
    assert _page_fix(Problem(location="areas.csv", message="m", fix=fix)) == (
        "choose the number format of your files on the form: Indonesian reads 1,500 as 1,5, "
        "English as 1500; or type the number without separators")


def test_files_mixing_number_formats_are_refused_wholly_in_the_language() -> None:
    # tests/data/spreadsheets/mixed-locale: decimal commas in areas.csv, points in sites.csv.
    folder = Path(__file__).resolve().parents[1] / "data" / "spreadsheets" / "mixed-locale"
    args = ("plan", "--data", str(folder), "--blanks", "5000")
    out_id = said(*args, "--lang", "id")
    out_en = said(*args, "--lang", "en")
    assert ("angka: berkas menunjukkan dua cara penulisan angka: sel dalam format Indonesia "
            "('-3,00802' (areas.csv lat), '-3,00223' (areas.csv lat)) dan dalam format Inggris "
            "('-2.99562' (sites.csv lat)") in out_id, out_id
    for english in ("numbers:", "cells in", "locale (", " and in "):
        assert english not in out_id, out_id
    assert ("numbers: the files show two ways of writing numbers: cells in the Indonesian "
            "locale ('-3,00802' (areas.csv lat)") in out_en, out_en
