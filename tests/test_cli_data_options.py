"""--data's own options (--tiers, --locale) against every form of --data: a folder of
CSVs, an .xlsx workbook and an instance .json. None may be ignored silently: each is
applied (with its `Read:` note) or refused with a located message.

Regression of tester qa2's fault 1 (2026-11-30): `--tiers replacement,first_time` on
a .json instance planned first_time first, with no note and exit 0, while the same
data as CSVs (tests/data/qa2/json-tiers/smcsv) planned replacement first.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "qa2" / "json-tiers"
REVERSED = "replacement,first_time"
ARGS = ("--blanks", "30", "--max-travel-km", "4")


def run(*args: str):
    return runner.invoke(app, list(args))


def workbook(folder: Path, out: Path, text_cells: dict[str, str] | None = None) -> Path:
    """The folder's CSVs as sheets of one .xlsx (numbers as numbers); `text_cells`
    ({'areas!F2': '1.000'}) overwrite cells with text."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in ("sites", "areas", "distances"):
        sheet = book.create_sheet(table)
        with (folder / f"{table}.csv").open(encoding="utf-8") as f:
            for i, row in enumerate(csv.reader(f)):
                sheet.append([None if v == "" else v if i == 0 else _number(v) for v in row])
    for where, text in (text_cells or {}).items():
        table, cell = where.split("!")
        book[table][cell] = text
    book.save(out)
    return out


def _number(text: str) -> float | int | str:
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text


def forms(tmp_path: Path) -> dict[str, Path]:
    return {"folder": DATA / "smcsv", "xlsx": workbook(DATA / "smcsv", tmp_path / "s.xlsx"),
            "json": DATA / "small.json"}


@pytest.mark.parametrize("form", ["folder", "xlsx", "json"])
def test_tiers_are_applied_to_every_form_of_data(tmp_path: Path, form: str):
    out = tmp_path / "plan.json"
    result = run("plan", "--data", str(forms(tmp_path)[form]), *ARGS, "--tiers", REVERSED,
                 "--json", str(out))
    assert result.exit_code == 0, result.output
    assert "Read: tiers (highest priority first): replacement, first_time (--tiers)" \
        in result.output
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["tiers"] == ["replacement", "first_time"]
    # 30 blanks + 20 in stock: replacement (60 waiting) first takes them all.
    assert plan["kpis"]["cards_by_tier"] == {"replacement": 50, "first_time": 0}


def test_the_json_plan_with_tiers_is_the_csv_plan(tmp_path: Path):
    plans = {}
    for form, path in forms(tmp_path).items():
        out = tmp_path / f"{form}.json"
        assert run("plan", "--data", str(path), *ARGS, "--tiers", REVERSED, "--json",
                   str(out)).exit_code == 0
        plan = json.loads(out.read_text(encoding="utf-8"))
        plans[form] = {k: plan[k] for k in ("tiers", "shipments", "service", "districts")}
    assert plans["json"] == plans["folder"] == plans["xlsx"]


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["--tiers: small.json has the tiers first_time, replacement: --tiers may only "
            "reorder them (given: replacement, walk_in)",
            "fix: list each of first_time, replacement once, highest priority first"]),
    ("id", ["--tiers: small.json mempunyai golongan first_time, replacement: --tiers hanya "
            "boleh mengubah urutannya (tertulis: replacement, walk_in)",
            "perbaikan: cantumkan setiap golongan first_time, replacement sekali saja"])])
def test_tiers_other_than_the_json_instances_are_refused(lang: str, words: list[str]):
    result = run("plan", "--lang", lang, "--data", str(DATA / "small.json"), *ARGS,
                 "--tiers", "replacement,walk_in")
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    for word in words:
        assert word in text, text


@pytest.mark.parametrize("form", ["folder", "xlsx", "json"])
def test_bad_tier_names_are_refused_for_every_form(tmp_path: Path, form: str):
    result = run("plan", "--lang", "id", "--data", str(forms(tmp_path)[form]), *ARGS,
                 "--tiers", "Replacement,first_time")
    assert result.exit_code == 2, result.output
    assert "--tiers: nama golongan harus unik, berupa huruf kecil, angka dan _ (tertulis " \
           "Replacement, first_time)" in " ".join(result.output.split())


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["--locale: does not apply to a .json instance: its numbers are JSON numbers, "
            "read one way", "fix: leave --locale out"]),
    ("id", ["--locale: tidak berlaku untuk instans .json", "perbaikan: hilangkan --locale"])])
def test_a_locale_for_a_json_instance_is_refused(lang: str, words: list[str]):
    result = run("plan", "--lang", lang, "--data", str(DATA / "small.json"), *ARGS,
                 "--locale", "id")
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    for word in words:
        assert word in text, text


@pytest.mark.parametrize("form", ["folder", "xlsx"])
def test_a_locale_is_applied_to_text_numbers(tmp_path: Path, form: str):
    """population '1.000' is ambiguous: refused without --locale, 1000 with --locale id."""
    if form == "folder":
        data = tmp_path / "csv"
        data.mkdir()
        for name in ("sites", "distances"):
            (data / f"{name}.csv").write_bytes((DATA / "smcsv" / f"{name}.csv").read_bytes())
        areas = (DATA / "smcsv" / "areas.csv").read_text(encoding="utf-8").splitlines()
        cells = areas[1].split(",")
        cells[5] = '"1.000"'
        areas[1] = ",".join(cells)
        (data / "areas.csv").write_text("\n".join(areas) + "\n", encoding="utf-8")
    else:
        data = workbook(DATA / "smcsv", tmp_path / "s.xlsx", {"areas!F2": "1.000"})
    refused = run("plan", "--data", str(data), *ARGS)
    assert refused.exit_code == 2 and "could be read two ways" in refused.output, \
        refused.output
    out = tmp_path / "plan.json"
    read = run("plan", "--data", str(data), *ARGS, "--locale", "id", "--json", str(out))
    assert read.exit_code == 0, read.output
    assert json.loads(out.read_text(encoding="utf-8"))["kpis"]["cards_by_tier"][
        "first_time"] == 50


def test_evaluate_keeps_the_locale_for_its_shipments_with_a_json_instance(tmp_path: Path):
    """evaluate's --locale reads --shipments too: with a .json --data it is not refused,
    it reads the shipments file."""
    pins = tmp_path / "pins.csv"
    pins.write_text("site_id,blanks\nS2,10\n", encoding="utf-8")
    result = run("evaluate", "--data", str(DATA / "small.json"), "--shipments", str(pins),
                 *ARGS, "--locale", "en")
    assert result.exit_code == 0, result.output
