"""Tester qa9's service faults, through the app (TestClient, real solver processes and a
real SQLite plan store): a store whose database is down, edited figures in
/v1/plans/evaluate, shape errors in pydantic's words, a gzip body."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from optimizer.store import Store
from tests.api.test_api import assert_problem

REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests"




# ------------------------------------------------------------------ 2. the store is down


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_store_whose_database_is_down_is_503_not_500(client: TestClient, lang: str) -> None:
    # A real store on a PostgreSQL port nobody listens on: the server's database gone.
    # Was: SQLAlchemy's OperationalError, a 500 "Internal error".
    app = client.app
    kept = app.state.store  # type: ignore[attr-defined]
    down = Store("postgresql+psycopg://blanko:secret@127.0.0.1:5999/blanko", migrate=False)
    app.state.store = down  # type: ignore[attr-defined]
    try:
        response = client.get("/v1/plans", headers={"Accept-Language": lang})
    finally:
        app.state.store = kept  # type: ignore[attr-defined]
        down.close()
    body = assert_problem(response, 503)
    assert body["type"].endswith("store-unavailable")
    assert response.headers["retry-after"] == "5"
    assert "secret" not in response.text and "5999" not in response.text
    if lang == "id":
        assert "database" not in body["detail"].split("(")[0] or "basis data" in body["detail"]
        assert body["title"] != "Store unavailable"
    else:
        assert body["title"] == "Store unavailable"


# ------------------------------------------------------------------ 4. shapes in plain words


def _post(client: TestClient, path: str, body: object, lang: str = "en") -> Any:
    return client.post(path, content=json.dumps(body), headers={
        "Content-Type": "application/json", "Accept-Language": lang})


@pytest.mark.parametrize(("path", "body", "pointer", "english", "indonesian"), [
    ("/v1/plans/evaluate", {"dataset": "palembang", "shipments": {"KEC-16.71.01": 3000}},
     "/shipments", "must be a list of {site_id, blanks} objects",
     "harus berupa daftar objek {site_id, blanks}"),
    ("/v1/plans/evaluate", {"dataset": "palembang", "shipment": {"blanks": 100},
                            "policy": {"pinned_shipments": [["KEC-16.71.01", 100]]}},
     "/policy/pinned_shipments",
     'must be an object of site_id: blanks pairs, e.g. {"KEC-01": 3000}',
     'harus berupa objek berisi pasangan site_id: blangko, mis. {"KEC-01": 3000}'),
    ("/v1/comparisons", {"dataset": "palembang", "shipment": {"blanks": 100},
                         "policies": ["optimal"]},
     "/policies/0", "must be an object with name (and optionally policy)",
     "harus berupa objek dengan name (dan boleh juga policy)"),
    ("/v1/plans", {"instance": [1, 2], "shipment": {"blanks": 100}}, "/instance",
     "must be an object with sites, areas (and optionally name, tiers, districts, distances)",
     "harus berupa objek dengan sites, areas (dan boleh juga name, tiers, districts, "
     "distances)"),
])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_list_or_object_in_the_wrong_shape_says_the_shape(
        client: TestClient, path: str, body: object, pointer: str, english: str,
        indonesian: str, lang: str) -> None:
    # Was: "Input should be a valid tuple", "... a valid dictionary", "... instance of
    # PolicyChoice": pydantic's words for Python types.
    response = _post(client, path, body, lang)
    problem = assert_problem(response, 422, pointer)
    message = next(e["message"] for e in problem["errors"] if e["pointer"] == pointer)
    assert message == (english if lang == "en" else indonesian)
    assert "Input should" not in response.text and "instance of" not in response.text


# ------------------------------------------------------------------ 6. edited figures


@pytest.mark.parametrize(("name", "where", "said", "true"), [
    ("evaluate-edited-area-served-more.json", "areas/16.71.01.1001/first_time/served",
     "5,238", "238"),
    ("evaluate-edited-site-printed.json", "sites/KEC-16.71.01/printed", "99,999", "1,241"),
    ("evaluate-edited-kpi-lie.json", "kpis/cards_by_tier/first_time", "999,999", "40,000"),
    ("evaluate-edited-district-served.json", "districts/16.71.01/first_time/served",
     "99,999", "1,265"),
])
def test_a_plan_whose_stated_figures_were_edited_is_not_valid(
        client: TestClient, name: str, where: str, said: str, true: str) -> None:
    # Tester qa9's requests: a Palembang plan of 40,000 blanks whose one figure was edited
    # (its lines untouched). Was: valid: true, as only shipments and service were read.
    response = client.post("/v1/plans/evaluate", content=(REQUESTS / name).read_bytes(),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["valid"] is False
    found = [v for v in answer["violations"] if v["code"] == "figure_mismatch"]
    assert [v["where"] for v in found] == [where]
    assert found[0]["text"] == f"the plan says {said}, its lines and the input give {true}"
    indonesian = client.post("/v1/plans/evaluate", content=(REQUESTS / name).read_bytes(),
                             headers={"Content-Type": "application/json",
                                      "Accept-Language": "id"}).json()
    text = next(v["text"] for v in indonesian["violations"] if v["code"] == "figure_mismatch")
    assert text.startswith("rencana menyebut ") and said.replace(",", ".") in text


def test_the_same_plan_unedited_is_valid(client: TestClient) -> None:
    response = client.post("/v1/plans/evaluate",
                           content=(REQUESTS / "evaluate-plan-unedited.json").read_bytes(),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    assert response.json()["valid"] is True and response.json()["violations"] == []


# ------------------------------------------------------------------ 8. a compressed body


@pytest.mark.parametrize("path", ["/v1/plans/evaluate", "/v1/plans", "/v1/comparisons"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_gzip_body_is_415_not_a_decoding_error(client: TestClient, path: str,
                                                 lang: str) -> None:
    # Was: 422 "is not valid JSON ('utf-8' codec can't decode byte 0x8b ...)".
    body = gzip.compress(json.dumps({"dataset": "palembang",
                                     "shipment": {"blanks": 100}}).encode())
    response = client.post(path, content=body, headers={
        "Content-Type": "application/json", "Content-Encoding": "gzip",
        "Accept-Language": lang})
    problem = assert_problem(response, 415)
    assert response.headers["accept-encoding"] == "identity"
    assert "codec" not in response.text
    assert "'gzip'" in problem["detail"]
    if lang == "en":
        assert problem["detail"] == ("The body must be sent uncompressed, not with "
                                     "Content-Encoding 'gzip'.")
    else:
        assert problem["detail"].startswith("Badan permintaan harus dikirim tanpa kompresi")
