"""Faults of tester QA3's report (2026-11-30) on the command line: outputs (9, 10), labels
and notes with control characters (13), the plan JSON and diff whatever --lang (14), and
small wording (18)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.store import Store
from tests.cases import three_districts

runner = CliRunner()
TINY = Path(__file__).parent / "data" / "tiny"
PLAN = ["plan", "--data", str(TINY), "--blanks", "600", "--quiet"]


def run(*args: str, env: dict[str, str] | None = None) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False, env=env)


def refused(result: object, *words: str) -> str:
    output: str = result.output  # type: ignore[attr-defined]
    assert result.exit_code == 2, output  # type: ignore[attr-defined]
    for word in words:
        assert word in output, (word, output)
    return output


# --------------------------------------------------------------------------- 10: two outputs


def test_two_outputs_to_one_file_are_refused_before_any_work(tmp_path: Path) -> None:
    # `--json same.xlsx --xlsx same.xlsx` wrote the JSON, then the workbook over it, and
    # said both were written.
    same = tmp_path / "same.xlsx"
    refused(run(*PLAN, "--json", str(same), "--xlsx", str(same)),
            f"--xlsx {same}: would overwrite {same}, written by --json")
    assert not same.exists()
    # The same file under two spellings, and a file the CSV folder writes.
    (tmp_path / "out").mkdir()
    refused(run(*PLAN, "--json", str(tmp_path / "out" / "sites.csv"),
                "--csv", str(tmp_path / "out" / ".." / "out")), "written by --json")
    plan_json = tmp_path / "p.json"
    refused(run("plan", "--data", str(TINY), "--blanks", "600", "--quiet", "--json",
                str(plan_json), "--schedule", "tranches=2,every=20,blanks=100",
                "--horizon-json", str(plan_json)), "--horizon-json", "written by --json")
    cost = tmp_path / "c.json"
    (tmp_path / "pins.csv").write_text("site_id,blanks\nS1,0\n", encoding="utf-8")
    refused(run("evaluate", "--data", str(TINY), "--blanks", "600", "--shipments",
                str(tmp_path / "pins.csv"), "--json", str(cost), "--cost-json", str(cost)),
            "--cost-json", "written by --json")
    assert not plan_json.exists() and not cost.exists()
    # Each to its own file: both written.
    done = run(*PLAN, "--json", str(tmp_path / "a.json"), "--xlsx", str(tmp_path / "a.xlsx"))
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["status"]
    assert (tmp_path / "a.xlsx").read_bytes()[:2] == b"PK"


def test_an_output_over_an_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    # "Nothing a user submitted is lost": --csv into the --data folder wrote sites.csv
    # over the offices read; an --xlsx named as the --data workbook replaced it.
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    refused(run("plan", "--data", str(data), "--blanks", "600", "--csv", str(data)),
            f"would overwrite {data / 'sites.csv'}, read by --data {data}")
    pins = tmp_path / "pins.csv"
    pins.write_text("site_id,blanks\nS1,0\n", encoding="utf-8")
    refused(run("evaluate", "--data", str(data), "--blanks", "600", "--shipments", str(pins),
                "--cost-json", str(pins)), "read by --shipments")
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
    assert pins.read_text(encoding="utf-8") == "site_id,blanks\nS1,0\n"


@pytest.mark.parametrize("args", [["--json", "-"], ["--csv", "-"], ["--xlsx", "-"]])
def test_a_dash_is_refused_not_written_as_a_file(tmp_path: Path, args: list[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # `--json -` wrote a file named '-' (docs/spreadsheets.md "Outputs": outputs are files).
    monkeypatch.chdir(tmp_path)
    refused(run(*PLAN, *args), f"{args[0]} -: is not standard output")
    id_ = run(*PLAN, *args, "--lang", "id")
    refused(id_, "bukan keluaran standar")
    assert list(tmp_path.iterdir()) == []
    refused(run("compare", "--data", str(TINY), "--blanks", "600", "--json", "-"),
            "is not standard output")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- 9: --csv folder


def test_csv_makes_one_new_folder_never_its_parents(tmp_path: Path) -> None:
    # `--csv /nonexistent/dir` made every parent, while `--json /nonexistent/x.json` was
    # refused and docs/spreadsheets.md says a missing folder is exit 2.
    refused(run(*PLAN, "--csv", str(tmp_path / "missing" / "dir")),
            f"cannot be written: the folder {tmp_path / 'missing'} does not exist")
    assert not (tmp_path / "missing").exists()
    refused(run(*PLAN, "--csv", "/nonexistent-qa3/dir"), "does not exist")
    assert not Path("/nonexistent-qa3").exists()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    refused(run(*PLAN, "--csv", str(tmp_path / "file" / "dir")), "is a file")
    made = run(*PLAN, "--csv", str(tmp_path / "new"))
    assert made.exit_code == 0, made.output  # type: ignore[attr-defined]
    assert (tmp_path / "new" / "shipments.csv").is_file()
    refused(run("replay", "--data", str(TINY), "--schedule", "tranches=2,every=5,blanks=100",
                "--replications", "1", "--out", str(tmp_path / "gone" / "report")),
            "--out", "does not exist")
    assert not (tmp_path / "gone").exists()


# --------------------------------------------------------------------------- 13: labels, notes


def test_labels_and_notes_with_control_characters_are_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    args = ["plan", "--data", str(data), "--blanks", "220", "--max-travel-km", "50",
            "--quiet", "--save", "--db", db]
    refused(run(*args, "--label", "tranche\x1b[2J3"),
            "--label: must not contain control characters", r"'tranche\x1b[2J3'")
    refused(run(*args, "--label", "t\x07", "--lang", "id"), "tidak boleh berisi karakter kendali")
    assert Store(db).list_plans().total == 0 if (tmp_path / "plans.sqlite3").exists() else True
    kept = run(*args, "--label", "tranche 3")
    assert kept.exit_code == 0, kept.output  # type: ignore[attr-defined]
    plan_id = re.search(r"Plan kept as ([0-9a-f-]{36})", kept.output)  # type: ignore[attr-defined]
    assert plan_id
    refused(run("plans", "approve", plan_id.group(1), "--db", db, "--note", "ok\x1b]0;x\x07"),
            "--note: must not contain control characters other than tab and line breaks")
    assert Store(db).get_plan(plan_id.group(1)).status == "draft"
    refused(run("plans", "list", "--db", db, "--label", "a\x1bb"), "--label")
    approved = run("plans", "approve", plan_id.group(1), "--db", db, "--note", "line 1\nline 2")
    assert approved.exit_code == 0, approved.output  # type: ignore[attr-defined]


def test_a_label_kept_before_the_rule_is_listed_escaped_never_raw(tmp_path: Path) -> None:
    # `blanko plans list` wrote a raw NUL (and would run an escape sequence) of a label
    # SQLite kept before labels were checked: it is shown as an escape.
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    kept = run("plan", "--data", str(data), "--blanks", "220", "--max-travel-km", "50",
               "--quiet", "--save", "--db", db, "--label", "old")
    plan_id = re.search(r"Plan kept as ([0-9a-f-]{36})", kept.output)  # type: ignore[attr-defined]
    assert plan_id
    from sqlalchemy import update

    from optimizer.store.models import PlanRow

    store = Store(db)
    with store._write() as session:
        session.execute(update(PlanRow).where(PlanRow.id == plan_id.group(1))
                        .values(label="old\x00\x1b[2J"))
    for command in (["plans", "list"], ["plans", "show", plan_id.group(1)]):
        output = run(*command, "--db", db, env={"COLUMNS": "200"}).output  # type: ignore[attr-defined]
        assert "\x00" not in output and "\x1b" not in output
        assert r"old\x00\x1b[2J" in output, output


# --------------------------------------------------------------------------- 14: JSON and --lang


def test_the_plan_json_is_the_same_bytes_whatever_the_language(tmp_path: Path) -> None:
    # `--lang id --json` wrote Indonesian message texts; the README says the plan JSON
    # carries English text (as `plans show --json` and GET /v1/plans/{id} give it).
    written = {}
    for lang in ("en", "id"):
        out, csv = tmp_path / f"{lang}.json", tmp_path / f"{lang}-csv"
        result = run(*PLAN, "--lang", lang, "--json", str(out), "--csv", str(csv))
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        plan = json.loads(out.read_text(encoding="utf-8"))
        plan["solver"].pop("seconds")
        written[lang] = (plan, (csv / "messages.csv").read_bytes())
    assert written["en"] == written["id"]
    assert written["en"][0]["messages"]  # the comparison covers message texts


def test_plans_diff_json_counts_whole_and_the_same_in_every_language(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    data = tmp_path / "three.json"
    data.write_text(three_districts().model_dump_json(), encoding="utf-8")
    ids = []
    for blanks in ("220", "420"):
        kept = run("plan", "--data", str(data), "--blanks", blanks, "--max-travel-km", "50",
                   "--quiet", "--save", "--db", db)
        found = re.search(r"Plan kept as ([0-9a-f-]{36})", kept.output)  # type: ignore[attr-defined]
        assert found
        ids.append(found.group(1))
    outputs = [run("plans", "diff", *ids, "--db", db, "--json", "--lang", lang).output  # type: ignore[attr-defined]
               for lang in ("en", "id")]
    assert outputs[0] == outputs[1]
    kpis = {k["kpi"]: k for k in json.loads(outputs[0])["kpis"]}
    assert kpis["blanks_shipped"] == {"kpi": "blanks_shipped", "before": 220, "after": 420,
                                      "change": 200}
    assert "220.0" not in outputs[0] and "200.0" not in outputs[0]
    changes = [k["change"] for k in kpis.values() if isinstance(k["change"], float)]
    assert changes and all(len(repr(c)) <= 12 for c in changes), changes  # no 0.2999...


# --------------------------------------------------------------------------- 18: wording


def test_a_synthetic_dataset_is_said_synthetic_in_the_language() -> None:
    said = run("plan", "--dataset", "synthetic-city", "--blanks", "1000", "--quiet",
               "--lang", "id").output  # type: ignore[attr-defined]
    assert "(all)" not in said and "data sintetis: semua angkanya rekaan" in said
    english = run("plan", "--dataset", "synthetic-city", "--blanks", "1000", "--quiet").output  # type: ignore[attr-defined]
    assert "is synthetic: every figure in it is made up" in english


def test_an_empty_schedule_range_says_what_to_write() -> None:
    for lang, words in (("en", ["30000-20000 is an empty range",
                                "fix: write the smaller number first: 20000-30000"]),
                        ("id", ["30000-20000 adalah rentang kosong",
                                "tulis angka yang lebih kecil dahulu: 20000-30000"])):
        refused(run("plan", "--data", str(TINY), "--blanks", "600", "--lang", lang,
                    "--schedule", "tranches=3,every=20,blanks=30000-20000"), *words)


def test_a_report_folder_beside_the_data_is_no_clash(tmp_path: Path) -> None:
    # replay and sweep write report.md and charts into --out: never a CSV of --data's, so
    # --out may be the --data folder itself (only --csv writes the tables' names).
    from optimizer.io.exports import check_output_paths
    from optimizer.schema import InvalidInput

    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    check_output_paths(folders=[("--out", data)], inputs=[("--data", data)])
    with pytest.raises(InvalidInput):
        check_output_paths(csv_dir=data, inputs=[("--data", data)])
