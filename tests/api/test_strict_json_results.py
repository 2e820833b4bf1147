"""Every job result the service writes is strict JSON (RFC 8259): no NaN or Infinity
token, which JSON.parse and other strict readers refuse. Read back with the project's
strict reader (optimizer.strict_json), over HTTP, for every job kind.

Regression of tester qa2's fault 7 (2026-11-30): a replay job whose policy never
cleared the first-time backlog answered "days_to_clear": {"mean": NaN, ...} as
application/json; the portal's JSON.parse failed on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient

from api.store_routes import JobKind
from optimizer import strict_dumps, strict_json
from tests.api.test_api import assert_problem, post
from tests.api.test_store_api import instance_body, make_client, wait_for_job
from tests.store_db import fresh_database

# Two tranches of 1-2 blanks: no policy clears the backlog of three_districts (about
# 300 first-time residents), so days_to_clear has no value in any replication.
NEVER_CLEARS = "tranches=2,every=5,blanks=1-2"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with fresh_database("sqlite", tmp_path_factory.mktemp("strict")) as url, \
            make_client(url, workers=1) as test_client:
        yield test_client


def bodies() -> dict[str, dict[str, Any]]:
    source = instance_body(220)
    return {
        "plan": {"kind": "plan", **source, "save": False},
        "comparison": {"kind": "comparison", **{k: v for k, v in source.items()
                                               if k != "policy"},
                       "policies": [{"name": "optimal"}, {"name": "capacity_capped"}]},
        # No shipment: a replay reads none (qa2 s11: it was required with an instance).
        "replay": {"kind": "replay", "instance": source["instance"],
                   "schedule": NEVER_CLEARS, "replications": 2,
                   "policies": ["optimal", "capacity_capped@rule"]},
    }


def test_the_test_covers_every_job_kind() -> None:
    assert set(bodies()) == set(get_args(JobKind))


@pytest.mark.parametrize("kind", sorted(bodies()))
def test_every_job_result_is_strict_json(client: TestClient, kind: str) -> None:
    response = post(client, "/v1/jobs", bodies()[kind])
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.headers["location"], timeout_s=120)
    assert job["status"] == "succeeded", job
    result = client.get(job["result"])
    assert result.headers["content-type"].startswith("application/json")
    data = strict_json(result.content, "result")  # raises on NaN / Infinity
    strict_json(client.get(response.headers["location"]).content, "job")
    if kind == "replay":
        for outcome in data["results"]:
            days = outcome["summary"]["days_to_clear"]
            # No replication cleared: no mean, no interval, and both counted missing.
            assert days == {"mean": None, "low": None, "high": None, "n": 0, "missing": 2}
            assert outcome["summary"]["cards_first"]["n"] == 2


def test_a_replay_with_pinned_shipments_is_refused_at_once(client: TestClient) -> None:
    body = bodies()["replay"]
    body["policy"] = {"pinned_shipments": {"S1": 10}}
    assert_problem(post(client, "/v1/jobs", body), 422, "/policy/pinned_shipments")
    answer = post(client, "/v1/jobs", body, **{"Accept-Language": "id"}).json()
    assert "tidak menerima pengiriman yang ditetapkan" in answer["errors"][0]["message"]


def test_strict_dumps_writes_null_for_what_has_no_value() -> None:
    value = {"mean": float("nan"), "high": float("inf"), "low": -float("inf"),
             "n": 0, "runs": (1.5, float("nan")), "name": "optimal"}
    text = strict_dumps(value, sort_keys=True)
    assert text == ('{"high": null, "low": null, "mean": null, "n": 0, "name": "optimal", '
                    '"runs": [1.5, null]}')
    assert strict_json(text) == {"high": None, "low": None, "mean": None, "n": 0,
                                 "name": "optimal", "runs": [1.5, None]}


def test_the_cli_comparison_json_is_strict(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from optimizer.cli import app

    out = tmp_path / "compare.json"
    result = CliRunner().invoke(app, ["compare", "--data", str(
        Path(__file__).parents[1] / "data" / "qa2" / "json-tiers" / "small.json"),
        "--blanks", "0", "--json", str(out)])
    assert result.exit_code in (0, 3), result.output
    strict_json(out.read_bytes(), out.name)
