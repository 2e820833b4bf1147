"""`blanko plan --lang id|en`, and the default from the environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()
ARGS = ("plan", "--dataset", "palembang", "--blanks", "40000", "--quiet")
ENGLISH = "travel limit 8 km outside one's own district."


def test_lang_id_prints_indonesian_and_writes_the_library_plan(tmp_path: Path) -> None:
    # The terminal in Indonesian; the --json file is the library's plan, English texts
    # whatever --lang (QA3 14: the README says so; codes and params say it in any
    # language, and the file is the same on every machine).
    out = tmp_path / "plan.json"
    result = runner.invoke(app, [*ARGS, "--lang", "id", "--json", str(out)],
                           env={"BLANKO_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert "batas jarak 8 km ke luar kecamatan sendiri." in result.output
    messages = json.loads(out.read_text())["messages"]
    assert messages[0]["code"] == "DISTANCES" and messages[0]["params"]["max_travel_km"] == 8.0
    assert messages[0]["text"].endswith(ENGLISH)


@pytest.mark.parametrize(("env", "expected"), [
    ({"BLANKO_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "id_ID.UTF-8"},
     "batas jarak 8 km"),
    ({"BLANKO_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"},
     ENGLISH),
])
def test_the_default_comes_from_the_environment(env: dict[str, str], expected: str) -> None:
    result = runner.invoke(app, list(ARGS), env=env)
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_an_unknown_language_is_refused() -> None:
    result = runner.invoke(app, [*ARGS, "--lang", "fr"])
    assert result.exit_code == 2
    assert "--lang" in result.output


# The CLI's own lines and headings (optimizer.i18n.cli): Indonesian with --lang id, and the
# English bytes the CLI always printed with --lang en (checked against the base commit's
# output of the same three commands, which was byte-identical apart from the solver time).
PLAN = ("plan", "--dataset", "palembang", "--blanks", "40000")
SCHEDULE = ("--quiet", "--schedule", "tranches=3,every=20,blanks=40000")
# Palembang, 40,000 blanks: 40,000 first-time cards of 149,859 first-time backlog ->
# 26.7 % in every district (the equity floor), no replacement cards.
PLAN_EN = ("Plan by district", "district", "coverage", "26.7%", "Status:",
           "  first_time: 40,000 cards  coverage 26.7%-26.7%",
           "  replacement: 0 cards  coverage 0.0%-0.0%",
           "  blanks shipped 40,000, kept central 0, stranded 0",
           "Note: 'palembang' has estimated figures", "Plan JSON written to")
PLAN_ID = ("Rencana per kecamatan", "kecamatan", "cakupan", "26,7 %", "Status: optimal   pemecah",
           "  pemula: 40.000 kartu  cakupan 26,7 %-26,7 %",
           "  penggantian: 0 kartu  cakupan 0,0 %-0,0 %",
           "  blangko dikirim 40.000, disimpan di pusat 0, tak tercetak 0",
           "Catatan: 'palembang' memuat angka perkiraan", "JSON rencana ditulis ke",
           "km-penduduk", "pemecah")


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"BLANKO_LANG": "en"})
    assert result.exit_code == 0, result.output
    return result.output


def test_plan_lang_id_prints_its_tables_and_lines_in_indonesian(tmp_path: Path) -> None:
    out = _run(*PLAN, "--lang", "id", "--json", str(tmp_path / "p.json"))
    for line in PLAN_ID:
        assert line in out
    for english in (*PLAN_EN[:2], *PLAN_EN[3:4], *PLAN_EN[5:], "first_time", "replacement",
                    "resident-km", "blanks to offices", "0 cards  coverage", "solver"):
        # The note names the dataset's estimated columns (first_time, ...) as written.
        assert english not in out.split("--data.")[1]


def test_plan_lang_en_prints_what_it_always_did(tmp_path: Path) -> None:
    out = _run(*PLAN, "--lang", "en", "--json", str(tmp_path / "p.json"))
    for line in PLAN_EN:
        assert line in out
    for indonesian in PLAN_ID:
        assert indonesian not in out


def test_plan_ahead_lang_id_prints_the_horizon_table_in_indonesian() -> None:
    out = _run(*PLAN, *SCHEDULE, "--lang", "id")
    assert "Pengiriman sepanjang horizon" in out
    assert "sekarang" in out and "hari ke-20" in out and "tahap" in out
    assert "hari-penduduk menunggu sepanjang horizon (12 periode berisi 5, 5" in out
    for english in ("Shipments over the horizon", "provisional", "tranche", "resident-days"):
        assert english not in out
    english = _run(*PLAN, *SCHEDULE, "--lang", "en")
    assert "Shipments over the horizon" in english and "day 20 (provisional)" in english
    assert "  resident-days waiting over the horizon (12 periods of 5, 5" in english


def test_evaluate_lang_id_prints_the_cost_table_in_indonesian(tmp_path: Path) -> None:
    pins = tmp_path / "pins.csv"
    pins.write_text("site_id,blanks\nDISDUKCAPIL,0\n", encoding="utf-8")
    args = ("evaluate", "--dataset", "palembang", "--blanks", "40000", "--shipments", str(pins))
    out = _run(*args, "--lang", "id")
    for line in ("Pengiriman Anda (1 kantor ditetapkan)", "Biaya pengiriman Anda",
                 "kartu pemula lebih sedikit", "km-penduduk lebih banyak",
                 "blangko tak tercetak lebih banyak", "poin lebih rendah"):
        assert line in out
    for english in ("Your shipments", "Cost of your shipments", "cards fewer", "first_time",
                    "resident-km more", "blanks stranded more", "points lower"):
        assert english not in out
    english = _run(*args, "--lang", "en")
    for line in ("Your shipments (1 site pinned)", "Cost of your shipments against the optimal "
                 "plan", "first_time cards fewer", "resident-km more", "blanks stranded more"):
        assert line in english


def test_figures_follow_the_language() -> None:
    from optimizer.i18n import cli

    # 1234567 grouped by thousands; 100 * 0.2667 = 26.67 -> one decimal 26.7.
    assert (cli.grouped(1234567, "en"), cli.grouped(1234567, "id")) == ("1,234,567", "1.234.567")
    assert (cli.percent(0.2667, "en"), cli.percent(0.2667, "id")) == ("26.7%", "26,7 %")
    assert (cli.fixed(1234.5, 2, "en"), cli.fixed(1234.5, 2, "id")) == ("1,234.50", "1.234,50")
    assert (cli.tier("first_time", "en"), cli.tier("first_time", "id")) == ("first_time", "pemula")
    assert cli.word("reason", "supply", "en") == "supply"


def test_the_coverage_summary_line_follows_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    from optimizer.cli.plan import _print_coverage_summary

    # Three districts with backlog at 0 %, 50 % and 100 % (median 50 %), one without backlog.
    coverage: dict[str, float | None] = {"a": 0.0, "b": 0.5, "c": 1.0, "d": None}
    _print_coverage_summary("first_time", coverage, "en")
    _print_coverage_summary("first_time", coverage, "id")
    english, indonesian = capsys.readouterr().out.replace("\n", " ").split(" cards. ")
    assert english == ("4 districts, 3 with first_time backlog: coverage min 0.0%, median "
                       "50.0%, max 100.0%; 1 fully served, 1 with no")
    assert indonesian.strip() == (
        "4 kecamatan, 3 dengan antrean pemula: cakupan terendah 0,0 %, median 50,0 %, "
        "tertinggi 100,0 %; 1 terlayani penuh, 1 tanpa kartu.")
