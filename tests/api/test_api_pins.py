"""POST /v1/plans/evaluate with `shipments`: a partial list pinned, the rest planned, priced."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

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


# --------------------------------------------------------------------------- a plan judged


def _pinned_plan_request() -> dict[str, object]:
    """Tester qa2's fault 8: the policy pins S2 at 50, the plan ships 85 to S2; the
    evaluation said valid (lot_size was checked, pins were not)."""
    path = Path(__file__).parents[1] / "data" / "requests" / "evaluate-plan-breaks-a-pin.json"
    body: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return body


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "site S2 is pinned at 50 blanks but the plan ships 85"),
    ("id", "blangko untuk kantor S2 ditetapkan 50 tetapi rencana mengirim 85")])
def test_a_plan_that_breaks_a_pin_is_invalid(client: TestClient, lang: str, text: str) -> None:
    response = post(client, "/v1/plans/evaluate", _pinned_plan_request(),
                    **{"Accept-Language": lang})
    assert response.status_code == 200, response.text
    judged = response.json()
    assert judged["valid"] is False
    assert [(v["code"], v["where"], v["text"]) for v in judged["violations"]] == [
        ("pinned", "shipments/S2", text)]


def test_a_plan_that_keeps_its_pins_is_valid(client: TestClient) -> None:
    body = _pinned_plan_request()
    policy = body["policy"]
    assert isinstance(policy, dict)
    body["policy"] = {**policy, "pinned_shipments": {"S2": 85, "S3": 0}}
    judged = post(client, "/v1/plans/evaluate", body).json()
    assert judged["valid"] is True, judged["violations"]
    # A pinned site the plan ships nothing to ships 0: pinned at 10, it breaks the pin;
    # a pin at a site the instance does not have is named.
    body["policy"] = {**policy, "pinned_shipments": {"S2": 85, "S3": 10, "S9": 0}}
    found = [(v["code"], v["text"])
             for v in post(client, "/v1/plans/evaluate", body).json()["violations"]]
    assert found == [("pinned", "site S3 is pinned at 10 blanks but the plan ships 0"),
                     ("unknown_site", "site S9 is not in the instance")]


def test_a_pin_on_a_site_in_another_letter_case_is_refused_naming_the_site(
        client: TestClient) -> None:
    """qa5 F10, in the library's check of pins (engine/pins.check_pins): 's2' where the
    instance holds S2 is refused, not read as S2, and the refusal names S2, in either
    language."""
    body = _pinned_plan_request()
    policy = body["policy"]
    assert isinstance(policy, dict)
    body["policy"] = {**policy, "pinned_shipments": {"s2": 85}}
    body.pop("plan", None)
    for lang, words in (("en", "site 's2' is not in the instance: did you mean S2?"),
                        ("id", "kantor 's2' tidak ada dalam instans: maksud Anda S2?")):
        response = post(client, "/v1/plans", {**body, "save": False},
                        **{"Accept-Language": lang})
        assert response.status_code == 422, response.text
        [error] = response.json()["errors"]
        assert error["pointer"] == "/policy/pinned_shipments/s2"
        assert words in error["message"], error["message"]


def test_an_evaluation_shipment_to_a_site_in_another_letter_case_names_the_site(
        client: TestClient) -> None:
    """The same for /v1/plans/evaluate's `shipments` (checked before they become pins, at
    /shipments/i/site_id): 's1' names S1."""
    body = {"instance": three_districts().model_dump(mode="json"),
            "shipment": {"blanks": 220}, "policy": {"max_travel_km": 50},
            "shipments": [{"site_id": "s1", "blanks": 10}]}
    for lang, words in (("en", "site 's1' is not in the instance: did you mean S1?"),
                        ("id", "kantor 's1' tidak ada dalam instans: maksud Anda S1?")):
        said = assert_problem(post(client, "/v1/plans/evaluate", body,
                                   **{"Accept-Language": lang}), 422, "/shipments/0/site_id")
        assert words in said["errors"][0]["message"], said


REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"


@pytest.mark.parametrize("lang, words", [
    ("en", "given both in 'shipments' and in 'policy.pinned_shipments'"),
    ("id", "'shipments'")])
def test_pins_in_both_the_policy_and_shipments_are_refused(
        client: TestClient, lang: str, words: str) -> None:
    """Tester qa7: the policy pinned KEC-16.71.02 at 100 and `shipments` KEC-16.71.01 at
    800; the answer was 200, the policy's pin dropped ("pinned 1 site", 1,649 blanks to
    KEC-16.71.02). Either list alone is a request; both are refused, whatever they hold
    (the same site in both, at 100 and 800, was 800 silently)."""
    body = json.loads((REQUESTS / "evaluate-pins-in-policy-and-shipments.json").read_text())
    for policy_pins in (body["policy"]["pinned_shipments"], {"KEC-16.71.01": 100}):
        body["policy"]["pinned_shipments"] = policy_pins
        response = post(client, "/v1/plans/evaluate", body, **{"Accept-Language": lang})
        problem = assert_problem(response, 422, "/policy/pinned_shipments")
        [error] = problem["errors"]
        assert words in error["message"], error["message"]
    # `shipments` alone is planned (the policy's pins alone are POST /v1/plans's).
    alone = {**body, "policy": {}}
    assert post(client, "/v1/plans/evaluate", alone).status_code == 200


def test_a_baseline_with_pins_is_refused_in_a_comparison(client: TestClient) -> None:
    """Tester qa7: capacity_capped with KEC-16.71.01 pinned at 0 answered 200, its
    parameters echoing the pin while its plan shipped 1,476 blanks there. A baseline's
    rule keeps no pin: refused at that policy's pins; 'optimal' keeps them."""
    body = json.loads((REQUESTS / "comparison-baseline-pins.json").read_text())
    problem = assert_problem(post(client, "/v1/comparisons", body), 422,
                             "/policies/0/policy/pinned_shipments")
    assert [e["pointer"] for e in problem["errors"]] == ["/policies/0/policy/pinned_shipments"]
    assert "the baseline 'capacity_capped' takes no pinned shipments" in \
        problem["errors"][0]["message"]
    indonesian = post(client, "/v1/comparisons", body, **{"Accept-Language": "id"}).json()
    assert "capacity_capped" in indonesian["errors"][0]["message"]
    assert indonesian["errors"][0]["message"] != problem["errors"][0]["message"]
    # Without the baseline's pin, the same request plans, and optimal keeps its pin at 0.
    del body["policies"][0]["policy"]
    answer = post(client, "/v1/comparisons", body)
    assert answer.status_code == 200, answer.text
    assert [p["name"] for p in answer.json()["results"]] == [
        "capacity_capped", "proportional", "optimal"]
