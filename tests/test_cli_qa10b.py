"""Tester qa10b's command-line faults: a bundled dataset named as typed in the plan store."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.store import PlanQuery, Store

runner = CliRunner()
ID = re.compile(r"Plan kept as ([0-9a-f-]{36})")


def run(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_a_dataset_typed_in_another_case_is_the_same_shipment_in_the_store(
        tmp_path: Path) -> None:
    # `blanko plan --dataset ' Palembang' --save` planned Palembang (a dataset is found in
    # any case) but kept the name as typed: shipment key 'dataset: Palembang:30000', not
    # 'dataset:palembang:30000'. Approving it superseded nothing, so two plans were in
    # force for one shipment, and `plans list --dataset PALEMBANG` listed none of them.
    db = f"sqlite:///{tmp_path}/plans.sqlite3"
    kept = []
    for typed in ("palembang", " Palembang", "PALEMBANG"):
        result = run("plan", "--dataset", typed, "--blanks", "30000", "--quiet", "--save",
                     "--db", db)
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        assert "Note: 'palembang' has estimated figures" in result.output  # type: ignore
        found = ID.search(result.output)  # type: ignore[attr-defined]
        assert found, result.output  # type: ignore[attr-defined]
        kept.append(found.group(1))
    for plan_id in kept:
        assert run("plans", "approve", plan_id, "--db", db).exit_code == 0
    store = Store(db)
    try:
        records = [store.get_plan(plan_id) for plan_id in kept]
        assert {r.dataset for r in records} == {"palembang"}
        assert {r.shipment_key for r in records} == {"dataset:palembang:30000"}
        # One plan in force: each approval superseded the one before.
        assert [r.status for r in records] == ["superseded", "superseded", "approved"]
        assert store.list_plans(PlanQuery(dataset="palembang")).total == 3
    finally:
        store.close()
    listing = run("plans", "list", "--db", db, "--dataset", "PALEMBANG")
    assert all(plan_id in listing.output for plan_id in kept)  # type: ignore[attr-defined]
    # A plan kept under the listed name verifies (its dataset is found again).
    assert run("plans", "verify", kept[1], "--db", db).exit_code == 0


def test_a_kecamatan_written_two_ways_in_a_json_instance_says_what_to_write(
        tmp_path: Path) -> None:
    # The instance of tests/data/requests/plan-kecamatan-two-cases-no-table.json as a
    # --data file: refused "at /districts/1/district_id" (a table the file does not have)
    # with "fix: give every row its own id"; now at the area, with the kecamatan's fix.
    import json

    case = Path(__file__).parent / "data" / "requests" / "plan-kecamatan-two-cases-no-table.json"
    data = tmp_path / "kota.json"
    data.write_text(json.dumps(json.loads(case.read_text(encoding="utf-8"))["instance"]),
                    encoding="utf-8")
    for lang, fix in (("en", "fix: write each kecamatan the same way in every row"),
                      ("id", "perbaikan: tulis setiap kecamatan dengan cara yang sama")):
        result = run("plan", "--data", str(data), "--blanks", "1000", "--quiet",
                     "--lang", lang)
        output = result.output  # type: ignore[attr-defined]
        assert result.exit_code == 2, output  # type: ignore[attr-defined]
        assert "/areas/1/district_id" in output and "/districts/" not in output
        assert "'kec01'" in output and "'KEC01'" in output and "areas[0]" in output
        assert fix in output


def test_json_data_refused_by_the_strict_reader_is_said_at_its_place(tmp_path: Path) -> None:
    # --data kota.json with Infinity in a longitude (the instance of
    # tests/data/requests/plan-infinity-in-instance.json): "kota.json: Infinity is
    # not allowed", no place; a key twice was said at the file too, and in English under
    # --lang id.
    import json

    case = Path(__file__).parent / "data" / "requests" / "plan-kecamatan-two-cases-no-table.json"
    instance = json.loads(case.read_text(encoding="utf-8"))["instance"]
    instance["areas"][1]["district_id"] = "KEC01"
    data = tmp_path / "kota.json"
    data.write_text(json.dumps(instance).replace('"lon": 104.76', '"lon": Infinity'),
                    encoding="utf-8")
    said = run("plan", "--data", str(data), "--blanks", "1000", "--quiet")
    assert said.exit_code == 2  # type: ignore[attr-defined]
    assert "kota.json at /areas/2/lon: Infinity is not allowed" in said.output  # type: ignore
    said = run("plan", "--data", str(data), "--blanks", "1000", "--quiet", "--lang", "id")
    assert "kota.json pada /areas/2/lon: Infinity tidak diizinkan" in said.output  # type: ignore
    twice = tmp_path / "dua.json"
    twice.write_text(json.dumps(instance).replace('"lon": Infinity', '"lon": 104.76')
                     .replace('"name": "Kota Contoh"', '"name": "Kota", "name": "Kota Contoh"'),
                     encoding="utf-8")
    said = run("plan", "--data", str(twice), "--blanks", "1000", "--quiet", "--lang", "id")
    output = said.output  # type: ignore[attr-defined]
    assert "dua.json pada /name: kunci 'name' muncul dua kali dalam satu objek" in output
    assert "perbaikan: pertahankan salah satu; objek JSON tidak boleh mengulang kunci" in output
