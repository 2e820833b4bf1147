"""The `blanko` command end to end: outputs, and every exit code."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.io.exports import read_plan_json
from tests.cases import TINY_DIR

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_plan_on_own_files_writes_every_output(tmp_path: Path):
    result = run("plan", "--data", str(TINY_DIR), "--blanks", "600", "--json",
                 str(tmp_path / "plan.json"), "--csv", str(tmp_path / "csv"), "--xlsx",
                 str(tmp_path / "plan.xlsx"))
    assert result.exit_code == 0, result.output
    assert "Status: optimal" in result.output
    assert "K1" in result.output and "District one" in result.output
    plan = read_plan_json(tmp_path / "plan.json")
    assert plan.kpis.cards_by_tier["first_time"] == 610  # 600 shipped + 10 in stock
    assert (tmp_path / "csv" / "districts.csv").is_file()
    assert (tmp_path / "plan.xlsx").is_file()


def test_plan_options_reach_the_policy(tmp_path: Path):
    result = run("plan", "--data", str(TINY_DIR), "--blanks", "600", "--reserve", "100",
                 "--lot-size", "50", "--no-equity", "--max-travel-km", "3", "--time-limit", "5",
                 "--json", str(tmp_path / "plan.json"))
    assert result.exit_code == 0, result.output
    plan = read_plan_json(tmp_path / "plan.json")
    assert plan.kpis.blanks_shipped <= 500
    assert all(s.blanks % 50 == 0 for s in plan.shipments)
    assert plan.solver.time_limit_s == 5
    assert {m.code for m in plan.messages} >= {"EQUITY_OFF", "LOT_ROUNDING"}


def test_invalid_file_exits_2_naming_file_row_and_column(tiny: Path):
    folder = tiny
    text = (folder / "areas.csv").read_text().replace("A2,Area two,K1,-3.01,104.76,800,200",
                                                        "A2,Area two,K1,-3.01,104.76,800,-5")
    (folder / "areas.csv").write_text(text)
    result = run("plan", "--data", str(folder), "--blanks", "10")
    assert result.exit_code == 2
    assert "areas.csv row 3, column first_time: must be >= 0, got -5" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [
    ("plan", "--blanks", "10"),
    ("plan", "--blanks", "10", "--dataset", "palembang", "--data", str(TINY_DIR)),
    ("plan", "--blanks", "10", "--dataset", "atlantis"),
    ("plan", "--blanks", "10", "--data", "/nonexistent/folder"),
    ("plan", "--blanks", "-3", "--data", str(TINY_DIR)),
    ("plan", "--blanks", "10", "--data", str(TINY_DIR), "--max-travel-km", "5000"),
    ("plan", "--blanks", "ten", "--data", str(TINY_DIR)),
])
def test_bad_arguments_exit_2(args: tuple[str, ...]):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_infeasible_exits_3_and_names_the_constraint():
    result = run("plan", "--data", str(TINY_DIR), "--blanks", "10", "--reserve", "20")
    assert result.exit_code == 3
    assert "INFEASIBLE_RESERVE" in result.output


def test_datasets_lists_the_bundled_ones():
    result = run("datasets")
    assert result.exit_code == 0, result.output
    for name in ("palembang", "palembang-2017", "indonesia", "synthetic-city"):
        assert name in result.output


def test_console_script_runs_the_main_job(tmp_path: Path):
    """The installed `blanko` command, as the README runs it, in a real process."""
    exe = shutil.which("blanko") or str(Path(sys.executable).parent / "blanko")
    out = tmp_path / "plan.json"
    done = subprocess.run([exe, "plan", "--dataset", "palembang", "--blanks", "50000",
                           "--json", str(out)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "estimated" in done.stdout
    plan = json.loads(out.read_text())
    assert plan["status"] == "optimal"
    assert plan["kpis"]["cards_by_tier"]["first_time"] == 50000
    bad = subprocess.run([exe, "plan", "--dataset", "palembang", "--blanks", "10",
                          "--reserve", "11"], capture_output=True, text=True, timeout=120,
                         check=False)
    assert bad.returncode == 3


@pytest.mark.parametrize("lang", ["en", "id"])
def test_compare_fits_a_100_column_terminal_and_cuts_no_figure(lang: str, tmp_path: Path) -> None:
    # rich cut '20,000' to '20,0…' when the 15 columns did not fit (and the console
    # printed 120 wide into a 100-column terminal); Indonesian names are longer still.
    out = tmp_path / "c.json"
    result = runner.invoke(app, ["compare", "--data", str(TINY_DIR), "--blanks", "600",
                                 "--json", str(out), "--lang", lang], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    tables = [line for line in lines if line[:1] in "┏┃┡│└"]
    assert tables and max(len(line) for line in tables) <= 100, result.output
    assert "…" not in result.output, result.output
    # Every figure whole, on its policy's row: first-time cards and the mean km.
    from optimizer.i18n import cli

    for row in json.loads(out.read_text(encoding="utf-8"))["policies"]:
        metrics = row["metrics"]
        cards = cli.grouped(metrics["cards_by_tier"]["first_time"], lang)
        km = cli.fixed(metrics["resident_km_mean"], 2, lang)
        name = cli.policy(row["policy"], lang).split()[0]
        starts = [line for line in tables if line.startswith(f"│ {name}")]
        assert len(starts) >= 2, (name, result.output)  # the name in every part
        cells = {c.strip() for line in starts for c in line.split("│")}
        assert cards in cells and km in cells, (row["policy"], cards, km, result.output)


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_plan_table_fits_the_terminal_and_cuts_nothing(lang: str, columns: int) -> None:
    # The console is at least 120 wide: the district table was 120 columns in an 80 or
    # 100-column terminal, and cut names ("Alang-Al…") and headings ("pengirim…").
    from optimizer import Shipment, datasets, solve
    from optimizer.i18n import cli

    result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "40000",
                                 "--lang", lang], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    tables = [line for line in result.output.splitlines() if line[:1] in "┏┃┡│└"]
    assert tables and max(len(line) for line in tables) <= columns, result.output
    assert "…" not in result.output, result.output
    cells = {c.strip() for line in tables for c in line.split("│")}
    ds = datasets.load("palembang")
    plan = solve(ds.instance, Shipment(blanks=40_000), ds.policy())
    for line in plan.districts:  # every figure whole, in some table
        assert cli.grouped(line.backlog, lang) in cells and cli.grouped(line.served, lang) in \
            cells, (line, result.output)
    # A name too long for its column wraps between words, never inside one.
    words = {w for line in tables for c in line.split("│") for w in c.split()}
    assert {"Alang-Alang", "Lebar", "Jakabaring"} <= words, result.output
    limit = cli.word("reason", "supply", lang)
    assert all(w in words for w in limit.split()), result.output


def table_lines(output: str, title: str) -> list[str]:
    """The lines of the tables titled `title` (its parts too): titles and rows."""
    return [line for line in output.splitlines()
            if line[:1] in "┏┃┡│└" or title in line]


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_datasets_table_fits_the_terminal_and_cuts_nothing(lang: str, columns: int) -> None:
    # It printed 120 columns wide (title and rows) into an 80 or 100-column terminal.
    from optimizer.i18n import cli
    from optimizer.io import datasets

    result = runner.invoke(app, ["datasets", "--lang", lang], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = table_lines(result.output, cli.say(lang, cli.DATASETS))
    assert lines and max(len(line) for line in lines) <= columns, result.output
    assert "…" not in result.output, result.output
    cells = {c.strip() for line in lines for c in line.split("│")}
    words = {w for line in lines for c in line.split("│") for w in c.split()}
    for name in datasets.names():
        starts = [line for line in lines if line.startswith(f"│ {name} ")]
        assert starts, (name, result.output)  # the name first in every part
        if name == "synthetic-national":
            assert cli.say(lang, cli.ABOUT, count=cli.grouped(84_000, lang)) in cells
            continue
        inst = datasets.load(name).instance
        backlog = sum(sum(a.backlog.values()) for a in inst.areas)
        for figure in (len(inst.sites), len(inst.areas), backlog):
            assert cli.grouped(figure, lang) in cells, (name, figure, result.output)
        assert cli.tier(inst.tiers[-1], lang) in words, result.output
    assert "optimizer.io.datasets.synthetic" in cells, result.output
    # The counts' headings on one line each: the long source text does not fold them.
    heads = [line for line in lines if line.startswith("┃")]
    for heading in (cli.SITES, cli.AREAS, cli.TOTAL_BACKLOG):
        assert any(f" {cli.say(lang, heading)} ┃" in line for line in heads), result.output


def test_fitted_tables_never_cut_a_figure_at_any_width() -> None:
    from rich.console import Console

    from optimizer.cli.tables import fitted_tables

    headings = ["kebijakan", *(f"kolom angka nomor {i} (penggantian)" for i in range(14))]
    rows = [[f"nama kebijakan yang panjang sekali ({n})",
             *(f"{n * 1_000 + i:,}.{i} %" for i in range(14))] for n in range(1, 6)]
    for width in range(60, 201, 7):
        console = Console(width=width, record=True, file=io.StringIO())
        tables = fitted_tables("Judul", headings, rows, width)
        for table in tables:
            console.print(table)
        text = console.export_text()
        assert max(len(line) for line in text.splitlines()) <= width, (width, text)
        assert "…" not in text
        cells = {c.strip() for line in text.splitlines() for c in line.split("│")}
        assert all(cell in cells for row in rows for cell in row[1:]), (width, text)
        # As few parts as fit; each part names its place ('Judul (1/3)').
        assert len(tables) == 1 or all(f"({n}/{len(tables)})" in text
                                       for n in range(1, len(tables) + 1))
