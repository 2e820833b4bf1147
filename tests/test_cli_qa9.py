"""Tester qa9's command-line faults: seeds and counts out of range, sweep files' errors,
unreachable and misplaced plan stores, a lot-size note that blamed the time limit.

Each test runs the real `blanko` command (Typer's runner) on files under tests/data/qa9.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "qa9"
SCENARIOS = DATA / "scenarios"
SMALL = Path(__file__).parent / "data" / "qa2" / "json-tiers" / "small.json"


def _run(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, args)
    # Typer's error panel wraps lines: read as one line of words.
    return result.exit_code, " ".join(result.output.replace("│", " ").split())


# ------------------------------------------------------------------ 1. seeds and counts


@pytest.mark.parametrize(("option", "value", "range_said"), [
    ("--seed", "-1", "from 0 to 2,147,483,647"),
    ("--replications", "0", "from 1 to 10,000"),
    ("--repair-days", "0", "from 1 to 365"),
    ("--one-shipment", "-5", "from 0 to 1,000,000,000"),
])
def test_replay_refuses_an_integer_out_of_range_naming_the_option(
        option: str, value: str, range_said: str, tmp_path: Path) -> None:
    # Was: --seed -1 reached numpy's SeedSequence, a ValueError traceback and exit 1.
    code, out = _run(["replay", "--data", str(SMALL), "--schedule",
                      "tranches=1,every=5,blanks=60", "--replications", "1",
                      "--policies", "capacity_capped", option, value,
                      "--out", str(tmp_path / "out")])
    assert code == 2, out
    assert option in out and range_said in out
    assert "Traceback" not in out and "ValueError" not in out
    assert not (tmp_path / "out").exists()


def test_a_negative_seed_is_said_in_indonesian(tmp_path: Path) -> None:
    code, out = _run(["replay", "--lang", "id", "--data", str(SMALL), "--schedule",
                      "tranches=1,every=5,blanks=60", "--seed", "-1",
                      "--out", str(tmp_path / "out")])
    assert code == 2 and "--seed" in out and "di luar rentang" in out


@pytest.mark.parametrize(("option", "value"), [("--replications", "0"), ("--workers", "0")])
def test_sweep_refuses_its_counts_out_of_range(option: str, value: str, tmp_path: Path) -> None:
    code, out = _run(["sweep", str(SCENARIOS / "deadline-late.toml"), option, value,
                      "--out", str(tmp_path / "out")])
    assert code == 2 and option in out and "out of range" in out


def test_a_negative_seed_in_a_scenario_names_the_file_and_range(tmp_path: Path) -> None:
    code, out = _run(["sweep", str(SCENARIOS / "seed-negative.toml"),
                      "--out", str(tmp_path / "out")])
    assert code == 2, out
    assert "seed-negative.toml, seed: must be in 0..2,147,483,647" in out
    assert "fix: give a whole number seed from 0" in out
    assert "Traceback" not in out


def test_a_scenarios_seed_is_checked_by_the_replay_too() -> None:
    from optimizer.schema import InvalidInput
    from optimizer.studies.replay import ReplayConfig, parse_schedule

    with pytest.raises(InvalidInput) as refused:
        ReplayConfig(schedule=parse_schedule("tranches=1,every=5,blanks=60"), seed=-1)
    assert str(refused.value) == "seed: must be in 0..2,147,483,647"


# ------------------------------------------------------------------ 5. sweep files' errors


def test_a_file_that_is_not_toml_is_reported_before_the_command_lines_error(
        tmp_path: Path) -> None:
    # Was: "--policies: must include capacity_capped" alone; the broken file after a rerun.
    code, out = _run(["sweep", str(SCENARIOS / "not-toml.toml"), "--policies", "optimal",
                      "--out", str(tmp_path / "out")])
    assert code == 2, out
    assert "not-toml.toml: not TOML: Illegal character" in out
    assert "fix: correct the file at the line and column shown" in out
    assert "--policies" not in out


@pytest.mark.parametrize(("name", "said", "fix"), [
    ("failure-prob-2.toml", "failure-prob-2.toml, failure_prob: must be in [0, 1]",
     "fix: write failure_prob as a chance from 0 to 1, e.g. 0.02"),
    ("deadline-late.toml", "deadline-late.toml, deadline: must be in 1..40",
     "fix: give a deadline within the schedule's working days"),
    ("quoted-number.toml", "quoted-number.toml, max_travel_km: must be a number, got '8'",
     "fix: write max_travel_km as a number without quotes"),
])
def test_a_scenario_keys_error_names_the_file_the_key_and_the_fix(
        name: str, said: str, fix: str, tmp_path: Path) -> None:
    # Was: "deadline: must be in 1..40", "failure_prob: must be in [0, 1]" (no file) and
    # "max_travel_km: has the wrong type" (no type, no fix).
    code, out = _run(["sweep", str(SCENARIOS / name), "--out", str(tmp_path / "out")])
    assert code == 2, out
    assert said in out and fix in out
    assert "wrong type" not in out


def test_a_scenario_keys_error_is_said_in_indonesian(tmp_path: Path) -> None:
    code, out = _run(["sweep", "--lang", "id", str(SCENARIOS / "failure-prob-2.toml"),
                      str(SCENARIOS / "quoted-number.toml"), "--out", str(tmp_path / "out")])
    assert code == 2, out
    assert "harus" in out and "must be" not in out and "write " not in out


# ------------------------------------------------------------------ 2. a store that is down

DOWN = "postgresql+psycopg://blanko:secret@127.0.0.1:5999/blanko"  # no server on 5999


@pytest.mark.parametrize("args", [["plans", "list", "--db", DOWN], ["db", "upgrade", "--db", DOWN],
                                  ["plans", "show", "0123", "--db", DOWN]])
def test_a_store_that_cannot_be_reached_is_said_without_a_traceback(args: list[str]) -> None:
    # Was: SQLAlchemy's OperationalError traceback, exit 1.
    code, out = _run(args)
    assert code == 6, out
    assert ("The plan store's database postgresql+psycopg://blanko:***@127.0.0.1:5999/blanko "
            "cannot be opened: connection failed") in out
    assert "Connection refused" in out and "Start the database server, or correct --db" in out
    assert "secret" not in out and "Traceback" not in out


def test_plan_save_to_a_store_down_keeps_the_plan_and_says_it_was_not_saved(
        tmp_path: Path) -> None:
    out_json = tmp_path / "plan.json"
    code, out = _run(["plan", "--data", str(SMALL), "--blanks", "60", "--save", "--db", DOWN,
                      "--json", str(out_json)])
    assert code == 6, out
    assert "The plan was NOT saved in the plan store" in out
    assert out_json.is_file() and '"shipments"' in out_json.read_text(encoding="utf-8")
    assert "Traceback" not in out


def test_a_store_down_is_said_in_indonesian() -> None:
    code, out = _run(["plans", "list", "--lang", "id", "--db", DOWN])
    assert code == 6 and "tidak dapat dibuka" in out and "Jalankan server basis data" in out


# ------------------------------------------------------------------ 7. a typo in --db's folder


def test_a_database_in_a_missing_folder_is_refused_not_made(tmp_path: Path) -> None:
    # Was: the folders made and an empty store listed, as if nothing were kept.
    url = f"sqlite:///{tmp_path / 'typo_dir' / 'sub' / 'x.db'}"
    code, out = _run(["plans", "list", "--db", url])
    assert code == 2, out
    assert f"the folder {tmp_path / 'typo_dir' / 'sub'} does not exist" in out
    assert "fix: create the folder first, or correct the path" in out
    assert not (tmp_path / "typo_dir").exists()


def test_a_database_in_an_existing_folder_is_made(tmp_path: Path) -> None:
    code, out = _run(["plans", "list", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert code == 0, out
    assert (tmp_path / "x.db").is_file()


def test_the_default_store_folder_is_made(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # The default location (the user's data folder) is Blanko's own: made when missing.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("BLANKO_DATABASE_URL", raising=False)
    code, out = _run(["plans", "list"])
    assert code == 0, out
    assert (tmp_path / "data" / "blanko" / "blanko.sqlite3").is_file()


# ------------------------------------------------------------------ 4. a list for an instance


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "list.json: must be an object with sites, areas (and optionally name, tiers, "
           "districts, distances)"),
    ("id", "list.json: harus berupa objek dengan sites, areas (dan boleh juga name, tiers, "
           "districts, distances)")])
def test_a_json_list_for_an_instance_says_the_object_it_must_be(lang: str, said: str) -> None:
    # Was: "list.json at : Input should be a valid dictionary or instance of Instance".
    code, out = _run(["plan", "--lang", lang, "--data", str(DATA / "list.json"),
                      "--blanks", "100"])
    assert code == 2, out
    assert said in out and "instance of" not in out


# ------------------------------------------------------------------ 8. UTF-16 without a BOM


def test_a_utf16_csv_without_byte_order_mark_is_read_as_utf16(tmp_path: Path) -> None:
    # Was: "areas.csv, column area_id: is required but missing" (each header read with a
    # NUL after each letter). The same files saved as UTF-8 give the same plan.
    folder = DATA / "utf16-no-bom"
    assert (folder / "areas.csv").read_bytes()[:4] == b"a\x00r\x00"
    utf8 = tmp_path / "utf8"
    utf8.mkdir()
    (utf8 / "areas.csv").write_text((folder / "areas.csv").read_bytes().decode("utf-16-le"),
                                    encoding="utf-8")
    (utf8 / "sites.csv").write_bytes((folder / "sites.csv").read_bytes())
    plans = []
    for data in (folder, utf8):
        out = tmp_path / f"{data.name}.json"
        code, said = _run(["plan", "--data", str(data), "--blanks", "5000", "--json", str(out)])
        assert code == 0, said
        plans.append(json.loads(out.read_text(encoding="utf-8")))
    assert plans[0]["shipments"] == plans[1]["shipments"]
    assert plans[0]["kpis"] == plans[1]["kpis"]
