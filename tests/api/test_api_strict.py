"""The service takes the same care with JSON as the loaders with spreadsheets (issue 10)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from optimizer import datasets

DATASET = "palembang" if "palembang" in datasets.names() else "synthetic-city"
API_KEY = "strict-key"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(workers=1, queue_size=4, api_key=API_KEY, max_time_limit_s=30,
                        preload_datasets=[DATASET], spare_solvers=0)
    with TestClient(create_app(settings), headers={"X-API-Key": API_KEY}) as test_client:
        yield test_client


def post(client: TestClient, path: str, text: str) -> Any:
    return client.post(path, content=text.encode(), headers={"Content-Type": "application/json"})


def tiny_instance(**site: Any) -> dict[str, Any]:
    return {"tiers": ["first_time"],
            "sites": [{"site_id": "S1", "district_id": "D1", "lat": -3.0, "lon": 104.7,
                       "printers": 1, "cards_per_printer_day": 100, "working_days": 5,
                       **site}],
            "areas": [{"area_id": "A1", "district_id": "D1", "lat": -3.0, "lon": 104.7,
                       "backlog": {"first_time": 50}}]}


def errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {e["pointer"]: e["message"] for e in response.json()["errors"]}


def test_a_key_given_twice_is_refused(client: TestClient) -> None:
    body = f'{{"dataset": "{DATASET}", "shipment": {{"blanks": 10, "blanks": 20000}}}}'
    found = errors(post(client, "/v1/plans", body))
    assert found == {"/shipment/blanks": "the key 'blanks' appears twice in one object; keep one"}


def test_a_key_given_twice_is_located_in_lists_too(client: TestClient) -> None:
    body = '{"dataset": "' + DATASET + '", "overrides": {"sites": [{}, {"a": 1, "a": 2}]}}'
    found = errors(post(client, "/v1/plans", body))
    assert list(found) == ["/overrides/sites/1/a"]


def test_numbers_too_long_and_nesting_too_deep_get_plain_sentences(client: TestClient) -> None:
    long = errors(post(client, "/v1/plans", '{"dataset": "x", "seed": %s}' % ("7" * 5001)))
    assert long == {"/seed": "a number of 5,001 digits is too long: a number may have at most "
                        "4,300 digits"}
    deep = errors(post(client, "/v1/plans", "[" * 100_000 + "]" * 100_000))
    assert list(deep) == [""] and "nested too deeply" in deep[""]
    for text in (*long.values(), *deep.values()):
        assert "sys." not in text and "recursion" not in text


def test_a_bad_date_filter_says_what_is_allowed_without_a_regex(client: TestClient) -> None:
    response = client.get("/v1/plans", params={"created_from": "yesterday"})
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert error["parameter"] == "created_from"
    assert error["message"] == ("'yesterday' is not a date: write an ISO 8601 date or date and "
                                "time, e.g. 2026-11-29 or 2026-11-29T08:00:00+07:00")
    schema = client.get("/openapi.json").json()
    [parameter] = [p for p in schema["paths"]["/v1/plans"]["get"]["parameters"]
                   if p["name"] == "created_from"]
    assert "pattern" in json.dumps(parameter["schema"])  # still documented


# English as the library writes it (byte-identical), and Indonesian from the catalog:
# pointer and status unchanged.
@pytest.mark.parametrize(("path", "body", "pointer", "english", "indonesian"), [
    ("/v1/plans", '{"dataset": "' + DATASET + '", "shipment": {"blanks": 1, "blanks": 2}}',
     "/shipment/blanks", "the key 'blanks' appears twice in one object; keep one",
     "kunci 'blanks' muncul dua kali dalam satu objek; pertahankan satu"),
    ("/v1/comparisons", json.dumps({"dataset": DATASET, "policies": [{"name": "equal"}] * 9}),
     "/policies", "9 policies; the limit is 8 (BLANKO_MAX_POLICIES)",
     "9 kebijakan; batasnya 8 (BLANKO_MAX_POLICIES)"),
    ("/v1/jobs", json.dumps({"kind": "plans", "dataset": DATASET}), "/kind",
     "must be one of plan, comparison, replay",
     "harus salah satu dari plan, comparison, replay"),
    ("/v1/jobs", json.dumps({"kind": "replay", "dataset": DATASET, "replications": 51,
                             "schedule": "tranches=2,every=5,blanks=100"}),
     "/replications", "must be <= 50, got 51", "harus <= 50, tertulis 51"),
    ("/v1/plans", json.dumps({"instance": tiny_instance(printers=True),
                              "shipment": {"blanks": 10}}),
     "/instance/sites/0/printers", "must be a whole number, got true",
     "harus berupa bilangan bulat, tertulis true"),
])
def test_refusals_speak_the_accept_language(client: TestClient, path: str, body: str,
                                            pointer: str, english: str,
                                            indonesian: str) -> None:
    for lang, text in (("en", english), ("id", indonesian)):
        response = client.post(path, content=body.encode(), headers={
            "Content-Type": "application/json", "Accept-Language": lang})
        assert errors(response) == {pointer: text}, lang


@pytest.mark.parametrize(("km", "indonesian"), [
    (None, "984.824 pasangan wilayah-lokasi yang diizinkan (semua pasangan, karena "
           "max_travel_km tidak diisi); batasnya 500.000 (BLANKO_MAX_PAIRS)"),
    (30.0, "sedikitnya 984.824 pasangan wilayah-lokasi yang diizinkan dalam max_travel_km "
           "30; batasnya 500.000 (BLANKO_MAX_PAIRS)"),
])
def test_the_pair_limit_sentence_is_in_the_catalog(km: float | None, indonesian: str) -> None:
    """The 413's sentence as api.jobs writes it, rendered in Indonesian (figures grouped
    the Indonesian way); English unchanged."""
    from api import jobs
    from optimizer import Policy
    from optimizer.i18n import problem_text

    english = jobs._pairs_message(984_824, Policy(max_travel_km=km), jobs.Limits(
        max_time_limit_s=30, max_pairs=500_000))
    assert problem_text(english, "en") == english
    assert problem_text(english, "id") == indonesian


def test_a_parameter_too_long_is_refused_in_the_accept_language(client: TestClient) -> None:
    for lang, text in (("en", "String should have at most 64 characters"),
                       ("id", "teks paling banyak 64 karakter")):
        response = client.get("/v1/plans", params={"dataset": "x" * 65},
                              headers={"Accept-Language": lang})
        assert response.status_code == 422, response.text
        assert [e["message"] for e in response.json()["errors"]] == [text], lang


@pytest.mark.parametrize(("field", "value", "message"), [
    ("lat", True, "must be a number, got true"),
    ("lat", "-3.0", "must be a number, not text in quotes, got '-3.0'"),
    ("printers", "1", "must be a number, not text in quotes, got '1'"),
    ("printers", False, "must be a whole number, got false"),
    ("stock", 10**12 + 1, "must be <= 1,000,000,000,000, got 1000000000001"),
    ("site_id", "S\u00001", "must not be empty or contain spaces, commas, semicolons or "
                           "control characters, got 'S\\x001'"),
    ("name", "Kantor\u001b[31m", "must not contain control characters (tab, line break, "
                                 "...), got 'Kantor\\x1b[31m'"),
])
def test_values_of_the_wrong_kind_are_refused_and_located(client: TestClient, field: str,
                                                          value: Any, message: str) -> None:
    body = {"instance": tiny_instance(**{field: value}), "shipment": {"blanks": 10}}
    assert errors(post(client, "/v1/plans", json.dumps(body))) == {
        f"/instance/sites/0/{field}": message}


def test_a_count_of_ten_to_the_twelve_is_planned(client: TestClient) -> None:
    body = {"instance": tiny_instance(stock=10**12), "shipment": {"blanks": 10**12}}
    response = post(client, "/v1/plans", json.dumps(body))
    assert response.status_code == 200, response.text
    assert response.json()["kpis"]["cards_by_tier"] == {"first_time": 50}


def test_an_edited_plan_with_a_huge_count_is_a_located_error(client: TestClient) -> None:
    plan = post(client, "/v1/plans", json.dumps({"dataset": DATASET})).json()
    plan["shipments"][0]["blanks"] = 10**400
    body = json.dumps({"dataset": DATASET, "plan": plan})
    found = errors(post(client, "/v1/plans/evaluate", body))
    assert list(found) == ["/plan/shipments/0/blanks"]
    assert found["/plan/shipments/0/blanks"].startswith("must be <= 1,000,000,000,000")


@pytest.mark.parametrize("name", [DATASET.upper(), DATASET.title(), f" {DATASET} "])
def test_a_dataset_name_in_any_case_is_found(client: TestClient, name: str) -> None:
    response = client.get(f"/v1/datasets/{name.strip()}")
    assert response.status_code == 200, response.text
    plan = post(client, "/v1/plans", json.dumps({"dataset": name, "shipment": {"blanks": 10}}))
    assert plan.status_code == 200, plan.text


@pytest.mark.parametrize("name", ["pale mbang", "no such place", "../data/palembang"])
def test_an_unknown_dataset_name_is_404_never_422(client: TestClient, name: str) -> None:
    assert client.get(f"/v1/datasets/{name}").status_code == 404
    response = post(client, "/v1/plans", json.dumps({"dataset": name}))
    assert response.status_code == 404, response.text


def test_a_too_big_dataset_in_another_case_is_refused_without_loading(
        client: TestClient) -> None:
    for name in ("Synthetic-National", "SYNTHETIC-NATIONAL"):
        response = post(client, "/v1/plans", json.dumps({"dataset": name}))
        assert response.status_code == 413, response.text
        padded = json.dumps({"dataset": name}) + " " * 10_000  # past the event loop's peek
        assert post(client, "/v1/plans", padded).status_code == 413


@pytest.mark.parametrize("path", ["/v1/plans/0/approve", "/v1/plans/0/publish"])
def test_a_body_that_is_not_text_is_the_documented_422(client: TestClient, path: str) -> None:
    """Bytes that are not UTF-8 where a JSON note is expected: FastAPI answers its own 400
    (not among the documented statuses; schemathesis found it). It is the same 422 as any
    body that is not JSON, in the reader's language."""
    body = b"\xff\xfe\x0b\x01\xff"
    english = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert english.status_code == 422
    # Which byte, where, and the fix (tester qa11b: tests/api/test_api_qa11b.py).
    assert english.json()["errors"][0]["message"].startswith("is not UTF-8 text: the byte 0x")
    indonesian = client.post(path, content=body, headers={
        "Content-Type": "application/json", "Accept-Language": "id"})
    assert indonesian.status_code == 422
    message = indonesian.json()["errors"][0]["message"]
    assert "UTF-8" in message and "the body" not in message
