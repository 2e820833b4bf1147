"""`blanko evaluate` end to end: a planner's shipments from CSV, planned around and priced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer import Policy, Shipment
from optimizer.cli import app
from optimizer.engine.pins import price_pins
from optimizer.io.files import load_instance

TINY = Path(__file__).parent / "data" / "tiny"
LONG_TIERS = Path(__file__).parent / "data" / "long-tier-names"
runner = CliRunner()


def test_evaluate_prints_the_cost_and_writes_the_pinned_plan(tmp_path: Path):
    instance = load_instance(TINY)
    first = sorted(s.site_id for s in instance.sites)[0]
    (tmp_path / "pins.csv").write_text(f"site_id,blanks\n{first},0\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(TINY), "--blanks", "600",
                                 "--shipments", str(tmp_path / "pins.csv"), "--json",
                                 str(tmp_path / "plan.json"), "--cost-json",
                                 str(tmp_path / "cost.json")])
    assert result.exit_code == 0, result.output
    assert "Cost of your shipments against the optimal plan" in result.output
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert {s["site_id"]: s["blanks"] for s in plan["shipments"]}[first] == 0
    # The printed cost is the library's (same input, same pins).
    priced = price_pins(instance, Shipment(blanks=600), Policy(pinned_shipments={first: 0}))
    assert priced.cost is not None
    assert f"{priced.cost.resident_km:,.1f} " in result.output  # km as the CLI writes km
    # --cost-json holds the same cost, field for field.
    cost = json.loads((tmp_path / "cost.json").read_text(encoding="utf-8"))
    assert cost == priced.cost.model_dump(mode="json")


def test_evaluate_names_file_row_and_column_of_bad_shipments(tmp_path: Path):
    (tmp_path / "pins.csv").write_text("site_id,blanks\nS1,-4\nS1,3\n,2\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(TINY), "--blanks", "600",
                                 "--shipments", str(tmp_path / "pins.csv")])
    assert result.exit_code == 2
    assert "pins.csv row 2, column blanks: must be >= 0, got '-4'" in result.output
    assert "pins.csv row 3, column site_id: duplicate id 'S1' (first in row 2)" in result.output
    assert "pins.csv row 4, column site_id: must not be empty" in result.output
    assert result.output.count("fix: ") == 3


def test_evaluate_reads_shipments_as_excel_saves_them(tmp_path: Path):
    """UTF-16 with a tab between fields and Indonesian headers (Excel's 'Unicode text'),
    a cleared row: read, not a traceback; the reader's notes on stderr; one site pinned."""
    instance = load_instance(TINY)
    first = sorted(s.site_id for s in instance.sites)[0]
    (tmp_path / "pins.csv").write_text(f"kode_kantor\tjumlah_blangko\r\n{first}\t0\r\n\t\r\n",
                                       encoding="utf-16")
    result = runner.invoke(app, ["evaluate", "--data", str(TINY), "--blanks", "600",
                                 "--shipments", str(tmp_path / "pins.csv"), "--json",
                                 str(tmp_path / "plan.json")])
    assert result.exit_code == 0, result.output
    assert "(1 site pinned)" in result.output
    assert "pins.csv: read as UTF-16 text" in result.output
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert {s["site_id"]: s["blanks"] for s in plan["shipments"]}[first] == 0


def test_evaluate_refuses_shipments_in_the_language_asked(tmp_path: Path):
    (tmp_path / "pins.csv").write_text("site_id,blanks\nS1,6\u00b2\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(TINY), "--blanks", "600",
                                 "--shipments", str(tmp_path / "pins.csv"), "--lang", "id"])
    assert result.exit_code == 2
    assert "pins.csv baris 2, kolom blanks: harus berupa bilangan bulat" in result.output
    assert "perbaikan: " in result.output


def test_evaluate_refuses_an_unknown_site(tmp_path: Path):
    (tmp_path / "pins.csv").write_text("site_id,blanks\nNOPE,5\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(TINY), "--blanks", "600",
                                 "--shipments", str(tmp_path / "pins.csv")])
    assert result.exit_code == 2
    # The cell the planner typed, not the library's policy.pinned_shipments.NOPE.
    assert "pins.csv row 2, column site_id: unknown site 'NOPE'" in result.output


def test_evaluate_pins_beyond_the_shipment_exit_infeasible(tmp_path: Path):
    instance = load_instance(TINY)
    first = sorted(s.site_id for s in instance.sites)[0]
    (tmp_path / "pins.csv").write_text(f"site_id,blanks\n{first},700\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(TINY), "--blanks", "600",
                                 "--shipments", str(tmp_path / "pins.csv"), "--cost-json",
                                 str(tmp_path / "cost.json")])
    assert result.exit_code == 3
    assert "INFEASIBLE_PINS" in result.output
    assert json.loads((tmp_path / "cost.json").read_text(encoding="utf-8")) is None


