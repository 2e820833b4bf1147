"""Tester qa5's F12: a policy listed twice, the override count, and workbooks that
differ between two runs of the same plan.

- `--policies optimal,optimal` (compare, replay, sweep) and a policy twice in POST
  /v1/comparisons (same name and parameters) or a replay job were accepted and shown
  twice, as if two policies had been compared: refused, naming the field, in English and
  Bahasa Indonesia.
- 50,000 area overrides were refused as "100,000 override entries" (each area's backlog
  tier counted as an entry too): the figure is the sites and areas changed; an area's
  backlog tiers are bounded by the tiers an instance may have.
- `--xlsx` (and `blanko template`) wrote the clock into docProps/core.xml and each zip
  member: the same plan now writes the same bytes.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.main import create_app
from api.settings import Settings
from optimizer import Policy, Shipment, datasets, solve
from optimizer.cli import app
from optimizer.io.exports import write_plan_report
from optimizer.io.report import report_workbook
from optimizer.schema import InvalidInput
from optimizer.studies import registry
from tests.api.test_api import API_KEY, assert_problem, post

runner = CliRunner()
SMALL = Path(__file__).parent / "data" / "qa2" / "json-tiers" / "small.json"


# ------------------------------------------------------------------ a policy twice


@pytest.mark.parametrize("args", [
    ["compare", "--data", str(SMALL), "--blanks", "60", "--policies", "optimal,optimal"],
    ["compare", "--data", str(SMALL), "--blanks", "60", "--policies", "optimal",
     "--policies", "capacity_capped,optimal"],
    ["replay", "--data", str(SMALL), "--schedule", "tranches=1,every=5,blanks=60",
     "--replications", "1", "--policies", "capacity_capped,capacity_capped", "--out", "OUT"],
    ["sweep", "SCENARIO", "--policies", "capacity_capped,optimal,capacity_capped",
     "--out", "OUT"],
])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_policy_twice_is_refused_on_the_command_line(args: list[str], lang: str,
                                                       tmp_path: Path):
    scenario = Path(__file__).parents[1] / "benchmarks" / "scenarios"
    scenario = next(iter(sorted(scenario.glob("*.toml"))), tmp_path / "none.toml")
    args = [str(tmp_path / "out") if a == "OUT" else str(scenario) if a == "SCENARIO" else a
            for a in args]
    result = runner.invoke(app, [*args, "--lang", lang])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    repeated = "capacity_capped" if "capacity_capped,capacity_capped" in args[-3:] or \
        "capacity_capped,optimal,capacity_capped" in args else "optimal"
    if lang == "en":
        assert f"--policies: lists policy '{repeated}' twice fix: list each policy once" \
            in text, text
    else:
        assert f"--policies: mencantumkan kebijakan '{repeated}' dua kali perbaikan: " \
               "cantumkan setiap kebijakan sekali saja" in text, text
    assert not (tmp_path / "out").exists()


def test_the_library_refuses_a_policy_twice():
    instance = datasets.load("palembang").instance
    with pytest.raises(InvalidInput) as caught:
        registry.compare(instance, Shipment(blanks=100), Policy(), ("optimal", "optimal"))
    assert caught.value.problems[0].location == "policies"
    # ('optimal@rule' is another policy: its shipments printed by the shared rule)
    registry.check_distinct(("optimal", "optimal@rule"))


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(workers=1, queue_size=4, api_key=API_KEY, max_time_limit_s=30,
                        preload_datasets=[], max_override_entries=10_000)
    with TestClient(create_app(settings), headers={"X-API-Key": API_KEY}) as test_client:
        yield test_client


def _small(**more: Any) -> dict[str, Any]:
    return {"instance": json.loads(SMALL.read_text(encoding="utf-8")),
            "shipment": {"blanks": 60}, **more}


def test_a_policy_twice_is_422_at_the_second(client: TestClient):
    body = _small(policies=[{"name": "optimal"}, {"name": "capacity_capped"},
                            {"name": "optimal"}])
    problem = assert_problem(post(client, "/v1/comparisons", body), 422, "/policies/2/name")
    assert problem["errors"][0]["message"] == (
        "policy 'optimal' is listed twice (first at /policies/0); list each policy once")
    indonesian = client.post("/v1/comparisons", json=body,
                             headers={"Accept-Language": "id"}).json()
    assert indonesian["errors"][0]["message"] == (
        "kebijakan 'optimal' dicantumkan dua kali (pertama di /policies/0); cantumkan "
        "setiap kebijakan sekali saja")
    # The same parameters written out are the same policy too.
    body = _small(policies=[{"name": "optimal", "policy": {"max_travel_km": 4}},
                            {"name": "optimal", "policy": {"max_travel_km": 4}}])
    assert_problem(post(client, "/v1/comparisons", body), 422, "/policies/1/name")


def test_one_policy_with_other_parameters_is_two_comparisons(client: TestClient):
    """Optimal within 4 km beside optimal without a limit: two rows, each with its
    parameters (what a comparison is for)."""
    body = _small(policies=[{"name": "optimal", "policy": {"max_travel_km": 4}},
                            {"name": "optimal"}])
    response = post(client, "/v1/comparisons", body)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["parameters"]["max_travel_km"] for r in results] == [4, None]


def test_a_replay_job_with_a_policy_twice_is_422(client: TestClient):
    body = {"kind": "replay", "dataset": "palembang", "schedule": "tranches=1,every=5,"
            "blanks=100", "replications": 1, "policies": ["optimal", "optimal"]}
    assert_problem(post(client, "/v1/jobs", body), 422, "/policies/1")


# ------------------------------------------------------------------ the override count


def test_area_overrides_are_counted_as_the_areas_changed(client: TestClient):
    areas = {f"A{i}": {"backlog": {"first_time": 1}} for i in range(50_000)}
    problem = assert_problem(post(client, "/v1/plans", {"dataset": "palembang",
                                                        "overrides": {"areas": areas}}),
                             413, "/overrides")
    assert problem["errors"][0]["message"] == (
        "50,000 sites and areas changed; the limit is 10,000 "
        "(BLANKO_MAX_OVERRIDE_ENTRIES)")
    indonesian = client.post("/v1/plans", json={"dataset": "palembang",
                                                "overrides": {"areas": areas}},
                             headers={"Accept-Language": "id"}).json()
    assert indonesian["errors"][0]["message"].startswith("50.000 kantor dan wilayah diubah")


def test_an_areas_backlog_tiers_are_bounded_apart(client: TestClient):
    """One area override with more backlog tiers than an instance may have is too large
    (it was bounded by the entries count, which no longer counts tiers)."""
    backlog = {f"t{i}": 1 for i in range(17)}
    body = {"dataset": "palembang", "overrides": {"areas": {"16.71.01.1001": {
        "backlog": backlog}}}}
    problem = assert_problem(post(client, "/v1/plans", body), 413,
                             "/overrides/areas/16.71.01.1001/backlog")
    assert "17 tiers; the limit is 16 (BLANKO_MAX_TIERS)" in problem["errors"][0]["message"]


# ------------------------------------------------------------------ the same bytes


def test_the_same_plan_writes_the_same_workbook(tmp_path: Path):
    dataset = datasets.load("palembang")
    plan = solve(dataset.instance, Shipment(blanks=40_000), dataset.policy())
    write_plan_report(plan, tmp_path / "a.xlsx", dataset.instance)
    time.sleep(2.1)  # (a zip member's time has two seconds' resolution)
    write_plan_report(plan, tmp_path / "b.xlsx", dataset.instance)
    first = (tmp_path / "a.xlsx").read_bytes()
    assert first == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(first)) as book:
        assert {i.date_time for i in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    assert ">1980-01-01T00:00:00Z</dcterms:created>" in core
    assert ">1980-01-01T00:00:00Z</dcterms:modified>" in core
    # (the workbook is the report still: openpyxl reads back its sheets, their headers
    # and their size; cell values go through XML, so floats are compared in the report tests)
    from openpyxl import load_workbook

    again = load_workbook(io.BytesIO(first))
    book = report_workbook(plan, dataset.instance)
    assert again.sheetnames == book.sheetnames
    for name in book.sheetnames:
        assert again[name].dimensions == book[name].dimensions, name
        assert [c.value for c in next(again[name].iter_rows())] == \
            [c.value for c in next(book[name].iter_rows())], name


def test_the_cli_writes_the_same_bytes_twice(tmp_path: Path):
    outputs = []
    for name in ("a", "b"):
        result = runner.invoke(app, ["plan", "--dataset", "palembang", "--blanks", "40000",
                                     "--quiet", "--xlsx", str(tmp_path / f"{name}.xlsx")])
        assert result.exit_code == 0, result.output
        result = runner.invoke(app, ["template", str(tmp_path / f"t{name}.xlsx")])
        assert result.exit_code == 0, result.output
        outputs.append(((tmp_path / f"{name}.xlsx").read_bytes(),
                        (tmp_path / f"t{name}.xlsx").read_bytes()))
        time.sleep(2.1)
    assert outputs[0] == outputs[1]
