"""Outputs a mayor can read and a spreadsheet cannot run: the report, the template,
inert text, atomic writes, output paths checked before the solve."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from optimizer import InvalidInput, Policy, Shipment, solve
from optimizer.cli import app
from optimizer.io import datasets
from optimizer.io.exports import (
    atomic_file,
    check_output_paths,
    inert,
    write_plan_csv,
    write_plan_json,
    write_plan_report,
)
from optimizer.io.files import load_instance, read_instance
from optimizer.schema import Area, Instance, Site

runner = CliRunner()
# Names cannot hold tab or carriage return (control characters are refused on input).
HOSTILE = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)"]


def hostile_instance() -> Instance:
    """Names and ids a spreadsheet would run as formulas."""
    sites = tuple(Site(site_id=f"S{i}" if i < 3 else f"-S{i}", name=name, district_id="D1",
                       lat=-3.0, lon=104.7, printers=1, cards_per_printer_day=100,
                       working_days=5) for i, name in enumerate(HOSTILE))
    areas = (Area(area_id="=A1", name="@kelurahan", district_id="D1", lat=-3.0, lon=104.7,
                  backlog={"first_time": 50, "replacement": 0}),)
    return Instance(sites=sites, areas=areas)


def test_text_that_starts_like_a_formula_is_inert_in_xlsx_and_csv(tmp_path: Path):
    instance = hostile_instance()
    plan = solve(instance, Shipment(blanks=30))
    write_plan_report(plan, tmp_path / "plan.xlsx", instance, Policy())
    book = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert set(HOSTILE) <= texts and "=A1" in texts and "@kelurahan" in texts
    write_plan_csv(plan, tmp_path / "csv")
    service = (tmp_path / "csv" / "service.csv").read_text()
    assert "'=A1" in service and "\n=A1" not in service
    assert "'-S3" in (tmp_path / "csv" / "shipments.csv").read_text()
    assert inert(-5) == -5 and inert("Kantor") == "Kantor"
    assert inert("\tTab") == "'\tTab" and inert("\rCR") == "'\rCR"


def test_the_report_has_names_beside_codes_and_formats(tmp_path: Path):
    ds = datasets.load("palembang")
    policy = ds.policy()
    plan = solve(ds.instance, Shipment(blanks=40_000), policy)
    write_plan_report(plan, tmp_path / "report.xlsx", ds.instance, policy)
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert book.sheetnames == ["Summary", "Offices", "Kecamatan", "Kelurahan", "Messages"]
    kec = book["Kecamatan"]
    assert kec.freeze_panes == "A2" and kec["A1"].font.bold
    header = [c.value for c in kec[1]]
    coverage = header.index("Coverage, first-time applicants") + 1
    assert kec.cell(row=2, column=coverage).number_format == "0.0%"
    cards = header.index("Cards, first-time applicants") + 1  # a tier by its label
    assert kec.cell(row=2, column=cards).number_format == "#,##0"
    names = {d.district_id: d.name for d in ds.instance.districts}
    assert all(names[row[0]] == row[1] for row in kec.iter_rows(min_row=2, values_only=True))
    assert kec.column_dimensions["B"].width >= max(len(n) for n in names.values())
    offices = pd.read_excel(tmp_path / "report.xlsx", sheet_name="Offices")
    assert offices["Blanks to send"].sum() == plan.kpis.blanks_shipped == 40_000
    summary = dict(pd.read_excel(tmp_path / "report.xlsx", sheet_name="Summary").values)
    assert summary["Cards printed, first-time applicants"] == plan.kpis.cards_by_tier["first_time"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_infeasible_plan_writes_no_zeros_as_figures(tmp_path: Path, lang: str) -> None:
    # A reserve above the shipment (constraint (1)): the plan ships nothing. The report
    # said "Blanks in the shipment 0, Cards printed 0" and 0 % for every kelurahan; the
    # CSV wrote 0 for every KPI. They say it is infeasible and why, and leave no 0; the
    # one figure such a plan has is true: nothing ships, every blank stays central.
    from optimizer import i18n

    ds = datasets.load("palembang")
    policy = ds.policy().model_copy(update={"reserve": 50_000})
    plan = i18n.localize_plan(solve(ds.instance, Shipment(blanks=40_000), policy), lang)
    assert plan.status == "infeasible"
    write_plan_report(plan, tmp_path / "report.xlsx", ds.instance, policy, lang)
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    summary = [row for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    status = i18n.translate(lang, "status", "infeasible")
    assert summary[0][1] == status
    why = "larger than the shipment" if lang == "en" else "lebih besar dari pengiriman"
    assert why in summary[1][1] and status in summary[1][0]
    figures = [value for row in summary for value in row if isinstance(value, int | float)]
    assert figures == [40_000], summary  # blanks kept at the central office
    kelurahan = book.worksheets[3]
    header = [c.value for c in kelurahan[1]]
    rows = list(kelurahan.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(ds.instance.areas)
    for name in ("Cards, ", "Coverage, ") if lang == "en" else ("Kartu, ", "Cakupan, "):
        columns = [i for i, h in enumerate(header) if h.startswith(name)]
        assert columns and all(row[i] is None for row in rows for i in columns), name
    write_plan_csv(plan, tmp_path / "csv")
    kpis = pd.read_csv(tmp_path / "csv" / "kpis.csv")
    given = kpis.dropna(subset=["value"])
    assert dict(zip(given["kpi"], given["value"], strict=True)) == {
        "blanks_shipped": 0, "blanks_kept_central": 40_000}, kpis
    messages = pd.read_csv(tmp_path / "csv" / "messages.csv")
    assert list(messages["code"]) == ["INFEASIBLE_RESERVE"]


def test_kpis_csv_writes_counts_as_whole_numbers(tmp_path: Path):
    """Counts in kpis.csv are written as whole numbers ("50000"): a float column wrote
    "50000.0", which a spreadsheet in an Indonesian locale (dot = thousands) can misread;
    coverages and km keep their decimals."""
    ds = datasets.load("palembang")
    write_plan_csv(solve(ds.instance, Shipment(blanks=50_000), ds.policy()), tmp_path)
    rows = {(r["kpi"], r["tier"]): r["value"]
            for r in csv.DictReader((tmp_path / "kpis.csv").open(encoding="utf-8"))}
    assert rows[("cards_by_tier", "first_time")] == "50000"
    assert rows[("blanks_shipped", "")] == "50000"
    assert rows[("blanks_kept_central", "")] == "0"
    assert "." in rows[("coverage_min_by_tier", "first_time")]
    assert "." in rows[("resident_km_total", "")]


def test_written_files_get_the_permissions_open_would_give(tmp_path: Path):
    """A new file: 0666 less the umask (mkstemp's 0600 left plans unreadable to the
    office's other accounts); an existing file keeps its own permissions."""
    saved = os.umask(0o022)
    try:
        fresh = tmp_path / "plan.json"
        with atomic_file(fresh) as stream:
            stream.write("{}\n")
        assert fresh.stat().st_mode & 0o777 == 0o644
        os.umask(0o077)
        with atomic_file(tmp_path / "private.json") as stream:
            stream.write("{}\n")
        assert (tmp_path / "private.json").stat().st_mode & 0o777 == 0o600
        fresh.chmod(0o640)
        with atomic_file(fresh) as stream:
            stream.write("{}\n")
        assert fresh.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(saved)


def test_a_killed_write_leaves_the_old_file_whole(tmp_path: Path):
    target = tmp_path / "plan.json"
    target.write_text("old plan\n")
    with pytest.raises(RuntimeError), atomic_file(target) as stream:
        stream.write("half a new pl")
        raise RuntimeError("killed")
    assert target.read_text() == "old plan\n"
    assert os.listdir(tmp_path) == ["plan.json"]  # no temporary file left behind
    plan = solve(load_instance(Path(__file__).parents[1] / "data" / "tiny"),
                 Shipment(blanks=10))
    write_plan_json(plan, target)
    assert target.read_text().startswith("{") and os.listdir(tmp_path) == ["plan.json"]


@pytest.mark.parametrize(("option", "path", "message"), [
    ("--json", "missing/plan.json", "cannot be written: the folder"),
    ("--json", ".", "is a folder; give a file name"),
    ("--xlsx", "plan.csv", "must end in .xlsx"),
    ("--csv", "file.txt", "is a file, not a folder"),
])
def test_an_unwritable_output_is_one_line_before_the_solve(tmp_path: Path, option: str,
                                                          path: str, message: str):
    (tmp_path / "file.txt").write_text("x")
    result = runner.invoke(app, ["plan", "--dataset", "synthetic-city", "--blanks", "10",
                                 option, str(tmp_path / path)])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Status:" not in result.output  # refused before any solving
    with pytest.raises(InvalidInput):
        check_output_paths(**{option.strip("-") + ("_dir" if option == "--csv" else "_path"):
                              tmp_path / path})


def test_the_template_reads_back_as_its_example(tmp_path: Path):
    path = tmp_path / "isian.xlsx"
    result = runner.invoke(app, ["template", str(path)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Petunjuk", "sites", "areas", "districts", "tiers", "distances"]
    assert "PETUNJUK" in book["Petunjuk"]["A1"].value
    checks = book["sites"].data_validations.dataValidation
    rules = {str(v.sqref).split(":")[0][0]: v for v in checks}
    printers = [c.value for c in book["sites"][1]].index("printers")
    rule = rules["ABCDEFGHIJ"[printers]]
    assert (rule.type, rule.formula1, rule.formula2) == ("whole", "0", "1000")
    assert book["areas"]["A2"].number_format == "@"
    loaded = read_instance(path, name="palembang")
    assert loaded.instance == datasets.load("palembang").instance
    assert any("Petunjuk" in n for n in loaded.notes)