def test_evaluate_speaks_the_language_asked_and_keeps_codes_and_figures(tmp_path: Path):
    """`--lang id` on `blanko evaluate` as on `blanko plan`: the plan's message texts in
    Bahasa Indonesia on the terminal, every code, param and figure as in English; the
    --json file is the library's plan, the same in every language (QA3 14)."""
    instance = load_instance(TINY)
    first = sorted(s.site_id for s in instance.sites)[0]
    (tmp_path / "pins.csv").write_text(f"site_id,blanks\n{first},0\n", encoding="utf-8")
    plans, said = {}, {}
    for lang in ("en", "id"):
        result = runner.invoke(app, ["evaluate", "--data", str(TINY), "--blanks", "600",
                                     "--shipments", str(tmp_path / "pins.csv"), "--lang", lang,
                                     "--json", str(tmp_path / f"{lang}.json")])
        assert result.exit_code == 0, result.output
        plans[lang] = json.loads((tmp_path / f"{lang}.json").read_text(encoding="utf-8"))
        said[lang] = result.output
    en, id_ = plans["en"], plans["id"]
    texts = [m["text"] for m in en["messages"]]
    assert texts and all(text in said["en"] for text in texts)
    assert not any(text in said["id"] for text in texts)  # said in Indonesian
    for plan in (en, id_):
        plan["solver"].pop("seconds")
    assert en == id_


def test_an_unknown_pinned_site_is_named_by_file_row_and_column_in_the_language(
        tmp_path: Path):
    # tiny has sites S1 and S2 only: S9 in row 3 of the file is unknown.
    pins = tmp_path / "s.csv"
    pins.write_text("site_id,blanks\nS1,100\nS9,50\n", encoding="utf-8")
    args = ["evaluate", "--data", str(TINY), "--blanks", "600", "--shipments", str(pins)]
    english = runner.invoke(app, args)
    assert english.exit_code == 2, english.output
    said = " ".join(english.output.split())
    assert "s.csv row 3, column site_id: unknown site 'S9'" in said
    assert "fix: use the site ids of the sites table" in said
    assert "policy.pinned_shipments" not in said
    indonesian = runner.invoke(app, [*args, "--lang", "id"])
    said = " ".join(indonesian.output.split())
    assert indonesian.exit_code == 2
    assert "s.csv baris 3, kolom site_id: kantor 'S9' tidak dikenal" in said, said
    assert "perbaikan: gunakan kode kantor dari tabel kantor" in said
    # A site pinned twice: both rows named, in the language too.
    pins.write_text("site_id,blanks\nS1,100\nS2,50\nS1,20\n", encoding="utf-8")
    twice = " ".join(runner.invoke(app, [*args, "--lang", "id"]).output.split())
    assert "s.csv baris 4, kolom site_id: kode 'S1' ganda (pertama di baris 2)" in twice


def test_an_infeasible_evaluation_shows_no_figures_but_the_reason(tmp_path: Path):
    # S2 holds 10 in stock under a storage cap of 500 (tests/data/tiny): 600 pinned makes
    # 610 > 500, so constraint (2c) cannot hold and nothing is shipped.
    pins = tmp_path / "s.csv"
    pins.write_text("site_id,blanks\nS2,600\n", encoding="utf-8")
    args = ["evaluate", "--data", str(TINY), "--blanks", "600", "--shipments", str(pins)]
    for lang, none, reason in (("en", "no figures: the plan is infeasible", "S2 would hold"),
                               ("id", "tidak ada angka: rencana ini tidak layak",
                                "Kantor S2 akan menyimpan")):
        result = runner.invoke(app, [*args, "--lang", lang])
        assert result.exit_code == 3, result.output
        said = " ".join(result.output.split())
        assert none in said and reason in said, said
        assert "0.0" not in said and "0,0 " not in said and "km" not in said, said


def test_a_cost_below_zero_is_said_in_words_with_a_note(capsys):
    from optimizer.cli.evaluate import _print_cost
    from optimizer.schema import PlanCost

    # The tester's Palembang case: pins strand 1,200 blanks, so 1,200 first-time cards
    # fewer are printed and the pinned plan's resident-km is 20,943.743 below the optimal
    # plan's: less travel only because fewer residents get a card.
    cost = PlanCost(cards_by_tier={"first_time": 1200, "replacement": -5},
                    coverage_min_by_tier={"first_time": 0.05, "replacement": -0.01},
                    resident_km=-20943.743, blanks_stranded=1200)
    _print_cost(cost, "en")
    out = " ".join(capsys.readouterr().out.split())
    assert "resident-km fewer │ 20,943.7" in out and "-20" not in out
    assert "20,943.743" not in out  # tester qa10: three decimals read as thousands
    assert "replacement cards more │ 5" in out
    assert "replacement lowest district coverage, points higher │ 1.00" in out
    assert "first_time cards fewer │ 1,200" in out
    assert "Fewer resident-km only because fewer cards are printed (1,200 fewer)" in out
    _print_cost(cost, "id")
    out = " ".join(capsys.readouterr().out.split())
    assert "km-penduduk lebih sedikit │ 20.943,7 " in out
    assert "hanya karena kartu yang dicetak lebih sedikit (1.200 lebih sedikit)" in out
    # A cost that is a cost keeps its word: no note.
    _print_cost(PlanCost(cards_by_tier={"first_time": 0}, coverage_min_by_tier={
        "first_time": 0.0}, resident_km=19.545, blanks_stranded=0), "en")
    out = " ".join(capsys.readouterr().out.split())
    assert "resident-km more │ 19.5 " in out and "Fewer resident-km" not in out


