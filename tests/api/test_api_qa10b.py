"""Tester qa10b's service faults, through the app (TestClient, real solver processes and a
real SQLite plan store): query parameters the routes ignored, a dataset filter that
matched only the listed name as typed, and kecamatan faults said at a `districts` row the
body does not have."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_api import assert_problem

REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"


def request_case(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((REQUESTS / name).read_text(encoding="utf-8"))
    return loaded




def send(client: TestClient, case: dict[str, Any], lang: str = "en") -> Any:
    return client.request(case["method"], case["path"], params=case["query"],
                          json=case.get("body"), headers={"Accept-Language": lang})


# ------------------------------------------------------- 1. query parameters not taken


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_misspelt_filter_is_refused_not_ignored(client: TestClient, lang: str) -> None:
    # Was: 200 with every plan, as if filtered by status (FastAPI ignores a parameter a
    # route does not declare).
    body = assert_problem(send(client, request_case("query-list-plans-misspelt-filter.json"),
                               lang), 422)
    [error] = body["errors"]
    assert error["parameter"] == "statuss" and error["pointer"] == ""
    assert "statuss" in error["message"] and "status" in error["message"]
    if lang == "id":
        assert error["message"].startswith("tidak ada parameter kueri 'statuss'")
    else:
        assert error["message"].startswith("there is no query parameter 'statuss'")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_filter_given_twice_is_refused_not_the_last_kept(client: TestClient,
                                                            lang: str) -> None:
    # Was: 200 with the drafts only (the last value), and the limit 3.
    body = assert_problem(send(client, request_case("query-list-plans-filter-twice.json"),
                               lang), 422)
    assert {e["parameter"] for e in body["errors"]} == {"status", "limit"}
    said = {e["parameter"]: e["message"] for e in body["errors"]}
    assert ("diberikan 2 kali" if lang == "id" else "is given 2 times") in said["status"]


def test_save_false_in_the_query_is_refused_and_nothing_is_kept(client: TestClient) -> None:
    # Was: 200 and the plan kept (with a Location), whatever the query said.
    before = client.get("/v1/plans").json()["total"]
    response = send(client, request_case("query-plan-save-false-in-query.json"))
    body = assert_problem(response, 422)
    assert [e["parameter"] for e in body["errors"]] == ["save"]
    assert "takes none" in body["errors"][0]["message"]
    assert "location" not in response.headers
    assert client.get("/v1/plans").json()["total"] == before


def test_the_parameters_a_route_takes_still_work(client: TestClient) -> None:
    assert client.get("/v1/plans", params={"limit": 1, "status": "draft"}).status_code == 200
    listed = client.get("/v1/datasets/palembang", params={"instance": "true"})
    assert listed.status_code == 200 and listed.json()["instance"]["sites"]
    assert_problem(client.get("/v1/datasets/palembang", params={"Instance": "true"}), 422)
    assert_problem(client.get("/v1/datasets", params={"x": "1"}), 422)
    assert_problem(client.get("/v1/jobs/nothing", params={"wait": "1"}), 422)
    assert client.get("/healthz", params={"probe": "1"}).status_code == 200  # not /v1


# ------------------------------------------------ 2. a dataset filter in any case


def test_plans_are_listed_by_any_name_the_dataset_is_planned_by(client: TestClient) -> None:
    # POST /v1/plans takes ' PALEMBANG ' for palembang and keeps 'palembang'; the list's
    # filter matched the name exactly, so `?dataset=PALEMBANG` listed none.
    case = request_case("plan-dataset-typed-upper-case.json")
    made = client.post("/v1/plans", json=case)
    assert made.status_code == 200, made.text
    plan_id = made.headers["location"].rsplit("/", 1)[1]
    for name in ("PALEMBANG", " palembang", "Palembang", "palembang"):
        listed = client.get("/v1/plans", params={"dataset": name, "label": case["label"]})
        assert [p["id"] for p in listed.json()["items"]] == [plan_id], name
        assert listed.json()["items"][0]["dataset"] == "palembang"
    assert client.get("/v1/plans", params={"dataset": "nowhere"}).json()["total"] == 0


# ------------------------------- 3. kecamatan named by the areas, said at the areas


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_kecamatan_written_two_ways_is_said_at_the_area(client: TestClient,
                                                          lang: str) -> None:
    # No district table: the districts are those the areas name. 'kec01' beside 'KEC01'
    # was refused at /instance/districts/1/district_id, "first at districts[0]": a row
    # the body does not have.
    case = request_case("plan-kecamatan-two-cases-no-table.json")
    body = assert_problem(client.post("/v1/plans", json=case,
                                      headers={"Accept-Language": lang}), 422,
                          "/instance/areas/1/district_id")
    assert not any("/districts/" in e["pointer"] for e in body["errors"])
    [error] = body["errors"]
    assert "areas[0]" in error["message"] and "'KEC01'" in error["message"]
    assert error["message"].startswith("kecamatan 'kec01' ditulis" if lang == "id" else
                                       "kecamatan 'kec01' is written")
    assert "districts[" not in error["message"]
    # An office's kecamatan in another case than the areas': said with the area's row.
    office = copy.deepcopy(case)
    office["instance"]["areas"][1]["district_id"] = "KEC01"
    office["instance"]["sites"][1]["district_id"] = "kec02"
    body = assert_problem(client.post("/v1/plans", json=office,
                                      headers={"Accept-Language": lang}), 422,
                          "/instance/sites/1/district_id")
    [error] = body["errors"]
    assert "areas[2]" in error["message"] and "districts[" not in error["message"]
    # With a district table the table's rows are named, as before.
    table = copy.deepcopy(case)
    table["instance"]["districts"] = [{"district_id": "KEC01"}, {"district_id": "kec01"},
                                      {"district_id": "KEC02"}]
    assert_problem(client.post("/v1/plans", json=table), 422,
                   "/instance/districts/1/district_id")
    # Written one way, it plans.
    fixed = copy.deepcopy(case)
    fixed["instance"]["areas"][1]["district_id"] = "KEC01"
    assert client.post("/v1/plans", json=fixed).json()["status"] == "optimal"


# ------------------------------------------- 4. a number JSON does not allow, located


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("route", ["/v1/plans", "/v1/jobs"])
def test_infinity_in_an_instance_is_refused_at_its_pointer(client: TestClient, lang: str,
                                                           route: str) -> None:
    # A spreadsheet export that wrote a division by zero as Infinity: refused, but at the
    # body's root (pointer ""), so a client with 90,000 kelurahan could not tell where.
    text = (REQUESTS / "plan-infinity-in-instance.json").read_text(encoding="utf-8")
    if route == "/v1/jobs":
        text = '{"kind": "plan", ' + text.lstrip()[1:]
    response = client.post(route, content=text.encode(), headers={
        "Content-Type": "application/json", "Accept-Language": lang})
    body = assert_problem(response, 422, "/instance/areas/2/lon")
    [error] = body["errors"]
    assert error["message"].startswith("Infinity")
    assert ("terhingga" if lang == "id" else "must be finite") in error["message"]


# ------------------------------------- 5. half of a \u escape pair: what to send instead


@pytest.mark.parametrize("lang", ["en", "id"])
def test_half_an_escape_pair_says_what_to_send(client: TestClient, lang: str) -> None:
    # A label cut in the middle of an emoji's \ud83d\udcc5 pair: "Input should be a valid
    # string, unable to parse raw data as a unicode string" (and, in Indonesian, "tidak
    # valid (" + that English + ")"): no word of what to send.
    before = client.get("/v1/plans").json()["total"]
    body = (REQUESTS / "plan-label-half-emoji.json").read_bytes()
    response = client.post("/v1/plans", content=body, headers={
        "Content-Type": "application/json", "Accept-Language": lang})
    [error] = assert_problem(response, 422, "/label")["errors"]
    assert "Input should be" not in error["message"]
    assert "\\ud800" in error["message"] and "UTF-8" in error["message"]
    assert error["message"].startswith("memuat separuh" if lang == "id" else "holds half")
    assert client.get("/v1/plans").json()["total"] == before


# ------------------------- 6. one policy twice: by what it stands for, not as written


def test_the_suggested_travel_limit_and_no_limit_are_two_policies(client: TestClient) -> None:
    # `{"policy": {}}` (the dataset's suggested 8 km) beside `{"max_travel_km": null}` (no
    # limit) were refused as "policy 'optimal' is listed twice": their dumps were equal.
    case = request_case("comparison-travel-limit-suggested-and-none.json")
    response = client.post("/v1/comparisons", json=case)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [(r["name"], r["parameters"]["max_travel_km"]) for r in results] == [
        ("optimal", 8.0), ("optimal", None), ("capacity_capped", 8.0)]


@pytest.mark.parametrize("route", ["/v1/comparisons", "/v1/jobs"])
def test_one_policy_given_twice_by_its_defaults_is_refused(client: TestClient,
                                                           route: str) -> None:
    # `{"name": "optimal"}` beside the same name with the default time limit written out,
    # or with `"policy": {}`: one policy, planned and shown twice (a 200 with two equal
    # rows; as a job, accepted).
    case = request_case("job-comparison-same-policy-twice-by-default.json")
    if route == "/v1/comparisons":
        case.pop("kind")
    assert_problem(client.post(route, json=case), 422, "/policies/1/name")
    case["policies"][1] = {"name": "optimal", "policy": {}}
    assert_problem(client.post(route, json=case), 422, "/policies/1/name")
    case["policies"][1] = {"name": "optimal", "policy": {"max_travel_km": 3}}
    answer = client.post(route, json=case)
    assert answer.status_code == (200 if route == "/v1/comparisons" else 202), answer.text


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_filter_not_utf8_is_refused_not_matched_as_replacement_characters(
        client: TestClient, lang: str) -> None:
    # `?label=Tranche%203%20Caf%E9` (the label percent-encoded from Latin-1): read as
    # 'Tranche 3 Caf\ufffd', which no plan has, so 200 with no plans.
    case = request_case("query-list-plans-label-latin1.json")
    made = client.post("/v1/plans", json={"dataset": "palembang", "label": "Tranche 3 Café",
                                          "shipment": {"blanks": 25000}})
    assert made.status_code == 200
    response = client.get(f"{case['path']}?{case['raw_query']}",
                          headers={"Accept-Language": lang})
    [error] = assert_problem(response, 422)["errors"]
    assert error["parameter"] == "label" and "%E9" in error["message"]
    assert ("bukan teks UTF-8" if lang == "id" else "is not UTF-8 text") in error["message"]
    # Encoded as UTF-8, it finds the plan.
    found = client.get("/v1/plans", params={"label": "Tranche 3 Café"}).json()
    assert found["total"] >= 1
    assert {p["label"] for p in found["items"]} == {"Tranche 3 Café"}


# ------------------------------- 7. two long shipment references are two shipments


def test_two_long_references_differing_at_their_end_are_two_shipments(
        client: TestClient) -> None:
    # Two references of 199 characters, batch nomor 01 and 02: the shipment key was cut at
    # 200 characters ("ref:" + the reference), so both were one shipment, and approving
    # the plan of batch 02 superseded the approved plan of batch 01.
    kept = []
    for name in ("plan-long-shipment-ref-batch-01.json", "plan-long-shipment-ref-batch-02.json"):
        made = client.post("/v1/plans", json=request_case(name))
        assert made.status_code == 200, made.text
        kept.append(made.headers["location"].rsplit("/", 1)[1])
    for plan_id in kept:
        approved = client.post(f"/v1/plans/{plan_id}/approve", json={})
        assert approved.status_code == 200, approved.text
    records = [client.get(f"/v1/plans/{plan_id}/record").json() for plan_id in kept]
    assert [r["status"] for r in records] == ["approved", "approved"]
    assert records[1]["replaces"] is None
    # The same reference again is the same shipment, as before.
    again = client.post("/v1/plans", json=request_case(
        "plan-long-shipment-ref-batch-01.json")).headers["location"].rsplit("/", 1)[1]
    replaced = client.post(f"/v1/plans/{again}/approve", json={}).json()
    assert replaced["replaces"] == kept[0]


def test_a_short_key_is_unchanged() -> None:
    # Keys the store already holds (up to 200 characters) stay as they were.
    from optimizer import Shipment
    from optimizer.io import datasets
    from optimizer.store.verify import shipment_key

    instance = datasets.load("palembang").instance
    assert shipment_key("palembang", instance, Shipment(blanks=5)) == "dataset:palembang:5"
    assert shipment_key(None, instance, Shipment(blanks=5), "x" * 196) == "ref:" + "x" * 196
    long = shipment_key(None, instance, Shipment(blanks=5), "x" * 197)
    assert long.startswith("ref#sha256:") and len(long) <= 200
    assert long != shipment_key(None, instance, Shipment(blanks=5), "x" * 196 + "y")


# ------------- 8. an edited plan's office written another way: the id it may mean


@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_edited_plan_naming_an_office_with_an_en_dash_says_which_it_may_mean(
        client: TestClient, lang: str) -> None:
    # The unedited Palembang plan with KEC-16.71.01 written KEC\u201316.71.01 (an en dash,
    # as a word processor writes '-'): every violation said "site KEC\u201316.71.01 is not in
    # the instance" and nothing more, where pins and overrides say which site it may be.
    case = request_case("evaluate-edited-site-id-en-dash.json")
    response = client.post("/v1/plans/evaluate", json=case, headers={"Accept-Language": lang})
    assert response.status_code == 200, response.text
    evaluation = response.json()
    assert evaluation["valid"] is False
    unknown = [v for v in evaluation["violations"] if v["code"] == "unknown_site"]
    assert unknown and all("KEC-16.71.01" in v["text"] for v in unknown)
    said = ("maksud Anda KEC-16.71.01?" if lang == "id" else "did you mean KEC-16.71.01?")
    assert all(said in v["text"] for v in unknown), unknown[0]["text"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_policy_beside_itself_with_the_dataset_suggestion_written_out_is_refused(
        client: TestClient, lang: str) -> None:
    # Palembang suggests 8 km: `optimal` and `optimal` with `"max_travel_km": 8.0` are one
    # policy, planned and shown as two rows with the same parameters.
    case = request_case("comparison-optimal-twice-with-the-suggested-limit.json")
    body = assert_problem(client.post("/v1/comparisons", json=case,
                                      headers={"Accept-Language": lang}), 422,
                          "/policies/2/name")
    assert body["errors"][0]["message"] == (
        "kebijakan 'optimal' dicantumkan dua kali (pertama di /policies/0); cantumkan setiap "
        "kebijakan sekali saja" if lang == "id" else
        "policy 'optimal' is listed twice (first at /policies/0); list each policy once")
    # Another limit is another policy.
    case["policies"][2]["policy"]["max_travel_km"] = 5.0
    answer = client.post("/v1/comparisons", json=case)
    assert answer.status_code == 200, answer.text
    assert [r["parameters"]["max_travel_km"] for r in answer.json()["results"]] == [8.0, 8.0,
                                                                                     5.0]
