"""POST /v1/plans/evaluate with `shipments`: a partial list pinned, the rest planned, priced."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.api.test_api import API_KEY, assert_problem, post
from tests.cases import three_districts


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(workers=1, queue_size=4, api_key=API_KEY, max_time_limit_s=30,
                        preload_datasets=[])
    with TestClient(create_app(settings), headers={"X-API-Key": API_KEY}) as test_client:
        yield test_client


def _body(**extra: object) -> dict[str, object]:
    return {"instance": three_districts().model_dump(mode="json"), "shipment": {"blanks": 220},
            "policy": {"max_travel_km": 50}, **extra}


def test_pinned_shipments_are_planned_around_and_priced(client: TestClient) -> None:
    # tests/engine/test_pins.py computes this case by hand: S1 10 and S2 110 pinned cost
    # 10 cards, 10 stranded blanks and 0.1 of the lowest coverage.
    response = post(client, "/v1/plans/evaluate", _body(shipments=[
        {"site_id": "S1", "blanks": 10}, {"site_id": "S2", "blanks": 110}]))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert {s["site_id"]: s["blanks"] for s in answer["plan"]["shipments"]} == {
        "S1": 10, "S2": 110, "S3": 100}
    assert answer["optimal_kpis"]["cards_by_tier"]["first_time"] == 220
    assert answer["cost"]["cards_by_tier"] == {"first_time": 10, "replacement": 0}
    assert answer["cost"]["blanks_stranded"] == 10
    assert answer["cost"]["coverage_min_by_tier"]["first_time"] == pytest.approx(0.1)


def test_plan_and_shipments_together_are_refused(client: TestClient) -> None:
    assert_problem(post(client, "/v1/plans/evaluate", _body(shipments=[], plan={})), 422)


def test_an_unknown_pinned_site_is_located(client: TestClient) -> None:
    response = post(client, "/v1/plans/evaluate", _body(shipments=[
        {"site_id": "S1", "blanks": 10}, {"site_id": "S9", "blanks": 10}]))
    # The field the client sent (a tester saw /policy/pinned_shipments/S9, a path its
    # request does not have).
    assert_problem(response, 422, "/shipments/1/site_id")
    assert "S9" in response.json()["errors"][0]["message"]


def test_a_site_pinned_twice_is_located(client: TestClient) -> None:
    response = post(client, "/v1/plans/evaluate", _body(shipments=[
        {"site_id": "S1", "blanks": 10}, {"site_id": "S1", "blanks": 5}]))
    assert_problem(response, 422, "/shipments/1/site_id")