def test_an_infeasible_comparison_shows_dashes_and_the_reason_not_zeros(tmp_path: Path) -> None:
    # 600 blanks with a reserve of 700: constraint (1) cannot hold for any policy.
    args = ["compare", "--data", str(TINY), "--blanks", "600", "--reserve", "700",
            "--policies", "optimal,equal"]
    for lang, reason in (("en", "The reserve (700) is larger than the shipment (600)"),
                         ("id", "Cadangan (700) lebih besar dari pengiriman (600)")):
        result = runner.invoke(app, [*args, "--lang", lang])
        assert result.exit_code == 3, result.output
        rows = [line for line in result.output.splitlines()
                if line.startswith("│") and ("optimal" in line or "equal" in line)]
        # One row per policy in each part of the table (it is split to fit the width).
        assert rows and len(rows) % 2 == 0 and all(
            "—" in r and "0.0" not in r and "0,0" not in r for r in rows), result.output
        said = " ".join(result.output.split())
        assert said.count(reason) == 2, said
    # The comparison JSON: the status, and no metrics (they would be the plan's zeros).
    out = tmp_path / "c.json"
    assert runner.invoke(app, [*args, "--json", str(out)]).exit_code == 3
    rows = json.loads(out.read_text(encoding="utf-8"))["policies"]
    assert [(r["status"], r["metrics"]) for r in rows] == [("infeasible", None)] * 2


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_cost_table_fits_the_terminal_and_cuts_no_figure(tmp_path: Path, lang: str,
                                                             columns: int) -> None:
    """Tiers declared with long names (tests/data/long-tier-names): the cost table was
    wider than an 80-column terminal; its words now wrap, no figure is cut."""
    from optimizer.i18n import cli

    (tmp_path / "pins.csv").write_text("site_id,blanks\nS1,0\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(LONG_TIERS), "--blanks", "600",
                                 "--shipments", str(tmp_path / "pins.csv"), "--lang", lang,
                                 "--cost-json", str(tmp_path / "cost.json")],
                           env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    title = cli.say(lang, cli.COST_TITLE)
    lines = [line for line in result.output.splitlines()
             if line[:1] in "┏┃┡│└" or title in line]
    assert len(lines) > 3 and max(len(line) for line in lines) <= columns, result.output
    assert "…" not in result.output, result.output
    cells = {c.strip() for line in lines for c in line.split("│")}
    cost = json.loads((tmp_path / "cost.json").read_text(encoding="utf-8"))
    assert cost["cards_by_tier"]["pemohon_pertama_usia_tujuh_belas_tahun"] > 0
    figures = [cli.grouped(abs(c), lang) for c in cost["cards_by_tier"].values()]
    figures += [cli.fixed(abs(cost["resident_km"]), 1, lang),
                cli.grouped(abs(cost["blanks_stranded"]), lang)]
    figures += [cli.fixed(100 * abs(s), 2, lang, group=False)
                for s in cost["coverage_min_by_tier"].values() if s is not None]
    assert all(f in cells for f in figures), (figures, result.output)
    # A tier's long name whole, on a line of its own words.
    words = {w for line in lines for c in line.split("│") for w in c.split()}
    assert {"pemohon_pertama_usia_tujuh_belas_tahun",
            "penggantian_karena_rusak_atau_hilang"} <= {w.rstrip(",") for w in words}


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["qa5-pins-case.csv row 2, column site_id: unknown site 'kec-16.71.01': did you "
            "mean KEC-16.71.01? It differs only in letter case",
            "fix: write the id as the sites table writes it: KEC-16.71.01"]),
    ("id", ["kantor 'kec-16.71.01' tidak dikenal: maksud Anda KEC-16.71.01?",
            "perbaikan: tulis kodenya seperti yang tertulis di tabel kantor: KEC-16.71.01"])])
def test_a_pin_on_a_site_in_another_letter_case_names_the_site_it_may_mean(lang: str,
                                                                           words: list[str]):
    """qa5 F10: a pin on 'kec-16.71.01' was 'unknown site' with no hint. Ids are read as
    written everywhere (a duplicate or a reference one but for case is refused, not
    read as the other), so the pin is refused, but the refusal names KEC-16.71.01."""
    data = Path(__file__).parent / "data"
    result = runner.invoke(app, ["evaluate", "--data", str(data / "spreadsheets" / "clean"),
                                 "--blanks", "5000", "--lang", lang, "--shipments",
                                 str(data / "shipments" / "qa5-pins-case.csv")])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    for fragment in words:
        assert fragment in said, said
