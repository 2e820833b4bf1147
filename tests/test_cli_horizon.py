"""`blanko plan --schedule`: the lookahead through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()


def test_plan_with_a_schedule_prints_provisional_shipments(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "10000",
                                 "--schedule", "tranches=2,every=5,blanks=10000,start=5",
                                 "--quiet", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "provisional" in result.output
    plan = json.loads(out.read_text())
    assert plan["solver"]["name"] == "blanko-lookahead"
    # The shipment in hand is all that is sent now; 3 periods: now, day 5, day 10.
    assert sum(line["blanks"] for line in plan["shipments"]) <= 10000
    message = next(m for m in plan["messages"] if m["code"] == "LOOKAHEAD")
    assert message["params"]["periods"] == 3
    assert message["params"]["days"] == "5,5,5"


def test_a_schedule_without_later_tranches_is_refused() -> None:
    result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "10000",
                                 "--schedule", "tranches=1,every=5,blanks=10000"])
    assert result.exit_code == 2
    assert "names no tranche after day 0" in result.output


def test_a_day_zero_tranche_must_be_the_shipment_in_hand(tmp_path: Path) -> None:
    schedule = tmp_path / "s.csv"
    # Saved by Excel as "CSV UTF-8": a byte-order mark before the header.
    schedule.write_text("\ufeffday,blanks\n0,99999\n20,10000\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "20000",
                                 "--schedule", str(schedule)])
    assert result.exit_code == 2
    assert "--blanks is 20,000" in result.output
    schedule.write_text("\ufeffday,blanks\n0,20000\n20,10000\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "20000",
                                 "--schedule", str(schedule), "--no-equity", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Equity was not optimized" in result.output


def test_schedule_refusals_read_in_indonesian(tmp_path: Path) -> None:
    """A day-0 tranche (one amount or a range) that is not --blanks, and a schedule with no
    later tranche, are refused in the planner's language with its figures (a tester found
    them English under --lang id)."""
    schedule = tmp_path / "s.csv"
    schedule.write_text("day,blanks\n0,99999\n20,10000\n", encoding="utf-8")
    spec_range = "day,blanks\n0,15000-25000\n20,10000\n"
    cases = [(["--schedule", str(schedule)], ["99.999 blangko", "--blanks 20.000"]),
             (["--schedule", "tranches=1,every=5,blanks=20000"], ["tidak menyebut tahap"])]
    ranged = tmp_path / "r.csv"
    ranged.write_text(spec_range, encoding="utf-8")
    cases.append((["--schedule", str(ranged)], ["15.000-25.000 blangko", "--blanks 20.000"]))
    for extra, expected in cases:
        result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "20000",
                                     "--lang", "id", *extra])
        assert result.exit_code == 2, result.output
        text = " ".join(result.output.split())
        for words in expected:
            assert words in text, (extra, result.output)
        assert "make them agree" not in text and "names no tranche" not in text


def test_an_absurd_schedule_is_a_located_error() -> None:
    result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "100",
                                 "--schedule", "tranches=2,every=20,blanks=4000000000000000000"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_schedule_numbers_are_refused_with_one_true_sentence() -> None:
    """A count below its least value says the least value (>= 1 for tranches, every and
    step, >= 0 for start and days), whatever the sign; blanks say what was typed and the
    10^12 limit of a shipment before any comparison with --blanks."""
    cases = {
        "tranches=0,every=5,blanks=100": "schedule.tranches: must be a whole number >= 1, "
                                         "got '0'",
        "tranches=-1,every=5,blanks=100": "schedule.tranches: must be a whole number >= 1, "
                                          "got '-1'",
        "tranches=2,every=-5,blanks=100": "schedule.every: must be a whole number >= 1, "
                                          "got '-5'",
        "tranches=2,every=0,blanks=100": "schedule.every: must be a whole number >= 1, got '0'",
        "tranches=2,every=5,blanks=-5": "schedule.blanks: must be a whole number >= 0 or a "
                                        "range low-high, got '-5'",
        "tranches=2,every=5,blanks=10000000000000": "schedule.blanks: must be <= "
                                                    "1,000,000,000,000, got '10000000000000'",
        "tranches=2,every=5,blanks=10,start=-1": "schedule.start: must be a whole number >= 0, "
                                                 "got '-1'",
    }
    for spec, expected in cases.items():
        result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "10000",
                                     "--schedule", spec])
        assert result.exit_code == 2, (spec, result.output)
        assert expected in result.output.replace("\n", " "), (spec, result.output)


def test_plan_ahead_with_lots_ships_every_whole_lot_and_shows_the_lots_now(
        tmp_path: Path) -> None:
    """The tester's case: 10,050 blanks now, 10,000 on days 20, 40 and 60, lots of 100.
    Each Palembang office prints 3,000 before day 20 (19 offices, 150,000 waiting), so
    100 whole lots (10,000) fit and only 50 (less than a lot) stay central; without lots
    the lookahead ships and prints all 10,050, so the lots cost 50 cards. The "now"
    column is what the plan sends (whole lots), not the lot-free figures."""
    schedule = tmp_path / "s.csv"
    schedule.write_text("day,blanks\n0,10050\n20,10000\n40,10000\n60,10000\n")
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "10050",
                                 "--schedule", str(schedule), "--lot-size", "100",
                                 "--quiet", "--json", str(out)], terminal_width=200)
    assert result.exit_code == 0, result.output
    plan = json.loads(out.read_text())
    k = plan["kpis"]
    assert (k["blanks_shipped"], k["blanks_kept_central"], k["cards_lost_to_lots"]) == (
        10000, 50, 50)
    assert k["cards_by_tier"]["first_time"] == 10000
    assert k["lot_cost"]["cards_by_tier"]["first_time"] == 50
    codes = {m["code"]: m for m in plan["messages"]}
    assert "PINNED_SHIPMENTS" not in codes and "BLANKS_KEPT_CENTRAL" not in codes
    assert codes["BLANKS_KEPT_CENTRAL_LOTS"]["params"]["lot_kept"] == 50
    sent = {line["site_id"]: line["blanks"] for line in plan["shipments"]}
    rows = [line.split("│") for line in result.output.splitlines()
            if line.startswith("│") and line.split("│")[1].strip() in sent]
    assert len(rows) == len(sent)
    assert all(int(row[2].strip().replace(",", "")) == sent[row[1].strip()] for row in rows)
    # The later tranches' provisional shipments are whole lots too, printed and in the
    # LOOKAHEAD message; LOOKAHEAD_LOTS says how and what it costs.
    later = [int(cell.strip().replace(",", "")) for row in rows for cell in row[3:-1]]
    assert len(later) == 3 * len(rows) and not any(n % 100 for n in later)
    provisional = codes["LOOKAHEAD"]["params"]["provisional_shipments"]
    assert provisional and all(int(n) % 100 == 0 for part in provisional.split("; ")
                               for n in part.split(": ")[1].split(","))
    assert codes["LOOKAHEAD_LOTS"]["params"]["lot_size"] == 100
    assert codes["LOOKAHEAD_LOTS"]["params"]["resident_days"] >= 0


def test_the_horizon_is_written_as_structured_json(tmp_path: Path) -> None:
    """tests/data/stranded (S1 prints 15 a day, S2 20; A1 30 waiting, A2 20) with 10 blanks
    now and 40 on day 1 (tests/data/schedules/next-day.csv): two one-day periods.

    Now: 10 cards, all 10 blanks sent now. Day 1: 40 blanks, 40 waiting, but the printers
    hold 15 + 20 = 35 cards, so each office prints to its capacity: S1 15 and S2 20 are
    the provisional shipments (the lookahead ships as late as it can: nothing sent now
    waits for day 1). Waiting at the ends: 50 - 10 = 40, then 50 - 45 = 5: 45
    resident-days."""
    data = Path(__file__).parent / "data"
    out = tmp_path / "horizon.json"
    result = runner.invoke(app, ["plan", "--data", str(data / "stranded"), "--blanks", "10",
                                 "--schedule", str(data / "schedules" / "next-day.csv"),
                                 "--quiet", "--horizon-json", str(out)])
    assert result.exit_code == 0, result.output
    horizon = json.loads(out.read_text(encoding="utf-8"))
    assert [(p["period"], p["start_day"], p["days"], p["blanks"], p["ships"])
            for p in horizon["periods"]] == [(0, 0, 1, 10, True), (1, 1, 1, 40, True)]
    later = {s["site_id"]: s["blanks"] for s in horizon["shipments"] if s["provisional"]}
    assert later == {"S1": 15, "S2": 20}
    now = [s for s in horizon["shipments"] if not s["provisional"]]
    assert {s["period"] for s in now} == {0} and sum(s["blanks"] for s in now) == 10
    assert all(s["start_day"] == 1 for s in horizon["shipments"] if s["provisional"])
    assert horizon["resident_days"] == {"first_time": 45, "replacement": 0}


def test_horizon_json_needs_a_schedule(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "10000",
                                 "--horizon-json", str(tmp_path / "h.json")])
    assert result.exit_code == 2
    assert "--schedule" in result.output


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_horizon_table_fits_the_terminal_and_cuts_nothing(lang: str, columns: int) -> None:
    # Eight tranches: the table was 120 wide at 80 or 100 columns and cut the offices'
    # ids ("DISDU…") and the headings ("(seme…"). Later days go on in further tables.
    out = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "10000",
                              "--schedule", "tranches=8,every=5,blanks=10000", "--lang", lang],
                        env={"COLUMNS": str(columns)})
    assert out.exit_code == 0, out.output
    tables = [line for line in out.output.splitlines() if line[:1] in "┏┃┡│└"]
    assert tables and max(len(line) for line in tables) <= columns, out.output
    assert "…" not in out.output, out.output
    words = {w for line in tables for c in line.split("│") for w in c.split()}
    assert {"DISDUKCAPIL", "KEC-16.71.18"} <= words, out.output
    tranche = "10,000" if lang == "en" else "10.000"
    rows = [line for line in tables if line.startswith(("│ tranche ", "│ tahap "))]
    assert rows and all(line.count(tranche) >= 1 for line in rows), out.output
    day = "day 35" if lang == "en" else "hari ke-35"
    assert all(part in " ".join(" ".join(tables).split()) for part in day.split()), out.output
