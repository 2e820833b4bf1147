"""One list of policy names for the command line and the service (optimizer.POLICY_NAMES).

Regression of tester qa2's s6 (2026-11-30): /v1/comparisons refused `optimal@rule`,
which `blanko compare` accepts, and the CLI's "known:" list left the @rule forms out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.main import create_app
from api.settings import Settings
from optimizer import POLICIES, POLICY_NAMES
from optimizer.cli import app
from tests.api.test_api import API_KEY, assert_problem, post

SMALL = Path(__file__).parents[1] / "data" / "qa2" / "json-tiers" / "small.json"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(workers=1, queue_size=4, api_key=API_KEY, max_time_limit_s=30,
                        preload_datasets=[])
    with TestClient(create_app(settings), headers={"X-API-Key": API_KEY}) as test_client:
        yield test_client


def test_the_names_are_every_policy_and_its_rule_variant() -> None:
    assert (*POLICIES, *(f"{name}@rule" for name in POLICIES)) == POLICY_NAMES


def test_a_rule_variant_is_compared_by_the_service_as_by_the_cli(
        client: TestClient, tmp_path: Path) -> None:
    instance = json.loads(SMALL.read_text(encoding="utf-8"))
    limit = {"max_travel_km": 4}
    body = {"instance": instance, "shipment": {"blanks": 60},
            "policies": [{"name": "optimal@rule", "policy": limit},
                         {"name": "capacity_capped@rule", "policy": limit}]}
    response = post(client, "/v1/comparisons", body)
    assert response.status_code == 200, response.text
    served = {r["name"]: r["kpis"] for r in response.json()["results"]}
    out = tmp_path / "compare.json"
    cli = CliRunner().invoke(app, ["compare", "--data", str(SMALL), "--blanks", "60",
                                   "--max-travel-km", "4", "--policies",
                                   "optimal@rule,capacity_capped@rule", "--json", str(out)])
    assert cli.exit_code == 0, cli.output
    planned = {row["policy"]: row["plan"]["kpis"]
               for row in json.loads(out.read_text(encoding="utf-8"))["policies"]}
    assert served == planned
    assert list(served) == ["optimal@rule", "capacity_capped@rule"]


def test_an_unknown_name_lists_the_same_names_on_both(client: TestClient) -> None:
    instance = json.loads(SMALL.read_text(encoding="utf-8"))
    response = post(client, "/v1/comparisons", {
        "instance": instance, "shipment": {"blanks": 60}, "policies": [{"name": "best"}]})
    assert_problem(response, 422, "/policies/0/name")
    known = ", ".join(POLICY_NAMES)
    assert f"(known: {known})" in response.json()["errors"][0]["message"]
    cli = CliRunner().invoke(app, ["compare", "--data", str(SMALL), "--blanks", "60",
                                   "--policies", "best"])
    assert cli.exit_code == 2, cli.output
    assert f"(known: {known})" in " ".join(cli.output.split())
